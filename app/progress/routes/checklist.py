"""The unit checklist page ("Việc của đơn vị")."""
from flask import current_app, g, request
from flask_login import current_user, login_required

from ...extensions import db
from ...formatting import local_today
from ...forms import arg_int
from ...htmx import page_or_partial
from ...org.models import Unit
from ...org.queries import active_units
from ...pagecache import cached_page, depends_on, unit_scope
from ...pagination import Pager
from ...permissions import authorize, can
from ..checklist import (
    COOPERATING,
    LEAD,
    ChecklistFilters,
    checklist_options,
    checklist_summary,
    group_rows,
    unit_checklist,
)
from ..period_rules import Frame
from ..queries import current_period, open_periods, unit_entry_to_submit
from .common import bp


def _filters_from_request() -> ChecklistFilters:
    args = request.args
    role = args.get("role", "")
    return ChecklistFilters(
        plan_id=arg_int("plan"),
        area=args.get("area", "").strip(),
        role=role if role in (LEAD, COOPERATING) else "",
        overdue=args.get("overdue") in ("1", "on", "true"),
        q=args.get("q", "").strip()[:200],
    )


@bp.get("/checklist")
@login_required
@cached_page
def checklist():
    unit_id = arg_int("unit") or current_user.unit_id
    unit = db.get_or_404(Unit, unit_id)
    authorize("checklist.view", unit)
    depends_on(unit_scope(unit.id), unit_scope(current_user.unit_id))  # the unit's reports; the menu's count
    filters = _filters_from_request()
    today = local_today()
    period = current_period(arg_int("period"))
    frame = Frame.of(period, today)
    due_soon_days = current_app.config["DUE_SOON_DAYS"]
    summary = checklist_summary(unit.id, filters, frame, due_soon_days)
    if unit.id == current_user.unit_id and not filters.active and period is current_period():
        g.open_task_count = summary.total - summary.done  # the menu's count: the same tasks, counted here
    pager = Pager(arg_int("page", 1), current_app.config["CHECKLIST_PAGE_SIZE"], summary.total)
    rows = unit_checklist(unit.id, filters, frame, due_soon_days, pager.size, pager.offset)
    plans, area_names = checklist_options(unit.id, frame)
    sample = unit_entry_to_submit(unit.id, period) if period is not None else None
    can_submit_all = sample is not None and can(current_user, "entry.submit", sample)
    units = active_units() if can(current_user, "checklist.view_all") else []
    return page_or_partial(
        "progress/checklist.html", "progress/_checklist_rows.html",
        unit=unit, groups=group_rows(rows), filters=filters, plans=plans, area_names=area_names, units=units,
        summary=summary, pager=pager, today=today, own_unit=unit.id == current_user.unit_id, frame=frame,
        due_soon_days=due_soon_days,
        period=period, periods=open_periods(),
        can_submit_all=can_submit_all,
    )
