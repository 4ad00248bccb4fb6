"""Administration of units and users (Quản trị): /units and /users."""
import re

import pytest
from sqlalchemy import select

from app.audit import AuditLog
from app.extensions import db
from app.org.models import Unit, User
from tests.factories import PASSWORD, assert_unchanged, fingerprint, make_plan, make_task
from tests.signin import post_login, sign_in


def unit_form(**kw):
    data = {"name": "Phòng Quản lý công nghiệp", "short_name": "QLCN", "kind": "phong", "active": "y"}
    data.update(kw)
    return {k: v for k, v in data.items() if v is not None}


def user_form(unit, **kw):
    data = {"username": "nguyenvana", "full_name": "Nguyễn Văn A", "job_title": "Chuyên viên",
            "email": "a.nguyen@congthuong.gov.vn", "unit_id": str(unit.id), "roles": ["staff"], "active": "y",
            "password": "bat-dau-123"}
    data.update(kw)
    return {k: v for k, v in data.items() if v is not None}


def edit_form(user, **kw):
    """The user form as the admin would send it back for ``user``, with ``kw`` changed."""
    data = {"version": str(user.version), "username": user.username, "full_name": user.full_name,
            "job_title": user.job_title, "email": user.email, "unit_id": str(user.unit_id),
            "roles": sorted(user.roles), "active": "y" if user.active else None}
    data.update(kw)
    return {k: v for k, v in data.items() if v is not None}




def last_audit(object_type, object_id):
    return db.session.scalars(
        select(AuditLog).where(AuditLog.object_type == object_type, AuditLog.object_id == object_id)
        .order_by(AuditLog.id.desc())
    ).first()


@pytest.fixture
def admin(client, org):
    sign_in(client, "quantri")
    return client


# -- units -------------------------------------------------------------------------------

def test_units_page_lists_every_unit(admin, org):
    page = admin.get("/units")
    assert page.status_code == 200
    for unit in (org.vp, org.ttr, org.khtc, org.bgd):
        assert unit.name in page.text
    assert f'href="/units/{org.khtc.id}"' in page.text
    assert admin.get("/units/new").status_code == 200


def test_units_page_counts_the_live_tasks_each_unit_leads(admin, org):
    """The column comes from plans (org's ``unit_list_columns`` signal): org never imports plans."""
    area = make_plan(org.office).areas[0]
    make_task(area, org.khtc, title="Nhiệm vụ một")
    make_task(area, org.khtc, title="Nhiệm vụ hai")
    make_task(area, org.ttr)
    page = admin.get("/units").text
    assert '<th scope="col">Người dùng</th><th scope="col">Nhiệm vụ chủ trì</th>' in page
    # name, users, tasks led
    rows = {name: cells for name, *cells in re.findall(
        r'<tr>\s*<td><a href="/units/\d+">([^<]+)</a></td>\s*<td>[^<]*</td>\s*<td>[^<]*</td>\s*'
        r'<td>(\d+)</td>\s*<td>(\d+)</td>', page)}
    assert rows[org.khtc.name] == ["1", "2"] and rows[org.ttr.name] == ["2", "1"] and rows[org.bgd.name] == ["1", "0"]


def test_admin_creates_a_unit(admin, org):
    response = admin.post("/units/new", data=unit_form())
    assert response.status_code == 302 and response.headers["Location"] == "/units"
    unit = db.session.scalar(select(Unit).where(Unit.short_name == "QLCN"))
    assert (unit.name, unit.kind, unit.active) == ("Phòng Quản lý công nghiệp", "phong", True)
    record = last_audit("unit", unit.id)
    assert (record.action, record.actor_id, record.after["name"]) == ("create", org.admin.id, unit.name)
    page = admin.get("/units")
    assert "Đã thêm đơn vị “Phòng Quản lý công nghiệp”." in page.text


def test_admin_edits_a_unit_and_its_page_shows_the_change(admin, org):
    unit = org.khtc
    response = admin.post(f"/units/{unit.id}", data=unit_form(
        name="Phòng Kế hoạch - Tài chính", short_name="KH-TC", version=str(unit.version), active=None))
    assert response.status_code == 302
    db.session.expire_all()
    unit = db.session.get(Unit, unit.id)
    assert (unit.name, unit.short_name, unit.active) == ("Phòng Kế hoạch - Tài chính", "KH-TC", False)
    record = last_audit("unit", unit.id)
    assert record.action == "update" and record.actor_name == org.admin.full_name
    assert record.before == {"name": "Phòng Kế hoạch - Tài chính - Tổng hợp", "short_name": "KH-TC-TH",
                             "active": "Có"}
    page = admin.get(f"/units/{unit.id}").text
    assert "Lịch sử thay đổi" in page
    assert "<del>Phòng Kế hoạch - Tài chính - Tổng hợp</del> → <ins>Phòng Kế hoạch - Tài chính</ins>" in page
    assert "<del>KH-TC-TH</del> → <ins>KH-TC</ins>" in page
    assert "<del>Có</del> → <ins>Không</ins>" in page
    assert org.admin.full_name in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "thanh tra sở"}, "Đã có đơn vị tên “thanh tra sở”."),
        ({"short_name": "ttr"}, "Tên viết tắt “ttr” đã được dùng cho đơn vị khác."),
        ({"name": "   "}, "Vui lòng nhập tên đơn vị."),
        ({"short_name": ""}, "Vui lòng nhập tên viết tắt."),
        ({"kind": "bo"}, "Lựa chọn không hợp lệ."),
        ({"name": "x" * 201}, "Tối đa 200 ký tự."),
    ],
)
def test_new_unit_validation(admin, org, data, message):
    before = fingerprint()
    response = admin.post("/units/new", data=unit_form(**data))
    assert response.status_code == 422
    assert message in response.text
    assert_unchanged(before)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "THANH TRA SỞ", "short_name": "KH-TC-TH"}, "Đã có đơn vị tên “THANH TRA SỞ”."),
        ({"name": "Phòng Kế hoạch - Tài chính - Tổng hợp", "short_name": "vp"},
         "Tên viết tắt “vp” đã được dùng cho đơn vị khác."),
        ({"name": "   ", "short_name": "KH-TC-TH"}, "Vui lòng nhập tên đơn vị."),
        ({"name": "Phòng Kế hoạch - Tài chính - Tổng hợp", "short_name": "  "}, "Vui lòng nhập tên viết tắt."),
    ],
)
def test_edit_unit_validation(admin, org, data, message):
    before = fingerprint()
    response = admin.post(f"/units/{org.khtc.id}", data=unit_form(kind="phong", **data))
    assert response.status_code == 422
    assert message in response.text
    assert_unchanged(before)


def test_a_unit_keeps_its_own_name_when_saved_unchanged(admin, org):
    before = fingerprint()
    response = admin.post(f"/units/{org.khtc.id}", data=unit_form(
        name=org.khtc.name, short_name=org.khtc.short_name, version=str(org.khtc.version)))
    assert response.status_code == 302
    assert_unchanged(before)  # nothing changed, nothing recorded


def test_editing_a_unit_from_a_stale_form_is_refused(admin, org):
    stale = str(org.khtc.version)
    assert admin.post(f"/units/{org.khtc.id}", data=unit_form(name="Tên thứ nhất", short_name="T1",
                                                                version=stale)).status_code == 302
    before = fingerprint()
    response = admin.post(f"/units/{org.khtc.id}", data=unit_form(name="Tên thứ hai", short_name="T2",
                                                                    version=stale))
    assert response.status_code == 422
    assert "vừa được người khác thay đổi" in response.text
    assert_unchanged(before)


def test_unknown_unit_is_404(admin):
    assert admin.get("/units/99999").status_code == 404


# -- users ---------------------------------------------------------------------------------

def test_users_page_lists_users_and_filters_by_unit(admin, org):
    page = admin.get("/users").text
    for user in (org.admin, org.office, org.ttr_staff, org.khtc_staff):
        assert user.full_name in page
    page = admin.get(f"/users?unit={org.ttr.id}").text
    assert org.ttr_staff.full_name in page and org.ttr_head.full_name in page
    assert org.khtc_staff.full_name not in page
    assert admin.get("/users/new").status_code == 200


def test_admin_creates_a_user_who_must_change_the_password(admin, app, org):
    response = admin.post("/users/new", data=user_form(org.ttr, username="NguyenVanA",
                                                       roles=["staff", "unit_head"]))
    assert response.status_code == 302 and response.headers["Location"] == "/users"
    user = db.session.scalar(select(User).where(User.username == "nguyenvana"))
    assert (user.full_name, user.unit_id, user.roles) == ("Nguyễn Văn A", org.ttr.id, {"staff", "unit_head"})
    assert user.must_change_password and user.check_password("bat-dau-123")
    assert "bat-dau-123" not in user.password_hash
    record = last_audit("user", user.id)
    assert (record.action, record.actor_id) == ("create", org.admin.id)
    assert record.after["roles"] == "Chuyên viên, Lãnh đạo phòng"
    # the new user logs in and is sent to change the password first
    other = sign_in(app, "nguyenvana", "bat-dau-123")
    response = other.get("/checklist")
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/password")


def test_admin_edits_a_user_and_the_page_shows_the_change(admin, org):
    user = org.ttr_staff
    response = admin.post(f"/users/{user.id}", data=edit_form(
        user, full_name="Trần Thị Bình", unit_id=str(org.khtc.id), roles=["unit_head"]))
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert (user.full_name, user.unit_id, user.roles) == ("Trần Thị Bình", org.khtc.id, {"unit_head"})
    record = last_audit("user", user.id)
    assert record.action == "update"
    assert set(record.before) == {"full_name", "unit", "roles"}
    page = admin.get(f"/users/{user.id}").text
    assert "<del>Thanh tra Sở</del> → <ins>Phòng Kế hoạch - Tài chính - Tổng hợp</ins>" in page
    assert "<del>Chuyên viên</del> → <ins>Lãnh đạo phòng</ins>" in page
    assert "<ins>Trần Thị Bình</ins>" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "ThanhTra"}, "Tên đăng nhập “thanhtra” đã có người dùng."),
        ({"username": "nguyen van a"}, "Chỉ dùng chữ không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới."),
        ({"username": "nguyễnvăna"}, "Chỉ dùng chữ không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới."),
        ({"username": ""}, "Vui lòng nhập tên đăng nhập."),
        ({"password": "ngan-12"}, "Tối thiểu 8 ký tự."),
        ({"password": ""}, "Vui lòng nhập mật khẩu ban đầu."),
        ({"password": "NguyenVanA"}, "Mật khẩu không được trùng với tên đăng nhập."),
        ({"password": "x" * 129}, "Tối đa 128 ký tự."),
        ({"roles": None}, "Hãy chọn ít nhất một vai trò."),
        ({"email": "a.nguyen@"}, "Địa chỉ thư điện tử không hợp lệ."),
        ({"email": "a nguyen@congthuong.gov.vn"}, "Địa chỉ thư điện tử không hợp lệ."),
        ({"full_name": "  "}, "Vui lòng nhập họ và tên."),
    ],
)
def test_new_user_validation(admin, org, data, message):
    before = fingerprint()
    response = admin.post("/users/new", data=user_form(org.ttr, **data))
    assert response.status_code == 422
    assert message in response.text
    assert_unchanged(before)


@pytest.mark.parametrize("data", [{"roles": ["god"]}, {"unit_id": "99999"}, {"unit_id": "abc"},
                                  {"unit_id": "99999999999999999999999"}])
def test_new_user_with_an_unknown_role_or_unit_is_refused(admin, org, data):
    before = fingerprint()
    response = admin.post("/users/new", data=user_form(org.ttr, **data))
    assert response.status_code == 422
    assert_unchanged(before)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "KHTC"}, "Tên đăng nhập “khtc” đã có người dùng."),
        ({"full_name": "   "}, "Vui lòng nhập họ và tên."),
        ({"roles": None}, "Hãy chọn ít nhất một vai trò."),
        ({"email": "khong-phai-thu"}, "Địa chỉ thư điện tử không hợp lệ."),
    ],
)
def test_edit_user_validation(admin, org, data, message):
    before = fingerprint()
    response = admin.post(f"/users/{org.ttr_staff.id}", data=edit_form(org.ttr_staff, **data))
    assert response.status_code == 422
    assert message in response.text
    assert_unchanged(before)


def test_admin_cannot_lock_himself(admin, org):
    before = fingerprint()
    response = admin.post(f"/users/{org.admin.id}", data=edit_form(org.admin, active=None))
    assert response.status_code == 422
    assert "Bạn không thể tự khóa tài khoản của chính mình." in response.text
    assert_unchanged(before)
    assert admin.get("/users").status_code == 200  # still signed in


def test_admin_cannot_drop_his_own_admin_role(admin, org):
    before = fingerprint()
    response = admin.post(f"/users/{org.admin.id}", data=edit_form(org.admin, roles=["office"]))
    assert response.status_code == 422
    assert "Bạn không thể tự bỏ vai trò Quản trị của chính mình." in response.text
    assert_unchanged(before)


def test_admin_can_still_edit_his_own_details(admin, org):
    response = admin.post(f"/users/{org.admin.id}", data=edit_form(org.admin, full_name="Quản trị viên",
                                                                    roles=["admin", "office"]))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, org.admin.id).roles == {"admin", "office"}
    assert admin.get("/users").status_code == 200


def test_locking_a_user_ends_his_sessions(admin, app, org):
    staff = sign_in(app, "thanhtra")
    assert staff.get("/checklist").status_code == 200
    token = org.ttr_staff.login_token

    response = admin.post(f"/users/{org.ttr_staff.id}", data=edit_form(org.ttr_staff, active=None))
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, org.ttr_staff.id)
    assert not user.active and user.login_token != token
    assert last_audit("user", user.id).after == {"active": "Không"}

    response = staff.get("/checklist")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    # unlocking does not bring the old session back
    assert admin.post(f"/users/{user.id}", data=edit_form(user, active="y")).status_code == 302
    assert staff.get("/checklist").status_code == 302
    # the user signs in again
    sign_in(staff, "thanhtra")
    assert staff.get("/checklist").status_code == 200


def test_a_locked_user_cannot_sign_in(admin, app, org):
    admin.post(f"/users/{org.ttr_staff.id}", data=edit_form(org.ttr_staff, active=None))
    response = post_login(app.test_client(), "thanhtra")
    assert response.status_code == 422
    assert "Tài khoản này đã bị khóa." in response.text


def test_reset_password_forces_a_change_at_next_login(admin, app, org):
    staff = sign_in(app, "thanhtra")
    assert staff.get("/checklist").status_code == 200

    response = admin.post(f"/users/{org.ttr_staff.id}/password", data={"new_password": "tam-thoi-456"})
    assert response.status_code == 302 and response.headers["Location"] == f"/users/{org.ttr_staff.id}"
    db.session.expire_all()
    user = db.session.get(User, org.ttr_staff.id)
    assert user.must_change_password and user.check_password("tam-thoi-456")
    assert (last_audit("user", user.id).action, last_audit("user", user.id).actor_id) == ("reset_password",
                                                                                         org.admin.id)
    page = admin.get(f"/users/{user.id}").text
    assert "Đặt lại mật khẩu" in page and "tam-thoi-456" not in page

    assert staff.get("/checklist").status_code == 302  # the open session ended
    assert post_login(staff, "thanhtra", PASSWORD).status_code == 422  # the old password is gone
    sign_in(staff, "thanhtra", "tam-thoi-456")
    response = staff.get("/checklist")
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/password")
    response = staff.post("/account/password", data={"current_password": "tam-thoi-456",
                                                     "new_password": "cua-toi-789", "confirm": "cua-toi-789"})
    assert response.status_code == 302
    assert staff.get("/checklist").status_code == 200


@pytest.mark.parametrize(("password", "message"), [("ngan-12", "Tối thiểu 8 ký tự."),
                                                   ("", "Vui lòng nhập mật khẩu tạm thời.")])
def test_reset_password_refuses_a_short_password(admin, org, password, message):
    before = fingerprint()
    response = admin.post(f"/users/{org.ttr_staff.id}/password", data={"new_password": password})
    assert response.status_code == 422
    assert message in response.text
    assert_unchanged(before)


# -- only the admin ----------------------------------------------------------------------------

def _requests(org):
    """Every org route, with a valid change for the POSTs."""
    target = org.khtc_staff
    return [
        ("GET", "/units", None),
        ("GET", "/units/new", None),
        ("POST", "/units/new", unit_form()),
        ("GET", f"/units/{org.khtc.id}", None),
        ("POST", f"/units/{org.khtc.id}", unit_form(name="Phòng đổi tên", short_name="PDT")),
        ("GET", "/users", None),
        ("GET", "/users/new", None),
        ("POST", "/users/new", user_form(org.ttr)),
        ("GET", f"/users/{target.id}", None),
        ("POST", f"/users/{target.id}", edit_form(target, full_name="Đổi tên", roles=["admin"])),
        ("POST", f"/users/{target.id}/password", {"new_password": "tam-thoi-123"}),
    ]


@pytest.mark.parametrize("username", ["vanphong", "lanhdao", "chanhthanhtra", "thanhtra"],
                         ids=["office", "supervisor", "unit_head", "staff"])
def test_only_the_admin_may_use_the_org_pages(client, org, username):
    sign_in(client, username)
    before = fingerprint()
    statuses = {f"{method} {url}": client.open(url, method=method, data=data).status_code
                for method, url, data in _requests(org)}
    assert statuses == {key: 403 for key in statuses}
    assert_unchanged(before)
    assert "Không có quyền truy cập" in client.get("/users").text
    page = client.get("/plans").text
    assert 'href="/units"' not in page and 'href="/users"' not in page


def test_org_pages_send_visitors_to_login(client, org):
    client.get("/login")
    before = fingerprint()
    for method, url, data in _requests(org):
        response = client.open(url, method=method, data=data)
        assert response.status_code == 302 and "/login" in response.headers["Location"], (method, url)
    assert_unchanged(before)


def test_the_admin_sees_the_org_links(admin):
    page = admin.get("/plans").text
    assert 'href="/units"' in page and 'href="/users"' in page


def test_creating_a_user_without_the_optional_fields_works(client, org):
    """A request that leaves out job title and e-mail (not just sends them empty) is not a 500."""
    sign_in(client, "quantri")
    response = client.post("/users/new", data={"username": "toithieu", "full_name": "Người tối thiểu",
                                               "unit_id": str(org.ttr.id), "roles": ["staff"],
                                               "password": "mat-khau-123"})
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.scalar(select(User).where(User.username == "toithieu"))
    assert (user.job_title, user.email, user.active) == ("", "", False)
