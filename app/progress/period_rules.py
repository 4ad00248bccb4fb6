"""The period rules as they stand: which plans and tasks a period covers, what "earlier" means,
which tasks are done for good, and when a result is late.

Each rule is decided here once per way it is read today, named for what it decides, so that the
ways that still differ sit side by side (issue #22 makes each one rule):

- done for good: ``task_is_done`` (approved as done in any period: the checklist and its counts,
  the bell's open-task count, the reminders' e-mail digest); ``done_elsewhere`` (in any *other*
  period, later ones included: the follow-up page, the reminders, the notices); ``carried_done``
  (the *last* approved entry of an earlier period says done: the entry panel); and, in
  app.reports.stats, any approved "done" entry of an earlier period (the dashboard, the report).
- the tasks a period expects: ``expected_tasks`` (live tasks of issued plans, less those done
  elsewhere) and ``plans_in_force`` (issued or closed plans of the period's year, a programme only
  when asked: the dashboard and the report, through app.reports.stats).
- earlier periods: a period other than this one whose data window ends no later than this one's
  (``previous_entry``, ``previous_entries``, ``carried_done``, and app.reports.stats).
- late: ``entry_outcome`` (an entry completed after its task's deadline); the checklist's row
  state and app.reports.stats' buckets say the same in their own words.
"""
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import aliased, contains_eager

from ..extensions import db
from ..plans.models import CLOSED, ISSUED, Plan, Task
from .models import (
    APPROVED,
    DONE,
    DONE_LATE,
    DONE_LATE_LABEL,
    NOT_STARTED,
    TASK_STATUSES,
    ProgressEntry,
    ReportingPeriod,
)


# -- which plans and tasks a period covers ----------------------------------------------------

def plans_in_force(period: ReportingPeriod, plan_id: int | None = None):
    """Issued (or since closed) plans in force in the period's year; a programme only when asked."""
    query = select(Plan.id).where(Plan.status.in_((ISSUED, CLOSED)))
    if plan_id:
        return query.where(Plan.id == plan_id)
    return query.where(or_(Plan.year == period.year,
                           (Plan.kind != "programme") & (Plan.start_year <= period.year) & (Plan.end_year >= period.year)))


def expected_tasks(period: ReportingPeriod):
    """SELECT of the tasks ``period`` expects an entry for: every live task of an issued plan, except
    a non-recurring task already approved as done in another period (it stays done)."""
    return (
        select(Task)
        .join(Plan, Plan.id == Task.plan_id)
        .where(Plan.status == ISSUED, Task.archived_at.is_(None), ~done_elsewhere(period))
    )


# -- done for good ------------------------------------------------------------------------

def task_is_done():
    """SQL condition on Task: approved as done (hoàn thành) in some period; a recurring task is never
    done for good. A correlated EXISTS, so it costs an index look-up per task, not a scan of all entries."""
    return and_(Task.recurring.is_(False), exists().where(
        ProgressEntry.task_id == Task.id, ProgressEntry.status == APPROVED, ProgressEntry.task_status == DONE))


def done_elsewhere(period: ReportingPeriod):
    """SQL condition on Task: a non-recurring task approved as done in another period."""
    done = aliased(ProgressEntry)
    return and_(
        Task.recurring.is_(False),
        exists().where(done.task_id == Task.id, done.period_id != period.id, done.status == APPROVED,
                       done.task_status == DONE),
    )


def carried_done(task: Task, period: ReportingPeriod) -> ProgressEntry | None:
    """A non-recurring task approved as done in an earlier period stays done (shown, not re-reported)."""
    if task.recurring:
        return None
    before = previous_entry(task.id, period)
    return before if before is not None and before.task_status == DONE else None


# -- earlier periods ----------------------------------------------------------------------

def previous_entry(task_id: int, period: ReportingPeriod) -> ProgressEntry | None:
    """The task's last approved entry of an earlier period (to pre-fill and to compare with)."""
    return db.session.scalar(
        select(ProgressEntry).join(ProgressEntry.period)
        .where(ProgressEntry.task_id == task_id, ProgressEntry.status == APPROVED,
               ProgressEntry.period_id != period.id, ReportingPeriod.window_end <= period.window_end)
        .order_by(ReportingPeriod.window_end.desc(), ProgressEntry.id.desc()).limit(1)
    )


def previous_entries(entries: list[ProgressEntry], period: ReportingPeriod) -> dict[int, ProgressEntry]:
    """For each entry's task, its last approved entry of an earlier period (one query)."""
    task_ids = [e.task_id for e in entries]
    if not task_ids:
        return {}
    rows = db.session.scalars(
        select(ProgressEntry).join(ProgressEntry.period)
        .where(ProgressEntry.task_id.in_(task_ids), ProgressEntry.status == APPROVED,
               ProgressEntry.period_id != period.id, ReportingPeriod.window_end <= period.window_end)
        .options(contains_eager(ProgressEntry.period))
        .order_by(ReportingPeriod.window_end)
    )
    return {e.task_id: e for e in rows}  # the latest wins


# -- late ---------------------------------------------------------------------------------

def entry_outcome(entry: ProgressEntry | None, task: Task) -> tuple[str, str]:
    """(code, label) of the task's outcome as reported: "hoàn thành quá hạn" is derived when the
    completion date is after the deadline."""
    if entry is None:
        return NOT_STARTED, TASK_STATUSES[NOT_STARTED]
    if (entry.task_status == DONE and task.deadline and not task.recurring and entry.completed_on
            and entry.completed_on > task.deadline):
        return DONE_LATE, DONE_LATE_LABEL
    return entry.task_status, TASK_STATUSES.get(entry.task_status, entry.task_status)
