"""The checklist and the editor work on a phone-width screen: nothing overflows sideways."""
import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, make_plan, make_target, make_task

from .conftest import days_from_today, issued_plan, login, screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SCROLL_WIDTH = "document.documentElement.scrollWidth"


def test_checklist_fits_phone_width(new_page, live_server, org):
    issued_plan(tasks=[
        (1, org.ttr, "Rà soát, cập nhật, công khai thủ tục hành chính trên Cổng Dịch vụ công quốc gia và "
                     "Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh", days_from_today(3), ()),
        (0, org.ttr, "Kiểm tra công tác pháp chế", days_from_today(-4), ()),
        (2, org.vp, "Tuyên truyền về cải cách chế độ công vụ", None, (org.ttr, org.khtc)),
    ])
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    login(page, live_server.url, "thanhtra", PASSWORD)
    page.goto(f"{live_server.url}/checklist")
    expect(page.locator("#checklist-rows li.task-card")).to_have_count(3)
    screenshot(page, "phone-checklist")
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"]


def test_editor_fits_phone_width(new_page, live_server, org):
    plan = make_plan(title="Kế hoạch cải cách hành chính năm 2026", areas=(1, 2, 6))
    area_2 = plan.areas[1]
    make_target(area_2)
    make_task(area_2, org.ttr, title="Rà soát, công khai thủ tục hành chính trên Cổng Dịch vụ công quốc gia",
              deadline=days_from_today(20), coop=(org.vp,), output="Báo cáo")
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    login(page, live_server.url, "vanphong", PASSWORD)
    page.goto(f"{live_server.url}/plans/{plan.id}/edit")
    area = page.get_by_role("region", name="2. Cải cách thủ tục hành chính")
    expect(area.get_by_role("list", name="Nhiệm vụ của nội dung 2").get_by_role("listitem")).to_have_count(1)
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"]

    # With the task form open too.
    area.get_by_role("button", name="Thêm nhiệm vụ").click()
    expect(area.get_by_label("Tên nhiệm vụ")).to_be_visible()
    screenshot(page, "phone-editor")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "phone-editor-top", full_page=False)
    area.get_by_role("list", name="Nhiệm vụ của nội dung 2").scroll_into_view_if_needed()
    screenshot(page, "phone-editor-task", full_page=False)
    assert page.evaluate(SCROLL_WIDTH) <= PHONE["width"]
