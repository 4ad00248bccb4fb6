"""The import pages: upload a document, review its preview, create the draft plan.

Thin handlers: parse the request, check the policy, call ``service``,
render. Every change to a preview answers with the updated fragment (the row,
or the whole list when a row's kind changed the tree) and fires
``import-changed`` so the summary refreshes; refused input comes back as the
same fragment with status 422.
"""
from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from ...errors import DomainError, attach_errors
from ...extensions import db
from ...forms import choices
from ...htmx import fragment, is_htmx
from ...org.queries import active_units
from ...permissions import authorize, requires
from ...transactions import end_read_only_transaction
from ..models import COMPARATORS, METRIC_KINDS, STANDARD_AREAS, Plan
from . import queries, service, xlsx
from .forms import CreateForm, LineForm, MetaForm, UploadForm
from .models import PlanImport
from .preview import KINDS, build_tree

bp = Blueprint("plan_import", __name__, cli_group="plan")
CHANGED = "import-changed"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _editable(import_id: int) -> PlanImport:
    record = db.session.get(PlanImport, import_id)
    if record is None:
        abort(404)
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


def _redirect(target: str):
    if is_htmx():
        response = fragment("errors/_message.html", title="", text="")
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target, code=303)


# -- upload ---------------------------------------------------------------------------------

@bp.get("/plans/import")
@requires("plan.import")
def upload_page():
    return render_template("plans/import/upload.html", form=UploadForm(formdata=None), messages=[],
                           drafts=queries.open_imports(current_user))


@bp.post("/plans/import")
@requires("plan.import")
def upload():
    try:
        form = UploadForm()
        upload_file = request.files.get("document")
        units = queries.unit_refs()
        if upload_file is not None and upload_file.filename:
            stream = upload_file.stream
            size = stream.seek(0, 2)
            stream.seek(0)
            service.check_size(size)  # before reading it into memory
            end_read_only_transaction()  # no lock held while the document is read (LibreOffice: up to minutes)
            preview = service.read_upload(stream.read(), upload_file.filename, units)
        else:
            preview = service.read_pasted(form.text.data or "", units)
        record = service.start_import(current_user, preview)
    except RequestEntityTooLarge:
        return _upload_refused(UploadForm(), ["Tệp quá lớn so với giới hạn của máy chủ."])
    except DomainError as exc:
        return _upload_refused(form, exc.messages)
    return _redirect(url_for("plan_import.review", import_id=record.id))


def _upload_refused(form, messages):
    template = "plans/import/_upload_form.html" if is_htmx() else "plans/import/upload.html"
    return render_template(template, form=form, messages=messages,
                           drafts=queries.open_imports(current_user)), 422


@bp.get("/plans/import/template.xlsx")
@login_required
def template():
    return send_file(_bytes(xlsx.template()), mimetype=XLSX, as_attachment=True,
                     download_name="mau-phu-luc-nhiem-vu.xlsx")


@bp.get("/plans/<int:plan_id>/phu-luc.xlsx")
@login_required
def export(plan_id):
    plan = db.session.get(Plan, plan_id)
    if plan is None:
        abort(404)
    authorize("plan.view", plan)
    name = f"phu-luc-{(plan.number or f'ke-hoach-{plan.id}').replace('/', '-')}.xlsx"
    return send_file(_bytes(xlsx.export_plan(plan)), mimetype=XLSX, as_attachment=True, download_name=name)


def _bytes(data: bytes):
    import io

    return io.BytesIO(data)


# -- review ---------------------------------------------------------------------------------

def _context(record, preview, **extra):
    tree = build_tree(preview.lines)
    units = _units()
    unit_names = {u.id: u.name for u in units}
    create_form = extra.pop("create_form", None) or CreateForm(formdata=None)
    create_form.fallback_lead_unit_id.choices = choices([("", "— Không chọn —")] + [(u.id, u.name) for u in units])
    area_lead = {t.line.id: a.line.lead_unit_id or a.line.focal_unit_id for a in tree.areas for t in a.tasks}
    return {"record": record, "preview": preview, "tree": tree, "counts": tree.counts(), "units": units,
            "unit_names": unit_names, "kinds": KINDS, "create_form": create_form, "area_lead": area_lead,
            "standard_areas": STANDARD_AREAS, "metric_kinds": METRIC_KINDS, "comparators": COMPARATORS,
            "problems": extra.pop("problems", service.creation_problems(preview, create_form.fallback_lead_unit_id.data)),
            "line_errors": extra.pop("line_errors", {}), **extra}


def _answer(record, preview, template: str, status: int = 200, reshaped: bool = False, **extra):
    """The fragment for htmx; for a plain form post, the review page (a redirect after a success)."""
    if not is_htmx():
        if status < 400:
            return redirect(url_for("plan_import.review", import_id=record.id), code=303)
        extra.setdefault("meta_form", _meta_form(preview))
        extra.setdefault("meta_messages", [])
        return render_template("plans/import/review.html", **_context(record, preview, **extra)), status
    if reshaped:
        response = fragment("plans/import/_lines.html", status=status, trigger=CHANGED,
                            **_context(record, preview, **extra))
        response.headers["HX-Retarget"] = "#import-lines"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    return fragment(template, status=status, trigger=CHANGED if status < 400 else None,
                    **_context(record, preview, **extra))


def _meta_form(preview, formdata=None):
    meta = preview.meta
    if formdata is not None:
        return MetaForm(formdata=formdata)
    return MetaForm(formdata=None, data={
        "title": meta.title, "kind": meta.kind, "number": meta.number, "issued_on": meta.issued_on,
        "year": meta.year, "start_year": meta.start_year, "end_year": meta.end_year,
        "basis": "\n".join(r.citation() for r in meta.basis)})


@bp.get("/plans/import/<int:import_id>")
@login_required
def review(import_id):
    record = _editable(import_id)
    preview = service.load(record)
    return render_template("plans/import/review.html", meta_form=_meta_form(preview), meta_messages=[],
                           **_context(record, preview))


@bp.get("/plans/import/<int:import_id>/summary")
@login_required
def summary(import_id):
    record = _editable(import_id)
    preview = service.load(record)
    return render_template("plans/import/_summary.html", **_context(record, preview))


@bp.post("/plans/import/<int:import_id>/meta")
@login_required
def meta(import_id):
    record = _editable(import_id)
    preview = service.load(record)
    form = _meta_form(preview, request.form)
    messages = []
    if form.validate():
        try:
            service.update_meta(preview, form.to_data())
        except DomainError as exc:
            messages = attach_errors(form, exc)
        else:
            service.save(record, preview)
            return _answer(record, preview, "plans/import/_meta.html", meta_form=_meta_form(preview),
                           meta_messages=[], saved=True)
    else:
        messages = []
    return _answer(record, preview, "plans/import/_meta.html", 422, meta_form=form, meta_messages=messages)


@bp.post("/plans/import/<int:import_id>/lines/<int:line_id>")
@login_required
def line(import_id, line_id):
    record, preview, row = _editable_row(import_id, line_id)
    form = LineForm()
    errors = {}
    if form.validate():
        try:
            reshaped = service.update_line(preview, row, form.to_data())
        except DomainError as exc:
            errors = exc.fields or {"text": exc.message}
        else:
            service.save(record, preview)
            return _answer(record, preview, "plans/import/_line.html", line=row, reshaped=reshaped)
    else:
        errors = form.first_errors()
    return _answer(record, preview, "plans/import/_line.html", 422, line=row, form_data=request.form,
                   line_errors={line_id: errors})


@bp.post("/plans/import/<int:import_id>/lines/<int:line_id>/merge")
@login_required
def merge(import_id, line_id):
    record, preview, row = _editable_row(import_id, line_id)
    try:
        service.merge_line(preview, row)
    except DomainError as exc:
        return _answer(record, preview, "plans/import/_lines.html", 422, reshaped=True,
                       line_errors={line_id: {"text": exc.message}})
    service.save(record, preview)
    return _answer(record, preview, "plans/import/_lines.html", reshaped=True)


@bp.post("/plans/import/<int:import_id>/create")
@login_required
def create(import_id):
    record = _editable(import_id)
    preview = service.load(record)
    units = _units()
    form = CreateForm()
    form.fallback_lead_unit_id.choices = choices([("", "—")] + [(u.id, u.name) for u in units])
    messages = []
    if form.validate():
        try:
            plan = service.create_plan_from_import(current_user, record, form.fallback_lead_unit_id.data)
        except DomainError as exc:
            messages = exc.messages
        else:
            flash(f"Đã tạo kế hoạch dự thảo “{plan.title}” từ văn bản. Hãy kiểm tra rồi ban hành.", "success")
            return _redirect(url_for("plans.editor", plan_id=plan.id))
    else:
        messages = list(form.first_errors().values())
    db.session.rollback()
    record = _editable(import_id)
    return _answer(record, service.load(record), "plans/import/_summary.html", 422, create_form=form,
                   problems=messages)


@bp.post("/plans/import/<int:import_id>/delete")
@login_required
def delete(import_id):
    record = _editable(import_id)
    service.discard(record)
    flash("Đã hủy bản nhập.", "success")
    return _redirect(url_for("plan_import.upload_page"))


from . import cli  # noqa: E402,F401  (registers "flask plan import" on this blueprint)
