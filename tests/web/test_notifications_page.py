"""The bell in the nav, the notifications page, opening and marking notifications read."""
import re
from datetime import timedelta

import pytest
from app.formatting import utcnow
from app.progress import notifications as notes
from app.progress.models import Notification
from app.transactions import transaction
from tests.factories import HX, count, fresh
from tests.signin import sign_in


def send(user, text, url="/checklist", minutes_ago=0):
    with transaction():
        note = notes.notify([user], notes.REMINDER, text, url)[0]
        note.created_at = utcnow() - timedelta(minutes=minutes_ago)
    return note


def bell_label(html):
    return re.search(r'id="bell"[^>]*aria-label="([^"]+)"', html, re.S).group(1)


@pytest.fixture
def staff(client, org):
    sign_in(client, "thanhtra")
    return client


def test_the_bell_shows_the_unread_count_in_vietnamese(staff, org):
    assert bell_label(staff.get("/checklist").text) == "Thông báo: không có thông báo chưa đọc"
    for n in range(3):
        send(org.ttr_staff, f"Nhắc việc {n}")
    send(org.khtc_staff, "Của đơn vị khác")
    page = staff.get("/checklist").text
    assert bell_label(page) == "Thông báo: 3 chưa đọc"
    assert re.search(r'<span class="unread-count" aria-hidden="true">3</span>', page)
    assert 'hx-trigger="every 60s, notifications-changed from:body"' in page


def test_the_badge_endpoint_returns_the_fresh_count(staff, org):
    send(org.ttr_staff, "Một")
    response = staff.get("/notifications/badge", headers=HX)
    assert response.status_code == 200 and bell_label(response.text) == "Thông báo: 1 chưa đọc"
    assert "<html" not in response.text


def test_the_badge_of_a_signed_out_visitor_is_empty_not_the_login_page(client, org):
    response = client.get("/notifications/badge", headers=HX)
    assert response.status_code == 204 and response.text == ""


def test_the_page_lists_my_notifications_newest_first(staff, org):
    send(org.ttr_staff, "Cũ nhất", minutes_ago=30)
    send(org.ttr_staff, "Mới nhất", minutes_ago=1)
    send(org.ttr_staff, "Ở giữa", minutes_ago=10)
    send(org.khtc_staff, "Thông báo của KH-TC-TH")
    page = staff.get("/notifications")
    assert page.status_code == 200
    text = page.text
    assert text.index("Mới nhất") < text.index("Ở giữa") < text.index("Cũ nhất")
    assert "Thông báo của KH-TC-TH" not in text
    assert "3</strong> thông báo chưa đọc" in text and "Đánh dấu đã đọc tất cả" in text


def test_opening_a_notification_marks_it_read_by_post_and_follows_its_link(staff, org):
    note = send(org.ttr_staff, "Kỳ báo cáo đã mở", url="/checklist?period=7")
    page = staff.get("/notifications").text
    assert re.search(rf'<form method="post" action="/notifications/{note.id}"[^>]*>\s*'
                     r'<input type="hidden" name="csrf_token"', page)
    response = staff.post(f"/notifications/{note.id}")
    assert response.status_code == 303 and response.headers["Location"] == "/checklist?period=7"
    assert fresh(Notification, note.id).read_at is not None
    assert bell_label(staff.get("/checklist").text) == "Thông báo: không có thông báo chưa đọc"


def test_following_a_notification_by_get_leaves_it_unread(staff, org):
    note = send(org.ttr_staff, "Kỳ báo cáo đã mở", url="/checklist?period=7")
    response = staff.get(f"/notifications/{note.id}")
    assert response.status_code == 303 and response.headers["Location"] == "/checklist?period=7"
    assert fresh(Notification, note.id).read_at is None


def test_mark_all_read(staff, org):
    send(org.ttr_staff, "Một")
    send(org.ttr_staff, "Hai")
    theirs = send(org.khtc_staff, "Của KH-TC-TH")
    response = staff.post("/notifications/read", data={"all": "1"}, headers=HX)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "notifications-changed"
    assert "Đã đánh dấu đã đọc 2 thông báo." in response.text
    assert notes.unread_count(org.ttr_staff) == 0
    assert fresh(Notification, theirs.id).read_at is None


def test_mark_all_read_without_htmx_redirects_to_the_page(staff, org):
    send(org.ttr_staff, "Một")
    response = staff.post("/notifications/read", data={"all": "1"})
    assert response.status_code == 303 and response.headers["Location"] == "/notifications"
    assert "Đã đánh dấu đã đọc 1 thông báo." in staff.get("/notifications").text


def test_another_units_user_cannot_open_or_mark_my_notifications(client, org):
    mine = send(org.ttr_staff, "Của Thanh tra")
    sign_in(client, "khtc")
    assert client.get(f"/notifications/{mine.id}").status_code == 404
    assert client.post(f"/notifications/{mine.id}", headers=HX).status_code == 404
    assert client.post("/notifications/read", data={"id": str(mine.id)}, headers=HX).status_code == 404
    assert fresh(Notification, mine.id).read_at is None
    assert "Của Thanh tra" not in client.get("/notifications").text


@pytest.mark.parametrize("value", ["", "abc", "-1", "1 OR 1=1", "9" * 40])
def test_marking_a_bad_id_is_refused_with_422(staff, org, value):
    note = send(org.ttr_staff, "Một")
    response = staff.post("/notifications/read", data={"id": value})
    assert response.status_code == 422
    assert "Thông báo cần đánh dấu không hợp lệ." in response.text
    assert fresh(Notification, note.id).read_at is None


def test_an_unknown_notification_is_a_404(staff, org):
    assert staff.get("/notifications/999999").status_code == 404
    assert staff.get("/notifications/99999999999999999999").status_code == 404


def test_notifications_need_a_login(client, org):
    response = client.get("/notifications")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    response = client.post("/notifications/read", data={"all": "1"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert count(Notification) == 0


def test_the_bell_and_the_page_do_not_create_due_soon_notices(staff, org):
    """The due-soon notices come from the scheduled ``flask remind``; a GET writes nothing."""
    from app.formatting import local_today
    from tests.reminders_data import build_period

    build_period(org, due_on=local_today() + timedelta(days=2))
    before = count(Notification)
    staff.get("/notifications/badge", headers=HX)
    staff.get("/notifications")
    assert count(Notification) == before
    with transaction():
        assert notes.due_soon(local_today())  # what the command does: there were some to make
