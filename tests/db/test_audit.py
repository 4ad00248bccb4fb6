"""The audit log: every change of units, users, plans, areas, targets and tasks is kept."""
from datetime import date

import pytest
from sqlalchemy import func, select

from app import audit
from app.audit import AuditLog
from app.extensions import db
from app.org import services as org_services
from app.org.models import ADMIN, OFFICE, STAFF, Unit
from app.plans import services as s
from app.plans.services import PlanData, TargetData, TaskData
from tests.factories import PASSWORD, issue, make_plan, make_target, make_task

D = date(2026, 6, 30)


def audit_count():
    return db.session.scalar(select(func.count(AuditLog.id)))


def records_for(object_type, object_id):
    return list(db.session.scalars(
        select(AuditLog).where(AuditLog.object_type == object_type, AuditLog.object_id == object_id)
        .order_by(AuditLog.id)
    ))


# -- record() ---------------------------------------------------------------------

def test_update_keeps_only_the_changed_fields(org):
    unit = org.khtc
    entry = audit.record(org.admin, "update", unit,
                         {"name": "Phòng A", "short_name": "PA", "kind": "Phòng chuyên môn"},
                         {"name": "Phòng B", "short_name": "PA", "kind": "Phòng chuyên môn", "active": "Có"})
    db.session.commit()
    entry = db.session.get(AuditLog, entry.id)
    assert entry.before == {"name": "Phòng A"}
    assert entry.after == {"name": "Phòng B", "active": "Có"}
    assert entry.changes(Unit.AUDIT_FIELDS) == [("Tên đơn vị", "Phòng A", "Phòng B"),
                                                ("Đang hoạt động", "", "Có")]


def test_update_that_changes_nothing_is_not_recorded(org):
    before = audit_count()
    snapshot = org.khtc.audit_snapshot()
    assert audit.record(org.admin, "update", org.khtc, snapshot, dict(snapshot)) is None
    db.session.commit()
    assert audit_count() == before


def test_saving_a_unit_unchanged_records_nothing(org):
    before = audit_count()
    org_services.update_unit(org.admin, org.khtc, name=org.khtc.name, short_name=org.khtc.short_name,
                             kind=org.khtc.kind, active=True)
    assert audit_count() == before


def test_other_actions_keep_their_full_snapshots(org):
    snapshot = org.khtc.audit_snapshot()
    entry = audit.record(org.admin, "archive", org.khtc, snapshot, dict(snapshot, active="Không"))
    assert entry.before == snapshot
    assert entry.after == dict(snapshot, active="Không")


def test_record_keeps_who_did_it_and_what_it_was(org):
    entry = audit.record(org.admin, "create", org.khtc, None, org.khtc.audit_snapshot())
    db.session.commit()
    entry = db.session.get(AuditLog, entry.id)
    assert (entry.actor_id, entry.actor_name) == (org.admin.id, org.admin.full_name)
    assert (entry.object_type, entry.object_id) == ("unit", org.khtc.id)
    assert entry.object_label == "Phòng Kế hoạch - Tài chính - Tổng hợp"
    assert entry.plan_id is None
    assert entry.at is not None
    assert (entry.action_label, entry.object_type_label) == ("Tạo mới", "Đơn vị")


def test_actor_name_is_stored_not_looked_up(org):
    # Users are never deleted, but they are renamed: the history keeps the name at the time.
    entry = audit.record(org.office, "update", org.khtc, {"name": "A"}, {"name": "B"})
    db.session.commit()
    old_name = org.office.full_name
    org_services.update_user(org.admin, org.office, username=org.office.username, full_name="Tên đã đổi",
                             unit=org.office.unit, roles=[OFFICE, STAFF])
    db.session.expire_all()
    entry = db.session.get(AuditLog, entry.id)
    assert entry.actor_name == old_name
    assert entry.actor.full_name == "Tên đã đổi"


def test_system_changes_have_no_actor(app):
    unit = org_services.create_unit(None, name="Văn phòng Sở", short_name="VP", kind="van_phong")
    (entry,) = records_for("unit", unit.id)
    assert (entry.actor_id, entry.actor_name) == (None, "Hệ thống")


def test_record_flushes_a_new_object_to_get_its_id(org):
    unit = Unit(name="Phòng mới", short_name="PM", kind="phong")
    db.session.add(unit)
    entry = audit.record(org.admin, "create", unit, None, unit.audit_snapshot())
    assert unit.id is not None and entry.object_id == unit.id


def test_plan_pieces_carry_their_plan_id(org):
    plan = make_plan(org.office)
    area = plan.areas[0]
    target = make_target(area, actor=org.office)
    task = make_task(area, org.ttr, actor=org.office, deadline=D)
    for object_type, obj in (("plan", plan), ("area", area), ("target", target), ("task", task)):
        (entry,) = records_for(object_type, obj.id)
        assert entry.plan_id == plan.id, object_type


def test_plan_history_is_the_whole_plan_newest_first(org):
    plan = make_plan(org.office, areas=(1, 2))
    other = make_plan(org.office, title="Kế hoạch khác")
    area = plan.areas[1]
    target = make_target(area, actor=org.office)
    task = make_task(area, org.ttr, actor=org.office, deadline=D)
    make_task(other.areas[0], org.ttr, actor=org.office, deadline=D)
    s.update_task(org.office, task, TaskData(title="Tên mới", lead_unit_id=org.ttr.id, code=task.code,
                                             deadline=D))
    target_id = target.id
    s.delete_target(org.office, target)
    issue(plan, org.office)

    history = audit.plan_history(plan, limit=100)
    assert [(e.object_type, e.action) for e in history] == [
        ("plan", "issue"),
        ("target", "delete"),
        ("task", "update"),
        ("task", "create"),
        ("target", "create"),
        ("area", "create"),
        ("area", "create"),
        ("plan", "create"),
    ]
    assert all(e.plan_id == plan.id for e in history)
    assert [e.at for e in history] == sorted((e.at for e in history), reverse=True)
    assert history[1].object_id == target_id  # the deleted target is still in the history
    # paging
    assert audit.plan_history(plan, limit=3) == history[:3]
    assert audit.plan_history(plan, limit=3, offset=3) == history[3:6]
    assert audit.plan_history(plan, limit=100, offset=8) == []


def test_history_of_one_object_is_newest_first(org):
    unit = org.khtc
    for n in (1, 2, 3):
        org_services.update_unit(org.admin, unit, name=f"Phòng {n}", short_name=unit.short_name, kind=unit.kind,
                                 active=True)
    entries = audit.history(unit)
    assert [e.action for e in entries] == ["update", "update", "update", "create"]
    assert [e.after.get("name") for e in entries[:3]] == ["Phòng 3", "Phòng 2", "Phòng 1"]
    assert audit.history(unit, limit=1) == entries[:1]


def test_labels_for_each_object_type():
    assert audit.labels_for("task")["lead_unit"] == "Đơn vị chủ trì"
    assert audit.labels_for("user")["roles"] == "Vai trò"
    assert audit.labels_for("nothing") == {}


# -- every service writes its record ---------------------------------------------------

@pytest.fixture
def world(org):
    plan = make_plan(org.office, areas=(1, 2))
    area = plan.areas[0]
    target = make_target(area, actor=org.office)
    make_target(area, text="Chỉ tiêu thứ hai", actor=org.office)
    task = make_task(area, org.ttr, actor=org.office, deadline=D)
    make_task(area, org.ttr, actor=org.office, deadline=D)

    class World:
        pass

    World.plan, World.area, World.target, World.task = plan, area, target, task
    return World


def _update_unit(o, w):
    u = o.khtc
    org_services.update_unit(o.admin, u, name="Phòng Kế hoạch - Tài chính", short_name=u.short_name, kind=u.kind,
                             active=True)
    return u


def _create_user(o, w):
    return org_services.create_user(o.admin, username="nguoimoi", full_name="Người Mới", unit=o.ttr,
                                    roles=[STAFF], password="matkhau-moi-1")


def _update_user(o, w):
    u = o.ttr_staff
    org_services.update_user(o.admin, u, username=u.username, full_name=u.full_name, unit=o.khtc, roles=[STAFF])
    return u


def _change_password(o, w):
    org_services.change_own_password(o.ttr_staff, PASSWORD, "mat-khau-moi-9")
    return o.ttr_staff


def _plan_data(**kw):
    return PlanData(**{"kind": "annual", "title": "Kế hoạch CCHC năm 2026", "year": 2026, **kw})


def _close(o, w):
    issue(w.plan, o.office)
    s.close_plan(o.office, w.plan)
    return w.plan


def _delete_plan(o, w):
    plan = make_plan(None, title="Dự thảo sẽ xóa")
    s.delete_plan(o.office, plan)
    return plan


def _delete(fn, attr):
    def run(o, w):
        obj = getattr(w, attr)
        fn(o.office, obj)
        return obj
    return run


def _restore(o, w):
    s.archive_task(None, w.task)
    s.restore_task(o.office, w.task)
    return w.task


SERVICE_CALLS = {
    # name: (object type, action, call returning the object, actor attribute)
    "create_unit": ("unit", "create", lambda o, w: org_services.create_unit(
        o.admin, name="Phòng Quản lý công nghiệp", short_name="QLCN", kind="phong"), "admin"),
    "update_unit": ("unit", "update", _update_unit, "admin"),
    "create_user": ("user", "create", _create_user, "admin"),
    "update_user": ("user", "update", _update_user, "admin"),
    "reset_password": ("user", "reset_password",
                       lambda o, w: (org_services.reset_password(o.admin, o.ttr_staff, "tam-thoi-123"), o.ttr_staff)[1],
                       "admin"),
    "change_password": ("user", "change_password", _change_password, "ttr_staff"),
    "create_plan": ("plan", "create", lambda o, w: s.create_plan(o.office, _plan_data(title="Kế hoạch mới")), "office"),
    "update_plan": ("plan", "update",
                    lambda o, w: s.update_plan(o.office, w.plan, _plan_data(title="Tên mới")), "office"),
    "issue_plan": ("plan", "issue", lambda o, w: issue(w.plan, o.office), "office"),
    "close_plan": ("plan", "close", _close, "office"),
    "delete_plan": ("plan", "delete", _delete_plan, "office"),
    "add_area": ("area", "create", lambda o, w: s.add_area(o.office, w.plan, "Thông tin, tuyên truyền"), "office"),
    "update_area": ("area", "update", lambda o, w: s.update_area(o.office, w.area, "Thể chế", o.ttr.id), "office"),
    "move_area": ("area", "move", lambda o, w: (s.move_area(o.office, w.area, "down"), w.area)[1], "office"),
    "delete_area": ("area", "delete", _delete(s.delete_area, "area"), "office"),
    "add_target": ("target", "create", lambda o, w: s.add_target(o.office, w.area, TargetData(text="Chỉ tiêu mới")),
                   "office"),
    "update_target": ("target", "update", lambda o, w: s.update_target(
        o.office, w.target, TargetData(text="Đổi nội dung", metric_kind="percent", comparator=">=",
                                       target_value=100)), "office"),
    "move_target": ("target", "move", lambda o, w: (s.move_target(o.office, w.target, "down"), w.target)[1],
                    "office"),
    "delete_target": ("target", "delete", _delete(s.delete_target, "target"), "office"),
    "add_task": ("task", "create", lambda o, w: s.add_task(
        o.office, w.area, TaskData(title="Nhiệm vụ mới", lead_unit_id=o.khtc.id, recurring=True)), "office"),
    "update_task": ("task", "update", lambda o, w: s.update_task(
        o.office, w.task, TaskData(title="Đổi tên", lead_unit_id=o.ttr.id, code=w.task.code, deadline=D)),
        "office"),
    "move_task": ("task", "move", lambda o, w: (s.move_task(o.office, w.task, "down"), w.task)[1], "office"),
    "delete_task": ("task", "delete", _delete(s.delete_task, "task"), "office"),
    "archive_task": ("task", "archive", lambda o, w: (s.archive_task(o.office, w.task), w.task)[1], "office"),
    "restore_task": ("task", "restore", _restore, "office"),
}


@pytest.mark.parametrize("name", list(SERVICE_CALLS), ids=list(SERVICE_CALLS))
def test_every_change_writes_its_audit_record(org, world, name):
    object_type, action, call, actor_attr = SERVICE_CALLS[name]
    actor = getattr(org, actor_attr)
    before = audit_count()
    obj = call(org, world)
    object_id = obj.id
    db.session.expire_all()
    entry = db.session.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert audit_count() > before
    assert (entry.object_type, entry.object_id, entry.action) == (object_type, object_id, action)
    assert (entry.actor_id, entry.actor_name) == (actor.id, actor.full_name)
    if object_type in ("area", "target", "task"):
        assert entry.plan_id == world.plan.id
    if action == "create":
        assert entry.before is None and entry.after
    elif action == "delete":
        assert entry.after is None and entry.before
    elif action == "update":
        assert entry.before.keys() == entry.after.keys() and entry.changes()
        assert all(entry.before[k] != entry.after[k] for k in entry.before)


def test_deleting_an_area_records_its_tasks_and_targets_too(org, world):
    task_ids = [t.id for t in world.area.tasks]
    target_ids = [t.id for t in world.area.targets]
    s.delete_area(org.office, world.area)
    for task_id in task_ids:
        assert records_for("task", task_id)[-1].action == "delete"
    for target_id in target_ids:
        assert records_for("target", target_id)[-1].action == "delete"


def test_a_refused_change_leaves_no_record(org, world):
    from app.errors import DomainError

    before = audit_count()
    with pytest.raises(DomainError):
        org_services.create_unit(org.admin, name="Thanh tra Sở", short_name="TTr2", kind="thanh_tra")
    with pytest.raises(DomainError):
        s.add_task(org.office, world.area, TaskData(title="", lead_unit_id=None))
    db.session.rollback()
    assert audit_count() == before


def test_user_snapshot_is_readable_text(org):
    user = org_services.create_user(org.admin, username="hai", full_name="Trần Văn Hai", unit=org.ttr,
                                    roles=[STAFF, ADMIN], password="matkhau-moi-1", email="hai@example.vn")
    (entry,) = records_for("user", user.id)
    assert entry.after == {
        "username": "hai", "full_name": "Trần Văn Hai", "job_title": "", "email": "hai@example.vn",
        "unit": "Thanh tra Sở", "roles": "Chuyên viên, Quản trị", "active": "Có",
    }
    assert "password" not in str(entry.after) and PASSWORD not in str(entry.after)
