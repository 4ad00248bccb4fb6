"""Shared by the plan service tests (one file per entity, like app/plans/routes/)."""
from datetime import date

from sqlalchemy import func, select

from app.audit import AuditLog
from app.extensions import db
from app.plans.services import PlanData, TaskData

D = date(2026, 6, 30)
CLOSED_MESSAGE = "Kế hoạch đã kết thúc nên không thể sửa."


def audit_rows(object_type, object_id):
    return list(db.session.scalars(
        select(AuditLog).where(AuditLog.object_type == object_type, AuditLog.object_id == object_id)
        .order_by(AuditLog.id)
    ))


def audit_count():
    return db.session.scalar(select(func.count(AuditLog.id)))


def plan_data(**kw):
    kw.setdefault("kind", "annual")
    kw.setdefault("title", "Kế hoạch cải cách hành chính năm 2026")
    kw.setdefault("year", 2026)
    return PlanData(**kw)


def task_data(lead, **kw):
    kw.setdefault("title", "Rà soát, công khai thủ tục hành chính")
    kw.setdefault("deadline", D)
    return TaskData(lead_unit_id=lead.id, **kw)


def task_data_of(task, **changes):
    """The data of ``task`` as the edit form would send it back, with ``changes``."""
    data = dict(
        code=task.code, title=task.title, detail=task.detail, items=[i.text for i in task.items],
        lead_unit_id=task.lead_unit_id, cooperating_unit_ids=[u.id for u in task.cooperating_units],
        deadline=task.deadline, recurring=task.recurring, output=task.output,
        target_ids=[t.id for t in task.targets], area_id=None,
    )
    data.update(changes)
    return TaskData(**data)
