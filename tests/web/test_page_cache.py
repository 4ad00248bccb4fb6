"""The page cache (app/pagecache.py): a second view of an unchanged page is the same bytes without
rendering; a committed write makes the next view of every page that shows it fresh, and leaves other
units' pages cached when it wrote only a unit's reports; one user's page never reaches another user
or another session; flash messages are never cached."""
import re

import pytest
from sqlalchemy import update

from app.extensions import db
from app.org.models import Unit
from app.pagecache import ENTRIES, PageCache, current_version, current_versions
from app.progress.models import EntryContribution, Evidence, ProgressEntry, TargetResult
from app.transactions import transaction
from tests.factories import HX, make_period, make_progress_entry, make_task
from tests.signin import CSRF_RE, sign_in
from tests.db.test_stats import world  # noqa: F401  (the hand-computed fixture)


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
    before = current_versions()
    # the unit's leader approves one more task as done (a write through the services): a unit's report
    make_progress_entry(world["tasks"][7], period=world["period"], status="approved", task_status="done",
                        percent_done=100)
    after = current_versions()
    assert after[ENTRIES] == before.get(ENTRIES, 0) + 1 and after[""] == before[""]
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
    sign_in(first, "vanphong")
    sign_in(second, "vanphong")
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
    client = sign_in(app, "thanhtra")
    client.get("/checklist")
    assert client.get("/checklist").headers["X-Page-Cache"] == "hit"
    old_cookie = client.get_cookie("session").value
    client.post("/logout")
    client.set_cookie("session", old_cookie)
    response = client.get("/checklist")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_idle_session_gets_no_cached_page(app, org):
    client = sign_in(app, "thanhtra")
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


# -- a write refreshes what it touched, and only that -------------------------------------------

def _pages(as_user, world):  # noqa: F811
    """Each page a write may touch, signed in as who sees it: (client, url) by name."""
    org, period = world["org"], world["period"].id
    office, supervisor = as_user("vanphong"), as_user("lanhdao")
    return {
        "TTr checklist": (as_user("thanhtra"), f"/checklist?period={period}"),
        "KH-TC-TH checklist": (as_user("khtc"), f"/checklist?period={period}"),
        "VP checklist": (office, f"/checklist?period={period}"),
        "TTr checklist seen by the Office": (office, f"/checklist?period={period}&unit={org.ttr.id}"),
        "dashboard": (office, f"/dashboard?period={period}"),
        "approval queue": (supervisor, f"/approvals?period={period}"),
    }


def _cached(pages) -> None:
    for name, (client, url) in pages.items():
        client.get(url)
        assert client.get(url).headers.get("X-Page-Cache") == "hit", name


def _fresh(pages) -> set[str]:
    """The pages rendered afresh (not served from the cache) on the next view."""
    return {name for name, (client, url) in pages.items() if client.get(url).headers.get("X-Page-Cache") != "hit"}


DASHBOARD, QUEUE = {"dashboard"}, {"approval queue"}
EVERY_UNIT = DASHBOARD | QUEUE


def test_a_units_new_report_refreshes_its_pages_and_not_another_units(as_user, world):  # noqa: F811
    org = world["org"]
    task = make_task(world["tasks"][1].area, org.ttr, "Nhiệm vụ mới của Thanh tra")  # no cooperating unit
    pages = _pages(as_user, world)
    _cached(pages)
    make_progress_entry(task, org.ttr, world["period"], status="draft")
    # the dashboard counts it ("đang soạn"); the approval queue shows only sent reports
    assert _fresh(pages) == {"TTr checklist", "TTr checklist seen by the Office"} | DASHBOARD
    client, url = pages["TTr checklist"]
    page = client.get(url).text
    assert re.search(rf'id="entry-badges-{task.id}"[^>]*>\s*<span class="badge entry-draft"', page)


def test_a_report_on_a_shared_task_refreshes_the_cooperating_units_pages(as_user, world):  # noqa: F811
    entry = db.session.query(ProgressEntry).filter_by(task_id=world["tasks"][3].id).one()  # TTr leads, KH-TC-TH helps
    pages = _pages(as_user, world)
    _cached(pages)
    with transaction():
        entry.proposals = "Nâng cấp phần mềm một cửa"
    assert _fresh(pages) == {"TTr checklist", "KH-TC-TH checklist", "TTr checklist seen by the Office"} | EVERY_UNIT


@pytest.mark.parametrize("kind", ["evidence", "contribution", "target result"])
@pytest.mark.parametrize(("task", "seen_by"), [(5, EVERY_UNIT), (6, set())])  # submitted; returned, unsent
def test_a_reports_parts_refresh_where_the_report_is_shown(as_user, world, kind, task, seen_by):  # noqa: F811
    """Parts of a sent report are shown on the dashboards and approval queues; those of a report the unit
    has not sent (returned, or a draft) only on the checklists."""
    org = world["org"]
    pages = _pages(as_user, world)
    _cached(pages)
    entry = db.session.query(ProgressEntry).filter_by(task_id=world["tasks"][task].id).one()  # KH-TC-TH's alone
    with transaction():
        if kind == "evidence":
            db.session.add(Evidence(entry_id=entry.id, unit_id=org.khtc.id, original_name="bien-ban.pdf"))
        elif kind == "contribution":
            db.session.add(EntryContribution(entry_id=entry.id, unit_id=org.khtc.id, text="Bổ sung"))
        else:
            db.session.add(TargetResult(entry_id=entry.id, target_id=world["targets"][0].id, value=10))
    assert _fresh(pages) == {"KH-TC-TH checklist"} | seen_by


def test_any_other_write_refreshes_every_page(as_user, world):  # noqa: F811
    pages = _pages(as_user, world)
    _cached(pages)
    with transaction():
        world["org"].khtc.name = "Phòng Kế hoạch - Tài chính"
    assert _fresh(pages) == set(pages)


def test_a_report_written_with_anything_else_refreshes_every_page(as_user, world):  # noqa: F811
    pages = _pages(as_user, world)
    _cached(pages)
    entry = db.session.query(ProgressEntry).filter_by(task_id=world["tasks"][6].id).one()
    with transaction():
        entry.proposals = "Thêm người"
        world["tasks"][6].output = "Báo cáo"  # a task: shown on every unit's pages
    assert _fresh(pages) == set(pages)


def _save_draft(client, world, task: int, percent: int):
    """Save the task's entry in the entry panel, as the unit's staff do (the write of bench/mixed.py)."""
    url = f"/periods/{world['period'].id}/tasks/{world['tasks'][task].id}/entry"
    version = re.search(r'name="version" type="hidden" value="(\d*)"', client.get(url, headers=HX).text).group(1)
    return url, version, lambda: client.post(url, headers=HX, data={
        "csrf_token": CSRF_RE.search(client.get("/account/password").text).group(1), "version": version,
        "task_status": "in_progress", "percent_done": str(percent), "completed_on": "",
        "result": f"Đã làm {percent}%", "difficulties": "", "proposals": "", "explanation": ""})


def test_a_draft_saved_through_the_app_refreshes_only_the_units_checklists(app, as_user, world):  # noqa: F811
    """A returned report edited again, still unsent: other units' pages, the dashboards and the approval
    queues show nothing of it (they are the same rendered afresh) and stay cached."""
    pages = _pages(as_user, world)
    client, checklist = pages["KH-TC-TH checklist"]
    _, _, save = _save_draft(client, world, 6, 70)
    _cached(pages)
    cached = {name: c.get(url).data for name, (c, url) in pages.items()}
    response = save()
    assert response.status_code == 200, response.text[:500]
    assert _fresh(pages) == {"KH-TC-TH checklist"}
    assert "Đã làm 70%" in client.get(f"/periods/{world['period'].id}/tasks/{world['tasks'][6].id}/entry",
                                      headers=HX).text
    app.extensions["page_cache"].clear()  # every page rendered afresh: those left cached were not stale
    for name in EVERY_UNIT | {"TTr checklist", "VP checklist"}:
        c, url = pages[name]
        assert _without_tokens(c.get(url).text) == _without_tokens(cached[name].decode()), name


def _without_tokens(page: str) -> str:
    """The page without its CSRF tokens (signed with the time: two renderings a second apart differ)."""
    return re.sub(r'("X-CSRFToken": "|name="csrf_token" value=")[^"]+', r"\1", page)


def test_the_first_save_of_a_started_report_refreshes_the_dashboards(as_user, world):  # noqa: F811
    """A report started for the unit (by a cooperating unit's part, or evidence) and not yet saved is
    "chưa báo cáo" on the dashboard; its first save makes it "đang soạn": every page that shows it is fresh."""
    org = world["org"]
    make_progress_entry(world["tasks"][7], org.khtc, world["period"], status="draft", result="", percent_done=None)
    pages = _pages(as_user, world)
    client, _ = pages["KH-TC-TH checklist"]
    _, _, save = _save_draft(client, world, 7, 10)
    _cached(pages)
    assert save().status_code == 200
    assert _fresh(pages) == {"KH-TC-TH checklist"} | DASHBOARD
    _, _, save = _save_draft(client, world, 7, 20)  # saved again: still a draft, nothing else shows it
    _cached(pages)
    assert save().status_code == 200
    assert _fresh(pages) == {"KH-TC-TH checklist"}


@pytest.mark.parametrize(("before", "after"), [("returned", "submitted"), ("submitted", "returned"),
                                                ("submitted", "approved")])
def test_a_report_sent_or_decided_refreshes_the_approval_queues(as_user, world, before, after):  # noqa: F811
    pages = _pages(as_user, world)
    entry = db.session.query(ProgressEntry).filter_by(status=before).first()
    _cached(pages)
    with transaction():
        entry.status = after
    assert _fresh(pages) == {"KH-TC-TH checklist"} | EVERY_UNIT
