"""The Office's follow-up of a period (/periods/<id>/follow-up) and its reminders (/periods/<id>/remind)."""
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.progress import notifications as notes
from app.progress.models import Notification
from app.progress.services import lock_period
from app.transactions import transaction
from tests.factories import HX, assert_unchanged, audits, fingerprint
from tests.reminders_data import build_period
from tests.signin import sign_in


def reminders_of(user):
    db.session.expire_all()
    return list(db.session.scalars(select(Notification).where(
        Notification.user_id == user.id, Notification.kind == notes.REMINDER)))


def cells(html, short_name):
    """The numbers of a unit's row, by column."""
    row = re.search(rf'<tr id="unit-\d+" data-unit="{re.escape(short_name)}">(.*?)</tr>', html, re.S).group(1)
    return {m.group(1): int(m.group(2)) for m in re.finditer(r'data-col="(\w+)">(\d+)<', row)}




@pytest.fixture
def period(org):
    return build_period(org)[0]



def test_follow_up_page_shows_each_units_numbers(office, org, period):
    page = office.get(f"/periods/{period.id}/follow-up")
    assert page.status_code == 200
    html = page.text
    assert "Theo dõi báo cáo: Quý I năm 2026" in html and "15/03/2026" in html
    assert cells(html, "TTr") == {"tasks": 6, "carried": 0, "not_started": 2, "drafts": 1, "submitted": 1, "returned": 1,
                                  "approved": 1}
    assert cells(html, "KH-TC-TH") == {"tasks": 2, "carried": 0, "not_started": 2, "drafts": 0, "submitted": 0, "returned": 0,
                                       "approved": 0}
    assert cells(html, "VP") == {"tasks": 1, "carried": 0, "not_started": 0, "drafts": 0, "submitted": 0, "returned": 0,
                                 "approved": 1}
    assert "<strong>1</strong>/3 đơn vị đã gửi đủ" in html
    lists = dict(re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, re.S))
    assert lists["Chưa bắt đầu"] == "Phòng Kế hoạch - Tài chính - Tổng hợp"
    assert lists["Chưa gửi đủ"] == "Thanh tra Sở"
    assert lists["Có báo cáo bị trả lại"] == "Thanh tra Sở"
    # a button per lagging unit, and one for all of them; none for the unit that sent everything
    assert 'aria-label="Gửi nhắc việc cho Thanh tra Sở"' in html
    assert 'aria-label="Gửi nhắc việc cho Văn phòng Sở"' not in html
    assert "Gửi nhắc việc cho tất cả đơn vị chưa hoàn thành (2)" in html


def test_an_htmx_request_gets_only_the_table(office, org, period):
    response = office.get(f"/periods/{period.id}/follow-up", headers=HX)
    assert response.status_code == 200 and '<div id="follow-up">' in response.text and "<html" not in response.text


def test_office_reminds_one_unit(office, org, period):
    response = office.post(f"/periods/{period.id}/remind", data={"unit": str(org.ttr.id)}, headers=HX)
    assert response.status_code == 200
    assert "Đã gửi nhắc việc tới 2 người (TTr)." in response.text
    assert response.headers["HX-Trigger"] == "notifications-changed"
    for user in (org.ttr_staff, org.ttr_head):
        [note] = reminders_of(user)
        assert note.text.startswith("Nhắc việc từ Người dùng")  # the Office user's name, then the unit
        assert "kỳ báo cáo “Quý I năm 2026”, hạn gửi báo cáo của đơn vị: 15/03/2026" in note.text
        assert "2 nhiệm vụ chưa báo cáo, 1 báo cáo đang soạn chưa gửi, 1 báo cáo bị trả lại" in note.text
        assert note.url == f"/checklist?period={period.id}"
    assert reminders_of(org.khtc_staff) == []
    [record] = audits("remind", "period", period.id)
    assert record.actor_id == org.office.id and record.after == {"reminded": "Thanh tra Sở (2 người)"}


def test_office_reminds_every_lagging_unit_at_once(office, org, period):
    response = office.post(f"/periods/{period.id}/remind", data={"all": "1"})
    assert response.status_code == 303 and response.headers["Location"] == f"/periods/{period.id}/follow-up"
    assert "Đã gửi nhắc việc tới 3 người (TTr, KH-TC-TH)." in office.get(response.headers["Location"]).text
    assert len(reminders_of(org.ttr_staff)) == 1 and len(reminders_of(org.khtc_staff)) == 1
    assert reminders_of(org.office) == [] and reminders_of(org.admin) == []  # Văn phòng sent everything
    [record] = audits("remind", "period", period.id)
    assert record.after == {"reminded": "Thanh tra Sở (2 người); Phòng Kế hoạch - Tài chính - Tổng hợp (1 người)"}


def test_a_second_reminder_the_same_day_says_when_the_first_went(office, org, period):
    office.post(f"/periods/{period.id}/remind", data={"unit": str(org.ttr.id)}, headers=HX)
    response = office.post(f"/periods/{period.id}/remind", data={"unit": str(org.ttr.id)}, headers=HX)
    assert response.status_code == 422
    assert re.search(r"Thanh tra Sở đã được nhắc lúc \d\d/\d\d/\d{4} \d\d:\d\d\. "
                     r"Mỗi đơn vị chỉ được nhắc một lần mỗi ngày\.", response.text)
    assert len(reminders_of(org.ttr_staff)) == 1


@pytest.mark.parametrize("username", ["thanhtra", "chanhthanhtra", "lanhdao"])
def test_reminders_are_refused_to_others_than_the_office(client, org, period, username):
    sign_in(client, username)
    before = fingerprint()
    assert client.post(f"/periods/{period.id}/remind", data={"unit": str(org.ttr.id)}, headers=HX).status_code == 403
    assert client.post(f"/periods/{period.id}/remind", data={"all": "1"}).status_code == 403
    assert_unchanged(before)


def test_staff_cannot_see_the_follow_up(client, org, period):
    sign_in(client, "thanhtra")
    assert client.get(f"/periods/{period.id}/follow-up").status_code == 403


def test_a_supervisor_sees_the_follow_up_without_reminder_buttons(client, org, period):
    sign_in(client, "lanhdao")
    page = client.get(f"/periods/{period.id}/follow-up")
    assert page.status_code == 200 and cells(page.text, "TTr")["returned"] == 1
    assert "Gửi nhắc việc" not in page.text


@pytest.mark.parametrize("data, message", [
    ({}, "Hãy chọn đơn vị cần nhắc việc."),
    ({"unit": "abc"}, "Đơn vị cần nhắc việc không hợp lệ."),
    ({"unit": "99999999999"}, "Đơn vị này không có nhiệm vụ nào trong kỳ báo cáo."),
    ({"unit": "BOARD"}, "Đơn vị này không có nhiệm vụ nào trong kỳ báo cáo."),
    ({"unit": "VP"}, "Văn phòng Sở đã gửi đủ báo cáo kỳ này, không cần nhắc."),
])
def test_a_bad_reminder_is_refused_with_422_and_nothing_changes(office, org, period, data, message):
    ids = {"BOARD": str(org.bgd.id), "VP": str(org.vp.id)}
    data = {k: ids.get(v, v) for k, v in data.items()}
    before = fingerprint()
    for headers in (HX, {}):
        response = office.post(f"/periods/{period.id}/remind", data=data, headers=headers)
        assert response.status_code == 422
        assert message in response.text
    assert_unchanged(before)


def test_a_unit_without_accounts_cannot_be_reminded(office, org, period):
    from app.org.models import User

    with transaction():
        for user in db.session.scalars(select(User).where(User.unit_id == org.khtc.id)):
            user.active = False
    before = fingerprint()
    response = office.post(f"/periods/{period.id}/remind", data={"unit": str(org.khtc.id)}, headers=HX)
    assert response.status_code == 422
    assert "chưa có tài khoản nào đang hoạt động" in response.text
    assert_unchanged(before)


def test_a_locked_period_shows_its_numbers_and_refuses_reminders(office, org, period):
    with transaction():
        lock_period(org.office, period)
    page = office.get(f"/periods/{period.id}/follow-up").text
    assert cells(page, "TTr")["not_reported"] == 3 and "Gửi nhắc việc" not in page
    before = fingerprint()
    response = office.post(f"/periods/{period.id}/remind", data={"all": "1"}, headers=HX)
    assert response.status_code == 422 and "Kỳ báo cáo đã khóa" in response.text
    assert_unchanged(before)


def test_unknown_period_is_a_404(office, org):
    assert office.get("/periods/999999/follow-up").status_code == 404
    assert office.post("/periods/999999/remind", data={"all": "1"}).status_code == 404
    assert office.get("/periods/99999999999999999999999/follow-up").status_code == 404


def test_a_reminded_user_sees_it_under_the_bell(client, org, period):
    sign_in(client, "vanphong")
    client.post(f"/periods/{period.id}/remind", data={"unit": str(org.khtc.id)})
    client.post("/logout")
    sign_in(client, "khtc")
    page = client.get("/notifications").text
    assert "Nhắc việc từ" in page and "2 nhiệm vụ chưa báo cáo" in page
    # the reminder, and the notice of Quý I 2026 opened (Năm 2025 expects nothing of a 2026 plan)
    unread = notes.unread_count(org.khtc_staff)
    assert unread == 2 and f'aria-label="Thông báo: {unread} chưa đọc"' in client.get("/checklist").text
