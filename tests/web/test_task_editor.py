"""The plan editor (htmx): tasks.

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
from app.plans.models import Task
from app.plans.services import add_area
from app.reports.compose import build_report
from app.reports.wording import ReportSettings
from app.transactions import transaction
from tests.factories import (
    HX,
    audits,
    count,
    fresh,
    issue,
    make_period,
    make_plan,
    make_progress_entry,
    make_target,
    make_task,
)
from tests.signin import sign_in
from tests.web.editor import (
    CONFLICT,
    DATE_MESSAGE,
    DATE_RANGE_MESSAGE,
    VERSION_RE,
    changed,
    positions,
    task_form,
)

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
    ({"deadline": "01/01/0001"}, DATE_RANGE_MESSAGE),
    ({"deadline": "01/01/2101"}, DATE_RANGE_MESSAGE),
    ({"title": "Rà soát " * 250 + "x"}, "Tối đa 2.000 ký tự."),
    ({"detail": "d" * 10_001}, "Tối đa 10.000 ký tự."),
    ({"items": "+ mục\n" * 1_700}, "Tối đa 10.000 ký tự."),
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
    assert error == f"“{foreign.id}” không phải là lựa chọn hợp lệ."  # another plan's target is not offered
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


def test_delete_reported_task_is_refused_but_archive_and_restore_work(client, org, plan):
    area = plan.areas[0]
    task = make_task(area, org.ttr, "Nhiệm vụ đã báo cáo", coop=[org.khtc])
    issue(plan, org.office)
    make_progress_entry(task, org.ttr)
    sign_in(client, "vanphong")
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
    client.post("/logout")
    sign_in(client, "thanhtra")
    assert "Nhiệm vụ đã báo cáo" not in client.get("/checklist").text

    client.post("/logout")
    sign_in(client, "vanphong")
    restored = client.post(f"/tasks/{task.id}/archive", headers=HX, data={"restore": "1"})
    assert restored.status_code == 200 and changed(restored)
    assert "Đã lưu trữ" not in restored.text and "Lưu trữ" in restored.text
    assert fresh(Task, task.id).archived_at is None
    [entry] = audits("restore", "task", task.id)
    assert entry.before["archived"] == "Có" and entry.after["archived"] == "Không"
    client.post("/logout")
    sign_in(client, "thanhtra")
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


# -- length limits (issue 14) -------------------------------------------------------------

def test_a_two_million_character_task_title_is_refused(office, org, plan):
    response = office.post(f"/areas/{plan.areas[0].id}/tasks", headers=HX,
                           data=task_form(org.ttr, title="x" * 2_000_000))
    assert response.status_code == 422 and "Tối đa 2.000 ký tự." in response.text
    assert count(Task) == 0


@pytest.mark.parametrize(("field", "length", "message"), [("output", 1001, "Tối đa 1.000 ký tự."),
                                                          ("code", 21, "Tối đa 20 ký tự.")])
def test_task_output_and_code_have_a_limit(office, org, plan, field, length, message):
    response = office.post(f"/areas/{plan.areas[0].id}/tasks", headers=HX,
                           data=task_form(org.ttr, **{field: "s" * length}))
    assert response.status_code == 422 and message in response.text
    assert count(Task) == 0


# -- the group of section I of the report (issue #24 point 2) ------------------------------

def test_the_office_sets_a_tasks_group_and_section_one_follows_it_not_the_title(office, org, plan, as_user):
    with transaction():
        direction = add_area(org.office, plan, "Công tác chỉ đạo, điều hành")
    form = office.get(f"/areas/{direction.id}/tasks/new", headers=HX).text
    assert '<option selected value="auto">Gợi ý theo tên nhiệm vụ</option>' in form
    title = "Kiểm tra công tác cải cách hành chính tại các phòng"
    response = office.post(f"/areas/{direction.id}/tasks", headers=HX, data=task_form(org.ttr, title=title))
    assert response.status_code == 200 and "Nhóm việc: Kiểm tra" in response.text
    task = db.session.scalar(select(Task).where(Task.area_id == direction.id))
    assert task.topic == "kiem_tra"  # suggested from the title
    issue(plan, org.office, number="639/KH-SCT")
    period = make_period("q1", 2026)
    make_progress_entry(task, period=period, status="approved", task_status="done", percent_done=100,
                        completed_on=date(2026, 3, 2), result="Đã kiểm tra 3 phòng chuyên môn")

    def section_one() -> str:
        db.session.expire_all()
        return build_report(period, None, ReportSettings()).sections[1].text

    assert "Về công tác kiểm tra:\n- Kiểm tra công tác" in section_one()
    edit = office.get(f"/tasks/{task.id}/edit", headers=HX).text
    assert '<option selected value="kiem_tra">Kiểm tra</option>' in edit and 'value="auto"' not in edit
    sent = task_form(org.ttr, code=task.code, title=title, topic="tuyen_truyen", version=str(task.version))
    for username in ("thanhtra", "khtc"):  # the lead unit's staff, another unit's staff: the editor's rule refuses
        assert as_user(username).post(f"/tasks/{task.id}/edit", headers=HX, data=sent).status_code == 403
    assert fresh(Task, task.id).topic == "kiem_tra"
    response = office.post(f"/tasks/{task.id}/edit", headers=HX, data=sent)
    assert response.status_code == 200 and "Nhóm việc: Thông tin, tuyên truyền" in response.text
    text = section_one()
    assert "Về công tác thông tin, tuyên truyền:\n- Kiểm tra công tác" in text and "Về công tác kiểm tra" not in text
    assert audits("update", "task", task.id)[-1].after == {"topic": "Thông tin, tuyên truyền"}


def test_an_unknown_group_is_refused_with_a_message(office, org, plan):
    task = make_task(plan.areas[0], org.ttr, "Tên cũ", deadline=date(2026, 9, 30))
    response = office.post(f"/tasks/{task.id}/edit", headers=HX, data=task_form(
        org.ttr, code=task.code, title="Tên cũ", deadline="30/09/2026", topic="bao_chi", version=str(task.version)))
    assert response.status_code == 422 and "Hãy chọn một nhóm việc trong danh sách." in response.text
    assert fresh(Task, task.id).topic is None
