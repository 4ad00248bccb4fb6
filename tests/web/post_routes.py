"""The app's state-changing routes, enumerated from its URL map, with objects of the demo
department to build their URLs, and what a test needs to feed them bad input: the form a page
offers for a URL, and whether a refusal is said in Vietnamese.

Used by tests/web/test_robustness.py (empty and garbage bodies) and
tests/web/test_bad_input_properties.py (property-based bad input)."""
import html
import re

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.org.models import Unit, User
from app.plans.models import Plan
from app.progress.models import Notification, ProgressEntry, ReportingPeriod
from tests.htmlforms import forms_of
from tests.factories import make_period, make_progress_entry
from tests.web.routes import a_report_draft, an_import, evidence_of

# Routes left out of the generic walks: they end the session, or destroy what the walk needs
# (each has its own tests).
SKIPPED = ("auth.logout",)



def route_objects() -> dict:
    """Objects to build every POST route's URL with (ids keyed by the URL's argument names),
    plus ``issued_plan_id`` and ``issued_task_id`` for the routes that act on an issued plan."""
    plan = db.session.scalar(select(Plan).where(Plan.status == "draft"))
    issued = db.session.scalar(select(Plan).where(Plan.status == "issued"))
    area = plan.areas[0]
    issued_task = issued.areas[0].tasks[0]
    period = db.session.scalar(select(ReportingPeriod)) or make_period("h1", 2026)
    entry = db.session.scalar(select(ProgressEntry)) or make_progress_entry(issued_task, period=period)
    ids = {"plan_id": plan.id, "area_id": area.id, "task_id": area.tasks[0].id, "target_id": area.targets[0].id,
           "unit_id": db.session.scalar(select(Unit.id).order_by(Unit.id)),
           # a supervisor other than the admin who signs in for the user routes (resetting one's own
           # password would end the session); ordered, as PostgreSQL returns rows in no fixed order
           "user_id": db.session.scalar(select(User.id).where(User.username == "lanhdao")),
           "period_id": period.id, "entry_id": entry.id, "issued_plan_id": issued.id,
           "issued_task_id": issued_task.id, **an_import()}
    ids["evidence_id"] = evidence_of(entry).id
    ids.update(a_report_draft(period, issued))
    ids["notification_id"] = db.session.scalar(select(Notification.id).order_by(Notification.id)) or 1
    return ids


def post_rules():
    """Every rule of the URL map that takes a POST (logout aside)."""
    return sorted((rule for rule in current_app.url_map.iter_rules()
                   if "POST" in rule.methods and rule.endpoint not in SKIPPED), key=lambda r: r.rule)


def post_urls(ids=None) -> list[str]:
    """Every POST route's URL, built with ``ids`` (``route_objects()`` by default); the routes on
    a plan's state are built for an issued plan too, the entry routes for an issued task."""
    ids = ids or route_objects()
    urls = []
    for rule in post_rules():
        urls.append(rule.build({arg: ids[arg] for arg in rule.arguments})[1])
        if rule.endpoint in ("plans.issue_plan", "plans.close_plan", "plans.edit_plan_meta"):
            urls.append(rule.build({"plan_id": ids["issued_plan_id"]})[1])
        if rule.endpoint in ("progress.save_entry", "progress.send_entry", "progress.save_contribution"):
            urls.append(rule.build({"period_id": ids["period_id"], "task_id": ids["issued_task_id"]})[1])
    return urls


# -- the forms a page offers -----------------------------------------------------------------

def form_for(client, url: str, pages) -> list[tuple[str, str]] | None:
    """The fields (as a browser would send them) of the first form posting to ``url`` on one of
    ``pages`` (fetched as an htmx request and as a page), or None when no page offers one."""
    from tests.factories import HX

    for page in pages:
        for headers in ({}, HX):
            response = client.get(page, headers=headers)
            if response.status_code != 200 or not response.mimetype.startswith("text/html"):
                continue
            for action, fields in forms_of(response.get_data(as_text=True)):
                if (html.unescape(action) or page).split("?")[0] == url:  # no action: the page's own URL
                    return [(k, v) for k, v in fields if k != "csrf_token"]
    return None


# -- whether a refusal is explained in Vietnamese ---------------------------------------------

_ERROR_BLOCK = re.compile(
    r'<(?P<tag>\w+)[^>]*(?:class="[^"]*\b(?:field-error|form-errors|row-error|flash-error|error-page)\b[^"]*"'
    r'|data-error-message)[^>]*>(?P<body>.*?)</(?P=tag)>', re.S)
VIETNAMESE = re.compile("[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.I)


def error_messages(response) -> list[str]:
    """The text of the error elements of an HTML response (field errors, form errors, the error page)."""
    text = response.get_data(as_text=True)
    return [html.unescape(re.sub(r"<[^>]+>", " ", m.group("body"))).strip() for m in _ERROR_BLOCK.finditer(text)]


def says_why_in_vietnamese(response) -> bool:
    """A refused request's answer carries an error element whose text is Vietnamese."""
    return any(VIETNAMESE.search(m) for m in error_messages(response))
