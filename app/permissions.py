"""The one access policy: ``can(user, action, obj)``.

Routes call ``authorize`` (403 when refused), templates call ``can`` to hide
what a user may not do, and queries use the ``*_filter`` helpers so a list
never shows rows its reader may not open.

It decides about the domains' own objects (users, plans, entries), so it imports their models:
the one shared module that does, besides maintenance (evidence files) and the wiring.
"""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import false, true

from .assessment.models import APPRAISAL1, APPRAISAL2, EXPLANATION, SELF, IndexCriterion, IndexYear
from .assessment.queries import evidence_in_index, unit_has_criteria, year_has_unit
from .org.models import ADMIN, APPRAISER, OFFICE, STAFF, SUPERVISOR, UNIT_HEAD
from .plans.models import DRAFT, Plan
from .progress.models import ProgressEntry


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


def _edit_import(user, record) -> bool:
    """An import's preview is its importer's work in progress, until the plan is created."""
    return _plan_builder(user) and record.status == "draft" and record.created_by_id == user.id


def _view_checklist(user, unit) -> bool:
    if not (user and user.is_authenticated):
        return False
    return user.unit_id == unit.id or _reads_everything(user)


# -- progress entries (obj: ProgressEntry; a new one may be unsaved) --------------------

def _period_open(entry) -> bool:
    return entry.period is not None and entry.period.status == "open"


def _unit_editable(entry) -> bool:
    return entry.status in ("draft", "returned") and _period_open(entry)


def _cooperates_on(user, entry) -> bool:
    task = entry.task
    return task is not None and any(u.id == user.unit_id for u in task.cooperating_units)


def _in_unit(user, entry) -> bool:
    return _signed_in(user) and user.unit_id == entry.unit_id


def _reports(user) -> bool:
    """Writes its unit's entries: staff (chuyên viên) or the unit head. An account that is only the
    admin, the Office or a supervisor reads its unit's entries but does not write them."""
    return _is(user, STAFF, UNIT_HEAD)


def _supervises(user, unit_id) -> bool:
    if not _is(user, SUPERVISOR):
        return False
    return user.supervises_all or any(u.id == unit_id for u in user.supervised_units)


def _view_entry(user, entry) -> bool:
    return _signed_in(user) and (_in_unit(user, entry) or _cooperates_on(user, entry) or _reads_everything(user))


def _edit_entry(user, entry) -> bool:
    return _in_unit(user, entry) and _reports(user) and _unit_editable(entry)


def _contribute(user, entry) -> bool:
    return _reports(user) and _cooperates_on(user, entry) and _unit_editable(entry)


def _submit_entry(user, entry) -> bool:
    """The unit head sends an entry (a new one too: "Gửi duyệt" saves what the form holds, then sends it)."""
    return _in_unit(user, entry) and _is(user, UNIT_HEAD) and _unit_editable(entry)


def _decide_entry(user, entry) -> bool:
    return entry.status == "submitted" and _supervises(user, entry.unit_id)


def _remove_evidence(user, evidence) -> bool:
    entry = evidence.entry
    return (evidence.removed_at is None and user is not None and _signed_in(user)
            and evidence.unit_id == user.unit_id and (_edit_entry(user, entry) or _contribute(user, entry)))


# -- the CCHC index self-assessment (obj: IndexYear, IndexCriterion or None) -------------------

def _reads_index(user) -> bool:
    """Reads every year's whole framework and scores: the Office, the administrator, the leadership
    and the appraisal team."""
    return _is(user, OFFICE, ADMIN, SUPERVISOR, APPRAISER)


def _criterion_of_unit(criterion, unit_id) -> bool:
    """``criterion`` or one of its ancestors is assigned to ``unit_id``."""
    node = criterion
    while node is not None:
        if node.unit_id == unit_id:
            return True
        node = node.parent
    return False


def _view_index(user, obj) -> bool:
    """All of it for its readers; a unit's staff and head only where their unit has criteria assigned
    (that year; that criterion), and then only those."""
    if _reads_index(user):
        return True
    if not (_reports(user) and user.unit_id is not None):
        return False
    if isinstance(obj, IndexYear):
        return year_has_unit(obj.id, user.unit_id)
    if isinstance(obj, IndexCriterion):
        return _criterion_of_unit(obj, user.unit_id)
    return unit_has_criteria(user.unit_id)


def _manage_index(user, obj) -> bool:
    """The Office builds the frameworks; a year's framework changes only until it is locked."""
    if not _plan_builder(user):
        return False
    if isinstance(obj, IndexCriterion):
        obj = obj.index_year
    return not isinstance(obj, IndexYear) or obj.framework_editable


def _year_of(obj):
    return obj.index_year if isinstance(obj, IndexCriterion) else obj


def _in_stage(obj, *stages) -> bool:
    year = _year_of(obj)
    return isinstance(year, IndexYear) and year.stage in stages


def _draft_index(user, criterion) -> bool:
    """A unit's staff and head propose scores for the criteria assigned to their unit, while self-scoring."""
    return (isinstance(criterion, IndexCriterion) and _in_stage(criterion, SELF) and _reports(user)
            and user.unit_id is not None and _criterion_of_unit(criterion, user.unit_id))


def _office_in(user, obj, stage) -> bool:
    return _plan_builder(user) and _in_stage(obj, stage)


def _appraise_index(user, obj) -> bool:
    return _is(user, APPRAISER) and _in_stage(obj, APPRAISAL1, APPRAISAL2)


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
    # importing a plan from its document (obj: PlanImport)
    "plan.import": lambda u, o: _plan_builder(u),
    "plan_import.edit": _edit_import,
    # checklists (obj: Unit)
    "checklist.view": _view_checklist,
    "checklist.view_all": lambda u, o: _reads_everything(u),
    # reporting periods (obj: ReportingPeriod or None)
    "period.view": lambda u, o: _signed_in(u),
    "period.manage": lambda u, o: _plan_builder(u),
    # progress entries (obj: ProgressEntry)
    "entry.view": _view_entry,
    "entry.edit": _edit_entry,  # the lead unit, while draft or returned in an open period
    "entry.contribute": _contribute,  # a cooperating unit adds its part inside the lead's entry
    "entry.submit": _submit_entry,  # the unit head
    "entry.decide": _decide_entry,  # approve or return: a supervisor of the entry's unit
    "entry.reopen": lambda u, e: _plan_builder(u) and e.status == "approved",
    "approval.queue": lambda u, o: _is(u, SUPERVISOR),
    # evidence (obj: ProgressEntry for adding, Evidence for removing)
    "evidence.add": lambda u, e: _edit_entry(u, e) or _contribute(u, e),
    "evidence.remove": _remove_evidence,
    "evidence.edit": _remove_evidence,  # confirm or correct the citation: whoever may remove it
    # the appraisal team reads the documents confirmed as a criterion's evidence (as in the evidence pack)
    "evidence.download": lambda u, ev: _view_entry(u, ev.entry) or (_is(u, APPRAISER) and evidence_in_index(ev.id)),
    # notifications and reminders
    "notifications.view": lambda u, o: _signed_in(u),
    "reminder.send": lambda u, o: _plan_builder(u),
    # the home page: the dashboard for those who read every unit and report for none (the
    # leadership, the administrator); everyone else starts at their unit's checklist
    "home.dashboard": lambda u, o: _reads_everything(u) and not _reports(u),
    # an account that only appraises the CCHC index (the Sở Nội vụ's team) starts at the index
    "home.index": lambda u, o: _is(u, APPRAISER) and not _reads_everything(u) and not _reports(u),
    # the compiled status (dashboard): everyone signed in sees it for their scope
    "dashboard.view": lambda u, o: _signed_in(u),
    "dashboard.view_all": lambda u, o: _reads_everything(u),
    # the periodic report (obj: ReportingPeriod, ReportDraft, ReportTemplate or None): the Office
    # compiles and edits it; the leadership reads it; units report through their entries instead
    "report.view": lambda u, o: _reads_everything(u),
    "report.edit": lambda u, o: _plan_builder(u),
    # supervision assignments (obj: User)
    "user.supervision": lambda u, o: _is(u, ADMIN),
    # the CCHC index (obj: IndexYear, IndexCriterion or None): frameworks as data
    "index.view": _view_index,
    "index.view_all": lambda u, o: _reads_index(u),  # the whole framework, not only a unit's criteria
    "index.manage": _manage_index,  # the years and their frameworks: the Office, until the year is locked
    # the self-assessment's rounds (obj: IndexCriterion; each only in its stage, see assessment/rounds.py)
    "index.draft": _draft_index,  # a unit proposes scores for its assigned criteria
    "index.self_score": lambda u, o: _office_in(u, o, SELF),  # the Office decides the self-score
    "index.appraise": _appraise_index,  # appraisal rounds 1 and 2: only users given the appraiser role
    "index.explain": lambda u, o: _office_in(u, o, EXPLANATION),  # the Office answers round 1
    "index.score": lambda u, o: any(RULES[a](u, o) for a in (
        "index.draft", "index.self_score", "index.appraise", "index.explain")),  # the round one may write now
    "index.link": lambda u, o: _office_in(u, o, SELF),  # confirm or set aside evidence (obj: criterion or year)
    "index.stage": lambda u, o: _plan_builder(u),  # lock a stage ("chốt") or reopen the one before (obj: year)
    # its exports (obj: IndexYear): the report and the evidence pack for its readers; the report's own text
    # (difficulties, proposals) written by the Office
    "index.export": lambda u, o: _reads_index(u),
    "index.report_text": lambda u, o: _plan_builder(u),
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
    if not _signed_in(user):
        return false()
    if can(user, "plan.view_drafts"):
        return true()
    return Plan.status != DRAFT


def entry_decide_filter(user):
    """SQL condition on ProgressEntry: the entries ``user`` may approve or return if submitted
    (the same rule as "entry.decide", for lists)."""
    if not _is(user, SUPERVISOR):
        return false()
    if user.supervises_all:
        return true()
    return ProgressEntry.unit_id.in_([u.id for u in user.supervised_units] or [-1])
