"""The import pages: upload a document, review its preview, create the draft plan.

Thin handlers: parse the request, check the policy, call ``service``, render,
through the app's one form-submit block (``app.htmx.submit_form`` and
``run_action``). Each correction of a preview is stored by the service that
makes it, and answered with the updated fragment (the row, or the whole list
when a row's kind changed the tree) firing ``import-changed`` so the summary
refreshes; refused input comes back as the same fragment with status 422 (as
the whole review page for a plain form post).
"""
import io

from flask import Blueprint, abort, flash, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from ...extensions import db
from ...forms import choices
from ...numbers import parse_id
from ...htmx import fragment, is_htmx, redirect_to, run_action, submit_form
from ...org.queries import active_units
from ...permissions import authorize, requires
from ...transactions import end_read_only_transaction
from ..models import COMPARATORS, METRIC_KINDS, STANDARD_AREAS, Plan
from . import queries, service, xlsx
from .cli import import_command, import_summary_command
from .forms import CreateForm, LineForm, MetaForm, UploadForm
from .models import PlanImport
from .preview import KINDS, build_tree

bp = Blueprint("plan_import", __name__, cli_group="plan")
bp.cli.add_command(import_command)  # flask plan import
bp.cli.add_command(import_summary_command)  # flask plan import-summary
CHANGED = "import-changed"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_PAGE, REVIEW_PAGE = "plans/import/upload.html", "plans/import/review.html"


def _editable(import_id: int) -> PlanImport:
    record = db.get_or_404(PlanImport, import_id)
    authorize("plan_import.edit", record)
    return record


def _editable_row(import_id: int, line_id: int):
    """(the import, its preview, the row): 404 when there is no such row."""
    record = _editable(import_id)
    preview = service.load(record)
    row = preview.line(line_id)
    if row is None:
        abort(404)
    return record, preview, row


def _units():
    return active_units(exclude_kinds=("lanh_dao",))


def _review_url(record) -> str:
    return url_for("plan_import.review", import_id=record.id)


# -- upload ---------------------------------------------------------------------------------

@bp.get("/plans/import")
@requires("plan.import")
def upload_page():
    return render_template(UPLOAD_PAGE, form=UploadForm(formdata=None), messages=[],
                           drafts=queries.open_imports(current_user))


def _read(form):
    """The preview of the uploaded file, or of the pasted text when no file was chosen."""
    units = queries.unit_refs()
    upload_file = request.files.get("document")
    if upload_file is None or not upload_file.filename:
        return service.read_pasted(form.text.data or "", units)
    stream = upload_file.stream
    size = stream.seek(0, 2)
    stream.seek(0)
    service.check_size(size)  # before reading it into memory
    end_read_only_transaction()  # no lock held while the document is read (LibreOffice: up to minutes)
    return service.read_upload(stream.read(), upload_file.filename, units)


@bp.post("/plans/import")
@requires("plan.import")
def upload():
    form = UploadForm()
    return submit_form(
        form, lambda: service.start_import(current_user, _read(form)),
        template=UPLOAD_PAGE, partial="plans/import/_upload_form.html",
        context={"drafts": queries.open_imports(current_user)},
        done=lambda record: redirect_to(_review_url(record)))


@bp.get("/plans/import/template.xlsx")
@login_required
def template():
    return send_file(io.BytesIO(xlsx.template()), mimetype=XLSX, as_attachment=True,
                     download_name="mau-phu-luc-nhiem-vu.xlsx")


@bp.get("/plans/<int:plan_id>/phu-luc.xlsx")
@login_required
def export(plan_id):
    plan = db.get_or_404(Plan, plan_id)
    authorize("plan.view", plan)
    name = f"phu-luc-{(plan.number or f'ke-hoach-{plan.id}').replace('/', '-')}.xlsx"
    return send_file(io.BytesIO(xlsx.export_plan(plan)), mimetype=XLSX, as_attachment=True, download_name=name)


# -- review ---------------------------------------------------------------------------------

def _meta_form(preview):
    meta = preview.meta
    return MetaForm(formdata=None, data={
        "title": meta.title, "kind": meta.kind, "number": meta.number, "issued_on": meta.issued_on,
        "year": meta.year, "start_year": meta.start_year, "end_year": meta.end_year,
        "basis": "\n".join(r.citation() for r in meta.basis)})


def _context(record, preview, **extra):
    """What the review page and each of its fragments show."""
    tree = build_tree(preview.lines)
    units = _units()
    unit_names = {u.id: u.name for u in units}
    create_form = extra.pop("create_form", None) or CreateForm(formdata=None)
    create_form.fallback_lead_unit_id.choices = choices([("", "— Không chọn —")] + [(u.id, u.name) for u in units])
    area_lead = {t.line.id: service.task_lead(None, a.line) for a in tree.areas for t in a.tasks}  # "theo nội dung"
    return {"record": record, "preview": preview, "tree": tree, "counts": tree.counts(), "units": units,
            "unmatched": service.unmatched_names(preview),
            "unit_names": unit_names, "kinds": KINDS, "create_form": create_form, "area_lead": area_lead,
            "standard_areas": STANDARD_AREAS, "metric_kinds": METRIC_KINDS, "comparators": COMPARATORS,
            "problems": extra.pop("problems", service.creation_problems(preview, create_form.fallback_lead_unit_id.data)),
            "line_errors": extra.pop("line_errors", {}), "meta_form": _meta_form(preview), "messages": [], **extra}


def _lines(record, preview, status: int = 200, **extra):
    """The whole list of rows, sent in place of the row that was posted from (its kind reshaped the tree)."""
    return fragment("plans/import/_lines.html", status=status, trigger=CHANGED, retarget="#import-lines",
                    reswap="innerHTML", **_context(record, preview, **extra))


def _changed(record, preview, template: str, reshaped: bool = False, **extra):
    """A correction stored: the updated fragment for htmx, back to the review page for a plain form post."""
    if not is_htmx():
        return redirect_to(_review_url(record))
    if reshaped:
        return _lines(record, preview, **extra)
    return fragment(template, trigger=CHANGED, **_context(record, preview, **extra))


def _open_line() -> int | None:
    """The row whose editor the page opens (?edit=<id>: the "Sửa" link without script)."""
    try:
        return parse_id(request.args.get("edit", ""))
    except ValueError:
        return None


def _row(record, preview, row, open_editor: bool):
    return fragment("plans/import/_line.html", line=row,
                    **_context(record, preview, open_line_id=row.id if open_editor else None))


@bp.get("/plans/import/<int:import_id>")
@login_required
def review(import_id):
    """The review page; a row's "Sửa" link (?edit=<id>) opens the page with that row's editor, or, asked by
    htmx (the list boosts its links), answers that row with its editor alone."""
    record = _editable(import_id)
    preview, open_line_id = service.load(record), _open_line()
    if open_line_id is not None and is_htmx():
        row = preview.line(open_line_id)
        if row is None:
            abort(404)
        return _row(record, preview, row, open_editor=True)
    return render_template(REVIEW_PAGE, **_context(record, preview, open_line_id=open_line_id))


@bp.get("/plans/import/<int:import_id>/lines/<int:line_id>")
@login_required
def line_row(import_id, line_id):
    """One row, as text (its "Sửa" link), or with its editor (?edit=1): each row's selects and unit list
    are sent only when asked for, so a long plan's review page stays light (issue #26 point 7)."""
    record, preview, row = _editable_row(import_id, line_id)
    return _row(record, preview, row, open_editor=bool(request.args.get("edit")))


@bp.get("/plans/import/<int:import_id>/summary")
@login_required
def summary(import_id):
    record = _editable(import_id)
    return render_template("plans/import/_summary.html", **_context(record, service.load(record)))


@bp.post("/plans/import/<int:import_id>/meta")
@login_required
def meta(import_id):
    record = _editable(import_id)
    preview = service.load(record)
    form = MetaForm()
    return submit_form(
        form, lambda: service.update_meta(record, preview, form.to_data()),
        template=REVIEW_PAGE, partial="plans/import/_meta.html", form_name="meta_form",
        context=_context(record, preview),
        done=lambda _: _changed(record, preview, "plans/import/_meta.html", saved=True))


@bp.post("/plans/import/<int:import_id>/lines/<int:line_id>")
@login_required
def line(import_id, line_id):
    record, preview, row = _editable_row(import_id, line_id)
    form = LineForm()
    return submit_form(
        form, lambda: service.update_line(record, preview, row, form.to_data()),
        template=REVIEW_PAGE, partial="plans/import/_line.html", form_name="line_form",
        context=_context(record, preview, line=row, edited_line_id=row.id, form_data=request.form),
        done=lambda saved: _changed(record, preview, "plans/import/_line.html", saved.reshaped, line=row,
                                    open_line_id=row.id, saved=saved))


@bp.post("/plans/import/<int:import_id>/lines/<int:line_id>/merge")
@login_required
def merge(import_id, line_id):
    record, preview, row = _editable_row(import_id, line_id)
    return run_action(
        lambda: service.merge_line(record, preview, row),
        done=lambda: _changed(record, preview, "plans/import/_lines.html", reshaped=True),
        refused=lambda message: _lines(record, preview, status=422, line_errors={line_id: {"text": message}}))


@bp.post("/plans/import/<int:import_id>/assignments/<int:assignment_id>")
@login_required
def assignment(import_id, assignment_id):
    """Accept or undo one unit the "Tổ chức thực hiện" part assigned: the assignment's row and, out of
    band, the area's or task's row it changed."""
    record = _editable(import_id)
    preview = service.load(record)
    found = preview.assignment(assignment_id)
    if found is None:
        abort(404)
    decision = request.form.get("decision")
    if decision not in ("accept", "undo"):
        return fragment("plans/import/_assignment.html", status=422, assignment=found,
                        error="Hãy chọn “Chấp nhận” hoặc “Hoàn tác”.", **_context(record, preview))
    return run_action(
        lambda: service.decide_assignment(record, preview, found, decision == "accept"),
        done=lambda: _changed(record, preview, "plans/import/_assignment.html", assignment=found,
                              line=preview.line(found.line), oob_line=True),
        refused=lambda message: fragment("plans/import/_assignment.html", status=422, assignment=found,
                                         error=message, **_context(record, preview)))


@bp.post("/plans/import/<int:import_id>/units")
@login_required
def map_unit(import_id):
    """Map a unit name the document uses to a unit of the department (kept for later imports); the rows
    that name it change, so the whole list comes back."""
    record = _editable(import_id)
    preview = service.load(record)
    try:
        unit_id = parse_id(request.form.get("unit_id", ""))
    except ValueError:
        unit_id = None  # refused by the service with the field's message
    return run_action(
        lambda: service.map_unit_name(current_user, record, preview, request.form.get("name", ""), unit_id),
        done=lambda: _changed(record, preview, "plans/import/_lines.html", reshaped=True),
        refused=lambda message: fragment("plans/import/_summary.html", status=422, retarget="#import-summary",
                                         reswap="outerHTML", alias_error=message, **_context(record, preview)))


def _created(plan):
    flash(f"Đã tạo kế hoạch dự thảo “{plan.title}” từ văn bản. Hãy kiểm tra rồi ban hành.", "success")
    return redirect_to(url_for("plans.editor", plan_id=plan.id))


@bp.post("/plans/import/<int:import_id>/create")
@login_required
def create(import_id):
    record = _editable(import_id)
    form = CreateForm()
    context = _context(record, service.load(record), create_form=form)  # also gives the form its choices
    return submit_form(
        form, lambda: service.create_plan_from_import(current_user, record, form.fallback_lead_unit_id.data),
        template=REVIEW_PAGE, partial="plans/import/_summary.html", form_name="create_form",
        messages_name="problems",
        context=context, done=_created)


@bp.post("/plans/import/<int:import_id>/delete")
@login_required
def delete(import_id):
    record = _editable(import_id)
    service.discard(record)
    flash("Đã hủy bản nhập.", "success")
    return redirect_to(url_for("plan_import.upload_page"))

