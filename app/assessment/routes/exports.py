"""The year's exports (/index/<year>/exports): the self-assessment report (.docx, with the difficulties and
proposals the Office writes for it) and the evidence pack (the ZIP, streamed)."""
import io

from flask import Response, current_app, render_template, send_file, url_for
from flask_login import current_user, login_required
from wtforms import HiddenField, TextAreaField

from ...forms import BaseForm, drop_nul, max_length, version_of
from ...formatting import utcnow
from ...htmx import flash_and_redirect, submit_form
from ...permissions import can
from ...reports.wording import ReportSettings, period_phrase
from ...storage import storage
from ..pack import plan_pack, stream_pack
from ..report import REPORT_TEXT_LIMIT, build_report_docx, compose_report, save_report_text, signed_for
from .common import bp, load_year

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ReportTextForm(BaseForm):
    version = HiddenField()
    difficulties = TextAreaField("Khó khăn, vướng mắc", [max_length(REPORT_TEXT_LIMIT)], filters=[drop_nul],
                                 render_kw={"rows": 5})
    proposals = TextAreaField("Đề xuất, kiến nghị", [max_length(REPORT_TEXT_LIMIT)], filters=[drop_nul],
                              render_kw={"rows": 5})


def _context(index_year) -> dict:
    pack = plan_pack(index_year)
    signed, period = signed_for(index_year, ReportSettings.from_config(current_app.config))
    return {"index_year": index_year, "pack": pack, "codes": len({f.code for f in pack.files}),
            "can_edit": can(current_user, "index.report_text", index_year), "signed": signed,
            "signed_on": period and {"phrase": period_phrase(period), "url": url_for("reports.draft", period_id=period.id)
                                     if can(current_user, "report.view", period) else None}}


def _form(index_year) -> ReportTextForm:
    form = ReportTextForm()
    if not form.is_submitted():
        form.version.data = index_year.version
        form.difficulties.data, form.proposals.data = index_year.report_difficulties, index_year.report_proposals
    return form


@bp.get("/<int:year>/exports")
@login_required
def exports(year):
    index_year = load_year(year, "index.export")
    return render_template("assessment/exports.html", form=_form(index_year), messages=[], **_context(index_year))


@bp.post("/<int:year>/report-text")
@login_required
def save_text(year):
    index_year = load_year(year, "index.report_text")
    form = _form(index_year)
    return submit_form(
        form, lambda: save_report_text(current_user, index_year, form.difficulties.data or "",
                                       form.proposals.data or "", version_of(form)),
        template="assessment/exports.html", context=_context(index_year),
        done=lambda _: flash_and_redirect("Đã lưu nội dung báo cáo.", url_for("assessment.exports", year=year),
                                          "success"))


@bp.get("/<int:year>/report.docx")
@login_required
def report_docx(year):
    index_year = load_year(year, "index.export")
    report = compose_report(index_year, ReportSettings.from_config(current_app.config))
    return send_file(io.BytesIO(build_report_docx(report)), mimetype=DOCX, as_attachment=True,
                     download_name=report.filename)


@bp.get("/<int:year>/pack.zip")
@login_required
def pack(year):
    """Streamed: the ZIP is written while it is sent (pack.stream_pack), never whole in memory."""
    index_year = load_year(year, "index.export")
    plan = plan_pack(index_year)
    response = Response(stream_pack(plan, storage(), utcnow()), mimetype="application/zip")
    response.headers.set("Content-Disposition", "attachment", filename=plan.filename)
    return response
