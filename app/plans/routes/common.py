"""The plans blueprint and what every editor route shares: the event that refreshes the counters,
the editor's URL, and the answer to a change (a fragment for htmx, the editor for a plain post)."""
from flask import Blueprint, redirect, url_for

from ...htmx import is_htmx

bp = Blueprint("plans", __name__)
CHANGED = "plan-changed"


def editor_url(plan) -> str:
    return url_for("plans.editor", plan_id=plan.id)


def changed(plan, make_fragment):
    """An editor change done: the updated fragment for htmx, back to the editor for a plain post."""
    return make_fragment() if is_htmx() else redirect(editor_url(plan))

