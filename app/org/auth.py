"""Logging in and out, and changing one's own password; the session hooks every request passes.

``init_app`` sets up Flask-Login for the app; create_app registers ``end_idle_session`` and
``require_password_change`` among the other hooks, in the order they run."""
import time
from urllib.parse import urlsplit

from flask import (
    Blueprint, Flask, current_app, flash, g, make_response, redirect, render_template, request, session, url_for,
)
from flask_login import current_user, login_required, login_user, logout_user, user_loaded_from_cookie
from flask_wtf.csrf import CSRFError

from .. import errorpages
from ..errors import DomainError
from ..extensions import db, login_manager
from ..htmx import is_htmx
from ..transactions import separate_transaction
from . import signin
from .forms import ChangePasswordForm, LoginForm
from .models import User
from .services import change_own_password

bp = Blueprint("auth", __name__)
LOGIN_PAGE_EXPIRED = "Phiên làm việc của trang đăng nhập đã hết hạn. Vui lòng đăng nhập lại."


def init_app(app: Flask) -> None:
    """Flask-Login's answers for the app (create_app binds it, among the after-request hooks): who a
    session is, where a signed-out person goes, and the session a remembered login starts."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
    user_loaded_from_cookie.connect(_remembered_login_starts_a_session, sender=app)


def load_user(login_token: str):
    user = db.session.query(User).filter_by(login_token=login_token).one_or_none()
    return user if user is not None and user.active else None


def unauthorized():
    """Send a signed-out person to the login page, then back where they were.

    An htmx request (the session ran out while the page stayed open) must not get
    the login page swapped into a row: the whole page goes to the login page.
    """
    idle = g.pop("idle_session_ended", False)
    if is_htmx():
        page = urlsplit(request.headers.get("HX-Current-URL", ""))
        back = page.path + (f"?{page.query}" if page.query else "") if page.path else None
        flash("Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại; nội dung chưa lưu cần nhập lại.", "info")
        response = make_response("", 401)
        response.headers["HX-Redirect"] = url_for("auth.login", next=_safe_next(back))
        return response
    if idle:
        minutes = current_app.config["SESSION_IDLE_MINUTES"]
        flash(f"Phiên đăng nhập đã kết thúc vì không thao tác trong {minutes} phút. Vui lòng đăng nhập lại.", "info")
    else:
        flash("Vui lòng đăng nhập để tiếp tục.", "info")
    return redirect(url_for("auth.login", next=_safe_next(request.full_path.rstrip("?"))))


def _safe_next(target: str | None) -> str | None:
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def end_idle_session():
    """A session unused for SESSION_IDLE_MINUTES ends; the next page asks to sign in again.

    A login remembered on this computer ("Ghi nhớ đăng nhập") comes back through its
    remember-me cookie, as the person asked; it lasts REMEMBER_DAYS."""
    if request.endpoint == "static" or "_user_id" not in session:
        return
    now = int(time.time())
    seen = session.get("seen", now)
    if now - seen > current_app.config["SESSION_IDLE_MINUTES"] * 60:
        session.clear()
        g.idle_session_ended = True
    elif now - seen >= 60:
        session["seen"] = now  # to the minute: the cookie is not rewritten on every request


def _remembered_login_starts_a_session(sender, user):
    session["seen"] = int(time.time())


def require_password_change():
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in {"auth.change_password", "auth.logout", "static"}
    ):
        return redirect(url_for("auth.change_password"))
    return None


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    error = None
    status = 200 if request.method == "GET" else 422
    if form.validate_on_submit():
        attempt = signin.authenticate(form.username.data, form.password.data, _client_address())
        if attempt.user is not None:
            session.clear()  # a fresh session for the new login
            login_user(attempt.user, remember=form.remember.data)
            session.permanent = True
            session["seen"] = int(time.time())
            return redirect(_safe_next(request.args.get("next")) or url_for("main.index"))
        # The answer is an error, which the request's transaction rolls back: the refusal
        # (it counts towards a lockout) and its audit record are committed on their own.
        # That transaction only read; it ends first, or it would hold SQLite's write lock
        # (a write request's, app/sqlite_writes.py) that the separate one waits for.
        db.session.expunge_all()  # what it loaded stays readable (the account's id)
        db.session.rollback()
        with separate_transaction() as records:
            signin.record_refusal(records, attempt)
        error, status = attempt.message, attempt.status
    return render_template("auth/login.html", form=form, error=error), status


@bp.errorhandler(CSRFError)
def login_page_expired(e):
    """The login page stayed open past its token: show it again, with a fresh token. Any other CSRF
    refusal on this blueprint's pages gets the app's answer (errorpages.csrf_error)."""
    if request.endpoint == "auth.login" and not current_user.is_authenticated:
        return render_template("auth/login.html", form=LoginForm(), error=LOGIN_PAGE_EXPIRED), 400
    return errorpages.csrf_error(e)


def _client_address() -> str:
    """The client's IP address (behind TRUSTED_PROXIES reverse proxies, the one they report)."""
    return (request.remote_addr or "")[:64]


@bp.post("/logout")
def logout():
    user = current_user._get_current_object() if current_user.is_authenticated else None
    logout_user()
    session.clear()
    session["_remember"] = "clear"  # Flask-Login deletes the remember-me cookie from the browser
    if user is not None:
        signin.sign_out(user, _client_address())  # the old session and remember-me cookies stop working
    flash("Bạn đã đăng xuất.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    error = None
    if form.validate_on_submit():
        try:
            change_own_password(current_user, form.current_password.data, form.new_password.data)
        except DomainError as exc:
            error = exc.message
        else:
            login_user(current_user._get_current_object(), fresh=True)  # the session id changed with the password
            flash("Đã đổi mật khẩu.", "success")
            return redirect(url_for("main.index"))
    status = 200 if request.method == "GET" else 422
    return render_template("auth/password.html", form=form, error=error), status
