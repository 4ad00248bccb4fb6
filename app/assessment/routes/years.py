"""The years (/index). One year's screen (/index/<year>) is in scores.py."""
from flask import render_template
from flask_login import current_user

from ...permissions import can, requires
from ..queries import all_years, year_summaries
from .common import bp


@bp.get("")
@requires("index.view")
def years():
    shown = [y for y in all_years() if can(current_user, "index.view", y)]
    return render_template("assessment/years.html", summaries=year_summaries(shown))
