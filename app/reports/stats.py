"""The figures of a reporting period, counted over the period rules (app.progress.period_rules:
which tasks a period expects, each task's result, overdue at the counting date, where each
report stands). Results come from approved entries only; drafts, submissions and returned
entries are counted apart (they are work in progress, not results), so nothing is counted
twice; a cooperating unit's contribution lives inside the lead unit's entry and never adds a
task.

The counting happens in the database: each task's facts are SQL expressions
(``task_facts``), grouped by area, lead unit, bucket and report state, so the
dashboard runs a fixed, small number of queries and moves a few hundred numbers,
not the tasks, whatever the size of the department. The tasks behind a number
are read a page at a time (``task_rows``).
"""
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from ..extensions import db
from ..org.models import Unit
from ..plans.models import Area, Plan, Target, Task, task_targets
from ..progress.models import APPROVED, ProgressEntry, ReportingPeriod, TargetResult
from ..progress.period_rules import (  # noqa: F401  (the buckets are the rules'; re-exported for the reports)
    BUCKETS,
    DONE_BUCKETS,
    DONE_LATE,
    DONE_ON_TIME,
    MISSING,
    REPORT_STATES,
    UNREPORTED,
    Coverage,
    Frame,
    ReportCounts,
    Scope,
    coverage,
    in_scope,
    task_facts,
)

# Column headings where space is short (the full name goes in <abbr title>).
BUCKET_SHORT = {DONE_ON_TIME: "HT đúng hạn", DONE_LATE: "HT quá hạn", "in_progress": "Đang làm",
                "not_started": "Chưa làm", "cannot": "Không làm được", UNREPORTED: "Chưa duyệt"}
DIGEST_LIMIT = 200  # remarks shown per kind on the dashboard (the report takes them all)

# The report goes up to the province: a task without an approved result is said as its reader
# expects, not in the app's workflow words ("chưa có kết quả được duyệt").
UNDERWAY, NO_RESULT = "Đang triển khai", "Chưa có báo cáo kết quả"
REPORTED_BUCKETS = {**BUCKETS, UNREPORTED: "Chưa có kết quả trong kỳ"}  # the statistics annex's names


def reported_status(bucket: str, overdue: bool) -> str:
    """A task's "Tình trạng" as the report states it (the annex's column, .docx and .xlsx): its result;
    without an approved one, "Đang triển khai" while its deadline has not passed (or it is recurring),
    else "Chưa có báo cáo kết quả"; "(quá hạn)" after an overdue task."""
    if bucket == UNREPORTED:
        label = NO_RESULT if overdue else UNDERWAY
    else:
        label = BUCKETS[bucket]
    return label + (" (quá hạn)" if overdue else "")


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

    def segments(self, buckets: dict) -> list[tuple[str, str, int, str, str]]:
        """The bar of the tally (reports/_charts.html stack): per bucket counted, in ``buckets``' order, (key,
        name, count, x, width), x and width in percent of the bar written to three decimals."""
        total, x, parts = self.total, 0.0, []
        for key, name in buckets.items():
            n = self.counts[key]
            if n:
                width = 100 * n / total
                parts.append((key, name, n, "%.3f" % x, "%.3f" % width))
                x += width
        return parts


@dataclass
class TaskRow:
    task: Task
    bucket: str
    entry: ProgressEntry | None  # the approved entry the result comes from (this period or an earlier one)
    current: ProgressEntry | None  # this period's entry, whatever its state
    overdue: bool
    state: str = MISSING  # where the lead unit's report stands (period_rules, rule 6)

    @property
    def bucket_label(self) -> str:
        return BUCKETS[self.bucket]

    @property
    def reported_status(self) -> str:
        return reported_status(self.bucket, self.overdue)

    @property
    def state_label(self) -> str:
        return REPORT_STATES.get(self.state, self.state)


def without_result(rows: list[TaskRow]) -> list[TaskRow]:
    """The tasks without an approved result in the period ("chưa có kết quả được duyệt"): one
    sentence per area in the report's body, listed in the annex's sheet for the Office."""
    return [row for row in rows if row.entry is None]


@dataclass
class TargetRow:
    target: Target
    value: float | None
    text: str
    met: bool | None
    unit: Unit | None


@dataclass
class UnitProgress(ReportCounts):
    """Where one lead unit's reports stand (period_rules, rule 6), for the dashboard."""

    unit: Unit | None = None

    @property
    def not_submitted(self) -> int:
        return self.pending

    @property
    def state(self) -> str:
        if self.pending == 0:
            return "Đã gửi đủ"
        if self.not_started == self.to_report:
            return "Chưa bắt đầu"
        return "Chưa gửi đủ"


@dataclass
class Remark:
    unit_name: str  # the task's lead unit
    unit_short_name: str
    task_code: str
    text: str


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
    def frame(self) -> Frame:
        return Frame(self.period, self.as_of)

    @cached_property
    def coverage(self) -> Coverage:
        """The plans counted and those of the year left out (said on the page)."""
        return coverage(self.frame, self.scope.plan_id)

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
    def _digests(self) -> list[list[tuple[str, list[Remark]]]]:
        return digests(self.period, self.scope, (ProgressEntry.difficulties, ProgressEntry.proposals))

    @property
    def difficulties(self) -> list[tuple[str, list[Remark]]]:
        return self._digests[0]

    @property
    def proposals(self) -> list[tuple[str, list[Remark]]]:
        return self._digests[1]

    @cached_property
    def rows(self) -> list[TaskRow]:
        """Every task with its result (for the exports; pages read ``task_rows`` a page at a time)."""
        return task_rows(self.period, self.scope, as_of=self.as_of)


def period_stats(period: ReportingPeriod, *, plan_id: int | None = None, area_names=None,
                 unit_id: int | None = None, as_of: date | None = None) -> PeriodStats:
    """The figures of the period. ``area_names`` limits to some areas (a focal unit's), ``unit_id``
    to one lead unit's tasks. Overdue is counted at ``as_of`` (default: the period's counting date,
    period_rules rule 5)."""
    scope = Scope(plan_id or None, frozenset(area_names) if area_names is not None else None, unit_id)
    frame = Frame(period, as_of) if as_of else Frame.of(period)
    facts = task_facts(frame, scope)
    grouped = facts.query.with_only_columns(
        Area.name, func.min(Area.position), Task.lead_unit_id, facts.bucket, facts.overdue, facts.state,
        func.count(Task.id),
    ).group_by(Area.name, Task.lead_unit_id, facts.bucket, facts.overdue, facts.state)
    total, by_area, by_unit, progress, order = Tally(), {}, {}, {}, {}
    for area, position, unit_id_, bucket, overdue, state, n in db.session.execute(grouped):
        overdue = bool(overdue)
        total.add(bucket, overdue, n)
        by_area.setdefault(area, Tally()).add(bucket, overdue, n)
        order[area] = min(order.get(area, position), position)
        by_unit.setdefault(unit_id_, Tally()).add(bucket, overdue, n)
        progress.setdefault(unit_id_, UnitProgress()).add(state, n)
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(list(by_unit))))} if by_unit else {}
    for unit_id_, p in progress.items():
        p.unit = units[unit_id_]
    key = lambda uid: (units[uid].position, units[uid].name)  # noqa: E731
    return PeriodStats(
        period=period, scope=scope, total=total,
        by_area=sorted(by_area.items(), key=lambda pair: (order[pair[0]], pair[0])),
        by_unit=[(units[uid], by_unit[uid]) for uid in sorted(by_unit, key=key)],
        units=[progress[uid] for uid in sorted(progress, key=key)],
        awaiting=sum(p.submitted for p in progress.values()), as_of=frame.as_of,
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
    facts = task_facts(Frame(period, as_of) if as_of else Frame.of(period), scope)
    query = facts.query
    if bucket == "done":
        query = query.where(facts.done)
    elif bucket in BUCKETS:
        query = query.where(facts.bucket == bucket)
    if area:
        query = query.where(Area.name == area)
    if unit_id:
        query = query.where(Task.lead_unit_id == unit_id)
    if overdue:
        query = query.where(facts.overdue)
    if waiting:
        query = query.where(facts.awaiting)
    if count_only:
        return None, db.session.scalar(query.with_only_columns(func.count(Task.id)))
    page = query.with_only_columns(Task.id, facts.bucket, facts.overdue, facts.current_id,
                                   facts.carried_entry.id, facts.state).order_by(
        Plan.issued_on.nulls_first(), Plan.id, Area.position, Task.position, Task.id)
    if limit is not None:
        page = page.limit(limit).offset(offset)
    facts_rows = db.session.execute(page).all()
    ids = [r[0] for r in facts_rows]
    tasks = {t.id: t for t in db.session.scalars(
        select(Task).where(Task.id.in_(ids)).join(Task.area).join(Task.lead_unit)
        .options(contains_eager(Task.area), contains_eager(Task.lead_unit)))} if ids else {}
    entry_ids = [r[3] for r in facts_rows if r[3]] + [r[4] for r in facts_rows if r[4]]
    entries = {e.id: e for e in db.session.scalars(
        select(ProgressEntry).where(ProgressEntry.id.in_(entry_ids))
        .options(selectinload(ProgressEntry.evidence), selectinload(ProgressEntry.target_results),
                 joinedload(ProgressEntry.period)))} if entry_ids else {}
    rows = []
    for task_id, bucket_, overdue_, entry_id, carried_id, state in facts_rows:
        now = entries.get(entry_id)
        result = now if now is not None and now.status == APPROVED else entries.get(carried_id)
        rows.append(TaskRow(tasks[task_id], bucket_, result, now, bool(overdue_), state))
    return rows, len(rows)


def target_rows(period: ReportingPeriod, scope: Scope) -> list[TargetRow]:
    """Each target linked to a task in scope, with the value of the latest approved entry of the period.

    Each target is tested (one of its tasks in scope), rather than every task in scope listed first: a
    department has far fewer targets than tasks. No target, no second query."""
    counted = in_scope(Frame.of(period), scope)
    linked = (select(task_targets.c.target_id).join(Task, Task.id == task_targets.c.task_id)
              .join(Plan, Plan.id == Task.plan_id)
              .where(task_targets.c.target_id == Target.id, counted).correlate(Target))
    targets = list(db.session.scalars(
        select(Target).where(linked.exists()).join(Target.area).join(Area.plan)
        .options(contains_eager(Target.area).contains_eager(Area.plan).selectinload(Plan.areas)
                 .selectinload(Area.targets), selectinload(Target.responsible_unit))
        .order_by(Plan.id, Area.position, Target.position)).unique())
    if not targets:
        return []
    results = db.session.execute(
        select(TargetResult.target_id, TargetResult.value, TargetResult.text)
        .join(ProgressEntry, ProgressEntry.id == TargetResult.entry_id)
        .join(Task, Task.id == ProgressEntry.task_id).join(Plan, Plan.id == Task.plan_id)
        .where(TargetResult.target_id.in_([target.id for target in targets]),
               ProgressEntry.period_id == period.id, ProgressEntry.status == APPROVED, counted)
        .order_by(func.coalesce(ProgressEntry.decided_at, ProgressEntry.updated_at), ProgressEntry.id)
    ).all()
    latest = {target_id: (value, text) for target_id, value, text in results}  # the latest wins
    rows = []
    for target in targets:
        value, text = latest.get(target.id, (None, ""))
        rows.append(TargetRow(target, value, text or "", target.met(value), target.responsible_unit))
    return rows


def digest(period: ReportingPeriod, scope: Scope, column, limit: int | None = DIGEST_LIMIT):
    """Difficulties or proposals of the period's approved entries, by area, attributed to the unit
    (the columns shown, not the entries, tasks and units)."""
    return digests(period, scope, (column,), limit)[0]


def digests(period: ReportingPeriod, scope: Scope, columns, limit: int | None = DIGEST_LIMIT):
    """``digest`` of several columns (the dashboard's difficulties and proposals) from one query: the
    entries with any of them written, each column's remarks in the same order, ``limit`` each."""
    query = (
        select(Area.name, Unit.name, Unit.short_name, Task.code, *columns)
        .select_from(ProgressEntry).join(Task, Task.id == ProgressEntry.task_id).join(Area, Area.id == Task.area_id)
        .join(Plan, Plan.id == Task.plan_id)
        .where(ProgressEntry.period_id == period.id, ProgressEntry.status == APPROVED,
               or_(*(column != "" for column in columns)), in_scope(Frame.of(period), scope))
        .join(Unit, Unit.id == Task.lead_unit_id)
        .order_by(Area.position, Task.position, ProgressEntry.id)
    )
    if limit is not None and len(columns) == 1:
        query = query.limit(limit)
    groups: list[dict[str, list[Remark]]] = [OrderedDict() for _ in columns]
    counts = [0] * len(columns)
    for area, unit_name, unit_short_name, task_code, *texts in db.session.execute(query):
        for i, text in enumerate(texts):
            if text != "" and (limit is None or counts[i] < limit):
                groups[i].setdefault(area, []).append(Remark(unit_name, unit_short_name, task_code, text))
                counts[i] += 1
        if limit is not None and min(counts) >= limit:
            break
    return [list(g.items()) for g in groups]
