"""Targets (mục tiêu, chỉ tiêu): of an area, or of the whole plan."""
from dataclasses import dataclass

from ... import audit
from ...errors import DomainError, EditConflict
from ...extensions import db
from ..models import COMPARATORS, METRIC_KINDS, Area, Plan, PlanTarget, Target
from .common import ensure_editable, move, remove, unit_or_none


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
    target.responsible_unit = unit_or_none(data.responsible_unit_id)


def _add_measured(actor, plan: Plan, data: TargetData, make, apply):
    """Validate, build (``make``, then ``apply`` the data), add and audit an area or plan-wide target."""
    ensure_editable(plan)
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
    ensure_editable(target.area.plan)
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
    move(actor, target, target.area.plan, target.area.targets, direction)


def delete_target(actor, target: Target) -> None:
    area = target.area
    ensure_editable(area.plan)
    remove(actor, target, area.targets)
