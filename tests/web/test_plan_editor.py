"""The one-page plan editor (htmx): plan meta, areas, targets and tasks.

Every mutation is checked for its answer (status, fragment, HX-Trigger), the
database (re-read after the request, which runs in its own session) and the
audit record it writes. Validation errors come back as the same fragment with
status 422, the Vietnamese message and what the user typed; nothing is saved.
"""
import re
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.plans.models import Area, Plan, Target, Task
from app.transactions import transaction
from tests.factories import (
    HX,
    audits,
    count,
    fresh,
    issue,
    make_plan,
    make_progress_entry,
    make_target,
    make_task,
)

DATE_MESSAGE = "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 23/01/2026)."
NUMBER_MESSAGE = "Giá trị phải là một số (ví dụ 99 hoặc 99,5)."
CONFLICT = "vừa được người khác thay đổi"
VERSION_RE = re.compile(r'name="version" type="hidden" value="(\d+)"')


# -- helpers --------------------------------------------------------------------------

def positions(model, ids) -> list[int]:
    db.session.expire_all()
    return [db.session.get(model, i).position for i in ids]


def changed(response) -> bool:
    return response.headers.get("HX-Trigger") == "plan-changed"


@pytest.fixture
def office(client, auth, org):
    auth.login("vanphong")
    return client


@pytest.fixture
def plan(org):
    """A draft plan with the standard areas 1–3 (thể chế, TTHC, bộ máy)."""
    return make_plan(org.office, areas=(1, 2, 3))


def meta_form(plan, **overrides):
    data = {
        "version": str(plan.version), "kind": "annual", "title": plan.title, "number": "", "issued_on": "",
        "year": "2026", "start_year": "", "end_year": "", "basis": "", "parent_id": "",
    }
    data.update(overrides)
    return data


def target_form(**overrides):
    data = {
        "text": "Tỷ lệ hồ sơ giải quyết đúng hạn", "metric_kind": "percent", "comparator": ">=",
        "target_value": "99,5", "unit_of_measure": "%", "baseline": "95", "responsible_unit_id": "",
    }
    data.update(overrides)
    return data


def task_form(lead, **overrides):
    data = {
        "code": "", "title": "Rà soát, công khai thủ tục hành chính trên Cổng dịch vụ công",
        "detail": "", "items": "", "lead_unit_id": str(lead.id), "deadline": "30/06/2026", "output": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# -- the editor page ------------------------------------------------------------------

def test_editor_page_shows_the_whole_plan(office, org, plan):
    area = plan.areas[0]
    make_target(area, "Chỉ tiêu về văn bản quy phạm")
    make_task(area, org.ttr, "Rà soát văn bản quy phạm pháp luật")
    response = office.get(f"/plans/{plan.id}/edit")
    assert response.status_code == 200
    assert "<html" in response.text and "Soạn thảo kế hoạch" in response.text
    assert 'id="areas"' in response.text and 'id="plan-meta"' in response.text
    assert "Cải cách thể chế" in response.text and "Cải cách thủ tục hành chính" in response.text
    assert "Chỉ tiêu về văn bản quy phạm" in response.text and "Rà soát văn bản quy phạm pháp luật" in response.text
    assert "Ban hành kế hoạch" in response.text  # a draft can be issued from here
    assert "3 nội dung · 1 mục tiêu, chỉ tiêu · 1 nhiệm vụ" in response.text


def test_editor_answers_an_htmx_request_with_the_editor(office, org, plan):
    # No part of the UI asks for a fragment of this URL, so htmx gets the editor as well.
    response = office.get(f"/plans/{plan.id}/edit", headers=HX)
    assert response.status_code == 200
    assert 'id="areas"' in response.text and "Cải cách thể chế" in response.text


def test_editor_of_an_issued_plan_has_no_issue_form(office, org, plan):
    make_task(plan.areas[0], org.ttr)
    issue(plan, org.office)
    response = office.get(f"/plans/{plan.id}/edit")
    assert response.status_code == 200
    assert 'id="plan-issue"' not in response.text
    assert "Kế hoạch đã ban hành" in response.text


def test_editor_of_unknown_plan_is_404(office):
    assert office.get("/plans/9999/edit").status_code == 404


def test_summary_fragment_counts_live_and_archived_tasks(office, org, plan):
    make_task(plan.areas[0], org.ttr, "Nhiệm vụ một")
    task = make_task(plan.areas[0], org.ttr, "Nhiệm vụ hai")
    from app.plans.services import archive_task

    with transaction():

        archive_task(org.office, task)
    response = office.get(f"/plans/{plan.id}/summary", headers=HX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "3 nội dung · 0 mục tiêu, chỉ tiêu · 1 nhiệm vụ · 1 nhiệm vụ đã lưu trữ" in response.text


# -- plan meta ------------------------------------------------------------------------

def test_meta_fragment_and_edit_form(office, plan):
    view = office.get(f"/plans/{plan.id}/meta", headers=HX)
    assert view.status_code == 200 and "<html" not in view.text
    assert plan.title in view.text and "Sửa thông tin" in view.text
    form = office.get(f"/plans/{plan.id}/meta/edit", headers=HX)
    assert form.status_code == 200
    assert "Sửa thông tin kế hoạch" in form.text and plan.title in form.text
    assert VERSION_RE.search(form.text).group(1) == str(plan.version)


def test_update_meta(office, org, plan):
    response = office.post(f"/plans/{plan.id}/meta/edit", headers=HX, data=meta_form(
        plan, title="Kế hoạch CCHC ngành Công Thương năm 2026", number="639/KH-SCT", issued_on="23/01/2026",
        basis="Kế hoạch số 228/KH-UBND ngày 25/12/2025 của UBND tỉnh",
    ))
    assert response.status_code == 200
    assert changed(response)
    assert "Kế hoạch CCHC ngành Công Thương năm 2026" in response.text
    assert "Kế hoạch số 639/KH-SCT ngày 23/01/2026" in response.text
    assert "<form" not in response.text  # back to the read-only block
    saved = fresh(Plan, plan.id)
    assert saved.title == "Kế hoạch CCHC ngành Công Thương năm 2026"
    assert saved.number == "639/KH-SCT" and saved.issued_on == date(2026, 1, 23)
    assert saved.basis == "Kế hoạch số 228/KH-UBND ngày 25/12/2025 của UBND tỉnh"
    assert saved.status == "draft"
    [entry] = audits("update", "plan", plan.id)
    assert entry.actor_id == org.office.id
    assert entry.before["title"] == "Cải cách hành chính năm 2026"
    assert entry.after["title"] == "Kế hoạch CCHC ngành Công Thương năm 2026"
    assert entry.after["number"] == "639/KH-SCT"


def test_update_meta_to_programme(office, plan):
    response = office.post(f"/plans/{plan.id}/meta/edit", headers=HX, data=meta_form(
        plan, kind="programme", year="", start_year="2026", end_year="2030"))
    assert response.status_code == 200
    saved = fresh(Plan, plan.id)
    assert (saved.kind, saved.year, saved.start_year, saved.end_year) == ("programme", None, 2026, 2030)
    assert "Giai đoạn 2026–2030" in response.text


def test_update_meta_without_htmx_redirects_to_editor(office, plan):
    response = office.post(f"/plans/{plan.id}/meta/edit", data=meta_form(plan, title="Tên mới của kế hoạch"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/plans/{plan.id}/edit")
    assert fresh(Plan, plan.id).title == "Tên mới của kế hoạch"


@pytest.mark.parametrize(("fields", "message", "typed"), [
    ({"title": ""}, "Vui lòng nhập tên kế hoạch.", "Kế hoạch số 228/KH-UBND"),
    ({"year": "hai nghìn"}, "Giá trị phải là một số nguyên.", "hai nghìn"),
    ({"year": "1999"}, "Năm phải trong khoảng 2000–2100.", "1999"),
    ({"issued_on": "23/13/2026"}, DATE_MESSAGE, "23/13/2026"),
    ({"issued_on": "hôm qua"}, DATE_MESSAGE, "hôm qua"),
    ({"kind": "programme", "year": "", "start_year": "2030", "end_year": "2026"},
     "Năm bắt đầu phải trước hoặc bằng năm kết thúc.", "2030"),
    ({"kind": "programme", "year": "", "start_year": "2026", "end_year": ""},
     "Chương trình giai đoạn cần có năm bắt đầu và năm kết thúc.", "2026"),
])
def test_update_meta_validation(office, plan, fields, message, typed):
    before = (plan.title, plan.year, plan.version)
    data = meta_form(plan, basis="Kế hoạch số 228/KH-UBND ngày 25/12/2025", **fields)
    response = office.post(f"/plans/{plan.id}/meta/edit", headers=HX, data=data)
    assert response.status_code == 422
    assert message in response.text
    assert typed in response.text
    assert "Sửa thông tin kế hoạch" in response.text  # the same form comes back
    assert not changed(response)
    saved = fresh(Plan, plan.id)
    assert (saved.title, saved.year, saved.version) == before
    assert audits("update", "plan") == []


def test_update_meta_refuses_a_number_used_by_another_plan(office, org, plan):
    make_plan(org.office, title="Kế hoạch tuyên truyền", number="639/KH-SCT")
    response = office.post(f"/plans/{plan.id}/meta/edit", headers=HX, data=meta_form(plan, number="639/kh-sct"))
    assert response.status_code == 422
    assert "Số ký hiệu “639/kh-sct” đã được dùng cho kế hoạch khác." in response.text
    assert fresh(Plan, plan.id).number == ""


def test_update_meta_refuses_plan_as_its_own_programme(office, org):
    programme = make_plan(org.office, title="Chương trình CCHC 2026–2030", kind="programme",
                          start_year=2026, end_year=2030)
    response = office.post(f"/plans/{programme.id}/meta/edit", headers=HX, data=meta_form(
        programme, kind="programme", year="", start_year="2026", end_year="2030", parent_id=str(programme.id)))
    assert response.status_code == 422
    assert "Kế hoạch không thể thực hiện chính nó." in response.text
    assert fresh(Plan, programme.id).parent_id is None


def test_update_meta_links_the_parent_programme(office, org, plan):
    programme = make_plan(org.office, title="Chương trình CCHC 2026–2030", kind="programme",
                          start_year=2026, end_year=2030, number="12/CTr-SCT")
    response = office.post(f"/plans/{plan.id}/meta/edit", headers=HX, data=meta_form(plan, parent_id=str(programme.id)))
    assert response.status_code == 200
    assert fresh(Plan, plan.id).parent_id == programme.id
    assert "Chương trình số 12/CTr-SCT" in response.text


def test_issued_plan_keeps_its_number(office, org, plan):
    make_task(plan.areas[0], org.ttr)
    issue(plan, org.office, number="639/KH-SCT")
    response = office.post(f"/plans/{plan.id}/meta/edit", headers=HX,
                           data=meta_form(fresh(Plan, plan.id), number="", issued_on="23/01/2026"))
    assert response.status_code == 422
    assert "Kế hoạch đã ban hành phải có số ký hiệu và ngày ban hành." in response.text
    assert fresh(Plan, plan.id).number == "639/KH-SCT"


def test_update_meta_with_stale_version_does_not_overwrite(office, plan):
    form = office.get(f"/plans/{plan.id}/meta/edit", headers=HX)
    opened_version = VERSION_RE.search(form.text).group(1)
    # Someone else saves first.
    first = office.post(f"/plans/{plan.id}/meta/edit", headers=HX, data=meta_form(plan, title="Bản của người thứ nhất"))
    assert first.status_code == 200
    response = office.post(f"/plans/{plan.id}/meta/edit", headers=HX,
                           data=meta_form(plan, title="Bản của người thứ hai", version=opened_version))
    assert response.status_code == 422
    assert "Thông tin kế hoạch " + CONFLICT in response.text
    assert "Bản của người thứ hai" in response.text  # what was typed is not lost
    assert fresh(Plan, plan.id).title == "Bản của người thứ nhất"
    assert len(audits("update", "plan", plan.id)) == 1


# -- areas ----------------------------------------------------------------------------

def test_add_area(office, org, plan):
    response = office.post(f"/plans/{plan.id}/areas", headers=HX,
                           data={"name": "Công tác chỉ đạo, điều hành", "focal_unit_id": str(org.vp.id)})
    assert response.status_code == 200
    assert changed(response)
    assert "4. Công tác chỉ đạo, điều hành" in response.text
    assert 'id="area-new"' in response.text and 'hx-swap-oob="true"' in response.text  # the add form resets
    area = db.session.scalar(select(Area).where(Area.plan_id == plan.id, Area.name == "Công tác chỉ đạo, điều hành"))
    assert area.position == 4 and area.focal_unit_id == org.vp.id and area.standard_code is None
    [entry] = audits("create", "area", area.id)
    assert entry.plan_id == plan.id and entry.after["focal_unit"] == "Văn phòng Sở"


def test_add_area_with_a_standard_name_gets_its_code(office, org):
    plan = make_plan(org.office, areas=(2,))
    response = office.post(f"/plans/{plan.id}/areas", headers=HX,
                           data={"name": "cải cách thể chế", "focal_unit_id": ""})
    assert response.status_code == 200
    area = db.session.scalar(select(Area).where(Area.plan_id == plan.id, Area.position == 2))
    assert area.standard_code == 1


def test_add_area_without_htmx_redirects_to_editor(office, plan):
    response = office.post(f"/plans/{plan.id}/areas", data={"name": "Thông tin, tuyên truyền"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/plans/{plan.id}/edit")
    assert count(Area) == 4


@pytest.mark.parametrize(("name", "message"), [
    ("", "Vui lòng nhập tên nội dung."),
    ("   ", "Vui lòng nhập tên nội dung."),
    ("CẢI CÁCH THỂ CHẾ", "Kế hoạch đã có nội dung “CẢI CÁCH THỂ CHẾ”."),
])
def test_add_area_validation(office, plan, name, message):
    response = office.post(f"/plans/{plan.id}/areas", headers=HX, data={"name": name, "focal_unit_id": ""})
    assert response.status_code == 422
    assert message in response.text
    assert response.headers["HX-Retarget"] == "#area-new"
    if name.strip():
        assert f'value="{name}"' in response.text
    assert count(Area) == 3
    assert len(audits("create", "area")) == 3  # only the three made with the plan


def test_area_head_and_edit_form(office, org, plan):
    area = plan.areas[0]
    head = office.get(f"/areas/{area.id}", headers=HX)
    assert head.status_code == 200 and "1. Cải cách thể chế" in head.text
    form = office.get(f"/areas/{area.id}/edit", headers=HX)
    assert form.status_code == 200
    assert 'value="Cải cách thể chế"' in form.text
    assert VERSION_RE.search(form.text).group(1) == str(area.version)
    assert "Ban Giám đốc Sở" not in form.text  # the leadership is not a focal unit


def test_update_area(office, org, plan):
    area = plan.areas[0]
    response = office.post(f"/areas/{area.id}/edit", headers=HX, data={
        "name": "Cải cách thể chế, pháp chế", "focal_unit_id": str(org.ttr.id), "version": str(area.version)})
    assert response.status_code == 200
    assert changed(response)
    assert "1. Cải cách thể chế, pháp chế" in response.text and "Thanh tra Sở" in response.text
    saved = fresh(Area, area.id)
    assert saved.name == "Cải cách thể chế, pháp chế" and saved.focal_unit_id == org.ttr.id
    [entry] = audits("update", "area", area.id)
    assert entry.before == {"name": "Cải cách thể chế", "focal_unit": ""}
    assert entry.after == {"name": "Cải cách thể chế, pháp chế", "focal_unit": "Thanh tra Sở"}


@pytest.mark.parametrize(("name", "message"), [
    ("", "Vui lòng nhập tên nội dung."),
    ("Cải cách thủ tục hành chính", "Kế hoạch đã có nội dung “Cải cách thủ tục hành chính”."),
])
def test_update_area_validation(office, org, plan, name, message):
    area = plan.areas[0]
    response = office.post(f"/areas/{area.id}/edit", headers=HX,
                           data={"name": name, "focal_unit_id": str(org.ttr.id), "version": str(area.version)})
    assert response.status_code == 422
    assert message in response.text
    assert f'<option value="{org.ttr.id}" selected>' in response.text  # the chosen unit is kept
    saved = fresh(Area, area.id)
    assert saved.name == "Cải cách thể chế" and saved.focal_unit_id is None


def test_update_area_with_stale_version_does_not_overwrite(office, org, plan):
    area = plan.areas[0]
    old_version = area.version
    assert office.post(f"/areas/{area.id}/edit", headers=HX,
                       data={"name": "Tên thứ nhất", "version": str(old_version)}).status_code == 200
    response = office.post(f"/areas/{area.id}/edit", headers=HX,
                           data={"name": "Tên thứ hai", "version": str(old_version)})
    assert response.status_code == 422
    assert "Nội dung này " + CONFLICT in response.text
    assert 'value="Tên thứ hai"' in response.text
    assert fresh(Area, area.id).name == "Tên thứ nhất"


def test_move_area_up_and_down(office, plan):
    a1, a2, a3 = (a.id for a in plan.areas)
    response = office.post(f"/areas/{a3}/move", headers=HX, data={"direction": "up"})
    assert response.status_code == 200
    assert changed(response)
    assert positions(Area, [a1, a2, a3]) == [1, 3, 2]
    text = response.text
    assert text.index(f'id="area-{a1}"') < text.index(f'id="area-{a3}"') < text.index(f'id="area-{a2}"')
    assert "2. Cải cách tổ chức bộ máy hành chính nhà nước" in text
    [entry] = audits("move", "area", a3)
    assert entry.before["position"] == "3" and entry.after["position"] == "2"
    office.post(f"/areas/{a1}/move", headers=HX, data={"direction": "down"})
    assert positions(Area, [a1, a2, a3]) == [2, 3, 1]


@pytest.mark.parametrize(("which", "direction"), [(0, "up"), (2, "down"), (1, "sideways")])
def test_move_area_past_the_end_is_a_no_op(office, plan, which, direction):
    ids = [a.id for a in plan.areas]
    response = office.post(f"/areas/{ids[which]}/move", headers=HX, data={"direction": direction})
    assert response.status_code == 200
    assert positions(Area, ids) == [1, 2, 3]
    assert audits("move") == []


def test_move_area_without_htmx_redirects(office, plan):
    a1, a2, _ = (a.id for a in plan.areas)
    response = office.post(f"/areas/{a2}/move", data={"direction": "up"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/plans/{plan.id}/edit")
    assert positions(Area, [a1, a2]) == [2, 1]


def test_delete_area_deletes_its_targets_and_tasks(office, org, plan):
    a1, a2, a3 = plan.areas
    target = make_target(a2)
    t1 = make_task(a2, org.ttr, "Nhiệm vụ thứ nhất", coop=[org.khtc], target_ids=[target.id])
    t2 = make_task(a2, org.khtc, "Nhiệm vụ thứ hai")
    keep = make_task(a3, org.ttr, "Nhiệm vụ của nội dung khác")
    ids = {"area": a2.id, "target": target.id, "tasks": [t1.id, t2.id]}
    response = office.post(f"/areas/{a2.id}/delete", headers=HX)
    assert response.status_code == 200
    assert changed(response)
    assert "Cải cách thủ tục hành chính" not in response.text.split('id="area-new"')[0]
    assert "2. Cải cách tổ chức bộ máy hành chính nhà nước" in response.text
    assert fresh(Area, ids["area"]) is None
    assert fresh(Target, ids["target"]) is None
    assert all(fresh(Task, i) is None for i in ids["tasks"])
    assert fresh(Task, keep.id) is not None
    assert positions(Area, [a1.id, a3.id]) == [1, 2]
    assert {e.object_id for e in audits("delete", "task")} == set(ids["tasks"])
    assert [e.object_id for e in audits("delete", "target")] == [ids["target"]]
    [entry] = audits("delete", "area", ids["area"])
    assert entry.plan_id == plan.id and entry.before["name"] == "Cải cách thủ tục hành chính"


def test_delete_area_without_htmx_redirects(office, plan):
    area_id = plan.areas[0].id
    response = office.post(f"/areas/{area_id}/delete")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/plans/{plan.id}/edit")
    assert fresh(Area, area_id) is None




def test_delete_area_with_reported_task_is_refused(office, org, plan):
    area = plan.areas[1]
    task = make_task(area, org.ttr)
    issue(plan, org.office)
    make_progress_entry(task, org.ttr)
    response = office.post(f"/areas/{area.id}/delete", headers=HX)
    assert response.status_code == 422
    assert "Nội dung này có nhiệm vụ đã được báo cáo tiến độ nên không thể xóa." in response.text
    assert fresh(Area, area.id) is not None and fresh(Task, task.id) is not None
    assert audits("delete") == []


# -- targets --------------------------------------------------------------------------

def test_new_target_form_proposes_the_focal_unit(office, org, plan):
    area = plan.areas[0]
    office.post(f"/areas/{area.id}/edit", headers=HX, data={"name": area.name, "focal_unit_id": str(org.ttr.id)})
    response = office.get(f"/areas/{area.id}/targets/new", headers=HX)
    assert response.status_code == 200
    assert "Thêm chỉ tiêu vào “Cải cách thể chế”" in response.text
    assert f'<option value="{org.ttr.id}" selected>' in response.text


def test_add_target(office, org, plan):
    area = plan.areas[1]
    response = office.post(f"/areas/{area.id}/targets", headers=HX,
                           data=target_form(responsible_unit_id=str(org.ttr.id)))
    assert response.status_code == 200
    assert changed(response)
    assert f'hx-swap-oob="beforeend:#area-{area.id}-targets"' in response.text
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn" in response.text and "≥ 99,5%" in response.text
    assert "2.MT1" in response.text
    target = db.session.scalar(select(Target).where(Target.area_id == area.id))
    assert (target.metric_kind, target.comparator, target.target_value, target.baseline) == ("percent", ">=", 99.5, 95)
    assert target.responsible_unit_id == org.ttr.id and target.position == 1
    [entry] = audits("create", "target", target.id)
    assert entry.after["goal"] == "≥ 99,5%" and entry.plan_id == plan.id


def test_add_qualitative_target(office, plan):
    area = plan.areas[0]
    response = office.post(f"/areas/{area.id}/targets", headers=HX, data=target_form(
        text="Nâng cao chất lượng xây dựng văn bản", metric_kind="", comparator="", target_value="", baseline=""))
    assert response.status_code == 200
    assert "Mục tiêu định tính" in response.text
    target = db.session.scalar(select(Target).where(Target.area_id == area.id))
    assert target.metric_kind is None and target.target_value is None


def test_add_target_without_htmx_redirects(office, plan):
    response = office.post(f"/areas/{plan.areas[0].id}/targets", data=target_form())
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/plans/{plan.id}/edit")
    assert count(Target) == 1


@pytest.mark.parametrize(("fields", "message"), [
    ({"text": ""}, "Vui lòng nhập nội dung chỉ tiêu."),
    ({"target_value": "150"}, "Tỷ lệ phải từ 0 đến 100."),
    ({"target_value": "-1"}, "Tỷ lệ phải từ 0 đến 100."),
    ({"baseline": "120"}, "Tỷ lệ phải từ 0 đến 100."),
    ({"target_value": "chín chín"}, NUMBER_MESSAGE),
    ({"baseline": "9x"}, NUMBER_MESSAGE),
    ({"target_value": ""}, "Vui lòng nhập giá trị chỉ tiêu."),
    ({"comparator": ""}, "Hãy chọn phép so sánh (≥, ≤ hoặc =)."),
    ({"metric_kind": "rank", "target_value": "2,5"}, "Thứ hạng là số nguyên từ 1 trở lên."),
    ({"metric_kind": "yes_no", "target_value": "2"}, "Chỉ tiêu Có/Không nhận giá trị 1 (Có) hoặc 0 (Không)."),
    ({"metric_kind": "count", "target_value": "-5"}, "Giá trị không được âm."),
    ({"metric_kind": ""}, "Hãy chọn loại chỉ số cho giá trị chỉ tiêu."),
])
def test_add_target_validation(office, plan, fields, message):
    area = plan.areas[0]
    data = target_form(unit_of_measure="hồ sơ", **fields)
    response = office.post(f"/areas/{area.id}/targets", headers=HX, data=data)
    assert response.status_code == 422
    assert message in response.text
    assert "Lưu chỉ tiêu" in response.text  # the same form comes back
    for name in ("text", "target_value", "baseline", "unit_of_measure"):
        if data[name]:
            assert data[name] in response.text  # what was typed is still there
    assert not changed(response)
    assert count(Target) == 0
    assert audits("create", "target") == []


def test_target_row_and_edit_form(office, plan):
    target = make_target(plan.areas[0])
    row = office.get(f"/targets/{target.id}", headers=HX)
    assert row.status_code == 200 and f'id="target-{target.id}"' in row.text and "≥ 99%" in row.text
    form = office.get(f"/targets/{target.id}/edit", headers=HX)
    assert form.status_code == 200 and "Sửa chỉ tiêu" in form.text
    assert 'value="99"' in form.text and VERSION_RE.search(form.text).group(1) == str(target.version)


def test_update_target(office, org, plan):
    target = make_target(plan.areas[0])
    response = office.post(f"/targets/{target.id}/edit", headers=HX, data=target_form(
        text="Thời gian chờ tối đa", metric_kind="duration", comparator="<=", target_value="30",
        unit_of_measure="phút", baseline="", version=str(target.version)))
    assert response.status_code == 200
    assert changed(response)
    assert "Thời gian chờ tối đa" in response.text and "≤ 30 phút" in response.text
    saved = fresh(Target, target.id)
    assert (saved.text, saved.metric_kind, saved.comparator, saved.target_value) == (
        "Thời gian chờ tối đa", "duration", "<=", 30)
    [entry] = audits("update", "target", target.id)
    assert entry.before["goal"] == "≥ 99%" and entry.after["goal"] == "≤ 30 phút"


@pytest.mark.parametrize(("fields", "message"), [
    ({"target_value": "101"}, "Tỷ lệ phải từ 0 đến 100."),
    ({"target_value": "99,5%"}, NUMBER_MESSAGE),
    ({"text": ""}, "Vui lòng nhập nội dung chỉ tiêu."),
    ({"metric_kind": "rank", "target_value": "0"}, "Thứ hạng là số nguyên từ 1 trở lên."),
])
def test_update_target_validation_keeps_the_row_unchanged(office, plan, fields, message):
    target = make_target(plan.areas[0])
    data = target_form(version=str(target.version), **fields)
    response = office.post(f"/targets/{target.id}/edit", headers=HX, data=data)
    assert response.status_code == 422
    assert message in response.text and "Sửa chỉ tiêu" in response.text
    if data["text"]:
        assert data["text"] in response.text
    assert f'value="{data["target_value"]}"' in response.text
    saved = fresh(Target, target.id)
    assert (saved.text, saved.metric_kind, saved.target_value) == (
        "Tỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 99%", "percent", 99)
    assert audits("update", "target") == []


def test_update_target_with_stale_version_does_not_overwrite(office, plan):
    target = make_target(plan.areas[0])
    old = str(target.version)
    assert office.post(f"/targets/{target.id}/edit", headers=HX,
                       data=target_form(text="Bản thứ nhất", version=old)).status_code == 200
    response = office.post(f"/targets/{target.id}/edit", headers=HX, data=target_form(text="Bản thứ hai", version=old))
    assert response.status_code == 422
    assert "Chỉ tiêu này " + CONFLICT in response.text and "Bản thứ hai" in response.text
    assert fresh(Target, target.id).text == "Bản thứ nhất"


def test_move_target(office, plan):
    area = plan.areas[0]
    ids = [make_target(area, f"Chỉ tiêu {n}").id for n in (1, 2, 3)]
    response = office.post(f"/targets/{ids[1]}/move", headers=HX, data={"direction": "down"})
    assert response.status_code == 200 and changed(response)
    assert positions(Target, ids) == [1, 3, 2]
    assert response.text.index("Chỉ tiêu 3") < response.text.index("Chỉ tiêu 2")
    assert len(audits("move", "target", ids[1])) == 1
    # The first one "up": nothing moves, nothing is recorded.
    assert office.post(f"/targets/{ids[0]}/move", headers=HX, data={"direction": "up"}).status_code == 200
    assert positions(Target, ids) == [1, 3, 2]
    assert len(audits("move")) == 1


def test_delete_target(office, org, plan):
    area = plan.areas[0]
    t1, t2, t3 = (make_target(area, f"Chỉ tiêu {n}") for n in (1, 2, 3))
    task = make_task(area, org.ttr, target_ids=[t1.id, t2.id])
    ids = (t1.id, t2.id, t3.id)
    response = office.post(f"/targets/{ids[0]}/delete", headers=HX)
    assert response.status_code == 200 and changed(response)
    assert "Chỉ tiêu 1" not in response.text and "Chỉ tiêu 2" in response.text
    assert fresh(Target, ids[0]) is None
    assert positions(Target, ids[1:]) == [1, 2]
    assert [t.id for t in fresh(Task, task.id).targets] == [ids[1]]  # the link went with it
    [entry] = audits("delete", "target", ids[0])
    assert entry.before["text"] == "Chỉ tiêu 1"


# -- tasks ------------------------------------------------------------------------------

def test_new_task_form_proposes_the_next_code(office, org, plan):
    area = plan.areas[1]
    make_task(area, org.ttr)
    response = office.get(f"/areas/{area.id}/tasks/new", headers=HX)
    assert response.status_code == 200
    assert "Thêm nhiệm vụ vào “Cải cách thủ tục hành chính”" in response.text
    assert 'value="2.2"' in response.text
    assert "Ban Giám đốc Sở" not in response.text  # the leadership is not assigned tasks


def test_add_task(office, org, plan):
    area = plan.areas[1]
    target = make_target(area)
    response = office.post(f"/areas/{area.id}/tasks", headers=HX, data=task_form(
        org.ttr, detail="Theo Quyết định công bố của UBND tỉnh", items="+ Rà soát quy trình\n- Công khai kết quả\n\n",
        cooperating_unit_ids=[str(org.khtc.id)], output="Báo cáo", target_ids=[str(target.id)]))
    assert response.status_code == 200
    assert changed(response)
    assert f'hx-swap-oob="beforeend:#area-{area.id}-tasks"' in response.text
    text = response.text
    assert "Rà soát, công khai thủ tục hành chính trên Cổng dịch vụ công" in text
    assert "Chủ trì: <strong>Thanh tra Sở</strong>" in text and "Phối hợp: KH-TC-TH" in text
    assert "30/06/2026" in text and "Sản phẩm: Báo cáo" in text and "2.MT1" in text
    task = db.session.scalar(select(Task).where(Task.area_id == area.id))
    assert task.code == "2.1" and task.position == 1 and task.plan_id == plan.id
    assert task.lead_unit_id == org.ttr.id and [u.id for u in task.cooperating_units] == [org.khtc.id]
    assert task.deadline == date(2026, 6, 30) and task.recurring is False
    assert [i.text for i in task.items] == ["Rà soát quy trình", "Công khai kết quả"]
    assert [t.id for t in task.targets] == [target.id]
    assert "ra soat quy trinh" in task.search_text and "cong dich vu cong" in task.search_text
    [entry] = audits("create", "task", task.id)
    assert entry.actor_id == org.office.id and entry.plan_id == plan.id
    assert entry.after["lead_unit"] == "Thanh tra Sở" and entry.after["deadline"] == "30/06/2026"


def test_add_recurring_task_with_own_code(office, org, plan):
    area = plan.areas[0]
    response = office.post(f"/areas/{area.id}/tasks", headers=HX,
                           data=task_form(org.khtc, code="1.a", deadline="", recurring="y"))
    assert response.status_code == 200
    assert "Thường xuyên" in response.text
    task = db.session.scalar(select(Task).where(Task.area_id == area.id))
    assert task.code == "1.a" and task.recurring is True and task.deadline is None


def test_add_task_without_htmx_redirects(office, org, plan):
    response = office.post(f"/areas/{plan.areas[0].id}/tasks", data=task_form(org.ttr))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/plans/{plan.id}/edit")
    assert count(Task) == 1


TASK_CASES = [
    ({"title": ""}, "Vui lòng nhập tên nhiệm vụ."),
    ({"title": "   "}, "Vui lòng nhập tên nhiệm vụ."),
    ({"lead_unit_id": ""}, "Hãy chọn đơn vị chủ trì."),
    ({"lead_unit_id": "9999"}, "Đơn vị chủ trì không tồn tại."),
    ({"deadline": ""}, "Hãy nhập thời hạn hoặc chọn “Thường xuyên”."),
    ({"recurring": "y"}, "Nhiệm vụ thường xuyên không có thời hạn; hãy bỏ một trong hai."),
    ({"deadline": "31/02/2026"}, DATE_MESSAGE),
    ({"deadline": "tháng 6"}, DATE_MESSAGE),
    ({"cooperating_unit_ids": "LEAD"}, "Đơn vị chủ trì không đồng thời là đơn vị phối hợp."),
]


def invalid_task_form(org, fields, **extra):
    fields = dict(fields)
    if fields.get("cooperating_unit_ids") == "LEAD":
        fields["cooperating_unit_ids"] = [str(org.ttr.id), str(org.khtc.id)]
    return task_form(org.ttr, output="Kế hoạch rà soát của Sở", **{**fields, **extra})


@pytest.mark.parametrize(("fields", "message"), TASK_CASES)
def test_add_task_validation(office, org, plan, fields, message):
    area = plan.areas[0]
    data = invalid_task_form(org, fields)
    response = office.post(f"/areas/{area.id}/tasks", headers=HX, data=data)
    assert response.status_code == 422
    assert message in response.text
    assert "Lưu nhiệm vụ" in response.text  # the same form comes back
    assert "Kế hoạch rà soát của Sở" in response.text  # with what was typed
    if data["title"].strip():
        assert data["title"] in response.text
    if data.get("deadline"):
        assert f'value="{data["deadline"]}"' in response.text
    assert not changed(response)
    assert count(Task) == 0
    assert audits("create", "task") == []


def test_linked_targets_must_belong_to_the_plan(office, org, plan):
    other_plan = make_plan(org.office, title="Kế hoạch khác", areas=(1,))
    foreign = make_target(other_plan.areas[0], "Chỉ tiêu của kế hoạch khác")
    area = plan.areas[0]
    own = make_target(area, "Chỉ tiêu của kế hoạch này")
    response = office.post(f"/areas/{area.id}/tasks", headers=HX,
                           data=task_form(org.ttr, target_ids=[str(foreign.id)]))
    assert response.status_code == 422
    error = re.search(r'target_ids-error" class="field-error">([^<]+)<', response.text).group(1)
    assert "lựa chọn hợp lệ" in error or error == "Chỉ tiêu liên quan phải thuộc cùng kế hoạch."
    assert "Chỉ tiêu của kế hoạch này" in response.text  # only the plan's own targets are offered
    assert "Chỉ tiêu của kế hoạch khác" not in response.text
    assert count(Task) == 0
    # With the plan's own target the same task is accepted.
    ok = office.post(f"/areas/{area.id}/tasks", headers=HX, data=task_form(org.ttr, target_ids=[str(own.id)]))
    assert ok.status_code == 200
    assert [t.id for t in db.session.scalar(select(Task)).targets] == [own.id]


def test_task_edit_form_has_the_current_values(office, org, plan):
    area = plan.areas[0]
    task = make_task(area, org.ttr, "Nhiệm vụ cần sửa", deadline=date(2026, 9, 30), coop=[org.khtc])
    response = office.get(f"/tasks/{task.id}/edit", headers=HX)
    assert response.status_code == 200
    assert "Sửa nhiệm vụ 1.1" in response.text and "Nhiệm vụ cần sửa" in response.text
    assert 'value="30/09/2026"' in response.text
    assert f'name="cooperating_unit_ids" value="{org.khtc.id}" checked' in response.text
    assert f'<option selected value="{org.ttr.id}">' in response.text
    assert VERSION_RE.search(response.text).group(1) == str(task.version)


def test_update_task(office, org, plan):
    area = plan.areas[0]
    task = make_task(area, org.ttr, "Tên cũ", deadline=date(2026, 9, 30))
    response = office.post(f"/tasks/{task.id}/edit", headers=HX, data=task_form(
        org.khtc, code=task.code, title="Tên mới của nhiệm vụ", deadline="15/10/2026", area_id=str(area.id),
        cooperating_unit_ids=[str(org.ttr.id)], version=str(task.version)))
    assert response.status_code == 200
    assert changed(response)
    assert "HX-Retarget" not in response.headers
    assert f'id="task-{task.id}"' in response.text and "Tên mới của nhiệm vụ" in response.text
    assert "15/10/2026" in response.text and "Phối hợp: TTr" in response.text
    saved = fresh(Task, task.id)
    assert saved.title == "Tên mới của nhiệm vụ" and saved.lead_unit_id == org.khtc.id
    assert saved.deadline == date(2026, 10, 15) and [u.id for u in saved.cooperating_units] == [org.ttr.id]
    assert "ten moi cua nhiem vu" in saved.search_text
    [entry] = audits("update", "task", task.id)
    assert entry.before["title"] == "Tên cũ" and entry.after["title"] == "Tên mới của nhiệm vụ"
    assert entry.after["lead_unit"] == "Phòng Kế hoạch - Tài chính - Tổng hợp"
    assert "code" not in entry.after  # only what changed is kept


@pytest.mark.parametrize(("fields", "message"), TASK_CASES)
def test_update_task_validation_changes_nothing(office, org, plan, fields, message):
    task = make_task(plan.areas[0], org.khtc, "Tên cũ", deadline=date(2026, 9, 30))
    data = invalid_task_form(org, {"title": "Tên mới", **fields}, version=str(task.version))
    response = office.post(f"/tasks/{task.id}/edit", headers=HX, data=data)
    assert response.status_code == 422
    assert message in response.text
    assert f"Sửa nhiệm vụ {task.code}" in response.text  # the same edit form comes back
    assert "Kế hoạch rà soát của Sở" in response.text
    if data["title"].strip():
        assert data["title"] in response.text
    assert not changed(response)
    saved = fresh(Task, task.id)
    assert (saved.title, saved.lead_unit_id, saved.deadline, saved.output) == ("Tên cũ", org.khtc.id,
                                                                               date(2026, 9, 30), "")
    assert saved.cooperating_units == []
    assert audits("update", "task") == []


def test_update_task_with_stale_version_does_not_overwrite(office, org, plan):
    task = make_task(plan.areas[0], org.ttr, "Tên gốc", deadline=date(2026, 9, 30))
    old = str(task.version)
    assert office.post(f"/tasks/{task.id}/edit", headers=HX,
                       data=task_form(org.ttr, title="Bản thứ nhất", version=old)).status_code == 200
    response = office.post(f"/tasks/{task.id}/edit", headers=HX,
                           data=task_form(org.ttr, title="Bản thứ hai", version=old))
    assert response.status_code == 422
    assert "Nhiệm vụ này " + CONFLICT in response.text and "Bản thứ hai" in response.text
    assert fresh(Task, task.id).title == "Bản thứ nhất"
    assert len(audits("update", "task", task.id)) == 1


def test_move_task_to_another_area_redraws_the_tree(office, org, plan):
    a1, a2 = plan.areas[0], plan.areas[1]
    moving = make_task(a1, org.ttr, "Nhiệm vụ chuyển đi")
    staying = make_task(a1, org.ttr, "Nhiệm vụ ở lại")
    already = make_task(a2, org.khtc, "Nhiệm vụ có sẵn")
    response = office.post(f"/tasks/{moving.id}/edit", headers=HX, data=task_form(
        org.ttr, code=moving.code, title=moving.title, deadline="", recurring="y", area_id=str(a2.id),
        version=str(moving.version)))
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#areas"
    assert response.headers["HX-Reswap"] == "innerHTML"
    assert changed(response)
    text = response.text
    assert text.index(f'id="area-{a2.id}"') < text.index(f'id="task-{moving.id}"')
    assert text.index(f'id="task-{already.id}"') < text.index(f'id="task-{moving.id}"')
    saved = fresh(Task, moving.id)
    assert saved.area_id == a2.id and saved.position == 2
    assert positions(Task, [staying.id, already.id]) == [1, 1]
    [entry] = audits("update", "task", moving.id)
    assert entry.before["area"] == "Cải cách thể chế" and entry.after["area"] == "Cải cách thủ tục hành chính"


def test_task_cannot_move_to_an_area_of_another_plan(office, org, plan):
    other = make_plan(org.office, title="Kế hoạch khác", areas=(1,))
    task = make_task(plan.areas[0], org.ttr)
    response = office.post(f"/tasks/{task.id}/edit", headers=HX, data=task_form(
        org.ttr, title=task.title, deadline="", recurring="y", area_id=str(other.areas[0].id)))
    assert response.status_code == 422
    assert "Nội dung không thuộc kế hoạch này." in response.text
    assert fresh(Task, task.id).area_id == plan.areas[0].id


def test_update_task_without_htmx_redirects(office, org, plan):
    task = make_task(plan.areas[0], org.ttr)
    response = office.post(f"/tasks/{task.id}/edit", data=task_form(org.ttr, title="Sửa bằng biểu mẫu thường"))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/plans/{plan.id}/edit")
    assert fresh(Task, task.id).title == "Sửa bằng biểu mẫu thường"


def test_task_row_fragment(office, org, plan):
    task = make_task(plan.areas[0], org.ttr, "Một nhiệm vụ")
    response = office.get(f"/tasks/{task.id}/row", headers=HX)
    assert response.status_code == 200 and "<html" not in response.text
    assert f'id="task-{task.id}"' in response.text and "Một nhiệm vụ" in response.text


def test_move_task_up_and_down(office, org, plan):
    area = plan.areas[0]
    ids = [make_task(area, org.ttr, f"Nhiệm vụ số {n}").id for n in (1, 2, 3)]
    response = office.post(f"/tasks/{ids[2]}/move", headers=HX, data={"direction": "up"})
    assert response.status_code == 200 and changed(response)
    assert f'id="area-{area.id}-tasks"' in response.text
    assert response.text.index("Nhiệm vụ số 3") < response.text.index("Nhiệm vụ số 2")
    assert positions(Task, ids) == [1, 3, 2]
    [entry] = audits("move", "task", ids[2])
    assert entry.before["position"] == "3" and entry.after["position"] == "2"
    office.post(f"/tasks/{ids[0]}/move", headers=HX, data={"direction": "down"})
    assert positions(Task, ids) == [2, 3, 1]


def test_first_task_up_is_a_no_op(office, org, plan):
    area = plan.areas[0]
    ids = [make_task(area, org.ttr, f"Nhiệm vụ số {n}").id for n in (1, 2)]
    response = office.post(f"/tasks/{ids[0]}/move", headers=HX, data={"direction": "up"})
    assert response.status_code == 200
    assert positions(Task, ids) == [1, 2]
    assert audits("move") == []
    office.post(f"/tasks/{ids[1]}/move", headers=HX, data={"direction": "down"})
    assert positions(Task, ids) == [1, 2]
    assert audits("move") == []


def test_delete_task(office, org, plan):
    area = plan.areas[0]
    t1, t2, t3 = (make_task(area, org.ttr, f"Nhiệm vụ số {n}", coop=[org.khtc]) for n in (1, 2, 3))
    ids = (t1.id, t2.id, t3.id)
    response = office.post(f"/tasks/{ids[0]}/delete", headers=HX)
    assert response.status_code == 200 and changed(response)
    assert f'id="task-{ids[0]}"' not in response.text and f'id="task-{ids[1]}"' in response.text
    assert fresh(Task, ids[0]) is None
    assert positions(Task, ids[1:]) == [1, 2]
    [entry] = audits("delete", "task", ids[0])
    assert entry.before["title"] == "Nhiệm vụ số 1" and entry.plan_id == plan.id


def test_delete_reported_task_is_refused_but_archive_and_restore_work(client, auth, org, plan):
    area = plan.areas[0]
    task = make_task(area, org.ttr, "Nhiệm vụ đã báo cáo", coop=[org.khtc])
    issue(plan, org.office)
    make_progress_entry(task, org.ttr)
    auth.login("vanphong")

    refused = client.post(f"/tasks/{task.id}/delete", headers=HX)
    assert refused.status_code == 422
    assert "Nhiệm vụ đã có báo cáo tiến độ nên không thể xóa. Hãy dùng “Lưu trữ”" in refused.text
    assert fresh(Task, task.id) is not None
    assert audits("delete") == []

    archived = client.post(f"/tasks/{task.id}/archive", headers=HX)
    assert archived.status_code == 200 and changed(archived)
    assert "Đã lưu trữ" in archived.text and "Khôi phục" in archived.text
    assert fresh(Task, task.id).archived_at is not None
    assert len(audits("archive", "task", task.id)) == 1
    auth.logout()
    auth.login("thanhtra")
    assert "Nhiệm vụ đã báo cáo" not in client.get("/checklist").text

    auth.logout()
    auth.login("vanphong")
    restored = client.post(f"/tasks/{task.id}/archive", headers=HX, data={"restore": "1"})
    assert restored.status_code == 200 and changed(restored)
    assert "Đã lưu trữ" not in restored.text and "Lưu trữ" in restored.text
    assert fresh(Task, task.id).archived_at is None
    [entry] = audits("restore", "task", task.id)
    assert entry.before["archived"] == "Có" and entry.after["archived"] == "Không"
    auth.logout()
    auth.login("thanhtra")
    assert "Nhiệm vụ đã báo cáo" in client.get("/checklist").text


def test_delete_reported_task_without_htmx_flashes_the_reason(office, org, plan):
    task = make_task(plan.areas[0], org.ttr)
    make_progress_entry(task, org.ttr)
    response = office.post(f"/tasks/{task.id}/delete", follow_redirects=True)
    assert response.status_code == 200
    assert "Nhiệm vụ đã có báo cáo tiến độ nên không thể xóa." in response.text
    assert fresh(Task, task.id) is not None


def test_archive_twice_records_once(office, org, plan):
    task = make_task(plan.areas[0], org.ttr)
    office.post(f"/tasks/{task.id}/archive", headers=HX)
    response = office.post(f"/tasks/{task.id}/archive", headers=HX)
    assert response.status_code == 200
    assert len(audits("archive", "task", task.id)) == 1


def test_archive_without_htmx_redirects(office, org, plan):
    task = make_task(plan.areas[0], org.ttr)
    response = office.post(f"/tasks/{task.id}/archive")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/plans/{plan.id}/edit")
    assert fresh(Task, task.id).archived_at is not None


def test_issued_plan_can_still_be_edited_by_the_office(office, org, plan):
    task = make_task(plan.areas[0], org.ttr, "Nhiệm vụ đang thực hiện")
    issue(plan, org.office)
    response = office.post(f"/tasks/{task.id}/edit", headers=HX, data=task_form(
        org.ttr, title="Nhiệm vụ đang thực hiện (điều chỉnh)", version=str(fresh(Task, task.id).version)))
    assert response.status_code == 200
    assert fresh(Task, task.id).title == "Nhiệm vụ đang thực hiện (điều chỉnh)"
    assert fresh(Plan, plan.id).status == "issued"
