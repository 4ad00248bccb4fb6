"""The live status of a period (tổng hợp): completion by area and unit, targets, who has not
submitted, what awaits approval, the digest; every number drills down to its tasks."""
from flask import Blueprint, request
from flask_login import current_user

from ..extensions import db
from ..forms import arg_int
from ..htmx import page_or_partial
from ..org.models import Unit
from ..pagecache import cached_page
from ..pagination import Pager
from ..permissions import requires
from ..progress.models import ReportingPeriod
from ..progress.period_rules import Frame
from ..progress.queries import all_periods
from .queries import comparison, scope_of
from .stats import BUCKET_SHORT, BUCKETS, count_task_rows, period_stats, task_rows

bp = Blueprint("dashboard", __name__)
DRILL_PAGE_SIZE = 50


def _period(periods) -> ReportingPeriod | None:
    """The period of ``?period=``, else the latest open one, else the latest."""
    wanted = arg_int("period")
    if wanted:
        return db.get_or_404(ReportingPeriod, wanted)
    open_ones = [p for p in periods if p.is_open]
    return (open_ones or periods or [None])[0]


@bp.get("/dashboard")
@requires("dashboard.view")
@cached_page
def dashboard():
    periods = all_periods()
    period = _period(periods)
    scope = scope_of(current_user)
    context = {"periods": periods, "period": period, "scope": scope, "buckets": BUCKETS, "short": BUCKET_SHORT}
    if period is not None:
        context["stats"] = period_stats(period, area_names=scope.area_names, unit_id=scope.unit_id)
    return page_or_partial("reports/dashboard.html", "reports/_dashboard.html", **context)


@bp.get("/dashboard/history")
@requires("dashboard.view")
@cached_page
def history():
    """How completion and targets moved across the periods of the year (loaded after the page)."""
    period = db.get_or_404(ReportingPeriod, arg_int("period") or 0)
    return page_or_partial("reports/history.html", "reports/_history.html", period=period,
                           history=comparison(period, scope_of(current_user)))


@bp.get("/dashboard/tasks")
@requires("dashboard.view")
@cached_page
def drill_down():
    """The tasks behind a number: by bucket, area, unit, overdue, or awaiting approval (a page at a time)."""
    period = db.get_or_404(ReportingPeriod, arg_int("period") or 0)
    scope = scope_of(current_user)
    filters = {"bucket": request.args.get("bucket", "")[:20], "area": request.args.get("area", "")[:300],
               "unit_id": arg_int("unit"), "overdue": request.args.get("overdue") == "1",
               "waiting": request.args.get("waiting") == "1"}
    pager = Pager(arg_int("page", 1), DRILL_PAGE_SIZE,
                  count_task_rows(period, scope.stats, **filters))
    rows = task_rows(period, scope.stats, **filters, limit=pager.size, offset=pager.offset)
    unit = db.session.get(Unit, filters["unit_id"]) if filters["unit_id"] else None
    title = " · ".join(x for x in (
        "Hoàn thành" if filters["bucket"] == "done" else BUCKETS.get(filters["bucket"], ""), filters["area"],
        unit.name if unit else "", "Quá hạn" if filters["overdue"] else "",
        "Chờ duyệt" if filters["waiting"] else "") if x) or "Tất cả nhiệm vụ"
    return page_or_partial("reports/drill.html", "reports/_drill.html", period=period, rows=rows, title=title,
                           scope=scope, pager=pager, as_of_text=Frame.of(period).as_of_text)
