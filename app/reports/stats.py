"""The figures of a reporting period, counted from the approved entries only.

A task's result for a period is its approved entry of that period; a task
approved as done in an earlier period stays done (unless it is recurring).
Drafts, submissions and returned entries are counted apart (they are work in
progress, not results), so nothing is counted twice; a cooperating unit's
contribution lives inside the lead unit's entry and never adds a task.

Three queries whatever the size: the tasks in scope (with plan, area and lead
unit), the period's entries, and the earlier approved "done" entries.
"""
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager, selectinload

from ..extensions import db
from ..org.models import Unit
from ..plans.models import CLOSED, ISSUED, Area, Plan, Target, Task
from ..progress.models import (
    APPROVED,
    CANNOT,
    DONE,
    IN_PROGRESS,
    NOT_STARTED,
    RETURNED,
    SUBMITTED,
    UNIT_EDITABLE,
    ProgressEntry,
    ReportingPeriod,
)

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


@dataclass
class Tally:
    counts: dict = field(default_factory=lambda: {b: 0 for b in BUCKETS})
    overdue: int = 0

    def add(self, row: "TaskRow") -> None:
        self.counts[row.bucket] += 1
        self.overdue += row.overdue

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
class PeriodStats:
    period: ReportingPeriod
    rows: list[TaskRow]
    total: Tally
    by_area: list[tuple[str, Tally]]
    by_unit: list[tuple[Unit, Tally]]
    targets: list[TargetRow]
    units: list[UnitProgress]
    awaiting: int
    difficulties: list[tuple[str, list[Remark]]]
    proposals: list[tuple[str, list[Remark]]]

    @property
    def targets_met(self) -> int:
        return sum(1 for t in self.targets if t.met)

    @property
    def targets_measured(self) -> int:
        return sum(1 for t in self.targets if t.met is not None)


def plans_in_force(period: ReportingPeriod, plan_id: int | None = None):
    """Issued (or since closed) plans in force in the period's year; a programme only when asked."""
    query = select(Plan.id).where(Plan.status.in_((ISSUED, CLOSED)))
    if plan_id:
        return query.where(Plan.id == plan_id)
    return query.where(or_(Plan.year == period.year,
                           (Plan.kind != "programme") & (Plan.start_year <= period.year) & (Plan.end_year >= period.year)))


def _bucket(task: Task, entry: ProgressEntry | None) -> str:
    if entry is None:
        return UNREPORTED
    if entry.task_status == DONE:
        late = task.deadline and not task.recurring and entry.completed_on and entry.completed_on > task.deadline
        return DONE_LATE if late else DONE_ON_TIME
    return entry.task_status if entry.task_status in BUCKETS else UNREPORTED


def period_stats(period: ReportingPeriod, *, plan_id: int | None = None, area_names: set[str] | None = None,
                 unit_id: int | None = None, as_of: date | None = None) -> PeriodStats:
    """Every figure of the period. ``area_names`` limits to some areas (a focal unit's), ``unit_id``
    to one lead unit's tasks. A task is overdue when it is not done and its deadline is before
    ``as_of`` (default: the end of the period's data window)."""
    as_of = as_of or period.window_end
    query = (
        select(Task).join(Task.plan).join(Task.area).join(Task.lead_unit)
        .where(Task.plan_id.in_(plans_in_force(period, plan_id)), Task.archived_at.is_(None))
        .options(contains_eager(Task.plan), contains_eager(Task.area), contains_eager(Task.lead_unit),
                 selectinload(Task.targets))
        .order_by(Plan.id, Area.position, Task.position)
    )
    if area_names is not None:
        query = query.where(Area.name.in_(area_names))
    if unit_id is not None:
        query = query.where(Task.lead_unit_id == unit_id)
    tasks = list(db.session.scalars(query).unique())
    ids = [t.id for t in tasks]
    current = {}
    earlier_done = {}
    if ids:
        current = {e.task_id: e for e in db.session.scalars(
            select(ProgressEntry).where(ProgressEntry.period_id == period.id, ProgressEntry.task_id.in_(ids))
            .options(selectinload(ProgressEntry.target_results), selectinload(ProgressEntry.evidence)))}
        for entry in db.session.scalars(
            select(ProgressEntry).join(ProgressEntry.period)
            .where(ProgressEntry.task_id.in_(ids), ProgressEntry.status == APPROVED,
                   ProgressEntry.task_status == DONE, ProgressEntry.period_id != period.id,
                   ReportingPeriod.window_end <= period.window_end)
            .order_by(ReportingPeriod.window_end)
        ):
            earlier_done.setdefault(entry.task_id, entry)

    rows, total = [], Tally()
    by_area: dict[str, Tally] = OrderedDict()
    by_unit: dict[int, tuple[Unit, Tally]] = {}
    units: dict[int, UnitProgress] = {}
    for task in tasks:
        entry_now = current.get(task.id)
        carried = None if task.recurring else earlier_done.get(task.id)
        result = entry_now if entry_now is not None and entry_now.status == APPROVED else carried
        bucket = _bucket(task, result)
        overdue = (bucket not in (DONE_ON_TIME, DONE_LATE) and not task.recurring and task.deadline is not None
                   and task.deadline < as_of)
        row = TaskRow(task, bucket, result, entry_now, overdue)
        rows.append(row)
        total.add(row)
        by_area.setdefault(task.area.name, Tally()).add(row)
        by_unit.setdefault(task.lead_unit_id, (task.lead_unit, Tally()))[1].add(row)
        progress = units.setdefault(task.lead_unit_id, UnitProgress(task.lead_unit))
        progress.tasks += 1
        if carried is not None and entry_now is None:
            progress.carried += 1
        elif entry_now is None:
            progress.missing += 1
        elif entry_now.status in UNIT_EDITABLE:
            if entry_now.status == RETURNED:
                progress.returned += 1
            else:
                progress.drafts += 1
        elif entry_now.status == SUBMITTED:
            progress.submitted += 1
        elif entry_now.status == APPROVED:
            progress.approved += 1
        else:  # not reported (locked period)
            progress.missing += 1

    targets = _targets(tasks, current)
    difficulties, proposals = _digest(rows)
    return PeriodStats(
        period=period, rows=rows, total=total, by_area=list(by_area.items()),
        by_unit=sorted(by_unit.values(), key=lambda pair: (pair[0].position, pair[0].name)),
        targets=targets, units=sorted(units.values(), key=lambda u: (u.unit.position, u.unit.name)),
        awaiting=sum(u.submitted for u in units.values()), difficulties=difficulties, proposals=proposals,
    )


def _targets(tasks: list[Task], current: dict[int, ProgressEntry]) -> list[TargetRow]:
    """Each target linked to a task in scope, with the value of the latest approved entry of the period."""
    seen: dict[int, TargetRow] = OrderedDict()
    latest: dict[int, tuple] = {}
    for task in tasks:
        entry = current.get(task.id)
        for target in task.targets:
            seen.setdefault(target.id, TargetRow(target, None, "", None, target.responsible_unit))
        if entry is None or entry.status != APPROVED:
            continue
        for result in entry.target_results:
            stamp = entry.decided_at or entry.updated_at
            if result.target_id in seen and (result.target_id not in latest or stamp >= latest[result.target_id][0]):
                latest[result.target_id] = (stamp, result)
    for target_id, (_, result) in latest.items():
        row = seen[target_id]
        row.value, row.text = result.value, result.text
        row.met = row.target.met(result.value)
    return list(seen.values())


def _digest(rows: list[TaskRow]):
    """Difficulties and proposals of the period's approved entries, by area, attributed to the unit."""
    difficulties: dict[str, list[Remark]] = OrderedDict()
    proposals: dict[str, list[Remark]] = OrderedDict()
    for row in rows:
        entry = row.current
        if entry is None or entry.status != APPROVED:
            continue
        if entry.difficulties:
            difficulties.setdefault(row.task.area.name, []).append(Remark(row.task.lead_unit, row.task,
                                                                          entry.difficulties))
        if entry.proposals:
            proposals.setdefault(row.task.area.name, []).append(Remark(row.task.lead_unit, row.task,
                                                                       entry.proposals))
    return list(difficulties.items()), list(proposals.items())
