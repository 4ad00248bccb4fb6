"""Unit names and abbreviations matched to the department's units.

"Thanh tra Sở", "Phòng Kế hoạch – Tài chính – Tổng hợp", "Phòng KH-TC-TH" and
"KH-TC-TH" all name the same unit: names are compared folded (no diacritics,
dashes as spaces), with and without "Phòng"/"Sở", and abbreviations by their
letters and by the initials of the unit's name. A name that matches no unit,
or several, is not guessed: the caller flags it.
"""
import re
from dataclasses import dataclass

from .areas import key


@dataclass(frozen=True)
class UnitRef:
    id: int
    name: str
    short_name: str = ""
    aliases: tuple[str, ...] = ()  # names the Office mapped to this unit in earlier imports (UnitAlias)


def _compact(text: str) -> str:
    return key(text).replace(" ", "")


def _initials(text: str) -> str:
    return "".join(word[0] for word in key(text).split() if word)


def _strip_affixes(folded: str) -> str:
    words = folded.split()
    if words and words[0] == "phong" and len(words) > 1 and words[1] != "so":
        words = words[1:]
    if len(words) > 1 and words[-1] == "so":
        words = words[:-1]
    return " ".join(words)


def unit_keys(unit: UnitRef) -> set[str]:
    """Every spelling that names ``unit``."""
    name = key(unit.name)
    bare = _strip_affixes(name)
    keys = {name, bare, _compact(unit.name), bare.replace(" ", "")}
    if unit.short_name:
        keys |= {_compact(unit.short_name), key(unit.short_name)}
    initials = _initials(bare)
    if len(initials) >= 3:  # "KHTCTH"; two letters ("TT") would be ambiguous
        keys.add(initials)
    for alias in unit.aliases:
        keys |= {key(alias), _compact(alias)}
    return {k for k in keys if k}


def _text_keys(text: str) -> set[str]:
    folded = key(text)
    bare = _strip_affixes(folded)
    keys = {folded, bare, folded.replace(" ", ""), bare.replace(" ", "")}
    if folded.startswith("phong "):
        keys.add(folded[len("phong "):].replace(" ", ""))
    return {k for k in keys if k}


def match_unit(text: str, units: list[UnitRef]) -> UnitRef | None:
    """The one unit ``text`` names, or None (no unit, or more than one)."""
    text = re.sub(r"\s+", " ", (text or "")).strip(" .:;,-–")
    if not text or len(text) > 120:
        return None
    candidates = [text]
    inner = re.search(r"\(([^)]{2,40})\)", text)
    if inner:
        candidates = [re.sub(r"\s*\([^)]*\)", "", text).strip(), inner.group(1)]
    for candidate in candidates:
        wanted = _text_keys(candidate)
        found = {u for u in units if unit_keys(u) & wanted}
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            return None
    return None


_UNIT_WORDS = re.compile(r"^(?:các\s+)?(?:phòng|văn phòng|thanh tra|chi cục|trung tâm|ban|đơn vị|bộ phận|tổ(?! chức)|"
                         r"ban quản lý|trường|viện|sở|ủy ban nhân dân|ubnd|công an|cục|kho bạc|đài|"
                         r"báo(?= và| [A-ZĐ])|lãnh đạo)\b", re.IGNORECASE)


def looks_like_unit(text: str) -> bool:
    """A heading that names a unit or a group of units ("Các phòng chuyên môn, đơn vị thuộc Sở")."""
    text = (text or "").strip()
    return bool(_UNIT_WORDS.match(text)) and len(text) <= 160


def is_unit_group(text: str) -> bool:
    """"Các phòng, đơn vị …": several units, which no single unit can stand for."""
    return bool(re.match(r"^các\s", (text or "").strip(), re.IGNORECASE))


_COOP = re.compile(r"phối hợp(?: với)?\s+(.+?)(?=\s+(?:thực hiện|triển khai|tổ chức|tham mưu|xây dựng|trong|để|nhằm|"
                   r"theo dõi|tổng hợp)\b|[;.:]|$)", re.IGNORECASE)


def cooperating_units(text: str, units: list[UnitRef]) -> tuple[list[UnitRef], list[str]]:
    """Units named after "phối hợp với": (matched units, names that matched none)."""
    match = _COOP.search(text or "")
    if not match:
        return [], []
    found, unknown = [], []
    if match.group(1).lower().startswith("các "):
        return [], []  # "các phòng, đơn vị có liên quan": nobody in particular
    for part in re.split(r",|;|\bvà\b", match.group(1)):
        part = part.strip()
        if not part or part.lower().startswith("các "):
            continue  # "các phòng, đơn vị có liên quan": nobody in particular
        unit = match_unit(part, units)
        if unit and unit not in found:
            found.append(unit)
        elif unit is None and looks_like_unit(part):
            unknown.append(part)
    return found, unknown


def split_units(text: str, units: list[UnitRef]) -> tuple[list[UnitRef], list[str]]:
    """A cell or field listing units ("Văn phòng Sở, Thanh tra Sở; KH-TC-TH"): (matched, unmatched names)."""
    found, unknown = [], []
    for part in re.split(r"[,;\n]|\s+và\s+", text or ""):
        part = part.strip(" -–+•.")
        if not part:
            continue
        unit = match_unit(part, units)
        if unit:
            if unit not in found:
                found.append(unit)
        else:
            unknown.append(part)
    return found, unknown
