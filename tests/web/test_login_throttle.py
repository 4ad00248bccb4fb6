"""Password guessing is throttled: a temporary lockout per user name and per client address,
recorded (and audited) although the refused request's own transaction is rolled back."""
from datetime import timedelta

from sqlalchemy import func, select, update

from app.extensions import db
from app.org import signin
from app.org.models import LoginAttempt
from tests.factories import PASSWORD, audits, count
from tests.signin import CSRF_RE, sign_in

LOCKED_ACCOUNT = "Tài khoản này tạm thời bị khóa đăng nhập do nhập sai mật khẩu nhiều lần."
LOCKED_ADDRESS = "Máy tính này tạm thời không được đăng nhập do nhập sai mật khẩu nhiều lần."


class Attempts:
    """Posts the login form as a browser would, from a chosen client address."""

    def __init__(self, client, address="192.0.2.10"):
        self.client = client
        self.address = address
        self.token = CSRF_RE.search(client.get("/login").text).group(1)

    def __call__(self, username, password, address=None):
        return self.client.post("/login", data={"csrf_token": self.token, "username": username,
                                                "password": password},
                                environ_overrides={"REMOTE_ADDR": address or self.address})


def test_forty_wrong_passwords_then_the_right_one_does_not_sign_in(client, org):
    attempt = Attempts(client)
    statuses = [attempt("thanhtra", f"sai-{i}").status_code for i in range(40)]
    assert statuses[:5] == [422] * 5 and set(statuses[5:]) == {429}
    response = attempt("thanhtra", PASSWORD)
    assert response.status_code == 429
    assert LOCKED_ACCOUNT in response.text and "Vui lòng thử lại sau 15 phút" in response.text
    assert client.get("/checklist").status_code == 302


def test_failures_and_the_lockout_are_kept_although_the_answers_are_errors(client, org):
    attempt = Attempts(client)
    for i in range(5):
        attempt("thanhtra", f"sai-{i}")
    attempt("thanhtra", PASSWORD)
    assert count(LoginAttempt) == 6
    failed = audits("login_failed")
    assert len(failed) == 5
    assert failed[0].object_id == org.ttr_staff.id and failed[0].actor_id is None
    assert failed[0].after["address"] == "192.0.2.10" and failed[0].after["username"] == "thanhtra"
    [locked] = audits("login_locked")
    assert locked.object_id == org.ttr_staff.id and locked.after["failures"] == "5"
    assert audits("login") == []


def test_the_lockout_ends_when_the_failures_leave_the_window(client, org):
    attempt = Attempts(client)
    for i in range(5):
        attempt("thanhtra", f"sai-{i}")
    assert attempt("thanhtra", PASSWORD).status_code == 429
    db.session.execute(update(LoginAttempt).values(at=LoginAttempt.at - timedelta(minutes=16)))
    db.session.commit()
    assert attempt("thanhtra", PASSWORD).status_code == 302


def test_attempts_during_a_lockout_do_not_prolong_it(client, org):
    attempt = Attempts(client)
    for i in range(5):
        attempt("thanhtra", f"sai-{i}")
    last_failure = db.session.scalar(select(func.max(LoginAttempt.id)))
    for i in range(5):
        assert attempt("thanhtra", f"van-sai-{i}").status_code == 429
    # The failures leave the window; the refused attempts, just made, count for nothing.
    db.session.execute(update(LoginAttempt).where(LoginAttempt.id <= last_failure)
                       .values(at=LoginAttempt.at - timedelta(minutes=16)))
    db.session.commit()
    assert attempt("thanhtra", PASSWORD).status_code == 302


def test_a_successful_sign_in_resets_the_count_for_the_account(client, org):
    attempt = Attempts(client)
    for i in range(4):
        attempt("thanhtra", f"sai-{i}")
    sign_in(client, "thanhtra")
    assert client.post("/logout").status_code == 302
    attempt = Attempts(client)
    for i in range(4):
        assert attempt("thanhtra", f"sai-lai-{i}").status_code == 422
    assert attempt("thanhtra", PASSWORD).status_code == 302


def test_one_address_guessing_many_names_is_locked_out(app, client, org):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    attempt = Attempts(client, address="198.51.100.7")
    for name in ("a", "b", "c"):
        assert attempt(name, "sai-mat-khau").status_code == 422
    response = attempt("thanhtra", PASSWORD)
    assert response.status_code == 429 and LOCKED_ADDRESS in response.text
    assert audits("login_locked")[0].after["reason"] == "Địa chỉ máy"
    # The same account from another computer signs in.
    assert attempt("thanhtra", PASSWORD, address="198.51.100.8").status_code == 302


def test_an_unknown_name_is_answered_like_a_real_one(client, org):
    attempt = Attempts(client)
    real = [attempt("thanhtra", f"sai-{i}") for i in range(6)]
    unknown = [attempt("khongtontai", f"sai-{i}") for i in range(6)]
    assert [r.status_code for r in real] == [r.status_code for r in unknown] == [422] * 5 + [429]
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in unknown[0].text
    assert LOCKED_ACCOUNT in unknown[-1].text
    assert audits("login_failed")[-1].object_id is None


def test_an_unknown_name_costs_a_password_hash_check(client, org, monkeypatch):
    """Timing: a name that matches no account is checked against a dummy hash, like a real password."""
    calls = []

    def spy(password):
        calls.append(password)
        return signin_dummy(password)

    signin_dummy = signin.verify_dummy_password
    monkeypatch.setattr(signin, "verify_dummy_password", spy)
    attempt = Attempts(client)
    attempt("khongtontai", "mot-mat-khau")
    assert calls == ["mot-mat-khau"]
    attempt("thanhtra", "sai-mat-khau")
    assert calls == ["mot-mat-khau"]  # a real account checks its own hash instead


def test_the_dummy_hash_uses_the_configured_method(app):
    from app.org.models import _dummy_hashes, verify_dummy_password

    assert verify_dummy_password("bat-ky") is False
    assert _dummy_hashes[app.config["PASSWORD_HASH_METHOD"]].startswith("pbkdf2:sha256:1000$")
