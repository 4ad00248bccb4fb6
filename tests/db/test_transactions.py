"""One transaction per request: the commit point commits a success and rolls back anything else."""
import pytest
from flask import abort
from sqlalchemy import func, select

from app.audit import AuditLog
from app.extensions import db
from app.org.models import Unit
from app.org.services import create_unit
from app.transactions import transaction


def units_named(name):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Unit).where(Unit.name == name))


@pytest.fixture
def routes(app):
    """Routes that call two services and then answer with the given status (or raise)."""

    def two_units(prefix):
        create_unit(None, name=f"{prefix} A", short_name=f"{prefix}A", kind="phong")
        create_unit(None, name=f"{prefix} B", short_name=f"{prefix}B", kind="phong")

    @app.post("/_t/<int:status>")
    def answer(status):
        two_units(f"Đơn vị {status}")
        if status == 403:
            abort(403)
        return "", status

    @app.post("/_t/crash")
    def crash():
        two_units("Đơn vị lỗi")
        raise RuntimeError("boom")

    app.config["WTF_CSRF_ENABLED"] = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app.test_client()


@pytest.mark.parametrize("status", [200, 204, 302])
def test_a_successful_request_commits_everything_it_did(routes, status):
    assert routes.post(f"/_t/{status}").status_code == status
    assert units_named(f"Đơn vị {status} A") == 1 and units_named(f"Đơn vị {status} B") == 1


@pytest.mark.parametrize("status", [403, 422, 409])
def test_a_refused_request_leaves_nothing(routes, status):
    audits = db.session.scalar(select(func.count()).select_from(AuditLog))
    assert routes.post(f"/_t/{status}").status_code == status
    assert units_named(f"Đơn vị {status} A") == 0 and units_named(f"Đơn vị {status} B") == 0
    assert db.session.scalar(select(func.count()).select_from(AuditLog)) == audits  # audit rolled back too


def test_a_crash_after_the_first_service_rolls_back_both(routes):
    assert routes.post("/_t/crash").status_code == 500
    assert units_named("Đơn vị lỗi A") == 0 and units_named("Đơn vị lỗi B") == 0


def test_transaction_commits_the_block_or_nothing(app):
    with transaction():
        create_unit(None, name="Khối một", short_name="K1", kind="phong")
    with pytest.raises(RuntimeError):
        with transaction():
            create_unit(None, name="Khối hai", short_name="K2", kind="phong")
            raise RuntimeError("boom")
    db.session.remove()
    assert units_named("Khối một") == 1 and units_named("Khối hai") == 0


def test_a_separate_transaction_outlives_the_refused_request(app):
    """Refused sign-ins are recorded this way: the request's own work is still rolled back."""
    from app.org.models import LoginAttempt
    from app.transactions import separate_transaction

    @app.post("/_t/separate")
    def separate():
        # As the login route does: before the request's session writes anything (SQLite has one writer).
        with separate_transaction() as session:
            session.add(LoginAttempt(username="ai-do", address="192.0.2.1", outcome="failure"))
        create_unit(None, name="Đơn vị bị hủy", short_name="HUY", kind="phong")
        return "", 429

    app.config["WTF_CSRF_ENABLED"] = False
    assert app.test_client().post("/_t/separate").status_code == 429
    assert units_named("Đơn vị bị hủy") == 0
    assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 1


@pytest.mark.sqlite_only
def test_a_write_request_holds_the_write_lock_from_its_first_read_until_it_ends_a_read_only_one(app):
    """SQLite: a POST's transaction begins IMMEDIATE (its reads see the latest data and no other
    writer slips in before its write); a GET's reads take no lock; ``end_read_only_transaction``
    lets go before slow work."""
    import sqlite3

    from app.transactions import end_read_only_transaction

    def another_writer_can_write() -> bool:
        other = sqlite3.connect(db.engine.url.database, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.rollback()
            return True
        except sqlite3.OperationalError as exc:
            assert "locked" in str(exc)
            return False
        finally:
            other.close()

    seen = {}

    @app.route("/_t/lock", methods=["GET", "POST"])
    def read_then_check():
        db.session.scalar(select(func.count()).select_from(Unit))
        seen["while reading"] = another_writer_can_write()
        end_read_only_transaction()
        seen["after letting go"] = another_writer_can_write()
        return ""

    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    assert client.post("/_t/lock").status_code == 200
    assert seen == {"while reading": False, "after letting go": True}
    assert client.get("/_t/lock").status_code == 200
    assert seen == {"while reading": True, "after letting go": True}


def test_an_update_over_a_change_made_meanwhile_answers_409_in_vietnamese(app):
    """The version column's own check (a change between a request's read and its write, possible
    on PostgreSQL): the request is rolled back and told so, not a 500."""
    unit = create_unit_committed("Đơn vị gốc")

    @app.get("/_t/stale/<int:unit_id>")
    def stale(unit_id):
        mine = db.session.get(Unit, unit_id)
        with db.engine.connect() as other:  # someone else's request commits first
            other.execute(Unit.__table__.update().where(Unit.id == unit_id)
                          .values(name="Đơn vị đổi bởi người khác", version=Unit.version + 1))
            other.commit()
        mine.name = "Đơn vị đổi bởi tôi"
        db.session.flush()
        return ""

    response = app.test_client().get(f"/_t/stale/{unit}")
    assert response.status_code == 409
    assert "vừa được người khác thay đổi cùng lúc" in response.text
    assert units_named("Đơn vị đổi bởi người khác") == 1 and units_named("Đơn vị đổi bởi tôi") == 0


def create_unit_committed(name) -> int:
    with transaction():
        unit = create_unit(None, name=name, short_name="GOC", kind="phong")
    return unit.id
