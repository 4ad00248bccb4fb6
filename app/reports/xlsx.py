"""The Excel annex (phụ lục): every task with its approved result, and the statistics sheet.

Header row frozen, columns sized, wrapped text, deadlines as dates shown
dd/mm/yyyy, percentages as percent. Text that a spreadsheet would read as a
formula (beginning with = + - @, or a tab or carriage return) is written as a
text cell with the "quote prefix" flag: the same thing Excel stores when a
person types an apostrophe before it. Excel and LibreOffice both show the text
as typed, without the apostrophe, and never evaluate it, not even when the
cell is edited and confirmed again.

The workbook is written in openpyxl's write-only mode (rows streamed, each cell
given a prepared style): thousands of tasks take a fraction of a second.
"""
import io
from copy import copy

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ..formatting import utcnow, vn_date, vn_datetime
from ..spreadsheet import keep_as_text
from .compose import Report, annex_rows, pending_rows
from .figures import counted_figures, figure_problems, typed_figures
from .docx import clean
from .wording import PENDING_ANNEX, period_phrase

HEADER_FONT = Font(name="Times New Roman", bold=True, size=12)
CELL_FONT = Font(name="Times New Roman", size=12)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)
NOTE_FONT = Font(name="Times New Roman", italic=True, size=11)

TASK_COLUMNS = [  # (title, width in characters)
    ("TT", 6), ("Lĩnh vực", 28), ("Mã", 8), ("Nhiệm vụ", 50), ("Đơn vị chủ trì", 24), ("Đơn vị phối hợp", 28),
    ("Thời hạn", 13), ("Tình trạng", 22), ("Tỷ lệ hoàn thành", 11), ("Kết quả thực hiện", 60),
    ("Tài liệu kiểm chứng", 45), ("Kế hoạch", 18),
]


def put_text(cell, value) -> None:
    """A text cell that no spreadsheet will take for a formula."""
    cell.value = clean(value)
    keep_as_text(cell)


class _Cells:
    """Cells for a write-only sheet with prepared styles: openpyxl hashes a Font, a Border and an
    Alignment each time one is assigned, which costs seconds over thousands of rows."""

    def __init__(self, ws):
        self.ws = ws
        self.styles = {}
        for name, font, alignment, fill in (
                ("header", HEADER_FONT, CENTRE, HEADER_FILL), ("text", CELL_FONT, WRAP, None),
                ("centre", CELL_FONT, CENTRE, None), ("note", NOTE_FONT, WRAP, None),
                ("title", TITLE_FONT, CENTRE, None), ("subtitle", SUBTITLE_FONT, CENTRE, None)):
            cell = WriteOnlyCell(ws)
            cell.font, cell.alignment = font, alignment
            if name not in ("note", "title", "subtitle"):
                cell.border = BORDER
            if fill is not None:
                cell.fill = fill
            self.styles[name] = cell._style

    def __call__(self, value=None, style="text", number_format=None, text=False):
        cell = WriteOnlyCell(self.ws)
        cell._style = copy(self.styles[style])
        if text:
            put_text(cell, value)
        else:
            cell.value = value
        if number_format:
            cell.number_format = number_format
        return cell


TITLE_FONT = Font(name="Times New Roman", bold=True, size=14)
SUBTITLE_FONT = Font(name="Times New Roman", italic=True, size=12)
LINE_HEIGHT = 15.0  # points per line of 12 pt Times New Roman, with its leading
CHARS_PER_WIDTH = 1.1  # characters of 12 pt Times New Roman a column unit holds (measured: about 1.15)


def row_height(values, widths) -> float:
    """The height a row needs so that its wrapped text shows whole (LibreOffice does not grow a
    row by itself when the file gives no height): the most lines any of its cells wraps to."""
    lines = 1
    for value, width in zip(values, widths):
        if value is None:
            continue
        per_line = max(int(width * CHARS_PER_WIDTH), 1)
        wrapped = sum(max(1, -(-len(part) // per_line)) for part in str(value).split("\n"))
        lines = max(lines, wrapped)
    return round(lines * LINE_HEIGHT + 3, 1)


class _Sheet:
    """A write-only sheet printed on A4 landscape, one page wide: its title rows, the header row
    repeated on every page and frozen, each row as high as its wrapped text. The page set-up and
    fit-to-page are set before the first row: openpyxl writes the sheet's head then."""

    def __init__(self, workbook, name: str, columns, title: str, subtitle: str):
        self.ws = ws = workbook.create_sheet(name)
        self.widths = [width for _title, width in columns]
        last = get_column_letter(len(columns))
        for i, width in enumerate(self.widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0  # one page wide, as many long as needed
        ws.print_options.horizontalCentered = True
        ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.freeze_panes = "A4"
        ws.print_title_rows = "3:3"
        ws.auto_filter.ref = f"A3:{last}3"
        ws.merged_cells.ranges = [CellRange(f"A1:{last}1"), CellRange(f"A2:{last}2")]
        self.cell = _Cells(ws)
        self.n = 0
        self.append([self.cell(title, "title", text=True)], height=LINE_HEIGHT * 2)
        self.append([self.cell(subtitle, "subtitle", text=True)], height=LINE_HEIGHT + 3)
        self.append([self.cell(t, "header", text=True) for t, _width in columns],
                    height=row_height([t for t, _w in columns], self.widths))

    def note(self, text: str) -> None:
        """A note under the table: from column B to the last, merged, as high as its wrapped text."""
        self.append([], height=LINE_HEIGHT)
        self.append([None, self.cell(text, "note", text=True)], height=row_height([text], [sum(self.widths[1:])]))
        last = get_column_letter(len(self.widths))
        self.ws.merged_cells.ranges = [*self.ws.merged_cells.ranges, CellRange(f"B{self.n}:{last}{self.n}")]

    def append(self, cells, height: float | None = None) -> None:
        self.n += 1
        if height is None:
            height = row_height([c.value for c in cells], self.widths)
        self.ws.row_dimensions[self.n].height = height
        self.ws.append(cells)


def _subtitle(report: Report) -> str:
    number = (report.number or "").strip() or f"     {report.settings.number_suffix}"
    if report.number and "/" not in report.number:
        number += report.settings.number_suffix
    return f"(Kèm theo Báo cáo số {number} ngày {vn_date(report.date)} của {report.settings.org_name})"


def _tasks_sheet(workbook, report: Report) -> None:
    title = f"PHỤ LỤC: KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH {period_phrase(report.period).upper()}"
    sheet = _Sheet(workbook, "Phụ lục nhiệm vụ", TASK_COLUMNS, title, _subtitle(report))
    cell = sheet.cell
    for row in annex_rows(report.stats):
        sheet.append([
            cell(row.number, "centre"), cell(row.area, text=True), cell(row.code, "centre", text=True),
            cell(row.title, text=True), cell(row.lead, text=True), cell(row.cooperating, text=True),
            cell(row.deadline, "centre", "dd/mm/yyyy") if row.deadline is not None
            else cell(row.deadline_text, "centre", text=True),
            cell(row.status, text=True),
            cell(None if row.percent is None else row.percent / 100, "centre", "0%"),
            cell(row.result, text=True), cell(row.evidence, text=True), cell(row.plan_number, text=True),
        ])
    coverage = report.stats.coverage
    sheet.note(f"Tình trạng {coverage.frame.as_of_text} (kỳ {report.period.title}); kế hoạch: {coverage.plans_text}.")


PENDING_COLUMNS = [("TT", 6), ("Lĩnh vực", 28), ("Mã", 8), ("Nhiệm vụ", 55), ("Đơn vị chủ trì", 26),
                   ("Thời hạn", 13), ("Tình trạng hiện tại", 24), ("Cập nhật lần cuối", 17), ("Kế hoạch", 16)]


def _pending_sheet(workbook, report: Report) -> None:
    """The tasks without an approved result, for the Office's own follow-up (the body says one
    sentence per area and names this sheet)."""
    title = f"{PENDING_ANNEX.upper()} {period_phrase(report.period).upper()}"
    sheet = _Sheet(workbook, PENDING_ANNEX, PENDING_COLUMNS, title, _subtitle(report))
    cell = sheet.cell
    rows = pending_rows(report.stats)
    for row in rows:
        sheet.append([
            cell(row.number, "centre"), cell(row.area, text=True), cell(row.code, "centre", text=True),
            cell(row.title, text=True), cell(row.lead, text=True),
            cell(row.deadline, "centre", "dd/mm/yyyy") if row.deadline is not None
            else cell(row.deadline_text, "centre", text=True),
            cell(row.state, text=True),
            cell(row.updated_at, "centre", "dd/mm/yyyy hh:mm") if row.updated_at is not None
            else cell("Chưa cập nhật", "centre", text=True),
            cell(row.plan_number, text=True),
        ])
    sheet.note(f"{len(rows)} nhiệm vụ chưa có kết quả được duyệt, {report.stats.coverage.frame.as_of_text} "
               f"(kỳ {report.period.title}); danh sách để Văn phòng Sở theo dõi, đôn đốc.")


def _figures_sheet(workbook, report: Report) -> None:
    columns = [("TT", 6), ("Chỉ tiêu thống kê", 55), ("Số liệu", 14), ("Nguồn số liệu", 50), ("Cách có số liệu", 18)]
    sheet = _Sheet(workbook, "Số liệu thống kê", columns,
                   f"SỐ LIỆU THỐNG KÊ CẢI CÁCH HÀNH CHÍNH {period_phrase(report.period).upper()}", _subtitle(report))
    cell = sheet.cell
    lines = [(line, "Tự động") for line in counted_figures(report.stats)]
    lines += [(line, "Văn phòng nhập") for line in typed_figures(report.figures)]
    for n, (line, how) in enumerate(lines, start=1):
        percent = line.label.endswith("(%)")
        value = (line.value or 0) / 100 if percent else line.value
        sheet.append([cell(n, "centre"), cell(line.label, text=True),
                      cell(value, "centre", "0.0%" if percent else "#,##0"), cell(line.source, text=True),
                      cell(how, text=True)])
    problems = figure_problems(report.figures)
    if problems:
        accepted = report.figures.mismatch_accepted_at
        check = "Đối chiếu số liệu: " + " ".join(problems) + (
            f" Đã xác nhận chấp nhận chênh lệch lúc {vn_datetime(accepted)}: {report.figures.mismatch_reason}"
            if accepted else "")
    else:
        check = "Đối chiếu số liệu: khớp."
    period, coverage = report.period, report.stats.coverage
    sheet.note(check)
    sheet.note(f"Kỳ báo cáo: {period.title} (số liệu {period.window_label}), {coverage.frame.as_of_text}; "
               f"kế hoạch: {coverage.plans_text}; lập lúc {vn_datetime(utcnow())}.")


def build_xlsx(report: Report) -> bytes:
    workbook = Workbook(write_only=True)
    _tasks_sheet(workbook, report)
    _figures_sheet(workbook, report)
    _pending_sheet(workbook, report)
    workbook.properties.title = f"Phụ lục báo cáo {report.title}"
    workbook.properties.creator = report.settings.org_name
    workbook.properties.language = "vi-VN"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
