"""Shared fixtures: the app on a temporary instance folder and SQLite file.

The schema is built once per test session by running the Alembic migrations
(so every test also exercises them) into a template database; each test gets
its own copy of that file.
"""
import contextvars
import os
import re
import shutil
from datetime import date

import pytest
from flask.testing import FlaskClient

from app import create_app
from app.extensions import db
from app.org.models import ADMIN, OFFICE, STAFF, SUPERVISOR, UNIT_HEAD

PASSWORD = "matkhau-123"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
HEADER_TOKEN_RE = re.compile(r'"X-CSRFToken": "([^"]+)"')


def make_config(tmp_path, db_file):
    return {
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_file}",
        "SERVER_NAME": None,
        # Fast hashing and no fsync in tests only; production keeps scrypt and synchronous=FULL
        # (tests/unit/test_schema.py checks the production default).
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "SQLITE_SYNCHRONOUS": "OFF",
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


def _app_on_copy_of(template, tmp_path):
    db_file = tmp_path / "app.db"
    shutil.copy(template, db_file)
    app = create_app(make_config(tmp_path, db_file))
    app.instance_path = str(tmp_path)
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def app(tmp_path, template_db):
    yield from _app_on_copy_of(template_db, tmp_path)


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


# -- factories ---------------------------------------------------------------------

_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


def make_unit(name=None, short_name=None, kind="phong", active=True):
    from app.org.services import create_unit

    n = _next()
    return create_unit(None, name=name or f"Phòng thử nghiệm {n}", short_name=short_name or f"P{n}",
                       kind=kind, active=active)


def make_user(unit=None, roles=(STAFF,), username=None, password=PASSWORD, full_name=None):
    from app.org.services import create_user

    n = _next()
    return create_user(None, username=username or f"user{n}", full_name=full_name or f"Người dùng {n}",
                       unit=unit or make_unit(), roles=list(roles), password=password,
                       must_change_password=False)


def make_plan(actor=None, title="Cải cách hành chính năm 2026", kind="annual", year=2026, areas=(2,), **kw):
    from app.plans.services import PlanData, create_plan

    data = PlanData(kind=kind, title=title, year=year if kind != "programme" else None,
                    start_year=kw.pop("start_year", None), end_year=kw.pop("end_year", None), **kw)
    return create_plan(actor, data, standard_codes=areas)


def make_target(area, text="Tỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 99%", actor=None, **kw):
    from app.plans.services import TargetData, add_target

    kw.setdefault("metric_kind", "percent")
    kw.setdefault("comparator", ">=")
    kw.setdefault("target_value", 99)
    return add_target(actor, area, TargetData(text=text, **kw))


def make_task(area, lead, title="Rà soát, công khai thủ tục hành chính", actor=None, deadline=None,
              recurring=None, coop=(), **kw):
    from app.plans.services import TaskData, add_task

    if recurring is None:
        recurring = deadline is None
    return add_task(actor, area, TaskData(title=title, lead_unit_id=lead.id, deadline=deadline,
                                          recurring=recurring, cooperating_unit_ids=[u.id for u in coop], **kw))


def make_progress_entry(task, unit):
    """A progress entry on ``task`` (a period is created for it): such a task can be archived, not deleted."""
    from app.progress.models import ProgressEntry, ReportingPeriod

    period = ReportingPeriod(kind="q1", year=2026, title="Quý I năm 2026", window_start=date(2025, 12, 15),
                             window_end=date(2026, 3, 14), due_on=date(2026, 3, 10))
    db.session.add(period)
    db.session.flush()
    entry = ProgressEntry(period_id=period.id, task_id=task.id, unit_id=unit.id, percent_done=50,
                          result="Đã rà soát 20 thủ tục")
    db.session.add(entry)
    db.session.commit()
    return entry


def issue(plan, actor=None, number=None, issued_on=date(2026, 1, 23)):
    from app.plans.services import issue_plan

    return issue_plan(actor, plan, number or f"{_next()}/KH-SCT", issued_on)


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


HX = {"HX-Request": "true"}


# -- reading the database after a request ----------------------------------------------

def fresh(model, object_id):
    """The row as the database has it now (requests commit in their own session)."""
    db.session.expire_all()
    return db.session.get(model, object_id)


def count(model) -> int:
    from sqlalchemy import func, select

    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def audits(action=None, object_type=None, object_id=None):
    """Audit records, oldest first, optionally filtered."""
    from sqlalchemy import select

    from app.audit import AuditLog

    db.session.expire_all()
    query = select(AuditLog).order_by(AuditLog.id)
    if action:
        query = query.where(AuditLog.action == action)
    if object_type:
        query = query.where(AuditLog.object_type == object_type)
    if object_id is not None:
        query = query.where(AuditLog.object_id == object_id)
    return list(db.session.scalars(query))
