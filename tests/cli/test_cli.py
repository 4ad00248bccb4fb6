import sqlite3

import pytest

from app.extensions import db
from app.org.models import User


def test_create_admin_command(runner, app):
    result = runner.invoke(args=["create-admin", "--username", "admin2", "--full-name", "Quản trị viên",
                                 "--unit", "VP", "--password", "mat-khau-123"])
    assert result.exit_code == 0, result.output
    user = db.session.query(User).filter_by(username="admin2").one()
    assert user.has_role("admin") and user.check_password("mat-khau-123")
    assert user.unit.short_name == "VP"


def test_create_admin_refuses_a_short_password(runner, app):
    result = runner.invoke(args=["create-admin", "--username", "admin3", "--full-name", "Q",
                                 "--unit", "VP", "--password", "ngan"])
    assert result.exit_code != 0
    assert "ít nhất 8 ký tự" in result.output
    assert db.session.query(User).filter_by(username="admin3").count() == 0


@pytest.mark.sqlite_only
def test_backup_copies_the_live_database(runner, app, org, tmp_path):
    dest = tmp_path / "backups"
    result = runner.invoke(args=["backup", "--dest", str(dest)])
    assert result.exit_code == 0, result.output
    files = list(dest.glob("cchc-*/app.db"))
    assert len(files) == 1 and (files[0].parent / "manifest.json").is_file()
    copy = sqlite3.connect(files[0])
    try:
        names = {row[0] for row in copy.execute("SELECT username FROM users")}
        assert {"quantri", "vanphong", "thanhtra"} <= names
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        copy.close()


def test_backup_and_restore_refuse_postgresql_pointing_to_pg_dump(tmp_path):
    from app import create_app

    app = create_app({"SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": "postgresql://cchc@127.0.0.1:9/cchc"})
    app.instance_path = str(tmp_path)
    runner = app.test_cli_runner()
    for args in (["backup", str(tmp_path / "b")], ["restore", str(tmp_path)]):
        result = runner.invoke(args=args)
        assert result.exit_code == 1
        assert "dành cho cơ sở dữ liệu SQLite" in result.output and "pg_dump" in result.output
    assert not (tmp_path / "b").exists()
