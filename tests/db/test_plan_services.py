"""Plans through app.plans.services: create, update, issue, close, delete; closed plans and stale forms."""
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app.audit import AuditLog
from app.errors import DomainError, EditConflict
from app.extensions import db
from app.plans import services as s
from app.plans.models import STANDARD_AREAS, Area, Plan, Target, Task, TaskItem
from app.plans.services import PlanData, TargetData
from app.transactions import transaction
from tests.factories import assert_unchanged, fingerprint, issue, make_plan, make_target, make_task
from tests.db.plan_helpers import (
    CLOSED_MESSAGE,
    D,
    audit_count,
    audit_rows,
    plan_data,
    task_data,
    task_data_of,
)

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




@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_closed_plan_refuses_every_change(org, built, change):
    issue(built.plan, org.office)
    with transaction():
        s.close_plan(org.office, built.plan)
    before = fingerprint()
    with pytest.raises(DomainError) as exc:
        CHANGES[change](org, built)
    assert exc.value.messages == [CLOSED_MESSAGE]
    db.session.rollback()
    db.session.expire_all()
    assert_unchanged(before)


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
