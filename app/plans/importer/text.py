"""Which extracted lines to trust, and the page furniture to drop.

The repair of one line (PDF glyphs, Unicode forms, spaces) is ``app.documents.text.clean_line``;
``unreadable_reason`` says when a line still cannot be read, so the importer warns instead of guessing.
"""
import re
import unicodedata
from collections import Counter

_PUNCTUATION = set(".,;:!?()[]{}\"'“”‘’-–—/%+*&…•·°§<>=_#@")


def unreadable_reason(text: str) -> str | None:
    """Why a cleaned line cannot be trusted, in Vietnamese; None when it reads fine."""
    if "\ufffd" in text:
        return "Dòng có ký tự không đọc được (lỗi bảng mã hoặc nhận dạng chữ)."
    if any(unicodedata.category(ch) == "Co" for ch in text):
        return "Dòng dùng phông chữ cũ (ký tự riêng) nên không đọc được đúng dấu tiếng Việt."
    odd = sum(1 for ch in text if not (ch.isalnum() or ch.isspace() or ch in _PUNCTUATION))
    if len(text) >= 8 and odd / len(text) > 0.2:
        return "Dòng có nhiều ký tự lạ, có thể do nhận dạng chữ (OCR) sai."
    return None


# -- page furniture -------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^(?:trang\s*)?[-–—]?\s*\d{1,3}\s*[-–—]?(?:\s*/\s*\d{1,3})?$", re.IGNORECASE)
_URL_ONLY = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)


def is_page_number(text: str) -> bool:
    """"3", "- 3 -", "Trang 3", "3/12": a page number on a line of its own."""
    return bool(_PAGE_NUMBER.match(text.strip()))


def is_stray_link(text: str) -> bool:
    """A web address alone on a line: a link annotation the PDF extraction printed apart."""
    return bool(_URL_ONLY.match(text.strip()))


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().casefold())


def running_headers(pages: list[list[str]], edge: int = 2) -> set[str]:
    """Keys (see ``is_running_header``) of the lines repeated at the top or bottom of most pages.

    Only the first and last ``edge`` lines of each page are considered, so a
    heading that recurs in the body ("a) Mục tiêu") is never taken for one.
    """
    if len(pages) < 3:
        return set()
    counts = Counter()
    for lines in pages:
        texts = [t for t in lines if t.strip()]
        counts.update({_furniture_key(t) for t in texts[:edge] + texts[-edge:] if 3 <= len(t.strip()) <= 90})
    needed = max(3, (len(pages) + 1) // 2)
    return {key for key, n in counts.items() if n >= needed}


def is_running_header(text: str, keys: set[str]) -> bool:
    return _furniture_key(text) in keys
