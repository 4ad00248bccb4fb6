"""Import of the plans offices actually issue (issue 26): the corpus (tests/data/corpus, copied from the
public documents with INDEX.md) and our own documents for the cases the corpus lacks (tests/data/plans).

The expected figures and their tolerances are in tests/data/imports-expected.json, which
``flask plan import-summary`` prints against too.
"""
import json
from pathlib import Path

import pytest

from app.plans.importer.attributes import lead_named, split_attributes
from app.plans.importer.extract import extract
from app.plans.importer.parser import parse_extracted
from app.plans.importer.preview import build_tree, figures
from app.plans.importer.tasktable import parse_deadline
from app.plans.importer.units import UnitRef

DATA = Path(__file__).parent.parent / "data"
EXPECTED = json.loads((DATA / "imports-expected.json").read_text(encoding="utf-8"))
DOCUMENTS = [name for name in EXPECTED if not name.startswith("_")]
UNITS = [UnitRef(1, "Văn phòng Sở", "VP"), UnitRef(2, "Thanh tra Sở", "TTr"),
         UnitRef(3, "Phòng Kế hoạch - Tài chính - Tổng hợp", "KH-TC-TH")]


def _parse(name):
    path = DATA / name
    return parse_extracted(extract(path.read_bytes(), path.name), UNITS, path.name)


@pytest.fixture(scope="module")
def previews():
    return {name: _parse(name) for name in DOCUMENTS}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_document_yields_the_expected_figures(previews, name):
    found = figures(previews[name])
    for figure, (expected, tolerance) in EXPECTED[name].items():
        if isinstance(expected, list):
            assert found[figure] == expected, figure
        else:
            assert abs(found[figure] - expected) <= tolerance, (figure, found[figure], expected, tolerance)
    assert build_tree(previews[name].lines).problems == {}


def test_annual_plan_takes_the_annex_table_not_the_prose_bullets_too(previews):
    preview = previews["corpus/plan-01-lamdong-kh-cchc-2026.txt"]
    tree = build_tree(preview.lines)
    tasks = [t.line for a in tree.areas for t in a.tasks]
    assert all(line.reason.startswith("Bảng") for line in tasks)  # the phụ lục's rows, placed in the prose areas
    assert sum(1 for line in preview.lines if "bảng phụ lục" in line.reason) >= 45  # the bullets set aside
    assert [a.line.standard_area for a in tree.areas] == [1, 2, 3, 4, 5, 6, None]
    assert len(tree.areas[0].targets) == 5  # the prose's targets stay in their area
    first = tree.areas[0].tasks[0].line
    assert first.lead_name == "Sở Tư pháp" and first.output and first.recurring
    # area 7 task 2: two rows (one per group of lead units), one task
    twice = tree.areas[6].tasks[1].line
    assert len(twice.source) == 2 and twice.lead_name == "Sở Nội vụ"
    assert twice.deadline == "2026-01-31"  # "Ban hành kế hoạch trong tháng 01/2026 và tổ chức thực hiện"


def test_communication_plan_schedules_are_dated_tasks_and_its_lists_notes(previews):
    preview = previews["corpus/plan-03-lamdong-kh-tuyen-truyen-cchc-2026.txt"]
    tree = build_tree(preview.lines)
    broadcasts = tree.areas[0].tasks
    assert len(broadcasts) == 21
    assert broadcasts[0].line.deadline == "2026-01-23" and broadcasts[0].line.lead_name == "Lãnh đạo Sở Công Thương"
    assert broadcasts[0].group.text.startswith("Tổ chức, thực hiện chương trình “Đối thoại")
    assert broadcasts[11].line.deadline == "2026-03-27"
    assert tree.areas[1].tasks[0].line.lead_name == "Sở Nội vụ"  # "Sở Nội vụ chủ trì, phối hợp với …"
    notes = [line.text for line in tree.notes]
    assert "Đối tượng tuyên truyền" in notes and "Nội dung tuyên truyền" in notes
    assert not any("Đối tượng" in t.line.text or "Tuyên truyền về tầm quan trọng" in t.line.text
                   for a in tree.areas for t in a.tasks)
    assert preview.meta.year == 2026 and preview.meta.kind == "thematic"


def test_prose_plan_reads_inline_attributes_and_keeps_them_out_of_titles(previews):
    preview = previews["plans/prose-inline-attributes.txt"]
    tree = build_tree(preview.lines)
    tasks = {t.line.code or t.line.marker: t.line for a in tree.areas for t in a.tasks}
    first = tasks["1.1"] if "1.1" in tasks else next(iter(tasks.values()))
    lines = {line.marker: line for line in preview.lines if line.kind == "task"}
    first = lines["1.1"]
    assert first.text == "Rà soát, hệ thống hóa văn bản quy phạm pháp luật thuộc lĩnh vực công thương."
    assert (first.deadline, first.lead_unit_id, first.cooperating_unit_ids) == ("2027-09-30", 2, [1, 3])
    assert first.output == "Báo cáo kết quả rà soát gửi Sở Tư pháp"
    assert lines["1.2"].text.endswith("lấy ý kiến.") and lines["1.2"].recurring and not lines["1.2"].deadline
    assert (lines["2.1"].deadline, lines["2.1"].lead_unit_id) == ("2027-09-30", 1)
    assert lines["2.1"].output.startswith("100% thủ tục hành chính")
    assert lines["2.2"].text == "Rà soát, đề xuất đơn giản hóa thủ tục hành chính lĩnh vực điện lực"
    assert (lines["2.2"].deadline, lines["2.2"].lead_name) == ("2027-06-30", "Phòng Quản lý năng lượng")
    assert lines["2.3"].deadline == "2027-03-20"
    assert lines["3.1"].recurring and lines["3.1"].lead_unit_id == 3
    assert (preview.meta.number, preview.meta.issued_on.isoformat()) == ("112/KH-SCT", "2027-01-15")
    assert all(not any(w in line.text for w in ("Thời gian", "Đơn vị chủ trì", "Sản phẩm:"))
               for line in preview.lines if line.kind == "task")


def test_inspection_plan_schedule_gives_tasks_criteria_and_report_outline_are_notes(previews):
    preview = previews["plans/inspection-schedule.txt"]
    tree = build_tree(preview.lines)
    assert [(t.line.text, t.line.deadline) for t in tree.areas[0].tasks] == [
        ("Kiểm tra Phòng Quản lý công nghiệp", "2027-05-31"), ("Kiểm tra Phòng Quản lý thương mại", "2027-06-30"),
        ("Kiểm tra Chi cục Quản lý thị trường", "2027-08-31"),
        ("Kiểm tra Trung tâm Khuyến công và Xúc tiến thương mại", "2027-09-30")]
    notes = [line.text for line in tree.notes]
    assert "Việc công khai thủ tục hành chính tại bộ phận một cửa." in notes  # a criterion
    assert "ĐỀ CƯƠNG BÁO CÁO TỰ KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH" in notes  # the annex outline
    assert "Cải cách tổ chức bộ máy" in notes
    assert preview.meta.issued_on.isoformat() == "2027-02-20"  # from the two-column header table


def test_communication_plan_documents_audiences_and_contents_are_notes(previews):
    tree = build_tree(previews["plans/communication-documents.txt"].lines)
    assert [t.line.text[:30] for t in tree.areas[0].tasks] == [
        "Xây dựng chuyên mục cải cách h", "Đăng tải ít nhất 02 tin, bài v", "Tổ chức hội nghị quán triệt vă"]
    notes = " ".join(line.text for line in tree.notes)
    assert "Nghị định số 61/2018/NĐ-CP" in notes and "Đối tượng là cán bộ" in notes and "Lồng ghép" in notes


def test_two_column_header_table_in_docx_gives_the_date(tmp_path):
    from docx import Document

    document = Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "UBND TỈNH ĐỒNG NAI\nSỞ CÔNG THƯƠNG"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    table.cell(1, 0).text = "Số: 77/KH-SCT"
    table.cell(1, 1).text = "Biên Hòa, ngày 05 tháng 3 năm 2027"
    for text in ("KẾ HOẠCH", "Cải cách hành chính năm 2027", "I. CẢI CÁCH THỂ CHẾ", "- Rà soát văn bản."):
        document.add_paragraph(text)
    path = tmp_path / "header.docx"
    document.save(path)
    preview = parse_extracted(extract(path.read_bytes(), path.name), UNITS, path.name)
    assert (preview.meta.number, preview.meta.place, preview.meta.issued_on.isoformat()) == (
        "77/KH-SCT", "Biên Hòa", "2027-03-05")


@pytest.mark.parametrize("text, title, values", [
    ("Rà soát quy chế. Thời gian thực hiện: 30/9/2027. Đơn vị chủ trì: Văn phòng Sở; Đơn vị phối hợp: Thanh tra Sở.",
     "Rà soát quy chế.", {"deadline": "30/9/2027", "lead": "Văn phòng Sở", "coop": "Thanh tra Sở"}),
    ("Thời hạn: Quý III/2027", "", {"deadline": "Quý III/2027"}),
    ("Rà soát TTHC (Thời gian hoàn thành: tháng 6/2027)", "Rà soát TTHC", {"deadline": "tháng 6/2027"}),
    ("Sản phẩm: Quyết định của Giám đốc Sở", "", {"output": "Quyết định của Giám đốc Sở"}),
    ("Tuyên truyền về tác động của CCHC trong: việc thực hiện nhiệm vụ", "Tuyên truyền về tác động của CCHC trong: "
     "việc thực hiện nhiệm vụ", {}),
])
def test_split_attributes(text, title, values):
    assert split_attributes(text) == (title, values)


@pytest.mark.parametrize("text, year, expected", [
    ("30/9/2027", None, ("2027-09-30", False)), ("Quý III/2027", None, ("2027-09-30", False)),
    ("tháng 6/2027", None, ("2027-06-30", False)), ("trước 30/9", 2027, ("2027-09-30", False)),
    ("thường xuyên", 2027, (None, True)), ("Hằng năm", 2027, (None, True)),
    ("Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 23 tháng 1", 2026, ("2026-01-23", False)),
    ("Quý II", 2027, ("2027-06-30", False)), ("Trước ngày 05 của tháng liền kề", 2026, (None, True)),
    ("chậm nhất là ngày 30/01/2026", None, ("2026-01-30", False)),
    ("Trước ngày 31/01 năm liền kề", 2026, ("2027-01-31", False)),
    ("Theo Điều 17 Nghị định số 52/2015/NĐ-CP ngày 28/5/2015 của Chính phủ", 2026, (None, True)),
])
def test_deadlines_as_plans_write_them(text, year, expected):
    deadline, recurring, _ = parse_deadline(text, year)
    assert (deadline.isoformat() if deadline else None, recurring) == expected


def test_lead_named_in_a_sentence():
    assert lead_named("Sở Nội vụ chủ trì, phối hợp với các cơ quan liên quan tổ chức Cuộc thi.") == "Sở Nội vụ"
    assert lead_named("Giao Văn phòng Sở (bộ phận một cửa) tham mưu Giám đốc Sở ban hành quy chế.") == "Văn phòng Sở"
    assert lead_named("Tổ chức các lớp tập huấn về nghiệp vụ CCHC.") == ""


def test_decision_issuing_a_plan_gives_the_plan_not_its_articles(previews):
    preview = previews["plans/decision-wrapper-ocr.txt"]
    meta = preview.meta
    assert meta.title == "Cải cách hành chính năm 2021 của Sở Công Thương"
    assert (meta.number, meta.issued_on.isoformat(), meta.year, meta.kind) == ("105/QĐ-SCT", "2021-06-16", 2021,
                                                                               "annual")
    assert [r.number for r in meta.basis] == ["76/NQ-CP", "3521/KH-UBND"]  # the decision's căn cứ
    tree = build_tree(preview.lines)
    texts = [t.line.text for a in tree.areas for t in a.tasks] + [n.text for n in tree.notes]
    assert not any(t.startswith(("Điều", "GIÁM ĐỐC", "Theo đề nghị")) for t in texts)
    assert [a.line.standard_area for a in tree.areas] == [1, 2, 3]  # "Cäi cách thể chế", "tô chức bộ máy"
    assert tree.areas[0].line.text == "Cäi cách thể chế"  # recognised through the noise, kept as written
    assert [n.text for n in tree.notes][:1] == ["Thực hiện có hiệu quả các nhiệm vụ cäi cách hành chính của tỉnh "
                                                "năm 2021."]


def test_ocr_garbled_date_still_gives_the_year():
    from app.plans.importer.extract import extract_text
    text = ("CÓNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/KH-SCT\nĐồng Nai, ngày f6 tháng năm 2021\nKÉ HOẠCH\n"
            "Tuyên truyền cải cách hành chính\nIl. NHIỆM VỤ\n1. Cải cách thể chế\n- Rà soát văn bản.\n")
    preview = parse_extracted(extract_text(text), UNITS)
    assert (preview.meta.title, preview.meta.year, preview.meta.issued_on) == (
        "Tuyên truyền cải cách hành chính", 2021, None)
    assert build_tree(preview.lines).counts()["tasks"] == 1


@pytest.mark.parametrize("text, expected", [
    ("Đồng Nai, ngày 16 thẳng 6 năm 2021", ("2021-06-16", 2021)), ("ngày 1O tháng 6 năm 2021", ("2021-06-10", 2021)),
    ("ngày f6 tháng năm 2021", (None, 2021)), ("ngày 31 tháng 2 năm 2021", (None, 2021)), ("Số: 12/KH", (None, None)),
])
def test_ocr_header_date(text, expected):
    from app.documents.ocr import header_date
    found, year = header_date(text)
    assert (found.isoformat() if found else None, year) == expected


@pytest.mark.parametrize("text, expected", [
    ("Il. MỤC ĐÍCH, YÊU CẦU", "II. MỤC ĐÍCH, YÊU CẦU"), ("l. NHIỆM VỤ", "I. NHIỆM VỤ"),
    ("1I. TỔ CHỨC THỰC HIỆN", "II. TỔ CHỨC THỰC HIỆN"), ("11. Cải cách thể chế", "11. Cải cách thể chế"),
    ("Il. mục đích", "Il. mục đích"),
])
def test_ocr_roman_heading(text, expected):
    from app.documents.ocr import roman_marker
    assert roman_marker(text) == expected


@pytest.mark.parametrize("text, kind", [("QUYÉT ĐỊNH", "Quyết định"), ("KÉ HOẠCH", "Kế hoạch"),
                                        ("QUYẾT ĐỊNH:", "Quyết định"), ("Kế hoạch", None),
                                        ("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026", None)])
def test_ocr_heading_kind(text, kind):
    from app.documents.ocr import heading_kind
    assert heading_kind(text) == kind
