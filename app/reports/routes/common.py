"""The reports blueprint and what its route modules share: the report's settings, the loaders of the
period and the plan a page is about, and a one-button action's refusal. In its own module so that
the route modules import it without importing the package that imports them (no cycle)."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template

from ...extensions import db
from ...forms import arg_int
from ...htmx import fragment, is_htmx
from ...permissions import authorize
from ...plans.models import CLOSED, ISSUED, Plan
from ...progress.models import ReportingPeriod
from ..phrases import WordingError
from ..wording import ReportSettings

bp = Blueprint("reports", __name__, url_prefix="/reports")


def report_settings() -> ReportSettings:
    return ReportSettings.from_config(current_app.config)


def plan_arg() -> Plan | None:
    """The plan of ``?plan=`` (None: every plan in force)."""
    plan_id = arg_int("plan")  # beyond any id: 404, not an integer overflow in the database
    if not plan_id:
        return None
    plan = db.get_or_404(Plan, plan_id)
    if plan.status not in (ISSUED, CLOSED):
        abort(404)  # a report covers plans in force only
    return plan


def period_and_plan(period_id: int, action: str) -> tuple[ReportingPeriod, Plan | None]:
    period = db.get_or_404(ReportingPeriod, period_id)
    authorize(action, period)
    return period, plan_arg()


def refused(message: str, page: str):
    """A one-button action refused: the message in place (htmx), else on ``page``."""
    if is_htmx():
        return fragment("errors/_message.html", status=422, title="Không thực hiện được", text=message)
    flash(message, "error")
    return redirect(page)



@bp.errorhandler(WordingError)
def wording_refused(exc: WordingError):
    """A phrase of the outline that cannot be written: nothing of the report is written or stored;
    the Office is sent to fix the wording (422)."""
    db.session.rollback()
    return render_template("reports/refused.html", period=None, plan=None,
                           message=exc.message + " Hãy sửa câu chữ trên trang Đề cương báo cáo."), 422
