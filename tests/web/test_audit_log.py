"""The audit log: every change is recorded, and no record can be changed afterwards.

- Every state-changing route, performed by a user it lets through, writes an audit record: the access
  matrix checks it on each success (``tests/web/test_access_matrix.py::test_access``, "no audit record"),
  except the routes of ``NOT_AUDITED`` (``tests/web/routes.py``), which change nothing of record; here,
  that list names only routes of the URL map that someone may perform (the registry's ``by``, which the
  matrix checks).
- The app has no route that edits or deletes audit records (the matrix checks, after each of its
  requests, that every record there before is still there, unchanged), and the database itself
  refuses it: triggers (migration e7dc53ed1a14) abort any UPDATE or DELETE on audit_log, on SQLite
  and on PostgreSQL alike, while adding records goes on as before.
"""
import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import DatabaseError

from app.audit import AuditLog
from app.extensions import db
from app.transactions import transaction
from tests.factories import make_unit
from tests.web.routes import NOT_AUDITED, ROUTES, url_map_routes


def test_every_route_left_unaudited_exists_and_changes_something():
    for route, reason in NOT_AUDITED.items():
        assert route in url_map_routes() and not route.endswith(" GET"), route
        assert ROUTES[route].by, route
        assert len(reason) > 20, route


def test_every_other_write_is_checked_for_its_audit_record():
    audited = [r for r in ROUTES if not r.endswith(" GET") and r not in NOT_AUDITED and ROUTES[r].by]
    assert len(audited) >= 50 and "auth.logout POST" in audited and "progress.decide POST" in audited


def _a_record():
    unit = make_unit("Phòng Ghi nhật ký", "PGNK")
    return db.session.scalar(select(AuditLog).where(AuditLog.object_type == "unit", AuditLog.object_id == unit.id))


def _refused(statement):
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction():
            db.session.execute(statement)


def test_the_database_refuses_to_change_an_audit_record(app):
    record = _a_record()
    label = record.object_label
    _refused(update(AuditLog).where(AuditLog.id == record.id).values(object_label="Đã sửa"))
    _refused(update(AuditLog).values(actor_name="Ai đó"))
    db.session.expire_all()
    assert db.session.get(AuditLog, record.id).object_label == label


def test_the_database_refuses_to_delete_an_audit_record(app):
    record = _a_record()
    count = db.session.scalar(select(func.count(AuditLog.id)))
    _refused(delete(AuditLog).where(AuditLog.id == record.id))
    _refused(delete(AuditLog))
    assert db.session.scalar(select(func.count(AuditLog.id))) == count


def test_records_are_still_added(app):
    from app.org.services import update_unit

    unit = make_unit("Phòng Thêm bản ghi", "PTBG")
    with transaction():
        update_unit(None, unit, name="Phòng Đổi tên", short_name="PTBG", kind=unit.kind, active=True)
    actions = db.session.scalars(select(AuditLog.action).where(
        AuditLog.object_type == "unit", AuditLog.object_id == unit.id).order_by(AuditLog.id)).all()
    assert actions == ["create", "update"]
