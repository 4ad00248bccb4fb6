"""Tasks through app.plans.services."""
from datetime import date

import pytest
from sqlalchemy import func, select

from app.errors import DomainError
from app.extensions import db
from app.plans import services as s
from app.plans.models import STANDARD_AREAS, Area, Task, TaskItem
from app.plans.queries import task_has_progress
from app.plans.services import TaskData
from app.search import fold
from app.transactions import transaction
from tests.factories import (
    make_plan,
    make_progress_entry,
    make_target,
    make_task,
)
from tests.db.plan_helpers import D, audit_count, audit_rows, task_data, task_data_of

# -- tasks --------------------------------------------------------------------------

def test_task_codes_follow_the_area_number(org):
    plan = make_plan(org.office, areas=(1, 2))
    area = plan.areas[1]
    first = make_task(area, org.ttr, deadline=D)
    second = make_task(area, org.ttr, deadline=D)
    custom = make_task(area, org.ttr, deadline=D, code="2.a")
    other = make_task(plan.areas[0], org.ttr, deadline=D)
    assert (first.code, second.code, custom.code, other.code) == ("2.1", "2.2", "2.a", "1.1")
    assert [t.position for t in area.tasks] == [1, 2, 3]
    assert first.plan_id == plan.id


def test_cooperating_units_exclude_the_lead(org):
    plan = make_plan(org.office)
    with pytest.raises(DomainError) as exc:
        s.add_task(org.office, plan.areas[0], task_data(org.ttr, cooperating_unit_ids=[org.khtc.id, org.ttr.id]))
    assert exc.value.fields == {"cooperating_unit_ids": "Đơn vị chủ trì không đồng thời là đơn vị phối hợp."}
    db.session.rollback()
    assert db.session.scalar(select(func.count(Task.id))) == 0


def test_cooperating_units_are_kept_once_in_unit_order(org):
    plan = make_plan(org.office)
    task = s.add_task(org.office, plan.areas[0],
                      task_data(org.ttr, cooperating_unit_ids=[org.khtc.id, org.vp.id, org.khtc.id]))
    db.session.expire_all()
    task = db.session.get(Task, task.id)
    assert task.lead_unit == org.ttr
    assert task.cooperating_units == [org.vp, org.khtc]
    assert audit_rows("task", task.id)[0].after["cooperating_units"] == \
        "Văn phòng Sở, Phòng Kế hoạch - Tài chính - Tổng hợp"


@pytest.mark.parametrize(
    ("kw", "field", "message"),
    [
        ({"title": "  "}, "title", "Vui lòng nhập tên nhiệm vụ."),
        ({"deadline": D, "recurring": True}, "deadline",
         "Nhiệm vụ thường xuyên không có thời hạn; hãy bỏ một trong hai."),
        ({"deadline": None, "recurring": False}, "deadline", "Hãy nhập thời hạn hoặc chọn “Thường xuyên”."),
        ({"area_id": 999999}, "area_id", "Nội dung không thuộc kế hoạch này."),
    ],
)
def test_add_task_refuses_invalid_data(org, kw, field, message):
    plan = make_plan(org.office)
    before = audit_count()
    with pytest.raises(DomainError) as exc:
        s.add_task(org.office, plan.areas[0], task_data(org.ttr, **kw))
    assert exc.value.fields[field] == message
    db.session.rollback()
    assert db.session.scalar(select(func.count(Task.id))) == 0
    assert audit_count() == before


@pytest.mark.parametrize(("lead_unit_id", "message"),
                         [(None, "Hãy chọn đơn vị chủ trì."), (999999, "Đơn vị chủ trì không tồn tại.")])
def test_task_needs_an_existing_lead_unit(org, lead_unit_id, message):
    plan = make_plan(org.office)
    with pytest.raises(DomainError) as exc:
        s.add_task(org.office, plan.areas[0], TaskData(title="Nhiệm vụ", lead_unit_id=lead_unit_id, deadline=D))
    assert exc.value.fields["lead_unit_id"] == message


def test_task_targets_must_be_in_the_same_plan(org):
    plan = make_plan(org.office, areas=(1, 2))
    other_plan = make_plan(org.office, title="Kế hoạch tuyên truyền CCHC năm 2026", kind="thematic")
    own = make_target(plan.areas[0])
    foreign = make_target(other_plan.areas[0])
    with pytest.raises(DomainError) as exc:
        s.add_task(org.office, plan.areas[1], task_data(org.ttr, target_ids=[own.id, foreign.id]))
    assert exc.value.fields == {"target_ids": "Chỉ tiêu liên quan phải thuộc cùng kế hoạch."}
    db.session.rollback()
    # a target of another area of the same plan is fine
    task = s.add_task(org.office, db.session.get(Area, plan.areas[1].id), task_data(org.ttr, target_ids=[own.id]))
    assert task.targets == [own]
    assert own.tasks == [task]


def test_recurring_task_has_no_deadline(org):
    plan = make_plan(org.office)
    task = make_task(plan.areas[0], org.ttr, recurring=True)
    assert (task.recurring, task.deadline, task.deadline_text) == (True, None, "Thường xuyên")
    dated = make_task(plan.areas[0], org.ttr, deadline=date(2026, 3, 31))
    assert (dated.recurring, dated.deadline_text) == (False, "31/03/2026")


def test_sub_items_come_from_lines_without_their_bullets(org):
    plan = make_plan(org.office)
    task = make_task(plan.areas[0], org.ttr, deadline=D, items=[
        "+ Rà soát quy trình nội bộ", "  - Công khai kết quả  ", "", "   ", "• Báo cáo Ủy ban", "Đánh giá",
    ])
    db.session.expire_all()
    task = db.session.get(Task, task.id)
    assert [(i.position, i.text) for i in task.items] == [
        (1, "Rà soát quy trình nội bộ"), (2, "Công khai kết quả"), (3, "Báo cáo Ủy ban"), (4, "Đánh giá"),
    ]
    assert "ra soat quy trinh noi bo" in task.search_text
    assert "bao cao uy ban" in task.search_text


def test_update_task_refreshes_search_text_and_items(org):
    plan = make_plan(org.office)
    task = make_task(plan.areas[0], org.ttr, title="Rà soát thủ tục", deadline=D, items=["+ Bước một"],
                     output="Báo cáo")
    s.update_task(org.office, task, task_data_of(task, title="Số hóa hồ sơ Đồng Nai", items=["+ Bước hai"],
                                                 output="Quyết định"))
    db.session.expire_all()
    task = db.session.get(Task, task.id)
    assert "so hoa ho so dong nai" in task.search_text
    assert "buoc hai" in task.search_text and "quyet dinh" in task.search_text
    assert "ra soat" not in task.search_text and "buoc mot" not in task.search_text
    assert task.search_text == fold(task.search_text)
    assert [i.text for i in task.items] == ["Bước hai"]
    assert db.session.scalar(select(func.count(TaskItem.id))) == 1  # the old item is gone
    record = audit_rows("task", task.id)[-1]
    assert record.before == {"title": "Rà soát thủ tục", "items": "Bước một", "output": "Báo cáo"}
    assert record.after == {"title": "Số hóa hồ sơ Đồng Nai", "items": "Bước hai", "output": "Quyết định"}


def test_update_task_with_a_blank_code_numbers_it(org):
    # The task form says "Để trống để tự đánh số" on edit as on create.
    plan = make_plan(org.office, areas=(1, 2))
    area = plan.areas[1]
    make_task(area, org.ttr, deadline=D)
    task = make_task(area, org.ttr, deadline=D, code="2.x")
    s.update_task(org.office, task, task_data_of(task, code="  "))
    assert task.code == "2.2"


def test_update_task_reassigns_lead_and_cooperating_units(org):
    plan = make_plan(org.office)
    task = make_task(plan.areas[0], org.ttr, deadline=D, coop=[org.khtc])
    s.update_task(org.office, task, task_data_of(task, lead_unit_id=org.khtc.id,
                                                 cooperating_unit_ids=[org.ttr.id, org.vp.id]))
    db.session.expire_all()
    task = db.session.get(Task, task.id)
    assert task.lead_unit == org.khtc
    assert task.cooperating_units == [org.vp, org.ttr]
    record = audit_rows("task", task.id)[-1]
    assert record.before == {"lead_unit": "Thanh tra Sở", "cooperating_units": "Phòng Kế hoạch - Tài chính - Tổng hợp"}
    assert record.after == {"lead_unit": "Phòng Kế hoạch - Tài chính - Tổng hợp",
                            "cooperating_units": "Văn phòng Sở, Thanh tra Sở"}


def test_update_task_switches_between_deadline_and_recurring(org):
    plan = make_plan(org.office)
    task = make_task(plan.areas[0], org.ttr, deadline=D)
    s.update_task(org.office, task, task_data_of(task, deadline=None, recurring=True))
    assert (task.recurring, task.deadline) == (True, None)
    with pytest.raises(DomainError) as exc:
        s.update_task(org.office, task, task_data_of(task, deadline=None, recurring=False))
    assert "deadline" in exc.value.fields


def test_moving_a_task_to_another_area_renumbers_both(org):
    plan = make_plan(org.office, areas=(1, 2))
    source, dest = plan.areas
    t1, t2, t3 = (make_task(source, org.ttr, title=f"Nhiệm vụ {n}", deadline=D) for n in (1, 2, 3))
    u1 = make_task(dest, org.ttr, title="Nhiệm vụ u1", deadline=D)
    s.update_task(org.office, t1, task_data_of(t1, area_id=dest.id))
    db.session.expire_all()
    source, dest = db.session.get(Area, source.id), db.session.get(Area, dest.id)
    assert [(t.position, t.title) for t in source.tasks] == [(1, "Nhiệm vụ 2"), (2, "Nhiệm vụ 3")]
    assert [(t.position, t.title) for t in dest.tasks] == [(1, "Nhiệm vụ u1"), (2, "Nhiệm vụ 1")]
    record = audit_rows("task", t1.id)[-1]
    assert record.before["area"] == STANDARD_AREAS[1] and record.after["area"] == STANDARD_AREAS[2]
    assert record.plan_id == plan.id
    assert u1.id  # untouched


def test_a_task_cannot_move_to_another_plans_area(org):
    plan = make_plan(org.office)
    other = make_plan(org.office, title="Kế hoạch khác")
    task = make_task(plan.areas[0], org.ttr, deadline=D)
    with pytest.raises(DomainError) as exc:
        s.update_task(org.office, task, task_data_of(task, area_id=other.areas[0].id))
    assert exc.value.fields == {"area_id": "Nội dung không thuộc kế hoạch này."}


def test_move_task_up_and_down(org):
    plan = make_plan(org.office)
    area = plan.areas[0]
    a, b, c = (make_task(area, org.ttr, title=f"Việc {n}", deadline=D) for n in "abc")
    s.move_task(org.office, a, "down")
    s.move_task(org.office, c, "up")
    db.session.expire_all()
    area = db.session.get(Area, area.id)
    assert [(t.position, t.title) for t in area.tasks] == [(1, "Việc b"), (2, "Việc c"), (3, "Việc a")]
    before = audit_count()
    s.move_task(org.office, area.tasks[0], "up")  # already first
    assert audit_count() == before


def test_delete_task_renumbers_the_rest(org):
    plan = make_plan(org.office)
    area = plan.areas[0]
    a, b, c = (make_task(area, org.ttr, title=f"Việc {n}", deadline=D, items=["+ x"]) for n in "abc")
    task_id = a.id
    s.delete_task(org.office, a)
    db.session.expire_all()
    area = db.session.get(Area, area.id)
    assert [(t.position, t.title) for t in area.tasks] == [(1, "Việc b"), (2, "Việc c")]
    assert db.session.get(Task, task_id) is None
    assert db.session.scalar(select(func.count(TaskItem.id)).where(TaskItem.task_id == task_id)) == 0
    record = audit_rows("task", task_id)[-1]
    assert (record.action, record.after, record.before["title"]) == ("delete", None, "Việc a")




def test_task_with_progress_cannot_be_deleted_only_archived(org):
    plan = make_plan(org.office)
    task = make_task(plan.areas[0], org.ttr, deadline=D)
    make_progress_entry(task, org.ttr)
    assert task_has_progress(task)
    with pytest.raises(DomainError) as exc:
        s.delete_task(org.office, task)
    assert "đã có báo cáo tiến độ" in exc.value.message
    with pytest.raises(DomainError) as exc:
        s.delete_area(org.office, task.area)
    assert "đã được báo cáo tiến độ" in exc.value.message
    db.session.rollback()
    assert db.session.get(Task, task.id) is not None
    assert [r.action for r in audit_rows("task", task.id)] == ["create"]

    s.archive_task(org.office, task)
    assert task.archived and task.archived_at is not None
    s.archive_task(org.office, task)  # already archived: nothing to record
    s.restore_task(org.office, task)
    assert not task.archived
    s.restore_task(org.office, task)
    assert [r.action for r in audit_rows("task", task.id)] == ["create", "archive", "restore"]
    archive = audit_rows("task", task.id)[1]
    assert archive.changes(Task.AUDIT_FIELDS) == [("Lưu trữ", "Không", "Có")]


def test_task_without_progress_reports_none(org):
    plan = make_plan(org.office)
    task = make_task(plan.areas[0], org.ttr, deadline=D)
    other = make_task(plan.areas[0], org.ttr, deadline=D)
    make_progress_entry(other, org.ttr)
    assert not task_has_progress(task)


@pytest.mark.parametrize(
    ("deadline", "recurring", "kw", "expected"),
    [
        (date(2026, 3, 9), False, {}, ("overdue", "Quá hạn 1 ngày")),
        (date(2026, 2, 28), False, {}, ("overdue", "Quá hạn 10 ngày")),
        (date(2026, 3, 10), False, {}, ("due_soon", "Đến hạn hôm nay")),
        (date(2026, 3, 11), False, {}, ("due_soon", "Còn 1 ngày")),
        (date(2026, 3, 17), False, {}, ("due_soon", "Còn 7 ngày")),
        (date(2026, 3, 18), False, {}, ("scheduled", "Hạn 18/03/2026")),
        (date(2026, 3, 14), False, {"due_soon_days": 3}, ("scheduled", "Hạn 14/03/2026")),
        (None, True, {}, ("recurring", "Thường xuyên")),
    ],
)
def test_task_deadline_state(deadline, recurring, kw, expected):
    from app.progress.period_rules import task_state

    task = Task(title="x", deadline=deadline, recurring=recurring)
    assert task_state(task, None, date(2026, 3, 10), **kw) == expected
    done = task_state(task, "done_late", date(2026, 3, 10), **kw)
    assert done == ("done", "Hoàn thành quá hạn")  # a done task is neither late nor due


# -- the group of section I of the report (issue #24 point 2) ------------------------------

def test_a_new_tasks_group_is_suggested_from_its_title_in_the_direction_area_only(org):
    plan = make_plan(org.office, areas=(2,))
    with transaction():
        direction = s.add_area(org.office, plan, "Công tác chỉ đạo, điều hành")
    procedures = plan.areas[0]
    inspection = make_task(direction, org.vp, "Kiểm tra công tác cải cách hành chính tại các phòng")
    plain = make_task(direction, org.vp, "Ban hành kế hoạch cải cách hành chính năm 2026")
    elsewhere = make_task(procedures, org.ttr, "Kiểm tra việc giải quyết thủ tục hành chính")
    chosen = make_task(direction, org.vp, "Kiểm tra việc công khai", topic="tuyen_truyen")
    none = make_task(direction, org.vp, "Kiểm tra việc công khai", topic=None)
    assert [t.topic for t in (inspection, plain, elsewhere, chosen, none)] == \
        ["kiem_tra", "chi_dao", None, "tuyen_truyen", None]
    assert audit_rows("task", inspection.id)[-1].after["topic"] == "Kiểm tra"


def test_editing_a_task_keeps_its_group_unless_given_one(org):
    plan = make_plan(org.office)
    task = make_task(plan.areas[0], org.ttr, deadline=D, topic="khao_sat")
    with transaction():
        s.update_task(org.office, task, task_data_of(task, title="Đo lường sự hài lòng"))  # the form not sending it
    assert task.topic == "khao_sat"
    with transaction():
        s.update_task(org.office, task, task_data_of(task, topic=None))
    assert task.topic is None
    last = audit_rows("task", task.id)[-1]
    assert (last.before["topic"], last.after["topic"]) == ("Khảo sát, đánh giá", "Không thuộc nhóm nào")


def test_an_unknown_group_is_refused(org):
    plan = make_plan(org.office)
    with pytest.raises(DomainError) as exc:
        s.add_task(org.office, plan.areas[0], task_data(org.ttr, topic="bao_chi"))
    assert exc.value.fields == {"topic": "Hãy chọn một nhóm việc trong danh sách."}
