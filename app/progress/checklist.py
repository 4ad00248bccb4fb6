"""The unit checklist ("Việc của đơn vị"): every live task a unit leads or helps with.

The page shows one page of tasks at a time and runs a fixed number of queries
whatever the number of tasks: one for the counts, one for the page's tasks with
their plan, area and lead unit (joined), one each for the cooperating units and
the sub-items, the period's entries and the done ones (never one query per row).
"""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, exists, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from ..extensions import db
from ..plans.models import ISSUED, Area, Plan, Task, task_cooperating_units
from ..search import match_all
from .models import APPROVED, DONE, ProgressEntry, ReportingPeriod
from .period_rules import task_is_done

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
class ChecklistRow:
    task: Task
    role: str
    state: str
    state_label: str
    entry: ProgressEntry | None = None  # this period's entry, if started
    done: ProgressEntry | None = None  # the approved entry that reported the task done

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


def _cooperates(unit_id: int):
    return exists().where(
        task_cooperating_units.c.task_id == Task.id, task_cooperating_units.c.unit_id == unit_id
    )


def _assigned_live_tasks(unit_id: int):
    """Tasks of issued plans, not archived, that ``unit_id`` leads or cooperates on."""
    return (
        select(Task)
        .join(Task.plan)
        .join(Task.area)
        .where(
            Plan.status == ISSUED,
            Task.archived_at.is_(None),
            or_(Task.lead_unit_id == unit_id, _cooperates(unit_id)),
        )
    )


def _filtered(unit_id: int, filters: ChecklistFilters, today: date):
    """The unit's live assigned tasks that pass the filters (no loading options, no order)."""
    query = _assigned_live_tasks(unit_id)
    if filters.plan_id:
        query = query.where(Task.plan_id == filters.plan_id)
    if filters.area:
        query = query.where(Area.name == filters.area)
    if filters.role == LEAD:
        query = query.where(Task.lead_unit_id == unit_id)
    elif filters.role == COOPERATING:
        query = query.where(Task.lead_unit_id != unit_id)
    if filters.overdue:
        query = query.where(Task.recurring.is_(False), Task.deadline < today, ~task_is_done())
    condition = match_all(Task.search_text, filters.q)
    if condition is not None:
        query = query.where(condition)
    return query


def checklist_summary(unit_id: int, filters: ChecklistFilters, today: date, due_soon_days: int = 7) -> dict:
    """The counts above the checklist, over every matching task (not only the page shown): one query."""
    done = task_is_done()
    open_dated = (Task.recurring.is_(False)) & (Task.deadline.is_not(None)) & ~done
    base = _filtered(unit_id, filters, today).with_only_columns(
        func.count(Task.id),
        func.sum(case((Task.lead_unit_id == unit_id, 1), else_=0)),
        func.sum(case((done & Task.recurring.is_(False), 1), else_=0)),
        func.sum(case((open_dated & (Task.deadline < today), 1), else_=0)),
        func.sum(case((open_dated & (Task.deadline >= today)
                       & (Task.deadline <= today + timedelta(days=due_soon_days)), 1), else_=0)),
    )
    total, lead, done_n, overdue, due_soon = db.session.execute(base).one()
    return {"total": total or 0, "lead": lead or 0, "done": done_n or 0, "overdue": overdue or 0,
            "due_soon": due_soon or 0}


def unit_checklist(unit_id: int, filters: ChecklistFilters, today: date, due_soon_days: int = 7,
                   period: ReportingPeriod | None = None, limit: int | None = None,
                   offset: int = 0) -> list[ChecklistRow]:
    """One page of the unit's tasks with, for ``period``, their entries; tasks approved as done are
    marked done (they are neither open nor overdue). A fixed number of queries whatever the number
    of tasks, and a page's cost does not grow with the data."""
    query = (
        _filtered(unit_id, filters, today)
        .options(
            contains_eager(Task.plan),
            contains_eager(Task.area),
            joinedload(Task.lead_unit),
            selectinload(Task.cooperating_units),
            selectinload(Task.items),
        )
        .order_by(Plan.issued_on.desc().nulls_last(), Plan.id.desc(), Area.position, Task.position, Task.id)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)

    tasks = list(db.session.scalars(query).unique())
    ids = [t.id for t in tasks]
    entries, done = {}, {}
    if ids and period is not None:
        entries = {e.task_id: e for e in db.session.scalars(
            select(ProgressEntry).where(ProgressEntry.period_id == period.id, ProgressEntry.task_id.in_(ids))
            .options(selectinload(ProgressEntry.contributions)))}
    if ids:
        for entry in db.session.scalars(
            select(ProgressEntry).where(ProgressEntry.task_id.in_(ids), ProgressEntry.status == APPROVED,
                                        ProgressEntry.task_status == DONE)
            .join(ProgressEntry.period).order_by(ReportingPeriod.window_end)
        ):
            done.setdefault(entry.task_id, entry)
    rows = []
    for task in tasks:
        done_entry = None if task.recurring else done.get(task.id)
        if done_entry is not None:
            late = task.deadline and done_entry.completed_on and done_entry.completed_on > task.deadline
            state, label = "done", ("Hoàn thành quá hạn" if late else "Hoàn thành")
        else:
            state, label = task.deadline_state(today, due_soon_days)
        rows.append(ChecklistRow(task, LEAD if task.lead_unit_id == unit_id else COOPERATING, state, label,
                                 entries.get(task.id), done_entry))
    return rows


def checklist_options(unit_id: int) -> tuple[list[Plan], list[str]]:
    """The plans and area names a unit's checklist can be filtered by (two queries)."""
    base = _assigned_live_tasks(unit_id).subquery()
    plans = list(db.session.scalars(
        select(Plan).where(Plan.id.in_(select(base.c.plan_id))).order_by(Plan.issued_on.desc().nulls_last(), Plan.id.desc())
    ))
    names = list(db.session.scalars(
        select(Area.name).where(Area.id.in_(select(base.c.area_id))).group_by(Area.name)
        .order_by(func.min(Area.position), Area.name)
    ))
    return plans, names


def open_task_count(unit_id: int | None) -> int:
    """Open tasks on the unit's checklist: live tasks of issued plans it is assigned to, not yet done."""
    if unit_id is None:
        return 0
    query = _assigned_live_tasks(unit_id).where(~task_is_done())
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


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
