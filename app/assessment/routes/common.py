"""The index blueprint and what its route modules share: the loaders of the year and the criterion a
page is about, checked against the policy. In its own module so that the route modules import it without
importing the package that imports them (no cycle)."""
from flask import Blueprint, abort

from ...extensions import db
from ...permissions import authorize
from ...reports.routes.common import refused  # noqa: F401  (a one-button action refused, as the reports say it)
from ..models import IndexCriterion, IndexYear
from ..queries import year_or_404
from ..scoring import format_score

bp = Blueprint("assessment", __name__, url_prefix="/index")
bp.add_app_template_filter(format_score, "score")  # "1,5"


def load_year(year: int, action: str = "index.view") -> IndexYear:
    """The year's framework (404 if none), which the user may ``action`` (403 if not)."""
    index_year = year_or_404(year)
    authorize(action, index_year)
    return index_year


def load_criterion(year: int, criterion_id: int, action: str = "index.view") -> IndexCriterion:
    """A criterion of the year (404 if it is not of that year), which the user may ``action``."""
    index_year = year_or_404(year)
    criterion = db.get_or_404(IndexCriterion, criterion_id)
    if criterion.year_id != index_year.id:
        abort(404)
    authorize(action, criterion)
    return criterion



def managed_year(year: int) -> IndexYear:
    """A year whose framework the user builds (the Office). A locked year is loaded too: its service
    refuses the write with the reason, rather than a bare 403."""
    index_year = year_or_404(year)
    authorize("index.manage")
    return index_year


def managed_criterion(year: int, criterion_id: int) -> IndexCriterion:
    """A criterion of a year whose framework the user builds (see managed_year)."""
    criterion = load_criterion(year, criterion_id, "index.view_all")
    authorize("index.manage")
    return criterion
