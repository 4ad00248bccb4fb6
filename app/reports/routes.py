"""The report pages: the period's draft (edited section by section), the outline per plan, the
typed-in figures, and the downloads (.docx, .xlsx). Thin: load, check the policy, call a service."""
import io

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select

from ..errors import DomainError, attach_errors
from ..extensions import db
from ..forms import arg_int, version_of
from ..htmx import flash_and_redirect, fragment, is_htmx, run_action, submit_form
from ..permissions import authorize, can, requires
from ..plans.models import CLOSED, ISSUED, Plan
from ..progress.models import ProgressEntry, ReportingPeriod
from . import services
from .compose import (
    ReportSettings,
    build_report,
    counted_figures,
    draft_section,
    export_refusal,
    figure_problems,
    file_stem,
    find_draft,
    numbered_outline,
    template_for,
)
from .forms import AcceptForm, DraftDetailsForm, FiguresForm, SectionForm, SectionTextForm, VersionForm
from .models import SECTION_KINDS, ReportDraft, ReportSection
from .stats import period_stats

bp = Blueprint("reports", __name__, url_prefix="/reports")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _settings() -> ReportSettings:
    return ReportSettings.from_config(current_app.config)


def _plan_arg() -> Plan | None:
    plan_id = arg_int("plan")  # beyond any id: 404, not an integer overflow in the database
    if not plan_id:
        return None
    plan = db.get_or_404(Plan, plan_id)
    if plan.status not in (ISSUED, CLOSED):
        abort(404)  # a report covers plans in force only
    return plan


def _period_and_plan(period_id: int, action: str) -> tuple[ReportingPeriod, Plan | None]:
    period = db.get_or_404(ReportingPeriod, period_id)
    authorize(action, period)
    return period, _plan_arg()


def _plans_of_year(year: int) -> list[Plan]:
    return list(db.session.scalars(select(Plan).where(
        Plan.status.in_((ISSUED, CLOSED)),
        or_(Plan.year == year, (Plan.start_year <= year) & (Plan.end_year >= year))).order_by(Plan.id)))


def _draft_url(period_id: int, plan_id: int | None, anchor: str | None = None) -> str:
    return url_for("reports.draft", period_id=period_id, plan=plan_id or None, _anchor=anchor)


@bp.get("")
@requires("report.view")
def index():
    periods = list(db.session.scalars(
        select(ReportingPeriod).order_by(ReportingPeriod.year.desc(), ReportingPeriod.window_end.desc())))
    drafts = {(d.period_id, d.plan_id): d for d in db.session.scalars(select(ReportDraft))}
    return render_template("reports/index.html", periods=periods, drafts=drafts)


# -- the draft ----------------------------------------------------------------------------

def _draft_context(period: ReportingPeriod, plan: Plan | None) -> dict:
    report = build_report(period, plan, _settings())
    draft = find_draft(period.id, plan.id if plan else None)
    stale = False
    if draft is not None:
        last = db.session.scalar(select(func.max(ProgressEntry.decided_at)).where(
            ProgressEntry.period_id == period.id))
        stale = last is not None and last > draft.generated_at
    details = DraftDetailsForm(formdata=None, obj=draft) if draft is not None else None
    if details is not None:
        details.version.data = draft.version
    return {"period": period, "plan": plan, "plans": _plans_of_year(period.year), "report": report,
            "draft": draft, "stale": stale, "refusal": export_refusal(report), "details_form": details,
            "can_edit": can(current_user, "report.edit", period), "messages": []}


@bp.get("/periods/<int:period_id>/draft")
@login_required
def draft(period_id):
    period, plan = _period_and_plan(period_id, "report.view")
    return render_template("reports/draft.html", **_draft_context(period, plan))


@bp.post("/periods/<int:period_id>/draft")
@login_required
def generate(period_id):
    period, plan = _period_and_plan(period_id, "report.edit")
    existed = find_draft(period.id, plan.id if plan else None) is not None
    services.generate_draft(current_user, period, plan, _settings())
    flash("Đã tạo lại các mục chưa sửa tay của dự thảo." if existed else "Đã tạo dự thảo báo cáo.", "success")
    return redirect(_draft_url(period.id, plan.id if plan else None))


def _editable_draft(draft_id: int) -> ReportDraft:
    draft = db.get_or_404(ReportDraft, draft_id)
    authorize("report.edit", draft)
    return draft


def _section_fragment(draft: ReportDraft, key: str, status: int = 200, form=None, messages=(), saved=False):
    item = draft_section(draft, key)
    if item is None:
        abort(404)
    if form is None:
        form = SectionTextForm(formdata=None, data={"text": item.text})
        form.version.data = draft.section(key).version
    return fragment("reports/_section.html", status=status, s=item, draft=draft, form=form,
                    messages=list(messages), saved=saved, can_edit=True, rows=None)


@bp.post("/drafts/<int:draft_id>/sections/<key>")
@login_required
def save_section(draft_id, key):
    draft = _editable_draft(draft_id)
    form = SectionTextForm()
    if not form.validate():
        return _section_fragment(draft, key, 422, form=form)
    try:
        services.save_section(current_user, draft, key, form.text.data or "", version_of(form))
    except DomainError as exc:
        db.session.rollback()
        draft = db.session.get(ReportDraft, draft_id)
        return _section_fragment(draft, key, 422, form=form, messages=exc.messages)
    if not is_htmx():
        flash("Đã lưu mục.", "success")
        return redirect(_draft_url(draft.period_id, draft.plan_id, f"section-{key}"))
    return _section_fragment(draft, key, saved=True)


@bp.post("/drafts/<int:draft_id>/sections/<key>/discard")
@login_required
def discard_section(draft_id, key):
    draft = _editable_draft(draft_id)
    page = _draft_url(draft.period_id, draft.plan_id, f"section-{key}")

    def done():
        if is_htmx():
            return _section_fragment(draft, key)
        return flash_and_redirect("Đã bỏ phần sửa tay; mục dùng lại nội dung tạo tự động.", page, "success")

    return run_action(lambda: services.discard_edit(current_user, draft, key, _settings()), done=done,
                      refused=lambda message: _refused(message, page))


def _refused(message: str, page: str):
    if is_htmx():
        return fragment("errors/_message.html", status=422, title="Không thực hiện được", text=message)
    flash(message, "error")
    return redirect(page)


@bp.post("/drafts/<int:draft_id>/details")
@login_required
def save_details(draft_id):
    draft = _editable_draft(draft_id)
    form = DraftDetailsForm()
    context = {k: v for k, v in _draft_context(draft.period, draft.plan).items() if k != "details_form"}
    return submit_form(
        form, lambda: services.update_draft_details(current_user, draft, form.number.data, form.report_date.data,
                                                    version_of(form)),
        template="reports/draft.html", form_name="details_form", context=context,
        done=lambda _: flash_and_redirect("Đã lưu số và ngày báo cáo.", _draft_url(draft.period_id, draft.plan_id),
                                          "success"))


# -- the outline (template) ----------------------------------------------------------------------

def _outline_context(plan: Plan | None) -> dict:
    template = template_for(plan.id if plan else None)
    own = template is not None and template.plan_id == (plan.id if plan else None)
    return {"plan": plan, "kinds": SECTION_KINDS,
            "plans": list(db.session.scalars(
                select(Plan).where(Plan.status.in_((ISSUED, CLOSED))).order_by(Plan.id.desc()))),
            "outline": numbered_outline(plan.id if plan else None), "stored_template": template, "own": own,
            "stored": {s.key: s for s in template.sections} if own else {},
            "version": template.version if own else "", "form": SectionForm(formdata=None),
            "can_edit": can(current_user, "report.edit", template), "messages": []}


def _outline_url(plan: Plan | None) -> str:
    return url_for("reports.template", plan=plan.id if plan else None)


def _outline_reply(plan, form=None, status=200, messages=(), add_box=False):
    """The outline; a refused ``form``'s messages go on the "Thêm mục" box when it is that box's
    form and the box is on the page, else above the outline (where they are seen)."""
    context = _outline_context(plan)
    messages = list(messages)
    if form is not None and add_box and context["own"]:
        context["form"] = form
    elif form is not None:
        messages += [m for errors in form.errors.values() for m in errors]
    context["messages"] = messages
    name = "reports/_outline.html" if is_htmx() else "reports/template.html"
    return fragment(name, status=status, **context)


@bp.get("/templates")
@requires("report.view")
def template():
    return render_template("reports/template.html", **_outline_context(_plan_arg()))


def _template_change(plan: Plan | None, change, form=None, add_box=False):
    """Run ``change(template)`` on the plan's own template (created from the outline it follows)."""
    authorize("report.edit")
    if form is not None and not form.validate():
        return _outline_reply(plan, form, 422, add_box=add_box)
    try:
        template = services.ensure_template(current_user, plan)
        change(template)
    except DomainError as exc:
        db.session.rollback()
        if form is not None:
            return _outline_reply(plan, form, 422, attach_errors(form, exc), add_box=add_box)
        return _outline_reply(plan, None, 422, exc.messages)
    if not is_htmx():
        flash("Đã lưu đề cương báo cáo.", "success")
        return redirect(_outline_url(plan))
    return _outline_reply(plan)


def _expected(version: str | None) -> int | None:
    try:
        return int(version) if version else None
    except ValueError:
        return None


@bp.post("/templates/sections")
@requires("report.edit")
def add_section():
    plan = _plan_arg()
    form = SectionForm()
    return _template_change(plan, lambda t: services.add_section(
        current_user, t, form.title.data, form.kind.data, _expected(form.version.data)), form, add_box=True)


def _stored_section(section_id: int) -> ReportSection:
    section = db.get_or_404(ReportSection, section_id)
    authorize("report.edit", section.template)
    return section


@bp.post("/templates/sections/<int:section_id>")
@requires("report.edit")
def update_section(section_id):
    section = _stored_section(section_id)
    form = SectionForm()
    return _template_change(section.template.plan, lambda t: services.update_section(
        current_user, section, form.title.data, form.kind.data, _expected(form.version.data)), form)


@bp.post("/templates/sections/<int:section_id>/move")
@requires("report.edit")
def move_section(section_id):
    section = _stored_section(section_id)
    form = VersionForm()
    direction = request.form.get("direction", "")
    return _template_change(section.template.plan, lambda t: services.move_section(
        current_user, section, direction, _expected(form.version.data)))


@bp.post("/templates/sections/<int:section_id>/delete")
@requires("report.edit")
def delete_section(section_id):
    section = _stored_section(section_id)
    form = VersionForm()
    return _template_change(section.template.plan, lambda t: services.remove_section(
        current_user, section, _expected(form.version.data)))


@bp.post("/templates/customise")
@requires("report.edit")
def customise_template():
    """Give the plan (or the department) its own copy of the outline it follows, to edit."""
    plan = _plan_arg()
    return _template_change(plan, lambda t: None)


@bp.post("/templates/reset")
@requires("report.edit")
def reset_template():
    plan = _plan_arg()
    if plan is None:
        abort(404)
    return run_action(lambda: services.reset_template(current_user, plan),
                      done=lambda: flash_and_redirect("Kế hoạch dùng lại đề cương chung.", _outline_url(plan),
                                                      "success"),
                      refused=lambda message: _refused(message, _outline_url(plan)))


# -- the typed-in figures ----------------------------------------------------------------------

def _figures_context(period: ReportingPeriod) -> dict:
    figures = services.figures_of(period)
    form = FiguresForm(formdata=None, obj=figures)
    form.version.data = figures.version if figures else ""
    plan_id = arg_int("plan")
    counted = counted_figures(period_stats(period, plan_id=plan_id))
    return {"period": period, "figures": figures, "problems": figure_problems(figures), "form": form,
            "counted": counted,
            "accept_form": AcceptForm(formdata=None), "can_edit": can(current_user, "report.edit", period),
            "messages": [], "back": plan_id}


@bp.get("/periods/<int:period_id>/figures")
@login_required
def figures(period_id):
    period, _plan = _period_and_plan(period_id, "report.view")
    return render_template("reports/figures.html", **_figures_context(period))


@bp.post("/periods/<int:period_id>/figures")
@login_required
def save_figures(period_id):
    period, _plan = _period_and_plan(period_id, "report.edit")
    form = FiguresForm()
    context = {k: v for k, v in _figures_context(period).items() if k != "form"}
    page = url_for("reports.figures", period_id=period.id, plan=context["back"])

    def done(saved):
        problems = figure_problems(saved)
        if problems:
            return flash_and_redirect("Đã lưu số liệu, nhưng số liệu chưa khớp: " + " ".join(problems), page, "error")
        return flash_and_redirect("Đã lưu số liệu; số liệu khớp.", page, "success")

    return submit_form(form, lambda: services.save_figures(current_user, period, form.values(), form.source.data,
                                                           version_of(form)),
                       template="reports/figures.html", context=context, done=done)


@bp.post("/periods/<int:period_id>/figures/accept")
@login_required
def accept_figures(period_id):
    period, _plan = _period_and_plan(period_id, "report.edit")
    form = AcceptForm()
    context = {k: v for k, v in _figures_context(period).items() if k != "accept_form"}
    page = url_for("reports.figures", period_id=period.id, plan=context["back"])
    return submit_form(form, lambda: services.accept_mismatch(current_user, period, form.reason.data),
                       template="reports/figures.html", form_name="accept_form", context=context,
                       precheck=lambda: services.check_mismatch(period),
                       done=lambda _: flash_and_redirect("Đã xác nhận chấp nhận chênh lệch; có thể xuất báo cáo.",
                                                         page, "success"))


# -- the downloads --------------------------------------------------------------------------

def _export(period_id: int, build, extension: str, mimetype: str):
    period, plan = _period_and_plan(period_id, "report.view")
    report = build_report(period, plan, _settings())
    refusal = export_refusal(report)
    if refusal:
        return render_template("reports/refused.html", period=period, plan=plan, message=refusal), 422
    data = build(report)
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True,
                     download_name=f"{file_stem(period, plan)}{extension}")


@bp.get("/periods/<int:period_id>/report.docx")
@login_required
def download_docx(period_id):
    from .docx import build_docx

    return _export(period_id, build_docx, ".docx", DOCX)


@bp.get("/periods/<int:period_id>/annex.xlsx")
@login_required
def download_xlsx(period_id):
    from .xlsx import build_xlsx

    return _export(period_id, build_xlsx, " - Phụ lục.xlsx", XLSX)
