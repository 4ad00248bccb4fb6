"""The Excel "phụ lục": the template offered for download, the export of a plan
in the same form, and its import.

Sheet "Phụ lục" is the common task table (see ``tasktable``), one row per
area (I, II …), task (its code) and sub-item (-). Sheet "Mục tiêu" lists the
targets with their parsed values, and sheet "Thông tin" the plan's metadata,
so that exporting a plan and importing the file gives the same tree.
"""
import io

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from ...documents import DocumentRefused
from ...documents.citations import Reference, parse_references
from ...numbers import DECIMAL, YEAR, NumberKind, kind_of_metric, parse_number
from ...spreadsheet import workbook_bytes
from ..models import COMPARATORS, METRIC_KINDS, PLAN_KINDS, STANDARD_AREAS
from .areas import key
from ...documents.zipcheck import ZipLimits
from .extract import ZIP_LIMITS, check_zip
from .metadata import PlanMeta, kind_of, year_or_period
from .outline import roman_value
from .preview import Line, Preview
from .tasktable import HEADERS, append_table_rows, deadline_text, find_header, parse_deadline
from .units import UnitRef

TASK_SHEET, TARGET_SHEET, INFO_SHEET = "Phụ lục", "Mục tiêu", "Thông tin"
TARGET_HEADERS = ["Nội dung", "TT", "Mục tiêu, chỉ tiêu", "Loại chỉ số", "So sánh", "Giá trị", "Đơn vị tính",
                  "Giá trị cơ sở"]
INFO_FIELDS = [("title", "Tên kế hoạch"), ("kind", "Loại kế hoạch"), ("number", "Số ký hiệu"),
               ("issued_on", "Ngày ban hành"), ("year", "Năm"), ("start_year", "Từ năm"), ("end_year", "Đến năm"),
               ("basis", "Căn cứ (mỗi dòng một văn bản)")]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
         "XVII", "XVIII", "XIX", "XX"]
MAX_ROWS = 5000
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _roman(n: int) -> str:
    return ROMAN[n - 1] if 0 < n <= len(ROMAN) else str(n)


def _style_table(sheet, first_row: int, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=first_row):
        for cell in row:
            cell.border, cell.alignment = _BORDER, _WRAP
    for cell in sheet[first_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _title_rows(sheet, title: str, reference: str) -> int:
    sheet.append(["PHỤ LỤC"])
    sheet.append([f"DANH MỤC NHIỆM VỤ {title.upper()}" if title else "DANH MỤC NHIỆM VỤ"])
    sheet.append([f"(Kèm theo {reference})" if reference else "(Kèm theo Kế hoạch số      /KH-SCT ngày    /   /    )"])
    for row in (1, 2, 3):
        sheet.cell(row=row, column=1).font = Font(bold=row < 3, italic=row == 3, size=13 if row < 3 else 12)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(HEADERS))
        sheet.cell(row=row, column=1).alignment = Alignment(horizontal="center")
    sheet.append([])
    return 5


def template() -> bytes:
    """The empty phụ lục, with the six standard areas as its first rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = TASK_SHEET
    header_row = _title_rows(sheet, "", "")
    sheet.append(HEADERS)
    for code, name in STANDARD_AREAS.items():
        sheet.append([_roman(code), name])
        sheet.cell(row=sheet.max_row, column=2).font = Font(bold=True)
    _style_table(sheet, header_row, [8, 60, 24, 28, 18, 30])
    targets = book.create_sheet(TARGET_SHEET)
    targets.append(TARGET_HEADERS)
    _style_table(targets, 1, [30, 6, 60, 14, 10, 10, 12, 12])
    info = book.create_sheet(INFO_SHEET)
    for _, label in INFO_FIELDS:
        info.append([label, ""])
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 28, 80
    return workbook_bytes(book)  # no text of a plan is ever written as a formula


def export_plan(plan) -> bytes:
    """A plan (with its areas, targets and tasks loaded) as the phụ lục workbook."""
    book = Workbook()
    sheet = book.active
    sheet.title = TASK_SHEET
    header_row = _title_rows(sheet, plan.title, plan.reference if plan.number else "")
    sheet.append(HEADERS)
    for number, area in enumerate(plan.areas, start=1):
        sheet.append([_roman(number), area.name, area.focal_unit.name if area.focal_unit else ""])
        sheet.cell(row=sheet.max_row, column=2).font = Font(bold=True)
        for task in area.tasks:
            if task.archived:
                continue
            sheet.append([task.code or "", task.title, task.lead_unit.name,
                          ", ".join(u.name for u in task.cooperating_units),
                          deadline_text(task.deadline, task.recurring), task.output])
            for item in task.items:
                sheet.append(["-", item.text])
    _style_table(sheet, header_row, [8, 60, 24, 28, 18, 30])
    targets = book.create_sheet(TARGET_SHEET)
    targets.append(TARGET_HEADERS)
    rows = [("", t) for t in getattr(plan, "targets", [])]
    rows += [(f"{_roman(n)}. {area.name}", t) for n, area in enumerate(plan.areas, start=1) for t in area.targets]
    for position, (area_label, target) in enumerate(rows, start=1):
        targets.append([area_label, position, target.text, METRIC_KINDS.get(target.metric_kind or "", ""),
                        target.comparator or "", target.target_value, target.unit_of_measure or "",
                        target.baseline])
    _style_table(targets, 1, [30, 6, 60, 14, 10, 10, 12, 12])
    info = book.create_sheet(INFO_SHEET)
    values = {"title": plan.title, "kind": PLAN_KINDS.get(plan.kind, plan.kind), "number": plan.number,
              "issued_on": plan.issued_on.strftime("%d/%m/%Y") if plan.issued_on else "", "year": plan.year,
              "start_year": plan.start_year, "end_year": plan.end_year, "basis": plan.basis}
    for name, label in INFO_FIELDS:
        info.append([label, values[name] if values[name] is not None else ""])
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 28, 80
    for row in info.iter_rows():
        row[1].alignment = _WRAP
    return workbook_bytes(book)  # no text of a plan is ever written as a formula


# -- import -------------------------------------------------------------------------------

def _rows(sheet) -> list[list]:
    rows = []
    for row in sheet.iter_rows(values_only=True):
        rows.append(list(row))
        if len(rows) > MAX_ROWS:
            raise DocumentRefused(f"Bảng có hơn {MAX_ROWS} dòng: quá dài cho một kế hoạch.")
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _number(value, kind: NumberKind = DECIMAL) -> float | None:
    """A number cell, or a number typed as text ("1.250", "99,5": app/numbers.py); None if neither."""
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        number = parse_number(str(value), kind)
    except ValueError:
        return None
    return None if number is None else float(number)


def _read_info(rows: list[list], meta: PlanMeta) -> None:
    labels = {key(label): name for name, label in INFO_FIELDS}
    kinds = {key(label): code for code, label in PLAN_KINDS.items()}
    for row in rows:
        if len(row) < 2 or not row[0]:
            continue
        name, value = labels.get(key(str(row[0]))), row[1]
        if name is None or value in (None, ""):
            continue
        if name == "kind":
            meta.kind = kinds.get(key(_text(value)), meta.kind)
        elif name == "issued_on":
            meta.issued_on = parse_deadline(value)[0]
        elif name in ("year", "start_year", "end_year"):
            number = _number(value, YEAR)
            setattr(meta, name, int(number) if number else None)
        elif name == "basis":
            meta.basis = [next(iter(parse_references(line)), None) or Reference(type="", number="", text=line)
                          for line in _text(value).splitlines() if line.strip()]
            for reference, line in zip(meta.basis, [l for l in _text(value).splitlines() if l.strip()]):
                reference.text = line.strip()
        else:
            setattr(meta, name, _text(value))


def _read_targets(rows: list[list]) -> tuple[list[Line], dict[str, list[Line]]]:
    """(plan-wide targets, area STT or folded name → its targets) from the "Mục tiêu" sheet."""
    kinds = {key(label): code for code, label in METRIC_KINDS.items()}
    plan_targets, by_area = [], {}
    for offset, row in enumerate(rows[1:], start=2):
        row = list(row) + [None] * (len(TARGET_HEADERS) - len(row))
        area, text = _text(row[0]), _text(row[2])
        if not text:
            continue
        metric = kinds.get(key(_text(row[3])))
        comparator = _text(row[4]) if _text(row[4]) in COMPARATORS else None
        value = _number(row[5], kind_of_metric(metric))
        line = Line(id=0, kind="target" if area else "plan_target", text=text,
                    source=[[offset, " | ".join(_text(c) for c in row if _text(c))]],
                    reason=f"{TARGET_SHEET}, dòng {offset}")
        if metric and value is not None:
            line.metric_kind, line.comparator, line.value = metric, comparator or ">=", value
            line.unit_of_measure = _text(row[6])
        if not area:
            plan_targets.append(line)
            continue
        numeral, _, name = area.partition(". ")
        if roman_value(numeral.strip()) and name:
            by_area.setdefault(numeral.strip(), []).append(line)
        else:
            by_area.setdefault(key(area), []).append(line)
    return plan_targets, by_area


def read_workbook(data: bytes, units: list[UnitRef], filename: str = "", limits: ZipLimits = ZIP_LIMITS) -> Preview:
    """An .xlsx phụ lục (the app's own or a unit's) → the preview."""
    check_zip(data, ".xlsx", "xl/workbook.xml", limits)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheets = {sheet.title: _rows(sheet) for sheet in book.worksheets}
        book.close()
    except DocumentRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise DocumentRefused("Tệp .xlsx bị hỏng, không đọc được nội dung.") from exc
    task_sheet = next((name for name, rows in sheets.items() if find_header(rows)), None)
    if task_sheet is None:
        raise DocumentRefused("Không tìm thấy bảng nhiệm vụ trong tệp Excel: cần một dòng tiêu đề gồm các cột "
                            f"{', '.join(HEADERS)} (hãy dùng tệp mẫu).")
    preview = Preview(format="xlsx", filename=filename)
    rows = sheets[task_sheet]
    header_index = find_header(rows)[0]
    for row in rows[:header_index]:
        text = " ".join(_text(c) for c in row if _text(c))
        for reference in parse_references(text):
            if reference.type in ("Kế hoạch", "Chương trình") and not preview.meta.number:
                preview.meta.number, preview.meta.issued_on = reference.number, reference.date
        if text.upper().startswith("DANH MỤC NHIỆM VỤ") and len(text) > len("DANH MỤC NHIỆM VỤ "):
            preview.meta.title = text[len("DANH MỤC NHIỆM VỤ "):].strip()
    if INFO_SHEET in sheets:
        _read_info(sheets[INFO_SHEET], preview.meta)
    plan_targets, area_targets = _read_targets(sheets.get(TARGET_SHEET, [[]]))
    for line in plan_targets:
        line.id = preview.next_id()
        preview.lines.append(line)
    append_table_rows(preview, rows, units, sheet=task_sheet, area_targets=area_targets)
    for lines in area_targets.values():  # targets of an area the task sheet does not have
        for line in lines:
            line.id = preview.next_id()
            line.warnings.append("Nội dung của chỉ tiêu này không có trong bảng nhiệm vụ.")
            preview.lines.append(line)
    meta = preview.meta
    if meta.year is None and meta.start_year is None:
        meta.year, meta.start_year, meta.end_year = year_or_period(meta.title)
        meta.kind = kind_of("", meta.title, meta.start_year)
    if not any(line.kind == "area" for line in preview.lines):
        preview.warnings.append("Bảng không có dòng nội dung (I, II, …): hãy thêm hoặc đánh dấu trong bản xem trước.")
    return preview
