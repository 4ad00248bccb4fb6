"""In-app notifications (the bell in the nav) and the events that produce them.

Plain functions with explicit arguments: they add and flush, never commit (the
request's commit point, or ``transaction()`` in the CLI and tests, does). The
producers are called where the event happens, in the same transaction:

- ``period_opened(period)``: by ``services.open_period``; every active user of
  every unit that leads or cooperates on a task the period expects.
- ``entry_returned(entry, reason, url=None)``: by the return service, once per
  returned entry; the active users of the entry's (lead) unit.
- ``entries_awaiting(entries, url=None)``: by the submit service, with the
  entries just submitted (one or many, any units); each supervisor of an
  entry's unit (``supervises_all``, or the unit in ``supervised_units``) gets
  one notice per unit and period.
- ``due_soon(today)``: units that still have entries to send when a period's
  due date is ``DUE_SOON_NOTICE_DAYS`` (3) days away or less. Run by the
  scheduled ``flask remind`` only (a GET never writes: not the bell, not a page).
  Each user receives it once per period, never more: the notice carries the
  dedup key ``due_soon:<period id>``, unique per user in the database, so the
  command may run twice a day or from two machines.
- ``remind_units(actor, period, rows)``: the Office's "Gửi nhắc việc" (audited), at most
  once per unit per day.

A notice about something the user must act on carries a ``topic`` ("awaiting:<period>:<unit>",
"returned:<entry>", "reminder:<unit>"): while unread it is updated rather than repeated, and it is
marked read for everyone once that is done (``settle``): the supervisors' once no entry of the unit
waits in the period (``entries_decided``), the unit's once the returned entry is sent again.

Links are stored relative to the app ("/checklist?period=3"); pages prefix
them with the script root, e-mails with BASE_URL.
"""
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update

from .. import audit
from ..errors import DomainError
from ..extensions import db
from ..formatting import local_today, to_local, utcnow, vn_date, vn_datetime
from ..numbers import MAX_ID  # re-exported for the routes: a larger id is no row (and no overflow)
from .followup import (
    UnitFollowUp,
    active_users_of_units,
    open_periods_due_between,
    period_follow_up,
    supervisors_by_unit,
    units_with_tasks,
)
from .models import SUBMITTED, Notification, ProgressEntry, ReportingPeriod

PERIOD_OPENED, DUE_SOON, ENTRY_RETURNED, AWAITING_APPROVAL, REMINDER = (
    "period_opened", "due_soon", "entry_returned", "awaiting_approval", "reminder")
KINDS = {
    PERIOD_OPENED: "Kỳ báo cáo mới",
    DUE_SOON: "Sắp đến hạn",
    ENTRY_RETURNED: "Bị trả lại",
    AWAITING_APPROVAL: "Chờ duyệt",
    REMINDER: "Nhắc việc",
}
DUE_SOON_NOTICE_DAYS = 3  # a unit is told this many days before its period's due date
TEXT_LIMIT = 500  # Notification.text


def app_path(endpoint: str, **values) -> str:
    """An app-relative URL ("/checklist?period=3"), built without a request (services, CLI)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


def _clip(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- the bell ---------------------------------------------------------------------------

def notify(users: Iterable, kind: str, text: str, url: str = "", dedup_key: str | None = None,
           topic: str | None = None) -> list[Notification]:
    """Add one notification per active user in ``users`` (duplicates and inactive users are skipped).

    With ``dedup_key``, users who already have a notification with that key get none. With ``topic``,
    a user's unread notice on that topic is updated (text, link, time: it comes back on top) rather
    than a second one added. Returns the notices added or updated."""
    chosen = {}
    for user in users:
        if user is not None and user.active and user.id not in chosen:
            chosen[user.id] = user
    if dedup_key and chosen:
        already = set(db.session.scalars(select(Notification.user_id).where(
            Notification.dedup_key == dedup_key, Notification.user_id.in_(list(chosen)))))
        chosen = {uid: u for uid, u in chosen.items() if uid not in already}
    text = _clip(text, TEXT_LIMIT)
    updated = []
    if topic and chosen:
        now = utcnow()
        for note in db.session.scalars(select(Notification).where(
                Notification.topic == topic, Notification.user_id.in_(list(chosen)), Notification.read_at.is_(None))):
            if note.user_id in chosen:
                note.kind, note.text, note.url, note.created_at = kind, text, url or "", now
                updated.append(note)
                del chosen[note.user_id]
    rows = [Notification(user_id=uid, kind=kind, text=text, url=url or "", dedup_key=dedup_key, topic=topic)
            for uid in chosen]
    db.session.add_all(rows)
    db.session.flush()
    return updated + rows


def settle(topics: Iterable[str]) -> int:
    """What the notices on ``topics`` asked for is done: mark them read, for everyone. Returns how many."""
    topics = list(set(topics))
    if not topics:
        return 0
    result = db.session.execute(update(Notification).where(
        Notification.topic.in_(topics), Notification.read_at.is_(None)).values(read_at=utcnow())
        .execution_options(synchronize_session="fetch"))
    db.session.flush()
    return result.rowcount or 0


def unread_count(user) -> int:
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def user_notifications(user, limit: int = 50, offset: int = 0) -> list[Notification]:
    """The user's notifications, newest first."""
    return list(db.session.scalars(
        select(Notification).where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit).offset(offset)))


def own_notification(user, notification_id: int) -> Notification | None:
    """The notification if it is ``user``'s; None for another user's (or none)."""
    if not 0 < notification_id <= MAX_ID:
        return None
    notification = db.session.get(Notification, notification_id)
    return notification if notification is not None and notification.user_id == user.id else None


def mark_read(user, ids) -> int:
    """Mark ``user``'s notifications read: ``ids`` is an iterable of ids, or "all". Ids of other
    users' notifications are ignored. Returns how many changed."""
    query = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if ids != "all":
        ids = [int(i) for i in ids if 0 < int(i) <= MAX_ID]
        if not ids:
            return 0
        query = query.where(Notification.id.in_(ids))
    result = db.session.execute(query.values(read_at=utcnow()).execution_options(synchronize_session="fetch"))
    db.session.flush()
    return result.rowcount or 0


# -- producers --------------------------------------------------------------------------

def _checklist_path(period: ReportingPeriod) -> str:
    return app_path("progress.checklist", period=period.id)


def _due_text(period: ReportingPeriod) -> str:
    return f"hạn gửi báo cáo của đơn vị: {vn_date(period.due_on)}" if period.due_on else "chưa đặt hạn gửi"


def period_opened(period: ReportingPeriod) -> list[Notification]:
    """A period opened: tell every active user of every unit that leads or cooperates on a task it expects."""
    users = active_users_of_units(units_with_tasks(period))
    text = f"Kỳ báo cáo “{period.title}” đã mở; {_due_text(period)}. Hãy cập nhật kết quả các nhiệm vụ của đơn vị."
    return notify(users, PERIOD_OPENED, text, _checklist_path(period))


def returned_topic(entry: ProgressEntry) -> str:
    return f"returned:{entry.id}"


def awaiting_topic(period_id: int, unit_id: int) -> str:
    return f"awaiting:{period_id}:{unit_id}"


def reminder_topic(unit_id: int) -> str:
    return f"reminder:{unit_id}"


def entry_returned(entry: ProgressEntry, reason: str, url: str | None = None) -> list[Notification]:
    """An entry was returned (trả lại): tell the active users of its unit, with the reason. Read by
    everyone once the entry is sent again (``entries_submitted``).

    ``url`` is where the notice links to; by default the entry's page."""
    task, period = entry.task, entry.period
    if url is None:
        url = app_path("progress.view_entry", entry_id=entry.id)
    what = f"{task.code} “{_clip(task.title, 150)}”".strip() if task is not None else f"#{entry.id}"
    text = f"Báo cáo nhiệm vụ {what} ({period.title}) bị trả lại. Lý do: {_clip(reason, 250)}"
    return notify(active_users_of_units([entry.unit_id]), ENTRY_RETURNED, text, url, topic=returned_topic(entry))


def _waiting(period_id: int, unit_id: int) -> int:
    return db.session.scalar(select(func.count(ProgressEntry.id)).where(
        ProgressEntry.period_id == period_id, ProgressEntry.unit_id == unit_id,
        ProgressEntry.status == SUBMITTED)) or 0


def _awaiting_text(unit, period, waiting: int) -> str:
    return f"{unit.name} gửi {waiting} báo cáo chờ duyệt ({period.title})."


def _by_period_and_unit(entries: Iterable[ProgressEntry]) -> dict[tuple[int, int], list[ProgressEntry]]:
    groups: dict[tuple[int, int], list[ProgressEntry]] = {}
    for entry in entries:
        groups.setdefault((entry.period_id, entry.unit_id), []).append(entry)
    return groups


def entries_awaiting(entries: Iterable[ProgressEntry], url: str | None = None) -> list[Notification]:
    """Entries were submitted: tell each supervisor of their units, one notice per unit and period
    ("Thanh tra Sở gửi 12 báo cáo chờ duyệt (Quý I năm 2026)"), counting every entry of the unit
    waiting in that period: an unread notice is updated, not repeated. The returned notices of these
    entries are read now (the unit acted on them).

    ``url`` is where the notices link to; by default the approval queue of the period."""
    entries = list(entries)
    settle(returned_topic(entry) for entry in entries)
    groups = _by_period_and_unit(entries)
    if not groups:
        return []
    supervisors = supervisors_by_unit({unit_id for _, unit_id in groups})
    created = []
    for (period_id, unit_id), group in groups.items():
        period, unit = group[0].period, group[0].unit
        link = url or app_path("progress.approvals", period=period.id)
        text = _awaiting_text(unit, period, max(_waiting(period_id, unit_id), len(group)))
        created += notify(supervisors.get(unit_id, []), AWAITING_APPROVAL, text, link,
                          topic=awaiting_topic(period_id, unit_id))
    return created


def entries_decided(entries: Iterable[ProgressEntry]) -> None:
    """Entries were approved or returned: the supervisors' notices about them are read once none of
    their unit's entries waits any more; until then their count goes down."""
    for (period_id, unit_id), group in _by_period_and_unit(entries).items():
        topic, waiting = awaiting_topic(period_id, unit_id), _waiting(period_id, unit_id)
        if not waiting:
            settle([topic])
            continue
        text = _clip(_awaiting_text(group[0].unit, group[0].period, waiting), TEXT_LIMIT)
        db.session.execute(update(Notification).where(Notification.topic == topic, Notification.read_at.is_(None))
                           .values(text=text).execution_options(synchronize_session="fetch"))
    db.session.flush()


def counted(*pairs: tuple[int, str]) -> str:
    """"2 quá hạn, 1 bị trả lại": the (number, what) pairs whose number is not 0."""
    return ", ".join(f"{n} {what}" for n, what in pairs if n)


def pending_text(row: UnitFollowUp) -> str:
    return counted((row.not_started, "nhiệm vụ chưa báo cáo"), (row.drafts, "báo cáo đang soạn chưa gửi"),
                   (row.returned, "báo cáo bị trả lại"))


def due_soon_key(period: ReportingPeriod) -> str:
    return f"due_soon:{period.id}"


def due_soon(today: date) -> list[Notification]:
    """Open periods due within ``DUE_SOON_NOTICE_DAYS`` days: tell the units that still have entries
    to send (not started, drafts, returned). Once per user and period, whoever runs it and however
    often (the ``due_soon:<period id>`` dedup key)."""
    created = []
    for period in open_periods_due_between(today, today + timedelta(days=DUE_SOON_NOTICE_DAYS)):
        days = (period.due_on - today).days
        when = "Hôm nay là hạn" if days == 0 else f"Còn {days} ngày đến hạn"
        for row in period_follow_up(period):
            if not row.lagging or not row.users:
                continue
            text = (f"{when} gửi báo cáo kỳ “{period.title}” ({vn_date(period.due_on)}): "
                    f"đơn vị còn {pending_text(row)}.")
            created += notify(row.users, DUE_SOON, text, _checklist_path(period), dedup_key=due_soon_key(period))
    return created


def last_reminded(unit_ids: Iterable[int]) -> dict[int, datetime]:
    """When each unit was last reminded (its users' latest reminder notice), for those ever reminded."""
    topics = {reminder_topic(uid): uid for uid in unit_ids}
    if not topics:
        return {}
    return {topics[topic]: when for topic, when in db.session.execute(
        select(Notification.topic, func.max(Notification.created_at))
        .where(Notification.topic.in_(list(topics))).group_by(Notification.topic))}


@dataclass
class Reminded:
    """What "Gửi nhắc việc" did: how many notices went, and the units left out because they were
    already reminded today (unit, when: local time)."""
    count: int
    already: list[tuple] = field(default_factory=list)


def already_text(already: list[tuple]) -> str:
    return "; ".join(f"{unit.name} đã được nhắc lúc {vn_datetime(when)}" for unit, when in already)


def remind_units(actor, period: ReportingPeriod, rows: list[UnitFollowUp]) -> Reminded:
    """The Office reminds units of a period (Gửi nhắc việc): a notice to each active user of each
    unit in ``rows`` that still has entries to send, at most once per unit per (local) day; an unread
    reminder is updated, not repeated. Audited on the period. Refused (DomainError) when the period is
    locked or no unit in ``rows`` can be reminded (the message says when those reminded today were)."""
    if not period.is_open:
        raise DomainError("Kỳ báo cáo đã khóa: không gửi nhắc việc được nữa.")
    if len(rows) == 1:
        row = rows[0]
        if not row.lagging:
            raise DomainError(f"{row.unit.name} đã gửi đủ báo cáo kỳ này, không cần nhắc.")
        if not row.users:
            raise DomainError(f"{row.unit.name} chưa có tài khoản nào đang hoạt động để nhận nhắc việc.")
    targets = [row for row in rows if row.lagging and row.users]
    if not targets:
        raise DomainError("Không có đơn vị nào cần nhắc: các đơn vị đã gửi đủ báo cáo hoặc chưa có tài khoản.")
    today, last = local_today(), last_reminded(row.unit.id for row in targets)
    already = [(row.unit, last[row.unit.id]) for row in targets
               if row.unit.id in last and to_local(last[row.unit.id]).date() == today]
    targets = [row for row in targets if row.unit.id not in {unit.id for unit, _ in already}]
    if not targets:
        raise DomainError(f"{already_text(already)}. Mỗi đơn vị chỉ được nhắc một lần mỗi ngày.")
    sender = f"{actor.full_name} ({actor.unit.name})" if actor is not None else "Văn phòng Sở"
    created = []
    for row in targets:
        text = (f"Nhắc việc từ {sender}: kỳ báo cáo “{period.title}”, {_due_text(period)}; "
                f"đơn vị còn {pending_text(row)}.")
        created += notify(row.users, REMINDER, text, _checklist_path(period), topic=reminder_topic(row.unit.id))
    reminded = "; ".join(f"{row.unit.name} ({len(row.users)} người)" for row in targets)
    audit.record(actor, "remind", period, None, {"reminded": reminded})
    db.session.flush()
    return Reminded(len(created), already)
