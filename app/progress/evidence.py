"""Evidence (tài liệu kiểm chứng): cited documents with their files, attached to an entry.

Plain functions with explicit arguments, like the other services: they add and
flush, the request commits (app/transactions.py).

A file's type is decided by its content, never by its name: ``sniff`` asks
puremagic what the first bytes are, then looks inside containers (the member
names of a zip tell DOCX, XLSX, ODT and ODS apart; the streams of an OLE2 file
tell DOC from XLS) and checks that a "text" file really is UTF-8 text and not
a web page or a script. Executables, HTML and SVG are refused whatever their
name, and so is a zip that would inflate far beyond its size (a zip bomb),
judged from its directory without extracting anything.

A file and its row live and die together. ``add_evidence`` streams the upload
to the store (app/storage.py: hashed, size-limited, atomic), checks it, adds
the row and flushes; if anything fails after the file was written, the file is
deleted before the error goes on. A file whose row is rolled back later (a
refused second file of the same upload, a failed commit, a request that ends
without committing) is deleted by the session hook at the bottom of this
module: every file saved in a transaction that does not commit is removed.
"""
import codecs
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

import puremagic
from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from .. import audit
from ..errors import DomainError, EditConflict
from ..extensions import db
from ..formatting import utcnow
from ..storage import CHUNK, FileTooLarge, storage
from ..zipcheck import lies_about_its_size
from .doc_header import DocumentHeader, first_page_text, parse_header
from .evidence_rules import entry_needs_explanation  # noqa: F401  (the submit step's rule, shared)
from .models import Evidence

MB = 1024 * 1024
TEXT_HEAD = 64 * 1024  # how much of a text file is searched for markup
MAX_ZIP_MEMBERS = 5000
ZIP_RATIO_FLOOR = 10 * MB  # below this much inflated data, a high compression ratio is harmless
# python-docx loads a whole package into memory: a larger DOCX is stored but not read for the pre-fill
# (pypdf reads a PDF lazily from the file, whatever its size: only the first page is parsed).
MAX_DOCX_FOR_HEADER = 15 * MB
MAX_FILES_PER_UPLOAD = 20


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    mime: str
    inline: bool = False  # shown in the browser (PDF, images); everything else is downloaded


KINDS = {kind.code: kind for kind in (
    FileKind("pdf", "PDF", "application/pdf", inline=True),
    FileKind("doc", "Word (DOC)", "application/msword"),
    FileKind("docx", "Word (DOCX)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    FileKind("xls", "Excel (XLS)", "application/vnd.ms-excel"),
    FileKind("xlsx", "Excel (XLSX)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    FileKind("odt", "OpenDocument (ODT)", "application/vnd.oasis.opendocument.text"),
    FileKind("ods", "OpenDocument (ODS)", "application/vnd.oasis.opendocument.spreadsheet"),
    FileKind("jpg", "Ảnh JPG", "image/jpeg", inline=True),
    FileKind("png", "Ảnh PNG", "image/png", inline=True),
    FileKind("txt", "Văn bản TXT", "text/plain; charset=utf-8"),
)}
KIND_BY_MIME = {kind.mime: kind for kind in KINDS.values()}
ALLOWED_TEXT = "PDF, Word (DOC, DOCX), Excel (XLS, XLSX), OpenDocument (ODT, ODS), ảnh JPG, PNG và văn bản TXT"
ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.odt,.ods,.jpg,.jpeg,.png,.txt"  # the file picker's hint only

_EXECUTABLE_EXTS = {".exe", ".dll", ".com", ".scr", ".ocx", ".sys", ".drv", ".cpl", ".msi", ".elf", ".so",
                    ".dylib", ".class", ".jar", ".apk", ".dex", ".bat", ".cmd", ".ps1", ".vbs", ".sh", ".bin",
                    ".appimage", ".macho", ".o"}
_MARKUP_MIMES = {"text/html", "image/svg+xml", "application/xhtml+xml", "application/xml", "text/xml",
                 "application/javascript", "text/javascript"}
_MARKUP_EXTS = {".html", ".htm", ".xhtml", ".svg", ".svgz", ".xml", ".js", ".mht", ".mhtml", ".hta", ".php"}
_MARKUP = re.compile(r"<\s*(?:!doctype|html|head|body|script|svg|iframe|frame|object|embed|meta|link|style|math"
                     r"|\?xml|\?php|xml\b)", re.IGNORECASE)
_OPENDOCUMENT = {"application/vnd.oasis.opendocument.text": "odt",
                 "application/vnd.oasis.opendocument.spreadsheet": "ods"}


# -- refusals ---------------------------------------------------------------------------

class EvidenceRefused(DomainError):
    """A file that is not taken, with the reason in Vietnamese (answered with 422)."""


_REFUSALS = {
    "not_allowed": "Tệp “{name}” không thuộc loại được nhận. Chỉ nhận " + ALLOWED_TEXT + ".",
    "executable": "Tệp “{name}” là tệp chương trình (tệp chạy được), không phải tài liệu: không được tải lên.",
    "markup": "Tệp “{name}” là trang web, ảnh SVG hoặc tệp lệnh (có thể chứa mã chạy được): không được tải lên. "
              "Hãy lưu tài liệu dưới dạng PDF rồi tải lên.",
    "zip_bomb": "Tệp “{name}” khi giải nén lớn bất thường (có dấu hiệu tệp nén độc hại): không được tải lên.",
    "macro": "Tệp “{name}” có chứa macro: không được tải lên. "
             "Hãy lưu lại thành tệp không có macro (DOCX, XLSX) hoặc PDF.",
    "damaged": "Tệp “{name}” bị hỏng hoặc không đọc được.",
    "empty": "Tệp “{name}” rỗng (0 byte).",
}


def refused(reason: str, name: str) -> EvidenceRefused:
    return EvidenceRefused(_REFUSALS[reason].format(name=name))


def too_large_message(name: str | None = None) -> str:
    what = f"Tệp “{name}”" if name else "Tệp"
    return f"{what} vượt quá dung lượng cho phép: mỗi tệp tối đa {max_file_mb_text()} MB."


# -- limits (config) --------------------------------------------------------------------

def max_file_mb() -> float:
    return float(current_app.config.get("EVIDENCE_MAX_MB", 50))


def max_file_mb_text() -> str:
    from ..formatting import vn_number

    return vn_number(max_file_mb())


def max_file_bytes() -> int:
    return int(max_file_mb() * MB)


def _max_unzipped_bytes() -> int:
    return int(float(current_app.config.get("EVIDENCE_MAX_UNZIPPED_MB", 300)) * MB)


def _max_zip_ratio() -> float:
    return float(current_app.config.get("EVIDENCE_MAX_ZIP_RATIO", 100))


# -- what a file is -----------------------------------------------------------------------

def sniff(handle: BinaryIO, name: str) -> FileKind:
    """The allowed kind of the (seekable) file, decided by its content; EvidenceRefused otherwise."""
    handle.seek(0)
    try:
        candidates = puremagic.magic_stream(handle)
    except (puremagic.PureError, ValueError):
        candidates = []
    handle.seek(0)
    best = [c for c in candidates if c.confidence == candidates[0].confidence] if candidates else []
    exts = {str(c.extension).lower() for c in best}
    mimes = {str(c.mime_type).lower() for c in best}
    names = " ".join(str(c.name).lower() for c in best)

    if "application/pdf" in mimes:
        return KINDS["pdf"]
    if ".doc" in exts:  # the OLE2 signature: Word, Excel, but also installers and the like
        return _ole_kind(handle, name)
    if exts & {".docx", ".xlsx", ".odt", ".ods", ".zip"}:
        return _zip_kind(handle, name)
    if "image/png" in mimes:
        return KINDS["png"]
    if "image/jpeg" in mimes:
        return KINDS["jpg"]
    if "executable" in names or exts & _EXECUTABLE_EXTS:
        raise refused("executable", name)
    if mimes & _MARKUP_MIMES or exts & _MARKUP_EXTS:
        raise refused("markup", name)
    return _text_kind(handle, name)  # unknown or plain text (puremagic only knows a UTF-8 BOM)


def _zip_kind(handle: BinaryIO, name: str) -> FileKind:
    """DOCX, XLSX, ODT or ODS from a zip's directory and two tiny members; a zip bomb is refused
    from the sizes its directory declares, and so is a zip whose directory lies about them
    (app/zipcheck.py: reading such a member would inflate far more than declared)."""
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise refused("zip_bomb", name)
            inflated = sum(m.file_size for m in members)
            packed = sum(m.compress_size for m in members)
            if inflated > _max_unzipped_bytes() or any(map(lies_about_its_size, members)) or (
                    inflated > ZIP_RATIO_FLOOR and inflated > _max_zip_ratio() * max(packed, 1)):
                raise refused("zip_bomb", name)
            names = {m.filename for m in members}
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise refused("macro", name)
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                mimetype = archive.read(info).decode("ascii", "replace").strip() if info.file_size <= 100 else ""
                if mimetype in _OPENDOCUMENT:
                    return KINDS[_OPENDOCUMENT[mimetype]]
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                types = archive.read(info).decode("utf-8", "replace") if info.file_size <= MB else ""
                if "macroEnabled" in types:
                    raise refused("macro", name)
                if "word/document.xml" in names or "wordprocessingml.document.main+xml" in types:
                    return KINDS["docx"]
                if "xl/workbook.xml" in names or "spreadsheetml.sheet.main+xml" in types:
                    return KINDS["xlsx"]
    except EvidenceRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError, KeyError) as exc:
        raise refused("damaged", name) from exc
    raise refused("not_allowed", name)


def _ole_kind(handle: BinaryIO, name: str) -> FileKind:
    """DOC or XLS from the streams of an OLE2 compound file (Word writes "WordDocument",
    Excel "Workbook" or "Book"); anything else in that container is refused."""
    import olefile

    try:
        ole = olefile.OleFileIO(handle)
        try:
            paths = {"/".join(parts).lower() for parts in ole.listdir(streams=True, storages=True)}
        finally:
            ole.close()
    except Exception as exc:  # olefile raises plain OSError, struct.error, IndexError... on a damaged file
        raise refused("damaged", name) from exc
    if any("macros" in p.split("/") or "_vba_project" in p or p.startswith("_vba_project_cur") for p in paths):
        raise refused("macro", name)
    if "worddocument" in paths:
        return KINDS["doc"]
    if "workbook" in paths or "book" in paths:
        return KINDS["xls"]
    raise refused("not_allowed", name)


def _text_kind(handle: BinaryIO, name: str) -> FileKind:
    """Plain UTF-8 text with no NUL, that is not a web page, an SVG or a script."""
    handle.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    head = ""
    try:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            if b"\0" in chunk:
                raise refused("not_allowed", name)
            text = decoder.decode(chunk)
            if len(head) < TEXT_HEAD:
                head += text[:TEXT_HEAD - len(head)]
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise refused("not_allowed", name) from exc
    head = head.lstrip("\ufeff")
    if head.lstrip().startswith("#!") or _MARKUP.search(head):
        raise refused("markup", name)
    return KINDS["txt"]


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
    from ..formatting import vn_number

    size = size or 0
    if size < 1024:
        return f"{size} byte"
    if size < MB:
        return f"{vn_number(round(size / 1024))} KB"
    return f"{vn_number(round(size / MB, 1))} MB"


def kind_of(evidence: Evidence) -> FileKind | None:
    return KIND_BY_MIME.get(evidence.content_type)


def read_header(handle: BinaryIO, kind: FileKind, size: int) -> DocumentHeader:
    """The citation pre-fill from a PDF's text layer or a DOCX; empty when there is none.
    Best effort: a file that cannot be read this way is still a valid piece of evidence."""
    if kind.code not in ("pdf", "docx") or (kind.code == "docx" and size > MAX_DOCX_FOR_HEADER):
        return DocumentHeader()
    try:
        handle.seek(0)
        return parse_header(first_page_text(handle, kind.code))
    except Exception:  # pypdf and python-docx raise many kinds of errors on odd files
        current_app.logger.info("no header read from an uploaded %s", kind.code, exc_info=True)
        return DocumentHeader()


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
    has one (PDF text layer, DOCX). Refuses (EvidenceRefused, nothing kept) a file too large, empty,
    or of a type not allowed."""
    name = display_name(original_name if original_name is not None else getattr(file, "filename", ""))
    stream = getattr(file, "stream", file)
    store = storage()
    try:
        stored = store.save(stream, max_size=max_file_bytes())
    except FileTooLarge as exc:
        raise EvidenceRefused(too_large_message(name)) from exc
    try:
        if stored.size == 0:
            raise refused("empty", name)
        with store.open(stored.key) as handle:
            kind = sniff(handle, name)
            header = read_header(handle, kind, stored.size)
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
    import hashlib

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
