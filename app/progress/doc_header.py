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
DOCX (python-docx). The result only pre-fills a form that a person confirms.
"""
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

HEAD_LINES = 40  # the header and the title are always within the first lines of the first page
MAX_TEXT = 6000
MAX_SUMMARY_LINES = 5

KIND_TITLES = {
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
}

_MOTTO = re.compile(
    r"C[ỘO]NG\s+H(?:ÒA|OÀ|OA)\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM"
    r"|Đ[ộo]c\s+l[ậa]p\s*[-–—]\s*T[ựu]\s+do\s*[-–—]\s*H[ạa]nh\s+ph[úu]c",
    re.IGNORECASE,
)
_RULE = re.compile(r"[_\-–—=~*.…·•]{3,}")
_NUMBER_LINE = re.compile(r"(?:^|\s)Số\s*[:.]?\s*(?P<rest>.*)$")
_NUMBER = re.compile(r"^(?P<num>\d[\w.\-]*(?:\s*/\s*[\w.\-]+)+)", re.UNICODE)
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
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


def normalize(text: str) -> str:
    """NFC, the "ƣ" of some PDF producers, no-break and zero-width spaces."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("ƣ", "ư").replace("Ƣ", "Ư")
    text = re.sub(r"[\u00a0\u2007\u202f\t]", " ", text)
    text = re.sub(r"[\u200b\u200c\u200d\ufeff]", "", text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _clean_line(line: str) -> str:
    line = _MOTTO.sub(" ", line)
    line = _RULE.sub(" ", line)
    return re.sub(r"\s+", " ", line).strip()


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha())


def _is_upper(text: str) -> bool:
    letters = _letters(text)
    return len(letters) >= 2 and letters == letters.upper()


def _kind_of(line: str) -> tuple[str, str] | None:
    """("Quyết định", rest of the line) when the line is (or starts with) a document kind in capitals."""
    for title, label in KIND_TITLES.items():
        if line == title or line.rstrip(":").strip() == title:
            return label, ""
        if line.startswith(title + " "):
            rest = line[len(title):].strip()
            if rest and not _is_upper(rest):  # "KẾ HOẠCH Cải cách hành chính..." merged on one line
                return label, rest
    return None


def _parse_number(rest: str) -> str:
    match = _NUMBER.match(rest)
    if not match:
        return ""
    return re.sub(r"\s+", "", match.group("num")).rstrip(".-")


def _parse_date(text: str) -> date | None:
    match = _DATE.search(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


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
        if not _is_upper(line) or _kind_of(line) or _DATE.search(line):
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

    title_at = next((i for i, line in enumerate(head) if _kind_of(line)), None)
    number_at = None
    for i, line in enumerate(head[:title_at]):
        match = _NUMBER_LINE.search(line)
        if match:
            number_at = i
            header.number = _parse_number(match.group("rest"))
            break
    before_title = head[:title_at] if title_at is not None else head[:HEAD_LINES // 2]
    header.issued_on = _parse_date(" ".join(before_title))

    top = head[:number_at] if number_at is not None else before_title
    header.issuer = _issuer(top)

    if title_at is not None:
        header.kind, rest = _kind_of(head[title_at])
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
    from pypdf import PdfReader

    reader = PdfReader(handle, strict=False)
    if reader.is_encrypted or not reader.pages:
        return ""
    return (reader.pages[0].extract_text() or "")[:MAX_TEXT]


def docx_first_page_text(handle: BinaryIO) -> str:
    """The opening paragraphs and tables of a Word file, in reading order (each table cell
    on its own lines, left column first, as the header table is written)."""
    import docx
    from docx.table import Table

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
