"""The plan editor (htmx): areas.

Every mutation is checked for its answer (status, fragment, HX-Trigger), the
database (re-read after the request, which runs in its own session) and the
audit record it writes. Validation errors come back as the same fragment with
status 422, the Vietnamese message and what the user typed; nothing is saved.
"""
import pytest
from sqlalchemy import select

from app.extensions import db
from app.plans.models import Area, Target, Task
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
from tests.web.editor import CONFLICT, VERSION_RE, changed, positions

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
