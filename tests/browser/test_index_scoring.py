"""The index self-assessment in a real browser (issue #27): the Office scores one criterion with its
evidence: confirms the suggested document, types the score and its note with the keyboard, and sees the
criterion's and the year's totals move without a reload."""
import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.index_helpers import criterion, make_evidence, make_index_year

from .conftest import login

pytestmark = pytest.mark.browser


def test_office_scores_a_criterion_with_its_suggested_evidence(page, live_server, org):
    year = make_index_year(unit=org.ttr)
    make_evidence(org, "Kế hoạch cải cách hành chính năm 2026 của Sở Công Thương", "639/KH-SCT")
    leaf = criterion(year, "1.1.1")
    login(page, live_server.url, "vanphong", PASSWORD)
    page.goto(f"{live_server.url}/index/2026")
    card = page.locator(f"#criterion-{leaf.id}")
    expect(card.get_by_text("trích yếu có: “kế hoạch cải cách hành chính”")).to_be_visible()
    expect(page.locator('[data-total="self"]')).to_have_text("0")

    card.get_by_role("button", name="Xác nhận tài liệu 639/KH-SCT, 01/02/2026 cho tiêu chí 1.1.1").click()
    expect(card.get_by_text("Chưa có tài liệu kiểm chứng được xác nhận")).to_have_count(0)
    expect(card.get_by_text("Thiếu tài liệu")).to_have_count(0)

    expect(card.get_by_label("Điểm tự chấm (0–2)")).to_be_focused()  # the keyboard stays on the card
    page.keyboard.type("1,5")
    page.keyboard.press("Tab")
    page.keyboard.type("Kế hoạch ban hành ngày 23/01/2026")
    page.keyboard.press("Tab")  # to "Lưu điểm tự chấm"
    page.keyboard.press("Enter")

    expect(card.locator('[data-score="self"]')).to_have_text("1,5")
    expect(page.locator('[data-total="self"]')).to_have_text("1,5")
    expect(page.locator(f"#subtotal-{criterion(year, '1').id}")).to_contain_text("1,5")
    page.reload()
    expect(page.locator('[data-total="self"]')).to_have_text("1,5")
