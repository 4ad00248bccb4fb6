"""Jinja filters and globals shared by every template (each domain registers its own: progress/templating.py)."""
from flask import current_app, g, url_for
from werkzeug.urls import _urlencode  # how url_for writes a query string
from flask_login import current_user

from .formatting import utcnow, local_today, vn_date, vn_datetime, vn_time, vn_number
from .forms import unit_options
from .permissions import can


class UrlPattern:
    """One endpoint's URL for many values of one argument, built once: ``url_pattern('plans.view_task',
    'task_id')(7)`` is ``url_for('plans.view_task', task_id=7)``. A long list's rows call it instead of
    url_for (about 7 µs each, 146 a checklist page)."""

    _MARK = "9876543210"

    def __init__(self, endpoint: str, key: str, **values):
        url = url_for(endpoint, **{key: int(self._MARK)}, **values)
        self.head, _, self.tail = url.rpartition(self._MARK)

    def __call__(self, value) -> str:
        return f"{self.head}{value}{self.tail}"


class UrlWithQuery:
    """One endpoint's URL with many query strings, the path built once: ``url_with_query('dashboard.drill_down',
    period=3)(bucket='done')`` is ``url_for('dashboard.drill_down', period=3, bucket='done')`` (the same
    order and encoding, as werkzeug writes them). The dashboard's hundred drill-down links call it."""

    def __init__(self, endpoint: str, **values):
        path, _, query = url_for(endpoint, **values).partition("?")
        self.path, self.query = path, query

    def __call__(self, **args) -> str:
        query = "&".join(part for part in (self.query, _urlencode(args)) if part)
        return f"{self.path}?{query}" if query else self.path


def icon_sprite() -> str:
    """The icons' sprite URL (macros/ui.html icon), built once per request."""
    if "icon_sprite" not in g:
        g.icon_sprite = url_for("static", filename="vendor/lucide/icons.svg")
    return g.icon_sprite


def register_templating(app) -> None:
    app.jinja_env.filters["vn_date"] = vn_date
    app.jinja_env.filters["vn_datetime"] = vn_datetime
    app.jinja_env.filters["vn_time"] = vn_time
    app.jinja_env.filters["vn_number"] = vn_number
    app.jinja_env.filters["unit_options"] = unit_options
    app.jinja_env.globals["can"] = lambda action, obj=None: can(current_user, action, obj)
    app.jinja_env.globals["local_today"] = local_today
    app.jinja_env.globals["url_pattern"] = UrlPattern
    app.jinja_env.globals["url_with_query"] = UrlWithQuery
    app.jinja_env.globals["icon_sprite"] = icon_sprite
    app.jinja_env.globals["now_time"] = lambda: vn_time(utcnow())
    # (period, stats) -> a column of the comparison chart: caption, percent done, "done/total"
    app.jinja_env.filters["compare_point"] = lambda pair: (
        pair[0].kind_label, pair[1].total.percent_done, f"{pair[1].total.done}/{pair[1].total.total}")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def organisation():
        return {"org_name": current_app.config["ORG_NAME"], "governing_body": current_app.config["GOVERNING_BODY"]}
