"""Areas through app.plans.services."""

import pytest

from app.errors import DomainError
from app.extensions import db
from app.plans import services as s
from app.plans.models import STANDARD_AREAS, Area, Plan, Target, Task
from tests.factories import (
    make_plan,
    make_target,
    make_task,
)
from tests.db.plan_helpers import D, audit_count, audit_rows

# -- areas --------------------------------------------------------------------------

def test_add_area_appends_and_infers_the_standard_code(org):
    plan = make_plan(org.office, areas=(1,))
    finance = s.add_area(org.office, plan, "  cải cách tài chính công ", focal_unit_id=org.khtc.id)
    extra = s.add_area(org.office, plan, "Thông tin, tuyên truyền")
    digital = s.add_area(org.office, plan, "", standard_code=6)
    assert (finance.position, finance.standard_code, finance.focal_unit) == (2, 5, org.khtc)
    assert (extra.position, extra.standard_code) == (3, None)
    assert (digital.position, digital.name, digital.standard_code) == (4, STANDARD_AREAS[6], 6)
    record = audit_rows("area", finance.id)[0]
    assert record.action == "create" and record.plan_id == plan.id
    assert record.after["focal_unit"] == "Phòng Kế hoạch - Tài chính - Tổng hợp"


def test_add_area_refuses_a_duplicate_name(org):
    plan = make_plan(org.office, areas=(2,))
    with pytest.raises(DomainError) as exc:
        s.add_area(org.office, plan, "CẢI CÁCH THỦ TỤC HÀNH CHÍNH")
    assert exc.value.messages == ["Kế hoạch đã có nội dung “CẢI CÁCH THỦ TỤC HÀNH CHÍNH”."]
    db.session.rollback()
    assert len(db.session.get(Plan, plan.id).areas) == 1


@pytest.mark.parametrize(
    ("name", "focal", "message"),
    [("  ", None, "Vui lòng nhập tên nội dung."), ("Nội dung mới", 999999, "Đơn vị không tồn tại.")],
)
def test_add_area_refuses_bad_input(org, name, focal, message):
    plan = make_plan(org.office, areas=(2,))
    with pytest.raises(DomainError) as exc:
        s.add_area(org.office, plan, name, focal_unit_id=focal)
    assert message in exc.value.messages


def test_update_area_renames_and_refuses_a_sibling_name(org):
    plan = make_plan(org.office, areas=(1, 2))
    first, second = plan.areas
    s.update_area(org.office, first, "Cải cách thể chế, pháp chế", org.ttr.id)
    assert (first.name, first.focal_unit) == ("Cải cách thể chế, pháp chế", org.ttr)
    with pytest.raises(DomainError):
        s.update_area(org.office, second, "cải cách thể chế, pháp chế", None)


def test_move_area_swaps_and_renumbers(org):
    plan = make_plan(org.office, areas=(1, 2, 3))
    first, second, third = plan.areas
    s.move_area(org.office, third, "up")
    db.session.expire_all()
    plan = db.session.get(Plan, plan.id)
    assert [a.standard_code for a in plan.areas] == [1, 3, 2]
    assert [a.position for a in plan.areas] == [1, 2, 3]
    assert audit_rows("area", third.id)[-1].action == "move"


def test_moving_an_area_past_the_end_changes_nothing(org):
    plan = make_plan(org.office, areas=(1, 2))
    before = audit_count()
    s.move_area(org.office, plan.areas[0], "up")
    s.move_area(org.office, plan.areas[1], "down")
    s.move_area(org.office, plan.areas[0], "sideways")
    db.session.expire_all()
    assert [a.standard_code for a in db.session.get(Plan, plan.id).areas] == [1, 2]
    assert audit_count() == before


def test_delete_area_takes_its_targets_and_tasks_and_renumbers(org):
    plan = make_plan(org.office, areas=(1, 2, 3))
    doomed = plan.areas[1]
    target = make_target(doomed)
    task = make_task(doomed, org.ttr, deadline=D, target_ids=[target.id])
    ids = (doomed.id, target.id, task.id)
    s.delete_area(org.office, doomed)
    db.session.expire_all()
    plan = db.session.get(Plan, plan.id)
    assert [(a.position, a.standard_code) for a in plan.areas] == [(1, 1), (2, 3)]
    assert db.session.get(Area, ids[0]) is None
    assert db.session.get(Target, ids[1]) is None
    assert db.session.get(Task, ids[2]) is None
    assert [r.action for r in audit_rows("area", ids[0])][-1] == "delete"
    assert [r.action for r in audit_rows("target", ids[1])][-1] == "delete"
    assert [r.action for r in audit_rows("task", ids[2])][-1] == "delete"
