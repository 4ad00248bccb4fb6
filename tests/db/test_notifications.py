"""Notifications: who is told of each event, the unread count, marking read, due-soon once."""
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.org.models import SUPERVISOR, User
from app.progress import notifications as notes
from app.progress.models import Notification, ProgressEntry
from app.transactions import transaction
from tests.factories import count, issue, make_period, make_plan, make_task, make_unit, make_user
from tests.reminders_data import build_period


def inbox(user, kind=None):
    db.session.expire_all()
    query = select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return list(db.session.scalars(query))


def names(notifications_):
    db.session.expire_all()
    return sorted(db.session.get(User, n.user_id).username for n in notifications_)


# -- a period opens ---------------------------------------------------------------------

def test_opening_a_period_tells_every_user_of_units_with_tasks(app, org):
    plan = make_plan(org.office)
    make_task(plan.areas[0], org.ttr, coop=(org.khtc,))
    issue(plan, org.office)
    other = make_unit("Phòng Quản lý Công nghiệp", "QLCN")  # no task: not told
    make_user(other, username="congnghiep")

    make_period("q1", 2026, org.office)

    told = names(db.session.scalars(select(Notification).where(Notification.kind == notes.PERIOD_OPENED)))
    assert told == ["chanhthanhtra", "khtc", "thanhtra"]  # lead and cooperating units' users
    note = inbox(org.ttr_staff)[0]
    assert "Quý I năm 2026" in note.text and "15/03/2026" in note.text
    assert note.url.startswith("/checklist?period=")


def test_a_task_of_a_draft_plan_does_not_make_its_unit_told(app, org):
    make_task(make_plan(org.office).areas[0], org.ttr)  # never issued
    make_period("q1", 2026, org.office)
    assert count(Notification) == 0


def test_inactive_users_are_not_told(app, org):
    plan = make_plan(org.office)
    make_task(plan.areas[0], org.ttr)
    issue(plan, org.office)
    with transaction():
        db.session.get(User, org.ttr_head.id).active = False
    make_period("q1", 2026, org.office)
    assert inbox(org.ttr_head) == [] and len(inbox(org.ttr_staff)) == 1


# -- an entry is returned, entries await approval ---------------------------------------

def test_a_returned_entry_tells_the_lead_units_users_with_the_reason(app, org):
    period, tasks = build_period(org)
    entry = db.session.scalar(select(ProgressEntry).where(ProgressEntry.task_id == tasks["returned"].id))
    with transaction():
        created = notes.entry_returned(entry, "Thiếu tài liệu kiểm chứng.")
    assert names(created) == ["chanhthanhtra", "thanhtra"]
    text = inbox(org.ttr_staff, notes.ENTRY_RETURNED)[0].text
    assert tasks["returned"].code in text and "Đánh giá chất lượng giải quyết TTHC" in text
    assert "Quý I năm 2026" in text and "Lý do: Thiếu tài liệu kiểm chứng." in text
    assert inbox(org.khtc_staff, notes.ENTRY_RETURNED) == []  # a cooperating unit is not told


def test_submitted_entries_tell_their_supervisors_once_per_unit(app, org):
    period, tasks = build_period(org)
    director = make_user(org.bgd, [SUPERVISOR], "giamdoc")
    with transaction():
        db.session.get(User, director.id).supervises_all = True
    other = make_user(org.bgd, [SUPERVISOR], "phogiamdoc2")  # supervises KH-TC-TH only
    with transaction():
        db.session.get(User, other.id).supervised_units = [db.session.get(type(org.khtc), org.khtc.id)]
    entries = list(db.session.scalars(select(ProgressEntry).where(
        ProgressEntry.task_id.in_([tasks["submitted"].id, tasks["draft"].id]))))

    with transaction():
        created = notes.entries_awaiting(entries)

    assert names(created) == ["giamdoc", "lanhdao"]  # both Thanh tra entries, one notice each
    text = inbox(org.supervisor, notes.AWAITING_APPROVAL)[0].text
    assert text == "Thanh tra Sở gửi 2 báo cáo chờ duyệt (Quý I năm 2026)."
    assert inbox(other, notes.AWAITING_APPROVAL) == []


def test_a_supervisor_without_the_role_is_not_told(app, org):
    period, tasks = build_period(org)
    former = make_user(org.bgd, ["staff"], "nguyenlanhdao")
    with transaction():
        db.session.get(User, former.id).supervises_all = True  # left over from when he was a supervisor
    entry = db.session.scalar(select(ProgressEntry).where(ProgressEntry.task_id == tasks["submitted"].id))
    with transaction():
        created = notes.entries_awaiting([entry])
    assert names(created) == ["lanhdao"]


# -- due soon ---------------------------------------------------------------------------

def test_due_soon_tells_lagging_units_three_days_before(app, org):
    build_period(org, due_on=date(2026, 3, 15))
    with transaction():
        assert notes.due_soon(date(2026, 3, 11)) == []  # 4 days before: not yet
    with transaction():
        created = notes.due_soon(date(2026, 3, 12))
    # Thanh tra (drafts, a returned entry) and KH-TC-TH (nothing started); Văn phòng sent everything
    assert names(created) == ["chanhthanhtra", "khtc", "thanhtra"]
    text = inbox(org.ttr_staff, notes.DUE_SOON)[0].text
    assert text.startswith("Còn 3 ngày đến hạn gửi báo cáo kỳ “Quý I năm 2026” (15/03/2026)")
    assert "2 nhiệm vụ chưa báo cáo, 1 báo cáo đang soạn chưa gửi, 1 báo cáo bị trả lại" in text
    assert inbox(org.office, notes.DUE_SOON) == []


def test_due_soon_is_sent_once_per_user_and_period(app, org):
    build_period(org, due_on=date(2026, 3, 15))
    for day in (12, 12, 13, 14, 15):
        with transaction():
            notes.due_soon(date(2026, 3, day))
    assert len(inbox(org.ttr_staff, notes.DUE_SOON)) == 1
    assert len(inbox(org.khtc_staff, notes.DUE_SOON)) == 1


def test_due_soon_reaches_a_user_who_joined_the_unit_later(app, org):
    build_period(org, due_on=date(2026, 3, 15))
    with transaction():
        notes.due_soon(date(2026, 3, 12))
    newcomer = make_user(org.ttr, username="moivao")
    with transaction():
        created = notes.due_soon(date(2026, 3, 13))
    assert names(created) == ["moivao"]


def test_due_soon_says_today_on_the_due_date_and_nothing_after(app, org):
    build_period(org, due_on=date(2026, 3, 15))
    with transaction():
        assert notes.due_soon(date(2026, 3, 16)) == []
    with transaction():
        notes.due_soon(date(2026, 3, 15))
    assert inbox(org.ttr_staff, notes.DUE_SOON)[0].text.startswith("Hôm nay là hạn gửi báo cáo")


def test_the_database_refuses_a_second_due_soon_notice(app, org):
    """Two processes at once: the unique (user, key) constraint keeps it to one."""
    from sqlalchemy.exc import IntegrityError

    period, _ = build_period(org, due_on=date(2026, 3, 15))
    with transaction():
        notes.due_soon(date(2026, 3, 12))
    with pytest.raises(IntegrityError):
        with transaction():
            db.session.add(Notification(user_id=org.ttr_staff.id, kind=notes.DUE_SOON, text="x",
                                        dedup_key=notes.due_soon_key(period)))
            db.session.flush()


# -- the bell: count and marking read ---------------------------------------------------

def test_unread_count_and_mark_read_touch_only_the_users_own(app, org):
    with transaction():
        mine = notes.notify([org.ttr_staff], notes.REMINDER, "Một", "/checklist")
        notes.notify([org.ttr_staff], notes.REMINDER, "Hai", "/checklist")
        theirs = notes.notify([org.khtc_staff], notes.REMINDER, "Của KH-TC-TH", "/checklist")
    assert notes.unread_count(org.ttr_staff) == 2

    with transaction():
        assert notes.mark_read(org.ttr_staff, [theirs[0].id]) == 0  # not his: ignored
        assert notes.mark_read(org.ttr_staff, [mine[0].id]) == 1
    assert notes.unread_count(org.ttr_staff) == 1 and notes.unread_count(org.khtc_staff) == 1

    with transaction():
        assert notes.mark_read(org.ttr_staff, "all") == 1
    assert notes.unread_count(org.ttr_staff) == 0 and notes.unread_count(org.khtc_staff) == 1


def test_notify_skips_duplicates_and_clips_long_text(app, org):
    with transaction():
        created = notes.notify([org.ttr_staff, org.ttr_staff, None], notes.REMINDER, "dài " * 300)
    assert len(created) == 1 and len(created[0].text) == 500 and created[0].text.endswith("…")


# -- the workflow services call the producers -------------------------------------------

def test_submitting_entries_tells_the_supervisor_with_a_link_to_the_queue(app, org):
    from app.progress.services import submit_entries

    period, tasks = build_period(org)
    entry = db.session.scalar(select(ProgressEntry).where(ProgressEntry.task_id == tasks["draft"].id))
    with transaction():
        submit_entries(org.ttr_head, [entry])
    [note] = inbox(org.supervisor, notes.AWAITING_APPROVAL)
    # the count is the unit's entries waiting in the period: this one and the one already submitted
    assert note.text == "Thanh tra Sở gửi 2 báo cáo chờ duyệt (Quý I năm 2026)."
    assert note.url == f"/approvals?period={period.id}"


def test_returning_entries_tells_the_unit_with_the_reason_and_a_link_to_the_entry(app, org):
    from app.progress.services import return_entries

    period, tasks = build_period(org)
    entry = db.session.scalar(select(ProgressEntry).where(ProgressEntry.task_id == tasks["submitted"].id))
    with transaction():
        return_entries(org.supervisor, [entry], "Bổ sung số liệu quý I.")
    [note] = inbox(org.ttr_staff, notes.ENTRY_RETURNED)
    assert note.text.endswith("bị trả lại. Lý do: Bổ sung số liệu quý I.")
    assert note.url == f"/entries/{entry.id}"


def test_a_refused_submission_tells_nobody(app, org):
    from app.errors import DomainError
    from app.progress.services import submit_entries

    period, tasks = build_period(org)
    approved = db.session.scalar(select(ProgressEntry).where(ProgressEntry.task_id == tasks["approved"].id))
    with pytest.raises(DomainError):
        with transaction():
            submit_entries(org.ttr_head, [approved])
    assert inbox(org.supervisor, notes.AWAITING_APPROVAL) == []


# -- one notice per unit and batch, read once acted on ------------------------------------

def _entry(tasks, key):
    return db.session.scalar(select(ProgressEntry).where(ProgressEntry.task_id == tasks[key].id))


def test_a_second_submission_updates_the_unread_notice_and_a_read_one_is_not_reused(app, org):
    from app.progress.services import submit_entries

    period, tasks = build_period(org)
    with transaction():
        submit_entries(org.ttr_head, [_entry(tasks, "draft")])
    with transaction():
        submit_entries(org.ttr_head, [_entry(tasks, "untouched"), _entry(tasks, "returned")])
    [note] = inbox(org.supervisor, notes.AWAITING_APPROVAL)
    assert note.text == "Thanh tra Sở gửi 4 báo cáo chờ duyệt (Quý I năm 2026)." and note.read_at is None
    with transaction():
        notes.mark_read(org.supervisor, [note.id])
        entry = _entry(tasks, "approved")
        entry.status = "draft"
    with transaction():
        submit_entries(org.ttr_head, [_entry(tasks, "approved")])
    assert [n.read_at is None for n in inbox(org.supervisor, notes.AWAITING_APPROVAL)] == [False, True]


def test_the_supervisors_notice_counts_down_and_is_read_once_the_units_entries_are_decided(app, org):
    from app.progress.services import approve_entries, return_entries, submit_entries

    period, tasks = build_period(org)
    with transaction():
        submit_entries(org.ttr_head, [_entry(tasks, "draft")])
    with transaction():
        approve_entries(org.supervisor, [_entry(tasks, "submitted")])
    [note] = inbox(org.supervisor, notes.AWAITING_APPROVAL)
    assert note.text == "Thanh tra Sở gửi 1 báo cáo chờ duyệt (Quý I năm 2026)." and note.read_at is None
    with transaction():
        return_entries(org.supervisor, [_entry(tasks, "draft")], "Bổ sung số liệu.")
    assert inbox(org.supervisor, notes.AWAITING_APPROVAL)[0].read_at is not None


def test_the_units_returned_notice_is_read_once_the_entry_is_sent_again(app, org):
    from app.progress.services import return_entries, submit_entries

    period, tasks = build_period(org)
    with transaction():
        return_entries(org.supervisor, [_entry(tasks, "submitted")], "Bổ sung số liệu.")
    assert [n.read_at for n in inbox(org.ttr_staff, notes.ENTRY_RETURNED)] == [None]
    with transaction():
        submit_entries(org.ttr_head, [_entry(tasks, "submitted")])
    assert all(n.read_at is not None for n in inbox(org.ttr_staff, notes.ENTRY_RETURNED) + inbox(
        org.ttr_head, notes.ENTRY_RETURNED))


def test_a_unit_is_reminded_once_a_day_and_the_second_try_says_when(app, org):
    from datetime import timedelta

    from app.errors import DomainError
    from app.formatting import to_local
    from app.progress.followup import period_follow_up

    period, _ = build_period(org)
    rows = period_follow_up(period, unit_ids=[org.ttr.id])
    with transaction():
        assert notes.remind_units(org.office, period, rows).count == 2
    [note] = inbox(org.ttr_staff, notes.REMINDER)
    with pytest.raises(DomainError) as refused:
        with transaction():
            notes.remind_units(org.office, period, period_follow_up(period, unit_ids=[org.ttr.id]))
    when = to_local(note.created_at).strftime("%d/%m/%Y %H:%M")
    assert refused.value.message == (f"Thanh tra Sở đã được nhắc lúc {when}. "
                                  "Mỗi đơn vị chỉ được nhắc một lần mỗi ngày.")
    # every lagging unit: Thanh tra Sở left out (said), KH-TC-TH reminded
    with transaction():
        result = notes.remind_units(org.office, period, period_follow_up(period))
    assert result.count == 1 and [u.short_name for u, _ in result.already] == ["TTr"]
    # the next day: the unread reminder is updated, not repeated
    with transaction():
        for n in inbox(org.ttr_staff, notes.REMINDER) + inbox(org.ttr_head, notes.REMINDER):
            n.created_at -= timedelta(days=1)
    with transaction():
        assert notes.remind_units(org.office, period, period_follow_up(period, unit_ids=[org.ttr.id])).count == 2
    assert len(inbox(org.ttr_staff, notes.REMINDER)) == 1
