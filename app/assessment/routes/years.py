"""The years (/index) and one year's framework with its self-score roll-up (/index/<year>)."""
from flask import render_template
from flask_login import current_user, login_required

from ...permissions import can, requires
from ..queries import all_years, criteria_of, round_roll_up, scores_of, visible_criteria, year_summaries
from .common import bp, load_year


@bp.get("")
@requires("index.view")
def years():
    shown = [y for y in all_years() if can(current_user, "index.view", y)]
    return render_template("assessment/years.html", summaries=year_summaries(shown))


@bp.get("/<int:year>")
@login_required
def year(year):
    index_year = load_year(year)
    criteria = criteria_of(index_year)
    roll = round_roll_up(index_year, "self", criteria)
    whole = can(current_user, "index.view_all", index_year)
    shown = criteria if whole else visible_criteria(criteria, current_user.unit_id)
    return render_template("assessment/year.html", index_year=index_year, criteria=shown, whole=whole,
                           roll=roll, scores=scores_of(index_year))
