"""A framework's .xlsx: the template the Office fills, the export of a year's framework in the same form,
and its import (read here, checked and stored by framework.replace_framework, all or nothing).

Sheet "Bộ tiêu chí": a header row, then one row per criterion in the framework's order (a lĩnh vực, its
tiêu chí, their tiêu chí thành phần; the bonus and penalty areas with their lines); the level and kind
columns offer their values (data validation). Sheet "Thông tin": the framework's title and source
decision. Sheet "Hướng dẫn": how to fill it, in Vietnamese. Exporting, importing into another year and
exporting again gives the same cells."""
import io

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select

from ..documents import DocumentRefused
from ..documents.zipcheck import ZipLimits, open_office_zip
from ..extensions import db
from ..numbers import DECIMAL, parse_number
from ..org.models import Unit
from ..plans.models import STANDARD_AREAS
from ..search import fold
from ..spreadsheet import workbook_bytes
from .framework import COLUMN_OF, CriterionData, as_rows
from .models import AREA, BONUS, COMPONENT, CRITERION, KINDS, LEVELS, NORMAL, PENALTY

SHEET, INFO_SHEET, HELP_SHEET = "Bộ tiêu chí", "Thông tin", "Hướng dẫn"
COLUMNS = ["code", "parent_code", "level", "kind", "title", "max_score", "allows_half", "rule", "evidence_asked",
           "keywords", "standard_area", "unit_id"]
HEADERS = [COLUMN_OF[name] for name in COLUMNS]
WIDTHS = [10, 10, 20, 14, 60, 10, 12, 50, 40, 30, 36, 28]
INFO = [("title", "Tên bộ tiêu chí"), ("source", "Văn bản ban hành")]
YES, NO = "có", "không"
MAX_ROWS = 2000
LIMITS = ZipLimits(max_inflated=50 * 1024 * 1024)
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")

EXAMPLE = [
    CriterionData("1", "Công tác chỉ đạo, điều hành CCHC", 10, AREA, NORMAL),
    CriterionData("1.1", "Kế hoạch CCHC năm", 3, CRITERION, NORMAL, "1", standard_area=None),
    CriterionData("1.1.1", "Ban hành kế hoạch CCHC năm đúng hạn", 1, COMPONENT, NORMAL, "1.1", True,
                  "Ban hành đúng hạn: 1 điểm; ban hành chậm: 0,5 điểm; không ban hành: 0 điểm",
                  "Kế hoạch CCHC năm của Sở", "kế hoạch cải cách hành chính"),
    CriterionData("T", "Điểm thưởng", 2, AREA, BONUS),
    CriterionData("T.1", "Sáng kiến CCHC được cấp có thẩm quyền công nhận", 2, CRITERION, BONUS, "T",
                  rule="Mỗi sáng kiến: 1 điểm, tối đa 2 điểm", evidence_asked="Quyết định công nhận sáng kiến"),
    CriterionData("Tr", "Điểm trừ", 5, AREA, PENALTY),
    CriterionData("Tr.1", "Để xảy ra sai phạm trong giải quyết TTHC", 5, CRITERION, PENALTY, "Tr",
                  rule="Mỗi trường hợp bị phát hiện: trừ 1 điểm"),
]

HELP = [
    "HƯỚNG DẪN ĐIỀN BỘ TIÊU CHÍ CHỈ SỐ CCHC",
    "",
    "Mỗi dòng của trang “Bộ tiêu chí” là một lĩnh vực, tiêu chí (TC) hoặc tiêu chí thành phần (TCTP), theo "
    "đúng thứ tự trong quyết định ban hành bộ chỉ số. Dòng tiêu đề (dòng 1) giữ nguyên.",
    "Mã: mã của tiêu chí như trong quyết định (ví dụ 1, 1.2, 1.2.3); không trùng nhau trong cả bộ.",
    "Mã cha: mã của dòng chứa nó, ở một dòng phía trên; để trống với lĩnh vực.",
    "Cấp: Lĩnh vực (không có mã cha), Tiêu chí (cha là lĩnh vực) hoặc Tiêu chí thành phần (cha là tiêu chí).",
    "Loại: Chấm điểm, Điểm thưởng hoặc Điểm trừ. Điểm thưởng và điểm trừ là lĩnh vực riêng, các dòng "
    "thưởng/trừ nằm dưới chúng; mọi dòng có cùng loại với lĩnh vực chứa nó.",
    "Điểm tối đa: một số (1 hoặc 1,5); không lớn hơn điểm tối đa của dòng cha. Tổng điểm tối đa các lĩnh vực "
    "chấm điểm thường là 100.",
    "Cho phép điểm 0,5: “có” nếu tiêu chí được chấm điểm lẻ 0,5; “không” (hoặc để trống) nếu chỉ chấm điểm nguyên.",
    "Cách chấm điểm: quy tắc bằng lời, ví dụ “Ban hành đúng hạn: 1 điểm; ban hành chậm: 0,5 điểm; không ban "
    "hành: 0 điểm”.",
    "Tài liệu kiểm chứng: các văn bản tiêu chí yêu cầu. Từ khóa gợi ý: các từ (cách nhau bởi dấu phẩy) để "
    "phần mềm gợi ý tài liệu kiểm chứng từ trích yếu văn bản.",
    "Lĩnh vực CCHC: một trong sáu lĩnh vực cải cách hành chính của kế hoạch (để trống nếu không tương ứng).",
    "Đơn vị được giao: tên hoặc tên viết tắt của đơn vị tự chấm tiêu chí đó (để trống nếu Văn phòng chấm).",
    "Trang “Thông tin”: tên bộ tiêu chí và văn bản ban hành.",
    "Khi nhập, nếu có dòng sai phần mềm báo từng dòng, từng cột và không nhập gì; sửa tệp rồi nhập lại.",
]


def _style(sheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=1):
        for cell in row:
            cell.border, cell.alignment = _BORDER, _WRAP
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    sheet.freeze_panes = "A2"


def _unit_labels() -> dict[int, str]:
    return {u.id: u.short_name or u.name for u in db.session.scalars(select(Unit))}


def _cells(data: CriterionData, units: dict[int, str]) -> list:
    values = {"code": data.code, "parent_code": data.parent_code, "level": LEVELS.get(data.level, ""),
              "kind": KINDS.get(data.kind, ""), "title": data.title, "max_score": data.max_score,
              "allows_half": YES if data.allows_half else NO, "rule": data.rule,
              "evidence_asked": data.evidence_asked, "keywords": data.keywords,
              "standard_area": STANDARD_AREAS.get(data.standard_area or 0, ""),
              "unit_id": units.get(data.unit_id, "") if data.unit_id else ""}
    return [values[name] for name in COLUMNS]


def _workbook(rows: list[CriterionData], title: str, source: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(HEADERS)
    units = _unit_labels()
    for data in rows:
        sheet.append(_cells(data, units))
    _style(sheet, WIDTHS)
    last = max(MAX_ROWS, len(rows) + 1)
    for column, values in (("C", LEVELS.values()), ("D", KINDS.values()), ("G", (YES, NO))):
        check = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                               showErrorMessage=True, errorTitle="Giá trị không hợp lệ",
                               error="Chọn một giá trị trong danh sách.")
        check.add(f"{column}2:{column}{last}")
        sheet.add_data_validation(check)
    info = book.create_sheet(INFO_SHEET)
    for name, label in INFO:
        info.append([label, {"title": title, "source": source}[name]])
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 24, 90
    guide = book.create_sheet(HELP_SHEET)
    for line in HELP:
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    guide["A1"].font = Font(bold=True)
    for row in guide.iter_rows(min_row=2):
        row[0].alignment = _WRAP
    return workbook_bytes(book)  # no text of a framework is ever written as a formula


def template() -> bytes:
    """The empty template, with a few example rows (a lĩnh vực with a TC and a TCTP, a bonus and a
    penalty area) to overwrite."""
    return _workbook(EXAMPLE, "Bộ chỉ số CCHC năm …", "Quyết định số …/QĐ-UBND ngày …")


def export_framework(index_year, criteria) -> bytes:
    """A year's framework (its criteria in order) in the template's form."""
    return _workbook(as_rows(criteria), index_year.title, index_year.source)


# -- import -------------------------------------------------------------------------------

def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _choice(value, labels: dict[str, str]) -> str | None:
    """The code whose label (or code) ``value`` names, accents and case aside; "" if empty; None if unknown."""
    text = fold(_text(value))
    if not text:
        return ""
    return next((code for code, label in labels.items() if text in (fold(label), fold(code))), None)


def _read_row(values: list, number: int, units: dict[str, int]) -> CriterionData:
    values = list(values) + [None] * (len(COLUMNS) - len(values))
    cell = dict(zip(COLUMNS, values))
    data = CriterionData(code=_text(cell["code"]), parent_code=_text(cell["parent_code"]),
                         title=_text(cell["title"]), rule=_text(cell["rule"]),
                         evidence_asked=_text(cell["evidence_asked"]), keywords=_text(cell["keywords"]), row=number)

    def refuse(name: str, message: str) -> None:
        data.errors[name] = f"Dòng {number}, cột “{COLUMN_OF[name]}”: {message}"

    level = _choice(cell["level"], LEVELS)
    if level is None:
        refuse("level", f"“{_text(cell['level'])}” không phải là Lĩnh vực, Tiêu chí hay Tiêu chí thành phần.")
    data.level = level or ""
    kind = _choice(cell["kind"], KINDS)
    if kind is None:
        refuse("kind", f"“{_text(cell['kind'])}” không phải là Chấm điểm, Điểm thưởng hay Điểm trừ.")
    data.kind = kind or ""
    raw = cell["max_score"]
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        data.max_score = float(raw)
    elif _text(raw):
        try:
            value = parse_number(_text(raw), DECIMAL)
        except ValueError:
            value = None
        if value is None:
            refuse("max_score", f"“{_text(raw)}” không phải là một số.")
        else:
            data.max_score = float(value)
    else:
        refuse("max_score", "chưa có điểm tối đa.")
    half = fold(_text(cell["allows_half"]))
    if half not in ("", fold(YES), fold(NO)):
        refuse("allows_half", f"phải là “{YES}” hoặc “{NO}” (không phải “{_text(cell['allows_half'])}”).")
    data.allows_half = half == fold(YES)
    area = _text(cell["standard_area"])
    if area:
        code = _choice(area, {str(k): v for k, v in STANDARD_AREAS.items()})
        if code is None:
            refuse("standard_area", f"“{area}” không phải là một trong sáu lĩnh vực CCHC.")
        else:
            data.standard_area = int(code)
    unit = _text(cell["unit_id"])
    if unit:
        data.unit_id = units.get(fold(unit))
        if data.unit_id is None:
            refuse("unit_id", f"không có đơn vị “{unit}”.")
    return data  # a row's own errors are said once: the tree's checks (framework.tree_errors) skip those fields


def _unit_names() -> dict[str, int]:
    names = {}
    for unit in db.session.scalars(select(Unit)):
        names.setdefault(fold(unit.name), unit.id)
        if unit.short_name:
            names.setdefault(fold(unit.short_name), unit.id)
    return names


def read_framework(data: bytes) -> tuple[list[CriterionData], str, str]:
    """An .xlsx in the template's form → (its rows, the title, the source); DocumentRefused when it is
    not such a workbook. The rows are checked by framework.replace_framework."""
    archive = open_office_zip(data, ".xlsx", "xl/workbook.xml", LIMITS)
    archive.close()
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise DocumentRefused("Tệp .xlsx bị hỏng, không đọc được nội dung.") from exc
    try:
        if SHEET not in book.sheetnames:
            raise DocumentRefused(f"Không có trang “{SHEET}” trong tệp: hãy dùng tệp mẫu của phần mềm.")
        rows = []
        for values in book[SHEET].iter_rows(values_only=True):
            rows.append(list(values))
            if len(rows) > MAX_ROWS + 1:
                raise DocumentRefused(f"Bộ tiêu chí có hơn {MAX_ROWS} dòng: quá dài.")
        if not rows or [fold(_text(v)) for v in rows[0][:len(HEADERS)]] != [fold(h) for h in HEADERS]:
            raise DocumentRefused("Dòng 1 của trang “Bộ tiêu chí” phải là dòng tiêu đề của tệp mẫu: "
                                  + ", ".join(HEADERS) + ".")
        info = {}
        if INFO_SHEET in book.sheetnames:
            labels = {fold(label): name for name, label in INFO}
            for values in book[INFO_SHEET].iter_rows(max_col=2, values_only=True):
                if values and labels.get(fold(_text(values[0]))):
                    info[labels[fold(_text(values[0]))]] = _text(values[1] if len(values) > 1 else "")
    finally:
        book.close()
    units = _unit_names()
    out = [_read_row(values, number, units) for number, values in enumerate(rows[1:], start=2)
           if any(_text(v) for v in values)]
    return out, info.get("title", ""), info.get("source", "")
