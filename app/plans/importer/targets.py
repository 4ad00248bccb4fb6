"""The measurable value of a target line, read the way the plans write it.

"Tỷ lệ … đạt tối thiểu 99%" → ≥ 99 %; "100% …" → = 100 %; "Giảm bình quân 10%
biên chế … so với năm 2025" → ≥ 10 % (giảm so với năm 2025); "tối đa 30 phút"
→ ≤ 30 phút; "trong tốp 10" → rank ≤ 10. A line with no readable number, or
with several different ones in one clause, gets no value (a text target) and
a warning: never a wrong number.
"""
import re
from dataclasses import dataclass

from ...numbers import parse_number
from ...search import fold

_NUMBER = r"(\d{1,3}(?:[.,]\d{1,2})?)"
_PERCENT = re.compile(_NUMBER + r"\s*%")
_DURATION = re.compile(r"(tối đa|không quá|không vượt quá|dưới|tối thiểu|ít nhất|còn)\s+(?:là\s+)?"
                       r"(\d{1,4}(?:[.,]\d{1,2})?)\s*(phút|giờ|ngày làm việc|ngày|tuần|tháng)\b", re.IGNORECASE)
_RANK = re.compile(r"(?:tốp|top|nhóm)\s*(\d{1,2})\b|(?:xếp hạng|thứ hạng|xếp thứ|đứng thứ)\s*(?:thứ\s*)?(\d{1,2})\b",
                   re.IGNORECASE)
_COUNT = re.compile(r"(tối thiểu|ít nhất|tối đa|không quá)\s+(\d{1,4})\s+(cuộc|lớp|đợt|hội nghị|văn bản|buổi|lượt|"
                    r"tin|bài|sáng kiến|mô hình|đơn vị|hồ sơ|thủ tục|kế hoạch|báo cáo|chuyên đề)\b", re.IGNORECASE)
_AT_LEAST = ("toi thieu", "it nhat", "khong thap hon", "khong duoi", "tren", "vuot", "hon", "tu", "dat", "bao dam",
             "dam bao")
_AT_MOST = ("toi da", "khong qua", "khong vuot qua", "duoi", "thap hon")
_CHANGE = re.compile(r"(giảm|tăng)(?:\s+(?:bình quân|trung bình|tối thiểu|ít nhất|thêm))*\s*$", re.IGNORECASE)
_AGAINST = re.compile(r"so với\s+((?:năm|giai đoạn|cùng kỳ)(?:\s+\d{4}(?:\s*[-–]\s*\d{4})?)?)", re.IGNORECASE)
_CLAUSE_SPLIT = re.compile(r";\s*|\.\s+(?=[A-ZĐÀ-Ỹ])")


@dataclass
class Measure:
    metric_kind: str  # percent, duration, rank, count (see app.plans.models.METRIC_KINDS)
    comparator: str  # ">=", "<=", "="
    value: float
    unit_of_measure: str = ""


def _number(text: str) -> float:
    return float(parse_number(text))


def _comparator_before(before: str, default: str) -> str:
    """The comparator the words just before a number give ("tối thiểu 99%" → ">=")."""
    words = re.sub(r"[^a-z ]", " ", fold(before)).split()
    tail = " " + " ".join(words[-3:]) + " "
    if any(f" {phrase} " in tail for phrase in _AT_MOST):
        return "<="
    if any(f" {phrase} " in tail for phrase in _AT_LEAST):
        return ">="
    return default


def _percent(text: str) -> tuple[Measure | None, str | None]:
    values = []
    for match in _PERCENT.finditer(text):
        value = _number(match.group(1))
        if value not in values:
            values.append(value)
    if not values:
        return None, None
    if len(values) > 1:
        shown = ", ".join(f"{v:g}%".replace(".", ",") for v in values)
        return None, f"Có nhiều giá trị ({shown}) trong một chỉ tiêu: hãy tách dòng hoặc nhập giá trị."
    value = values[0]
    if value > 100:
        return None, f"Tỷ lệ {value:g}% lớn hơn 100%: hãy kiểm tra lại con số."
    match = _PERCENT.search(text)
    before, after = text[:match.start()], text[match.end():]
    change = _CHANGE.search(before)
    if change:
        against = _AGAINST.search(after)
        verb = "giảm" if fold(change.group(1)) == "giam" else "tăng"
        label = f"% ({verb} so với {against.group(1)})" if against else f"% ({verb})"
        return Measure("percent", ">=", value, label[:50]), None
    if re.match(r"\s*(trở lên|trở lên\b)", after):
        return Measure("percent", ">=", value, "%"), None
    if re.match(r"\s*trở xuống", after):
        return Measure("percent", "<=", value, "%"), None
    comparator = _comparator_before(before, ">=")
    if value == 100 and comparator == ">=":
        comparator = "="  # "100% …": all of them, not "at least all"
    return Measure("percent", comparator, value, "%"), None


def parse_measure(text: str) -> tuple[Measure | None, str | None]:
    """(the value of one target clause, or None; a warning when a number was seen but not read)."""
    measures, warnings = [], []
    percent, warning = _percent(text)
    if warning:
        return None, warning
    if percent:
        measures.append(percent)
    for match in _DURATION.finditer(text):
        qualifier = fold(match.group(1))
        comparator = ">=" if qualifier in ("toi thieu", "it nhat") else "<="
        measures.append(Measure("duration", comparator, _number(match.group(2)), match.group(3).lower()))
    for match in _RANK.finditer(text):
        measures.append(Measure("rank", "<=", float(match.group(1) or match.group(2)), ""))
    for match in _COUNT.finditer(text):
        comparator = "<=" if fold(match.group(1)) in ("toi da", "khong qua") else ">="
        measures.append(Measure("count", comparator, float(int(match.group(2))), match.group(3).lower()))
    distinct = list({(m.metric_kind, m.comparator, m.value, m.unit_of_measure): m for m in measures}.values())
    if len(distinct) == 1:
        return distinct[0], None
    if len(distinct) > 1:
        return None, "Có nhiều con số trong một chỉ tiêu: hãy tách dòng hoặc nhập giá trị."
    return None, (warnings[0] if warnings else None)


def split_targets(text: str) -> list[tuple[str, Measure | None, str | None]]:
    """One target line → its targets: (text, measure, warning) each.

    A line holding several measurable clauses ("100% … ; Tỷ lệ … đạt tối
    thiểu 99% …") gives one target per clause; otherwise the line stays whole.
    """
    clauses = [c.strip(" ;") for c in _CLAUSE_SPLIT.split(text) if c.strip(" ;.")]
    if len(clauses) > 1:
        parsed = [(c, *parse_measure(c)) for c in clauses]
        if sum(1 for _, m, _ in parsed if m) >= 2:
            # A clause without a value stays with the measurable clause before it.
            groups: list[list[str]] = []
            for clause, measure, _ in parsed:
                if measure or not groups:
                    groups.append([clause])
                else:
                    groups[-1].append(clause)
            result = []
            for group in groups:
                joined = "; ".join(group).rstrip(".;")
                joined = joined[:1].upper() + joined[1:]
                result.append((joined, *parse_measure(joined)))
            return result
    measure, warning = parse_measure(text)
    return [(text.strip(), measure, warning)]


def goal_text(measure: Measure | None) -> str:
    """"≥ 99%", "≤ 30 phút", "hạng ≤ 10": how the review page shows a parsed value."""
    if measure is None:
        return ""
    sign = {">=": "≥", "<=": "≤", "=": "="}[measure.comparator]
    value = f"{measure.value:g}".replace(".", ",")
    if measure.metric_kind == "rank":
        return f"thứ hạng {sign} {value}"
    uom = measure.unit_of_measure
    return f"{sign} {value}{uom}" if uom.startswith("%") else f"{sign} {value} {uom}".strip()
