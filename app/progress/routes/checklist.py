"""The unit checklist page ("Việc của đơn vị")."""
from flask import abort, current_app, request
from flask_login import current_user, login_required

from ...extensions import db
from ...formatting import local_today
from ...htmx import page_or_partial
from ...org.models import Unit
from ...org.queries import active_units
from ...permissions import authorize, can
from ..queries import (
    COOPERATING,
    LEAD,
    ChecklistFilters,
    checklist_options,
    current_period,
    group_rows,
    open_periods,
    summarize,
    unit_checklist,
)
from . import bp


def _filters_from_request() -> ChecklistFilters:
    args = request.args
    role = args.get("role", "")
    return ChecklistFilters(
        plan_id=args.get("plan", type=int),
        area=args.get("area", "").strip(),
        role=role if role in (LEAD, COOPERATING) else "",
        overdue=args.get("overdue") in ("1", "on", "true"),
        q=args.get("q", "").strip()[:200],
    )


@bp.get("/checklist")
@login_required
def checklist():
    unit_id = request.args.get("unit", type=int) or current_user.unit_id
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        abort(404)
    authorize("checklist.view", unit)
    filters = _filters_from_request()
    today = local_today()
    period = current_period(request.args.get("period", type=int))
    rows = unit_checklist(unit.id, filters, today, current_app.config["DUE_SOON_DAYS"], period)
    plans, area_names = checklist_options(unit.id)
    units = active_units() if can(current_user, "checklist.view_all") else []
    return page_or_partial(
        "progress/checklist.html", "progress/_checklist_rows.html",
        unit=unit, groups=group_rows(rows), filters=filters, plans=plans, area_names=area_names, units=units,
        summary=summarize(rows), today=today, own_unit=unit.id == current_user.unit_id,
        period=period, periods=open_periods(),
        can_submit_all=any(can(current_user, "entry.submit", r.entry) for r in rows if r.entry is not None),
    )
