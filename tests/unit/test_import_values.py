"""Import, step 2: values read from the text — target values, areas, units, metadata and căn cứ."""
from datetime import date

import pytest

from app.documents.citations import parse_references
from app.plans.importer.areas import areas_mentioned, standard_area_of
from app.plans.importer.attributes import units_in_text
from app.plans.importer.metadata import parse_number_line, year_or_period
from app.plans.importer.targets import Measure, goal_text, parse_measure, split_targets
from app.plans.importer.units import UnitRef, cooperating_units, match_unit, split_units

UNITS = [UnitRef(1, "Văn phòng Sở", "VP"), UnitRef(2, "Thanh tra Sở", "TTr"),
         UnitRef(3, "Phòng Kế hoạch - Tài chính - Tổng hợp", "KH-TC-TH"), UnitRef(4, "Ban Giám đốc Sở", "BGĐ"),
         UnitRef(5, "Phòng Quản lý Công nghiệp", "QLCN"), UnitRef(6, "Phòng Quản lý Thương mại", "QLTM")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Tỷ lệ giải quyết hồ sơ đúng hạn và trước hạn của Sở Công Thương đạt tối thiểu 99%",
     Measure("percent", ">=", 99, "%")),
    ("100% thủ tục hành chính được công bố, công khai đầy đủ", Measure("percent", "=", 100, "%")),
    ("Tiếp tục giảm bình quân 10% biên chế sự nghiệp hưởng lương từ ngân sách nhà nước so với năm 2025.",
     Measure("percent", ">=", 10, "% (giảm so với năm 2025)")),
    ("Giảm bình quân 15% chi trực tiếp từ ngân sách nhà nước so với giai đoạn 2021 - 2025.",
     Measure("percent", ">=", 15, "% (giảm so với giai đoạn 2021 - 2025)")),
    ("Giảm thời gian chờ đợi tại Bộ phận Một cửa của Sở xuống trung bình còn tối đa 30 phút/1lần đến giao dịch",
     Measure("duration", "<=", 30, "phút")),
    ("Chỉ số cải cách hành chính (PAR INDEX) của Sở trong tốp 10 các sở, ngành", Measure("rank", "<=", 10, "")),
    ("Chỉ số SIPAS đạt trên 90%", Measure("percent", ">=", 90, "%")),
    ("Tỷ lệ giao dịch thanh toán trực tuyến đạt từ 50% trở lên", Measure("percent", ">=", 50, "%")),
    ("Tỷ lệ hồ sơ trễ hạn không quá 2%", Measure("percent", "<=", 2, "%")),
    ("Mức độ hài lòng đạt 92,5%", Measure("percent", ">=", 92.5, "%")),
    ("Tổ chức tối thiểu 02 cuộc kiểm tra cải cách hành chính", Measure("count", ">=", 2, "cuộc")),
    ("Thời gian giải quyết hồ sơ không quá 5 ngày làm việc", Measure("duration", "<=", 5, "ngày làm việc")),
])
def test_measurable_targets_are_parsed(text, expected):
    measure, warning = parse_measure(text)
    assert (measure, warning) == (expected, None)


@pytest.mark.parametrize(("text", "expected"), [
    ("Xây dựng đội ngũ cán bộ, công chức chuyên nghiệp", None),
    ("Tiếp tục thực hiện Nghị định số 107/2020/NĐ-CP ngày 14/9/2020", None),  # numbers, but no value
    ("100% thủ tục hành chính thuộc thẩm quyền giải quyết của Sở được cung cấp trực tuyến mức độ 3 và 4",
     Measure("percent", "=", 100, "%")),
])
def test_text_without_a_value_gets_none_or_only_the_percentage(text, expected):
    measure, warning = parse_measure(text)
    assert warning is None
    assert measure == expected


@pytest.mark.parametrize("text", [
    "100% công chức, tối thiểu 95% viên chức được bố trí đúng theo tiêu chuẩn",
    "Tỷ lệ đạt 120% kế hoạch",
    "Tối đa 30 phút và tối thiểu 95% hài lòng",
])
def test_an_unreadable_number_gives_a_text_target_and_a_warning(text):
    measure, warning = parse_measure(text)
    assert measure is None
    assert warning


def test_a_line_with_several_measurable_clauses_gives_one_target_each():
    parts = split_targets("100% thủ tục hành chính đủ điều kiện được cung cấp dịch vụ công mức độ 3, mức độ 4; "
                          "100% các dịch vụ công trực tuyến có yêu cầu nghĩa vụ tài chính được triển khai thanh "
                          "toán trực tuyến; tỷ lệ giao dịch thanh toán trực tuyến đạt tối thiểu 20% tại cấp sở.")
    assert [goal_text(m) for _, m, _ in parts] == ["= 100%", "= 100%", "≥ 20%"]
    assert parts[2][0].startswith("Tỷ lệ giao dịch")


def test_a_clause_without_value_stays_with_the_one_before():
    parts = split_targets("Tối thiểu 98% phản ánh được xử lý; bảo đảm đúng quy định; Tỷ lệ hài lòng đạt tối thiểu 95%.")
    assert [t for t, _, _ in parts] == ["Tối thiểu 98% phản ánh được xử lý; bảo đảm đúng quy định",
                                        "Tỷ lệ hài lòng đạt tối thiểu 95%"]


@pytest.mark.parametrize(("title", "code"), [
    ("Cải cách thể chế", 1),
    ("Cải cách thủ tục hành chính", 2), ("Cải cách TTHC", 2),
    ("Cải cách tổ chức bộ máy hành chính nhà nước", 3), ("Cải cách tổ chức bộ máy", 3),
    ("Cải cách chế độ công vụ", 4),
    ("Cải cách tài chính công", 5),
    ("Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", 6),
    ("Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", 6),
    ("XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN SỐ", 6),
    ("Công tác chỉ đạo, điều hành thực hiện cải cách hành chính", None),
    ("Thông tin, tuyên truyền", None),
])
def test_area_titles_map_to_the_standard_six(title, code):
    assert standard_area_of(title) == code


def test_areas_mentioned_in_a_sentence_of_the_organisation_part():
    areas = [(10, 1, "Cải cách thể chế"), (20, 3, "Cải cách tổ chức bộ máy"), (30, 4, "Cải cách chế độ công vụ"),
             (40, 6, "Chính phủ số"), (70, None, "Công tác chỉ đạo, điều hành")]
    text = ("Tham mưu Sở Công Thương triển khai các nội dung về chỉ đạo điều hành cải cách tổ chức bộ máy hành "
            "chính, cải cách chế độ công vụ; xây dựng chính quyền điện tử.")
    assert areas_mentioned(text, areas) == [70, 20, 30, 40]
    assert areas_mentioned("Tổng hợp báo cáo cải cách hành chính định kỳ", areas) == []


@pytest.mark.parametrize(("text", "short_name"), [
    ("Thanh tra Sở", "TTr"), ("Thanh tra", "TTr"), ("Văn phòng Sở", "VP"), ("Văn phòng", "VP"), ("VP", "VP"),
    ("Phòng Kế hoạch - Tài chính - Tổng hợp", "KH-TC-TH"),
    ("phòng Kế hoạch – Tài chính – Tổng hợp", "KH-TC-TH"),  # en dashes, lower-case p
    ("Phòng KH-TC-TH", "KH-TC-TH"), ("KH-TC-TH", "KH-TC-TH"), ("Phòng KHTCTH", "KH-TC-TH"),
    ("Phòng Kế hoạch - Tài chính - Tổng hợp (KH-TC-TH):", "KH-TC-TH"),
    ("Phòng Quản lý Công nghiệp", "QLCN"), ("Phòng QLCN", "QLCN"), ("phong quan ly cong nghiep", "QLCN"),
    ("Sở Nội vụ", None), ("Các phòng chuyên môn, đơn vị thuộc Sở", None), ("Phòng", None), ("Phòng Quản lý", None),
])
def test_unit_names_and_abbreviations_match_the_departments_units(text, short_name):
    unit = match_unit(text, UNITS)
    assert (unit.short_name if unit else None) == short_name


def test_cooperating_units_after_phoi_hop_voi():
    units, unknown = cooperating_units("Chủ trì, phối hợp với Văn phòng Sở, Thanh tra Sở thực hiện công tác tuyên "
                                       "truyền", UNITS)
    assert [u.short_name for u in units] == ["VP", "TTr"] and unknown == []
    assert cooperating_units("Chủ trì, phối hợp với các phòng, đơn vị có liên quan tổ chức thực hiện", UNITS) == ([], [])


@pytest.mark.parametrize(("text", "lead", "lead_name", "coop", "unknown"), [
    ("Văn phòng Sở chủ trì rà soát văn bản quy phạm pháp luật.", 1, "", [], []),
    ("Giao Thanh tra Sở tham mưu kiểm tra công vụ.", 2, "", [], []),
    ("Rà soát văn bản (Đơn vị chủ trì: TTr; đơn vị phối hợp: VP, KH-TC-TH).", 2, "", [1, 3], []),
    ("Rà soát văn bản. Đơn vị chủ trì: Thanh tra Sở, Văn phòng Sở.", 2, "", [1], []),  # the first leads
    ("Sở Tư pháp chủ trì rà soát văn bản; phối hợp: Phòng Quản lý điện năng.", None, "Sở Tư pháp", [],
     ["Phòng Quản lý điện năng"]),
    ("Rà soát văn bản quy phạm pháp luật.", None, "", [], []),
])
def test_the_units_a_tasks_text_names(text, lead, lead_name, coop, unknown):
    """The one rule of a task's units read from its text: when the document is read, and again when the
    Office edits the row (service.read_units_again)."""
    named = units_in_text(text, UNITS)
    assert (named.lead_unit_id, named.lead_name, named.cooperating_unit_ids, named.unknown_cooperating) == (
        lead, lead_name, coop, unknown)


def test_split_units_reports_the_names_it_cannot_match():
    units, unknown = split_units("Văn phòng Sở; Thanh tra Sở, Phòng Quản lý Năng lượng", UNITS)
    assert [u.short_name for u in units] == ["VP", "TTr"]
    assert unknown == ["Phòng Quản lý Năng lượng"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Thực hiện Kế hoạch số 16341/KH-UBND ngày 28/12/2021 của UBND tỉnh cải cách hành chính tỉnh Đồng Nai năm 2022; "
     "Sở Công Thương xây dựng Kế hoạch", [("Kế hoạch", "16341/KH-UBND", date(2021, 12, 28), "UBND tỉnh")]),
    ("Căn cứ Chương trình số 5720/CTr-SCT ngày 18/10/2021 cải cách hành chính của Sở Công Thương giai đoạn 2021-2030.",
     [("Chương trình", "5720/CTr-SCT", date(2021, 10, 18), "Sở Công Thương")]),
    ("Quyết định 3470/QĐ-UBND ngày 27/8/2025 của UBND thành phố Hải Phòng ban hành Kế hoạch",
     [("Quyết định", "3470/QĐ-UBND", date(2025, 8, 27), "UBND thành phố Hải Phòng")]),
    ("Nghị quyết số 45-NQ/TW ngày 24/01/2019 của Bộ Chính trị và Nghị định số 107/2021/NĐ-CP ngày 06/12/2021 "
     "của Chính phủ", [("Nghị quyết", "45-NQ/TW", date(2019, 1, 24), "Bộ Chính trị"),
                       ("Nghị định", "107/2021/NĐ-CP", date(2021, 12, 6), "Chính phủ")]),
    ("Nghị quyết số 76/NQ-CP của Chính phủ", [("Nghị quyết", "76/NQ-CP", None, "Chính phủ")]),
    ("Quyết định số 468/QĐ-TTg ngày 27/3/2021 phê duyệt đề án",
     [("Quyết định", "468/QĐ-TTg", date(2021, 3, 27), "Thủ tướng Chính phủ")]),
])
def test_basis_references_are_structured(text, expected):
    assert [(r.type, r.number, r.date, r.issuer) for r in parse_references(text)] == expected


@pytest.mark.parametrize(("line", "expected"), [
    ("Số: /KH-SCT Đồng Nai, ngày tháng năm", ("", "Đồng Nai", None)),
    ("Số: 639/KH-SCT Đồng Nai, ngày 23 tháng 01 năm 2026", ("639/KH-SCT", "Đồng Nai", date(2026, 1, 23))),
    ("Số: 12 /KH-SCT Hải Phòng, ngày 5 tháng 2 năm 2026", ("12/KH-SCT", "Hải Phòng", date(2026, 2, 5))),
])
def test_number_place_and_date(line, expected):
    assert parse_number_line(line) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("Cải cách hành chính của Sở Công Thương năm 2022", (2022, None, None)),
    ("Thực hiện Chương trình tổng thể cải cách hành chính nhà nước Sở Công Thương giai đoạn 2026-2030",
     (None, 2026, 2030)),
    ("Tuyên truyền cải cách hành chính", (None, None, None)),
])
def test_year_or_period_from_the_title(title, expected):
    assert year_or_period(title) == expected
