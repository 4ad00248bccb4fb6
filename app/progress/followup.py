"""Follow-up of a reporting period (theo dõi, đôn đốc): where each unit stands.

Reads shared by the Office's follow-up page, the reminders it sends, the
due-soon notices and the e-mail digest of ``flask remind``.

Which tasks a period expects, and where each lead unit's report on them stands
(rule 6: chưa báo cáo, đang soạn, chờ duyệt, bị trả lại, đã duyệt, không báo
cáo, or done in an earlier period), are decided in period_rules.py; here they
are counted per unit.
"""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..org.models import SUPERVISOR, Unit, User, UserRole
from ..plans.models import Plan, Task, task_cooperating_units
from .models import (
    PERIOD_OPEN,
    RETURNED,
    ProgressEntry,
    ReportingPeriod,
    supervised_units,
)
from .queries import current_period, open_periods
from .period_rules import CARRIED, Frame, ReportCounts, task_expected, task_facts

# How a unit stands in a period (the follow-up page's "Tình trạng").
NOT_STARTED, NOT_SUBMITTED, HAS_RETURNED, COMPLETE = "not_started", "not_submitted", "returned", "complete"
STANDING_LABELS = {
    NOT_STARTED: "Chưa bắt đầu",
    NOT_SUBMITTED: "Chưa gửi đủ",
    HAS_RETURNED: "Có báo cáo bị trả lại",
    COMPLETE: "Đã gửi đủ",
}


@dataclass
class UnitFollowUp(ReportCounts):
    """Where one lead unit's reports stand in a period, with who a reminder reaches."""

    unit: Unit | None = None
    users: list[User] = field(default_factory=list)  # the unit's active users (who a reminder reaches)

    @property
    def standings(self) -> list[str]:
        """Every standing that applies (a unit can be both "chưa gửi đủ" and "có trả lại")."""
        found = []
        if self.to_report and self.not_started == self.to_report:
            found.append(NOT_STARTED)
        elif self.not_started + self.drafts:
            found.append(NOT_SUBMITTED)
        if self.returned:
            found.append(HAS_RETURNED)
        return found or [COMPLETE]

    @property
    def standing_labels(self) -> list[str]:
        return [STANDING_LABELS[s] for s in self.standings]


def report_counts(frame: Frame, scope=None) -> dict[int, ReportCounts]:
    """Per lead unit with tasks in the frame (and ``scope``), where its reports stand: one query."""
    facts = task_facts(frame, scope)
    query = facts.query.with_only_columns(Task.lead_unit_id, facts.state, func.count(Task.id)).group_by(
        Task.lead_unit_id, facts.state)
    counts: dict[int, ReportCounts] = {}
    for unit_id, state, n in db.session.execute(query):
        counts.setdefault(unit_id, ReportCounts()).add(state, n)
    return counts


def period_follow_up(period: ReportingPeriod, unit_ids=None) -> list[UnitFollowUp]:
    """Per lead unit with tasks in the period, where its reports stand (three queries whatever the size)."""
    counts = report_counts(Frame.of(period))
    if unit_ids is not None:
        wanted = set(unit_ids)
        counts = {unit_id: c for unit_id, c in counts.items() if unit_id in wanted}
    if not counts:
        return []
    units = db.session.scalars(select(Unit).where(Unit.id.in_(counts)).order_by(Unit.position, Unit.name)).all()
    users = _active_users_by_unit(counts)
    return [UnitFollowUp(**vars(counts[unit.id]), unit=unit, users=users.get(unit.id, [])) for unit in units]


def _active_users_by_unit(unit_ids) -> dict[int, list[User]]:
    found: dict[int, list[User]] = {}
    for user in db.session.scalars(select(User).where(User.unit_id.in_(list(unit_ids)), User.active.is_(True))
                                   .order_by(User.full_name)):
        found.setdefault(user.unit_id, []).append(user)
    return found


def summary(rows: list[UnitFollowUp]) -> dict:
    """The line above the table, and the units in each standing."""
    by_standing = {key: [r.unit for r in rows if key in r.standings] for key in STANDING_LABELS}
    return {
        "units": len(rows),
        "complete": len(by_standing[COMPLETE]),
        "lagging": sum(1 for r in rows if r.lagging),
        "by_standing": by_standing,
        "tasks": sum(r.tasks for r in rows),
        "pending": sum(r.pending for r in rows),
    }


def open_periods_due_between(first: date, last: date) -> list[ReportingPeriod]:
    """Open periods whose due date for units falls in [first, last]."""
    return list(db.session.scalars(
        select(ReportingPeriod).where(ReportingPeriod.status == PERIOD_OPEN, ReportingPeriod.due_on >= first,
                                      ReportingPeriod.due_on <= last)
        .order_by(ReportingPeriod.due_on, ReportingPeriod.id)
    ))


def units_with_tasks(period: ReportingPeriod) -> list[int]:
    """Ids of the units leading or cooperating on a task ``period`` expects a report on (not done
    in an earlier period)."""
    facts = task_facts(Frame.of(period))
    tasks = facts.query.with_only_columns(Task.id, Task.lead_unit_id).where(facts.state != CARRIED).subquery()
    lead = select(tasks.c.lead_unit_id)
    coop = select(task_cooperating_units.c.unit_id).where(task_cooperating_units.c.task_id.in_(select(tasks.c.id)))
    return list(db.session.scalars(select(Unit.id).where(Unit.id.in_(lead.union(coop))).order_by(Unit.id)))


def active_users_of_units(unit_ids) -> list[User]:
    unit_ids = list(unit_ids)
    if not unit_ids:
        return []
    return list(db.session.scalars(
        select(User).where(User.unit_id.in_(unit_ids), User.active.is_(True)).order_by(User.id)))


def supervisors_by_unit(unit_ids) -> dict[int, list[User]]:
    """For each unit, the active supervisors (Lãnh đạo Sở) who approve its entries: the Director
    (``supervises_all``) and those the unit is assigned to. Two queries."""
    unit_ids = set(unit_ids)
    if not unit_ids:
        return {}
    supervisors = list(db.session.scalars(
        select(User).join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == SUPERVISOR, User.active.is_(True)).order_by(User.id)))
    assigned: dict[int, set[int]] = {}
    if supervisors:
        for user_id, unit_id in db.session.execute(
                select(supervised_units.c.user_id, supervised_units.c.unit_id)
                .where(supervised_units.c.user_id.in_([u.id for u in supervisors]))):
            assigned.setdefault(user_id, set()).add(unit_id)
    return {unit_id: [s for s in supervisors if s.supervises_all or unit_id in assigned.get(s.id, ())]
            for unit_id in unit_ids}


# -- the digest of one unit (flask remind) ----------------------------------------------

@dataclass
class DigestItem:
    task: Task
    deadline: date | None = None
    reason: str = ""  # the return reason
    period: ReportingPeriod | None = None


@dataclass
class UnitDigest:
    """What a unit's users are reminded of by e-mail."""

    overdue: list[DigestItem] = field(default_factory=list)  # task deadlines passed, not done
    due_soon: list[DigestItem] = field(default_factory=list)  # task deadlines within the next days
    returned: list[DigestItem] = field(default_factory=list)  # entries returned, to fix and resubmit
    periods_due: list[tuple[ReportingPeriod, UnitFollowUp]] = field(default_factory=list)  # reports due soon

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon or self.returned or self.periods_due)


def unit_digests(today: date, due_soon_days: int, period_days: int) -> dict[int, UnitDigest]:
    """For each unit with something to be reminded of, its digest: the tasks it leads on its
    checklist (the latest open period's, else today's: period_rules) whose deadline has passed
    (overdue) or comes within ``due_soon_days``, both as of today, not done; its returned entries
    in open periods; and the open periods due within ``period_days`` where it still has entries to
    send. A fixed number of queries (two per open period)."""
    digests: dict[int, UnitDigest] = {}

    def digest(unit_id: int) -> UnitDigest:
        return digests.setdefault(unit_id, UnitDigest())

    frame = Frame(current_period(), today)  # reminders speak of today (rule 5)
    facts = task_facts(frame)
    horizon = date.fromordinal(today.toordinal() + due_soon_days)
    tasks = db.session.scalars(
        facts.query.with_only_columns(Task)
        .where(~facts.done, Task.recurring.is_(False), Task.deadline.is_not(None), Task.deadline <= horizon)
        .order_by(Task.deadline, Task.plan_id, Task.position))
    for task in tasks:
        bucket = digest(task.lead_unit_id).overdue if task.deadline < today else digest(task.lead_unit_id).due_soon
        bucket.append(DigestItem(task, task.deadline))

    for period in open_periods():
        returned = db.session.scalars(
            select(ProgressEntry).join(Task, Task.id == ProgressEntry.task_id).join(Plan, Plan.id == Task.plan_id)
            .where(ProgressEntry.period_id == period.id, ProgressEntry.status == RETURNED,
                   task_expected(Frame.of(period, today)))
            .options(joinedload(ProgressEntry.task), joinedload(ProgressEntry.period))
            .order_by(ProgressEntry.decided_at, ProgressEntry.id))
        for entry in returned:
            digest(entry.unit_id).returned.append(
                DigestItem(entry.task, entry.task.deadline, entry.return_reason, entry.period))

    last = date.fromordinal(today.toordinal() + period_days)
    for period in open_periods_due_between(today, last):
        for row in period_follow_up(period):
            if row.pending:
                digest(row.unit.id).periods_due.append((period, row))
    return {unit_id: d for unit_id, d in digests.items() if not d.empty}
