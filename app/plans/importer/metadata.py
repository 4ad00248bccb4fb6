"""Plan metadata from the document's opening: title, số ký hiệu, place and
date, năm or giai đoạn, and the căn cứ documents as structured references.

The parts of an administrative document are read by ``app.documents``: the
kind heading, the number and the place and date by ``header``, the căn cứ by
``citations``; what is a plan's own (its year or giai đoạn, annual or
thematic) is read here.
"""
import datetime as dt
import re
from dataclasses import dataclass, field

from ...documents.citations import Reference
from ...documents.header import document_kind, number_of, place_and_date
from ...search import fold

_YEAR = re.compile(r"\bnăm\s+(\d{4})\b", re.IGNORECASE)
_PERIOD = re.compile(r"giai đoạn\s+(\d{4})\s*[-–—]\s*(\d{4})", re.IGNORECASE)
_THEMATIC = ("tuyen truyen", "kiem tra", "kiem soat thu tuc", "chuyen de", "khao sat")
PLAN_DOCUMENTS = ("Kế hoạch", "Chương trình")


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
    return number_of(text), *place_and_date(text)


def doc_heading(text: str) -> tuple[str, str] | None:
    """("Kế hoạch", the rest of the line in capitals) when ``text`` is a plan document's type heading."""
    kind = document_kind(text)
    if kind is None or kind[0] not in PLAN_DOCUMENTS or (kind[1] and not kind[1].isupper()):
        return None
    return kind
