"""Clean-up of extracted text, one line at a time, and the page furniture to drop.

PDF extraction and OCR leave predictable damage: the glyph ƣ (U+01A3) for ư,
Ð (Icelandic eth) for Đ, Cyrillic look-alikes inside Vietnamese words
("TTHС"), decomposed diacritics, non-breaking spaces and control characters.
``clean_line`` repairs what it can; ``unreadable_reason`` says when a line
still cannot be read, so the importer warns instead of guessing.
"""
import re
import unicodedata
from collections import Counter

# Glyphs that PDF extraction puts in place of Vietnamese letters.
_GLYPHS = str.maketrans({
    "ƣ": "ư", "Ƣ": "Ư",
    "ð": "đ", "Ð": "Đ",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " ",
    "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None, "\u00ad": None,
})
# Cyrillic letters that look like Latin ones; replaced only inside Latin words.
_CYRILLIC = str.maketrans({
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "К": "K", "М": "M", "О": "O", "Р": "P", "Т": "T",
    "Х": "X", "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
})
_CYRILLIC_RUN = re.compile(r"[\u0400-\u04ff]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r" {2,}")


def _latin_neighbour(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return any(ch.isalpha() and not "\u0400" <= ch <= "\u04ff" for ch in (before, after))


def _fix_cyrillic(text: str) -> str:
    def replace(match):
        run = match.group(0)
        if _latin_neighbour(match.string, match.start(), match.end()) or len(run) == 1:
            return run.translate(_CYRILLIC)
        return run

    return _CYRILLIC_RUN.sub(replace, text)


def clean_line(text: str) -> str:
    """One extracted line made readable: NFC, glyph fixes, single spaces, no control characters."""
    text = _CONTROL.sub("", text.translate(_GLYPHS))
    text = unicodedata.normalize("NFC", text)
    if _CYRILLIC_RUN.search(text):
        text = _fix_cyrillic(text)
    return _SPACES.sub(" ", text).strip()


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
