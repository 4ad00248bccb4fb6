"""The unit checklist ("Việc của đơn vị"): every live task a unit leads or helps with.

The page runs a fixed number of queries whatever the number of tasks: one for
the tasks with their plan, area and lead unit (joined), one each for the
cooperating units and the sub-items (subquery loads, never one query per row).
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload, subqueryload

from ..extensions import db
from ..plans.models import ISSUED, Area, Plan, Task, task_cooperating_units
from ..search import match_all
from .models import ProgressEntry

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


def unit_checklist(unit_id: int, filters: ChecklistFilters, today: date, due_soon_days: int = 7) -> list[ChecklistRow]:
    query = (
        _assigned_live_tasks(unit_id)
        .options(
            contains_eager(Task.plan),
            contains_eager(Task.area),
            joinedload(Task.lead_unit),
            subqueryload(Task.cooperating_units),
            subqueryload(Task.items),
        )
        .order_by(Plan.issued_on.desc(), Plan.id.desc(), Area.position, Task.position)
    )
    if filters.plan_id:
        query = query.where(Task.plan_id == filters.plan_id)
    if filters.area:
        query = query.where(Area.name == filters.area)
    if filters.role == LEAD:
        query = query.where(Task.lead_unit_id == unit_id)
    elif filters.role == COOPERATING:
        query = query.where(Task.lead_unit_id != unit_id)
    if filters.overdue:
        query = query.where(Task.recurring.is_(False), Task.deadline < today)
    condition = match_all(Task.search_text, filters.q)
    if condition is not None:
        query = query.where(condition)

    rows = []
    for task in db.session.scalars(query).unique():
        state, label = task.deadline_state(today, due_soon_days)
        rows.append(ChecklistRow(task, LEAD if task.lead_unit_id == unit_id else COOPERATING, state, label))
    return rows


def checklist_options(unit_id: int) -> tuple[list[Plan], list[str]]:
    """The plans and area names a unit's checklist can be filtered by (two queries)."""
    base = _assigned_live_tasks(unit_id).subquery()
    plans = list(db.session.scalars(
        select(Plan).where(Plan.id.in_(select(base.c.plan_id))).order_by(Plan.issued_on.desc(), Plan.id.desc())
    ))
    names = list(db.session.scalars(
        select(Area.name).where(Area.id.in_(select(base.c.area_id))).group_by(Area.name)
        .order_by(func.min(Area.position), Area.name)
    ))
    return plans, names


def open_task_count(unit_id: int | None) -> int:
    """Tasks on the unit's checklist (every live task of an issued plan it is assigned to)."""
    if unit_id is None:
        return 0
    return db.session.scalar(select(func.count()).select_from(_assigned_live_tasks(unit_id).subquery())) or 0


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


def summarize(rows: list[ChecklistRow]) -> dict[str, int]:
    return {
        "total": len(rows),
        "overdue": sum(1 for r in rows if r.state == "overdue"),
        "due_soon": sum(1 for r in rows if r.state == "due_soon"),
        "lead": sum(1 for r in rows if r.role == LEAD),
    }


def tasks_with_progress(task_ids) -> set[int]:
    """Which of these tasks already have progress entries (they can be archived, not deleted)."""
    task_ids = list(task_ids)
    if not task_ids:
        return set()
    return set(db.session.scalars(
        select(ProgressEntry.task_id).where(ProgressEntry.task_id.in_(task_ids)).distinct()
    ))
