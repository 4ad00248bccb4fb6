"""The framework's editing (/index/<year>/framework): the tree with its actions, a criterion added, edited,
moved, deleted; the .xlsx template, export and import. The Office's, until the year is locked."""
import io

from flask import render_template, request, send_file, url_for
from flask_login import current_user, login_required

from ...documents import DocumentRefused
from ...errors import DomainError
from ...extensions import db
from ...forms import edit_form, version_of
from ...htmx import flash_and_redirect, redirect_to, run_action, submit_form
from ...org.queries import unit_choices
from ...permissions import can, requires
from .. import framework, framework_xlsx
from ..forms import CriterionForm, ImportForm
from ..queries import criteria_of
from .common import bp, load_year, managed_criterion, managed_year, refused

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def framework_url(index_year, anchor: str | None = None) -> str:
    return url_for("assessment.framework_page", year=index_year.year, _anchor=anchor)


def _framework_context(index_year, **extra) -> dict:
    criteria = criteria_of(index_year)
    top = [c for c in criteria if c.parent_id is None]
    max_total = sum(c.max_score for c in top if c.kind == "normal")
    context = {"index_year": index_year, "criteria": criteria, "max_total": max_total,
               "editable": can(current_user, "index.manage", index_year), "import_form": ImportForm(formdata=None),
               "messages": []}
    context.update(extra)
    return context


@bp.get("/<int:year>/framework")
@login_required
def framework_page(year):
    index_year = load_year(year, "index.view_all")
    return render_template("assessment/framework.html", **_framework_context(index_year))


def _criterion_form(form: CriterionForm, current=None) -> CriterionForm:
    form.unit_id.choices = [("", "— Văn phòng chấm —")] + [(u.id, u.name) for u in unit_choices(current)]
    return form


def _add(index_year, parent):
    form = _criterion_form(CriterionForm())
    return submit_form(
        form, lambda: framework.add_criterion(current_user, index_year, form.to_data(), parent),
        template="assessment/framework_criterion.html", precheck=lambda: framework.ensure_editable(index_year),
        context={"index_year": index_year, "parent": parent, "criterion": None},
        done=lambda c: redirect_to(framework_url(index_year, f"c-{c.id}")))


@bp.route("/<int:year>/criteria/new", methods=["GET", "POST"])
@login_required
def new_criterion(year):
    """A new lĩnh vực (scored, bonus or penalty)."""
    return _add(managed_year(year), None)


@bp.route("/<int:year>/criteria/<int:criterion_id>/new", methods=["GET", "POST"])
@login_required
def new_child_criterion(year, criterion_id):
    """A new tiêu chí under a lĩnh vực, or tiêu chí thành phần under a tiêu chí."""
    parent = managed_criterion(year, criterion_id)
    return _add(parent.index_year, parent)


def _parent_choices(form: CriterionForm, criterion) -> CriterionForm:
    """The lines ``criterion`` may move under: the lĩnh vực (a tiêu chí) or the tiêu chí (a tiêu chí thành
    phần) of its year, its own parent selected when the form is first shown."""
    if criterion.parent is not None:
        level = framework.PARENT_LEVEL[criterion.level]
        form.parent_code.choices = [(c.code, f"{c.code}. {c.title}"[:120]) for c in criteria_of(criterion.index_year)
                                    if c.level == level]
        if form.parent_code.data is None:
            form.parent_code.data = criterion.parent.code
    return form


@bp.route("/<int:year>/criteria/<int:criterion_id>/edit", methods=["GET", "POST"])
@login_required
def edit_criterion(year, criterion_id):
    criterion = managed_criterion(year, criterion_id)
    form = _parent_choices(_criterion_form(edit_form(CriterionForm, criterion), criterion.unit), criterion)
    return submit_form(
        form, lambda: framework.update_criterion(current_user, criterion, form.to_data(), version_of(form)),
        template="assessment/framework_criterion.html",
        precheck=lambda: framework.ensure_editable(criterion.index_year),
        context={"index_year": criterion.index_year, "parent": criterion.parent, "criterion": criterion},
        done=lambda c: redirect_to(framework_url(c.index_year, f"c-{c.id}")))


@bp.post("/<int:year>/criteria/<int:criterion_id>/move")
@login_required
def move_criterion(year, criterion_id):
    criterion = managed_criterion(year, criterion_id)
    page = framework_url(criterion.index_year, f"c-{criterion.id}")
    return run_action(lambda: framework.move_criterion(current_user, criterion, request.form.get("direction", "")),
                      done=lambda: redirect_to(page), refused=lambda message: refused(message, page))


@bp.post("/<int:year>/criteria/<int:criterion_id>/delete")
@login_required
def delete_criterion(year, criterion_id):
    criterion = managed_criterion(year, criterion_id)
    page = framework_url(criterion.index_year)
    return run_action(lambda: framework.delete_criterion(current_user, criterion),
                      done=lambda: redirect_to(page), refused=lambda message: refused(message, page))


@bp.get("/template.xlsx")
@requires("index.view_all")
def framework_template():
    return send_file(io.BytesIO(framework_xlsx.template()), mimetype=XLSX, as_attachment=True,
                     download_name="mau-bo-tieu-chi-chi-so-cchc.xlsx")


@bp.get("/<int:year>/framework.xlsx")
@login_required
def export_framework(year):
    index_year = load_year(year, "index.view_all")
    data = framework_xlsx.export_framework(index_year, criteria_of(index_year))
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name=f"bo-tieu-chi-chi-so-cchc-{index_year.year}.xlsx")


@bp.post("/<int:year>/framework/import")
@login_required
def import_framework(year):
    index_year = managed_year(year)
    upload = request.files.get("file")
    messages: list[str] = []
    if upload is None or not upload.filename:
        messages = ["Vui lòng chọn tệp bộ tiêu chí (.xlsx)."]
    elif not upload.filename.lower().endswith(".xlsx"):
        messages = ["Tệp phải là bảng tính Excel .xlsx theo mẫu của phần mềm."]
    else:
        try:
            rows, title, source = framework_xlsx.read_framework(upload.stream.read())
            made = framework.replace_framework(current_user, index_year, rows, title, source)
        except (DocumentRefused, DomainError) as exc:
            db.session.rollback()
            messages = exc.messages
        else:
            return flash_and_redirect(f"Đã nhập {len(made)} tiêu chí vào bộ tiêu chí năm {index_year.year}.",
                                      framework_url(index_year), "success")
    return render_template("assessment/framework.html", **_framework_context(index_year, messages=messages)), 422

