"""The plan itself: list, create, read, history, the header, issue, close, delete."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ... import audit
from ...extensions import db
from ...forms import arg_int, choices, edit_form, version_of
from ...htmx import flash_and_redirect, fragment, is_htmx, page_or_partial, run_action, submit_form
from ...org.queries import LEADERSHIP, unit_choices
from ...permissions import authorize, requires
from .. import queries, services
from ..forms import AreaForm, IssueForm, NewPlanForm, PlanForm
from ..models import PLAN_KINDS, PLAN_STATUSES, Plan
from .common import CHANGED, bp, editor_url

HISTORY_PAGE_SIZE = 50


def _visible_plan(plan_id: int) -> Plan:
    plan = db.get_or_404(Plan, plan_id)
    authorize("plan.view", plan)
    return plan


def _editable_plan(plan_id: int, action: str = "plan.edit") -> Plan:
    plan = db.get_or_404(Plan, plan_id)
    authorize(action, plan)
    return plan


def plan_tree_or_404(plan_id: int) -> Plan:
    plan = queries.plan_tree(plan_id)
    if plan is None:
        abort(404)
    return plan


def editor_context(plan: Plan) -> dict:
    return {"plan": plan, "units": unit_choices(exclude_kinds=LEADERSHIP), "counts": queries.plan_counts(plan)}


def _programme_choices(exclude_id=None):
    return choices([("", "— Không —")] + [(p.id, f"{p.reference} – {p.title}")
                                          for p in queries.programmes(exclude_id=exclude_id)])


# -- list, create, read ---------------------------------------------------------------

@bp.get("/plans")
@login_required
def list_plans():
    status = request.args.get("status", "")
    kind = request.args.get("kind", "")
    return page_or_partial("plans/list.html", "plans/_plan_rows.html",
                           rows=queries.plan_list(current_user, status, kind), status_filter=status, kind=kind,
                           statuses=PLAN_STATUSES, kinds=PLAN_KINDS)


def _created(plan):
    flash("Đã tạo kế hoạch dự thảo. Hãy thêm chỉ tiêu và nhiệm vụ cho từng nội dung.", "success")
    return redirect(editor_url(plan))


@bp.route("/plans/new", methods=["GET", "POST"])
@requires("plan.create")
def new_plan():
    form = NewPlanForm()
    form.parent_id.choices = _programme_choices()
    return submit_form(
        form, lambda: services.create_plan(current_user, form.to_data(), form.standard_areas.data,
                                           form.extra_areas.data),
        template="plans/new.html", done=_created)


@bp.get("/plans/<int:plan_id>")
@login_required
def view_plan(plan_id):
    plan = plan_tree_or_404(plan_id)
    authorize("plan.view", plan)
    return render_template("plans/view.html", plan=plan, counts=queries.plan_counts(plan))


@bp.get("/plans/<int:plan_id>/history")
@login_required
def plan_history(plan_id):
    plan = _visible_plan(plan_id)
    page = max(arg_int("page", 1), 1)
    entries = audit.plan_history(plan, HISTORY_PAGE_SIZE + 1, (page - 1) * HISTORY_PAGE_SIZE)
    has_more = len(entries) > HISTORY_PAGE_SIZE
    return render_template("plans/history.html", plan=plan, entries=entries[:HISTORY_PAGE_SIZE],
                           page=page, has_more=has_more, labels_for=audit.labels_for)


# -- editor ---------------------------------------------------------------------------

@bp.get("/plans/<int:plan_id>/edit")
@login_required
def editor(plan_id):
    plan = plan_tree_or_404(plan_id)
    authorize("plan.edit", plan)
    issue_form = IssueForm(formdata=None, data={"number": plan.number, "issued_on": plan.issued_on})
    return render_template("plans/editor.html", issue_form=issue_form, area_form=AreaForm(formdata=None),
                           area_suggestions=queries.area_suggestions(plan), **editor_context(plan))


@bp.get("/plans/<int:plan_id>/summary")
@login_required
def plan_summary(plan_id):
    plan = _visible_plan(plan_id)
    return render_template("plans/_summary.html", plan=plan, counts=queries.plan_counts(plan))


# -- the header (title, number, dates): the row, then its form ------------------------------

@bp.get("/plans/<int:plan_id>/meta")
@login_required
def plan_meta(plan_id):
    return render_template("plans/_meta.html", plan=_visible_plan(plan_id))


@bp.route("/plans/<int:plan_id>/meta/edit", methods=["GET", "POST"])
@login_required
def edit_plan_meta(plan_id):
    plan = _editable_plan(plan_id)
    form = edit_form(PlanForm, plan)
    form.parent_id.choices = _programme_choices(exclude_id=plan.id)
    return submit_form(
        form, lambda: services.update_plan(current_user, plan, form.to_data(), version_of(form)),
        template="plans/_meta_form.html", context={"plan": plan}, fallback=editor_url(plan),
        done=lambda _: fragment("plans/_meta.html", plan=plan, trigger=CHANGED))


# -- issue, close, delete ----------------------------------------------------------------

def _issued(plan, form):
    flash(f"Đã ban hành {plan.reference}. Các đơn vị đã thấy nhiệm vụ của mình.", "success")
    target = url_for("plans.view_plan", plan_id=plan.id)
    if is_htmx():
        return fragment("plans/_issue_form.html", plan=plan, issue_form=form, messages=[], redirect=target)
    return redirect(target)


@bp.post("/plans/<int:plan_id>/issue")
@login_required
def issue_plan(plan_id):
    plan = plan_tree_or_404(plan_id)
    authorize("plan.issue", plan)
    form = IssueForm()
    return submit_form(
        form, lambda: services.issue_plan(current_user, plan, form.number.data or "", form.issued_on.data),
        template="plans/_issue_form.html", form_name="issue_form", context={"plan": plan},
        done=lambda _: _issued(plan, form))


@bp.post("/plans/<int:plan_id>/close")
@login_required
def close_plan(plan_id):
    plan = _editable_plan(plan_id, "plan.close")
    back = url_for("plans.view_plan", plan_id=plan.id)

    return run_action(lambda: services.close_plan(current_user, plan),
                      done=lambda: flash_and_redirect(f"Đã kết thúc {plan.reference}.", back, "success"),
                      refused=lambda message: flash_and_redirect(message, back))


@bp.post("/plans/<int:plan_id>/delete")
@login_required
def delete_plan(plan_id):
    plan = _editable_plan(plan_id, "plan.delete")
    title = plan.title

    return run_action(
        lambda: services.delete_plan(current_user, plan),
        done=lambda: flash_and_redirect(f"Đã xóa kế hoạch dự thảo “{title}”.", url_for("plans.list_plans"), "success"),
        refused=lambda message: flash_and_redirect(message, url_for("plans.view_plan", plan_id=plan_id)))
