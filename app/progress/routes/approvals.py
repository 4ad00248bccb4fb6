"""The approval queue (phê duyệt): a supervisor approves or returns the submitted entries
of the units they supervise, one at a time or many at once."""
from flask import current_app, request, url_for
from flask_login import current_user, login_required

from ...extensions import db
from ...forms import arg_int
from ...htmx import flash_and_redirect, fragment, is_htmx, page_or_partial, run_action
from ...pagecache import SENT, cached_page, depends_on, unit_scope
from ...pagination import Pager
from ...permissions import authorize, requires
from .. import queries, services
from ..forms import ReasonForm
from ..models import ProgressEntry
from ..period_rules import previous_entries
from .common import bp


def _queue_context(period):
    total = queries.approval_queue_count(current_user, period) if period else 0
    pager = Pager(arg_int("page", 1), current_app.config["APPROVAL_PAGE_SIZE"], total)
    groups = queries.approval_queue(current_user, period, pager.size, pager.offset) if period else []
    shown = [row for _, areas in groups for _, rows in areas for row in rows]
    return {"period": period, "periods": queries.open_periods(), "groups": groups, "pager": pager,
            "count": total, "previous": previous_entries(shown, period) if period else {},
            "changed": queries.changes_since_return(shown),
            "return_form": ReasonForm(formdata=None)}


@bp.get("/approvals")
@requires("approval.queue")
@cached_page
def approvals():
    depends_on(SENT, unit_scope(current_user.unit_id))  # the sent reports; the menu's count
    period = queries.current_period(arg_int("period"))
    return page_or_partial("progress/approvals.html", "progress/_approval_queue.html", messages=[],
                           **_queue_context(period))


@bp.post("/approvals")
@login_required
def decide():
    authorize("approval.queue")
    ids = [int(i) for i in request.form.getlist("entry_ids") if i.isascii() and i.isdigit() and len(i) < 10]
    entries = [e for e in (db.session.get(ProgressEntry, i) for i in ids) if e is not None]
    for entry in entries:
        authorize("entry.decide", entry)
    decision = request.form.get("decision")
    back = url_for("progress.approvals", period=request.form.get("period", type=int))
    if decision == "approve":
        action, done = (lambda: services.approve_entries(current_user, entries)), f"Đã duyệt {len(entries)} báo cáo."
    elif decision == "return":
        reason = request.form.get("reason", "")
        action = lambda: services.return_entries(current_user, entries, reason)  # noqa: E731
        done = f"Đã trả lại {len(entries)} báo cáo cho đơn vị."
    else:
        return flash_and_redirect("Hãy chọn duyệt hoặc trả lại.", back)
    if is_htmx() and len(entries) == 1:
        return _decide_card(entries[0], decision, action)
    return run_action(action, done=lambda: flash_and_redirect(done, back, "success"),
                      refused=lambda message: flash_and_redirect(message, back))


def _decide_card(entry, decision, action):
    """A decision from one card (htmx): only that card is swapped, for a line saying what was done, and the
    count comes back out of band; a refusal redraws the card with the reason (422)."""
    period = entry.period

    def card(status, messages):
        db.session.refresh(entry)
        return fragment("progress/_approval_card.html", status=status, entry=entry, period=period, messages=messages,
                        prev=previous_entries([entry], period).get(entry.task_id),
                        changes=queries.changes_since_return([entry]).get(entry.id))

    return run_action(
        action, refused=lambda message: card(422, [message]),
        done=lambda: fragment("progress/_approval_decided.html", entry=entry, decision=decision, period=period,
                              count=queries.approval_queue_count(current_user, period)))
