"""The index pages (/index): the years, a year's framework and its scores, the framework's editing and
its .xlsx template. Thin: load, check the policy, call a service.

One module per entity; they share the blueprint and the loaders in common.py."""
from . import exports, framework, links, scores, trend, years  # noqa: F401  (registers the routes)
from .common import bp

__all__ = ["bp"]
