"""What a unit's staff may not do is neither possible nor offered, in a real browser."""
import pytest
from playwright.sync_api import expect

from app.extensions import db
from tests.factories import PASSWORD

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


def test_expired_session_in_the_editor_leads_to_login_and_back(page, live_server, org):
    """The session ends while the editor stays open: the next click goes to the login page
    (not a login form swapped into the tree), and logging in returns to the editor.

    The session is ended on the server (as a password reset or a lock does), not by clearing
    the browser's cookies: Chromium may still send a cookie it was just told to drop."""
    plan = issued_plan(tasks=[(2, org.ttr, "Rà soát thủ tục hành chính", days_from_today(10), ())])
    base = live_server.url
    login(page, base, "vanphong", PASSWORD)
    page.goto(f"{base}/plans/{plan.id}/edit")
    org.office.login_token = "session-ended-by-the-server"
    db.session.commit()

    page.get_by_role("button", name="Thêm nhiệm vụ").first.click()
    expect(page.get_by_role("heading", name="Đăng nhập", level=1)).to_be_visible()
    expect(page.get_by_text("Phiên đăng nhập đã hết hạn")).to_be_visible()
    assert page.locator("#areas").count() == 0

    page.get_by_label("Tên đăng nhập").fill("vanphong")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{base}/plans/{plan.id}/edit")
    expect(page.get_by_role("button", name="Thêm nhiệm vụ").first).to_be_visible()
