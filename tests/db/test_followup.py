"""The follow-up of a period: per unit, entries not started, drafts, submitted, returned, approved."""
from datetime import date

from app.progress.followup import COMPLETE, HAS_RETURNED, NOT_STARTED, NOT_SUBMITTED, period_follow_up, summary
from app.progress.services import lock_period
from app.transactions import transaction
from tests.factories import make_user
from tests.reminders_data import build_period


def _by_unit(rows):
    return {row.unit.short_name: row for row in rows}


def test_follow_up_counts_each_state_per_lead_unit(app, org):
    period, _ = build_period(org)
    rows = _by_unit(period_follow_up(period))
    assert set(rows) == {"TTr", "KH-TC-TH", "VP"}  # the board leads nothing; cooperating is not leading

    ttr = rows["TTr"]
    assert (ttr.tasks, ttr.not_started, ttr.drafts, ttr.submitted, ttr.returned, ttr.approved) == (6, 2, 1, 1, 1, 1)
    assert ttr.pending == 4 and ttr.lagging
    assert ttr.standings == [NOT_SUBMITTED, HAS_RETURNED]

    khtc = rows["KH-TC-TH"]
    assert (khtc.tasks, khtc.not_started, khtc.drafts, khtc.submitted, khtc.returned, khtc.approved) == (2, 2, 0, 0, 0, 0)
    assert khtc.standings == [NOT_STARTED]

    vp = rows["VP"]
    assert (vp.tasks, vp.approved, vp.pending) == (1, 1, 0)
    assert vp.standings == [COMPLETE] and not vp.lagging


def test_follow_up_summary_names_the_units_in_each_standing(app, org):
    period, _ = build_period(org)
    result = summary(period_follow_up(period))
    assert result["units"] == 3 and result["complete"] == 1 and result["lagging"] == 2
    assert [u.short_name for u in result["by_standing"][NOT_STARTED]] == ["KH-TC-TH"]
    assert [u.short_name for u in result["by_standing"][NOT_SUBMITTED]] == ["TTr"]
    assert [u.short_name for u in result["by_standing"][HAS_RETURNED]] == ["TTr"]


def test_follow_up_lists_only_active_users_of_the_unit(app, org):
    period, _ = build_period(org)
    make_user(org.ttr, username="nghiviec")
    from app.extensions import db
    from app.org.models import User

    with transaction():
        db.session.scalar(db.select(User).filter_by(username="nghiviec")).active = False
    ttr = _by_unit(period_follow_up(period))["TTr"]
    assert {u.username for u in ttr.users} == {"thanhtra", "chanhthanhtra"}


def test_locked_period_counts_unsent_entries_as_not_reported(app, org):
    period, _ = build_period(org)
    with transaction():
        lock_period(org.office, period)
    ttr = _by_unit(period_follow_up(period))["TTr"]
    # the untouched draft, the saved draft and the returned entry become "không báo cáo"
    assert (ttr.not_reported, ttr.not_started, ttr.drafts, ttr.returned) == (3, 1, 0, 0)


def test_follow_up_of_a_period_without_tasks_is_empty(app, org):
    from tests.factories import make_period

    period = make_period("q1", 2027, org.office, due_on=date(2027, 3, 15))
    assert period_follow_up(period) == []
