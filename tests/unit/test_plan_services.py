"""Building, issuing and closing plans through app.plans.services."""
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app.audit import AuditLog
from app.errors import DomainError, EditConflict
from app.extensions import db
from app.plans import services as s
from app.plans.models import STANDARD_AREAS, Area, Plan, Target, Task, TaskItem
from app.plans.queries import task_has_progress
from app.plans.services import PlanData, TargetData, TaskData
from app.search import fold
from app.transactions import transaction
from tests.factories import (
    issue,
    make_plan,
    make_progress_entry,
    make_target,
    make_task,
)

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


# -- plans -------------------------------------------------------------------------

def test_create_plan_adds_standard_then_extra_areas_in_order(org):
    plan = s.create_plan(
        org.office, plan_data(basis="  228/KH-UBND ngày 25/12/2025 \n\n Kế hoạch 01/KH-SCT  "),
        standard_codes=[6, 2, 2, 9], extra_areas=["Công tác chỉ đạo, điều hành", "   "],
    )
    db.session.expire_all()
    plan = db.session.get(Plan, plan.id)
    assert plan.status == "draft"
    assert plan.created_by_id == org.office.id
    assert plan.basis_lines == ["228/KH-UBND ngày 25/12/2025", "Kế hoạch 01/KH-SCT"]
    assert [(a.position, a.name, a.standard_code) for a in plan.areas] == [
        (1, STANDARD_AREAS[2], 2),
        (2, STANDARD_AREAS[6], 6),
        (3, "Công tác chỉ đạo, điều hành", None),
    ]
    assert [a.number for a in plan.areas] == [1, 2, 3]
    assert [r.action for r in audit_rows("plan", plan.id)] == ["create"]
    area_records = db.session.scalars(select(AuditLog).where(AuditLog.object_type == "area")).all()
    assert len(area_records) == 3 and all(r.plan_id == plan.id for r in area_records)


def test_programme_keeps_its_years_and_drops_a_single_year(org):
    plan = s.create_plan(org.office, PlanData(kind="programme", title="Chương trình CCHC", year=2026,
                                              start_year=2026, end_year=2030))
    assert (plan.year, plan.start_year, plan.end_year) == (None, 2026, 2030)
    assert plan.period_label == "Giai đoạn 2026–2030"


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"kind": "weekly"}, "Loại kế hoạch không hợp lệ."),
        ({"title": "   "}, "Vui lòng nhập tên kế hoạch."),
        ({"year": None}, "Vui lòng nhập năm của kế hoạch."),
        ({"year": 1999}, "Năm phải trong khoảng 2000–2100."),
        ({"kind": "programme", "year": None}, "Chương trình giai đoạn cần có năm bắt đầu và năm kết thúc."),
        ({"kind": "programme", "year": None, "start_year": 2030, "end_year": 2026},
         "Năm bắt đầu phải trước hoặc bằng năm kết thúc."),
        ({"parent_id": 999999}, "Chương trình cấp trên không hợp lệ."),
    ],
)
def test_create_plan_refuses_invalid_data(org, kw, message):
    before = audit_count()
    with pytest.raises(DomainError) as exc:
        s.create_plan(org.office, plan_data(**kw), standard_codes=[1])
    assert message in exc.value.messages
    db.session.rollback()
    assert db.session.scalar(select(func.count(Plan.id))) == 0
    assert db.session.scalar(select(func.count(Area.id))) == 0
    assert audit_count() == before


def test_plan_number_is_unique_case_insensitively(org):
    s.create_plan(org.office, plan_data(number="639/KH-SCT"))
    with pytest.raises(DomainError) as exc:
        s.create_plan(org.office, plan_data(number=" 639/kh-sct "))
    assert "Số ký hiệu “639/kh-sct” đã được dùng cho kế hoạch khác." in exc.value.messages


def test_parent_must_be_a_programme(org):
    annual = make_plan(org.office)
    with pytest.raises(DomainError) as exc:
        s.create_plan(org.office, plan_data(title="Kế hoạch con", parent_id=annual.id))
    assert "Chương trình cấp trên không hợp lệ." in exc.value.messages


def test_update_plan_records_only_what_changed(org):
    plan = make_plan(org.office)
    s.update_plan(org.office, plan, plan_data(title="Kế hoạch CCHC năm 2026 (sửa đổi)", number="12/KH-SCT"))
    record = audit_rows("plan", plan.id)[-1]
    assert record.action == "update"
    assert record.before == {"title": "Cải cách hành chính năm 2026", "number": ""}
    assert record.after == {"title": "Kế hoạch CCHC năm 2026 (sửa đổi)", "number": "12/KH-SCT"}


def test_issued_plan_keeps_its_number_and_date(org):
    plan = make_plan(org.office)
    make_task(plan.areas[0], org.ttr, deadline=D)
    issue(plan, org.office, number="5/KH-SCT")
    with pytest.raises(DomainError) as exc:
        s.update_plan(org.office, plan, plan_data(number="", issued_on=date(2026, 1, 23)))
    assert exc.value.messages == ["Kế hoạch đã ban hành phải có số ký hiệu và ngày ban hành."]


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
    task = Task(title="x", deadline=deadline, recurring=recurring)
    assert task.deadline_state(date(2026, 3, 10), **kw) == expected


# -- issuing, closing, deleting -------------------------------------------------------

def test_issue_problems_lists_everything_missing(org):
    plan = make_plan(org.office)
    assert s.issue_problems(plan, " ", None) == [
        "Vui lòng nhập số ký hiệu của văn bản ban hành (ví dụ 639/KH-SCT).",
        "Vui lòng nhập ngày ban hành.",
        "Kế hoạch chưa có nhiệm vụ nào.",
    ]
    task = make_task(plan.areas[0], org.ttr, deadline=D)
    task.deadline, task.recurring = None, False  # as an import could leave it
    db.session.commit()
    assert s.issue_problems(plan, "639/KH-SCT", date(2026, 1, 23)) == ["Nhiệm vụ 1.1 chưa có thời hạn."]
    with pytest.raises(DomainError) as exc:
        s.issue_plan(org.office, plan, "639/KH-SCT", date(2026, 1, 23))
    assert exc.value.messages == ["Nhiệm vụ 1.1 chưa có thời hạn."]
    db.session.rollback()
    assert db.session.get(Plan, plan.id).status == "draft"


def test_archived_tasks_do_not_count_for_issuing(org):
    plan = make_plan(org.office)
    task = make_task(plan.areas[0], org.ttr, deadline=D)
    s.archive_task(org.office, task)
    assert s.issue_problems(plan, "639/KH-SCT", date(2026, 1, 23)) == ["Kế hoạch chưa có nhiệm vụ nào."]


def test_issue_plan(org):
    plan = make_plan(org.office)
    make_task(plan.areas[0], org.ttr, deadline=D)
    s.issue_plan(org.office, plan, "  639/KH-SCT ", date(2026, 1, 23))
    db.session.expire_all()
    plan = db.session.get(Plan, plan.id)
    assert (plan.status, plan.number, plan.issued_on) == ("issued", "639/KH-SCT", date(2026, 1, 23))
    assert isinstance(plan.issued_at, datetime)
    assert plan.reference == "Kế hoạch số 639/KH-SCT ngày 23/01/2026"
    record = audit_rows("plan", plan.id)[-1]
    assert record.action == "issue" and record.actor_name == org.office.full_name
    assert record.changes(Plan.AUDIT_FIELDS) == [
        ("Số ký hiệu", "", "639/KH-SCT"),
        ("Ngày ban hành", "", "23/01/2026"),
        ("Trạng thái", "Dự thảo", "Đã ban hành"),
    ]
    with pytest.raises(DomainError) as exc:
        s.issue_plan(org.office, plan, "639/KH-SCT", date(2026, 1, 23))
    assert "Chỉ kế hoạch đang ở trạng thái dự thảo mới ban hành được." in exc.value.messages


def test_issue_plan_refuses_a_number_already_used(org):
    first = make_plan(org.office)
    make_task(first.areas[0], org.ttr, deadline=D)
    issue(first, org.office, number="639/KH-SCT")
    second = make_plan(org.office, title="Kế hoạch khác")
    make_task(second.areas[0], org.ttr, deadline=D)
    with pytest.raises(DomainError) as exc:
        s.issue_plan(org.office, second, "639/kh-sct", date(2026, 2, 1))
    assert exc.value.messages == ["Số ký hiệu “639/kh-sct” đã được dùng cho kế hoạch khác."]
    db.session.rollback()
    assert db.session.get(Plan, second.id).status == "draft"


def test_close_plan(org):
    plan = make_plan(org.office)
    make_task(plan.areas[0], org.ttr, deadline=D)
    with pytest.raises(DomainError) as exc:
        s.close_plan(org.office, plan)
    assert exc.value.messages == ["Chỉ kế hoạch đã ban hành mới kết thúc được."]
    issue(plan, org.office)
    s.close_plan(org.office, plan)
    assert plan.status == "closed" and plan.closed_at is not None
    record = audit_rows("plan", plan.id)[-1]
    assert record.action == "close"
    assert record.changes(Plan.AUDIT_FIELDS) == [("Trạng thái", "Đã ban hành", "Đã kết thúc")]
    with pytest.raises(DomainError):
        s.close_plan(org.office, plan)


def test_delete_draft_plan_with_everything_in_it(org):
    plan = make_plan(org.office, areas=(1, 2))
    target = make_target(plan.areas[0])
    make_task(plan.areas[0], org.ttr, deadline=D, target_ids=[target.id], coop=[org.khtc], items=["+ a"])
    plan_id = plan.id
    s.delete_plan(org.office, plan)
    for model in (Plan, Area, Target, Task, TaskItem):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0
    record = audit_rows("plan", plan_id)[-1]
    assert record.action == "delete" and record.before["title"] == "Cải cách hành chính năm 2026"


def test_only_draft_plans_can_be_deleted(org):
    plan = make_plan(org.office)
    make_task(plan.areas[0], org.ttr, deadline=D)
    issue(plan, org.office)
    with pytest.raises(DomainError) as exc:
        s.delete_plan(org.office, plan)
    assert "Chỉ xóa được kế hoạch dự thảo" in exc.value.message
    db.session.rollback()
    assert db.session.get(Plan, plan.id) is not None


def test_a_programme_implemented_by_a_plan_cannot_be_deleted(org):
    with transaction():
        programme = s.create_plan(org.office, PlanData(kind="programme", title="Chương trình CCHC 2026–2030",
                                                       start_year=2026, end_year=2030))
        s.create_plan(org.office, plan_data(parent_id=programme.id))
    with pytest.raises(DomainError) as exc:
        s.delete_plan(org.office, programme)
    assert exc.value.messages == ["Có kế hoạch đang thực hiện chương trình này nên không thể xóa."]
    db.session.rollback()
    assert db.session.get(Plan, programme.id) is not None


# -- closed plans and stale forms --------------------------------------------------------

@pytest.fixture
def built(org):
    """A plan with two areas, a target and two tasks (one archived), and its pieces."""
    plan = make_plan(org.office, areas=(1, 2))
    area = plan.areas[0]
    target = make_target(area)
    make_target(area, text="Chỉ tiêu thứ hai")
    task = make_task(area, org.ttr, deadline=D)
    archived = make_task(area, org.ttr, deadline=D)
    with transaction():
        s.archive_task(org.office, archived)

    class Built:
        pass

    Built.plan, Built.area, Built.target, Built.task, Built.archived = plan, area, target, task, archived
    return Built


def _target(value=100):
    return TargetData(text="Chỉ tiêu", metric_kind="percent", comparator=">=", target_value=value)


CHANGES = {
    "update_plan": lambda o, b: s.update_plan(o.office, b.plan, plan_data(title="Đổi tên", number=b.plan.number,
                                                                          issued_on=b.plan.issued_on)),
    "add_area": lambda o, b: s.add_area(o.office, b.plan, "Thông tin, tuyên truyền"),
    "update_area": lambda o, b: s.update_area(o.office, b.area, "Đổi tên", None),
    "move_area": lambda o, b: s.move_area(o.office, b.area, "down"),
    "delete_area": lambda o, b: s.delete_area(o.office, b.area),
    "add_target": lambda o, b: s.add_target(o.office, b.area, _target()),
    "update_target": lambda o, b: s.update_target(o.office, b.target, _target(100)),
    "move_target": lambda o, b: s.move_target(o.office, b.target, "down"),
    "delete_target": lambda o, b: s.delete_target(o.office, b.target),
    "add_task": lambda o, b: s.add_task(o.office, b.area, task_data(o.ttr)),
    "update_task": lambda o, b: s.update_task(o.office, b.task, task_data_of(b.task, title="Đổi tên")),
    "move_task": lambda o, b: s.move_task(o.office, b.task, "down"),
    "delete_task": lambda o, b: s.delete_task(o.office, b.task),
    "archive_task": lambda o, b: s.archive_task(o.office, b.task),
    "restore_task": lambda o, b: s.restore_task(o.office, b.archived),
}


def _snapshot():
    return {
        "audit": audit_count(),
        "areas": db.session.scalars(select(Area.name).order_by(Area.id)).all(),
        "targets": db.session.execute(select(Target.id, Target.position, Target.target_value)).all(),
        "tasks": db.session.execute(select(Task.id, Task.title, Task.position, Task.archived_at)).all(),
        "plan": db.session.execute(select(Plan.title, Plan.status)).all(),
    }


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_closed_plan_refuses_every_change(org, built, change):
    issue(built.plan, org.office)
    with transaction():
        s.close_plan(org.office, built.plan)
    before = _snapshot()
    with pytest.raises(DomainError) as exc:
        CHANGES[change](org, built)
    assert exc.value.messages == [CLOSED_MESSAGE]
    db.session.rollback()
    db.session.expire_all()
    assert _snapshot() == before


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_issued_plan_can_still_be_changed(org, built, change):
    issue(built.plan, org.office)
    before = audit_count()
    CHANGES[change](org, built)
    assert audit_count() > before


STALE = {
    "plan": lambda o, b, v: s.update_plan(o.office, b.plan, plan_data(title="Tên mới"), expected_version=v),
    "area": lambda o, b, v: s.update_area(o.office, b.area, "Tên mới", None, expected_version=v),
    "target": lambda o, b, v: s.update_target(o.office, b.target, _target(95), expected_version=v),
    "task": lambda o, b, v: s.update_task(o.office, b.task, task_data_of(b.task, title="Tên mới"),
                                          expected_version=v),
}


@pytest.mark.parametrize("kind", list(STALE))
def test_a_stale_form_gets_an_edit_conflict(org, built, kind):
    obj = {"plan": built.plan, "area": built.area, "target": built.target, "task": built.task}[kind]
    opened_at = obj.version
    STALE[kind](org, built, opened_at)  # someone saves first
    assert obj.version == opened_at + 1
    count = audit_count()
    with pytest.raises(EditConflict) as exc:
        STALE[kind](org, built, opened_at)
    assert "vừa được người khác thay đổi" in exc.value.message
    assert audit_count() == count
    STALE[kind](org, built, obj.version)  # with the current version it goes through
