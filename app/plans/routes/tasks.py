"""Tasks (nhiệm vụ): the task page, and the task rows of the editor."""
from flask import render_template, request
from flask_login import current_user, login_required

from ... import audit
from ...extensions import db
from ...forms import choices, edit_form, unit_options, version_of
from ...htmx import flash_and_redirect, fragment, is_htmx, run_action, submit_form
from ...org.queries import LEADERSHIP, unit_choices
from ...permissions import authorize
from .. import queries, services
from ..forms import TaskForm
from ..models import Task
from .common import CHANGED, bp, changed, editor_url
from .areas import _editable_area, areas_fragment


def _visible_task(task_id: int) -> Task:
    task = db.get_or_404(Task, task_id)
    authorize("plan.view", task.plan)
    return task


def _editable_task(task_id: int) -> Task:
    task = db.get_or_404(Task, task_id)
    authorize("plan.edit", task.plan)
    return task


def _form_context(area, form, task=None) -> dict:
    """What the task form shows; also sets the form's choices (before it validates)."""
    plan = area.plan
    units = unit_choices(*([task.lead_unit, *task.cooperating_units] if task else []), exclude_kinds=LEADERSHIP)
    form.lead_unit_id.choices = choices([("", "— Chưa chọn —")] + [(u.id, u.name) for u in units])
    form.area_id.choices = choices((a.id, f"{a.number}. {a.name}") for a in plan.areas)
    form.cooperating_unit_ids.choices = unit_options(units)
    form.target_ids.choices = choices((t.id, f"{t.code} – {t.text}") for a in plan.areas for t in a.targets)
    form.set_topic_choices(new=task is None)
    return {"area": area, "plan": plan, "task": task, "units": units}


def _rule_errors(form, plan, area_id=None):
    """When the form refused a field, also show what the task rules say about the other
    fields, so a person sees every message at once (e.g. no title and no deadline)."""
    def add():
        data = form.to_data()
        data.area_id = area_id
        for name, message in services.validate_task(data, plan).items():
            field = getattr(form, name, None)
            if field is not None and not field.errors:
                field.errors = [message]
    return add


def _tasks_fragment(area, status=200, **extra):
    return fragment("plans/_tasks.html", status=status, trigger=CHANGED, area=area, plan=area.plan, **extra)


@bp.get("/areas/<int:area_id>/tasks/new")
@login_required
def new_task(area_id):
    area = _editable_area(area_id)
    form = TaskForm(formdata=None, data={"code": services.next_task_code(area), "area_id": area.id})
    return render_template("plans/_task_form.html", form=form, messages=[], **_form_context(area, form))


@bp.post("/areas/<int:area_id>/tasks")
@login_required
def add_task(area_id):
    area = _editable_area(area_id)
    form = TaskForm()
    context = _form_context(area, form)

    def save():
        data = form.to_data()
        data.area_id = None  # a new task goes in the area it was added to
        return services.add_task(current_user, area, data)

    return submit_form(
        form, save, template="plans/_task_form.html", context=context, fallback=editor_url(area.plan),
        on_invalid=_rule_errors(form, area.plan),
        done=lambda task: fragment("plans/_task_added.html", task=task, plan=area.plan, trigger=CHANGED))


@bp.get("/tasks/<int:task_id>")
@login_required
def view_task(task_id):
    task = _visible_task(task_id)
    return render_template("plans/task.html", task=task, plan=task.plan,
                           history=audit.history(task), labels_for=audit.labels_for,
                           has_progress=queries.task_has_progress(task))


@bp.get("/tasks/<int:task_id>/row")
@login_required
def task_row(task_id):
    task = _visible_task(task_id)
    return render_template("plans/_task.html", task=task, plan=task.plan)


@bp.route("/tasks/<int:task_id>/edit", methods=["GET", "POST"])
@login_required
def edit_task(task_id):
    task = _editable_task(task_id)
    plan = task.plan
    form = edit_form(TaskForm, task)
    if request.method == "GET":
        form.items.data = task.item_lines
        form.cooperating_unit_ids.data = [u.id for u in task.cooperating_units]
        form.target_ids.data = [t.id for t in task.targets]
        form.topic.data = task.topic or ""
    context = _form_context(task.area, form, task)
    old_area_id = task.area_id

    def saved(_):
        if task.area_id != old_area_id:  # moved to another area: redraw the tree
            return areas_fragment(plan, retarget="#areas", reswap="innerHTML")
        return fragment("plans/_task.html", task=task, plan=plan, trigger=CHANGED)

    return submit_form(
        form, lambda: services.update_task(current_user, task, form.to_data(), version_of(form)),
        template="plans/_task_form.html", context=context, fallback=editor_url(plan),
        on_invalid=_rule_errors(form, plan, form.area_id.data), done=saved)


@bp.post("/tasks/<int:task_id>/move")
@login_required
def move_task(task_id):
    task = _editable_task(task_id)
    area = task.area
    services.move_task(current_user, task, request.form.get("direction", ""))
    return changed(area.plan, lambda: _tasks_fragment(area))


@bp.post("/tasks/<int:task_id>/delete")
@login_required
def delete_task(task_id):
    task = _editable_task(task_id)
    area = task.area

    def refused(message):
        if not is_htmx():
            return flash_and_redirect(message, editor_url(area.plan))
        return _tasks_fragment(area, status=422, task_errors={task_id: message})

    return run_action(lambda: services.delete_task(current_user, task), refused=refused,
                      done=lambda: changed(area.plan, lambda: _tasks_fragment(area)))


@bp.post("/tasks/<int:task_id>/archive")
@login_required
def archive_task(task_id):
    task = _editable_task(task_id)
    if request.form.get("restore"):
        services.restore_task(current_user, task)
    else:
        services.archive_task(current_user, task)
    return changed(task.plan, lambda: fragment("plans/_task.html", task=task, plan=task.plan, trigger=CHANGED))
