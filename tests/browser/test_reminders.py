"""Reminders in a real browser: the Office sends one from the follow-up page, the unit sees the bell."""
import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.reminders_data import build_period

from .conftest import login, main_nav, screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_office_reminds_a_unit_and_the_unit_reads_it_under_the_bell(new_page, live_server, org, watch):
    period, _ = build_period(org)

    office = new_page()
    login(office, live_server.url, "vanphong", PASSWORD)
    office.goto(f"{live_server.url}/periods/{period.id}/follow-up")
    expect(office.get_by_role("heading", name="Theo dõi báo cáo: Quý I năm 2026", level=1)).to_be_visible()
    row = office.get_by_role("row").filter(has=office.get_by_role("rowheader", name="Thanh tra Sở"))
    expect(row.locator('[data-col="returned"]')).to_have_text("1")
    screenshot(office, "follow-up")
    row.get_by_role("button", name="Gửi nhắc việc cho Thanh tra Sở").click()
    expect(office.get_by_role("status").filter(has_text="nhắc việc")).to_have_text("Đã gửi nhắc việc tới 2 người (TTr).")

    unit = new_page()
    login(unit, live_server.url, "thanhtra", PASSWORD)
    bell = main_nav(unit).get_by_role("link", name=re.compile(r"^Thông báo: \d+ chưa đọc$"))
    expect(bell).to_be_visible()
    bell.click()
    expect(unit.get_by_role("heading", name="Thông báo", level=1)).to_be_visible()
    expect(unit.get_by_role("button", name=re.compile("^Nhắc việc từ"))).to_be_visible()
    screenshot(unit, "notifications")
    unit.get_by_role("button", name="Đánh dấu đã đọc tất cả").click()
    expect(unit.get_by_text("Không có thông báo chưa đọc.")).to_be_visible()
    # the bell refreshes itself (htmx, on the "notifications-changed" event), no reload
    expect(main_nav(unit).get_by_role("link", name="Thông báo: không có thông báo chưa đọc")).to_be_visible()

    assert watch.csp_violations == [] and watch.page_errors == [] and watch.console_errors == []


def test_follow_up_and_notifications_fit_phone_width(new_page, live_server, org):
    period, _ = build_period(org)
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    login(page, live_server.url, "vanphong", PASSWORD)
    page.goto(f"{live_server.url}/periods/{period.id}/follow-up")
    expect(page.get_by_role("table")).to_be_visible()
    screenshot(page, "phone-follow-up")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.goto(f"{live_server.url}/notifications")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
