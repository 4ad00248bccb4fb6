"""Flask commands: flask demo, flask create-admin, flask backup."""
import os
import sqlite3
from datetime import datetime

import click
from flask import current_app
from sqlalchemy import select

from .extensions import db
from .transactions import transaction


def register_cli(app) -> None:
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
        raise click.ClickException("Lệnh này dành cho SQLite; với PostgreSQL hãy dùng pg_dump (xem README).")
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
