"""One extracted line made readable.

PDF extraction and OCR leave predictable damage: the glyph ƣ (U+01A3) for ư,
Ð (Icelandic eth) for Đ, Cyrillic look-alikes inside Vietnamese words
("TTHС"), decomposed diacritics, non-breaking spaces and control characters.
``clean_line`` repairs what it can (the plan importer, line by line);
``normalize`` does the same to a whole page without touching its lines (the
header reader).
"""
import re
import unicodedata

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


def normalize(text: str) -> str:
    """A page's text with the glyphs repaired, NFC, and one kind of line break; its lines and spaces kept."""
    text = unicodedata.normalize("NFC", (text or "").translate(_GLYPHS))
    return text.replace("\r\n", "\n").replace("\r", "\n")
