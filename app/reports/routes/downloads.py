"""The downloads: the report as a Word document and its annex as a workbook, refused while the
typed-in figures disagree and the mismatch has not been accepted."""
import io

from flask import render_template, send_file
from flask_login import login_required

from ..compose import build_report
from ..figures import export_refusal
from ..wording import file_stem
from .common import bp, period_and_plan, report_settings

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export(period_id: int, build, extension: str, mimetype: str):
    period, plan = period_and_plan(period_id, "report.view")
    report = build_report(period, plan, report_settings())
    refusal = export_refusal(report)
    if refusal:
        return render_template("reports/refused.html", period=period, plan=plan, message=refusal), 422
    data = build(report)
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True,
                     download_name=f"{file_stem(period, plan)}{extension}")


@bp.get("/periods/<int:period_id>/report.docx")
@login_required
def download_docx(period_id):
    from ..docx import build_docx  # noqa: PLC0415  (python-docx (and lxml) load when a report is first downloaded)

    return _export(period_id, build_docx, ".docx", DOCX)


@bp.get("/periods/<int:period_id>/annex.xlsx")
@login_required
def download_xlsx(period_id):
    from ..xlsx import build_xlsx  # noqa: PLC0415  (openpyxl, and python-docx for its text cleaning)

    return _export(period_id, build_xlsx, " - Phụ lục.xlsx", XLSX)
