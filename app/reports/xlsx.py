"""The Excel annex (phụ lục): every task with its approved result, and the statistics sheet.

Header row frozen, columns sized, wrapped text, deadlines as dates shown
dd/mm/yyyy, percentages as percent. Text that a spreadsheet would read as a
formula (beginning with = + - @, or a tab or carriage return) is written as a
text cell with the "quote prefix" flag: the same thing Excel stores when a
person types an apostrophe before it. Excel and LibreOffice both show the text
as typed, without the apostrophe, and never evaluate it, not even when the
cell is edited and confirmed again.
"""
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from ..formatting import utcnow, vn_datetime
from .compose import Report, annex_rows, counted_figures, figure_problems, typed_figures
from .docx import clean

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FONT = Font(name="Times New Roman", bold=True, size=12)
CELL_FONT = Font(name="Times New Roman", size=12)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)

TASK_COLUMNS = [  # (title, width in characters)
    ("TT", 6), ("Lĩnh vực", 28), ("Mã", 8), ("Nhiệm vụ", 50), ("Đơn vị chủ trì", 24), ("Đơn vị phối hợp", 28),
    ("Thời hạn", 13), ("Tình trạng", 22), ("Tỷ lệ hoàn thành", 11), ("Kết quả thực hiện", 60),
    ("Tài liệu kiểm chứng", 45),
]


def put_text(cell, value) -> None:
    """A text cell that no spreadsheet will take for a formula."""
    text = clean(value)
    cell.value = text
    if text.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # openpyxl made it a formula ("=…"): keep it a string
        cell.quotePrefix = True


def _header(ws, columns) -> None:
    for col, (title, width) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=col, value=title)
        cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, CENTRE, BORDER
        ws.column_dimensions[cell.column_letter].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{ws.cell(row=1, column=len(columns)).column_letter}1"


def _tasks_sheet(ws, report: Report) -> None:
    ws.title = "Phụ lục nhiệm vụ"
    _header(ws, TASK_COLUMNS)
    for r, row in enumerate(annex_rows(report.stats), start=2):
        ws.cell(row=r, column=1, value=row.number)
        for col, value in ((2, row.area), (3, row.code), (4, row.title), (5, row.lead), (6, row.cooperating),
                           (8, row.status), (10, row.result), (11, row.evidence)):
            put_text(ws.cell(row=r, column=col), value)
        deadline = ws.cell(row=r, column=7)
        if row.deadline is not None:
            deadline.value = row.deadline
            deadline.number_format = "dd/mm/yyyy"
        else:
            put_text(deadline, row.deadline_text)
        if row.percent is not None:
            percent = ws.cell(row=r, column=9, value=row.percent / 100)
            percent.number_format = "0%"
        for col in range(1, len(TASK_COLUMNS) + 1):
            cell = ws.cell(row=r, column=col)
            cell.font, cell.border = CELL_FONT, BORDER
            cell.alignment = CENTRE if col in (1, 3, 7, 9) else WRAP
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _figures_sheet(ws, report: Report) -> None:
    columns = [("TT", 6), ("Chỉ tiêu thống kê", 55), ("Số liệu", 14), ("Nguồn số liệu", 50), ("Cách có số liệu", 18)]
    _header(ws, columns)
    lines = [(line, "Tự động") for line in counted_figures(report.stats)]
    lines += [(line, "Văn phòng nhập") for line in typed_figures(report.figures)]
    r = 1
    for r, (line, how) in enumerate(lines, start=2):
        ws.cell(row=r, column=1, value=r - 1)
        put_text(ws.cell(row=r, column=2), line.label)
        value = ws.cell(row=r, column=3)
        if line.label.endswith("(%)"):
            value.value = (line.value or 0) / 100
            value.number_format = "0.0%"
        else:
            value.value = line.value
            value.number_format = "#,##0"
        put_text(ws.cell(row=r, column=4), line.source)
        put_text(ws.cell(row=r, column=5), how)
        for col in range(1, len(columns) + 1):
            cell = ws.cell(row=r, column=col)
            cell.font, cell.border = CELL_FONT, BORDER
            cell.alignment = CENTRE if col in (1, 3) else WRAP
    problems = figure_problems(report.figures)
    note = ws.cell(row=r + 2, column=2)
    if problems:
        accepted = report.figures.mismatch_accepted_at
        put_text(note, "Đối chiếu số liệu: " + " ".join(problems)
                 + (f" Đã xác nhận chấp nhận chênh lệch lúc {vn_datetime(accepted)}: {report.figures.mismatch_reason}"
                    if accepted else ""))
    else:
        put_text(note, "Đối chiếu số liệu: khớp.")
    note.font, note.alignment = Font(name="Times New Roman", italic=True, size=11), WRAP
    period = report.period
    info = ws.cell(row=r + 3, column=2)
    put_text(info, f"Kỳ báo cáo: {period.title} (số liệu {period.window_label}); "
                   f"lập lúc {vn_datetime(utcnow())}.")
    info.font = Font(name="Times New Roman", italic=True, size=11)


def build_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    _tasks_sheet(workbook.active, report)
    _figures_sheet(workbook.create_sheet("Số liệu thống kê"), report)
    workbook.properties.title = f"Phụ lục báo cáo {report.title}"
    workbook.properties.creator = report.settings.org_name
    workbook.properties.language = "vi-VN"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
