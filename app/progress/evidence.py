"""Evidence (tài liệu kiểm chứng): cited documents with their files, attached to an entry.

Plain functions with explicit arguments, like the other services: they add and
flush, the request commits (app/transactions.py).

A file's type is decided by its content, never by its name, and its citation
pre-filled from its header: both are read by app/documents (``filetypes.sniff``,
the allow-list; ``header.read_header``), within the limits set here.

A file and its row live and die together. ``add_evidence`` streams the upload
to the store (app/storage.py: hashed, size-limited, atomic), checks it, adds
the row and flushes; if anything fails after the file was written, the file is
deleted before the error goes on. A file whose row is rolled back later (a
refused second file of the same upload, a failed commit, a request that ends
without committing) is deleted by the session hook at the bottom of this
module: every file saved in a transaction that does not commit is removed.
"""
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from .. import audit
from ..documents import DocumentRefused
from ..documents.filetypes import KIND_BY_MIME, FileKind, refused, sniff
from ..documents.header import read_header
from ..documents.zipcheck import ZipLimits
from ..errors import DomainError, EditConflict
from ..extensions import db
from ..formatting import utcnow, vn_number
from ..storage import FileTooLarge, storage
from .models import DONE, Evidence

MB = 1024 * 1024
MAX_ZIP_MEMBERS = 5000
MAX_FILES_PER_UPLOAD = 20


def too_large_message(name: str | None = None) -> str:
    what = f"Tệp “{name}”" if name else "Tệp"
    return f"{what} vượt quá dung lượng cho phép: mỗi tệp tối đa {max_file_mb_text()} MB."


# -- limits (config) --------------------------------------------------------------------

def max_file_mb() -> float:
    return float(current_app.config.get("EVIDENCE_MAX_MB", 50))


def max_file_mb_text() -> str:
    return vn_number(max_file_mb())


def max_file_bytes() -> int:
    return int(max_file_mb() * MB)


def _max_unzipped_bytes() -> int:
    return int(float(current_app.config.get("EVIDENCE_MAX_UNZIPPED_MB", 300)) * MB)


def _max_zip_ratio() -> float:
    return float(current_app.config.get("EVIDENCE_MAX_ZIP_RATIO", 100))


def _zip_limits() -> ZipLimits:
    return ZipLimits(max_inflated=_max_unzipped_bytes(), max_members=MAX_ZIP_MEMBERS, max_ratio=_max_zip_ratio())


def display_name(raw) -> str:
    """The uploaded file's name, safe to show and to offer as a download name: the last path
    part only, no control or bidi characters, Vietnamese kept (NFC), at most 200 characters."""
    name = unicodedata.normalize("NFC", str(raw or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'[<>:"|?*]', "_", name)
    name = re.sub(r"\s+", " ", name).strip().lstrip(".").strip()
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[:195 - len(ext)]}.{ext}" if dot and len(ext) <= 10 else name[:200]
    return name or "tệp không tên"


def size_text(size: int | None) -> str:
    """850 byte, 12 KB, 1,2 MB (Vietnamese decimal comma)."""
    size = size or 0
    if size < 1024:
        return f"{size} byte"
    if size < MB:
        return f"{vn_number(round(size / 1024))} KB"
    return f"{vn_number(round(size / MB, 1))} MB"


def kind_of(evidence: Evidence) -> FileKind | None:
    return KIND_BY_MIME.get(evidence.content_type)


def entry_needs_explanation(entry) -> bool:
    """Reported as done without any cited document and without a written explanation (giải trình)."""
    return entry.task_status == DONE and not entry.live_evidence and not (entry.explanation or "").strip()


# -- services -------------------------------------------------------------------------

@dataclass
class CitationData:
    number: str = ""
    issued_on: date | None = None
    issuer: str = ""
    summary: str = ""


def _text(value, limit: int) -> str:
    return str(value or "").replace("\x00", "").strip()[:limit]


def _audit_text(evidence: Evidence) -> str:
    text = evidence.citation
    if evidence.summary:
        text = f"{text}: {evidence.summary}"
    return text[:1000]


def add_evidence(actor, entry, unit, file, original_name: str | None = None, number: str | None = None,
                 issued_on: date | None = None, issuer: str | None = None, summary: str | None = None) -> Evidence:
    """Store an uploaded file (a werkzeug FileStorage or a binary stream) as evidence of ``entry``,
    added by ``unit``. Citation fields left as None are pre-filled from the document's header when it
    has one (PDF text layer, DOCX). Refuses (DocumentRefused, nothing kept) a file too large, empty,
    or of a type not allowed."""
    name = display_name(original_name if original_name is not None else getattr(file, "filename", ""))
    stream = getattr(file, "stream", file)
    store = storage()
    try:
        stored = store.save(stream, max_size=max_file_bytes())
    except FileTooLarge as exc:
        raise DocumentRefused(too_large_message(name)) from exc
    try:
        if stored.size == 0:
            raise refused("empty", name)
        with store.open(stored.key) as handle:
            kind = sniff(handle, name, _zip_limits())
            header = read_header(handle, kind.code, stored.size)
        evidence = Evidence(
            entry=entry, unit_id=unit.id, file_key=stored.key, original_name=name, content_type=kind.mime,
            size=stored.size, sha256=stored.sha256, uploaded_by_id=actor.id if actor is not None else None,
            uploaded_at=utcnow(),
            number=_text(header.number if number is None else number, 100),
            issued_on=header.issued_on if issued_on is None else issued_on,
            issuer=_text(header.issuer if issuer is None else issuer, 300),
            summary=_text(header.summary if summary is None else summary, 2000),
        )
        db.session.add(evidence)
        _saved_in_transaction(db.session, store, stored.key)
        db.session.flush()
        audit.record(actor, "add_evidence", entry, None, {"evidence": _audit_text(evidence)})
        db.session.flush()
    except BaseException:
        store.delete(stored.key)
        raise
    return evidence


def citation_fingerprint(evidence: Evidence) -> str:
    """What the citation form was opened on, to refuse a save over someone else's change."""
    parts = (evidence.number, str(evidence.issued_on or ""), evidence.issuer, evidence.summary,
             str(evidence.removed_at or ""))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def update_citation(actor, evidence: Evidence, data: CitationData, seen: str | None = None) -> Evidence:
    """Confirm or correct the citation (số ký hiệu, ngày, cơ quan ban hành, trích yếu)."""
    if evidence.removed_at is not None:
        raise DomainError("Tài liệu này đã được gỡ khỏi báo cáo, không sửa được nữa.")
    if seen and seen != citation_fingerprint(evidence):
        raise EditConflict("Thông tin tài liệu này")
    fields = {}
    number, issuer, summary = (data.number or "").strip(), (data.issuer or "").strip(), (data.summary or "").strip()
    if len(number) > 100:
        fields["number"] = "Tối đa 100 ký tự."
    if len(issuer) > 300:
        fields["issuer"] = "Tối đa 300 ký tự."
    if len(summary) > 2000:
        fields["summary"] = "Tối đa 2000 ký tự."
    if data.issued_on is not None and not 1945 <= data.issued_on.year <= 2100:
        fields["issued_on"] = "Ngày ban hành không hợp lệ."
    if fields:
        raise DomainError(fields=fields)
    before = {"evidence": _audit_text(evidence)}
    evidence.number, evidence.issued_on, evidence.issuer, evidence.summary = (
        number.replace("\x00", ""), data.issued_on, issuer.replace("\x00", ""), summary.replace("\x00", ""))
    audit.record(actor, "update", evidence.entry, before, {"evidence": _audit_text(evidence)})
    db.session.flush()
    return evidence


def remove_evidence(actor, evidence: Evidence) -> None:
    """Hide the evidence from its entry. Never a hard delete: the row and the file stay, for the history."""
    if evidence.removed_at is not None:
        raise DomainError("Tài liệu này đã được gỡ khỏi báo cáo.")
    evidence.removed_at = utcnow()
    evidence.removed_by_id = actor.id if actor is not None else None
    audit.record(actor, "remove_evidence", evidence.entry, {"evidence": _audit_text(evidence)}, None)
    db.session.flush()


# -- no file without its row -------------------------------------------------------------

_NEW_FILES = "evidence_new_files"


def _saved_in_transaction(session, store, key: str) -> None:
    session.info.setdefault(_NEW_FILES, []).append((store, key))


@event.listens_for(Session, "after_commit")
def _files_kept(session) -> None:
    session.info.pop(_NEW_FILES, None)


@event.listens_for(Session, "after_transaction_end")
def _files_dropped(session, transaction) -> None:
    """The outermost transaction ended without a commit (rolled back or closed): its rows are
    gone, so are the files saved for them."""
    if transaction.parent is not None or transaction.nested:
        return
    for store, key in session.info.pop(_NEW_FILES, []):
        try:
            store.delete(key)
        except OSError:
            pass
