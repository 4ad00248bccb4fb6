"""The live status of a period (tổng hợp): completion by area and unit, targets, who has not
submitted, what awaits approval, the digest; every number drills down to its tasks."""
from dataclasses import dataclass

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..forms import arg_int
from ..htmx import is_htmx
from ..org.models import Unit
from ..pagecache import cached_page
from ..pagination import Pager
from ..permissions import can, requires
from ..plans.models import Area
from ..progress.models import PERIOD_KINDS, ReportingPeriod
from .stats import (
    BUCKET_SHORT,
    BUCKETS,
    Scope,
    count_task_rows,
    period_stats,
    task_rows,
)

bp = Blueprint("dashboard", __name__)
DRILL_PAGE_SIZE = 50
KIND_ORDER = list(PERIOD_KINDS)


@dataclass
class UserScope:
    """What a user's dashboard covers: everything, some areas (a focal unit's), or one unit's tasks."""

    label: str
    area_names: frozenset[str] | None = None
    unit_id: int | None = None

    @property
    def stats(self) -> Scope:
        return Scope(None, self.area_names, self.unit_id)


def scope_of(user) -> UserScope:
    if can(user, "dashboard.view_all"):
        return UserScope("Toàn Sở")
    focal = frozenset(db.session.scalars(select(Area.name).where(Area.focal_unit_id == user.unit_id)))
    if focal:
        return UserScope(f"Các nội dung {user.unit.name} làm đầu mối", area_names=focal)
    return UserScope(user.unit.name, unit_id=user.unit_id)


def _periods() -> list[ReportingPeriod]:
    return list(db.session.scalars(select(ReportingPeriod).order_by(ReportingPeriod.window_end.desc(),
                                                                    ReportingPeriod.id.desc())))


def _period(periods) -> ReportingPeriod | None:
    wanted = arg_int("period")
    if wanted:
        period = db.session.get(ReportingPeriod, wanted)
        if period is None:
            abort(404)
        return period
    open_ones = [p for p in periods if p.is_open]
    return (open_ones or periods or [None])[0]


def comparison(period: ReportingPeriod, scope: UserScope) -> list[tuple[ReportingPeriod, object]]:
    """The periods of the same year, in the regime's order, with their figures (Quý I → 6 tháng → …)."""
    same_year = db.session.scalars(select(ReportingPeriod).where(ReportingPeriod.year == period.year,
                                                                 ReportingPeriod.kind != "adhoc"))
    ordered = sorted(same_year, key=lambda p: (p.window_end, KIND_ORDER.index(p.kind)))
    return [(p, period_stats(p, area_names=scope.area_names, unit_id=scope.unit_id)) for p in ordered]


@bp.get("/dashboard")
@requires("dashboard.view")
@cached_page
def dashboard():
    periods = _periods()
    period = _period(periods)
    scope = scope_of(current_user)
    context = {"periods": periods, "period": period, "scope": scope, "buckets": BUCKETS, "short": BUCKET_SHORT}
    if period is not None:
        context["stats"] = period_stats(period, area_names=scope.area_names, unit_id=scope.unit_id)
    template = "reports/_dashboard.html" if is_htmx() else "reports/dashboard.html"
    return render_template(template, **context)


@bp.get("/dashboard/history")
@requires("dashboard.view")
@cached_page
def history():
    """How completion and targets moved across the periods of the year (loaded after the page)."""
    period = db.get_or_404(ReportingPeriod, arg_int("period") or 0)
    template = "reports/_history.html" if is_htmx() else "reports/history.html"
    return render_template(template, period=period, history=comparison(period, scope_of(current_user)))


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
    pager = Pager(request.args.get("page", 1, type=int), DRILL_PAGE_SIZE,
                  count_task_rows(period, scope.stats, **filters))
    rows = task_rows(period, scope.stats, **filters, limit=pager.size, offset=pager.offset)
    unit = db.session.get(Unit, filters["unit_id"]) if filters["unit_id"] else None
    title = " · ".join(x for x in (
        "Hoàn thành" if filters["bucket"] == "done" else BUCKETS.get(filters["bucket"], ""), filters["area"],
        unit.name if unit else "", "Quá hạn" if filters["overdue"] else "",
        "Chờ duyệt" if filters["waiting"] else "") if x) or "Tất cả nhiệm vụ"
    template = "reports/_drill.html" if is_htmx() else "reports/drill.html"
    return render_template(template, period=period, rows=rows, title=title, scope=scope, pager=pager)
