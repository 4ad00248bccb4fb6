"""Structure read through OCR noise (issue 26 point 4).

Unedited OCR of a Vietnamese scan (tesseract) confuses diacritics ("CÓNG HÒA" for CỘNG, "QUYÉT" for
QUYẾT, "thẳng" for tháng, "cäi cách", "Tô chức"), letters and digits ("Il." for II., "1O5" for 105,
"f6" for a day) and breaks words across lines. These functions recognise the structure of an
administrative document in such text: which kind of document a heading names, a header's date (or at
least its year), a roman heading's number. They compare folded text only: the text kept for titles and
tasks is never rewritten.
"""
import re
from datetime import date

from ..search import fold


def structure_key(text: str) -> str:
    """Lower case, no diacritics (so ó/ô/ộ, ă/ä, é/ế are one letter), punctuation as spaces."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text or "")).split())


_KINDS = {"quyet dinh": "Quyết định", "ke hoach": "Kế hoạch", "chuong trinh": "Chương trình",
          "cong van": "Công văn", "bao cao": "Báo cáo", "thong bao": "Thông báo", "huong dan": "Hướng dẫn"}


def heading_kind(text: str) -> str | None:
    """"Kế hoạch" for a line in capitals that is only "KẾ HOẠCH" (or "KÉ HOẠCH", "QUYÉT ĐỊNH:" …)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or not all(ch.isupper() for ch in letters) or len(text) > 30:
        return None
    return _KINDS.get(structure_key(text))


_DATE = re.compile(r"\bngay\s+(\w{0,3})\s*thang\s+(\w{0,3})\s*nam\s+(\d{4})\b")
_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "i": "1"})


def _number(field: str) -> int | None:
    value = field.translate(_DIGITS)
    return int(value) if value.isdigit() else None


def header_date(text: str) -> tuple[date | None, int | None]:
    """(the date, its year) of "… ngày 16 tháng 6 năm 2021", read through OCR noise ("ngày 16 thẳng 6",
    "ngày 1O tháng 6"); a day or month left blank or garbled ("ngày f6 tháng năm 2021") leaves the date
    None but still gives the year."""
    match = _DATE.search(structure_key(text))
    if not match:
        return None, None
    year = int(match.group(3))
    day, month = _number(match.group(1)), _number(match.group(2))
    try:
        return (date(year, month, day) if day and month else None), year
    except ValueError:
        return None, year


_ROMAN_OCR = re.compile(r"^(?P<m>[IVXl|1]{1,5})(?P<rest>\s*[.)]\s+\S.*)$")


def roman_marker(text: str) -> str:
    """"Il. MỤC ĐÍCH" → "II. MỤC ĐÍCH": a roman heading's number as OCR reads it (l, | or 1 for I) made
    roman again, when what follows is in capitals; any other text is returned as it is."""
    match = _ROMAN_OCR.match(text)
    marker = match.group("m") if match else ""
    if not match or not (re.search(r"[l|]", marker) or ("1" in marker and re.search(r"[IVX]", marker))):
        return text
    rest = match.group("rest")
    letters = [ch for ch in rest if ch.isalpha()]
    if len(letters) < 4 or not all(ch.isupper() for ch in letters):
        return text
    return match.group("m").replace("l", "I").replace("|", "I").replace("1", "I") + rest
