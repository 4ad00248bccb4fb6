"""The report as a Word document, in the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I (a báo cáo).

A4 portrait, Times New Roman; margins top/bottom 20 mm, left 30 mm, right
15 mm; the two-column header without borders (governing body / issuing body
with a short rule, and "Số: …/BC-SCT"; quốc hiệu / tiêu ngữ with its rule,
place and date in italic); "BÁO CÁO" and the title line; the body in 14 pt,
justified, first-line indent 1.27 cm, 6 pt after each paragraph, line spacing
1.15; headings "I." in capitals bold, "1." bold, "a)" regular, each kept with the paragraph after it, as
is a line ending in ":" that leads in a list ("- Về công tác chỉ đạo, điều hành:"); page numbers
centred at the top from page 2; "Nơi nhận:" (12 pt bold italic) and the
recipients (11 pt) left, the signature block right; then the annex in its own
landscape section: "Phụ lục", its title, "(Kèm theo Báo cáo số …/BC-SCT ngày …)"
in italic, the task table and the statistics table.

The task table may have thousands of rows: each row is a copy of a prepared
row (lxml), not built cell by cell through python-docx, which is slow there.
"""
import copy
import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from ..formatting import vn_date, vn_number
from .compose import Report, annex_rows
from .figures import counted_figures, figure_problems, typed_figures
from .models import roman
from .wording import place_and_date, tidy

FONT = "Times New Roman"
BODY_PT = 14
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
ANNEX_MARGINS_MM = {"top": 20, "bottom": 20, "left": 20, "right": 15}
SIGNATURE_LINES = 5
HEADING2_RE = re.compile(r"^\d+(\.\d+)*\.\s")
HEADING3_RE = re.compile(r"^[a-zđ]\)\s")  # "a) …": Nghị định 30/2020's third level
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

ANNEX_COLUMNS = [  # (title, width in cm): 26.2, the landscape page's width inside its margins. The cooperating
    # units are often five to seven full names: at 2.8 cm they made rows of fifteen lines, three a page.
    ("TT", 1.0), ("Nhiệm vụ", 5.0), ("Đơn vị chủ trì", 2.6), ("Đơn vị phối hợp", 3.8), ("Thời hạn", 2.3),
    ("Tình trạng", 2.2), ("Tỷ lệ", 1.3), ("Kết quả thực hiện", 5.0), ("Tài liệu kiểm chứng", 3.0),
]


def clean(text) -> str:
    """Text safe for XML (units paste control characters from other programs)."""
    return _ILLEGAL_XML.sub("", "" if text is None else str(text))


def _fonts(element_rpr, size: float | None = None) -> None:
    """Times New Roman for every script (Vietnamese is "Latin" but Word also reads eastAsia/cs)."""
    fonts = element_rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        element_rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            el = element_rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                element_rpr.append(el)
            el.set(qn("w:val"), str(int(size * 2)))


def _style(doc, name: str, size: float, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
           indent=True, after=6, before=0, keep_with_next=False):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.name, style.font.size, style.font.bold, style.font.italic = FONT, Pt(size), bold, italic
    _fonts(style.element.get_or_add_rPr(), size)
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Cm(1.27) if indent else Cm(0)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = 1.15
    fmt.keep_with_next = keep_with_next  # a heading never ends a page
    fmt.widow_control = True
    return style


def _setup(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    _fonts(normal.element.get_or_add_rPr(), BODY_PT)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    # The document's language, so Word and LibreOffice check Vietnamese spelling.
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    normal.element.get_or_add_rPr().append(lang)
    _style(doc, "CCHC Body", BODY_PT)
    _style(doc, "CCHC Heading 1", BODY_PT, bold=True, after=6, before=6, keep_with_next=True)
    _style(doc, "CCHC Heading 2", BODY_PT, bold=True, keep_with_next=True)
    _style(doc, "CCHC Heading 3", BODY_PT, keep_with_next=True)  # "a)": regular, kept with its text
    _style(doc, "CCHC Centre", BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=0)
    _style(doc, "CCHC Table", 11, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, after=0)
    doc.styles["CCHC Table"].paragraph_format.line_spacing = 1.0
    doc.core_properties.language = "vi-VN"


def _page(section, landscape=False, margins=MARGINS_MM) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.top_margin, section.bottom_margin = Mm(margins["top"]), Mm(margins["bottom"])
    section.left_margin, section.right_margin = Mm(margins["left"]), Mm(margins["right"])
    section.header_distance, section.footer_distance = Mm(10), Mm(10)


def _run(paragraph, text, size=None, bold=None, italic=None):
    run = paragraph.add_run(clean(text))
    if size is not None:
        run.font.size = Pt(size)
        _fonts(run._r.get_or_add_rPr(), size)
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic
    return run


def _centred(container, text="", size=BODY_PT, bold=False, italic=False, after=0, before=0):
    paragraph = container.add_paragraph(style="CCHC Centre")
    paragraph.paragraph_format.space_after, paragraph.paragraph_format.space_before = Pt(after), Pt(before)
    if text:
        _run(paragraph, text, size, bold, italic)
    return paragraph


def _rule(container, width_cm: float, line_cm: float):
    """A short horizontal rule, centred: the bottom border of an empty paragraph narrowed by indents."""
    paragraph = container.add_paragraph(style="CCHC Centre")
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Cm(max((width_cm - line_cm) / 2, 0))
    fmt.space_after = Pt(2)
    fmt.line_spacing = Pt(2)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    paragraph._p.get_or_add_pPr().append(border)
    return paragraph


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _grid_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            el.set(qn(key), value)
        borders.append(el)
    tbl_pr.append(borders)


def _fixed(table, widths_cm: list[float]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for col, width in zip(table.columns, widths_cm):
        col.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


def _first(cell):
    """The cell's first paragraph, styled for the header tables."""
    paragraph = cell.paragraphs[0]
    paragraph.style = "CCHC Centre"
    return paragraph


def _header(doc, report: Report) -> None:
    settings = report.settings
    left_w, right_w = 6.2, 10.3
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _fixed(table, [left_w, right_w])
    left, right = table.rows[0].cells
    _run(_first(left), settings.province.upper(), 13)
    _centred(left, settings.org_name.upper(), 13, bold=True)
    _rule(left, left_w, 2.2)
    _centred(left, report.number_line, 13)
    _run(_first(right), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12.5, bold=True)
    _centred(right, "Độc lập - Tự do - Hạnh phúc", 13.5, bold=True)
    _rule(right, right_w, 6.0)
    _centred(right, place_and_date(settings.place, report.date), 13.5, italic=True)


def _title(doc, report: Report) -> None:
    _centred(doc, "BÁO CÁO", BODY_PT, bold=True, before=18)
    _centred(doc, report.title, BODY_PT, bold=True)
    _rule(doc, 16.5, 3.0)
    doc.add_paragraph(style="CCHC Centre").paragraph_format.space_after = Pt(6)


class _Paragraphs:
    """Body paragraphs in a given style, added fast: a copy of a prepared paragraph with its text
    set (python-docx looks styles up by name and writes text character by character: seconds for a
    report of thousands of lines)."""

    def __init__(self, doc, styles: list[str]):
        body = doc.element.body
        self._end = body.find(qn("w:sectPr"))
        self._prepared = {}
        for name in styles:
            paragraph = doc.add_paragraph("x", style=name)
            body.remove(paragraph._p)
            self._prepared[name] = paragraph._p

    def add(self, text: str, style: str, keep_with_next: bool = False) -> None:
        p = copy.deepcopy(self._prepared[style])
        t = p.find(qn("w:r")).find(qn("w:t"))
        t.set(qn("xml:space"), "preserve")
        t.text = text
        if keep_with_next:
            p.get_or_add_pPr().keepNext_val = True
        previous = self._end.getprevious()
        if previous is not None and previous.tag == qn("w:tbl"):  # text after a table: not touching its border
            p.get_or_add_pPr().spacing_before = Pt(6)
        self._end.addprevious(p)


def _text(paragraphs: _Paragraphs, text: str) -> None:
    """A section's text: one paragraph a line; "1." lines bold, "a)" lines regular, each kept with
    the paragraph after it, and so is a lead-in line ending in ":" ("- Về công tác chỉ đạo, điều hành:"):
    never a page that ends with it and starts with its items; the text tidied (NFC, no doubled
    punctuation or spaces)."""
    for line in tidy(clean(text)).splitlines():
        line = line.strip()
        if line:
            style = "CCHC Heading 2" if HEADING2_RE.match(line) else "CCHC Heading 3" if HEADING3_RE.match(line) \
                else "CCHC Body"
            paragraphs.add(line, style, keep_with_next=style == "CCHC Body" and line.endswith(":"))


def _page_number_header(section) -> None:
    """Page numbers centred at the top from page 2: page 1 has its own, empty, header."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.style = "CCHC Centre"
    run = paragraph.add_run()
    _fonts(run._r.get_or_add_rPr(), BODY_PT)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)
    section.first_page_header.is_linked_to_previous = False


def _signature(doc, report: Report) -> None:
    settings = report.settings
    spacer = doc.add_paragraph(style="CCHC Centre")
    spacer.paragraph_format.space_after = Pt(6)
    # the closing line ("Trên đây là báo cáo …") and the spacer kept with the signer's block: never a page
    # that ends with the closing line and starts with "Nơi nhận"
    spacer.paragraph_format.keep_with_next = True
    closing = spacer._p.getprevious()
    if closing is not None and closing.tag == qn("w:p"):
        closing.get_or_add_pPr().keepNext_val = True
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _fixed(table, [8.0, 8.5])
    _keep_rows(table.rows[0]._tr)  # the signer's block never split across two pages
    left, right = table.rows[0].cells
    head = left.paragraphs[0]
    head.style = "CCHC Table"
    _run(head, "Nơi nhận:", 12, bold=True, italic=True)
    recipients = settings.recipients or []
    for i, name in enumerate(recipients):
        name = name.strip().rstrip(";.")
        paragraph = left.add_paragraph(style="CCHC Table")
        _run(paragraph, f"- {name}{'.' if i == len(recipients) - 1 else ';'}", 11)
    first = _first(right)
    if settings.signer_title_prefix.strip():
        _run(first, settings.signer_title_prefix.upper(), BODY_PT, bold=True)
        _centred(right, settings.signer_title.upper(), BODY_PT, bold=True)
    else:
        _run(first, settings.signer_title.upper(), BODY_PT, bold=True)
    for _ in range(SIGNATURE_LINES):  # room for the signature and the seal (about 3.5 cm)
        _centred(right)
    _centred(right, settings.signer_name, BODY_PT, bold=True)


# -- the annex --------------------------------------------------------------------------------

_T, _BR = qn("w:t"), qn("w:br")


def _set_text(t, text: str) -> None:
    """Put ``text`` in a prepared cell's only <w:t> (keeping its run's formatting); line breaks
    become <w:br/> followed by a new <w:t>."""
    lines = clean(text).split("\n")
    t.text = lines[0]
    for line in reversed(lines[1:]):
        extra = copy.copy(t)
        extra.text = line
        t.addnext(extra)
        t.addnext(OxmlElement("w:br"))


def _keep_rows(tr) -> None:
    """A table row never split across pages."""
    tr_pr = tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    cant.set(qn("w:val"), "true")
    tr_pr.append(cant)


def _keep_with_next(tr) -> None:
    """The row's paragraphs kept with what follows: the rows after it stay on its page."""
    for p in tr.iter(qn("w:p")):
        p_pr = p.get_or_add_pPr()
        if p_pr.find(qn("w:keepNext")) is None:
            p_pr.append(OxmlElement("w:keepNext"))


def _prepared_row(table, texts, bold=False, span=False):
    row = table.add_row()
    cells = row.cells
    if span:
        cells[0].merge(cells[-1])
    for cell, text in zip(row.cells[: 1 if span else None], texts):
        paragraph = cell.paragraphs[0]
        paragraph.style = "CCHC Table"
        _run(paragraph, text or " ", 11, bold=bold)
    return row._tr


def _annex_table(doc, report: Report) -> None:
    widths = [w for _, w in ANNEX_COLUMNS]
    table = doc.add_table(rows=0, cols=len(ANNEX_COLUMNS))
    _grid_borders(table)
    header = _prepared_row(table, [t for t, _ in ANNEX_COLUMNS], bold=True)
    tr_pr = header.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # repeat the header row on every page
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for tc in header.findall(qn("w:tc")):
        tc.find(qn("w:p")).get_or_add_pPr().get_or_add_jc().set(qn("w:val"), "center")
    area_template = _prepared_row(table, ["area"], bold=True, span=True)
    row_template = _prepared_row(table, ["x"] * len(ANNEX_COLUMNS))
    _fixed(table, widths)
    tbl = table._tbl
    tbl.remove(area_template)
    tbl.remove(row_template)
    for t in [*area_template.iter(_T), *row_template.iter(_T)]:
        t.set(qn("xml:space"), "preserve")
    for tr in (area_template, row_template):
        _keep_rows(tr)
    _keep_with_next(header)
    rows = annex_rows(report.stats)
    several_plans = len({row.plan for row in rows}) > 1
    plan, area, n_plan, n_area = None, None, 0, 0
    for row in rows:
        if several_plans and row.plan != plan:  # a programme's tasks under their programme
            plan, area, n_plan, n_area = row.plan, None, n_plan + 1, 0
            tr = copy.deepcopy(area_template)
            _set_text(next(tr.iter(_T)), f"{roman(n_plan)}. {plan}")
            tbl.append(tr)
        if row.area != area:
            area, n_area = row.area, n_area + 1
            tr = copy.deepcopy(area_template)
            _set_text(next(tr.iter(_T)), f"{n_area}. {area}")
            tbl.append(tr)
        tr = copy.deepcopy(row_template)
        percent = "" if row.percent is None else f"{row.percent}%"
        values = [str(row.number), f"{row.code} {row.title}".strip() if row.code else row.title, row.lead,
                  row.cooperating, vn_date(row.deadline) if row.deadline else row.deadline_text, row.status,
                  percent, row.result, row.evidence]
        for t, value in zip(list(tr.iter(_T)), values):  # one <w:t> per cell, in column order
            _set_text(t, value)
        tbl.append(tr)
    _no_row_alone(tbl)


def _no_row_alone(tbl) -> None:
    """No page ends or starts the table with a single row: a heading row (an area, a plan) is kept
    with the row after it, and the last row with the one before it."""
    rows = tbl.findall(qn("w:tr"))
    for tr, after in zip(rows, rows[1:]):
        if len(tr.findall(qn("w:tc"))) == 1 and after is not None:  # a spanned heading row
            _keep_with_next(tr)
    if len(rows) >= 3:
        _keep_with_next(rows[-2])


def _figures_table(doc, report: Report) -> None:
    """The statistics annex on a page of its own, whole: a short table never leaves a row alone."""
    heading = _centred(doc, "SỐ LIỆU THỐNG KÊ", BODY_PT, bold=True, after=6)
    heading.paragraph_format.page_break_before = True
    heading.paragraph_format.keep_with_next = True
    lines = counted_figures(report.stats) + typed_figures(report.figures)
    rows = [[str(i), line.label, line.value if isinstance(line.value, str) else vn_number(line.value), line.source]
            for i, line in enumerate(lines, start=1)]
    trs = grid_table(doc, [1.0, 12.0, 3.0, 10.0], ["TT", "Chỉ tiêu thống kê", "Số liệu", "Nguồn số liệu"], rows)
    for tr in trs[:-1]:
        _keep_with_next(tr)
    problems = figure_problems(report.figures)
    if problems and report.figures.mismatch_accepted_at:
        paragraph = doc.add_paragraph(style="CCHC Table")
        paragraph.paragraph_format.space_before = Pt(6)
        _run(paragraph, "Ghi chú: " + " ".join(problems) + f" Đã xác nhận: {report.figures.mismatch_reason}",
             11, italic=True)


def _annex(doc, report: Report) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True, margins=ANNEX_MARGINS_MM)
    section.different_first_page_header_footer = False  # numbered from its first page
    _centred(doc, "Phụ lục", BODY_PT, bold=True)
    annex = report.annex
    title = annex.text.strip() if annex is not None and annex.text.strip() else annex.title if annex else ""
    for line in clean(title).splitlines():
        if line.strip():
            _centred(doc, line.strip(), BODY_PT, bold=True)
    number = (report.number or "").strip() or f"     {report.settings.number_suffix}"
    if report.number and "/" not in report.number:
        number += report.settings.number_suffix
    _centred(doc, f"(Kèm theo Báo cáo số {number} ngày {vn_date(report.date)} của {report.settings.org_name})",
             BODY_PT, italic=True, after=12)
    _annex_table(doc, report)
    _figures_table(doc, report)


def build_docx(report: Report) -> bytes:
    doc, paragraphs = start_document(report)
    for item in report.body_sections:
        if item.number:
            paragraphs.add(clean(item.heading).upper(), "CCHC Heading 1")
        _text(paragraphs, item.text)
    if report.closing:
        _text(paragraphs, report.closing)
    _signature(doc, report)
    if report.annex is not None:
        _annex(doc, report)
    return saved(doc, report)


# -- for another báo cáo in the same layout (the index's self-assessment, app/assessment/report.py) ------
# ``head`` is anything with the Report's ``settings``, ``number_line``, ``date`` and ``title``.

def start_document(head) -> tuple[Document, _Paragraphs]:
    """A new document set up as NĐ 30 asks, its header block and title written; and its body's writer."""
    doc = Document()
    _setup(doc)
    section = doc.sections[0]
    _page(section)
    _page_number_header(section)
    _header(doc, head)
    _title(doc, head)
    return doc, _Paragraphs(doc, ["CCHC Heading 1", "CCHC Heading 2", "CCHC Heading 3", "CCHC Body"])


def heading(paragraphs: _Paragraphs, text: str) -> None:
    """A first-level heading ("I. KẾT QUẢ …"), in capitals."""
    paragraphs.add(clean(text).upper(), "CCHC Heading 1")


def body_text(paragraphs: _Paragraphs, text: str) -> None:
    """Body text, one paragraph a line ("1." and "a)" lines as headings)."""
    _text(paragraphs, text)


def grid_table(doc, widths_cm: list[float], header: list[str], rows: list[list[str]], bold_rows=(),
               centred_columns=()) -> list:
    """A bordered table after the body: the header row bold and repeated on every page, no row split
    across pages; rows whose index is in ``bold_rows`` bold and kept with the row after them. Returns the
    rows' <w:tr> elements (the header first)."""
    table = doc.add_table(rows=0, cols=len(widths_cm))
    _grid_borders(table)
    trs = [_prepared_row(table, header, bold=True)]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    trs[0].get_or_add_trPr().append(repeat)
    _keep_with_next(trs[0])
    for i, texts in enumerate(rows):
        trs.append(_prepared_row(table, texts, bold=i in bold_rows))
        if i in bold_rows:
            _keep_with_next(trs[-1])
    for tr in trs:
        _keep_rows(tr)
        for column, tc in enumerate(tr.findall(qn("w:tc"))):
            if column in centred_columns or tr is trs[0]:
                tc.find(qn("w:p")).get_or_add_pPr().get_or_add_jc().set(qn("w:val"), "center")
    _fixed(table, widths_cm)
    return trs


def signature(doc, head) -> None:
    """Nơi nhận and the signer's block (``head.settings``)."""
    _signature(doc, head)


def saved(doc, head) -> bytes:
    """The document's bytes, titled and authored."""
    doc.core_properties.title = f"Báo cáo {head.title}"
    doc.core_properties.author = head.settings.org_name
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
