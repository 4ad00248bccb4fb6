"""Shared fixtures: the app on a temporary instance folder and SQLite file.

The schema is built once per test session by running the Alembic migrations
(so every test also exercises them) into a template database; each test gets
its own copy of that file.
"""
import contextvars
import os
import re
import shutil

import pytest
from flask.testing import FlaskClient
from hypothesis import settings

from app import create_app
from app.extensions import db
from app.org.models import ADMIN, OFFICE, STAFF, SUPERVISOR, UNIT_HEAD
from app.transactions import transaction
from tests.factories import PASSWORD, make_unit, make_user

# Property-based tests (hypothesis): few examples by default, to keep CI fast; no deadline (the
# demo database makes the first request of a test slow). HYPOTHESIS_PROFILE=thorough draws many more.
settings.register_profile("default", max_examples=8, deadline=None, print_blob=True)
settings.register_profile("thorough", max_examples=300, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
HEADER_TOKEN_RE = re.compile(r'"X-CSRFToken": "([^"]+)"')


def make_config(tmp_path, db_file):
    return {
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_file}",
        "SERVER_NAME": None,
        # Fast hashing and no fsync in tests only; production keeps scrypt and synchronous=FULL
        # (tests/unit/test_schema.py checks the production default). Measured on the unit and
        # web tests (2 workers): OFF 65 s, FULL 93 s. Tests of concurrency and crashes use the
        # ``durable_app`` fixture, which runs with the production pragmas.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "SQLITE_SYNCHRONOUS": os.environ.get("TEST_SQLITE_SYNCHRONOUS", "OFF"),
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
    }


@pytest.fixture(scope="session")
def template_db(tmp_path_factory):
    from flask_migrate import upgrade

    folder = tmp_path_factory.mktemp("template")
    db_file = folder / "template.db"
    app = create_app(make_config(folder, db_file))
    app.instance_path = str(folder)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    for suffix in ("-wal", "-shm"):
        if os.path.exists(f"{db_file}{suffix}"):
            os.remove(f"{db_file}{suffix}")
    return db_file


class IsolatedClient(FlaskClient):
    """Each request runs in a fresh context, as in production.

    The test itself holds an app context (for factories and assertions); without
    this, requests would reuse it and share ``g`` (the logged-in user, the CSRF
    token) and the database session with the test and with each other.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


def _app_on_copy_of(template, tmp_path, **overrides):
    db_file = tmp_path / "app.db"
    shutil.copy(template, db_file)
    uploads = template.parent / "uploads"  # files the template's data refers to (the demo's evidence)
    if uploads.is_dir():
        shutil.copytree(uploads, tmp_path / "uploads")
    app = create_app({**make_config(tmp_path, db_file), **overrides})
    app.instance_path = str(tmp_path)
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(tmp_path, template_db):
    yield from _app_on_copy_of(template_db, tmp_path)


@pytest.fixture
def durable_app(tmp_path, template_db):
    """The app with the production SQLite pragmas (synchronous=FULL): for concurrency and crash tests."""
    yield from _app_on_copy_of(template_db, tmp_path, SQLITE_SYNCHRONOUS="FULL")


@pytest.fixture(scope="session")
def demo_template_db(template_db, tmp_path_factory):
    """The demo department (flask demo), loaded once per test session."""
    from app.demo import load_demo

    folder = tmp_path_factory.mktemp("demo-template")
    db_file = folder / "demo.db"
    shutil.copy(template_db, db_file)
    app = create_app(make_config(folder, db_file))
    app.instance_path = str(folder)
    with app.app_context():
        with transaction():
            load_demo()
        db.session.remove()
        db.engine.dispose()
    return db_file


@pytest.fixture
def demo_app(tmp_path, demo_template_db):
    """An app whose database holds the demo department (a fresh copy per test).

    Use ``demo_app.test_client()``, not the ``client`` fixture (which belongs to ``app``)."""
    yield from _app_on_copy_of(demo_template_db, tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def org(app):
    """A small department: units and one user per role."""
    office_unit = make_unit("Văn phòng Sở", "VP", "van_phong")
    inspect_unit = make_unit("Thanh tra Sở", "TTr", "thanh_tra")
    finance_unit = make_unit("Phòng Kế hoạch - Tài chính - Tổng hợp", "KH-TC-TH", "phong")
    board = make_unit("Ban Giám đốc Sở", "BGĐ", "lanh_dao")

    class Org:
        vp, ttr, khtc, bgd = office_unit, inspect_unit, finance_unit, board
        admin = make_user(office_unit, [ADMIN], "quantri")
        office = make_user(office_unit, [OFFICE, STAFF], "vanphong")
        supervisor = make_user(board, [SUPERVISOR], "lanhdao")
        ttr_staff = make_user(inspect_unit, [STAFF], "thanhtra")
        ttr_head = make_user(inspect_unit, [UNIT_HEAD], "chanhthanhtra")
        khtc_staff = make_user(finance_unit, [STAFF], "khtc")

    with transaction():
        Org.supervisor.supervised_units = [inspect_unit]  # Lãnh đạo Sở in charge of Thanh tra
    return Org


class AuthActions:
    """Log in with one line: ``auth.login("vanphong")``. Also sends the CSRF token as htmx does."""

    def __init__(self, client):
        self._client = client
        self.token = None

    def login(self, username, password=PASSWORD):
        page = self._client.get("/login")
        token = CSRF_RE.search(page.text).group(1)
        response = self._client.post("/login", data={"csrf_token": token, "username": username,
                                                     "password": password})
        if response.status_code == 302:
            # The session starts afresh at login: take the new token from a page, as htmx would.
            page = self._client.get("/account/password")
            self.token = HEADER_TOKEN_RE.search(page.text).group(1)
            self._client.environ_base["HTTP_X_CSRFTOKEN"] = self.token
        return response

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


