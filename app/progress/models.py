"""Reporting periods and the units' progress entries.

Only the tables exist so far: the plan editor needs to know whether a task
already has progress entries (such a task is archived, never deleted). The
reporting workflow (entries, evidence, submit, approve) builds on them.
"""
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..formatting import utcnow

PERIOD_KINDS = {
    "q1": "Quý I",
    "h1": "6 tháng",
    "q3": "Quý III",
    "m9": "9 tháng",
    "year": "Năm",
    "adhoc": "Đột xuất",
}


class ReportingPeriod(db.Model):
    __tablename__ = "reporting_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    year: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    window_start: Mapped[date]
    window_end: Mapped[date]
    due_on: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProgressEntry(db.Model):
    """A unit's report on one task for one period (báo cáo tiến độ / kết quả)."""

    __tablename__ = "progress_entries"
    __table_args__ = (UniqueConstraint("period_id", "task_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_periods.id"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    percent_done: Mapped[int | None]
    result: Mapped[str] = mapped_column(Text, default="")
    difficulties: Mapped[str] = mapped_column(Text, default="")
    proposals: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    period: Mapped[ReportingPeriod] = relationship()
