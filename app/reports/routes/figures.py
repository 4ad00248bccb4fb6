"""The figures the Office types in for the statistics annex (with their source), beside those
the app counts; a mismatch is kept and shown, and holds the export back until accepted."""
from flask import render_template, url_for
from flask_login import current_user, login_required

from ...forms import arg_int, version_of
from ...htmx import flash_and_redirect, submit_form
from ...permissions import can
from ...progress.models import ReportingPeriod
from .. import services
from ..figures import counted_figures, figure_problems
from ..forms import AcceptForm, FiguresForm
from ..queries import figures_of
from ..stats import period_stats
from .common import bp, period_and_plan


def _figures_context(period: ReportingPeriod) -> dict:
    figures = figures_of(period)
    form = FiguresForm(formdata=None, obj=figures)
    form.version.data = figures.version if figures else ""
    plan_id = arg_int("plan")
    counted = counted_figures(period_stats(period, plan_id=plan_id))
    return {"period": period, "figures": figures, "problems": figure_problems(figures), "form": form,
            "counted": counted,
            "accept_form": AcceptForm(formdata=None), "can_edit": can(current_user, "report.edit", period),
            "messages": [], "back": plan_id}


def _figures_url(period: ReportingPeriod) -> str:
    return url_for("reports.figures", period_id=period.id, plan=arg_int("plan"))


@bp.get("/periods/<int:period_id>/figures")
@login_required
def figures(period_id):
    period, _plan = period_and_plan(period_id, "report.view")
    return render_template("reports/figures.html", **_figures_context(period))


@bp.post("/periods/<int:period_id>/figures")
@login_required
def save_figures(period_id):
    period, _plan = period_and_plan(period_id, "report.edit")
    form = FiguresForm()
    page = _figures_url(period)

    def done(saved):
        problems = figure_problems(saved)
        if problems:
            return flash_and_redirect("Đã lưu số liệu, nhưng số liệu chưa khớp: " + " ".join(problems), page, "error")
        return flash_and_redirect("Đã lưu số liệu; số liệu khớp.", page, "success")

    return submit_form(form, lambda: services.save_figures(current_user, period, form.values(), form.source.data,
                                                           version_of(form)),
                       template="reports/figures.html", context=_figures_context(period), done=done)


@bp.post("/periods/<int:period_id>/figures/accept")
@login_required
def accept_figures(period_id):
    period, _plan = period_and_plan(period_id, "report.edit")
    form = AcceptForm()
    return submit_form(form, lambda: services.accept_mismatch(current_user, period, form.reason.data),
                       template="reports/figures.html", form_name="accept_form", context=_figures_context(period),
                       precheck=lambda: services.check_mismatch(period),
                       done=lambda _: flash_and_redirect("Đã xác nhận chấp nhận chênh lệch; có thể xuất báo cáo.",
                                                         _figures_url(period), "success"))
