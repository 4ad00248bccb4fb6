"""Test data: small factory functions and database read helpers (CTFd's tests/helpers.py), among
them the one "nothing changed" check: ``before = fingerprint()`` … ``assert_unchanged(before)``.

Factories go through the same service functions the pages use and commit, as a
request would, so what they create is visible to the requests a test makes
(each runs in its own session).
"""
import json
import os
from datetime import date

from flask import current_app
from sqlalchemy import MetaData, column, func, inspect, select

from app.audit import AuditLog
from app.extensions import db
from app.org.models import STAFF
from app.org.services import create_unit, create_user
from app.plans.services import (
    PlanData,
    TargetData,
    TaskData,
    add_target,
    add_task,
    create_plan,
    issue_plan,
)
from app.progress.models import ProgressEntry, ReportingPeriod
from app.transactions import transaction

PASSWORD = "matkhau-123"
HX = {"HX-Request": "true"}

_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


def make_unit(name=None, short_name=None, kind="phong", active=True):
    n = _next()
    with transaction():
        return create_unit(None, name=name or f"Phòng thử nghiệm {n}", short_name=short_name or f"P{n}",
                           kind=kind, active=active)


def make_user(unit=None, roles=(STAFF,), username=None, password=PASSWORD, full_name=None):
    n = _next()
    unit = unit or make_unit()
    with transaction():
        return create_user(None, username=username or f"user{n}", full_name=full_name or f"Người dùng {n}",
                           unit=unit, roles=list(roles), password=password, must_change_password=False)


def make_plan(actor=None, title="Cải cách hành chính năm 2026", kind="annual", year=2026, areas=(2,), **kw):
    data = PlanData(kind=kind, title=title, year=year if kind != "programme" else None,
                    start_year=kw.pop("start_year", None), end_year=kw.pop("end_year", None), **kw)
    with transaction():
        return create_plan(actor, data, standard_codes=areas)


def make_target(area, text="Tỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 99%", actor=None, **kw):
    kw.setdefault("metric_kind", "percent")
    kw.setdefault("comparator", ">=")
    kw.setdefault("target_value", 99)
    with transaction():
        return add_target(actor, area, TargetData(text=text, **kw))


def make_task(area, lead, title="Rà soát, công khai thủ tục hành chính", actor=None, deadline=None,
              recurring=None, coop=(), **kw):
    if recurring is None:
        recurring = deadline is None
    data = TaskData(title=title, lead_unit_id=lead.id, deadline=deadline, recurring=recurring,
                    cooperating_unit_ids=[u.id for u in coop], **kw)
    with transaction():
        return add_task(actor, area, data)


def make_period(kind="q1", year=2026, actor=None, title="", **kw):
    """A reporting period, open, with the regime's default windows unless given."""
    from app.progress.services import open_period

    with transaction():
        return open_period(actor, kind, year, title, **kw)


def make_progress_entry(task, unit=None, period=None, status="draft", **kw):
    """A progress entry on ``task`` (a period is created for it unless given): such a task can be
    archived, not deleted. Fields in ``kw`` (task_status, percent_done, result...) are set as given."""
    period = period or db.session.scalar(select(ReportingPeriod).where(
        ReportingPeriod.kind == "q1", ReportingPeriod.year == 2026)) or make_period("q1", 2026)
    kw.setdefault("percent_done", 50)
    kw.setdefault("result", "Đã rà soát 20 thủ tục")
    with transaction():
        entry = ProgressEntry(period_id=period.id, task_id=task.id, unit_id=(unit or task.lead_unit).id,
                              status=status, **kw)
        db.session.add(entry)
    return entry


def issue(plan, actor=None, number=None, issued_on=date(2026, 1, 23)):
    with transaction():
        return issue_plan(actor, plan, number or f"{_next()}/KH-SCT", issued_on)


# -- reading the database after a request ----------------------------------------------

def fresh(model, object_id):
    """The row as the database has it now (requests commit in their own session)."""
    db.session.expire_all()
    return db.session.get(model, object_id)


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def audits(action=None, object_type=None, object_id=None):
    """Audit records, oldest first, optionally filtered."""
    db.session.expire_all()
    query = select(AuditLog).order_by(AuditLog.id)
    if action:
        query = query.where(AuditLog.action == action)
    if object_type:
        query = query.where(AuditLog.object_type == object_type)
    if object_id is not None:
        query = query.where(AuditLog.object_id == object_id)
    return list(db.session.scalars(query))


_reflected: dict = {}


def _tables():
    """Every table of the database (the models' and Alembic's), reflected once per schema: every
    test database is built by the same migrations, so their tables are read once per test session."""
    names = tuple(sorted(inspect(db.engine).get_table_names()))
    key = (db.engine.dialect.name, names)
    if key not in _reflected:
        metadata = MetaData()
        metadata.reflect(bind=db.engine)
        _reflected[key] = metadata.sorted_tables
    return _reflected[key]


SIGN_IN_TABLES = ("login_attempts", "data_version")  # data_version counts commits, signing in's too
SIGN_IN_COLUMNS = {"users": ("last_login_at", "login_token", "version")}
UPLOADS = "files in the upload folder"


class Fingerprint(dict):
    """Table name -> its rows, and UPLOADS -> the upload folder's files; remembers whether sign-ins
    were left out, so the fingerprint taken after is taken alike."""

    skip_sign_ins: bool


def fingerprint(skip_sign_ins: bool = True) -> Fingerprint:
    """Every row of every table, in primary-key order, and every file under the upload folder (its
    path and size): equal before and after a request that changed nothing.

    The rows are read through SQLAlchemy (the same on SQLite and PostgreSQL) on a connection of its
    own, so what requests committed is seen whatever the test's session holds. ``skip_sign_ins``
    leaves out the bookkeeping of signing in and out, which a test does between its requests and a
    refused sign-in is meant to write: ``login_attempts``, the audit rows of object type "login",
    the user's last sign-in, login token and version (SIGN_IN_COLUMNS), and ``data_version`` (the
    count of commits, which signing in bumps; a refusal's other writes show in the other tables)."""
    rows = Fingerprint()
    rows.skip_sign_ins = skip_sign_ins
    with db.engine.connect() as connection:
        for table in _tables():
            if skip_sign_ins and table.name in SIGN_IN_TABLES:
                continue
            skipped = SIGN_IN_COLUMNS.get(table.name, ()) if skip_sign_ins else ()
            # untyped columns: the values as the driver gives them (no conversion, so it stays quick)
            order = [column(c.name) for c in (list(table.primary_key.columns) or list(table.columns))]
            query = (select(*[column(c.name) for c in table.columns if c.name not in skipped])
                     .select_from(table).order_by(*order))
            if skip_sign_ins and table.name == "audit_log":
                query = query.where(column("object_type") != "login")
            rows[table.name] = [tuple(map(_hashable, r)) for r in connection.execute(query)]
    rows[UPLOADS] = upload_files()
    return rows


def upload_files() -> list[tuple[str, int]]:
    """(path, size) of every file under the upload folder."""
    root = current_app.config["UPLOAD_FOLDER"]
    found = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            found.append((os.path.relpath(path, root), os.path.getsize(path)))
    return sorted(found)


def changes(before: dict, after: dict) -> dict[str, dict]:
    """What differs between two fingerprints, table by table: a few rows gone and new in each."""
    return {name: {"gone": [r for r in before.get(name, []) if r not in after.get(name, [])][:3],
                   "new": [r for r in after.get(name, []) if r not in before.get(name, [])][:3]}
            for name in sorted({*before, *after}) if before.get(name) != after.get(name)}


def assert_unchanged(before: Fingerprint, where="") -> Fingerprint:
    """Nothing changed since ``before`` (a ``fingerprint()``); the fingerprint now, for the next check."""
    after = fingerprint(before.skip_sign_ins)
    assert changes(before, after) == {}, (where, changes(before, after))
    return after


def _hashable(value):
    """JSON columns come back as dicts and lists on PostgreSQL: compared (and kept in sets) as text."""
    return json.dumps(value, sort_keys=True, default=str) if isinstance(value, (dict, list)) else value
