"""The Office imports a plan from its Word document, in a real browser."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.plans.models import Plan
from tests.factories import PASSWORD
from tests.importdocs import SEED_003, build_docx

from .conftest import DOCUMENT_WORK_MS, login, main_nav, screenshot

pytestmark = pytest.mark.browser


def test_office_imports_003_fixes_a_line_and_creates_the_draft(page, live_server, org, watch, tmp_path):
    """Issue 13's browser test: upload 003 as .docx → fix one line in the preview → create → a draft in the list."""
    base = live_server.url
    document = build_docx(SEED_003, tmp_path / "ke-hoach-cchc-2022.docx")

    login(page, base, "vanphong", PASSWORD)
    main_nav(page).get_by_role("link", name="Kế hoạch", exact=True).click()
    page.get_by_role("button", name="Nhập từ văn bản").click()
    expect(page.get_by_role("heading", name="Nhập kế hoạch từ văn bản", level=1)).to_be_visible()
    page.get_by_label("Tệp văn bản kế hoạch").set_input_files(str(document))
    page.get_by_role("button", name="Đọc văn bản").click()

    page.wait_for_url(re.compile(r"/plans/import/\d+$"), timeout=DOCUMENT_WORK_MS)
    summary = page.get_by_role("region", name="Kết quả đọc")
    expect(summary).to_contain_text("7 nội dung · 3 mục tiêu chung · 32 mục tiêu, chỉ tiêu · 44 nhiệm vụ",
                                    timeout=DOCUMENT_WORK_MS)
    assert db.session.scalar(select(Plan)) is None  # a preview, not a plan

    # Fix one line in place: the target "Tối thiểu 30% hồ sơ … được số hóa" becomes 35%.
    row = page.locator("li.import-line", has_text="Tối thiểu 30% hồ sơ thủ tục hành chính tiếp nhận")
    expect(row.get_by_text("≥ 30%")).to_be_visible()
    row.get_by_label("Giá trị").fill("35")
    row.get_by_label("Giá trị").press("Tab")
    row = page.locator("li.import-line", has_text="Tối thiểu 30% hồ sơ thủ tục hành chính tiếp nhận")
    expect(row.get_by_text("≥ 35%")).to_be_visible(timeout=DOCUMENT_WORK_MS)
    # ... and the group heading "a) Kiểm soát thủ tục hành chính" is made a task of its own.
    group = page.locator("li.import-line.kind-group", has_text="Kiểm soát thủ tục hành chính")
    group.get_by_label("Thành").select_option(label="Nhiệm vụ")
    expect(summary).to_contain_text("45 nhiệm vụ", timeout=DOCUMENT_WORK_MS)
    row.scroll_into_view_if_needed()
    screenshot(page, "import-review", full_page=False)

    page.get_by_role("button", name="Tạo kế hoạch dự thảo").click()
    page.wait_for_url(re.compile(r"/plans/\d+/edit$"), timeout=DOCUMENT_WORK_MS)
    expect(page.get_by_text("Đã tạo kế hoạch dự thảo")).to_be_visible()

    main_nav(page).get_by_role("link", name="Kế hoạch", exact=True).click()
    row = page.get_by_role("listitem").filter(has_text="Cải cách hành chính của Sở Công Thương năm 2022")
    expect(row).to_contain_text("Dự thảo")

    live_server.refresh()
    plan = db.session.scalar(select(Plan))
    assert plan.status == "draft"
    target = next(t for t in plan.areas[1].targets if t.text.startswith("Tối thiểu 30% hồ sơ"))
    assert target.target_value == 35
    assert sum(len(a.tasks) for a in plan.areas) == 45
    assert watch.csp_violations == [] and watch.page_errors == [] and watch.console_errors == []
