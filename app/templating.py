"""Jinja filters and globals shared by every template (each domain registers its own: progress/templating.py)."""
from flask import current_app
from flask_login import current_user

from .formatting import utcnow, local_today, vn_date, vn_datetime, vn_time, vn_number
from .forms import unit_options
from .permissions import can


def register_templating(app) -> None:
    app.jinja_env.filters["vn_date"] = vn_date
    app.jinja_env.filters["vn_datetime"] = vn_datetime
    app.jinja_env.filters["vn_time"] = vn_time
    app.jinja_env.filters["vn_number"] = vn_number
    app.jinja_env.filters["unit_options"] = unit_options
    app.jinja_env.globals["can"] = lambda action, obj=None: can(current_user, action, obj)
    app.jinja_env.globals["local_today"] = local_today
    app.jinja_env.globals["now_time"] = lambda: vn_time(utcnow())
    # (period, stats) -> a column of the comparison chart: caption, percent done, "done/total"
    app.jinja_env.filters["compare_point"] = lambda pair: (
        pair[0].kind_label, pair[1].total.percent_done, f"{pair[1].total.done}/{pair[1].total.total}")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def organisation():
        return {"org_name": current_app.config["ORG_NAME"], "governing_body": current_app.config["GOVERNING_BODY"]}
