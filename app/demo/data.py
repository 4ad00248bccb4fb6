"""The demo department's data: its units, one account per role, and three real plans.

The plans are taken from the real documents in ``tests/data/seeds/`` (see
``tests/cli/test_demo.py``, which checks every target, task and sub-item
against them):

- ``ctr2030``: the department's 2021–2030 CCHC programme (Chương trình số
  5720/CTr-SCT ngày 18/10/2021, cited by seed 003), with the targets to 2030 and
  the recurring tasks of seed 004 (the 2026–2030 programme plan; "thành phố"
  adapted to "tỉnh");
- ``kh2026``: the 2026 annual plan (Kế hoạch số 639/KH-SCT ngày 23/01/2026,
  seed 000), whose targets and tasks are those of the 2022 annual plan of seed
  003 §II carried into 2026 (same figures; the year and the provincial plan it
  implements updated), with the focal and lead units of seed 003 §IV. Most
  tasks are recurring; the dated ones are listed here in the order of their
  deadlines;
- ``tt2026``: a draft thematic communication plan (seed 003 §7.2, seed 004 §III.2).

A few typing errors of the originals are corrected ("tin gọn" → "tinh gọn",
"ISO 9011" → "ISO 9001", "liên giải quyết" → "liên quan đến giải quyết").

The dates here are those of 2026. dates.py moves them to the day the demo is
loaded: the annual and thematic plans become that year's, and the deadlines are
spread around the day (some past, some within a week, the rest later).
"""
from datetime import date

DEMO_PASSWORD = "cchc@2026"
PLAN_AUTHOR = "vanphong"
# The plan the demo reports on (the periods of the year so far: progress.py).
REPORTING_PLAN = "kh2026"

UNITS = [
    {"name": "Ban Giám đốc Sở", "short_name": "BGĐ", "kind": "lanh_dao"},
    {"name": "Văn phòng Sở", "short_name": "VP", "kind": "van_phong"},
    {"name": "Thanh tra Sở", "short_name": "TTr", "kind": "thanh_tra"},
    {"name": "Phòng Kế hoạch - Tài chính - Tổng hợp", "short_name": "KH-TC-TH", "kind": "phong"},
    {"name": "Phòng Quản lý Công nghiệp", "short_name": "QLCN", "kind": "phong"},
    {"name": "Phòng Quản lý Thương mại", "short_name": "QLTM", "kind": "phong"},
    {"name": "Phòng Quản lý Năng lượng", "short_name": "QLNL", "kind": "phong"},
    {"name": "Trung tâm Khuyến công và Xúc tiến thương mại", "short_name": "TTKC-XTTM", "kind": "su_nghiep"},
]

USERS = [
    {"username": "quantri", "full_name": "Nguyễn Văn An", "job_title": "Chuyên viên quản trị hệ thống",
     "unit": "VP", "roles": ["admin"]},
    {"username": "vanphong", "full_name": "Trịnh Thị Thủy", "job_title": "Chuyên viên Văn phòng, thư ký CCHC",
     "unit": "VP", "roles": ["office", "staff"]},
    {"username": "giamdoc", "full_name": "Trần Quang Vinh", "job_title": "Giám đốc Sở",
     "unit": "BGĐ", "roles": ["supervisor"]},
    {"username": "lanhdao", "full_name": "Phạm Minh Đức", "job_title": "Phó Giám đốc Sở",
     "unit": "BGĐ", "roles": ["supervisor"]},
    {"username": "thanhtra", "full_name": "Lê Thị Hồng Nhung", "job_title": "Thanh tra viên",
     "unit": "TTr", "roles": ["staff"]},
    {"username": "chanhthanhtra", "full_name": "Hoàng Văn Long", "job_title": "Chánh Thanh tra Sở",
     "unit": "TTr", "roles": ["unit_head"]},
    {"username": "khtc", "full_name": "Võ Thị Mai", "job_title": "Trưởng phòng Kế hoạch - Tài chính - Tổng hợp",
     "unit": "KH-TC-TH", "roles": ["unit_head"]},
    {"username": "congnghiep", "full_name": "Đặng Quốc Bảo", "job_title": "Chuyên viên Phòng Quản lý Công nghiệp",
     "unit": "QLCN", "roles": ["staff"]},
    # The Sở Nội vụ's appraisal team scores the index's appraisal rounds. The department has no unit of
    # another body: the account sits with the leadership's unit, which has no tasks and so no drafts to see.
    {"username": "thamdinh", "full_name": "Ngô Thị Thanh Hương",
     "job_title": "Chuyên viên Phòng Cải cách hành chính, Sở Nội vụ; thành viên Tổ thẩm định Chỉ số CCHC",
     "unit": "BGĐ", "roles": ["appraiser"]},
]
# The appraisal team's member who enters the appraisal rounds of the demo's 2025 index (index_scores.py).
APPRAISER = "thamdinh"

# -- helpers for the plan tables ---------------------------------------------------------

# The professional departments (phòng chuyên môn) that review their own procedures.
DEPTS = ["QLCN", "QLTM", "QLNL"]
# Every unit that carries out tasks (the leadership only directs and approves).
ALL_UNITS = ["VP", "TTr", "KH-TC-TH", "QLCN", "QLTM", "QLNL", "TTKC-XTTM"]


def _pct(text, value, responsible, unit="%", comparator=">="):
    """A percentage target: "100% …", "… đạt tối thiểu 99%", "giảm bình quân 10% …"."""
    return {"text": text, "metric_kind": "percent", "comparator": comparator, "target_value": value,
            "unit_of_measure": unit, "responsible": responsible}


def _done(text, responsible):
    """A target met by finishing something (Có / Không)."""
    return {"text": text, "metric_kind": "yes_no", "comparator": "=", "target_value": 1, "responsible": responsible}


def _goal(text, responsible):
    """A qualitative goal, not measured."""
    return {"text": text, "responsible": responsible}


def _others(*exclude):
    return [u for u in ALL_UNITS if u not in exclude]


# -- the plans --------------------------------------------------------------------------

PROGRAMME_2030 = {
    "key": "ctr2030", "kind": "programme", "status": "issued", "number": "5720/CTr-SCT",
    "issued_on": date(2021, 10, 18), "start_year": 2021, "end_year": 2030,
    "title": "Cải cách hành chính của Sở Công Thương giai đoạn 2021–2030",
    "basis": [
        "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách "
        "hành chính nhà nước giai đoạn 2021–2030",
    ],
    "areas": [
        {"name": "Cải cách thể chế", "standard_code": 1, "focal": "TTr",
         "targets": [
             _goal("Tham mưu xây dựng, hoàn thiện hệ thống văn bản quy phạm pháp luật của tỉnh thuộc lĩnh vực "
                   "công thương; góp phần nâng cao chất lượng thể chế kinh tế thị trường định hướng xã hội chủ "
                   "nghĩa, đồng bộ, hiện đại, hội nhập; tổ chức thi hành pháp luật nghiêm minh, hiệu quả, nâng cao "
                   "ý thức chấp hành pháp luật của tổ chức, cá nhân trong lĩnh vực công thương", "TTr"),
             _pct("Tham mưu rà soát, kiến nghị Bộ Công Thương, HĐND và UBND tỉnh sửa đổi, bổ sung, thay thế phù "
                  "hợp, kịp thời 100% các văn bản QPPL thuộc lĩnh vực công thương", 100, "TTr"),
         ],
         "tasks": [
             {"title": "Xây dựng, hoàn thiện hệ thống văn bản quy phạm pháp luật, thúc đẩy phát triển kinh tế, "
                       "xã hội của địa phương theo thể chế kinh tế thị trường định hướng xã hội chủ nghĩa",
              "items": ["Tiến hành rà soát toàn bộ các văn bản quy phạm pháp luật của tỉnh thuộc lĩnh vực công thương",
                        "Sửa đổi bổ sung các văn bản quy phạm pháp luật của tỉnh thuộc lĩnh vực công thương"],
              "lead": "TTr", "coop": DEPTS, "output": "Báo cáo kết quả rà soát; dự thảo văn bản QPPL",
              "targets": [0, 1]},
             {"title": "Nâng cao chất lượng công tác xây dựng văn bản quy phạm pháp luật",
              "detail": "Tăng cường kiểm tra, rà soát, hệ thống hóa văn bản quy phạm pháp luật, kịp thời phát hiện "
                        "và xử lý các quy định chồng chéo, mâu thuẫn, trái pháp luật, hết hiệu lực hoặc không còn "
                        "phù hợp.",
              "items": ["Định kỳ tiến hành tự kiểm tra văn bản quy phạm pháp luật thuộc lĩnh vực công thương do "
                        "Hội đồng nhân dân, Ủy ban nhân dân tỉnh ban hành"],
              "lead": "TTr", "coop": ["VP", *DEPTS], "output": "Báo cáo kết quả tự kiểm tra văn bản QPPL",
              "targets": [1]},
             {"title": "Rà soát, nghiên cứu sửa đổi bổ sung hoặc ban hành mới các Quyết định về quy định chức "
                       "năng, nhiệm vụ, tổ chức bộ máy và công tác cán bộ của Sở",
              "lead": "VP", "coop": ["TTr"], "output": "Quyết định"},
             {"title": "Thực hiện công tác kiểm tra chuyên ngành trong lĩnh vực công thương",
              "lead": "TTr", "coop": DEPTS, "output": "Kết luận kiểm tra"},
         ]},
        {"name": "Cải cách thủ tục hành chính", "standard_code": 2, "focal": "TTr",
         "targets": [
             _pct("100% thủ tục hành chính của Sở, có yêu cầu nghĩa vụ tài chính, được triển khai thanh toán "
                  "trực tuyến", 100, "TTr"),
             _pct("Tỷ lệ giao dịch thanh toán trực tuyến đạt từ 50% trở lên", 50, "TTr"),
             _pct("100% thủ tục hành chính của Sở có đủ điều kiện, được cung cấp trực tuyến, đồng thời, hoàn "
                  "thành việc tích hợp, cung cấp trên Cổng Dịch vụ công quốc gia", 100, "TTr"),
             _pct("Tỷ lệ hồ sơ giải quyết trực tuyến trên tổng số hồ sơ đạt tối thiểu 85%", 85, "TTr"),
             _goal("Thực hiện cắt giảm thời gian giải quyết thủ tục hành chính, chi phí tuân thủ thủ tục hành "
                   "chính liên quan đến hoạt động sản xuất, kinh doanh của doanh nghiệp và đời sống của người dân "
                   "thuộc phạm vi chức năng quản lý của Sở theo chỉ đạo của Trung ương và tỉnh", "TTr"),
             _pct("Mức độ hài lòng của người dân, doanh nghiệp về giải quyết thủ tục hành chính đạt tối thiểu 95%",
                  95, "TTr"),
         ],
         "tasks": [
             {"title": "Tham mưu thực hiện hiệu quả các Nghị định của Chính phủ về phân cấp, phân quyền, phân "
                       "định thẩm quyền trong lĩnh vực công nghiệp, thương mại: Nghị định số 139/2025/NĐ-CP và "
                       "Nghị định số 146/2025/NĐ-CP ngày 12/6/2025",
              "lead": "TTr", "coop": DEPTS, "output": "Báo cáo"},
             {"title": "Rà soát, đơn giản hóa thủ tục hành chính",
              "items": ["Rà soát, đánh giá thủ tục hành chính trong quá trình thực hiện; đề xuất loại bỏ các thành "
                        "phần hồ sơ không cần thiết, không hợp lý; tích hợp, cắt giảm mạnh các mẫu đơn, tờ khai và "
                        "các giấy tờ không cần thiết hoặc có nội dung thông tin trùng lặp trên cơ sở ứng dụng các "
                        "công nghệ số và các cơ sở dữ liệu sẵn có",
                        "Đề xuất cắt giảm, đơn giản hóa các quy định liên quan đến hoạt động kinh doanh, loại bỏ "
                        "các quy định không hợp pháp, không cần thiết, không hợp lý, bảo đảm thực chất",
                        "Triển khai Chương trình cắt giảm, đơn giản hóa các quy định liên quan đến hoạt động kinh "
                        "doanh giai đoạn 2026 - 2030"],
              "lead": "TTr", "coop": [*DEPTS, "TTKC-XTTM"], "output": "Phương án đơn giản hóa thủ tục hành chính",
              "targets": [4]},
             {"title": "Thực hiện Nghị định số 118/NĐ-CP ngày 09/6/2025 của Chính phủ về thực hiện thủ tục hành "
                       "chính theo cơ chế một cửa, một cửa liên thông tại Trung tâm Phục vụ hành chính công các "
                       "cấp và Cổng Dịch vụ công quốc gia",
              "lead": "TTr", "coop": ["VP", *DEPTS], "output": "Báo cáo", "targets": [0, 1, 2, 3]},
             {"title": "Thường xuyên, kịp thời cập nhật, công khai thủ tục hành chính dưới nhiều hình thức khác "
                       "nhau, tạo thuận lợi cho người dân, tổ chức tìm hiểu và thực hiện",
              "lead": "TTr", "coop": ["VP"], "output": "Thủ tục hành chính được công khai"},
             {"title": "Đẩy mạnh nghiên cứu, đề xuất giải pháp tháo gỡ các vướng mắc về cơ chế, chính sách, thủ "
                       "tục hành chính, thông qua tăng cường đối thoại, lấy ý kiến người dân, doanh nghiệp",
              "lead": "TTr", "coop": ["KH-TC-TH", *DEPTS], "output": "Báo cáo", "targets": [5]},
         ]},
        {"name": "Cải cách tổ chức bộ máy hành chính nhà nước", "standard_code": 3, "focal": "VP",
         "targets": [
             _goal("Tiếp tục rà soát chức năng, nhiệm vụ của cơ quan hành chính nhà nước, đơn vị sự nghiệp công "
                   "lập theo quy định", "VP"),
             _pct("Tiếp tục giảm bình quân 10% biên chế sự nghiệp hưởng lương từ ngân sách nhà nước so với năm "
                  "2025", 10, "VP", unit="% (giảm so với năm 2025)"),
             _pct("Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của Sở đạt tối thiểu 95%", 95, "VP"),
         ],
         "tasks": [
             {"title": "Triển khai có hiệu quả Nghị định số 150/2025/NĐ-CP ngày 12/6/2025 của Chính phủ quy định "
                       "tổ chức các cơ quan chuyên môn thuộc UBND tỉnh, thành phố trực thuộc trung ương và UBND "
                       "xã, phường, đặc khu thuộc tỉnh, thành phố trực thuộc trung ương",
              "detail": "Các chương trình kế hoạch của tỉnh về thực hiện các Nghị định của Chính phủ về thành lập, "
                        "tổ chức lại, giải thể đơn vị sự nghiệp công lập; Nghị định số 154/2025/NĐ-CP ngày "
                        "15/6/2025 quy định về tinh giản biên chế.",
              "lead": "VP", "coop": ["TTKC-XTTM"], "output": "Quyết định; Đề án", "targets": [0, 1]},
             {"title": "Tăng cường phân cấp cho các phòng, chi cục, đơn vị sự nghiệp gắn với quyền hạn và trách "
                       "nhiệm",
              "detail": "Khuyến khích sự năng động, sáng tạo và phát huy tính tích cực, chủ động trong thực hiện "
                        "nhiệm vụ quản lý nhà nước.",
              "lead": "VP", "coop": [*DEPTS, "TTKC-XTTM"], "output": "Quyết định phân cấp"},
             {"title": "Triển khai các biện pháp theo dõi, kiểm tra, giám sát hiệu quả việc thực hiện các nhiệm "
                       "vụ đã phân cấp",
              "lead": "VP", "coop": ["TTr"], "output": "Báo cáo"},
             {"title": "Nghiên cứu, triển khai các biện pháp đổi mới phương thức làm việc, nâng cao năng suất, "
                       "hiệu quả hoạt động trên cơ sở ứng dụng mạnh mẽ các tiến bộ khoa học và công nghệ, ứng dụng "
                       "công nghệ thông tin",
              "detail": "Tăng cường chỉ đạo, điều hành, xử lý công việc của cơ quan trên môi trường số, tổ chức "
                        "họp, hội nghị bằng hình thức trực tuyến, không giấy tờ.",
              "lead": "VP", "output": "Báo cáo", "targets": [2]},
         ]},
        {"name": "Cải cách chế độ công vụ", "standard_code": 4, "focal": "VP",
         "targets": [
             _goal("Xây dựng đội ngũ công chức, viên chức có năng lực thực tiễn, dám nghĩ, dám làm, dám chịu "
                   "trách nhiệm, dám đổi mới vì lợi ích chung; đảm bảo tỷ lệ cán bộ nữ, cán bộ trẻ, cán bộ đáp ứng "
                   "theo khung năng lực vị trí việc làm", "VP"),
             _goal("Xây dựng nền công vụ chuyên nghiệp, trách nhiệm, năng động và thực tài", "VP"),
             _goal("Xây dựng được đội ngũ cán bộ, công chức, viên chức chuyên nghiệp, có chất lượng cao, có số "
                   "lượng, cơ cấu hợp lý; đội ngũ cán bộ đủ phẩm chất, năng lực và uy tín, ngang tầm nhiệm vụ",
                   "VP"),
         ],
         "tasks": [
             {"title": "Cơ cấu, sắp xếp lại đội ngũ công chức, viên chức theo vị trí việc làm, khung năng lực, "
                       "bảo đảm đúng người, đúng việc, nâng cao chất lượng, hợp lý về cơ cấu",
              "lead": "VP", "coop": _others("VP"), "output": "Quyết định", "targets": [2]},
             {"title": "Đổi mới phương pháp, quy trình đánh giá, phân loại cán bộ, công chức, viên chức theo "
                       "hướng dân chủ, công khai, minh bạch, lượng hóa các tiêu chí đánh giá dựa trên kết quả thực "
                       "hiện nhiệm vụ và gắn với vị trí việc làm, thông qua công việc, sản phẩm cụ thể",
              "detail": "Khen thưởng kịp thời các công chức, viên chức hoàn thành xuất sắc nhiệm vụ được giao.",
              "lead": "VP", "coop": _others("VP"), "output": "Quy chế đánh giá, phân loại", "targets": [1]},
             {"title": "Tăng cường kỷ luật, kỷ cương hành chính trong hoạt động công vụ; nâng cao trách nhiệm "
                       "của người đứng đầu cơ quan, tổ chức, đơn vị trong công tác cán bộ và quản lý cán bộ",
              "detail": "Kịp thời phát hiện và xử lý nghiêm những người có sai phạm, kể cả khi đã chuyển công "
                        "tác hoặc nghỉ hưu.",
              "lead": "VP", "coop": ["TTr"], "output": "Báo cáo", "targets": [1]},
             {"title": "Tích cực cử cán bộ, công chức, viên chức tham gia đào tạo, bồi dưỡng nhằm nâng cao năng "
                       "lực, kỹ năng và phẩm chất cho đội ngũ cán bộ, công chức, viên chức gắn với vị trí việc làm",
              "lead": "VP", "coop": _others("VP"), "output": "Kế hoạch đào tạo, bồi dưỡng", "targets": [0]},
         ]},
        {"name": "Cải cách tài chính công", "standard_code": 5, "focal": "KH-TC-TH",
         "targets": [
             _goal("Nâng cao chất lượng xây dựng và thực hiện dự toán ngân sách hàng năm UBND tỉnh giao cho "
                   "ngành công thương theo hướng thiết thực, hiệu quả", "KH-TC-TH"),
             _goal("Đổi mới mạnh mẽ cơ chế phân bổ, sử dụng ngân sách nhà nước cho đơn vị sự nghiệp công lập "
                   "gắn với nhiệm vụ được giao và sản phẩm đầu ra, nhằm nâng cao tính tự chủ, tự chịu trách nhiệm "
                   "và thúc đẩy sự sáng tạo", "KH-TC-TH"),
             _pct("Giảm bình quân 15% chi trực tiếp từ ngân sách nhà nước cho đơn vị sự nghiệp công lập so với "
                  "giai đoạn 2021–2025", 15, "KH-TC-TH", unit="% (giảm so với giai đoạn 2021–2025)"),
         ],
         "tasks": [
             {"title": "Đổi mới cơ chế phân bổ, sử dụng ngân sách nhà nước; thực hiện công khai tài chính, phân "
                       "khai dự toán thu, chi ngân sách của Sở Công Thương hằng năm đến các đơn vị thụ hưởng kinh "
                       "phí để sớm triển khai thực hiện",
              "lead": "KH-TC-TH", "coop": ["VP", "TTKC-XTTM"], "output": "Quyết định giao dự toán; công khai "
              "tài chính", "targets": [0]},
             {"title": "Triển khai thực hiện nghiêm túc Nghị định số 60/2021/NĐ-CP ngày 21/6/2021 của Chính phủ "
                       "quy định cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập; Nghị định số "
                       "111/2025/NĐ-CP ngày 22/5/2025 của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số "
                       "60/2021/NĐ-CP",
              "items": ["Tham mưu xây dựng danh mục dịch vụ sự nghiệp công sử dụng ngân sách nhà nước, các định "
                        "mức kinh tế - kỹ thuật, định mức chi phí làm cơ sở cho việc ban hành đơn giá, giá dịch vụ "
                        "sự nghiệp công sử dụng ngân sách nhà nước theo quy định của pháp luật",
                        "Tham mưu xây dựng tiêu chí, tiêu chuẩn chất lượng dịch vụ sự nghiệp công sử dụng ngân "
                        "sách nhà nước; cơ chế giám sát, đánh giá, kiểm định chất lượng và quy chế kiểm tra, nghiệm "
                        "thu dịch vụ sự nghiệp công sử dụng ngân sách nhà nước thuộc phạm vi quản lý của Sở",
                        "Chuyển từ hỗ trợ theo cơ chế cấp phát bình quân sang cơ chế Nhà nước đặt hàng, giao nhiệm "
                        "vụ cung cấp dịch vụ sự nghiệp công căn cứ vào chất lượng đầu ra hoặc đấu thầu cung cấp "
                        "dịch vụ sự nghiệp công"],
              "lead": "KH-TC-TH", "coop": ["TTKC-XTTM"], "output": "Phương án tự chủ tài chính",
              "targets": [1, 2]},
             {"title": "Thực hiện nghiêm túc Luật Quản lý, sử dụng tài sản công và các văn bản quy định chi tiết "
                       "thi hành Luật",
              "detail": "Tăng cường công tác quản lý tài sản công tại cơ quan, chi cục, đơn vị sự nghiệp.",
              "lead": "KH-TC-TH", "coop": ["VP", "TTKC-XTTM"], "output": "Báo cáo tình hình quản lý, sử dụng tài "
              "sản công"},
             {"title": "Tăng cường công tác quản lý giá; niêm yết giá, công khai giá",
              "detail": "Tích cực tham mưu cho UBND tỉnh ban hành các quy định về giá theo thẩm quyền của Sở Công "
                        "Thương, kiểm tra, giám sát việc thực hiện các quy định về giá theo quy định hiện hành.",
              "lead": "QLTM", "coop": ["KH-TC-TH", "TTr"], "output": "Báo cáo"},
         ]},
        {"name": "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", "standard_code": 6, "focal": "VP",
         "targets": [
             _goal("Triển khai đồng bộ, hiệu quả Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột "
                   "phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia và Nghị quyết "
                   "số 226/2025/QH15", "VP"),
             _pct("Tối thiểu 70% hoạt động kiểm tra của cơ quan quản lý nhà nước được thực hiện thông qua môi "
                  "trường số và hệ thống thông tin của cơ quan quản lý", 70, "TTr"),
             _pct("100% cán bộ, công chức được bồi dưỡng kỹ năng số căn bản", 100, "VP"),
             _pct("100% cán bộ, công chức, viên chức làm chủ kỹ năng số, ứng dụng công nghệ trong quản lý, điều "
                  "hành", 100, "VP"),
             _pct("100% hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa", 100, "TTr"),
         ],
         "tasks": [
             {"title": "Triển khai thực hiện các văn bản chỉ đạo, quản lý về ứng dụng công nghệ thông tin, chính "
                       "quyền số và bảo đảm an toàn thông tin mạng đáp ứng yêu cầu phát triển bền vững và hội nhập "
                       "quốc tế",
              "lead": "VP", "coop": _others("VP"), "output": "Kế hoạch; Báo cáo", "targets": [0]},
             {"title": "Tham gia thực hiện lộ trình chuyển đổi số; số hóa, xây dựng dữ liệu nền, cơ sở dữ liệu "
                       "dùng chung, các cơ sở dữ liệu chuyên ngành, tạo lập kho dữ liệu dùng chung của tỉnh và tổ "
                       "chức dữ liệu mở phục vụ xã hội",
              "detail": "Cung cấp danh mục dữ liệu đã được số hóa theo quy định để tổ chức tích hợp, chia sẻ cho "
                        "các hệ thống thông tin của các cơ quan nhà nước bảo đảm dữ liệu được thu thập một lần.",
              "lead": "VP", "coop": ["TTr", *DEPTS], "output": "Danh mục dữ liệu số hóa", "targets": [1, 4]},
             {"title": "Đảm bảo đội ngũ cán bộ, công chức làm nhiệm vụ liên quan trực tiếp đến ứng dụng công nghệ "
                       "thông tin, chuyển đổi số được đào tạo, bồi dưỡng, nâng cao trình độ năng lực, chuyên môn, "
                       "nghiệp vụ",
              "lead": "VP", "output": "Danh sách cán bộ được bồi dưỡng", "targets": [2, 3]},
         ]},
    ],
}

PLAN_2026 = {
    "key": "kh2026", "kind": "annual", "status": "issued", "number": "639/KH-SCT",
    "issued_on": date(2026, 1, 23), "year": 2026, "parent": "ctr2030",
    "title": "Cải cách hành chính ngành Công Thương năm 2026",
    "basis": [
        "Kế hoạch số 228/KH-UBND ngày 25/12/2025 của UBND tỉnh về cải cách hành chính tỉnh Đồng Nai năm 2026",
        "Chương trình số 5720/CTr-SCT ngày 18/10/2021 cải cách hành chính của Sở Công Thương giai đoạn "
        "2021–2030",
    ],
    "areas": [
        # 1. Thanh tra Sở follows institutional reform (003 §IV.3).
        {"name": "Cải cách thể chế", "standard_code": 1, "focal": "TTr",
         "targets": [
             _pct("100% đơn vị được phân công chủ trì xây dựng tham mưu UBND tỉnh, HĐND tỉnh ban hành văn bản "
                  "quy phạm pháp luật lĩnh vực Sở Công Thương Đồng Nai đảm bảo đúng tiến độ, thời hạn và quy trình "
                  "xây dựng, ban hành văn bản quy phạm pháp luật theo quy định của Luật ban hành văn bản quy phạm "
                  "pháp luật năm 2015 và Luật sửa đổi, bổ sung một số điều của Luật ban hành văn bản quy phạm pháp "
                  "luật năm 2020", 100, "TTr"),
             _pct("100% văn bản quy phạm pháp luật do UBND tỉnh, HĐND tỉnh ban hành liên quan đến lĩnh vực Sở "
                  "Công Thương Đồng Nai được kiểm tra, rà soát, kiến nghị kịp thời phát hiện và xử lý các quy định "
                  "chồng chéo, mâu thuẫn, hết hiệu lực hoặc không còn phù hợp, đảm bảo tính thống nhất trong hệ "
                  "thống văn bản quy phạm pháp luật", 100, "TTr"),
         ],
         "tasks": [
             {"title": "Tham mưu xây dựng và tổ chức thực hiện cơ chế, chính sách tạo lập môi trường đầu tư, kinh "
                       "doanh minh bạch, thuận lợi thu hút đầu tư, huy động, phân bổ và sử dụng có hiệu quả các "
                       "nguồn lực và nâng cao năng lực hội nhập quốc tế",
              "lead": "TTr", "coop": ["KH-TC-TH", *DEPTS], "output": "Văn bản tham mưu"},
             {"title": "Nâng cao chất lượng công tác tham mưu xây dựng văn bản quy phạm pháp luật do HĐND, UBND "
                       "tỉnh ban hành",
              "detail": "Tăng cường sự tham gia ý kiến rộng rãi của người dân, tổ chức và xã hội trong quá trình "
                        "xây dựng và ban hành văn bản quy phạm pháp luật, bảo đảm tính minh bạch, tính nhất quán "
                        "của quy định pháp luật.",
              "lead": "TTr", "coop": DEPTS, "output": "Dự thảo văn bản quy phạm pháp luật", "targets": [0]},
             {"title": "Tăng cường kiểm tra, rà soát văn bản quy phạm pháp luật, kịp thời phát hiện và đề xuất xử "
                       "lý các quy định chồng chéo, mâu thuẫn, trái pháp luật, hết hiệu lực hoặc không còn phù hợp, "
                       "tạo thuận lợi cho người dân, doanh nghiệp",
              "lead": "TTr", "coop": ["VP", *DEPTS], "deadline": date(2026, 6, 30),
              "output": "Báo cáo kết quả rà soát văn bản quy phạm pháp luật", "targets": [1]},
         ]},
        # 2. Thanh tra Sở leads TTHC reform and runs the one-stop shop (003 §IV.3); the departments
        #    review their own procedures (003 §IV.4).
        {"name": "Cải cách thủ tục hành chính", "standard_code": 2, "focal": "TTr",
         "targets": [
             _pct("100% thủ tục hành chính, quy trình nội bộ điện tử các thủ tục hành chính thuộc lĩnh vực Sở "
                  "Công Thương Đồng Nai được ban hành mới, sửa đổi, bổ sung, bãi bỏ kịp thời theo quy định",
                  100, "TTr"),
             _pct("100% thủ tục hành chính được công bố, công khai đầy đủ, kịp thời trên Cổng Dịch vụ công quốc "
                  "gia về thủ tục hành chính, tích hợp, đồng bộ với Cổng dịch vụ công tỉnh để đảm bảo thuận tiện "
                  "cho việc khai thác, sử dụng", 100, "TTr"),
             _pct("100% thủ tục hành chính thuộc thẩm quyền giải quyết của Sở Công Thương được cung cấp trực "
                  "tuyến mức độ 3 và 4", 100, "TTr"),
             _pct("Tỷ lệ hồ sơ giải quyết trực tuyến mức độ 3 và 4 trên tổng số hồ sơ đạt tối thiểu 99% tại Sở "
                  "Công Thương", 99, "TTr"),
             _pct("Tối thiểu 30% hồ sơ thủ tục hành chính tiếp nhận tại Trung tâm Hành chính công tỉnh được số "
                  "hóa", 30, "TTr"),
             _pct("Tỷ lệ giải quyết hồ sơ đúng hạn và trước hạn của Sở Công Thương đạt tối thiểu 99%", 99, "TTr"),
             _pct("Mức độ hài lòng của người dân, doanh nghiệp về giải quyết thủ tục hành chính đạt tối thiểu 95%",
                  95, "TTr"),
             _pct("Tối thiểu 98% phản ánh kiến nghị của người dân, tổ chức liên quan đến giải quyết thủ tục hành "
                  "chính của Sở Công Thương được xử lý dứt điểm trong thời gian quy định", 98, "TTr"),
             _pct("Tỷ lệ người dân hài lòng về việc xử lý phản ánh kiến nghị đạt tối thiểu 95%", 95, "TTr"),
             _pct("Phê duyệt phương án đơn giản hóa tối thiểu 10% số thủ tục hành chính", 10, "TTr"),
             _pct("Tiếp tục đề xuất phân cấp để đảm bảo đạt tối thiểu 20% thủ tục hành chính theo chỉ đạo của Thủ "
                  "tướng Chính phủ, UBND tỉnh phù hợp quy định và điều kiện thực tiễn của Sở Công Thương", 20,
                  "TTr"),
             _goal("Đề xuất phương án liên thông, phương án phân cấp giải quyết thủ tục hành chính ngành công "
                   "thương trên cơ sở tạo thuận lợi cho người dân, phù hợp với năng lực quản lý, giải quyết của Sở "
                   "Công Thương", "TTr"),
             {"text": "Giảm thời gian chờ đợi của tổ chức, cá nhân tại Bộ phận Một cửa của Sở xuống trung bình "
                      "còn tối đa 30 phút/1 lần đến giao dịch",
              "metric_kind": "duration", "comparator": "<=", "target_value": 30, "unit_of_measure": "phút",
              "responsible": "TTr"},
         ],
         "tasks": [
             {"title": "Rà soát, hoàn thiện danh mục thủ tục hành chính đủ điều kiện cung cấp dịch vụ công trực "
                       "tuyến mức độ 3, mức độ 4",
              "detail": "Tập trung nhóm các thủ tục hành chính liên quan đến người dân, doanh nghiệp, có tần suất "
                        "giao dịch cao hoặc thành phần hồ sơ đơn giản; bảo đảm thủ tục hành chính mới ban hành "
                        "phải đơn giản, dễ hiểu, dễ thực hiện.",
              "lead": "TTr", "coop": ["VP", *DEPTS], "deadline": date(2026, 3, 31),
              "output": "Danh mục thủ tục hành chính cung cấp dịch vụ công trực tuyến", "targets": [2, 3]},
             {"title": "Rà soát, cập nhật bổ sung kịp thời, đồng bộ thủ tục hành chính, văn bản quy phạm pháp "
                       "luật quy định về thủ tục hành chính (thời gian, thành phần hồ sơ, cấu hình lên phần mềm "
                       "một cửa …)",
              "detail": "Rà soát chuẩn hóa quy trình các bước thực hiện cụ thể (lưu đồ) để cấu hình lên phần mềm "
                        "Một cửa của từng thủ tục theo quy định của Trung ương và phù hợp thực tiễn của tỉnh đảm "
                        "bảo việc giải quyết thủ tục hành chính.",
              "lead": "TTr", "coop": [*DEPTS, "TTKC-XTTM"], "deadline": date(2026, 11, 30),
              "output": "Quyết định công bố danh mục thủ tục hành chính và quy trình nội bộ", "targets": [0, 1]},
             {"title": "Rà soát các quy định, thủ tục hành chính nhằm kiến nghị Chủ tịch UBND tỉnh xem xét sửa "
                       "đổi, bổ sung, thay thế, bãi bỏ hoặc hủy bỏ những quy định, thủ tục hành chính",
              "detail": "Các thành phần hồ sơ, mẫu đơn, mẫu tờ khai, các biểu mẫu hoặc yêu cầu, điều kiện tuân thủ "
                        "thủ tục hành chính rườm rà, phức tạp, mâu thuẫn, chồng chéo … tại các văn bản quy phạm "
                        "pháp luật, tại Bộ thủ tục hiện hành đang gây khó khăn, cản trở trong quá trình giải quyết "
                        "công việc cho cá nhân, tổ chức và doanh nghiệp.",
              "lead": "TTr", "coop": DEPTS, "deadline": date(2026, 9, 30),
              "output": "Phương án đơn giản hóa, phân cấp thủ tục hành chính", "targets": [9, 10, 11]},
             {"title": "Thường xuyên, kịp thời cập nhật, công khai thủ tục hành chính của Sở tại Bộ phận một cửa "
                       "của Sở, trên Trang thông tin điện tử của Sở với địa chỉ http://sct.dongnai.gov.vn",
              "detail": "Tạo thuận lợi cho người dân, tổ chức tìm hiểu, nắm bắt thông tin kịp thời và thực hiện.",
              "lead": "TTr", "coop": ["VP"], "output": "Thủ tục hành chính được niêm yết, công khai",
              "targets": [1]},
             {"title": "Tổ chức tập huấn, hướng dẫn nghiệp vụ kiểm soát thủ tục hành chính và thanh tra, kiểm tra "
                       "công tác kiểm soát thủ tục hành chính tại các phòng, đơn vị thuộc Sở Công Thương",
              "lead": "TTr", "coop": [*DEPTS, "TTKC-XTTM"], "deadline": date(2026, 11, 27),
              "output": "Hội nghị tập huấn; Kết luận kiểm tra", "targets": [0]},
             {"title": "Thực hiện việc số hóa kết quả giải quyết thủ tục hành chính còn hiệu lực thuộc thẩm quyền "
                       "của Sở đảm bảo việc kết nối chia sẻ dữ liệu trong giải quyết thủ tục hành chính trên môi "
                       "trường điện tử",
              "detail": "Thực hiện theo Kế hoạch số 5755/KH-UBND ngày 27/5/2021 của Chủ tịch UBND tỉnh về thực "
                        "hiện Quyết định số 468/QĐ-TTg ngày 27/3/2021 của Thủ tướng Chính phủ phê duyệt đề án đổi "
                        "mới cơ chế một cửa, một cửa liên thông.",
              "lead": "TTr", "coop": ["VP", *DEPTS], "output": "Kết quả giải quyết thủ tục hành chính được số hóa",
              "targets": [4]},
             {"title": "Hoàn thành việc hợp nhất Cổng dịch vụ công với Hệ thống thông tin một cửa điện tử của Sở "
                       "để tạo lập Hệ thống thông tin giải quyết thủ tục hành chính thống nhất, liên thông giữa các "
                       "cấp",
              "lead": "TTr", "coop": ["VP"], "deadline": date(2026, 12, 31),
              "output": "Hệ thống thông tin giải quyết thủ tục hành chính", "targets": [2]},
             {"title": "Hoàn thành việc kết nối, tích hợp, chia sẻ dữ liệu của các phần mềm ứng dụng của hệ thống "
                       "thông tin giải quyết thủ tục hành chính của Sở với hệ thống thông tin điện tử của tỉnh",
              "lead": "VP", "coop": ["TTr"], "deadline": date(2026, 9, 30),
              "output": "Biên bản nghiệm thu kết nối, tích hợp"},
             {"title": "Thực hiện đánh giá chất lượng giải quyết thủ tục hành chính và đánh giá mức độ hài lòng "
                       "của người dân, doanh nghiệp thông qua hệ thống giám sát, đánh giá tự động theo thời gian thực",
              "lead": "TTr", "coop": ["VP"], "output": "Báo cáo kết quả đánh giá", "targets": [5, 6, 12]},
             {"title": "Triển khai lưu trữ hoặc chia sẻ thông tin giải quyết thủ tục hành chính giữa các cơ quan "
                       "hành chính nhà nước",
              "detail": "Các thông tin, giấy tờ, tài liệu của cá nhân, tổ chức đã được chấp nhận khi thực hiện "
                        "thành công thủ tục hành chính của Sở đều được lưu trữ và chia sẻ.",
              "lead": "TTr", "coop": ["VP"], "output": "Dữ liệu được lưu trữ, chia sẻ"},
         ]},
        # 3–4. Văn phòng Sở leads organisation and civil service reform (003 §IV.1).
        {"name": "Cải cách tổ chức bộ máy hành chính nhà nước", "standard_code": 3, "focal": "VP",
         "targets": [
             _pct("100% các phòng, đơn vị sự nghiệp trực thuộc Sở hoàn thiện quy định tổ chức bộ máy, chức năng "
                  "nhiệm vụ", 100, "VP"),
             _done("Hoàn chỉnh việc sắp xếp, tinh gọn bộ máy các phòng, đơn vị trực thuộc Sở theo quy định và "
                   "hướng dẫn của UBND tỉnh, Bộ Công Thương, Bộ Nội vụ", "VP"),
             _goal("Phân định rõ chức năng, nhiệm vụ, quyền hạn của từng phòng, đơn vị trực thuộc, khắc phục được "
                   "tình trạng chồng chéo, trùng lắp hoặc bỏ sót chức năng, nhiệm vụ giữa các phòng, đơn vị trực "
                   "thuộc Sở", "VP"),
         ],
         "tasks": [
             {"title": "Tiếp tục thực hiện Nghị định số 107/2020/NĐ-CP ngày 14/9/2020 và Nghị định số "
                       "108/2020/NĐ-CP ngày 14/9/2020 của Chính phủ, Quyết định số 42/2021/QĐ-UBND ngày 23/9/2021 "
                       "của UBND tỉnh quy định tổ chức bộ máy cơ quan chuyên môn, đơn vị sự nghiệp công lập trên "
                       "địa bàn tỉnh",
              "lead": "VP", "coop": _others("VP"), "output": "Quyết định quy định chức năng, nhiệm vụ",
              "targets": [0, 2]},
             {"title": "Tổ chức tổng kết việc thí điểm sắp xếp tổ chức bộ máy theo Kế hoạch số 166-KH/TU ngày "
                       "02/4/2018 và Kế hoạch số 177-KH/TU ngày 16/4/2018 của Tỉnh ủy về thực hiện Nghị quyết số "
                       "18-NQ/TW ngày 25/10/2017 và Nghị quyết số 19-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung "
                       "ương Khóa XII",
              "lead": "VP", "coop": ["TTKC-XTTM"], "deadline": date(2026, 6, 30), "output": "Báo cáo tổng kết",
              "targets": [1]},
             {"title": "Triển khai thực hiện các quy định mới của Trung ương về tiêu chí phân loại, điều kiện "
                       "thành lập, sáp nhập, hợp nhất, giải thể các đơn vị sự nghiệp công lập thuộc ngành công "
                       "thương",
              "lead": "VP", "coop": ["TTKC-XTTM", "KH-TC-TH"], "output": "Đề án; Quyết định", "targets": [1]},
             {"title": "Tăng cường phân cấp, phân quyền mạnh mẽ, hợp lý giữa Sở Công Thương với các địa phương "
                       "gắn liền với quyền hạn và trách nhiệm",
              "detail": "Khuyến khích sự năng động, sáng tạo và phát huy tính tích cực, chủ động của Sở Công "
                        "Thương Đồng Nai trong thực hiện nhiệm vụ quản lý nhà nước.",
              "lead": "VP", "coop": ["TTr", *DEPTS], "output": "Văn bản đề xuất phân cấp"},
         ]},
        {"name": "Cải cách chế độ công vụ", "standard_code": 4, "focal": "VP",
         "targets": [
             _done("Hoàn thành việc xây dựng Đề án vị trí việc làm cho cơ quan Sở Công Thương và các đơn vị sự "
                   "nghiệp công lập trực thuộc Sở theo quy định của Bộ Công Thương, Bộ Nội vụ và các cơ quan chức "
                   "năng", "VP"),
             _pct("100% công chức được bố trí đúng theo tiêu chuẩn ngạch, tiêu chuẩn chức danh nghề nghiệp và vị "
                  "trí việc làm khi được phê duyệt", 100, "VP"),
             _pct("Tối thiểu 95% viên chức được bố trí đúng theo tiêu chuẩn ngạch, tiêu chuẩn chức danh nghề "
                  "nghiệp và vị trí việc làm khi được phê duyệt", 95, "VP"),
             _pct("Tối thiểu 50% công chức, viên chức được bồi dưỡng nghiệp vụ đáp ứng yêu cầu công việc và vị "
                  "trí việc làm", 50, "VP"),
             _pct("100% công chức, viên chức phụ trách tiếp nhận, giải quyết và trả hồ sơ của Sở được bồi dưỡng "
                  "kỹ năng, nghiệp vụ liên quan đến cải cách hành chính, quy trình, thủ tục hành chính, dịch vụ "
                  "công, tiếp nhận hồ sơ, sử dụng phần mềm (phần mềm một cửa, phần mềm chuyên ngành...) trong "
                  "tiếp nhận, giải quyết thủ tục hành chính", 100, "VP"),
         ],
         "tasks": [
             {"title": "Tổ chức thực hiện nghiêm Nghị định 115/2020/NĐ-CP ngày 25/9/2020, Nghị định số "
                       "138/2020/NĐ-CP ngày 27/11/2020 của Chính phủ, Quyết định số 45/2021/QĐ-UBND ngày "
                       "19/10/2021, Quyết định số 53/2021/QĐ-UBND ngày 26/11/2021 của UBND tỉnh về tuyển dụng "
                       "công chức, viên chức, bổ nhiệm, bổ nhiệm lại lãnh đạo quản lý",
              "detail": "Nhằm đảm bảo xây dựng đội ngũ cán bộ, công chức, viên chức có đủ năng lực, phẩm chất, cơ "
                        "cấu hợp lý, đáp ứng yêu cầu nhiệm vụ.",
              "lead": "VP", "output": "Quyết định tuyển dụng, bổ nhiệm", "targets": [1, 2]},
             {"title": "Xây dựng ban hành Đề án vị trí việc làm cho cơ quan Sở Công Thương và các đơn vị sự nghiệp "
                       "công lập trực thuộc",
              "detail": "Sau khi có quy định hướng dẫn của Bộ Công Thương, Bộ Nội vụ và các cơ quan chức năng; cơ "
                        "cấu, sắp xếp đội ngũ cán bộ, công chức, viên chức theo vị trí việc làm, khung năng lực, "
                        "đảm bảo đúng người, đúng việc, nâng cao chất lượng, hợp lý về cơ cấu.",
              "lead": "VP", "coop": _others("VP"), "deadline": date(2026, 9, 30),
              "output": "Đề án vị trí việc làm", "targets": [0, 1, 2]},
             {"title": "Triển khai bồi dưỡng cán bộ, công chức, viên chức về chuyên môn nghiệp vụ, đạo đức công "
                       "vụ, kỹ năng giao tiếp gắn với việc nâng cao tính chuyên nghiệp, trách nhiệm công vụ, thái "
                       "độ phục vụ người dân, doanh nghiệp",
              "detail": "Ứng dụng công nghệ thông tin vào hoạt động tổ chức đào tạo, bồi dưỡng, tập huấn; trước mắt "
                        "là các hoạt động tập huấn liên quan đến công tác cải cách hành chính.",
              "lead": "VP", "coop": ["TTr"], "output": "Kế hoạch bồi dưỡng; danh sách học viên",
              "targets": [3, 4]},
             {"title": "Triển khai thực hiện đồng bộ trong việc quản lý hồ sơ điện tử cán bộ, công chức, viên "
                       "chức theo quy định của UBND tỉnh, cơ quan cấp trên",
              "lead": "VP", "coop": ["TTKC-XTTM"], "output": "Cơ sở dữ liệu hồ sơ cán bộ, công chức, viên chức"},
         ]},
        # 5. Phòng Kế hoạch - Tài chính - Tổng hợp leads public finance reform (003 §IV.2).
        {"name": "Cải cách tài chính công", "standard_code": 5, "focal": "KH-TC-TH",
         "targets": [
             _goal("Xây dựng ban hành các quy định của Sở về quản lý ngân sách, quản lý tài sản công, thực hiện "
                   "cơ chế tự chủ tài chính của các đơn vị sự nghiệp công lập", "KH-TC-TH"),
         ],
         "tasks": [
             {"title": "Xây dựng định mức kinh tế kỹ thuật dịch vụ sự nghiệp công sử dụng ngân sách nhà nước lĩnh "
                       "vực khuyến công",
              "lead": "TTKC-XTTM", "coop": ["KH-TC-TH"], "deadline": date(2026, 6, 30),
              "output": "Dự thảo Quyết định ban hành định mức kinh tế - kỹ thuật", "targets": [0]},
             {"title": "Tổ chức thực hiện có hiệu quả Luật Ngân sách nhà nước và các văn bản có liên quan để đổi "
                       "mới cơ chế quản lý, phân bổ ngân sách nhà nước, quy định về cơ chế khoán kinh phí quản lý "
                       "hành chính",
              "lead": "KH-TC-TH", "coop": ["VP"], "output": "Quy chế chi tiêu nội bộ", "targets": [0]},
             {"title": "Triển khai thực hiện quy định về cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập, "
                       "gồm các quy định về nguồn thu, nhiệm vụ chi, phân phối thu nhập bổ sung, nâng cao trách "
                       "nhiệm người đứng đầu đơn vị sự nghiệp công lập",
              "lead": "KH-TC-TH", "coop": ["TTKC-XTTM"], "output": "Phương án tự chủ tài chính", "targets": [0]},
             {"title": "Tăng cường thanh tra, kiểm tra, giám sát việc thực hiện các quy định pháp luật về sử dụng "
                       "ngân sách nhà nước",
              "lead": "KH-TC-TH", "coop": ["TTr"], "deadline": date(2026, 11, 30),
              "output": "Báo cáo kết quả kiểm tra"},
             {"title": "Tổng hợp dự toán kinh phí thực hiện công tác cải cách hành chính của Sở",
              "lead": "KH-TC-TH", "coop": ["VP"], "output": "Dự toán kinh phí"},
         ]},
        # 6. Văn phòng Sở leads e-government (003 §IV.1); the one-stop shop tasks stay with Thanh tra Sở.
        {"name": "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", "standard_code": 6, "focal": "VP",
         "targets": [
             _goal("Tăng cường ứng dụng công nghệ thông tin, chuyển đổi số và phát triển chính quyền điện tử, "
                   "chính quyền số, góp phần đổi mới phương thức làm việc, nâng cao năng suất, hiệu quả hoạt động "
                   "của cơ quan, đơn vị đáp ứng yêu cầu phát triển kinh tế - xã hội; nâng cao chất lượng cung cấp "
                   "dịch vụ công cho người dân, tổ chức", "VP"),
             _pct("Thực hiện kết nối, chia sẻ dữ liệu với tối thiểu 50% cơ sở dữ liệu quốc gia, cơ sở dữ liệu "
                  "chuyên ngành công thương", 50, "VP"),
             _pct("100% thủ tục hành chính đủ điều kiện được cung cấp dưới hình thức dịch vụ công mức độ 3, mức "
                  "độ 4", 100, "TTr"),
             _pct("100% các dịch vụ công trực tuyến có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực "
                  "tuyến", 100, "TTr"),
             _pct("Tỷ lệ giao dịch thanh toán trực tuyến các hồ sơ thủ tục hành chính đạt tối thiểu 20% tại cấp "
                  "sở", 20, "TTr"),
             _pct("100% hồ sơ công việc được xử lý trên môi trường mạng (trừ hồ sơ công việc thuộc phạm vi bí mật "
                  "nhà nước, hồ sơ đặc thù)", 100, "VP"),
             _pct("50% hoạt động kiểm tra được thực hiện thông qua môi trường số và hệ thống thông tin của cơ quan "
                  "quản lý", 50, "TTr"),
         ],
         "tasks": [
             {"title": "Vận hành, phát triển Chính quyền điện tử theo định hướng chung của tỉnh và kết nối liên "
                       "thông giữa các cơ quan nhà nước trên toàn quốc để triển khai các dịch vụ Chính phủ điện tử",
              "detail": "Tích hợp các dịch vụ công trực tuyến của cơ quan lên cổng thông tin điện tử của Sở và cổng "
                        "thông tin điện tử của Tỉnh; tuân thủ Khung kiến trúc Chính phủ điện tử Việt Nam, Kiến trúc "
                        "Chính phủ điện tử cấp bộ, Kiến trúc Chính quyền điện tử cấp tỉnh.",
              "lead": "VP", "coop": ["TTr"], "output": "Báo cáo", "targets": [0, 1]},
             {"title": "Góp phần phát triển Chính quyền điện tử, chính quyền số phải gắn với bảo đảm an toàn, an "
                       "ninh thông tin, an ninh quốc gia, bảo vệ thông tin cá nhân, tổ chức",
              "detail": "Không để lộ lọt thông tin thuộc phạm vi bí mật nhà nước.",
              "lead": "VP", "coop": _others("VP"), "output": "Báo cáo bảo đảm an toàn thông tin"},
             {"title": "Thực hiện ứng dụng công nghệ thông tin trong chỉ đạo, điều hành của thủ trưởng đơn vị, "
                       "trong xử lý công việc của cán bộ, công chức, viên chức nhất là về thực hiện giải quyết thủ "
                       "tục hành chính",
              "detail": "Tăng cường công tác chỉ đạo điều hành trên môi trường mạng; tiếp tục duy trì và tăng cường "
                        "ứng dụng Chữ ký số đã cấp nhằm tăng cường việc trao đổi văn bản hoàn toàn dưới dạng điện "
                        "tử.",
              "lead": "VP", "coop": _others("VP"), "output": "Văn bản điện tử có chữ ký số", "targets": [5]},
             {"title": "Tiếp tục khai thác, sử dụng và nâng cấp theo yêu cầu Hệ thống quản lý văn bản và điều hành "
                       "công việc, bảo đảm đáp ứng các quy định văn thư, lưu trữ tại Nghị định số 30/2020/NĐ-CP "
                       "ngày 07/3/2020 của Chính phủ",
              "lead": "VP", "output": "Hệ thống quản lý văn bản và điều hành", "targets": [5]},
             {"title": "Tiếp tục số hóa hồ sơ, kết quả giải quyết thủ tục hành chính, đưa vào khai thác nhằm rút "
                       "ngắn thời gian, nâng cao tính chính xác trong giải quyết hồ sơ thủ tục hành chính của Sở",
              "lead": "TTr", "coop": ["VP", *DEPTS], "deadline": date(2026, 12, 31),
              "output": "Kho dữ liệu kết quả giải quyết thủ tục hành chính", "targets": [1]},
             {"title": "Tăng cường giải quyết thủ tục hành chính hoàn toàn trên môi trường mạng, hoàn thiện phần "
                       "mềm cấp phép qua mạng mức độ 3 trên phần mềm một cửa điện tử với địa chỉ: "
                       "motcua.dongnai.gov.vn đối với tất cả các thủ tục hành chính của Sở",
              "detail": "Niêm yết công khai minh bạch các thủ tục hành chính trên Cổng thông tin điện tử của Sở, "
                        "Cổng thông tin điện tử của tỉnh và tại Bộ phận tiếp nhận và trả kết quả. Phối hợp với Bưu "
                        "điện nhận và trả kết quả xử lý thủ tục hành chính tại nhà. Tiếp tục triển khai thực hiện "
                        "Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 của Chính phủ về thực hiện thủ tục hành chính "
                        "trên môi trường điện tử.",
              "lead": "TTr", "coop": ["VP", *DEPTS], "output": "Báo cáo", "targets": [2, 3, 4]},
             {"title": "Tiếp tục duy trì thực hiện hiệu quả hệ thống quản lý ISO điện tử trong hoạt động của cơ "
                       "quan, trên cơ sở kết hợp các quy chuẩn hệ thống ISO 9001:2015 với các ưu điểm, quy trình "
                       "hiện có của các phần mềm quản lý văn bản, phần mềm một cửa",
              "detail": "Đảm bảo tiết kiệm, hiệu quả, phù hợp với thực tiễn các đơn vị; tiếp tục triển khai Quyết "
                        "định số 272/QĐ-SCT ngày 22/10/2020 công bố Hệ thống quản lý chất lượng phù hợp tiêu chuẩn "
                        "quốc gia TCVN ISO 9001:2015.",
              "lead": "VP", "coop": _others("VP"), "output": "Quyết định công bố Hệ thống quản lý chất lượng"},
             {"title": "Tiếp tục kiện toàn, nâng cấp Trang thông tin điện tử của Sở để cập nhật, cung cấp, công "
                       "khai thông tin về cải cách hành chính, giải quyết thủ tục hành chính cho người dân, doanh "
                       "nghiệp",
              "lead": "VP", "coop": ["KH-TC-TH", "TTr"], "deadline": date(2026, 11, 30),
              "output": "Trang thông tin điện tử được nâng cấp"},
         ]},
        # 7. Direction and oversight (003 §7 and §IV): Văn phòng Sở compiles, Thanh tra Sở inspects,
        #    Phòng KH-TC-TH communicates and follows the PCI.
        {"name": "Công tác chỉ đạo, điều hành", "focal": "VP",
         "targets": [
             _done("Xây dựng kế hoạch cải cách hành chính của Sở Công Thương năm 2026, căn cứ theo chức năng "
                   "nhiệm vụ cụ thể hóa các chỉ đạo của Chủ tịch UBND tỉnh tại Kế hoạch số 228/KH-UBND ngày "
                   "25/12/2025 cải cách hành chính tỉnh Đồng Nai năm 2026", "VP"),
             _pct("Tối thiểu 50% đơn vị thuộc Sở được kiểm tra cải cách hành chính, công vụ, kỷ luật kỷ cương "
                  "hành chính", 50, "VP"),
             _pct("100% các tồn tại, hạn chế qua kiểm tra được khắc phục hoặc kiến nghị cấp có thẩm quyền xử lý "
                  "trong năm", 100, "VP"),
         ],
         "tasks": [
             {"title": "Xây dựng Kế hoạch kiểm soát thủ tục hành chính, Kế hoạch kiểm tra cải cách hành chính, các "
                       "kế hoạch thực hiện chuyên đề về cải cách hành chính của Sở và tổ chức triển khai theo phạm "
                       "vi quản lý",
              "lead": "VP", "coop": ["TTr", "KH-TC-TH"], "deadline": date(2026, 3, 31), "output": "Kế hoạch",
              "targets": [0]},
             {"title": "Tiếp tục triển khai thực hiện Chương trình số 5720/CTr-SCT ngày 18/10/2021 cải cách hành "
                       "chính của Sở Công Thương giai đoạn 2021-2030",
              "detail": "Hàng năm, tổ chức sơ kết, tổng kết, rút kinh nghiệm.",
              "lead": "VP", "coop": _others("VP"), "deadline": date(2026, 12, 15), "output": "Báo cáo sơ kết"},
             {"title": "Tăng cường trách nhiệm phối hợp triển khai các nhiệm vụ cải cách hành chính, xử lý kịp "
                       "thời các vướng mắc trong công tác cải cách hành chính",
              "lead": "VP", "coop": _others("VP"), "output": "Văn bản chỉ đạo, đôn đốc"},
             {"title": "Thực hiện thông tin, tuyên truyền về cải cách hành chính",
              "detail": "Phối hợp với các phương tiện thông tin đại chúng (báo, đài...) trong việc tuyên truyền, "
                        "phổ biến Chương trình cải cách hành chính Sở Công Thương giai đoạn 2021-2030, kế hoạch "
                        "thực hiện cải cách hành chính hàng năm và chuyên đề.",
              "lead": "KH-TC-TH", "coop": ["VP", "TTr"], "output": "Tin, bài tuyên truyền"},
             {"title": "Tổ chức các chương trình thực tế đối thoại trực tiếp giữa lãnh đạo Sở với người dân, "
                       "doanh nghiệp nhằm giải đáp những khó khăn, vướng mắc liên quan đến giải quyết thủ tục hành "
                       "chính, cải cách hành chính",
              "lead": "KH-TC-TH", "coop": ["TTr", *DEPTS, "TTKC-XTTM"], "deadline": date(2026, 11, 30),
              "output": "Hội nghị đối thoại doanh nghiệp"},
             {"title": "Tăng cường thực hiện thanh tra, kiểm tra trách nhiệm thực hiện công vụ của cán bộ, công "
                       "chức, viên chức nhất là trách nhiệm của đội ngũ tiếp nhận, giải quyết thủ tục hành chính và "
                       "của người đứng đầu các phòng, đơn vị thuộc Sở",
              "lead": "TTr", "coop": ["VP"], "deadline": date(2026, 11, 27),
              "output": "Kết luận kiểm tra công vụ", "targets": [1, 2]},
             {"title": "Tổ chức đánh giá kết quả thực hiện công tác cải cách hành chính năm 2026 của Sở Công "
                       "Thương theo Bộ chỉ số cải cách hành chính, công vụ của tỉnh",
              "detail": "Tăng cường ứng dụng công nghệ thông tin trong công tác theo dõi, đánh giá, công khai kết "
                        "quả chỉ số cải cách hành chính, công vụ; triển khai các giải pháp nâng cao Chỉ số quản trị "
                        "và hành chính công cấp tỉnh (PAPI), Chỉ số cải cách hành chính (PAR INDEX).",
              "lead": "VP", "coop": _others("VP"), "deadline": date(2026, 12, 31),
              "output": "Báo cáo tự đánh giá, chấm điểm Chỉ số cải cách hành chính"},
             {"title": "Tổng hợp báo cáo cải cách hành chính định kỳ quý I, 6 tháng, 9 tháng, năm hoặc đột xuất "
                       "gửi Sở Nội vụ và UBND tỉnh",
              "lead": "VP", "coop": _others("VP"), "output": "Báo cáo cải cách hành chính định kỳ"},
             {"title": "Theo dõi, định kỳ tổng hợp báo cáo kết quả nâng cao chỉ số năng lực cạnh tranh cấp tỉnh "
                       "(PCI); khảo sát ý kiến dư luận xã hội",
              "lead": "KH-TC-TH", "coop": ["VP"], "output": "Báo cáo"},
         ]},
    ],
}

COMMUNICATION_2026 = {
    "key": "tt2026", "kind": "thematic", "status": "draft", "year": 2026,
    "title": "Tuyên truyền cải cách hành chính năm 2026",
    "basis": [
        "Kế hoạch số 639/KH-SCT ngày 23/01/2026 của Sở Công Thương về cải cách hành chính ngành Công Thương "
        "năm 2026",
    ],
    "areas": [
        {"name": "Thông tin, tuyên truyền", "focal": "KH-TC-TH",
         "targets": [
             _goal("Tăng cường công tác tuyên truyền, phổ biến thông tin để mọi cán bộ, công chức, viên chức và "
                   "người dân nhận thức đúng, đồng thuận, chấp hành các chủ trương, chính sách, nội dung cải cách "
                   "hành chính của Đảng, Nhà nước", "KH-TC-TH"),
         ],
         "tasks": [
             {"title": "Phối hợp với các phương tiện thông tin đại chúng (báo, đài...) trong việc tuyên truyền, "
                       "phổ biến Chương trình cải cách hành chính Sở Công Thương giai đoạn 2021-2030, kế hoạch "
                       "thực hiện cải cách hành chính hàng năm và chuyên đề",
              "lead": "KH-TC-TH", "coop": ["VP"], "output": "Tin, bài, phóng sự", "targets": [0]},
             {"title": "Thông tin, quảng bá các tiện ích về thực hiện thủ tục hành chính đã triển khai để đông đảo "
                       "người dân, doanh nghiệp biết, sử dụng",
              "lead": "KH-TC-TH", "coop": ["TTr"], "deadline": date(2026, 12, 15), "output": "Tờ rơi, infographic"},
             {"title": "Thông tin tuyên truyền tiện ích việc sử dụng dịch vụ công trực tuyến, các vấn đề liên quan "
                       "trực tiếp tới đời sống dân sinh",
              "lead": "KH-TC-TH", "coop": ["TTr", "VP"], "output": "Tin, bài trên Trang thông tin điện tử của Sở"},
             {"title": "Nhân rộng các gương điển hình, các cách làm cải cách hành chính có hiệu quả thiết thực",
              "lead": "KH-TC-TH", "coop": ["VP"], "deadline": date(2026, 12, 31), "output": "Tin, bài"},
             {"title": "Tiếp tục sử dụng công cụ, biện pháp thiết thực để phát huy dân chủ, thực hiện quyền giám "
                       "sát của nhân dân đối với hoạt động của bộ máy hành chính",
              "items": ["Lấy ý kiến người dân đối với việc xây dựng thể chế, chính sách",
                        "Đánh giá tinh thần, thái độ phục vụ của cán bộ, công chức",
                        "Đo lường sự hài lòng của người dân, tổ chức đối với chất lượng cung cấp dịch vụ công"],
              "lead": "KH-TC-TH", "coop": ["TTr", "VP"], "output": "Báo cáo kết quả khảo sát"},
             {"title": "Tăng cường vai trò của các cơ quan thông tin đại chúng và tích cực sử dụng các phương tiện "
                       "truyền thông hiện đại để tuyên truyền cải cách hành chính và cung cấp thông tin hiệu quả cho "
                       "người dân, doanh nghiệp",
              "lead": "KH-TC-TH", "coop": ["VP", "TTr"], "output": "Tin, bài trên mạng xã hội", "targets": [0]},
         ]},
    ],
}

PLANS = [PROGRAMME_2030, PLAN_2026, COMMUNICATION_2026]
