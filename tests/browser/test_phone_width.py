"""A phone-width screen (390 x 844): nothing overflows sideways in the checklist and the editor; the header is
a compact bar with its links behind a button; the entry form and an approval card are used with one thumb."""
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, make_period, make_plan, make_progress_entry, make_target, make_task

from .conftest import days_from_today, issued_plan, login, screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SCROLL_WIDTH = "document.documentElement.scrollWidth"


def test_checklist_fits_phone_width(new_page, live_server, org):
    issued_plan(tasks=[
        (1, org.ttr, "Rà soát, cập nhật, công khai thủ tục hành chính trên Cổng Dịch vụ công quốc gia và "
                     "Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh", days_from_today(3), ()),
        (0, org.ttr, "Kiểm tra công tác pháp chế", days_from_today(-4), ()),
        (2, org.vp, "Tuyên truyền về cải cách chế độ công vụ", None, (org.ttr, org.khtc)),
    ])
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    login(page, live_server.url, "thanhtra", PASSWORD)
    page.goto(f"{live_server.url}/checklist")
    expect(page.locator("#checklist-rows li.task-card")).to_have_count(3)
    screenshot(page, "phone-checklist")
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"]


def test_editor_fits_phone_width(new_page, live_server, org):
    plan = make_plan(title="Kế hoạch cải cách hành chính năm 2026", areas=(1, 2, 6))
    area_2 = plan.areas[1]
    make_target(area_2)
    make_task(area_2, org.ttr, title="Rà soát, công khai thủ tục hành chính trên Cổng Dịch vụ công quốc gia",
              deadline=days_from_today(20), coop=(org.vp,), output="Báo cáo")
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    login(page, live_server.url, "vanphong", PASSWORD)
    page.goto(f"{live_server.url}/plans/{plan.id}/edit")
    area = page.get_by_role("region", name="2. Cải cách thủ tục hành chính")
    expect(area.get_by_role("list", name="Nhiệm vụ của nội dung 2").get_by_role("listitem")).to_have_count(1)
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"]

    # With the task form open too.
    area.get_by_role("button", name="Thêm nhiệm vụ").click()
    expect(area.get_by_label("Tên nhiệm vụ")).to_be_visible()
    screenshot(page, "phone-editor")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "phone-editor-top", full_page=False)
    area.get_by_role("list", name="Nhiệm vụ của nội dung 2").scroll_into_view_if_needed()
    screenshot(page, "phone-editor-task", full_page=False)
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"]


def test_phone_header_is_compact_and_its_menu_opens_behind_a_button(new_page, live_server, org):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    login(page, live_server.url, "vanphong", PASSWORD)
    page.goto(f"{live_server.url}/plans")
    header = page.locator("header.site-header")
    assert header.bounding_box()["height"] <= 64  # about 60 px (it was about 350 px with the links open)
    menu = page.get_by_role("button", name="Danh mục")
    links = page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Tổng hợp")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(links).to_be_hidden()

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(links).to_be_visible()
    assert links.bounding_box()["height"] >= 44  # a thumb's target
    screenshot(page, "phone-menu-open", full_page=False)
    links.focus()
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(links).to_be_hidden()
    expect(menu).to_be_focused()  # Escape gives the focus back to the button
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"]

    # On a wide screen there is no button: the links are in the bar.
    page.set_viewport_size({"width": 1366, "height": 900})
    expect(menu).to_be_hidden()
    expect(links).to_be_visible()


SMALL_TARGETS = """root => [...root.querySelectorAll(
    "a[href], button, input:not([type=hidden]):not(.file-input), select, textarea, summary, label.check")]
  .filter(e => !(e.matches("input") && e.closest("label.check")))  // a checkbox counts by its label
  .map(e => [e.textContent.trim().slice(0, 30) || e.name, e.getBoundingClientRect().height])
  .filter(([name, height]) => height > 0 && height < 44)"""


def test_entry_form_and_approval_card_fit_one_thumb(new_page, live_server, org):
    plan = issued_plan(tasks=[
        (1, org.ttr, "Rà soát, cập nhật, công khai thủ tục hành chính trên Cổng Dịch vụ công quốc gia",
         days_from_today(3), ()),
        (0, org.ttr, "Kiểm tra công tác pháp chế", date(2026, 12, 31), ())])
    period = make_period("h1", 2026)
    make_progress_entry(plan.areas[0].tasks[0], period=period, status="submitted", task_status="in_progress",
                        difficulties="Thiếu nhân lực")

    staff = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    login(staff, live_server.url, "thanhtra", PASSWORD)
    staff.goto(f"{live_server.url}/checklist")
    staff.get_by_role("button", name="Báo cáo kỳ này").tap()
    panel = staff.get_by_role("region", name=re.compile("Báo cáo nhiệm vụ"))
    expect(panel.get_by_role("button", name="Lưu nháp")).to_be_visible()
    assert panel.evaluate(SMALL_TARGETS) == []
    assert staff.evaluate(SCROLL_WIDTH) <= PHONE["width"]
    screenshot(staff, "phone-entry-form")

    boss = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    login(boss, live_server.url, "lanhdao", PASSWORD)
    boss.goto(f"{live_server.url}/approvals")
    card = boss.locator(".approval-card")
    expect(card).to_have_count(1)
    assert card.evaluate(SMALL_TARGETS) == []
    assert boss.evaluate(SCROLL_WIDTH) <= PHONE["width"]
    screenshot(boss, "phone-approval-card")


def _two_index_years():
    """2025 closed (without the bonus line that year), 2026 self-scoring."""
    from tests.db.index_helpers import make_index_year, set_scores

    old = make_index_year(2025, stage="closed", skip=("T", "T.1"))
    set_scores(old, self_score={"1.1.1": 4, "2.1": 85}, appraisal2_score={"1.1.1": 4, "2.1": 82})
    new = make_index_year(2026)
    set_scores(new, self_score={"1.1.1": 3, "2.1": 85})


def _index_trend(new_page, live_server, **screen):
    """The trend page, signed in as the deputy director, on a phone unless ``screen`` says otherwise."""
    page = new_page(**(screen or {"viewport": PHONE, "is_mobile": True, "has_touch": True}))
    login(page, live_server.url, "lanhdao", PASSWORD)
    page.goto(f"{live_server.url}/index/trend")
    return page


def test_index_trend_fits_phone_width_with_readable_chart_text(new_page, live_server, org):
    _two_index_years()
    page = _index_trend(new_page, live_server)
    chart = page.get_by_role("img", name=re.compile("^Tỷ lệ điểm đạt theo lĩnh vực"))
    expect(chart).to_be_visible()
    caption = chart.get_by_text("1. Công tác chỉ đạo, điều hành CCHC")
    value = chart.locator(".trend-value").first
    for text in (caption, value, chart.locator(".trend-year").first):  # the page's own size (the SVG's was ~9.7 px)
        assert float(text.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px")) >= 14
    assert chart.bounding_box()["width"] <= PHONE["width"]
    losses = page.locator("table.trend-losses")
    row = losses.locator("tbody tr").first
    expect(row).to_contain_text("Ban hành kế hoạch CCHC năm kịp thời")
    expect(row.locator("td[data-label='Chênh lệch']")).to_have_text("-1")
    assert losses.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")  # no sideways scroll
    assert row.bounding_box()["x"] + row.bounding_box()["width"] <= PHONE["width"]
    screenshot(page, "phone-index-trend")
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"]


def test_index_trend_score_table_is_one_card_per_area_on_a_phone_and_a_table_on_a_wide_screen(
        new_page, live_server, org):
    _two_index_years()
    page = _index_trend(new_page, live_server)
    table = page.locator("table.trend-table")
    assert table.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")  # no sideways scroll
    area = table.locator("tbody tr").filter(has_text="2. Cải cách thủ tục hành chính")
    for cell in area.locator("th, td").all():
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], cell.inner_text()
    appraised = area.locator("td[data-label='2025 · thẩm định']")
    expect(appraised).to_have_text("82")
    assert appraised.evaluate("e => getComputedStyle(e, '::before').content") == '"2025 · thẩm định"'  # shown with it
    expect(table.locator("tbody tr").filter(has_text="T. Điểm thưởng").locator("td[data-label='Năm 2025']")
           ).to_have_text("không có")
    screenshot(page, "phone-index-trend-table")
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"]

    wide = _index_trend(new_page, live_server, viewport={"width": 1366, "height": 900})
    table = wide.locator("table.trend-table")
    expect(table.get_by_role("columnheader", name="Năm 2025")).to_be_visible()
    row = table.locator("tbody tr").filter(has_text="2. Cải cách thủ tục hành chính")
    assert len({round(cell.bounding_box()["y"]) for cell in row.locator("th, td").all()}) == 1  # one line
    assert row.locator("td[data-label='2025 · thẩm định']").evaluate("e => getComputedStyle(e, '::before').content") == "none"
