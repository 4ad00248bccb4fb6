"""Signing in, the one way every test does it: ``sign_in(app_or_client, "thanhtra")``.

``sign_in`` fills the login page's form as a person does, checks it worked (a redirect), and makes
the client send the CSRF token on every request, as htmx does; it returns the client. Given an app,
it signs in a new client of its own; given a client, that client. The password is the demo's when
the user has it (the ``demo_app`` department), else the factories' (``tests.factories.PASSWORD``).
``sign_in(app, None)``: a client signed in as nobody that still sends a valid CSRF token, so what
refuses its requests is not the CSRF check.

A session signed in by an earlier test (another app) is reused when it is valid here: the session
cookie carries the user's login token, which every copy of the same demo database shares (and a
fresh user never does), so signing in as the demo's users costs one login per test session rather
than per test. Within a test (the same app), each sign-in is a new session.

``post_login`` is the login form itself, for the tests of signing in (wrong password, throttling):
it returns the page's answer and signs nothing in on its own behalf.
"""
import re
import time
import weakref

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.security import check_password_hash

from app.demo.data import DEMO_PASSWORD
from app.extensions import db
from app.org.models import User
from tests.factories import PASSWORD

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
HEADER_TOKEN_RE = re.compile(r'"X-CSRFToken": "([^"]+)"')

# (secret key, username, login token) -> (session cookie, CSRF token, when, the app), for less than the idle
# timeout (SESSION_IDLE_MINUTES, 120 by default) ends the session.
_sessions: dict = {}
SESSION_REUSE_SECONDS = 30 * 60


def post_login(client: FlaskClient, username: str, password: str | None = None):
    """The login page's form sent as a person fills it in; the answer (302 when signed in)."""
    token = CSRF_RE.search(client.get("/login").text).group(1)
    return client.post("/login", data={"csrf_token": token, "username": username,
                                       "password": password or password_of(username)})


def sign_in(target: Flask | FlaskClient, username: str | None, password: str | None = None) -> FlaskClient:
    """``target`` (an app: a new client of it) signed in as ``username``, sending the CSRF token."""
    client = target.test_client() if isinstance(target, Flask) else target
    app = client.application
    if username is None:
        client.environ_base["HTTP_X_CSRFTOKEN"] = CSRF_RE.search(client.get("/login").text).group(1)
        return client
    token, _password_hash = _account(username)
    key = (app.secret_key, username, token)
    cookie_name = app.config["SESSION_COOKIE_NAME"]
    if password is None and key in _sessions and time.monotonic() - _sessions[key][2] < SESSION_REUSE_SECONDS \
            and _sessions[key][3]() is not app:
        cookie, csrf_token, _signed_in_at, _app = _sessions[key]
        client.set_cookie(cookie_name, cookie)
        client.environ_base["HTTP_X_CSRFTOKEN"] = csrf_token
        return client
    response = post_login(client, username, password)
    assert response.status_code == 302, (username, response.status_code)
    # The session starts afresh at login: take the new token from a page, as htmx would.
    csrf_token = HEADER_TOKEN_RE.search(client.get("/account/password").text).group(1)
    client.environ_base["HTTP_X_CSRFTOKEN"] = csrf_token
    if password is None:
        _sessions[key] = (client.get_cookie(cookie_name).value, csrf_token, time.monotonic(), weakref.ref(app))
    return client


def password_of(username: str) -> str:
    """The demo's password for a demo user, else the one the factories give."""
    _token, password_hash = _account(username)
    return DEMO_PASSWORD if password_hash and check_password_hash(password_hash, DEMO_PASSWORD) else PASSWORD


def _account(username: str) -> tuple[str | None, str | None]:
    """The user's login token and password hash as committed (a connection of its own: the test's
    session may hold an older snapshot)."""
    with db.engine.connect() as connection:
        row = connection.execute(select(User.login_token, User.password_hash)
                                 .where(User.username == username.lower())).first()
    return (row[0], row[1]) if row else (None, None)
