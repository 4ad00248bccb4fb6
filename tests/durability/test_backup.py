"""`flask backup DIR` while the app serves writes, `flask restore DIR` into a fresh instance.

The backup is taken while writer threads save entries and upload files through a
real server; it is then restored into an empty instance folder and compared:
every row of the backup's database is in the restored one, equal; every file the
manifest lists is there with its SHA-256; integrity_check is ok; and the restored
app serves its pages and files and takes new writes. A tampered or missing file
makes the restore fail with a clear message and change nothing.
"""
import hashlib
import json
import sqlite3
import threading
import time

import pytest

from tests.durability.conftest import flask_command
from tests.durability.harness import Client, Server, Tally, scenario, start_writers

pytestmark = pytest.mark.sqlite_only


def table_rows(db_file) -> dict[str, list[tuple]]:
    connection = sqlite3.connect(db_file)
    try:
        tables = [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: sorted(connection.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        connection.close()


def scalar(db_file, sql):
    connection = sqlite3.connect(db_file)
    try:
        return connection.execute(sql).fetchone()[0]
    finally:
        connection.close()


def only_backup(parent):
    (folder,) = [p for p in parent.iterdir() if p.name.startswith("cchc-")]
    return folder


def test_backup_under_write_load_restores_into_a_fresh_instance(server, instance, tmp_path):
    plan = scenario(str(instance / "app.db"))
    evidence_at_start = scalar(instance / "app.db", "SELECT count(*) FROM evidence")
    tally, stop = Tally(), threading.Event()
    writers = start_writers(12, server.port, plan, tally, stop)
    try:
        deadline = time.monotonic() + 60
        while (tally.total("accepted") < 15 or len(tally.uploads) < 3) and time.monotonic() < deadline:
            time.sleep(0.05)
        accepted_before, uploaded_before = tally.total("accepted"), len(tally.uploads)
        result = flask_command(instance, "backup", tmp_path / "backups")
        assert result.exit_code == 0, result.output
        while tally.total("accepted") < accepted_before + 10 and time.monotonic() < deadline:
            time.sleep(0.05)  # the writers went on during and after the backup
        accepted_during = tally.total("accepted") - accepted_before
    finally:
        stop.set()
        for writer in writers:
            writer.join(timeout=120)
    assert not tally.errors, "\n".join(tally.errors[:20])
    assert accepted_during >= 10
    assert "Đã sao lưu vào" in result.output and "tệp đính kèm" in result.output
    backup = only_backup(tmp_path / "backups")
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    backup_db = backup / "app.db"
    assert scalar(backup_db, "PRAGMA integrity_check") == "ok"
    keys = {r[0] for r in sqlite3.connect(backup_db).execute("SELECT file_key FROM evidence")}
    assert {f"uploads/files/{k}" for k in keys} == {f["path"] for f in manifest["files"]}  # every row's file
    assert manifest["missing"] == [] and manifest["changed"] == []
    # The uploads accepted under load before the backup began are in it (those during it may be too).
    assert uploaded_before >= 3
    assert scalar(backup_db, "SELECT count(*) FROM evidence") >= evidence_at_start + uploaded_before

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    restored = flask_command(fresh, "restore", backup)
    assert restored.exit_code == 0, restored.output
    assert "Đã kiểm tra và khôi phục" in restored.output
    assert scalar(fresh / "app.db", "PRAGMA integrity_check") == "ok"
    assert table_rows(fresh / "app.db") == table_rows(backup_db)
    for item in manifest["files"]:
        assert hashlib.sha256((fresh / item["path"]).read_bytes()).hexdigest() == item["sha256"]
    assert flask_command(fresh, "doctor").exit_code == 0

    restored_server = Server(fresh).start()  # the restored app works
    try:
        client = Client(restored_server.port)
        client.login("vanphong")
        evidence_id = scalar(fresh / "app.db", "SELECT max(id) FROM evidence")
        assert client.get(f"/evidence/{evidence_id}/download", htmx=False)[0] == 200
        task = plan["tasks"]["vanphong"][0]
        status, panel = client.get(f"/periods/{plan['period_id']}/tasks/{task}/entry")
        assert status == 200
    finally:
        restored_server.stop()


@pytest.fixture
def backup(instance, tmp_path):
    result = flask_command(instance, "backup", "--dest", tmp_path / "backups")  # the old spelling still works
    assert result.exit_code == 0, result.output
    return only_backup(tmp_path / "backups")


def test_a_tampered_file_fails_the_restore_and_changes_nothing(backup, tmp_path):
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    victim = backup / manifest["files"][0]["path"]
    victim.write_bytes(victim.read_bytes() + b"x")
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    result = flask_command(fresh, "restore", backup)
    assert result.exit_code == 1
    assert "Bản sao lưu không toàn vẹn nên không khôi phục" in result.output
    assert f"Tệp {manifest['files'][0]['path']} không khớp với bản kê" in result.output
    assert not (fresh / "uploads").exists() and scalar(fresh / "app.db", "SELECT count(*) FROM sqlite_master") == 0


def test_a_missing_file_or_database_fails_the_restore(backup, tmp_path):
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    (backup / manifest["files"][-1]["path"]).unlink()
    (backup / "app.db").rename(backup / "old.db")
    result = flask_command(tmp_path / "fresh", "restore", backup)
    assert result.exit_code == 1
    assert f"Thiếu tệp {manifest['files'][-1]['path']}." in result.output and "Thiếu tệp app.db." in result.output


def test_restore_refuses_a_database_with_data_unless_forced(backup, instance, tmp_path):
    users_before = scalar(instance / "app.db", "SELECT count(*) FROM users")
    conn = sqlite3.connect(instance / "app.db")
    conn.execute("UPDATE users SET full_name = 'Đã đổi sau khi sao lưu' WHERE username = 'vanphong'")
    conn.commit()
    conn.close()
    refused = flask_command(instance, "restore", backup)
    assert refused.exit_code == 1 and "đang có dữ liệu: không ghi đè" in refused.output and "--force" in refused.output
    assert scalar(instance / "app.db", "SELECT full_name FROM users WHERE username = 'vanphong'") == \
        "Đã đổi sau khi sao lưu"
    forced = flask_command(instance, "restore", backup, "--force")
    assert forced.exit_code == 0, forced.output
    assert scalar(instance / "app.db", "SELECT full_name FROM users WHERE username = 'vanphong'") != \
        "Đã đổi sau khi sao lưu"
    assert scalar(instance / "app.db", "SELECT count(*) FROM users") == users_before


def test_restore_of_a_folder_that_is_not_a_backup(tmp_path, instance, backup):
    result = flask_command(tmp_path / "fresh", "restore", backup.parent)
    assert result.exit_code == 1
    assert "không phải một bản sao lưu của CCHC Tracker" in result.output and backup.name in result.output


def test_keep_removes_only_older_backups(instance, tmp_path):
    parent = tmp_path / "daily"
    for _ in range(3):
        assert flask_command(instance, "backup", parent, "--keep", "2").exit_code == 0
    (parent / "notes").mkdir()  # not a backup: never touched
    result = flask_command(instance, "backup", parent, "--keep", "2")
    assert result.exit_code == 0 and "Đã xóa bản sao lưu cũ" in result.output
    assert len([p for p in parent.iterdir() if p.name.startswith("cchc-")]) == 2 and (parent / "notes").exists()
