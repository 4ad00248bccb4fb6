"""Plan pages: the list, a new plan, the read view, the history, the task page;
issuing, closing and deleting a plan."""
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.plans.models import STANDARD_AREAS, Area, Plan, Task
from app.plans.services import close_plan
from app.transactions import transaction
from tests.factories import HX, audits, count, fresh, issue, make_plan, make_target, make_task
from tests.signin import sign_in

DATE_MESSAGE = "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 23/01/2026)."



def new_plan_form(**overrides):
    data = {
        "kind": "annual", "title": "Kế hoạch cải cách hành chính năm 2026", "number": "", "issued_on": "",
        "year": "2026", "start_year": "", "end_year": "", "basis": "", "parent_id": "",
        "standard_areas": [str(code) for code in STANDARD_AREAS],
    }
    data.update(overrides)
    return data


# -- list -------------------------------------------------------------------------------

def test_plan_list_shows_every_plan_to_the_office(office, org):
    draft = make_plan(org.office, title="Kế hoạch tuyên truyền CCHC năm 2026")
    issued = make_plan(org.office, title="Kế hoạch kiểm soát TTHC năm 2026")
    make_task(issued.areas[0], org.ttr, "Nhiệm vụ một")
    make_task(issued.areas[0], org.ttr, "Nhiệm vụ hai")
    issue(issued, org.office, number="15/KH-SCT")
    response = office.get("/plans")
    assert response.status_code == 200
    assert "<html" in response.text and "Kế hoạch, chương trình CCHC" in response.text
    assert draft.title in response.text and issued.title in response.text
    assert "Kế hoạch số 15/KH-SCT ngày 23/01/2026" in response.text
    assert "<strong>2</strong> nhiệm vụ" in response.text
    assert f'href="/plans/{draft.id}/edit"' in response.text
    assert 'href="/plans/new"' in response.text


def test_plan_list_puts_drafts_without_a_date_after_the_issued_plans_of_their_year(office, org):
    """Newest year first, then newest date; a draft has no date yet: it comes after the issued plans
    of its year, on SQLite and PostgreSQL alike (which order NULLs oppositely by default)."""
    issued = make_plan(org.office, title="Kế hoạch A đã ban hành")
    make_task(issued.areas[0], org.ttr, "Nhiệm vụ một")
    issue(issued, org.office)
    draft = make_plan(org.office, title="Kế hoạch B dự thảo")
    older = make_plan(org.office, title="Kế hoạch D năm 2025", year=2025)
    text = office.get("/plans").text
    positions = [text.index(plan.title) for plan in (issued, draft, older)]
    assert positions == sorted(positions)


def test_plan_list_counts_only_live_tasks(office, org):
    from app.plans.services import archive_task

    plan = make_plan(org.office)
    make_task(plan.areas[0], org.ttr)
    with transaction():
        archive_task(org.office, make_task(plan.areas[0], org.ttr))
    assert "<strong>1</strong> nhiệm vụ" in office.get("/plans").text


def test_plan_list_filters_by_status_and_kind(office, org):
    draft = make_plan(org.office, title="Kế hoạch dự thảo A")
    issued = make_plan(org.office, title="Kế hoạch đã ban hành B")
    make_task(issued.areas[0], org.ttr)
    issue(issued, org.office)
    programme = make_plan(org.office, title="Chương trình giai đoạn C", kind="programme",
                          start_year=2026, end_year=2030)
    by_status = office.get("/plans?status=issued").text
    assert issued.title in by_status and draft.title not in by_status and programme.title not in by_status
    by_kind = office.get("/plans?kind=programme").text
    assert programme.title in by_kind and draft.title not in by_kind and issued.title not in by_kind
    unknown = office.get("/plans?status=khong-co").text  # an unknown filter is ignored
    assert all(p.title in unknown for p in (draft, issued, programme))


def test_plan_list_answers_htmx_with_the_rows_only(office, org):
    plan = make_plan(org.office, title="Kế hoạch thử nghiệm")
    response = office.get("/plans?status=draft", headers=HX)
    assert response.status_code == 200
    assert "<html" not in response.text and "Kế hoạch, chương trình CCHC" not in response.text
    assert plan.title in response.text and 'class="rows plan-list"' in response.text


def test_plan_list_says_when_nothing_matches(office):
    assert "Không có kế hoạch nào phù hợp." in office.get("/plans").text


def test_plan_list_needs_login(client, org):
    response = client.get("/plans")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# -- new plan ---------------------------------------------------------------------------

def test_new_plan_form_offers_the_six_standard_areas_checked(office):
    response = office.get("/plans/new")
    assert response.status_code == 200
    for code, name in STANDARD_AREAS.items():
        assert f'name="standard_areas" value="{code}" checked> {name}' in response.text
    assert "Công tác chỉ đạo, điều hành" in response.text and "Thông tin, tuyên truyền" in response.text


def test_create_plan_with_the_six_standard_areas(office, org):
    response = office.post("/plans/new", data=new_plan_form(
        number="639/KH-SCT", issued_on="23/01/2026", basis="Kế hoạch số 228/KH-UBND ngày 25/12/2025\n\n",
        extra_areas=["Công tác chỉ đạo, điều hành"]))
    assert response.status_code == 302
    plan = db.session.scalar(select(Plan))
    assert response.headers["Location"].endswith(f"/plans/{plan.id}/edit")
    assert (plan.status, plan.kind, plan.year, plan.title) == (
        "draft", "annual", 2026, "Kế hoạch cải cách hành chính năm 2026")
    assert plan.number == "639/KH-SCT" and plan.issued_on == date(2026, 1, 23)
    assert plan.basis == "Kế hoạch số 228/KH-UBND ngày 25/12/2025"
    assert plan.created_by_id == org.office.id
    areas = list(db.session.scalars(select(Area).where(Area.plan_id == plan.id).order_by(Area.position)))
    assert [(a.position, a.standard_code, a.name) for a in areas] == [
        *[(code, code, name) for code, name in STANDARD_AREAS.items()],
        (7, None, "Công tác chỉ đạo, điều hành"),
    ]
    [created] = audits("create", "plan", plan.id)
    assert created.actor_id == org.office.id and created.after["title"] == plan.title
    assert len(audits("create", "area")) == 7
    editor = office.get(response.headers["Location"])
    assert "Đã tạo kế hoạch dự thảo." in editor.text


def test_create_plan_with_some_areas_keeps_their_order(office):
    response = office.post("/plans/new", data=new_plan_form(standard_areas=["5", "2"]))
    assert response.status_code == 302
    areas = list(db.session.scalars(select(Area).order_by(Area.position)))
    assert [(a.position, a.standard_code) for a in areas] == [(1, 2), (2, 5)]


def test_create_programme(office):
    response = office.post("/plans/new", data=new_plan_form(
        kind="programme", title="Chương trình CCHC giai đoạn 2026–2030", year="", start_year="2026",
        end_year="2030", standard_areas=[]))
    assert response.status_code == 302
    plan = db.session.scalar(select(Plan))
    assert (plan.kind, plan.year, plan.start_year, plan.end_year) == ("programme", None, 2026, 2030)
    assert count(Area) == 0


@pytest.mark.parametrize(("fields", "message", "typed"), [
    ({"title": ""}, "Vui lòng nhập tên kế hoạch.", "228/KH-UBND"),
    ({"year": ""}, "Vui lòng nhập năm của kế hoạch.", "Kế hoạch cải cách hành chính năm 2026"),
    ({"year": "năm nay"}, "Giá trị phải là một số nguyên.", "năm nay"),
    ({"year": "2200"}, "Năm phải trong khoảng 2000–2100.", "2200"),
    ({"issued_on": "32/01/2026"}, DATE_MESSAGE, "32/01/2026"),
    ({"issued_on": "2026/01/23x"}, DATE_MESSAGE, "2026/01/23x"),
    ({"kind": "programme", "year": "", "start_year": "2026"},
     "Chương trình giai đoạn cần có năm bắt đầu và năm kết thúc.", "2026"),
    ({"kind": "programme", "year": "", "start_year": "2030", "end_year": "2026"},
     "Năm bắt đầu phải trước hoặc bằng năm kết thúc.", "2030"),
])
def test_create_plan_validation(office, fields, message, typed):
    data = new_plan_form(basis="Kế hoạch số 228/KH-UBND ngày 25/12/2025", **fields)
    response = office.post("/plans/new", data=data)
    assert response.status_code == 422
    assert message in response.text
    assert typed in response.text
    assert "Tạo kế hoạch" in response.text and "<form" in response.text
    assert count(Plan) == 0 and count(Area) == 0
    assert audits("create", "plan") == [] and audits("create", "area") == []


def test_create_plan_refuses_a_number_in_use(office, org):
    make_plan(org.office, title="Kế hoạch đã có số", number="639/KH-SCT")
    response = office.post("/plans/new", data=new_plan_form(number=" 639/kh-SCT "))
    assert response.status_code == 422
    assert "Số ký hiệu “639/kh-SCT” đã được dùng cho kế hoạch khác." in response.text
    assert count(Plan) == 1 and count(Area) == 1  # only the first plan and its area


def test_create_plan_under_a_programme(office, org):
    programme = make_plan(org.office, title="Chương trình CCHC 2026–2030", kind="programme",
                          start_year=2026, end_year=2030, number="7/CTr-SCT")
    page = office.get("/plans/new")
    assert f'<option value="{programme.id}">Chương trình số 7/CTr-SCT – Chương trình CCHC 2026–2030' in page.text
    response = office.post("/plans/new", data=new_plan_form(parent_id=str(programme.id)))
    assert response.status_code == 302
    child = db.session.scalar(select(Plan).where(Plan.id != programme.id))
    assert child.parent_id == programme.id


def test_create_plan_refuses_a_parent_that_is_not_a_programme(office, org):
    annual = make_plan(org.office, title="Kế hoạch năm")
    response = office.post("/plans/new", data=new_plan_form(parent_id=str(annual.id)))
    assert response.status_code == 422
    assert "Chương trình cấp trên không hợp lệ." in response.text
    assert count(Plan) == 1


# -- read view --------------------------------------------------------------------------

def test_plan_view_shows_areas_targets_and_live_tasks(client, org):
    from app.plans.services import archive_task

    plan = make_plan(org.office, title="Kế hoạch CCHC năm 2026", areas=(1, 2))
    make_target(plan.areas[1], "Tỷ lệ hồ sơ đúng hạn", target_value=99.5)
    make_task(plan.areas[1], org.ttr, "Công khai thủ tục hành chính", deadline=date(2026, 6, 30), coop=[org.khtc],
              items=["Rà soát", "Công khai"], output="Danh mục TTHC")
    with transaction():
        archive_task(org.office, make_task(plan.areas[1], org.ttr, "Nhiệm vụ đã bỏ"))
    issue(plan, org.office, number="639/KH-SCT")
    sign_in(client, "thanhtra")
    response = client.get(f"/plans/{plan.id}")
    assert response.status_code == 200
    text = response.text
    assert "Kế hoạch CCHC năm 2026" in text and "Kế hoạch số 639/KH-SCT ngày 23/01/2026" in text
    assert "1. Cải cách thể chế" in text and "2. Cải cách thủ tục hành chính" in text
    assert "Tỷ lệ hồ sơ đúng hạn" in text and "≥ 99,5%" in text
    assert "Công khai thủ tục hành chính" in text and "Chủ trì: <strong>Thanh tra Sở</strong>" in text
    assert "Phối hợp: KH-TC-TH" in text and "Hạn 30/06/2026" in text and "Sản phẩm: Danh mục TTHC" in text
    assert "<li>Rà soát</li>" in text
    assert "Nhiệm vụ đã bỏ" not in text
    assert "1 nhiệm vụ đã lưu trữ" in text
    assert "Soạn thảo" not in text and "Kết thúc kế hoạch" not in text  # staff cannot edit or close


def test_plan_view_offers_edit_and_close_to_the_office(office, org):
    plan = make_plan(org.office)
    make_task(plan.areas[0], org.ttr)
    issue(plan, org.office)
    text = office.get(f"/plans/{plan.id}").text
    assert f'href="/plans/{plan.id}/edit"' in text and f'action="/plans/{plan.id}/close"' in text


def test_plan_view_of_unknown_plan_is_404(office):
    response = office.get("/plans/9999")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.text


# -- history ----------------------------------------------------------------------------

def test_plan_history_lists_every_change(office, org):
    plan = make_plan(org.office, title="Kế hoạch có lịch sử")
    task = make_task(plan.areas[0], org.ttr, "Nhiệm vụ ban đầu", actor=org.office)
    office.post(f"/tasks/{task.id}/edit", headers=HX, data={
        "title": "Nhiệm vụ đã sửa", "lead_unit_id": str(org.ttr.id), "recurring": "y"})
    response = office.get(f"/plans/{plan.id}/history")
    assert response.status_code == 200
    text = response.text
    assert "Lịch sử chỉnh sửa" in text
    assert "Kế hoạch: Kế hoạch có lịch sử" in text and "Nội dung: Cải cách thủ tục hành chính" in text
    assert "Nhiệm vụ: 1.1 Nhiệm vụ đã sửa" in text
    assert "<del>Nhiệm vụ ban đầu</del> → <ins>Nhiệm vụ đã sửa</ins>" in text
    assert org.office.full_name in text and "Tạo mới" in text and "Sửa" in text
    # newest first
    assert text.index("Nhiệm vụ: 1.1 Nhiệm vụ đã sửa") < text.index("Kế hoạch: Kế hoạch có lịch sử")


def test_plan_history_is_paged(office, org):
    plan = make_plan(org.office, title="Kế hoạch nhiều thay đổi")
    for n in range(50):
        make_task(plan.areas[0], org.ttr, f"Nhiệm vụ {n}", actor=org.office)
    assert len(audits()) > 50 + 1  # the plan, its area, fifty tasks (and the units of the org)
    first = office.get(f"/plans/{plan.id}/history")
    assert f'href="/plans/{plan.id}/history?page=2"' in first.text  # "Cũ hơn"
    assert "Kế hoạch: Kế hoạch nhiều thay đổi" not in first.text
    second = office.get(f"/plans/{plan.id}/history?page=2")
    assert second.status_code == 200
    assert "Kế hoạch: Kế hoạch nhiều thay đổi" in second.text
    assert f'href="/plans/{plan.id}/history?page=1"' in second.text  # "Mới hơn"
    assert "?page=3" not in second.text


def test_history_of_unknown_plan_is_404(office):
    assert office.get("/plans/9999/history").status_code == 404


# -- task page --------------------------------------------------------------------------

def test_task_page_shows_the_task_and_its_history(client, org):
    plan = make_plan(org.office)
    target = make_target(plan.areas[0], "Tỷ lệ TTHC được công khai")
    task = make_task(plan.areas[0], org.ttr, "Công khai thủ tục hành chính", actor=org.office,
                     deadline=date(2026, 6, 30), coop=[org.khtc], output="Danh mục", detail="Trên Cổng DVC",
                     target_ids=[target.id])
    issue(plan, org.office)
    sign_in(client, "thanhtra")
    response = client.get(f"/tasks/{task.id}")
    assert response.status_code == 200
    text = response.text
    assert "Công khai thủ tục hành chính" in text and '<span class="code">1.1</span>' in text
    assert "<dt>Đơn vị chủ trì</dt><dd>Thanh tra Sở</dd>" in text
    assert "<dt>Đơn vị phối hợp</dt><dd>Phòng Kế hoạch - Tài chính - Tổng hợp</dd>" in text
    assert "<dt>Thời hạn</dt><dd>30/06/2026</dd>" in text and "<dt>Sản phẩm</dt><dd>Danh mục</dd>" in text
    assert "Trên Cổng DVC" in text and "Tỷ lệ TTHC được công khai" in text
    assert "Lịch sử thay đổi" in text and "Tạo mới" in text and org.office.full_name in text
    assert "Sửa trong trình soạn thảo" not in text


def test_task_page_offers_the_editor_to_the_office(office, org):
    plan = make_plan(org.office)
    task = make_task(plan.areas[0], org.ttr)
    response = office.get(f"/tasks/{task.id}")
    assert response.status_code == 200
    assert f'href="/plans/{plan.id}/edit#task-{task.id}"' in response.text


def test_task_page_of_unknown_task_is_404(office):
    assert office.get("/tasks/9999").status_code == 404


# -- issue ------------------------------------------------------------------------------

@pytest.fixture
def ready(org):
    """A draft plan with one task led by Thanh tra, with KH-TC-TH cooperating."""
    plan = make_plan(org.office, title="Kế hoạch sẵn sàng ban hành")
    make_task(plan.areas[0], org.ttr, "Rà soát thủ tục hành chính", deadline=date(2026, 6, 30), coop=[org.khtc])
    return plan


def test_issue_plan(office, org, ready):
    response = office.post(f"/plans/{ready.id}/issue", headers=HX,
                           data={"number": "639/KH-SCT", "issued_on": "23/01/2026"})
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == f"/plans/{ready.id}"
    saved = fresh(Plan, ready.id)
    assert (saved.status, saved.number, saved.issued_on) == ("issued", "639/KH-SCT", date(2026, 1, 23))
    assert saved.issued_at is not None
    [entry] = audits("issue", "plan", ready.id)
    assert entry.actor_id == org.office.id
    assert entry.before["status"] == "Dự thảo" and entry.after["status"] == "Đã ban hành"
    page = office.get(f"/plans/{ready.id}")
    assert "Đã ban hành Kế hoạch số 639/KH-SCT ngày 23/01/2026." in page.text


def test_issue_plan_without_htmx_redirects_to_the_read_view(office, ready):
    response = office.post(f"/plans/{ready.id}/issue", data={"number": "639/KH-SCT", "issued_on": "2026-01-23"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/plans/{ready.id}")
    assert fresh(Plan, ready.id).status == "issued"


def test_issuing_puts_the_tasks_on_the_units_checklists(client, org, ready):
    sign_in(client, "thanhtra")
    assert "Rà soát thủ tục hành chính" not in client.get("/checklist").text
    client.post("/logout")
    sign_in(client, "vanphong")
    assert client.post(f"/plans/{ready.id}/issue", headers=HX,
                       data={"number": "639/KH-SCT", "issued_on": "23/01/2026"}).status_code == 200
    client.post("/logout")
    sign_in(client, "thanhtra")  # lead unit
    lead = client.get("/checklist").text
    assert "Rà soát thủ tục hành chính" in lead and "Chủ trì</span>" in lead
    client.post("/logout")
    sign_in(client, "khtc")  # cooperating unit
    coop = client.get("/checklist").text
    assert "Rà soát thủ tục hành chính" in coop and "Phối hợp</span>" in coop


@pytest.mark.parametrize(("with_task", "form", "messages"), [
    (False, {"number": "639/KH-SCT", "issued_on": "23/01/2026"}, ["Kế hoạch chưa có nhiệm vụ nào."]),
    (True, {"number": "", "issued_on": "23/01/2026"},
     ["Vui lòng nhập số ký hiệu của văn bản ban hành (ví dụ 639/KH-SCT)."]),
    (True, {"number": "639/KH-SCT", "issued_on": ""}, ["Vui lòng nhập ngày ban hành."]),
    (True, {"number": "639/KH-SCT", "issued_on": "23/1/26x"}, [DATE_MESSAGE]),
    (False, {"number": "", "issued_on": ""}, [
        "Vui lòng nhập số ký hiệu của văn bản ban hành (ví dụ 639/KH-SCT).",
        "Vui lòng nhập ngày ban hành.", "Kế hoạch chưa có nhiệm vụ nào.",
    ]),
])
def test_issue_is_refused_with_reasons(office, org, with_task, form, messages):
    plan = make_plan(org.office, title="Kế hoạch chưa đủ điều kiện")
    if with_task:
        make_task(plan.areas[0], org.ttr)
    response = office.post(f"/plans/{plan.id}/issue", headers=HX, data=form)
    assert response.status_code == 422
    assert "HX-Redirect" not in response.headers
    for message in messages:
        assert message in response.text
    assert 'id="plan-issue"' in response.text  # the issue form comes back
    if form["number"]:
        assert f'value="{form["number"]}"' in response.text
    if form["issued_on"]:
        assert f'value="{form["issued_on"]}"' in response.text
    saved = fresh(Plan, plan.id)
    assert saved.status == "draft" and saved.number == "" and saved.issued_on is None
    assert audits("issue") == []


def test_issue_refuses_a_task_without_deadline(office, org):
    plan = make_plan(org.office)
    task = make_task(plan.areas[0], org.ttr, deadline=date(2026, 6, 30))
    db.session.execute(Task.__table__.update().where(Task.id == task.id).values(deadline=None))
    db.session.commit()
    response = office.post(f"/plans/{plan.id}/issue", headers=HX,
                           data={"number": "1/KH-SCT", "issued_on": "23/01/2026"})
    assert response.status_code == 422
    assert "Nhiệm vụ 1.1 chưa có thời hạn." in response.text
    assert fresh(Plan, plan.id).status == "draft"


def test_issue_refuses_a_number_in_use(office, org, ready):
    other = make_plan(org.office, title="Kế hoạch khác")
    make_task(other.areas[0], org.ttr)
    issue(other, org.office, number="639/KH-SCT")
    response = office.post(f"/plans/{ready.id}/issue", headers=HX,
                           data={"number": "639/kh-sct", "issued_on": "23/01/2026"})
    assert response.status_code == 422
    assert "Số ký hiệu “639/kh-sct” đã được dùng cho kế hoạch khác." in response.text
    saved = fresh(Plan, ready.id)
    assert saved.status == "draft" and saved.number == ""


def test_issue_an_issued_plan_is_refused(office, org, ready):
    issue(ready, org.office)
    response = office.post(f"/plans/{ready.id}/issue", headers=HX,
                           data={"number": "2/KH-SCT", "issued_on": "23/01/2026"})
    assert response.status_code == 403
    assert len(audits("issue")) == 1


# -- close ------------------------------------------------------------------------------

def test_close_issued_plan(client, org, ready):
    issue(ready, org.office, number="639/KH-SCT")
    sign_in(client, "vanphong")
    response = client.post(f"/plans/{ready.id}/close")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/plans/{ready.id}")
    saved = fresh(Plan, ready.id)
    assert saved.status == "closed" and saved.closed_at is not None
    [entry] = audits("close", "plan", ready.id)
    assert entry.after["status"] == "Đã kết thúc"
    page = client.get(response.headers["Location"])
    assert "Đã kết thúc Kế hoạch số 639/KH-SCT ngày 23/01/2026." in page.text
    assert "Kết thúc kế hoạch</button>" not in page.text
    client.post("/logout")
    sign_in(client, "thanhtra")
    assert "Rà soát thủ tục hành chính" not in client.get("/checklist").text


def test_close_a_draft_is_refused(office, ready):
    assert office.post(f"/plans/{ready.id}/close").status_code == 403
    assert fresh(Plan, ready.id).status == "draft"
    assert audits("close") == []


# -- delete -----------------------------------------------------------------------------

def test_delete_draft_plan(office, org, ready):
    make_target(ready.areas[0])
    plan_id = ready.id
    response = office.post(f"/plans/{plan_id}/delete")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/plans")
    assert fresh(Plan, plan_id) is None
    assert count(Area) == 0 and count(Task) == 0
    [entry] = audits("delete", "plan", plan_id)
    assert entry.before["title"] == "Kế hoạch sẵn sàng ban hành" and entry.actor_id == org.office.id
    page = office.get("/plans")
    assert "Đã xóa kế hoạch dự thảo “Kế hoạch sẵn sàng ban hành”." in page.text


def test_delete_issued_plan_is_refused(office, org, ready):
    issue(ready, org.office)
    assert office.post(f"/plans/{ready.id}/delete").status_code == 403
    assert fresh(Plan, ready.id) is not None and count(Task) == 1
    assert audits("delete") == []


def test_delete_programme_with_plans_under_it_is_refused(office, org):
    programme = make_plan(org.office, title="Chương trình CCHC 2026–2030", kind="programme",
                          start_year=2026, end_year=2030)
    make_plan(org.office, title="Kế hoạch năm 2026", parent_id=programme.id)
    response = office.post(f"/plans/{programme.id}/delete", follow_redirects=True)
    assert response.status_code == 200
    assert "Có kế hoạch đang thực hiện chương trình này nên không thể xóa." in response.text
    assert fresh(Plan, programme.id) is not None
    assert audits("delete") == []


def test_delete_unknown_plan_is_404(office):
    assert office.post("/plans/9999/delete").status_code == 404


# -- what each reader is offered, by the plan's status (from test_plan_permissions.py; who may call
# each route is tests/web/test_access_matrix.py's) --------------------------------------------------

UNIT_USERS = ("thanhtra", "chanhthanhtra", "khtc")


def build(org, status: str, title: str) -> dict:
    """A plan in ``status`` with an area, a target and a task."""
    plan = make_plan(org.office, title=title, areas=(1, 2))
    area = plan.areas[0]
    target = make_target(area, "Chỉ tiêu thứ nhất")
    task = make_task(area, org.ttr, "Nhiệm vụ thứ nhất", deadline=date(2026, 6, 30), coop=[org.khtc])
    if status in ("issued", "closed"):
        issue(plan, org.office)
    if status == "closed":
        with transaction():
            close_plan(org.office, plan)
    return {"plan": plan.id, "area": area.id, "target": target.id, "task": task.id, "title": title}


class Plans(dict):
    """The test plans, built on first use (a draft, an issued and a closed one)."""

    TITLES = {"draft": "Kế hoạch dự thảo năm 2026", "issued": "Kế hoạch đã ban hành năm 2026",
              "closed": "Kế hoạch đã kết thúc năm 2025"}

    def __init__(self, org):
        super().__init__()
        self.org = org

    def __missing__(self, status):
        self[status] = build(self.org, status, self.TITLES[status])
        return self[status]

    def all(self):
        for status in self.TITLES:
            self[status]
        return self


@pytest.fixture
def plans(org):
    return Plans(org)


@pytest.mark.parametrize("username", UNIT_USERS)
def test_plan_list_hides_drafts_from_unit_users(client, org, plans, username):
    plans.all()
    sign_in(client, username)
    for response in (client.get("/plans"), client.get("/plans", headers=HX), client.get("/plans?status=draft")):
        assert response.status_code == 200
        assert plans["draft"]["title"] not in response.text
    listing = client.get("/plans").text
    assert plans["issued"]["title"] in listing and plans["closed"]["title"] in listing
    assert "/edit" not in listing  # no "Soạn thảo" link for anyone who cannot edit
    assert '<option value="draft"' not in listing  # nor a "Dự thảo" filter


def test_supervisor_lists_drafts_but_gets_no_editor_link(client, org, plans):
    plans.all()
    sign_in(client, "lanhdao")
    listing = client.get("/plans").text
    assert all(plans[s]["title"] in listing for s in ("draft", "issued", "closed"))
    assert "/edit" not in listing
    view = client.get(f"/plans/{plans['draft']['plan']}").text
    assert "/edit" not in view and "/delete" not in view


def test_office_gets_editor_links_only_for_open_plans(client, org, plans):
    plans.all()
    sign_in(client, "vanphong")
    listing = client.get("/plans").text
    assert f"/plans/{plans['draft']['plan']}/edit" in listing
    assert f"/plans/{plans['issued']['plan']}/edit" in listing
    assert f"/plans/{plans['closed']['plan']}/edit" not in listing
    closed_view = client.get(f"/plans/{plans['closed']['plan']}").text
    assert "/edit" not in closed_view and "/close" not in closed_view


def test_read_views_hide_edit_buttons_from_readers(client, org, plans):
    sign_in(client, "thanhtra")
    t = plans["issued"]
    for url in ("/plans/{plan}/meta", "/areas/{area}", "/targets/{target}", "/tasks/{task}/row"):
        response = client.get(url.format(**t), headers=HX)
        assert response.status_code == 200
        assert "hx-post" not in response.text and "/edit" not in response.text
