"""The header reader: số ký hiệu, ngày, cơ quan ban hành and trích yếu from a document's first page."""
import io
from datetime import date

import pytest

from app.demo.documents import make_demo_pdf
from app.documents.header import docx_first_page_text, parse_header, pdf_first_page_text, title_case
from app.plans.importer.metadata import parse_number_line
from tests.filegen import docx_bytes

# Columns one after the other (a header table read cell by cell, as python-docx gives it).
DECISION = """UBND TỈNH ĐỒNG NAI
SỞ CÔNG THƯƠNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 125/QĐ-SCT
Đồng Nai, ngày 12 tháng 3 năm 2026
QUYẾT ĐỊNH
Về việc ban hành Kế hoạch kiểm soát thủ tục hành chính
năm 2026 của Sở Công Thương
GIÁM ĐỐC SỞ CÔNG THƯƠNG TỈNH ĐỒNG NAI
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
"""

# Columns merged on one line, as a PDF text layer often gives them (seed 003), with the "ƣ" glitch.
MERGED = """ UBND TỈNH ĐỒNG NAI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM

SỞ CÔNG THƢƠNG  Độc lập - Tự do - Hạnh phúc

   ___________          ______________________
Số: 639/KH-SCT     Đồng Nai, ngày 23 tháng 01 năm 2026

KẾ HOẠCH

Cải cách hành chính ngành Công Thƣơng năm 2026

Thực hiện Kế hoạch số 228/KH-UBND ngày 25/12/2025 của UBND tỉnh về cải cách hành chính;
"""

LETTER = """ỦY BAN NHÂN DÂN
TỈNH ĐỒNG NAI
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập – Tự do – Hạnh phúc
Số: 1234/UBND-KTN
V/v tăng cường công tác kiểm soát
thủ tục hành chính năm 2026
Đồng Nai, ngày 5 tháng 4 năm 2026
Kính gửi: Các sở, ban, ngành tỉnh.
"""

REPORT_RIGHT_FIRST = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Đồng Nai, ngày 15 tháng 6 năm 2026
UBND TỈNH ĐỒNG NAI
SỞ CÔNG THƯƠNG
THANH TRA SỞ
Số: 07/BC-TTr
BÁO CÁO
Kết quả thực hiện công tác cải cách hành chính
6 tháng đầu năm 2026
I. KẾT QUẢ THỰC HIỆN
"""

DRAFT_NO_NUMBER = """ UBND TỈNH ĐỒNG NAI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ CÔNG THƯƠNG  Độc lập - Tự do - Hạnh phúc
Số:          /KH-SCT     Đồng Nai, ngày       tháng    năm
KẾ HOẠCH
Cải cách hành chính của Sở Công Thương năm 2022
Căn cứ Chương trình số 5720/CTr-SCT ngày 18/10/2021.
"""

MINISTRY = """BỘ CÔNG THƯƠNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 01/2026/TT-BCT
Hà Nội, ngày 08 tháng 01 năm 2026
THÔNG TƯ
Quy định chi tiết một số điều của Luật Quản lý ngoại thương
Căn cứ Luật Quản lý ngoại thương ngày 12 tháng 6 năm 2017;
"""

MERGED_TITLE = """UBND TỈNH ĐỒNG NAI
SỞ CÔNG THƯƠNG
Số: 88/TB-SCT
Đồng Nai, ngày 02 tháng 02 năm 2026
THÔNG BÁO Kết luận của Giám đốc Sở tại cuộc họp giao ban tháng 01/2026
1. Về công tác cải cách hành chính
"""


@pytest.mark.parametrize(("text", "expected"), [
    (DECISION, ("125/QĐ-SCT", date(2026, 3, 12), "Sở Công Thương", "Quyết định",
                "Về việc ban hành Kế hoạch kiểm soát thủ tục hành chính năm 2026 của Sở Công Thương")),
    (MERGED, ("639/KH-SCT", date(2026, 1, 23), "Sở Công Thương", "Kế hoạch",
              "Cải cách hành chính ngành Công Thương năm 2026")),
    (LETTER, ("1234/UBND-KTN", date(2026, 4, 5), "Ủy ban nhân dân tỉnh Đồng Nai", "Công văn",
              "V/v tăng cường công tác kiểm soát thủ tục hành chính năm 2026")),
    (REPORT_RIGHT_FIRST, ("07/BC-TTr", date(2026, 6, 15), "Thanh tra Sở", "Báo cáo",
                          "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2026")),
    (DRAFT_NO_NUMBER, ("", None, "Sở Công Thương", "Kế hoạch", "Cải cách hành chính của Sở Công Thương năm 2022")),
    (MINISTRY, ("01/2026/TT-BCT", date(2026, 1, 8), "Bộ Công Thương", "Thông tư",
                "Quy định chi tiết một số điều của Luật Quản lý ngoại thương")),
    (MERGED_TITLE, ("88/TB-SCT", date(2026, 2, 2), "Sở Công Thương", "Thông báo",
                    "Kết luận của Giám đốc Sở tại cuộc họp giao ban tháng 01/2026")),
], ids=["decision", "merged-columns", "letter", "right-column-first", "draft-without-number", "ministry",
        "title-on-kind-line"])
def test_parse_header_variants(text, expected):
    header = parse_header(text)
    assert (header.number, header.issued_on, header.issuer, header.kind, header.summary) == expected


def test_body_dates_and_numbers_are_not_taken_for_the_header():
    text = "Nội dung ghi chép\nThực hiện Kế hoạch số 639/KH-SCT ngày 23 tháng 01 năm 2026 của Sở Công Thương.\n"
    header = parse_header(text)
    assert header.number == ""
    assert not header.summary and not header.kind


def test_impossible_date_is_left_empty():
    header = parse_header("SỞ CÔNG THƯƠNG\nSố: 12/QĐ-SCT\nĐồng Nai, ngày 31 tháng 02 năm 2026\nQUYẾT ĐỊNH\nVề việc thử\n")
    assert header.issued_on is None
    assert header.number == "12/QĐ-SCT"


def test_spaced_number_and_decomposed_diacritics():
    import unicodedata

    text = unicodedata.normalize("NFD", "SỞ CÔNG THƯƠNG\nSố : 45 / KH-SCT\nĐồng Nai,  ngày  5  tháng  2  năm  2026\n")
    header = parse_header(text)
    assert header.number == "45/KH-SCT"
    assert header.issued_on == date(2026, 2, 5)
    assert header.issuer == "Sở Công Thương"


def test_empty_or_unrelated_text_gives_an_empty_header():
    assert not parse_header("")
    assert not parse_header("Danh sách người tham dự\nNguyễn Văn A\nTrần Thị B\n")


@pytest.mark.parametrize(("upper", "expected"), [
    ("SỞ CÔNG THƯƠNG", "Sở Công Thương"),
    ("UBND TỈNH ĐỒNG NAI", "UBND tỉnh Đồng Nai"),
    ("ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU", "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"),
    ("SỞ NỘI VỤ", "Sở Nội vụ"),
    ("THANH TRA SỞ", "Thanh tra Sở"),
    ("CHI CỤC QUẢN LÝ THỊ TRƯỜNG", "Chi cục Quản lý thị trường"),
    ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - thương binh và xã hội"),
    ("UBND THÀNH PHỐ HẢI PHÒNG", "UBND thành phố Hải Phòng"),
])
def test_issuer_is_written_as_in_a_sentence(upper, expected):
    assert title_case(upper) == expected


def test_reads_back_a_generated_pdf():
    data = make_demo_pdf("125/QĐ-SCT", date(2026, 3, 12), "Sở Công Thương", "QUYẾT ĐỊNH",
                         "Về việc ban hành Kế hoạch kiểm soát thủ tục hành chính năm 2026 của Sở Công Thương "
                         "tỉnh Đồng Nai", "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;")
    header = parse_header(pdf_first_page_text(io.BytesIO(data)))
    assert header.number == "125/QĐ-SCT"
    assert header.issued_on == date(2026, 3, 12)
    assert header.issuer == "Sở Công Thương"
    assert header.kind == "Quyết định"
    assert header.summary == ("Về việc ban hành Kế hoạch kiểm soát thủ tục hành chính năm 2026 của Sở Công "
                              "Thương tỉnh Đồng Nai")


def test_reads_back_a_generated_docx():
    data = docx_bytes(number="45/KH-SCT", issued="Đồng Nai, ngày 05 tháng 02 năm 2026", kind_title="KẾ HOẠCH",
                      summary="Tuyên truyền cải cách hành chính năm 2026")
    header = parse_header(docx_first_page_text(io.BytesIO(data)))
    assert (header.number, header.issued_on, header.issuer, header.kind, header.summary) == (
        "45/KH-SCT", date(2026, 2, 5), "Sở Công Thương", "Kế hoạch", "Tuyên truyền cải cách hành chính năm 2026")


def test_demo_pdf_pads_day_and_early_months():
    from app.demo.documents import place_and_date

    assert place_and_date("Đồng Nai", date(2026, 2, 5)) == "Đồng Nai, ngày 05 tháng 02 năm 2026"
    assert place_and_date("Đồng Nai", date(2026, 3, 12)) == "Đồng Nai, ngày 12 tháng 3 năm 2026"


@pytest.mark.parametrize(("seed", "expected"), [
    ("003_d958f12cb785401c.txt", ("", None, "Sở Công Thương", "Kế hoạch",
                                  "Cải cách hành chính của Sở Công Thương năm 2022")),
    ("004_d4ab5904f090353d.txt", ("", None, "", "Kế hoạch", "Thực hiện Chương trình tổng thể cải cách hành chính "
                                  "nhà nước Sở Công Thương giai đoạn 2026-2030")),
])
def test_real_plan_documents(seed, expected):
    """The text extracted from the real plans (an unnumbered draft; a plan whose header was cut)."""
    from pathlib import Path

    text = (Path(__file__).parent.parent / "data" / "seeds" / seed).read_text(encoding="utf-8")
    header = parse_header(text)
    assert (header.number, header.issued_on, header.issuer, header.kind, header.summary) == expected


@pytest.mark.parametrize(("line", "number"), [
    ("Số: 12/2026/QĐ-UBND", "12/2026/QĐ-UBND"), ("Số: 639/KH-SCT.", "639/KH-SCT"), ("Số:      /KH-SCT", ""),
])
def test_an_evidence_file_and_an_imported_plan_read_their_number_alike(line, number):
    """One reader of the NĐ 30 header: the plan importer's opening line and an evidence file's header."""
    place_date = "Đồng Nai, ngày 05 tháng 02 năm 2026"
    assert parse_number_line(f"{line}     {place_date}") == (number, "Đồng Nai", date(2026, 2, 5))
    assert parse_header(f"SỞ CÔNG THƯƠNG\n{line}\n{place_date}\nKẾ HOẠCH\nCải cách\n").number == number
