"""The page cache (app/pagecache.py): a second view of an unchanged page is the same bytes without
rendering; any committed write, by anyone, makes the next view fresh; one user's page never
reaches another user or another session; flash messages are never cached."""
import re

from sqlalchemy import update

from app.extensions import db
from app.org.models import Unit
from app.pagecache import PageCache, current_version
from app.progress.models import ProgressEntry
from app.transactions import transaction
from tests.conftest import CSRF_RE, AuthActions
from tests.factories import HX, make_period, make_progress_entry, make_task
from tests.unit.test_stats import world  # noqa: F401  (the hand-computed fixture)


def completed(page):
    return re.search(r'<span class="kpi-value">(?:<a [^>]*>)?([^<]+)(?:</a>)?</span>'
                     r'<span class="kpi-label">nhiệm vụ hoàn thành', page).group(1)


def test_an_unchanged_page_is_served_from_the_cache(as_user, world):  # noqa: F811
    client = as_user("vanphong")
    url = f"/dashboard?period={world['period'].id}"
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert "X-Page-Cache" not in first.headers and second.headers["X-Page-Cache"] == "hit"
    assert first.data == second.data
    # served from the cache, the response still carries the headers every response gets
    assert second.headers["Cache-Control"] == "no-store" and "frame-ancestors 'none'" in \
        second.headers["Content-Security-Policy"]
    # the htmx fragment of the same URL is a different entry, not the full page
    fragment = client.get(url, headers=HX)
    assert "X-Page-Cache" not in fragment.headers and "<html" not in fragment.text
    assert client.get(url, headers=HX).headers["X-Page-Cache"] == "hit"


def test_a_committed_write_makes_the_next_view_fresh(as_user, world):  # noqa: F811
    client = as_user("vanphong")
    url = f"/dashboard?period={world['period'].id}"
    assert completed(client.get(url).text) == "3/8"
    assert client.get(url).headers["X-Page-Cache"] == "hit"
    before = current_version()
    # the unit's leader approves one more task as done (a write through the services)
    make_progress_entry(world["tasks"][7], period=world["period"], status="approved", task_status="done",
                        percent_done=100)
    assert current_version() > before
    fresh = client.get(url)
    assert "X-Page-Cache" not in fresh.headers and completed(fresh.text) == "4/8"


def test_a_bulk_statement_counts_as_a_write(app, org):
    before = current_version()
    with transaction():
        db.session.execute(update(Unit).values(active=True))  # a statement, not a flush (rows it matched)
    assert current_version() == before + 1
    with transaction():
        pass  # nothing written: the counter stays
    assert current_version() == before + 1


def test_a_refused_write_does_not_change_the_version(as_user, world):  # noqa: F811
    client = as_user("thanhtra")  # staff may not approve
    before = current_version()
    entry = db.session.query(ProgressEntry).filter_by(status="submitted").first()
    response = client.post("/approvals", data={"entry_ids": [entry.id], "decision": "approve"})
    assert response.status_code == 403
    assert current_version() == before


def test_one_users_page_never_reaches_another(as_user, world):  # noqa: F811
    url = f"/dashboard?period={world['period'].id}"
    office, staff = as_user("vanphong"), as_user("khtc")
    office.get(url)
    assert office.get(url).headers["X-Page-Cache"] == "hit"
    page = staff.get(url)
    assert "X-Page-Cache" not in page.headers
    assert "Toàn Sở" not in page.text and completed(page.text) == "0/3"


def test_another_session_of_the_same_user_gets_its_own_form_token(app, org, world):  # noqa: F811
    first, second = app.test_client(), app.test_client()
    AuthActions(first).login("vanphong")
    AuthActions(second).login("vanphong")
    url = "/checklist"
    page_one = first.get(url)
    assert first.get(url).headers["X-Page-Cache"] == "hit"
    page_two = second.get(url)
    assert "X-Page-Cache" not in page_two.headers
    token_one, token_two = (CSRF_RE.search(p.text).group(1) for p in (page_one, page_two))
    assert token_one != token_two


def test_a_flash_message_is_shown_once_and_never_cached(as_user, org):
    make_period("q1", 2026, actor=org.office)
    client = as_user("lanhdao")
    client.get("/approvals")
    assert client.get("/approvals").headers["X-Page-Cache"] == "hit"
    # "choose approve or return": a refused decision flashes a message and redirects back
    response = client.post("/approvals", data={"decision": "maybe"})
    assert response.status_code == 302
    shown = client.get(response.headers["Location"])
    assert "Hãy chọn duyệt hoặc trả lại." in shown.text and "X-Page-Cache" not in shown.headers
    again = client.get(response.headers["Location"])
    assert "Hãy chọn duyệt hoặc trả lại." not in again.text


def test_the_cache_can_be_turned_off(app, as_user, org):
    app.config["PAGE_CACHE_MB"] = 0
    client = as_user("thanhtra")
    client.get("/checklist")
    assert "X-Page-Cache" not in client.get("/checklist").headers


def test_checklist_shows_a_new_task_at_once(as_user, org):
    from tests.factories import issue, make_plan

    plan = make_plan(org.office)
    make_task(plan.areas[0], org.ttr, title="Nhiệm vụ đầu tiên", actor=org.office)
    issue(plan, org.office)
    client = as_user("thanhtra")
    assert "Nhiệm vụ đầu tiên" in client.get("/checklist").text
    assert client.get("/checklist").headers["X-Page-Cache"] == "hit"
    make_task(plan.areas[0], org.ttr, title="Nhiệm vụ giao thêm", actor=org.office)
    page = client.get("/checklist")
    assert "X-Page-Cache" not in page.headers and "Nhiệm vụ giao thêm" in page.text


def test_the_cache_is_bounded_least_recently_used_first():
    cache = PageCache(max_bytes=800, max_entries=3)
    for key in "abc":
        cache.put(key, b"x" * 50, [], 200)
    cache.get("a")  # a is now the most recently used
    cache.put("d", b"x" * 50, [], 200)
    assert cache.get("b") is None and cache.get("a") is not None and len(cache) == 3
    cache.put("big", b"x" * 200, [], 200)  # more than an eighth of the budget: not kept
    assert cache.get("big") is None
    for key in "efgh":
        cache.put(key, b"x" * 99, [], 200)
    assert cache._bytes <= 800


def test_a_replayed_cookie_after_sign_out_gets_no_cached_page(app, org):
    client = app.test_client()
    auth = AuthActions(client)
    auth.login("thanhtra")
    client.get("/checklist")
    assert client.get("/checklist").headers["X-Page-Cache"] == "hit"
    old_cookie = client.get_cookie("session").value
    auth.logout()
    client.set_cookie("session", old_cookie)
    response = client.get("/checklist")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_idle_session_gets_no_cached_page(app, org):
    client = app.test_client()
    AuthActions(client).login("thanhtra")
    client.get("/checklist")
    assert client.get("/checklist").headers["X-Page-Cache"] == "hit"
    with client.session_transaction() as session:
        session["seen"] -= app.config["SESSION_IDLE_MINUTES"] * 60 + 1
    response = client.get("/checklist")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_refused_sign_in_keeps_every_cached_page(app, as_user, org):
    client = as_user("thanhtra")
    client.get("/checklist")
    before = current_version()
    stranger = app.test_client()
    page = stranger.get("/login")
    response = stranger.post("/login", data={"csrf_token": CSRF_RE.search(page.text).group(1),
                                             "username": "thanhtra", "password": "sai-mat-khau"})
    assert response.status_code == 422  # its attempt and audit record are written, apart
    assert current_version() == before
    assert client.get("/checklist").headers["X-Page-Cache"] == "hit"
