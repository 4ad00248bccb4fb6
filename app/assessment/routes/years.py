"""The years (/index): the list with each year's stage and totals, a new year, last year's framework copied
to the next, a year's details and deadlines. One year's screen (/index/<year>) is in scores.py."""
from flask import render_template, url_for
from flask_login import current_user, login_required

from ...forms import edit_form, version_of
from ...htmx import redirect_to, run_action, submit_form
from ...permissions import authorize, can, requires
from .. import framework
from ..forms import NewYearForm, YearForm
from ..queries import all_years, find_year, year_summaries
from .common import bp, load_year, managed_year, refused


def _framework_url(index_year) -> str:
    return url_for("assessment.framework_page", year=index_year.year)


@bp.get("")
@requires("index.view")
def years():
    shown = [y for y in all_years() if can(current_user, "index.view", y)]
    latest = shown[0] if shown else None
    can_copy = (latest is not None and can(current_user, "index.manage")
                and find_year(latest.year + 1) is None)
    return render_template("assessment/years.html", summaries=year_summaries(shown), latest=latest,
                           can_copy=can_copy)


@bp.route("/new", methods=["GET", "POST"])
@requires("index.manage")
def new_year():
    form = NewYearForm()
    return submit_form(form, lambda: framework.create_year(current_user, form.year.data, form.to_data()),
                       template="assessment/year_new.html", done=lambda y: redirect_to(_framework_url(y)))


@bp.post("/<int:year>/copy")
@login_required
def copy_year(year):
    source = load_year(year, "index.view_all")
    authorize("index.manage")
    page = url_for("assessment.years")
    made = []
    return run_action(lambda: made.append(framework.copy_year(current_user, source)),
                      done=lambda: redirect_to(_framework_url(made[0])), refused=lambda m: refused(m, page))


@bp.route("/<int:year>/edit", methods=["GET", "POST"])
@login_required
def edit_year(year):
    index_year = managed_year(year)
    form = edit_form(YearForm, index_year)
    if not index_year.framework_editable:  # locked: the deadlines only (the title and source shown as they are)
        for name in ("title", "source"):
            getattr(form, name).render_kw = {"readonly": True}
    return submit_form(form, lambda: framework.update_year(current_user, index_year, form.to_data(),
                                                           version_of(form)),
                       template="assessment/year_edit.html", context={"index_year": index_year},
                       done=lambda y: redirect_to(_framework_url(y) if y.framework_editable
                                                  else url_for("assessment.year", year=y.year)))

