"""A write that changes nothing leaves the data version alone (issue #23 point 4): the page cache
(app/pagecache.py) keeps every user's pages when a draft is saved as it was, a read notice is marked
read again, a reminder is refused. A real change, by the same request, still moves it."""
from datetime import date

from sqlalchemy import update

from app.extensions import db
from app.pagecache import current_version, current_versions
from app.progress.models import ProgressEntry
from app.plans.models import Plan, Task
from app.progress.notifications import notify
from app.transactions import transaction
from tests.factories import HX, fresh, make_task
from tests.reminders_data import build_period
from tests.web.editor import meta_form, task_form
from tests.web.test_entries import current_version as entry_version
from tests.web.test_entries import entry_form, loop  # noqa: F401  (the fixture)


def changes_version(request) -> bool:
    """Whether ``request`` moved any of the page cache's counters (global, or a unit's reports')."""
    before = current_versions()
    response = request()
    assert response.status_code < 400, response.status_code
    return current_versions() != before


def test_saving_a_draft_as_it_was_does_not_bump_the_version(as_user, loop):  # noqa: F811
    staff = as_user("thanhtra")

    def save(**fields):
        return lambda: staff.post(loop.url_a, headers=HX, data=entry_form(version=entry_version(loop.a), **fields))

    assert changes_version(save())  # the first save creates the entry
    assert not changes_version(save())
    assert changes_version(save(result="Đã rà soát 25 thủ tục hành chính"))
    assert not changes_version(save(result="Đã rà soát 25 thủ tục hành chính"))


def test_a_contribution_saved_as_it_was_does_not_bump_the_version(as_user, loop):  # noqa: F811
    coop = as_user("khtc")
    url = f"/periods/{loop.period.id}/tasks/{loop.a.id}/contribution"

    def save(text):
        return lambda: coop.post(url, headers=HX, data={"text": text})

    assert changes_version(save("Đã bố trí kinh phí"))
    assert not changes_version(save("Đã bố trí kinh phí "))  # kept trimmed: the same text
    assert changes_version(save("Đã bố trí đủ kinh phí"))


def test_a_task_or_plan_saved_as_it_was_does_not_bump_the_version(office, org, plan):
    task = make_task(plan.areas[0], org.ttr, "Nhiệm vụ", deadline=date(2026, 9, 30), coop=[org.khtc])

    def save_task(**fields):
        return lambda: office.post(f"/tasks/{task.id}/edit", headers=HX, data=task_form(
            org.ttr, code=task.code, title="Nhiệm vụ", deadline="30/09/2026", area_id=str(task.area_id),
            cooperating_unit_ids=[str(org.khtc.id)], version=str(fresh(Task, task.id).version), **fields))

    def save_plan(**fields):
        return lambda: office.post(f"/plans/{plan.id}/meta/edit", headers=HX,
                                   data=meta_form(fresh(Plan, plan.id), **fields))

    assert not changes_version(save_task())
    assert changes_version(save_task(output="Báo cáo"))
    assert not changes_version(save_plan())
    assert changes_version(save_plan(title="Kế hoạch CCHC năm 2026 (sửa)"))


def test_marking_a_read_notice_read_does_not_bump_the_version(as_user, org):
    [note] = notify([org.ttr_staff], "reminder", "Nhắc việc", "/checklist")
    db.session.commit()
    staff = as_user("thanhtra")
    assert changes_version(lambda: staff.post(f"/notifications/{note.id}"))
    assert not changes_version(lambda: staff.post(f"/notifications/{note.id}"))
    assert not changes_version(lambda: staff.post("/notifications/read", data={"all": "1"}, headers=HX))
    assert not changes_version(lambda: staff.post("/notifications/read", data={"id": str(note.id)}, headers=HX))


def test_a_refused_reminder_does_not_bump_the_version(as_user, org):
    period = build_period(org)[0]
    office = as_user("vanphong")
    url = f"/periods/{period.id}/remind"
    assert changes_version(lambda: office.post(url, data={"unit": str(org.ttr.id)}, headers=HX))
    before = current_versions()
    again = office.post(url, data={"unit": str(org.ttr.id)}, headers=HX)  # once a day: refused
    assert again.status_code == 422 and "Mỗi đơn vị chỉ được nhắc một lần mỗi ngày" in again.text
    assert current_versions() == before


def test_a_statement_that_matches_no_row_is_not_a_write(app, org):
    before = current_versions()
    with transaction():
        db.session.execute(update(ProgressEntry).values(percent_done=1))  # no entry: no row changed
    assert current_versions() == before
    with transaction():
        org.ttr.name = org.ttr.name  # set to what it was: no change
    assert current_versions() == before
    with transaction():
        org.ttr.name = "Thanh tra Sở Công Thương"
    assert current_version() == before[""] + 1
