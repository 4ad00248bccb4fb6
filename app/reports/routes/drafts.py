"""The reports' index and the period's draft: generated from the approved entries, edited
section by section (htmx), with the number and the date it is printed with."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ...extensions import db
from ...forms import version_of
from ...htmx import flash_and_redirect, fragment, is_htmx, run_action, submit_form
from ...permissions import authorize, can, requires
from ...plans.models import Plan
from ...progress.models import ReportingPeriod
from ...progress.queries import all_periods
from .. import services
from ..compose import build_report, draft_section
from ..figures import export_refusal
from ..forms import DraftDetailsForm, SectionTextForm
from ..models import ReportDraft
from ..queries import drafts_by_period, find_draft, last_decision_at, plans_of_period, signers
from ..wording import proposals_of, signer_titles
from .common import bp, period_and_plan, refused, report_settings


def _draft_url(period_id: int, plan_id: int | None, anchor: str | None = None) -> str:
    return url_for("reports.draft", period_id=period_id, plan=plan_id or None, _anchor=anchor)


@bp.get("")
@requires("report.view")
def index():
    return render_template("reports/index.html", periods=all_periods(), drafts=drafts_by_period())


def _draft_context(period: ReportingPeriod, plan: Plan | None) -> dict:
    report = build_report(period, plan, report_settings())
    draft = find_draft(period.id, plan.id if plan else None)
    stale = False
    if draft is not None:
        last = last_decision_at(period)
        stale = last is not None and last > draft.generated_at
    details = None
    if draft is not None:
        details = _details_form(DraftDetailsForm(formdata=None, obj=draft))
        details.version.data = draft.version
        details.signer.data = str(draft.signer_id or "")
        details.recipients.data = draft.recipients or "\n".join(report.settings.recipients)
    _outgoing, internal = proposals_of(report.stats, report.settings)
    return {"period": period, "plan": plan, "plans": plans_of_period(period), "report": report,
            "internal_asks": internal,
            "draft": draft, "stale": stale, "refusal": export_refusal(report), "details_form": details,
            "can_edit": can(current_user, "report.edit", period), "messages": []}


def _details_form(form: DraftDetailsForm) -> DraftDetailsForm:
    """The form with its signers to choose from (Lãnh đạo Sở, the Director first)."""
    form.signer.choices = [("", "Chưa chọn (theo cấu hình)")] + [
        (str(u.id), f"{u.full_name} ({' / '.join(t for t in signer_titles(u) if t)})") for u in signers()]
    return form


@bp.get("/periods/<int:period_id>/draft")
@login_required
def draft(period_id):
    period, plan = period_and_plan(period_id, "report.view")
    return render_template("reports/draft.html", **_draft_context(period, plan))


@bp.post("/periods/<int:period_id>/draft")
@login_required
def generate(period_id):
    period, plan = period_and_plan(period_id, "report.edit")
    existed = find_draft(period.id, plan.id if plan else None) is not None
    services.generate_draft(current_user, period, plan, report_settings())
    flash("Đã tạo lại các mục chưa sửa tay của dự thảo." if existed else "Đã tạo dự thảo báo cáo.", "success")
    return redirect(_draft_url(period.id, plan.id if plan else None))


def _editable_draft(draft_id: int) -> ReportDraft:
    draft = db.get_or_404(ReportDraft, draft_id)
    authorize("report.edit", draft)
    return draft


def _section_context(draft: ReportDraft, key: str) -> dict:
    """What one section of the draft shows: its text, in its form (404: not in the outline)."""
    item = draft_section(draft, key)
    if item is None:
        abort(404)
    form = SectionTextForm(formdata=None, data={"text": item.text})
    form.version.data = draft.section(key).version
    return {"s": item, "draft": draft, "form": form, "messages": [], "saved": False, "can_edit": True, "rows": None}


def _section_fragment(draft: ReportDraft, key: str, saved: bool = False):
    return fragment("reports/_section.html", **{**_section_context(draft, key), "saved": saved})


@bp.post("/drafts/<int:draft_id>/sections/<key>")
@login_required
def save_section(draft_id, key):
    draft = _editable_draft(draft_id)
    form = SectionTextForm()

    def done(_section):
        if not is_htmx():
            return flash_and_redirect("Đã lưu mục.", _draft_url(draft.period_id, draft.plan_id, f"section-{key}"),
                                      "success")
        return _section_fragment(draft, key, saved=True)

    return submit_form(
        form, lambda: services.save_section(current_user, draft, key, form.text.data or "", version_of(form)),
        template="reports/_section.html", context=_section_context(draft, key), done=done)


@bp.post("/drafts/<int:draft_id>/sections/<key>/discard")
@login_required
def discard_section(draft_id, key):
    draft = _editable_draft(draft_id)
    page = _draft_url(draft.period_id, draft.plan_id, f"section-{key}")

    def done():
        if is_htmx():
            return _section_fragment(draft, key)
        return flash_and_redirect("Đã bỏ phần sửa tay; mục dùng lại nội dung tạo tự động.", page, "success")

    return run_action(lambda: services.discard_edit(current_user, draft, key, report_settings()), done=done,
                      refused=lambda message: refused(message, page))


@bp.post("/drafts/<int:draft_id>/details")
@login_required
def save_details(draft_id):
    draft = _editable_draft(draft_id)
    form = _details_form(DraftDetailsForm())
    return submit_form(
        form, lambda: services.update_draft_details(
            current_user, draft, form.number.data, form.report_date.data,
            signer_id=form.signer.data if "signer" in request.form else None,
            recipients=form.recipients.data if "recipients" in request.form else None,
            expected_version=version_of(form)),
        template="reports/draft.html", form_name="details_form", context=_draft_context(draft.period, draft.plan),
        done=lambda _: flash_and_redirect("Đã lưu số, ngày, người ký và nơi nhận.",
                                          _draft_url(draft.period_id, draft.plan_id),
                                          "success"))
