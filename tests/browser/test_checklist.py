"""A unit's checklist ("Việc của đơn vị") in a real browser: deadline badges, the count, the filters."""
import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, make_plan, make_task

from .conftest import days_from_today, issued_plan, login, main_nav, screenshot

pytestmark = pytest.mark.browser


def _card(page, title):
    """The checklist card of one task, found by its title link."""
    return page.get_by_role("listitem").filter(has=page.get_by_role("link", name=title, exact=True))


def _rgb(locator, css_property):
    value = locator.evaluate(f"e => getComputedStyle(e).{css_property}")
    return tuple(int(c) for c in re.findall(r"\d+", value)[:3])


def _cards(page):
    return page.locator("#checklist-rows li.task-card")


def test_unit_sees_due_soon_task_and_its_open_count_in_navigation(page, live_server, org):
    issued_plan(tasks=[
        (1, org.ttr, "Rà soát, công khai thủ tục hành chính", days_from_today(3), ()),
        (0, org.ttr, "Kiểm tra việc thực hiện văn bản quy phạm pháp luật", days_from_today(30), ()),
        (2, org.vp, "Tuyên truyền về cải cách chế độ công vụ", None, (org.ttr,)),  # cooperating, recurring
        (2, org.khtc, "Rà soát vị trí việc làm", days_from_today(10), ()),  # another unit's
    ])
    draft = make_plan(title="Kế hoạch dự thảo", areas=(2,))
    make_task(draft.areas[0], org.ttr, title="Nhiệm vụ của kế hoạch chưa ban hành", deadline=days_from_today(3))

    login(page, live_server.url, "thanhtra", PASSWORD)
    main_nav(page).get_by_role("link", name=re.compile("^Việc của đơn vị")).click()
    expect(page.get_by_role("heading", name="Việc của đơn vị", level=1)).to_be_visible()

    card = _card(page, "Rà soát, công khai thủ tục hành chính")
    badge = card.locator(".badge-due_soon")
    expect(badge).to_have_text("Còn 3 ngày")
    expect(badge).to_be_visible()
    red, green, blue = _rgb(badge, "borderTopColor")
    assert red > 200 and 100 < green < 200 and blue < 80, f"the due-soon badge is not amber: {(red, green, blue)}"
    expect(card).to_contain_text("Chủ trì")
    expect(_card(page, "Tuyên truyền về cải cách chế độ công vụ")).to_contain_text("Phối hợp")
    expect(_card(page, "Tuyên truyền về cải cách chế độ công vụ").locator(".badge-recurring")).to_have_text(
        "Thường xuyên")
    expect(page.get_by_role("link", name="Rà soát vị trí việc làm")).to_have_count(0)
    expect(page.get_by_role("link", name="Nhiệm vụ của kế hoạch chưa ban hành")).to_have_count(0)

    expect(_cards(page)).to_have_count(3)
    count = main_nav(page).locator(".count")
    expect(count).to_have_text("3")
    # A screen reader hears the number with its meaning, not a bare "3".
    expect(main_nav(page).get_by_role("link", name="Việc của đơn vị 3 nhiệm vụ chưa hoàn thành")).to_be_visible()
    screenshot(page, "checklist-thanh-tra")


def test_a_filter_is_announced_in_one_sentence_not_by_reading_the_list(page, live_server, org):
    """A screen reader user filters the list: the polite status (#announcer, role=status) says how many
    tasks are shown now; the list itself is not a live region (it would be read out whole after each
    filter, page or save)."""
    issued_plan(tasks=[
        (1, org.ttr, "Đẩy mạnh cải cách thủ tục hành chính", days_from_today(20), ()),
        (0, org.ttr, "Kiểm tra công tác pháp chế", days_from_today(-2), ()),
        (2, org.vp, "Tuyên truyền về công vụ", None, (org.ttr,)),
    ])
    login(page, live_server.url, "thanhtra", PASSWORD)
    page.goto(f"{live_server.url}/checklist")
    expect(_cards(page)).to_have_count(3)
    status = page.locator("#announcer")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_have_text("")  # a page loaded is read as a page: nothing announced
    live = "e => { for (let n = e; n; n = n.parentElement) if (n.hasAttribute('aria-live')) return n.id || n.tagName; }"
    assert page.locator("#checklist-rows").evaluate(live) is None, "the list of tasks is inside a live region"

    page.get_by_label("Vai trò của đơn vị").select_option(label="Chủ trì")
    expect(_cards(page)).to_have_count(2)
    expect(status).to_have_text("Đang hiện 2 nhiệm vụ.")
    page.get_by_label("Tìm kiếm").fill("phap che")
    expect(_cards(page)).to_have_count(1)
    expect(status).to_have_text("Đang hiện 1 nhiệm vụ.")
    page.get_by_label("Tìm kiếm").fill("khong co viec nay")
    expect(page.locator("#checklist-rows .empty")).to_have_text("Không có nhiệm vụ nào khớp với bộ lọc.")
    expect(status).to_have_text("Không có nhiệm vụ nào khớp với bộ lọc.")
    assert page.locator("#checklist-rows").evaluate(live) is None
    # the counts on the page, by role: the line of the role filtered on
    page.get_by_label("Tìm kiếm").fill("")
    expect(_cards(page)).to_have_count(2)
    summary = page.locator(".checklist-summary")
    expect(summary.locator("[data-role=lead]")).to_contain_text("Chủ trì: 2 nhiệm vụ 0 đã hoàn thành 1 quá hạn")
    expect(summary.locator("[data-role=coop]")).to_have_count(0)
    page.get_by_label("Vai trò của đơn vị").select_option(label="Chủ trì và phối hợp")
    expect(status).to_have_text("Đang hiện 3 nhiệm vụ.")
    expect(summary.locator("[data-role=coop]")).to_contain_text("Phối hợp: 1 nhiệm vụ 0 đã hoàn thành 0 quá hạn")


def test_overdue_task_shows_red_badge_with_days_late(page, live_server, org):
    issued_plan(tasks=[(1, org.ttr, "Công khai kết quả giải quyết hồ sơ", days_from_today(-5), ())])

    login(page, live_server.url, "thanhtra", PASSWORD)
    page.goto(f"{live_server.url}/checklist")
    badge = _card(page, "Công khai kết quả giải quyết hồ sơ").locator(".badge-overdue")
    expect(badge).to_have_text("Quá hạn 5 ngày")
    red, green, blue = _rgb(badge, "backgroundColor")
    assert red > 150 and green < 100 and blue < 100, f"the overdue badge is not red: {(red, green, blue)}"
    expect(page.get_by_text(re.compile(r"^1\s*quá hạn$"))).to_be_visible()
    expect(main_nav(page).locator(".count")).to_have_text("1")


def test_search_without_diacritics_and_overdue_filter_keep_the_url(page, live_server, org):
    issued_plan(tasks=[
        (1, org.ttr, "Đẩy mạnh cải cách thủ tục hành chính trong lĩnh vực công thương", days_from_today(20), ()),
        (0, org.ttr, "Kiểm tra công tác pháp chế", days_from_today(-2), ()),
        (2, org.ttr, "Tuyên truyền về công vụ", None, ()),
    ])
    login(page, live_server.url, "thanhtra", PASSWORD)
    page.goto(f"{live_server.url}/checklist")
    expect(_cards(page)).to_have_count(3)
    page.evaluate("window.__noReload = 1")

    search = page.get_by_label("Tìm kiếm")
    search.fill("cai cach")
    expect(_cards(page)).to_have_count(1)
    expect(_card(page, "Đẩy mạnh cải cách thủ tục hành chính trong lĩnh vực công thương")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]q=cai(\+|%20)cach(&|$)"))
    assert page.evaluate("window.__noReload") == 1, "filtering reloaded the page"

    page.reload()
    expect(page.get_by_label("Tìm kiếm")).to_have_value("cai cach")
    expect(_cards(page)).to_have_count(1)
    expect(_card(page, "Đẩy mạnh cải cách thủ tục hành chính trong lĩnh vực công thương")).to_be_visible()

    page.get_by_label("Tìm kiếm").fill("")
    expect(_cards(page)).to_have_count(3)
    page.get_by_label("Chỉ nhiệm vụ quá hạn").check()
    expect(_cards(page)).to_have_count(1)
    expect(_card(page, "Kiểm tra công tác pháp chế").locator(".badge-overdue")).to_have_text("Quá hạn 2 ngày")
    expect(page).to_have_url(re.compile(r"[?&]overdue=1(&|$)"))

    page.reload()
    expect(page.get_by_label("Chỉ nhiệm vụ quá hạn")).to_be_checked()
    expect(_cards(page)).to_have_count(1)
    expect(_card(page, "Kiểm tra công tác pháp chế")).to_be_visible()

    # Back in history returns to the unfiltered list.
    page.go_back()
    expect(page.get_by_label("Chỉ nhiệm vụ quá hạn")).not_to_be_checked()
    expect(_cards(page)).to_have_count(3)
