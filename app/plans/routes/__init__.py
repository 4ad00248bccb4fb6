"""Plans: the list, the read view, and the one-page editor of areas, targets and tasks.

One module per entity (plans, areas, targets, tasks), each with its loader pair:
``_visible_x(id)`` (404 if missing, 403 if the user may not read it) and
``_editable_x(id)`` (the same, for changing it). Inline editing follows one URL
convention: GET ``/x/<id>`` returns the row, GET/POST ``/x/<id>/edit`` the form
and its save. Editor requests come from htmx and get fragments back; every
mutation answers with the updated fragment and fires ``plan-changed`` so the
counters refresh. Validation errors come back as the form with status 422
(``app.htmx.submit_form``).
"""
from flask import Blueprint, redirect, url_for

from ...htmx import is_htmx

bp = Blueprint("plans", __name__)
CHANGED = "plan-changed"


def editor_url(plan) -> str:
    return url_for("plans.editor", plan_id=plan.id)


def changed(plan, make_fragment):
    """An editor change done: the updated fragment for htmx, back to the editor for a plain post."""
    return make_fragment() if is_htmx() else redirect(editor_url(plan))


from . import areas, plans, targets, tasks  # noqa: E402,F401  (registers the routes)
