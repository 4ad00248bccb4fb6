"""Reads of the reporting workflow that routes, services and the CLI share: the periods, a task's
entry for a period, the entries a unit can send, and the approval queue.

The unit checklist's reads are in ``checklist.py``; the follow-up's in ``followup.py``; the
period rules (the tasks a period expects, their results, overdue, earlier periods) in
``period_rules.py``.
"""
from flask import g, has_request_context
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from ..audit import AuditLog, field_changes
from ..extensions import db
from ..org.models import Unit
from ..permissions import can, entry_decide_filter
from ..plans.models import Area, Plan, Task
from .models import (
    DRAFT,
    NOT_STARTED,
    PERIOD_OPEN,
    SUBMITTED,
    UNIT_EDITABLE,
    EntryContribution,
    ProgressEntry,
    ReportingPeriod,
    TargetResult,
)
from .period_rules import Frame, previous_entry, task_expected

# -- periods ------------------------------------------------------------------------------

def all_periods() -> list[ReportingPeriod]:
    """Every period, the latest first (by year, then by the end of its data window)."""
    return list(db.session.scalars(select(ReportingPeriod).order_by(
        ReportingPeriod.year.desc(), ReportingPeriod.window_end.desc(), ReportingPeriod.id.desc())))


def open_periods() -> list[ReportingPeriod]:
    return list(db.session.scalars(
        select(ReportingPeriod).where(ReportingPeriod.status == PERIOD_OPEN)
        .order_by(ReportingPeriod.window_end.desc(), ReportingPeriod.id.desc())
    ))


def current_period(period_id: int | None = None) -> ReportingPeriod | None:
    """The period the checklist reports for: the one asked for, else the latest open one (looked
    up once per request: the menu's count and the page ask for it)."""
    if period_id:
        return db.session.get(ReportingPeriod, period_id)
    if has_request_context() and "current_period" in g:
        return g.current_period
    period = db.session.scalar(
        select(ReportingPeriod).where(ReportingPeriod.status == PERIOD_OPEN)
        .order_by(ReportingPeriod.window_end.desc(), ReportingPeriod.id.desc()).limit(1)
    )
    if has_request_context():
        g.current_period = period
    return period


def entry_counts_by_period() -> dict[int, dict[str, int]]:
    """For each period, how many entries are in each state (the periods page)."""
    counts: dict[int, dict[str, int]] = {}
    for period_id, status, n in db.session.execute(
            select(ProgressEntry.period_id, ProgressEntry.status, func.count()).group_by(
                ProgressEntry.period_id, ProgressEntry.status)):
        counts.setdefault(period_id, {})[status] = n
    return counts


# -- entries ------------------------------------------------------------------------------

def find_entry(period: ReportingPeriod, task: Task) -> ProgressEntry | None:
    return db.session.scalar(select(ProgressEntry).where(
        ProgressEntry.period_id == period.id, ProgressEntry.task_id == task.id))


def entry_for(period: ReportingPeriod, task: Task) -> ProgressEntry:
    """The task's entry for the period; a new one (not yet saved) pre-filled from the last approved
    entry, so units update rather than retype."""
    entry = find_entry(period, task)
    if entry is not None:
        return entry
    entry = ProgressEntry(period_id=period.id, task_id=task.id, unit_id=task.lead_unit_id, status=DRAFT,
                          task_status=NOT_STARTED, result="", difficulties="", proposals="", explanation="",
                          return_reason="")
    entry.period, entry.task, entry.unit = period, task, task.lead_unit
    before = previous_entry(task.id, period)
    if before is not None:
        for name in ("task_status", "percent_done", "completed_on", "result", "difficulties", "proposals",
                     "explanation"):
            setattr(entry, name, getattr(before, name))
        entry.target_results = [TargetResult(target_id=r.target_id, value=r.value, text=r.text)
                                for r in before.target_results]
    return entry


def unit_entry_to_submit(unit_id: int, period: ReportingPeriod) -> ProgressEntry | None:
    """One of the unit's entries the unit head could still send in the period (draft or returned)."""
    return db.session.scalar(select(ProgressEntry).where(
        ProgressEntry.period_id == period.id, ProgressEntry.unit_id == unit_id,
        ProgressEntry.status.in_(UNIT_EDITABLE)).limit(1))


def unit_entries_to_submit(unit_id: int, period: ReportingPeriod) -> list[ProgressEntry]:
    """Every entry of the unit still in draft (or returned) in the period, in the order they were started."""
    return list(db.session.scalars(select(ProgressEntry).where(
        ProgressEntry.period_id == period.id, ProgressEntry.unit_id == unit_id,
        ProgressEntry.status.in_(UNIT_EDITABLE)).order_by(ProgressEntry.id)))


def tasks_with_progress(app, task_ids) -> set[int]:
    """Which of these tasks already have progress entries (they can be archived, not deleted): the
    receiver of plans' ``tasks_reported`` for ``app`` (connected in create_app)."""
    task_ids = list(task_ids)
    if not task_ids:
        return set()
    return set(db.session.scalars(
        select(ProgressEntry.task_id).where(ProgressEntry.task_id.in_(task_ids)).distinct()
    ))


# -- the approval queue -------------------------------------------------------------------

def _queue(user, period: ReportingPeriod):
    """The entries awaiting approval on the tasks the period expects (period_rules), that ``user``
    may decide on (Task and Plan joined). Built once per request for a user and period: the page's
    count and its rows share it (building it, task_expected above all, cost about 1.4 ms each)."""
    key = ("approval_queue", user.id, period.id)
    cache = g.setdefault("queue_statements", {}) if has_request_context() else {}
    if key not in cache:
        cache[key] = (
            select(ProgressEntry).join(Task, Task.id == ProgressEntry.task_id).join(Plan, Plan.id == Task.plan_id)
            .where(ProgressEntry.period_id == period.id, ProgressEntry.status == SUBMITTED,
                   entry_decide_filter(user), task_expected(Frame.of(period)))
        )
    return cache[key]


def approval_queue_count(user, period: ReportingPeriod) -> int:
    return db.session.scalar(_queue(user, period).with_only_columns(func.count(ProgressEntry.id))) or 0


def approval_queue(user, period: ReportingPeriod, limit: int | None = None, offset: int = 0):
    """One page of the submitted entries of the period that ``user`` may decide on, grouped by unit
    then area (a fixed number of queries per page)."""
    query = (
        _queue(user, period)
        .join(Area, Area.id == Task.area_id)
        .join(Unit, Unit.id == ProgressEntry.unit_id)
        .options(
            contains_eager(ProgressEntry.task).contains_eager(Task.area),
            contains_eager(ProgressEntry.unit),
            selectinload(ProgressEntry.contributions).joinedload(EntryContribution.unit),
            selectinload(ProgressEntry.target_results).joinedload(TargetResult.target),
            selectinload(ProgressEntry.evidence), selectinload(ProgressEntry.task, Task.targets),
            joinedload(ProgressEntry.submitted_by),
        )
        .order_by(Unit.position, Unit.name, Area.position, Task.position, ProgressEntry.id)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    groups: list = []
    for entry in db.session.scalars(query).unique():
        if not can(user, "entry.decide", entry):  # the SQL filter and the policy agree; belt and braces
            continue
        if not groups or groups[-1][0] is not entry.unit:
            groups.append((entry.unit, []))
        areas = groups[-1][1]
        if not areas or areas[-1][0] is not entry.task.area:
            areas.append((entry.task.area, []))
        areas[-1][1].append(entry)
    return groups


def changes_since_return(entries) -> dict[int, list[tuple[str, str, str]]]:
    """For each resubmitted entry (one with a return reason), what its unit changed field by field since it
    was last returned: the return's audit record keeps the entry as it was then (one query)."""
    returned = {e.id: e for e in entries if e.return_reason}
    if not returned:
        return {}
    records = db.session.scalars(
        select(AuditLog).where(AuditLog.object_type == ProgressEntry.audit_type, AuditLog.action == "return",
                               AuditLog.object_id.in_(returned)).order_by(AuditLog.id.desc()))
    last: dict[int, AuditLog] = {}
    for record in records:
        last.setdefault(record.object_id, record)
    return {entry_id: field_changes(record.after, returned[entry_id].audit_snapshot(), ProgressEntry.AUDIT_FIELDS,
                                    skip=("status", "reason"))
            for entry_id, record in last.items()}
