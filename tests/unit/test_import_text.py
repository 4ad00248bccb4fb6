"""Import, step 1: text clean-up, page furniture and paragraphs rebuilt with their numbering."""
import pytest

from app.documents.text import clean_line
from app.plans.importer.extract import extract_text
from app.plans.importer.outline import (
    ARABIC, BULLET, DASH, DECIMAL, LETTER, PLAIN, PLUS, ROMAN, RawLine, build_paragraphs, parse_marker,
)
from app.plans.importer.text import (
    is_page_number, is_running_header, running_headers, unreadable_reason,
)


@pytest.mark.parametrize(("extracted", "expected"), [
    ("Cải cách thủ tục hành chính của Sở Công Thƣơng", "Cải cách thủ tục hành chính của Sở Công Thương"),
    ("TRƢỞNG PHÒNG", "TRƯỞNG PHÒNG"),
    ("ngƣời dân, doanh nghiệp", "người dân, doanh nghiệp"),
    ("Ðồng Nai, ngày 23 tháng 01 năm 2026", "Đồng Nai, ngày 23 tháng 01 năm 2026"),
    ("ðơn vị chủ trì", "đơn vị chủ trì"),
    ("trả kết quả TTHС", "trả kết quả TTHC"),  # Cyrillic С inside a Latin abbreviation
    ("Sở Công Thương", "Sở Công Thương"),  # decomposed diacritics → NFC
    ("Thanh\u00a0tra   Sở\t", "Thanh tra Sở"),
    ("Kế\u200bhoạch\x07", "Kếhoạch"),
])
def test_clean_line_repairs_extraction_glitches(extracted, expected):
    assert clean_line(extracted) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("3", True), ("- 12 -", True), ("Trang 4", True), ("4/16", True),
    ("2020.", False), ("99%", False), ("6 tháng", False), ("2021", False),
])
def test_page_numbers(text, expected):
    assert is_page_number(text) is expected


def test_running_header_is_found_only_at_page_edges():
    pages = [["Kế hoạch CCHC năm 2022", "Nội dung trang", "a) Mục tiêu", "- nội dung", "Cuối trang", str(n)]
             for n in range(1, 6)]
    keys = running_headers(pages)
    assert is_running_header("Kế hoạch CCHC năm 2022", keys)
    assert not is_running_header("a) Mục tiêu", keys)  # repeated in the body, never at a page's edge


@pytest.mark.parametrize(("text", "unreadable"), [
    ("Cải cách thủ tục hành chính", False),
    ("đoạn 2026-2030.", False),
    ("Ki\ufffdm so\ufffdt th\ufffd t\ufffdc", True),
    ("\ue000\ue001\ue002 hành chính", True),
    ("~|¦» ¬¤ ¦|~ ¤¬»", True),
])
def test_unreadable_lines_are_flagged(text, unreadable):
    assert (unreadable_reason(text) is not None) is unreadable


@pytest.mark.parametrize(("line", "style", "marker", "rest"), [
    ("I. MỤC TIÊU VÀ YÊU CẦU", ROMAN, "I", "MỤC TIÊU VÀ YÊU CẦU"),
    ("IV. TỔ CHỨC THỰC HIỆN", ROMAN, "IV", "TỔ CHỨC THỰC HIỆN"),
    ("2. Cải cách thủ tục hành chính", ARABIC, "2", "Cải cách thủ tục hành chính"),
    ("1.1. Mục tiêu:", DECIMAL, "1.1", "Mục tiêu:"),
    ("2.1 Văn phòng Sở", DECIMAL, "2.1", "Văn phòng Sở"),
    ("a) Kiểm soát thủ tục hành chính", LETTER, "a", "Kiểm soát thủ tục hành chính"),
    ("đ) Tiếp tục", LETTER, "đ", "Tiếp tục"),
    ("- Rà soát, cập nhật", DASH, "-", "Rà soát, cập nhật"),
    ("– Rà soát", DASH, "–", "Rà soát"),
    ("+ Tiến hành rà soát", PLUS, "+", "Tiến hành rà soát"),
    ("• Công khai thủ tục", BULLET, "•", "Công khai thủ tục"),
    ("2020.", PLAIN, "", "2020."),  # a year ending a wrapped sentence, not item 2020
    ("76/NQ-CP: Tiếp tục xây dựng", PLAIN, "", "76/NQ-CP: Tiếp tục xây dựng"),
    ("6 tháng, 9 tháng, năm", PLAIN, "", "6 tháng, 9 tháng, năm"),
    ("IIV. không phải số La Mã", PLAIN, "", "IIV. không phải số La Mã"),
])
def test_numbering_styles(line, style, marker, rest):
    assert parse_marker(line) == (style, marker, rest)


def _paragraphs(text):
    return [(p.style, p.text) for p in build_paragraphs(extract_text(text).lines)]


def test_wrapped_lines_are_joined_back():
    text = ("- Tỷ lệ giải quyết hồ sơ đúng hạn và trước hạn của Sở Công Thương đạt tối thiểu\n\n"
            "99%; Mức độ hài lòng của người dân, doanh nghiệp về giải quyết thủ tục hành\n\n"
            "chính đạt tối thiểu 95%.\n\n- Dòng sau.")
    assert _paragraphs(text) == [
        (DASH, "Tỷ lệ giải quyết hồ sơ đúng hạn và trước hạn của Sở Công Thương đạt tối thiểu 99%; Mức độ hài "
               "lòng của người dân, doanh nghiệp về giải quyết thủ tục hành chính đạt tối thiểu 95%."),
        (DASH, "Dòng sau."),
    ]


def test_heading_split_over_two_lines_is_one_heading():
    text = ("1. Tăng cường công tác chỉ đạo, điều hành việc triển khai thực hiện cải cách\n"
            "hành chính:\n- Phân công rõ thẩm quyền.")
    assert _paragraphs(text)[0] == (ARABIC, "Tăng cường công tác chỉ đạo, điều hành việc triển khai thực hiện cải "
                                            "cách hành chính:")


def test_a_dash_inside_a_wrapped_sentence_is_not_an_item():
    text = ("- Góp phần thúc đẩy phát triển kinh tế\n- xã hội trên địa bàn tỉnh theo đúng định hướng chung của Sở\n"
            "- Dòng mới.")
    assert [s for s, _ in _paragraphs(text)] == [DASH, DASH]
    assert _paragraphs(text)[0][1] == ("Góp phần thúc đẩy phát triển kinh tế - xã hội trên địa bàn tỉnh theo đúng "
                                       "định hướng chung của Sở")


def test_a_number_cut_at_its_hyphen_is_rejoined():
    text = "- Thực hiện Nghị quyết số 45-\nNQ/TW ngày 24/01/2019 của Bộ Chính trị."
    assert "45-NQ/TW" in _paragraphs(text)[0][1]


def test_title_and_basis_are_separate_paragraphs():
    text = ("KẾ HOẠCH\nCải cách hành chính của Sở Công Thương năm 2022\n"
            "Căn cứ Chương trình số 5720/CTr-SCT ngày 18/10/2021 cải cách hành chính của\n"
            "Sở Công Thương giai đoạn 2021-2030.\nI. MỤC TIÊU")
    assert [t for _, t in _paragraphs(text)] == [
        "KẾ HOẠCH", "Cải cách hành chính của Sở Công Thương năm 2022",
        "Căn cứ Chương trình số 5720/CTr-SCT ngày 18/10/2021 cải cách hành chính của Sở Công Thương giai đoạn "
        "2021-2030.", "MỤC TIÊU"]


def test_docx_paragraphs_are_kept_unless_a_sentence_visibly_breaks():
    lines = [RawLine(1, "Nâng cao chất lượng công tác tham mưu", paragraph_start=True),
             RawLine(2, "xây dựng văn bản quy phạm pháp luật.", paragraph_start=True),
             RawLine(3, "Tăng cường kiểm tra", paragraph_start=True)]
    assert [p.text for p in build_paragraphs(lines, paragraphs_given=True)] == [
        "Nâng cao chất lượng công tác tham mưu xây dựng văn bản quy phạm pháp luật.", "Tăng cường kiểm tra"]
