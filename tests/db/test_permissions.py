"""The access policy, walked as a matrix: each role × each action × each kind of object."""
from types import SimpleNamespace

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from app.assessment.models import AREA, CRITERION, IndexCriterion, IndexYear
from app.extensions import db
from app.org.models import APPRAISER
from app.permissions import can, plan_visibility_filter
from app.plans.models import Plan
from app.transactions import transaction
from tests.factories import issue, make_plan, make_task, make_user

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
    ("plan.import", None, _only(*BUILDERS)),
    ("plan_import.edit", "own_import", _only(*BUILDERS)),
    ("plan_import.edit", "other_import", _only()),
    ("plan_import.edit", "created_import", _only()),
    ("checklist.view", "own_unit", _only(*SIGNED_IN)),
    ("checklist.view", "other_unit", _only(*READERS)),
    ("checklist.view_all", None, _only(*READERS)),
    # reporting: Thanh tra (staff, unit head) leads "own" entries; KH-TC-TH leads "foreign" and
    # "coop" ones, with Thanh tra cooperating on "coop"; the supervisor supervises Thanh tra only.
    ("period.view", None, _only(*SIGNED_IN)),
    ("period.manage", None, _only(*BUILDERS)),
    ("entry.view", "own_draft", _only(*SIGNED_IN)),
    ("entry.view", "coop_draft", _only(*SIGNED_IN)),
    ("entry.view", "foreign_draft", _only(*READERS)),
    ("entry.edit", "own_draft", _only("staff", "unit_head")),
    ("entry.edit", "own_returned", _only("staff", "unit_head")),
    ("entry.edit", "own_submitted", _only()),
    ("entry.edit", "own_approved", _only()),
    ("entry.edit", "own_draft_locked", _only()),
    ("entry.edit", "foreign_draft", _only()),
    ("entry.edit", "coop_draft", _only()),
    ("entry.contribute", "coop_draft", _only("staff", "unit_head")),
    ("entry.contribute", "coop_submitted", _only()),
    ("entry.contribute", "own_draft", _only()),
    ("entry.submit", "own_draft", _only("unit_head")),
    ("entry.submit", "own_returned", _only("unit_head")),
    ("entry.submit", "own_submitted", _only()),
    ("entry.submit", "own_draft_locked", _only()),
    ("entry.decide", "own_submitted", _only("supervisor")),
    ("entry.decide", "foreign_submitted", _only()),
    ("entry.decide", "own_draft", _only()),
    ("entry.reopen", "own_approved", _only(*BUILDERS)),
    ("entry.reopen", "own_submitted", _only()),
    ("approval.queue", None, _only("supervisor")),
    ("evidence.add", "own_draft", _only("staff", "unit_head")),
    ("evidence.add", "coop_draft", _only("staff", "unit_head")),
    ("evidence.add", "own_submitted", _only()),
    ("evidence.remove", "own_evidence", _only("staff", "unit_head")),
    ("evidence.remove", "coop_evidence_of_lead", _only()),
    ("evidence.edit", "own_evidence", _only("staff", "unit_head")),
    ("evidence.edit", "coop_evidence_of_lead", _only()),
    ("evidence.edit", "foreign_evidence", _only()),
    ("evidence.download", "own_evidence", _only(*SIGNED_IN)),
    ("evidence.download", "foreign_evidence", _only(*READERS)),
    ("notifications.view", None, _only(*SIGNED_IN)),
    ("reminder.send", None, _only(*BUILDERS)),
    ("user.supervision", None, _only("admin")),
    ("home.dashboard", None, _only("supervisor", "admin")),  # the Office's user is staff too: checklist
    ("home.index", None, _only()),  # only an account that does nothing but appraise: tests below
    ("dashboard.view", None, _only(*SIGNED_IN)),
    ("dashboard.view_all", None, _only(*READERS)),
    ("report.view", None, _only(*READERS)),
    ("report.edit", None, _only(*BUILDERS)),
    # the CCHC index: a unit's users only where their unit has criteria assigned (TTr in "index_year")
    ("index.view", None, _only(*READERS)),  # no unit has criteria in any year
    ("index.view", "index_year", _only(*SIGNED_IN)),
    ("index.view", "index_year_locked", _only(*READERS)),
    ("index.view", "index_criterion_ttr", _only(*SIGNED_IN)),
    ("index.view", "index_criterion_other", _only(*READERS)),
    ("index.view_all", "index_year", _only(*READERS)),
    ("index.manage", None, _only(*BUILDERS)),
    ("index.manage", "index_year", _only(*BUILDERS)),
    ("index.manage", "index_criterion_ttr", _only(*BUILDERS)),
    ("index.manage", "index_year_locked", _only()),
    ("index.manage", "index_criterion_locked", _only()),
    # the rounds: a unit drafts its assigned criteria and the Office self-scores while "self"; the
    # appraisal rounds and the explanation round: tests below (no role here appraises)
    ("index.draft", "index_criterion_ttr", _only("staff", "unit_head")),
    ("index.draft", "index_criterion_other", _only()),
    ("index.draft", "index_criterion_locked", _only()),
    ("index.self_score", "index_criterion_ttr", _only(*BUILDERS)),
    ("index.self_score", "index_criterion_locked", _only()),
    ("index.appraise", "index_criterion_locked", _only()),
    ("index.explain", "index_criterion_ttr", _only()),
    ("index.score", "index_criterion_ttr", _only("staff", "unit_head", *BUILDERS)),
    ("index.score", "index_criterion_other", _only(*BUILDERS)),
    ("index.score", "index_criterion_locked", _only()),
    ("index.link", "index_year", _only(*BUILDERS)),
    ("index.link", "index_criterion_locked", _only()),
    ("index.stage", "index_year", _only(*BUILDERS)),
    ("index.stage", "index_year_locked", _only(*BUILDERS)),
    ("index.export", "index_year", _only(*READERS)),
    ("index.export", "index_year_locked", _only(*READERS)),
    ("index.report_text", "index_year", _only(*BUILDERS)),
    ("index.report_text", "index_year_locked", _only(*BUILDERS)),  # the report is written after the lock
]


def _entry(org, kind):
    """A stand-in entry (the policy reads only these attributes): <own|coop|foreign>_<state>[_locked]."""
    who, state, *locked = kind.split("_")
    lead = org.ttr if who == "own" else org.khtc
    coop = [org.ttr] if who == "coop" else [org.khtc] if who == "own" else []
    period = SimpleNamespace(status="locked" if locked else "open")
    return SimpleNamespace(id=1, unit_id=lead.id, status=state, period=period,
                           task=SimpleNamespace(cooperating_units=coop))

def _user(org, role):
    return AnonymousUserMixin() if role == "anonymous" else getattr(org, USERS[role])


def _index_objects(org):
    """Two index years: 2026 (self-scoring) with criterion 1.1 assigned to Thanh tra Sở and 1.2 to no
    unit; 2025 (locked) with a criterion assigned to KH-TC-TH."""
    if hasattr(org, "index_objects"):
        return org.index_objects
    with transaction():
        year = IndexYear(year=2026)
        locked = IndexYear(year=2025, stage="appraisal1")
        area = IndexCriterion(index_year=year, level=AREA, code="1", max_score=4)
        ttr = IndexCriterion(index_year=year, parent=area, level=CRITERION, code="1.1", max_score=2, unit=org.ttr)
        other = IndexCriterion(index_year=year, parent=area, level=CRITERION, code="1.2", max_score=2)
        old = IndexCriterion(index_year=locked, level=AREA, code="1", max_score=2, unit=org.khtc)
        db.session.add_all([year, locked, area, ttr, other, old])
    org.index_objects = {"index_year": year, "index_year_locked": locked, "index_criterion_ttr": ttr,
                         "index_criterion_other": other, "index_criterion_locked": old}
    return org.index_objects


def _object(org, user, kind):
    if kind and kind.startswith("index_"):
        return _index_objects(org)[kind]
    if kind in ("draft", "issued", "closed"):
        return Plan(kind="annual", title="Kế hoạch", year=2026, status=kind)
    if kind in ("own_import", "other_import", "created_import"):
        from app.plans.importer.models import PlanImport

        owner = getattr(user, "id", None) if kind != "other_import" else org.supervisor.id
        return PlanImport(created_by_id=owner, status="created" if kind == "created_import" else "draft")
    if kind == "own_unit":
        return getattr(user, "unit", None) or org.ttr
    if kind == "other_unit":
        own = getattr(user, "unit", None)
        return org.khtc if own is not org.khtc else org.ttr
    if kind == "own_evidence":
        return SimpleNamespace(entry=_entry(org, "own_draft"), unit_id=org.ttr.id, removed_at=None)
    if kind == "coop_evidence_of_lead":  # on an entry Thanh tra cooperates on, added by the lead unit
        return SimpleNamespace(entry=_entry(org, "coop_draft"), unit_id=org.khtc.id, removed_at=None)
    if kind == "foreign_evidence":
        return SimpleNamespace(entry=_entry(org, "foreign_draft"), unit_id=org.khtc.id, removed_at=None)
    if kind and kind.split("_")[0] in ("own", "coop", "foreign"):
        return _entry(org, kind)
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


def test_a_unit_with_criteria_in_some_year_sees_the_index_and_an_appraiser_sees_all(org):
    assert not can(org.ttr_staff, "index.view")
    with transaction():
        year = IndexYear(year=2024)
        db.session.add(IndexCriterion(index_year=year, level=AREA, code="1", max_score=2, unit=org.ttr))
    appraiser = make_user(org.bgd, [APPRAISER], "thamdinh")
    assert can(org.ttr_staff, "index.view") and can(org.ttr_head, "index.view")
    assert not can(org.khtc_staff, "index.view") and not can(org.khtc_staff, "index.view", year)
    assert can(appraiser, "index.view", year) and can(appraiser, "index.view_all", year)
    assert not can(appraiser, "index.manage", year)
    assert can(appraiser, "index.export", year) and not can(appraiser, "index.report_text", year)
    assert can(appraiser, "home.index") and not can(appraiser, "home.dashboard")


def test_only_appraisers_appraise_and_only_in_the_appraisal_rounds(org):
    from app.org.models import APPRAISER
    from tests.factories import make_user

    objects = _index_objects(org)
    appraiser = make_user(org.bgd, [APPRAISER], "thamdinh")
    round1, self_scoring = objects["index_criterion_locked"], objects["index_criterion_ttr"]
    assert can(appraiser, "index.appraise", round1) and can(appraiser, "index.score", round1)
    assert not can(appraiser, "index.appraise", self_scoring) and not can(appraiser, "index.score", self_scoring)
    assert not any(can(getattr(org, u), "index.appraise", round1) for u in USERS.values())
    with transaction():
        round1.index_year.stage = "explanation"
    assert can(org.office, "index.explain", round1) and not can(appraiser, "index.score", round1)
