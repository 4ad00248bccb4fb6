"""What a unit's staff may not do is neither possible nor offered, in a real browser."""
import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

from .conftest import days_from_today, issued_plan, login

pytestmark = pytest.mark.browser


def test_unit_staff_cannot_open_plan_editor(page, live_server, org):
    plan = issued_plan(tasks=[(1, org.ttr, "Rà soát thủ tục hành chính", days_from_today(10), ())])
    base = live_server.url
    login(page, base, "thanhtra", PASSWORD)

    response = page.goto(f"{base}/plans/{plan.id}/edit")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Không có quyền truy cập", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Thêm nhiệm vụ")).to_have_count(0)
    expect(page.get_by_role("button", name="Thêm chỉ tiêu")).to_have_count(0)

    response = page.goto(f"{base}/plans/{plan.id}")
    assert response.status == 200
    expect(page.get_by_role("heading", name=plan.title, level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Rà soát thủ tục hành chính")).to_be_visible()
    # "Soạn thảo" is an <a role="button">: not offered under either role.
    expect(page.get_by_role("button", name="Soạn thảo")).to_have_count(0)
    expect(page.get_by_role("link", name="Soạn thảo")).to_have_count(0)
    expect(page.get_by_role("button", name="Thêm nhiệm vụ")).to_have_count(0)
