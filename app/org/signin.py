"""Signing in and out: the password check, throttling of password guessing, and their audit records.

Every attempt is a row in ``login_attempts``. After ``LOGIN_MAX_FAILURES`` wrong
passwords for one user name (counted since its last successful sign-in), or
``LOGIN_MAX_FAILURES_PER_ADDRESS`` from one client address, within
``LOGIN_LOCKOUT_MINUTES``, that name or address is refused for the rest of the
window, before any password is checked: during a lockout even the right
password does not sign in. A name is counted whether or not it matches an
account, and a name that matches none is checked against a dummy hash, so
neither the answers nor their timing tell which user names exist.

``authenticate`` only reads, except on success, where it adds the sign-in to the
request's transaction. A refusal answers with an error status, which the
request's commit point rolls back, so the route writes it with
``record_refusal`` in ``app.transactions.separate_transaction()``.
"""
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from .. import audit
from ..extensions import db
from ..formatting import utcnow, vn_datetime
from .models import LoginAttempt, User, find_user_by_username, verify_dummy_password

SUCCESS, FAILURE, INACTIVE, REFUSED = "success", "failure", "inactive", "refused"
WRONG_PASSWORD = "Tên đăng nhập hoặc mật khẩu không đúng."
INACTIVE_ACCOUNT = "Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị hệ thống."
# Attempts older than this are of no use for throttling (the audit log keeps sign-ins).
KEEP_ATTEMPTS = timedelta(days=1)


@dataclass
class Lockout:
    scope: str  # "account" or "address"
    until: datetime
    failures: int

    def message(self, now: datetime) -> str:
        minutes = max(1, math.ceil((self.until - now).total_seconds() / 60))
        if self.scope == "account":
            return (f"Tài khoản này tạm thời bị khóa đăng nhập do nhập sai mật khẩu nhiều lần. "
                    f"Vui lòng thử lại sau {minutes} phút hoặc liên hệ quản trị hệ thống.")
        return (f"Máy tính này tạm thời không được đăng nhập do nhập sai mật khẩu nhiều lần. "
                f"Vui lòng thử lại sau {minutes} phút.")


@dataclass
class SignIn:
    """What became of one attempt."""

    username: str  # normalised: trimmed, lower-cased
    address: str
    at: datetime
    outcome: str
    account: User | None = None  # the account the name matched
    lockout: Lockout | None = None

    @property
    def user(self) -> User | None:
        """The signed-in user, on success."""
        return self.account if self.outcome == SUCCESS else None

    @property
    def message(self) -> str | None:
        if self.outcome == REFUSED:
            return self.lockout.message(self.at)
        return {FAILURE: WRONG_PASSWORD, INACTIVE: INACTIVE_ACCOUNT}.get(self.outcome)

    @property
    def status(self) -> int:
        """HTTP status of the answer: 429 during a lockout, 422 for a refused password."""
        return {SUCCESS: 302, REFUSED: 429}.get(self.outcome, 422)


def _normalise(username: str) -> str:
    return (username or "").strip().lower()[:80]


def _failures_since(column, value, since: datetime, session, limit: int) -> list[datetime]:
    """Times of the ``limit`` most recent failures with ``column == value`` after ``since``, newest first."""
    return list(session.scalars(
        select(LoginAttempt.at)
        .where(column == value, LoginAttempt.outcome == FAILURE, LoginAttempt.at > since)
        .order_by(LoginAttempt.at.desc())
        .limit(limit)
    ))


def lockout(username: str, address: str, now: datetime | None = None, session=None) -> Lockout | None:
    """The lockout in force for this user name or client address at ``now``, if any."""
    session = session or db.session
    config = current_app.config
    now = now or utcnow()
    window = timedelta(minutes=config["LOGIN_LOCKOUT_MINUTES"])
    name = _normalise(username)
    last_success = session.scalar(
        select(func.max(LoginAttempt.at)).where(LoginAttempt.username == name, LoginAttempt.outcome == SUCCESS)
    )
    since = max(now - window, last_success) if last_success else now - window
    checks = (("account", LoginAttempt.username, name, since, config["LOGIN_MAX_FAILURES"]),
              ("address", LoginAttempt.address, address, now - window, config["LOGIN_MAX_FAILURES_PER_ADDRESS"]))
    for scope, column, value, start, limit in checks:
        failures = _failures_since(column, value, start, session, limit)
        if len(failures) >= limit:
            # Locked until the oldest of the last ``limit`` failures leaves the window.
            return Lockout(scope, failures[-1] + window, limit)
    return None


def authenticate(username: str, password: str, address: str) -> SignIn:
    """Check a sign-in; on success record it in the request's session (flush, no commit)."""
    now = utcnow()
    name = _normalise(username)
    account = find_user_by_username(name)
    attempt = SignIn(name, address, now, FAILURE, account)
    attempt.lockout = lockout(name, address, now)
    if attempt.lockout is not None:
        attempt.outcome = REFUSED
        return attempt
    if account is None:
        verify_dummy_password(password or "")
        return attempt
    if not account.check_password(password or ""):
        return attempt
    if not account.active:
        attempt.outcome = INACTIVE
        return attempt
    attempt.outcome = SUCCESS
    account.last_login_at = now
    db.session.add(LoginAttempt(at=now, username=name, address=address, outcome=SUCCESS))
    audit.record_sign_in(db.session, "login", account, name, address)
    db.session.flush()
    return attempt


def record_refusal(session, attempt: SignIn) -> None:
    """Record a refused attempt in ``session`` (a separate transaction); audit it, and the lockout it starts."""
    session.add(LoginAttempt(at=attempt.at, username=attempt.username, address=attempt.address,
                             outcome=attempt.outcome))
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < attempt.at - KEEP_ATTEMPTS))
    if attempt.outcome == REFUSED:
        return  # the lockout was audited when it started
    account = session.get(User, attempt.account.id) if attempt.account is not None else None
    reason = "Tài khoản đã bị khóa" if attempt.outcome == INACTIVE else "Sai tên đăng nhập hoặc mật khẩu"
    audit.record_sign_in(session, "login_failed", account, attempt.username, attempt.address, reason=reason)
    session.flush()
    started = lockout(attempt.username, attempt.address, attempt.at, session) if attempt.outcome == FAILURE else None
    if started is not None:
        audit.record_sign_in(session, "login_locked", account, attempt.username, attempt.address,
                             reason="Tài khoản" if started.scope == "account" else "Địa chỉ máy",
                             failures=str(started.failures), until=vn_datetime(started.until))


def sign_out(user: User, address: str) -> None:
    """End every session of ``user`` (their cookies carry the login token) and audit it."""
    user.end_sessions()
    audit.record_sign_in(db.session, "logout", user, user.username, address)
    db.session.flush()
