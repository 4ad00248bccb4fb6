"""Progress: the unit checklist, reporting periods, entries, evidence, approval, notifications.

One module per entity; each loads its objects with ``db.get_or_404`` and checks
the policy (``authorize``) before calling a service."""
from flask import Blueprint

bp = Blueprint("progress", __name__)

from . import approvals, checklist, entries, evidence, periods  # noqa: E402,F401  (registers the routes)
from . import notifications, reminders  # noqa: E402,F401  (the bell; the Office's follow-up and reminders)
