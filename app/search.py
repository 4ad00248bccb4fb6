"""Diacritics-insensitive text search.

Vietnamese users type without diacritics ("cai cach", "dong nai") as often as
with them. Each searchable row keeps a folded copy of its text (lower case, no
diacritics, đ → d) and a query is folded the same way, so the match is a plain
``LIKE`` that works the same on SQLite and PostgreSQL.
"""
import re
import unicodedata

from sqlalchemy import and_

# Letters that do not decompose into base letter + combining mark; NUL dropped (PostgreSQL
# refuses it in text, so a query holding one would fail instead of matching).
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ƣ": "u", "Ƣ": "u", "ð": "d", "\x00": None})
_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case ``text`` and strip its diacritics: "Đồng Nai" → "dong nai"."""
    if not text:
        return ""
    text = text.translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def search_terms(query: str | None) -> list[str]:
    """The folded words of a query; every word must match."""
    return [word for word in fold(query).split(" ") if word]


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def match_all(column, query: str | None):
    """SQL condition: ``column`` (a folded text column) contains every word of ``query``.

    Returns None when the query has no words.
    """
    terms = search_terms(query)
    if not terms:
        return None
    return and_(*(column.like(f"%{_escape_like(t)}%", escape="\\") for t in terms))
