"""The access policy, walked as a matrix: each role × each action × each kind of object."""
import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from app.extensions import db
from app.permissions import can, plan_visibility_filter
from app.plans.models import Plan
from tests.factories import issue, make_plan, make_task

ROLES = ("staff", "unit_head", "office", "supervisor", "admin", "anonymous")
# The users of the ``org`` fixture playing each role (staff and unit head work in Thanh tra Sở).
USERS = {"staff": "ttr_staff", "unit_head": "ttr_head", "office": "office", "supervisor": "supervisor",
         "admin": "admin"}


def _only(*roles):
    return {role: role in roles for role in ROLES}


BUILDERS = ("office", "admin")
READERS = ("office", "supervisor", "admin")
SIGNED_IN = ("staff", "unit_head", "office", "supervisor", "admin")

# (action, object, who may)
MATRIX = [
    ("unit.manage", None, _only("admin")),
    ("user.manage", None, _only("admin")),
    ("plan.create", None, _only(*BUILDERS)),
    ("plan.view_drafts", None, _only(*READERS)),
    ("plan.view", "draft", _only(*READERS)),
    ("plan.view", "issued", _only(*SIGNED_IN)),
    ("plan.view", "closed", _only(*SIGNED_IN)),
    ("plan.edit", "draft", _only(*BUILDERS)),
    ("plan.edit", "issued", _only(*BUILDERS)),
    ("plan.edit", "closed", _only()),
    ("plan.issue", "draft", _only(*BUILDERS)),
    ("plan.issue", "issued", _only()),
    ("plan.issue", "closed", _only()),
    ("plan.close", "draft", _only()),
    ("plan.close", "issued", _only(*BUILDERS)),
    ("plan.close", "closed", _only()),
    ("plan.delete", "draft", _only(*BUILDERS)),
    ("plan.delete", "issued", _only()),
    ("plan.delete", "closed", _only()),
    ("checklist.view", "own_unit", _only(*SIGNED_IN)),
    ("checklist.view", "other_unit", _only(*READERS)),
    ("checklist.view_all", None, _only(*READERS)),
]

def _user(org, role):
    return AnonymousUserMixin() if role == "anonymous" else getattr(org, USERS[role])


def _object(org, user, kind):
    if kind in ("draft", "issued", "closed"):
        return Plan(kind="annual", title="Kế hoạch", year=2026, status=kind)
    if kind == "own_unit":
        return getattr(user, "unit", None) or org.ttr
    if kind == "other_unit":
        own = getattr(user, "unit", None)
        return org.khtc if own is not org.khtc else org.ttr
    return None


@pytest.mark.parametrize(("action", "obj", "expected"), MATRIX, ids=[f"{a}-{o or '_'}" for a, o, _ in MATRIX])
def test_policy_matrix(org, action, obj, expected):
    """One row of the matrix: what each role may do (the failure shows the whole row)."""
    answers = {}
    for role in ROLES:
        user = _user(org, role)
        answers[role] = can(user, action, _object(org, user, obj))
    assert answers == expected


def test_the_matrix_covers_every_rule():
    from app.permissions import RULES

    assert {action for action, _, _ in MATRIX} == set(RULES)


def test_the_matrix_users_hold_the_roles_they_play(org):
    for role, attr in USERS.items():
        assert getattr(org, attr).has_role(role), role


def test_unknown_action_is_a_programming_error(org):
    with pytest.raises(KeyError):
        can(org.admin, "plan.explode")


def test_staff_with_several_roles_gets_the_union(org):
    from app.org.models import STAFF, SUPERVISOR
    from tests.factories import make_user

    user = make_user(org.ttr, [STAFF, SUPERVISOR])
    assert can(user, "checklist.view", org.khtc)
    assert not can(user, "plan.create")


def test_checklist_of_another_unit_is_refused_to_its_neighbours(org):
    assert can(org.khtc_staff, "checklist.view", org.khtc)
    assert not can(org.khtc_staff, "checklist.view", org.ttr)
    assert not can(org.ttr_head, "checklist.view", org.khtc)


@pytest.fixture
def three_plans(org):
    draft = make_plan(org.office, title="Kế hoạch dự thảo")
    issued = make_plan(org.office, title="Kế hoạch đã ban hành")
    make_task(issued.areas[0], org.ttr)
    issue(issued, org.office)
    closed = make_plan(org.office, title="Kế hoạch đã kết thúc")
    make_task(closed.areas[0], org.ttr)
    issue(closed, org.office)
    from app.plans.services import close_plan

    close_plan(org.office, closed)
    return {"draft": draft.id, "issued": issued.id, "closed": closed.id}


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("staff", {"issued", "closed"}),
        ("unit_head", {"issued", "closed"}),
        ("office", {"draft", "issued", "closed"}),
        ("supervisor", {"draft", "issued", "closed"}),
        ("admin", {"draft", "issued", "closed"}),
        ("anonymous", set()),
    ],
)
def test_plan_visibility_filter_in_a_query(org, three_plans, role, visible):
    user = _user(org, role)
    ids = set(db.session.scalars(select(Plan.id).where(plan_visibility_filter(user))))
    assert ids == {three_plans[name] for name in visible}
    # the filter and the policy agree plan by plan
    for plan in db.session.scalars(select(Plan)):
        assert can(user, "plan.view", plan) is (plan.id in ids)
