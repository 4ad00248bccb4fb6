"""A task's attributes written in the text: "Thời gian thực hiện: 30/9/2027", "Đơn vị chủ trì: …".

Plans written as prose put them on lines of their own under the task ("- Thời hạn: Quý III/2027"),
or at the end of the task's own sentence ("… trên Cổng DVC. Thời gian hoàn thành: tháng 6/2027.").
``split_attributes`` cuts them off the text, so the task's title is what must be done, and names
each one; ``lead_named`` reads the lead unit of a sentence that says who leads it ("Sở Nội vụ chủ trì,
phối hợp với …", "Giao Văn phòng Sở tham mưu …").
"""
import re

from .areas import key
from .units import looks_like_unit

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
