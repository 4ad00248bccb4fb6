"""Targets through app.plans.services."""

import pytest
from sqlalchemy import func, select

from app.errors import DomainError
from app.extensions import db
from app.plans import services as s
from app.plans.models import Area, Target
from app.plans.services import TargetData
from tests.factories import (
    make_plan,
    make_target,
)
from tests.db.plan_helpers import audit_rows

# -- targets ------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("kw", "errors"),
    [
        ({"metric_kind": "percent", "comparator": ">=", "target_value": 0}, {}),
        ({"metric_kind": "percent", "comparator": ">=", "target_value": 100}, {}),
        ({"metric_kind": "percent", "comparator": ">=", "target_value": 99.5}, {}),
        ({"metric_kind": "percent", "comparator": ">=", "target_value": 100.5},
         {"target_value": "Tỷ lệ phải từ 0 đến 100."}),
        ({"metric_kind": "percent", "comparator": ">=", "target_value": -1},
         {"target_value": "Tỷ lệ phải từ 0 đến 100."}),
        ({"metric_kind": "percent", "comparator": ">=", "target_value": 90, "baseline": 120},
         {"baseline": "Tỷ lệ phải từ 0 đến 100."}),
        ({"metric_kind": "yes_no", "target_value": 1}, {}),
        ({"metric_kind": "yes_no", "target_value": 0}, {}),
        ({"metric_kind": "yes_no", "target_value": 2},
         {"target_value": "Chỉ tiêu Có/Không nhận giá trị 1 (Có) hoặc 0 (Không)."}),
        ({"metric_kind": "rank", "comparator": "<=", "target_value": 10}, {}),
        ({"metric_kind": "rank", "comparator": "<=", "target_value": 0},
         {"target_value": "Thứ hạng là số nguyên từ 1 trở lên."}),
        ({"metric_kind": "rank", "comparator": "<=", "target_value": 2.5},
         {"target_value": "Thứ hạng là số nguyên từ 1 trở lên."}),
        ({"metric_kind": "count", "comparator": ">=", "target_value": -3}, {"target_value": "Giá trị không được âm."}),
        ({"metric_kind": "duration", "comparator": "<=", "target_value": 30, "unit_of_measure": "phút"}, {}),
        ({"metric_kind": "count", "target_value": 5}, {"comparator": "Hãy chọn phép so sánh (≥, ≤ hoặc =)."}),
        ({"metric_kind": "count", "comparator": "<>", "target_value": 5}, {"comparator": "Phép so sánh không hợp lệ."}),
        ({"metric_kind": "percent", "comparator": ">="}, {"target_value": "Vui lòng nhập giá trị chỉ tiêu."}),
        ({"metric_kind": "speed", "comparator": ">=", "target_value": 5}, {"metric_kind": "Loại chỉ số không hợp lệ."}),
        ({"target_value": 99}, {"metric_kind": "Hãy chọn loại chỉ số cho giá trị chỉ tiêu."}),
        ({}, {}),  # a target that is not measured
        ({"text": "  "}, {"text": "Vui lòng nhập nội dung chỉ tiêu."}),
    ],
)
def test_validate_target(kw, errors):
    kw.setdefault("text", "Tỷ lệ hồ sơ giải quyết đúng hạn")
    assert s.validate_target(TargetData(**kw)) == errors


def test_add_target_refuses_invalid_data_with_field_messages(org):
    plan = make_plan(org.office)
    with pytest.raises(DomainError) as exc:
        s.add_target(org.office, plan.areas[0], TargetData(text="Tỷ lệ", metric_kind="percent", comparator=">=",
                                                           target_value=150))
    assert exc.value.fields == {"target_value": "Tỷ lệ phải từ 0 đến 100."}
    db.session.rollback()
    assert db.session.scalar(select(func.count(Target.id))) == 0


def test_add_target_numbers_targets_and_normalises_values(org):
    plan = make_plan(org.office, areas=(1, 2))
    area = plan.areas[1]
    first = make_target(area)
    yes_no = s.add_target(org.office, area, TargetData(text="Có Bộ phận Một cửa", metric_kind="yes_no",
                                                       comparator=None, target_value=1, unit_of_measure="x"))
    plain = s.add_target(org.office, area, TargetData(text="Nâng cao chất lượng", comparator=">=",
                                                      unit_of_measure="%", responsible_unit_id=org.ttr.id))
    assert [t.position for t in area.targets] == [1, 2, 3]
    assert [t.code for t in area.targets] == ["2.MT1", "2.MT2", "2.MT3"]
    assert first.goal_text == "≥ 99%"
    assert (yes_no.comparator, yes_no.goal_text) == ("=", "Có")
    assert (plain.metric_kind, plain.comparator, plain.target_value, plain.unit_of_measure) == (None, None, None, "")
    assert plain.responsible_unit == org.ttr
    assert audit_rows("target", first.id)[0].after["goal"] == "≥ 99%"


def test_update_target_changes_the_goal_and_records_it(org):
    plan = make_plan(org.office)
    target = make_target(plan.areas[0])
    s.update_target(org.office, target, TargetData(text=target.text, metric_kind="percent", comparator=">=",
                                                   target_value=100))
    assert target.goal_text == "100%"  # "≥ 100%" reads oddly: 100% is the whole
    record = audit_rows("target", target.id)[-1]
    assert (record.action, record.before, record.after) == ("update", {"goal": "≥ 99%"}, {"goal": "100%"})


def test_move_and_delete_target_renumber(org):
    plan = make_plan(org.office)
    area = plan.areas[0]
    a, b, c = (make_target(area, text=f"Chỉ tiêu {n}") for n in "abc")
    s.move_target(org.office, c, "up")
    assert [t.text for t in area.targets] == ["Chỉ tiêu a", "Chỉ tiêu c", "Chỉ tiêu b"]
    s.delete_target(org.office, a)
    db.session.expire_all()
    area = db.session.get(Area, area.id)
    assert [(t.position, t.text) for t in area.targets] == [(1, "Chỉ tiêu c"), (2, "Chỉ tiêu b")]


@pytest.mark.parametrize(
    ("kind", "comparator", "value", "uom", "expected"),
    [
        ("percent", ">=", 99, "", "≥ 99%"),
        ("percent", ">=", 99.5, "", "≥ 99,5%"),
        ("percent", ">=", 100, "", "100%"),
        ("percent", "=", 100, "% hồ sơ", "= 100% hồ sơ"),
        ("duration", "<=", 30, "phút", "≤ 30 phút"),
        ("yes_no", "=", 1, "", "Có"),
        ("yes_no", "=", 0, "", "Không"),
        ("count", ">=", 1234, "hồ sơ", "≥ 1.234 hồ sơ"),
        ("rank", "<=", 10, "", "≤ 10"),
        (None, None, None, "", ""),
        ("percent", ">=", None, "", ""),
    ],
)
def test_target_goal_text(kind, comparator, value, uom, expected):
    target = Target(text="x", metric_kind=kind, comparator=comparator, target_value=value, unit_of_measure=uom)
    assert target.goal_text == expected


def test_target_baseline_text():
    assert Target(text="x", metric_kind="percent", baseline=95.5, unit_of_measure="").baseline_text == "95,5%"
    assert Target(text="x", metric_kind="duration", baseline=45, unit_of_measure="phút").baseline_text == "45 phút"
    assert Target(text="x", metric_kind="percent", baseline=None).baseline_text == ""
