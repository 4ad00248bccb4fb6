"""Building, issuing and closing plans. Plain functions with explicit arguments.

Each function checks the domain rules (raising DomainError with Vietnamese
messages), adds its audit record and flushes; it never commits. The request
(or the CLI's ``transaction()``) commits once, so several services compose
into one transaction (see app/transactions.py). Who may call them is decided
by app.permissions, in the routes.
"""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from .. import audit
from ..errors import DomainError, EditConflict
from ..extensions import db
from ..formatting import utcnow
from ..org.models import Unit
from ..progress.queries import tasks_with_progress
from .models import (
    CLOSED,
    COMPARATORS,
    DRAFT,
    ISSUED,
    METRIC_KINDS,
    PLAN_KINDS,
    STANDARD_AREAS,
    Area,
    Plan,
    PlanTarget,
    Target,
    Task,
    TaskItem,
)


def _ensure_editable(plan: Plan) -> None:
    if plan.status == CLOSED:
        raise DomainError("Kế hoạch đã kết thúc nên không thể sửa.")


# -- plans -------------------------------------------------------------------------

@dataclass
class PlanData:
    kind: str
    title: str
    number: str = ""
    issued_on: date | None = None
    year: int | None = None
    start_year: int | None = None
    end_year: int | None = None
    basis: str = ""
    parent_id: int | None = None
    notes: str | None = None  # None: leave the plan's notes as they are


def _validate_plan(data: PlanData, plan_id: int | None) -> None:
    errors = []
    if data.kind not in PLAN_KINDS:
        errors.append("Loại kế hoạch không hợp lệ.")
    if not data.title.strip():
        errors.append("Vui lòng nhập tên kế hoạch.")
    if data.kind == "programme":
        if not data.start_year or not data.end_year:
            errors.append("Chương trình giai đoạn cần có năm bắt đầu và năm kết thúc.")
        elif data.start_year > data.end_year:
            errors.append("Năm bắt đầu phải trước hoặc bằng năm kết thúc.")
    elif not data.year:
        errors.append("Vui lòng nhập năm của kế hoạch.")
    for y in (data.year, data.start_year, data.end_year):
        if y is not None and not 2000 <= y <= 2100:
            errors.append("Năm phải trong khoảng 2000–2100.")
            break
    if data.parent_id is not None:
        parent = db.session.get(Plan, data.parent_id)
        if parent is None or parent.kind != "programme":
            errors.append("Chương trình cấp trên không hợp lệ.")
        elif plan_id is not None and parent.id == plan_id:
            errors.append("Kế hoạch không thể thực hiện chính nó.")
    if data.number.strip():
        same = db.session.scalar(
            select(Plan.id).where(func.lower(Plan.number) == data.number.strip().lower(), Plan.id != (plan_id or 0))
        )
        if same:
            errors.append(f"Số ký hiệu “{data.number.strip()}” đã được dùng cho kế hoạch khác.")
    if errors:
        raise DomainError(*errors)


def _apply_plan(plan: Plan, data: PlanData) -> None:
    plan.kind = data.kind
    plan.title = data.title.strip()
    plan.number = data.number.strip()
    plan.issued_on = data.issued_on
    if data.kind == "programme":
        plan.year, plan.start_year, plan.end_year = None, data.start_year, data.end_year
    else:
        plan.year, plan.start_year, plan.end_year = data.year, None, None
    plan.basis = "\n".join(line.strip() for line in data.basis.splitlines() if line.strip())
    plan.parent_id = data.parent_id
    if data.notes is not None:
        plan.notes = data.notes.strip()
    plan.updated_at = utcnow()


def create_plan(actor, data: PlanData, standard_codes=(), extra_areas=()) -> Plan:
    """Create a draft plan with the chosen standard areas (1–6) and extra areas."""
    _validate_plan(data, None)
    plan = Plan(status=DRAFT, created_by_id=actor.id if actor else None)
    _apply_plan(plan, data)
    db.session.add(plan)
    db.session.flush()
    plan = db.session.get(Plan, plan.id)  # parent relationship loaded for the snapshot
    audit.record(actor, "create", plan, None, plan.audit_snapshot())
    position = 0
    for code in sorted(set(standard_codes)):
        if code in STANDARD_AREAS:
            position += 1
            area = Area(plan=plan, name=STANDARD_AREAS[code], standard_code=code, position=position)
            db.session.add(area)
            db.session.flush()
            audit.record(actor, "create", area, None, area.audit_snapshot())
    for name in extra_areas:
        if name.strip():
            position += 1
            area = Area(plan=plan, name=name.strip(), position=position)
            db.session.add(area)
            db.session.flush()
            audit.record(actor, "create", area, None, area.audit_snapshot())
    db.session.flush()
    return plan


def update_plan(actor, plan: Plan, data: PlanData, expected_version: int | None = None) -> Plan:
    _ensure_editable(plan)
    EditConflict.check(plan, expected_version, "Thông tin kế hoạch")
    _validate_plan(data, plan.id)
    if plan.status != DRAFT and (not data.number.strip() or data.issued_on is None):
        raise DomainError("Kế hoạch đã ban hành phải có số ký hiệu và ngày ban hành.")
    before = plan.audit_snapshot()
    _apply_plan(plan, data)
    db.session.flush()
    db.session.refresh(plan, ["parent"])
    audit.record(actor, "update", plan, before, plan.audit_snapshot())
    db.session.flush()
    return plan


def issue_problems(plan: Plan, number: str, issued_on: date | None) -> list[str]:
    """Why the plan cannot be issued yet; an empty list means it can."""
    problems = []
    if plan.status != DRAFT:
        problems.append("Chỉ kế hoạch đang ở trạng thái dự thảo mới ban hành được.")
    if not number.strip():
        problems.append("Vui lòng nhập số ký hiệu của văn bản ban hành (ví dụ 639/KH-SCT).")
    if issued_on is None:
        problems.append("Vui lòng nhập ngày ban hành.")
    live_tasks = [t for area in plan.areas for t in area.tasks if not t.archived]
    if not live_tasks:
        problems.append("Kế hoạch chưa có nhiệm vụ nào.")
    for task in live_tasks:
        if task.deadline is None and not task.recurring:
            problems.append(f"Nhiệm vụ {task.code or task.title[:40]} chưa có thời hạn.")
    return problems


def issue_plan(actor, plan: Plan, number: str, issued_on: date | None) -> Plan:
    """Ban hành: from now on every assigned unit sees its tasks."""
    if number.strip():
        same = db.session.scalar(
            select(Plan.id).where(func.lower(Plan.number) == number.strip().lower(), Plan.id != plan.id)
        )
        if same:
            raise DomainError(f"Số ký hiệu “{number.strip()}” đã được dùng cho kế hoạch khác.")
    problems = issue_problems(plan, number, issued_on)
    if problems:
        raise DomainError(*problems)
    before = plan.audit_snapshot()
    plan.number, plan.issued_on = number.strip(), issued_on
    plan.status, plan.issued_at, plan.updated_at = ISSUED, utcnow(), utcnow()
    audit.record(actor, "issue", plan, before, plan.audit_snapshot())
    db.session.flush()
    return plan


def close_plan(actor, plan: Plan) -> Plan:
    if plan.status != ISSUED:
        raise DomainError("Chỉ kế hoạch đã ban hành mới kết thúc được.")
    before = plan.audit_snapshot()
    plan.status, plan.closed_at, plan.updated_at = CLOSED, utcnow(), utcnow()
    audit.record(actor, "close", plan, before, plan.audit_snapshot())
    db.session.flush()
    return plan


def delete_plan(actor, plan: Plan) -> None:
    if plan.status != DRAFT:
        raise DomainError("Chỉ xóa được kế hoạch dự thảo; kế hoạch đã ban hành được lưu giữ.")
    children = db.session.scalar(select(func.count(Plan.id)).where(Plan.parent_id == plan.id))
    if children:
        raise DomainError("Có kế hoạch đang thực hiện chương trình này nên không thể xóa.")
    audit.record(actor, "delete", plan, plan.audit_snapshot(), None)
    db.session.delete(plan)
    db.session.flush()


# -- ordering helpers ---------------------------------------------------------------

def _move(items: list, item, direction: str) -> bool:
    """Swap ``item`` with its neighbour in ``items``; renumber positions 1..n."""
    ordered = list(items)
    index = ordered.index(item)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for pos, obj in enumerate(ordered, start=1):
        obj.position = pos
    items.sort(key=lambda obj: obj.position)  # the loaded collection follows, without a reload
    return True


def _remove(items: list, item) -> None:
    """Delete ``item`` from its ordered collection and close the gap in positions."""
    items.remove(item)
    db.session.delete(item)
    for pos, obj in enumerate(items, start=1):
        obj.position = pos


# -- areas ---------------------------------------------------------------------------

def _unit_or_none(unit_id: int | None) -> Unit | None:
    if unit_id is None:
        return None
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        raise DomainError("Đơn vị không tồn tại.")
    return unit


def add_area(actor, plan: Plan, name: str, focal_unit_id: int | None = None,
             standard_code: int | None = None) -> Area:
    _ensure_editable(plan)
    name = (name or "").strip() or STANDARD_AREAS.get(standard_code or 0, "")
    if standard_code is None:
        standard_code = next((code for code, std in STANDARD_AREAS.items() if std.lower() == name.lower()), None)
    if not name:
        raise DomainError("Vui lòng nhập tên nội dung.")
    if any(a.name.lower() == name.lower() for a in plan.areas):
        raise DomainError(f"Kế hoạch đã có nội dung “{name}”.")
    area = Area(plan=plan, name=name, standard_code=standard_code if standard_code in STANDARD_AREAS else None,
                focal_unit=_unit_or_none(focal_unit_id), position=len(plan.areas) + 1)
    db.session.add(area)
    db.session.flush()
    audit.record(actor, "create", area, None, area.audit_snapshot())
    db.session.flush()
    return area


def update_area(actor, area: Area, name: str, focal_unit_id: int | None,
                expected_version: int | None = None) -> Area:
    _ensure_editable(area.plan)
    EditConflict.check(area, expected_version, "Nội dung này")
    name = (name or "").strip()
    if not name:
        raise DomainError("Vui lòng nhập tên nội dung.")
    if any(a.id != area.id and a.name.lower() == name.lower() for a in area.plan.areas):
        raise DomainError(f"Kế hoạch đã có nội dung “{name}”.")
    before = area.audit_snapshot()
    area.name, area.focal_unit = name, _unit_or_none(focal_unit_id)
    audit.record(actor, "update", area, before, area.audit_snapshot())
    db.session.flush()
    return area


def move_area(actor, area: Area, direction: str) -> None:
    _ensure_editable(area.plan)
    before = area.audit_snapshot()
    if _move(area.plan.areas, area, direction):
        audit.record(actor, "move", area, before, area.audit_snapshot())
        db.session.flush()


def delete_area(actor, area: Area) -> None:
    """Delete an area with its targets and tasks, unless a task already has progress entries."""
    plan = area.plan
    _ensure_editable(plan)
    if tasks_with_progress(t.id for t in area.tasks):
        raise DomainError(
            "Nội dung này có nhiệm vụ đã được báo cáo tiến độ nên không thể xóa. "
            "Hãy lưu trữ từng nhiệm vụ thay vì xóa."
        )
    for task in list(area.tasks):
        audit.record(actor, "delete", task, task.audit_snapshot(), None)
    for target in list(area.targets):
        audit.record(actor, "delete", target, target.audit_snapshot(), None)
    audit.record(actor, "delete", area, area.audit_snapshot(), None)
    _remove(plan.areas, area)
    db.session.flush()


# -- targets --------------------------------------------------------------------------

@dataclass
class TargetData:
    text: str
    metric_kind: str | None = None
    comparator: str | None = None
    target_value: float | None = None
    unit_of_measure: str = ""
    baseline: float | None = None
    responsible_unit_id: int | None = None


def validate_target(data: TargetData) -> dict[str, str]:
    """Field name → message, for the target form."""
    errors = {}
    if not data.text.strip():
        errors["text"] = "Vui lòng nhập nội dung chỉ tiêu."
    kind = data.metric_kind or None
    if kind is not None and kind not in METRIC_KINDS:
        errors["metric_kind"] = "Loại chỉ số không hợp lệ."
    if data.comparator and data.comparator not in COMPARATORS:
        errors["comparator"] = "Phép so sánh không hợp lệ."
    if kind is None:
        if data.target_value is not None:
            errors["metric_kind"] = "Hãy chọn loại chỉ số cho giá trị chỉ tiêu."
        return errors
    if data.target_value is None:
        errors["target_value"] = "Vui lòng nhập giá trị chỉ tiêu."
    elif kind == "percent" and not 0 <= data.target_value <= 100:
        errors["target_value"] = "Tỷ lệ phải từ 0 đến 100."
    elif kind == "yes_no" and data.target_value not in (0, 1):
        errors["target_value"] = "Chỉ tiêu Có/Không nhận giá trị 1 (Có) hoặc 0 (Không)."
    elif kind == "rank" and (data.target_value < 1 or not float(data.target_value).is_integer()):
        errors["target_value"] = "Thứ hạng là số nguyên từ 1 trở lên."
    elif data.target_value < 0:
        errors["target_value"] = "Giá trị không được âm."
    if kind != "yes_no" and not data.comparator:
        errors["comparator"] = "Hãy chọn phép so sánh (≥, ≤ hoặc =)."
    if kind == "percent" and data.baseline is not None and not 0 <= data.baseline <= 100:
        errors["baseline"] = "Tỷ lệ phải từ 0 đến 100."
    return errors


def _apply_measure(target: Target | PlanTarget, data: TargetData) -> None:
    target.text = data.text.strip()
    target.metric_kind = data.metric_kind or None
    target.comparator = ("=" if data.metric_kind == "yes_no" else data.comparator) if data.metric_kind else None
    target.target_value = data.target_value if data.metric_kind else None
    target.unit_of_measure = data.unit_of_measure.strip() if data.metric_kind else ""
    target.baseline = data.baseline if data.metric_kind else None


def _apply_target(target: Target, data: TargetData) -> None:
    _apply_measure(target, data)
    target.responsible_unit = _unit_or_none(data.responsible_unit_id)


def _add_measured(actor, plan: Plan, data: TargetData, make, apply):
    """Validate, build (``make``, then ``apply`` the data), add and audit an area or plan-wide target."""
    _ensure_editable(plan)
    errors = validate_target(data)
    if errors:
        raise DomainError(fields=errors)
    with db.session.no_autoflush:
        target = make()
        apply(target, data)
    db.session.add(target)
    db.session.flush()
    audit.record(actor, "create", target, None, target.audit_snapshot())
    db.session.flush()
    return target


def add_target(actor, area: Area, data: TargetData) -> Target:
    return _add_measured(actor, area.plan, data, lambda: Target(area=area, position=len(area.targets) + 1),
                         _apply_target)


def add_plan_target(actor, plan: Plan, data: TargetData) -> PlanTarget:
    """A target of the whole plan (an index rank, a satisfaction rate), not of one area."""
    return _add_measured(actor, plan, data, lambda: PlanTarget(plan=plan, position=len(plan.targets) + 1),
                         _apply_measure)


def update_target(actor, target: Target, data: TargetData, expected_version: int | None = None) -> Target:
    _ensure_editable(target.area.plan)
    EditConflict.check(target, expected_version, "Chỉ tiêu này")
    errors = validate_target(data)
    if errors:
        raise DomainError(fields=errors)
    before = target.audit_snapshot()
    _apply_target(target, data)
    audit.record(actor, "update", target, before, target.audit_snapshot())
    db.session.flush()
    return target


def move_target(actor, target: Target, direction: str) -> None:
    _ensure_editable(target.area.plan)
    before = target.audit_snapshot()
    if _move(target.area.targets, target, direction):
        audit.record(actor, "move", target, before, target.audit_snapshot())
        db.session.flush()


def delete_target(actor, target: Target) -> None:
    area = target.area
    _ensure_editable(area.plan)
    audit.record(actor, "delete", target, target.audit_snapshot(), None)
    _remove(area.targets, target)
    db.session.flush()


# -- tasks ------------------------------------------------------------------------------

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
    task.targets = list(db.session.scalars(select(Target).where(Target.id.in_(data.target_ids)))) \
        if data.target_ids else []
    lines = [line.strip().lstrip("+-•").strip() for line in data.items]
    lines = [line for line in lines if line]
    if [i.text for i in task.items] != lines:
        task.items = [TaskItem(position=pos, text=text) for pos, text in enumerate(lines, start=1)]
    task.updated_at = utcnow()
    task.refresh_search_text()


def next_task_code(area: Area) -> str:
    return f"{area.number}.{len(area.tasks) + 1}"


def add_task(actor, area: Area, data: TaskData) -> Task:
    plan = area.plan
    _ensure_editable(plan)
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
    _ensure_editable(plan)
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
    _ensure_editable(task.plan)
    before = task.audit_snapshot()
    if _move(task.area.tasks, task, direction):
        audit.record(actor, "move", task, before, task.audit_snapshot())
        db.session.flush()


def delete_task(actor, task: Task) -> None:
    """Delete a task that nobody has reported on; one with progress entries must be archived."""
    area = task.area
    _ensure_editable(area.plan)
    if tasks_with_progress([task.id]):
        raise DomainError(
            "Nhiệm vụ đã có báo cáo tiến độ nên không thể xóa. Hãy dùng “Lưu trữ” để ẩn nhiệm vụ mà vẫn giữ lịch sử."
        )
    audit.record(actor, "delete", task, task.audit_snapshot(), None)
    _remove(area.tasks, task)
    db.session.flush()


def archive_task(actor, task: Task) -> None:
    _ensure_editable(task.plan)
    if task.archived:
        return
    before = task.audit_snapshot()
    task.archived_at = utcnow()
    task.updated_at = utcnow()
    audit.record(actor, "archive", task, before, task.audit_snapshot())
    db.session.flush()


def restore_task(actor, task: Task) -> None:
    _ensure_editable(task.plan)
    if not task.archived:
        return
    before = task.audit_snapshot()
    task.archived_at = None
    task.updated_at = utcnow()
    audit.record(actor, "restore", task, before, task.audit_snapshot())
    db.session.flush()
