"""The one-page plan editor (htmx): the page, its summary and the plan header.

Every mutation is checked for its answer (status, fragment, HX-Trigger), the
database (re-read after the request, which runs in its own session) and the
audit record it writes. Validation errors come back as the same fragment with
status 422, the Vietnamese message and what the user typed; nothing is saved.
"""
from datetime import date

import pytest

from app.plans.models import Plan, Task
from app.transactions import transaction
from tests.factories import HX, audits, fresh, issue, make_plan, make_target, make_task
from tests.web.editor import (
    CONFLICT,
    DATE_MESSAGE,
    DATE_RANGE_MESSAGE,
    VERSION_RE,
    changed,
    meta_form,
    task_form,
)

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
    ({"issued_on": "01/01/0001"}, DATE_RANGE_MESSAGE, "01/01/0001"),
    ({"title": "Kế hoạch " * 60}, "Tối đa 500 ký tự.", "Kế hoạch Kế hoạch"),
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


def test_issued_plan_can_still_be_edited_by_the_office(office, org, plan):
    task = make_task(plan.areas[0], org.ttr, "Nhiệm vụ đang thực hiện")
    issue(plan, org.office)
    response = office.post(f"/tasks/{task.id}/edit", headers=HX, data=task_form(
        org.ttr, title="Nhiệm vụ đang thực hiện (điều chỉnh)", version=str(fresh(Task, task.id).version)))
    assert response.status_code == 200
    assert fresh(Task, task.id).title == "Nhiệm vụ đang thực hiện (điều chỉnh)"
    assert fresh(Plan, plan.id).status == "issued"


# -- length limits and date ranges (issue 14) ---------------------------------------------

def test_plan_basis_has_a_limit(office, plan):
    response = office.post(f"/plans/{plan.id}/meta/edit", headers=HX,
                           data=meta_form(plan, basis="Kế hoạch số 228/KH-UBND ngày 25/12/2025\n" * 120))
    assert response.status_code == 422 and "Tối đa 4.000 ký tự." in response.text
    assert fresh(Plan, plan.id).basis == ""


def test_issue_date_must_be_in_range(office, org, plan):
    make_task(plan.areas[0], org.ttr, deadline=date(2026, 6, 30))
    response = office.post(f"/plans/{plan.id}/issue", headers=HX,
                           data={"number": "639/KH-SCT", "issued_on": "31/12/1999"})
    assert response.status_code == 422 and DATE_RANGE_MESSAGE in response.text
    assert fresh(Plan, plan.id).status == "draft"
