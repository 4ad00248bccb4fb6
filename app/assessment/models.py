"""The yearly CCHC index self-assessment (Chỉ số CCHC): one framework per year, as data.

A year's framework is a tree of criteria: lĩnh vực (area) → tiêu chí (criterion) → tiêu chí thành phần
(component), each with its code, text, maximum score, scoring rule and the evidence it asks for; plus bonus
(điểm thưởng) and penalty (điểm trừ) lines, kept as areas of their own kind. Each province sets its own
framework by decision and changes it over the years, so nothing of it is written in code: the Office imports
it from the .xlsx template and edits it until the year's self-assessment is locked.

A leaf criterion (a component, or a criterion without components, or a bonus/penalty line) is what is
scored: its ``IndexScore`` holds the assigned unit's draft, the Office's self-score with its explanation, and
the appraisal rounds. ``IndexLink`` ties a leaf to the year's evidence (a cited document) or to a task, as
suggested by the app or confirmed by the Office. The arithmetic (caps, bonus, penalty) is in scoring.py.
"""
from datetime import date, datetime

from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..formatting import utcnow
from ..org.models import Unit

AREA, CRITERION, COMPONENT = "area", "criterion", "component"
LEVELS = {AREA: "Lĩnh vực", CRITERION: "Tiêu chí", COMPONENT: "Tiêu chí thành phần"}
NORMAL, BONUS, PENALTY = "normal", "bonus", "penalty"
KINDS = {NORMAL: "Chấm điểm", BONUS: "Điểm thưởng", PENALTY: "Điểm trừ"}

# The year's stages, in the order they follow one another. The framework can be edited, and units and the
# Office score, only in SELF; the Office locks ("chốt") the self-assessment to move on, and may reopen the
# stage before (audited).
SELF, APPRAISAL1, EXPLANATION, APPRAISAL2, CLOSED = "self", "appraisal1", "explanation", "appraisal2", "closed"
STAGES = {
    SELF: "Tự chấm điểm",
    APPRAISAL1: "Thẩm định vòng 1",
    EXPLANATION: "Giải trình",
    APPRAISAL2: "Thẩm định vòng 2",
    CLOSED: "Đã chốt kết quả",
}
STAGE_ORDER = list(STAGES)

# Suggestion and confirmation of an evidence link.
SUGGESTED, CONFIRMED, REJECTED = "suggested", "confirmed", "rejected"
LINK_STATUSES = {SUGGESTED: "Gợi ý", CONFIRMED: "Đã xác nhận", REJECTED: "Không dùng"}

SCALE = 100.0  # the index is scored on 100


class IndexYear(db.Model):
    """One year's framework and where its self-assessment stands."""

    __tablename__ = "index_years"
    __table_args__ = {"sqlite_autoincrement": True}
    audit_type = "index_year"
    AUDIT_FIELDS = {
        "title": "Tên bộ tiêu chí",
        "source": "Văn bản ban hành",
        "is_example": "Ví dụ minh họa",
        "stage": "Giai đoạn",
        "self_deadline": "Hạn tự chấm",
        "appraisal1_deadline": "Hạn thẩm định vòng 1",
        "explanation_deadline": "Hạn giải trình",
        "appraisal2_deadline": "Hạn thẩm định vòng 2",
        "report_difficulties": "Khó khăn, vướng mắc (báo cáo tự đánh giá)",
        "report_proposals": "Đề xuất, kiến nghị (báo cáo tự đánh giá)",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    source: Mapped[str] = mapped_column(String(500), default="")  # e.g. "Quyết định số …/QĐ-UBND ngày …"
    is_example: Mapped[bool] = mapped_column(default=False)  # the demo's illustrative framework
    stage: Mapped[str] = mapped_column(String(20), default=SELF)
    self_deadline: Mapped[date | None]
    appraisal1_deadline: Mapped[date | None]
    explanation_deadline: Mapped[date | None]
    appraisal2_deadline: Mapped[date | None]
    # The self-assessment report's own text, entered by the Office (report.py): khó khăn, vướng mắc; đề xuất
    report_difficulties: Mapped[str] = mapped_column(Text, default="")
    report_proposals: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    criteria: Mapped[list["IndexCriterion"]] = relationship(
        back_populates="index_year", order_by="IndexCriterion.position", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return self.title or f"Bộ chỉ số CCHC năm {self.year}"

    @property
    def stage_label(self) -> str:
        return STAGES.get(self.stage, self.stage)

    @property
    def framework_editable(self) -> bool:
        """The framework changes only until the self-assessment is locked."""
        return self.stage == SELF


class IndexCriterion(db.Model):
    """A lĩnh vực, tiêu chí or tiêu chí thành phần of a year's framework (or a bonus/penalty area or line)."""

    __tablename__ = "index_criteria"
    __table_args__ = (UniqueConstraint("year_id", "code", name="uq_index_criteria_year_code"),
                      {"sqlite_autoincrement": True})
    audit_type = "index_criterion"
    AUDIT_FIELDS = {
        "code": "Mã",
        "title": "Nội dung",
        "level": "Cấp",
        "kind": "Loại",
        "max_score": "Điểm tối đa",
        "allows_half": "Cho phép điểm lẻ 0,5",
        "rule": "Cách chấm điểm",
        "evidence_asked": "Tài liệu kiểm chứng yêu cầu",
        "keywords": "Từ khóa gợi ý",
        "standard_area": "Lĩnh vực CCHC tương ứng",
        "unit": "Đơn vị được giao",
        "evidence": "Tài liệu kiểm chứng",  # a link's record (links.py)
        "link": "Tài liệu của tiêu chí",
        "parent": "Dòng cha",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("index_years.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("index_criteria.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)  # order within the whole framework (the template's row)
    level: Mapped[str] = mapped_column(String(20), default=COMPONENT)
    kind: Mapped[str] = mapped_column(String(20), default=NORMAL)
    code: Mapped[str] = mapped_column(String(30))  # "1", "1.2", "1.2.3"; as the decision numbers it
    title: Mapped[str] = mapped_column(Text, default="")
    max_score: Mapped[float] = mapped_column(Float, default=0.0)
    allows_half: Mapped[bool] = mapped_column(default=False)  # scores in steps of 0.5 rather than whole points
    rule: Mapped[str] = mapped_column(Text, default="")  # the scoring rule, in words
    evidence_asked: Mapped[str] = mapped_column(Text, default="")  # the documents it asks for
    keywords: Mapped[str] = mapped_column(Text, default="")  # words that suggest evidence (comma-separated)
    standard_area: Mapped[int | None]  # 1..6: the plans' standard CCHC area (Area.standard_code) it matches
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"), index=True)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    index_year: Mapped[IndexYear] = relationship(back_populates="criteria")
    parent: Mapped["IndexCriterion | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["IndexCriterion"]] = relationship(
        back_populates="parent", order_by="IndexCriterion.position", cascade="all, delete-orphan"
    )
    unit: Mapped[Unit | None] = relationship()
    score: Mapped["IndexScore | None"] = relationship(back_populates="criterion", cascade="all, delete-orphan",
                                                      uselist=False)
    links: Mapped[list["IndexLink"]] = relationship(back_populates="criterion", cascade="all, delete-orphan")

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"[:500]

    @property
    def level_label(self) -> str:
        return LEVELS.get(self.level, self.level)

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)


class IndexScore(db.Model):
    """The scores of one leaf criterion, round by round.

    ``draft_*``: what the assigned unit proposes; ``self_*``: the department's self-score, decided by the
    Office, with its explanation (giải trình, required where a scored criterion has no evidence);
    ``appraisal1_*`` and ``appraisal2_*``: the appraisal team's score and note in each round;
    ``explanation``: the department's answer in the explanation round."""

    __tablename__ = "index_scores"
    __table_args__ = {"sqlite_autoincrement": True}
    audit_type = "index_score"
    AUDIT_FIELDS = {
        "draft_score": "Điểm đơn vị đề xuất",
        "draft_note": "Ghi chú của đơn vị",
        "self_score": "Điểm tự chấm",
        "self_note": "Giải trình khi tự chấm",
        "appraisal1_score": "Điểm thẩm định vòng 1",
        "appraisal1_note": "Ý kiến thẩm định vòng 1",
        "explanation": "Giải trình",
        "appraisal2_score": "Điểm thẩm định vòng 2",
        "appraisal2_note": "Ý kiến thẩm định vòng 2",
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("index_criteria.id", ondelete="CASCADE"), unique=True)
    draft_score: Mapped[float | None] = mapped_column(Float)
    draft_note: Mapped[str] = mapped_column(Text, default="")
    self_score: Mapped[float | None] = mapped_column(Float)
    self_note: Mapped[str] = mapped_column(Text, default="")
    appraisal1_score: Mapped[float | None] = mapped_column(Float)
    appraisal1_note: Mapped[str] = mapped_column(Text, default="")
    explanation: Mapped[str] = mapped_column(Text, default="")
    appraisal2_score: Mapped[float | None] = mapped_column(Float)
    appraisal2_note: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    criterion: Mapped[IndexCriterion] = relationship(back_populates="score")
    updated_by = relationship("User")

    def __str__(self) -> str:
        return str(self.criterion) if self.criterion is not None else f"Điểm #{self.id}"


class IndexLink(db.Model):
    """A leaf criterion's evidence: a cited document (``evidence_id``) or a task (``task_id``), either
    suggested by the app (with the reason) or confirmed / set aside by the Office."""

    __tablename__ = "index_links"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("index_criteria.id", ondelete="CASCADE"), index=True)
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=SUGGESTED)
    reason: Mapped[str] = mapped_column(String(500), default="")  # why the app suggested it
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    criterion: Mapped[IndexCriterion] = relationship(back_populates="links")
    evidence = relationship("Evidence")
    task = relationship("Task")
