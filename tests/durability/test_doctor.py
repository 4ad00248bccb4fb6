"""`flask doctor`: evidence rows against stored files, on hand-made orphans. It reports, and with
--fix moves stray files to quarantine; it never deletes a file or a row."""
import os
import sqlite3
import time

import pytest

from tests.durability.conftest import flask_command

pytestmark = pytest.mark.sqlite_only  # the instance is a SQLite file (tests/durability/conftest.py)

OLD = time.time() - 3600  # an hour ago: past the grace period


def rows(folder) -> int:
    connection = sqlite3.connect(folder / "app.db")
    try:
        return connection.execute("SELECT count(*) FROM evidence").fetchone()[0]
    finally:
        connection.close()


def first_evidence(folder) -> tuple[int, str]:
    connection = sqlite3.connect(folder / "app.db")
    try:
        return connection.execute("SELECT id, file_key FROM evidence ORDER BY id LIMIT 1").fetchone()
    finally:
        connection.close()


def write(path, content: bytes, mtime: float | None = None):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def test_a_healthy_instance_is_reported_as_such(instance):
    result = flask_command(instance, "doctor")
    assert result.exit_code == 0, result.output
    assert "Tài liệu thiếu tệp: 0" in result.output
    assert "Tệp không thuộc tài liệu nào: 0" in result.output
    assert "integrity_check): tốt" in result.output
    assert "không có gì bất thường" in result.output


def test_doctor_reports_then_quarantines_orphans_and_never_deletes_evidence(instance):
    files = instance / "uploads" / "files"
    evidence_id, key = first_evidence(instance)
    kept = (files / key).read_bytes()
    (files / key).unlink()  # a row whose file is gone
    orphan = write(files / "ab" / ("ab" + "0" * 30 + ".pdf"), b"%PDF-1.4 orphan", OLD)
    recent = write(files / "cd" / ("cd" + "1" * 30 + ".txt"), b"being uploaded right now")
    stray = write(instance / "uploads" / "tmp" / "0123456789abcdef.part", b"half an upl", OLD)
    before = rows(instance)

    report = flask_command(instance, "doctor")
    assert report.exit_code == 1
    out = report.output
    assert f"Tài liệu thiếu tệp: 1\n  - tài liệu #{evidence_id}" in out and key in out
    assert "Tệp không thuộc tài liệu nào: 1\n  - ab/ab000" in out
    assert "Tệp tạm của lần tải lên bị gián đoạn: 1\n  - 0123456789abcdef.part" in out
    assert "Bỏ qua 1 tệp mới ghi" in out  # the recent one is not judged
    assert "flask doctor --fix" in out
    assert orphan.exists() and stray.exists()  # reporting changes nothing

    fixed = flask_command(instance, "doctor", "--fix")
    assert fixed.exit_code == 1  # the row without its file is still there, reported
    assert "đã chuyển vào thư mục cách ly" in fixed.output
    quarantine = instance / "uploads" / "quarantine"
    assert not orphan.exists() and (quarantine / "ab" / orphan.name).read_bytes() == b"%PDF-1.4 orphan"
    assert "không thuộc tài liệu kiểm chứng nào" in (quarantine / "ab" / (orphan.name + ".reason.txt")).read_text(
        encoding="utf-8")
    assert not stray.exists() and (quarantine / "tmp" / stray.name).read_bytes() == b"half an upl"
    assert recent.exists()  # too recent to judge: left where it is
    assert rows(instance) == before  # the row whose file is missing is kept

    write(files / key, kept)  # its file restored from a backup
    recent.unlink()  # that upload failed after all (its request deleted it)
    again = flask_command(instance, "doctor")
    assert again.exit_code == 0, again.output
    assert "không có gì bất thường" in again.output


def test_grace_zero_judges_every_file(instance):
    fresh = write(instance / "uploads" / "files" / "ef" / ("ef" + "2" * 30 + ".txt"), b"orphan just now")
    result = flask_command(instance, "doctor", "--fix", "--grace", "0")
    assert result.exit_code == 0, result.output
    assert "đã cách ly 1 tệp" in result.output
    assert not fresh.exists() and (instance / "uploads" / "quarantine" / "ef" / fresh.name).exists()
