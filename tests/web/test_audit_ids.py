"""A history never shows another object's rows: ids the audit log names are never reused
(SQLite AUTOINCREMENT), and history pages skip rows older than their object."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, inspect, select, text

from app import create_app
from app.audit import AuditLog
from app.dataversion import DataVersion
from app.extensions import db
from app.org.models import Unit
from app.plans.models import Plan
from app.transactions import transaction
from tests.conftest import make_config
from tests.factories import fresh, issue, make_plan, make_task
from tests.signin import sign_in

OLD_TITLE = "Kế hoạch dự thảo đã bị xóa"
OLD_AREA = "Nội dung riêng của dự thảo đã xóa"


def test_a_new_plan_never_shows_the_history_of_a_deleted_draft(app, client, org):
    sign_in(client, "vanphong")
    from app.plans.services import add_area

    draft = make_plan(org.office, title=OLD_TITLE)
    with transaction():
        add_area(org.office, draft, OLD_AREA)
    old_id = draft.id
    assert client.post(f"/plans/{old_id}/delete").status_code == 302
    assert fresh(Plan, old_id) is None
    plan = make_plan(org.office, title="Kế hoạch kiểm soát thủ tục hành chính năm 2026")
    make_task(plan.areas[0], org.ttr, actor=org.office, deadline=date(2026, 6, 30))
    issue(plan, org.office)
    assert plan.id != old_id

    staff = sign_in(app, "thanhtra")
    page = staff.get(f"/plans/{plan.id}/history")
    assert page.status_code == 200
    assert "Kế hoạch kiểm soát thủ tục hành chính năm 2026" in page.text
    assert OLD_TITLE not in page.text and OLD_AREA not in page.text


def test_a_new_task_never_shows_the_history_of_a_deleted_task(client, org):
    sign_in(client, "vanphong")
    plan = make_plan(org.office)
    area = plan.areas[0]
    make_task(area, org.ttr, "Nhiệm vụ giữ lại", actor=org.office)
    gone = make_task(area, org.ttr, "Nhiệm vụ đã bị xóa", actor=org.office)
    gone_id = gone.id
    assert client.post(f"/tasks/{gone_id}/delete").status_code == 302
    task = make_task(area, org.khtc, "Nhiệm vụ mới", actor=org.office)
    assert task.id != gone_id
    page = client.get(f"/tasks/{task.id}")
    assert "Nhiệm vụ mới" in page.text and "Nhiệm vụ đã bị xóa" not in page.text


def _stale_record(object_type, object_id, at, plan_id=None, title="Bản ghi của đối tượng cũ"):
    """An audit row as a deleted object with the same id would have left it."""
    with transaction():
        db.session.add(AuditLog(at=at, actor_name="Ai đó", action="update", object_type=object_type,
                                object_id=object_id, object_label=title, plan_id=plan_id,
                                before={"title": "Tên cũ"}, after={"title": title}))


def test_history_pages_skip_rows_older_than_their_object(client, org):
    """Should an id come back anyway (a database restored by hand), its old rows stay hidden."""
    sign_in(client, "vanphong")
    plan = make_plan(org.office)
    task = make_task(plan.areas[0], org.ttr, actor=org.office)
    long_ago = plan.created_at - timedelta(days=30)
    _stale_record("plan", plan.id, long_ago, plan_id=plan.id, title="Kế hoạch cũ trùng số")
    _stale_record("task", task.id, long_ago, plan_id=plan.id, title="Nhiệm vụ cũ trùng số")
    _stale_record("unit", org.ttr.id, org.ttr.created_at - timedelta(days=1), title="Đơn vị cũ trùng số")

    history = client.get(f"/plans/{plan.id}/history").text
    assert "Kế hoạch cũ trùng số" not in history and "Nhiệm vụ cũ trùng số" not in history
    assert plan.title in history
    task_page = client.get(f"/tasks/{task.id}").text
    assert "Nhiệm vụ cũ trùng số" not in task_page and "Tạo mới" in task_page

    admin = sign_in(client.application, "quantri")
    assert "Đơn vị cũ trùng số" not in admin.get(f"/units/{org.ttr.id}").text


def _tables_with_an_id():
    return [t.name for t in db.metadata.sorted_tables if [c.name for c in t.primary_key.columns] == ["id"]]


def test_every_table_with_an_id_never_reuses_one(app):
    """SQLite: every such table is AUTOINCREMENT (else the highest id comes back after a delete).
    PostgreSQL: every id comes from a sequence, which never hands out a value twice."""
    tables = _tables_with_an_id()
    assert {"units", "users", "plans", "areas", "targets", "tasks", "audit_log"} <= set(tables)
    if db.engine.dialect.name == "postgresql":
        for table in tables:
            assert db.session.scalar(text(f"SELECT pg_get_serial_sequence('{table}', 'id')")), table
        return
    schema = dict(db.session.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")).all())
    for table in tables:
        assert "AUTOINCREMENT" in schema[table], table
        assert db.metadata.tables[table].dialect_options["sqlite"]["autoincrement"], table


@pytest.fixture
def old_database(tmp_path, template_db):
    """A database at the revision before AUTOINCREMENT, with the demo department in it."""
    from flask_migrate import upgrade

    from app.demo import load_demo

    db_file = tmp_path / "old.db"
    app = create_app(make_config(tmp_path, db_file))
    app.instance_path = str(tmp_path)
    with app.app_context():
        upgrade(revision="d5bc22aa83a8")
        # Older than the data version (app/dataversion.py), which the app's session counts every write
        # in: the table is there for the writes made at this revision; the test drops it before the
        # migration makes it.
        DataVersion.__table__.create(db.engine)
        # Tables later migrations make that the demo writes to (e.g. the index's), likewise: made for the
        # demo's writes, dropped again before the migration under test makes them (``drop_later_columns``).
        app.extensions["later_tables"] = _add_later_tables()
        # Columns later migrations add (e.g. notifications.topic) are there for the demo's writes too, and
        # dropped again before the migration under test runs (``drop_later_columns``).
        app.extensions["later_columns"] = _add_later_columns()
        with transaction():
            load_demo()
        yield app
        db.session.remove()
        db.engine.dispose()


def _add_later_tables() -> list:
    """Create the model tables the old database does not have yet, parents first."""
    inspector = inspect(db.engine)
    added = [table for table in db.metadata.sorted_tables if not inspector.has_table(table.name)]
    for table in added:
        table.create(db.engine)
    return added


def _add_later_columns() -> list[tuple[str, str]]:
    """Add, as plain nullable columns, the model columns the old database does not have yet."""
    added = []
    inspector = inspect(db.engine)
    for table in db.metadata.sorted_tables:
        if not inspector.has_table(table.name):
            continue
        present = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in present:
                kind = column.type.compile(dialect=db.engine.dialect)
                db.session.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'))
                added.append((table.name, column.name))
    db.session.commit()
    return added


def drop_later_columns(app) -> None:
    """Drop what ``old_database`` added for the demo's writes: later columns, then later tables (children
    first)."""
    for table, column in app.extensions.pop("later_columns"):
        db.session.execute(text(f'ALTER TABLE {table} DROP COLUMN "{column}"'))
    db.session.commit()
    for table in reversed(app.extensions.pop("later_tables")):
        table.drop(db.engine)


def _counts():
    db.session.expire_all()
    present = set(db.session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'table'")))
    # Tables created by later migrations (e.g. the reports') are not there yet in the old database.
    return {t: db.session.scalar(text(f"SELECT count(*) FROM {t}")) for t in _tables_with_an_id() if t in present}


@pytest.mark.sqlite_only
def test_the_migration_keeps_every_row_and_skips_ids_deleted_before_it(old_database):
    from flask_migrate import upgrade

    from app.plans.services import delete_plan

    last = db.session.scalar(select(Plan).order_by(Plan.id.desc()))
    assert last.status == "draft"
    last_id = last.id
    with transaction():
        delete_plan(None, last)
    DataVersion.__table__.drop(db.engine)  # (see old_database)
    drop_later_columns(old_database)
    last_task_id = db.session.scalar(select(func.max(AuditLog.object_id)).where(AuditLog.object_type == "task"))
    before = _counts()
    db.session.remove()

    upgrade()  # foreign keys are off while the tables are rebuilt: nothing cascades

    after = _counts()
    assert {t: after[t] for t in before} == before
    assert db.session.execute(text("PRAGMA foreign_key_check")).all() == []
    plan = make_plan(None, title="Kế hoạch sau khi nâng cấp")
    task = make_task(plan.areas[0], db.session.scalar(select(Unit)))
    assert plan.id > last_id and task.id > last_task_id
