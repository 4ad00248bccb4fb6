"""Plan metadata from the document's opening: title, số ký hiệu, place and
date, năm or giai đoạn, and the căn cứ documents as structured references.

"Kế hoạch số 16341/KH-UBND ngày 28/12/2021 của UBND tỉnh …" → Reference(type
"Kế hoạch", number "16341/KH-UBND", date 28/12/2021, issuer "UBND tỉnh").
"""
import re
from dataclasses import dataclass, field
import datetime as dt

from ...search import fold

DOC_TYPES = ("Kế hoạch", "Chương trình", "Quyết định", "Nghị quyết", "Nghị định", "Thông tư", "Chỉ thị", "Công văn",
             "Văn bản", "Luật", "Hướng dẫn", "Thông báo", "Đề án", "Báo cáo", "Kết luận")
_TYPE = "|".join(DOC_TYPES)
_REFERENCE = re.compile(
    rf"(?P<type>{_TYPE})\s+(?:số\s+)?(?P<number>\d+(?:[/-][\wĐđ]+)+)"
    r"(?:\s+ngày\s+(?P<date>\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}))?", re.IGNORECASE)
_ISSUER = re.compile(
    r"^\s*[Cc]ủa\s+(?P<issuer>"
    r"(?:Chủ tịch\s+)?(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND|Hội đồng nhân dân)"
    r"(?:\s+(?:tỉnh|thành phố|TP\.?)(?:\s+[A-ZĐ][\wà-ỹ]*){0,3})?"
    r"|Thủ tướng Chính phủ|Chính phủ|Bộ Chính trị|Ban Chấp hành Trung ương(?:\s+Đảng)?|Ban Bí thư|Quốc hội"
    r"|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ"
    r"|Bộ (?:Nội vụ|Công Thương|Tài chính|Tư pháp|Thông tin và Truyền thông|Khoa học và Công nghệ|Kế hoạch và Đầu tư)"
    r"|Sở (?:Công Thương|Nội vụ|Tài chính|Tư pháp)"
    r")")
# The issuing body's code at the end of a number ("…/KH-UBND"), when the text does not name it.
_ISSUER_CODES = {
    "ubnd": "UBND tỉnh", "hdnd": "HĐND tỉnh", "sct": "Sở Công Thương", "snv": "Sở Nội vụ", "cp": "Chính phủ",
    "ttg": "Thủ tướng Chính phủ", "tw": "Ban Chấp hành Trung ương", "tu": "Tỉnh ủy", "bnv": "Bộ Nội vụ",
    "bct": "Bộ Công Thương", "btc": "Bộ Tài chính", "qh": "Quốc hội",
}
_YEAR = re.compile(r"\bnăm\s+(\d{4})\b", re.IGNORECASE)
_PERIOD = re.compile(r"giai đoạn\s+(\d{4})\s*[-–—]\s*(\d{4})", re.IGNORECASE)
_NUMBER = re.compile(r"^Số\s*:?\s*(?P<number>[\w.\-]*\s*/\s*[\wĐđ.\-]+)?", re.IGNORECASE)
_PLACE_DATE = re.compile(
    r"(?P<place>(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s?){1,4}),\s*ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})?")
_DOC_HEADING = re.compile(r"^(KẾ HOẠCH|CHƯƠNG TRÌNH)\b(?P<rest>.*)$")
_THEMATIC = ("tuyen truyen", "kiem tra", "kiem soat thu tuc", "chuyen de", "khao sat")


@dataclass
class Reference:
    type: str
    number: str
    date: dt.date | None = None
    issuer: str = ""
    text: str = ""  # the citation as the plan writes it

    def citation(self) -> str:
        """"Kế hoạch số 16341/KH-UBND ngày 28/12/2021 của UBND tỉnh …", one line of Plan.basis."""
        return self.text or " ".join(filter(None, [
            f"{self.type} số {self.number}", f"ngày {self.date:%d/%m/%Y}" if self.date else "",
            f"của {self.issuer}" if self.issuer else ""]))

    def to_dict(self) -> dict:
        return {"type": self.type, "number": self.number, "date": self.date.isoformat() if self.date else None,
                "issuer": self.issuer, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict) -> "Reference":
        day = data.get("date")
        return cls(type=data.get("type", ""), number=data.get("number", ""),
                   date=dt.date.fromisoformat(day) if day else None, issuer=data.get("issuer", ""),
                   text=data.get("text", ""))


@dataclass
class PlanMeta:
    title: str = ""
    kind: str = "annual"  # programme, annual, thematic (app.plans.models.PLAN_KINDS)
    number: str = ""
    issued_on: dt.date | None = None
    place: str = ""
    year: int | None = None
    start_year: int | None = None
    end_year: int | None = None
    basis: list[Reference] = field(default_factory=list)


def _parse_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        day, month, year = (int(p) for p in re.split(r"\s*/\s*", text.strip()))
        return dt.date(year, month, day)
    except ValueError:
        return None


def _issuer_from_number(number: str) -> str:
    code = fold(re.split(r"[/-]", number)[-1])
    code = re.sub(r"\d+$", "", code)
    return _ISSUER_CODES.get(code, "")


def _type_case(text: str) -> str:
    for name in DOC_TYPES:
        if fold(name) == fold(text):
            return name
    return text


def parse_references(text: str) -> list[Reference]:
    """Every document a sentence cites, with its number, date and issuer."""
    matches = list(_REFERENCE.finditer(text))
    references = []
    for i, match in enumerate(matches):
        after = text[match.end():]
        issuer_match = _ISSUER.match(after)
        issuer = issuer_match.group("issuer") if issuer_match else _issuer_from_number(match.group("number"))
        if issuer and issuer.lower() == "ubnd" or (issuer or "").lower() == "ủy ban nhân dân":
            issuer = "UBND tỉnh"
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        stop = re.search(r";|\.\s|\.$|,\s*(?:Sở|Ban|Phòng)\s", text[match.end():end])
        cited = text[match.start():match.end() + (stop.start() if stop else end - match.end())]
        cited = re.sub(r"\s*(?:và|,)\s*$", "", cited.strip()).rstrip(" .,;")
        references.append(Reference(type=_type_case(match.group("type")), number=match.group("number"),
                                    date=_parse_date(match.group("date")), issuer=issuer.strip(), text=cited))
    return references


def year_or_period(title: str) -> tuple[int | None, int | None, int | None]:
    """(year, start_year, end_year) a title names: "năm 2022" or "giai đoạn 2026-2030"."""
    period = _PERIOD.search(title or "")
    if period:
        return None, int(period.group(1)), int(period.group(2))
    year = _YEAR.search(title or "")
    return (int(year.group(1)) if year else None), None, None


def kind_of(doc_heading: str, title: str, start_year: int | None) -> str:
    if start_year is not None:
        return "programme"
    folded = fold(title)
    if any(word in folded for word in _THEMATIC):
        return "thematic"
    return "annual"


def parse_number_line(text: str) -> tuple[str | None, str, dt.date | None]:
    """"Số: 639/KH-SCT  Đồng Nai, ngày 23 tháng 01 năm 2026" → (number or None, place, date).

    The number is "" when the document leaves it blank ("Số:    /KH-SCT"), None when the line has none.
    """
    number = None
    match = _NUMBER.match(text)
    if match:
        raw = re.sub(r"\s+", "", match.group("number") or "")
        number = raw if re.match(r"^\d", raw) else ""
    place, issued = "", None
    pd = _PLACE_DATE.search(text)
    if pd:
        place = pd.group("place").strip()
        if all(pd.group(k) for k in "dmy"):
            try:
                issued = dt.date(int(pd.group("y")), int(pd.group("m")), int(pd.group("d")))
            except ValueError:
                issued = None
    return number, place, issued


def doc_heading(text: str) -> tuple[str, str] | None:
    """("KẾ HOẠCH", the rest of the line) when ``text`` is the document's type heading."""
    match = _DOC_HEADING.match(text.strip())
    if not match:
        return None
    rest = match.group("rest").strip()
    if rest and not rest.isupper():
        return None
    return match.group(1), rest
