"""The evidence pack (hồ sơ tài liệu kiểm chứng) of a year's index: one ZIP, streamed.

The appraisal team asks for the documents behind each scored criterion. The pack holds, for every leaf
criterion with confirmed evidence, a folder named by the criterion's code with each document's file named
by its số ký hiệu and date ("1.2.3/125-QĐ-SCT_12-03-2026.pdf"): the documents confirmed for it and those
its confirmed tasks bring (the task's approved evidence of the year, links.task_evidence's rule), each once
in the folder; then ``index.xlsx`` (criterion, document, số, ngày, cơ quan ban hành, trích yếu, file name,
the task a document came through) and ``manifest.json`` (the SHA-256 of every file
in the pack, recomputed from the bytes written, and compared with the hash stored at upload: a mismatch or a
missing file is said in the manifest, never hidden).

``stream_pack`` yields the ZIP in chunks as it is written: stdlib ``zipfile`` writes into a sink that hands
its bytes on (an unseekable stream: each member ends with a data descriptor), files are read from the store
in chunks, so neither the ZIP nor a whole file is ever held in memory. The download (routes/exports.py) and
``flask index pack`` (cli.py) stream the same generator.

Everything the stream needs is read from the database first (``plan_pack``): the generator itself touches
only the store, so it runs after the request's transaction has ended.
"""
import hashlib
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePosixPath

from sqlalchemy import select

from ..extensions import db
from ..formatting import to_local, vn_date
from ..progress.models import Evidence, ProgressEntry
from ..spreadsheet import keep_as_text
from ..storage import Storage
from ..plans.models import Task
from .links import task_label, year_evidence_query
from .models import CONFIRMED, IndexCriterion, IndexLink, IndexYear

INDEX_NAME = "index.xlsx"
MANIFEST_NAME = "manifest.json"
READ_CHUNK = 256 * 1024  # a file is read, deflated and handed on this much at a time
NAME_LIMIT = 120  # characters of a file name before its extension (Windows paths stay well under 260)
_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_name(text: str, fallback: str = "tai-lieu") -> str:
    """``text`` as a file or folder name every system accepts: Vietnamese kept (NFC), the characters Windows
    refuses (/ \\ : * ? " < > | and control characters) replaced by "-", no trailing dots or spaces, no
    reserved device name (CON, NUL, …), at most NAME_LIMIT characters."""
    name = unicodedata.normalize("NFC", text or "")
    name = _FORBIDDEN.sub("-", name)
    name = re.sub(r"\s+", " ", name).strip()
    name = re.sub(r"-{2,}", "-", name)
    name = name[:NAME_LIMIT].rstrip(". ").lstrip(" ")
    if not name.strip("-"):
        name = fallback
    if name.split(".")[0].upper() in _RESERVED:
        name = f"_{name}"
    return name


def document_name(number: str, issued_on: date | None, original_name: str, evidence_id: int) -> str:
    """The stem of a document's file in the pack: "125-QĐ-SCT_12-03-2026"; without a số, the uploaded
    file's name; without either, "tai-lieu-<id>"."""
    stem = number.strip() or PurePosixPath(original_name or "").stem
    stem = safe_name(stem, fallback=f"tai-lieu-{evidence_id}")
    if issued_on is not None:
        stem = f"{stem}_{issued_on:%d-%m-%Y}"
    return stem


def extension(file_key: str, original_name: str) -> str:
    """The stored file's extension (storage keys keep it, lower case), else the uploaded name's."""
    suffix = PurePosixPath(file_key or "").suffix or PurePosixPath(original_name or "").suffix
    suffix = suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,10}", suffix) else ""


class _Names:
    """Unique names within a folder, compared as Windows does (case-insensitively): "a.pdf", "a (2).pdf"."""

    def __init__(self):
        self.taken: set[str] = set()

    def claim(self, folder: str, stem: str, suffix: str) -> str:
        number = 1
        while True:
            name = f"{stem}{suffix}" if number == 1 else f"{stem} ({number}){suffix}"
            path = f"{folder}/{name}"
            if path.casefold() not in self.taken:
                self.taken.add(path.casefold())
                return path
            number += 1


@dataclass(frozen=True)
class PackFile:
    """One document in the pack: where it goes and what it is."""
    path: str  # inside the ZIP: "<code>/<name>"
    code: str
    criterion: str  # the criterion's text
    evidence_id: int
    file_key: str
    number: str
    issued_on: date | None
    issuer: str
    summary: str
    size: int
    sha256: str  # as stored at upload
    modified: datetime
    via: str = ""  # the task it came through ("1.2 Rà soát …"); "" if confirmed for the criterion itself


@dataclass
class PackPlan:
    """The pack of one year, as read from the database; streaming it reads only the store."""
    year: int
    title: str
    files: list[PackFile] = field(default_factory=list)

    @property
    def filename(self) -> str:
        return f"ho-so-kiem-chung-chi-so-cchc-{self.year}.zip"


_DOCUMENT_COLUMNS = (IndexCriterion.position, IndexCriterion.id.label("criterion_id"), IndexCriterion.code,
                     IndexCriterion.title, Evidence.id, Evidence.number, Evidence.issued_on, Evidence.issuer,
                     Evidence.summary, Evidence.original_name, Evidence.file_key, Evidence.size, Evidence.sha256,
                     Evidence.uploaded_at)  # columns, not entities: thousands of rows stay small


def _document_rows(index_year: IndexYear, files_only: bool) -> list:
    """(row, via) for each confirmed document of a criterion, then for each document a confirmed task
    brings (two queries); not removed (``files_only``: with a file)."""
    has_file = (Evidence.file_key.is_not(None),) if files_only else ()
    direct = db.session.execute(
        select(*_DOCUMENT_COLUMNS)
        .join(IndexLink, IndexLink.criterion_id == IndexCriterion.id)
        .join(Evidence, Evidence.id == IndexLink.evidence_id)
        .where(IndexCriterion.year_id == index_year.id, IndexLink.status == CONFIRMED,
               Evidence.removed_at.is_(None), *has_file)
    ).all()
    brought = db.session.execute(
        year_evidence_query(index_year.year, *_DOCUMENT_COLUMNS, Task.code.label("task_code"),
                            Task.title.label("task_title"))
        .join(IndexLink, IndexLink.task_id == ProgressEntry.task_id)
        .join(IndexCriterion, IndexCriterion.id == IndexLink.criterion_id)
        .join(Task, Task.id == IndexLink.task_id)
        .where(IndexCriterion.year_id == index_year.id, IndexLink.status == CONFIRMED, *has_file)
        .order_by(Task.position, Task.id)
    ).all()
    return [(row, "") for row in direct] + [(row, task_label(code=row.task_code, title=row.task_title))
                                            for row in brought]


def criterion_documents(index_year: IndexYear, files_only: bool = False) -> list:
    """[(row, via)]: the year's confirmed evidence (not removed; ``files_only``: with a file), criterion by
    criterion in the framework's order, documents by date (undated last) and số, each once per criterion
    (a document confirmed for the criterion and brought by a task too: as confirmed, ``via`` ""; else the
    task it came through, "1.2 Rà soát …"). The pack and the report cite the same documents."""
    rows = sorted(_document_rows(index_year, files_only), key=lambda item: (
        item[0].position, item[0].criterion_id, item[0].issued_on is None, item[0].issued_on or date.min,
        item[0].number, item[0].id, item[1] != ""))
    placed: set[tuple[int, int]] = set()
    kept = []
    for row, via in rows:
        if (row.criterion_id, row.id) not in placed:
            placed.add((row.criterion_id, row.id))
            kept.append((row, via))
    return kept


def citation(number: str, issued_on: date | None, issuer: str) -> str:
    """"125/QĐ-SCT ngày 12/03/2026 của Sở Công Thương" (what is known of it)."""
    return " ".join(p for p in (number, f"ngày {vn_date(issued_on)}" if issued_on else "",
                                f"của {issuer}" if issuer else "") if p)


def plan_pack(index_year: IndexYear) -> PackPlan:
    """The year's confirmed evidence that has a file (``criterion_documents``), each with its place in the
    pack."""
    names = _Names()
    plan = PackPlan(year=index_year.year, title=str(index_year))
    for row, via in criterion_documents(index_year, files_only=True):
        folder = safe_name(row.code, fallback="khong-ma")
        stem = document_name(row.number, row.issued_on, row.original_name, row.id)
        path = names.claim(folder, stem, extension(row.file_key, row.original_name))
        plan.files.append(PackFile(
            path=path, code=row.code, criterion=row.title, evidence_id=row.id, file_key=row.file_key,
            number=row.number, issued_on=row.issued_on, issuer=row.issuer, summary=row.summary, size=row.size,
            sha256=row.sha256, modified=row.uploaded_at, via=via,
        ))
    return plan


class _Sink(io.RawIOBase):
    """Where zipfile writes: keeps the bytes until the generator hands them on. Not seekable, so zipfile
    writes each member's sizes and CRC after its data (a data descriptor)."""

    def __init__(self):
        super().__init__()
        self.chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data


def _zip_time(moment: datetime | date | None) -> tuple:
    if moment is None or moment.year < 1980:
        moment = datetime(1980, 1, 1)
    if isinstance(moment, datetime):
        moment = to_local(moment)
    else:
        moment = datetime(moment.year, moment.month, moment.day)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def _member(path: str, moment, size: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(path, date_time=_zip_time(moment))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.file_size = size  # lets zipfile choose ZIP64 for a member past 2 GiB before writing it
    info.external_attr = 0o644 << 16
    return info


def index_workbook(plan: PackPlan) -> bytes:
    """``index.xlsx``: one row per document in the pack; text cells stay text (never formulas)."""
    from openpyxl import Workbook  # noqa: PLC0415  (openpyxl loads only when a pack is made)
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
    from openpyxl.styles import Alignment, Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    workbook = Workbook(write_only=True)  # rows written out as they come: thousands of rows stay small
    sheet = workbook.create_sheet("Tài liệu kiểm chứng")
    heads = ["Mã tiêu chí", "Tiêu chí", "Tài liệu", "Số ký hiệu", "Ngày ban hành", "Cơ quan ban hành",
             "Trích yếu", "Tệp trong hồ sơ", "Qua nhiệm vụ"]
    for column, width in enumerate([12, 40, 40, 20, 14, 28, 50, 40, 40], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")

    def cells(values, **style):
        out = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            keep_as_text(cell)
            for key, value_ in style.items():
                setattr(cell, key, value_)
            out.append(cell)
        return out

    sheet.append(cells(heads, font=bold))
    for item in plan.files:
        document = citation(item.number, item.issued_on, item.issuer)
        sheet.append(cells([item.code, item.criterion, document or PurePosixPath(item.path).name, item.number,
                            vn_date(item.issued_on) if item.issued_on else "", item.issuer, item.summary,
                            item.path, item.via], alignment=wrap))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def stream_pack(plan: PackPlan, store: Storage, made_at: datetime) -> Iterator[bytes]:
    """The pack's ZIP, chunk by chunk. A file missing from the store, or whose bytes no longer match the
    hash stored at upload, is said in the manifest (``problems``); a missing file is left out."""
    sink = _Sink()
    archive = zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
    entries, problems = [], []
    for item in plan.files:
        try:
            source = store.open(item.file_key)
        except (FileNotFoundError, ValueError):
            problems.append({"path": item.path, "evidence_id": item.evidence_id, "problem": "missing",
                             "message": "Không tìm thấy tệp trong kho lưu trữ."})
            continue
        digest, size = hashlib.sha256(), 0
        with source, archive.open(_member(item.path, item.modified, item.size), "w") as target:
            for chunk in iter(lambda: source.read(READ_CHUNK), b""):
                digest.update(chunk)
                size += len(chunk)
                target.write(chunk)
                if sink.chunks:
                    yield sink.take()
        sha256 = digest.hexdigest()
        entry = {"path": item.path, "criterion": item.code, "evidence_id": item.evidence_id,
                 "size": size, "sha256": sha256, "stored_sha256": item.sha256,
                 "matches_stored": sha256 == item.sha256, **({"via_task": item.via} if item.via else {})}
        entries.append(entry)
        if sha256 != item.sha256:
            problems.append({"path": item.path, "evidence_id": item.evidence_id, "problem": "hash_mismatch",
                             "message": "Tệp không còn khớp mã băm SHA-256 đã lưu khi tải lên.",
                             "sha256": sha256, "stored_sha256": item.sha256})
        if sink.chunks:
            yield sink.take()
    workbook = index_workbook(plan)
    archive.writestr(_member(INDEX_NAME, made_at, len(workbook)), workbook)
    entries.append({"path": INDEX_NAME, "size": len(workbook), "sha256": hashlib.sha256(workbook).hexdigest()})
    manifest = {
        "title": plan.title, "year": plan.year, "made_at": made_at.isoformat(timespec="seconds") + "Z",
        "algorithm": "sha256", "files": entries, "problems": problems,
    }
    data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
    archive.writestr(_member(MANIFEST_NAME, made_at, len(data)), data)
    archive.close()
    yield sink.take()
