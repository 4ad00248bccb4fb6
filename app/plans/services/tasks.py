"""Tasks (nhiệm vụ): add, edit (also into another area), order, delete, archive and restore."""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from ... import audit
from ...errors import DomainError, EditConflict
from ...extensions import db
from ...formatting import utcnow
from ...org.models import Unit
from ..models import Area, Plan, Target, Task, TaskItem
from ..queries import reported_tasks
from ..topics import SUGGESTED, TOPICS, suggest_topic
from .common import ensure_editable, move, remove, touch


@dataclass
class TaskData:
    title: str
    lead_unit_id: int | None
    code: str = ""
    detail: str = ""
    items: list[str] = field(default_factory=list)
    cooperating_unit_ids: list[int] = field(default_factory=list)
    deadline: date | None = None
    recurring: bool = False
    output: str = ""
    target_ids: list[int] = field(default_factory=list)
    area_id: int | None = None  # to move the task to another area of the same plan
    # the group of section I of the report (app.plans.topics), None for none; SUGGESTED: from the
    # title for a new task, unchanged for an existing one
    topic: str | None = SUGGESTED


def validate_task(data: TaskData, plan: Plan) -> dict[str, str]:
    errors = {}
    if not data.title.strip():
        errors["title"] = "Vui lòng nhập tên nhiệm vụ."
    if data.lead_unit_id is None:
        errors["lead_unit_id"] = "Hãy chọn đơn vị chủ trì."
    elif db.session.get(Unit, data.lead_unit_id) is None:
        errors["lead_unit_id"] = "Đơn vị chủ trì không tồn tại."
    if data.lead_unit_id is not None and data.lead_unit_id in data.cooperating_unit_ids:
        errors["cooperating_unit_ids"] = "Đơn vị chủ trì không đồng thời là đơn vị phối hợp."
    if data.recurring and data.deadline is not None:
        errors["deadline"] = "Nhiệm vụ thường xuyên không có thời hạn; hãy bỏ một trong hai."
    elif not data.recurring and data.deadline is None:
        errors["deadline"] = "Hãy nhập thời hạn hoặc chọn “Thường xuyên”."
    if data.target_ids:
        plan_targets = {t.id for a in plan.areas for t in a.targets}
        if not set(data.target_ids) <= plan_targets:
            errors["target_ids"] = "Chỉ tiêu liên quan phải thuộc cùng kế hoạch."
    if data.area_id is not None and data.area_id not in {a.id for a in plan.areas}:
        errors["area_id"] = "Nội dung không thuộc kế hoạch này."
    if data.topic is not None and data.topic != SUGGESTED and data.topic not in TOPICS:
        errors["topic"] = "Hãy chọn một nhóm việc trong danh sách."
    return errors


def _apply_task(task: Task, data: TaskData) -> None:
    task.code = data.code.strip()
    task.title = data.title.strip()
    task.detail = data.detail.strip()
    task.lead_unit = db.session.get(Unit, data.lead_unit_id)
    coop_ids = [i for i in dict.fromkeys(data.cooperating_unit_ids) if i != data.lead_unit_id]
    task.cooperating_units = list(db.session.scalars(select(Unit).where(Unit.id.in_(coop_ids)))) if coop_ids else []
    task.deadline = None if data.recurring else data.deadline
    task.recurring = data.recurring
    task.output = data.output.strip()
    if data.topic != SUGGESTED:
        task.topic = data.topic
    elif task.id is None:  # a new task: its group suggested from its title
        task.topic = suggest_topic(task.title, task.area.name)
    task.targets = list(db.session.scalars(select(Target).where(Target.id.in_(data.target_ids)))) \
        if data.target_ids else []
    lines = [line.strip().lstrip("+-•").strip() for line in data.items]
    lines = [line for line in lines if line]
    if [i.text for i in task.items] != lines:
        task.items = [TaskItem(position=pos, text=text) for pos, text in enumerate(lines, start=1)]
    touch(task)
    task.refresh_search_text()


def next_task_code(area: Area) -> str:
    return f"{area.number}.{len(area.tasks) + 1}"


def add_task(actor, area: Area, data: TaskData) -> Task:
    plan = area.plan
    ensure_editable(plan)
    errors = validate_task(data, plan)
    if errors:
        raise DomainError(fields=errors)
    code = data.code.strip() or next_task_code(area)
    with db.session.no_autoflush:  # the new task is complete only after _apply_task
        task = Task(plan=plan, area=area, position=len(area.tasks) + 1)
        _apply_task(task, data)
        task.code = code
        task.refresh_search_text()
    db.session.add(task)
    db.session.flush()
    audit.record(actor, "create", task, None, task.audit_snapshot())
    db.session.flush()
    return task


def update_task(actor, task: Task, data: TaskData, expected_version: int | None = None) -> Task:
    plan = task.plan
    ensure_editable(plan)
    EditConflict.check(task, expected_version, "Nhiệm vụ này")
    errors = validate_task(data, plan)
    if errors:
        raise DomainError(fields=errors)
    before = task.audit_snapshot()
    if data.area_id is not None and data.area_id != task.area_id:
        old_area = task.area
        new_area = db.session.get(Area, data.area_id)
        # No flush in between: loading new_area.tasks would otherwise delete the task as an orphan.
        with db.session.no_autoflush:
            old_area.tasks.remove(task)
            new_area.tasks.append(task)
        task.position = len(new_area.tasks)
        for pos, other in enumerate(old_area.tasks, start=1):
            other.position = pos
    _apply_task(task, data)
    if not task.code:  # the form says "Để trống để tự đánh số", on edit as on create
        task.code = f"{task.area.number}.{task.position}"
        task.refresh_search_text()
    audit.record(actor, "update", task, before, task.audit_snapshot())
    db.session.flush()
    return task


def move_task(actor, task: Task, direction: str) -> None:
    move(actor, task, task.plan, task.area.tasks, direction)


def delete_task(actor, task: Task) -> None:
    """Delete a task that nobody has reported on; one with progress entries must be archived."""
    area = task.area
    ensure_editable(area.plan)
    if reported_tasks([task.id]):
        raise DomainError(
            "Nhiệm vụ đã có báo cáo tiến độ nên không thể xóa. Hãy dùng “Lưu trữ” để ẩn nhiệm vụ mà vẫn giữ lịch sử."
        )
    remove(actor, task, area.tasks)


def archive_task(actor, task: Task) -> None:
    ensure_editable(task.plan)
    if task.archived:
        return
    before = task.audit_snapshot()
    task.archived_at = utcnow()
    task.updated_at = utcnow()
    audit.record(actor, "archive", task, before, task.audit_snapshot())
    db.session.flush()


def restore_task(actor, task: Task) -> None:
    ensure_editable(task.plan)
    if not task.archived:
        return
    before = task.audit_snapshot()
    task.archived_at = None
    task.updated_at = utcnow()
    audit.record(actor, "restore", task, before, task.audit_snapshot())
    db.session.flush()
