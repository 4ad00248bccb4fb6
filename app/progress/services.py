"""The reporting workflow: periods, entries, contributions, submission and approval.

Plain functions with explicit arguments; each checks the domain rules (raising
DomainError with Vietnamese messages), adds its audit record and flushes. The
request commits (app/transactions.py). Who may call them is decided by
app.permissions (RULES), in the routes.
"""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from .. import audit
from ..errors import DomainError, EditConflict
from ..extensions import db
from ..formatting import utcnow, vn_datetime
from ..org.models import Unit
from ..plans.models import Task
from .evidence import entry_needs_explanation
from .models import (
    APPROVED,
    CANNOT,
    DONE,
    DRAFT,
    NOT_REPORTED,
    PERIOD_KINDS,
    PERIOD_LOCKED,
    PERIOD_OPEN,
    RETURNED,
    SUBMITTED,
    TASK_STATUSES,
    UNIT_EDITABLE,
    EntryContribution,
    ProgressEntry,
    ReportingPeriod,
    TargetResult,
)
from .notifications import entries_awaiting, entries_decided, entry_returned, period_opened
from .queries import find_entry
from .regime import default_window, period_title


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

    period_opened(period)  # the units are told (the bell)
    return period


def update_period(actor, period: ReportingPeriod, *, title: str, window_start: date, window_end: date,
                  due_on: date | None, expected_version: int | None = None) -> ReportingPeriod:
    EditConflict.check(period, expected_version, "Kỳ báo cáo này")
    title = (title or "").strip() or period.title
    _validate_period(period.kind, period.year, title, window_start, window_end, due_on, period.id)
    before = period.audit_snapshot()
    period.title, period.window_start, period.window_end, period.due_on = title, window_start, window_end, due_on
    audit.record(actor, "update", period, before, period.audit_snapshot())
    db.session.flush()
    return period


def lock_period(actor, period: ReportingPeriod) -> int:
    """Close the period to edits; entries never submitted become "không báo cáo". Returns how many."""
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


def check_reopenable(period: ReportingPeriod) -> None:
    """Only a locked period can be opened again."""
    if period.status != PERIOD_LOCKED:
        raise DomainError("Kỳ báo cáo đang mở.")


def reopen_period(actor, period: ReportingPeriod, reason: str) -> None:
    """Open a locked period again (with a reason): unreported entries can be completed."""
    reason = (reason or "").strip()
    check_reopenable(period)
    if not reason:
        raise DomainError(fields={"reason": "Vui lòng nêu lý do mở lại kỳ báo cáo."})
    before = period.audit_snapshot()
    period.status, period.locked_at = PERIOD_OPEN, None
    for entry in db.session.scalars(select(ProgressEntry).where(
            ProgressEntry.period_id == period.id, ProgressEntry.status == NOT_REPORTED)):
        entry.status = DRAFT
    audit.record(actor, "reopen", period, before, {**period.audit_snapshot(), "reason": reason})
    db.session.flush()


# -- entries ------------------------------------------------------------------------------

TEXT_LIMIT = 20_000


@dataclass
class EntryData:
    task_status: str
    percent_done: int | None = None
    completed_on: date | None = None
    result: str = ""
    difficulties: str = ""
    proposals: str = ""
    explanation: str = ""
    # target id -> (value reached, or None; text for a target without a number)
    targets: dict[int, tuple[float | None, str]] = field(default_factory=dict)


class EntryConflict(EditConflict):
    """Someone saved the entry after this form was opened: say who, when, and what they wrote."""

    def __init__(self, entry: ProgressEntry, mine: dict):
        who = entry.updated_by.full_name if entry.updated_by else "Người khác"
        when = vn_datetime(entry.updated_at)
        theirs = entry.audit_snapshot()
        labels = ProgressEntry.AUDIT_FIELDS
        self.changes = [(labels[k], theirs.get(k, "")) for k in labels
                        if k in theirs and k in mine and theirs.get(k, "") != mine.get(k, "")]
        DomainError.__init__(
            self,
            f"{who} đã lưu báo cáo này lúc {when}, sau khi bạn mở biểu mẫu. Nội dung bạn nhập vẫn còn dưới đây; "
            "hãy đối chiếu với bản đã lưu rồi lưu lại.",
        )


def _validate_entry(data: EntryData, task: Task, today: date) -> dict[str, str]:
    fields = {}
    if data.task_status not in TASK_STATUSES:
        fields["task_status"] = "Hãy chọn tình hình thực hiện."
    if data.percent_done is not None and not 0 <= data.percent_done <= 100:
        fields["percent_done"] = "Tỷ lệ hoàn thành phải từ 0 đến 100."
    if data.task_status == DONE:
        if data.percent_done is not None and data.percent_done != 100:
            fields["percent_done"] = "Nhiệm vụ đã hoàn thành thì tỷ lệ là 100%."
        if data.completed_on is None:
            fields["completed_on"] = "Vui lòng nhập ngày hoàn thành."
    if data.completed_on is not None:
        if data.completed_on > today:
            fields["completed_on"] = "Ngày hoàn thành không thể sau hôm nay."
        elif data.completed_on.year < 2000:
            fields["completed_on"] = "Ngày hoàn thành không hợp lệ."
    if data.task_status == CANNOT and not data.difficulties.strip():
        fields["difficulties"] = "Vui lòng nêu lý do không thực hiện được ở mục khó khăn, vướng mắc."
    for name in ("result", "difficulties", "proposals", "explanation"):
        if len(getattr(data, name)) > TEXT_LIMIT:
            fields[name] = f"Tối đa {TEXT_LIMIT:,} ký tự.".replace(",", ".")
    linked = {t.id for t in task.targets}
    if set(data.targets) - linked:
        fields["targets"] = "Chỉ tiêu không thuộc nhiệm vụ này."
    for target in task.targets:
        value = data.targets.get(target.id, (None, ""))[0]
        if value is None:
            continue
        if target.metric_kind == "yes_no" and value not in (0, 1):
            fields[f"target-{target.id}"] = f"{target.code}: chỉ tiêu Có/Không chỉ nhận Có hoặc Không."
        elif target.metric_kind == "percent" and not 0 <= value <= 100:
            fields[f"target-{target.id}"] = f"{target.code}: tỷ lệ phải từ 0 đến 100."
    return fields


def save_entry(actor, entry: ProgressEntry, data: EntryData, today: date,
               expected_version: int | None = None) -> ProgressEntry:
    """Save the lead unit's entry as a draft (or keep it returned): the status, figures and texts."""
    if entry.status not in UNIT_EDITABLE or not entry.period.is_open:
        raise DomainError("Báo cáo này đã gửi hoặc kỳ báo cáo đã khóa nên không thể sửa.")
    new = entry.id is None
    if new:
        existing = find_entry(entry.period, entry.task)  # someone else started it meanwhile
        if existing is not None:
            raise EntryConflict(existing, _data_snapshot(entry, data))
    else:
        EditConflict.check(entry, expected_version,
                           conflict=lambda: EntryConflict(entry, _data_snapshot(entry, data)))
    fields = _validate_entry(data, entry.task, today)
    if fields:
        raise DomainError(fields=fields)
    before = None if new else entry.audit_snapshot()
    entry.task_status = data.task_status
    entry.percent_done = 100 if data.task_status == DONE else data.percent_done
    entry.completed_on = data.completed_on if data.task_status == DONE else None
    entry.result, entry.difficulties = data.result.strip(), data.difficulties.strip()
    entry.proposals, entry.explanation = data.proposals.strip(), data.explanation.strip()
    by_target = {r.target_id: r for r in entry.target_results}
    for target_id, (value, text) in data.targets.items():
        result = by_target.get(target_id)
        if result is None:
            result = TargetResult(target_id=target_id)
            entry.target_results.append(result)
        result.value, result.text = value, (text or "").strip()[:500]
    if not new and entry.audit_snapshot() == before:
        return entry  # nothing changed (sent as it was saved): no new version, no record
    entry.updated_at, entry.updated_by_id = utcnow(), actor.id if actor else None
    if new:
        return start_entry(actor, entry)
    audit.record(actor, "save", entry, before, entry.audit_snapshot())
    db.session.flush()
    return entry


def start_entry(actor, entry: ProgressEntry) -> ProgressEntry:
    """Store a task's entry not stored yet, as the panel showed it (pre-filled from the last approved one):
    a cooperating unit's first part, or the first evidence uploaded before any "Lưu nháp", starts it."""
    if entry.status not in UNIT_EDITABLE or not entry.period.is_open:
        raise DomainError("Báo cáo này đã gửi hoặc kỳ báo cáo đã khóa nên không thể sửa.")
    db.session.add(entry)
    db.session.flush()
    audit.record(actor, "create", entry, None, entry.audit_snapshot())
    return entry


def _data_snapshot(entry: ProgressEntry, data: EntryData) -> dict:
    probe = ProgressEntry(status=entry.status, task_status=data.task_status, percent_done=data.percent_done,
                          completed_on=data.completed_on, result=data.result, difficulties=data.difficulties,
                          proposals=data.proposals, explanation=data.explanation)
    return probe.audit_snapshot()


def save_contribution(actor, entry: ProgressEntry, unit: Unit, text: str,
                      expected_version: int | None = None) -> EntryContribution:
    """A cooperating unit's part inside the lead's entry (text; its evidence is added apart)."""
    if entry.status not in UNIT_EDITABLE or not entry.period.is_open:
        raise DomainError("Báo cáo này đã gửi hoặc kỳ báo cáo đã khóa nên không thể sửa.")
    text = (text or "").strip()
    if len(text) > TEXT_LIMIT:
        raise DomainError(fields={"text": f"Tối đa {TEXT_LIMIT:,} ký tự.".replace(",", ".")})
    if entry.id is None:  # the lead unit has not started its entry yet: start it for them
        start_entry(actor, entry)
    contribution = next((c for c in entry.contributions if c.unit_id == unit.id), None)
    if contribution is None:
        contribution = EntryContribution(unit_id=unit.id, text="")
        entry.contributions.append(contribution)
    else:
        EditConflict.check(contribution, expected_version, "Phần báo cáo của đơn vị")
    before = contribution.text
    if contribution.id is not None and text == before:
        return contribution  # sent as it was saved: no new version, no record
    contribution.text, contribution.updated_at = text, utcnow()
    contribution.updated_by_id = actor.id if actor else None
    audit.record(actor, "contribute", entry, {"contribution": f"{unit.short_name}: {before}"},
                 {"contribution": f"{unit.short_name}: {text}"})
    db.session.flush()
    return contribution


def submit_entries(actor, entries: list[ProgressEntry]) -> int:
    """The unit head sends entries for approval; all are checked first, then all are sent (or none)."""
    problems = []
    for entry in entries:
        if entry.status not in UNIT_EDITABLE or not entry.period.is_open:
            problems.append(f"{entry.task.code}: báo cáo đã gửi hoặc kỳ báo cáo đã khóa.")
        elif entry_needs_explanation(entry):
            problems.append(f"{entry.task.code}: nhiệm vụ báo cáo hoàn thành nhưng chưa có tài liệu kiểm chứng; "
                            "hãy thêm tài liệu hoặc ghi giải trình.")
    if problems:
        raise DomainError(*problems)
    now = utcnow()
    for entry in entries:
        before = entry.audit_snapshot()
        entry.status, entry.submitted_at, entry.submitted_by_id = SUBMITTED, now, actor.id if actor else None
        audit.record(actor, "submit", entry, before, entry.audit_snapshot())
    db.session.flush()

    entries_awaiting(entries)  # their supervisors are told (the bell)
    return len(entries)


def approve_entries(actor, entries: list[ProgressEntry]) -> int:
    _check_submitted(entries)
    now = utcnow()
    for entry in entries:
        before = entry.audit_snapshot()
        entry.status, entry.decided_at, entry.decided_by_id = APPROVED, now, actor.id if actor else None
        entry.return_reason = ""
        audit.record(actor, "approve", entry, before, entry.audit_snapshot())
    db.session.flush()
    entries_decided(entries)  # the supervisors' notices about them are done
    return len(entries)


def return_entries(actor, entries: list[ProgressEntry], reason: str) -> int:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(fields={"reason": "Vui lòng nêu lý do trả lại để đơn vị biết cần sửa gì."})
    if len(reason) > 2000:
        raise DomainError(fields={"reason": "Lý do tối đa 2.000 ký tự."})
    _check_submitted(entries)
    now = utcnow()
    for entry in entries:
        before = entry.audit_snapshot()
        entry.status, entry.decided_at, entry.decided_by_id = RETURNED, now, actor.id if actor else None
        entry.return_reason = reason
        audit.record(actor, "return", entry, before, {**entry.audit_snapshot(), "reason": reason})
    db.session.flush()

    for entry in entries:
        entry_returned(entry, reason)  # the unit is told, with the reason (the bell)
    entries_decided(entries)  # the supervisors' notices about them are done
    return len(entries)


def _check_submitted(entries) -> None:
    if not entries:
        raise DomainError("Chưa chọn báo cáo nào.")
    waiting = [e for e in entries if e.status != SUBMITTED]
    if waiting:
        codes = ", ".join(e.task.code for e in waiting)
        raise DomainError(f"Chỉ duyệt hoặc trả lại được báo cáo đang chờ duyệt ({codes} không ở trạng thái chờ duyệt).")


def reopen_entry(actor, entry: ProgressEntry, reason: str) -> None:
    """The Office reopens an approved entry (with a reason): it goes back to the unit, editable."""
    reason = (reason or "").strip()
    if entry.status != APPROVED:
        raise DomainError("Chỉ mở lại được báo cáo đã duyệt.")
    if not entry.period.is_open:
        raise DomainError("Kỳ báo cáo đã khóa; hãy mở lại kỳ báo cáo trước.")
    if not reason:
        raise DomainError(fields={"reason": "Vui lòng nêu lý do mở lại."})
    before = entry.audit_snapshot()
    entry.status, entry.return_reason = RETURNED, reason
    audit.record(actor, "reopen", entry, before, {**entry.audit_snapshot(), "reason": reason})
    db.session.flush()
