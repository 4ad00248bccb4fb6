"""The exported files, read back: the .docx with python-docx (Nghị định 30/2020 layout, the
sections in order, only approved results, Vietnamese intact) and the .xlsx with openpyxl
(columns, formats, freeze, formula neutralisation)."""
import io
from datetime import date, datetime

import openpyxl
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from app.extensions import db
from app.formatting import to_local
from app.reports import services
from app.reports.compose import build_report
from app.reports.docx import build_docx
from app.reports.queries import find_draft
from app.reports.wording import ReportSettings
from app.reports.stats import without_result
from app.reports.xlsx import PENDING_COLUMNS, build_xlsx
from app.transactions import transaction
from tests.factories import make_progress_entry, make_task
from tests.db.report_helpers import CITATION, CONTRIBUTION, DONE_RESULT, HIDDEN, OPEN_RESULT, PROPOSAL, quarter
from tests.db.report_helpers import entries_of, lower_first

SETTINGS = ReportSettings(signer_name="Nguyễn Văn Hùng",
                          recipients=["Sở Nội vụ", "UBND tỉnh (b/c)", "Lưu: VT, VP"])


@pytest.fixture
def q(org):
    q = quarter(org)
    with transaction():
        draft = services.generate_draft(org.office, q.period, None, SETTINGS)
        services.update_draft_details(org.office, draft, "", date(2026, 2, 5))
    return q


def _report(q):
    db.session.expire_all()
    return build_report(q.period, None, SETTINGS)


@pytest.fixture
def document(q):
    return Document(io.BytesIO(build_docx(_report(q))))


def _mm(length) -> float:
    return round(length.mm, 1)


def _all_docx_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


# -- the Word document ------------------------------------------------------------------------

def test_docx_page_is_a4_portrait_with_margins_in_the_decree_ranges(document):
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert (_mm(section.page_width), _mm(section.page_height)) == (210.0, 297.0)
    assert 20 <= _mm(section.top_margin) <= 25 and 20 <= _mm(section.bottom_margin) <= 25
    assert 30 <= _mm(section.left_margin) <= 35 and 15 <= _mm(section.right_margin) <= 20


def test_docx_uses_times_new_roman_for_every_script(document):
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {"Times New Roman"}
    assert normal.font.size.pt == 14


def test_docx_header_is_two_borderless_columns_with_bodies_number_and_date(document):
    header = document.tables[0]
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {el.get(qn("w:val")) for el in borders} == {"nil"}
    left, right = header.rows[0].cells
    assert [p.text for p in left.paragraphs] == ["UBND TỈNH ĐỒNG NAI", "SỞ CÔNG THƯƠNG", "", "Số:      /BC-SCT"]
    assert [p.text for p in right.paragraphs] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                                  "", "Đồng Nai, ngày 05 tháng 02 năm 2026"]
    province, org, rule, number = left.paragraphs
    assert not province.runs[0].bold and org.runs[0].bold
    assert 12 <= province.runs[0].font.size.pt <= 13 and 12 <= org.runs[0].font.size.pt <= 13
    assert number.runs[0].font.size.pt == 13
    assert rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:val")) == "single"
    nation, motto, motto_rule, when = right.paragraphs
    assert nation.runs[0].bold and 12 <= nation.runs[0].font.size.pt <= 13
    assert motto.runs[0].bold and 13 <= motto.runs[0].font.size.pt <= 14
    assert motto_rule._p.pPr.find(qn("w:pBdr")) is not None
    assert when.runs[0].italic and 13 <= when.runs[0].font.size.pt <= 14


def test_docx_title_is_bold_centred_with_the_period(document):
    texts = [p.text for p in document.paragraphs]
    i = texts.index("BÁO CÁO")
    assert texts[i + 1] == "Kết quả thực hiện công tác cải cách hành chính quý I năm 2026"
    for p in document.paragraphs[i:i + 2]:
        assert p.alignment is None and p.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER  # by its style
        assert all(r.bold for r in p.runs)


def test_docx_sections_follow_the_outline_with_decree_headings(document):
    headings = [p.text for p in document.paragraphs if p.style.name == "CCHC Heading 1"]
    assert headings == ["I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "II. KẾT QUẢ THỰC HIỆN TRÊN CÁC LĨNH VỰC",
                        "III. ĐÁNH GIÁ CHUNG", "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", "V. ĐỀ XUẤT, KIẾN NGHỊ"]
    style = document.styles["CCHC Heading 1"]
    assert style.font.bold
    sub = [p.text for p in document.paragraphs if p.style.name == "CCHC Heading 2"]
    assert sub[:2] == ["1. Cải cách thể chế", "2. Cải cách thủ tục hành chính"]
    assert document.styles["CCHC Heading 2"].font.bold
    texts = [p.text for p in document.paragraphs]
    assert texts.index("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH") < texts.index("1. Cải cách thể chế") \
        < texts.index("V. ĐỀ XUẤT, KIẾN NGHỊ") < texts.index(f"- {PROPOSAL} (Thanh tra Sở).")


def test_docx_body_is_justified_with_first_line_indent_and_spacing(document):
    body = document.styles["CCHC Body"]
    fmt = body.paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert 1.0 <= fmt.first_line_indent.cm <= 1.27
    assert fmt.space_after.pt >= 6
    assert 1.0 <= fmt.line_spacing <= 1.5
    assert 13 <= body.font.size.pt <= 14
    assert any(p.style.name == "CCHC Body" and lower_first(DONE_RESULT) in p.text for p in document.paragraphs)


def test_docx_styles_a_points_as_the_third_level_kept_with_their_text(document):
    point = next(p for p in document.paragraphs if p.text == "a) Tồn tại, hạn chế")
    assert point.style.name == "CCHC Heading 3"
    assert (point.style.font.bold, point.style.paragraph_format.keep_with_next) == (False, True)
    assert all(document.styles[name].paragraph_format.keep_with_next for name in ("CCHC Heading 1", "CCHC Heading 2"))


def _kept_with_next(paragraph) -> bool:
    """The paragraph itself carries <w:keepNext/> (not only through its style)."""
    p_pr = paragraph._p.pPr
    return p_pr is not None and p_pr.find(qn("w:keepNext")) is not None


def test_docx_keeps_a_lead_in_line_with_the_items_it_introduces(document):
    """Sections III and IV list a line each under a line ending in ":": that line never ends a page."""
    paragraphs = document.paragraphs
    texts = [p.text for p in paragraphs]
    for lead in ("Còn 2 nhiệm vụ quá hạn chưa hoàn thành, gồm:", "- Nguyên nhân khách quan:",
                 "- Về cải cách thể chế:", "- Về cải cách thủ tục hành chính:"):
        at = texts.index(lead)
        assert paragraphs[at].style.name == "CCHC Body" and _kept_with_next(paragraphs[at]), lead
        assert not _kept_with_next(paragraphs[at + 1]), texts[at + 1]  # its first item: not a lead-in
    plain = paragraphs[texts.index("1 báo cáo nhiệm vụ phải trả lại để bổ sung, hoàn thiện.")]
    assert not _kept_with_next(plain)


def test_docx_ends_the_body_with_the_closing_line_before_the_signature(document):
    texts = [p.text for p in document.paragraphs]
    closing = "Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2026 của Sở Công Thương./."
    assert texts.index(closing) == texts.index("V. ĐỀ XUẤT, KIẾN NGHỊ") + 2


def test_docx_has_only_approved_results_with_their_evidence_and_vietnamese_intact(document):
    text = _all_docx_text(document)
    # the body writes a unit's result inside its sentence (first letter in lower case)
    for expected in (lower_first(DONE_RESULT), lower_first(OPEN_RESULT), lower_first(CONTRIBUTION), CITATION,
                     PROPOSAL):
        assert expected in text
    for hidden in HIDDEN:
        assert hidden not in text


def test_docx_numbers_pages_at_the_top_from_page_two(document):
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    header = section.header.paragraphs[0]
    assert header._p.xpath(".//w:instrText")[0].text.strip() == "PAGE"
    assert header.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_docx_signature_block_and_recipients(document):
    table = document.tables[1]
    left, right = table.rows[0].cells
    assert [p.text for p in left.paragraphs] == ["Nơi nhận:", "- Sở Nội vụ;", "- UBND tỉnh (b/c);", "- Lưu: VT, VP."]
    head = left.paragraphs[0].runs[0]
    assert (head.font.size.pt, head.bold, head.italic) == (12, True, True)
    assert all(p.runs[0].font.size.pt == 11 and not p.runs[0].bold for p in left.paragraphs[1:])
    lines = [p.text for p in right.paragraphs if p.text]
    assert lines == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Hùng"]
    assert all(r.bold for p in right.paragraphs for r in p.runs if r.text)


def test_docx_annex_is_a_landscape_section_with_the_task_table(document):
    annex = document.sections[1]
    assert annex.orientation == WD_ORIENT.LANDSCAPE
    assert (_mm(annex.page_width), _mm(annex.page_height)) == (297.0, 210.0)
    texts = [p.text for p in document.paragraphs]
    i = texts.index("Phụ lục")
    assert texts[i + 1] == "Kết quả thực hiện các nhiệm vụ cải cách hành chính quý I năm 2026"
    assert texts[i + 2] == "(Kèm theo Báo cáo số      /BC-SCT ngày 05/02/2026 của Sở Công Thương)"
    assert all(r.italic for r in document.paragraphs[i + 2].runs)
    table = document.tables[2]
    assert [c.text for c in table.rows[0].cells][:3] == ["TT", "Nhiệm vụ", "Đơn vị chủ trì"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows[0][0] == "1. Cải cách thể chế"
    done = next(r for r in rows if "Xây dựng quy chế" in r[1])
    assert done[2:7] == ["Thanh tra Sở", "", "28/02/2026", "Hoàn thành đúng hạn", "100%"]
    assert done[7] == DONE_RESULT and done[8] == CITATION
    assert len(rows) == 2 + 5  # two area rows, five tasks
    stats = [[c.text for c in row.cells] for row in document.tables[3].rows]
    assert ["1", "Tổng số nhiệm vụ", "5"] == stats[1][:3]


def test_annex_states_a_task_without_an_approved_result_as_the_province_reads_it(q, document, workbook):
    """Going upward, no workflow words: a task still in its time (or recurring) is "Đang triển khai",
    one past its deadline "Chưa có báo cáo kết quả (quá hạn)"; the .docx and the .xlsx say the same."""
    wanted = {"Đo lường sự hài lòng của người dân": "Đang triển khai",  # recurring, its report returned
              "Số hóa hồ sơ giải quyết thủ tục hành chính": "Chưa có báo cáo kết quả (quá hạn)",  # submitted
              "Kiểm tra công tác cải cách thể chế": "Chưa có báo cáo kết quả (quá hạn)",  # a draft
              "Xây dựng quy chế phối hợp rà soát văn bản": "Hoàn thành đúng hạn"}
    in_docx = {title: r.cells[5].text for r in document.tables[2].rows[1:] for title in wanted
               if r.cells[1].text.endswith(title)}
    in_xlsx = {r[3].value: r[7].value for r in workbook["Phụ lục nhiệm vụ"].iter_rows(min_row=4) if r[3].value in wanted}
    assert in_docx == in_xlsx == wanted
    statistics = [[c.text for c in row.cells][1] for row in document.tables[3].rows]
    assert "Nhiệm vụ chưa có kết quả trong kỳ" in statistics
    assert "được duyệt" not in _all_docx_text(document)


def test_docx_prints_the_number_once_given(q, org):
    with transaction():
        services.update_draft_details(org.office, find_draft(q.period.id, None), "27", date(2026, 3, 9))
    doc = Document(io.BytesIO(build_docx(_report(q))))
    left, right = doc.tables[0].rows[0].cells
    assert left.paragraphs[-1].text == "Số: 27/BC-SCT"
    assert right.paragraphs[-1].text == "Đồng Nai, ngày 09 tháng 3 năm 2026"
    assert "(Kèm theo Báo cáo số 27/BC-SCT ngày 09/03/2026 của Sở Công Thương)" in [p.text for p in doc.paragraphs]


def test_docx_keeps_a_hand_edit_and_drops_control_characters(q, org):
    with transaction():
        services.save_section(org.office, find_draft(q.period.id, None), "phuong-huong",
                              "Văn phòng tự viết phương hướng\x0b kỳ tới.", None)
    doc = Document(io.BytesIO(build_docx(_report(q))))
    assert "Văn phòng tự viết phương hướng kỳ tới." in [p.text for p in doc.paragraphs]


# -- the Excel annex ----------------------------------------------------------------------------

@pytest.fixture
def workbook(q):
    return openpyxl.load_workbook(io.BytesIO(build_xlsx(_report(q))))


def test_xlsx_lists_every_task_with_formats_and_vietnamese_intact(workbook):
    assert workbook.sheetnames == ["Phụ lục nhiệm vụ", "Số liệu thống kê", "Việc chưa có kết quả"]
    ws = workbook["Phụ lục nhiệm vụ"]
    assert ws["A1"].value == "PHỤ LỤC: KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2026"
    assert ws["A2"].value == "(Kèm theo Báo cáo số      /BC-SCT ngày 05/02/2026 của Sở Công Thương)"
    assert [c.value for c in ws[3]] == ["TT", "Lĩnh vực", "Mã", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp",
                                        "Thời hạn", "Tình trạng", "Tỷ lệ hoàn thành", "Kết quả thực hiện",
                                        "Tài liệu kiểm chứng", "Kế hoạch"]
    assert ws.freeze_panes == "A4"
    assert ws.max_row == 10  # title, reference, header, five tasks, a blank row, the note of the date counted at
    assert ws.cell(10, 2).value == "Tình trạng tính đến 14/03/2026 (kỳ Quý I năm 2026); kế hoạch: 639/KH-SCT."
    assert ws.column_dimensions["D"].width >= 40 and ws.column_dimensions["J"].width >= 40
    rows = {r[3].value: r for r in ws.iter_rows(min_row=4)}
    done = rows["Xây dựng quy chế phối hợp rà soát văn bản"]
    assert done[1].value == "Cải cách thể chế" and done[4].value == "Thanh tra Sở"
    assert done[6].value == datetime(2026, 2, 28) and done[6].number_format == "dd/mm/yyyy"
    assert done[7].value == "Hoàn thành đúng hạn"
    assert done[8].value == 1 and done[8].number_format == "0%"
    assert done[9].value == DONE_RESULT and done[9].alignment.wrap_text
    assert done[10].value == CITATION and done[11].value == "639/KH-SCT"
    opened = rows["Rà soát, công khai thủ tục hành chính"]
    assert opened[5].value == "Thanh tra Sở" and opened[6].value == "Thường xuyên"
    assert opened[8].value == 0.6
    sent = rows["Số hóa hồ sơ giải quyết thủ tục hành chính"]
    assert sent[7].value == "Chưa có báo cáo kết quả (quá hạn)" and sent[8].value is None
    values = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    for hidden in HIDDEN:
        assert hidden not in values


def test_xlsx_lists_the_tasks_without_an_approved_result_on_a_sheet_of_their_own(q, workbook):
    ws = workbook["Việc chưa có kết quả"]
    assert ws["A1"].value == "VIỆC CHƯA CÓ KẾT QUẢ QUÝ I NĂM 2026"
    assert ws["A2"].value == "(Kèm theo Báo cáo số      /BC-SCT ngày 05/02/2026 của Sở Công Thương)"
    assert [c.value for c in ws[3]] == [title for title, _width in PENDING_COLUMNS]
    rows = [r for r in ws.iter_rows(min_row=4) if isinstance(r[0].value, int)]
    assert [r[3].value for r in rows] == [row.task.title for row in without_result(_report(q).stats.rows)]
    listed = {r[3].value: (r[1].value, r[4].value, r[5].value, r[6].value, r[7].value) for r in rows}
    saved = {e.task_id: to_local(e.updated_at).replace(tzinfo=None, second=0, microsecond=0)
             for e in entries_of(q.period)}  # the last save, local time, to the minute
    assert listed == {
        "Số hóa hồ sơ giải quyết thủ tục hành chính": (
            "Cải cách thủ tục hành chính", "Thanh tra Sở", datetime(2026, 3, 1), "Chờ duyệt (quá hạn)",
            saved[q.tasks["sent"].id]),
        "Kiểm tra công tác cải cách thể chế": (  # a draft nobody saved: not reported (period rules, rule 6)
            "Cải cách thể chế", "Phòng Kế hoạch - Tài chính - Tổng hợp", datetime(2026, 1, 31),
            "Chưa báo cáo (quá hạn)", "Chưa cập nhật"),
        "Đo lường sự hài lòng của người dân": (
            "Cải cách thủ tục hành chính", "Thanh tra Sở", "Thường xuyên", "Bị trả lại", saved[q.tasks["back"].id]),
    }
    assert next(r for r in rows if r[6].value == "Bị trả lại")[7].number_format == "dd/mm/yyyy hh:mm"
    assert {r[8].value for r in rows} == {"639/KH-SCT"}
    assert ws.cell(ws.max_row, 2).value.startswith("3 nhiệm vụ chưa có kết quả được duyệt, tính đến 14/03/2026")


@pytest.mark.parametrize("sheet", ["Phụ lục nhiệm vụ", "Số liệu thống kê", "Việc chưa có kết quả"])
def test_xlsx_prints_on_a4_landscape_one_page_wide_with_its_header_repeated(workbook, sheet):
    ws = workbook[sheet]
    setup = ws.page_setup
    assert (setup.orientation, int(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage  # without it, Excel and LibreOffice ignore fitToWidth
    assert ws.print_title_rows == "$3:$3" and ws.freeze_panes == "A4"
    last = {"Phụ lục nhiệm vụ": "L", "Số liệu thống kê": "E", "Việc chưa có kết quả": "I"}[sheet]
    assert {str(r) for r in ws.merged_cells.ranges} >= {f"A1:{last}1"}
    heights = [ws.row_dimensions[n].height for n in range(4, ws.max_row + 1)]
    assert all(h and h >= 15 for h in heights)  # every row as high as its wrapped text


def test_xlsx_rows_grow_with_their_wrapped_text(q, org):
    make_task(q.plan.areas[0], org.ttr, "Rà soát, cập nhật, công khai thủ tục hành chính " * 6)  # about 290 letters
    ws = openpyxl.load_workbook(io.BytesIO(build_xlsx(_report(q))))["Phụ lục nhiệm vụ"]
    heights = {r[3].value.strip(): ws.row_dimensions[r[0].row].height for r in ws.iter_rows(min_row=4) if r[3].value}
    assert heights["Xây dựng quy chế phối hợp rà soát văn bản"] == 18  # one line (15 pt) and its padding
    assert heights[("Rà soát, cập nhật, công khai thủ tục hành chính " * 6).strip()] == 6 * 15 + 3  # six lines


def test_xlsx_statistics_sheet_has_counted_and_typed_figures(q, org):
    with transaction():
        services.save_figures(org.office, q.period, dict(tthc_received=120, tthc_on_time=100, tthc_late=5,
                                                         tthc_in_progress=15, tthc_online=80),
                              "Hệ thống thông tin giải quyết TTHC tỉnh")
    ws = openpyxl.load_workbook(io.BytesIO(build_xlsx(_report(q))))["Số liệu thống kê"]
    rows = {r[1].value: r for r in ws.iter_rows(min_row=4) if r[1].value}
    assert rows["Tổng số nhiệm vụ"][2].value == 5
    assert rows["Nhiệm vụ hoàn thành đúng hạn"][2].value == 1
    assert rows["Nhiệm vụ quá hạn chưa hoàn thành (tính đến 14/03/2026)"][2].value == 2
    assert rows["Tỷ lệ nhiệm vụ hoàn thành (%)"][2].value == pytest.approx(0.2)
    assert rows["Tỷ lệ nhiệm vụ hoàn thành (%)"][2].number_format == "0.0%"
    assert rows["Số chỉ tiêu đạt"][2].value == 1
    labels = [label for label in rows if label.startswith(("Tổng số hồ sơ", "Trong đó", "Số hồ sơ"))]
    assert labels == ["Tổng số hồ sơ TTHC tiếp nhận", "Trong đó: số hồ sơ tiếp nhận trực tuyến",
                      "Số hồ sơ giải quyết đúng hạn", "Số hồ sơ giải quyết quá hạn", "Số hồ sơ đang giải quyết"]
    received = rows["Tổng số hồ sơ TTHC tiếp nhận"]
    assert received[2].value == 120 and received[3].value == "Hệ thống thông tin giải quyết TTHC tỉnh"
    assert received[4].value == "Văn phòng nhập"
    assert "Đối chiếu số liệu: khớp." in rows


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\",\"Bấm\")", "+84 912 345 678", "-1+2", "@SUM(A1:A2)",
                                  "=1+1"])
def test_xlsx_neutralises_formula_like_cells(q, org, text):
    task = make_task(q.plan.areas[0], org.ttr, text, deadline=date(2026, 2, 1))
    make_progress_entry(task, period=q.period, status="approved", task_status="in_progress", percent_done=10,
                        result=text)
    ws = openpyxl.load_workbook(io.BytesIO(build_xlsx(_report(q))))["Phụ lục nhiệm vụ"]
    row = next(r for r in ws.iter_rows(min_row=4) if r[3].value == text)
    for cell in (row[3], row[9]):
        assert cell.value == text  # shown as typed, no apostrophe added to the text
        assert cell.data_type == "s"  # a string, never a formula
        assert cell.quotePrefix  # Excel's and LibreOffice's "typed with a leading apostrophe"
    plain = row[4]
    assert plain.value == "Thanh tra Sở" and not plain.quotePrefix
