"""Reporting periods (kỳ báo cáo): the Office opens, edits, locks and reopens them."""
from flask import render_template, url_for
from flask_login import current_user

from ... import audit
from ...extensions import db
from ...forms import edit_form, version_of
from ...htmx import flash_and_redirect, run_action, submit_form
from ...permissions import can, requires
from .. import services
from ..forms import PeriodEditForm, PeriodForm, ReasonForm
from ..models import ENTRY_STATES, ReportingPeriod
from ..queries import all_periods, entry_counts_by_period
from ..regime import default_year
from .common import bp


def _period_list_context() -> dict:
    return {"periods": all_periods(), "counts": entry_counts_by_period(), "states": ENTRY_STATES}


@bp.get("/periods")
@requires("period.view")
def list_periods():
    form = PeriodForm(formdata=None, data={"year": default_year()}) if can(current_user, "period.manage") else None
    return render_template("progress/periods.html", form=form, messages=[], **_period_list_context())


@bp.post("/periods")
@requires("period.manage")
def open_period():
    form = PeriodForm()

    def save():
        return services.open_period(current_user, form.kind.data, form.year.data, form.title.data or "",
                                    form.window_start.data, form.window_end.data, form.due_on.data)

    return submit_form(form, save, template="progress/periods.html", context=_period_list_context(),
                       done=lambda period: flash_and_redirect(
                           f"Đã mở kỳ báo cáo {period.title}. Các đơn vị đã có thể cập nhật kết quả.",
                           url_for("progress.view_period", period_id=period.id), "success"))


def _page_context(period) -> dict:
    return {"period": period, "history": audit.history(period),
            "labels": ReportingPeriod.AUDIT_FIELDS, "edit_form": edit_form(PeriodEditForm, period),
            "reopen_form": ReasonForm(formdata=None), "messages": []}


@bp.get("/periods/<int:period_id>")
@requires("period.view")
def view_period(period_id):
    period = db.get_or_404(ReportingPeriod, period_id)
    return render_template("progress/period.html", **_page_context(period))


@bp.post("/periods/<int:period_id>/edit")
@requires("period.manage")
def edit_period(period_id):
    period = db.get_or_404(ReportingPeriod, period_id)
    form = PeriodEditForm()
    page = url_for("progress.view_period", period_id=period.id)
    return submit_form(
        form, lambda: services.update_period(
            current_user, period, title=form.title.data, window_start=form.window_start.data,
            window_end=form.window_end.data, due_on=form.due_on.data, expected_version=version_of(form)),
        template="progress/period.html", form_name="edit_form", context=_page_context(period),
        done=lambda _: flash_and_redirect("Đã lưu kỳ báo cáo.", page, "success"))


@bp.post("/periods/<int:period_id>/lock")
@requires("period.manage")
def lock_period(period_id):
    period = db.get_or_404(ReportingPeriod, period_id)
    page = url_for("progress.view_period", period_id=period.id)
    result = {}

    def lock():
        result["n"] = services.lock_period(current_user, period)

    return run_action(lock, refused=lambda message: flash_and_redirect(message, page),
                      done=lambda: flash_and_redirect(
                          f"Đã khóa kỳ báo cáo; {result['n']} báo cáo chưa gửi được ghi là không báo cáo.",
                          page, "success"))


@bp.post("/periods/<int:period_id>/reopen")
@requires("period.manage")
def reopen_period(period_id):
    period = db.get_or_404(ReportingPeriod, period_id)
    form = ReasonForm()
    page = url_for("progress.view_period", period_id=period.id)
    return submit_form(form, lambda: services.reopen_period(current_user, period, form.reason.data),
                       template="progress/period.html", form_name="reopen_form", context=_page_context(period),
                       precheck=lambda: services.check_reopenable(period),
                       done=lambda _: flash_and_redirect("Đã mở lại kỳ báo cáo.", page, "success"))
