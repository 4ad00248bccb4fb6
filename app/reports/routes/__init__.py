"""The report pages: the period's draft (edited section by section), the outline per plan, the
typed-in figures, and the downloads (.docx, .xlsx). Thin: load, check the policy, call a service.

One module per entity; they share the blueprint and the loaders in common.py (the period and the plan a
page is about)."""
from . import downloads, drafts, figures, outline  # noqa: F401  (registers the routes)
from .common import bp

__all__ = ["bp"]
