"""create_app wires its listeners to the app's own engine and session: nothing on SQLAlchemy's classes."""
import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from app import create_app
from app.dataversion import DataVersion
from app.extensions import db
from app.org.models import Unit
from app.transactions import transaction
from tests.conftest import make_config


@pytest.mark.sqlite_only
def test_an_engine_made_outside_the_app_gets_no_pragmas_and_no_listeners(app, tmp_path):
    outside = create_engine(f"sqlite:///{tmp_path / 'outside.db'}")
    try:
        with outside.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0
        for events in (outside.dispatch.begin, outside.dispatch.commit, outside.dispatch.rollback,
                       outside.dispatch.before_cursor_execute, outside.pool.dispatch.checkin):
            assert len(events) == 0
    finally:
        outside.dispose()
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        # sqlite_writes: the write lock taken at BEGIN, given back at the end of the transaction
        assert len(db.engine.dispatch.begin) == len(db.engine.dispatch.commit) == 1
        assert len(db.engine.pool.dispatch.checkin) == 1


def test_only_the_apps_session_counts_writes_for_the_page_cache(app, tmp_path):
    create_app(make_config(tmp_path, tmp_path / "second.db"))  # a second app attaches nothing twice

    def version():
        return db.session.scalar(select(DataVersion.counter))

    with app.app_context():
        before = version()
        apart = Session(db.engine)  # as separate_transaction()'s, the sign-in bookkeeping
        assert len(apart.dispatch.before_commit) == 0
        apart.add(Unit(name="Phòng A", short_name="PA", kind="phong"))
        apart.commit()
        apart.close()
        assert version() == before
        assert len(db.session().dispatch.before_commit) == 1
        with transaction():
            db.session.add(Unit(name="Phòng B", short_name="PB", kind="phong"))
        assert version() == before + 1
