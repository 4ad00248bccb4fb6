"""Reads of the reports that the pages, the dashboard, the exports and the CLI share: what a
user's dashboard covers, the plans a report can cover, the outline and the draft, the typed-in
figures, and a period's figures with what the report reads of each task loaded up front.

The figures themselves are counted in ``stats.py``; the sentences in ``wording.py``.
"""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..audit import AuditLog
from ..formatting import to_local
from ..org.models import SUPERVISOR, Unit, User, UserRole
from ..permissions import can
from ..plans.models import CLOSED, ISSUED, Area, Plan, Task, task_cooperating_units
from ..search import fold
from ..progress.models import PERIOD_KINDS, EntryContribution, Evidence, ProgressEntry, ReportingPeriod
from .phrases import Wording, parse_stored
from .models import DEFAULT_OUTLINE, UNNUMBERED_KINDS, ReportDraft, ReportFigures, ReportTemplate, roman
from ..progress.period_rules import Frame, plans_in_force
from .stats import PeriodStats, Scope, digest, period_stats

KIND_ORDER = list(PERIOD_KINDS)


# -- what a dashboard covers ------------------------------------------------------------------

@dataclass
class UserScope:
    """What a user's dashboard covers: everything, some areas (a focal unit's), or one unit's tasks."""

    label: str
    area_names: frozenset[str] | None = None
    unit_id: int | None = None

    @property
    def stats(self) -> Scope:
        return Scope(None, self.area_names, self.unit_id)


def scope_of(user) -> UserScope:
    if can(user, "dashboard.view_all"):
        return UserScope("Toàn Sở")
    focal = frozenset(db.session.scalars(select(Area.name).where(Area.focal_unit_id == user.unit_id)))
    if focal:
        return UserScope(f"Các nội dung {user.unit.name} làm đầu mối", area_names=focal)
    return UserScope(user.unit.name, unit_id=user.unit_id)


def comparison(period: ReportingPeriod, scope: UserScope) -> list[tuple[ReportingPeriod, PeriodStats]]:
    """The periods of the same year, in the regime's order, with their figures (Quý I → 6 tháng → …)."""
    same_year = db.session.scalars(select(ReportingPeriod).where(ReportingPeriod.year == period.year,
                                                                 ReportingPeriod.kind != "adhoc"))
    ordered = sorted(same_year, key=lambda p: (p.window_end, KIND_ORDER.index(p.kind)))
    return [(p, period_stats(p, area_names=scope.area_names, unit_id=scope.unit_id)) for p in ordered]


# -- the plans a report covers ------------------------------------------------------------------

def reported_plans() -> list[Plan]:
    """Every plan a report can be about (issued, or since closed), the latest first."""
    return list(db.session.scalars(select(Plan).where(Plan.status.in_((ISSUED, CLOSED))).order_by(Plan.id.desc())))


def plans_of_period(period: ReportingPeriod) -> list[Plan]:
    """The plans the period covers (period_rules, rule 1): a report can be about one of them."""
    return plans_in_force(Frame.of(period))


# -- the outline --------------------------------------------------------------------------------

@dataclass
class OutlineSection:
    key: str
    title: str
    kind: str


def stored_template(plan_id: int | None) -> ReportTemplate | None:
    """The plan's own stored template (``None``: the department's default one), if there is one."""
    query = select(ReportTemplate).options(selectinload(ReportTemplate.sections))
    return db.session.scalar(query.where(
        ReportTemplate.plan_id.is_(None) if plan_id is None else ReportTemplate.plan_id == plan_id))


def template_for(plan_id: int | None) -> ReportTemplate | None:
    """The stored template of the plan, else the department's default one (None: DEFAULT_OUTLINE)."""
    if plan_id is not None:
        own = stored_template(plan_id)
        if own is not None:
            return own
    return stored_template(None)


def outline_for(plan_id: int | None) -> list[OutlineSection]:
    template = template_for(plan_id)
    if template is None:
        return [OutlineSection(key, title, kind) for key, title, kind in DEFAULT_OUTLINE]
    return [OutlineSection(s.key, s.title, s.kind) for s in template.sections]


def wording_for(plan_id: int | None) -> Wording:
    """The phrases the plan's report is written in (its outline's, else the default wording)."""
    template = template_for(plan_id)
    return Wording(parse_stored(template.phrases) if template is not None else None)


def numbered_outline(plan_id: int | None) -> list[tuple[OutlineSection, str]]:
    """The outline with each section's number ("I", "II"…; "" for the opening and the annex)."""
    numbered, n = [], 0
    for item in outline_for(plan_id):
        number = ""
        if item.kind not in UNNUMBERED_KINDS:
            n += 1
            number = roman(n)
        numbered.append((item, number))
    return numbered


# -- the drafts and the typed-in figures --------------------------------------------------------

def find_draft(period_id: int, plan_id: int | None) -> ReportDraft | None:
    query = select(ReportDraft).options(selectinload(ReportDraft.sections)).where(ReportDraft.period_id == period_id)
    query = query.where(ReportDraft.plan_id.is_(None) if plan_id is None else ReportDraft.plan_id == plan_id)
    return db.session.scalar(query)


def drafts_by_period() -> dict[tuple[int, int | None], ReportDraft]:
    """Every stored draft, by (period, plan) (the reports' index)."""
    return {(d.period_id, d.plan_id): d for d in db.session.scalars(select(ReportDraft))}


def last_decision_at(period: ReportingPeriod) -> datetime | None:
    """When an entry of the period was last approved or returned (a draft generated before is stale)."""
    return db.session.scalar(select(func.max(ProgressEntry.decided_at)).where(ProgressEntry.period_id == period.id))


def signers() -> list:
    """Who may sign a report: the active users with the leadership role, the Director first."""
    return list(db.session.scalars(
        select(User).join(UserRole).where(UserRole.role == SUPERVISOR, User.active.is_(True))
        .order_by(User.supervises_all.desc(), User.full_name, User.id)))


def year_signer(year: int) -> tuple[User, ReportingPeriod] | None:
    """Who signs the department's reports of ``year``, and on which period's draft the Office chose them:
    the signer of the department-wide draft of the year's latest period that names one, still an active
    leader. None when no draft names one (the configuration's signer then). The index self-assessment
    report of the year is signed by them (app/assessment/report.py)."""
    row = db.session.execute(
        select(User, ReportingPeriod).join(ReportDraft, ReportDraft.signer_id == User.id)
        .join(ReportingPeriod, ReportingPeriod.id == ReportDraft.period_id)
        .where(ReportingPeriod.year == year, ReportDraft.plan_id.is_(None), User.active.is_(True),
               User.id.in_(select(UserRole.user_id).where(UserRole.role == SUPERVISOR)))
        .order_by(ReportingPeriod.window_end.desc(), ReportingPeriod.id.desc()).limit(1)).first()
    return (row[0], row[1]) if row is not None else None


def figures_of(period: ReportingPeriod) -> ReportFigures | None:
    return db.session.scalar(select(ReportFigures).where(ReportFigures.period_id == period.id))


# -- the figures, loaded for the report -----------------------------------------------------------

def _fill(entries: dict, attribute: str, ids: list[int], query, key) -> None:
    """Set ``attribute`` (a collection) of the entries ``ids`` from one query, as loaded."""
    if not ids:
        return
    found: dict[int, list] = {entry_id: [] for entry_id in ids}
    for item in db.session.scalars(query.where(key.in_(ids))):
        found[getattr(item, key.key)].append(item)
    for entry_id, items in found.items():
        set_committed_value(entries[entry_id], attribute, items)


def load_stats(period: ReportingPeriod, plan_id: int | None = None) -> PeriodStats:
    """The period's figures, with what the report reads of each task and result loaded up front
    (plans, cooperating units, evidence, contributions): four more queries whatever the size."""
    stats = period_stats(period, plan_id=plan_id)
    entries = {row.entry.id: row.entry for row in stats.rows if row.entry is not None}
    if entries:
        # this period's entries come with their evidence; results carried from earlier periods do not
        bare = [entry_id for entry_id, entry in entries.items() if "evidence" in inspect(entry).unloaded]
        _fill(entries, "evidence", bare, select(Evidence).order_by(Evidence.id), Evidence.entry_id)
        _fill(entries, "contributions", list(entries), select(EntryContribution).options(
            joinedload(EntryContribution.unit)).order_by(EntryContribution.id), EntryContribution.entry_id)
    tasks = {row.task.id: row.task for row in stats.rows}
    if tasks:
        plans = {plan.id: plan for plan in db.session.scalars(
            select(Plan).where(Plan.id.in_({task.plan_id for task in tasks.values()})))}
        units: dict[int, list] = {task_id: [] for task_id in tasks}
        for task_id, unit in db.session.execute(
                select(task_cooperating_units.c.task_id, Unit).join(Unit, Unit.id == task_cooperating_units.c.unit_id)
                .where(task_cooperating_units.c.task_id.in_(tasks)).order_by(Unit.position, Unit.id)):
            units[task_id].append(unit)
        for task_id, task in tasks.items():
            set_committed_value(task, "cooperating_units", units[task_id])
            set_committed_value(task, "plan", plans[task.plan_id])
    return stats


@dataclass
class Reporting:
    """How the units reported in the period (for section I and III): who sent everything on time,
    late, or not yet (period_rules' report states, the entries' sending times against the due
    date), the year's periods run so far, the reminders sent and the entries returned."""

    on_time: list
    late: list
    missing: list
    periods: list
    reminded: int
    returned: int


def reporting_of(stats: PeriodStats) -> Reporting:
    period = stats.period
    last_sent = dict(db.session.execute(
        select(Task.lead_unit_id, func.max(ProgressEntry.submitted_at))
        .join(Task, Task.id == ProgressEntry.task_id)
        .where(ProgressEntry.period_id == period.id).group_by(Task.lead_unit_id)).all())
    on_time, late, missing = [], [], []
    for progress in stats.units:
        if progress.to_report == 0:
            continue
        if progress.pending or progress.not_reported:
            missing.append(progress.unit)
        elif period.due_on is not None and last_sent.get(progress.unit.id) is not None \
                and to_local(last_sent[progress.unit.id]).date() > period.due_on:
            late.append(progress.unit)
        else:
            on_time.append(progress.unit)
    periods = [p for p in db.session.scalars(
        select(ReportingPeriod)
        .where(ReportingPeriod.year == period.year, ReportingPeriod.window_end <= period.window_end)
        .order_by(ReportingPeriod.window_end, ReportingPeriod.id))]
    reminders = db.session.scalars(select(AuditLog.after).where(
        AuditLog.action == "remind", AuditLog.object_type == ReportingPeriod.audit_type,
        AuditLog.object_id.in_([p.id for p in periods] or [period.id])))
    reminded = sum(len([u for u in str((after or {}).get("reminded", "")).split("; ") if u]) for after in reminders)
    returned = db.session.scalar(select(func.count(ProgressEntry.id)).where(
        ProgressEntry.period_id == period.id, ProgressEntry.return_reason != "")) or 0
    return Reporting(on_time, late, missing, periods, reminded, returned)


def own_unit_names() -> list[str]:
    """The department's own units, folded (names and short names): proposals addressed to them are
    internal asks, kept out of the outgoing report."""
    names = []
    for name, short in db.session.execute(select(Unit.name, Unit.short_name)):
        names += [fold(name), fold(short)]
    return [n for n in names if n]


def remarks_of(stats: PeriodStats, column) -> list:
    """Every difficulty or proposal of the period's approved entries, by area, attributed (the
    dashboard's digest stops at a few hundred; the report takes them all)."""
    return digest(stats.period, stats.scope, column, limit=None)
