"""Evidence and tasks linked to criteria: the Office confirms or sets aside a document or a task for a leaf
criterion (on the year's screen), or tags a document or a task with a criterion code from its own side (the
evidence item, the task's page). Thin: load, check the policy, call links.py, answer with the criterion's
fragment (or back to the page)."""
from flask import abort, flash, request, url_for
from flask_login import current_user, login_required

from ...errors import DomainError
from ...extensions import db
from ...htmx import is_htmx, redirect_to
from ...permissions import authorize, can
from ...plans.models import DRAFT, Task
from ...plans.routes.tasks import view_task
from ...progress.models import APPROVED, Evidence
from .. import links as link_service
from ..forms import TagForm
from ..models import CONFIRMED, REJECTED, IndexCriterion
from ..queries import criteria_of, find_year
from .common import bp, load_criterion
from .scores import _criterion_reply, year_page


def _form_int(name: str) -> int | None:
    try:
        return int(request.form.get(name) or 0) or None
    except ValueError:
        return None


@bp.post("/<int:year>/criteria/<int:criterion_id>/links")
@login_required
def decide_link(year, criterion_id):
    """Confirm (``status=confirmed``) or set aside (``rejected``) document ``evidence_id`` for a leaf; or
    confirm the year's document whose số ký hiệu the Office typed (``number``)."""
    criterion = load_criterion(year, criterion_id, "index.link")
    evidence_id, status = _form_int("evidence_id"), request.form.get("status")
    evidence = db.session.get(Evidence, evidence_id) if evidence_id else None
    try:
        if evidence_id is None and "number" in request.form:
            evidence = link_service.evidence_by_number(criterion.index_year, request.form["number"])
        if evidence is None:
            raise DomainError("Không tìm thấy tài liệu kiểm chứng này.")
        if status not in (CONFIRMED, REJECTED):
            raise DomainError("Hãy chọn xác nhận hoặc bỏ qua tài liệu.")
        found = link_service.suggestions(criterion.index_year, criteria_of(criterion.index_year), ())
        reason = next((s.reason for s in found.get(criterion.id, []) if s.evidence.id == evidence.id), "")
        link_service.decide_evidence(current_user, criterion, evidence, status, reason)
    except DomainError as exc:
        db.session.rollback()
        return _criterion_reply(db.session.get(type(criterion), criterion_id), None, exc.messages, status=422)
    if not is_htmx():
        return redirect_to(url_for("assessment.year", year=year) + f"#criterion-{criterion.id}")
    db.session.flush()
    return _criterion_reply(criterion)


@bp.post("/evidence/<int:evidence_id>/tag")
@login_required
def tag_evidence(evidence_id):
    """From an approved entry's evidence: the Office tags the document with a criterion code of its year."""
    evidence = db.get_or_404(Evidence, evidence_id)
    index_year = link_service.index_year_of(evidence)
    authorize("index.link", index_year)
    form = TagForm()
    back = request.referrer if (request.referrer or "").startswith(request.host_url) else None
    try:
        if not form.validate():
            raise DomainError(*[e for errors in form.errors.values() for e in errors])
        link = link_service.tag_evidence(current_user, index_year, evidence, form.code.data)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return year_page(index_year.year), 422
    flash(f"Đã gắn tài liệu {evidence.number or evidence.original_name} với tiêu chí {link.criterion.code}.",
          "success")
    return redirect_to(back or url_for("assessment.year", year=index_year.year) + f"#criterion-{link.criterion_id}")


@bp.app_template_global("index_tag_year")
def index_tag_year(evidence):
    """The index year the signed-in user may tag ``evidence`` for (an approved entry's document, the Office,
    while the year self-scores), or None: the evidence item shows its "Gắn tiêu chí" control then."""
    if evidence.removed_at is not None or evidence.entry.status != APPROVED:
        return None
    index_year = link_service.index_year_of(evidence)
    return index_year if can(current_user, "index.link", index_year) else None


def _criterion_done(criterion):
    if not is_htmx():
        return redirect_to(url_for("assessment.year", year=criterion.index_year.year) + f"#criterion-{criterion.id}")
    db.session.flush()
    return _criterion_reply(criterion)


def _criterion_refused(criterion_id, exc):
    db.session.rollback()
    criterion = db.session.get(IndexCriterion, criterion_id)
    return _criterion_reply(criterion, None, exc.messages, status=422)


@bp.post("/<int:year>/criteria/<int:criterion_id>/tasks")
@login_required
def decide_task(year, criterion_id):
    """Confirm (``status=confirmed``) or set aside (``rejected``) task ``task_id`` for a leaf; or confirm the
    year's task whose code or words the Office typed (``task``)."""
    criterion = load_criterion(year, criterion_id, "index.link")
    task_id, status = _form_int("task_id"), request.form.get("status")
    try:
        if task_id is None and "task" in request.form:
            task = link_service.task_by_text(criterion.index_year, request.form["task"])
            link_service.decide_task(current_user, criterion, task, CONFIRMED, link_service.TASK_TAGGED)
        else:
            task = db.session.get(Task, task_id) if task_id else None
            if status not in (CONFIRMED, REJECTED):
                raise DomainError("Hãy chọn xác nhận hoặc bỏ qua nhiệm vụ.")
            found = link_service.task_suggestions(criterion.index_year, criteria_of(criterion.index_year), ())
            reason = next((s.reason for s in found.get(criterion.id, []) if task and s.task.id == task.id), "")
            link_service.decide_task(current_user, criterion, task, status, reason)
    except DomainError as exc:
        return _criterion_refused(criterion_id, exc)
    return _criterion_done(criterion)


@bp.post("/<int:year>/criteria/<int:criterion_id>/tasks/<int:task_id>/remove")
@login_required
def remove_task(year, criterion_id, task_id):
    """Take a task off a leaf criterion (from the criterion's card)."""
    criterion = load_criterion(year, criterion_id, "index.link")
    try:
        link_service.remove_task(current_user, criterion, db.session.get(Task, task_id))
    except DomainError as exc:
        return _criterion_refused(criterion_id, exc)
    return _criterion_done(criterion)


def _task_year(task_id: int):
    """The task, and the index year of its plan, which the user may link (404 if the plan's year has no
    framework, 403 if the user may not)."""
    task = db.get_or_404(Task, task_id)
    index_year = find_year(task.plan.year) if task.plan.year else None
    if index_year is None:
        abort(404)
    authorize("index.link", index_year)
    return task, index_year


def _on_task_page(task, act, done: str):
    """Run ``act()`` (a link service call), then back to the task's page with ``done``; refused: the task's
    page again, with the reason (422)."""
    try:
        act()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return view_task(task.id), 422
    flash(done, "success")
    return redirect_to(url_for("plans.view_task", task_id=task.id) + "#task-criteria")


@bp.post("/tasks/<int:task_id>/criteria")
@login_required
def tag_task(task_id):
    """From the task's page: the Office tags the task with a criterion code of its plan's year."""
    task, index_year = _task_year(task_id)
    form = TagForm()

    def tag():
        if not form.validate():
            raise DomainError(*[e for errors in form.errors.values() for e in errors])
        link_service.tag_task(current_user, index_year, task, form.code.data)
    return _on_task_page(task, tag, f"Đã gắn nhiệm vụ {task.code} với tiêu chí {(form.code.data or '').strip().rstrip('.')}.")


@bp.post("/tasks/<int:task_id>/criteria/<int:criterion_id>/remove")
@login_required
def untag_task(task_id, criterion_id):
    """From the task's page: the Office takes the task off a criterion."""
    task, index_year = _task_year(task_id)
    criterion = db.get_or_404(IndexCriterion, criterion_id)
    if criterion.year_id != index_year.id:
        abort(404)
    return _on_task_page(task, lambda: link_service.remove_task(current_user, criterion, task),
                         f"Đã bỏ nhiệm vụ {task.code} khỏi tiêu chí {criterion.code}.")


@bp.app_template_global("index_task_links")
def index_task_links(task):
    """What the task's page shows of the index: (the index year of the task's plan, the criteria the task
    is confirmed for, whether the signed-in user may add or remove one); None where the plan's year has no
    framework. Whoever sees the task sees its codes (the page checks the plan); the Office edits them on a
    task of an issued plan, not archived."""
    index_year = find_year(task.plan.year) if task.plan.year else None
    if index_year is None:
        return None
    confirmed = [link.criterion for link in link_service.task_links(task) if link.status == CONFIRMED]
    taggable = task.plan.status != DRAFT and task.archived_at is None  # as links.decide_task accepts
    return index_year, confirmed, taggable and can(current_user, "index.link", index_year)
