"""Flask commands: flask demo, create-admin, remind, backup, restore, doctor."""
import os
import smtplib
import time

import click
from flask import current_app
from sqlalchemy import select

from . import maintenance
from .assessment.cli import index_cli
from .demo import database_is_empty, demo_logins, load_demo
from .errors import DomainError
from .extensions import db
from .formatting import local_today, parse_vn_date, vn_number
from .org.models import ADMIN, Unit
from .org.services import create_unit, create_user
from .progress import digest
from .progress.evidence import size_text
from .progress.notifications import due_soon
from .reports.cli import report_cli
from .transactions import transaction


def register_cli(app) -> None:
    app.cli.add_command(report_cli)
    app.cli.add_command(index_cli)

    @app.cli.command("demo")
    @click.option("--if-empty", is_flag=True, help="Chỉ nạp khi cơ sở dữ liệu chưa có người dùng nào.")
    @click.option("--today", "on", default=None, metavar="DD/MM/YYYY",
                  help="Nạp dữ liệu mẫu như thể hôm nay là ngày này (mặc định: hôm nay).")
    def demo_command(if_empty, on):
        """Nạp dữ liệu mẫu: các đơn vị, tài khoản mẫu, các kế hoạch CCHC thật và các kỳ báo cáo của năm
        tính đến hôm nay."""
        today = _day_option(on, "--today")
        if not database_is_empty():
            if if_empty:
                click.echo("Cơ sở dữ liệu đã có dữ liệu: không nạp dữ liệu mẫu.")
            else:
                raise click.ClickException("Cơ sở dữ liệu đã có dữ liệu; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống.")
        else:
            with transaction():
                result = load_demo(today)
            click.echo(f"Đã nạp dữ liệu mẫu: {len(result['users'])} tài khoản, {len(result['plans'])} kế hoạch, "
                       f"{len(result['reporting']['periods'])} kỳ báo cáo.")
        _print_logins(demo_logins())

    @app.cli.command("demo-logins")
    def demo_logins_command():
        """In các tài khoản mẫu còn dùng mật khẩu mẫu."""
        _print_logins(demo_logins())

    @app.cli.command("create-admin")
    @click.option("--username", prompt="Tên đăng nhập")
    @click.option("--full-name", prompt="Họ và tên")
    @click.option("--unit", "unit_short_name", prompt="Tên viết tắt của đơn vị (ví dụ VP)")
    @click.password_option("--password", prompt="Mật khẩu")
    def create_admin(username, full_name, unit_short_name, password):
        """Tạo tài khoản quản trị (và đơn vị nếu chưa có)."""
        unit = db.session.scalar(select(Unit).where(Unit.short_name == unit_short_name))
        try:
            with transaction():
                if unit is None:
                    unit = create_unit(None, name=unit_short_name, short_name=unit_short_name, kind="van_phong")
                create_user(None, username=username, full_name=full_name, unit=unit, roles=[ADMIN],
                            password=password, must_change_password=False)
        except DomainError as exc:
            raise click.ClickException(exc.message) from exc
        click.echo(f"Đã tạo tài khoản quản trị “{username}”.")

    @app.cli.command("remind")
    @click.option("--date", "on", default=None, metavar="DD/MM/YYYY",
                  help="Nhắc việc tính đến ngày này (mặc định: hôm nay).")
    def remind_command(on):
        """Nhắc việc: tạo thông báo sắp đến hạn trong ứng dụng và gửi thư điện tử tổng hợp (nếu có SMTP)."""
        remind(on)

    @app.cli.command("backup")
    @click.argument("folder", required=False, metavar="THƯ_MỤC")
    @click.option("--dest", default=None, metavar="THƯ_MỤC", help="Như THƯ_MỤC (cách viết cũ).")
    @click.option("--keep", type=int, default=None, metavar="N",
                  help="Chỉ giữ N bản sao lưu mới nhất trong thư mục (xóa các bản cũ hơn do lệnh này tạo).")
    def backup_command(folder, dest, keep):
        """Sao lưu khi ứng dụng đang chạy: cơ sở dữ liệu SQLite, tệp đính kèm và bản kê SHA-256.

        Mỗi lần chạy tạo một thư mục cchc-NĂMTHÁNGNGÀY-GIỜPHÚTGIÂY trong THƯ_MỤC
        (mặc định instance/backups)."""
        if folder and dest and os.path.abspath(folder) != os.path.abspath(dest):
            raise click.UsageError("Chỉ ghi một thư mục: THƯ_MỤC hoặc --dest.")
        started = time.perf_counter()
        result = _domain(maintenance.backup, folder or dest, keep)
        click.echo(f"Đã sao lưu vào {result.path}: cơ sở dữ liệu và {vn_number(result.files)} tệp đính kèm "
                   f"({size_text(result.size)}) trong {vn_number(round(time.perf_counter() - started, 1))} giây.")
        if result.missing:
            click.echo(f"Cảnh báo: {len(result.missing)} tài liệu kiểm chứng không có tệp trong kho nên không có "
                       "trong bản sao lưu (chạy “flask doctor” để xem).", err=True)
        if result.changed:
            click.echo(f"Cảnh báo: {len(result.changed)} tệp có mã SHA-256 khác với khi tải lên: "
                       + ", ".join(result.changed[:10]), err=True)
        for path in result.removed:
            click.echo(f"Đã xóa bản sao lưu cũ: {path}")

    @app.cli.command("restore")
    @click.argument("folder", metavar="THƯ_MỤC")
    @click.option("--force", is_flag=True, help="Ghi đè cơ sở dữ liệu và tệp đính kèm đang có.")
    def restore_command(folder, force):
        """Khôi phục một bản sao lưu (thư mục cchc-…) vào instance này, sau khi kiểm tra bản kê SHA-256.

        Hãy dừng ứng dụng trước khi khôi phục."""
        started = time.perf_counter()
        result = _domain(maintenance.restore, folder, force)
        click.echo(f"Đã kiểm tra và khôi phục {result.database} cùng {vn_number(result.files)} tệp đính kèm "
                   f"({size_text(result.size)}) trong {vn_number(round(time.perf_counter() - started, 1))} giây.")
        if result.missing:
            click.echo(f"Lưu ý: bản sao lưu có {len(result.missing)} tài liệu kiểm chứng vốn đã thiếu tệp.", err=True)

    @app.cli.command("doctor")
    @click.option("--fix", is_flag=True,
                  help="Chuyển tệp không thuộc tài liệu nào và tệp tạm dở dang vào thư mục cách ly (không xóa).")
    @click.option("--grace", type=float, default=10, show_default=True, metavar="PHÚT",
                  help="Bỏ qua tệp mới ghi trong chừng này phút (có thể đang tải lên).")
    def doctor_command(fix, grace):
        """Đối chiếu tài liệu kiểm chứng trong cơ sở dữ liệu với tệp đã lưu; không bao giờ xóa tài liệu."""
        report = maintenance.doctor(fix=fix, grace_minutes=grace)
        _print_doctor(report, fix)
        if not report.healthy:
            raise SystemExit(1)


def _domain(function, *args):
    try:
        return function(*args)
    except DomainError as exc:
        raise click.ClickException("\n".join(exc.messages)) from exc


def _print_doctor(report, fix: bool) -> None:
    click.echo(f"Cơ sở dữ liệu có {vn_number(report.rows)} tài liệu kiểm chứng có tệp; "
               f"kho lưu có {vn_number(report.files)} tệp.")
    if report.integrity is not None:
        click.echo("Kiểm tra toàn vẹn cơ sở dữ liệu (integrity_check): "
                   + ("tốt." if report.integrity == "ok" else f"LỖI — {report.integrity}"))
    click.echo(f"Tài liệu thiếu tệp: {len(report.missing)}")
    for item in report.missing:
        click.echo(f"  - tài liệu #{item.evidence_id} của báo cáo #{item.entry_id}, “{item.name}”: "
                   f"không có tệp {item.key} (giữ nguyên, cần khôi phục tệp từ bản sao lưu)")
    click.echo(f"Tệp không thuộc tài liệu nào: {len(report.orphans)}")
    for key in report.orphans:
        moved = " → đã chuyển vào thư mục cách ly" if key in report.quarantined else ""
        click.echo(f"  - {key}{moved}")
    click.echo(f"Tệp tạm của lần tải lên bị gián đoạn: {len(report.temp)}")
    for name in report.temp:
        moved = " → đã chuyển vào thư mục cách ly" if f"tmp/{name}" in report.quarantined else ""
        click.echo(f"  - {name}{moved}")
    if report.recent:
        click.echo(f"Bỏ qua {len(report.recent)} tệp mới ghi (có thể đang tải lên); chạy lại sau.")
    if report.healthy:
        click.echo("Kết quả: dữ liệu khớp, không có gì bất thường."
                   if not report.quarantined else
                   f"Kết quả: đã cách ly {len(report.quarantined)} tệp; dữ liệu còn lại khớp.")
    elif not fix and (report.orphans or report.temp):
        click.echo("Chạy “flask doctor --fix” để chuyển các tệp thừa vào thư mục cách ly.")


def _print_logins(rows) -> None:
    if not rows:
        return
    click.echo("Tài khoản mẫu (tên đăng nhập / mật khẩu — vai trò, đơn vị):")
    for username, password, roles, unit in rows:
        click.echo(f"  {username:<14} / {password}  — {roles}, {unit}")


def _day_option(on: str | None, option: str):
    """The day a command runs as: ``on`` (dd/mm/yyyy) or today in Asia/Ho_Chi_Minh."""
    try:
        day = parse_vn_date(on) if on else None
    except ValueError as exc:
        raise click.BadParameter("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 12/03/2026).",
                                 param_hint=option) from exc
    return day or local_today()


def remind(on: str | None = None) -> None:
    """`flask remind`, run once a day (cron, Task Scheduler): the due-soon notices in the app, then,
    when SMTP is configured, each user's digest e-mail of due-soon, overdue and returned items."""
    today = _day_option(on, "--date")
    with transaction():
        created = due_soon(today)
    click.echo(f"Đã tạo {len(created)} thông báo sắp đến hạn trong ứng dụng.")

    config = current_app.config
    try:
        settings = digest.smtp_settings(config)
    except digest.MailSettingsError as exc:
        raise click.ClickException(str(exc)) from exc
    if settings is None:
        click.echo("Chưa cấu hình máy chủ thư (SMTP_HOST) nên không gửi thư điện tử; "
                   "nhắc việc trong ứng dụng vẫn hoạt động.")
        return
    run = digest.collect_digests(today, config["DUE_SOON_DAYS"])
    messages = [digest.compose(d, today, settings, config["BASE_URL"], config["ORG_NAME"]) for d in run.digests]
    try:
        sent, failed = digest.send_all(messages, settings)
    except (OSError, smtplib.SMTPException) as exc:
        raise click.ClickException(
            f"Không gửi được thư qua máy chủ {settings.host}:{settings.port}: {exc}. "
            "Thông báo trong ứng dụng đã được tạo.") from exc
    click.echo(f"Đã gửi {sent} thư nhắc việc.")
    if run.skipped:
        click.echo(f"Bỏ qua {len(run.skipped)} người chưa có địa chỉ thư điện tử: "
                   + ", ".join(u.username for u in run.skipped) + ".")
    if failed:
        for recipient, error in failed:
            click.echo(f"Không gửi được tới {recipient}: {error}", err=True)
        raise click.ClickException(f"{len(failed)} thư không gửi được.")
