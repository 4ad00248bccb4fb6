"""Flask commands: flask demo, flask create-admin, flask backup, flask remind."""
import os
import sqlite3
from datetime import datetime

import click
from flask import current_app
from sqlalchemy import select

from .extensions import db
from .transactions import transaction


def register_cli(app) -> None:
    from .reports.cli import report_cli

    app.cli.add_command(report_cli)

    @app.cli.command("demo")
    @click.option("--if-empty", is_flag=True, help="Chỉ nạp khi cơ sở dữ liệu chưa có người dùng nào.")
    def demo_command(if_empty):
        """Nạp dữ liệu mẫu: các đơn vị, tài khoản mẫu và các kế hoạch CCHC thật."""
        from .demo import database_is_empty, demo_logins, load_demo

        if not database_is_empty():
            if if_empty:
                click.echo("Cơ sở dữ liệu đã có dữ liệu: không nạp dữ liệu mẫu.")
            else:
                raise click.ClickException("Cơ sở dữ liệu đã có dữ liệu; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống.")
        else:
            with transaction():
                result = load_demo()
            click.echo(f"Đã nạp dữ liệu mẫu: {len(result['users'])} tài khoản, {len(result['plans'])} kế hoạch, "
                       f"{len(result['reporting']['periods'])} kỳ báo cáo.")
        _print_logins(demo_logins())

    @app.cli.command("demo-logins")
    def demo_logins_command():
        """In các tài khoản mẫu còn dùng mật khẩu mẫu."""
        from .demo import demo_logins

        _print_logins(demo_logins())

    @app.cli.command("create-admin")
    @click.option("--username", prompt="Tên đăng nhập")
    @click.option("--full-name", prompt="Họ và tên")
    @click.option("--unit", "unit_short_name", prompt="Tên viết tắt của đơn vị (ví dụ VP)")
    @click.password_option("--password", prompt="Mật khẩu")
    def create_admin(username, full_name, unit_short_name, password):
        """Tạo tài khoản quản trị (và đơn vị nếu chưa có)."""
        from .errors import DomainError
        from .org.models import ADMIN, Unit
        from .org.services import create_unit, create_user

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
    @click.option("--dest", default=None, help="Thư mục lưu bản sao (mặc định instance/backups).")
    def backup_command(dest):
        """Sao lưu cơ sở dữ liệu SQLite an toàn khi ứng dụng đang chạy."""
        path = backup_sqlite(dest)
        click.echo(f"Đã sao lưu: {path}")


def _print_logins(rows) -> None:
    if not rows:
        return
    click.echo("Tài khoản mẫu (tên đăng nhập / mật khẩu — vai trò, đơn vị):")
    for username, password, roles, unit in rows:
        click.echo(f"  {username:<14} / {password}  — {roles}, {unit}")


def backup_sqlite(dest: str | None = None) -> str:
    """Copy the live SQLite database with SQLite's online backup API; returns the file path."""
    engine = db.engine
    if engine.dialect.name != "sqlite":
        raise click.ClickException(
            "Cơ sở dữ liệu là PostgreSQL: lệnh này chỉ sao lưu SQLite. Hãy sao lưu bằng pg_dump "
            "(ví dụ: pg_dump -Fc -f cchc.dump cchc) và sao chép thư mục tệp tải lên (UPLOAD_FOLDER); xem README.")
    source_path = engine.url.database
    dest = dest or os.path.join(current_app.instance_path, "backups")
    os.makedirs(dest, exist_ok=True)
    target = os.path.join(dest, f"app-{datetime.now().strftime('%Y%m%d-%H%M%S')}.db")
    source = sqlite3.connect(source_path)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return target


def remind(on: str | None = None) -> None:
    """`flask remind`, run once a day (cron, Task Scheduler): the due-soon notices in the app, then,
    when SMTP is configured, each user's digest e-mail of due-soon, overdue and returned items."""
    import smtplib

    from .formatting import local_today, parse_vn_date
    from .progress import digest
    from .progress.notifications import due_soon

    try:
        today = parse_vn_date(on) if on else local_today()
    except ValueError as exc:
        raise click.BadParameter("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 12/03/2026).",
                                 param_hint="--date") from exc
    today = today or local_today()
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
