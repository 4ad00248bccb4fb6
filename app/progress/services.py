"""The reporting workflow: periods, entries, contributions, submission and approval.

Plain functions with explicit arguments; each checks the domain rules (raising
DomainError with Vietnamese messages), adds its audit record and flushes. The
request commits (app/transactions.py). Who may call them is decided by
app.permissions (RULES), in the routes.
"""
from datetime import date, timedelta

from sqlalchemy import select

from .. import audit
from ..errors import DomainError, EditConflict
from ..extensions import db
from ..formatting import utcnow
from .models import (
    PERIOD_KINDS,
    PERIOD_LOCKED,
    PERIOD_OPEN,
    ReportingPeriod,
)

DUE_DAYS_BEFORE_THE_20TH = 5  # a Sở reports before the province does (the 20th of the closing month)

# (month the window starts in the previous year or this one, start day), (end month, end day)
_WINDOWS = {
    "q1": ((-12, 15), (3, 14)),
    "h1": ((-12, 15), (6, 14)),
    "q3": ((6, 15), (9, 14)),
    "m9": ((-12, 15), (9, 14)),
    "year": ((-12, 15), (12, 14)),
}


def default_window(kind: str, year: int) -> tuple[date, date, date]:
    """The data window and the units' due date of a period, by the reporting regime.

    Quý I 15/12 of the previous year → 14/03; 6 tháng 15/12 → 14/06; Quý III
    15/06 → 14/09; 9 tháng 15/12 → 14/09; Năm 15/12 → 14/12. Units are due a few
    days before the 20th of the closing month. An ad hoc period defaults to the
    year so far."""
    if kind not in _WINDOWS:
        today = date(year, 12, 14)
        return date(year - 1, 12, 15), today, today
    (start_month, start_day), (end_month, end_day) = _WINDOWS[kind]
    start = date(year - 1, 12, start_day) if start_month < 0 else date(year, start_month, start_day)
    end = date(year, end_month, end_day)
    due = date(year, end_month, 20) - timedelta(days=DUE_DAYS_BEFORE_THE_20TH)
    return start, end, due


def period_title(kind: str, year: int, title: str = "") -> str:
    if kind == "adhoc":
        return title.strip()
    names = {"q1": "Quý I", "h1": "6 tháng đầu năm", "q3": "Quý III", "m9": "9 tháng", "year": "Năm"}
    return f"{names[kind]} năm {year}" if kind != "year" else f"Năm {year}"


def _validate_period(kind, year, title, window_start, window_end, due_on, period_id=None) -> None:
    fields = {}
    if kind not in PERIOD_KINDS:
        fields["kind"] = "Hãy chọn loại kỳ báo cáo."
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        fields["year"] = "Năm phải từ 2000 đến 2100."
    if kind == "adhoc" and not (title or "").strip():
        fields["title"] = "Kỳ báo cáo đột xuất cần có tên."
    if window_start and window_end and window_start > window_end:
        fields["window_end"] = "Ngày kết thúc số liệu phải sau ngày bắt đầu."
    if due_on and window_start and due_on < window_start:
        fields["due_on"] = "Hạn gửi không thể trước ngày bắt đầu số liệu."
    if not fields and kind != "adhoc":
        taken = db.session.scalar(select(ReportingPeriod.id).where(
            ReportingPeriod.kind == kind, ReportingPeriod.year == year, ReportingPeriod.id != (period_id or 0)))
        if taken:
            fields["kind"] = f"Kỳ báo cáo {PERIOD_KINDS[kind]} năm {year} đã có."
    if fields:
        raise DomainError(fields=fields)


def open_period(actor, kind: str, year: int, title: str = "", window_start: date | None = None,
                window_end: date | None = None, due_on: date | None = None) -> ReportingPeriod:
    """Open a department-wide reporting period for a year; the windows default to the regime."""
    _validate_period(kind, year, title, window_start, window_end, due_on)
    start, end, due = default_window(kind, year)
    period = ReportingPeriod(kind=kind, year=year, title=period_title(kind, year, title),
                             window_start=window_start or start, window_end=window_end or end,
                             due_on=due_on or due, status=PERIOD_OPEN)
    _validate_period(kind, year, period.title, period.window_start, period.window_end, period.due_on)
    db.session.add(period)
    db.session.flush()
    audit.record(actor, "open", period, None, period.audit_snapshot())
    db.session.flush()
    return period


def update_period(actor, period: ReportingPeriod, *, title: str, window_start: date, window_end: date,
                  due_on: date | None, expected_version: int | None = None) -> ReportingPeriod:
    if expected_version is not None and expected_version != period.version:
        raise EditConflict("Kỳ báo cáo này")
    title = (title or "").strip() or period.title
    _validate_period(period.kind, period.year, title, window_start, window_end, due_on, period.id)
    before = period.audit_snapshot()
    period.title, period.window_start, period.window_end, period.due_on = title, window_start, window_end, due_on
    audit.record(actor, "update", period, before, period.audit_snapshot())
    db.session.flush()
    return period


def lock_period(actor, period: ReportingPeriod) -> int:
    """Close the period to edits; entries never submitted become "không báo cáo". Returns how many."""
    from .models import NOT_REPORTED, UNIT_EDITABLE, ProgressEntry

    if period.status == PERIOD_LOCKED:
        raise DomainError("Kỳ báo cáo đã khóa.")
    before = period.audit_snapshot()
    period.status, period.locked_at = PERIOD_LOCKED, utcnow()
    entries = db.session.scalars(select(ProgressEntry).where(
        ProgressEntry.period_id == period.id, ProgressEntry.status.in_(UNIT_EDITABLE))).all()
    for entry in entries:
        entry_before = entry.audit_snapshot()
        entry.status = NOT_REPORTED
        audit.record(actor, "lock", entry, entry_before, entry.audit_snapshot())
    audit.record(actor, "lock", period, before, period.audit_snapshot())
    db.session.flush()
    return len(entries)


def reopen_period(actor, period: ReportingPeriod, reason: str) -> None:
    """Open a locked period again (with a reason): unreported entries can be completed."""
    from .models import DRAFT, NOT_REPORTED, ProgressEntry

    reason = (reason or "").strip()
    if period.status != PERIOD_LOCKED:
        raise DomainError("Kỳ báo cáo đang mở.")
    if not reason:
        raise DomainError(fields={"reason": "Vui lòng nêu lý do mở lại kỳ báo cáo."})
    before = period.audit_snapshot()
    period.status, period.locked_at = PERIOD_OPEN, None
    for entry in db.session.scalars(select(ProgressEntry).where(
            ProgressEntry.period_id == period.id, ProgressEntry.status == NOT_REPORTED)):
        entry.status = DRAFT
    audit.record(actor, "reopen", period, before, {**period.audit_snapshot(), "reason": reason})
    db.session.flush()
