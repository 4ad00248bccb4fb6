"""Plans: the list, the read view, and the one-page editor of areas, targets and tasks.

Editor requests come from htmx and get fragments back; every mutation answers
with the updated fragment and fires ``plan-changed`` so the counters refresh.
Validation errors come back as the same form fragment with status 422.
"""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from .. import audit
from ..errors import DomainError, attach_errors
from ..extensions import db
from ..forms import choices
from ..htmx import fragment, is_htmx
from ..org.services import active_units
from ..permissions import authorize, plan_visibility_filter, requires
from . import services
from .forms import AreaForm, IssueForm, NewPlanForm, PlanForm, TargetForm, TaskForm, version_of
from .models import COMMON_EXTRA_AREAS, PLAN_KINDS, PLAN_STATUSES, STANDARD_AREAS, Area, Plan, Target, Task

bp = Blueprint("plans", __name__)
CHANGED = "plan-changed"
HISTORY_PAGE_SIZE = 50


def _get_or_404(model, object_id):
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj


def _redirect_to_editor(plan):
    return redirect(url_for("plans.editor", plan_id=plan.id))


def _unit_choices(current=None, exclude_leadership=True):
    """Active units (and the one already chosen, even if no longer active)."""
    units = active_units(exclude_kinds=("lanh_dao",) if exclude_leadership else ())
    if current is not None and current not in units:
        units = [*units, current]
    return units


# -- list, create, read ---------------------------------------------------------------

@bp.get("/plans")
@login_required
def list_plans():
    status = request.args.get("status", "")
    kind = request.args.get("kind", "")
    task_count = (
        select(func.count(Task.id)).where(Task.plan_id == Plan.id, Task.archived_at.is_(None))
        .correlate(Plan).scalar_subquery()
    )
    query = select(Plan, task_count).where(plan_visibility_filter(current_user))
    if status in PLAN_STATUSES:
        query = query.where(Plan.status == status)
    if kind in PLAN_KINDS:
        query = query.where(Plan.kind == kind)
    query = query.order_by(func.coalesce(Plan.year, Plan.end_year).desc(), Plan.issued_on.desc(), Plan.id.desc())
    rows = db.session.execute(query.options(selectinload(Plan.parent))).all()
    template = "plans/_plan_rows.html" if is_htmx() else "plans/list.html"
    return render_template(template, rows=rows, status=status, kind=kind,
                           statuses=PLAN_STATUSES, kinds=PLAN_KINDS)


@bp.route("/plans/new", methods=["GET", "POST"])
@requires("plan.create")
def new_plan():
    form = NewPlanForm()
    form.parent_id.choices = choices([("", "— Không —")] + [(p.id, f"{p.reference} – {p.title}")
                                                              for p in services.programmes()])
    messages = []
    if form.validate_on_submit():
        try:
            plan = services.create_plan(current_user, form.to_data(), form.standard_areas.data,
                                        form.extra_areas.data)
        except DomainError as exc:
            db.session.rollback()
            messages = attach_errors(form, exc)
        else:
            flash("Đã tạo kế hoạch dự thảo. Hãy thêm chỉ tiêu và nhiệm vụ cho từng nội dung.", "success")
            return _redirect_to_editor(plan)
    status = 422 if request.method == "POST" else 200
    return render_template("plans/new.html", form=form, messages=messages), status


def _load_tree(plan_id: int) -> Plan:
    plan = db.session.scalar(
        select(Plan).where(Plan.id == plan_id).options(
            selectinload(Plan.areas).selectinload(Area.targets).selectinload(Target.responsible_unit),
            selectinload(Plan.areas).selectinload(Area.focal_unit),
            selectinload(Plan.areas).selectinload(Area.tasks).options(
                selectinload(Task.lead_unit), selectinload(Task.cooperating_units),
                selectinload(Task.items), selectinload(Task.targets),
            ),
        )
    )
    if plan is None:
        abort(404)
    return plan


@bp.get("/plans/<int:plan_id>")
@login_required
def view_plan(plan_id):
    plan = _load_tree(plan_id)
    authorize("plan.view", plan)
    return render_template("plans/view.html", plan=plan, counts=services.plan_counts(plan))


@bp.get("/plans/<int:plan_id>/history")
@login_required
def plan_history(plan_id):
    plan = _get_or_404(Plan, plan_id)
    authorize("plan.view", plan)
    page = max(request.args.get("page", 1, type=int), 1)
    entries = audit.plan_history(plan.id, HISTORY_PAGE_SIZE + 1, (page - 1) * HISTORY_PAGE_SIZE)
    has_more = len(entries) > HISTORY_PAGE_SIZE
    return render_template("plans/history.html", plan=plan, entries=entries[:HISTORY_PAGE_SIZE],
                           page=page, has_more=has_more, labels_for=audit.labels_for)


# -- editor ---------------------------------------------------------------------------

def _editor_context(plan):
    units = _unit_choices()
    return {"plan": plan, "units": units, "counts": services.plan_counts(plan)}


@bp.get("/plans/<int:plan_id>/edit")
@login_required
def editor(plan_id):
    plan = _load_tree(plan_id)
    authorize("plan.edit", plan)
    issue_form = IssueForm(formdata=None, data={"number": plan.number, "issued_on": plan.issued_on})
    return render_template("plans/editor.html", issue_form=issue_form,
                           area_form=_new_area_form(), area_suggestions=_area_suggestions(plan),
                           **_editor_context(plan))


@bp.get("/plans/<int:plan_id>/summary")
@login_required
def plan_summary(plan_id):
    plan = _get_or_404(Plan, plan_id)
    authorize("plan.view", plan)
    return render_template("plans/_summary.html", plan=plan, counts=services.plan_counts(plan))


def _plan_form(plan, formdata=None):
    form = PlanForm(formdata=formdata, obj=plan) if formdata is not None else PlanForm(formdata=None, obj=plan)
    form.parent_id.choices = choices([("", "— Không —")] + [
        (p.id, f"{p.reference} – {p.title}") for p in services.programmes(exclude_id=plan.id)
    ])
    if formdata is None:
        form.version.data = plan.version
    return form


@bp.route("/plans/<int:plan_id>/meta", methods=["GET", "POST"])
@login_required
def plan_meta(plan_id):
    plan = _get_or_404(Plan, plan_id)
    if request.method == "GET" and request.args.get("edit") is None:
        authorize("plan.view", plan)
        return render_template("plans/_meta.html", plan=plan)
    authorize("plan.edit", plan)
    if request.method == "GET":
        return render_template("plans/_meta_form.html", plan=plan, form=_plan_form(plan), messages=[])
    form = _plan_form(plan, request.form)
    messages = []
    if form.validate():
        try:
            services.update_plan(current_user, plan, form.to_data(), version_of(form))
        except DomainError as exc:
            db.session.rollback()
            messages = attach_errors(form, exc)
        else:
            if not is_htmx():
                return _redirect_to_editor(plan)
            return fragment("plans/_meta.html", plan=plan, trigger=CHANGED)
    return fragment("plans/_meta_form.html", status=422, plan=plan, form=form, messages=messages)


@bp.post("/plans/<int:plan_id>/issue")
@login_required
def issue_plan(plan_id):
    plan = _load_tree(plan_id)
    authorize("plan.issue", plan)
    form = IssueForm()
    messages = []
    if form.validate():
        try:
            services.issue_plan(current_user, plan, form.number.data or "", form.issued_on.data)
        except DomainError as exc:
            db.session.rollback()
            messages = attach_errors(form, exc)
        else:
            flash(f"Đã ban hành {plan.reference}. Các đơn vị đã thấy nhiệm vụ của mình.", "success")
            target = url_for("plans.view_plan", plan_id=plan.id)
            if is_htmx():
                response = fragment("plans/_issue_form.html", plan=plan, issue_form=form, messages=[])
                response.headers["HX-Redirect"] = target
                return response
            return redirect(target)
    return fragment("plans/_issue_form.html", status=422, plan=plan, issue_form=form, messages=messages)


@bp.post("/plans/<int:plan_id>/close")
@login_required
def close_plan(plan_id):
    plan = _get_or_404(Plan, plan_id)
    authorize("plan.close", plan)
    try:
        services.close_plan(current_user, plan)
    except DomainError as exc:
        flash(exc.message, "error")
    else:
        flash(f"Đã kết thúc {plan.reference}.", "success")
    return redirect(url_for("plans.view_plan", plan_id=plan.id))


@bp.post("/plans/<int:plan_id>/delete")
@login_required
def delete_plan(plan_id):
    plan = _get_or_404(Plan, plan_id)
    authorize("plan.delete", plan)
    title = plan.title
    try:
        services.delete_plan(current_user, plan)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("plans.view_plan", plan_id=plan.id))
    flash(f"Đã xóa kế hoạch dự thảo “{title}”.", "success")
    return redirect(url_for("plans.list_plans"))


# -- areas ------------------------------------------------------------------------------

def _new_area_form():
    return AreaForm(formdata=None)


def _area_suggestions(plan):
    used = {a.name.lower() for a in plan.areas}
    names = [*STANDARD_AREAS.values(), *COMMON_EXTRA_AREAS]
    return [n for n in names if n.lower() not in used]


def _areas_fragment(plan, status=200, **extra):
    plan = _load_tree(plan.id)
    return fragment("plans/_areas.html", status=status, trigger=CHANGED, area_form=_new_area_form(),
                    area_suggestions=_area_suggestions(plan), oob_new_area=True, **_editor_context(plan), **extra)


def _editable_area(area_id):
    area = _get_or_404(Area, area_id)
    authorize("plan.edit", area.plan)
    return area


@bp.post("/plans/<int:plan_id>/areas")
@login_required
def add_area(plan_id):
    plan = _get_or_404(Plan, plan_id)
    authorize("plan.edit", plan)
    form = AreaForm()
    messages = []
    if form.validate():
        try:
            services.add_area(current_user, plan, form.name.data, form.focal_unit_id.data)
        except DomainError as exc:
            db.session.rollback()
            messages = attach_errors(form, exc)
        else:
            if not is_htmx():
                return _redirect_to_editor(plan)
            return _areas_fragment(plan)
    return fragment("plans/_area_new.html", status=422, retarget="#area-new", reswap="outerHTML",
                    plan=plan, area_form=form, units=_unit_choices(), area_suggestions=_area_suggestions(plan),
                    messages=messages)


@bp.route("/areas/<int:area_id>", methods=["GET", "POST"])
@login_required
def area(area_id):
    area = _get_or_404(Area, area_id)
    if request.method == "GET" and request.args.get("edit") is None:
        authorize("plan.view", area.plan)
        return render_template("plans/_area_head.html", area=area, plan=area.plan)
    authorize("plan.edit", area.plan)
    units = _unit_choices(area.focal_unit)
    if request.method == "GET":
        form = AreaForm(formdata=None, obj=area)
        form.version.data = area.version
        return render_template("plans/_area_head_form.html", area=area, form=form, units=units, messages=[])
    form = AreaForm()
    messages = []
    if form.validate():
        try:
            services.update_area(current_user, area, form.name.data, form.focal_unit_id.data, version_of(form))
        except DomainError as exc:
            db.session.rollback()
            messages = attach_errors(form, exc)
        else:
            if not is_htmx():
                return _redirect_to_editor(area.plan)
            return fragment("plans/_area_head.html", area=area, plan=area.plan, trigger=CHANGED)
    return fragment("plans/_area_head_form.html", status=422, area=area, form=form, units=units, messages=messages)


@bp.post("/areas/<int:area_id>/move")
@login_required
def move_area(area_id):
    area = _editable_area(area_id)
    services.move_area(current_user, area, request.form.get("direction", ""))
    if not is_htmx():
        return _redirect_to_editor(area.plan)
    return _areas_fragment(area.plan)


@bp.post("/areas/<int:area_id>/delete")
@login_required
def delete_area(area_id):
    area = _editable_area(area_id)
    plan = area.plan
    try:
        services.delete_area(current_user, area)
    except DomainError as exc:
        db.session.rollback()
        if not is_htmx():
            flash(exc.message, "error")
            return _redirect_to_editor(plan)
        return _areas_fragment(plan, status=422, area_errors={area_id: exc.message})
    if not is_htmx():
        return _redirect_to_editor(plan)
    return _areas_fragment(plan)


# -- targets --------------------------------------------------------------------------

def _target_form_context(area, form, target=None, messages=()):
    current = target.responsible_unit if target else None
    return {"area": area, "plan": area.plan, "form": form, "target": target,
            "units": _unit_choices(current), "messages": list(messages)}


@bp.get("/areas/<int:area_id>/targets/new")
@login_required
def new_target(area_id):
    area = _editable_area(area_id)
    form = TargetForm(formdata=None, data={"responsible_unit_id": area.focal_unit_id})
    return render_template("plans/_target_form.html", **_target_form_context(area, form))


@bp.post("/areas/<int:area_id>/targets")
@login_required
def add_target(area_id):
    area = _editable_area(area_id)
    form = TargetForm()
    messages = []
    if form.validate():
        try:
            target = services.add_target(current_user, area, form.to_data())
        except DomainError as exc:
            db.session.rollback()
            messages = attach_errors(form, exc)
        else:
            if not is_htmx():
                return _redirect_to_editor(area.plan)
            return fragment("plans/_target_added.html", target=target, plan=area.plan, trigger=CHANGED)
    return fragment("plans/_target_form.html", status=422, **_target_form_context(area, form, None, messages))


@bp.route("/targets/<int:target_id>", methods=["GET", "POST"])
@login_required
def target(target_id):
    target = _get_or_404(Target, target_id)
    plan = target.area.plan
    if request.method == "GET" and request.args.get("edit") is None:
        authorize("plan.view", plan)
        return render_template("plans/_target.html", target=target, plan=plan)
    authorize("plan.edit", plan)
    if request.method == "GET":
        form = TargetForm(formdata=None, obj=target)
        form.version.data = target.version
        return render_template("plans/_target_form.html", **_target_form_context(target.area, form, target))
    form = TargetForm()
    messages = []
    if form.validate():
        try:
            services.update_target(current_user, target, form.to_data(), version_of(form))
        except DomainError as exc:
            db.session.rollback()
            messages = attach_errors(form, exc)
        else:
            if not is_htmx():
                return _redirect_to_editor(plan)
            return fragment("plans/_target.html", target=target, plan=plan, trigger=CHANGED)
    return fragment("plans/_target_form.html", status=422,
                    **_target_form_context(target.area, form, target, messages))


def _targets_fragment(area, status=200, **extra):
    return fragment("plans/_targets.html", status=status, trigger=CHANGED, area=area, plan=area.plan, **extra)


@bp.post("/targets/<int:target_id>/move")
@login_required
def move_target(target_id):
    target = _get_or_404(Target, target_id)
    authorize("plan.edit", target.area.plan)
    area = target.area
    services.move_target(current_user, target, request.form.get("direction", ""))
    if not is_htmx():
        return _redirect_to_editor(area.plan)
    return _targets_fragment(area)


@bp.post("/targets/<int:target_id>/delete")
@login_required
def delete_target(target_id):
    target = _get_or_404(Target, target_id)
    authorize("plan.edit", target.area.plan)
    area = target.area
    services.delete_target(current_user, target)
    if not is_htmx():
        return _redirect_to_editor(area.plan)
    return _targets_fragment(area)


# -- tasks -----------------------------------------------------------------------------

def _task_form_context(area, form, task=None, messages=()):
    plan = area.plan
    lead = task.lead_unit if task else None
    units = _unit_choices(lead)
    for unit in (task.cooperating_units if task else []):
        if unit not in units:
            units.append(unit)
    form.lead_unit_id.choices = choices([("", "— Chưa chọn —")] + [(u.id, u.name) for u in units])
    form.area_id.choices = choices((a.id, f"{a.number}. {a.name}") for a in plan.areas)
    form.cooperating_unit_ids.choices = choices((u.id, u.name) for u in units)
    form.target_ids.choices = choices((t.id, f"{t.code} – {t.text}") for a in plan.areas for t in a.targets)
    return {"area": area, "plan": plan, "form": form, "task": task, "units": units, "messages": list(messages)}


def _add_task_rule_errors(form, plan, area_id=None) -> None:
    """The form refused a field: also show what the task rules say about the other fields,
    so a person sees every message at once (e.g. no title and no deadline)."""
    data = form.to_data()
    data.area_id = area_id
    for name, message in services.validate_task(data, plan).items():
        field = getattr(form, name, None)
        if field is not None and not field.errors:
            field.errors = [message]


@bp.get("/areas/<int:area_id>/tasks/new")
@login_required
def new_task(area_id):
    area = _editable_area(area_id)
    form = TaskForm(formdata=None, data={"code": services.next_task_code(area), "area_id": area.id})
    return render_template("plans/_task_form.html", **_task_form_context(area, form))


@bp.post("/areas/<int:area_id>/tasks")
@login_required
def add_task(area_id):
    area = _editable_area(area_id)
    form = TaskForm()
    context = _task_form_context(area, form)
    messages = []
    if form.validate():
        data = form.to_data()
        data.area_id = None
        try:
            task = services.add_task(current_user, area, data)
        except DomainError as exc:
            db.session.rollback()
            messages = attach_errors(form, exc)
        else:
            if not is_htmx():
                return _redirect_to_editor(area.plan)
            return fragment("plans/_task_added.html", task=task, plan=area.plan, trigger=CHANGED)
    else:
        _add_task_rule_errors(form, area.plan)
    context["messages"] = messages
    return fragment("plans/_task_form.html", status=422, **context)


@bp.get("/tasks/<int:task_id>")
@login_required
def view_task(task_id):
    task = _get_or_404(Task, task_id)
    authorize("plan.view", task.plan)
    return render_template("plans/task.html", task=task, plan=task.plan,
                           history=audit.history("task", task.id), labels=Task.AUDIT_FIELDS,
                           has_progress=services.task_has_progress(task))


@bp.route("/tasks/<int:task_id>/row", methods=["GET"])
@login_required
def task_row(task_id):
    task = _get_or_404(Task, task_id)
    authorize("plan.view", task.plan)
    return render_template("plans/_task.html", task=task, plan=task.plan)


@bp.route("/tasks/<int:task_id>/edit", methods=["GET", "POST"])
@login_required
def edit_task(task_id):
    task = _get_or_404(Task, task_id)
    plan = task.plan
    authorize("plan.edit", plan)
    if request.method == "GET":
        form = TaskForm(formdata=None, obj=task, data={})
        form.items.data = task.item_lines
        form.cooperating_unit_ids.data = [u.id for u in task.cooperating_units]
        form.target_ids.data = [t.id for t in task.targets]
        form.version.data = task.version
        return render_template("plans/_task_form.html", **_task_form_context(task.area, form, task))
    form = TaskForm()
    context = _task_form_context(task.area, form, task)
    messages = []
    if form.validate():
        old_area_id = task.area_id
        try:
            services.update_task(current_user, task, form.to_data(), version_of(form))
        except DomainError as exc:
            db.session.rollback()
            messages = attach_errors(form, exc)
        else:
            if not is_htmx():
                return _redirect_to_editor(plan)
            if task.area_id != old_area_id:  # moved to another area: redraw the tree
                response = _areas_fragment(plan)
                response.headers["HX-Retarget"] = "#areas"
                response.headers["HX-Reswap"] = "innerHTML"
                return response
            return fragment("plans/_task.html", task=task, plan=plan, trigger=CHANGED)
    else:
        _add_task_rule_errors(form, plan, form.area_id.data)
    context["messages"] = messages
    return fragment("plans/_task_form.html", status=422, **context)


def _tasks_fragment(area, status=200, **extra):
    return fragment("plans/_tasks.html", status=status, trigger=CHANGED, area=area, plan=area.plan, **extra)


def _editable_task(task_id):
    task = _get_or_404(Task, task_id)
    authorize("plan.edit", task.plan)
    return task


@bp.post("/tasks/<int:task_id>/move")
@login_required
def move_task(task_id):
    task = _editable_task(task_id)
    area = task.area
    services.move_task(current_user, task, request.form.get("direction", ""))
    if not is_htmx():
        return _redirect_to_editor(area.plan)
    return _tasks_fragment(area)


@bp.post("/tasks/<int:task_id>/delete")
@login_required
def delete_task(task_id):
    task = _editable_task(task_id)
    area = task.area
    try:
        services.delete_task(current_user, task)
    except DomainError as exc:
        db.session.rollback()
        if not is_htmx():
            flash(exc.message, "error")
            return _redirect_to_editor(area.plan)
        return _tasks_fragment(area, status=422, task_errors={task_id: exc.message})
    if not is_htmx():
        return _redirect_to_editor(area.plan)
    return _tasks_fragment(area)


@bp.post("/tasks/<int:task_id>/archive")
@login_required
def archive_task(task_id):
    task = _editable_task(task_id)
    if request.form.get("restore"):
        services.restore_task(current_user, task)
    else:
        services.archive_task(current_user, task)
    if not is_htmx():
        return _redirect_to_editor(task.plan)
    return fragment("plans/_task.html", task=task, plan=task.plan, trigger=CHANGED)
