"""Progress: the unit checklist, reporting periods, entries, evidence, approval, notifications.

One module per entity; each loads its objects with ``db.get_or_404`` and checks
the policy (``authorize``) before calling a service. The blueprint is in common.py."""
from . import approvals, checklist, entries, evidence, periods  # noqa: F401  (registers the routes)
from . import notifications, reminders  # noqa: F401  (the bell; the Office's follow-up and reminders)
from .common import bp

__all__ = ["bp"]
