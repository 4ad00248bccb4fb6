"""The "phụ lục" task table: STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Đơn vị
phối hợp | Thời hạn / Thời gian hoàn thành | Sản phẩm.

The same reading serves the Excel annex (``xlsx``) and such a table inside a
.docx: a row numbered I, II … is an area, 1, 2 … (or 1.1, 1.2 …) a task, and
a row marked -, +, a) … under a task one of its sub-items. Unit names are
matched to the department's units; deadlines read as dates, "Quý II/2026",
"Tháng 6/2026", "Năm 2026" or "Thường xuyên".
"""
import calendar
import re
from datetime import date, datetime

from ...search import fold
from .areas import key, standard_area_of
from .outline import roman_value
from .preview import Line, Preview
from .units import UnitRef, split_units

HEADERS = ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn / Thời gian hoàn thành",
           "Sản phẩm"]
_COLUMNS = {
    "stt": ("stt", "tt", "so tt", "so thu tu"),
    "content": ("noi dung", "nhiem vu", "ten nhiem vu", "noi dung nhiem vu", "noi dung cong viec"),
    "lead": ("don vi chu tri", "chu tri", "co quan chu tri", "trach nhiem thuc hien", "don vi thuc hien",
             "co quan thuc hien", "nguoi thuc hien"),
    "inspected": ("don vi duoc kiem tra", "co quan duoc kiem tra", "don vi duoc khao sat", "doi tuong kiem tra",
                  ),
    "coop": ("don vi phoi hop", "phoi hop", "co quan phoi hop"),
    "deadline": ("thoi han", "thoi gian hoan thanh", "thoi gian thuc hien", "thoi gian", "thang", "lich"),
    "output": ("san pham", "ket qua san pham", "san pham dau ra"),
}
_RECURRING = ("thuong xuyen", "hang nam", "hang nam", "dinh ky", "hang quy", "hang thang", "ca nam", "lien tuc",
              "cua thang lien ke", "hang tuan")
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def column_of(header: str) -> str | None:
    folded = key(header)
    for name, words in _COLUMNS.items():
        if any(folded == w or folded.startswith(w + " ") or folded.startswith(w) for w in words):
            return name
    return None


def header_map(row: list) -> dict[str, int]:
    """Column name → index, for a header row of the task table."""
    found = {}
    for index, cell in enumerate(row):
        name = column_of(str(cell or ""))
        if name and name not in found:
            found[name] = index
    return found


def find_header(rows: list[list]) -> tuple[int, dict[str, int]] | None:
    """(index of the header row, its columns) among the first rows, when this is a task table: its tasks
    in a column (with their units or times), or a schedule (the unit inspected and when)."""
    for index, row in enumerate(rows[:8]):
        columns = header_map(row)
        if "content" in columns and len(columns) >= 3 and ("lead" in columns or "deadline" in columns):
            return index, columns
        if "inspected" in columns and "deadline" in columns:
            return index, columns
    return None


def is_task_table(rows: list[list]) -> bool:
    return find_header(rows) is not None


def _end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


_CITED = re.compile(r"(?:số\s*)?[\w.-]*/[\w./-]*[A-ZĐ][\w./-]*\s+ngày\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}")


def _year_in(text: str) -> int | None:
    match = re.search(r"\b(20\d\d)\b", text or "")
    return int(match.group(1)) if match else None


def parse_deadline(value, year: int | None = None) -> tuple[date | None, bool, str | None]:
    """(deadline, recurring, warning) from a "Thời hạn" cell or a "Thời gian thực hiện:" line.

    Dates (30/9/2027, "ngày 23 tháng 1"), "Quý III/2027", "tháng 6/2027", "trước 30/9", "năm 2027";
    "thường xuyên", "hằng năm": recurring. ``year``: the plan's, for a date written without one."""
    if isinstance(value, datetime):
        return value.date(), False, None
    if isinstance(value, date):
        return value, False, None
    written = str(value or "").strip()
    if not written:
        return None, True, None
    text = _CITED.sub(" ", written)  # "theo Nghị định số 52/2015/NĐ-CP ngày 28/5/2015": that date is the decree's
    folded = fold(text)
    if any(word in folded for word in _RECURRING):
        return None, True, None
    try:
        match = re.search(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", text)
        if match:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1))), False, None
        match = re.search(r"quy\s+(iv|iii|ii|i|[1-4])\b\D{0,6}(\d{4})", folded)
        if match:
            return _end_of_month(int(match.group(2)), _QUARTERS[match.group(1)] * 3), False, None
        match = re.search(r"thang\s+(\d{1,2})\s*(?:/|nam)\s*(\d{4})", folded)
        if match:
            return _end_of_month(int(match.group(2)), int(match.group(1))), False, None
        match = re.search(r"^(?:trong\s+|truoc\s+|cuoi\s+)?nam\s+(\d{4})$", folded)
        if match:
            return date(int(match.group(1)), 12, 31), False, None
        match = re.search(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{4}))?", folded)
        if match and (match.group(3) or year):
            return date(int(match.group(3) or year), int(match.group(2)), int(match.group(1))), False, None
        match = re.search(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])", folded)
        if match and year and re.search(r"\b(?:truoc|den|ngay|han)\b", folded):
            later = 1 if re.search(r"nam (?:lien ke|sau|tiep theo)", folded) else 0  # "trước 31/01 năm liền kề"
            return date(year + later, int(match.group(2)), int(match.group(1))), False, None
        match = re.search(r"quy\s+(iv|iii|ii|i|[1-4])\b", folded)
        if match and year:
            return _end_of_month(year, _QUARTERS[match.group(1)] * 3), False, None
        match = re.search(r"thang\s+(\d{1,2})\b(?!\s*/)", folded)
        if match and year:
            return _end_of_month(year, int(match.group(1))), False, None
    except ValueError:
        pass
    return None, True, f"Không đọc được thời hạn “{written}”: đã để “Thường xuyên”, hãy nhập lại nếu cần."


def deadline_text(deadline: date | None, recurring: bool) -> str:
    return "Thường xuyên" if recurring or deadline is None else deadline.strftime("%d/%m/%Y")


def _cell(row: list, columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    if index is None or index >= len(row) or row[index] is None:
        return ""
    value = row[index]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _row_kind(stt: str, content: str, has_details: bool, next_stt: str = "") -> str:
    marker = stt.strip().rstrip(".)")
    if marker and roman_value(marker.upper()) and marker.isupper():
        return "area"
    if re.fullmatch(r"\d{1,2}", marker) and not has_details and (
            standard_area_of(content) or next_stt.strip().startswith(marker + ".")):
        return "area"  # "1 | Cải cách thể chế" above "1.1 | …"
    if re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*", marker):
        return "task"
    if marker in ("-", "+", "•", "–") or re.fullmatch(r"[a-zđ]", marker):
        return "subitem"
    if not marker and not has_details and standard_area_of(content):
        return "area"
    return "subitem" if not marker else "task"


def _inspection_title(header: str, unit: str) -> str:
    """The task a schedule row stands for: "Kiểm tra Phòng Quản lý công nghiệp"."""
    folded = key(header)
    verb = "Khảo sát" if "khao sat" in folded else ("Thanh tra" if "thanh tra" in folded else "Kiểm tra")
    return f"{verb} {unit}"


def table_lines(rows: list[list], units: list[UnitRef], first_id: int, sheet: str = "",
                year: int | None = None) -> list[Line]:
    """The rows of a task table as preview lines (areas, tasks and sub-items), ids from ``first_id``.

    A schedule (the unit inspected, the month) gives one task per unit; two rows with the same number
    and the same task (one per lead unit group, as phụ lục often do) are one task, the second row's units
    cooperating. ``year``: for a date written without its year (the time column's header may give it)."""
    found = find_header(rows)
    if found is None:
        return []
    header_index, columns = found
    header = rows[header_index]
    if "deadline" in columns and columns["deadline"] < len(header):
        year = _year_in(str(header[columns["deadline"]] or "")) or year
    prefix = f"{sheet}, dòng" if sheet else "Bảng, dòng"
    body = []
    for offset, row in enumerate(rows[header_index + 1:], start=header_index + 2):
        cells = {name: _cell(row, columns, name) for name in columns}
        if not cells.get("content") and cells.get("inspected"):
            cells["content"] = _inspection_title(str(header[columns["inspected"]] or ""), cells["inspected"])
        if cells.get("content"):
            body.append((offset, row, cells))
    lines: list[Line] = []
    has_task = False
    previous_task: tuple[str, str, Line] | None = None
    for index, (offset, row, cells) in enumerate(body):
        content = cells["content"]
        stt = cells.get("stt", "")
        next_stt = body[index + 1][2].get("stt", "") if index + 1 < len(body) else ""
        details = any(cells.get(n) for n in ("lead", "coop", "deadline", "output", "inspected"))
        kind = _row_kind(stt, content, details, next_stt)
        if kind == "subitem" and not has_task:
            kind = "task"
        source = [[offset, " | ".join(str(c).strip() for c in row if c not in (None, ""))]]
        lead_units, lead_unknown = split_units(cells.get("lead", ""), units)
        coop_units, coop_unknown = split_units(cells.get("coop", ""), units)
        if kind == "task" and previous_task and previous_task[:2] == (stt.strip(), key(content)):
            task = previous_task[2]  # the same task again, for another group of lead units
            task.source += source
            known = [task.lead_unit_id, *(task.cooperating_unit_ids or [])]
            task.cooperating_unit_ids = [*(task.cooperating_unit_ids or []),
                                         *(u.id for u in lead_units + coop_units if u.id not in known)] or None
            for name in lead_unknown:
                if name != task.lead_name:
                    task.warnings.append(f"Đơn vị chủ trì thứ hai “{name}” (nhóm đơn vị khác) không khớp với "
                                         "đơn vị nào của Sở.")
            if cells.get("output") and cells["output"] not in task.output:
                task.output = "; ".join(filter(None, [task.output, cells["output"]]))
            continue
        line = Line(id=first_id + len(lines), kind=kind, text=content, marker=stt, source=source,
                    reason=f"{prefix} {offset}")
        for name in lead_unknown + coop_unknown:
            line.warnings.append(f"“{name}” không khớp với đơn vị nào của Sở.")
        if kind == "area":
            line.text = re.sub(r"^\s*(?:[IVXL]+\s*[.)]\s*)", "", content).rstrip(" :.")
            line.standard_area = standard_area_of(line.text)
            line.focal_unit_id = lead_units[0].id if lead_units else None
            line.lead_unit_id = line.focal_unit_id
            lines.append(line)
            has_task, previous_task = False, None
            continue
        if kind == "task":
            has_task = True
            line.code = stt if "." in stt.strip(".") else ""
            if len(lead_units) > 1:
                line.warnings.append("Có nhiều đơn vị chủ trì: đã lấy đơn vị đầu tiên, các đơn vị khác là phối hợp.")
                coop_units = lead_units[1:] + [u for u in coop_units if u not in lead_units]
            line.lead_unit_id = lead_units[0].id if lead_units else None
            line.lead_name = "" if line.lead_unit_id else (lead_unknown[0] if lead_unknown else "")
            line.cooperating_unit_ids = [u.id for u in coop_units if u.id != line.lead_unit_id] or None
            raw_deadline = row[columns["deadline"]] if "deadline" in columns and columns["deadline"] < len(row) else ""
            deadline, recurring, warning = parse_deadline(raw_deadline, year)
            line.deadline, line.recurring = (deadline.isoformat() if deadline else None), recurring
            if warning:
                line.warnings.append(warning)
                line.detail = f"Thời gian: {str(raw_deadline).strip()}"
            line.output = cells.get("output", "")
            previous_task = (stt.strip(), key(content), line)
        lines.append(line)
    return lines


def append_table_rows(preview: Preview, rows: list[list], units: list[UnitRef], sheet: str = "",
                      area_targets: dict | None = None, year: int | None = None) -> None:
    """Add the rows of a task table to ``preview`` as areas, tasks and sub-items.

    ``area_targets``: area STT or folded name → target lines to place right after that area.
    """
    area_targets = area_targets or {}
    for line in table_lines(rows, units, preview.next_id(), sheet, year):
        line.id = preview.next_id()
        preview.lines.append(line)
        if line.kind == "area":
            for target in area_targets.pop(line.marker.strip().rstrip(".)"), []) + area_targets.pop(key(line.text), []):
                target.id = preview.next_id()
                preview.lines.append(target)
