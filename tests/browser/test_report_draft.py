"""The Office opens the dashboard, drills into an area, goes to the period's draft report, edits one
section, downloads the .docx and the .xlsx."""
import openpyxl
import pytest
from docx import Document
from playwright.sync_api import expect

from tests.browser.conftest import login, main_nav, screenshot
from tests.factories import PASSWORD
from tests.db.report_helpers import DONE_RESULT, HIDDEN, quarter
from tests.db.report_helpers import lower_first

pytestmark = pytest.mark.browser


def _htmx_ready(page):
    """Wait for the page's htmx (a deferred script): on a busy machine a click can come first."""
    page.wait_for_function("() => window.htmx && document.readyState === 'complete'")


def test_office_edits_a_section_and_downloads_both_files(live_server, page, watch, org, tmp_path):
    q = quarter(org)
    login(page, live_server.url, "vanphong", PASSWORD)
    main_nav(page).get_by_role("link", name="Tổng hợp").click()
    _htmx_ready(page)  # the drill-down swaps in place once htmx runs (before, the link opens its page)
    page.get_by_role("link", name="Cải cách thể chế").first.click()
    drill = page.locator("#drill")
    expect(drill.get_by_role("heading")).to_contain_text("2 nhiệm vụ")
    expect(drill.get_by_role("link", name="Xây dựng quy chế phối hợp rà soát văn bản")).to_be_visible()
    page.get_by_role("link", name="Dự thảo báo cáo kỳ này").click()
    expect(page.get_by_role("heading", name="Dự thảo báo cáo Quý I năm 2026")).to_be_visible()
    expect(page.locator(".report-summary").get_by_text("Hoàn thành 1/5 nhiệm vụ, đạt 20%")).to_be_visible()
    page.get_by_role("button", name="Tạo dự thảo").click()
    expect(page.get_by_text("Đã tạo dự thảo báo cáo.")).to_be_visible()
    _htmx_ready(page)

    section = page.locator("#section-de-xuat")
    box = section.get_by_label("Nội dung mục “Đề xuất, kiến nghị”")
    box.fill("Đề nghị Sở Nội vụ hướng dẫn mẫu báo cáo mới.\nĐề nghị UBND tỉnh bố trí kinh phí số hóa hồ sơ.")
    url_before = page.url
    section.get_by_role("button", name="Lưu mục này").click()
    section = page.locator("#section-de-xuat")  # swapped by htmx
    expect(section.get_by_text("Đã sửa tay")).to_be_visible()
    expect(section.get_by_role("button", name="Bỏ phần sửa tay")).to_be_visible()
    assert page.url == url_before  # no page load
    screenshot(page, "report-draft")

    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Tải báo cáo (.docx)").click()
    download = docx_download.value
    assert download.suggested_filename == "Báo cáo CCHC quý I năm 2026.docx"
    path = tmp_path / "bao-cao.docx"
    download.save_as(path)
    texts = [p.text for p in Document(str(path)).paragraphs]
    assert "V. ĐỀ XUẤT, KIẾN NGHỊ" in texts
    assert "Đề nghị UBND tỉnh bố trí kinh phí số hóa hồ sơ." in texts
    assert any(lower_first(DONE_RESULT) in t for t in texts) and not any(h in t for t in texts for h in HIDDEN)

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Tải phụ lục (.xlsx)").click()
    download = xlsx_download.value
    assert download.suggested_filename == "Báo cáo CCHC quý I năm 2026 - Phụ lục.xlsx"
    path = tmp_path / "phu-luc.xlsx"
    download.save_as(path)
    sheet = openpyxl.load_workbook(path)["Phụ lục nhiệm vụ"]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))  # under the title rows and the header
    assert len([r for r in rows if r[0] is not None and r[2] is not None]) == len(q.tasks)
    assert "tính đến 14/03/2026" in rows[-1][1]  # the note under the tasks: the date and plans counted

    assert watch.csp_violations == [] and watch.page_errors == [] and watch.console_errors == []
    assert all(live_server.is_local(url) for url in watch.requests)


def test_the_reports_menu_lists_the_periods(live_server, page, org):
    quarter(org)
    login(page, live_server.url, "vanphong", PASSWORD)
    main_nav(page).get_by_role("link", name="Báo cáo", exact=True).click()
    page.get_by_role("link", name="Quý I năm 2026").click()
    expect(page.get_by_role("heading", name="Dự thảo báo cáo Quý I năm 2026")).to_be_visible()
