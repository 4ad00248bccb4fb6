"""Evidence (tài liệu kiểm chứng) of an entry: upload, confirm the citation, remove, download.

The evidence section of an entry (``progress/_evidence.html``) is included by
the entry form and also served alone at /entries/<id>/evidence. Uploading
answers with the section, each new item's citation form open with what the
document's header gave, for the user to confirm or correct.
"""
import json

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from ...documents.filetypes import download_name
from ...errors import DomainError
from ...extensions import db
from ...formatting import local_today
from ...forms import arg_ids
from ...htmx import fragment, is_htmx, page_or_partial, run_action, submit_form
from ...permissions import authorize, can
from ...storage import storage
from ...transactions import end_read_only_transaction
from ..evidence import (
    MAX_FILES_PER_UPLOAD,
    attach_evidence,
    discard,
    kind_of,
    receive_files,
    remove_evidence,
    update_citation,
)
from .. import services
from ..forms import EntryForm, EvidenceForm
from ..models import Evidence, ProgressEntry
from ..queries import entry_for, find_entry
from ..services import EntryConflict
from .common import bp
from .entries import CHANGED as ENTRY_CHANGED
from .entries import visible_task_entry

CHANGED = "evidence-changed"  # the entry form listens to it (the giải trình hint, counts)
INLINE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'"


# -- load, then check -------------------------------------------------------------------

def _visible_entry(entry_id: int) -> ProgressEntry:
    entry = db.get_or_404(ProgressEntry, entry_id)
    authorize("entry.view", entry)
    return entry


def _evidence(evidence_id: int, action: str) -> Evidence:
    evidence = db.get_or_404(Evidence, evidence_id)
    authorize(action, evidence)
    return evidence


def _section(entry, status: int = 200, opened=(), messages=(), notes=None, trigger: str | None = None):
    """The evidence section of ``entry``; ``opened`` items show their citation form, with the ``notes``
    ({evidence id: messages}) about it."""
    forms = {ev.id: EvidenceForm.for_evidence(ev) for ev in entry.live_evidence if ev.id in set(opened)}
    context = {"entry": entry, "can_add": can(current_user, "evidence.add", entry),
               "evidence_forms": forms, "evidence_notes": notes or {}, "evidence_messages": list(messages)}
    return page_or_partial("progress/evidence.html", "progress/_evidence.html", status=status, trigger=trigger,
                           **context)


def _page_url(entry_id: int, opened=()) -> str:
    return url_for("progress.entry_evidence", entry_id=entry_id,
                   edit=",".join(str(i) for i in opened) or None)


# -- routes -----------------------------------------------------------------------------

@bp.get("/entries/<int:entry_id>/evidence")
@login_required
def entry_evidence(entry_id):
    entry = _visible_entry(entry_id)
    wanted = arg_ids("edit")
    opened = [ev.id for ev in entry.live_evidence if ev.id in wanted and can(current_user, "evidence.edit", ev)]
    return _section(entry, opened=opened)


@bp.post("/entries/<int:entry_id>/evidence")
@login_required
def upload_evidence(entry_id):
    entry = db.get_or_404(ProgressEntry, entry_id)
    authorize("evidence.add", entry)
    return _upload(entry)


@bp.post("/periods/<int:period_id>/tasks/<int:task_id>/entry/evidence")
@login_required
def upload_first_evidence(period_id, task_id):
    """Evidence uploaded before the entry's first "Lưu nháp": the upload stores the entry, with what the lead
    unit's form holds (sent along) when it is valid, else as the panel showed it, then attaches the files.
    The page is told the entry's version, so the form's next "Lưu nháp" is no conflict. An entry stored
    meanwhile (another tab, a colleague) only gets the files."""
    entry = visible_task_entry(period_id, task_id)
    authorize("evidence.add", entry)
    if entry.id is not None:
        return _upload(entry)
    form = EntryForm(targets=entry.task.targets)
    data = form.to_data() if can(current_user, "entry.edit", entry) and form.validate() else None
    slot = f"entry-{task_id}"

    def start():
        draft = entry_for(entry.period, entry.task)  # an object of its own: a refusal leaves ``entry`` unstored
        if draft.id is not None:
            return draft, None
        if data is not None:
            try:
                return services.save_entry(current_user, draft, data, local_today()), "saved"
            except EntryConflict:  # stored by someone else a moment ago
                return find_entry(entry.period, entry.task), None
            except DomainError:
                pass  # what the form holds is refused: it stays on the page, for "Lưu nháp" to say why
        return services.start_entry(current_user, draft), "started"

    def done(stored, started, response):
        if started is None:
            return response
        db.session.flush()
        response.headers["HX-Trigger"] = json.dumps({CHANGED: "", ENTRY_CHANGED: "", "entry-started": {
            "form": f"{slot}-form", "version": stored.version, "saved": started == "saved"}})
        head = render_template("progress/_entry_head.html", entry=stored, task=stored.task, period=stored.period,
                               slot=slot, started=started, oob=True)
        badges = render_template("progress/_entry_badges.html", entry=stored, task=stored.task, oob=True)
        response.set_data(response.get_data(as_text=True) + head + badges)
        return response

    return _upload(entry, start=start, done=done)


def _upload(entry, start=None, done=None):
    """Receive the request's files, then attach them to ``entry``, all or none. ``start()`` first stores an
    entry not stored yet: it gives (the stored entry, how), and ``done(entry, how, response)`` adds to the
    section sent back."""
    files = [f for f in request.files.getlist("files") if f and (f.filename or "").strip()]
    if not files:
        return _section(entry, 422, messages=["Hãy chọn ít nhất một tệp để tải lên."])
    if len(files) > MAX_FILES_PER_UPLOAD:
        return _section(entry, 422, messages=[f"Mỗi lần tải lên tối đa {MAX_FILES_PER_UPLOAD} tệp."])
    more = " Chưa tệp nào được lưu; hãy bỏ tệp này rồi tải lên lại." if len(files) > 1 else ""
    end_read_only_transaction()  # the files are read with no lock held: nobody else's save waits for them
    try:
        received = receive_files(files)
    except DomainError as exc:
        return _section(entry, 422, messages=[exc.message + more])
    started = None
    try:
        stored, started = start() if start is not None else (entry, None)
        added = [attach_evidence(current_user, stored, current_user.unit, item) for item in received]
    except DomainError as exc:
        db.session.rollback()  # every file of this upload goes (the session hook deletes them)
        discard(received)
        return _section(entry, 422, messages=[exc.message + more])
    opened = [ev.id for ev in added]
    notes = {ev.id: [item.note] for ev, item in zip(added, received) if item.note}
    if not is_htmx():
        for messages in notes.values():
            flash(messages[0], "info")
        return redirect(_page_url(stored.id, opened))
    response = _section(stored, opened=opened, notes=notes, trigger=CHANGED)
    return done(stored, started, response) if done is not None else response


@bp.get("/evidence/<int:evidence_id>")
@login_required
def evidence_item(evidence_id):
    evidence = _evidence(evidence_id, "evidence.download")
    if not is_htmx():
        return redirect(_page_url(evidence.entry_id))
    return fragment("progress/_evidence_item.html", evidence=evidence)


@bp.route("/evidence/<int:evidence_id>/edit", methods=["GET", "POST"])
@login_required
def edit_evidence(evidence_id):
    evidence = _evidence(evidence_id, "evidence.edit")
    if request.method == "GET" and not is_htmx():
        return redirect(_page_url(evidence.entry_id, [evidence.id]))
    form = EvidenceForm.for_evidence(evidence) if request.method == "GET" else EvidenceForm()
    return submit_form(
        form, lambda: update_citation(current_user, evidence, form.to_data(), form.seen.data),
        template="progress/_evidence_form.html", context={"evidence": evidence},
        fallback=_page_url(evidence.entry_id),
        done=lambda ev: fragment("progress/_evidence_item.html", evidence=ev, trigger=CHANGED))


@bp.post("/evidence/<int:evidence_id>/remove")
@login_required
def remove_evidence_route(evidence_id):
    evidence = _evidence(evidence_id, "evidence.remove")
    entry = evidence.entry
    return run_action(
        lambda: remove_evidence(current_user, evidence),
        done=lambda: _section(entry, trigger=CHANGED) if is_htmx() else redirect(_page_url(entry.id)),
        refused=lambda message: _section(entry, 422, messages=[message]))


def _send(evidence: Evidence, inline: bool):
    kind = kind_of(evidence)
    if not evidence.file_key:
        abort(404)
    try:
        handle = storage().open(evidence.file_key)
    except (FileNotFoundError, ValueError):
        current_app.logger.error("evidence %s: file %s is missing from the store", evidence.id, evidence.file_key)
        abort(404)
    inline = inline and kind is not None and kind.inline
    mimetype = kind.mime.split(";")[0] if kind else "application/octet-stream"  # Flask adds the charset of text
    name = download_name(evidence.original_name or "tai-lieu", kind)  # "x.pdf.cmd" is sent as "x.pdf.cmd.pdf"
    response = send_file(handle, mimetype=mimetype, as_attachment=not inline, download_name=name,
                         conditional=False, etag=False, max_age=0)
    response.headers["Content-Length"] = str(evidence.size)
    response.headers["X-Content-Type-Options"] = "nosniff"
    if inline:
        response.headers["Content-Security-Policy"] = INLINE_CSP
        response.headers["X-Frame-Options"] = "SAMEORIGIN"  # shown in the approval queue's viewer (a frame)
    return response


@bp.get("/evidence/<int:evidence_id>/download")
@login_required
def download_evidence(evidence_id):
    return _send(_evidence(evidence_id, "evidence.download"), inline=False)


@bp.get("/evidence/<int:evidence_id>/view")
@login_required
def view_evidence(evidence_id):
    """PDF and images open in the browser; every other kind is downloaded."""
    return _send(_evidence(evidence_id, "evidence.download"), inline=True)
