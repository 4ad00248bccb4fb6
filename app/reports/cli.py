"""flask report export --period ID [--plan ID] --docx FILE --xlsx FILE"""
import click
from flask import current_app
from flask.cli import AppGroup

from ..extensions import db
from ..formatting import vn_number
from ..plans.models import CLOSED, ISSUED, Plan
from ..progress.models import ReportingPeriod
from .compose import build_report
from .figures import export_refusal
from .wording import ReportSettings

report_cli = AppGroup("report", help="Báo cáo định kỳ: xuất báo cáo Word và phụ lục Excel.")


@report_cli.command("export")
@click.option("--period", "period_id", type=int, required=True, help="Mã kỳ báo cáo.")
@click.option("--plan", "plan_id", type=int, default=None, help="Mã kế hoạch (mặc định: mọi kế hoạch đang thực hiện).")
@click.option("--docx", "docx_path", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Tệp .docx để ghi báo cáo.")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Tệp .xlsx để ghi phụ lục.")
def export_command(period_id, plan_id, docx_path, xlsx_path):
    """Xuất báo cáo của một kỳ (nội dung dự thảo đã lưu, kể cả phần sửa tay)."""
    from .docx import build_docx  # noqa: PLC0415  (python-docx (and lxml) load only when a report is exported)
    from .xlsx import build_xlsx  # noqa: PLC0415  (openpyxl and python-docx)

    if not docx_path and not xlsx_path:
        raise click.UsageError("Cần ít nhất một trong hai tùy chọn --docx hoặc --xlsx.")
    period = db.session.get(ReportingPeriod, period_id)
    if period is None:
        raise click.ClickException(f"Không có kỳ báo cáo mã {period_id}.")
    plan = None
    if plan_id is not None:
        plan = db.session.get(Plan, plan_id)
        if plan is None or plan.status not in (ISSUED, CLOSED):
            raise click.ClickException(f"Không có kế hoạch đã ban hành mã {plan_id}.")
    report = build_report(period, plan, ReportSettings.from_config(current_app.config))
    refusal = export_refusal(report)
    if refusal:
        raise click.ClickException(refusal)
    for path, build in ((docx_path, build_docx), (xlsx_path, build_xlsx)):
        if path:
            with open(path, "wb") as handle:
                handle.write(build(report))
            click.echo(f"Đã ghi {path}")
    total = report.stats.total
    click.echo(f"{period.title}: hoàn thành {total.done}/{total.total} nhiệm vụ ({vn_number(total.percent_done)}%).")
