"""The self-assessment report (app/assessment/report.py): its figures are the roll-up's, its table lists the
lĩnh vực with their tiêu chí and the appraisal rounds once they have scores, its explanations and the
Office's text; the .docx has the NĐ 30 head (reused from app/reports) and reads as its reader expects."""
import io
from datetime import date

from docx import Document

from app.assessment.links import tag_task
from app.assessment.models import IndexYear
from app.assessment.queries import criteria_of
from app.assessment.report import build_report_docx, compose_report
from app.extensions import db
from app.reports.wording import ReportSettings
from app.transactions import transaction
from tests.db.index_helpers import add_document, link, make_entry, make_index_year, set_scores

SELF = {"1.1.1": 4, "1.1.2": 1.5, "1.2": 3.5, "2.1": 80, "T.1": 1, "TR.1": 2}


def scored_year(**rounds):
    criteria = make_index_year(2026)
    set_scores(criteria, self_score=SELF,
               self_note={"1.1.2": "Kế hoạch thực hiện đạt 75%, chưa có văn bản đánh giá cuối năm."}, **rounds)
    return db.session.merge(criteria["1"].index_year)


def test_the_table_carries_the_roll_up_for_self_only_until_appraisal(app):
    report = compose_report(scored_year(), ReportSettings(), date(2026, 12, 4))
    assert report.rounds == ["self"]
    table = {(row.code, row.title): row.points for row in report.rows}
    assert table[("1", "Công tác chỉ đạo, điều hành CCHC")] == [9.0]  # 4 + 1,5 + 3,5
    assert table[("1.1", "Kế hoạch CCHC năm")] == [5.5]
    assert table[("", "Điểm các lĩnh vực")] == [89.0]
    assert table[("T", "Điểm thưởng")] == [1.0] and table[("TR", "Điểm trừ")] == [2.0]
    assert table[("", "Tổng điểm")] == [88.0]
    assert [row.code for row in report.rows] == ["1", "1.1", "1.2", "2", "2.1", "", "T", "T.1", "TR", "TR.1", ""]


def test_appraisal_rounds_appear_once_scored(app):
    report = compose_report(scored_year(appraisal1_score={"1.1.1": 3, "2.1": 70}), ReportSettings())
    assert report.rounds == ["self", "appraisal1"]
    assert report.rows[-1].points == [88.0, 73.0]


def test_docx_reads_as_a_report(app):
    index_year = scored_year(explanation={"2.1": "Bổ sung báo cáo số 45/BC-SCT về hồ sơ trễ hạn."})
    with transaction():
        index_year = db.session.merge(index_year)
        index_year.source = "Quyết định số 1234/QĐ-UBND ngày 15/3/2026 của UBND tỉnh"
        index_year.report_difficulties = "Một số tiêu chí chưa có hướng dẫn tài liệu kiểm chứng."
    report = compose_report(db.session.merge(index_year), ReportSettings(signer_name="Nguyễn Văn A"),
                            date(2026, 12, 4))
    doc = Document(io.BytesIO(build_report_docx(report)))
    text = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in text and "Kết quả tự đánh giá, chấm điểm Chỉ số CCHC năm 2026" in text
    assert "Căn cứ Quyết định số 1234/QĐ-UBND ngày 15/3/2026 của UBND tỉnh, Sở Công Thương đã tự đánh giá, " \
           "chấm điểm Chỉ số cải cách hành chính năm 2026 và báo cáo kết quả như sau:" in text
    assert "Tổng điểm tự đánh giá: 88/100 điểm, gồm: điểm các lĩnh vực 89 điểm; điểm thưởng 1 điểm; " \
           "điểm trừ 2 điểm." in text
    for heading in ("I. KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM", "II. GIẢI TRÌNH CÁC TIÊU CHÍ",
                    "III. KHÓ KHĂN, VƯỚNG MẮC", "IV. ĐỀ XUẤT, KIẾN NGHỊ"):
        assert heading in text
    assert "1.1.2. Mức độ thực hiện kế hoạch (tự chấm 1,5/2 điểm)" in text
    assert "Giải trình: Kế hoạch thực hiện đạt 75%, chưa có văn bản đánh giá cuối năm." in text
    assert "Giải trình theo ý kiến thẩm định: Bổ sung báo cáo số 45/BC-SCT về hồ sơ trễ hạn." in text
    assert "Một số tiêu chí chưa có hướng dẫn tài liệu kiểm chứng." in text
    assert text[text.index("IV. ĐỀ XUẤT, KIẾN NGHỊ") + 1] == "Không có."
    header, scores, signature = doc.tables[0], doc.tables[1], doc.tables[2]
    assert "Đồng Nai, ngày 04 tháng 12 năm 2026" in header.cell(0, 1).text
    assert [c.text for c in scores.rows[0].cells] == ["Mã", "Lĩnh vực, tiêu chí", "Điểm tối đa", "Tự chấm"]
    assert [c.text.strip() for c in scores.rows[-1].cells] == ["", "Tổng điểm", "100", "88"]
    assert [c.text for c in scores.rows[2].cells] == ["1.1", "Kế hoạch CCHC năm", "6", "5,5"]
    assert "Nguyễn Văn A" in signature.cell(0, 1).text and "Nơi nhận:" in signature.cell(0, 0).text


def test_the_report_cites_each_criterions_documents_those_of_its_tasks_too(app, org):
    criteria = make_index_year(2026)
    entry = make_entry(org)  # its task: "Xây dựng kế hoạch CCHC năm"
    plan_doc = add_document(entry, org.ttr, b"%PDF ke hoach", "639/KH-SCT", date(2026, 1, 23), issuer="Sở Công Thương")
    report_doc = add_document(entry, org.ttr, b"%PDF bao cao", "20/BC-SCT", date(2026, 3, 10))
    link(criteria["1.1.1"], plan_doc)
    with transaction():
        tag_task(org.office, db.session.merge(criteria["1"].index_year), entry.task, "1.1.1")
    index_year = db.session.merge(criteria["1"].index_year)
    report = compose_report(index_year, ReportSettings(), date(2026, 12, 4))
    via = f"(qua nhiệm vụ {entry.task.code} Xây dựng kế hoạch CCHC năm)"
    assert report.documents == [("1.1.1", ["639/KH-SCT ngày 23/01/2026 của Sở Công Thương",  # once: direct
                                           f"20/BC-SCT ngày 10/03/2026 {via}"])]
    doc = Document(io.BytesIO(build_report_docx(report)))
    body = [el for el in doc.element.body.iterchildren() if el.tag.endswith(("}p", "}tbl"))]
    lines = [el.xpath("string(.)") if el.tag.endswith("}p") else "<table>" for el in body]
    listed = lines.index("Tài liệu kiểm chứng của các tiêu chí:")
    assert lines[listed - 1] == "<table>"  # right after the score table, 6 pt below its border
    assert next(p for p in doc.paragraphs if p.text == lines[listed]).paragraph_format.space_before.pt == 6
    assert lines[listed + 1] == f"1.1.1: 639/KH-SCT ngày 23/01/2026 của Sở Công Thương; 20/BC-SCT ngày 10/03/2026 {via}."
    assert lines[listed + 2] == "II. GIẢI TRÌNH CÁC TIÊU CHÍ"


def test_the_closing_line_stays_on_the_page_of_the_signature(app, tmp_path):
    """Rendered by LibreOffice: with 26 lines of proposals the closing line fell at the foot of page 2 and
    "Nơi nhận" and the signer on page 3 (and with none, at the foot of page 1); kept together now."""
    from pypdf import PdfReader

    from tests.db.test_report_libreoffice import convert

    year = scored_year()
    for lines in (0, 26):
        with transaction():
            db.session.merge(year).report_proposals = "\n".join(
                "- Đề nghị Sở Nội vụ tổ chức tập huấn về tài liệu kiểm chứng." for _ in range(lines))
        path = tmp_path / f"bao-cao-{lines}.docx"
        path.write_bytes(build_report_docx(compose_report(db.session.merge(year), ReportSettings())))
        pages = [page.extract_text() for page in PdfReader(convert(path, "pdf", tmp_path)).pages]
        closing = [i for i, text in enumerate(pages) if "Trên đây là báo cáo" in text]
        signed = [i for i, text in enumerate(pages) if "Nơi nhận" in text]
        assert closing == signed == [len(pages) - 1], (lines, closing, signed)


def test_the_report_is_signed_by_the_signer_of_the_years_latest_periodic_report(app, org):
    """The Office chooses who signs on a periodic report's draft (app/reports); the year's self-assessment report
    is signed by the signer of the latest period's department-wide draft, still an active leader; with none, by
    the configuration's signer."""
    from app.org.models import SUPERVISOR
    from app.reports import services
    from tests.factories import make_period, make_user

    def signature(settings=ReportSettings(signer_name="Nguyễn Văn A")) -> list[str]:
        document = Document(io.BytesIO(build_report_docx(compose_report(db.session.merge(year), settings))))
        return [p.text for p in document.tables[-1].rows[0].cells[1].paragraphs if p.text]

    year = scored_year()
    assert signature() == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"]  # no draft names a signer
    director = make_user(org.bgd, [SUPERVISOR], "giamdoc", full_name="Trần Quang Vinh")
    first, second = make_period("q1", 2026), make_period("h1", 2026)
    with transaction():
        director.job_title, director.supervises_all = "Giám đốc Sở", True
        org.supervisor.job_title, org.supervisor.full_name = "Phó Giám đốc Sở", "Phạm Minh Đức"
        for period, signer in ((first, org.supervisor), (second, director)):
            draft = services.generate_draft(org.office, period, None, ReportSettings())
            services.update_draft_details(org.office, draft, "", None, signer_id=str(signer.id))
    assert signature() == ["GIÁM ĐỐC", "Trần Quang Vinh"]  # 6 tháng: the latest period
    with transaction():
        db.session.merge(director).active = False  # no longer signs: the period before's signer
    assert signature() == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phạm Minh Đức"]


def test_the_demo_index_report_is_signed_as_its_periodic_reports(demo_app):
    """The demo's periodic reports are signed by the deputy director (flask demo); its self-assessment report,
    downloaded as the Office does, carries the same signer, and the page says who signs and why."""
    from tests.signin import sign_in

    client = sign_in(demo_app, "vanphong", "cchc@2026")
    response = client.get("/index/2026/report.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    right = document.tables[-1].rows[0].cells[1]
    assert [p.text for p in right.paragraphs if p.text] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phạm Minh Đức"]
    page = " ".join(client.get("/index/2026/exports").get_data(as_text=True).split())
    assert "Người ký: <strong>Phạm Minh Đức</strong> (KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC), người ký báo cáo CCHC" in page


def test_the_demo_index_reports_explanations_each_name_their_document(demo_app):
    """The demo's giải trình name the document each criterion asks for: never the same sentence twice."""
    report = compose_report(db.session.scalar(db.select(IndexYear).where(IndexYear.year == 2026)),
                            ReportSettings.from_config(demo_app.config))
    notes = [item.self_note for item in report.explanations]
    assert notes and len(set(notes)) == len(notes), notes
    criteria = {c.code: c for c in criteria_of(report.index_year)}
    for item in report.explanations:
        asked = criteria[item.code].evidence_asked.rstrip(". ")
        assert asked[:1].lower() + asked[1:] in item.self_note, (item.code, item.self_note)
