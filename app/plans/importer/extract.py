"""The document's bytes → lines of text, one function per format.

Every failure is a ``DocumentRefused`` (app/documents) with a Vietnamese
message the Office can act on (the route answers it with 422); nothing here
raises anything else for a bad file. Formats: .docx (paragraphs, heading
styles, tables), .pdf (the text layer), .txt (UTF-8, UTF-16 or Windows-1258),
pasted text, and .doc/.odt converted to .docx by headless LibreOffice when it
is installed (app/documents/libreoffice.py). The .xlsx task table is read by
``xlsx``. Which format a file is, and whether its zip is safe to open, is
decided by app/documents too.
"""
import io
import re
from dataclasses import dataclass, field

from ...documents import DocumentRefused
from ...documents.filetypes import format_by_name
from ...documents.libreoffice import DEFAULT_SECONDS, convert_to_docx
from ...documents.text import clean_line
from ...documents.zipcheck import ZipLimits, open_office_zip
from .outline import RawLine
from .tasktable import is_task_table
from .text import is_page_number, is_running_header, is_stray_link, running_headers, unreadable_reason

SUPPORTED = (".docx", ".pdf", ".txt", ".xlsx", ".doc", ".odt")
SUPPORTED_TEXT = "Word (.docx, .doc), OpenDocument (.odt), PDF có lớp chữ (.pdf), văn bản (.txt) hoặc bảng Excel (.xlsx)"
ZIP_LIMITS = ZipLimits(max_inflated=200 * 1024 * 1024)  # a .docx/.xlsx/.odt inflating beyond this is refused
MAX_PDF_PAGES = 300
MAX_LINES = 20_000
MIN_TEXT_CHARS = 40


@dataclass
class Extracted:
    format: str
    lines: list[RawLine] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)  # task tables ("phụ lục", schedules) found
    # For each table, the number of the last line before it (0: before any): a table inside the body
    # (a schedule under an activity) is read where it stands, one after the signature as the plan's annex.
    table_after: list[int] = field(default_factory=list)
    dropped: list[RawLine] = field(default_factory=list)  # page numbers, running headers, stray links
    warnings: list[str] = field(default_factory=list)


# -- plain text ---------------------------------------------------------------------------

def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Bytes of a text file → (text, warnings). UTF-8 (with or without BOM), UTF-16, else Windows-1258."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise DocumentRefused("Tệp văn bản UTF-16 bị hỏng.") from exc
    sample = data[:65536]
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    if controls > len(sample) // 50:
        raise DocumentRefused("Tệp .txt không phải văn bản (có dữ liệu nhị phân). "
                            "Nếu đây là tệp Word hoặc PDF, hãy giữ đúng phần mở rộng .docx / .pdf.")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1258", errors="replace")
    return text, ["Tệp không ở bảng mã UTF-8: đã đọc theo bảng mã Windows-1258. Hãy kiểm tra dấu tiếng Việt."]


_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")


def table_cells(raw: str) -> list[str]:
    """"| STT | Nhiệm vụ | … |" (a table row as text: Word tables saved as text, Markdown) → its cells."""
    return [clean_line(cell) for cell in raw.strip().strip("|").split("|")]


def _pages_to_lines(pages: list[list[str]], fmt: str, warnings: list[str] | None = None) -> Extracted:
    """Physical lines of one or more pages → cleaned RawLines, page furniture set apart.

    Consecutive lines written as table rows ("| a | b |") are a table: a task table is kept whole
    (``Extracted.tables``), any other (the two-column header, the signature block) gives its cells
    as lines in reading order, as a .docx layout table does."""
    result = Extracted(format=fmt, warnings=list(warnings or []))
    headers = running_headers([[clean_line(t) for t in page] for page in pages])
    no = 0
    rows: list[tuple[int, str]] = []

    def flush_table():
        if not rows:
            return
        cells = [table_cells(raw) for _, raw in rows]
        if is_task_table(cells):
            result.tables.append(cells)
            result.table_after.append(result.lines[-1].no if result.lines else 0)
        else:
            for row_no, row in zip((n for n, _ in rows), cells):
                for cell in row:
                    if cell:
                        result.lines.append(RawLine(no=row_no, text=cell, raw=cell, warning=unreadable_reason(cell)))
        rows.clear()

    for page in pages:
        for raw in page:
            no += 1
            if _TABLE_ROW.match(raw) and raw.count("|") >= 3:
                rows.append((no, raw))
                continue
            flush_table()
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
                raise DocumentRefused(f"Văn bản quá dài (hơn {MAX_LINES:,} dòng)".replace(",", ".")
                                    + ": đây không giống một kế hoạch. Hãy tách phần cần nhập.")
    flush_table()
    return result


def extract_text(text: str, fmt: str = "text", warnings: list[str] | None = None) -> Extracted:
    """Pasted or decoded text. A form feed (as pdftotext writes) separates pages."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = [page.split("\n") for page in text.split("\f")]
    result = _pages_to_lines(pages, fmt, warnings)
    if not result.lines and not result.tables:
        raise DocumentRefused("Không có nội dung để nhập: văn bản trống.")
    return result


# -- .pdf -----------------------------------------------------------------------------

def extract_pdf(data: bytes) -> Extracted:
    from pypdf import PdfReader  # noqa: PLC0415  (pypdf: only a .pdf being imported needs it)
    from pypdf.errors import PdfReadError  # noqa: PLC0415  (pypdf)

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentRefused("Tệp PDF được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise DocumentRefused(f"Tệp PDF có {len(reader.pages)} trang, quá dài cho một kế hoạch "
                                f"(tối đa {MAX_PDF_PAGES} trang).")
        pages = [(page.extract_text() or "").split("\n") for page in reader.pages]
    except DocumentRefused:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError,
            RecursionError, AssertionError, NotImplementedError, ZeroDivisionError) as exc:
        raise DocumentRefused("Tệp PDF bị hỏng, không đọc được nội dung.") from exc
    if sum(len(line.strip()) for page in pages for line in page) < MIN_TEXT_CHARS:
        raise DocumentRefused("Tệp PDF không có lớp chữ (chỉ là ảnh quét), nên không đọc được nội dung. "
                            "Hãy dùng bản Word của văn bản, hoặc nhận dạng chữ (OCR) cho tệp PDF trước khi nhập.")
    return _pages_to_lines(pages, "pdf")


# -- .docx ----------------------------------------------------------------------------

def check_zip(data: bytes, what: str, required: str, limits: ZipLimits = ZIP_LIMITS):
    """Open an Office zip safely (app/documents/zipcheck.py) within the importer's limits."""
    return open_office_zip(data, what, required, limits)


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


def extract_docx(data: bytes, limits: ZipLimits = ZIP_LIMITS) -> Extracted:
    from docx import Document  # noqa: PLC0415  (python-docx: only a .docx being imported needs it)
    from docx.table import Table  # noqa: PLC0415  (python-docx)
    from docx.text.paragraph import Paragraph  # noqa: PLC0415  (python-docx)

    check_zip(data, ".docx", "word/document.xml", limits)
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
    except DocumentRefused:
        raise
    except Exception as exc:  # python-docx raises many kinds on a damaged file (lxml, KeyError, ...)
        raise DocumentRefused("Tệp .docx bị hỏng, không đọc được nội dung.") from exc
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
            result.table_after.append(result.lines[-1].no if result.lines else 0)
        else:  # a layout table (the quốc hiệu header, the signature block): its cells in reading order
            for row in content:
                for cell in row:
                    add(cell)
    if len(result.lines) > MAX_LINES:
        raise DocumentRefused(f"Văn bản quá dài (hơn {MAX_LINES} dòng): đây không giống một kế hoạch.")
    if not result.lines and not result.tables:
        raise DocumentRefused("Tệp .docx không có nội dung chữ.")
    return result


# -- dispatch -------------------------------------------------------------------------

def extract(data: bytes, filename: str, soffice: str | None = None, limits: ZipLimits = ZIP_LIMITS,
            soffice_seconds: float = DEFAULT_SECONDS) -> Extracted:
    """Read a document of any supported text format (not .xlsx, see ``xlsx.read_workbook``).
    Unbounded in time and memory but LibreOffice's ``soffice_seconds``: an upload is read through
    ``service.read_upload`` (a worker)."""
    ext = format_by_name(data, filename, SUPPORTED, SUPPORTED_TEXT)
    if ext == ".pdf":
        return extract_pdf(data)
    if ext == ".docx":
        return extract_docx(data, limits)
    if ext in (".doc", ".odt"):
        if ext == ".odt":
            check_zip(data, ".odt", "content.xml", limits)  # a zip bomb is refused here, not handed to LibreOffice
        result = extract_docx(convert_to_docx(data, ext, soffice, soffice_seconds), limits)
        result.format = ext.lstrip(".")
        return result
    if ext == ".txt":
        text, warnings = decode_text(data)
        return extract_text(text, "txt", warnings)
    raise DocumentRefused(f"Định dạng {ext} được đọc như bảng nhiệm vụ, không phải văn bản.")
