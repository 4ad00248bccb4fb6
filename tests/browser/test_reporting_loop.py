"""The whole reporting loop in a real browser: an officer reports and uploads the evidence (progress
bar, citation pre-filled from the PDF), the unit head submits, a
supervisor returns it with a reason, the officer fixes it, it is resubmitted and approved; the
entry is then locked and the checklist shows the task done."""
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from app.demo.documents import make_demo_pdf
from tests.factories import (
    PASSWORD,
    issue,
    make_period,
    make_plan,
    make_target,
    make_task,
)

from .conftest import login, main_nav, screenshot

pytestmark = pytest.mark.browser

TITLE = "Rà soát, công khai thủ tục hành chính"


def _card(page, title=TITLE):
    return page.get_by_role("listitem").filter(has=page.get_by_role("link", name=title, exact=True))


def _as(new_page, live_server, username):
    page = new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # hx-confirm / data-confirm
    login(page, live_server.url, username, PASSWORD)
    return page


RECORD_PROGRESS = """
window.__uploadProgress = [];
document.addEventListener("htmx:xhr:progress", function (e) { window.__uploadProgress.push(e.detail.loaded); });
"""


def test_report_submit_return_fix_approve(new_page, live_server, org, watch, tmp_path):
    plan = make_plan(areas=(2,))
    target = make_target(plan.areas[0], "Tỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 99%")
    task_code = make_task(plan.areas[0], org.ttr, TITLE, deadline=date(2026, 6, 30), target_ids=[target.id]).code
    make_task(plan.areas[0], org.ttr, "Kiểm tra việc thực hiện thủ tục", deadline=date(2026, 12, 31))
    issue(plan)
    make_period("h1", 2026)

    officer = _as(new_page, live_server, "thanhtra")
    officer.goto(f"{live_server.url}/checklist")
    expect(main_nav(officer).locator(".count")).to_have_text("2")
    card = _card(officer)
    card.get_by_role("button", name="Báo cáo kỳ này").click()
    panel = card.get_by_role("region", name=re.compile("Báo cáo nhiệm vụ"))
    panel.get_by_label("Hoàn thành", exact=True).check()
    panel.get_by_label("Ngày hoàn thành").fill("20/06/2026")
    panel.get_by_label("Kết quả thực hiện").fill("Đã công khai 125 thủ tục hành chính trên Cổng dịch vụ công")
    panel.get_by_label(re.compile("Tỷ lệ hồ sơ giải quyết đúng hạn")).fill("99,6")
    panel.get_by_role("button", name="Lưu nháp").click()
    expect(panel.get_by_role("status").first).to_contain_text("Đã lưu lúc")
    expect(panel.locator(".badge.met")).to_have_text("Đạt")
    expect(card.locator(".entry-badges")).to_contain_text("Đang soạn")  # the row's badge, updated in place

    # The evidence: the signed decision, uploaded in the panel; its header fills the citation.
    pdf = tmp_path / "Quyết định 125-QĐ-SCT.pdf"
    pdf.write_bytes(make_demo_pdf("125/QĐ-SCT", date(2026, 6, 18), "Sở Công Thương", "QUYẾT ĐỊNH",
                                  "Về việc công bố danh mục thủ tục hành chính"))
    officer.evaluate(RECORD_PROGRESS)
    panel.get_by_label("Thêm tài liệu kiểm chứng").set_input_files(str(pdf))
    expect(panel.get_by_label("Số ký hiệu")).to_have_value("125/QĐ-SCT")
    expect(panel.get_by_label("Ngày ban hành")).to_have_value("18/06/2026")
    expect(panel.get_by_label("Trích yếu")).to_have_value("Về việc công bố danh mục thủ tục hành chính")
    assert officer.evaluate("window.__uploadProgress.length") > 0  # the progress bar was fed
    panel.get_by_role("button", name="Lưu thông tin tài liệu").click()
    expect(panel.locator(".evidence-item")).to_contain_text("125/QĐ-SCT ngày 18/06/2026 của Sở Công Thương")
    screenshot(officer, "loop-1-draft-saved")

    head = _as(new_page, live_server, "chanhthanhtra")
    head.goto(f"{live_server.url}/checklist")
    _card(head).get_by_role("button", name="Tiếp tục báo cáo").click()
    _card(head).get_by_role("button", name="Gửi duyệt").click()
    expect(_card(head).locator(".entry-panel")).to_contain_text("Chờ duyệt")

    boss = _as(new_page, live_server, "lanhdao")
    main_nav(boss).get_by_role("link", name="Duyệt báo cáo").click()
    item = boss.locator(".approval-card").filter(has_text=TITLE)
    expect(item).to_contain_text("99,6% – Đạt")
    expect(item).to_contain_text("125/QĐ-SCT ngày 18/06/2026 của Sở Công Thương")  # the evidence, in the queue
    item.get_by_text("Trả lại", exact=True).first.click()
    item.get_by_label("Lý do trả lại").fill("Bổ sung số hồ sơ trực tuyến")
    item.get_by_role("button", name="Trả lại").click()
    expect(item).to_have_text(f"Đã trả lại cho đơn vị: {task_code} {TITLE}.")  # the card, swapped for a line
    expect(boss.locator(".approval-card:not([data-decided])")).to_have_count(0)

    officer.goto(f"{live_server.url}/checklist")
    card = _card(officer)
    expect(card.locator(".entry-badges")).to_contain_text("Bị trả lại")
    card.get_by_role("button", name="Sửa báo cáo bị trả lại").click()
    panel = card.get_by_role("region", name=re.compile("Báo cáo nhiệm vụ"))
    expect(panel.get_by_role("alert")).to_contain_text("Bổ sung số hồ sơ trực tuyến")
    panel.get_by_label("Kết quả thực hiện").fill("Đã công khai 125 thủ tục; 3.420 hồ sơ trực tuyến")
    panel.get_by_role("button", name="Lưu nháp").click()
    expect(panel.get_by_role("status").first).to_contain_text("Đã lưu lúc")

    head.goto(f"{live_server.url}/checklist")
    head.get_by_role("button", name="Gửi duyệt tất cả báo cáo của đơn vị").click()
    expect(head.locator(".flashes")).to_contain_text("Đã gửi 1 báo cáo")

    boss.goto(f"{live_server.url}/approvals")
    item = boss.locator(".approval-card").filter(has_text=TITLE)
    expect(item).to_contain_text("3.420 hồ sơ trực tuyến")
    item.get_by_role("button", name="Duyệt", exact=True).click()
    expect(item).to_have_text(f"Đã duyệt: {task_code} {TITLE}.")

    officer.goto(f"{live_server.url}/checklist")
    card = _card(officer)
    expect(card.locator(".badge-done")).to_have_text(re.compile("Hoàn thành"))
    expect(card).to_contain_text("Đã duyệt")  # approved in this period: its own entry, not "ở kỳ trước"
    expect(main_nav(officer).locator(".count")).to_have_text("1")  # one task left open
    officer.goto(f"{live_server.url}/checklist?overdue=1")
    expect(officer.get_by_role("link", name=TITLE, exact=True)).to_have_count(0)
    screenshot(officer, "loop-2-done")

    assert not watch.csp_violations, watch.csp_violations
    assert not watch.page_errors, watch.page_errors
    assert all(live_server.is_local(u) for u in watch.requests), [u for u in watch.requests
                                                                 if not live_server.is_local(u)]
