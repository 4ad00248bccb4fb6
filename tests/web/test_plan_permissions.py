"""Who may do what to a plan: the refusal matrix of the plans blueprint.

Each editor route is tried by every role. Thanh tra staff, a unit head and a
supervisor (Lãnh đạo Sở) are refused (403) and nothing in the database moves;
the office and the admin get through; a closed plan refuses everyone. Reading
follows the plan's status: unit staff never see a draft.
"""
from datetime import date

import pytest
from sqlalchemy import text

from app.extensions import db
from app.formatting import vn_date
from app.plans.services import archive_task, close_plan
from app.transactions import transaction
from tests.factories import (
    HX,
    assert_unchanged,
    changes,
    fingerprint,
    issue,
    make_plan,
    make_target,
    make_task,
)
from tests.signin import sign_in

REFUSED = ("thanhtra", "chanhthanhtra", "lanhdao")  # staff, unit head, supervisor
UNIT_USERS = ("thanhtra", "chanhthanhtra", "khtc")




def build(org, status: str, title: str) -> dict:
    """A plan in ``status`` with two areas, two targets, two live tasks and an archived one."""
    plan = make_plan(org.office, title=title, areas=(1, 2))
    area = plan.areas[0]
    target = make_target(area, "Chỉ tiêu thứ nhất")
    make_target(area, "Chỉ tiêu thứ hai")
    task = make_task(area, org.ttr, "Nhiệm vụ thứ nhất", deadline=date(2026, 6, 30), coop=[org.khtc])
    make_task(area, org.khtc, "Nhiệm vụ thứ hai")
    archived = make_task(area, org.khtc, "Nhiệm vụ đã lưu trữ")
    with transaction():
        archive_task(org.office, archived)
    if status in ("issued", "closed"):
        issue(plan, org.office)
    if status == "closed":
        with transaction():
            close_plan(org.office, plan)
    db.session.refresh(plan)
    return {"plan": plan.id, "area": area.id, "target": target.id, "task": task.id, "archived": archived.id,
            "number": plan.number, "issued_on": vn_date(plan.issued_on), "title": title}


class Plans(dict):
    """The test plans, built on first use (a draft, an issued and a closed one)."""

    TITLES = {"draft": "Kế hoạch dự thảo năm 2026", "issued": "Kế hoạch đã ban hành năm 2026",
              "closed": "Kế hoạch đã kết thúc năm 2025"}

    def __init__(self, org):
        super().__init__()
        self.org = org

    def __missing__(self, status):
        self[status] = build(self.org, status, self.TITLES[status])
        return self[status]

    def all(self):
        for status in self.TITLES:
            self[status]
        return self


@pytest.fixture
def plans(org):
    return Plans(org)


def meta_data(t, org):
    return {"kind": "annual", "title": "Tên kế hoạch đã sửa", "number": t["number"], "issued_on": t["issued_on"],
            "year": "2026", "basis": "", "parent_id": ""}


def target_data(t, org):
    return {"text": "Chỉ tiêu sửa đổi", "metric_kind": "percent", "comparator": ">=", "target_value": "100"}


def task_data(t, org):
    return {"title": "Nhiệm vụ sửa đổi", "lead_unit_id": str(org.ttr.id), "deadline": "31/12/2026"}


# (name, method, url, form data) for every route of the editor.
EDITOR_ROUTES = [
    ("editor page", "GET", "/plans/{plan}/edit", None),
    ("plan meta form", "GET", "/plans/{plan}/meta/edit", None),
    ("plan meta save", "POST", "/plans/{plan}/meta/edit", meta_data),
    ("add area", "POST", "/plans/{plan}/areas", lambda t, org: {"name": "Thông tin, tuyên truyền"}),
    ("area form", "GET", "/areas/{area}/edit", None),
    ("area save", "POST", "/areas/{area}/edit", lambda t, org: {"name": "Nội dung đã đổi tên"}),
    ("move area", "POST", "/areas/{area}/move", lambda t, org: {"direction": "down"}),
    ("delete area", "POST", "/areas/{area}/delete", None),
    ("new target form", "GET", "/areas/{area}/targets/new", None),
    ("add target", "POST", "/areas/{area}/targets", target_data),
    ("target form", "GET", "/targets/{target}/edit", None),
    ("target save", "POST", "/targets/{target}/edit", target_data),
    ("move target", "POST", "/targets/{target}/move", lambda t, org: {"direction": "down"}),
    ("delete target", "POST", "/targets/{target}/delete", None),
    ("new task form", "GET", "/areas/{area}/tasks/new", None),
    ("add task", "POST", "/areas/{area}/tasks", task_data),
    ("task form", "GET", "/tasks/{task}/edit", None),
    ("task save", "POST", "/tasks/{task}/edit", task_data),
    ("move task", "POST", "/tasks/{task}/move", lambda t, org: {"direction": "down"}),
    ("delete task", "POST", "/tasks/{task}/delete", None),
    ("archive task", "POST", "/tasks/{task}/archive", None),
    ("restore task", "POST", "/tasks/{archived}/archive", lambda t, org: {"restore": "1"}),
]
ROUTE_IDS = [r[0] for r in EDITOR_ROUTES]


def call(client, org, route, t, headers=HX):
    name, method, url, data = route
    url = url.format(**t)
    if method == "GET":
        return client.get(url, headers=headers)
    return client.post(url, headers=headers, data=data(t, org) if data else {})


# -- the editor ----------------------------------------------------------------------------

@pytest.mark.parametrize("route", EDITOR_ROUTES, ids=ROUTE_IDS)
def test_staff_unit_head_and_supervisor_cannot_edit(client, org, plans, route):
    targets = (plans["draft"], plans["issued"])
    before = fingerprint()
    for username in REFUSED:
        client.post("/logout")
        sign_in(client, username)
        for t in targets:
            for headers in (HX, {}):
                response = call(client, org, route, t, headers=headers)
                assert response.status_code == 403, (
                    f"{username}: {route[0]} on {t['title']} answered {response.status_code}")
                assert "Không có quyền truy cập" in response.text
                assert ("<html" in response.text) == (not headers)  # an error page, or a message for htmx
    assert_unchanged(before)


@pytest.mark.parametrize("route", EDITOR_ROUTES, ids=ROUTE_IDS)
def test_office_and_admin_can_edit(client, org, plans, route):
    # The office works on the draft through htmx, the admin on the issued plan with plain form posts
    # (the routes serve both): each starts from an untouched plan.
    for username, status, headers in (("vanphong", "draft", HX), ("quantri", "issued", {})):
        t = plans[status]
        client.post("/logout")
        sign_in(client, username)
        before = fingerprint()
        response = call(client, org, route, t, headers=headers)
        if route[1] == "GET":
            assert response.status_code == 200, f"{username}: {route[0]} answered {response.status_code}"
            assert_unchanged(before)
            continue
        if headers:
            assert response.status_code == 200, f"{username}: {route[0]} answered {response.status_code}"
            assert response.headers.get("HX-Trigger") == "plan-changed"
        else:
            assert response.status_code == 302, f"{username}: {route[0]} answered {response.status_code}"
            assert response.headers["Location"].endswith(f"/plans/{t['plan']}/edit")
        assert changes(before, fingerprint()), f"{username}: {route[0]} changed nothing"


def test_closed_plan_refuses_every_edit(client, org, plans):
    t = plans["closed"]
    before = fingerprint()
    for username in ("vanphong", "quantri"):
        client.post("/logout")
        sign_in(client, username)
        for route in EDITOR_ROUTES:
            response = call(client, org, route, t)
            assert response.status_code == 403, f"{username}: {route[0]} answered {response.status_code}"
    assert_unchanged(before)


def test_unknown_ids_are_404(client, org):
    sign_in(client, "vanphong")
    missing = {key: 9999 for key in ("plan", "area", "target", "task", "archived")}
    missing.update(number="", issued_on="", title="")
    for route in EDITOR_ROUTES:
        assert call(client, org, route, missing).status_code == 404, route[0]


# -- create, issue, close, delete -------------------------------------------------------

def test_only_the_office_and_admin_create_plans(client, org):
    before = fingerprint()
    for username in REFUSED:
        client.post("/logout")
        sign_in(client, username)
        assert client.get("/plans/new").status_code == 403, username
        response = client.post("/plans/new", data={"kind": "annual", "title": "Kế hoạch trái phép", "year": "2026",
                                                  "standard_areas": ["1"]})
        assert response.status_code == 403, username
        assert 'href="/plans/new"' not in client.get("/plans").text
    assert_unchanged(before)
    for username in ("vanphong", "quantri"):
        client.post("/logout")
        sign_in(client, username)
        assert client.get("/plans/new").status_code == 200, username
        response = client.post("/plans/new", data={"kind": "annual", "title": f"Kế hoạch của {username}",
                                                  "year": "2026", "standard_areas": ["1"]})
        assert response.status_code == 302, username
        assert db.session.execute(text("SELECT count(*) FROM plans WHERE title = :t"),
                                  {"t": f"Kế hoạch của {username}"}).scalar() == 1


PLAN_ACTIONS = [
    ("issue", "draft", "/plans/{plan}/issue", {"number": "99/KH-SCT", "issued_on": "23/01/2026"}),
    ("close", "issued", "/plans/{plan}/close", {}),
    ("delete", "draft", "/plans/{plan}/delete", {}),
]


@pytest.mark.parametrize(("action", "status", "url", "data"), PLAN_ACTIONS, ids=[a[0] for a in PLAN_ACTIONS])
def test_staff_unit_head_and_supervisor_cannot_issue_close_or_delete(client, org, plans, action, status,
                                                                     url, data):
    t = plans[status]
    before = fingerprint()
    for username in REFUSED:
        client.post("/logout")
        sign_in(client, username)
        for headers in (HX, {}):
            response = client.post(url.format(**t), data=data, headers=headers)
            assert response.status_code == 403, f"{username}: {action} answered {response.status_code}"
    assert_unchanged(before)


@pytest.mark.parametrize(("action", "status", "url", "data"), PLAN_ACTIONS, ids=[a[0] for a in PLAN_ACTIONS])
def test_admin_can_issue_close_and_delete(client, org, plans, action, status, url, data):
    t = plans[status]
    sign_in(client, "quantri")
    before = fingerprint()
    response = client.post(url.format(**t), data=data)
    assert response.status_code == 302
    assert changes(before, fingerprint())
    expected = {"issue": "issued", "close": "closed", "delete": None}[action]
    found = db.session.execute(text("SELECT status FROM plans WHERE id = :id"), {"id": t["plan"]}).scalar()
    assert found == expected


def test_plan_actions_follow_the_plan_status(client, org, plans):
    plans.all()
    before = fingerprint()
    client.post("/logout")
    sign_in(client, "vanphong")
    for action, status in (("issue", "issued"), ("issue", "closed"), ("close", "draft"), ("close", "closed"),
                           ("delete", "issued"), ("delete", "closed")):
        response = client.post(f"/plans/{plans[status]['plan']}/{action}",
                               data={"number": "99/KH-SCT", "issued_on": "23/01/2026"})
        assert response.status_code == 403, f"{action} on {status}"
    assert_unchanged(before)


# -- reading ------------------------------------------------------------------------------

READ_ROUTES = [
    ("read view", "/plans/{plan}", "{title}"),
    ("history", "/plans/{plan}/history", "Lịch sử chỉnh sửa"),
    ("summary", "/plans/{plan}/summary", "nhiệm vụ"),
    ("meta", "/plans/{plan}/meta", "{title}"),
    ("area head", "/areas/{area}", "Cải cách thể chế"),
    ("target row", "/targets/{target}", "Chỉ tiêu thứ nhất"),
    ("task page", "/tasks/{task}", "Nhiệm vụ thứ nhất"),
    ("task row", "/tasks/{task}/row", "Nhiệm vụ thứ nhất"),
]


def test_unit_users_cannot_read_a_draft(client, org, plans):
    t = plans["draft"]
    for username in UNIT_USERS:
        client.post("/logout")
        sign_in(client, username)
        for name, url, _ in READ_ROUTES:
            response = client.get(url.format(**t))
            assert response.status_code == 403, f"{username}: {name} answered {response.status_code}"
            assert t["title"] not in response.text


def test_unit_users_read_issued_and_closed_plans(client, org, plans):
    plans.all()
    for username in UNIT_USERS:
        client.post("/logout")
        sign_in(client, username)
        for status in ("issued", "closed"):
            t = plans[status]
            for name, url, expected in READ_ROUTES:
                response = client.get(url.format(**t))
                assert response.status_code == 200, f"{username}: {name} of {status} answered {response.status_code}"
                assert expected.format(**t) in response.text, f"{username}: {name} of {status}"


def test_supervisor_office_and_admin_read_drafts(client, org, plans):
    t = plans["draft"]
    for username in ("lanhdao", "vanphong", "quantri"):
        client.post("/logout")
        sign_in(client, username)
        for name, url, expected in READ_ROUTES:
            response = client.get(url.format(**t))
            assert response.status_code == 200, f"{username}: {name} answered {response.status_code}"
            assert expected.format(**t) in response.text, f"{username}: {name}"


@pytest.mark.parametrize("username", UNIT_USERS)
def test_plan_list_hides_drafts_from_unit_users(client, org, plans, username):
    plans.all()
    sign_in(client, username)
    for response in (client.get("/plans"), client.get("/plans", headers=HX), client.get("/plans?status=draft")):
        assert response.status_code == 200
        assert plans["draft"]["title"] not in response.text
    listing = client.get("/plans").text
    assert plans["issued"]["title"] in listing and plans["closed"]["title"] in listing
    assert "/edit" not in listing  # no "Soạn thảo" link for anyone who cannot edit
    assert '<option value="draft"' not in listing  # nor a "Dự thảo" filter


def test_supervisor_lists_drafts_but_gets_no_editor_link(client, org, plans):
    plans.all()
    sign_in(client, "lanhdao")
    listing = client.get("/plans").text
    assert all(plans[s]["title"] in listing for s in ("draft", "issued", "closed"))
    assert "/edit" not in listing
    view = client.get(f"/plans/{plans['draft']['plan']}").text
    assert "/edit" not in view and "/delete" not in view


def test_office_gets_editor_links_only_for_open_plans(client, org, plans):
    plans.all()
    sign_in(client, "vanphong")
    listing = client.get("/plans").text
    assert f"/plans/{plans['draft']['plan']}/edit" in listing
    assert f"/plans/{plans['issued']['plan']}/edit" in listing
    assert f"/plans/{plans['closed']['plan']}/edit" not in listing
    closed_view = client.get(f"/plans/{plans['closed']['plan']}").text
    assert "/edit" not in closed_view and "/close" not in closed_view


def test_read_views_hide_edit_buttons_from_readers(client, org, plans):
    sign_in(client, "thanhtra")
    t = plans["issued"]
    for url in ("/plans/{plan}/meta", "/areas/{area}", "/targets/{target}", "/tasks/{task}/row"):
        response = client.get(url.format(**t), headers=HX)
        assert response.status_code == 200
        assert "hx-post" not in response.text and "/edit" not in response.text


def test_anonymous_is_sent_to_login(client, org, plans):
    t = plans["draft"]
    before = fingerprint()
    for route in EDITOR_ROUTES + [("view", "GET", "/plans/{plan}", None), ("list", "GET", "/plans", None)]:
        response = call(client, org, route, t, headers={})
        assert response.status_code == 302 and "/login" in response.headers["Location"], route[0]
    assert_unchanged(before)
