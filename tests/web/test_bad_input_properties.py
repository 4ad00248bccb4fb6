"""Property-based bad input (issue 14, "Bad input"): every POST route of the URL map, signed in as
someone allowed to use it, is sent the form its page offers with some fields replaced by what
hypothesis draws — unicode of every kind (empty, very long, NUL, RTL marks, emoji, combining
marks), numbers out of range, malformed and out-of-range dates, ids of other units' objects.

Whatever is drawn: never a 500 or a traceback; a refused request (4xx) says why in Vietnamese in
an error element and leaves every row of every table as it was. The same form posted twice
doubles nothing.

Examples per route: the "default" hypothesis profile (tests/conftest.py); HYPOTHESIS_PROFILE=thorough
runs many more. The demo database is copied once per route (the ``demo_app`` fixture) and shared by
that route's examples: sound here because each example compares the database just before and just
after its own request, and asks nothing of what earlier examples left."""
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.org.models import Unit, User
from app.plans.models import Area, Plan, Target, Task
from app.progress.models import ProgressEntry, ReportingPeriod
from tests.factories import HX, assert_unchanged, fingerprint
from tests.signin import sign_in
from tests.web.routes import (
    DEFAULT_OBJECTS,
    DRAFT_PLAN,
    ROUTES,
    DemoObjects,
    Route,
    error_messages,
    form_for,
    rule_of,
    says_why_in_vietnamese,
    url_of,
)

SLOW_ROUTES_OK = settings(suppress_health_check=[HealthCheck.too_slow])

# Every POST route of the route registry (checked against the URL map by the access matrix), signing out aside.
ENDPOINTS = sorted(route.split(" ")[0] for route in ROUTES if route.endswith(" POST") and route != "auth.logout POST")

# Who may use each route (the rest: the Office, vanphong). Entry routes act on an entry of Thanh tra Sở.
UNIT_ROUTES = ("progress.save_entry", "progress.save_contribution", "progress.upload_evidence",
               "progress.upload_first_evidence", "progress.edit_evidence", "progress.remove_evidence_route", "progress.send_entry",
               "progress.submit_unit_entries", "progress.mark_notifications_read", "progress.read_notification")
USER_OF = {**{e: "chanhthanhtra" for e in UNIT_ROUTES}, "progress.decide": "lanhdao",
           "auth.change_password": "thanhtra", "auth.login": None}


def _user_of(endpoint):
    if endpoint.startswith("org."):
        return "quantri"
    return USER_OF.get(endpoint, "vanphong")


# -- what hypothesis draws ------------------------------------------------------------------

NFD = unicodedata.normalize("NFD", "Cải cách hành chính")
SPECIAL = ["", " ", "\x00", "a\x00b", "\u202eسلام\u202c", "\u200f\u200e", "\ufeff", "👩‍👩‍👧‍👦🇻🇳", NFD,
           "e\u0301\u0302\u0303\u0323" * 40, "<script>alert(1)</script>", "\"'><img src=x>", "{{7*7}}",
           "=HYPERLINK(\"x\")", "%s%n", "\r\n\r\n", "\t", "Ⅻ", "１２", "٣"]
TEXT = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=60),
    st.builds(lambda s, n: s * n, st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=4),
              st.integers(2_000, 70_000)),
)
NUMBER = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["1e309", "-0", "0x10", "1,5", "１２", "٣", "99999999999999999999999", "2147483648", " 7 "]),
)
DATE = st.one_of(
    st.builds("{:02d}/{:02d}/{:04d}".format, st.integers(0, 40), st.integers(0, 14), st.integers(0, 9999)),
    st.builds("{}/{}/{}".format, st.integers(-5, 99999), st.integers(-5, 99), st.integers(-99, 10**7)),
    st.sampled_from(["01/01/0001", "31/12/9999", "29/02/2027", "31/04/2026", "2026-01-01", "1/1/1", "00/00/0000",
                     "15/01/2026T00:00", "15/01/１２"]),
)


def _kind_of(name: str) -> str:
    if name.endswith(("_id", "_ids")) or name in ("version", "year", "start_year", "end_year", "percent_done",
                                                   "target_value", "baseline", "position", "page"):
        return "number"
    if name.endswith(("_on", "_start", "_end")) or name in ("deadline",):
        return "date"
    return "text"


@st.composite
def bad_form(draw, fields: list[tuple[str, str]], ids: list[int]):
    """``fields`` (a form as its page sends it) with some of its values, and perhaps some fields
    the page does not send, replaced by bad ones."""
    names = sorted({k for k, _ in fields} | {"title", "name", "text", "version"})
    chosen = draw(st.sets(st.sampled_from(names), min_size=1, max_size=min(4, len(names))))
    kept = [(k, v) for k, v in fields if k not in chosen]
    for name in sorted(chosen):
        kind = _kind_of(name)
        other = st.sampled_from(ids).map(str) if ids else NUMBER  # an id of another unit's object
        value = draw({"number": st.one_of(NUMBER, other, TEXT), "date": st.one_of(DATE, TEXT),
                      "text": st.one_of(TEXT, NUMBER, DATE)}[kind])
        kept.append((name, value))
    return kept


# -- the objects each route is sent to --------------------------------------------------------

def _args(endpoint: str) -> dict:
    """The objects ``endpoint`` is sent to (URL argument -> DemoObjects name, over the registry's defaults):
    the draft plan's for the plan routes (its editor offers every form), lanhdao for the user routes;
    Thanh tra Sở's draft entry of the open period for the unit routes, a submitted one for the supervisor,
    an approved one to reopen. Not the registry's own arguments: those make the forms of NO_FORM_HERE
    appear, and these routes are meant to be fed from the demo's state as it is."""
    args = dict(DRAFT_PLAN) if endpoint.startswith("plans.") else {}
    args["user_id"] = "supervisor"  # not the admin who signs in (resetting one's own password ends the session)
    args["entry_id"] = {"progress.decide": "submitted_entry", "progress.reopen_entry": "approved_entry"}.get(
        endpoint, "entry")
    if endpoint == "progress.upload_first_evidence":  # offered by the panel of a task with no entry yet
        args["task_id"] = "unreported_task"
    if endpoint.startswith("assessment."):  # a leaf assigned to Thanh tra Sở; a document of an approved entry
        args.update(criterion_id="index_leaf", evidence_id="approved_evidence")
    if endpoint in ("assessment.remove_task", "assessment.untag_task"):  # a leaf and a task confirmed for it
        args.update(criterion_id="index_task_leaf", task_id="index_linked_task")
    if endpoint == "progress.read_notification":  # a notice of the user who posts (chanhthanhtra)
        args["notification_id"] = "head_notification"
    return args


def _ids(objects: DemoObjects, args: dict) -> dict:
    """Every URL argument's object (and ``issued_plan_id``), all built before the pages are read: they
    show what exists (the report draft and the plan's outline, an import, evidence, notices)."""
    return {arg: objects[name] for arg, name in {**DEFAULT_OBJECTS, **args, "issued_plan_id": "plan"}.items()}


def _pages(endpoint: str, url: str, ids: dict) -> list[str]:
    """Where the form posting to ``url`` is offered."""
    own = [url] if f"{endpoint} GET" in ROUTES else []
    blueprint = endpoint.split(".")[0]
    pages = {
        "plans": ["/plans/{plan_id}/edit", "/areas/{area_id}/tasks/new", "/areas/{area_id}/targets/new",
                  "/plans/{plan_id}", "/plans/{issued_plan_id}"],
        "progress": ["/periods/{period_id}/tasks/{task_id}/entry", "/entries/{entry_id}/evidence",
                     "/evidence/{evidence_id}", "/approvals?period={period_id}", "/entries/{entry_id}",
                     "/periods/{period_id}", "/periods/{period_id}/follow-up", "/periods", "/checklist?period={period_id}", "/notifications"],
        "reports": ["/reports/periods/{period_id}/draft", "/reports/periods/{period_id}/figures",
                    "/reports/templates?plan={issued_plan_id}", "/reports/templates", "/reports"],
        # a line's editor (its fields, "Gộp vào dòng trên") is fetched on demand from the line's own URL
        "plan_import": ["/plans/import/{import_id}/lines/{line_id}?edit=1", "/plans/import/{import_id}", "/plans/import"],
        "org": ["/users/{user_id}", "/units/{unit_id}"],
        "assessment": ["/index/{year}", "/evidence/{evidence_id}", "/index/{year}/exports", "/index/{year}/framework",
                       "/index", "/tasks/{task_id}"],
    }.get(blueprint, [])
    return own + [p.format(**ids) for p in pages]


def _signed_in(app, endpoint):
    """Signed in as the user the route is for (signed out: with the sign-in page's token)."""
    return sign_in(app, _user_of(endpoint) or None)


def _other_ids() -> list[int]:
    """Ids of objects of every kind, most of them other units' (and one that names nothing)."""
    ids = set()
    for model in (Unit, User, Plan, Area, Target, Task, ProgressEntry, ReportingPeriod):
        ids.update(db.session.scalars(select(model.id).order_by(model.id.desc()).limit(6)))
    return sorted(ids) + [2**31 - 1]


def _check_answer(response, before, url):
    body = response.get_data(as_text=True)
    assert response.status_code < 500, (url, response.status_code)
    assert "Traceback" not in body
    if 400 <= response.status_code < 500:
        assert says_why_in_vietnamese(response), (url, response.status_code, error_messages(response), body[:500])
        assert_unchanged(before, (url, response.status_code, error_messages(response)))


def test_every_post_route_is_walked():
    """The walk above is generated from the URL map: a new POST route is fed bad input too."""
    assert len(ENDPOINTS) >= 55
    assert {"progress.save_entry", "progress.upload_evidence", "progress.decide", "reports.save_section",
            "plan_import.line", "org.edit_user", "auth.login"} <= set(ENDPOINTS)


# -- the same form posted twice ----------------------------------------------------------------

# Routes whose second post is meant to act again: a reminder is sent each time it is asked for.
ACTS_EACH_TIME = {"progress.remind"}


# Routes whose form the demo's state does not offer: a draft plan cannot be closed, the period is open,
# the figures match, the draft's sections are unedited, Thanh tra Sở leads the task (it does not
# cooperate), the demo's import names only units of the Sở (no name to map). They are still posted
# twice. ("Gộp vào dòng trên" posts its line's form: htmx sends the fields of the form a posting
# button is in.)
NO_FORM_HERE = {"plans.close_plan", "progress.reopen_period", "progress.save_contribution", "reports.accept_figures",
                "reports.discard_section", "plan_import.map_unit"}


def _row_counts() -> dict:
    from sqlalchemy import func

    db.session.expire_all()
    return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables
            if t.name not in ("login_attempts", "audit_log")}


def _post_twice(client, url, fields, endpoint):
    """A double click, or the browser's "resend": the second post of the very form the page offers
    is refused with the optimistic-lock or duplicate message, or changes nothing more."""
    first = client.post(url, data=MultiDict(fields), headers=HX)
    assert first.status_code < 500
    after_first, counts = fingerprint(), _row_counts()
    second = client.post(url, data=MultiDict(fields), headers=HX)
    assert second.status_code < 500 and "Traceback" not in second.get_data(as_text=True)
    if endpoint not in ACTS_EACH_TIME:
        assert _row_counts() == counts, (url, first.status_code, second.status_code)
    if 400 <= second.status_code < 500:
        assert says_why_in_vietnamese(second), (url, second.status_code)
        assert_unchanged(after_first)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_bad_input_is_refused_in_vietnamese_and_changes_nothing(demo_app, endpoint):
    """Each POST route: its page's form posted twice doubles nothing; then hypothesis's bad input.
    (One test per route for both, so the demo database is copied and the form found once.)"""
    objects, args = DemoObjects(), _args(endpoint)
    ids = _ids(objects, args)
    url = url_of(f"{endpoint} POST", objects, Route(args=args))
    client = _signed_in(demo_app, endpoint)
    fields = form_for(client, url, _pages(endpoint, url, ids))
    assert (fields is None) == (endpoint in NO_FORM_HERE), url
    fields = fields or []  # then posted as the bare button would be
    _post_twice(client, url, fields, endpoint)
    other = _other_ids()

    @SLOW_ROUTES_OK
    @given(form=bad_form(fields, other), htmx=st.booleans())
    def post_bad_input(form, htmx):
        before = fingerprint()
        response = client.post(url, data=MultiDict(form), headers=HX if htmx else {})
        _check_answer(response, before, url)

    post_bad_input()


# -- other units' objects in the URL ------------------------------------------------------------

@st.composite
def _other_units_object(draw, entries: list[ProgressEntry], endpoint: str):
    entry = draw(st.sampled_from(entries))
    return {"period_id": entry.period_id, "task_id": entry.task_id, "entry_id": entry.id,
            "evidence_id": entry.evidence[0].id if entry.evidence else NO_EVIDENCE}


NO_EVIDENCE = 2**31 - 1  # an entry without evidence: its evidence routes get an id that names nothing


@pytest.mark.parametrize("endpoint", ["progress.save_entry", "progress.upload_evidence", "progress.edit_evidence",
                                      "progress.remove_evidence_route", "progress.send_entry",
                                      "progress.upload_first_evidence"])
def test_another_units_entry_is_refused_whatever_the_form(demo_app, endpoint):
    """Unit staff (Thanh tra Sở) naming an entry or evidence of another unit in the URL, with any
    form: refused (403; 404 for an evidence id that names nothing) in Vietnamese, nothing changed."""
    ttr = db.session.scalar(select(Unit).where(Unit.short_name == "TTr"))
    entries = [e for e in db.session.scalars(select(ProgressEntry).where(ProgressEntry.unit_id != ttr.id)
                                             .order_by(ProgressEntry.id))
               if ttr not in e.task.cooperating_units]  # a cooperating unit may add its own evidence
    client = sign_in(demo_app, "chanhthanhtra")
    rule = rule_of(endpoint)
    fields = [("task_status", "done"), ("percent_done", "100"), ("result", "Đã xong"), ("version", "1")]

    @SLOW_ROUTES_OK
    @given(ids=_other_units_object(entries, endpoint), form=bad_form(fields, []), htmx=st.booleans())
    def post_to_another_unit(ids, form, htmx):
        url = rule.build({arg: ids[arg] for arg in rule.arguments})[1]
        before = fingerprint()
        response = client.post(url, data=MultiDict(form), headers=HX if htmx else {})
        # another unit's object is refused (403); an evidence id that names nothing is not found (404)
        missing = "evidence_id" in rule.arguments and ids["evidence_id"] == NO_EVIDENCE
        assert response.status_code == (404 if missing else 403), (url, response.status_code)
        _check_answer(response, before, url)

    post_to_another_unit()
