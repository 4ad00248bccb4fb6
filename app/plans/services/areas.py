"""Areas (nội dung / lĩnh vực) of a plan."""
from ... import audit
from ...errors import DomainError, EditConflict
from ...extensions import db
from ..models import STANDARD_AREAS, Area, Plan
from ..queries import reported_tasks
from .common import ensure_editable, move, remove, unit_or_none


def add_area(actor, plan: Plan, name: str, focal_unit_id: int | None = None,
             standard_code: int | None = None) -> Area:
    ensure_editable(plan)
    name = (name or "").strip() or STANDARD_AREAS.get(standard_code or 0, "")
    if standard_code is None:
        standard_code = next((code for code, std in STANDARD_AREAS.items() if std.lower() == name.lower()), None)
    if not name:
        raise DomainError("Vui lòng nhập tên nội dung.")
    if any(a.name.lower() == name.lower() for a in plan.areas):
        raise DomainError(f"Kế hoạch đã có nội dung “{name}”.")
    area = Area(plan=plan, name=name, standard_code=standard_code if standard_code in STANDARD_AREAS else None,
                focal_unit=unit_or_none(focal_unit_id), position=len(plan.areas) + 1)
    db.session.add(area)
    db.session.flush()
    audit.record(actor, "create", area, None, area.audit_snapshot())
    db.session.flush()
    return area


def update_area(actor, area: Area, name: str, focal_unit_id: int | None,
                expected_version: int | None = None) -> Area:
    ensure_editable(area.plan)
    EditConflict.check(area, expected_version, "Nội dung này")
    name = (name or "").strip()
    if not name:
        raise DomainError("Vui lòng nhập tên nội dung.")
    if any(a.id != area.id and a.name.lower() == name.lower() for a in area.plan.areas):
        raise DomainError(f"Kế hoạch đã có nội dung “{name}”.")
    before = area.audit_snapshot()
    area.name, area.focal_unit = name, unit_or_none(focal_unit_id)
    audit.record(actor, "update", area, before, area.audit_snapshot())
    db.session.flush()
    return area


def move_area(actor, area: Area, direction: str) -> None:
    move(actor, area, area.plan, area.plan.areas, direction)


def delete_area(actor, area: Area) -> None:
    """Delete an area with its targets and tasks, unless a task already has progress entries."""
    plan = area.plan
    ensure_editable(plan)
    if reported_tasks(t.id for t in area.tasks):
        raise DomainError(
            "Nội dung này có nhiệm vụ đã được báo cáo tiến độ nên không thể xóa. "
            "Hãy lưu trữ từng nhiệm vụ thay vì xóa."
        )
    for task in list(area.tasks):
        audit.record(actor, "delete", task, task.audit_snapshot(), None)
    for target in list(area.targets):
        audit.record(actor, "delete", target, target.audit_snapshot(), None)
    remove(actor, area, plan.areas)
