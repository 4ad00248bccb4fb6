"""Numbers as people type them, and as the app shows them back: one parser for every numeric field.

The app shows numbers the Vietnamese way (``formatting.vn_number``): "." between thousands, "," before
decimals: "1.250" is one thousand two hundred and fifty, "98,5" is ninety-eight and a half. People type
them that way, or the way a spreadsheet in English taught them ("98.5", "1,250"), with spaces, non-breaking
spaces (pasted from Word) or a percent sign. ``parse_number(text, kind)`` reads them all:

- Spaces of any kind are ignored ("1 250", "98,5 %"); a percent kind may end with "%" ("100 %").
- Both marks ("1.234,5", "1,234.5"): the last one is the decimal mark, the other separates thousands.
- One mark used several times ("1.250.000"): it separates thousands.
- One mark used once: a decimal mark ("98,5", "98.5", "0,25"), unless exactly three digits follow it and
  the kind decides it separates thousands. That is the only ambiguous case ("1.250", "1,250"), and the
  kind of the field decides it:

  * a whole number (a count, a year, a rank, the statistics figures, the percent done) never has
    decimals, so the mark separates thousands, whichever it is: "1.250" and "1,250" are 1250;
  * a percent (a target's value or result) is never a thousand or more, so the mark is the decimal
    mark, whichever it is: "99.125" and "99,125" are 99.125;
  * any other number (a duration, a baseline) is read the Vietnamese way, as the app shows it:
    "1.250" is 1250, "1,250" is 1.25.

- Thousands groups are three digits after a first group of one to three ("1.2500" or "12.50.000" is
  refused), so "98.5" is never 985.
- A whole number with decimals is refused ("1,5" for a count), saying so; a zero decimal part is not a
  decimal ("100,0" is 100).
- A yes/no value is "Có" or "Không" (or 1 / 0).

Ranges (a percent from 0 to 100, a count not negative) are the services' rules, not the parser's.
``number_text(value, kind)`` writes a value back into a field as the parser reads it ("1.250", "98,5",
"Có"), so a form shows the value as it was understood.

Ids and page numbers the browser sends (a query string's ``?period=``, ``?page=``, ``?edit=3,7``, a form's
hidden id) are not typed by people: ``parse_id`` reads them, ASCII digits only, from 0 to ``MAX_ID``
(``forms.arg_int`` / ``forms.arg_ids`` read the query string with it). "²" or "١٢" are not ids, and a number
of thousands of digits is refused by its length before Python would convert it.
"""
import math
import re
from dataclasses import dataclass

from .formatting import vn_number
from .search import fold


@dataclass(frozen=True)
class NumberKind:
    """What a field holds: it decides the ambiguous "1.250" and what may be typed."""

    whole: bool = False  # no decimals (a count, a year, the statistics figures)
    percent: bool = False  # may end with "%"; never a thousand or more
    grouped: bool = True  # shown with "." between thousands (a year is not: "2026")
    yes_no: bool = False  # "Có" / "Không"


DECIMAL = NumberKind()
COUNT = NumberKind(whole=True)
YEAR = NumberKind(whole=True, grouped=False)
PERCENT = NumberKind(percent=True)
WHOLE_PERCENT = NumberKind(whole=True, percent=True)  # the percent done of an entry
YES_NO = NumberKind(whole=True, yes_no=True)

_BY_METRIC = {"percent": PERCENT, "count": COUNT, "rank": COUNT, "yes_no": YES_NO}


def kind_of_metric(metric_kind: str | None) -> NumberKind:
    """The kind of the values of a target measured as ``metric_kind`` (app.plans.models.METRIC_KINDS)."""
    return _BY_METRIC.get(metric_kind or "", DECIMAL)


NOT_A_NUMBER = "Giá trị phải là một số (ví dụ 99 hoặc 99,5)."
NOT_WHOLE = "Giá trị phải là một số nguyên."
HAS_DECIMALS = "Giá trị phải là một số nguyên; “{text}” có phần thập phân."
BAD_GROUPS = ("“{text}” không đọc được: dấu phân cách hàng nghìn phải đứng trước đúng ba chữ số "
              "(ví dụ 1.250 hoặc 1.250.000).")
NOT_PERCENT = "Chỉ giá trị tỷ lệ mới có dấu %."
NOT_YES_NO = "Hãy nhập Có hoặc Không."
TOO_BIG = "Giá trị quá lớn."

WHOLE_LIMIT = 999_999_999  # whole numbers are stored as integers (PostgreSQL's integer holds 2**31 - 1)
DECIMAL_LIMIT = 1e12

_YES, _NO = {"co", "1"}, {"khong", "0"}
_DIGITS = re.compile(r"[0-9]+")


def parse_number(text: str | None, kind: NumberKind = DECIMAL) -> int | float | None:
    """The number ``text`` holds, read as the module docstring says; None when it is empty.
    Raises ValueError with a Vietnamese message when it is not a number of that kind."""
    raw = (text or "").replace("\x00", "").strip()
    compact = "".join(raw.split())  # every kind of space, non-breaking ones included
    if not compact:
        return None
    if kind.yes_no:
        answer = fold(" ".join(raw.split()))
        if answer in _YES:
            return 1
        if answer in _NO:
            return 0
        raise ValueError(NOT_YES_NO)
    if compact.endswith("%"):
        if not kind.percent:
            raise ValueError(NOT_PERCENT)
        compact = compact[:-1]
    negative = compact[:1] in ("-", "−")
    if compact[:1] in ("-", "−", "+"):
        compact = compact[1:]
    whole_digits, fraction = _split(compact, kind, raw)
    if kind.whole:
        if fraction.strip("0"):
            raise ValueError(HAS_DECIMALS.format(text=raw))
        value = int(whole_digits)
        if value > WHOLE_LIMIT:
            raise ValueError(TOO_BIG)
        return -value if negative else value
    value = float(f"{whole_digits}.{fraction or '0'}")
    if not math.isfinite(value) or value >= DECIMAL_LIMIT:
        raise ValueError(TOO_BIG)
    return -value if negative else value


def _split(text: str, kind: NumberKind, raw: str) -> tuple[str, str]:
    """(the digits before the decimal mark, the digits after it) of ``text`` (no sign, no spaces)."""
    not_a_number = NOT_WHOLE if kind.whole else NOT_A_NUMBER
    if not text or text.strip("0123456789.,"):
        raise ValueError(not_a_number)
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        if text.count(decimal) > 1:
            raise ValueError(not_a_number)
        before, after = text.split(decimal)
        return _thousands(before, "." if decimal == "," else ",", raw, not_a_number), _digits(after, not_a_number)
    if not dots and not commas:
        return text, ""
    mark = "." if dots else ","
    if text.count(mark) > 1:
        return _thousands(text, mark, raw, not_a_number), ""
    before, after = text.split(mark)
    if len(after) == 3 and _leading_group(before) and _separates_thousands(mark, kind):
        return before + after, ""
    return _digits(before, not_a_number), _digits(after, not_a_number)


def _separates_thousands(mark: str, kind: NumberKind) -> bool:
    """Whether one ``mark`` followed by exactly three digits separates thousands (see the docstring)."""
    if kind.whole:
        return True
    if kind.percent:
        return False
    return mark == "."


def _leading_group(digits: str) -> bool:
    """The digits before the first thousands separator: one to three, not starting with 0."""
    return bool(_DIGITS.fullmatch(digits)) and len(digits) <= 3 and not digits.startswith("0")


def _thousands(text: str, mark: str, raw: str, not_a_number: str) -> str:
    groups = text.split(mark)
    if not all(_DIGITS.fullmatch(g) for g in groups):
        raise ValueError(not_a_number)
    if not _leading_group(groups[0]) or any(len(g) != 3 for g in groups[1:]):
        raise ValueError(BAD_GROUPS.format(text=raw))
    return "".join(groups)


def _digits(text: str, not_a_number: str) -> str:
    if not _DIGITS.fullmatch(text):
        raise ValueError(not_a_number)
    return text


def number_text(value: float | int | None, kind: NumberKind = DECIMAL) -> str:
    """``value`` written back into a field as ``parse_number`` reads it: "1.250", "98,5", "2026", "Có"."""
    if value is None:
        return ""
    if kind.yes_no and value in (0, 1):
        return "Có" if value else "Không"
    if not kind.grouped and float(value).is_integer():
        return str(int(value))
    return vn_number(value, decimals=6)


# The largest id: PostgreSQL's integer. A larger number in a URL, a query string or a form field
# names nothing, and must not reach the database (SQLite overflows past 2**63, PostgreSQL past this).
MAX_ID = 2**31 - 1


class BeyondIds(ValueError):
    """A whole number larger than any id (MAX_ID): it names nothing (a 404 where a URL names it)."""


def parse_id(value) -> int:
    """An id (or a page number) sent by the browser: ASCII digits, spaces around them allowed, for a whole
    number from 0 to MAX_ID. ValueError otherwise: BeyondIds when it is a whole number past MAX_ID."""
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()):
        raise ValueError(NOT_WHOLE)
    if len(text) > len(str(MAX_ID)) or int(text) > MAX_ID:  # the length first: int() of 5,000 digits fails
        raise BeyondIds(NOT_WHOLE)
    return int(text)
