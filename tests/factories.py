"""Test data: small factory functions and database read helpers (CTFd's tests/helpers.py).

Factories go through the same service functions the pages use and commit, as a
request would, so what they create is visible to the requests a test makes
(each runs in its own session).
"""
import json
from datetime import date

from sqlalchemy import MetaData, column, func, inspect, select, text

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


def table_rows(tables) -> dict:
    """Every row of each table, to prove that a refused request changed nothing.

    Sign-in records (audit rows of object type "login") are left out: a test signs in
    between its requests, and signing in changes no data."""
    db.session.expire_all()
    where = {"audit_log": "WHERE object_type != 'login'"}
    return {t: db.session.execute(text(f"SELECT * FROM {t} {where.get(t, '')} ORDER BY 1, 2")).all()
            for t in tables}


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


def every_row(skip_sign_ins: bool = False) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order, read through SQLAlchemy (the same on SQLite
    and PostgreSQL) on a connection of its own, so what requests committed is seen whatever the
    test's session holds. ``skip_sign_ins`` leaves out sign-in bookkeeping (``login_attempts`` and
    the audit rows of signing in), which a refused sign-in is meant to write."""
    rows = {}
    with db.engine.connect() as connection:
        for table in _tables():
            if skip_sign_ins and table.name == "login_attempts":
                continue
            # untyped columns: the values as the driver gives them (no conversion, so it stays quick)
            order = [column(c.name) for c in (list(table.primary_key.columns) or list(table.columns))]
            query = select(*[column(c.name) for c in table.columns]).select_from(table).order_by(*order)
            if skip_sign_ins and table.name == "audit_log":
                query = query.where(column("object_type") != "login")
            rows[table.name] = [tuple(map(_hashable, r)) for r in connection.execute(query)]
    return rows


def _hashable(value):
    """JSON columns come back as dicts and lists on PostgreSQL: compared (and kept in sets) as text."""
    return json.dumps(value, sort_keys=True, default=str) if isinstance(value, (dict, list)) else value


def database_fingerprint() -> dict:
    """Equal before and after a refused request: it changed nothing (sign-in bookkeeping aside)."""
    return every_row(skip_sign_ins=True)
