"""The one access policy: ``can(user, action, obj)``.

Routes call ``authorize`` (403 when refused), templates call ``can`` to hide
what a user may not do, and queries use the ``*_filter`` helpers so a list
never shows rows its reader may not open.
"""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import false, true

from .org.models import ADMIN, OFFICE, SUPERVISOR


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def _is(user, *roles) -> bool:
    return bool(user and user.is_authenticated and user.has_role(*roles))


def _plan_builder(user) -> bool:
    return _is(user, OFFICE, ADMIN)


def _reads_everything(user) -> bool:
    return _is(user, OFFICE, ADMIN, SUPERVISOR)


def _view_plan(user, plan) -> bool:
    return _signed_in(user) and (plan.status != "draft" or _reads_everything(user))


def _edit_plan(user, plan) -> bool:
    return _plan_builder(user) and plan.status != "closed"


def _view_checklist(user, unit) -> bool:
    if not (user and user.is_authenticated):
        return False
    return user.unit_id == unit.id or _reads_everything(user)


RULES = {
    # organisation
    "unit.manage": lambda u, o: _is(u, ADMIN),
    "user.manage": lambda u, o: _is(u, ADMIN),
    # plans (obj: Plan)
    "plan.create": lambda u, o: _plan_builder(u),
    "plan.view": _view_plan,
    "plan.edit": _edit_plan,
    "plan.issue": lambda u, p: _plan_builder(u) and p.status == "draft",
    "plan.close": lambda u, p: _plan_builder(u) and p.status == "issued",
    "plan.delete": lambda u, p: _plan_builder(u) and p.status == "draft",
    "plan.view_drafts": lambda u, o: _reads_everything(u),
    # checklists (obj: Unit)
    "checklist.view": _view_checklist,
    "checklist.view_all": lambda u, o: _reads_everything(u),
}


def can(user, action: str, obj=None) -> bool:
    rule = RULES[action]  # an unknown action is a programming error
    return bool(rule(user, obj))


def authorize(action: str, obj=None) -> None:
    if not can(current_user, action, obj):
        abort(403)


def requires(action: str):
    """Route decorator for actions that need no object: login, then the policy."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            authorize(action)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def plan_visibility_filter(user):
    """SQL condition on Plan: the plans ``user`` may read."""
    from .plans.models import DRAFT, Plan

    if not _signed_in(user):
        return false()
    if can(user, "plan.view_drafts"):
        return true()
    return Plan.status != DRAFT
