"""The database schema: migrations match the models; SQLite is set up for safe concurrent use."""
from alembic.autogenerate import compare_metadata
import pytest
from alembic.migration import MigrationContext
from sqlalchemy import text

from app.config import normalize_database_url
from app.extensions import db


def test_migrations_match_the_models(app):
    """Fails when a model changed without a migration (or the reverse)."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "render_as_batch": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_are_at_head(app):
    from alembic.script import ScriptDirectory
    from flask_migrate import Migrate

    config = app.extensions["migrate"].migrate.get_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    assert current == head
    assert isinstance(app.extensions["migrate"].migrate, Migrate)


@pytest.mark.sqlite_only
def test_sqlite_connection_has_wal_foreign_keys_busy_timeout_and_mmap(app):
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA mmap_size")).scalar() == app.config["SQLITE_MMAP_MB"] * 1048576 > 0
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == app.config["SQLITE_BUSY_TIMEOUT_MS"]
        expected = {"OFF": 0, "NORMAL": 1, "FULL": 2}[app.config["SQLITE_SYNCHRONOUS"]]
        assert connection.execute(text("PRAGMA synchronous")).scalar() == expected


@pytest.mark.sqlite_only
def test_durable_app_runs_with_the_production_pragmas(durable_app):
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


@pytest.mark.sqlite_only
def test_production_default_is_synchronous_full(tmp_path):
    from app import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/prod.db"})
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        db.engine.dispose()


def test_foreign_keys_are_enforced(app):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        db.session.execute(text(
            "INSERT INTO users (username, full_name, job_title, email, password_hash, unit_id, active, "
            "must_change_password, login_token, created_at, version) "
            "VALUES ('x', 'X', '', '', 'h', 9999, TRUE, FALSE, 'tok', '2026-01-01', 1)"
        ))
        db.session.flush()
    db.session.rollback()


def test_database_url_selects_postgresql_with_psycopg():
    assert normalize_database_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalize_database_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalize_database_url("sqlite:////x/app.db") == "sqlite:////x/app.db"


def test_database_url_env_is_used(monkeypatch, tmp_path):
    import importlib

    import app.config as config_module

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/other.db")
    reloaded = importlib.reload(config_module)
    try:
        assert reloaded.Config.SQLALCHEMY_DATABASE_URI == f"sqlite:///{tmp_path}/other.db"
    finally:
        monkeypatch.delenv("DATABASE_URL")
        importlib.reload(config_module)


def test_default_database_is_sqlite_in_instance_folder(tmp_path, monkeypatch):
    from app import create_app

    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": None})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///" + app.instance_path + "/app.db"
