"""Evidence (tài liệu kiểm chứng): cited documents with their files, attached to an entry.

Plain functions with explicit arguments, like the other services: they add and
flush, the request commits (app/transactions.py).

A file's type is decided by its content, never by its name, and its citation
pre-filled from its header: both are read by app/documents (``filetypes.sniff``,
the allow-list; ``header.read_header_within``, in a worker bounded in time and
memory), within the limits set here.

A file and its row live and die together. ``receive_file`` streams the upload
to the store (app/storage.py: hashed, size-limited, atomic), checks it and reads
its header, touching no database (the upload route does it before its write
transaction, so a slow document stalls nobody else's save); ``attach_evidence``
adds the row and flushes. If anything fails after the file was written, the file
is deleted before the error goes on. A file whose row is rolled back later (a
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
from ..documents.header import DocumentHeader, read_header_within
from ..documents.worker import limits_from
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


@dataclass
class ReceivedFile:
    """An uploaded file in the store, its type decided and its header read; no row yet."""

    key: str
    name: str
    kind: FileKind
    size: int
    sha256: str
    header: DocumentHeader | None  # None: the document could not be read within the limits

    @property
    def note(self) -> str | None:
        """What to tell the user when the header could not be read (the file is kept all the same)."""
        if self.header is not None:
            return None
        return (f"Không đọc được số ký hiệu, ngày ban hành, cơ quan ban hành và trích yếu của tệp “{self.name}” "
                "trong giới hạn cho phép: tệp vẫn được lưu, hãy nhập các thông tin này.")


def receive_file(file, original_name: str | None = None) -> ReceivedFile:
    """Store an uploaded file (a werkzeug FileStorage or a binary stream), decide its type and read its
    header (PDF text layer, DOCX) in a worker bounded in time and memory (app/documents/worker.py).
    No database: a request calls this before its write transaction. Refuses (DocumentRefused, nothing
    kept) a file too large, empty, or of a type not allowed."""
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
            handle.seek(0)
            data = handle.read() if kind.code in ("pdf", "docx") else b""
        config = current_app.config
        header = read_header_within(data, kind.code, limits_from(config),
                                    int(float(config.get("DOCUMENT_MAX_XML_MB", 20)) * MB))
    except BaseException:
        store.delete(stored.key)
        raise
    return ReceivedFile(key=stored.key, name=name, kind=kind, size=stored.size, sha256=stored.sha256,
                        header=header)


def receive_files(files) -> list[ReceivedFile]:
    """``receive_file`` for each of an upload's files: all of them, or none kept."""
    received: list[ReceivedFile] = []
    try:
        for file in files:
            received.append(receive_file(file, getattr(file, "filename", None)))
    except BaseException:
        discard(received)
        raise
    return received


def discard(received: list[ReceivedFile]) -> None:
    """Delete received files that will get no row."""
    store = storage()
    for item in received:
        store.delete(item.key)


def attach_evidence(actor, entry, unit, received: ReceivedFile, number: str | None = None,
                    issued_on: date | None = None, issuer: str | None = None,
                    summary: str | None = None) -> Evidence:
    """A received file as evidence of ``entry``, added by ``unit``. Citation fields left as None are
    pre-filled from the document's header when it was read."""
    header = received.header or DocumentHeader()
    store = storage()
    try:
        evidence = Evidence(
            entry=entry, unit_id=unit.id, file_key=received.key, original_name=received.name,
            content_type=received.kind.mime, size=received.size, sha256=received.sha256,
            uploaded_by_id=actor.id if actor is not None else None, uploaded_at=utcnow(),
            number=_text(header.number if number is None else number, 100),
            issued_on=header.issued_on if issued_on is None else issued_on,
            issuer=_text(header.issuer if issuer is None else issuer, 300),
            summary=_text(header.summary if summary is None else summary, 2000),
        )
        db.session.add(evidence)
        _saved_in_transaction(db.session, store, received.key)
        db.session.flush()
        audit.record(actor, "add_evidence", entry, None, {"evidence": _audit_text(evidence)})
        db.session.flush()
    except BaseException:
        store.delete(received.key)
        raise
    return evidence


def add_evidence(actor, entry, unit, file, original_name: str | None = None, **citation) -> Evidence:
    """``receive_file`` then ``attach_evidence``, for callers that hold no write lock to mind (the demo,
    tests). Refuses (DocumentRefused, nothing kept) a file too large, empty, or of a type not allowed."""
    return attach_evidence(actor, entry, unit, receive_file(file, original_name), **citation)


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
