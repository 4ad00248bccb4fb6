"""THE route registry of the tests: every route of the app (endpoint + method), and how to call it.

- ``ROUTES``: one ``Route`` per (endpoint, method) of the URL map, keyed "endpoint METHOD": the demo
  objects its URL names (``args``, over ``DEFAULT_OBJECTS``), its query string, a valid form (so that a
  refusal is the policy's, not the form's), and for a write, ``by``: an actor it lets through with these
  objects (the walks that send a route as one user: CSRF, audit). ``undescribed(app)`` compares it with
  the app's URL map (every route described, none described that the app lacks);
  ``tests/web/test_access_matrix.py`` holds only the expected answer of each actor per route, and
  checks both.
- ``DemoObjects``: the demo department's objects those URLs and forms name, found (or made) on first
  use, relative to one unit, Thanh tra Sở; ``ACTORS`` / ``USERNAMES``: the nine kinds of user relative
  to it; ``DRAFT_PLAN`` / ``CLOSED_PLAN``: a plan's URL arguments on the draft plan / a closed one.
- ``url_of``, ``form_of``, ``prepare``: a route's URL and form from the objects; ``form_for``: the form a
  page offers for a URL (as a browser sends it); ``says_why_in_vietnamese``: whether a refusal is
  explained in Vietnamese.

Used by the access matrix, the CSRF matrix, test_get_writes_nothing, test_robustness,
test_bad_input_properties, test_output_escaping, test_hostile_uploads, test_query_numbers, test_audit_log.
"""
import html
import io
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Callable

from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.assessment import framework
from app.assessment.framework_xlsx import template as framework_template_bytes
from app.assessment.models import AREA, COMPONENT, CRITERION, IndexCriterion, IndexLink, IndexScore, IndexYear
from app.assessment.scoring import format_score
from app.org.models import Unit, User
from app.org.services import set_supervision
from app.plans import services as plan_services
from app.plans.importer import queries as import_queries
from app.plans.importer import service as import_service
from app.plans.models import Area, Plan, Target, Task
from app.progress import services as progress_services
from app.progress.evidence import add_evidence
from app.progress.models import Evidence, Notification, ProgressEntry, ReportingPeriod
from app.progress.period_rules import is_expected
from app.progress.queries import find_entry
from app.reports import services as report_services
from app.reports.models import ReportDraft, ReportSection, ReportTemplate
from app.reports.phrases import PHRASES
from app.reports.wording import ReportSettings
from app.transactions import transaction
from tests.factories import HX, issue, make_plan, make_target, make_task
from tests.filegen import pdf_bytes
from tests.htmlforms import forms_of

IGNORED_METHODS = {"HEAD", "OPTIONS"}

# The nine kinds of user, relative to the objects (see DemoObjects): "own unit" is Thanh tra Sở.
#   anon   nobody signed in
#   staff  staff of the owning unit (thanhtra, Thanh tra Sở)      staff' staff of another unit (congnghiep, QLCN)
#   head   head of the owning unit (chanhthanhtra)                 head'  head of another unit (khtc, KH-TC-TH)
#   sup    a supervisor of the owning unit (giamdoc, supervises all)
#   sup'   a supervisor not of it (lanhdao, given every unit he had but Thanh tra Sở: ``matrix_objects``)
#   office the Office (vanphong)                                   admin  the administrator (quantri)
ACTORS = ("anon", "staff", "staff'", "head", "head'", "sup", "sup'", "office", "admin")
USERNAMES = {"anon": None, "staff": "thanhtra", "staff'": "congnghiep", "head": "chanhthanhtra",
             "head'": "khtc", "sup": "giamdoc", "sup'": "lanhdao", "office": "vanphong", "admin": "quantri"}


@dataclass(frozen=True)
class Route:
    """How to call one route: ``args`` (URL argument -> DemoObjects name, over DEFAULT_OBJECTS), ``query``
    (objects -> query string), ``data`` (objects -> a valid form; files as (stream, name)), ``needs``
    (DemoObjects names to build first: a route that finds its object by itself), ``by`` (a write: an
    actor it lets through), ``each`` (every actor changes only their own things: all in one app, one after
    another), ``location`` (where a success redirects, when it is the login page: signing out)."""

    args: dict = field(default_factory=dict)
    query: Callable | None = None
    data: Callable | None = None
    by: str | None = None
    each: bool = False
    needs: tuple = ()
    location: str = ""


# Successful writes that change nothing of record, so write no audit record.
NOT_AUDITED = {
    "progress.mark_notifications_read POST": "marks the user's own notices read: no record of the department",
    "progress.read_notification POST": "marks the user's own notice read (see mark_notifications_read)",
    "plan_import.upload POST": "an import is its importer's scratch copy until the plan is created "
                               "(plan_import.create), which is audited",
    "plan_import.meta POST": "edits the import's scratch copy (see plan_import.upload)",
    "plan_import.line POST": "edits the import's scratch copy (see plan_import.upload)",
    "plan_import.merge POST": "edits the import's scratch copy (see plan_import.upload)",
    "plan_import.assignment POST": "edits the import's scratch copy (see plan_import.upload)",
    "plan_import.delete POST": "discards the import's scratch copy (see plan_import.upload)",
}


# -- forms --------------------------------------------------------------------------------

def version(model, object_id) -> str:
    db.session.expire_all()
    return str(db.session.get(model, object_id).version)


def score_version(criterion_id) -> str:
    """The version of a leaf's score row as its form carries it (0: none yet)."""
    db.session.expire_all()
    score = db.session.get(IndexCriterion, criterion_id).score
    return str(score.version if score is not None else 0)


def next_link_status(criterion_id, evidence_id=None, task_id=None) -> str:
    """Confirm the document (or the task) for the leaf, or set it aside when the demo has it confirmed already."""
    db.session.expire_all()
    item = IndexLink.evidence_id == evidence_id if task_id is None else IndexLink.task_id == task_id
    link = db.session.scalar(select(IndexLink).where(IndexLink.criterion_id == criterion_id, item))
    return "rejected" if link is not None and link.status == "confirmed" else "confirmed"


def untagged_code(year, evidence_id=None, task_id=None) -> str:
    """The code of a leaf of ``year`` the document is not confirmed for (the task: not linked to)."""
    db.session.expire_all()
    index_year = db.session.scalar(select(IndexYear).where(IndexYear.year == year))
    item = (IndexLink.evidence_id == evidence_id) & (IndexLink.status == "confirmed") if task_id is None \
        else IndexLink.task_id == task_id
    linked = set(db.session.scalars(select(IndexLink.criterion_id).where(item)))
    parents = {c.parent_id for c in index_year.criteria}
    return next(c.code for c in index_year.criteria if c.id not in parents and c.id not in linked)


def v(model, name):
    """A form's hidden ``version``: the current version of the object ``name``."""
    return lambda o: {"version": version(model, o[name])}


def plus(*parts):
    def build(o):
        out = {}
        for part in parts:
            out.update(part(o) if callable(part) else part)
        return out
    return build


PERIOD = lambda o: f"period={o['period']}"  # noqa: E731
PLAN = lambda o: f"plan={o['plan']}"  # noqa: E731
PROGRAMME = lambda o: f"plan={o['programme']}"  # noqa: E731
UNIT = lambda o: f"unit={o['ttr']}"  # noqa: E731
ENTRY_FORM = {"task_status": "in_progress", "percent_done": "60", "result": "Đã rà soát 12 văn bản."}
PLAN_FORM = {"kind": "annual", "title": "Kế hoạch kiểm tra quyền", "year": "2026"}
TASK_FORM = lambda o: {"title": "Nhiệm vụ thử quyền", "lead_unit_id": str(o["ttr"]), "recurring": "y"}  # noqa: E731
UNIT_FORM = {"name": "Thanh tra Sở Công Thương", "short_name": "TTr", "kind": "thanh_tra", "active": "y"}
USER_FORM = lambda o: {"username": "thanhtra", "full_name": "Lê Thị Hồng Nhung", "unit_id": str(o["ttr"]),  # noqa: E731
                       "roles": ["staff"], "active": "y", "job_title": "Thanh tra viên chính"}
PDF = lambda o: {"files": (io.BytesIO(pdf_bytes()), "bien-ban.pdf")}  # noqa: E731
SECTION_FORM = {"title": "Mục thêm", "kind": "free"}
PHRASES_FORM = {**{key: phrase.text for key, phrase in PHRASES.items()},
                "closing": "Trên đây là báo cáo {ky} của {co_quan}./."}  # a change, so an audit record
CRITERION_FORM = {"code": "9.9", "title": "Tiêu chí thử quyền", "max_score": "2", "rule": "Đạt: 2 điểm"}
TEMPLATE_VERSION = lambda o: {"version": version(ReportTemplate, o["template_id"])}  # noqa: E731

ROUTES: dict[str, Route] = {
    # -- signing in and out
    "auth.login GET": Route(),
    "auth.login POST": Route(by="anon", data=lambda o: {"username": "thanhtra", "password": "cchc@2026"}),
    "auth.logout POST": Route(by="staff", each=True, location="/login"),
    "auth.change_password GET": Route(),
    "auth.change_password POST": Route(by="staff", each=True, data=lambda o: {
        "current_password": "cchc@2026", "new_password": "mat-khau-moi-2026", "confirm": "mat-khau-moi-2026"}),
    "main.index GET": Route(),
    "main.healthz GET": Route(),
    "static GET": Route(),
    # -- units and users (Quản trị)
    "org.list_units GET": Route(),
    "org.new_unit GET": Route(),
    "org.new_unit POST": Route(by="admin",
        data=lambda o: {"name": "Phòng Thử nghiệm", "short_name": "PTN", "kind": "phong", "active": "y"}),
    "org.edit_unit GET": Route(),
    "org.edit_unit POST": Route(by="admin", data=plus(UNIT_FORM, v(Unit, "ttr"))),
    "org.list_users GET": Route(),
    "org.new_user GET": Route(),
    "org.new_user POST": Route(by="admin", data=lambda o: {
        **USER_FORM(o), "username": "thanhtra2", "full_name": "Người mới", "password": "mat-khau-2026"}),
    "org.edit_user GET": Route(),
    "org.edit_user POST": Route(by="admin", data=plus(USER_FORM, v(User, "user"))),
    "org.reset_user_password POST": Route(by="admin", data=lambda o: {"new_password": "tam-thoi-2026"}),
    "org.set_user_supervision POST": Route(by="admin", args={"user_id": "supervisor"},
        data=plus(lambda o: {"unit_ids": [str(o["ttr"])]}, v(User, "supervisor"))),
    # -- plans: reading
    "plans.list_plans GET": Route(),
    "plans.view_plan GET": Route(),
    "plans.plan_history GET": Route(),
    "plans.plan_summary GET": Route(),
    "plans.plan_meta GET": Route(),
    "plans.area GET": Route(),
    "plans.target GET": Route(),
    "plans.view_task GET": Route(),
    "plans.task_row GET": Route(),
    "plan_import.export GET": Route(),
    "plan_import.template GET": Route(),
    # -- plans: the Office builds them (a draft plan is not even readable by the units)
    "plans.new_plan GET": Route(),
    "plans.new_plan POST": Route(by="office", data=lambda o: {**PLAN_FORM, "standard_areas": ["1"]}),
    "plans.editor GET": Route(),
    "plans.edit_plan_meta GET": Route(),
    "plans.edit_plan_meta POST": Route(by="office", args={"plan_id": "draft_plan"},
        data=plus(PLAN_FORM, v(Plan, "draft_plan"))),
    "plans.issue_plan POST": Route(by="office", args={"plan_id": "draft_plan"},
        data=lambda o: {"number": "99/KH-SCT", "issued_on": "01/02/2026"}),
    "plans.close_plan POST": Route(by="office"),
    "plans.delete_plan POST": Route(by="office", args={"plan_id": "draft_plan"}),
    "plans.add_area POST": Route(by="office",
        data=lambda o: {"name": "Nội dung mới", "focal_unit_id": str(o["ttr"])}),
    "plans.edit_area GET": Route(),
    "plans.edit_area POST": Route(by="office", data=plus(
        lambda o: {"name": "Nội dung đã đổi tên", "focal_unit_id": str(o["ttr"])},
        v(Area, "area"))),
    "plans.move_area POST": Route(by="office", data=lambda o: {"direction": "down"}),
    "plans.delete_area POST": Route(by="office", args={"area_id": "draft_area"}),
    "plans.new_target GET": Route(),
    "plans.add_target POST": Route(by="office",
        data=lambda o: {"text": "Chỉ tiêu thử quyền", "metric_kind": "", "comparator": ""}),
    "plans.edit_target GET": Route(),
    "plans.edit_target POST": Route(by="office", data=plus(
        {"text": "Chỉ tiêu đã sửa", "metric_kind": "", "comparator": ""}, v(Target, "target"))),
    "plans.move_target POST": Route(by="office", data=lambda o: {"direction": "down"}),
    "plans.delete_target POST": Route(by="office", args={"target_id": "draft_target"}),
    "plans.new_task GET": Route(),
    "plans.add_task POST": Route(by="office", data=TASK_FORM),
    "plans.edit_task GET": Route(),
    "plans.edit_task POST": Route(by="office", args={"task_id": "draft_task"},
        data=plus(TASK_FORM, v(Task, "draft_task"))),
    "plans.move_task POST": Route(by="office", data=lambda o: {"direction": "up"}),
    "plans.archive_task POST": Route(by="office"),
    "plans.delete_task POST": Route(by="office", args={"task_id": "draft_task"}),
    # -- importing a plan: the preview is its importer's (vanphong's), not the admin's
    "plan_import.upload_page GET": Route(),
    "plan_import.upload POST": Route(by="office", data=lambda o: {
        "text": "KẾ HOẠCH\nCải cách hành chính năm 2026\nII. NHIỆM VỤ\n1. Cải cách thể chế\n- Rà soát văn bản"}),
    "plan_import.review GET": Route(),
    "plan_import.summary GET": Route(),
    "plan_import.line_row GET": Route(),
    "plan_import.meta POST": Route(by="office",
        data=lambda o: {"title": "Kế hoạch nhập", "kind": "annual", "year": "2026"}),
    "plan_import.line POST": Route(by="office", data=lambda o: {"kind": "subitem", "text": "Tự kiểm tra văn bản"}),
    "plan_import.merge POST": Route(by="office"),
    "plan_import.assignment POST": Route(by="office", data=lambda o: {"decision": "undo"}),
    "plan_import.map_unit POST": Route(by="office",
        data=lambda o: {"name": "Thanh tra Sở Công Thương", "unit_id": str(o["ttr"])}),
    "plan_import.create POST": Route(by="office", data=lambda o: {"fallback_lead_unit_id": str(o["ttr"])}),
    "plan_import.delete POST": Route(by="office"),
    # -- reporting periods
    "progress.list_periods GET": Route(),
    "progress.view_period GET": Route(),
    "progress.open_period POST": Route(by="office", data=lambda o: {"kind": "q3", "year": "2026"}),
    "progress.edit_period POST": Route(by="office", data=plus(
        {"title": "Báo cáo 6 tháng đầu năm 2026", "window_start": "15/12/2025", "window_end": "14/06/2026",
         "due_on": "20/06/2026"}, v(ReportingPeriod, "period"))),
    "progress.lock_period POST": Route(by="office"),
    "progress.reopen_period POST": Route(by="office", args={"period_id": "locked_period"},
        data=lambda o: {"reason": "Bổ sung báo cáo còn thiếu."}),
    "progress.follow_up GET": Route(),
    "progress.remind POST": Route(by="office", data=lambda o: {"unit": str(o["ttr"])}),
    # -- the unit's checklist and its entries
    "progress.checklist GET": Route( query=UNIT),
    "progress.entry_panel GET": Route(),
    "progress.save_entry POST": Route(by="staff",
        data=plus(ENTRY_FORM, v(ProgressEntry, "entry"))),
    "progress.save_contribution POST": Route(by="staff", args={"task_id": "coop_task"},
        data=lambda o: {"text": "Thanh tra Sở đã phối hợp kiểm tra."}),
    "progress.view_entry GET": Route(),
    "progress.send_entry POST": Route(by="head",
        data=plus(ENTRY_FORM, v(ProgressEntry, "entry"))),
    "progress.submit_unit_entries POST": Route(by="head"),
    "progress.approvals GET": Route(),
    "progress.decide POST": Route(by="sup",
        data=lambda o: {"entry_ids": [str(o["submitted_entry"])], "decision": "approve"}),
    "progress.reopen_entry POST": Route(by="office", args={"entry_id": "approved_entry"},
        data=lambda o: {"reason": "Cần bổ sung kết quả."}),
    # -- evidence
    "progress.entry_evidence GET": Route(),
    "progress.upload_evidence POST": Route(by="staff", data=PDF),
    "progress.upload_first_evidence POST": Route(by="staff", args={"task_id": "unreported_task"}, data=PDF),
    "progress.evidence_item GET": Route(),
    "progress.edit_evidence GET": Route(),
    "progress.edit_evidence POST": Route(by="staff", data=lambda o: {
        "number": "15/BB-TTr", "issued_on": "10/03/2026", "issuer": "Thanh tra Sở", "summary": "Biên bản"}),
    "progress.remove_evidence_route POST": Route(by="staff"),
    "progress.download_evidence GET": Route(),
    "progress.view_evidence GET": Route(),
    # -- notifications (thanhtra's)
    "progress.notification_badge GET": Route(),
    "progress.list_notifications GET": Route(),
    "progress.open_notification GET": Route(),
    "progress.read_notification POST": Route(by="staff"),
    "progress.mark_notifications_read POST": Route(by="staff", each=True, data=lambda o: {"all": "1"}),
    # -- the dashboard: everyone, for their own scope
    "dashboard.dashboard GET": Route(),
    "dashboard.drill_down GET": Route( query=PERIOD),
    "dashboard.history GET": Route( query=PERIOD),
    # -- the periodic report: the Office compiles it, the leadership reads it
    "reports.index GET": Route(),
    "reports.draft GET": Route(),
    "reports.generate POST": Route(by="office"),
    "reports.save_section POST": Route(by="office", data=lambda o: {"text": "Đề xuất của Sở."}),
    "reports.discard_section POST": Route(by="office", args={"key": "edited_key"}),
    "reports.save_details POST": Route(by="office", data=plus(
        {"number": "12", "report_date": "20/06/2026"}, v(ReportDraft, "draft_id"))),
    "reports.figures GET": Route(),
    "reports.save_figures POST": Route(by="office", data=lambda o: {
        "tthc_received": "100", "tthc_on_time": "90", "tthc_late": "5", "tthc_in_progress": "5",
        "tthc_online": "80", "source": "Hệ thống một cửa điện tử tỉnh"}),
    "reports.accept_figures POST": Route(by="office", args={"period_id": "mismatch_period"},
        data=lambda o: {"reason": "Số liệu của hệ thống một cửa chưa cập nhật."}),
    "reports.download_docx GET": Route(),
    "reports.download_xlsx GET": Route(),
    "reports.template GET": Route( query=PLAN),
    "reports.customise_template POST": Route(by="office", query=PROGRAMME),
    "reports.reset_template POST": Route(by="office", query=PLAN, needs=("section_id",)),
    "reports.add_section POST": Route(by="office", query=PLAN, data=plus(SECTION_FORM, TEMPLATE_VERSION)),
    "reports.update_section POST": Route(by="office", data=plus(SECTION_FORM, TEMPLATE_VERSION)),
    "reports.move_section POST": Route(by="office", data=plus({"direction": "down"}, TEMPLATE_VERSION)),
    "reports.delete_section POST": Route(by="office", data=TEMPLATE_VERSION),
    "reports.save_phrases POST": Route(by="office", query=PLAN, data=plus(PHRASES_FORM, TEMPLATE_VERSION)),
    # -- the CCHC index (year: the 2026 framework, with criteria assigned to Thanh tra Sở)
    "assessment.years GET": Route(needs=("index_year",)),
    "assessment.year GET": Route(),
    # the self-assessment's rounds and evidence (index_leaf: a leaf of the year assigned to Thanh tra Sở;
    # approved_evidence: a document of an approved Thanh tra Sở entry in 2026)
    "assessment.save_score POST": Route(by="office", args={"criterion_id": "index_leaf"}, data=lambda o: {
        "score": "0", "note": "Giải trình thử", "version": score_version(o["index_leaf"])}),
    "assessment.change_stage POST": Route(by="office", data=lambda o: {"direction": "next"}),
    "assessment.decide_link POST": Route(by="office", args={"criterion_id": "index_leaf"}, data=lambda o: {
        "evidence_id": o["approved_evidence"], "status": next_link_status(o["index_leaf"], o["approved_evidence"])}),
    "assessment.tag_evidence POST": Route(by="office", args={"evidence_id": "approved_evidence"},
                                          data=lambda o: {"code": untagged_code(o["index_year"], o["approved_evidence"])}),
    # tasks linked to criteria (task: Thanh tra Sở's task of the 2026 plan; index_task_leaf and
    # index_linked_task: a leaf and a task confirmed for it)
    "assessment.decide_task POST": Route(by="office", args={"criterion_id": "index_leaf"}, data=lambda o: {
        "task_id": o["task"], "status": next_link_status(o["index_leaf"], task_id=o["task"])}),
    "assessment.remove_task POST": Route(by="office", args={"criterion_id": "index_task_leaf",
                                                            "task_id": "index_linked_task"}),
    "assessment.tag_task POST": Route(by="office", data=lambda o: {"code": untagged_code(o["index_year"], task_id=o["task"])}),
    "assessment.untag_task POST": Route(by="office", args={"criterion_id": "index_task_leaf",
                                                           "task_id": "index_linked_task"}),
    "assessment.exports GET": Route(),
    "assessment.report_docx GET": Route(),
    "assessment.pack GET": Route(),
    "assessment.save_text POST": Route(by="office", data=lambda o: {
        "difficulties": "Một số tiêu chí chưa có hướng dẫn tài liệu kiểm chứng.", "proposals": ""}),
    "assessment.trend GET": Route(needs=("index_year",)),
    "assessment.new_year GET": Route(),
    "assessment.new_year POST": Route(by="office", data=lambda o: {"year": "2031", "title": "Bộ chỉ số năm 2031"}),
    "assessment.copy_year POST": Route(by="office"),
    "assessment.edit_year GET": Route(),
    "assessment.edit_year POST": Route(by="office", data=plus(
        {"title": "Bộ chỉ số CCHC năm 2026", "source": "Quyết định số 1/QĐ-UBND", "self_deadline": "15/11/2026"},
        v(IndexYear, "index_year_id"))),
    "assessment.framework_page GET": Route(),
    "assessment.new_criterion GET": Route(),
    "assessment.new_criterion POST": Route(by="office", data=lambda o: CRITERION_FORM),
    "assessment.new_child_criterion GET": Route(),
    "assessment.new_child_criterion POST": Route(by="office", data=lambda o: {**CRITERION_FORM, "max_score": "1"}),
    "assessment.edit_criterion GET": Route(),
    "assessment.edit_criterion POST": Route(by="office", data=plus(
        lambda o: {**CRITERION_FORM, "unit_id": str(o["ttr"]), **_criterion_code_and_max(o["index_criterion"])},
        v(IndexCriterion, "index_criterion"))),
    "assessment.move_criterion POST": Route(by="office", args={"criterion_id": "index_spare_criterion"},
        data=lambda o: {"direction": "up"}),
    "assessment.delete_criterion POST": Route(by="office", args={"criterion_id": "index_spare_criterion"}),
    "assessment.framework_template GET": Route(),
    "assessment.export_framework GET": Route(),
    "assessment.import_framework POST": Route(by="office", args={"year": "index_empty_year"},
        data=lambda o: {"file": (io.BytesIO(framework_template_bytes()), "bo-tieu-chi.xlsx")}),
}

# The URL arguments of a plan's objects, on the draft plan (an area of it with tasks and targets) and on
# a closed plan.
DRAFT_PLAN = {"plan_id": "draft_plan", "area_id": "draft_task_area", "task_id": "draft_task",
              "target_id": "draft_target"}
CLOSED_PLAN = {"plan_id": "closed_plan", "area_id": "closed_area", "task_id": "closed_task",
               "target_id": "closed_target"}

# Each URL argument's object by default (DemoObjects names); ``filename`` (static files) is a file.
DEFAULT_OBJECTS = {"plan_id": "plan", "area_id": "area", "task_id": "task", "target_id": "target",
                   "unit_id": "ttr", "user_id": "user", "period_id": "period", "entry_id": "entry",
                   "evidence_id": "evidence", "notification_id": "notification", "draft_id": "draft_id",
                   "key": "key", "section_id": "section_id", "import_id": "import_id", "line_id": "line_id",
                   "assignment_id": "assignment_id", "year": "index_year",
                   "criterion_id": "index_criterion"}
STATIC_FILE = "css/app.css"


def _criterion_code_and_max(criterion_id) -> dict:
    criterion = db.session.get(IndexCriterion, criterion_id)
    return {"code": criterion.code, "max_score": format_score(criterion.max_score)}


# -- the URL map --------------------------------------------------------------------------

@cache
def url_map_app():
    """An app to read the URL map from (no database)."""
    return create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def url_map_routes(app=None) -> list[str]:
    """Every "endpoint METHOD" the app answers, HEAD and OPTIONS aside (Werkzeug adds them)."""
    app = app or url_map_app()
    return sorted({f"{rule.endpoint} {method}" for rule in app.url_map.iter_rules()
                   for method in rule.methods - IGNORED_METHODS})


def undescribed(app=None) -> tuple[list[str], list[str]]:
    """(routes of the app that ROUTES does not describe, routes ROUTES describes that the app lacks)."""
    routes = url_map_routes(app)
    return [r for r in routes if r not in ROUTES], [r for r in ROUTES if r not in routes]


def rule_of(endpoint: str, app=None):
    rules = [r for r in (app or url_map_app()).url_map.iter_rules() if r.endpoint == endpoint]
    assert len(rules) == 1, (endpoint, rules)
    return rules[0]


# -- demo objects -------------------------------------------------------------------------

def _user(username):
    return db.session.scalar(select(User).where(User.username == username))


def evidence_of(entry):
    """An item of evidence on ``entry``, added by its unit (a PDF, stored in the upload folder)."""
    evidence = db.session.scalar(select(Evidence).where(Evidence.entry_id == entry.id,
                                                        Evidence.removed_at.is_(None)))
    if evidence is None:
        with transaction():
            evidence = add_evidence(None, entry, entry.unit, io.BytesIO(pdf_bytes()), "qd.pdf")
    return evidence


def a_report_draft(period, plan) -> dict:
    """The period's report draft (for the whole department) and the plan's own outline."""
    office = _user("vanphong")
    with transaction():
        draft = report_services.generate_draft(office, period, None, ReportSettings())
        template = report_services.ensure_template(office, plan)
    return {"draft_id": draft.id, "key": "de-xuat", "section_id": template.sections[1].id}


def an_import() -> dict:
    """A plan import of the Office's (vanphong), in review."""
    with transaction():
        preview = import_service.read_pasted("KẾ HOẠCH\nCải cách hành chính năm 2026\nII. NHIỆM VỤ\n"
                                             "1. Cải cách thể chế\n- Rà soát văn bản\n+ Tự kiểm tra\n"
                                             "III. TỔ CHỨC THỰC HIỆN\n1. Thanh tra Sở: chủ trì cải cách thể chế.",
                                             import_queries.unit_refs())
        record = import_service.start_import(_user("vanphong"), preview)
    subitem = next(line for line in preview.lines if line.text == "Tự kiểm tra")
    return {"import_id": record.id, "line_id": subitem.id, "assignment_id": preview.assignments[0].id}


class DemoObjects(dict):
    """Ids of the demo objects the routes' URLs and forms name, each found (or made) on first use.

    "Own unit" is Thanh tra Sở (TTr): ``task`` is a task it leads in the issued 2026 plan, ``entry``
    its draft entry of the open period, ``evidence`` a file TTr added to it; ``submitted_entry`` and
    ``approved_entry`` other TTr entries of that period. Their cooperating units are neither QLCN nor
    KH-TC-TH, the units of the "other unit" users (congnghiep, khtc). ``coop_entry`` is an editable
    entry of a task another unit (not QLCN, not KH-TC-TH) leads and TTr cooperates on."""

    OTHER_UNITS = ("QLCN", "KH-TC-TH")

    def __missing__(self, name):
        builder = getattr(self, f"_{name}", None)
        if builder is None:
            raise KeyError(name)
        value = builder()
        if isinstance(value, dict):
            self.update(value)
            return self[name]
        self[name] = value
        return value

    # -- helpers
    @staticmethod
    def unit_id(short_name):
        return db.session.scalar(select(Unit.id).where(Unit.short_name == short_name))

    @staticmethod
    def user_id(username):
        return _user(username).id

    def _ttr(self):
        return self.unit_id("TTr")

    def _user(self):
        return self.user_id("thanhtra")

    def _supervisor(self):
        return self.user_id("lanhdao")

    def _plan(self):
        return db.session.scalar(select(Plan.id).where(Plan.status == "issued", Plan.kind == "annual"))

    def _draft_plan(self):
        return db.session.scalar(select(Plan.id).where(Plan.status == "draft"))

    def _programme(self):
        return db.session.scalar(select(Plan.id).where(Plan.kind == "programme"))

    def _period(self):
        return db.session.scalar(select(ReportingPeriod.id).where(ReportingPeriod.status == "open"))

    def _locked_period(self):
        """A locked period: the demo's first, or early in the year (nothing due yet, so nothing locked)
        an ad hoc one the Office opens and locks."""
        locked = db.session.scalar(select(ReportingPeriod.id).where(ReportingPeriod.status == "locked")
                                   .order_by(ReportingPeriod.window_end))
        if locked is not None:
            return locked
        office = _user("vanphong")
        with transaction():
            year = db.session.get(ReportingPeriod, self["period"]).year
            period = progress_services.open_period(office, "adhoc", year,
                                                   "Báo cáo đột xuất về kiểm soát thủ tục hành chính")
            progress_services.lock_period(office, period)
        return period.id

    def _mismatch_period(self):
        """The open period, with figures the report's consistency check finds do not add up."""
        period = db.session.get(ReportingPeriod, self["period"])
        with transaction():
            report_services.save_figures(_user("vanphong"), period, {"tthc_received": 10, "tthc_on_time": 1,
                                                              "tthc_late": 1, "tthc_in_progress": 1,
                                                              "tthc_online": 1}, "Một cửa")
        return period.id

    def _entries(self, status, lead="TTr", cooperating=None):
        """Entries of the open period in ``status``, of tasks ``lead`` leads (and ``cooperating`` cooperates
        on), where the other units' users neither lead nor cooperate."""
        found = []
        for entry in db.session.scalars(select(ProgressEntry).join(Task).where(
                ProgressEntry.period_id == self["period"], ProgressEntry.status.in_(status),
                Task.plan_id == self["plan"], Task.archived_at.is_(None)).order_by(ProgressEntry.id)):
            units = {entry.task.lead_unit.short_name, *(u.short_name for u in entry.task.cooperating_units)}
            if (entry.task.lead_unit.short_name == lead and not units & set(self.OTHER_UNITS)
                    and (cooperating is None or cooperating in units)):
                found.append(entry)
        assert found, (status, lead, cooperating)
        return found[0]

    def _entry(self):
        entry = self._entries(("draft",))
        return {"entry": entry.id, "task": entry.task_id, "area": entry.task.area_id}

    _task = _area = _entry

    def _unreported_task(self):
        """A task of the plan Thanh tra Sở leads, the Office's unit cooperating on it (no other unit's user),
        that the open period expects, with no entry yet."""
        period = db.session.get(ReportingPeriod, self["period"])
        tasks = db.session.scalars(select(Task).where(Task.plan_id == self["plan"], Task.archived_at.is_(None),
                                                      Task.lead_unit_id == self["ttr"]).order_by(Task.id))
        coop = lambda t: {u.short_name for u in t.cooperating_units}  # noqa: E731
        return next(t.id for t in tasks if "VP" in coop(t) and not coop(t) & set(self.OTHER_UNITS)
                    and is_expected(t, period) and find_entry(period, t) is None)

    def _submitted_entry(self):
        return self._entries(("submitted",)).id

    def _approved_entry(self):
        return self._entries(("approved",)).id

    def _coop_entry(self):
        entry = self._entries(("draft", "returned"), lead="VP", cooperating="TTr")
        return {"coop_entry": entry.id, "coop_task": entry.task_id}

    _coop_task = _coop_entry

    def _target(self):
        return db.session.scalar(select(Target.id).join(Area).where(Area.plan_id == self["plan"])
                                 .order_by(Target.id))

    def _evidence(self):
        return evidence_of(db.session.get(ProgressEntry, self["entry"])).id

    def _draft_area(self):
        """An empty area of the draft plan (one that may be deleted)."""
        with transaction():
            area = plan_services.add_area(_user("vanphong"), db.session.get(Plan, self["draft_plan"]), "Nội dung thử")
        return area.id

    def _draft_task(self):
        """A task and a target of the draft plan, in the first of its areas that has both."""
        plan = db.session.get(Plan, self["draft_plan"])
        area = next(a for a in plan.areas if a.tasks and a.targets)
        return {"draft_task": area.tasks[0].id, "draft_target": area.targets[0].id, "draft_task_area": area.id}

    _draft_target = _draft_task_area = _draft_task

    def _closed_plan(self):
        """A closed plan of the Office's with an area, a target and a task (the demo has none)."""
        office = _user("vanphong")
        plan = make_plan(office, title="Kế hoạch đã kết thúc năm 2025", year=2025, areas=(1,))
        area = plan.areas[0]
        target = make_target(area, "Chỉ tiêu của kế hoạch đã kết thúc")
        task = make_task(area, db.session.get(Unit, self["ttr"]), "Nhiệm vụ của kế hoạch đã kết thúc",
                         deadline=date(2025, 12, 31))
        issue(plan, office)
        with transaction():
            plan_services.close_plan(office, plan)
        return {"closed_plan": plan.id, "closed_area": area.id, "closed_target": target.id, "closed_task": task.id}

    _closed_area = _closed_target = _closed_task = _closed_plan

    def _notification(self):
        """thanhtra's first notice."""
        return db.session.scalar(select(Notification.id).where(Notification.user_id == self["user"])
                                 .order_by(Notification.id))

    def _head_notification(self):
        """chanhthanhtra's first notice."""
        return db.session.scalar(select(Notification.id).where(Notification.user_id == self.user_id("chanhthanhtra"))
                                 .order_by(Notification.id))

    def _draft_id(self):
        return a_report_draft(db.session.get(ReportingPeriod, self["period"]), db.session.get(Plan, self["plan"]))

    _key = _section_id = _draft_id

    def _template_id(self):
        return db.session.get(ReportSection, self["section_id"]).template_id

    def _edited_key(self):
        """A section of the report draft the Office has edited by hand."""
        draft = db.session.get(ReportDraft, self["draft_id"])
        with transaction():
            report_services.save_section(_user("vanphong"), draft, self["key"], "Đoạn sửa tay.")
        return self["key"]

    def _import_id(self):
        return an_import()

    def _index_year(self):
        """The 2026 index year (its framework editable), with criteria assigned to Thanh tra Sở (and none to
        QLCN or KH-TC-TH): the demo's, or (before the demo has one) a small framework made here.
        ``index_criterion``: an unscored one assigned to Thanh tra Sở."""
        index_year = db.session.scalar(select(IndexYear).where(IndexYear.year == 2026))
        if index_year is None:
            ttr = self["ttr"]  # looked up first: a query while the framework is half built would flush it
            with transaction():
                index_year = IndexYear(year=2026, title="Bộ tiêu chí thử")
                area = IndexCriterion(index_year=index_year, level=AREA, code="1", title="Cải cách thể chế",
                                      max_score=10, position=1)
                criterion = IndexCriterion(index_year=index_year, parent=area, level=CRITERION, code="1.1",
                                           title="Kiểm tra văn bản", max_score=10, position=2, unit_id=ttr)
                IndexCriterion(index_year=index_year, parent=criterion, level=COMPONENT, code="1.1.1",
                               title="Tự kiểm tra văn bản", max_score=10, position=3)
                db.session.add(index_year)
        scored = select(IndexScore.criterion_id)
        criterion = db.session.scalar(select(IndexCriterion.id).where(
            IndexCriterion.year_id == index_year.id, IndexCriterion.unit_id == self["ttr"],
            IndexCriterion.id.not_in(scored)).order_by(IndexCriterion.position))
        assert criterion is not None
        return {"index_year": index_year.year, "index_year_id": index_year.id, "index_criterion": criterion}

    _index_year_id = _index_criterion = _index_year

    def _index_spare_criterion(self):
        """A new lĩnh vực of the 2026 framework, unscored, with nothing linked (one that may be deleted)."""
        index_year = db.session.get(IndexYear, self["index_year_id"])
        with transaction():
            area = framework.add_criterion(_user("vanphong"), index_year,
                                           framework.CriterionData("X", "Lĩnh vực thử xóa", 1))
        return area.id

    def _index_empty_year(self):
        """A year with no framework yet (2030), to import into."""
        with transaction():
            db.session.add(IndexYear(year=2030))
        return 2030

    def _index_leaf(self):
        """A leaf of the 2026 index assigned (itself or a parent) to Thanh tra Sở."""
        index_year = db.session.scalar(select(IndexYear).where(IndexYear.year == self["index_year"]))
        by_id = {c.id: c for c in index_year.criteria}
        parents = {c.parent_id for c in index_year.criteria}

        def assigned(c):
            while c is not None:
                if c.unit_id == self["ttr"]:
                    return True
                c = by_id.get(c.parent_id)
            return False

        return next(c.id for c in index_year.criteria if c.id not in parents and assigned(c))

    def _approved_evidence(self):
        """A document of an approved Thanh tra Sở entry of 2026 (one is approved here if the demo has none)."""
        found = db.session.scalar(
            select(Evidence.id).join(ProgressEntry).join(ReportingPeriod)
            .where(ProgressEntry.unit_id == self["ttr"], ProgressEntry.status == "approved",
                   Evidence.removed_at.is_(None), ReportingPeriod.year == 2026).order_by(Evidence.id))
        if found is None:
            with transaction():
                entry = db.session.get(ProgressEntry, self["entry"])
                found = evidence_of(entry).id
                entry.status = "approved"
        return found

    def _index_task_leaf(self):
        """A leaf of the 2026 index and a task confirmed for it: the demo's, or Thanh tra Sở's task confirmed
        here for ``index_leaf``."""
        year_id = self["index_year_id"]
        found = db.session.execute(
            select(IndexLink.criterion_id, IndexLink.task_id).join(IndexCriterion)
            .where(IndexCriterion.year_id == year_id, IndexLink.task_id.is_not(None), IndexLink.status == "confirmed")
            .order_by(IndexLink.id)).first()
        if found is None:
            leaf, task = self["index_leaf"], self["task"]
            with transaction():
                db.session.add(IndexLink(criterion_id=leaf, task_id=task, status="confirmed"))
            found = (leaf, task)
        return {"index_task_leaf": found[0], "index_linked_task": found[1]}

    _index_linked_task = _index_task_leaf
    _line_id = _assignment_id = _import_id


def matrix_objects() -> DemoObjects:
    """The objects, after one change to the demo: lanhdao supervises Thanh tra Sở there; here he
    keeps his other units and loses that one (giamdoc still supervises every unit), so that he is
    ``sup'``, a supervisor not of the owning unit."""
    objects = DemoObjects()
    lanhdao = db.session.get(User, objects["supervisor"])
    with transaction():
        set_supervision(None, lanhdao, supervises_all=False,
                        units=[u for u in lanhdao.supervised_units if u.id != objects["ttr"]])
    return objects


# -- building a route's URL and form ------------------------------------------------------

def values_for(rule, objects: DemoObjects, args: dict | None = None) -> dict:
    """The values of ``rule``'s arguments: each argument's default object, or the one ``args`` names."""
    names = {**DEFAULT_OBJECTS, **(args or {})}
    return {arg: (objects[names[arg]] if arg != "filename" else STATIC_FILE) for arg in rule.arguments}


def url_of(route: str, objects: DemoObjects, description: Route | None = None) -> str:
    """``route``'s URL (with its query string), from ``objects`` as ``description`` (its own by default)
    names them."""
    description = description or ROUTES[route]
    rule = rule_of(route.split(" ")[0])
    url = rule.build(values_for(rule, objects, description.args), append_unknown=False)[1]
    return url + (f"?{description.query(objects)}" if description.query else "")


def form_of(route: str, objects: DemoObjects, description: Route | None = None) -> dict | None:
    """``route``'s valid form (a new one each call: its files are streams), or None (it takes none)."""
    description = description or ROUTES[route]
    return description.data(objects) if description.data else None


def prepare(route: str, objects: DemoObjects, description: Route | None = None) -> str:
    """The route's URL, with every object its URL and form name built (before anything is measured)."""
    description = description or ROUTES[route]
    url = url_of(route, objects, description)
    for name in description.needs:
        objects[name]
    form_of(route, objects, description)
    return url


# -- the forms a page offers -----------------------------------------------------------------

def form_for(client, url: str, pages) -> list[tuple[str, str]] | None:
    """The fields (as a browser would send them) of the first form posting to ``url`` on one of
    ``pages`` (fetched as an htmx request and as a page), or None when no page offers one."""
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
