"""The Office builds a plan in the one-page editor, in a real browser."""
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.formatting import local_today, vn_date
from app.plans.models import Plan, Task
from tests.factories import PASSWORD, make_plan, make_task

from .conftest import login, main_nav, screenshot

pytestmark = pytest.mark.browser

AREA_2 = "2. Cải cách thủ tục hành chính"


def test_office_creates_plan_fills_area_and_issues_it(page, new_page, live_server, org, watch):
    """Issue acceptance: create → add target and task without reloading → issue → the unit sees its task."""
    base = live_server.url
    deadline = local_today() + timedelta(days=3)  # today in Asia/Ho_Chi_Minh, as the app counts
    title = "Kế hoạch cải cách hành chính năm 2026"
    task_title = "Rà soát, công khai thủ tục hành chính trên Cổng Dịch vụ công quốc gia"
    target_text = "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn"

    login(page, base, "vanphong", PASSWORD)
    main_nav(page).get_by_role("link", name="Kế hoạch", exact=True).click()
    page.get_by_role("button", name="Tạo kế hoạch").click()
    expect(page.get_by_role("heading", name="Tạo kế hoạch", level=1)).to_be_visible()
    expect(page.locator("[aria-invalid]")).to_have_count(0)  # nothing announced as invalid before saving

    page.get_by_label("Tên kế hoạch (trích yếu)").fill(title)
    page.get_by_label("Năm", exact=True).fill("2026")
    standard = page.get_by_role("group", name="Các nội dung CCHC chuẩn").get_by_role("checkbox")
    expect(standard).to_have_count(6)
    for i in range(6):
        expect(standard.nth(i)).to_be_checked()
    page.get_by_role("button", name="Tạo kế hoạch").click()

    page.wait_for_url(re.compile(r"/plans/\d+/edit$"))
    plan_id = int(re.search(r"/plans/(\d+)/edit", page.url).group(1))
    expect(page.get_by_role("heading", name="Soạn thảo kế hoạch", level=1)).to_be_visible()
    expect(page.get_by_text("6 nội dung · 0 mục tiêu, chỉ tiêu · 0 nhiệm vụ")).to_be_visible()

    # From here until "Ban hành" every step is an htmx swap: the page is never reloaded.
    page.evaluate("window.__noReload = 1")
    area = page.get_by_role("region", name=AREA_2)

    area.get_by_role("button", name="Thêm chỉ tiêu").click()
    area.get_by_label("Nội dung mục tiêu, chỉ tiêu").fill(target_text)
    area.get_by_label("Loại chỉ số").select_option(label="Tỷ lệ (%)")
    area.get_by_label("So sánh").select_option(label="≥ (tối thiểu)")
    area.get_by_label("Giá trị chỉ tiêu").fill("99")
    area.get_by_role("button", name="Lưu chỉ tiêu").click()
    targets = area.get_by_role("list", name="Mục tiêu, chỉ tiêu của nội dung 2").get_by_role("listitem")
    expect(targets).to_have_count(1)
    expect(targets.first).to_contain_text(target_text)
    expect(targets.first).to_contain_text("≥ 99")
    expect(area.get_by_label("Nội dung mục tiêu, chỉ tiêu")).to_have_count(0)  # the form slot emptied

    area.get_by_role("button", name="Thêm nhiệm vụ").click()
    area.get_by_label("Tên nhiệm vụ").fill(task_title)
    area.get_by_label("Đơn vị chủ trì").select_option(label="Thanh tra Sở")
    area.get_by_label("Thời hạn", exact=True).fill(vn_date(deadline))
    area.get_by_role("button", name="Lưu nhiệm vụ").click()
    tasks = area.get_by_role("list", name="Nhiệm vụ của nội dung 2").get_by_role("listitem")
    expect(tasks).to_have_count(1)
    expect(tasks.first).to_contain_text(task_title)
    expect(tasks.first).to_contain_text("Chủ trì: Thanh tra Sở")
    expect(tasks.first).to_contain_text(f"Thời hạn: {vn_date(deadline)}")
    expect(area.get_by_label("Tên nhiệm vụ")).to_have_count(0)
    # The counters follow through the plan-changed event, not a reload.
    expect(page.get_by_text("6 nội dung · 1 mục tiêu, chỉ tiêu · 1 nhiệm vụ")).to_be_visible()

    assert page.evaluate("window.__noReload") == 1, "the editor reloaded the page"
    screenshot(page, "editor-after-adding")

    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.accept()))
    issue = page.get_by_role("region", name="Ban hành kế hoạch")
    issue.get_by_label("Số ký hiệu").fill("639/KH-SCT")
    issue.get_by_label("Ngày ban hành").fill(vn_date(local_today()))
    issue.get_by_role("button", name="Ban hành").click()
    page.wait_for_url(f"{base}/plans/{plan_id}")
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_text("Đã ban hành", exact=True)).to_be_visible()
    expect(page.get_by_text("639/KH-SCT", exact=False).first).to_be_visible()
    assert dialogs == ["Ban hành kế hoạch này? Các đơn vị sẽ thấy nhiệm vụ được giao."]

    page.goto(f"{base}/plans/{plan_id}/edit")
    screenshot(page, "editor-issued")

    # Nothing left the machine; no script error; the CSP refused nothing.
    assert any(url.endswith("/static/vendor/htmx/htmx.min.js") for url in watch.requests)  # the log works
    foreign = [url for url in watch.requests if not live_server.is_local(url)]
    assert foreign == []
    assert watch.console_errors == []
    assert watch.page_errors == []
    assert watch.csp_violations == []

    # The lead unit sees the task at once, with its deadline badge.
    inspector = new_page()
    login(inspector, base, "thanhtra", PASSWORD)
    main_nav(inspector).get_by_role("link", name=re.compile("^Việc của đơn vị")).click()
    card = inspector.get_by_role("listitem").filter(has=inspector.get_by_role("link", name=task_title))
    expect(card).to_have_count(1)
    expect(card.locator(".badge-due_soon")).to_have_text("Còn 3 ngày")


def _draft_plan_with_area_2(org):
    plan = make_plan(title="Kế hoạch kiểm soát thủ tục hành chính năm 2026", areas=(1, 2))
    return plan, plan.areas[1]


def test_task_form_shows_vietnamese_errors_inline_and_keeps_typed_values(page, live_server, org):
    plan, area_2 = _draft_plan_with_area_2(org)
    base = live_server.url
    login(page, base, "vanphong", PASSWORD)
    page.goto(f"{base}/plans/{plan.id}/edit")
    page.evaluate("window.__noReload = 1")
    area = page.get_by_role("region", name=AREA_2)

    area.get_by_role("button", name="Thêm nhiệm vụ").click()
    area.get_by_label("Nội dung chi tiết").fill("Rà soát toàn bộ thủ tục thuộc thẩm quyền giải quyết của Sở")
    area.get_by_label("Đơn vị chủ trì").select_option(label="Thanh tra Sở")
    area.get_by_label("Sản phẩm").fill("Báo cáo kết quả rà soát")
    area.get_by_role("button", name="Lưu nhiệm vụ").click()

    title = area.get_by_label("Tên nhiệm vụ")
    deadline = area.get_by_label("Thời hạn", exact=True)
    expect(area.get_by_text("Vui lòng nhập tên nhiệm vụ.")).to_be_visible()
    expect(area.get_by_text("Hãy nhập thời hạn hoặc chọn “Thường xuyên”.")).to_be_visible()
    # Each message belongs to its field, for a screen reader too.
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_have_accessible_description(re.compile("Vui lòng nhập tên nhiệm vụ."))
    expect(deadline).to_have_attribute("aria-invalid", "true")
    expect(deadline).to_have_accessible_description(re.compile("Hãy nhập thời hạn hoặc chọn “Thường xuyên”."))
    area.get_by_label("Tên nhiệm vụ").scroll_into_view_if_needed()
    screenshot(page, "editor-task-errors", full_page=False)
    # Only the fields in error are announced as invalid.
    for label in ("Nội dung chi tiết", "Đơn vị chủ trì", "Sản phẩm"):
        assert area.get_by_label(label).get_attribute("aria-invalid") is None, label
    # What was typed is still there.
    expect(area.get_by_label("Nội dung chi tiết")).to_have_value(
        "Rà soát toàn bộ thủ tục thuộc thẩm quyền giải quyết của Sở")
    expect(area.get_by_label("Sản phẩm")).to_have_value("Báo cáo kết quả rà soát")
    lead = area.get_by_label("Đơn vị chủ trì")
    expect(lead).to_have_value(str(org.ttr.id))
    # Nothing was added.
    expect(area.get_by_role("list", name="Nhiệm vụ của nội dung 2").get_by_role("listitem")).to_have_count(0)
    expect(page.get_by_text("2 nội dung · 0 mục tiêu, chỉ tiêu · 0 nhiệm vụ")).to_be_visible()
    live_server.refresh()
    assert db.session.query(Task).filter_by(plan_id=plan.id).count() == 0

    # Correcting the form saves it.
    title.fill("Rà soát, đơn giản hóa thủ tục hành chính")
    deadline.fill(vn_date(local_today() + timedelta(days=30)))
    area.get_by_role("button", name="Lưu nhiệm vụ").click()
    expect(area.get_by_role("list", name="Nhiệm vụ của nội dung 2").get_by_role("listitem")).to_have_count(1)
    expect(area.get_by_text("Vui lòng nhập tên nhiệm vụ.")).to_have_count(0)
    assert page.evaluate("window.__noReload") == 1


def test_task_is_edited_inline_moved_down_and_deleted(page, live_server, org):
    plan, area_2 = _draft_plan_with_area_2(org)
    for title in ("Nhiệm vụ thứ nhất", "Nhiệm vụ thứ hai", "Nhiệm vụ thứ ba"):
        make_task(area_2, org.ttr, title=title, deadline=local_today() + timedelta(days=60))
    base = live_server.url
    login(page, base, "vanphong", PASSWORD)
    page.goto(f"{base}/plans/{plan.id}/edit")
    page.evaluate("window.__noReload = 1")
    area = page.get_by_role("region", name=AREA_2)
    tasks = area.get_by_role("list", name="Nhiệm vụ của nội dung 2")
    rows = tasks.get_by_role("listitem")
    titles = tasks.locator(".title")
    expect(titles).to_have_text([re.compile("thứ nhất"), re.compile("thứ hai"), re.compile("thứ ba")])

    # Edit the first task's title in its row.
    first = rows.filter(has_text="Nhiệm vụ thứ nhất")
    first.get_by_role("button", name=re.compile("^Sửa nhiệm vụ")).click()
    form_title = area.get_by_label("Tên nhiệm vụ")
    expect(form_title).to_have_value("Nhiệm vụ thứ nhất")
    form_title.fill("Nhiệm vụ thứ nhất (đã sửa)")
    area.get_by_role("button", name="Lưu nhiệm vụ").click()
    expect(titles).to_have_text([re.compile(r"thứ nhất \(đã sửa\)"), re.compile("thứ hai"), re.compile("thứ ba")])
    expect(area.get_by_label("Tên nhiệm vụ")).to_have_count(0)

    # Move it down: it changes places with the second.
    area.get_by_role("button", name="Chuyển nhiệm vụ 2.1 xuống").click()
    expect(titles).to_have_text([re.compile("thứ hai"), re.compile(r"thứ nhất \(đã sửa\)"), re.compile("thứ ba")])

    # Delete the third, after confirming.
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.accept()))
    area.get_by_role("button", name="Xóa nhiệm vụ 2.3").click()
    expect(titles).to_have_text([re.compile("thứ hai"), re.compile(r"thứ nhất \(đã sửa\)")])
    assert dialogs == ["Xóa hẳn nhiệm vụ “Nhiệm vụ thứ ba”?"]
    expect(page.get_by_text("2 nội dung · 0 mục tiêu, chỉ tiêu · 2 nhiệm vụ")).to_be_visible()
    assert page.evaluate("window.__noReload") == 1

    # It was all saved: a fresh page shows the same.
    page.reload()
    expect(titles).to_have_text([re.compile("thứ hai"), re.compile(r"thứ nhất \(đã sửa\)")])
    live_server.refresh()
    assert [t.title for t in db.session.get(Plan, plan.id).areas[1].tasks] == [
        "Nhiệm vụ thứ hai", "Nhiệm vụ thứ nhất (đã sửa)"]


def test_office_gives_a_task_a_group_and_it_is_saved(page, live_server, org, watch):
    """The task editor's "Nhóm việc (mục I của báo cáo)": chosen, saved, shown on the row, stored."""
    plan, area_2 = _draft_plan_with_area_2(org)
    task = make_task(area_2, org.ttr, title="Rà soát thủ tục hành chính về xăng dầu")
    assert task.topic is None  # a task of area 2: no group until the Office gives it one
    login(page, live_server.url, "vanphong", PASSWORD)
    page.goto(f"{live_server.url}/plans/{plan.id}/edit")
    page.evaluate("window.__noReload = 1")
    area = page.get_by_role("region", name=AREA_2)
    row = area.get_by_role("listitem").filter(has_text="Rà soát thủ tục hành chính về xăng dầu")
    expect(row).not_to_contain_text("Nhóm việc")
    row.get_by_role("button", name=re.compile("^Sửa nhiệm vụ")).click()
    group = area.get_by_label("Nhóm việc (mục I của báo cáo)")
    expect(group).to_have_value("")
    group.select_option(label="Kiểm tra")
    area.get_by_role("button", name="Lưu nhiệm vụ").click()
    expect(area.get_by_label("Nhóm việc (mục I của báo cáo)")).to_have_count(0)
    expect(row).to_contain_text("Nhóm việc: Kiểm tra")
    assert page.evaluate("window.__noReload") == 1
    db.session.expire_all()
    assert db.session.get(Task, task.id).topic == "kiem_tra"
    page.reload()
    expect(page.get_by_role("region", name=AREA_2)).to_contain_text("Nhóm việc: Kiểm tra")
    assert watch.csp_violations == [] and watch.page_errors == [] and watch.console_errors == []
