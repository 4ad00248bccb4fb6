import pytest

from app.transactions import transaction
from tests.factories import PASSWORD, audits, make_user
from tests.signin import CSRF_RE, HEADER_TOKEN_RE, post_login, sign_in


def test_login_page_is_vietnamese(client):
    page = client.get("/login")
    assert page.status_code == 200
    assert "Đăng nhập" in page.text and 'lang="vi"' in page.text


def test_login_then_logout(client, org):
    sign_in(client, "thanhtra")
    assert client.get("/checklist").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/checklist").status_code == 302  # back to the login page


def test_wrong_password_gets_a_vietnamese_message(client, org):
    response = post_login(client, "thanhtra", "sai-mat-khau")
    assert response.status_code == 422
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.text
    assert client.get("/checklist").status_code == 302


def test_username_is_case_insensitive(client, org):
    assert post_login(client, "ThanhTra").status_code == 302


def test_locked_account_cannot_log_in(client, org):
    from app.extensions import db

    org.ttr_staff.active = False
    db.session.commit()
    response = post_login(client, "thanhtra")
    assert response.status_code == 422
    assert "đã bị khóa" in response.text


def test_password_is_stored_hashed(org):
    assert PASSWORD not in org.ttr_staff.password_hash
    assert org.ttr_staff.check_password(PASSWORD)


def test_post_without_csrf_token_is_refused(client, org):
    sign_in(client, "vanphong")
    client.environ_base.pop("HTTP_X_CSRFTOKEN")
    response = client.post("/plans/new", data={"kind": "annual", "title": "Kế hoạch thử", "year": "2026"})
    assert response.status_code == 400
    assert "Phiên làm việc" in response.text
    from app.extensions import db
    from app.plans.models import Plan

    assert db.session.query(Plan).count() == 0


def test_login_redirects_only_to_local_next(client, org):
    page = client.get("/login")
    token = CSRF_RE.search(page.text).group(1)
    response = client.post("/login?next=https://example.com/x",
                           data={"csrf_token": token, "username": "thanhtra", "password": PASSWORD})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(("username", "home"), [
    ("lanhdao", "/dashboard"), ("quantri", "/dashboard"),  # read every unit, report for none
    ("vanphong", "/checklist"), ("thanhtra", "/checklist"),  # the Office's user is also its unit's staff
])
def test_the_home_page_is_the_dashboard_or_the_units_checklist(as_user, org, username, home):
    assert as_user(username).get("/").headers["Location"] == home


def test_reset_password_forces_a_change_and_ends_old_sessions(app, client, org):
    from app.org.services import reset_password

    sign_in(client, "thanhtra")
    with transaction():
        reset_password(org.admin, org.ttr_staff, "tam-thoi-123")
    # the old session is gone
    assert client.get("/checklist").status_code == 302
    sign_in(client, "thanhtra", "tam-thoi-123")
    response = client.get("/checklist")
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/password")
    response = client.post("/account/password", data={"current_password": "tam-thoi-123",
                                                      "new_password": "moi-moi-123", "confirm": "moi-moi-123"})
    assert response.status_code == 302
    assert client.get("/checklist").status_code == 200


def test_change_password_rejects_wrong_current_password(client, org):
    sign_in(client, "thanhtra")
    response = client.post("/account/password", data={"current_password": "khong-dung",
                                                      "new_password": "moi-moi-123", "confirm": "moi-moi-123"})
    assert response.status_code == 422
    assert "Mật khẩu hiện tại không đúng." in response.text
    assert org.ttr_staff.check_password(PASSWORD)


def test_user_factory_is_usable(org):
    user = make_user(org.ttr, username="nguoimoi")
    assert user.unit.name == "Thanh tra Sở"


def test_signed_out_page_goes_to_login_and_comes_back(client, org):
    response = client.get("/checklist?q=cai+cach")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/checklist?q%3Dcai%2Bcach"
    page = client.get("/login?next=/checklist?q%3Dcai%2Bcach")
    token = CSRF_RE.search(page.text).group(1)
    assert "Vui lòng đăng nhập để tiếp tục." in page.text
    response = client.post("/login?next=/checklist?q%3Dcai%2Bcach",
                           data={"csrf_token": token, "username": "thanhtra", "password": PASSWORD})
    assert response.headers["Location"] == "/checklist?q=cai+cach"


def test_expired_session_on_an_htmx_request_redirects_the_whole_page(client, org):
    """The login page must not be swapped into a row of the editor."""
    sign_in(client, "vanphong")
    client.post("/logout")
    response = client.post("/areas/1/tasks", data={"title": "x"},
                           headers={"HX-Request": "true", "HX-Current-URL": "http://localhost/plans/7/edit"})
    assert response.status_code == 401
    assert response.data == b""
    assert response.headers["HX-Redirect"] == "/login?next=/plans/7/edit"
    assert "Phiên đăng nhập đã hết hạn" in client.get("/login").text


# -- logging out ends the session (issue 14) ------------------------------------------

def _login_remembered(client):
    page = client.get("/login")
    token = CSRF_RE.search(page.text).group(1)
    response = client.post("/login", data={"csrf_token": token, "username": "thanhtra", "password": PASSWORD,
                                           "remember": "y"})
    assert response.status_code == 302
    return response


def test_remember_me_cookie_is_same_site_lax_and_http_only(client, org):
    response = _login_remembered(client)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token="))
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie


def test_replaying_the_session_cookie_after_logout_does_not_sign_in(app, client, org):
    sign_in(client, "thanhtra")
    old_session = client.get_cookie("session").value
    assert client.post("/logout").status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", old_session)
    response = replay.get("/checklist")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_replaying_only_the_remember_me_cookie_after_logout_does_not_sign_in(app, client, org):
    _login_remembered(client)
    old_remember = client.get_cookie("remember_token").value
    assert client.get("/checklist").status_code == 200
    client.post("/logout", headers={"X-CSRFToken": HEADER_TOKEN_RE.search(client.get("/checklist").text).group(1)})
    replay = app.test_client()
    replay.set_cookie("remember_token", old_remember)
    response = replay.get("/checklist")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logout_deletes_the_remember_me_cookie(client, org):
    _login_remembered(client)
    token = HEADER_TOKEN_RE.search(client.get("/checklist").text).group(1)
    client.post("/logout", headers={"X-CSRFToken": token})
    assert client.get_cookie("remember_token") is None


# -- sign-ins and sign-outs are audited (issue 14) --------------------------------------

def test_sign_in_and_sign_out_are_audited(client, org):
    sign_in(client, "thanhtra")
    client.post("/logout")
    [login] = audits("login")
    [logout] = audits("logout")
    for entry in (login, logout):
        assert entry.actor_id == org.ttr_staff.id and entry.object_type == "login"
        assert entry.object_id == org.ttr_staff.id and entry.after["address"] == "127.0.0.1"
    assert login.action_label == "Đăng nhập" and logout.action_label == "Đăng xuất"


def test_failed_sign_in_is_audited_without_an_actor(client, org):
    assert post_login(client, "thanhtra", "sai-mat-khau").status_code == 422
    assert post_login(client, "khongco", "sai-mat-khau").status_code == 422
    known, unknown = audits("login_failed")
    assert known.actor_id is None and known.actor_name == "Không xác định"
    assert known.object_id == org.ttr_staff.id and unknown.object_id is None
    assert unknown.object_label == "khongco" and unknown.action_label == "Đăng nhập không thành công"


def test_a_locked_account_with_the_right_password_is_audited(client, org):
    from app.extensions import db

    org.ttr_staff.active = False
    db.session.commit()
    assert post_login(client, "thanhtra").status_code == 422
    [failed] = audits("login_failed")
    assert failed.after["reason"] == "Tài khoản đã bị khóa"


# -- idle timeout, Secure cookies, password policy (issue 14) ----------------------------

def _idle_for(client, minutes):
    with client.session_transaction() as session:
        session["seen"] -= minutes * 60


def test_a_session_left_idle_too_long_ends(app, client, org):
    sign_in(client, "thanhtra")
    _idle_for(client, app.config["SESSION_IDLE_MINUTES"] + 1)
    response = client.get("/checklist")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "Phiên đăng nhập đã kết thúc vì không thao tác trong 120 phút." in client.get("/login").text
    assert client.get("/checklist").status_code == 302


def test_a_session_in_use_stays_open(app, client, org):
    sign_in(client, "thanhtra")
    _idle_for(client, app.config["SESSION_IDLE_MINUTES"] - 1)
    assert client.get("/checklist").status_code == 200
    _idle_for(client, app.config["SESSION_IDLE_MINUTES"] - 1)  # counted from the last request
    assert client.get("/checklist").status_code == 200


def test_the_idle_timeout_is_configurable(app, client, org):
    app.config["SESSION_IDLE_MINUTES"] = 5
    sign_in(client, "thanhtra")
    _idle_for(client, 6)
    assert client.get("/checklist").status_code == 302


def test_a_remembered_login_comes_back_after_the_idle_timeout(app, client, org):
    _login_remembered(client)
    _idle_for(client, app.config["SESSION_IDLE_MINUTES"] + 1)
    assert client.get("/checklist").status_code == 200


def test_cookies_are_secure_when_configured_for_https(monkeypatch, tmp_path):
    import importlib

    import app.config as config_module

    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    try:
        config = importlib.reload(config_module).Config
        assert config.SESSION_COOKIE_SECURE is True and config.REMEMBER_COOKIE_SECURE is True
    finally:
        monkeypatch.delenv("SESSION_COOKIE_SECURE")
        importlib.reload(config_module)


def test_login_cookies_carry_secure_when_configured(app, client, org):
    app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    response = _login_remembered(client)
    cookies = response.headers.getlist("Set-Cookie")
    assert all("; Secure" in c for c in cookies) and len(cookies) == 2


def test_a_password_equal_to_the_user_name_is_refused(client, org):
    sign_in(client, "thanhtra")
    response = client.post("/account/password", data={"current_password": PASSWORD, "new_password": "ThanhTra",
                                                      "confirm": "ThanhTra"})
    assert response.status_code == 422
    assert "Mật khẩu không được trùng với tên đăng nhập." in response.text
    assert org.ttr_staff.check_password(PASSWORD)


def test_password_policy_in_the_services(org):
    import pytest

    from app.errors import DomainError
    from app.org.services import create_user, reset_password

    with pytest.raises(DomainError, match="trùng với tên đăng nhập"):
        create_user(None, username="nguyenvanb", full_name="Nguyễn Văn B", unit=org.ttr, roles=["staff"],
                    password="nguyenvanb")
    with pytest.raises(DomainError, match="ít nhất 8 ký tự"):
        reset_password(org.admin, org.ttr_staff, "ngan")
    with pytest.raises(DomainError, match="tối đa 128 ký tự"):
        reset_password(org.admin, org.ttr_staff, "x" * 129)


def test_an_overlong_user_name_at_login_is_refused_with_a_message(client, org):
    response = post_login(client, "a" * 81)
    assert response.status_code == 422 and "Tối đa 80 ký tự." in response.text
