"""A unit's entry for one task in one period: the panel that opens in the checklist row,
the lead unit's save, the cooperating units' contributions, submission, the entry page."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ... import audit
from ...extensions import db
from ...formatting import local_today
from ...forms import version_of
from ...htmx import flash_and_redirect, fragment, run_action, submit_form
from ...numbers import DECIMAL, kind_of_metric, number_text
from ...permissions import authorize, can
from ...plans.models import Task
from .. import services
from ..forms import ContributionForm, EntryForm, ReasonForm
from ..models import ProgressEntry, ReportingPeriod
from ..period_rules import carried_done, entry_outcome, is_expected, previous_entry
from ..queries import entry_for, unit_entries_to_submit
from ..services import EntryConflict
from .common import bp

CHANGED = "entry-changed"


def _reportable(period_id: int, task_id: int) -> tuple[ReportingPeriod, Task]:
    period = db.get_or_404(ReportingPeriod, period_id)
    task = db.get_or_404(Task, task_id)
    if not is_expected(task, period):
        abort(404)  # only the tasks the period expects are reported on
    return period, task


def visible_task_entry(period_id: int, task_id: int) -> ProgressEntry:
    period, task = _reportable(period_id, task_id)
    entry = entry_for(period, task)
    authorize("entry.view", entry)
    return entry


def _stored_entry(entry_id: int, action: str) -> ProgressEntry:
    entry = db.get_or_404(ProgressEntry, entry_id)
    authorize(action, entry)
    return entry


def _entry_form(entry: ProgressEntry, submitted: bool) -> EntryForm:
    targets = entry.task.targets
    if submitted:
        form = EntryForm(targets=targets)
        form.typed = True  # holds what was typed, not what is saved (the page asks before leaving it)
        return form
    form = EntryForm(formdata=None, obj=entry, targets=targets)
    form.version.data = entry.version if entry.id else ""
    kinds = {t.id: kind_of_metric(t.metric_kind) for t in targets}  # a pre-filled result has no .target yet
    form.target_input = {r.target_id: (r.text if r.value is None
                                       else number_text(r.value, kinds.get(r.target_id, DECIMAL)))
                         for r in entry.target_results}
    return form


def panel_context(entry: ProgressEntry, **extra) -> dict:
    """What the entry panel shows, given who is looking."""
    unit_id = current_user.unit_id
    own = next((c for c in entry.contributions if c.unit_id == unit_id), None)
    context = {
        "entry": entry, "task": entry.task, "period": entry.period,
        "outcome": entry_outcome(entry if entry.id else None, entry.task),
        "carried": carried_done(entry.task, entry.period),
        "previous": previous_entry(entry.task_id, entry.period),
        "can_edit": can(current_user, "entry.edit", entry),
        "can_contribute": can(current_user, "entry.contribute", entry),
        "can_submit": can(current_user, "entry.submit", entry),
        "can_add_evidence": can(current_user, "evidence.add", entry),  # a new entry too: its first upload stores it
        "own_contribution": own,
        "results": {r.target_id: r for r in entry.target_results},
        "saved": False, "sent": False, "conflict": None,
    }
    if context["can_edit"] and "form" not in extra:
        context["form"] = _entry_form(entry, submitted=False)
    if context["can_contribute"] and "contribution_form" not in extra:
        form = ContributionForm(formdata=None, data={"text": own.text if own else ""})
        form.version.data = own.version if own else ""
        context["contribution_form"] = form
    context.update(extra)
    return context


@bp.get("/periods/<int:period_id>/tasks/<int:task_id>/entry")
@login_required
def entry_panel(period_id, task_id):
    entry = visible_task_entry(period_id, task_id)
    if request.args.get("closed"):
        return render_template("progress/_entry_button.html", task=entry.task, period=entry.period,
                               lead=entry.unit_id == current_user.unit_id, entry=entry if entry.id else None)
    return render_template("progress/_entry.html", messages=[], **panel_context(entry))


def _badges(entry):
    return render_template("progress/_entry_badges.html", entry=entry, task=entry.task, oob=True)


@bp.post("/periods/<int:period_id>/tasks/<int:task_id>/entry")
@login_required
def save_entry(period_id, task_id):
    """"Lưu nháp": the lead unit saves what the form holds."""
    entry = visible_task_entry(period_id, task_id)
    authorize("entry.edit", entry)
    return _entry_form_reply(entry, lambda form, conflict: _save_typed(entry, form, conflict))


@bp.post("/periods/<int:period_id>/tasks/<int:task_id>/entry/send")
@login_required
def send_entry(period_id, task_id):
    """"Gửi duyệt" in the entry form: the unit head's edits are saved, then the entry is sent, in one
    transaction. A refusal of either (a version conflict, "hoàn thành" without evidence or giải trình)
    changes nothing and gives the form back as typed, with the reason."""
    entry = visible_task_entry(period_id, task_id)
    authorize("entry.edit", entry)
    authorize("entry.submit", entry)

    def send(form, conflict):
        # A new entry is stored through an object of its own: when the send is refused and rolled back,
        # the panel shown again still holds the entry as not yet stored.
        draft = entry if entry.id is not None else entry_for(entry.period, entry.task)
        saved = _save_typed(draft, form, conflict)
        services.submit_entries(current_user, [saved])
        return saved

    return _entry_form_reply(entry, send, sent=True)


def _save_typed(entry: ProgressEntry, form: EntryForm, conflict: dict) -> ProgressEntry:
    """Save what the form holds; when someone else saved first, their values go in ``conflict`` (shown
    beside the form)."""
    try:
        # an empty version means the form was opened before the entry existed: 0 never matches
        return services.save_entry(current_user, entry, form.to_data(), local_today(), version_of(form) or 0)
    except EntryConflict as exc:
        conflict["changes"] = exc.changes
        raise


def _entry_form_reply(entry: ProgressEntry, action, sent: bool = False):
    """The entry form's submit: ``action(form, conflict)``, then the saved panel; a refusal answers the
    form as typed (422)."""
    form = _entry_form(entry, submitted=True)
    conflict = {}

    def fallback(saved):  # a plain post (no htmx): back to the checklist
        if sent:
            flash("Đã gửi báo cáo để lãnh đạo duyệt.", "success")
        return url_for("progress.checklist", period=saved.period_id)

    return submit_form(
        form, lambda: action(form, conflict), template="progress/_entry.html",
        context=panel_context(entry, form=form, conflict=conflict), fallback=fallback,
        done=lambda saved: _saved_panel(saved, sent=sent))


def _saved_panel(entry, sent: bool = False):
    db.session.flush()
    context = panel_context(entry, saved=True, sent=sent)
    response = fragment("progress/_entry.html", messages=[], trigger=CHANGED, **context)
    response.set_data(response.get_data(as_text=True) + _badges(entry))
    return response


@bp.post("/periods/<int:period_id>/tasks/<int:task_id>/contribution")
@login_required
def save_contribution(period_id, task_id):
    entry = visible_task_entry(period_id, task_id)
    authorize("entry.contribute", entry)
    form = ContributionForm()
    form.typed = True
    unit = current_user.unit
    return submit_form(
        form, lambda: services.save_contribution(current_user, entry, unit, form.text.data or "",
                                                 version_of(form)),
        template="progress/_entry.html", form_name="contribution_form",
        context=panel_context(entry, contribution_form=form),
        fallback=url_for("progress.checklist", period=period_id),
        done=lambda _: _saved_panel(entry))


@bp.post("/periods/<int:period_id>/submit")
@login_required
def submit_unit_entries(period_id):
    """The unit head sends the entries chosen in the checklist (``entry_ids``), or, without a choice, every
    entry of the unit still in draft (or returned) for the period. All are sent or none: an entry the head
    may not send, or one not ready, is named with the reason and nothing is sent."""
    period = db.get_or_404(ReportingPeriod, period_id)
    back = url_for("progress.checklist", period=period.id)
    if "selection" in request.form:
        ids = {int(i) for i in request.form.getlist("entry_ids") if i.isascii() and i.isdigit() and len(i) < 10}
        if not ids:
            return flash_and_redirect("Hãy chọn ít nhất một báo cáo để gửi duyệt.", back)
        entries = [e for e in (db.session.get(ProgressEntry, i) for i in sorted(ids)) if e is not None]
        refused = [e for e in entries if e.period_id != period.id or not can(current_user, "entry.submit", e)]
        if refused or len(entries) < len(ids):
            named = ", ".join(str(e.task.code) for e in refused) or "không tìm thấy"
            return flash_and_redirect(f"Không gửi được báo cáo nào: đồng chí không có quyền gửi các báo cáo {named} "
                                      "(chỉ trưởng đơn vị gửi báo cáo của đơn vị mình, trong kỳ này).", back)
    else:
        entries = unit_entries_to_submit(current_user.unit_id, period)
    if not entries:
        flash("Không có báo cáo nào đang soạn để gửi.", "info")
        return redirect(back)
    for entry in entries:
        authorize("entry.submit", entry)
    return run_action(
        lambda: services.submit_entries(current_user, entries),
        done=lambda: flash_and_redirect(f"Đã gửi {len(entries)} báo cáo để lãnh đạo duyệt.", back, "success"),
        refused=lambda message: flash_and_redirect(message, back))


@bp.get("/entries/<int:entry_id>")
@login_required
def view_entry(entry_id):
    entry = _stored_entry(entry_id, "entry.view")
    return render_template("progress/entry.html", **panel_context(entry), messages=[],
                           history=audit.history(entry), labels=ProgressEntry.AUDIT_FIELDS,
                           reopen_form=ReasonForm(formdata=None))


@bp.post("/entries/<int:entry_id>/reopen")
@login_required
def reopen_entry(entry_id):
    entry = _stored_entry(entry_id, "entry.reopen")
    form = ReasonForm()
    page = url_for("progress.view_entry", entry_id=entry.id)
    return submit_form(
        form, lambda: services.reopen_entry(current_user, entry, form.reason.data),
        template="progress/entry.html", form_name="reopen_form",
        context={**panel_context(entry), "history": audit.history(entry),
                 "labels": ProgressEntry.AUDIT_FIELDS},
        done=lambda _: flash_and_redirect("Đã mở lại báo cáo; đơn vị có thể sửa và gửi lại.", page, "success"))
