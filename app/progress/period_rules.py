"""The period rules: the one place that decides, for a reporting period, which tasks it expects,
each task's result, which tasks are overdue at a stated date, which entries await approval and
which tasks are not reported. The checklist, the follow-up page, the dashboard and its
drill-downs, the approval queue, the notices and reminders, the report, its statistics annex and
the .xlsx all read them here (app.reports.stats only counts over ``task_facts``).

The rules, as a Sở's CCHC office reads its plans:

1. Kế hoạch của kỳ (the plans a period covers). A plan counts in a period when it has been issued
   (ban hành; a plan closed since, "đã kết thúc", still counts in the periods of its years), was
   issued no later than the last day of the period's data window, and is in force in the period's
   year: an annual or thematic plan of that year, or a multi-year plan or programme (chương trình
   giai đoạn 2021–2030) whose years include it. A programme counts like any other plan: "Tất cả kế
   hoạch" includes it. Plans of the year that a scope leaves out (still in draft, issued after the
   window, or not the plan chosen) are named on the page (``plans_left_out``).

2. Nhiệm vụ của kỳ (the tasks a period expects): every task of those plans that is not archived
   (lưu trữ), recurring (thường xuyên) or with a deadline, whatever the deadline, except a task
   approved as done in a period of an earlier year (its result belongs to that year's reports).

3. Kỳ trước (earlier periods): the periods whose data window ends before this one's: Quý I before
   6 tháng before 9 tháng before Năm. Quý III and 9 tháng end on the same day: neither is earlier
   than the other. A later period never changes an earlier one's figures.

4. Kết quả (a task's result in the period, its bucket), from approved entries only:
   - the period's own approved entry: hoàn thành, đang thực hiện, chưa thực hiện, không thực hiện
     được;
   - else a non-recurring task approved as done in an earlier period stays done ("đã hoàn thành ở
     kỳ trước": carried, not asked for again);
   - else "chưa có kết quả được duyệt" (a draft, a submission, a returned entry, or nothing).
   A done task is "hoàn thành quá hạn" when the completion date of the entry that reported it done
   (the period's own, else the first earlier one) is after its deadline, else "đúng hạn".

5. Quá hạn (overdue) at a date: a non-recurring task whose deadline is before that date and whose
   result is not done. A period's figures are counted at its counting date: the last day of its
   data window, or today while the window is still running (``counting_date``). The dashboard and
   its drill-downs, the checklist of a period, the report, its statistics annex and the .xlsx all
   count there and print the date ("tính đến 14/06/2026"); so the report says what the screens say.
   Reminders (the e-mail of ``flask remind``) speak of deadlines as of today, and say so.

6. Báo cáo của đơn vị (where the lead unit's report for a task stands): the period's entry: đã
   duyệt, chờ duyệt (awaiting approval), bị trả lại, đang soạn (a draft someone saved), không báo cáo
   (the period was locked before it was sent). Without an entry, or with one nobody saved: "đã hoàn
   thành ở kỳ trước" when carried, else "chưa báo cáo". Still to send: chưa báo cáo, đang soạn, bị
   trả lại. The approval queue lists the entries awaiting approval on the tasks the period expects.

7. Hôm nay (no period: the checklist while no period is open, a task's own page, reminders while no
   period is open): the tasks of the plans issued and not closed, of any year; a non-recurring task
   approved as done in any period is done.

Everything here is SQL built once per page (a fixed number of statements whatever the number of
tasks), or a plain function of what those statements return.
"""
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import and_, case, exists, false, func, literal, or_, select
from sqlalchemy.orm import aliased, joinedload

from ..extensions import db
from ..formatting import local_today, vn_date
from ..plans.models import CLOSED, DRAFT as PLAN_DRAFT, ISSUED, Area, Plan, Task, task_cooperating_units
from .models import (
    APPROVED,
    CANNOT,
    DONE,
    DONE_LATE_LABEL,
    DRAFT,
    IN_PROGRESS,
    NOT_REPORTED,
    NOT_STARTED,
    RETURNED,
    SUBMITTED,
    TASK_STATUSES,
    ProgressEntry,
    ReportingPeriod,
)

# A task's result in a period (rule 4), in the order the reports list them.
DONE_ON_TIME, DONE_LATE, UNREPORTED = "done_on_time", "done_late", "unreported"
BUCKETS = {
    DONE_ON_TIME: "Hoàn thành đúng hạn",
    DONE_LATE: DONE_LATE_LABEL,
    IN_PROGRESS: "Đang thực hiện",
    NOT_STARTED: "Chưa thực hiện",
    CANNOT: "Không thực hiện được",
    UNREPORTED: "Chưa có kết quả được duyệt",
}
DONE_BUCKETS = (DONE_ON_TIME, DONE_LATE)

# Where the lead unit's report stands (rule 6). MISSING: no entry, or one nobody saved.
CARRIED, MISSING = "carried", "missing"
REPORT_STATES = {
    APPROVED: "Đã duyệt",
    SUBMITTED: "Chờ duyệt",
    RETURNED: "Bị trả lại",
    DRAFT: "Đang soạn",
    NOT_REPORTED: "Không báo cáo",
    CARRIED: "Đã hoàn thành ở kỳ trước",
    MISSING: "Chưa báo cáo",
}

DUE_SOON_DAYS = 7


# -- the frame: a period (or today) and the date overdue is counted at -----------------------

def counting_date(period: ReportingPeriod, today: date | None = None) -> date:
    """The date a period's figures are counted at: the end of its data window, or today while the
    window is still running (rule 5)."""
    today = today or local_today()
    return min(today, period.window_end)


@dataclass(frozen=True)
class Frame:
    """What the figures are about: a period (``None``: today, rule 7) and the date overdue is
    counted at."""

    period: ReportingPeriod | None
    as_of: date

    @classmethod
    def of(cls, period: ReportingPeriod | None, today: date | None = None) -> "Frame":
        """A period's frame at its counting date; without a period, today's."""
        today = today or local_today()
        return cls(period, counting_date(period, today) if period is not None else today)

    @property
    def period_id(self) -> int | None:
        return self.period.id if self.period is not None else None

    @property
    def as_of_text(self) -> str:
        """"tính đến 14/06/2026"."""
        return f"tính đến {vn_date(self.as_of)}"


@dataclass(frozen=True)
class Scope:
    """Which of the period's tasks a figure covers: one plan or all, some areas (by name: a focal
    unit's), one lead unit's tasks, or the tasks one unit leads or cooperates on (a checklist)."""

    plan_id: int | None = None
    area_names: frozenset[str] | None = None
    unit_id: int | None = None  # lead unit
    member_unit_id: int | None = None  # lead or cooperating unit


# -- rule 1: the plans a period covers --------------------------------------------------------

def plan_in_force(frame: Frame):
    """SQL condition on Plan (rule 1; rule 7 without a period)."""
    period = frame.period
    if period is None:
        return Plan.status == ISSUED
    year = period.year
    return and_(
        Plan.status.in_((ISSUED, CLOSED)),
        or_(Plan.issued_on.is_(None), Plan.issued_on <= period.window_end),
        or_(Plan.year == year, and_(Plan.start_year <= year, Plan.end_year >= year)),
    )


def plans_in_force(frame: Frame, plan_id: int | None = None) -> list[Plan]:
    """The plans the period covers (one of them when ``plan_id``), in the order reports cite them."""
    query = select(Plan).where(plan_in_force(frame))
    if plan_id:
        query = query.where(Plan.id == plan_id)
    return list(db.session.scalars(query.order_by(Plan.issued_on.nulls_last(), Plan.id)))


def plans_left_out(frame: Frame, plan_id: int | None = None) -> list[tuple[Plan, str]]:
    """Plans of the period's year that its figures leave out, each with why (said on the page):
    not the plan chosen, still a draft, or issued after the data window."""
    period = frame.period
    if period is None:
        return []
    year = period.year
    of_year = or_(Plan.year == year, and_(Plan.start_year <= year, Plan.end_year >= year))
    left = []
    for plan in db.session.scalars(select(Plan).where(of_year).order_by(Plan.issued_on.nulls_last(), Plan.id)):
        if plan.status == PLAN_DRAFT:
            left.append((plan, "còn là dự thảo, chưa ban hành"))
        elif plan.issued_on is not None and plan.issued_on > period.window_end:
            left.append((plan, f"ban hành ngày {vn_date(plan.issued_on)}, sau kỳ số liệu"))
        elif plan_id and plan.id != plan_id:
            left.append((plan, "không thuộc phạm vi đã chọn"))
    return left


# -- rules 2-6: the tasks a period expects and their facts ------------------------------------

# The aliases the statements below use, made once: an alias's columns cost a few milliseconds to
# set up the first time they are read, and the same aliases let SQLAlchemy reuse its compiled SQL.
_CURRENT = aliased(ProgressEntry, name="current_entry")  # the period's own entry
_CARRIED = aliased(ProgressEntry, name="carried_entry")  # the first earlier "done" entry
_FIRST_DONE = (aliased(ProgressEntry, name="done_entry"), aliased(ReportingPeriod, name="done_period"))
_EARLIER_YEAR = (aliased(ProgressEntry, name="year_entry"), aliased(ReportingPeriod, name="year_period"))
_ONE_TASK = (aliased(ProgressEntry, name="task_entry"), aliased(ReportingPeriod, name="task_period"))


def _done_entries(frame: Frame, task_id=Task.id, aliases=_FIRST_DONE):
    """(entry, period) aliases and the condition of an approved "done" entry of an earlier period
    (rule 3; without a period, of any period) on the task ``task_id`` (by default: correlated)."""
    entry, period = aliases
    condition = and_(entry.task_id == task_id, entry.status == APPROVED, entry.task_status == DONE)
    if frame.period is not None:
        condition = and_(condition, period.window_end < frame.period.window_end)
    return entry, period, condition


def _done_in_earlier_year(frame: Frame):
    entry, period, condition = _done_entries(frame, aliases=_EARLIER_YEAR)
    return and_(Task.recurring.is_(False), exists().where(
        condition, period.id == entry.period_id, period.year < frame.period.year).correlate(Task))


def task_expected(frame: Frame):
    """SQL condition on Task, with Plan joined: the period expects the task (rules 1 and 2)."""
    condition = and_(Task.archived_at.is_(None), plan_in_force(frame))
    if frame.period is not None:
        condition = and_(condition, ~_done_in_earlier_year(frame))
    return condition


def expected_tasks(frame: Frame):
    """SELECT of the Task rows the period expects (Plan joined)."""
    return select(Task).join(Plan, Plan.id == Task.plan_id).where(task_expected(frame))


def in_scope(frame: Frame, scope: Scope | None = None):
    """SQL condition on Task, with Plan in the FROM: the frame expects the task and it is in ``scope``.
    A query that starts from something smaller than the tasks (a period's approved entries, the
    task-target links) filters its rows with it, rather than listing every expected task first."""
    scope = scope or Scope()
    condition = task_expected(frame)
    if scope.plan_id:
        condition = and_(condition, Task.plan_id == scope.plan_id)
    if scope.area_names is not None:
        condition = and_(condition, Task.area_id.in_(select(Area.id).where(Area.name.in_(scope.area_names))))
    if scope.unit_id is not None:
        condition = and_(condition, Task.lead_unit_id == scope.unit_id)
    if scope.member_unit_id is not None:
        condition = and_(condition, Task.id.in_(unit_tasks(scope.member_unit_id)))
    return condition


_UNIT_TASKS = Task.__table__.alias("unit_task")


def unit_tasks(unit_id: int):
    """SELECT of the ids of the tasks ``unit_id`` leads or cooperates on (of any plan): an indexed list
    the database starts from, instead of testing every task of the plans in force."""
    return select(_UNIT_TASKS.c.id).where(_UNIT_TASKS.c.lead_unit_id == unit_id).union(
        select(task_cooperating_units.c.task_id).where(task_cooperating_units.c.unit_id == unit_id))


def is_expected(task: Task, period: ReportingPeriod) -> bool:
    """Whether ``period`` expects a report on ``task`` (what the entry pages may be opened for)."""
    return db.session.scalar(
        select(Task.id).join(Plan, Plan.id == Task.plan_id)
        .where(Task.id == task.id, task_expected(Frame.of(period)))) is not None


@dataclass
class Facts:
    """The tasks a period expects in a scope (``query``: SELECT Task.id FROM tasks with Plan, Area,
    the period's entry ``current`` and the first earlier "done" entry ``carried_entry`` joined), and
    the SQL expressions of each task's facts. Callers add columns, filters and GROUP BY."""

    query: object
    current: object  # alias of ProgressEntry: the period's entry (not joined without a period)
    current_id: object  # its id (NULL without a period)
    carried_entry: object  # alias of ProgressEntry: the first approved "done" entry of an earlier period
    bucket: object  # rule 4
    done: object
    overdue: object  # rule 5, at the frame's date
    state: object  # rule 6
    carried: object
    awaiting: object  # the period's entry waits for approval


@dataclass(frozen=True)
class _PeriodValues:
    """What the statements read of a period: with the counting date and the scope, the key of a built
    ``Facts``."""

    id: int
    year: int
    window_end: date


def task_facts(frame: Frame, scope: Scope | None = None) -> Facts:
    """Per task the frame expects in ``scope``: its bucket, whether done, overdue at ``frame.as_of``,
    where its report stands, whether carried from an earlier period. A correlated look-up per task
    (indexed), so a page runs one statement whatever the number of tasks.

    The statement is built once per period values, date and scope, and kept (building it costs more than
    running it for one unit); each call gets its own ``Facts`` to add filters to."""
    period = frame.period
    values = None if period is None else _PeriodValues(period.id, period.year, period.window_end)
    return replace(_built_facts(values, frame.as_of, scope or Scope()))


@lru_cache(maxsize=128)  # about 50 KB each: a few MB per process
def _built_facts(period: _PeriodValues | None, as_of: date, scope: Scope) -> Facts:
    frame = Frame(period, as_of)  # the period's values stand for the period: the statements read no more
    current, carried_entry = _CURRENT, _CARRIED
    earlier, earlier_period, condition = _done_entries(frame)
    # Task.recurring in the look-up too, not only in the join's ON: SQLite runs a correlated look-up for
    # every task before testing the rest of ON, and a recurring task has a done entry in most periods
    # (the dashboard's figures query: 6.6 → 5.1 ms on the large department).
    first_done = (
        select(earlier.id).join(earlier_period, earlier_period.id == earlier.period_id)
        .where(Task.recurring.is_(False), condition)
        .order_by(earlier_period.window_end, earlier.id).limit(1).correlate(Task).scalar_subquery()
    )
    query = (
        select(Task.id).select_from(Task)
        .join(Plan, Plan.id == Task.plan_id)
        .join(Area, Area.id == Task.area_id)
        .outerjoin(carried_entry, and_(Task.recurring.is_(False), carried_entry.id == first_done))
        .where(in_scope(frame, scope))
    )
    carried = carried_entry.id.is_not(None)

    def done_bucket(completed):
        late = and_(Task.deadline.is_not(None), Task.recurring.is_(False), completed > Task.deadline)
        return case((late, literal(DONE_LATE)), else_=literal(DONE_ON_TIME))

    carried_bucket = case((carried, done_bucket(carried_entry.completed_on)), else_=literal(UNREPORTED))
    if frame.period is not None:
        query = query.outerjoin(current, and_(current.task_id == Task.id, current.period_id == frame.period.id))
        approved_now = func.coalesce(current.status, "") == APPROVED
        bucket = case(
            (approved_now, case((current.task_status == DONE, done_bucket(current.completed_on)),
                                (current.task_status.in_((IN_PROGRESS, NOT_STARTED, CANNOT)), current.task_status),
                                else_=literal(UNREPORTED))),
            else_=carried_bucket)
        done = or_(and_(approved_now, current.task_status == DONE), and_(~approved_now, carried))
        untouched = or_(current.id.is_(None), and_(current.status == DRAFT, current.updated_by_id.is_(None)))
        state = case((untouched, case((carried, literal(CARRIED)), else_=literal(MISSING))),
                     (current.status == DRAFT, literal(DRAFT)), else_=current.status)
        awaiting = func.coalesce(current.status, "") == SUBMITTED
        current_id = current.id
    else:  # today (rule 7): no period's own entry
        bucket, done = carried_bucket, carried
        state = case((carried, literal(CARRIED)), else_=literal(MISSING))
        awaiting = false()
        current_id = literal(None)
    overdue = and_(~done, Task.recurring.is_(False), Task.deadline.is_not(None), Task.deadline < frame.as_of)
    return Facts(query=query, current=current, current_id=current_id, carried_entry=carried_entry, bucket=bucket,
                 done=done, overdue=overdue, state=state, carried=carried, awaiting=awaiting)


def due_soon(facts: Facts, as_of: date, days: int = DUE_SOON_DAYS):
    """SQL condition: not done, non-recurring, due from ``as_of`` to ``days`` days after it."""
    return and_(~facts.done, Task.recurring.is_(False), Task.deadline.is_not(None), Task.deadline >= as_of,
                Task.deadline <= as_of + timedelta(days=days))


# -- per lead unit: where its reports stand (rule 6) ------------------------------------------

@dataclass
class ReportCounts:
    """How a lead unit's reports stand in a period: one count per state of rule 6."""

    tasks: int = 0
    carried: int = 0  # done in an earlier period: nothing to report
    not_started: int = 0  # no entry, or one nobody saved (chưa báo cáo)
    drafts: int = 0  # saved, not sent
    submitted: int = 0  # awaiting approval
    returned: int = 0
    approved: int = 0
    not_reported: int = 0  # the period was locked before they were sent

    _FIELDS = {CARRIED: "carried", MISSING: "not_started", DRAFT: "drafts", SUBMITTED: "submitted",
               RETURNED: "returned", APPROVED: "approved", NOT_REPORTED: "not_reported"}

    def add(self, state: str, n: int = 1) -> None:
        self.tasks += n
        name = self._FIELDS.get(state, "not_started")
        setattr(self, name, getattr(self, name) + n)

    @property
    def pending(self) -> int:
        """Reports the unit still has to send: not started, drafts, returned."""
        return self.not_started + self.drafts + self.returned

    @property
    def lagging(self) -> bool:
        return self.pending > 0

    @property
    def to_report(self) -> int:
        """The tasks the unit reports on this period (all but the carried ones)."""
        return self.tasks - self.carried


# -- one task at a time: the entry pages, the task page -------------------------------------

def carried_done(task: Task, period: ReportingPeriod) -> ProgressEntry | None:
    """The first approved "done" entry of an earlier period, when the task stays done (rule 4)."""
    if task.recurring:
        return None
    entry, entry_period, condition = _done_entries(Frame(period, period.window_end), task.id, _ONE_TASK)
    return db.session.scalar(
        select(entry).join(entry_period, entry_period.id == entry.period_id).where(condition)
        .order_by(entry_period.window_end, entry.id).limit(1))


def _earlier_approved(period: ReportingPeriod):
    return select(ProgressEntry).join(ProgressEntry.period).where(
        ProgressEntry.status == APPROVED, ReportingPeriod.window_end < period.window_end)


def previous_entry(task_id: int, period: ReportingPeriod) -> ProgressEntry | None:
    """The task's last approved entry of an earlier period (rule 3: to pre-fill and compare with)."""
    return db.session.scalar(_earlier_approved(period).where(ProgressEntry.task_id == task_id)
                             .order_by(ReportingPeriod.window_end.desc(), ProgressEntry.id.desc()).limit(1))


_PREVIOUS = (aliased(ProgressEntry, name="previous_entry"), aliased(ReportingPeriod, name="previous_period"))


def previous_entries(entries: list[ProgressEntry], period: ReportingPeriod) -> dict[int, ProgressEntry]:
    """For each entry's task, its last approved entry of an earlier period (two queries: the id of each
    task's last one, then those entries; a task reported in many earlier periods loads only its last)."""
    task_ids = sorted({e.task_id for e in entries})
    if not task_ids:
        return {}
    entry, entry_period = _PREVIOUS
    last = (select(entry.id).join(entry_period, entry_period.id == entry.period_id)
            .where(entry.task_id == Task.id, entry.status == APPROVED, entry_period.window_end < period.window_end)
            .order_by(entry_period.window_end.desc(), entry.id.desc()).limit(1).correlate(Task).scalar_subquery())
    ids = [i for i in db.session.scalars(select(last).select_from(Task).where(Task.id.in_(task_ids))) if i]
    if not ids:
        return {}
    rows = db.session.scalars(select(ProgressEntry).where(ProgressEntry.id.in_(ids))
                              .options(joinedload(ProgressEntry.period)))
    return {e.task_id: e for e in rows}


def entry_outcome(entry: ProgressEntry | None, task: Task) -> tuple[str, str]:
    """(code, label) of the task's outcome as an entry reports it: "hoàn thành quá hạn" when the
    completion date is after the deadline (rule 4)."""
    if entry is None:
        return NOT_STARTED, TASK_STATUSES[NOT_STARTED]
    if (entry.task_status == DONE and task.deadline and not task.recurring and entry.completed_on
            and entry.completed_on > task.deadline):
        return DONE_LATE, DONE_LATE_LABEL
    return entry.task_status, TASK_STATUSES.get(entry.task_status, entry.task_status)


def task_state(task: Task, bucket: str | None, as_of: date, due_soon_days: int = DUE_SOON_DAYS) -> tuple[str, str]:
    """(state, label) of a task's badge at ``as_of``: done (on time or late), recurring, overdue,
    due soon, or scheduled (rules 4 and 5)."""
    if bucket in DONE_BUCKETS:
        return "done", BUCKETS[DONE_LATE] if bucket == DONE_LATE else TASK_STATUSES[DONE]
    if task.recurring or task.deadline is None:
        return "recurring", "Thường xuyên"
    days = (task.deadline - as_of).days
    if days < 0:
        return "overdue", f"Quá hạn {-days} ngày"
    if days == 0:
        return "due_soon", "Đến hạn hôm nay"
    if days <= due_soon_days:
        return "due_soon", f"Còn {days} ngày"
    return "scheduled", f"Hạn {vn_date(task.deadline)}"


def task_state_today(task: Task, today: date | None = None) -> tuple[str, str]:
    """A task's badge on its own page: today's state (rule 7)."""
    frame = Frame.of(None, today)
    facts = task_facts(frame)
    bucket = db.session.scalar(facts.query.with_only_columns(facts.bucket).where(Task.id == task.id))
    return task_state(task, bucket, frame.as_of)


# -- what a page says it counts --------------------------------------------------------------

@dataclass
class Coverage:
    """What a page's figures cover, to say on the page: the date, the plans, the plans left out."""

    frame: Frame
    plans: list[Plan]
    left_out: list[tuple[Plan, str]]

    @property
    def plans_text(self) -> str:
        """"639/KH-SCT, 5720/CTr-SCT"."""
        return ", ".join(p.number or p.title for p in self.plans) or "chưa có kế hoạch nào"


def coverage(frame: Frame, plan_id: int | None = None) -> Coverage:
    """The plans ``frame`` covers (one when ``plan_id``) and those of its year it leaves out: two queries."""
    return Coverage(frame, plans_in_force(frame, plan_id), plans_left_out(frame, plan_id))
