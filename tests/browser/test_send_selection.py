"""A unit head chooses entries in the checklist ("Chọn tất cả") and sends them in one go."""
from datetime import date

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.progress.models import ProgressEntry
from tests.factories import PASSWORD, make_period, make_progress_entry

from .conftest import issued_plan, login, screenshot

pytestmark = pytest.mark.browser


def test_a_head_chooses_every_draft_and_sends_them(new_page, live_server, org, watch):
    plan = issued_plan(tasks=[(0, org.ttr, "Rà soát thủ tục hành chính", date(2026, 6, 30), ()),
                              (0, org.ttr, "Kiểm tra công tác pháp chế", date(2026, 12, 31), ())])
    period = make_period("h1", 2026)
    entries = [make_progress_entry(task, period=period, task_status="in_progress") for task in plan.areas[0].tasks]
    page = new_page(viewport={"width": 1366, "height": 900})
    page.on("dialog", lambda dialog: dialog.accept())  # "Gửi các báo cáo đã chọn…?"
    login(page, live_server.url, "chanhthanhtra", PASSWORD)
    page.goto(f"{live_server.url}/checklist?period={period.id}")
    boxes = page.get_by_role("checkbox", name="để gửi duyệt")
    expect(boxes).to_have_count(2)
    page.get_by_role("checkbox", name="Chọn tất cả").check()
    for i in range(2):
        expect(boxes.nth(i)).to_be_checked()
    screenshot(page, "checklist-selection-1366")
    page.get_by_role("button", name="Gửi duyệt các báo cáo đã chọn").click()
    expect(page.get_by_text("Đã gửi 2 báo cáo để lãnh đạo duyệt.")).to_be_visible()
    live_server.refresh()
    assert {db.session.get(ProgressEntry, e.id).status for e in entries} == {"submitted"}
    assert watch.csp_violations == [] and watch.page_errors == []
