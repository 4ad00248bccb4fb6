"""Reading the header of an administrative document (thể thức văn bản, Nghị định 30/2020).

A Vietnamese official document opens with the same block: on the left the
governing and issuing bodies ("UBND TỈNH ĐỒNG NAI" / "SỞ CÔNG THƯƠNG") and the
number ("Số: 125/QĐ-SCT"); on the right the national motto and the place and
date ("Đồng Nai, ngày 12 tháng 3 năm 2026"); then, centred, the kind of
document ("QUYẾT ĐỊNH", "KẾ HOẠCH", "BÁO CÁO"...) and its title (trích yếu);
a letter (công văn) carries its subject under the number instead ("V/v ...").

``parse_header(text)`` is a pure function over the text of the first page,
as a PDF text layer or a Word file gives it: columns may come one after the
other or merged on one line, spacing is irregular, and some PDF producers
write "ƣ" for "ư". ``first_page_text`` gets that text from a PDF (pypdf) or a
DOCX (python-docx); ``read_header`` does both, and ``read_header_within`` does it for
an uploaded file in a worker bounded in time and memory. The result only pre-fills a
form that a person confirms.

Its parts read the same lines of a plan document for the importer
(app/plans/importer/metadata.py): ``document_kind`` ("KẾ HOẠCH"), ``number_of``
("Số: 639/KH-SCT"), ``place_and_date`` ("Đồng Nai, ngày 23 tháng 01 năm 2026").
"""
import io
import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from . import worker
from .text import normalize
from .worker import Limits
from .zipcheck import largest_xml_part

log = logging.getLogger(__name__)

HEAD_LINES = 40  # the header and the title are always within the first lines of the first page
MAX_TEXT = 6000
MAX_SUMMARY_LINES = 5

# The kinds of document (Nghị định 30/2020, Phụ lục III, and the laws and conclusions plans cite),
# as the heading writes them → as a sentence does.
DOCUMENT_KINDS = {
    "QUYẾT ĐỊNH": "Quyết định",
    "KẾ HOẠCH": "Kế hoạch",
    "BÁO CÁO": "Báo cáo",
    "CÔNG VĂN": "Công văn",
    "THÔNG BÁO": "Thông báo",
    "TỜ TRÌNH": "Tờ trình",
    "CHƯƠNG TRÌNH": "Chương trình",
    "HƯỚNG DẪN": "Hướng dẫn",
    "CHỈ THỊ": "Chỉ thị",
    "NGHỊ QUYẾT": "Nghị quyết",
    "BIÊN BẢN": "Biên bản",
    "GIẤY MỜI": "Giấy mời",
    "ĐỀ ÁN": "Đề án",
    "PHƯƠNG ÁN": "Phương án",
    "QUY CHẾ": "Quy chế",
    "QUY ĐỊNH": "Quy định",
    "THÔNG TƯ": "Thông tư",
    "NGHỊ ĐỊNH": "Nghị định",
    "CÔNG ĐIỆN": "Công điện",
    "LUẬT": "Luật",
    "KẾT LUẬN": "Kết luận",
}

_MOTTO = re.compile(
    r"C[ỘO]NG\s+H(?:ÒA|OÀ|OA)\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM"
    r"|Đ[ộo]c\s+l[ậa]p\s*[-–—]\s*T[ựu]\s+do\s*[-–—]\s*H[ạa]nh\s+ph[úu]c",
    re.IGNORECASE,
)
_RULE = re.compile(r"[_\-–—=~*.…·•]{3,}")
_NUMBER_LINE = re.compile(r"(?:^|\s)Số\s*[:.]?\s*(?P<rest>.*)$")
_NUMBER = re.compile(r"^(?P<num>\d[\w.\-]*(?:\s*/\s*[\w.\-]+)+)", re.UNICODE)
_DATE = re.compile(r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.IGNORECASE)
# "Đồng Nai, ngày 23 tháng 01 năm 2026": the place, before a date that may be left blank in a draft.
_PLACE = re.compile(r"(?P<place>(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s?){1,4}),\s*(?=ngày\s*\d{0,2}\s*tháng\s*\d{0,2}\s*năm)")
_SUBJECT = re.compile(r"^(?:V/v|V/V|Về\s+việc)\s*[:.]?\s*", re.UNICODE)
_STOP_START = re.compile(
    r"^(?:Căn\s+cứ|Thực\s+hiện|Kính\s+gửi|Theo\s|Xét\s|Nhằm\s|Để\s|Trên\s+cơ\s+sở|Điều\s+\d|Phần\s|Chương\s"
    r"|Thừa\s+lệnh|Nơi\s+nhận|[IVXLC]+[.\s]|\d+[.)]\s|[-–•+]\s)",
)
_BODY_KINDS = (
    "ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "UBND", "HĐND", "SỞ", "BỘ", "BAN", "CỤC", "CHI CỤC",
    "TỔNG CỤC", "VĂN PHÒNG", "THANH TRA", "PHÒNG", "TRUNG TÂM", "ĐẢNG ỦY", "ĐẢNG BỘ", "CÔNG ĐOÀN", "ĐOÀN",
    "HỘI", "VIỆN", "TRƯỜNG", "CÔNG TY", "BỘ PHẬN", "TỔ", "ĐỘI",
)
_PLACE_WORDS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")
_ABBREVIATIONS = {"UBND", "HĐND", "MTTQ", "BCĐ", "CCHC", "TTHC", "CNTT", "KT-XH", "TW", "TP", "TP.", "VN"}
_NAMES = {("công", "thương"): ("Công", "Thương")}  # Bộ/Sở Công Thương: both words capitalised


@dataclass
class DocumentHeader:
    number: str = ""  # số ký hiệu, e.g. 125/QĐ-SCT
    issued_on: date | None = None  # ngày ban hành
    issuer: str = ""  # cơ quan ban hành, e.g. Sở Công Thương
    kind: str = ""  # Quyết định, Kế hoạch, Báo cáo, Công văn...
    summary: str = ""  # trích yếu

    def __bool__(self) -> bool:
        return bool(self.number or self.issued_on or self.issuer or self.summary)


def _clean_line(line: str) -> str:
    line = _MOTTO.sub(" ", line)
    line = _RULE.sub(" ", line)
    return re.sub(r"\s+", " ", line).strip()


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha())


def _is_upper(text: str) -> bool:
    letters = _letters(text)
    return len(letters) >= 2 and letters == letters.upper()


def document_kind(line: str) -> tuple[str, str] | None:
    """("Kế hoạch", the rest of the line) when the line is, or starts with, a kind of document in capitals:
    "KẾ HOẠCH" → ("Kế hoạch", ""), "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH" → ("Kế hoạch", "CẢI CÁCH HÀNH CHÍNH")."""
    line = line.strip()
    for title, label in DOCUMENT_KINDS.items():
        if line.rstrip(":").strip() == title:
            return label, ""
        if line.startswith(title + " "):
            return label, line[len(title):].strip()
    return None


def _title_kind(line: str) -> tuple[str, str] | None:
    """The kind heading of the header block, alone or with the title merged on its line in small letters
    ("KẾ HOẠCH Cải cách hành chính..."); a line of capitals after the kind is not a heading."""
    kind = document_kind(line)
    if kind and kind[1] and _is_upper(kind[1]):
        return None
    return kind


def _parse_number(rest: str) -> str:
    match = _NUMBER.match(rest)
    if not match:
        return ""
    return re.sub(r"\s+", "", match.group("num")).rstrip(".-")


def number_of(line: str) -> str | None:
    """The số ký hiệu of a "Số: 125/QĐ-SCT" line: "" when the draft leaves it blank ("Số:    /KH-SCT"),
    None when the line has no "Số"."""
    match = _NUMBER_LINE.search(line)
    return _parse_number(match.group("rest")) if match else None


def _date_of(match) -> date | None:
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """The first "ngày 12 tháng 3 năm 2026" of ``text``."""
    match = _DATE.search(text)
    return _date_of(match) if match else None


def place_and_date(text: str) -> tuple[str, date | None]:
    """("Đồng Nai", 23/01/2026) from "Đồng Nai, ngày 23 tháng 01 năm 2026"; the date is None when
    the draft leaves it blank, the place "" when the text has neither."""
    place = _PLACE.search(text)
    if not place:
        return "", None
    date_match = _DATE.match(text, place.end())
    return place.group("place").strip(), _date_of(date_match) if date_match else None


def _is_stop(line: str) -> bool:
    return (_is_upper(line) or bool(_STOP_START.match(line)) or bool(_NUMBER_LINE.match(line))
            or bool(_DATE.search(line)))


def _collect(lines: list[str], start: int) -> str:
    parts: list[str] = []
    for line in lines[start:start + MAX_SUMMARY_LINES]:
        # The title's first line may open like a body paragraph ("Thực hiện Chương trình...").
        if _is_stop(line) and (parts or _is_upper(line) or _NUMBER_LINE.match(line)):
            break
        parts.append(line)
    summary = " ".join(parts).strip()
    return summary[:500].rstrip(" ,;:")


def _starts_body(line: str) -> bool:
    return any(line == kind or line.startswith(kind + " ") for kind in _BODY_KINDS)


def title_case(upper: str) -> str:
    """An issuing body written in capitals, the way it is written in a sentence:
    "UBND TỈNH ĐỒNG NAI" → "UBND tỉnh Đồng Nai", "SỞ CÔNG THƯƠNG" → "Sở Công Thương"."""
    words = upper.split()
    out: list[str] = []
    i, place = 0, False
    while i < len(words):
        word = words[i]
        lower = word.lower()
        two = " ".join(w.lower() for w in words[i:i + 2])
        if word in _ABBREVIATIONS:
            out.append(word)
        elif not place and (two in _PLACE_WORDS or lower in _PLACE_WORDS) and out and two != "xã hội":
            taken = two if two in _PLACE_WORDS else lower
            out.extend(taken.split())
            i += len(taken.split())
            place = True
            continue
        elif place:
            out.append(lower.capitalize())
        elif tuple(w.lower() for w in words[i:i + 2]) in _NAMES:
            out.extend(_NAMES[tuple(w.lower() for w in words[i:i + 2])])
            i += 2
            continue
        elif not out:
            out.append(lower.capitalize())
        elif lower == "sở":
            out.append("Sở")  # "Thanh tra Sở", "Văn phòng Sở": the Sở is a name
        else:
            kind_words = _leading_kind_length(words)
            out.append(lower.capitalize() if i == kind_words else lower)
        i += 1
    return " ".join(out)


def _leading_kind_length(words: list[str]) -> int:
    """How many words the body kind ("SỞ", "ỦY BAN NHÂN DÂN", "CHI CỤC") takes at the start."""
    best = 0
    for kind in _BODY_KINDS:
        parts = kind.split()
        if [w.upper() for w in words[:len(parts)]] == parts:
            best = max(best, len(parts))
    return best


def _issuer(lines: list[str]) -> str:
    bodies: list[str] = []
    for line in lines:
        if not _is_upper(line) or _title_kind(line) or _DATE.search(line):
            continue
        if _starts_body(line) or not bodies:
            bodies.append(line)
        else:
            bodies[-1] += " " + line  # the name runs on: "ỦY BAN NHÂN DÂN" / "TỈNH ĐỒNG NAI"
    return title_case(bodies[-1]) if bodies else ""


def parse_header(text: str) -> DocumentHeader:
    """Số ký hiệu, ngày ban hành, cơ quan ban hành, loại văn bản and trích yếu of a document,
    from the text of its first page. Fields not found are left empty."""
    raw = normalize(text)[:MAX_TEXT].split("\n")
    # Blank lines mean nothing in a PDF text layer (some put one between every two lines).
    head = [line for line in (_clean_line(line) for line in raw) if line][:HEAD_LINES]
    header = DocumentHeader()

    title_at = next((i for i, line in enumerate(head) if _title_kind(line)), None)
    number_at = None
    for i, line in enumerate(head[:title_at]):
        number = number_of(line)
        if number is not None:
            number_at, header.number = i, number
            break
    before_title = head[:title_at] if title_at is not None else head[:HEAD_LINES // 2]
    header.issued_on = parse_date(" ".join(before_title))

    top = head[:number_at] if number_at is not None else before_title
    header.issuer = _issuer(top)

    if title_at is not None:
        header.kind, rest = _title_kind(head[title_at])
        header.summary = rest or _collect(head, title_at + 1)
    else:
        for i, line in enumerate(before_title):
            subject = line if _SUBJECT.match(line) else ""
            if not subject and number_at is not None and i == number_at:
                # "Số: 12/SCT-VP V/v ..." merged on one line
                found = re.search(r"\b(V/v|V/V)\b.*$", line)
                subject = found.group(0) if found else ""
            if subject:
                header.kind = "Công văn"
                rest = [subject] + [ln for ln in before_title[i + 1:i + MAX_SUMMARY_LINES] if ln]
                summary = []
                for part in rest:
                    if summary and _is_stop(part):
                        break
                    summary.append(_DATE.split(part)[0].strip() if summary else part)
                header.summary = " ".join(summary)[:500].rstrip(" ,;:")
                break
    return header


# -- reading the first page of a file -------------------------------------------------

def pdf_first_page_text(handle: BinaryIO) -> str:
    from pypdf import PdfReader  # noqa: PLC0415  (pypdf: only a .pdf's header is read with it)

    reader = PdfReader(handle, strict=False)
    if reader.is_encrypted or not reader.pages:
        return ""
    return (reader.pages[0].extract_text() or "")[:MAX_TEXT]


def docx_first_page_text(handle: BinaryIO) -> str:
    """The opening paragraphs and tables of a Word file, in reading order (each table cell
    on its own lines, left column first, as the header table is written)."""
    import docx  # noqa: PLC0415  (python-docx: only a .docx's header is read with it)
    from docx.table import Table  # noqa: PLC0415  (python-docx)

    document = docx.Document(handle)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell appears once per grid column
                        continue
                    seen.add(id(cell._tc))
                    lines.extend(cell.text.split("\n"))
        else:
            lines.append(block.text)
        if len(lines) > HEAD_LINES * 2:
            break
    return "\n".join(lines)[:MAX_TEXT]


def first_page_text(handle: BinaryIO, kind: str) -> str:
    """The text of a stored PDF or DOCX's first page ("" for other kinds)."""
    if kind == "pdf":
        return pdf_first_page_text(handle)
    if kind == "docx":
        return docx_first_page_text(handle)
    return ""


def read_header(handle: BinaryIO, kind: str) -> DocumentHeader:
    """The header of a file of ``kind`` ("pdf", "docx"; empty for others), read from its first page.
    Best effort: a file that cannot be read this way is still a valid document. Unbounded: an
    uploaded file is read through ``read_header_within``."""
    if kind not in ("pdf", "docx"):
        return DocumentHeader()
    try:
        handle.seek(0)
        return parse_header(first_page_text(handle, kind))
    except MemoryError:
        raise
    except Exception:  # pypdf and python-docx raise many kinds of errors on odd files
        log.info("no header read from an uploaded %s", kind, exc_info=True)
        return DocumentHeader()


def _header_of_bytes(data: bytes, kind: str) -> DocumentHeader:
    """In the worker: errors go to ``worker.run``, which tells a reader stopped by its memory cap
    from a file that is merely odd."""
    return parse_header(first_page_text(io.BytesIO(data), kind))


def read_header_within(data: bytes, kind: str, limits: Limits, max_xml_part: int) -> DocumentHeader | None:
    """The header of an uploaded PDF or DOCX, read in a worker within ``limits`` (app/documents/worker.py);
    None when it could not be read within them: a DOCX with an XML part larger than ``max_xml_part``
    bytes is not even opened. Other kinds have no header to read (an empty one)."""
    if kind not in ("pdf", "docx"):
        return DocumentHeader()
    if kind == "docx" and largest_xml_part(data) > max_xml_part:
        return None
    import docx  # noqa: F401, PLC0415  (python-docx: imported once by the server, not by every worker)
    import pypdf  # noqa: F401, PLC0415  (pypdf: the same)

    try:
        return worker.run(_header_of_bytes, data, kind, limits=limits)
    except worker.OverLimit:
        return None
    except worker.WorkerFailed:
        log.info("no header read from an uploaded %s", kind, exc_info=True)
        return DocumentHeader()
