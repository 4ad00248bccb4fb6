"""The audit log: who changed what, when, and what it was before.

Every service that changes units, users, plans, areas, targets or tasks calls
``record`` before it commits, so the change and its record land together.
Values are stored as the text a person reads (unit names, dd/mm/yyyy), so the
history stays readable after the objects it names are gone.

A record is about one object; it may name one more that the change concerns (``record(..., about=task)``:
an index criterion's record of the task tagged with it), whose own history then shows it too.

Signing in and out is recorded too (``record_sign_in``): object type ``login``,
the account as object (none when the name typed matches no account).
"""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, and_, or_, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db
from .formatting import utcnow

ACTIONS = {
    "create": "Tạo mới",
    "update": "Sửa",
    "delete": "Xóa",
    "move": "Đổi thứ tự",
    "issue": "Ban hành",
    "close": "Kết thúc",
    "archive": "Lưu trữ",
    "restore": "Khôi phục",
    "reset_password": "Đặt lại mật khẩu",
    "change_password": "Đổi mật khẩu",
    "open": "Mở kỳ báo cáo",
    "lock": "Khóa",
    "reopen": "Mở lại",
    "save": "Lưu",
    "contribute": "Đơn vị phối hợp báo cáo",
    "submit": "Gửi duyệt",
    "approve": "Duyệt",
    "return": "Trả lại",
    "add_evidence": "Thêm tài liệu kiểm chứng",
    "remove_evidence": "Gỡ tài liệu kiểm chứng",
    "remind": "Gửi nhắc việc",
    "login": "Đăng nhập",
    "logout": "Đăng xuất",
    "login_failed": "Đăng nhập không thành công",
    "login_locked": "Tạm khóa đăng nhập",
    "generate": "Tạo dự thảo",
    "discard_edit": "Bỏ phần sửa tay",
    "accept": "Chấp nhận",
    "advance": "Chốt, chuyển giai đoạn",
    "link": "Gắn tài liệu kiểm chứng",
    "unlink": "Bỏ tài liệu kiểm chứng",
}
OBJECT_TYPES = {
    "unit": "Đơn vị",
    "user": "Người dùng",
    "plan": "Kế hoạch",
    "area": "Nội dung",
    "target": "Chỉ tiêu",
    "plan_target": "Mục tiêu chung",
    "task": "Nhiệm vụ",
    "period": "Kỳ báo cáo",
    "entry": "Báo cáo nhiệm vụ",
    "login": "Đăng nhập",
    "report_template": "Đề cương báo cáo",
    "report_draft": "Dự thảo báo cáo",
    "report_figures": "Số liệu báo cáo",
    "index_year": "Bộ chỉ số CCHC",
    "index_criterion": "Tiêu chí Chỉ số CCHC",
    "index_score": "Điểm Chỉ số CCHC",
}
# The keys of ``after`` that name the other object a record concerns (see ``record``): its reference
# ("task:12", which ``history`` looks for) and what a person reads ("Nhiệm vụ 1.2 Rà soát …"); never shown
# as changes.
ABOUT, ABOUT_LABEL = "_about", "_about_label"
# What a sign-in record keeps (in ``after``).
LOGIN_FIELDS = {
    "username": "Tên đăng nhập",
    "address": "Địa chỉ máy",
    "reason": "Lý do",
    "failures": "Số lần sai",
    "until": "Khóa đến",
}


class AuditLog(db.Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(30))
    object_type: Mapped[str] = mapped_column(String(30))
    object_id: Mapped[int | None]  # None: a sign-in with a name that matches no account
    object_label: Mapped[str] = mapped_column(String(500), default="")
    # The plan an area, target or task belongs to, so a plan shows its whole history.
    plan_id: Mapped[int | None] = mapped_column(index=True)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)

    __table_args__ = (db.Index("ix_audit_log_object", "object_type", "object_id"), {"sqlite_autoincrement": True})

    actor = relationship("User")

    def page_cache_units(self) -> set[int]:
        """None of its own (app/pagecache.py): a record is written in the transaction of the change it
        records, which that change's rows count."""
        return set()

    def page_cache_scopes(self, added_or_removed: bool) -> tuple[str, ...]:
        return ()  # as above: the change it records says where it is seen

    @property
    def action_label(self) -> str:
        return ACTIONS.get(self.action, self.action)

    @property
    def object_type_label(self) -> str:
        return OBJECT_TYPES.get(self.object_type, self.object_type)

    @property
    def about_label(self) -> str:
        """The other object the change concerns, as a person reads it ("Nhiệm vụ 1.2 …"), or ""."""
        return (self.after or {}).get(ABOUT_LABEL, "")

    def changes(self, labels: dict | None = None) -> list[tuple[str, str, str]]:
        """(field label, before, after) for each field that differs."""
        return field_changes(self.before, self.after, labels)


def field_changes(before: dict | None, after: dict | None, labels: dict | None = None,
                  skip: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    """(field label, before, after) for each field of two snapshots that differs (``skip``: fields left out)."""
    before, after, labels = before or {}, after or {}, labels or {}
    keys = [k for k in dict.fromkeys([*before.keys(), *after.keys()]) if k not in (*skip, ABOUT, ABOUT_LABEL)]
    return [(labels.get(k, k), before.get(k, ""), after.get(k, "")) for k in keys if before.get(k, "") != after.get(k, "")]


def _plan_id_of(obj) -> int | None:
    if obj.audit_type == "plan":
        return obj.id
    return getattr(obj, "plan_id", None) or getattr(getattr(obj, "area", None), "plan_id", None)


def _ref(obj) -> str:
    return f"{obj.audit_type}:{obj.id}"


def record(actor, action: str, obj, before: dict | None = None, after: dict | None = None,
           about=None) -> AuditLog | None:
    """Add an audit record for ``obj`` to the session (the caller commits).

    For an update, only changed fields are kept; nothing is recorded when no
    field changed. ``about``: another object of a plan that the change concerns (a task tagged with an
    index criterion, the record being the criterion's): kept in ``after`` (``ABOUT``) with its plan, so
    ``history(about)`` and the plan's history show the record too.
    """
    if before is not None and after is not None:
        changed = {k for k in {*before, *after} if before.get(k) != after.get(k)}
        if not changed and action == "update":
            return None
        if action == "update":
            before = {k: v for k, v in before.items() if k in changed}
            after = {k: v for k, v in after.items() if k in changed}
    if obj.id is None or (about is not None and about.id is None):
        db.session.flush()
    if about is not None:
        after = {**(after or {}), ABOUT: _ref(about),
                 ABOUT_LABEL: f"{OBJECT_TYPES.get(about.audit_type, '')} {about}".strip()[:500]}
    entry = AuditLog(
        actor_id=actor.id if actor is not None else None,
        actor_name=actor.full_name if actor is not None else "Hệ thống",
        action=action,
        object_type=obj.audit_type,
        object_id=obj.id,
        object_label=str(obj)[:500],
        plan_id=_plan_id_of(obj) or (_plan_id_of(about) if about is not None else None),
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry


def record_sign_in(session, action: str, account, username: str, address: str, **details) -> AuditLog:
    """Add a sign-in record (``login``, ``logout``, ``login_failed``, ``login_locked``) to ``session``.

    ``account`` is the user the name matched, or None; it is the actor only of its own
    sign-in and sign-out, never of a failed attempt (whoever typed the name is unknown).
    """
    acting = account if action in ("login", "logout") else None
    entry = AuditLog(
        actor_id=acting.id if acting is not None else None,
        actor_name=acting.full_name if acting is not None else "Không xác định",
        action=action,
        object_type="login",
        object_id=account.id if account is not None else None,
        object_label=(username or "")[:500],
        after={"username": (username or "")[:200], "address": address, **details},
    )
    session.add(entry)
    return entry


def labels_for(object_type: str) -> dict:
    """The field labels of ``object_type``'s records: each audited model says its own ``audit_type``
    and ``AUDIT_FIELDS``, found among the mapped models (audit imports no domain)."""
    if object_type == "login":
        return LOGIN_FIELDS
    for mapper in db.Model.registry.mappers:
        if getattr(mapper.class_, "audit_type", None) == object_type:
            return mapper.class_.AUDIT_FIELDS
    return {}


def history(obj, limit: int = 200) -> list[AuditLog]:
    """The records of ``obj``, and those of other objects about it (``record(..., about=obj)``, found among
    its plan's records), newest first.

    Ids are never reused (AUTOINCREMENT on SQLite, sequences on PostgreSQL), and besides
    no record older than the object itself is shown: a deleted object's records, should
    its id ever come back (a database restored or copied by hand), stay with it."""
    wanted = and_(AuditLog.object_type == obj.audit_type, AuditLog.object_id == obj.id)
    plan_id = _plan_id_of(obj)
    if plan_id is not None:
        wanted = or_(wanted, and_(AuditLog.plan_id == plan_id, AuditLog.object_type != obj.audit_type,
                            AuditLog.after[ABOUT].as_string() == _ref(obj)))
    query = select(AuditLog).where(wanted)
    return list(db.session.scalars(_since_created(query, obj).order_by(AuditLog.at.desc(), AuditLog.id.desc())
                                   .limit(limit)))


def plan_history(plan, limit: int, offset: int = 0) -> list[AuditLog]:
    """The records of ``plan`` and of its areas, targets and tasks, newest first (see ``history``)."""
    query = select(AuditLog).where(AuditLog.plan_id == plan.id)
    return list(db.session.scalars(_since_created(query, plan).order_by(AuditLog.at.desc(), AuditLog.id.desc())
                                   .limit(limit).offset(offset)))


def _since_created(query, obj):
    created_at = getattr(obj, "created_at", None)
    return query.where(AuditLog.at >= created_at) if created_at is not None else query
