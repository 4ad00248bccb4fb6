"""Demo department: units, one user per role, and real plans (see data.py), with the reporting of the
year so far: its dates follow the day it is loaded (dates.py, progress.py).

Loaded through the same service functions the pages use, so the demo also
has its audit trail.
"""
from datetime import date

from sqlalchemy import func, select

from ..extensions import db
from ..formatting import local_today
from ..org import services as org
from ..org.models import User
from ..plans import services as plans
from ..plans.models import Plan
from . import data
from .dates import demo_plans
from .index_framework import load_demo_index_framework
from .index_links import load_demo_index_scoring
from .index_scores import load_demo_index_history
from .progress import load_demo_progress
from .reports import load_demo_reports


def database_is_empty() -> bool:
    return not db.session.scalar(select(func.count(User.id)))


def load_demo(today: date | None = None) -> dict:
    """Create the demo department as of ``today`` (default: today in Asia/Ho_Chi_Minh).
    Returns {"users": [...], "plans": [...], "reporting": {"periods": [...], "states": {...}, "drafts": [...]}}."""
    today = today or local_today()
    units = {}
    for spec in data.UNITS:
        units[spec["short_name"]] = org.create_unit(None, **spec)

    users = []
    for spec in data.USERS:
        spec = dict(spec)
        unit = units[spec.pop("unit")]
        users.append(org.create_user(None, unit=unit, password=data.DEMO_PASSWORD,
                                     must_change_password=False, **spec))
    actor = next(u for u in users if u.username == data.PLAN_AUTHOR)

    created = {}
    for spec in demo_plans(today):
        parent = created.get(spec.get("parent"))
        plan = plans.create_plan(actor, plans.PlanData(
            kind=spec["kind"], title=spec["title"], number="",
            issued_on=None, year=spec.get("year"), start_year=spec.get("start_year"),
            end_year=spec.get("end_year"), basis="\n".join(spec.get("basis", [])),
            parent_id=parent.id if parent else None,
        ))
        for area_spec in spec["areas"]:
            area = plans.add_area(actor, plan, area_spec["name"],
                                  units[area_spec["focal"]].id if area_spec.get("focal") else None,
                                  area_spec.get("standard_code"))
            targets = []
            for t in area_spec.get("targets", []):
                targets.append(plans.add_target(actor, area, plans.TargetData(
                    text=t["text"], metric_kind=t.get("metric_kind"), comparator=t.get("comparator"),
                    target_value=t.get("target_value"), unit_of_measure=t.get("unit_of_measure", ""),
                    baseline=t.get("baseline"),
                    responsible_unit_id=units[t["responsible"]].id if t.get("responsible") else None,
                )))
            for t in area_spec.get("tasks", []):
                plans.add_task(actor, area, plans.TaskData(
                    code=t.get("code", ""), title=t["title"], detail=t.get("detail", ""),
                    items=list(t.get("items", [])), lead_unit_id=units[t["lead"]].id,
                    cooperating_unit_ids=[units[c].id for c in t.get("coop", [])],
                    deadline=t.get("deadline"), recurring=t.get("deadline") is None,
                    output=t.get("output", ""), target_ids=[targets[i].id for i in t.get("targets", [])],
                ))
        if spec["status"] in ("issued", "closed"):
            plan = db.session.get(Plan, plan.id)
            plans.issue_plan(actor, plan, spec["number"], spec["issued_on"])
        if spec["status"] == "closed":
            plans.close_plan(actor, plan)
        created[spec["key"]] = plan
    db.session.flush()
    reporting = load_demo_progress(users, db.session.get(Plan, created[data.REPORTING_PLAN].id), units, today)
    reporting["drafts"] = load_demo_reports(users, reporting["periods"], today)  # signed by the deputy director
    load_demo_index_framework(actor, units, today)  # the example frameworks of 2025 and 2026
    index = load_demo_index_scoring(users, today=today)  # after the year's framework and the approved evidence
    index["history"] = load_demo_index_history(users)  # 2025 through every round, closed: the trend's year before
    return {"users": users, "plans": list(created.values()), "reporting": reporting, "index": index}


def demo_logins() -> list[tuple[str, str, str, str]]:
    """(username, password, roles, unit) of demo accounts that still have the demo password."""
    rows = []
    for spec in data.USERS:
        user = db.session.scalar(select(User).where(User.username == spec["username"]))
        if user is not None and user.active and user.check_password(data.DEMO_PASSWORD):
            rows.append((user.username, data.DEMO_PASSWORD, ", ".join(user.role_labels), user.unit.name))
    return rows


