"""Areas (nội dung / lĩnh vực) of a plan in the editor."""
from flask import render_template, request
from flask_login import current_user, login_required

from ...extensions import db
from ...forms import edit_form, version_of
from ...htmx import flash_and_redirect, fragment, is_htmx, run_action, submit_form
from ...org.queries import LEADERSHIP, unit_choices
from ...permissions import authorize
from .. import queries, services
from ..forms import AreaForm
from ..models import Area
from .common import CHANGED, bp, changed, editor_url
from .plans import _editable_plan, editor_context, plan_tree_or_404


def _visible_area(area_id: int) -> Area:
    area = db.get_or_404(Area, area_id)
    authorize("plan.view", area.plan)
    return area


def _editable_area(area_id: int) -> Area:
    area = db.get_or_404(Area, area_id)
    authorize("plan.edit", area.plan)
    return area


def areas_fragment(plan, status=200, retarget=None, reswap=None, **extra):
    """The whole tree of areas (after adding, moving or deleting one)."""
    plan = plan_tree_or_404(plan.id)
    return fragment("plans/_areas.html", status=status, trigger=CHANGED, retarget=retarget, reswap=reswap,
                    area_form=AreaForm(formdata=None),
                    area_suggestions=queries.area_suggestions(plan), oob_new_area=True, **editor_context(plan),
                    **extra)


@bp.post("/plans/<int:plan_id>/areas")
@login_required
def add_area(plan_id):
    plan = _editable_plan(plan_id)
    form = AreaForm()
    return submit_form(
        form, lambda: services.add_area(current_user, plan, form.name.data, form.focal_unit_id.data),
        template="plans/_area_new.html", form_name="area_form", retarget="#area-new", reswap="outerHTML",
        context={"plan": plan, "units": unit_choices(exclude_kinds=LEADERSHIP),
                 "area_suggestions": queries.area_suggestions(plan)},
        fallback=editor_url(plan), done=lambda _: areas_fragment(plan))


@bp.get("/areas/<int:area_id>")
@login_required
def area(area_id):
    area = _visible_area(area_id)
    return render_template("plans/_area_head.html", area=area, plan=area.plan)


@bp.route("/areas/<int:area_id>/edit", methods=["GET", "POST"])
@login_required
def edit_area(area_id):
    area = _editable_area(area_id)
    form = edit_form(AreaForm, area)
    return submit_form(
        form, lambda: services.update_area(current_user, area, form.name.data, form.focal_unit_id.data,
                                           version_of(form)),
        template="plans/_area_head_form.html",
        context={"area": area, "units": unit_choices(area.focal_unit, exclude_kinds=LEADERSHIP)},
        fallback=editor_url(area.plan),
        done=lambda _: fragment("plans/_area_head.html", area=area, plan=area.plan, trigger=CHANGED))


@bp.post("/areas/<int:area_id>/move")
@login_required
def move_area(area_id):
    area = _editable_area(area_id)
    services.move_area(current_user, area, request.form.get("direction", ""))
    return changed(area.plan, lambda: areas_fragment(area.plan))


@bp.post("/areas/<int:area_id>/delete")
@login_required
def delete_area(area_id):
    area = _editable_area(area_id)
    plan = area.plan

    def refused(message):
        if not is_htmx():
            return flash_and_redirect(message, editor_url(plan))
        return areas_fragment(plan, status=422, area_errors={area_id: message})

    return run_action(lambda: services.delete_area(current_user, area), refused=refused,
                      done=lambda: changed(plan, lambda: areas_fragment(plan)))
