"""The periodic report: its outline (a template per plan), each period's draft, the typed-in figures.

The outline is data: a ReportTemplate holds ordered sections, each either
generated from the period's figures (what from is its ``kind``) or free text.
A plan without its own template follows the department's default template
(``plan_id`` NULL), which itself starts as DEFAULT_OUTLINE. A period's draft
(ReportDraft, per period and plan) keeps one text per section key: the text
generated last time and, once the Office edits it, the edited text, which
regeneration leaves alone.
"""
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..formatting import utcnow
from .phrases import PHRASES, defaults_json, parse_stored

# What a section is generated from (or that it is typed by hand).
SECTION_KINDS = {
    "opening": "Tự động: phần mở đầu (kế hoạch thực hiện, thời gian số liệu)",
    "summary": "Tự động: kế hoạch ban hành, các đơn vị báo cáo, kết quả chung, việc chỉ đạo, kiểm tra, tuyên truyền",
    "areas": "Tự động: kết quả theo từng lĩnh vực (từ báo cáo đã duyệt, kèm văn bản; chỉ tiêu đạt, chưa đạt)",
    "assessment": "Tự động: ưu điểm; tồn tại, hạn chế và nguyên nhân (khách quan, chủ quan)",
    "next_steps": "Tự động: nhiệm vụ đến hạn kỳ tới và chưa hoàn thành, theo lĩnh vực",
    "proposals": "Tự động: đề xuất, kiến nghị gửi cấp trên (gộp trùng, bỏ kiến nghị nội bộ)",
    "annex": "Phụ lục: bảng nhiệm vụ và số liệu",
    "free": "Văn bản tự nhập",
}
# Sections without a number in the report (the opening paragraph, the annex).
UNNUMBERED_KINDS = {"opening", "annex"}

# The usual outline of a Sở's periodic CCHC report (shared/PRODUCT.md): key, title, kind.
DEFAULT_OUTLINE = [
    ("mo-dau", "Mở đầu", "opening"),
    ("chi-dao", "Công tác chỉ đạo, điều hành", "summary"),
    ("ket-qua", "Kết quả thực hiện trên các lĩnh vực", "areas"),
    ("danh-gia", "Đánh giá chung", "assessment"),
    ("phuong-huong", "Phương hướng, nhiệm vụ kỳ tới", "next_steps"),
    ("de-xuat", "Đề xuất, kiến nghị", "proposals"),
    ("phu-luc", "Phụ lục", "annex"),
]

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
         "XVI", "XVII", "XVIII", "XIX", "XX"]


def roman(n: int) -> str:
    return ROMAN[n - 1] if 1 <= n <= len(ROMAN) else str(n)


class ReportTemplate(db.Model):
    """The outline of the report for one plan (``plan_id`` NULL: the department's default)."""

    __tablename__ = "report_templates"
    __table_args__ = {"sqlite_autoincrement": True}  # an id is never reused (see app/audit.py)
    audit_type = "report_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), unique=True)
    # The wording of the generated sentences (JSON: phrase key -> text; app.reports.phrases)
    phrases: Mapped[str] = mapped_column(Text, default=defaults_json)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    plan = relationship("Plan")
    sections: Mapped[list["ReportSection"]] = relationship(
        back_populates="template", order_by="ReportSection.position", cascade="all, delete-orphan")

    AUDIT_FIELDS = {"outline": "Đề cương báo cáo", "phrases": "Câu chữ của báo cáo"}

    def audit_snapshot(self) -> dict:
        stored = parse_stored(self.phrases)
        return {"outline": "\n".join(f"{s.title} ({SECTION_KINDS.get(s.kind, s.kind)})" for s in self.sections),
                "phrases": "\n".join(f"{PHRASES[k].label}: {v}" for k, v in stored.items() if k in PHRASES)}

    def __str__(self) -> str:
        return f"Đề cương báo cáo: {self.plan.reference}" if self.plan else "Đề cương báo cáo chung"


class ReportSection(db.Model):
    """One section of the outline. ``key`` ties the drafts' texts to it across renames and moves."""

    __tablename__ = "report_sections"
    __table_args__ = (UniqueConstraint("template_id", "key"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("report_templates.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="free")

    template: Mapped[ReportTemplate] = relationship(back_populates="sections")

    @property
    def kind_label(self) -> str:
        return SECTION_KINDS.get(self.kind, self.kind)

    @property
    def numbered(self) -> bool:
        return self.kind not in UNNUMBERED_KINDS


class ReportDraft(db.Model):
    """The draft report of a period (for one plan, or every plan in force when ``plan_id`` is NULL)."""

    __tablename__ = "report_drafts"
    __table_args__ = (UniqueConstraint("period_id", "plan_id"), {"sqlite_autoincrement": True})
    audit_type = "report_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_periods.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(60), default="")  # số ký hiệu, blank until signed
    report_date: Mapped[date | None]  # the date printed (today when empty)
    # Who signs (a user with the leadership role; NULL: the title set in the configuration, no name)
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recipients: Mapped[str] = mapped_column(Text, default="")  # Nơi nhận, one a line ("": the default list)
    generated_at: Mapped[datetime] = mapped_column(default=utcnow)
    generated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    period = relationship("ReportingPeriod")
    plan = relationship("Plan")
    generated_by = relationship("User", foreign_keys=[generated_by_id])
    signer = relationship("User", foreign_keys=[signer_id])
    sections: Mapped[list["DraftSection"]] = relationship(
        back_populates="draft", cascade="all, delete-orphan", order_by="DraftSection.id")

    AUDIT_FIELDS = {"number": "Số báo cáo", "report_date": "Ngày báo cáo", "signer": "Người ký",
                    "recipients": "Nơi nhận", "section": "Mục",
                    "text": "Nội dung", "edited": "Sửa tay"}

    def section(self, key: str) -> "DraftSection | None":
        return next((s for s in self.sections if s.key == key), None)

    def __str__(self) -> str:
        period = self.period.title if self.period else ""
        return f"Dự thảo báo cáo {period}" + (f" ({self.plan.reference})" if self.plan else "")


class DraftSection(db.Model):
    """A section's text in one draft: the generated text, and the text used (edited by hand or not)."""

    __tablename__ = "report_draft_sections"
    __table_args__ = (UniqueConstraint("draft_id", "key"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("report_drafts.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    generated_text: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    edited: Mapped[bool] = mapped_column(default=False)
    edited_at: Mapped[datetime | None]
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    draft: Mapped[ReportDraft] = relationship(back_populates="sections")
    edited_by = relationship("User")


class ReportFigures(db.Model):
    """Figures of a period the app does not hold, typed by the Office with their source
    (hồ sơ thủ tục hành chính from the one-stop system), for the statistics annex."""

    __tablename__ = "report_figures"
    __table_args__ = {"sqlite_autoincrement": True}  # an id is never reused (see app/audit.py)
    audit_type = "report_figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_periods.id", ondelete="CASCADE"), unique=True)
    tthc_received: Mapped[int | None]  # hồ sơ tiếp nhận
    tthc_on_time: Mapped[int | None]  # giải quyết đúng hạn
    tthc_late: Mapped[int | None]  # giải quyết quá hạn
    tthc_in_progress: Mapped[int | None]  # đang giải quyết
    tthc_online: Mapped[int | None]  # tiếp nhận trực tuyến
    source: Mapped[str] = mapped_column(String(500), default="")
    mismatch_accepted_at: Mapped[datetime | None]
    mismatch_accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    mismatch_reason: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    period = relationship("ReportingPeriod")
    mismatch_accepted_by = relationship("User", foreign_keys=[mismatch_accepted_by_id])

    # In the regime's order, each "Trong đó" right under its total.
    FIELDS = {
        "tthc_received": "Tổng số hồ sơ TTHC tiếp nhận",
        "tthc_online": "Trong đó: số hồ sơ tiếp nhận trực tuyến",
        "tthc_on_time": "Số hồ sơ giải quyết đúng hạn",
        "tthc_late": "Số hồ sơ giải quyết quá hạn",
        "tthc_in_progress": "Số hồ sơ đang giải quyết",
    }
    AUDIT_FIELDS = {**FIELDS, "source": "Nguồn số liệu", "accepted": "Chấp nhận chênh lệch"}

    def audit_snapshot(self) -> dict:
        snap = {k: "" if getattr(self, k) is None else str(getattr(self, k)) for k in self.FIELDS}
        snap["source"] = self.source
        snap["accepted"] = self.mismatch_reason if self.mismatch_accepted_at else ""
        return snap

    def __str__(self) -> str:
        return f"Số liệu báo cáo {self.period.title}" if self.period else "Số liệu báo cáo"
