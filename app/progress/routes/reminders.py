"""The Office's follow-up of a period (which units are behind) and its reminders (Gửi nhắc việc).

URLs: /periods/<id>/follow-up and /periods/<id>/remind (the other /periods pages live elsewhere)."""
from flask import abort, flash, redirect, request, url_for
from flask_login import current_user, login_required

from ...extensions import db
from ...formatting import local_today
from ...htmx import is_htmx, page_or_partial, run_action
from ...numbers import BeyondIds, parse_id
from ...permissions import authorize
from .. import followup
from ..models import ReportingPeriod
from ..notifications import MAX_ID, already_text, remind_units
from ..period_rules import Frame, coverage
from ..queries import all_periods
from .common import bp


def _context(period: ReportingPeriod, **extra) -> dict:
    rows = followup.period_follow_up(period)
    today = local_today()
    days_left = (period.due_on - today).days if period.due_on else None
    return {"period": period, "rows": rows, "summary": followup.summary(rows), "periods": all_periods(),
            "coverage": coverage(Frame.of(period, today)),
            "labels": followup.STANDING_LABELS, "days_left": days_left, "message": None, "message_ok": True,
            **extra}


def _period_or_404(period_id: int) -> ReportingPeriod:
    if period_id > MAX_ID:
        abort(404)
    return db.get_or_404(ReportingPeriod, period_id)


@bp.get("/periods/<int:period_id>/follow-up")
@login_required
def follow_up(period_id):
    """Per unit with tasks in the period: entries not started, drafts, submitted, returned, approved."""
    period = _period_or_404(period_id)
    authorize("checklist.view_all")
    return page_or_partial("progress/follow_up.html", "progress/_follow_up.html", **_context(period))


def _chosen_rows(period: ReportingPeriod) -> tuple[list, str | None]:
    """The follow-up rows the form asks to remind (``unit`` = one unit's id, or ``all``), or a message."""
    if request.form.get("all"):
        return followup.period_follow_up(period), None
    raw = (request.form.get("unit") or "").strip()
    if not raw:
        return [], "Hãy chọn đơn vị cần nhắc việc."
    try:
        rows = followup.period_follow_up(period, unit_ids=[parse_id(raw)])
    except BeyondIds:
        rows = []  # names no unit
    except ValueError:
        return [], "Đơn vị cần nhắc việc không hợp lệ."
    if not rows:
        return [], "Đơn vị này không có nhiệm vụ nào trong kỳ báo cáo."
    return rows, None


@bp.post("/periods/<int:period_id>/remind")
@login_required
def remind(period_id):
    """Send a reminder (in-app notices) to one lagging unit's users, or to every lagging unit's."""
    period = _period_or_404(period_id)
    authorize("reminder.send", period)
    rows, problem = _chosen_rows(period)
    if problem:
        return _reply(period, problem, 422)
    sent = {}

    def action():
        sent["result"] = remind_units(current_user, period, rows)

    return run_action(action, done=lambda: _reply(period, _sent_text(rows, sent["result"]), 200),
                      refused=lambda message: _reply(period, message, 422))


def _sent_text(rows, result) -> str:
    skipped = {unit.id for unit, _ in result.already}
    reminded = [r.unit.short_name or r.unit.name for r in rows if r.lagging and r.users and r.unit.id not in skipped]
    units = ", ".join(reminded) if len(reminded) <= 5 else f"{len(reminded)} đơn vị"
    text = f"Đã gửi nhắc việc tới {result.count} người ({units})."
    if result.already:
        text += f" Không gửi lại: {already_text(result.already)} (mỗi đơn vị một lần mỗi ngày)."
    return text


def _reply(period: ReportingPeriod, message: str, status: int):
    ok = status < 400
    if ok and not is_htmx():
        flash(message, "success")
        return redirect(url_for("progress.follow_up", period_id=period.id), code=303)
    return page_or_partial("progress/follow_up.html", "progress/_follow_up.html", status=status,
                           trigger="notifications-changed" if ok else None,
                           **_context(period, message=message, message_ok=ok))
