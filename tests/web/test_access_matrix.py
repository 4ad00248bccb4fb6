"""The access-control matrix: every route of the URL map × every kind of user, on the demo department.

``MATRIX`` holds, for each route of the registry (``tests/web/routes.py``: ``ROUTES`` says how to call
it, with which objects and form), the expected answer of each actor (``routes.ACTORS``, in this order):

    anon   nobody signed in
    staff  staff of the owning unit (thanhtra, Thanh tra Sở)      staff' staff of another unit (congnghiep, QLCN)
    head   head of the owning unit (chanhthanhtra)                 head'  head of another unit (khtc, KH-TC-TH)
    sup    a supervisor of the owning unit (giamdoc, supervises all)
    sup'   a supervisor not of it (lanhdao, given here every unit he had but Thanh tra Sở)
    office the Office (vanphong)                                   admin  the administrator (quantri)

"Owning unit" is relative to the objects in the URL (``routes.DemoObjects``): a task Thanh tra Sở
leads, its entries, its evidence, its cooperation on another unit's task.

Answers: a status code, or
    L  302 to the login page, nothing changed        H  302 home (signed in already), nothing changed
    N  302 with nothing to do (nothing changed)
For a write (any method but GET), every answer that is not a success (L, H, N, 4xx) must leave the
database (every row of every table) and the upload folder as they were; every success must add an
audit record, except the routes in ``routes.NOT_AUDITED`` (with the reason), and no audit record that
existed before may change. A route in the URL map without a description in the registry or a row here
fails ``test_every_route_has_a_row`` (as does a description or a row for a route that is gone).

One test per read route (all actors); a write's refusals in one test, and each actor it lets through
in a test of its own, on a fresh copy of the demo. Sessions are signed in once and reused
(``tests.signin.sign_in``). Besides: the plan routes that read, on the draft plan (``DRAFT_READS``).
"""
from dataclasses import replace

import pytest

from app.progress.models import ProgressEntry
from tests.factories import HX, assert_unchanged, fingerprint
from tests.signin import sign_in
from tests.web.routes import (
    ACTORS,
    CLOSED_PLAN,
    DRAFT_PLAN,
    ENTRY_FORM,
    NOT_AUDITED,
    ROUTES,
    USERNAMES,
    DemoObjects,
    Route,
    form_of,
    matrix_objects,
    plus,
    prepare,
    rule_of,
    undescribed,
    v,
)

UNCHANGED = {"L", "H", "N"}

#                                               anon staff staff' head head' sup sup' office admin
MATRIX: dict[str, str] = {
    # -- signing in and out
    "auth.login GET":                          "200 H H H H H H H H",
    "auth.login POST":                         "302 H H H H H H H H",
    "auth.logout POST":                        "L 302 302 302 302 302 302 302 302",
    "auth.change_password GET":                "L 200 200 200 200 200 200 200 200",
    "auth.change_password POST":               "L 302 302 302 302 302 302 302 302",
    "main.index GET":                          "L 302 302 302 302 302 302 302 302",
    "main.healthz GET":                        "200 200 200 200 200 200 200 200 200",
    "static GET":                              "200 200 200 200 200 200 200 200 200",
    # -- units and users (Quản trị)
    "org.list_units GET":                      "L 403 403 403 403 403 403 403 200",
    "org.new_unit GET":                        "L 403 403 403 403 403 403 403 200",
    "org.new_unit POST":                       "L 403 403 403 403 403 403 403 302",
    "org.edit_unit GET":                       "L 403 403 403 403 403 403 403 200",
    "org.edit_unit POST":                      "L 403 403 403 403 403 403 403 302",
    "org.list_users GET":                      "L 403 403 403 403 403 403 403 200",
    "org.new_user GET":                        "L 403 403 403 403 403 403 403 200",
    "org.new_user POST":                       "L 403 403 403 403 403 403 403 302",
    "org.edit_user GET":                       "L 403 403 403 403 403 403 403 200",
    "org.edit_user POST":                      "L 403 403 403 403 403 403 403 302",
    "org.reset_user_password POST":            "L 403 403 403 403 403 403 403 302",
    "org.set_user_supervision POST":           "L 403 403 403 403 403 403 403 302",
    # -- plans: reading
    "plans.list_plans GET":                    "L 200 200 200 200 200 200 200 200",
    "plans.view_plan GET":                     "L 200 200 200 200 200 200 200 200",
    "plans.plan_history GET":                  "L 200 200 200 200 200 200 200 200",
    "plans.plan_summary GET":                  "L 200 200 200 200 200 200 200 200",
    "plans.plan_meta GET":                     "L 200 200 200 200 200 200 200 200",
    "plans.area GET":                          "L 200 200 200 200 200 200 200 200",
    "plans.target GET":                        "L 200 200 200 200 200 200 200 200",
    "plans.view_task GET":                     "L 200 200 200 200 200 200 200 200",
    "plans.task_row GET":                      "L 200 200 200 200 200 200 200 200",
    "plan_import.export GET":                  "L 200 200 200 200 200 200 200 200",
    "plan_import.template GET":                "L 200 200 200 200 200 200 200 200",
    # -- plans: the Office builds them (a draft plan is not even readable by the units)
    "plans.new_plan GET":                      "L 403 403 403 403 403 403 200 200",
    "plans.new_plan POST":                     "L 403 403 403 403 403 403 302 302",
    "plans.editor GET":                        "L 403 403 403 403 403 403 200 200",
    "plans.edit_plan_meta GET":                "L 403 403 403 403 403 403 200 200",
    "plans.edit_plan_meta POST":               "L 403 403 403 403 403 403 302 302",
    "plans.issue_plan POST":                   "L 403 403 403 403 403 403 302 302",
    "plans.close_plan POST":                   "L 403 403 403 403 403 403 302 302",
    "plans.delete_plan POST":                  "L 403 403 403 403 403 403 302 302",
    "plans.add_area POST":                     "L 403 403 403 403 403 403 302 302",
    "plans.edit_area GET":                     "L 403 403 403 403 403 403 200 200",
    "plans.edit_area POST":                    "L 403 403 403 403 403 403 302 302",
    "plans.move_area POST":                    "L 403 403 403 403 403 403 302 302",
    "plans.delete_area POST":                  "L 403 403 403 403 403 403 302 302",
    "plans.new_target GET":                    "L 403 403 403 403 403 403 200 200",
    "plans.add_target POST":                   "L 403 403 403 403 403 403 302 302",
    "plans.edit_target GET":                   "L 403 403 403 403 403 403 200 200",
    "plans.edit_target POST":                  "L 403 403 403 403 403 403 302 302",
    "plans.move_target POST":                  "L 403 403 403 403 403 403 302 302",
    "plans.delete_target POST":                "L 403 403 403 403 403 403 302 302",
    "plans.new_task GET":                      "L 403 403 403 403 403 403 200 200",
    "plans.add_task POST":                     "L 403 403 403 403 403 403 302 302",
    "plans.edit_task GET":                     "L 403 403 403 403 403 403 200 200",
    "plans.edit_task POST":                    "L 403 403 403 403 403 403 302 302",
    "plans.move_task POST":                    "L 403 403 403 403 403 403 302 302",
    "plans.archive_task POST":                 "L 403 403 403 403 403 403 302 302",
    "plans.delete_task POST":                  "L 403 403 403 403 403 403 302 302",
    # -- importing a plan: the preview is its importer's (vanphong's), not the admin's
    "plan_import.upload_page GET":             "L 403 403 403 403 403 403 200 200",
    "plan_import.upload POST":                 "L 403 403 403 403 403 403 303 303",
    "plan_import.review GET":                  "L 403 403 403 403 403 403 200 403",
    "plan_import.summary GET":                 "L 403 403 403 403 403 403 200 403",
    "plan_import.line_row GET":                "L 403 403 403 403 403 403 200 403",
    "plan_import.meta POST":                   "L 403 403 403 403 403 403 303 403",
    "plan_import.line POST":                   "L 403 403 403 403 403 403 303 403",
    "plan_import.merge POST":                  "L 403 403 403 403 403 403 303 403",
    "plan_import.assignment POST":             "L 403 403 403 403 403 403 303 403",
    "plan_import.map_unit POST":               "L 403 403 403 403 403 403 303 403",
    "plan_import.create POST":                 "L 403 403 403 403 403 403 303 403",
    "plan_import.delete POST":                 "L 403 403 403 403 403 403 303 403",
    # -- reporting periods
    "progress.list_periods GET":               "L 200 200 200 200 200 200 200 200",
    "progress.view_period GET":                "L 200 200 200 200 200 200 200 200",
    "progress.open_period POST":               "L 403 403 403 403 403 403 302 302",
    "progress.edit_period POST":               "L 403 403 403 403 403 403 302 302",
    "progress.lock_period POST":               "L 403 403 403 403 403 403 302 302",
    "progress.reopen_period POST":             "L 403 403 403 403 403 403 302 302",
    "progress.follow_up GET":                  "L 403 403 403 403 200 200 200 200",
    "progress.remind POST":                    "L 403 403 403 403 403 403 303 303",
    # -- the unit's checklist and its entries
    "progress.checklist GET":                  "L 200 403 200 403 200 200 200 200",
    "progress.entry_panel GET":                "L 200 403 200 403 200 200 200 200",
    "progress.save_entry POST":                "L 302 403 302 403 403 403 403 403",
    "progress.save_contribution POST":         "L 302 403 302 403 403 403 403 403",
    "progress.view_entry GET":                 "L 200 403 200 403 200 200 200 200",
    # "Gửi duyệt": the unit head saves the form as typed and sends it; the unit's staff only save
    "progress.send_entry POST":                "L 403 403 302 403 403 403 403 403",
    "progress.submit_unit_entries POST":       "L 403 N 302 302 N N 403 403",
    "progress.approvals GET":                  "L 403 403 403 403 200 200 403 403",
    "progress.decide POST":                    "L 403 403 403 403 302 403 403 403",
    "progress.reopen_entry POST":              "L 403 403 403 403 403 403 302 302",
    # -- evidence
    "progress.entry_evidence GET":             "L 200 403 200 403 200 200 200 200",
    # the Office's unit (Văn phòng Sở) cooperates on the task: vanphong, its staff, may add its evidence;
    # quantri, of the same unit but only the admin, may not (see test_an_admin_only_account_does_not_report)
    "progress.upload_evidence POST":           "L 302 403 302 403 403 403 302 403",
    # evidence before the entry's first save: the upload stores the entry (Văn phòng cooperates, as above)
    "progress.upload_first_evidence POST":     "L 302 403 302 403 403 403 302 403",
    "progress.evidence_item GET":              "L 302 403 302 403 302 302 302 302",
    "progress.edit_evidence GET":              "L 302 403 302 403 403 403 403 403",
    "progress.edit_evidence POST":             "L 302 403 302 403 403 403 403 403",
    "progress.remove_evidence_route POST":     "L 302 403 302 403 403 403 403 403",
    "progress.download_evidence GET":          "L 200 403 200 403 200 200 200 200",
    "progress.view_evidence GET":              "L 200 403 200 403 200 200 200 200",
    # -- notifications (thanhtra's)
    "progress.notification_badge GET":         "204 200 200 200 200 200 200 200 200",
    "progress.list_notifications GET":         "L 200 200 200 200 200 200 200 200",
    "progress.open_notification GET":          "L 303 404 404 404 404 404 404 404",
    "progress.read_notification POST":         "L 303 404 404 404 404 404 404 404",
    "progress.mark_notifications_read POST":   "L 303 303 303 303 303 303 303 303",
    # -- the dashboard: everyone, for their own scope
    "dashboard.dashboard GET":                 "L 200 200 200 200 200 200 200 200",
    "dashboard.drill_down GET":                "L 200 200 200 200 200 200 200 200",
    "dashboard.history GET":                   "L 200 200 200 200 200 200 200 200",
    # -- the periodic report: the Office compiles it, the leadership reads it
    "reports.index GET":                       "L 403 403 403 403 200 200 200 200",
    "reports.draft GET":                       "L 403 403 403 403 200 200 200 200",
    "reports.generate POST":                   "L 403 403 403 403 403 403 302 302",
    "reports.save_section POST":               "L 403 403 403 403 403 403 302 302",
    "reports.discard_section POST":            "L 403 403 403 403 403 403 302 302",
    "reports.save_details POST":               "L 403 403 403 403 403 403 302 302",
    "reports.figures GET":                     "L 403 403 403 403 200 200 200 200",
    "reports.save_figures POST":               "L 403 403 403 403 403 403 302 302",
    "reports.accept_figures POST":             "L 403 403 403 403 403 403 302 302",
    "reports.download_docx GET":               "L 403 403 403 403 200 200 200 200",
    "reports.download_xlsx GET":               "L 403 403 403 403 200 200 200 200",
    "reports.template GET":                    "L 403 403 403 403 200 200 200 200",
    "reports.customise_template POST":         "L 403 403 403 403 403 403 302 302",
    "reports.reset_template POST":             "L 403 403 403 403 403 403 302 302",
    "reports.add_section POST":                "L 403 403 403 403 403 403 302 302",
    "reports.update_section POST":             "L 403 403 403 403 403 403 302 302",
    "reports.move_section POST":               "L 403 403 403 403 403 403 302 302",
    "reports.delete_section POST":             "L 403 403 403 403 403 403 302 302",
    "reports.save_phrases POST":               "L 403 403 403 403 403 403 302 302",
    # -- the CCHC index: its readers see all; a unit's users where it has criteria assigned (TTr has)
    "assessment.years GET":                    "L 200 403 200 403 200 200 200 200",
    "assessment.year GET":                     "L 200 403 200 403 200 200 200 200",
    # a unit drafts its assigned criteria, the Office self-scores (appraisers: tests/web/test_index_scoring.py)
    "assessment.save_score POST":              "L 303 403 303 403 403 403 303 303",
    "assessment.change_stage POST":            "L 403 403 403 403 403 403 303 303",
    "assessment.decide_link POST":             "L 403 403 403 403 403 403 303 303",
    "assessment.tag_evidence POST":            "L 403 403 403 403 403 403 303 303",
    "assessment.decide_task POST":             "L 403 403 403 403 403 403 303 303",
    "assessment.remove_task POST":             "L 403 403 403 403 403 403 303 303",
    "assessment.tag_task POST":                "L 403 403 403 403 403 403 303 303",
    "assessment.untag_task POST":              "L 403 403 403 403 403 403 303 303",
    # its exports and the years compared: its readers; the report's text: the Office
    "assessment.exports GET":                  "L 403 403 403 403 200 200 200 200",
    "assessment.report_docx GET":              "L 403 403 403 403 200 200 200 200",
    "assessment.pack GET":                     "L 403 403 403 403 200 200 200 200",
    "assessment.save_text POST":               "L 403 403 403 403 403 403 302 302",
    "assessment.trend GET":                    "L 403 403 403 403 200 200 200 200",
    "assessment.new_year GET":                 "L 403 403 403 403 403 403 200 200",
    "assessment.new_year POST":                "L 403 403 403 403 403 403 303 303",
    "assessment.copy_year POST":               "L 403 403 403 403 403 403 303 303",
    "assessment.edit_year GET":                "L 403 403 403 403 403 403 200 200",
    "assessment.edit_year POST":               "L 403 403 403 403 403 403 303 303",
    "assessment.framework_page GET":           "L 403 403 403 403 200 200 200 200",
    "assessment.new_criterion GET":            "L 403 403 403 403 403 403 200 200",
    "assessment.new_criterion POST":           "L 403 403 403 403 403 403 303 303",
    "assessment.new_child_criterion GET":      "L 403 403 403 403 403 403 200 200",
    "assessment.new_child_criterion POST":     "L 403 403 403 403 403 403 303 303",
    "assessment.edit_criterion GET":           "L 403 403 403 403 403 403 200 200",
    "assessment.edit_criterion POST":          "L 403 403 403 403 403 403 303 303",
    "assessment.move_criterion POST":          "L 403 403 403 403 403 403 303 303",
    "assessment.delete_criterion POST":        "L 403 403 403 403 403 403 303 303",
    "assessment.framework_template GET":       "L 403 403 403 403 200 200 200 200",
    "assessment.export_framework GET":         "L 403 403 403 403 200 200 200 200",
    "assessment.import_framework POST":        "L 403 403 403 403 403 403 302 302",
}


def codes(row: str) -> dict:
    """A row's answers, actor by actor."""
    tokens = row.split()
    assert len(tokens) == len(ACTORS), row
    return {a: (t if t in UNCHANGED else int(t)) for a, t in zip(ACTORS, tokens)}


EXPECT = {route: codes(row) for route, row in MATRIX.items()}


def performs(code) -> bool:
    return code not in UNCHANGED and code < 400


def _cases():
    """(route, actors) per test: a read or an ``each`` route in one test; a write's refusals in one
    test, and each actor it lets through in a test of its own (a fresh demo department each)."""
    for route in sorted(ROUTES, key=lambda r: tuple(r.split(" "))):
        expect = EXPECT.get(route)
        if expect is None:
            continue  # test_every_route_has_a_row fails
        if route.endswith(" GET") or ROUTES[route].each:
            yield pytest.param(route, ACTORS, id=route)
            continue
        refused = tuple(a for a in ACTORS if not performs(expect[a]))
        if refused:
            yield pytest.param(route, refused, id=f"{route} refused")
        for actor in ACTORS:
            if actor not in refused:
                yield pytest.param(route, (actor,), id=f"{route} {actor}")


CASES = list(_cases())


def test_every_route_has_a_row():
    missing, gone = undescribed()
    assert not missing, ("Describe each new route in ROUTES in tests/web/routes.py (its objects and a valid "
                         f"form): {missing}")
    assert not gone, f"These descriptions in ROUTES name routes that no longer exist; remove them: {gone}"
    missing = [r for r in ROUTES if r not in MATRIX]
    gone = [r for r in MATRIX if r not in ROUTES]
    assert not missing, ("Add a row to MATRIX in tests/web/test_access_matrix.py for each new route "
                         f"(who may call it, and what the others get): {missing}")
    assert not gone, f"These rows of MATRIX name routes that no longer exist; remove them: {gone}"
    # the registry's ``by`` (who the one-user walks send a write as) is someone the write lets through
    wrong = [r for r, d in ROUTES.items() if (d.by is not None and not performs(EXPECT[r][d.by]))
             or (d.by is None) != r.endswith(" GET")]
    assert not wrong, f"ROUTES[...].by must name an actor each write lets through (none for a GET): {wrong}"


def _audit_ids(rows) -> set:
    return {r[0] for r in rows["audit_log"]}


@pytest.mark.parametrize(("route", "actors"), CASES)
def test_access(demo_app, route, actors):
    walk(demo_app, route, EXPECT[route], actors)


# Reading a draft plan and what it holds: the Office, the leadership and the admin only; no unit, not
# even the one leading its tasks (KH-TC-TH: khtc), sees a plan before it is issued.
DRAFT_READS = ("plans.view_plan GET", "plans.plan_history GET", "plans.plan_summary GET", "plans.plan_meta GET",
               "plans.area GET", "plans.target GET", "plans.view_task GET", "plans.task_row GET",
               "plan_import.export GET")


@pytest.mark.parametrize("route", DRAFT_READS)
def test_reading_a_draft_plan(demo_app, route):
    walk(demo_app, route, codes("L 403 403 403 403 200 200 200 200"), ACTORS,
         description=replace(ROUTES[route], args=DRAFT_PLAN))


def test_an_admin_only_account_does_not_report(demo_app):
    """quantri belongs to Văn phòng Sở but is only the admin: it reads the unit's entries and does not
    write them (regression: any member of a unit, whatever their roles, could); vanphong, the unit's
    staff, does."""
    coop = replace(ROUTES["progress.save_entry POST"], args={"task_id": "coop_task"},
                   data=plus(ENTRY_FORM, v(ProgressEntry, "coop_entry")))
    walk(demo_app, "progress.save_entry POST", codes("L 403 403 403 403 403 403 302 403"), ("admin", "office"),
         description=coop)


def walk(demo_app, route, expect: dict, actors, objects: DemoObjects | None = None,
         description: Route | None = None):
    """Send the route's request as each actor in turn, and check each answer (see the module docstring).
    ``objects``: those of an earlier walk in the same test (by default, ``matrix_objects()``);
    ``description``: how to call the route, when not as the registry says."""
    method = route.split(" ")[1]
    description = description or ROUTES[route]
    objects = objects or matrix_objects()
    url = prepare(route, objects, description)
    clients = {actor: sign_in(demo_app, USERNAMES[actor]) for actor in actors}
    before = fingerprint(skip_sign_ins=False)
    audit_before = before["audit_log"]
    for actor in actors:
        expected = expect[actor]
        response = clients[actor].open(url, method=method, data=form_of(route, objects, description))
        where = f"{route} as {actor} ({USERNAMES[actor]}): {url}"
        location = response.headers.get("Location", "")
        if expected in UNCHANGED:
            assert response.status_code == 302, (where, response.status_code)
            if expected == "L":
                assert location.startswith("/login"), (where, location)
            elif expected == "H":
                assert location == "/", (where, location)
        else:
            assert response.status_code == expected, (where, response.status_code, location)
            if expected in (301, 302, 303):
                assert location.startswith(description.location) if description.location else (
                    not location.startswith("/login")), (where, location)
        if method == "GET":
            continue
        if not performs(expected):
            before = assert_unchanged(before, where)
            continue
        after = fingerprint(skip_sign_ins=False)
        if route not in NOT_AUDITED:
            assert _audit_ids(after) - _audit_ids(before), (
                f"{where}: no audit record (add it, or list the route in NOT_AUDITED with the reason)")
        before = after
    # the audit log is append-only: every record there before is still there, unchanged
    kept = set(fingerprint(skip_sign_ins=False)["audit_log"])
    assert [r for r in audit_before if r not in kept] == [], route


# -- plans in every status (folded from test_plan_permissions.py): what the rows above do not show --

PLAN_READS = ("plans.view_plan GET", "plans.plan_history GET", "plans.plan_summary GET", "plans.plan_meta GET",
              "plans.area GET", "plans.target GET", "plans.view_task GET", "plans.task_row GET")
# The plan editor: its forms and writes on an existing plan (every plans.* route that needs a plan's
# object and is not a read, nor issuing, closing or deleting the plan itself).
PLAN_EDITOR = tuple(r for r in MATRIX if r.startswith("plans.") and r not in PLAN_READS
                    and r not in ("plans.list_plans GET", "plans.new_plan GET", "plans.new_plan POST",
                                  "plans.issue_plan POST", "plans.close_plan POST", "plans.delete_plan POST"))
REFUSED = codes("L 403 403 403 403 403 403 403 403")


def test_a_closed_plan_refuses_every_edit_even_to_the_office_and_the_admin(demo_app):
    assert len(PLAN_EDITOR) == 21, PLAN_EDITOR
    objects = matrix_objects()
    for route in PLAN_EDITOR:
        walk(demo_app, route, REFUSED, ("office", "admin"), objects, replace(ROUTES[route], args=CLOSED_PLAN))
    # restoring an archived task is the archive route's other form
    walk(demo_app, "plans.archive_task POST", REFUSED, ("office", "admin"), objects,
         Route(args=CLOSED_PLAN, data=lambda o: {"restore": "1"}))


def test_everyone_signed_in_reads_a_closed_plan(demo_app):
    objects = matrix_objects()
    for route in PLAN_READS:
        walk(demo_app, route, codes("L 200 200 200 200 200 200 200 200"), ACTORS, objects,
             replace(ROUTES[route], args=CLOSED_PLAN))


@pytest.mark.parametrize(("route", "plan"), [("plans.issue_plan POST", "plan"), ("plans.issue_plan POST", "closed_plan"),
                                             ("plans.close_plan POST", "draft_plan"),
                                             ("plans.close_plan POST", "closed_plan"),
                                             ("plans.delete_plan POST", "plan"),
                                             ("plans.delete_plan POST", "closed_plan")])
def test_a_plan_is_issued_closed_or_deleted_only_from_the_status_that_allows_it(demo_app, route, plan):
    """Issue a draft, close an issued plan, delete a draft: anything else is refused, even to the Office."""
    walk(demo_app, route, REFUSED, ("office", "admin"), description=replace(ROUTES[route], args={"plan_id": plan}))


def test_the_plan_editor_answers_404_for_an_unknown_object(demo_app):
    client = sign_in(demo_app, "vanphong")
    for route in PLAN_EDITOR:
        endpoint, method = route.split(" ")
        rule = rule_of(endpoint)
        url = rule.build({arg: 999999 for arg in rule.arguments})[1]
        response = client.open(url, method=method, headers=HX)
        assert response.status_code == 404, (route, url, response.status_code)


def test_the_plan_list_offers_a_new_plan_to_whoever_may_create_one(demo_app):
    for actor, username in USERNAMES.items():
        if username is None:
            continue
        listing = sign_in(demo_app, username).get("/plans").text
        assert ('href="/plans/new"' in listing) == (EXPECT["plans.new_plan GET"][actor] == 200), actor
