"""Follow-up of a reporting period (theo dõi, đôn đốc): where each unit stands.

Reads shared by the Office's follow-up page, the reminders it sends, the
due-soon notices and the e-mail digest of ``flask remind``.

A period expects one entry from the lead unit of every task ``expected_tasks``
(period_rules.py) lists: every live task of an issued plan, except a non-recurring
task already approved as done (hoàn thành) in another period: it stays done and
is not reported again. An entry counts as "not started" when there is none, or
when it is a draft nobody has saved yet (``updated_by_id`` is empty: created by
the app, not by a person).
"""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased, joinedload

from ..extensions import db
from ..org.models import SUPERVISOR, Unit, User, UserRole
from ..plans.models import ISSUED, Plan, Task, task_cooperating_units
from .models import (
    APPROVED,
    DRAFT,
    NOT_REPORTED,
    PERIOD_OPEN,
    RETURNED,
    SUBMITTED,
    ProgressEntry,
    ReportingPeriod,
    supervised_units,
)
from .period_rules import expected_tasks, task_is_done

# How a unit stands in a period (the follow-up page's "Tình trạng").
NOT_STARTED, NOT_SUBMITTED, HAS_RETURNED, COMPLETE = "not_started", "not_submitted", "returned", "complete"
STANDING_LABELS = {
    NOT_STARTED: "Chưa bắt đầu",
    NOT_SUBMITTED: "Chưa gửi đủ",
    HAS_RETURNED: "Có báo cáo bị trả lại",
    COMPLETE: "Đã gửi đủ",
}


@dataclass
class UnitFollowUp:
    """The counts of one lead unit's entries in a period."""

    unit: Unit
    tasks: int = 0
    not_started: int = 0  # no entry, or a draft nobody saved
    drafts: int = 0  # saved, not submitted
    submitted: int = 0  # waiting for approval
    returned: int = 0
    approved: int = 0
    not_reported: int = 0  # the period was locked before they were submitted
    users: list[User] = field(default_factory=list)  # the unit's active users (who a reminder reaches)

    @property
    def pending(self) -> int:
        """Entries the unit still has to send: not started, drafts, returned."""
        return self.not_started + self.drafts + self.returned

    @property
    def lagging(self) -> bool:
        return self.pending > 0

    @property
    def standings(self) -> list[str]:
        """Every standing that applies (a unit can be both "chưa gửi đủ" and "có trả lại")."""
        found = []
        if self.tasks and self.not_started == self.tasks:
            found.append(NOT_STARTED)
        elif self.not_started + self.drafts:
            found.append(NOT_SUBMITTED)
        if self.returned:
            found.append(HAS_RETURNED)
        return found or [COMPLETE]

    @property
    def standing_labels(self) -> list[str]:
        return [STANDING_LABELS[s] for s in self.standings]


def period_follow_up(period: ReportingPeriod, unit_ids=None) -> list[UnitFollowUp]:
    """Per lead unit with expected tasks, the counts of its entries (three queries whatever the size)."""
    tasks = expected_tasks(period).subquery()
    entry = aliased(ProgressEntry)
    untouched = and_(entry.status == DRAFT, entry.updated_by_id.is_(None))

    def count_when(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    query = (
        select(
            tasks.c.lead_unit_id,
            func.count(tasks.c.id),
            count_when(entry.id.is_(None) | untouched),
            count_when((entry.status == DRAFT) & entry.updated_by_id.is_not(None)),
            count_when(entry.status == SUBMITTED),
            count_when(entry.status == RETURNED),
            count_when(entry.status == APPROVED),
            count_when(entry.status == NOT_REPORTED),
        )
        .select_from(tasks)
        .outerjoin(entry, and_(entry.task_id == tasks.c.id, entry.period_id == period.id,
                               entry.unit_id == tasks.c.lead_unit_id))
        .group_by(tasks.c.lead_unit_id)
    )
    if unit_ids is not None:
        query = query.where(tasks.c.lead_unit_id.in_(list(unit_ids)))
    counts = {row[0]: row[1:] for row in db.session.execute(query)}
    if not counts:
        return []
    units = db.session.scalars(select(Unit).where(Unit.id.in_(counts)).order_by(Unit.position, Unit.name)).all()
    users = _active_users_by_unit(counts)
    return [UnitFollowUp(unit, *counts[unit.id], users=users.get(unit.id, [])) for unit in units]


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
    """Ids of the units leading or cooperating on a task ``period`` expects."""
    tasks = expected_tasks(period).subquery()
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
    """For each unit with something to be reminded of, its digest: the live tasks it leads whose
    deadline has passed (overdue) or comes within ``due_soon_days`` (not approved as done), its
    returned entries in open periods, and the open periods due within ``period_days`` where it
    still has entries to send. A fixed number of queries."""
    digests: dict[int, UnitDigest] = {}

    def digest(unit_id: int) -> UnitDigest:
        return digests.setdefault(unit_id, UnitDigest())

    horizon = date.fromordinal(today.toordinal() + due_soon_days)
    tasks = db.session.scalars(
        select(Task).join(Plan, Plan.id == Task.plan_id)
        .where(Plan.status == ISSUED, Task.archived_at.is_(None), Task.recurring.is_(False),
               Task.deadline.is_not(None), Task.deadline <= horizon, ~task_is_done())
        .order_by(Task.deadline, Task.plan_id, Task.position))
    for task in tasks:
        bucket = digest(task.lead_unit_id).overdue if task.deadline < today else digest(task.lead_unit_id).due_soon
        bucket.append(DigestItem(task, task.deadline))

    returned = db.session.scalars(
        select(ProgressEntry).join(ProgressEntry.period)
        .where(ProgressEntry.status == RETURNED, ReportingPeriod.status == PERIOD_OPEN)
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
