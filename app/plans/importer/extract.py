"""The document's bytes → lines of text, one function per format.

Every failure is a ``DocumentError`` with a Vietnamese message the Office can
act on (the route answers it with 422); nothing here raises anything else
for a bad file. Formats: .docx (paragraphs, heading styles, tables), .pdf
(the text layer), .txt (UTF-8, UTF-16 or Windows-1258), pasted text, and
.doc/.odt converted to .docx by headless LibreOffice when it is installed.
The .xlsx task table is read by ``xlsx``.
"""
import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field

from ...errors import DomainError
from ...zipcheck import any_member_lies
from .text import clean_line, is_page_number, is_running_header, is_stray_link, running_headers, unreadable_reason

SUPPORTED = (".docx", ".pdf", ".txt", ".xlsx", ".doc", ".odt")
SUPPORTED_TEXT = "Word (.docx, .doc), OpenDocument (.odt), PDF có lớp chữ (.pdf), văn bản (.txt) hoặc bảng Excel (.xlsx)"
MAX_UNZIPPED = 200 * 1024 * 1024  # a .docx/.xlsx that inflates beyond this is refused (zip bomb)
MAX_PDF_PAGES = 300
MAX_LINES = 20_000
MIN_TEXT_CHARS = 40
SOFFICE_TIMEOUT = 120


class DocumentError(DomainError):
    """The file cannot be read as a plan document; the message says why and what to do."""


@dataclass
class RawLine:
    """One line as extracted, before paragraphs are rebuilt."""

    no: int  # 1-based, as the review page shows it beside the result
    text: str  # cleaned (see text.clean_line)
    raw: str = ""
    style_level: int | None = None  # .docx heading style: Heading 1 → 1, ...
    paragraph_start: bool = False  # the format says a new paragraph starts here (.docx)
    warning: str | None = None


@dataclass
class Extracted:
    format: str
    lines: list[RawLine] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)  # "phụ lục" task tables found in a .docx
    dropped: list[RawLine] = field(default_factory=list)  # page numbers, running headers, stray links
    warnings: list[str] = field(default_factory=list)


def extension_of(filename: str) -> str:
    return os.path.splitext((filename or "").strip().lower())[1]


def sniff(data: bytes, filename: str) -> str:
    """The format to read ``data`` as: its extension, checked against its first bytes."""
    ext = extension_of(filename)
    if ext not in SUPPORTED:
        shown = ext or "không có phần mở rộng"
        raise DocumentError(f"Không nhận dạng được loại tệp ({shown}). Hãy tải lên tệp {SUPPORTED_TEXT}.")
    if not data or not data.strip():
        raise DocumentError("Tệp rỗng, không có nội dung để nhập.")
    is_zip = data[:4] == b"PK\x03\x04"
    if ext in (".docx", ".xlsx", ".odt") and not is_zip:
        raise DocumentError(f"Tệp {ext} bị hỏng hoặc không đúng định dạng (không mở được như tệp {ext}). "
                            "Hãy mở tệp bằng Word/Excel, lưu lại rồi tải lên lần nữa.")
    if ext == ".pdf" and b"%PDF" not in data[:1024]:
        raise DocumentError("Tệp .pdf bị hỏng hoặc không phải tệp PDF.")
    if ext == ".doc" and data[:8] != b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        if is_zip:
            return ".docx"  # a .docx saved with the old extension
        raise DocumentError("Tệp .doc bị hỏng hoặc không phải tệp Word.")
    return ext


# -- plain text ---------------------------------------------------------------------------

def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Bytes of a text file → (text, warnings). UTF-8 (with or without BOM), UTF-16, else Windows-1258."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise DocumentError("Tệp văn bản UTF-16 bị hỏng.") from exc
    sample = data[:65536]
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    if controls > len(sample) // 50:
        raise DocumentError("Tệp .txt không phải văn bản (có dữ liệu nhị phân). "
                            "Nếu đây là tệp Word hoặc PDF, hãy giữ đúng phần mở rộng .docx / .pdf.")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1258", errors="replace")
    return text, ["Tệp không ở bảng mã UTF-8: đã đọc theo bảng mã Windows-1258. Hãy kiểm tra dấu tiếng Việt."]


def _pages_to_lines(pages: list[list[str]], fmt: str, warnings: list[str] | None = None) -> Extracted:
    """Physical lines of one or more pages → cleaned RawLines, page furniture set apart."""
    result = Extracted(format=fmt, warnings=list(warnings or []))
    headers = running_headers([[clean_line(t) for t in page] for page in pages])
    no = 0
    for page in pages:
        for raw in page:
            no += 1
            text = clean_line(raw)
            if not text:
                continue
            line = RawLine(no=no, text=text, raw=raw)
            if is_page_number(text) or is_stray_link(text) or is_running_header(text, headers):
                result.dropped.append(line)
                continue
            line.warning = unreadable_reason(text)
            result.lines.append(line)
            if len(result.lines) > MAX_LINES:
                raise DocumentError(f"Văn bản quá dài (hơn {MAX_LINES:,} dòng)".replace(",", ".")
                                    + ": đây không giống một kế hoạch. Hãy tách phần cần nhập.")
    return result


def extract_text(text: str, fmt: str = "text", warnings: list[str] | None = None) -> Extracted:
    """Pasted or decoded text. A form feed (as pdftotext writes) separates pages."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = [page.split("\n") for page in text.split("\f")]
    result = _pages_to_lines(pages, fmt, warnings)
    if not result.lines:
        raise DocumentError("Không có nội dung để nhập: văn bản trống.")
    return result


# -- .pdf -----------------------------------------------------------------------------

def extract_pdf(data: bytes) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError("Tệp PDF được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise DocumentError(f"Tệp PDF có {len(reader.pages)} trang, quá dài cho một kế hoạch "
                                f"(tối đa {MAX_PDF_PAGES} trang).")
        pages = [(page.extract_text() or "").split("\n") for page in reader.pages]
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
            RecursionError, AssertionError, NotImplementedError, ZeroDivisionError) as exc:
        raise DocumentError("Tệp PDF bị hỏng, không đọc được nội dung.") from exc
    if sum(len(line.strip()) for page in pages for line in page) < MIN_TEXT_CHARS:
        raise DocumentError("Tệp PDF không có lớp chữ (chỉ là ảnh quét), nên không đọc được nội dung. "
                            "Hãy dùng bản Word của văn bản, hoặc nhận dạng chữ (OCR) cho tệp PDF trước khi nhập.")
    return _pages_to_lines(pages, "pdf")


# -- .docx ----------------------------------------------------------------------------

def check_zip(data: bytes, what: str, required: str) -> zipfile.ZipFile:
    """Open an Office zip safely: readable, holding ``required``, not inflating past MAX_UNZIPPED."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise DocumentError(f"Tệp {what} bị hỏng (không giải nén được). "
                            "Hãy mở tệp, lưu lại rồi tải lên lần nữa.") from exc
    if required not in names:
        raise DocumentError(f"Tệp không phải {what} hợp lệ (thiếu {required}).")
    if total > MAX_UNZIPPED or any_member_lies(archive):  # app/zipcheck.py: no member is inflated here
        raise DocumentError(f"Tệp {what} giải nén ra quá lớn; không nhập được.")
    return archive


_HEADING_STYLE = re.compile(r"^(?:heading|đề mục|tiêu đề)\s*(\d)$", re.IGNORECASE)


def _style_level(paragraph) -> int | None:
    try:
        style = paragraph.style
    except (KeyError, ValueError, AttributeError):
        return None
    names = [getattr(style, "name", "") or "", getattr(style, "style_id", "") or ""]
    for name in names:
        match = _HEADING_STYLE.match(name.strip()) or re.match(r"^Heading(\d)$", name.strip())
        if match:
            return int(match.group(1))
    return None


def _cell_texts(row) -> list[str]:
    """The texts of a table row, a merged cell counted once."""
    seen, texts = set(), []
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        texts.append("\n".join(p.text for p in cell.paragraphs))
    return texts


def extract_docx(data: bytes) -> Extracted:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from .tasktable import is_task_table

    check_zip(data, ".docx", "word/document.xml")
    try:
        document = Document(io.BytesIO(data))
        body = document.element.body
        blocks = []
        for child in body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                paragraph = Paragraph(child, document)
                blocks.append(("p", paragraph.text, _style_level(paragraph)))
            elif tag == "tbl":
                table = Table(child, document)
                blocks.append(("t", [_cell_texts(row) for row in table.rows], None))
    except DocumentError:
        raise
    except Exception as exc:  # python-docx raises many kinds on a damaged file (lxml, KeyError, ...)
        raise DocumentError("Tệp .docx bị hỏng, không đọc được nội dung.") from exc
    result = Extracted(format="docx")
    no = 0

    def add(text, style_level=None):
        nonlocal no
        for i, part in enumerate(text.split("\n")):
            no += 1
            cleaned = clean_line(part)
            if cleaned:
                result.lines.append(RawLine(no=no, text=cleaned, raw=part, style_level=style_level,
                                            paragraph_start=True, warning=unreadable_reason(cleaned)))

    for kind, content, level in blocks:
        if kind == "p":
            add(content, level)
        elif is_task_table(content):
            result.tables.append([[clean_line(c) for c in row] for row in content])
        else:  # a layout table (the quốc hiệu header, the signature block): its cells in reading order
            for row in content:
                for cell in row:
                    add(cell)
    if len(result.lines) > MAX_LINES:
        raise DocumentError(f"Văn bản quá dài (hơn {MAX_LINES} dòng): đây không giống một kế hoạch.")
    if not result.lines and not result.tables:
        raise DocumentError("Tệp .docx không có nội dung chữ.")
    return result


# -- .doc / .odt through LibreOffice ------------------------------------------------------

def find_soffice(configured: str | None) -> str | None:
    """The LibreOffice program to use: the configured path or name, looked up on PATH."""
    for candidate in ([configured] if configured is not None else ["soffice", "libreoffice"]):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


def convert_with_libreoffice(data: bytes, ext: str, soffice: str | None) -> bytes:
    """.doc/.odt bytes → .docx bytes with headless LibreOffice."""
    if soffice is None:
        raise DocumentError(f"Máy chủ chưa cài LibreOffice nên không đọc được tệp {ext}. "
                            "Hãy mở tệp bằng Word hoặc LibreOffice, lưu thành .docx rồi tải lên lại "
                            "(hoặc nhờ quản trị cài LibreOffice trên máy chủ).")
    with tempfile.TemporaryDirectory(prefix="cchc-import-") as folder:
        source = os.path.join(folder, f"document{ext}")
        with open(source, "wb") as handle:
            handle.write(data)
        out = os.path.join(folder, "out")
        command = [soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--norestore",
                   "--convert-to", "docx", "--outdir", out, source]
        try:
            subprocess.run(command, cwd=folder, capture_output=True, timeout=SOFFICE_TIMEOUT, check=False,
                           env={**os.environ, "HOME": folder})
        except subprocess.TimeoutExpired as exc:
            raise DocumentError(f"LibreOffice chuyển đổi tệp {ext} quá lâu; hãy lưu tệp thành .docx rồi tải lên.") from exc
        except OSError as exc:
            raise DocumentError(f"Không chạy được LibreOffice để đọc tệp {ext}; hãy lưu tệp thành .docx.") from exc
        produced = os.path.join(out, "document.docx")
        if not os.path.exists(produced):
            raise DocumentError(f"LibreOffice không chuyển đổi được tệp {ext} (tệp hỏng?). Hãy lưu tệp thành .docx.")
        with open(produced, "rb") as handle:
            return handle.read()


# -- dispatch -------------------------------------------------------------------------

def extract(data: bytes, filename: str, soffice: str | None = None) -> Extracted:
    """Read a document of any supported text format (not .xlsx, see ``xlsx.read_workbook``)."""
    ext = sniff(data, filename)
    if ext == ".pdf":
        return extract_pdf(data)
    if ext == ".docx":
        return extract_docx(data)
    if ext in (".doc", ".odt"):
        if ext == ".odt":
            check_zip(data, ".odt", "content.xml")  # a zip bomb is refused here, not handed to LibreOffice
        result = extract_docx(convert_with_libreoffice(data, ext, soffice))
        result.format = ext.lstrip(".")
        return result
    if ext == ".txt":
        text, warnings = decode_text(data)
        return extract_text(text, "txt", warnings)
    raise DocumentError(f"Định dạng {ext} được đọc như bảng nhiệm vụ, không phải văn bản.")
