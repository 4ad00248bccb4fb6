"""The bell: the unread count in the nav, the notifications page, marking them read.

No GET here writes: opening a notice marks it read by POST (a small form per notice), and the
due-soon notices are made by the scheduled ``flask remind`` (app/cli.py), not by the bell's poll."""
from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from ...forms import arg_int
from ...htmx import fragment, is_htmx, page_or_partial
from ...numbers import parse_id
from ...permissions import can, requires
from .. import notifications
from ..notifications import KINDS
from .common import bp

PER_PAGE = 50


@bp.get("/notifications/badge")
def notification_badge():
    """The bell with its unread count (htmx refreshes it every minute). Signed out: 204, nothing
    to swap (following the redirect to the login page would put that page in the nav)."""
    if not can(current_user, "notifications.view"):
        return "", 204
    return fragment("progress/_bell.html")


def _list_context(page: int = 1, **extra) -> dict:
    rows = notifications.user_notifications(current_user, limit=PER_PAGE + 1, offset=(page - 1) * PER_PAGE)
    return {"items": rows[:PER_PAGE], "has_more": len(rows) > PER_PAGE, "page_number": page, "kinds": KINDS,
            "unread": notifications.unread_count(current_user), **extra}


@bp.get("/notifications")
@requires("notifications.view")
def list_notifications():
    page = min(max(arg_int("page", 1), 1), 10_000)
    return page_or_partial("progress/notifications.html", "progress/_notifications.html", **_list_context(page))


def _own_or_404(notification_id: int):
    item = notifications.own_notification(current_user, notification_id)
    if item is None:
        abort(404)
    return item


def _target(item) -> str:
    return request.script_root + item.url if item.url.startswith("/") else url_for("progress.list_notifications")


@bp.get("/notifications/<int:notification_id>")
@requires("notifications.view")
def open_notification(notification_id):
    """Follow a notification's link without marking it read (a GET writes nothing; the list's
    buttons POST here). Another user's notification is a 404."""
    return redirect(_target(_own_or_404(notification_id)), code=303)


@bp.post("/notifications/<int:notification_id>")
@requires("notifications.view")
def read_notification(notification_id):
    """Open a notification: mark it read, then follow its link. Another user's is a 404, nothing changed."""
    item = _own_or_404(notification_id)
    notifications.mark_read(current_user, [item.id])
    return redirect(_target(item), code=303)


@bp.post("/notifications/read")
@requires("notifications.view")
def mark_notifications_read():
    """Mark read: every unread one (``all``), or the ids sent (``id``, repeatable). An id that is not
    a number is a 422; one that is not the user's own is a 404; in both cases nothing changes."""
    if request.form.get("all"):
        changed = notifications.mark_read(current_user, "all")
    else:
        try:
            ids = {parse_id(v) for v in request.form.getlist("id")}
        except ValueError:
            ids = set()
        if not ids:
            return _reply("Thông báo cần đánh dấu không hợp lệ.", 422)
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
