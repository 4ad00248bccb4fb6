"""Tasks linked to the index in a real browser (issue #27 point 2): the Office tags a task from a criterion's
card by typing words of its title, and sees the task's approved documents listed under the criterion, the
"Thiếu tài liệu" badge gone, without a reload."""
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.db.index_helpers import add_document
from tests.factories import PASSWORD, issue, make_plan, make_progress_entry, make_task
from tests.index_helpers import criterion, make_index_year

from .conftest import login

pytestmark = pytest.mark.browser


def test_office_tags_a_task_from_the_card_and_sees_its_documents(page, live_server, org):
    year = make_index_year()
    plan = make_plan(org.office, areas=(1,))  # another lĩnh vực: not suggested, tagged by hand
    task = make_task(plan.areas[0], org.ttr, "Tổng hợp báo cáo định kỳ gửi Sở Nội vụ")
    issue(plan, org.office)
    add_document(make_progress_entry(task, status="approved"), org.ttr, b"%PDF-1.4 bao cao", "20/BC-SCT",
                 date(2026, 3, 10), summary="Báo cáo kết quả CCHC quý I năm 2026")
    leaf = criterion(year, "1.2")
    login(page, live_server.url, "vanphong", PASSWORD)
    page.goto(f"{live_server.url}/index/2026")
    card = page.locator(f"#criterion-{leaf.id}")
    expect(card.get_by_text("Thiếu tài liệu")).to_be_visible()

    card.get_by_label("Gắn nhiệm vụ theo mã hoặc tên").fill("định kỳ sở nội vụ")
    card.get_by_role("button", name="Gắn").last.click()

    tasks = card.get_by_role("region", name="Nhiệm vụ liên quan của tiêu chí 1.2")
    expect(tasks.get_by_role("link", name=f"{task.code} {task.title}")).to_be_visible()
    expect(tasks.get_by_text("(1 tài liệu đã duyệt)")).to_be_visible()
    documents = card.get_by_role("region", name="Tài liệu kiểm chứng của tiêu chí 1.2")
    expect(documents.get_by_role("link", name="20/BC-SCT, 10/03/2026")).to_be_visible()
    expect(documents.get_by_text(f"(qua nhiệm vụ {task.code} {task.title})")).to_be_visible()
    expect(card.get_by_text("Thiếu tài liệu")).to_have_count(0)
    page.reload()
    expect(page.locator(f"#criterion-{leaf.id}").get_by_text(f"(qua nhiệm vụ {task.code} {task.title})")).to_be_visible()
