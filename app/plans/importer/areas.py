"""Section titles mapped to the six standard CCHC areas, whatever the wording.

"Xây dựng và phát triển Chính quyền điện tử, Chính quyền số" and "… Chính phủ
điện tử, Chính phủ số" are area 6; "Cải cách tổ chức bộ máy hành chính nhà
nước" and "Cải cách tổ chức bộ máy" are area 3. Other sections ("Công tác chỉ
đạo, điều hành") become custom areas. ``areas_mentioned`` finds the areas a
sentence of the "Tổ chức thực hiện" part speaks of.
"""
import re

from ...search import fold

# Phrases (folded: lower case, no diacritics) that name each standard area.
STANDARD_PHRASES = {
    1: ("cai cach the che", "hoan thien the che"),
    2: ("cai cach thu tuc hanh chinh", "cai cach tthc", "cai cach thu tuc"),
    3: ("cai cach to chuc bo may", "to chuc bo may hanh chinh", "sap xep to chuc bo may"),
    4: ("cai cach che do cong vu", "che do cong vu", "cai cach cong vu"),
    5: ("cai cach tai chinh cong", "tai chinh cong"),
    6: ("chinh quyen dien tu", "chinh quyen so", "chinh phu dien tu", "chinh phu so"),
}
# Custom areas that plans often add, and the phrases that name them.
COMMON_CUSTOM_PHRASES = {
    "chi dao dieu hanh": ("chi dao dieu hanh",),
    "thong tin tuyen truyen": ("tuyen truyen",),
}
_GENERIC = {"cong", "tac", "thuc", "hien", "cai", "cach", "hanh", "chinh", "nha", "nuoc", "va", "cua", "cac", "ve",
            "trong", "tang", "cuong", "day", "manh", "nang", "cao", "hieu", "qua"}


def key(text: str) -> str:
    """Folded text with punctuation turned into spaces: "Chỉ đạo, điều hành" → "chi dao dieu hanh"."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


def standard_area_of(title: str) -> int | None:
    """The standard area (1–6) a section title names, or None for a custom area."""
    text = f" {key(title)} "
    found = []
    for code, phrases in STANDARD_PHRASES.items():
        positions = [text.find(f" {p} ") for p in phrases if f" {p} " in text]
        if positions:
            found.append((min(positions), code))
    return min(found)[1] if found else None


def custom_phrases(title: str) -> tuple[str, ...]:
    """Phrases that name a custom area in running text."""
    text = key(title)
    for name, phrases in COMMON_CUSTOM_PHRASES.items():
        if any(p in text for p in phrases) or name in text:
            return phrases
    words = [w for w in text.split() if w not in _GENERIC]
    return (" ".join(words),) if len(words) >= 2 else ()


def areas_mentioned(text: str, areas: list[tuple[object, int | None, str]]) -> list[object]:
    """The areas (their keys, in order of mention) that ``text`` speaks of.

    ``areas``: (key, standard code or None, title) of each area of the plan.
    """
    folded = f" {key(text)} "
    hits = []
    for area_key, code, title in areas:
        phrases = STANDARD_PHRASES[code] if code else custom_phrases(title)
        positions = [folded.find(f" {p} ") for p in phrases if p and f" {p} " in folded]
        if positions:
            hits.append((min(positions), area_key))
    return [k for _, k in sorted(hits, key=lambda h: h[0])]
