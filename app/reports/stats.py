"""The figures of a reporting period, counted from the approved entries only.

A task's result for a period is its approved entry of that period; a task
approved as done in an earlier period stays done (unless it is recurring).
Drafts, submissions and returned entries are counted apart (they are work in
progress, not results), so nothing is counted twice; a cooperating unit's
contribution lives inside the lead unit's entry and never adds a task. The plans a
period covers are ``plans_in_force`` (app.progress.period_rules, beside the other
copies of the period rules).

The counting happens in the database: each task's bucket is one SQL CASE
expression (``_task_facts``), grouped by area, lead unit and entry state, so
the dashboard runs a fixed, small number of queries and moves a few hundred
numbers, not the tasks, whatever the size of the department. The tasks behind
a number are read a page at a time (``task_rows``).
"""
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import aliased, contains_eager, selectinload

from ..extensions import db
from ..org.models import Unit
from ..plans.models import Area, Plan, Target, Task, task_targets
from ..progress.models import (
    APPROVED,
    CANNOT,
    DONE,
    IN_PROGRESS,
    NOT_STARTED,
    RETURNED,
    SUBMITTED,
    ProgressEntry,
    ReportingPeriod,
    TargetResult,
)
from ..progress.period_rules import plans_in_force

# The buckets a task falls in, in the order the reports list them.
DONE_ON_TIME, DONE_LATE, UNREPORTED = "done_on_time", "done_late", "unreported"
BUCKETS = OrderedDict([
    (DONE_ON_TIME, "Hoàn thành đúng hạn"),
    (DONE_LATE, "Hoàn thành quá hạn"),
    (IN_PROGRESS, "Đang thực hiện"),
    (NOT_STARTED, "Chưa thực hiện"),
    (CANNOT, "Không thực hiện được"),
    (UNREPORTED, "Chưa có kết quả được duyệt"),
])
# Column headings where space is short (the full name goes in <abbr title>).
BUCKET_SHORT = {DONE_ON_TIME: "HT đúng hạn", DONE_LATE: "HT quá hạn", IN_PROGRESS: "Đang làm",
                NOT_STARTED: "Chưa làm", CANNOT: "Không làm được", UNREPORTED: "Chưa duyệt"}
DIGEST_LIMIT = 200  # remarks shown per kind on the dashboard (the report takes them all)


@dataclass
class Tally:
    counts: dict = field(default_factory=lambda: {b: 0 for b in BUCKETS})
    overdue: int = 0

    def add(self, bucket: str, overdue: bool, n: int = 1) -> None:
        self.counts[bucket] += n
        self.overdue += n if overdue else 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts[DONE_ON_TIME] + self.counts[DONE_LATE]

    @property
    def percent_done(self) -> float:
        return round(100 * self.done / self.total, 1) if self.total else 0.0


@dataclass
class TaskRow:
    task: Task
    bucket: str
    entry: ProgressEntry | None  # the approved entry the result comes from (this period or an earlier one)
    current: ProgressEntry | None  # this period's entry, whatever its state
    overdue: bool

    @property
    def bucket_label(self) -> str:
        return BUCKETS[self.bucket]


@dataclass
class TargetRow:
    target: Target
    value: float | None
    text: str
    met: bool | None
    unit: Unit | None


@dataclass
class UnitProgress:
    unit: Unit
    tasks: int = 0
    missing: int = 0  # no entry at all
    drafts: int = 0
    submitted: int = 0
    returned: int = 0
    approved: int = 0
    carried: int = 0  # done in an earlier period: nothing to report

    @property
    def not_submitted(self) -> int:
        return self.missing + self.drafts + self.returned

    @property
    def state(self) -> str:
        if self.not_submitted == 0:
            return "Đã gửi đủ"
        if self.drafts + self.returned + self.submitted + self.approved == 0:
            return "Chưa bắt đầu"
        return "Chưa gửi đủ"


@dataclass
class Remark:
    unit: Unit
    task: Task
    text: str


@dataclass
class Scope:
    """What the figures cover: everything, some areas (by name), or one lead unit's tasks, of one plan or all."""

    plan_id: int | None = None
    area_names: frozenset[str] | None = None
    unit_id: int | None = None


@dataclass
class PeriodStats:
    period: ReportingPeriod
    scope: Scope
    total: Tally
    by_area: list[tuple[str, Tally]]
    by_unit: list[tuple[Unit, Tally]]
    units: list[UnitProgress]
    awaiting: int
    as_of: date

    @property
    def targets_met(self) -> int:
        return sum(1 for t in self.targets if t.met)

    @property
    def targets_measured(self) -> int:
        return sum(1 for t in self.targets if t.met is not None)

    @cached_property
    def targets(self) -> list[TargetRow]:
        return target_rows(self.period, self.scope)

    @cached_property
    def difficulties(self) -> list[tuple[str, list[Remark]]]:
        return digest(self.period, self.scope, ProgressEntry.difficulties)

    @cached_property
    def proposals(self) -> list[tuple[str, list[Remark]]]:
        return digest(self.period, self.scope, ProgressEntry.proposals)

    @cached_property
    def rows(self) -> list[TaskRow]:
        """Every task with its result (for the exports; pages read ``task_rows`` a page at a time)."""
        return task_rows(self.period, self.scope, as_of=self.as_of)


def _task_facts(period: ReportingPeriod, scope: Scope, as_of: date):
    """Per task in scope: its bucket, whether overdue, this period's entry state, whether carried.

    Returns (select, current entry alias, columns dict)."""
    current = aliased(ProgressEntry)
    earlier = aliased(ProgressEntry)
    earlier_period = aliased(ReportingPeriod)
    # When the task was first approved as done before this period (correlated: an index look-up per task).
    done_on = (
        select(func.min(earlier.completed_on))
        .join(earlier_period, earlier_period.id == earlier.period_id)
        .where(earlier.task_id == Task.id, earlier.status == APPROVED, earlier.task_status == DONE,
               earlier.period_id != period.id, earlier_period.window_end <= period.window_end)
        .correlate(Task).scalar_subquery()
    )
    was_done = (
        select(earlier.id)
        .join(earlier_period, earlier_period.id == earlier.period_id)
        .where(earlier.task_id == Task.id, earlier.status == APPROVED, earlier.task_status == DONE,
               earlier.period_id != period.id, earlier_period.window_end <= period.window_end)
        .correlate(Task).exists()
    )
    approved_now = current.status == APPROVED
    carried = and_(Task.recurring.is_(False), was_done)
    result = case((approved_now, current.task_status), (carried, literal(DONE)), else_=literal(UNREPORTED))
    completed = case((approved_now, current.completed_on), else_=done_on)
    late = and_(Task.deadline.is_not(None), Task.recurring.is_(False), completed > Task.deadline)
    bucket = case(
        (result == DONE, case((late, literal(DONE_LATE)), else_=literal(DONE_ON_TIME))),
        (result.in_((IN_PROGRESS, NOT_STARTED, CANNOT)), result),
        else_=literal(UNREPORTED),
    )
    overdue = and_(bucket.not_in((DONE_ON_TIME, DONE_LATE)), Task.recurring.is_(False), Task.deadline.is_not(None),
                   Task.deadline < as_of)
    query = (
        select(Task.id)
        .join(Area, Area.id == Task.area_id)
        .outerjoin(current, and_(current.task_id == Task.id, current.period_id == period.id))
        .where(Task.plan_id.in_(plans_in_force(period, scope.plan_id)), Task.archived_at.is_(None))
    )
    if scope.area_names is not None:
        query = query.where(Area.name.in_(scope.area_names))
    if scope.unit_id is not None:
        query = query.where(Task.lead_unit_id == scope.unit_id)
    columns = {"bucket": bucket, "overdue": overdue, "state": current.status, "carried": carried,
               "entry_id": current.id}
    return query, current, columns


def period_stats(period: ReportingPeriod, *, plan_id: int | None = None, area_names=None,
                 unit_id: int | None = None, as_of: date | None = None) -> PeriodStats:
    """The figures of the period. ``area_names`` limits to some areas (a focal unit's), ``unit_id``
    to one lead unit's tasks. A task is overdue when it is not done and its deadline is before
    ``as_of`` (default: the end of the period's data window)."""
    scope = Scope(plan_id, frozenset(area_names) if area_names is not None else None, unit_id)
    as_of = as_of or period.window_end
    facts, _current, c = _task_facts(period, scope, as_of)
    grouped = facts.with_only_columns(
        Area.name, func.min(Area.position), Task.lead_unit_id, c["bucket"], c["overdue"], c["state"], c["carried"],
        func.count(Task.id),
    ).group_by(Area.name, Task.lead_unit_id, c["bucket"], c["overdue"], c["state"], c["carried"])
    total, by_area, by_unit, progress, order = Tally(), {}, {}, {}, {}
    for area, position, unit_id_, bucket, overdue, state, carried, n in db.session.execute(grouped):
        overdue = bool(overdue)
        total.add(bucket, overdue, n)
        by_area.setdefault(area, Tally()).add(bucket, overdue, n)
        order[area] = min(order.get(area, position), position)
        by_unit.setdefault(unit_id_, Tally()).add(bucket, overdue, n)
        p = progress.setdefault(unit_id_, UnitProgress(None))
        p.tasks += n
        if state is None:
            if carried:
                p.carried += n
            else:
                p.missing += n
        elif state == RETURNED:
            p.returned += n
        elif state == SUBMITTED:
            p.submitted += n
        elif state == APPROVED:
            p.approved += n
        elif state == "draft":
            p.drafts += n
        else:  # not reported (a locked period)
            p.missing += n
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(list(by_unit))))} if by_unit else {}
    for unit_id_, p in progress.items():
        p.unit = units[unit_id_]
    key = lambda uid: (units[uid].position, units[uid].name)  # noqa: E731
    return PeriodStats(
        period=period, scope=scope, total=total,
        by_area=sorted(by_area.items(), key=lambda pair: (order[pair[0]], pair[0])),
        by_unit=[(units[uid], by_unit[uid]) for uid in sorted(by_unit, key=key)],
        units=[progress[uid] for uid in sorted(progress, key=key)],
        awaiting=sum(p.submitted for p in progress.values()), as_of=as_of,
    )


def task_rows(period: ReportingPeriod, scope: Scope, *, bucket: str = "", area: str = "", unit_id: int | None = None,
              overdue: bool = False, waiting: bool = False, as_of: date | None = None,
              limit: int | None = None, offset: int = 0) -> list[TaskRow]:
    """The tasks behind a number, with their result, in plan order (a page at a time when ``limit``)."""
    rows, _total = _task_rows(period, scope, bucket, area, unit_id, overdue, waiting, as_of, limit, offset, False)
    return rows


def count_task_rows(period: ReportingPeriod, scope: Scope, **filters) -> int:
    return _task_rows(period, scope, filters.get("bucket", ""), filters.get("area", ""), filters.get("unit_id"),
                      filters.get("overdue", False), filters.get("waiting", False), filters.get("as_of"),
                      None, 0, True)[1]


def _task_rows(period, scope, bucket, area, unit_id, overdue, waiting, as_of, limit, offset, count_only):
    as_of = as_of or period.window_end
    facts, current, c = _task_facts(period, scope, as_of)
    if bucket == "done":
        facts = facts.where(c["bucket"].in_((DONE_ON_TIME, DONE_LATE)))
    elif bucket in BUCKETS:
        facts = facts.where(c["bucket"] == bucket)
    if area:
        facts = facts.where(Area.name == area)
    if unit_id:
        facts = facts.where(Task.lead_unit_id == unit_id)
    if overdue:
        facts = facts.where(c["overdue"])
    if waiting:
        facts = facts.where(current.status == SUBMITTED)
    if count_only:
        return None, db.session.scalar(select(func.count()).select_from(facts.subquery()))
    page = facts.with_only_columns(Task.id, c["bucket"], c["overdue"], c["entry_id"]).join(
        Plan, Plan.id == Task.plan_id).order_by(Plan.issued_on.nulls_first(), Plan.id, Area.position, Task.position, Task.id)
    if limit is not None:
        page = page.limit(limit).offset(offset)
    facts_rows = db.session.execute(page).all()
    ids = [r[0] for r in facts_rows]
    tasks = {t.id: t for t in db.session.scalars(
        select(Task).where(Task.id.in_(ids)).join(Task.area).join(Task.lead_unit)
        .options(contains_eager(Task.area), contains_eager(Task.lead_unit)))} if ids else {}
    entry_ids = [r[3] for r in facts_rows if r[3]]
    entries = {e.id: e for e in db.session.scalars(
        select(ProgressEntry).where(ProgressEntry.id.in_(entry_ids))
        .options(selectinload(ProgressEntry.evidence), selectinload(ProgressEntry.target_results)))} \
        if entry_ids else {}
    carried = {}
    done_ids = [r[0] for r in facts_rows if r[1] in (DONE_ON_TIME, DONE_LATE)
                and not (r[3] and entries[r[3]].status == APPROVED)]
    if done_ids:
        for entry in db.session.scalars(
            select(ProgressEntry).join(ProgressEntry.period)
            .where(ProgressEntry.task_id.in_(done_ids), ProgressEntry.status == APPROVED,
                   ProgressEntry.task_status == DONE, ProgressEntry.period_id != period.id,
                   ReportingPeriod.window_end <= period.window_end)
            .options(contains_eager(ProgressEntry.period)).order_by(ReportingPeriod.window_end)
        ):
            carried.setdefault(entry.task_id, entry)
    rows = []
    for task_id, bucket_, overdue_, entry_id in facts_rows:
        now = entries.get(entry_id)
        result = now if now is not None and now.status == APPROVED else carried.get(task_id)
        rows.append(TaskRow(tasks[task_id], bucket_, result, now, bool(overdue_)))
    return rows, len(rows)


def target_rows(period: ReportingPeriod, scope: Scope) -> list[TargetRow]:
    """Each target linked to a task in scope, with the value of the latest approved entry of the period."""
    facts, _current, _c = _task_facts(period, scope, period.window_end)
    in_scope = facts.with_only_columns(Task.id).subquery()
    target_ids = select(task_targets.c.target_id).where(task_targets.c.task_id.in_(select(in_scope.c.id)))
    targets = list(db.session.scalars(
        select(Target).where(Target.id.in_(target_ids)).join(Target.area).join(Area.plan)
        .options(contains_eager(Target.area).contains_eager(Area.plan).selectinload(Plan.areas)
                 .selectinload(Area.targets), selectinload(Target.responsible_unit))
        .order_by(Plan.id, Area.position, Target.position)).unique())
    results = db.session.execute(
        select(TargetResult.target_id, TargetResult.value, TargetResult.text)
        .join(ProgressEntry, ProgressEntry.id == TargetResult.entry_id)
        .where(ProgressEntry.period_id == period.id, ProgressEntry.status == APPROVED,
               ProgressEntry.task_id.in_(select(in_scope.c.id)))
        .order_by(func.coalesce(ProgressEntry.decided_at, ProgressEntry.updated_at), ProgressEntry.id)
    ).all()
    latest = {target_id: (value, text) for target_id, value, text in results}  # the latest wins
    rows = []
    for target in targets:
        value, text = latest.get(target.id, (None, ""))
        rows.append(TargetRow(target, value, text or "", target.met(value), target.responsible_unit))
    return rows


def digest(period: ReportingPeriod, scope: Scope, column, limit: int | None = DIGEST_LIMIT):
    """Difficulties or proposals of the period's approved entries, by area, attributed to the unit."""
    facts, current, _c = _task_facts(period, scope, period.window_end)
    query = (
        select(ProgressEntry).join(Task, Task.id == ProgressEntry.task_id).join(Area, Area.id == Task.area_id)
        .where(ProgressEntry.period_id == period.id, ProgressEntry.status == APPROVED, column != "",
               ProgressEntry.task_id.in_(facts.with_only_columns(Task.id)))
        .join(Unit, Unit.id == Task.lead_unit_id)
        .options(contains_eager(ProgressEntry.task).contains_eager(Task.area),
                 contains_eager(ProgressEntry.task).contains_eager(Task.lead_unit))
        .order_by(Area.position, Task.position, ProgressEntry.id)
    )
    if limit is not None:
        query = query.limit(limit)
    groups: dict[str, list[Remark]] = OrderedDict()
    for entry in db.session.scalars(query).unique():
        groups.setdefault(entry.task.area.name, []).append(
            Remark(entry.task.lead_unit, entry.task, getattr(entry, column.key)))
    return list(groups.items())
