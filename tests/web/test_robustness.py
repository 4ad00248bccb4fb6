"""Bad input never gets a 500: every state-changing route, fed an empty body or garbage,
answers with a page or a message (4xx/3xx/2xx), and the database stays readable."""
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.org.models import Unit
from app.plans.models import Plan, Task
from app.progress.models import ReportingPeriod
from tests.factories import HX
from tests.signin import sign_in
from tests.web.routes import DRAFT_PLAN, ROUTES, DemoObjects, a_report_draft, an_import, rule_of, url_of

GARBAGE = {
    "title": "x" * 6000, "name": "\x00\ufffd" * 50, "short_name": "%_%", "kind": "không-có",
    "year": "99999999999999999999", "start_year": "-1", "end_year": "abc", "issued_on": "31/02/2026",
    "deadline": "2026-13-45", "recurring": "maybe", "lead_unit_id": "999999", "cooperating_unit_ids": ["x", "-1"],
    "target_ids": ["999999"], "area_id": "abc", "parent_id": "0", "metric_kind": "percent", "comparator": "~",
    "target_value": "nan", "baseline": "1e999", "responsible_unit_id": "-5", "focal_unit_id": "NaN",
    "unit_id": "x", "roles": ["god"], "username": "có dấu cách", "full_name": "", "email": "@",
    "password": "1", "new_password": "", "current_password": "", "confirm": "z", "version": "abc",
    "direction": "sideways", "restore": "1", "number": "/" * 100, "basis": "\x00", "code": "9" * 50,
    "text": "", "items": "+\n-\n•", "detail": "\ud7ff", "output": "o" * 10000, "unit_of_measure": "u" * 80,
    "standard_areas": ["7", "x"], "extra_areas": ["Không có"],
    "task_status": "xong", "percent_done": "1e9", "completed_on": "00/00/0000", "result": "r" * 30000,
    "difficulties": "\x00", "proposals": "", "explanation": "e" * 30000, "reason": "",
    "decision": "approve", "entry_ids": ["abc", "99999999999999999999", "-1"], "window_start": "x",
    "window_end": "32/12/2026", "due_on": "1/1/1", "target-1": "nhiều",
}


# Signing out ends the session (its own tests); the plan routes are sent on the draft plan, those on
# a plan's state on the issued plan too; the entry routes on a task of the draft plan too.
SKIPPED = ("auth.logout POST",)
ON_THE_ISSUED_PLAN_TOO = ("plans.issue_plan POST", "plans.close_plan POST", "plans.edit_plan_meta POST")
ON_A_DRAFT_TASK_TOO = ("progress.save_entry POST", "progress.send_entry POST", "progress.save_contribution POST")


def post_urls() -> list[str]:
    """Every POST route's URL, from the route registry (its objects, its query string)."""
    objects = DemoObjects()
    urls = []
    for route in sorted(ROUTES):
        if not route.endswith(" POST") or route in SKIPPED:
            continue
        if route.startswith("plans."):
            urls.append(url_of(route, objects, replace(ROUTES[route], args=DRAFT_PLAN)))
            if route in ON_THE_ISSUED_PLAN_TOO:
                urls.append(url_of(route, objects, replace(ROUTES[route], args={})))
        else:
            urls.append(url_of(route, objects))
        if route in ON_A_DRAFT_TASK_TOO:
            urls.append(url_of(route, objects, replace(ROUTES[route], args={"task_id": "draft_task"})))
    return urls


@pytest.mark.parametrize("payload", ["empty", "garbage"])
@pytest.mark.parametrize("username", ["vanphong", "quantri"])
def test_no_post_route_answers_500(demo_app, payload, username):
    client = sign_in(demo_app, username)
    urls = post_urls()
    assert len(urls) == len(set(urls)) >= 68
    data = {} if payload == "empty" else GARBAGE
    for url in urls:
        if url.endswith("/delete") or url.endswith("/password") and "/users/" in url:
            continue  # destructive or session-ending routes are covered by their own tests
        for headers in ({}, HX):
            response = client.post(url, data=data, headers=headers)
            assert response.status_code < 500, (url, headers, response.status_code)
            assert "Traceback" not in response.get_data(as_text=True)
    # the app still works afterwards
    assert client.get("/plans").status_code == 200
    assert client.get("/checklist").status_code == 200


# -- huge numbers as ids (issue 14): 404 or 422, never an integer overflow ------------------

HUGE = "99999999999999999999999"


def _get_urls_with_ids():
    urls = []
    for route in sorted(ROUTES):
        rule = rule_of(route.split(" ")[0])
        if rule.arguments and route.endswith(" GET"):
            path = rule.rule
            for arg in rule.arguments:
                path = path.replace(f"<int:{arg}>", HUGE)
            urls.append(path)
    return urls


@pytest.mark.parametrize("number", [HUGE, "2147483648", "9" * 5000])
def test_a_huge_id_in_a_url_is_404(demo_app, number):
    client = sign_in(demo_app, "quantri")  # may open every page, so each one looks the id up
    urls = [u.replace(HUGE, number) for u in _get_urls_with_ids()]
    assert "/tasks/" + number in urls and len(urls) >= 8
    for url in urls:
        for headers in ({}, HX):
            response = client.get(url, headers=headers)
            assert response.status_code == 404, (url, response.status_code)
    assert client.post(f"/tasks/{number}/delete").status_code == 404


@pytest.mark.parametrize("url", [f"/checklist?plan={HUGE}", f"/checklist?unit={HUGE}",
                                 f"/plans/{{plan_id}}/history?page={HUGE}", f"/users?unit={HUGE}",
                                 f"/checklist?period={HUGE}", f"/approvals?period={HUGE}",
                                 f"/dashboard?period={HUGE}", f"/dashboard/tasks?period={HUGE}",
                                 f"/dashboard/history?period={HUGE}",
                                 "/checklist?plan=" + "9" * 5000,
                                 # beyond PostgreSQL's integer (SQLite's goes to 2**63 - 1)
                                 "/checklist?plan=2147483648", "/reports/periods/{period_id}/figures?plan=2147483648",
                                 f"/reports/periods/{{period_id}}/draft?plan={HUGE}",
                                 f"/reports/periods/{{period_id}}/figures?plan={HUGE}",
                                 f"/reports/periods/{{period_id}}/report.docx?plan={HUGE}",
                                 f"/reports/periods/{{period_id}}/annex.xlsx?plan={HUGE}"])
def test_a_huge_number_in_a_query_string_is_404(demo_app, url):
    client = sign_in(demo_app, "lanhdao" if url.startswith("/approvals") else "quantri")
    plan_id = db.session.scalar(select(Plan.id))
    period_id = db.session.scalar(select(ReportingPeriod.id))
    response = client.get(url.format(plan_id=plan_id, period_id=period_id))
    assert response.status_code == 404


def test_a_search_with_nul_characters_is_answered(demo_app):
    """PostgreSQL refuses NUL in text: the search drops it instead of failing (a 500 before)."""
    client = sign_in(demo_app, "thanhtra")
    plain = client.get("/checklist?q=ra+soat")
    response = client.get("/checklist?q=ra%00+so%00at%00")
    assert response.status_code == 200
    rows = plain.text.count('id="task-row-')
    assert rows > 0 and response.text.count('id="task-row-') == rows


def test_nul_characters_in_a_filter_or_a_report_section_are_no_500(demo_app):
    """Places without the forms' NUL filter: the dashboard's area filter, a report section's text."""
    from app.reports.models import DraftSection

    client = sign_in(demo_app, "vanphong")
    period = db.session.scalar(select(ReportingPeriod).order_by(ReportingPeriod.id))
    assert client.get(f"/dashboard/tasks?period={period.id}&area=C%C3%B4ng%00+t%C3%A1c").status_code == 200
    ids = a_report_draft(period, db.session.scalar(select(Plan).where(Plan.status == "issued")))
    section = db.session.scalar(select(DraftSection).where(DraftSection.draft_id == ids["draft_id"],
                                                           DraftSection.key == ids["key"]))
    response = client.post(f"/reports/drafts/{ids['draft_id']}/sections/{ids['key']}",
                           data={"text": "Kết quả\x00 nổi bật", "version": section.version}, headers=HX)
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(DraftSection, section.id).text == "Kết quả nổi bật"


def test_the_largest_page_number_is_an_empty_page(demo_app):
    client = sign_in(demo_app, "vanphong")
    plan_id = db.session.scalar(select(Plan.id))
    assert client.get(f"/plans/{plan_id}/history?page=2147483647").status_code == 200


@pytest.mark.parametrize("field", ["lead_unit_id", "area_id", "cooperating_unit_ids", "target_ids"])
def test_a_huge_id_in_a_task_form_is_422(demo_app, field):
    client = sign_in(demo_app, "vanphong")
    area = db.session.scalar(select(Plan).where(Plan.status == "draft")).areas[0]
    unit_id = db.session.scalar(select(Unit.id))
    data = {"title": "Nhiệm vụ thử", "lead_unit_id": str(unit_id), "recurring": "y", field: HUGE}
    before = db.session.scalar(select(func.count(Task.id)))
    response = client.post(f"/areas/{area.id}/tasks", data=data, headers=HX)
    assert response.status_code == 422
    assert "Lựa chọn không hợp lệ." in response.text
    assert db.session.scalar(select(func.count(Task.id))) == before


@pytest.mark.parametrize(("url", "field"), [("/plans/{plan_id}/areas", "focal_unit_id"),
                                            ("/areas/{area_id}/targets", "responsible_unit_id"),
                                            ("/plans/new", "parent_id")])
def test_a_huge_id_in_other_forms_is_422(demo_app, url, field):
    client = sign_in(demo_app, "vanphong")
    plan = db.session.scalar(select(Plan).where(Plan.status == "draft"))
    data = {"name": "Nội dung thử", "text": "Chỉ tiêu thử", "title": "Kế hoạch thử", "kind": "annual",
            "year": "2026", "metric_kind": "", "comparator": "", field: HUGE}
    response = client.post(url.format(plan_id=plan.id, area_id=plan.areas[0].id), data=data, headers=HX)
    assert response.status_code == 422
    assert "Lựa chọn không hợp lệ." in response.text


def test_a_huge_area_id_when_editing_a_task_is_422(demo_app):
    client = sign_in(demo_app, "vanphong")
    task = db.session.scalar(select(Plan).where(Plan.status == "draft")).areas[0].tasks[0]
    data = {"title": task.title, "lead_unit_id": str(task.lead_unit_id), "recurring": "y", "area_id": HUGE,
            "version": str(task.version)}
    response = client.post(f"/tasks/{task.id}/edit", data=data, headers=HX)
    assert response.status_code == 422 and "Lựa chọn không hợp lệ." in response.text


@pytest.mark.parametrize("field", ["cooperating_unit_ids", "lead_unit_id"])
def test_a_huge_id_in_an_import_row_is_422(demo_app, field):
    client = sign_in(demo_app, "vanphong")
    from app.plans.importer import service
    from app.plans.importer.models import PlanImport

    ids = an_import()
    task = next(line for line in service.load(db.session.get(PlanImport, ids["import_id"])).lines
                if line.kind == "task")
    url = f"/plans/import/{ids['import_id']}/lines/{task.id}"
    response = client.post(url, data={"kind": "task", "text": "Rà soát văn bản", field: HUGE}, headers=HX)
    assert response.status_code == 422 and "Lựa chọn không hợp lệ." in response.text


def test_import_basis_has_a_limit(demo_app):
    client = sign_in(demo_app, "vanphong")
    ids = an_import()
    response = client.post(f"/plans/import/{ids['import_id']}/meta", headers=HX,
                           data={"title": "Kế hoạch", "kind": "annual", "year": "2026", "basis": "căn cứ " * 700})
    assert response.status_code == 422 and "Tối đa 4.000 ký tự." in response.text
