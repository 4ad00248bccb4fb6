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
    # Each row is text with a "Sửa" link; its editor opens on demand, the focus on its first field.
    assert page.locator('select[name="lead_unit_id"]').count() == 0
    row = page.locator("li.import-line", has_text="Tối thiểu 30% hồ sơ thủ tục hành chính tiếp nhận")
    expect(row.get_by_text("≥ 30%")).to_be_visible()
    row.get_by_role("link", name="Sửa").click()
    expect(row.get_by_label("Thành")).to_be_focused(timeout=DOCUMENT_WORK_MS)
    row.get_by_label("Giá trị").fill("35")
    row.get_by_label("Giá trị").press("Escape")  # saves what was typed, then closes; the focus back on "Sửa"
    expect(row.get_by_role("link", name="Sửa")).to_be_focused(timeout=DOCUMENT_WORK_MS)
    expect(row.get_by_label("Giá trị")).to_have_count(0, timeout=DOCUMENT_WORK_MS)
    expect(row.get_by_text("≥ 35%")).to_be_visible()
    # ... and the group heading "a) Kiểm soát thủ tục hành chính" is made a task of its own.
    group = page.locator("li.import-line.kind-group", has_text="Kiểm soát thủ tục hành chính")
    group.get_by_role("link", name="Sửa").click()
    group.get_by_label("Thành").select_option(label="Nhiệm vụ", timeout=DOCUMENT_WORK_MS)
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


def test_office_reviews_assignments_maps_a_unit_name_and_creates_the_plan(page, live_server, org, watch):
    """Issue 26: a prose plan with inline attributes → undo one assignment of 'Tổ chức thực hiện', accept
    another → map the unknown 'Phòng Quản lý năng lượng' → create; no full reload on the way."""
    from pathlib import Path

    from app.org.models import UnitAlias
    from app.plans.models import Task

    base = live_server.url
    document = Path(__file__).parent.parent / "data" / "plans" / "prose-inline-attributes.txt"
    login(page, base, "vanphong", PASSWORD)
    page.goto(f"{base}/plans/import")
    page.get_by_label("Tệp văn bản kế hoạch").set_input_files(str(document))
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_url(re.compile(r"/plans/import/\d+$"), timeout=DOCUMENT_WORK_MS)
    page.evaluate("window.__sameDocument = true")  # gone if anything below reloads the page

    assignments = page.get_by_role("region", name="Phân công từ phần “Tổ chức thực hiện”")
    coop = assignments.get_by_role("listitem").filter(has_text="Văn phòng Sở phối hợp")
    expect(coop).to_contain_text("Thanh tra Sở: chủ trì, phối hợp với Văn phòng Sở")  # the sentence
    area = page.locator("li.import-line.kind-area").first  # "Cải cách thể chế"
    area.get_by_role("link", name="Sửa").click()
    expect(area.locator(f'input[name="cooperating_unit_ids"][value="{org.vp.id}"]')).to_be_checked(
        timeout=DOCUMENT_WORK_MS)
    area.get_by_role("button", name="Đóng").click()
    expect(area.get_by_role("link", name="Sửa")).to_be_focused(timeout=DOCUMENT_WORK_MS)
    expect(area).to_contain_text(f"Phối hợp: {org.vp.name}")
    coop.get_by_role("button", name="Hoàn tác").click()
    expect(coop).to_contain_text("Đã hoàn tác", timeout=DOCUMENT_WORK_MS)
    expect(area).not_to_contain_text(f"Phối hợp: {org.vp.name}", timeout=DOCUMENT_WORK_MS)
    area.get_by_role("link", name="Sửa").click()
    expect(area.locator(f'input[name="cooperating_unit_ids"][value="{org.vp.id}"]')).not_to_be_checked(
        timeout=DOCUMENT_WORK_MS)
    lead = assignments.get_by_role("listitem").filter(has_text="Thanh tra Sở chủ trì").first
    lead.get_by_role("button", name="Chấp nhận").click()
    expect(lead).to_contain_text("Đã chấp nhận")

    summary = page.get_by_role("region", name="Kết quả đọc")
    page.wait_for_load_state("networkidle")  # the summary's refresh after the decisions is in
    summary.get_by_text("tên đơn vị trong văn bản chưa khớp").click()
    summary.get_by_label("“Phòng Quản lý năng lượng” là").select_option(label="Phòng Kế hoạch - Tài chính - Tổng hợp (KH-TC-TH)")
    summary.get_by_role("listitem").filter(has_text="Phòng Quản lý năng lượng").get_by_role("button", name="Ghi nhớ").click()
    task = page.locator("li.import-line.kind-task", has_text="lĩnh vực điện lực")
    expect(task).to_contain_text(f"Chủ trì: {org.khtc.name}", timeout=DOCUMENT_WORK_MS)
    task.get_by_role("link", name="Sửa").click()
    expect(task.get_by_label("Đơn vị chủ trì")).to_have_value(str(org.khtc.id), timeout=DOCUMENT_WORK_MS)
    expect(summary).not_to_contain_text("Phòng Quản lý năng lượng")
    assert page.evaluate("window.__sameDocument") is True
    screenshot(page, "import-assignments", full_page=False)

    page.get_by_role("button", name="Tạo kế hoạch dự thảo").click()
    page.wait_for_url(re.compile(r"/plans/\d+/edit$"), timeout=DOCUMENT_WORK_MS)
    live_server.refresh()
    plan = db.session.scalar(select(Plan))
    assert (plan.number, plan.year) == ("112/KH-SCT", 2027)
    tasks = {t.title: t for t in db.session.scalars(select(Task))}
    power = next(t for title, t in tasks.items() if "điện lực" in title)
    assert power.lead_unit_id == org.khtc.id and power.deadline.isoformat() == "2027-06-30"
    review = next(t for title, t in tasks.items() if title.startswith("Rà soát, hệ thống hóa"))
    assert review.lead_unit_id == org.ttr.id and review.deadline.isoformat() == "2027-09-30"
    assert db.session.scalar(select(UnitAlias.unit_id)) == org.khtc.id
    assert watch.csp_violations == [] and watch.page_errors == [] and watch.console_errors == []


PASTED_TWO_UNKNOWN_UNITS = """KẾ HOẠCH
Cải cách hành chính năm 2026
II. NHIỆM VỤ
1. Cải cách thể chế
- Rà soát văn bản quy phạm pháp luật về điện lực (Đơn vị chủ trì: Phòng Quản lý năng lượng).
- Rà soát quy định về kinh doanh xăng dầu (Đơn vị chủ trì: Phòng Quản lý thương mại và dịch vụ).
"""


def test_the_list_of_unmatched_unit_names_stays_open_while_the_office_maps_them(page, live_server, org, watch):
    """The summary is redrawn after each change; the list the Office opened to map names stays open."""
    base = live_server.url
    login(page, base, "vanphong", PASSWORD)
    page.goto(f"{base}/plans/import")
    page.get_by_label("Hoặc dán nội dung kế hoạch").fill(PASTED_TWO_UNKNOWN_UNITS)
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_url(re.compile(r"/plans/import/\d+$"), timeout=DOCUMENT_WORK_MS)
    summary = page.get_by_role("region", name="Kết quả đọc")
    names = summary.locator("details.import-unmatched")
    expect(names).not_to_have_attribute("open", "")  # closed until opened
    summary.get_by_text("2 tên đơn vị trong văn bản chưa khớp").click()
    expect(names).to_have_attribute("open", "")
    summary.get_by_label("“Phòng Quản lý năng lượng” là").select_option(
        label="Phòng Kế hoạch - Tài chính - Tổng hợp (KH-TC-TH)")
    summary.get_by_role("listitem").filter(has_text="Phòng Quản lý năng lượng").get_by_role(
        "button", name="Ghi nhớ").click()
    task = page.locator("li.import-line.kind-task", has_text="về điện lực")
    expect(task).to_contain_text(f"Chủ trì: {org.khtc.name}", timeout=DOCUMENT_WORK_MS)
    expect(summary).to_contain_text("1 tên đơn vị trong văn bản chưa khớp", timeout=DOCUMENT_WORK_MS)  # redrawn
    expect(names).to_have_attribute("open", "")  # as the Office left it
    expect(names.get_by_role("button", name="Ghi nhớ")).to_have_count(1)
    expect(names.get_by_role("button", name="Ghi nhớ")).to_be_visible()
    summary.get_by_text("1 tên đơn vị trong văn bản chưa khớp").click()  # closed by hand: stays closed
    expect(names).not_to_have_attribute("open", "")
    assert watch.csp_violations == [] and watch.page_errors == [] and watch.console_errors == []


PASTED_ONE_TASK = """KẾ HOẠCH
Cải cách hành chính năm 2027
II. NHIỆM VỤ
1. Cải cách thể chế
- Rà soát văn bản quy phạm pháp luật lĩnh vực công nghiệp.
"""


def test_office_searches_the_cooperating_units_of_a_row_and_a_new_text_keeps_the_choice(page, live_server, org,
                                                                                          watch):
    """A task row's "Đơn vị phối hợp": typed into its search, the list narrows (diacritics ignored), one unit
    picked is saved and shown on the row; then a new text naming a lead suggests it, the unit picked by hand
    stays."""
    from app.plans.importer.models import PlanImport
    from app.plans.importer.service import load
    from tests.factories import make_unit

    industry = make_unit("Phòng Quản lý công nghiệp", "QLCN")
    for name, short in [("Phòng Quản lý thương mại", "QLTM"), ("Phòng Quản lý năng lượng", "QLNL"),
                        ("Trung tâm Khuyến công", "TTKC"), ("Chi cục Quản lý thị trường", "QLTT")]:
        make_unit(name, short)
    login(page, live_server.url, "vanphong", PASSWORD)
    page.goto(f"{live_server.url}/plans/import")
    page.get_by_label("Hoặc dán nội dung kế hoạch").fill(PASTED_ONE_TASK)
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_url(re.compile(r"/plans/import/\d+$"), timeout=DOCUMENT_WORK_MS)
    page.evaluate("window.__sameDocument = true")  # gone if anything below reloads the page

    task = page.locator("li.import-line.kind-task", has_text="lĩnh vực công nghiệp")
    expect(task).to_contain_text("Chủ trì: theo nội dung")
    task.get_by_role("link", name="Sửa").click()
    coop = task.get_by_role("group", name="Đơn vị phối hợp")
    search = coop.get_by_role("searchbox", name="Tìm trong danh sách Đơn vị phối hợp")
    search.fill("quan ly cong")  # without diacritics
    expect(coop.get_by_text("1 kết quả")).to_be_visible()
    expect(coop.get_by_role("checkbox", name="Phòng Quản lý công nghiệp")).to_be_visible()
    for other in ("Thanh tra Sở", "Phòng Quản lý thương mại", "Chi cục Quản lý thị trường"):
        expect(coop.get_by_role("checkbox", name=other)).to_be_hidden()
    coop.get_by_role("checkbox", name="Phòng Quản lý công nghiệp").check()  # the change saves the row
    expect(coop.get_by_role("button", name="Bỏ chọn QLCN")).to_be_visible(timeout=DOCUMENT_WORK_MS)
    expect(search).to_have_value("quan ly cong")  # the search kept across the row's redraw

    text = task.get_by_label("Nội dung", exact=True)
    text.fill("Thanh tra Sở chủ trì rà soát văn bản quy phạm pháp luật lĩnh vực công nghiệp.")
    text.press("Tab")  # the change saves it
    expect(task.get_by_role("status")).to_have_text(
        "Gợi ý từ nội dung mới: chủ trì Thanh tra Sở. Đơn vị phối hợp đã chọn tay được giữ nguyên.",
        timeout=DOCUMENT_WORK_MS)
    expect(task.get_by_label("Đơn vị chủ trì")).to_have_value(str(org.ttr.id))
    screenshot(page, "import-row-reread", full_page=False)
    task.get_by_role("button", name="Đóng").click()
    expect(task).to_contain_text("Chủ trì: Thanh tra Sở · Phối hợp: Phòng Quản lý công nghiệp",
                                 timeout=DOCUMENT_WORK_MS)
    assert page.evaluate("window.__sameDocument") is True

    live_server.refresh()
    row = next(line for line in load(db.session.scalar(select(PlanImport))).lines if line.kind == "task")
    assert (row.lead_unit_id, row.cooperating_unit_ids, row.set_by_hand) == (org.ttr.id, [industry.id], ["coop"])
    assert watch.csp_violations == [] and watch.page_errors == [] and watch.console_errors == []
