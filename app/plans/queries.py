"""Reading plans: the queries pages share. Other domains read plans through these."""
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..permissions import plan_visibility_filter
from . import signals
from .models import (
    COMMON_EXTRA_AREAS,
    PLAN_KINDS,
    PLAN_STATUSES,
    STANDARD_AREAS,
    Area,
    Plan,
    Target,
    Task,
)


def plan_list(user, status: str = "", kind: str = "") -> list[tuple[Plan, int]]:
    """The plans ``user`` may read, newest first, each with its number of live tasks."""
    task_count = (
        select(func.count(Task.id)).where(Task.plan_id == Plan.id, Task.archived_at.is_(None))
        .correlate(Plan).scalar_subquery()
    )
    query = select(Plan, task_count).where(plan_visibility_filter(user))
    if status in PLAN_STATUSES:
        query = query.where(Plan.status == status)
    if kind in PLAN_KINDS:
        query = query.where(Plan.kind == kind)
    # NULLs placed explicitly (SQLite and PostgreSQL disagree): plans without a year, then drafts
    # without a date, come after the others.
    query = query.order_by(func.coalesce(Plan.year, Plan.end_year).desc().nulls_last(),
                           Plan.issued_on.desc().nulls_last(), Plan.id.desc())
    return [tuple(row) for row in db.session.execute(query.options(selectinload(Plan.parent))).all()]


def plan_tree(plan_id: int) -> Plan | None:
    """A plan with its areas, targets, tasks and their units loaded in a fixed number of queries."""
    return db.session.scalar(
        select(Plan).where(Plan.id == plan_id).options(
            selectinload(Plan.areas).selectinload(Area.targets).selectinload(Target.responsible_unit),
            selectinload(Plan.areas).selectinload(Area.focal_unit),
            selectinload(Plan.areas).selectinload(Area.tasks).options(
                selectinload(Task.lead_unit), selectinload(Task.cooperating_units),
                selectinload(Task.items), selectinload(Task.targets),
            ),
        )
    )


def plan_counts(plan: Plan) -> dict[str, int]:
    tasks = [t for a in plan.areas for t in a.tasks]
    return {
        "areas": len(plan.areas),
        "targets": sum(len(a.targets) for a in plan.areas),
        "tasks": sum(1 for t in tasks if not t.archived),
        "archived": sum(1 for t in tasks if t.archived),
    }


def programmes(exclude_id: int | None = None) -> list[Plan]:
    query = select(Plan).where(Plan.kind == "programme").order_by(Plan.start_year.desc().nulls_last(), Plan.id.desc())
    if exclude_id:
        query = query.where(Plan.id != exclude_id)
    return list(db.session.scalars(query))


def area_suggestions(plan: Plan) -> list[str]:
    """Area names the plan does not have yet: the standard six, then the common extra ones."""
    used = {a.name.lower() for a in plan.areas}
    return [n for n in (*STANDARD_AREAS.values(), *COMMON_EXTRA_AREAS) if n.lower() not in used]


def reported_tasks(task_ids) -> set[int]:
    """Which of these tasks have been reported on (they can be archived, not deleted): progress
    answers through ``signals.tasks_reported``, so plans does not import it."""
    task_ids = list(task_ids)
    if not task_ids:
        return set()
    app = current_app._get_current_object()
    return set().union(*(ids for _, ids in signals.tasks_reported.send(app, task_ids=task_ids)))


def task_has_progress(task: Task) -> bool:
    return bool(reported_tasks([task.id]))


def live_task_counts_by_lead_unit() -> dict[int, int]:
    """How many live (not archived) tasks each unit leads, across all plans."""
    return dict(db.session.execute(
        select(Task.lead_unit_id, func.count()).where(Task.archived_at.is_(None)).group_by(Task.lead_unit_id)
    ).all())


def lead_task_column(app) -> tuple[str, dict[int, int]]:
    """The unit list's column of live tasks each unit leads (a receiver of org's ``unit_list_columns``)."""
    return "Nhiệm vụ chủ trì", live_task_counts_by_lead_unit()
