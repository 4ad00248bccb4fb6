"""Reporting periods, the units' progress entries, their evidence, and notifications.

A period (kỳ báo cáo) is department-wide for a year. For each task a unit leads
there is one entry per period, owned by the lead unit; cooperating units add
their contribution inside it. An entry moves draft → submitted → approved, or
returned → (edited) → submitted again; locking the period turns entries never
submitted into "không báo cáo". Evidence items are cited documents with their
file; they are never deleted, only hidden from the entry (``removed_at``).
"""
from datetime import date, datetime

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm.attributes import get_history

from ..extensions import db
from ..formatting import utcnow, vn_date
from ..pagecache import ENTRIES, SENT
from ..plans.models import Task

PERIOD_KINDS = {
    "q1": "Quý I",
    "h1": "6 tháng",
    "q3": "Quý III",
    "m9": "9 tháng",
    "year": "Năm",
    "adhoc": "Đột xuất",
}
PERIOD_OPEN, PERIOD_LOCKED = "open", "locked"
PERIOD_STATUSES = {PERIOD_OPEN: "Đang mở", PERIOD_LOCKED: "Đã khóa"}

# What the unit says about the task (trạng thái thực hiện).
NOT_STARTED, IN_PROGRESS, DONE, CANNOT = "not_started", "in_progress", "done", "cannot"
TASK_STATUSES = {
    NOT_STARTED: "Chưa thực hiện",
    IN_PROGRESS: "Đang thực hiện",
    DONE: "Hoàn thành",
    CANNOT: "Không thực hiện được",
}
DONE_LATE = "done_late"  # derived: completed after the deadline
DONE_LATE_LABEL = "Hoàn thành quá hạn"

# Where the entry is in its workflow.
DRAFT, SUBMITTED, RETURNED, APPROVED, NOT_REPORTED = "draft", "submitted", "returned", "approved", "not_reported"
ENTRY_STATES = {
    DRAFT: "Đang soạn",
    SUBMITTED: "Chờ duyệt",
    RETURNED: "Bị trả lại",
    APPROVED: "Đã duyệt",
    NOT_REPORTED: "Không báo cáo",
}
UNIT_EDITABLE = (DRAFT, RETURNED)

supervised_units = Table(
    "supervised_units",
    db.Model.metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", Integer, ForeignKey("units.id", ondelete="CASCADE"), primary_key=True),
)


class ReportingPeriod(db.Model):
    __tablename__ = "reporting_periods"
    __table_args__ = {"sqlite_autoincrement": True}  # an id is never reused (see app/audit.py)
    audit_type = "period"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    year: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    window_start: Mapped[date]
    window_end: Mapped[date]
    due_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default=PERIOD_OPEN)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    AUDIT_FIELDS = {"title": "Tên kỳ báo cáo", "window": "Thời gian số liệu", "due_on": "Hạn gửi của đơn vị",
                    "status": "Trạng thái", "reason": "Lý do", "reminded": "Đơn vị được nhắc"}

    @property
    def is_open(self) -> bool:
        return self.status == PERIOD_OPEN

    @property
    def kind_label(self) -> str:
        return PERIOD_KINDS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return PERIOD_STATUSES.get(self.status, self.status)

    @property
    def window_label(self) -> str:
        return f"{vn_date(self.window_start)} – {vn_date(self.window_end)}"

    def audit_snapshot(self) -> dict:
        return {"title": self.title, "window": self.window_label, "due_on": vn_date(self.due_on),
                "status": self.status_label}

    def __str__(self) -> str:
        return self.title


class ProgressEntry(db.Model):
    """A unit's report on one task for one period (báo cáo tiến độ / kết quả).

    ``unit_id`` is the task's lead unit, which owns the entry."""

    __tablename__ = "progress_entries"
    __table_args__ = (
        UniqueConstraint("period_id", "task_id", "unit_id"),
        # "Was this task approved as done, and in which period?" is asked per task by the checklist and
        # the dashboard (period_rules: carried results, tasks done in an earlier year): answered from the
        # index alone, without reading each entry's row (bench/pages.py, the large department).
        Index("ix_progress_entries_task_result", "task_id", "status", "task_status", "period_id"),
        # A period's entries in a state: the periods page counts them all (from the index alone, not the
        # 60,000 rows of the large department), the approval queue and the dashboard's digest read one state.
        Index("ix_progress_entries_period_status", "period_id", "status"),
        {"sqlite_autoincrement": True},
    )
    audit_type = "entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_periods.id"))  # ix_progress_entries_period_status
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=DRAFT)  # the workflow state (ENTRY_STATES)
    task_status: Mapped[str] = mapped_column(String(20), default=NOT_STARTED)  # TASK_STATUSES
    percent_done: Mapped[int | None]
    completed_on: Mapped[date | None]
    result: Mapped[str] = mapped_column(Text, default="")  # kết quả thực hiện
    difficulties: Mapped[str] = mapped_column(Text, default="")  # khó khăn, vướng mắc
    proposals: Mapped[str] = mapped_column(Text, default="")  # đề xuất, kiến nghị
    explanation: Mapped[str] = mapped_column(Text, default="")  # giải trình (done without a document)
    return_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]  # approved or returned
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    period: Mapped[ReportingPeriod] = relationship()
    task = relationship("Task")
    unit = relationship("Unit")
    updated_by = relationship("User", foreign_keys=[updated_by_id])
    submitted_by = relationship("User", foreign_keys=[submitted_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    contributions: Mapped[list["EntryContribution"]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="EntryContribution.id")
    target_results: Mapped[list["TargetResult"]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="TargetResult.target_id")
    evidence: Mapped[list["Evidence"]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="Evidence.id")

    AUDIT_FIELDS = {
        "status": "Trạng thái báo cáo",
        "task_status": "Tình hình thực hiện",
        "percent_done": "Tỷ lệ hoàn thành",
        "completed_on": "Ngày hoàn thành",
        "result": "Kết quả thực hiện",
        "difficulties": "Khó khăn, vướng mắc",
        "proposals": "Đề xuất, kiến nghị",
        "explanation": "Giải trình",
        "targets": "Kết quả chỉ tiêu",
        "reason": "Lý do",
        "evidence": "Tài liệu kiểm chứng",
    }

    @property
    def state_label(self) -> str:
        return ENTRY_STATES.get(self.status, self.status)

    @property
    def live_evidence(self) -> list["Evidence"]:
        return [e for e in self.evidence if e.removed_at is None]

    def page_cache_units(self) -> set[int] | None:
        """The units whose pages show this report (app/pagecache.py): its own, the task's lead unit
        and its cooperating units (their checklists show the lead's report, their menus count it)."""
        task = db.session.get(Task, self.task_id)  # by id: a new row's relationships are not loaded yet
        if task is None or self.unit_id is None:
            return None
        return {self.unit_id, task.lead_unit_id, *(unit.id for unit in task.cooperating_units)}

    def page_cache_scopes(self, added_or_removed: bool) -> tuple[str, ...]:
        """The pages beyond its units' that show the change (app/pagecache.py): the approval queues
        (``SENT``) a report sent or taken back, the dashboards (``ENTRIES``) where every report stands
        (rule 6: its status, and whether anybody saved it) and what sent ones say; neither shows the
        text of a report the unit has not sent."""
        status = get_history(self, "status")  # a row added or removed is in one state, its own
        before = self.status if added_or_removed or not status.has_changes() else \
            status.deleted[0] if status.deleted else None
        if before not in UNIT_EDITABLE or self.status not in UNIT_EDITABLE:  # before unknown: as if sent
            return ENTRIES, SENT
        if added_or_removed or status.has_changes():
            return (ENTRIES,)
        saver = get_history(self, "updated_by_id")  # a draft nobody saved is "chưa báo cáo"
        if self.status != DRAFT or not saver.has_changes():
            return ()
        if not saver.deleted:
            return (ENTRIES,)  # the value before is not known: as if the state changed
        return (ENTRIES,) if (saver.deleted[0] is None) != (self.updated_by_id is None) else ()

    def audit_snapshot(self) -> dict:
        return {
            "status": self.state_label,
            "task_status": TASK_STATUSES.get(self.task_status, self.task_status),
            "percent_done": "" if self.percent_done is None else f"{self.percent_done}%",
            "completed_on": vn_date(self.completed_on),
            "result": self.result,
            "difficulties": self.difficulties,
            "proposals": self.proposals,
            "explanation": self.explanation,
            "targets": "; ".join(r.audit_text for r in self.target_results if r.audit_text),
        }

    def __str__(self) -> str:
        task = self.task
        return f"{task.code} {task.title}" if task is not None else f"Báo cáo #{self.id}"


def _entry_units(row) -> set[int] | None:
    """A row of a report (a contribution, a target result, evidence) is shown where its report is,
    and where its own unit's pages are (app/pagecache.py)."""
    entry = db.session.get(ProgressEntry, row.entry_id)  # by id: a new row's relationships are not loaded yet
    units = entry.page_cache_units() if entry is not None else None
    own = getattr(row, "unit_id", None)
    return None if units is None else units | ({own} if own is not None else set())


def _entry_scopes(row, added_or_removed: bool) -> tuple[str, ...]:
    """A part of a report is seen beyond its units' pages when its report is sent (app/pagecache.py)."""
    entry = db.session.get(ProgressEntry, row.entry_id)
    return (ENTRIES, SENT) if entry is None or entry.status not in UNIT_EDITABLE else ()


class EntryContribution(db.Model):
    """What a cooperating unit reports inside the lead unit's entry (attributed to it)."""

    __tablename__ = "entry_contributions"
    __table_args__ = (UniqueConstraint("entry_id", "unit_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("progress_entries.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    entry: Mapped[ProgressEntry] = relationship(back_populates="contributions")
    unit = relationship("Unit")
    updated_by = relationship("User")

    page_cache_units, page_cache_scopes = _entry_units, _entry_scopes


class TargetResult(db.Model):
    """The value a target reached, as reported in an entry of a task linked to it."""

    __tablename__ = "target_results"
    __table_args__ = (UniqueConstraint("entry_id", "target_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("progress_entries.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"), index=True)
    value: Mapped[float | None]
    text: Mapped[str] = mapped_column(String(500), default="")

    entry: Mapped[ProgressEntry] = relationship(back_populates="target_results")
    target = relationship("Target")

    page_cache_units, page_cache_scopes = _entry_units, _entry_scopes

    @property
    def audit_text(self) -> str:
        target = self.target
        code = target.code if target is not None else str(self.target_id)
        shown = self.text or ("" if self.value is None else f"{self.value:g}")
        return f"{code}: {shown}" if shown else ""


class Evidence(db.Model):
    """A cited document (tài liệu kiểm chứng): số ký hiệu, ngày, cơ quan ban hành, trích yếu, and its file."""

    __tablename__ = "evidence"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("progress_entries.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))  # the unit that added it
    number: Mapped[str] = mapped_column(String(100), default="")  # số ký hiệu
    issued_on: Mapped[date | None]  # ngày ban hành
    issuer: Mapped[str] = mapped_column(String(300), default="")  # cơ quan ban hành
    summary: Mapped[str] = mapped_column(Text, default="")  # trích yếu
    file_key: Mapped[str | None] = mapped_column(String(64))  # app.storage key
    original_name: Mapped[str] = mapped_column(String(255), default="")
    content_type: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[int] = mapped_column(default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[datetime | None]
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    entry: Mapped[ProgressEntry] = relationship(back_populates="evidence")
    unit = relationship("Unit")
    uploaded_by = relationship("User", foreign_keys=[uploaded_by_id])

    page_cache_units, page_cache_scopes = _entry_units, _entry_scopes

    @property
    def citation(self) -> str:
        """How a report cites it: "Quyết định số 125/QĐ-SCT ngày 12/3/2026 của Sở Công Thương"."""
        parts = [self.number or self.original_name]
        if self.issued_on:
            parts.append(f"ngày {vn_date(self.issued_on)}")
        if self.issuer:
            parts.append(f"của {self.issuer}")
        return " ".join(p for p in parts if p)


class Notification(db.Model):
    """An in-app notice for one user (the bell), e.g. a period opened or an entry was returned.

    ``dedup_key`` names a notice that must reach a user only once (e.g. "due_soon:period:7"):
    the unique constraint makes a second one impossible, even from two processes at once.
    ``topic`` names what the notice is about ("awaiting:<period>:<unit>", "returned:<entry>",
    "reminder:<period>:<unit>"): an unread notice on a topic is updated rather than repeated, and
    is marked read once what it asks for is done (app/progress/notifications.py)."""

    __tablename__ = "notifications"
    __table_args__ = (UniqueConstraint("user_id", "dedup_key"), Index("ix_notifications_topic", "topic", "user_id"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(String(500))
    url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]
    dedup_key: Mapped[str | None] = mapped_column(String(100))
    topic: Mapped[str | None] = mapped_column(String(100))
