"""The plan itself: create, edit the header, issue (ban hành), close, delete a draft."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ... import audit
from ...errors import DomainError, EditConflict
from ...extensions import db
from ...formatting import utcnow
from ..models import CLOSED, DRAFT, ISSUED, PLAN_KINDS, STANDARD_AREAS, Area, Plan
from .common import ensure_editable, touch


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
    touch(plan)


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
    ensure_editable(plan)
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
