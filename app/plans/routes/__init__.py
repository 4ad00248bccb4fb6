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
from . import areas, plans, targets, tasks  # noqa: F401  (registers the routes)
from .common import bp

__all__ = ["bp"]
