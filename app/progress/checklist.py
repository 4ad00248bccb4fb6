"""The unit checklist ("Việc của đơn vị"): the tasks a unit leads or helps with that a period
expects (app.progress.period_rules; without an open period, today's tasks), each with its result,
its badge at the period's counting date, and the period's entry.

The page shows one page of tasks at a time and runs a fixed number of queries
whatever the number of tasks: one for the counts (apart for the tasks the unit leads, as the dashboard
counts them, and those it cooperates on), one for the page's tasks with
their plan, area and lead unit (joined) and their facts, one each for the
cooperating units and the sub-items, the period's entries and the carried ones
(never one query per row).
"""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..org.models import Unit
from ..plans.models import Area, Plan, Task, TaskItem, deadline_text, task_cooperating_units
from ..search import match_all
from .models import ProgressEntry
from .period_rules import DUE_SOON_DAYS, Frame, Scope, due_soon, in_scope, task_facts, task_state

LEAD, COOPERATING = "lead", "coop"
ROLE_LABELS = {LEAD: "Chủ trì", COOPERATING: "Phối hợp"}


@dataclass
class ChecklistFilters:
    plan_id: int | None = None
    area: str = ""  # area name: the same area appears in several plans
    role: str = ""  # lead / coop / "" for both
    overdue: bool = False
    q: str = ""

    @property
    def active(self) -> bool:
        return bool(self.plan_id or self.area or self.role or self.overdue or self.q.strip())


@dataclass
class ChecklistTask:
    """What a checklist row shows of its task: its columns, its plan and area (one object each a page), its
    lead unit's name, its cooperating units' short names and its sub-items' texts; plain values rather than
    the task entity with its relationships (loading those was a third of the page's time on the large
    department)."""

    id: int
    plan_id: int
    area_id: int
    position: int
    code: str
    title: str
    output: str
    recurring: bool
    deadline: date | None
    lead_unit_id: int
    lead_unit_name: str
    plan: Plan
    area: Area
    cooperating: list[str] = field(default_factory=list)  # short names, in the units' order
    items: list[str] = field(default_factory=list)

    @property
    def deadline_text(self) -> str:
        return deadline_text(self.recurring, self.deadline)


@dataclass
class ChecklistRow:
    task: ChecklistTask
    role: str
    state: str
    state_label: str
    entry: ProgressEntry | None = None  # this period's entry, if started
    done: ProgressEntry | None = None  # the earlier period's approved entry that reported the task done
    bucket: str = ""

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


def _facts(unit_id: int, filters: ChecklistFilters, frame: Frame):
    """The facts of the unit's tasks in the frame that pass the filters."""
    facts = task_facts(frame, Scope(plan_id=filters.plan_id, member_unit_id=unit_id,
                                    area_names=frozenset([filters.area]) if filters.area else None))
    query = facts.query
    if filters.role == LEAD:
        query = query.where(Task.lead_unit_id == unit_id)
    elif filters.role == COOPERATING:
        query = query.where(Task.lead_unit_id != unit_id)
    if filters.overdue:
        query = query.where(facts.overdue)
    condition = match_all(Task.search_text, filters.q)
    if condition is not None:
        query = query.where(condition)
    facts.query = query
    return facts


@dataclass
class RoleCounts:
    """The counts of the tasks a unit leads (or cooperates on) on its checklist."""

    total: int = 0
    done: int = 0
    overdue: int = 0
    due_soon: int = 0


@dataclass
class ChecklistSummary:
    """The counts above the checklist, apart for the tasks the unit leads and those it cooperates on: the
    lead counts are the unit's row of the dashboard ("Theo đơn vị chủ trì", which counts a task for its lead
    unit only), so a head reads the same figures on both pages."""

    lead: RoleCounts
    coop: RoleCounts
    as_of: date

    @property
    def total(self) -> int:
        return self.lead.total + self.coop.total

    @property
    def done(self) -> int:
        return self.lead.done + self.coop.done


def checklist_summary(unit_id: int, filters: ChecklistFilters, frame: Frame,
                      due_soon_days: int = DUE_SOON_DAYS) -> ChecklistSummary:
    """The counts above the checklist, over every matching task (not only the page shown), by the unit's
    role: one query over the period rules' facts (done, overdue: the dashboard's, app.reports.stats)."""
    facts = _facts(unit_id, filters, frame)

    def count(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    leads = Task.lead_unit_id == unit_id
    counted = (None, facts.done, facts.overdue, due_soon(facts, frame.as_of, due_soon_days))
    found = db.session.execute(facts.query.with_only_columns(*(
        count(and_(role, condition) if condition is not None else role)
        for role in (leads, ~leads) for condition in counted))).one()
    return ChecklistSummary(RoleCounts(*found[:4]), RoleCounts(*found[4:]), frame.as_of)


def unit_checklist(unit_id: int, filters: ChecklistFilters, frame: Frame, due_soon_days: int = DUE_SOON_DAYS,
                   limit: int | None = None, offset: int = 0) -> list[ChecklistRow]:
    """One page of the unit's tasks in the frame with their result, their badge at the frame's date
    and the period's entry. A fixed number of queries whatever the number of tasks."""
    facts = _facts(unit_id, filters, frame)
    query = (
        facts.query.join(Unit, Unit.id == Task.lead_unit_id)
        .with_only_columns(Task.id, Task.plan_id, Task.area_id, Task.position, Task.code, Task.title, Task.output,
                           Task.recurring, Task.deadline, Task.lead_unit_id, Unit.name, Plan, Area,
                           facts.bucket, facts.current_id, facts.carried_entry.id)
        .order_by(Plan.issued_on.desc().nulls_last(), Plan.id.desc(), Area.position, Task.position, Task.id)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    found = db.session.execute(query).all()
    tasks = {row[0]: ChecklistTask(*row[:13]) for row in found}
    if tasks:
        for task_id, short_name in db.session.execute(
                select(task_cooperating_units.c.task_id, Unit.short_name)
                .join(Unit, Unit.id == task_cooperating_units.c.unit_id)
                .where(task_cooperating_units.c.task_id.in_(list(tasks))).order_by(Unit.position)):
            tasks[task_id].cooperating.append(short_name)
        for task_id, text in db.session.execute(
                select(TaskItem.task_id, TaskItem.text).where(TaskItem.task_id.in_(list(tasks)))
                .order_by(TaskItem.position)):
            tasks[task_id].items.append(text)
    entry_ids = [row[-2] for row in found if row[-2]] + [row[-1] for row in found if row[-1]]
    entries = {e.id: e for e in db.session.scalars(
        select(ProgressEntry).where(ProgressEntry.id.in_(entry_ids))
        .options(joinedload(ProgressEntry.period)))} if entry_ids else {}
    rows = []
    for row in found:
        task, (bucket, entry_id, carried_id) = tasks[row[0]], row[-3:]
        state, label = task_state(task, bucket, frame.as_of, due_soon_days)
        entry = entries.get(entry_id)
        carried = entries.get(carried_id) if carried_id and not (entry and entry.status == "approved") else None
        rows.append(ChecklistRow(task, LEAD if task.lead_unit_id == unit_id else COOPERATING, state, label,
                                 entry, carried, bucket))
    return rows


def checklist_options(unit_id: int, frame: Frame) -> tuple[list[Plan], list[str]]:
    """The plans and area names a unit's checklist can be filtered by: one query, each plan with the names
    of its areas that hold the unit's tasks (the scope evaluated once, not once for the plans and again for
    the areas)."""
    found = db.session.execute(
        select(Plan, Area.name, func.min(Area.position)).select_from(Task)
        .join(Plan, Plan.id == Task.plan_id).join(Area, Area.id == Task.area_id)
        .where(in_scope(frame, Scope(member_unit_id=unit_id)))
        .group_by(Plan.id, Area.name)
    ).all()
    plans = {plan.id: plan for plan, _name, _position in found}
    first: dict[str, int] = {}
    for _plan, name, position in found:
        first[name] = min(first.get(name, position), position)
    by_issue = sorted(plans.values(), key=lambda p: p.id, reverse=True)  # newest first, undated ones last
    by_issue.sort(key=lambda p: (p.issued_on is None, -(p.issued_on.toordinal() if p.issued_on else 0)))
    return by_issue, sorted(first, key=lambda name: (first[name], name))


def open_task_count(unit_id: int | None, frame: Frame) -> int:
    """The tasks on the unit's checklist (the same frame) not yet done: the count in the menu."""
    if unit_id is None:
        return 0
    facts = task_facts(frame, Scope(member_unit_id=unit_id))
    return db.session.scalar(facts.query.with_only_columns(func.count(Task.id)).where(~facts.done)) or 0


def group_rows(rows: list[ChecklistRow]) -> list[tuple[Plan, list[tuple[Area, list[ChecklistRow]]]]]:
    """Rows by plan, then by area, keeping the query's order."""
    groups: list = []
    for row in rows:
        task = row.task
        if not groups or groups[-1][0] is not task.plan:
            groups.append((task.plan, []))
        areas = groups[-1][1]
        if not areas or areas[-1][0] is not task.area:
            areas.append((task.area, []))
        areas[-1][1].append(row)
    return groups
