"""Targets (chỉ tiêu) of an area in the editor."""
from flask import render_template, request
from flask_login import current_user, login_required

from ...extensions import db
from ...forms import edit_form, version_of
from ...htmx import fragment, submit_form
from ...org.queries import LEADERSHIP, unit_choices
from ...permissions import authorize
from .. import services
from ..forms import TargetForm
from ..models import Target
from .common import CHANGED, bp, changed, editor_url
from .areas import _editable_area


def _visible_target(target_id: int) -> Target:
    target = db.get_or_404(Target, target_id)
    authorize("plan.view", target.area.plan)
    return target


def _editable_target(target_id: int) -> Target:
    target = db.get_or_404(Target, target_id)
    authorize("plan.edit", target.area.plan)
    return target


def _form_context(area, target=None) -> dict:
    units = unit_choices(target.responsible_unit if target else None, exclude_kinds=LEADERSHIP)
    return {"area": area, "plan": area.plan, "target": target, "units": units}


def _targets_fragment(area):
    return fragment("plans/_targets.html", trigger=CHANGED, area=area, plan=area.plan)


@bp.get("/areas/<int:area_id>/targets/new")
@login_required
def new_target(area_id):
    area = _editable_area(area_id)
    form = TargetForm(formdata=None, data={"responsible_unit_id": area.focal_unit_id})
    return render_template("plans/_target_form.html", form=form, messages=[], **_form_context(area))


@bp.post("/areas/<int:area_id>/targets")
@login_required
def add_target(area_id):
    area = _editable_area(area_id)
    form = TargetForm()
    return submit_form(
        form, lambda: services.add_target(current_user, area, form.to_data()),
        template="plans/_target_form.html", context=_form_context(area), fallback=editor_url(area.plan),
        done=lambda target: fragment("plans/_target_added.html", target=target, plan=area.plan, trigger=CHANGED))


@bp.get("/targets/<int:target_id>")
@login_required
def target(target_id):
    target = _visible_target(target_id)
    return render_template("plans/_target.html", target=target, plan=target.area.plan)


@bp.route("/targets/<int:target_id>/edit", methods=["GET", "POST"])
@login_required
def edit_target(target_id):
    target = _editable_target(target_id)
    form = edit_form(TargetForm, target)
    plan = target.area.plan
    return submit_form(
        form, lambda: services.update_target(current_user, target, form.to_data(), version_of(form)),
        template="plans/_target_form.html", context=_form_context(target.area, target), fallback=editor_url(plan),
        done=lambda _: fragment("plans/_target.html", target=target, plan=plan, trigger=CHANGED))


@bp.post("/targets/<int:target_id>/move")
@login_required
def move_target(target_id):
    target = _editable_target(target_id)
    area = target.area
    services.move_target(current_user, target, request.form.get("direction", ""))
    return changed(area.plan, lambda: _targets_fragment(area))


@bp.post("/targets/<int:target_id>/delete")
@login_required
def delete_target(target_id):
    target = _editable_target(target_id)
    area = target.area
    services.delete_target(current_user, target)
    return changed(area.plan, lambda: _targets_fragment(area))
