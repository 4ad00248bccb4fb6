"""The bell: the unread count in the nav, the notifications page, marking them read."""
from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from ...formatting import local_today
from ...htmx import fragment, is_htmx, page_or_partial
from ...permissions import can, requires
from .. import notifications
from ..notifications import KINDS
from . import bp

PER_PAGE = 50


@bp.get("/notifications/badge")
def notification_badge():
    """The bell with its unread count (htmx refreshes it every minute). Signed out: 204, nothing
    to swap (following the redirect to the login page would put that page in the nav)."""
    if not can(current_user, "notifications.view"):
        return "", 204
    notifications.due_soon_once_a_day(local_today())
    return fragment("progress/_bell.html")


def _list_context(page: int = 1, **extra) -> dict:
    rows = notifications.user_notifications(current_user, limit=PER_PAGE + 1, offset=(page - 1) * PER_PAGE)
    return {"items": rows[:PER_PAGE], "has_more": len(rows) > PER_PAGE, "page_number": page, "kinds": KINDS,
            "unread": notifications.unread_count(current_user), **extra}


@bp.get("/notifications")
@requires("notifications.view")
def list_notifications():
    notifications.due_soon_once_a_day(local_today())
    page = min(max(request.args.get("page", type=int) or 1, 1), 10_000)
    return page_or_partial("progress/notifications.html", "progress/_notifications.html", **_list_context(page))


@bp.get("/notifications/<int:notification_id>")
@requires("notifications.view")
def open_notification(notification_id):
    """Follow a notification's link, marking it read. Another user's notification is a 404."""
    item = notifications.own_notification(current_user, notification_id)
    if item is None:
        abort(404)
    notifications.mark_read(current_user, [item.id])
    target = request.script_root + item.url if item.url.startswith("/") else url_for("progress.list_notifications")
    return redirect(target, code=303)


@bp.post("/notifications/read")
@requires("notifications.view")
def mark_notifications_read():
    """Mark read: every unread one (``all``), or the ids sent (``id``, repeatable). An id that is not
    a number is a 422; one that is not the user's own is a 404; in both cases nothing changes."""
    if request.form.get("all"):
        changed = notifications.mark_read(current_user, "all")
    else:
        raw = [v.strip() for v in request.form.getlist("id")]
        if not raw or not all(v.isdigit() and len(v) <= 12 for v in raw):
            return _reply("Thông báo cần đánh dấu không hợp lệ.", 422)
        ids = {int(v) for v in raw}
        if any(notifications.own_notification(current_user, i) is None for i in ids):
            abort(404)
        changed = notifications.mark_read(current_user, ids)
    return _reply(f"Đã đánh dấu đã đọc {changed} thông báo." if changed else "Không có thông báo chưa đọc.")


def _reply(message: str, status: int = 200):
    ok = status < 400
    if ok and not is_htmx():
        flash(message, "success")
        return redirect(url_for("progress.list_notifications"), code=303)
    return page_or_partial("progress/notifications.html", "progress/_notifications.html", status=status,
                           trigger="notifications-changed" if ok else None,
                           **_list_context(message=message, message_ok=ok))
