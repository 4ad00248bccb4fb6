"""The progress blueprint, in its own module so that the route modules import it without importing
the package that imports them (no package <-> module cycle)."""
from flask import Blueprint

bp = Blueprint("progress", __name__)
