"""Ids are never reused: SQLite AUTOINCREMENT on every table with an id

Without AUTOINCREMENT, SQLite gives a new row the highest id + 1, so after the
row with the highest id is deleted its id comes back, and the audit log (which
names objects by type and id) would tell the new object's history with the
deleted one's rows. Each table is rebuilt (batch mode, recreate="always") with
AUTOINCREMENT, and its sqlite_sequence starts above every id the audit log
already names, so ids deleted before this migration are not handed out either.

PostgreSQL sequences never hand out an id twice: nothing to do there.

Revision ID: 9321ee0153f9
Revises: d5bc22aa83a8
Create Date: 2026-12-02 13:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9321ee0153f9'
down_revision = 'd5bc22aa83a8'
branch_labels = None
depends_on = None

# Parents before children (the order does not matter with foreign keys off, but reads well).
TABLES = [
    'units', 'users', 'plans', 'areas', 'targets', 'plan_targets', 'tasks', 'task_items', 'plan_imports',
    'reporting_periods', 'progress_entries', 'entry_contributions', 'target_results', 'evidence',
    'notifications', 'audit_log', 'login_attempts',
]
# The ids the audit log names, per table: (object_type, and for plans also plan_id).
AUDITED = {
    'units': ["SELECT max(object_id) FROM audit_log WHERE object_type = 'unit'"],
    'users': ["SELECT max(object_id) FROM audit_log WHERE object_type IN ('user', 'login')",
              "SELECT max(actor_id) FROM audit_log"],
    'plans': ["SELECT max(object_id) FROM audit_log WHERE object_type = 'plan'",
              "SELECT max(plan_id) FROM audit_log"],
    'areas': ["SELECT max(object_id) FROM audit_log WHERE object_type = 'area'"],
    'targets': ["SELECT max(object_id) FROM audit_log WHERE object_type = 'target'"],
    'plan_targets': ["SELECT max(object_id) FROM audit_log WHERE object_type = 'plan_target'"],
    'tasks': ["SELECT max(object_id) FROM audit_log WHERE object_type = 'task'"],
    'reporting_periods': ["SELECT max(object_id) FROM audit_log WHERE object_type = 'period'"],
    'progress_entries': ["SELECT max(object_id) FROM audit_log WHERE object_type = 'entry'"],
}


def _rebuild(autoincrement: bool) -> None:
    bind = op.get_bind()
    # Dropping a table that others refer to must not cascade or fail: foreign keys off while
    # the tables are rebuilt (a no-op inside a transaction, so it is issued before any), then
    # checked and turned back on.
    bind.exec_driver_sql("PRAGMA foreign_keys = OFF")
    try:
        for table in TABLES:
            with op.batch_alter_table(table, recreate='always',
                                      table_kwargs={'sqlite_autoincrement': autoincrement}):
                pass
        problems = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"foreign key check failed after rebuilding tables: {problems[:5]}")
    finally:
        bind.exec_driver_sql("PRAGMA foreign_keys = ON")


def _start_sequences_above_audited_ids() -> None:
    bind = op.get_bind()
    for table, queries in AUDITED.items():
        highest = max([bind.exec_driver_sql(q).scalar() or 0 for q in queries]
                      + [bind.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar() or 0])
        current = bind.exec_driver_sql("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).scalar()
        if current is None:
            bind.exec_driver_sql("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, highest))
        elif current < highest:
            bind.exec_driver_sql("UPDATE sqlite_sequence SET seq = ? WHERE name = ?", (highest, table))


def upgrade():
    if op.get_bind().dialect.name != 'sqlite':
        return
    _rebuild(autoincrement=True)
    _start_sequences_above_audited_ids()


def downgrade():
    if op.get_bind().dialect.name != 'sqlite':
        return
    _rebuild(autoincrement=False)
