"""Supervisor assignments on the admin's user page: the units a Lãnh đạo Sở approves, or all (Giám đốc)."""
import re

import pytest
from sqlalchemy import func, select

from app.audit import AuditLog
from app.extensions import db
from app.org.models import User
from app.permissions import can
from app.progress.models import supervised_units
from tests.factories import audits, fresh
from tests.signin import sign_in


def assignment():
    """Everything the supervision form can change."""
    db.session.expire_all()
    return (db.session.execute(select(supervised_units.c.user_id, supervised_units.c.unit_id)
                               .order_by(supervised_units.c.user_id, supervised_units.c.unit_id)).all(),
            db.session.execute(select(User.id, User.supervises_all, User.version).order_by(User.id)).all(),
            db.session.scalar(select(func.count(AuditLog.id))))


@pytest.fixture
def admin(client, org):
    sign_in(client, "quantri")
    return client


def form(user, *units, director=False, version=None):
    data = {"version": str(version if version is not None else fresh(User, user.id).version),
            "unit_ids": [str(u.id) for u in units]}
    if director:
        data["supervises_all"] = "y"
    return data


def test_the_user_page_offers_the_units_to_a_supervisor(admin, org):
    page = admin.get(f"/users/{org.supervisor.id}").text
    assert "Đơn vị phụ trách (Lãnh đạo Sở)" in page
    assert "Giám đốc Sở (xem và duyệt tất cả các đơn vị)" in page
    boxes = dict(re.findall(r'name="unit_ids" value="(\d+)"( checked)?', page))
    assert boxes[str(org.ttr.id)] == " checked" and boxes[str(org.khtc.id)] == ""
    assert str(org.bgd.id) not in boxes  # the board supervises, it is not supervised


def test_the_admin_assigns_units_to_a_supervisor(admin, org):
    response = admin.post(f"/users/{org.supervisor.id}/supervision", data=form(org.supervisor, org.ttr, org.khtc))
    assert response.status_code == 302 and response.headers["Location"] == f"/users/{org.supervisor.id}"
    user = fresh(User, org.supervisor.id)
    assert [u.short_name for u in user.supervised_units] == ["TTr", "KH-TC-TH"] and not user.supervises_all
    [record] = audits("update", "user", user.id)
    assert record.before == {"supervision": "Thanh tra Sở"}
    assert record.after == {"supervision": "Thanh tra Sở, Phòng Kế hoạch - Tài chính - Tổng hợp"}
    assert "Phụ trách đơn vị" in admin.get(f"/users/{user.id}").text  # shown in the history


def test_the_director_approves_every_unit(admin, org):
    from app.progress.models import ProgressEntry, ReportingPeriod

    admin.post(f"/users/{org.supervisor.id}/supervision", data=form(org.supervisor, director=True))
    user = fresh(User, org.supervisor.id)
    assert user.supervises_all and user.supervised_units == []
    entry = ProgressEntry(unit_id=org.khtc.id, status="submitted", period=ReportingPeriod(status="open"))
    assert can(user, "entry.decide", entry)
    [record] = audits("update", "user", user.id)
    assert record.after == {"supervision": "Tất cả các đơn vị (Giám đốc Sở)"}


def test_clearing_every_unit_is_recorded(admin, org):
    admin.post(f"/users/{org.supervisor.id}/supervision", data=form(org.supervisor))
    assert fresh(User, org.supervisor.id).supervised_units == []
    [record] = audits("update", "user", org.supervisor.id)
    assert record.before == {"supervision": "Thanh tra Sở"} and record.after == {}


def test_the_users_list_shows_who_supervises_what(admin, org):
    from tests.factories import make_user

    director = make_user(org.bgd, ["supervisor"], "giamdoc", full_name="Giám đốc Sở")
    admin.post(f"/users/{director.id}/supervision", data=form(director, director=True))
    page = admin.get("/users").text
    assert "<th scope=\"col\">Phụ trách</th>" in page
    row = lambda name: re.search(rf">{name}</a>.*?</tr>", page, re.S).group(0)  # noqa: E731
    assert "<td>TTr</td>" in row(org.supervisor.full_name)
    assert "<td>Tất cả đơn vị</td>" in row("Giám đốc Sở")


@pytest.mark.parametrize("username", ["vanphong", "lanhdao", "thanhtra", "chanhthanhtra"])
def test_supervision_is_refused_to_non_admins(client, org, username):
    sign_in(client, username)
    before = assignment()
    response = client.post(f"/users/{org.supervisor.id}/supervision", data=form(org.supervisor, org.khtc,
                                                                                  director=True))
    assert response.status_code == 403
    assert assignment() == before


def test_supervision_needs_a_login(client, org):
    before = assignment()
    response = client.post(f"/users/{org.supervisor.id}/supervision", data=form(org.supervisor, org.khtc))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert assignment() == before


def test_only_a_supervisor_gets_units(admin, org):
    page = admin.get(f"/users/{org.ttr_staff.id}").text
    assert "Chỉ áp dụng cho người có vai trò Lãnh đạo Sở" in page and 'name="unit_ids"' not in page
    before = assignment()
    response = admin.post(f"/users/{org.ttr_staff.id}/supervision", data=form(org.ttr_staff, org.khtc))
    assert response.status_code == 422
    assert "Chỉ phân công đơn vị phụ trách cho người có vai trò Lãnh đạo Sở." in response.text
    assert assignment() == before


@pytest.mark.parametrize(("unit_ids", "message"), [
    (["abc"], "Lựa chọn không hợp lệ"),  # not a number: the field cannot read it
    (["999999"], "không phải là lựa chọn hợp lệ"),  # a number, but not a unit offered
    (["99999999999999999999999"], "không phải là lựa chọn hợp lệ"),
    (["BOARD"], "không phải là lựa chọn hợp lệ"),  # the board is not a unit to supervise
])
def test_an_unknown_unit_is_refused_with_422(admin, org, unit_ids, message):
    unit_ids = [str(org.bgd.id) if u == "BOARD" else u for u in unit_ids]
    before = assignment()
    data = {**form(org.supervisor), "unit_ids": unit_ids}
    response = admin.post(f"/users/{org.supervisor.id}/supervision", data=data)
    assert response.status_code == 422
    assert message in response.text
    assert assignment() == before


def test_a_stale_supervision_form_is_refused(admin, org):
    stale = form(org.supervisor, org.khtc)
    admin.post(f"/users/{org.supervisor.id}/supervision", data=form(org.supervisor, org.ttr, org.khtc))
    before = assignment()
    response = admin.post(f"/users/{org.supervisor.id}/supervision", data=stale)
    assert response.status_code == 422 and "vừa được người khác thay đổi" in response.text
    assert assignment() == before


def test_an_unknown_user_is_a_404(admin, org):
    assert admin.post("/users/999999/supervision", data={"version": "1"}).status_code == 404
