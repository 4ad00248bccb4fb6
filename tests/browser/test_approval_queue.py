"""The approval queue in the browser: a card's PDF opens in a dialog over the queue (Escape closes it and the
focus goes back to its link); a decision made with the keyboard alone swaps only its card, updates the count,
is read out, and leaves the focus on the next card."""
from datetime import date

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.progress.models import ProgressEntry
from tests.factories import PASSWORD, make_period, make_progress_entry
from tests.web.routes import evidence_of

from .conftest import issued_plan, login, screenshot
from .test_keyboard import Keyboard

pytestmark = pytest.mark.browser

FIRST, SECOND = "Rà soát, công khai thủ tục hành chính", "Kiểm tra công tác pháp chế"


@pytest.fixture
def queue(org):
    """Two entries of Thanh tra Sở waiting for lanhdao, the first with a PDF."""
    plan = issued_plan(tasks=[(0, org.ttr, FIRST, date(2026, 6, 30), ()), (0, org.ttr, SECOND, date(2026, 12, 31), ())])
    period = make_period("h1", 2026)
    entries = [make_progress_entry(task, period=period, status="submitted", task_status="in_progress")
               for task in plan.areas[0].tasks]
    evidence_of(entries[0])
    return entries


def test_a_cards_pdf_opens_in_a_dialog_and_escape_gives_the_focus_back(new_page, live_server, queue, watch):
    page = new_page(viewport={"width": 1366, "height": 900})
    login(page, live_server.url, "lanhdao", PASSWORD)
    page.goto(f"{live_server.url}/approvals")
    link = page.locator(f"#approval-{queue[0].id} a[data-viewer=pdf]")
    with page.expect_response(lambda r: r.url.endswith("/view")) as shown:
        link.click()
    assert shown.value.status == 200 and shown.value.headers["content-type"] == "application/pdf"
    dialog = page.get_by_role("dialog", name="125/QĐ-SCT ngày 12/03/2026 của Sở Công Thương")  # its citation
    expect(dialog).to_be_visible()
    expect(dialog.locator("iframe")).to_have_attribute("src", link.evaluate("a => a.href"))
    expect(dialog.get_by_role("button", name="Đóng")).to_be_focused()
    assert page.url.endswith("/approvals")  # opened over the queue, not in its place
    screenshot(page, "approval-viewer-1366")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(link).to_be_focused()
    assert watch.csp_violations == [] and watch.page_errors == []


def test_a_supervisor_approves_one_entry_with_the_keyboard_alone(new_page, live_server, queue, watch):
    page = new_page(viewport={"width": 1366, "height": 900})
    login(page, live_server.url, "lanhdao", PASSWORD)
    page.goto(f"{live_server.url}/approvals")
    first, second = (page.locator(f"#approval-{e.id}") for e in queue)
    expect(page.locator("#approval-count")).to_contain_text("2 báo cáo chờ duyệt")
    keys = Keyboard(page)
    keys.tab_to("Duyệt")
    assert page.evaluate("document.activeElement.closest('.approval-card').id") == f"approval-{queue[0].id}"
    keys.press("Enter")
    expect(first).to_contain_text("Đã duyệt: ")
    expect(page.locator("#approval-count")).to_contain_text("1 báo cáo chờ duyệt")  # out of band
    expect(page.locator("#announcer")).to_contain_text(f"Đã duyệt: {queue[0].task.code}")
    expect(second).to_be_focused()  # the next card, with its ring
    keys.focused()
    assert page.url.endswith("/approvals") and page.locator(".flash, .toast:visible").count() == 0  # no reload
    screenshot(page, "approval-decided-1366")
    live_server.refresh()
    assert [db.session.get(ProgressEntry, e.id).status for e in queue] == ["approved", "submitted"]
    assert watch.csp_violations == [] and watch.page_errors == []
