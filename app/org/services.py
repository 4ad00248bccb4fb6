"""Managing units and users. Plain functions: routes, the CLI and tests call them.

They add and flush; the request (or the CLI's ``transaction()``) commits."""
from sqlalchemy import func, select
from sqlalchemy.orm.attributes import flag_modified

from .. import audit
from ..errors import DomainError, EditConflict
from ..extensions import db
from .models import ADMIN, ROLES, SUPERVISOR, UNIT_KINDS, Unit, User

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128


def _text(value) -> str:
    """A form value as trimmed text; a field the request left out counts as empty."""
    return (value or "").strip()


# -- units -----------------------------------------------------------------------

def _validate_unit(name: str, short_name: str, kind: str, unit_id: int | None) -> None:
    errors = []
    if not name:
        errors.append("Vui lòng nhập tên đơn vị.")
    if not short_name:
        errors.append("Vui lòng nhập tên viết tắt.")
    if kind not in UNIT_KINDS:
        errors.append("Loại đơn vị không hợp lệ.")
    same_name = db.session.scalar(
        select(Unit.id).where(func.lower(Unit.name) == name.lower(), Unit.id != (unit_id or 0))
    )
    if same_name:
        errors.append(f"Đã có đơn vị tên “{name}”.")
    same_short = db.session.scalar(
        select(Unit.id).where(func.lower(Unit.short_name) == short_name.lower(), Unit.id != (unit_id or 0))
    )
    if same_short:
        errors.append(f"Tên viết tắt “{short_name}” đã được dùng cho đơn vị khác.")
    if errors:
        raise DomainError(*errors)


def create_unit(actor, *, name: str, short_name: str, kind: str, active: bool = True) -> Unit:
    name, short_name = _text(name), _text(short_name)
    _validate_unit(name, short_name, kind, None)
    position = (db.session.scalar(select(func.max(Unit.position))) or 0) + 1
    unit = Unit(name=name, short_name=short_name, kind=kind, active=active, position=position)
    db.session.add(unit)
    db.session.flush()
    audit.record(actor, "create", unit, None, unit.audit_snapshot())
    db.session.flush()
    return unit


def update_unit(actor, unit: Unit, *, name: str, short_name: str, kind: str, active: bool,
                expected_version: int | None = None) -> Unit:
    EditConflict.check(unit, expected_version, "Đơn vị này")
    name, short_name = _text(name), _text(short_name)
    _validate_unit(name, short_name, kind, unit.id)
    before = unit.audit_snapshot()
    unit.name, unit.short_name, unit.kind, unit.active = name, short_name, kind, active
    audit.record(actor, "update", unit, before, unit.audit_snapshot())
    db.session.flush()
    return unit


# -- users -----------------------------------------------------------------------

def _validate_password(password: str, username: str, field: str) -> None:
    """The password policy: 8 to 128 characters, and not the user name."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(fields={field: f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự."})
    if len(password) > MAX_PASSWORD_LENGTH:
        raise DomainError(fields={field: f"Mật khẩu tối đa {MAX_PASSWORD_LENGTH} ký tự."})
    if password.strip().lower() == (username or "").strip().lower():
        raise DomainError(fields={field: "Mật khẩu không được trùng với tên đăng nhập."})


def _validate_user(username: str, full_name: str, roles, unit: Unit | None, user_id: int | None) -> None:
    errors = []
    if not username:
        errors.append("Vui lòng nhập tên đăng nhập.")
    if not full_name:
        errors.append("Vui lòng nhập họ và tên.")
    if not roles:
        errors.append("Hãy chọn ít nhất một vai trò.")
    if any(r not in ROLES for r in roles):
        errors.append("Vai trò không hợp lệ.")
    if unit is None:
        errors.append("Hãy chọn đơn vị.")
    taken = db.session.scalar(
        select(User.id).where(func.lower(User.username) == username.lower(), User.id != (user_id or 0))
    )
    if taken:
        errors.append(f"Tên đăng nhập “{username}” đã có người dùng.")
    if errors:
        raise DomainError(*errors)


def create_user(actor, *, username: str, full_name: str, unit: Unit, roles, password: str,
                job_title: str = "", email: str = "", active: bool = True,
                must_change_password: bool = True) -> User:
    username, full_name = _text(username).lower(), _text(full_name)
    roles = list(roles or [])
    _validate_user(username, full_name, roles, unit, None)
    _validate_password(password, username, "password")
    user = User(
        username=username, full_name=full_name, job_title=_text(job_title), email=_text(email),
        unit=unit, active=active, must_change_password=must_change_password,
    )
    user.roles = roles
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "create", user, None, user.audit_snapshot())
    db.session.flush()
    return user


def update_user(actor, user: User, *, username: str, full_name: str, unit: Unit, roles,
                job_title: str = "", email: str = "", active: bool = True,
                expected_version: int | None = None) -> User:
    EditConflict.check(user, expected_version, "Tài khoản này")
    username, full_name = _text(username).lower(), _text(full_name)
    roles = list(roles or [])
    _validate_user(username, full_name, roles, unit, user.id)
    if actor is not None and actor.id == user.id:
        if not active:
            raise DomainError("Bạn không thể tự khóa tài khoản của chính mình.")
        if ADMIN not in roles:
            raise DomainError("Bạn không thể tự bỏ vai trò Quản trị của chính mình.")
    before = user.audit_snapshot()
    was_active = user.active
    user.username, user.full_name = username, full_name
    user.job_title, user.email = _text(job_title), _text(email)
    user.unit, user.active = unit, active
    user.roles = roles
    if was_active and not active:
        user.end_sessions()  # a locked account is signed out everywhere
    audit.record(actor, "update", user, before, user.audit_snapshot())
    db.session.flush()
    return user


def set_supervision(actor, user: User, *, supervises_all: bool, units, expected_version: int | None = None) -> User:
    """Assign the units a supervisor (Lãnh đạo Sở) approves, or all of them (the Director)."""
    EditConflict.check(user, expected_version, "Tài khoản này")
    if SUPERVISOR not in user.roles:
        raise DomainError("Chỉ phân công đơn vị phụ trách cho người có vai trò Lãnh đạo Sở.")
    before = user.audit_snapshot()
    user.supervises_all = bool(supervises_all)
    user.supervised_units = sorted(set(units), key=lambda u: (u.position, u.name))
    flag_modified(user, "supervises_all")  # the version moves even when only the units change
    audit.record(actor, "update", user, before, user.audit_snapshot())
    db.session.flush()
    return user


def reset_password(actor, user: User, new_password: str) -> None:
    """An admin sets a temporary password; the user must change it at next login."""
    _validate_password(new_password, user.username, "new_password")
    user.set_password(new_password)
    user.must_change_password = True
    audit.record(actor, "reset_password", user, {}, {})
    db.session.flush()


def change_own_password(user: User, current_password: str, new_password: str) -> None:
    if not user.check_password(current_password):
        raise DomainError("Mật khẩu hiện tại không đúng.")
    _validate_password(new_password, user.username, "new_password")
    if current_password == new_password:
        raise DomainError("Mật khẩu mới phải khác mật khẩu hiện tại.")
    user.set_password(new_password)
    user.must_change_password = False
    audit.record(user, "change_password", user, {}, {})
    db.session.flush()
