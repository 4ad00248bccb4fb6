"""The home page (each user's own starting page) and the server's health check."""
from flask import Blueprint, redirect, url_for
from flask_login import current_user, login_required

from .permissions import can

bp = Blueprint("main", __name__)


@bp.get("/")
@login_required
def index():
    if can(current_user, "home.dashboard"):
        return redirect(url_for("dashboard.dashboard"))
    if can(current_user, "home.index"):
        return redirect(url_for("assessment.years"))
    return redirect(url_for("progress.checklist"))


@bp.get("/healthz")
def healthz():
    """For the server's monitoring (and the load benchmark's baseline): no login, no database."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
