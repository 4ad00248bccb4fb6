"""Keeping the data: online backups, restoring them, and checking database rows against stored files.

``backup`` copies the live SQLite database with SQLite's online backup API (one
step: a consistent snapshot, while people keep working), then the evidence
files its rows refer to (files are write-once, and copied after the snapshot,
so every row of the copy finds its file), then writes ``manifest.json``: the
size and SHA-256 of every file. The backup is assembled in a hidden folder and
renamed into place at the end: a backup folder with a manifest is complete.

``restore`` verifies a backup against its manifest before touching anything,
refuses to overwrite a database that holds data (unless forced), then copies
the database and the files into this instance.

``doctor`` compares the evidence rows with the stored files: a row whose file is
missing is reported (never deleted); a stored file without a row (an upload
interrupted between writing its file and committing its row, e.g. by a crash)
and a temporary file left by an interrupted upload are reported and, with
``fix``, moved to the store's quarantine folder. Nothing is ever deleted.

The CLI (app/cli.py) prints the results in Vietnamese. The files kept are the evidence files, so
this module reads progress's ``Evidence`` rows (the one domain model it imports).
"""
import hashlib
import json
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from .errors import DomainError
from .extensions import db
from .progress.models import Evidence
from .storage import CHUNK, check_key, storage

MANIFEST = "manifest.json"
DATABASE = "app.db"
FILES = "uploads/files"
PREFIX = "cchc-"
FORMAT = 1
POSTGRES_MESSAGE = ("Lệnh này dành cho cơ sở dữ liệu SQLite. Với PostgreSQL, hãy sao lưu bằng pg_dump và "
                    "khôi phục bằng pg_restore (xem mục “Dữ liệu nằm ở đâu, và sao lưu” trong README); "
                    "thư mục tệp đính kèm (UPLOAD_FOLDER) sao chép riêng.")


def sqlite_path() -> str:
    """The SQLite database file of this app; a clear refusal on another database."""
    engine = db.engine
    if engine.dialect.name != "sqlite" or not engine.url.database or engine.url.database == ":memory:":
        raise DomainError(POSTGRES_MESSAGE)
    return os.path.abspath(engine.url.database)


def _sha256(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _copy_database(source: str, target: str, journal_mode: str) -> None:
    """SQLite's online backup API, in one step: a consistent snapshot even while others write."""
    timeout = current_app.config.get("SQLITE_BUSY_TIMEOUT_MS", 10000) / 1000
    src = sqlite3.connect(source, timeout=timeout)
    try:
        dst = sqlite3.connect(target, timeout=timeout)
        try:
            src.backup(dst)
            dst.execute(f"PRAGMA journal_mode = {journal_mode}")
            dst.commit()
        finally:
            dst.close()
    finally:
        src.close()


def _integrity(path: str) -> str:
    connection = sqlite3.connect(path)
    try:
        return "; ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
    finally:
        connection.close()


# -- backup ---------------------------------------------------------------------------

@dataclass
class BackupResult:
    path: Path
    files: int
    size: int  # bytes, database included
    missing: list[str]  # evidence rows whose file was not in the store
    changed: list[str]  # stored files whose SHA-256 differs from their row's
    removed: list[Path] = field(default_factory=list)  # older backups removed by ``keep``


def backup(parent: str | None = None, keep: int | None = None) -> BackupResult:
    """A new backup folder ``cchc-YYYYMMDD-HHMMSS`` inside ``parent`` (default instance/backups)."""
    source = sqlite_path()
    if keep is not None and keep < 1:
        raise DomainError("Số bản sao lưu giữ lại (--keep) phải từ 1 trở lên.")
    parent_dir = Path(parent or os.path.join(current_app.instance_path, "backups")).resolve()
    parent_dir.mkdir(parents=True, exist_ok=True)
    name = f"{PREFIX}{datetime.now():%Y%m%d-%H%M%S}"
    final, n = parent_dir / name, 1
    while final.exists():
        n += 1
        final = parent_dir / f"{name}-{n}"
    work = parent_dir / f".{final.name}.dang-sao-luu"
    (work / FILES).mkdir(parents=True)
    try:
        result = _fill_backup(source, work)
        os.replace(work, final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    result.path = final
    if keep is not None:
        result.removed = _prune(parent_dir, keep)
    return result


def _fill_backup(source: str, work: Path) -> BackupResult:
    _copy_database(source, str(work / DATABASE), "DELETE")  # a self-contained file, no -wal beside it
    connection = sqlite3.connect(work / DATABASE)
    try:
        rows = connection.execute(
            "SELECT file_key, sha256 FROM evidence WHERE file_key IS NOT NULL ORDER BY id").fetchall()
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        connection.close()
    db_sha, db_size = _sha256(work / DATABASE)
    store = storage()
    files, missing, changed, seen = [], [], [], set()
    total = db_size
    for key, expected in rows:
        if key in seen:
            continue
        seen.add(key)
        target = work / FILES / check_key(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        try:
            with store.open(key) as src, open(target, "wb") as out:
                for chunk in iter(lambda: src.read(CHUNK), b""):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
        except FileNotFoundError:
            target.unlink(missing_ok=True)
            missing.append(key)
            continue
        sha = digest.hexdigest()
        if expected and sha != expected:
            changed.append(key)
        files.append({"path": f"{FILES}/{key}", "size": size, "sha256": sha})
        total += size
    manifest = {
        "format": FORMAT, "app": "CCHC Tracker", "created_at": datetime.now().astimezone().isoformat(),
        "schema_revision": revision[0] if revision else None,
        "database": {"path": DATABASE, "size": db_size, "sha256": db_sha},
        "files": files, "missing": missing, "changed": changed,
    }
    with open(work / MANIFEST, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, ensure_ascii=False, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    return BackupResult(work, len(files), total, missing, changed)


def _prune(parent: Path, keep: int) -> list[Path]:
    """Remove the oldest complete backups in ``parent`` beyond the ``keep`` newest (only folders this
    command made: ``cchc-…`` with a manifest)."""
    backups = sorted(p for p in parent.iterdir()
                     if p.is_dir() and p.name.startswith(PREFIX) and (p / MANIFEST).is_file())
    old = backups[:-keep]
    for path in old:
        shutil.rmtree(path)
    return old


# -- restore --------------------------------------------------------------------------

def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not folder.is_dir():
        raise DomainError(f"Không có thư mục {folder}.")
    if not path.is_file():
        found = sorted(p.name for p in folder.glob(f"{PREFIX}*") if (p / MANIFEST).is_file())
        hint = f" Các bản sao lưu trong thư mục này: {', '.join(found[-5:])}." if found else ""
        raise DomainError(f"Thư mục {folder} không phải một bản sao lưu của CCHC Tracker (không có {MANIFEST}).{hint}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT or not isinstance(manifest.get("files"), list):
            raise ValueError(manifest.get("format"))
    except (ValueError, AttributeError) as exc:
        raise DomainError(f"Tệp {MANIFEST} của bản sao lưu bị hỏng hoặc không đúng định dạng.") from exc
    return manifest


def verify_backup(folder: Path, manifest: dict) -> list[str]:
    """What is wrong with the backup's files, checked against its manifest (empty: all good)."""
    problems = []
    entries = [manifest.get("database") or {}] + list(manifest["files"])
    for item in entries:
        relative = str(item.get("path", ""))
        path = (folder / relative).resolve()
        if not relative or folder.resolve() not in path.parents:
            problems.append(f"Bản kê có đường dẫn không hợp lệ: {relative!r}.")
            continue
        if not path.is_file():
            problems.append(f"Thiếu tệp {relative}.")
            continue
        sha, size = _sha256(path)
        if sha != item.get("sha256") or size != item.get("size"):
            problems.append(f"Tệp {relative} không khớp với bản kê (kích thước hoặc mã SHA-256 khác).")
    return problems


def database_has_data(path: str) -> bool:
    """Whether the SQLite file holds any row (an empty, freshly migrated database holds none)."""
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return False
    connection = sqlite3.connect(path)
    try:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'alembic_version'")]
        return any(connection.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone() for t in tables)
    finally:
        connection.close()


@dataclass
class RestoreResult:
    database: str
    files: int
    size: int
    missing: list[str]  # rows the backup already had without their file


def restore(folder: str, force: bool = False) -> RestoreResult:
    """Verify the backup in ``folder``, then copy it into this instance (its database and store)."""
    target = sqlite_path()
    source = Path(folder).resolve()
    manifest = read_manifest(source)
    problems = verify_backup(source, manifest)
    if problems:
        raise DomainError("Bản sao lưu không toàn vẹn nên không khôi phục (dữ liệu hiện tại không thay đổi):",
                          *problems[:20], *(["…"] if len(problems) > 20 else []))
    store = storage()
    if not force:
        if database_has_data(target):
            raise DomainError(f"Cơ sở dữ liệu {target} đang có dữ liệu: không ghi đè. Hãy khôi phục vào một "
                              "thư mục instance mới, hoặc thêm --force nếu chắc chắn muốn thay toàn bộ dữ liệu "
                              "hiện tại bằng bản sao lưu.")
        if next(iter(store.keys()), None) is not None:
            raise DomainError("Thư mục tệp đính kèm đang có tệp: không ghi đè. Hãy khôi phục vào một thư mục "
                              "instance mới, hoặc thêm --force.")
    db.session.remove()
    db.engine.dispose()  # no connection of this process keeps the old database open
    os.makedirs(os.path.dirname(target), exist_ok=True)
    _copy_database(str(source / manifest["database"]["path"]), target, "WAL")
    integrity = _integrity(target)
    if integrity != "ok":
        raise DomainError(f"Cơ sở dữ liệu sau khi khôi phục không toàn vẹn: {integrity}")
    size = manifest["database"]["size"]
    for item in manifest["files"]:
        key = check_key(item["path"].removeprefix(FILES + "/"))
        with open(source / item["path"], "rb") as handle:
            stored = store.put(key, handle)
        if stored.sha256 != item["sha256"]:
            raise DomainError(f"Tệp {item['path']} đọc ra khác bản kê trong khi khôi phục: hãy kiểm tra ổ đĩa.")
        size += stored.size
    return RestoreResult(target, len(manifest["files"]), size, list(manifest.get("missing") or []))


# -- doctor ---------------------------------------------------------------------------

@dataclass
class MissingFile:
    evidence_id: int
    entry_id: int
    name: str
    key: str


@dataclass
class DoctorReport:
    rows: int = 0
    files: int = 0
    missing: list[MissingFile] = field(default_factory=list)  # rows whose file is not in the store
    orphans: list[str] = field(default_factory=list)  # stored files without a row
    recent: list[str] = field(default_factory=list)  # files without a row, too recent to judge
    temp: list[str] = field(default_factory=list)  # temporary files of interrupted uploads
    integrity: str | None = None  # PRAGMA integrity_check (SQLite)
    quarantined: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        """Nothing left to look at (after ``fix``, moved files no longer count)."""
        left_orphans = [k for k in self.orphans if k not in self.quarantined]
        left_temp = [n for n in self.temp if f"tmp/{n}" not in self.quarantined]
        return not (self.missing or left_orphans or left_temp) and self.integrity in (None, "ok")


def doctor(fix: bool = False, grace_minutes: float = 10) -> DoctorReport:
    """Evidence rows against stored files. A file without a row younger than ``grace_minutes`` may
    belong to an upload still being saved: it is listed apart and left alone."""
    store = storage()
    report = DoctorReport()
    cutoff = time.time() - grace_minutes * 60
    stored = list(store.keys())  # listed before the rows are read: a file saved after is not judged
    temp = list(store.stray_temp_files())
    rows = db.session.execute(select(Evidence.id, Evidence.entry_id, Evidence.original_name, Evidence.file_key)
                              .where(Evidence.file_key.is_not(None)).order_by(Evidence.id)).all()
    db.session.rollback()
    keys = {row.file_key for row in rows}
    present = set(stored)
    report.rows, report.files = len(rows), len(stored)
    report.missing = [MissingFile(r.id, r.entry_id, r.original_name, r.file_key) for r in rows
                      if r.file_key not in present and not store.exists(r.file_key)]
    for key in stored:
        if key in keys:
            continue
        try:
            old = store.modified_at(key) < cutoff
        except FileNotFoundError:
            continue
        (report.orphans if old else report.recent).append(key)
    report.temp = [name for name, written in temp if written < cutoff]
    if db.engine.dialect.name == "sqlite":
        report.integrity = _integrity(sqlite_path())
    if fix:
        current = keys_now() if report.orphans else set()
        for key in report.orphans:
            if key not in current:
                store.quarantine(key, "flask doctor: tệp không thuộc tài liệu kiểm chứng nào "
                                      f"(phát hiện lúc {datetime.now():%d/%m/%Y %H:%M}).")
                report.quarantined.append(key)
        for name in report.temp:
            try:
                store.quarantine_temp(name, "flask doctor: tệp tạm của một lần tải lên bị gián đoạn "
                                            f"(phát hiện lúc {datetime.now():%d/%m/%Y %H:%M}).")
            except FileNotFoundError:
                continue
            report.quarantined.append(f"tmp/{name}")
    return report


def keys_now() -> set[str]:
    """The keys evidence rows refer to, read again (just before a file is moved away)."""
    keys = set(db.session.scalars(select(Evidence.file_key).where(Evidence.file_key.is_not(None))))
    db.session.rollback()
    return keys
