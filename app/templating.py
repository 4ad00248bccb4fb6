"""Jinja filters and globals shared by every template."""
from flask import current_app
from flask_login import current_user

from .formatting import utcnow, local_today, vn_date, vn_datetime, vn_time, vn_number
from .forms import unit_options
from .permissions import can
from .progress.checklist import open_task_count as unit_open_task_count
from .progress.period_rules import entry_outcome


def register_templating(app) -> None:
    app.jinja_env.filters["vn_date"] = vn_date
    app.jinja_env.filters["vn_datetime"] = vn_datetime
    app.jinja_env.filters["vn_time"] = vn_time
    app.jinja_env.filters["vn_number"] = vn_number
    app.jinja_env.filters["unit_options"] = unit_options
    app.jinja_env.globals["can"] = lambda action, obj=None: can(current_user, action, obj)
    app.jinja_env.globals["local_today"] = local_today
    app.jinja_env.globals["entry_outcome"] = entry_outcome
    app.jinja_env.globals["now_time"] = lambda: vn_time(utcnow())
    # (period, stats) -> a column of the comparison chart: caption, percent done, "done/total"
    app.jinja_env.filters["compare_point"] = lambda pair: (
        pair[0].kind_label, pair[1].total.percent_done, f"{pair[1].total.done}/{pair[1].total.total}")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def navigation():
        def open_task_count():
            # Computed only when the layout asks for it (one COUNT query).
            if not current_user.is_authenticated:
                return 0
            return unit_open_task_count(current_user.unit_id)

        def unread_notifications():
            # The bell's count (one COUNT query), only when the layout asks for it.
            from .progress.notifications import unread_count

            return unread_count(current_user)

        return {
            "open_task_count": open_task_count,
            "unread_notifications": unread_notifications,
            "org_name": current_app.config["ORG_NAME"],
            "governing_body": current_app.config["GOVERNING_BODY"],
        }
