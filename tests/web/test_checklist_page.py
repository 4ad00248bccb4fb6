"""The unit checklist ("Việc của đơn vị"): what a unit sees, who may look, the filters."""
import re
from datetime import timedelta

import pytest

from app.formatting import local_today
from app.plans.services import archive_task, close_plan
from app.transactions import transaction
from tests import figures
from tests.factories import (
    HX, issue, make_period, make_plan, make_progress_entry, make_task, make_unit, make_user,
)
from tests.signin import sign_in

NO_MATCH = "Không có nhiệm vụ nào khớp với bộ lọc."
NAV_COUNT_RE = re.compile(r'<span class="count"[^>]*>(\d+)</span>')


def nav_count(page: str) -> int:
    """The open-task count beside "Việc của đơn vị" (no badge means none)."""
    assert "Việc của đơn vị" in page
    found = NAV_COUNT_RE.search(page)
    return int(found.group(1)) if found else 0


@pytest.fixture
def work(org):
    """Two issued plans, a draft and a closed one, with tasks for Thanh tra (ttr) and others."""
    today = local_today()
    main = make_plan(org.office, title="Kế hoạch cải cách hành chính năm 2026", areas=(1, 2))
    the_che, tthc = main.areas
    tasks = {
        "the_che": make_task(the_che, org.ttr, "Rà soát văn bản về cải cách thể chế",
                             deadline=today + timedelta(days=30)),
        "dong_nai": make_task(tthc, org.khtc, "Công khai thủ tục hành chính tại tỉnh Đồng Nai",
                              deadline=today - timedelta(days=10), coop=[org.ttr]),
        "mot_cua": make_task(tthc, org.ttr, "Tiếp nhận hồ sơ tại Bộ phận Một cửa", recurring=True,
                             items=["Lập danh mục hồ sơ"], output="Sổ theo dõi"),
        "due_soon": make_task(tthc, org.ttr, "Báo cáo kết quả kiểm soát TTHC", deadline=today + timedelta(days=3)),
        "van_phong": make_task(tthc, org.vp, "Tổng hợp báo cáo của Văn phòng", deadline=today + timedelta(days=30)),
        "archived": make_task(tthc, org.ttr, "Nhiệm vụ đã lưu trữ", deadline=today + timedelta(days=30)),
    }
    with transaction():
        archive_task(org.office, tasks["archived"])
    issue(main, org.office, number="639/KH-SCT")

    thematic = make_plan(org.office, title="Kế hoạch tuyên truyền năm 2026", kind="thematic", areas=(1,))
    tasks["tuyen_truyen"] = make_task(thematic.areas[0], org.ttr, "Tuyên truyền về cải cách hành chính",
                                      deadline=today + timedelta(days=60))
    issue(thematic, org.office, number="15/KH-SCT")

    draft = make_plan(org.office, title="Kế hoạch dự thảo", areas=(2,))
    tasks["draft"] = make_task(draft.areas[0], org.ttr, "Nhiệm vụ trong dự thảo", recurring=True)

    old = make_plan(org.office, title="Kế hoạch năm 2025", year=2025, areas=(2,))
    tasks["closed"] = make_task(old.areas[0], org.ttr, "Nhiệm vụ của kế hoạch đã kết thúc", recurring=True)
    issue(old, org.office, number="700/KH-SCT")
    with transaction():
        close_plan(org.office, old)

    class Work:
        pass

    w = Work()
    w.main, w.thematic, w.draft, w.old = main, thematic, draft, old
    w.titles = {key: task.title for key, task in tasks.items()}
    return w


def shown(response, work) -> set[str]:
    """Which of the fixture's tasks a checklist response lists."""
    return {key for key, title in work.titles.items() if title in response.text}


TTR_LIST = {"the_che", "dong_nai", "mot_cua", "due_soon", "tuyen_truyen"}


# -- what a unit sees ---------------------------------------------------------------

@pytest.mark.parametrize("username", ["thanhtra", "chanhthanhtra"])
def test_unit_sees_tasks_it_leads_or_cooperates_on_in_issued_plans(client, org, work, username):
    sign_in(client, username)
    response = client.get("/checklist")
    assert response.status_code == 200
    assert "<html" in response.text and "Việc của đơn vị" in response.text and "Thanh tra Sở" in response.text
    assert shown(response, work) == TTR_LIST  # not the draft, the closed plan, the archived or other units' tasks
    counts = figures.checklist(response.text)
    # the tasks it leads and those it cooperates on, counted apart: the overdue one is Đồng Nai's, where it helps
    assert counts["lead"] == {"nhiệm vụ": 4, "đã hoàn thành": 0, "quá hạn": 0, "sắp đến hạn": 1}
    assert counts["coop"] == {"nhiệm vụ": 1, "đã hoàn thành": 0, "quá hạn": 1, "sắp đến hạn": 0}
    assert '<span class="role-name">Phối hợp:</span>' in response.text
    assert '<strong class="text-danger">1</strong> quá hạn' in response.text


def test_heads_checklist_counts_its_units_row_of_the_dashboard_and_its_cooperation_apart(as_user, org, work):
    """A unit head compares the checklist with the dashboard: the line "Chủ trì" is the unit's row of the
    dashboard ("Theo đơn vị chủ trì"), on the Office's dashboard and on the head's own (a unit that is no
    area's focal unit: its dashboard counts its own tasks); the tasks it cooperates on (counted on their lead
    unit's row) are on a line of their own."""
    today = local_today()
    period = make_period("year", today.year)  # open, counted today
    make_task(work.main.areas[0], org.ttr, "Kiểm tra văn bản quy phạm pháp luật",
                     deadline=today - timedelta(days=3))
    done = make_task(work.main.areas[0], org.ttr, "Rà soát quy chế làm việc", deadline=today - timedelta(days=20))
    make_progress_entry(done, period=period, status="approved", task_status="done", percent_done=100,
                        completed_on=today - timedelta(days=25))
    helped = make_task(work.main.areas[1], org.vp, "Cập nhật danh mục TTHC", deadline=today - timedelta(days=1),
                       coop=[org.ttr])
    make_progress_entry(helped, period=period, status="draft")

    head = as_user("chanhthanhtra")
    checklist = figures.checklist(head.get(f"/checklist?period={period.id}").text)
    own_board = figures.dashboard(head.get(f"/dashboard?period={period.id}").text)
    board = figures.dashboard(as_user("vanphong").get(f"/dashboard?period={period.id}").text)

    row = board["units"]["Thanh tra Sở"]
    assert (row["tasks"], row["done"], row["overdue"]) == (6, 1, 1)  # the fixture's four, the late one, the done one
    for dashboard_row in (row, own_board["units"]["Thanh tra Sở"]):
        assert (checklist["lead"]["nhiệm vụ"], checklist["lead"]["đã hoàn thành"], checklist["lead"]["quá hạn"]) \
            == (dashboard_row["tasks"], dashboard_row["done"], dashboard_row["overdue"])
    # Đồng Nai's task (overdue) and Văn phòng's (overdue, a draft) are counted on their lead units' rows
    assert checklist["coop"] == {"nhiệm vụ": 2, "đã hoàn thành": 0, "quá hạn": 2, "sắp đến hạn": 0}
    assert board["units"]["Văn phòng Sở"]["overdue"] == board["units"]["Phòng Kế hoạch - Tài chính - Tổng hợp"][
        "overdue"] == 1


def test_checklist_groups_by_plan_then_area_and_marks_the_role(client, org, work):
    sign_in(client, "thanhtra")
    text = client.get("/checklist").text
    assert "Kế hoạch số 639/KH-SCT ngày 23/01/2026</a>: Kế hoạch cải cách hành chính năm 2026" in text
    assert "Kế hoạch số 15/KH-SCT ngày 23/01/2026</a>: Kế hoạch tuyên truyền năm 2026" in text
    assert text.index("<h3>Cải cách thể chế</h3>") < text.index(work.titles["the_che"])
    assert text.index("<h3>Cải cách thủ tục hành chính</h3>") < text.index(work.titles["dong_nai"])
    card = text[text.index(work.titles["dong_nai"]):]
    card = card[:card.index("</li>\n")]
    assert "Chủ trì: <strong>Phòng Kế hoạch - Tài chính - Tổng hợp</strong>" in card
    assert '<span class="badge badge-role">Phối hợp</span>' in card
    assert "Quá hạn 10 ngày" in card
    soon = text[text.index(work.titles["due_soon"]):]
    assert "Còn 3 ngày" in soon[:soon.index("</li>\n")]
    one_stop = text[text.index(work.titles["mot_cua"]):]
    one_stop = one_stop[:one_stop.index("</li>\n")]
    assert "<li>Lập danh mục hồ sơ</li>" in one_stop and "Sản phẩm: Sổ theo dõi" in one_stop
    assert "Thường xuyên" in one_stop and '<span class="badge badge-role">Chủ trì</span>' in one_stop


def test_cooperating_unit_sees_only_its_share(client, org, work):
    sign_in(client, "khtc")
    response = client.get("/checklist")
    assert shown(response, work) == {"dong_nai"}
    assert '<span class="badge badge-role">Chủ trì</span>' in response.text


def test_unit_without_tasks_gets_an_explanation(client, org, work):
    unit = make_unit("Phòng Quản lý năng lượng", "QLNL")
    make_user(unit, username="nangluong")
    client.post("/logout")
    sign_in(client, "nangluong")
    response = client.get("/checklist")
    assert response.status_code == 200
    assert "Đơn vị chưa được giao nhiệm vụ nào trong các kế hoạch đã ban hành." in response.text
    assert shown(response, work) == set()


def test_archiving_and_restoring_a_task_updates_the_checklist(client, org, work):
    from app.extensions import db
    from app.plans.models import Task
    from app.plans.services import restore_task

    client.post("/logout")

    sign_in(client, "thanhtra")
    task = db.session.scalar(db.select(Task).where(Task.title == work.titles["the_che"]))
    with transaction():
        archive_task(org.office, task)
    page = client.get("/checklist")
    assert "the_che" not in shown(page, work) and nav_count(page.text) == 4
    with transaction():
        restore_task(org.office, task)
    page = client.get("/checklist")
    assert "the_che" in shown(page, work) and nav_count(page.text) == 5


# -- who may look ---------------------------------------------------------------------

@pytest.mark.parametrize("username", ["thanhtra", "chanhthanhtra"])
def test_staff_cannot_open_another_units_checklist(client, org, work, username):
    sign_in(client, username)
    response = client.get(f"/checklist?unit={org.khtc.id}")
    assert response.status_code == 403
    assert work.titles["dong_nai"] not in response.text
    assert client.get(f"/checklist?unit={org.khtc.id}", headers=HX).status_code == 403
    assert client.get(f"/checklist?unit={org.ttr.id}").status_code == 200  # their own, named explicitly


@pytest.mark.parametrize("username", ["vanphong", "lanhdao", "quantri"])
def test_office_supervisor_and_admin_open_any_units_checklist(client, org, work, username):
    sign_in(client, username)
    response = client.get(f"/checklist?unit={org.ttr.id}")
    assert response.status_code == 200
    assert shown(response, work) == TTR_LIST
    assert '<select id="unit" name="unit">' in response.text
    assert f'<option value="{org.ttr.id}" selected>Thanh tra Sở</option>' in response.text


def test_staff_get_no_unit_picker(client, org, work):
    sign_in(client, "thanhtra")
    assert 'name="unit"' not in client.get("/checklist").text


def test_unknown_unit_is_404(client, org, work):
    sign_in(client, "vanphong")
    assert client.get("/checklist?unit=9999").status_code == 404


def test_checklist_needs_login(client, org):
    response = client.get("/checklist")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# -- filters --------------------------------------------------------------------------

def test_filter_options_list_only_the_units_plans_and_areas(client, org, work):
    sign_in(client, "thanhtra")
    text = client.get("/checklist").text
    plan_select = text[text.index('<select id="plan"'):]
    plan_select = plan_select[:plan_select.index("</select>")]
    assert f'value="{work.main.id}"' in plan_select and f'value="{work.thematic.id}"' in plan_select
    assert f'value="{work.draft.id}"' not in plan_select and f'value="{work.old.id}"' not in plan_select
    area_select = text[text.index('<select id="area"'):]
    area_select = area_select[:area_select.index("</select>")]
    assert area_select.count("<option") == 3  # "all" + the two area names, each once
    assert area_select.count('value="Cải cách thể chế"') == 1
    assert area_select.count('value="Cải cách thủ tục hành chính"') == 1


def test_filter_by_plan(client, org, work):
    sign_in(client, "thanhtra")
    response = client.get(f"/checklist?plan={work.thematic.id}", headers=HX)
    assert shown(response, work) == {"tuyen_truyen"}
    response = client.get(f"/checklist?plan={work.main.id}", headers=HX)
    assert shown(response, work) == TTR_LIST - {"tuyen_truyen"}


def test_filter_by_plan_does_not_reveal_a_draft(client, org, work):
    sign_in(client, "thanhtra")
    response = client.get(f"/checklist?plan={work.draft.id}", headers=HX)
    assert shown(response, work) == set() and NO_MATCH in response.text


def test_filter_by_area_name_spans_plans(client, org, work):
    sign_in(client, "thanhtra")
    response = client.get("/checklist", query_string={"area": "Cải cách thể chế"}, headers=HX)
    assert shown(response, work) == {"the_che", "tuyen_truyen"}
    response = client.get("/checklist", query_string={"area": "Cải cách thủ tục hành chính"}, headers=HX)
    assert shown(response, work) == {"dong_nai", "mot_cua", "due_soon"}


@pytest.mark.parametrize(("role", "expected"), [
    ("lead", {"the_che", "mot_cua", "due_soon", "tuyen_truyen"}),
    ("coop", {"dong_nai"}),
    ("other", TTR_LIST),  # an unknown role is ignored
])
def test_filter_by_role(client, org, work, role, expected):
    sign_in(client, "thanhtra")
    assert shown(client.get(f"/checklist?role={role}", headers=HX), work) == expected


def test_filter_overdue(client, org, work):
    sign_in(client, "thanhtra")
    response = client.get("/checklist?overdue=1", headers=HX)
    assert shown(response, work) == {"dong_nai"}
    assert "<strong>1</strong> nhiệm vụ" in response.text


def test_filters_combine(client, org, work):
    sign_in(client, "thanhtra")
    response = client.get(f"/checklist?plan={work.main.id}&role=lead&q=bao+cao", headers=HX)
    assert shown(response, work) == {"due_soon"}
    response = client.get(f"/checklist?plan={work.thematic.id}&overdue=1", headers=HX)
    assert shown(response, work) == set() and NO_MATCH in response.text


@pytest.mark.parametrize(("q", "expected"), [
    ("cai cach", {"the_che", "tuyen_truyen"}),
    ("cải cách", {"the_che", "tuyen_truyen"}),
    ("CẢI CÁCH", {"the_che", "tuyen_truyen"}),
    ("dong nai", {"dong_nai"}),
    ("DONG NAI", {"dong_nai"}),
    ("Đồng Nai", {"dong_nai"}),
    ("đong nai", {"dong_nai"}),  # đ typed for d, or d for đ: both match
    ("  dong   nai ", {"dong_nai"}),
    ("nai dong", {"dong_nai"}),  # every word, in any order
    ("mot cua", {"mot_cua"}),
    ("danh muc", {"mot_cua"}),  # a sub-item
    ("so theo doi", {"mot_cua"}),  # the output
    ("tthc", {"due_soon"}),
    ("dự thảo", set()),  # the draft's task is not searchable either
    ("cai cach dong nai", set()),
    ("%", set()),  # LIKE wildcards are taken literally
    ("_", set()),
])
def test_search_ignores_diacritics_and_case(client, org, work, q, expected):
    sign_in(client, "thanhtra")
    response = client.get("/checklist", query_string={"q": q}, headers=HX)
    assert response.status_code == 200
    assert shown(response, work) == expected
    if not expected:
        assert NO_MATCH in response.text


def test_full_page_keeps_the_filters_in_the_form(client, org, work):
    sign_in(client, "thanhtra")
    text = client.get(f"/checklist?q=dong+nai&role=coop&overdue=1&plan={work.main.id}").text
    assert 'name="q" value="dong nai"' in text
    assert '<option value="coop" selected>' in text
    assert 'name="overdue" value="1" checked' in text
    assert f'<option value="{work.main.id}" selected>' in text


# -- page or partial ------------------------------------------------------------------

def test_the_rows_say_in_one_sentence_what_they_show(app, client, org, work):
    """What #announcer reads out after a filter or a page (data-announce): how many tasks, which of them."""
    sign_in(client, "thanhtra")
    assert figures.checklist(client.get("/checklist", headers=HX).text)["announced"] == "Đang hiện 5 nhiệm vụ."
    app.config["CHECKLIST_PAGE_SIZE"] = 2
    assert figures.checklist(client.get("/checklist?page=2", headers=HX).text)["announced"] == \
        "Đang hiện 3–4 trong 5 nhiệm vụ, trang 2/3."
    assert figures.checklist(client.get("/checklist?q=khong+co", headers=HX).text)["announced"] == NO_MATCH


def test_htmx_request_gets_only_the_rows(client, org, work):
    sign_in(client, "thanhtra")
    partial = client.get("/checklist", headers=HX)
    assert partial.status_code == 200
    assert "<html" not in partial.text and "<form" not in partial.text and "<h1>" not in partial.text
    assert 'class="checklist-summary"' in partial.text
    assert shown(partial, work) == TTR_LIST
    assert "HX-Request" in partial.headers.get("Vary", "")
    full = client.get("/checklist")
    assert "<html" in full.text and 'id="checklist-rows"' in full.text and "<h1>Việc của đơn vị</h1>" in full.text
    # A history restore by htmx asks for the whole page.
    restore = client.get("/checklist", headers={**HX, "HX-History-Restore-Request": "true"})
    assert "<html" in restore.text


# -- the count in the navigation -------------------------------------------------------

@pytest.mark.parametrize(("username", "expected"), [
    ("thanhtra", 5), ("chanhthanhtra", 5), ("khtc", 1), ("vanphong", 1), ("lanhdao", 0),
])
def test_navigation_counts_the_units_open_tasks(client, org, work, username, expected):
    sign_in(client, username)
    for url in ("/checklist", "/plans"):
        assert nav_count(client.get(url).text) == expected, url


def test_navigation_count_ignores_the_filters(client, org, work):
    # The count is the unit's whole checklist, whatever the page shows.
    sign_in(client, "thanhtra")
    text = client.get("/checklist?role=coop").text
    assert nav_count(text) == 5
    assert "<strong>1</strong> nhiệm vụ" in text
