"""The access-control matrix: every route of the URL map × every kind of user, on the demo department.

``MATRIX`` has one row per (endpoint, method) of ``app.url_map``: the URL's objects, the form sent
(valid, so a refusal is the policy's and not the form's), and the expected answer for each actor:

    anon   nobody signed in
    staff  staff of the owning unit (thanhtra, Thanh tra Sở)      staff' staff of another unit (congnghiep, QLCN)
    head   head of the owning unit (chanhthanhtra)                 head'  head of another unit (khtc, KH-TC-TH)
    sup    a supervisor of the owning unit (giamdoc, supervises all)
    sup'   a supervisor not of it (lanhdao, given here every unit he had but Thanh tra Sở)
    office the Office (vanphong)                                   admin  the administrator (quantri)

"Owning unit" is relative to the objects in the URL (``tests/web/routes.DemoObjects``): a task
Thanh tra Sở leads, its entries, its evidence, its cooperation on another unit's task.

Answers: a status code, or
    L  302 to the login page, nothing changed        H  302 home (signed in already), nothing changed
    N  302 with nothing to do (nothing changed)
For a write (any method but GET), every answer that is not a success (L, H, N, 4xx) must leave the
database (every row of every table) and the upload folder as they were; every success must add an
audit record, except the routes in ``NOT_AUDITED`` (with the reason), and no audit record that
existed before may change. A route in the URL map without a row fails ``test_every_route_has_a_row``
(as does a row for a route that is gone).

One test per read route (all actors); a write's refusals in one test, and each actor it lets through
in a test of its own, on a fresh copy of the demo. Sessions are signed in once and reused
(``tests.signin.sign_in``). Besides: the plan routes that read, on the draft plan (``DRAFT_READS``).
"""
import io
from datetime import date
from dataclasses import dataclass, field
from typing import Callable

import pytest
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.org.models import Unit, User
from app.org.services import set_supervision
from app.transactions import transaction
from tests.factories import HX, assert_unchanged, fingerprint, issue, make_plan, make_target, make_task
from app.reports.phrases import PHRASES as _PHRASES
from tests.filegen import pdf_bytes
from tests.signin import sign_in
from tests.web.routes import (
    DemoObjects,
    rule_of,
    url_map_routes,
    values_for,
)

ACTORS = ("anon", "staff", "staff'", "head", "head'", "sup", "sup'", "office", "admin")
USERNAMES = {"anon": None, "staff": "thanhtra", "staff'": "congnghiep", "head": "chanhthanhtra",
             "head'": "khtc", "sup": "giamdoc", "sup'": "lanhdao", "office": "vanphong", "admin": "quantri"}
UNCHANGED = {"L", "H", "N"}

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


@dataclass
class Row:
    expect: dict
    args: dict = field(default_factory=dict)  # URL argument -> DemoObjects name (defaults: routes.values_for)
    query: Callable | None = None  # objects -> query string
    data: Callable | None = None  # objects -> form fields (files as (stream, name))
    each: bool = False  # every actor changes only their own things: all in one app, one after another
    needs: tuple = ()  # DemoObjects names to build first (a route that finds its object by itself)
    location: str = ""  # where a success redirects, when it is the login page (signing out)


def row(codes: str, **kw) -> Row:
    tokens = codes.split()
    assert len(tokens) == len(ACTORS), codes
    return Row({a: (t if t in UNCHANGED else int(t)) for a, t in zip(ACTORS, tokens)}, **kw)


def version(model, object_id) -> str:
    db.session.expire_all()
    return str(db.session.get(model, object_id).version)


def _m(dotted):
    module, name = dotted.rsplit(".", 1)
    return getattr(__import__(module, fromlist=[name]), name)


def v(dotted, name):
    """A form's hidden ``version``: the current version of the object ``name``."""
    return lambda o: {"version": version(_m(dotted), o[name])}


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
PHRASES_FORM = {**{key: phrase.text for key, phrase in _PHRASES.items()},
                "closing": "Trên đây là báo cáo {ky} của {co_quan}./."}  # a change, so an audit record
TEMPLATE_VERSION = lambda o: {"version": version(_m("app.reports.models.ReportTemplate"),  # noqa: E731
                                                 o["template_id"])}

#                                                    anon staff staff' head head' sup sup' office admin
MATRIX: dict[str, Row] = {
    # -- signing in and out
    "auth.login GET": row("200 H H H H H H H H"),
    "auth.login POST": row("302 H H H H H H H H", data=lambda o: {"username": "thanhtra",
                                                                  "password": "cchc@2026"}),
    "auth.logout POST": row("L 302 302 302 302 302 302 302 302", each=True, location="/login"),
    "auth.change_password GET": row("L 200 200 200 200 200 200 200 200"),
    "auth.change_password POST": row("L 302 302 302 302 302 302 302 302", each=True, data=lambda o: {
        "current_password": "cchc@2026", "new_password": "mat-khau-moi-2026", "confirm": "mat-khau-moi-2026"}),
    "main.index GET": row("L 302 302 302 302 302 302 302 302"),
    "main.healthz GET": row("200 200 200 200 200 200 200 200 200"),
    "static GET": row("200 200 200 200 200 200 200 200 200"),
    # -- units and users (Quản trị)
    "org.list_units GET": row("L 403 403 403 403 403 403 403 200"),
    "org.new_unit GET": row("L 403 403 403 403 403 403 403 200"),
    "org.new_unit POST": row("L 403 403 403 403 403 403 403 302",
                             data=lambda o: {"name": "Phòng Thử nghiệm", "short_name": "PTN", "kind": "phong",
                                             "active": "y"}),
    "org.edit_unit GET": row("L 403 403 403 403 403 403 403 200"),
    "org.edit_unit POST": row("L 403 403 403 403 403 403 403 302",
                              data=plus(UNIT_FORM, v("app.org.models.Unit", "ttr"))),
    "org.list_users GET": row("L 403 403 403 403 403 403 403 200"),
    "org.new_user GET": row("L 403 403 403 403 403 403 403 200"),
    "org.new_user POST": row("L 403 403 403 403 403 403 403 302", data=lambda o: {
        **USER_FORM(o), "username": "thanhtra2", "full_name": "Người mới", "password": "mat-khau-2026"}),
    "org.edit_user GET": row("L 403 403 403 403 403 403 403 200"),
    "org.edit_user POST": row("L 403 403 403 403 403 403 403 302",
                              data=plus(USER_FORM, v("app.org.models.User", "user"))),
    "org.reset_user_password POST": row("L 403 403 403 403 403 403 403 302",
                                        data=lambda o: {"new_password": "tam-thoi-2026"}),
    "org.set_user_supervision POST": row("L 403 403 403 403 403 403 403 302", args={"user_id": "supervisor"},
                                         data=plus(lambda o: {"unit_ids": [str(o["ttr"])]},
                                                   v("app.org.models.User", "supervisor"))),
    # -- plans: reading
    "plans.list_plans GET": row("L 200 200 200 200 200 200 200 200"),
    "plans.view_plan GET": row("L 200 200 200 200 200 200 200 200"),
    "plans.plan_history GET": row("L 200 200 200 200 200 200 200 200"),
    "plans.plan_summary GET": row("L 200 200 200 200 200 200 200 200"),
    "plans.plan_meta GET": row("L 200 200 200 200 200 200 200 200"),
    "plans.area GET": row("L 200 200 200 200 200 200 200 200"),
    "plans.target GET": row("L 200 200 200 200 200 200 200 200"),
    "plans.view_task GET": row("L 200 200 200 200 200 200 200 200"),
    "plans.task_row GET": row("L 200 200 200 200 200 200 200 200"),
    "plan_import.export GET": row("L 200 200 200 200 200 200 200 200"),
    "plan_import.template GET": row("L 200 200 200 200 200 200 200 200"),
    # -- plans: the Office builds them (a draft plan is not even readable by the units)
    "plans.new_plan GET": row("L 403 403 403 403 403 403 200 200"),
    "plans.new_plan POST": row("L 403 403 403 403 403 403 302 302",
                               data=lambda o: {**PLAN_FORM, "standard_areas": ["1"]}),
    "plans.editor GET": row("L 403 403 403 403 403 403 200 200"),
    "plans.edit_plan_meta GET": row("L 403 403 403 403 403 403 200 200"),
    "plans.edit_plan_meta POST": row("L 403 403 403 403 403 403 302 302", args={"plan_id": "draft_plan"},
                                     data=plus(PLAN_FORM, v("app.plans.models.Plan", "draft_plan"))),
    "plans.issue_plan POST": row("L 403 403 403 403 403 403 302 302", args={"plan_id": "draft_plan"},
                                 data=lambda o: {"number": "99/KH-SCT", "issued_on": "01/02/2026"}),
    "plans.close_plan POST": row("L 403 403 403 403 403 403 302 302"),
    "plans.delete_plan POST": row("L 403 403 403 403 403 403 302 302", args={"plan_id": "draft_plan"}),
    "plans.add_area POST": row("L 403 403 403 403 403 403 302 302",
                               data=lambda o: {"name": "Nội dung mới", "focal_unit_id": str(o["ttr"])}),
    "plans.edit_area GET": row("L 403 403 403 403 403 403 200 200"),
    "plans.edit_area POST": row("L 403 403 403 403 403 403 302 302", data=plus(
        lambda o: {"name": "Nội dung đã đổi tên", "focal_unit_id": str(o["ttr"])},
        v("app.plans.models.Area", "area"))),
    "plans.move_area POST": row("L 403 403 403 403 403 403 302 302", data=lambda o: {"direction": "down"}),
    "plans.delete_area POST": row("L 403 403 403 403 403 403 302 302", args={"area_id": "draft_area"}),
    "plans.new_target GET": row("L 403 403 403 403 403 403 200 200"),
    "plans.add_target POST": row("L 403 403 403 403 403 403 302 302",
                                 data=lambda o: {"text": "Chỉ tiêu thử quyền", "metric_kind": "", "comparator": ""}),
    "plans.edit_target GET": row("L 403 403 403 403 403 403 200 200"),
    "plans.edit_target POST": row("L 403 403 403 403 403 403 302 302", data=plus(
        {"text": "Chỉ tiêu đã sửa", "metric_kind": "", "comparator": ""}, v("app.plans.models.Target", "target"))),
    "plans.move_target POST": row("L 403 403 403 403 403 403 302 302", data=lambda o: {"direction": "down"}),
    "plans.delete_target POST": row("L 403 403 403 403 403 403 302 302", args={"target_id": "draft_target"}),
    "plans.new_task GET": row("L 403 403 403 403 403 403 200 200"),
    "plans.add_task POST": row("L 403 403 403 403 403 403 302 302", data=TASK_FORM),
    "plans.edit_task GET": row("L 403 403 403 403 403 403 200 200"),
    "plans.edit_task POST": row("L 403 403 403 403 403 403 302 302", args={"task_id": "draft_task"},
                                data=plus(TASK_FORM, v("app.plans.models.Task", "draft_task"))),
    "plans.move_task POST": row("L 403 403 403 403 403 403 302 302", data=lambda o: {"direction": "up"}),
    "plans.archive_task POST": row("L 403 403 403 403 403 403 302 302"),
    "plans.delete_task POST": row("L 403 403 403 403 403 403 302 302", args={"task_id": "draft_task"}),
    # -- importing a plan: the preview is its importer's (vanphong's), not the admin's
    "plan_import.upload_page GET": row("L 403 403 403 403 403 403 200 200"),
    "plan_import.upload POST": row("L 403 403 403 403 403 403 303 303", data=lambda o: {
        "text": "KẾ HOẠCH\nCải cách hành chính năm 2026\nII. NHIỆM VỤ\n1. Cải cách thể chế\n- Rà soát văn bản"}),
    "plan_import.review GET": row("L 403 403 403 403 403 403 200 403"),
    "plan_import.summary GET": row("L 403 403 403 403 403 403 200 403"),
    "plan_import.line_row GET": row("L 403 403 403 403 403 403 200 403"),
    "plan_import.meta POST": row("L 403 403 403 403 403 403 303 403",
                                 data=lambda o: {"title": "Kế hoạch nhập", "kind": "annual", "year": "2026"}),
    "plan_import.line POST": row("L 403 403 403 403 403 403 303 403",
                                 data=lambda o: {"kind": "subitem", "text": "Tự kiểm tra văn bản"}),
    "plan_import.merge POST": row("L 403 403 403 403 403 403 303 403"),
    "plan_import.assignment POST": row("L 403 403 403 403 403 403 303 403", data=lambda o: {"decision": "undo"}),
    "plan_import.map_unit POST": row("L 403 403 403 403 403 403 303 403",
                                     data=lambda o: {"name": "Thanh tra Sở Công Thương", "unit_id": str(o["ttr"])}),
    "plan_import.create POST": row("L 403 403 403 403 403 403 303 403",
                                   data=lambda o: {"fallback_lead_unit_id": str(o["ttr"])}),
    "plan_import.delete POST": row("L 403 403 403 403 403 403 303 403"),
    # -- reporting periods
    "progress.list_periods GET": row("L 200 200 200 200 200 200 200 200"),
    "progress.view_period GET": row("L 200 200 200 200 200 200 200 200"),
    "progress.open_period POST": row("L 403 403 403 403 403 403 302 302",
                                     data=lambda o: {"kind": "q3", "year": "2026"}),
    "progress.edit_period POST": row("L 403 403 403 403 403 403 302 302", data=plus(
        {"title": "Báo cáo 6 tháng đầu năm 2026", "window_start": "15/12/2025", "window_end": "14/06/2026",
         "due_on": "20/06/2026"}, v("app.progress.models.ReportingPeriod", "period"))),
    "progress.lock_period POST": row("L 403 403 403 403 403 403 302 302"),
    "progress.reopen_period POST": row("L 403 403 403 403 403 403 302 302", args={"period_id": "locked_period"},
                                       data=lambda o: {"reason": "Bổ sung báo cáo còn thiếu."}),
    "progress.follow_up GET": row("L 403 403 403 403 200 200 200 200"),
    "progress.remind POST": row("L 403 403 403 403 403 403 303 303", data=lambda o: {"unit": str(o["ttr"])}),
    # -- the unit's checklist and its entries
    "progress.checklist GET": row("L 200 403 200 403 200 200 200 200", query=UNIT),
    "progress.entry_panel GET": row("L 200 403 200 403 200 200 200 200"),
    "progress.save_entry POST": row("L 302 403 302 403 403 403 403 403",
                                    data=plus(ENTRY_FORM, v("app.progress.models.ProgressEntry", "entry"))),
    "progress.save_contribution POST": row("L 302 403 302 403 403 403 403 403", args={"task_id": "coop_task"},
                                           data=lambda o: {"text": "Thanh tra Sở đã phối hợp kiểm tra."}),
    "progress.view_entry GET": row("L 200 403 200 403 200 200 200 200"),
    # "Gửi duyệt": the unit head saves the form as typed and sends it; the unit's staff only save
    "progress.send_entry POST": row("L 403 403 302 403 403 403 403 403",
                                    data=plus(ENTRY_FORM, v("app.progress.models.ProgressEntry", "entry"))),
    "progress.submit_unit_entries POST": row("L 403 N 302 302 N N 403 403"),
    "progress.approvals GET": row("L 403 403 403 403 200 200 403 403"),
    "progress.decide POST": row("L 403 403 403 403 302 403 403 403",
                                data=lambda o: {"entry_ids": [str(o["submitted_entry"])], "decision": "approve"}),
    "progress.reopen_entry POST": row("L 403 403 403 403 403 403 302 302", args={"entry_id": "approved_entry"},
                                      data=lambda o: {"reason": "Cần bổ sung kết quả."}),
    # -- evidence
    "progress.entry_evidence GET": row("L 200 403 200 403 200 200 200 200"),
    # the Office's unit (Văn phòng Sở) cooperates on the task: vanphong, its staff, may add its evidence;
    # quantri, of the same unit but only the admin, may not (see test_an_admin_only_account_does_not_report)
    "progress.upload_evidence POST": row("L 302 403 302 403 403 403 302 403", data=PDF),
    # evidence before the entry's first save: the upload stores the entry (Văn phòng cooperates, as above)
    "progress.upload_first_evidence POST": row("L 302 403 302 403 403 403 302 403",
                                               args={"task_id": "unreported_task"}, data=PDF),
    "progress.evidence_item GET": row("L 302 403 302 403 302 302 302 302"),
    "progress.edit_evidence GET": row("L 302 403 302 403 403 403 403 403"),
    "progress.edit_evidence POST": row("L 302 403 302 403 403 403 403 403", data=lambda o: {
        "number": "15/BB-TTr", "issued_on": "10/03/2026", "issuer": "Thanh tra Sở", "summary": "Biên bản"}),
    "progress.remove_evidence_route POST": row("L 302 403 302 403 403 403 403 403"),
    "progress.download_evidence GET": row("L 200 403 200 403 200 200 200 200"),
    "progress.view_evidence GET": row("L 200 403 200 403 200 200 200 200"),
    # -- notifications (thanhtra's)
    "progress.notification_badge GET": row("204 200 200 200 200 200 200 200 200"),
    "progress.list_notifications GET": row("L 200 200 200 200 200 200 200 200"),
    "progress.open_notification GET": row("L 303 404 404 404 404 404 404 404"),
    "progress.read_notification POST": row("L 303 404 404 404 404 404 404 404"),
    "progress.mark_notifications_read POST": row("L 303 303 303 303 303 303 303 303", each=True,
                                                 data=lambda o: {"all": "1"}),
    # -- the dashboard: everyone, for their own scope
    "dashboard.dashboard GET": row("L 200 200 200 200 200 200 200 200"),
    "dashboard.drill_down GET": row("L 200 200 200 200 200 200 200 200", query=PERIOD),
    "dashboard.history GET": row("L 200 200 200 200 200 200 200 200", query=PERIOD),
    # -- the periodic report: the Office compiles it, the leadership reads it
    "reports.index GET": row("L 403 403 403 403 200 200 200 200"),
    "reports.draft GET": row("L 403 403 403 403 200 200 200 200"),
    "reports.generate POST": row("L 403 403 403 403 403 403 302 302"),
    "reports.save_section POST": row("L 403 403 403 403 403 403 302 302",
                                     data=lambda o: {"text": "Đề xuất của Sở."}),
    "reports.discard_section POST": row("L 403 403 403 403 403 403 302 302", args={"key": "edited_key"}),
    "reports.save_details POST": row("L 403 403 403 403 403 403 302 302", data=plus(
        {"number": "12", "report_date": "20/06/2026"}, v("app.reports.models.ReportDraft", "draft_id"))),
    "reports.figures GET": row("L 403 403 403 403 200 200 200 200"),
    "reports.save_figures POST": row("L 403 403 403 403 403 403 302 302", data=lambda o: {
        "tthc_received": "100", "tthc_on_time": "90", "tthc_late": "5", "tthc_in_progress": "5",
        "tthc_online": "80", "source": "Hệ thống một cửa điện tử tỉnh"}),
    "reports.accept_figures POST": row("L 403 403 403 403 403 403 302 302", args={"period_id": "mismatch_period"},
                                       data=lambda o: {"reason": "Số liệu của hệ thống một cửa chưa cập nhật."}),
    "reports.download_docx GET": row("L 403 403 403 403 200 200 200 200"),
    "reports.download_xlsx GET": row("L 403 403 403 403 200 200 200 200"),
    "reports.template GET": row("L 403 403 403 403 200 200 200 200", query=PLAN),
    "reports.customise_template POST": row("L 403 403 403 403 403 403 302 302", query=PROGRAMME),
    "reports.reset_template POST": row("L 403 403 403 403 403 403 302 302", query=PLAN, needs=("section_id",)),
    "reports.add_section POST": row("L 403 403 403 403 403 403 302 302", query=PLAN,
                                    data=plus(SECTION_FORM, TEMPLATE_VERSION)),
    "reports.update_section POST": row("L 403 403 403 403 403 403 302 302",
                                       data=plus(SECTION_FORM, TEMPLATE_VERSION)),
    "reports.move_section POST": row("L 403 403 403 403 403 403 302 302",
                                     data=plus({"direction": "down"}, TEMPLATE_VERSION)),
    "reports.delete_section POST": row("L 403 403 403 403 403 403 302 302", data=TEMPLATE_VERSION),
    "reports.save_phrases POST": row("L 403 403 403 403 403 403 302 302", query=PLAN,
                                     data=plus(PHRASES_FORM, TEMPLATE_VERSION)),
}


class MatrixObjects(DemoObjects):
    """The demo objects, plus those only the matrix needs."""

    def _programme(self):
        from app.plans.models import Plan

        return db.session.scalar(select(Plan.id).where(Plan.kind == "programme"))

    def _template_id(self):
        from app.reports.models import ReportSection

        return db.session.get(ReportSection, self["section_id"]).template_id

    def _edited_key(self):
        from app.reports import services
        from app.reports.models import ReportDraft

        draft = db.session.get(ReportDraft, self["draft_id"])
        with transaction():
            services.save_section(_office(), draft, self["key"], "Đoạn sửa tay.")
        return self["key"]

    def _closed_plan(self):
        """A closed plan of the Office's with an area, a target and a task (the demo has none)."""
        from app.plans.services import close_plan

        office = _office()
        plan = make_plan(office, title="Kế hoạch đã kết thúc năm 2025", year=2025, areas=(1,))
        area = plan.areas[0]
        target = make_target(area, "Chỉ tiêu của kế hoạch đã kết thúc")
        task = make_task(area, db.session.get(Unit, self["ttr"]), "Nhiệm vụ của kế hoạch đã kết thúc",
                         deadline=date(2025, 12, 31))
        issue(plan, office)
        with transaction():
            close_plan(office, plan)
        return {"closed_plan": plan.id, "closed_area": area.id, "closed_target": target.id, "closed_task": task.id}

    _closed_area = _closed_target = _closed_task = _closed_plan

    def _mismatch_period(self):
        from app.progress.models import ReportingPeriod
        from app.reports import services

        period = db.session.get(ReportingPeriod, self["period"])
        with transaction():
            services.save_figures(_office(), period, {"tthc_received": 10, "tthc_on_time": 1, "tthc_late": 1,
                                                      "tthc_in_progress": 1, "tthc_online": 1}, "Một cửa")
        return period.id


def _office():
    return db.session.scalar(select(User).where(User.username == "vanphong"))


def matrix_objects() -> MatrixObjects:
    """The objects, after one change to the demo: lanhdao supervises Thanh tra Sở there; here he
    keeps his other units and loses that one (giamdoc still supervises every unit)."""
    objects = MatrixObjects()
    lanhdao = db.session.get(User, objects["supervisor"])
    with transaction():
        set_supervision(None, lanhdao, supervises_all=False,
                        units=[u for u in lanhdao.supervised_units if u.id != objects["ttr"]])
    return objects


# -- the cases, from the URL map ----------------------------------------------------------

_URL_MAP_APP = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
ROUTES = [f"{endpoint} {method}" for endpoint, method in url_map_routes(_URL_MAP_APP)]


def performs(code) -> bool:
    return code not in UNCHANGED and code < 400


def _cases():
    """(route, actors) per test: a read or an ``each`` row in one test; a write's refusals in one
    test, and each actor it lets through in a test of its own (a fresh demo department each)."""
    for route in ROUTES:
        entry = MATRIX.get(route)
        if entry is None:
            continue  # test_every_route_has_a_row fails
        if route.endswith(" GET") or entry.each:
            yield pytest.param(route, ACTORS, id=route)
            continue
        refused = tuple(a for a in ACTORS if not performs(entry.expect[a]))
        if refused:
            yield pytest.param(route, refused, id=f"{route} refused")
        for actor in ACTORS:
            if actor not in refused:
                yield pytest.param(route, (actor,), id=f"{route} {actor}")


CASES = list(_cases())


def test_every_route_has_a_row():
    missing = [r for r in ROUTES if r not in MATRIX]
    gone = [r for r in MATRIX if r not in ROUTES]
    assert not missing, ("Add a row to MATRIX in tests/web/test_access_matrix.py for each new route "
                         f"(who may call it, and what the others get): {missing}")
    assert not gone, f"These rows of MATRIX name routes that no longer exist; remove them: {gone}"


def route_url(route, entry, objects) -> str:
    endpoint, _method = route.split(" ")
    rule = rule_of(_URL_MAP_APP, endpoint)
    url = rule.build(values_for(rule, objects, entry.args), append_unknown=False)[1]
    return url + (f"?{entry.query(objects)}" if entry.query else "")


def prepare(route, objects, entry: Row | None = None) -> str:
    """The route's URL, with every object its URL and form name built (before anything is measured)."""
    entry = entry or MATRIX[route]
    url = route_url(route, entry, objects)
    for name in entry.needs:
        objects[name]
    if entry.data:
        entry.data(objects)
    return url


def _audit_ids(rows) -> set:
    return {r[0] for r in rows["audit_log"]}


@pytest.mark.parametrize(("route", "actors"), CASES)
def test_access(demo_app, route, actors):
    walk(demo_app, route, MATRIX[route], actors)


# Reading a draft plan and what it holds: the Office, the leadership and the admin only; no unit, not
# even the one leading its tasks (KH-TC-TH: khtc), sees a plan before it is issued.
DRAFT_PLAN = {"plan_id": "draft_plan", "area_id": "draft_area", "task_id": "draft_task",
              "target_id": "draft_target"}
DRAFT_READS = ("plans.view_plan GET", "plans.plan_history GET", "plans.plan_summary GET", "plans.plan_meta GET",
               "plans.area GET", "plans.target GET", "plans.view_task GET", "plans.task_row GET",
               "plan_import.export GET")


@pytest.mark.parametrize("route", DRAFT_READS)
def test_reading_a_draft_plan(demo_app, route):
    walk(demo_app, route, row("L 403 403 403 403 200 200 200 200", args=DRAFT_PLAN), ACTORS)


def test_an_admin_only_account_does_not_report(demo_app):
    """quantri belongs to Văn phòng Sở but is only the admin: it reads the unit's entries and does not
    write them (regression: any member of a unit, whatever their roles, could); vanphong, the unit's
    staff, does."""
    entry = row("L 403 403 403 403 403 403 302 403", args={"task_id": "coop_task"},
                data=plus(ENTRY_FORM, v("app.progress.models.ProgressEntry", "coop_entry")))
    walk(demo_app, "progress.save_entry POST", entry, ("admin", "office"))


def walk(demo_app, route, entry: Row, actors, objects: MatrixObjects | None = None):
    """Send the route's request as each actor in turn, and check each answer (see the module docstring).
    ``objects``: those of an earlier walk in the same test (by default, ``matrix_objects()``)."""
    method = route.split(" ")[1]
    objects = objects or matrix_objects()
    url = prepare(route, objects, entry)
    clients = {actor: sign_in(demo_app, USERNAMES[actor]) for actor in actors}
    before = fingerprint(skip_sign_ins=False)
    audit_before = before["audit_log"]
    for actor in actors:
        expected = entry.expect[actor]
        data = entry.data(objects) if entry.data else None
        response = clients[actor].open(url, method=method, data=data)
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
                assert location.startswith(entry.location) if entry.location else not location.startswith("/login"), (
                    where, location)
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

CLOSED_PLAN = {"plan_id": "closed_plan", "area_id": "closed_area", "task_id": "closed_task",
               "target_id": "closed_target"}
PLAN_READS = ("plans.view_plan GET", "plans.plan_history GET", "plans.plan_summary GET", "plans.plan_meta GET",
              "plans.area GET", "plans.target GET", "plans.view_task GET", "plans.task_row GET")
# The plan editor: its forms and writes on an existing plan (every plans.* route that needs a plan's
# object and is not a read, nor issuing, closing or deleting the plan itself).
PLAN_EDITOR = tuple(r for r in MATRIX if r.startswith("plans.") and r not in PLAN_READS
                    and r not in ("plans.list_plans GET", "plans.new_plan GET", "plans.new_plan POST",
                                  "plans.issue_plan POST", "plans.close_plan POST", "plans.delete_plan POST"))


def test_a_closed_plan_refuses_every_edit_even_to_the_office_and_the_admin(demo_app):
    assert len(PLAN_EDITOR) == 21, PLAN_EDITOR
    objects = matrix_objects()
    for route in PLAN_EDITOR:
        walk(demo_app, route, row("L 403 403 403 403 403 403 403 403", args=CLOSED_PLAN, data=MATRIX[route].data),
             ("office", "admin"), objects)
    # restoring an archived task is the archive route's other form
    walk(demo_app, "plans.archive_task POST", row("L 403 403 403 403 403 403 403 403", args=CLOSED_PLAN,
                                                  data=lambda o: {"restore": "1"}), ("office", "admin"), objects)


def test_everyone_signed_in_reads_a_closed_plan(demo_app):
    objects = matrix_objects()
    for route in PLAN_READS:
        walk(demo_app, route, row("L 200 200 200 200 200 200 200 200", args=CLOSED_PLAN), ACTORS, objects)


@pytest.mark.parametrize(("route", "plan"), [("plans.issue_plan POST", "plan"), ("plans.issue_plan POST", "closed_plan"),
                                             ("plans.close_plan POST", "draft_plan"),
                                             ("plans.close_plan POST", "closed_plan"),
                                             ("plans.delete_plan POST", "plan"),
                                             ("plans.delete_plan POST", "closed_plan")])
def test_a_plan_is_issued_closed_or_deleted_only_from_the_status_that_allows_it(demo_app, route, plan):
    """Issue a draft, close an issued plan, delete a draft: anything else is refused, even to the Office."""
    walk(demo_app, route, row("L 403 403 403 403 403 403 403 403", args={"plan_id": plan},
                              data=MATRIX[route].data), ("office", "admin"))


def test_the_plan_editor_answers_404_for_an_unknown_object(demo_app):
    client = sign_in(demo_app, "vanphong")
    for route in PLAN_EDITOR:
        endpoint, method = route.split(" ")
        rule = rule_of(_URL_MAP_APP, endpoint)
        url = rule.build({arg: 999999 for arg in rule.arguments})[1]
        response = client.open(url, method=method, headers=HX)
        assert response.status_code == 404, (route, url, response.status_code)


def test_the_plan_list_offers_a_new_plan_to_whoever_may_create_one(demo_app):
    for actor, username in USERNAMES.items():
        if username is None:
            continue
        listing = sign_in(demo_app, username).get("/plans").text
        assert ('href="/plans/new"' in listing) == (MATRIX["plans.new_plan GET"].expect[actor] == 200), actor
