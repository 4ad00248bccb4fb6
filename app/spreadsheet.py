"""Text in the workbooks the app writes (the report's annex, app/reports/xlsx.py, and a plan's
phụ lục, app/plans/importer/xlsx.py): text a spreadsheet would read as a formula (beginning with
= + - @, or a tab or carriage return) is kept a text cell with the "quote prefix" flag, the same
thing Excel stores when a person types an apostrophe before it. Excel and LibreOffice show the
text as typed and never evaluate it. ``workbook_bytes`` saves a workbook so (a framework of the
index, app/assessment/framework_xlsx.py, too)."""
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def keep_as_text(cell) -> None:
    """Make ``cell`` (already given its value) a plain text cell if its text looks like a formula."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # openpyxl made it a formula ("=…"): keep it a string
        cell.quotePrefix = True


def workbook_bytes(book) -> bytes:
    """``book`` (an openpyxl Workbook) as .xlsx bytes, no text of it ever written as a formula."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                keep_as_text(cell)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
