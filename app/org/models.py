"""Units (phòng, đơn vị) and the people who work in them."""
import secrets
from datetime import datetime

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, func, select
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..formatting import utcnow

UNIT_KINDS = {
    "van_phong": "Văn phòng",
    "thanh_tra": "Thanh tra",
    "phong": "Phòng chuyên môn",
    "su_nghiep": "Đơn vị sự nghiệp",
    "lanh_dao": "Ban Giám đốc",
}

# Role codes (English, in code) and what the UI calls them (PRODUCT.md, Roles).
STAFF = "staff"
UNIT_HEAD = "unit_head"
OFFICE = "office"
SUPERVISOR = "supervisor"
ADMIN = "admin"
APPRAISER = "appraiser"
ROLES = {
    STAFF: "Chuyên viên",
    UNIT_HEAD: "Lãnh đạo phòng",
    OFFICE: "Văn phòng / thư ký CCHC",
    SUPERVISOR: "Lãnh đạo Sở",
    ADMIN: "Quản trị",
    APPRAISER: "Thẩm định Chỉ số CCHC",
}


class Unit(db.Model):
    __tablename__ = "units"
    __table_args__ = {"sqlite_autoincrement": True}  # an id is never reused (see app/audit.py)
    audit_type = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(50), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    users: Mapped[list["User"]] = relationship(back_populates="unit")

    @property
    def kind_label(self) -> str:
        return UNIT_KINDS.get(self.kind, self.kind)

    def __str__(self) -> str:
        return self.name

    AUDIT_FIELDS = {"name": "Tên đơn vị", "short_name": "Tên viết tắt", "kind": "Loại", "active": "Đang hoạt động",
                    "aliases": "Tên gọi khác trong văn bản"}

    def audit_snapshot(self) -> dict:
        return {
            "name": self.name,
            "short_name": self.short_name,
            "kind": self.kind_label,
            "active": "Có" if self.active else "Không",
        }


class UserRole(db.Model):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


def _new_login_token() -> str:
    return secrets.token_hex(16)


def _hash_method() -> str:
    return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if has_app_context() else "scrypt"


_dummy_hashes: dict[str, str] = {}


def verify_dummy_password(password: str) -> bool:
    """Check ``password`` against a hash no one has: as slow as a real check, always False.

    A name that matches no account then costs the same time as a wrong password for a
    real one, so the response time does not tell which user names exist."""
    method = _hash_method()
    if method not in _dummy_hashes:
        _dummy_hashes[method] = generate_password_hash(secrets.token_hex(16), method=method)
    check_password_hash(_dummy_hashes[method], password)
    return False


class UnitAlias(db.Model):
    """Another name a unit goes by in the documents the Office imports ("Phòng QLNL" for Phòng Quản lý
    năng lượng, "Lãnh đạo Sở Công Thương"), mapped once in an import's preview and matched in every later
    import (app/plans/importer/units.py). ``key`` is the name folded (no diacritics, no punctuation)."""

    __tablename__ = "unit_aliases"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped["Unit"] = relationship()


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = {"sqlite_autoincrement": True}
    audit_type = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # Part of the session id: changing it (password reset, lock) ends every open session.
    login_token: Mapped[str] = mapped_column(String(32), unique=True, default=_new_login_token)
    last_login_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A supervisor (Lãnh đạo Sở) approves the entries of the units assigned to them;
    # the Director supervises every unit.
    supervises_all: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    supervised_units: Mapped[list[Unit]] = relationship(secondary="supervised_units", lazy="selectin",
                                                        order_by="Unit.position")

    unit: Mapped[Unit] = relationship(back_populates="users", lazy="joined")
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    # -- roles ---------------------------------------------------------------
    @property
    def roles(self) -> set[str]:
        return {r.role for r in self.role_rows}

    @roles.setter
    def roles(self, codes) -> None:
        wanted = set(codes)
        self.role_rows = [r for r in self.role_rows if r.role in wanted] + [
            UserRole(role=code) for code in sorted(wanted - self.roles)
        ]

    def has_role(self, *codes: str) -> bool:
        return bool(self.roles.intersection(codes))

    @property
    def role_labels(self) -> list[str]:
        return [label for code, label in ROLES.items() if code in self.roles]

    # -- authentication --------------------------------------------------------
    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=_hash_method())
        self.end_sessions()

    def end_sessions(self) -> None:
        """Make every session and remember-me cookie of this user useless: both carry the login token."""
        self.login_token = _new_login_token()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return self.login_token

    @property
    def is_active(self) -> bool:
        return self.active

    def __str__(self) -> str:
        return self.full_name

    AUDIT_FIELDS = {
        "username": "Tên đăng nhập",
        "full_name": "Họ và tên",
        "job_title": "Chức vụ",
        "email": "Thư điện tử",
        "unit": "Đơn vị",
        "roles": "Vai trò",
        "active": "Đang hoạt động",
        "supervision": "Phụ trách đơn vị",
    }

    @property
    def supervision_label(self) -> str:
        """What a supervisor (Lãnh đạo Sở) approves: every unit, or the units assigned."""
        if self.supervises_all:
            return "Tất cả các đơn vị (Giám đốc Sở)"
        return ", ".join(u.name for u in self.supervised_units)

    def audit_snapshot(self) -> dict:
        return {
            "username": self.username,
            "full_name": self.full_name,
            "job_title": self.job_title,
            "email": self.email,
            "unit": self.unit.name if self.unit else "",
            "roles": ", ".join(self.role_labels),
            "active": "Có" if self.active else "Không",
            # only for supervisors who have units assigned, so other users' history is unchanged
            **({"supervision": self.supervision_label} if self.supervision_label else {}),
        }


def find_user_by_username(username: str) -> User | None:
    name = (username or "").strip().lower()
    if not name:
        return None
    return db.session.scalar(select(User).where(func.lower(User.username) == name))


class LoginAttempt(db.Model):
    """One try at signing in, kept a short while to throttle password guessing (app.org.signin).

    In the database, not in memory, so every worker and server counts the same attempts."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        db.Index("ix_login_attempts_username_at", "username", "at"),
        db.Index("ix_login_attempts_address_at", "address", "at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    username: Mapped[str] = mapped_column(String(80))  # as typed, trimmed and lower-cased
    address: Mapped[str] = mapped_column(String(64))  # the client's IP address
    outcome: Mapped[str] = mapped_column(String(10))  # success, failure, inactive, refused (while locked)
