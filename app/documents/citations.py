"""The documents a sentence cites, as plans write their căn cứ:

"Kế hoạch số 16341/KH-UBND ngày 28/12/2021 của UBND tỉnh …" → Reference(type
"Kế hoạch", number "16341/KH-UBND", date 28/12/2021, issuer "UBND tỉnh").

The kinds of document are those of the header reader (``header.DOCUMENT_KINDS``),
with "Văn bản", the word a citation uses for a document of any kind.
"""
import datetime as dt
import re
from dataclasses import dataclass

from ..search import fold
from .header import DOCUMENT_KINDS

CITED_KINDS = (*DOCUMENT_KINDS.values(), "Văn bản")
_KIND = "|".join(CITED_KINDS)
_REFERENCE = re.compile(
    rf"(?P<type>{_KIND})\s+(?:số\s+)?(?P<number>\d+(?:[/-][\wĐđ]+)+)"
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


def _parse_date(text: str | None) -> dt.date | None:
    """28/12/2021, as a citation writes its date."""
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


def _kind_case(text: str) -> str:
    for name in CITED_KINDS:
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
        references.append(Reference(type=_kind_case(match.group("type")), number=match.group("number"),
                                    date=_parse_date(match.group("date")), issuer=issuer.strip(), text=cited))
    return references
