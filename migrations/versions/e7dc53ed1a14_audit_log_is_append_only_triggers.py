"""The audit log is append-only: triggers refuse UPDATE and DELETE on audit_log

The app only ever adds audit records (app/audit.py); nothing updates or deletes
one (users, whom records name as actors, are never deleted: they are
deactivated). The database now refuses it too, whoever asks: a bug, a script,
someone with the database open. On SQLite, BEFORE UPDATE / BEFORE DELETE
triggers that RAISE(ABORT); on PostgreSQL, a trigger function that raises, run
BEFORE UPDATE OR DELETE FOR EACH ROW.

A later migration that rebuilds audit_log in SQLite's batch mode (copy, drop,
rename) drops these triggers with the old table: it must create them again.

Revision ID: e7dc53ed1a14
Revises: 4bc6707154b3
Create Date: 2026-12-02 16:45:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e7dc53ed1a14'
down_revision = '4bc6707154b3'
branch_labels = None
depends_on = None

MESSAGE = "audit_log is append-only: its records cannot be changed or deleted"


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{MESSAGE}';
            END $$""")
        op.execute("CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
                   "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()")
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                       f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    else:
        for event in ("update", "delete"):
            op.execute(f"DROP TRIGGER audit_log_no_{event}")
