"""Year over year (/index/trend): the scores by lĩnh vực across the years, and the criteria that lost points."""
from flask import render_template

from ...forms import arg_int
from ...permissions import requires
from ..trend import year_over_year
from .common import bp


@bp.get("/trend")
@requires("index.view_all")
def trend():
    year = arg_int("year")
    result = year_over_year(year)
    return render_template("assessment/trend.html", trend=result, chosen=year)
