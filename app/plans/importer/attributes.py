"""A task's attributes written in the text: "Thời gian thực hiện: 30/9/2027", "Đơn vị chủ trì: …".

Plans written as prose put them on lines of their own under the task ("- Thời hạn: Quý III/2027"),
or at the end of the task's own sentence ("… trên Cổng DVC. Thời gian hoàn thành: tháng 6/2027.").
``split_attributes`` cuts them off the text, so the task's title is what must be done, and names
each one; ``lead_named`` reads the lead unit of a sentence that says who leads it ("Sở Nội vụ chủ trì,
phối hợp với …", "Giao Văn phòng Sở tham mưu …"); ``units_named`` matches both to the department's units:
the one rule of what a task's text suggests as its lead and cooperating units, when the document is read
and again when the Office edits the row's text (``service.update_line``).
"""
import re
from dataclasses import dataclass, field

from .areas import key
from .units import UnitRef, looks_like_unit, split_units

# label (folded, as it opens the attribute) → the attribute it gives
_LABELS = [
    ("thoi gian thuc hien", "deadline"), ("thoi gian hoan thanh", "deadline"), ("thoi han hoan thanh", "deadline"),
    ("thoi han", "deadline"), ("thoi gian", "deadline"), ("tien do", "deadline"),
    ("don vi chu tri", "lead"), ("co quan chu tri", "lead"), ("chu tri thuc hien", "lead"), ("chu tri", "lead"),
    ("don vi thuc hien", "lead"), ("co quan thuc hien", "lead"), ("trach nhiem thuc hien", "lead"),
    ("don vi phoi hop", "coop"), ("co quan phoi hop", "coop"), ("phoi hop thuc hien", "coop"), ("phoi hop", "coop"),
    ("san pham dau ra", "output"), ("san pham", "output"), ("ket qua dau ra", "output"), ("ket qua", "output"),
]
# "Thời gian thực hiện:" at the start, or after the sentence it ends (". ", "; ", "(", "- ")
_LABEL_AT = re.compile(
    r"(?:^|(?<=[.;(])\s*|\s[-–]\s)\s*(?P<label>(?:[^\W\d_]+[ \t]?){1,4}?)\s*:\s*", re.UNICODE)


def _attribute_of(label: str) -> str | None:
    folded = key(label)
    return next((name for words, name in _LABELS if folded == words), None)


def split_attributes(text: str) -> tuple[str, dict[str, str]]:
    """(the text without its attributes, {deadline/lead/coop/output: value as written})."""
    found = []
    for match in _LABEL_AT.finditer(text):
        name = _attribute_of(match.group("label"))
        if name:
            found.append((match.start(), match.end(), name))
    if not found:
        return text, {}
    values: dict[str, str] = {}
    for index, (start, end, name) in enumerate(found):
        stop = found[index + 1][0] if index + 1 < len(found) else len(text)
        value = text[end:stop].strip(" .;,)")
        if value and name not in values:
            values[name] = value
    title = text[:found[0][0]].strip(" ;,(-–")
    return title, values


_LEADS = re.compile(r"^(?:Giao\s+)?(?P<unit>[^;:]{3,90}?)\s+(?:chủ trì|tham mưu|là đơn vị đầu mối)\b")


def lead_named(text: str) -> str:
    """The unit a sentence names as the one to lead it, as written; "" when it names none."""
    match = _LEADS.match(text.strip())
    if not match:
        return ""
    unit = re.sub(r"\s*\([^)]*\)", "", match.group("unit")).strip(" ,")
    return unit if looks_like_unit(unit) else ""


@dataclass
class NamedUnits:
    """The units a text names for its row: the lead (or, matching no unit, its name) and the cooperating units
    (with the names that matched none)."""

    lead_unit_id: int | None = None
    lead_name: str = ""
    cooperating_unit_ids: list[int] = field(default_factory=list)
    unknown_cooperating: list[str] = field(default_factory=list)

    @property
    def lead_warnings(self) -> list[str]:
        return [f"Đơn vị chủ trì “{self.lead_name}” không khớp với đơn vị nào của Sở."] if self.lead_name else []

    @property
    def cooperating_warnings(self) -> list[str]:
        return [f"Đơn vị phối hợp “{name}” không khớp với đơn vị nào của Sở." for name in self.unknown_cooperating]


def units_named(values: dict[str, str], units: list[UnitRef], sentence: str = "") -> NamedUnits:
    """What a row's attributes (``split_attributes``) name as its lead and cooperating units; when they name
    no lead, the unit ``sentence`` opens with as the one that leads it ("Văn phòng Sở chủ trì …"). A lead
    field naming several units: the first leads, the others cooperate."""
    named = NamedUnits()
    found, unknown = split_units(values.get("lead", ""), units)
    if not found and not unknown and sentence:
        found, unknown = split_units(lead_named(sentence), units)
    if found:
        named.lead_unit_id = found[0].id
        named.cooperating_unit_ids = [u.id for u in found[1:]]
    elif unknown:
        named.lead_name = unknown[0]
    if "coop" in values:
        found, named.unknown_cooperating = split_units(values["coop"], units)
        ids = [u.id for u in found if u.id != named.lead_unit_id]
        named.cooperating_unit_ids = list(dict.fromkeys(named.cooperating_unit_ids + ids))
    return named


def units_in_text(text: str, units: list[UnitRef]) -> NamedUnits:
    """What a task's text suggests as its units: its attributes, else the unit its sentence says leads it."""
    title, values = split_attributes(text)
    return units_named(values, units, title or text)
