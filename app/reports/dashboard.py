"""The live status of a period (tổng hợp): completion by area and unit, targets, who has not
submitted, what awaits approval, the digest; every number drills down to its tasks."""
from dataclasses import dataclass

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..htmx import is_htmx
from ..permissions import can, requires
from ..plans.models import Area
from ..progress.models import PERIOD_KINDS, ReportingPeriod
from .stats import BUCKET_SHORT, BUCKETS, period_stats

bp = Blueprint("dashboard", __name__)
KIND_ORDER = list(PERIOD_KINDS)


@dataclass
class Scope:
    """What a user's dashboard covers: everything, some areas (a focal unit's), or one unit's tasks."""

    label: str
    area_names: set[str] | None = None
    unit_id: int | None = None


def scope_of(user) -> Scope:
    if can(user, "dashboard.view_all"):
        return Scope("Toàn Sở")
    focal = set(db.session.scalars(select(Area.name).where(Area.focal_unit_id == user.unit_id)))
    if focal:
        return Scope(f"Các nội dung {user.unit.name} làm đầu mối", area_names=focal)
    return Scope(user.unit.name, unit_id=user.unit_id)


def _periods() -> list[ReportingPeriod]:
    return list(db.session.scalars(select(ReportingPeriod).order_by(ReportingPeriod.window_end.desc(),
                                                                    ReportingPeriod.id.desc())))


def _period(periods) -> ReportingPeriod | None:
    wanted = request.args.get("period", type=int)
    if wanted:
        period = db.session.get(ReportingPeriod, wanted)
        if period is None:
            abort(404)
        return period
    open_ones = [p for p in periods if p.is_open]
    return (open_ones or periods or [None])[0]


def comparison(period: ReportingPeriod, scope: Scope) -> list[tuple[ReportingPeriod, object]]:
    """The periods of the same year, in the regime's order, with their figures (Quý I → 6 tháng → …)."""
    same_year = db.session.scalars(select(ReportingPeriod).where(ReportingPeriod.year == period.year,
                                                                 ReportingPeriod.kind != "adhoc"))
    ordered = sorted(same_year, key=lambda p: (p.window_end, KIND_ORDER.index(p.kind)))
    return [(p, period_stats(p, area_names=scope.area_names, unit_id=scope.unit_id)) for p in ordered]


@bp.get("/dashboard")
@requires("dashboard.view")
def dashboard():
    periods = _periods()
    period = _period(periods)
    scope = scope_of(current_user)
    context = {"periods": periods, "period": period, "scope": scope, "buckets": BUCKETS, "short": BUCKET_SHORT}
    if period is not None:
        context["stats"] = period_stats(period, area_names=scope.area_names, unit_id=scope.unit_id)
        context["history"] = comparison(period, scope)
    template = "reports/_dashboard.html" if is_htmx() else "reports/dashboard.html"
    return render_template(template, **context)


@bp.get("/dashboard/tasks")
@requires("dashboard.view")
def drill_down():
    """The tasks behind a number: by bucket, area, unit, overdue, or awaiting approval."""
    period = db.get_or_404(ReportingPeriod, request.args.get("period", type=int) or 0)
    scope = scope_of(current_user)
    stats = period_stats(period, area_names=scope.area_names, unit_id=scope.unit_id)
    bucket = request.args.get("bucket", "")
    area = request.args.get("area", "")
    unit_id = request.args.get("unit", type=int)
    overdue = request.args.get("overdue") == "1"
    waiting = request.args.get("waiting") == "1"
    rows = [r for r in stats.rows
            if (not bucket or bucket == "done" and r.bucket in ("done_on_time", "done_late") or r.bucket == bucket)
            and (not area or r.task.area.name == area)
            and (not unit_id or r.task.lead_unit_id == unit_id)
            and (not overdue or r.overdue)
            and (not waiting or (r.current is not None and r.current.status == "submitted"))]
    title = " · ".join(x for x in (
        "Hoàn thành" if bucket == "done" else BUCKETS.get(bucket, ""), area,
        next((u.name for u, _ in stats.by_unit if u.id == unit_id), "") if unit_id else "",
        "Quá hạn" if overdue else "", "Chờ duyệt" if waiting else "") if x) or "Tất cả nhiệm vụ"
    template = "reports/_drill.html" if is_htmx() else "reports/drill.html"
    return render_template(template, period=period, rows=rows, title=title, scope=scope)
