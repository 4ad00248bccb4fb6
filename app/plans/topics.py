"""A task's group (nhóm việc) for section I of the report (Công tác chỉ đạo, điều hành): chỉ đạo,
điều hành; kiểm tra; thông tin, tuyên truyền; khảo sát, đánh giá; or none. Stored on the task
(``Task.topic``), suggested from its title when the task is created (the editor, the importer, the
demo), editable in the task editor; the report's section I reads the stored value.

The suggestion is the one rule the report used to apply at report time: a task of the area
"Công tác chỉ đạo, điều hành" goes to the group its title names (kiểm tra, thanh tra → kiểm tra…),
else to "chỉ đạo, điều hành"; a task of any other area belongs to no group (its result is reported
under its area in section II) unless the Office gives it one.
"""
from functools import lru_cache

from ..search import fold

DIRECTION, INSPECTION, COMMUNICATION, SURVEY = "chi_dao", "kiem_tra", "tuyen_truyen", "khao_sat"

# key -> (the editor's label, the report's label)
TOPICS = {
    DIRECTION: ("Chỉ đạo, điều hành", "công tác chỉ đạo, điều hành"),
    INSPECTION: ("Kiểm tra", "công tác kiểm tra"),
    COMMUNICATION: ("Thông tin, tuyên truyền", "công tác thông tin, tuyên truyền"),
    SURVEY: ("Khảo sát, đánh giá", "khảo sát, đánh giá"),
}
NO_TOPIC_LABEL = "Không thuộc nhóm nào"
SUGGESTED = "auto"  # what a new task's form (or the importer) sends: suggest from the title

# The words of a title that suggest a group, tried in this order (folded: no diacritics).
_WORDS = [(INSPECTION, ("kiem tra", "thanh tra")),
          (COMMUNICATION, ("tuyen truyen", "thong tin", "doi thoai")),
          (SURVEY, ("khao sat", "danh gia", "do luong", "hai long", "chi so"))]


@lru_cache(maxsize=256)
def is_direction_area(name: str) -> bool:
    """The area "Công tác chỉ đạo, điều hành" (whatever a plan calls it exactly)."""
    folded = fold(name)
    return "chi dao" in folded and "dieu hanh" in folded


def topic_from_title(title: str) -> str:
    """The group a title names; "chỉ đạo, điều hành" when it names none."""
    folded = fold(title)
    return next((key for key, words in _WORDS if any(w in folded for w in words)), DIRECTION)


def suggest_topic(title: str, area_name: str) -> str | None:
    """The group suggested for a new task of the area ``area_name``."""
    return topic_from_title(title) if is_direction_area(area_name) else None


def topic_label(key: str | None) -> str:
    return TOPICS[key][0] if key in TOPICS else NO_TOPIC_LABEL
