"""The demo's index frameworks, 2025 and 2026: an example, labelled as such (``is_example``), of no
province's, shaped like the real ones: eight lĩnh vực (chỉ đạo điều hành; thể chế; TTHC; tổ chức bộ
máy; công vụ; tài chính công; chính quyền số; tác động của CCHC) of 2–4 tiêu chí each, tiêu chí thành
phần under most, scoring rules in words, the evidence asked, keywords that suggest evidence from the
demo's documents, the plans' standard areas, several criteria assigned to demo units; 100 points, plus
a bonus and a penalty area. 2025 is the same shape with a few changes (year over year). Built through
the services (framework.py), audited as if the Office had imported it."""
from datetime import date, timedelta

from ..assessment import framework
from ..assessment.models import BONUS, PENALTY

TITLE = "Bộ tiêu chí mẫu (ví dụ minh họa, không phải của tỉnh nào)"
SOURCE = "Ví dụ minh họa: không phải quyết định của UBND tỉnh nào"
EVIDENCE = "Văn bản, báo cáo chứng minh kết quả thực hiện"

# (code, title, max, options): options "half" (halves allowed), "rule", "ev" (evidence asked), "kw"
# (keywords), "std" (the plans' standard area, on a lĩnh vực), "unit" (a demo unit's short name), "kind".
# A row's parent is its code without the last part ("2.1.3" → "2.1"; "T.1" → "T").
ROWS_2026 = [
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", 12, {"unit": "VP"}),
    ("1.1", "Kế hoạch cải cách hành chính năm", 4, {}),
    ("1.1.1", "Ban hành kế hoạch CCHC năm đúng thời hạn", 1, {
        "half": True, "rule": "Ban hành đúng hạn: 1 điểm; ban hành chậm: 0,5 điểm; không ban hành: 0 điểm",
        "ev": "Kế hoạch cải cách hành chính năm của Sở", "kw": "kế hoạch cải cách hành chính"}),
    ("1.1.2", "Mức độ hoàn thành kế hoạch CCHC năm", 2, {
        "half": True, "rule": "Hoàn thành 100% nhiệm vụ: 2 điểm; từ 80% đến dưới 100%: 1 điểm; dưới 80%: 0 điểm",
        "ev": "Báo cáo kết quả thực hiện kế hoạch CCHC năm", "kw": "kết quả cải cách hành chính"}),
    ("1.1.3", "Kiểm tra công tác cải cách hành chính", 1, {
        "rule": "Ban hành kế hoạch kiểm tra và kiểm tra từ 30% đơn vị trực thuộc trở lên: 1 điểm; không: 0 điểm",
        "ev": "Kế hoạch kiểm tra CCHC; báo cáo kết quả kiểm tra", "kw": "kiểm tra cải cách hành chính"}),
    ("1.2", "Báo cáo cải cách hành chính", 3, {}),
    ("1.2.1", "Thực hiện đủ số lượng, đúng thời gian báo cáo định kỳ", 2, {
        "half": True, "rule": "Đủ và đúng hạn: 2 điểm; mỗi báo cáo thiếu hoặc chậm: trừ 0,5 điểm",
        "ev": "Báo cáo CCHC quý I, 6 tháng, 9 tháng, năm", "kw": "báo cáo định kỳ, báo cáo quý"}),
    ("1.2.2", "Nội dung báo cáo đúng đề cương hướng dẫn", 1, {
        "rule": "Đúng đề cương, đủ số liệu: 1 điểm; không: 0 điểm", "ev": "Các báo cáo CCHC trong năm"}),
    ("1.3", "Thông tin, tuyên truyền cải cách hành chính", 3, {}),
    ("1.3.1", "Ban hành kế hoạch tuyên truyền CCHC", 1, {
        "rule": "Có kế hoạch: 1 điểm; không: 0 điểm", "ev": "Kế hoạch tuyên truyền CCHC năm",
        "kw": "tuyên truyền cải cách hành chính"}),
    ("1.3.2", "Mức độ thực hiện kế hoạch tuyên truyền", 2, {
        "half": True, "rule": "Hoàn thành 100%: 2 điểm; từ 80% đến dưới 100%: 1 điểm; dưới 80%: 0 điểm",
        "ev": "Báo cáo kết quả tuyên truyền; tin, bài đã đăng", "kw": "tuyên truyền, thông tin"}),
    ("1.4", "Sáng kiến, giải pháp mới trong cải cách hành chính", 2, {
        "half": True, "rule": "Có sáng kiến được áp dụng: 2 điểm; có đề xuất chưa áp dụng: 0,5 điểm; không: 0 điểm",
        "ev": "Quyết định công nhận hoặc văn bản triển khai sáng kiến", "kw": "sáng kiến, giải pháp"}),

    ("2", "Cải cách thể chế", 10, {"std": 1, "unit": "TTr"}),
    ("2.1", "Xây dựng, ban hành văn bản quy phạm pháp luật", 4, {}),
    ("2.1.1", "Tham mưu ban hành văn bản QPPL đúng kế hoạch", 2, {
        "half": True, "rule": "Đúng kế hoạch: 2 điểm; chậm: 1 điểm; không thực hiện: 0 điểm",
        "ev": "Quyết định, văn bản tham mưu ban hành", "kw": "văn bản quy phạm pháp luật, xây dựng văn bản"}),
    ("2.1.2", "Lấy ý kiến, thẩm định dự thảo văn bản đúng quy trình", 2, {
        "rule": "Đúng quy trình: 2 điểm; không: 0 điểm", "ev": "Văn bản lấy ý kiến; báo cáo thẩm định"}),
    ("2.2", "Kiểm tra, rà soát văn bản quy phạm pháp luật", 4, {}),
    ("2.2.1", "Ban hành kế hoạch kiểm tra, rà soát văn bản", 1, {
        "rule": "Có kế hoạch: 1 điểm; không: 0 điểm", "ev": "Kế hoạch kiểm tra, rà soát văn bản QPPL",
        "kw": "rà soát văn bản, kiểm tra văn bản"}),
    ("2.2.2", "Kết quả kiểm tra, rà soát và xử lý văn bản", 3, {
        "half": True, "rule": "Xử lý 100% văn bản phát hiện có sai sót: 3 điểm; từ 70% đến dưới 100%: 1,5 điểm; "
                              "dưới 70%: 0 điểm",
        "ev": "Báo cáo kết quả kiểm tra, rà soát; văn bản kiến nghị xử lý",
        "kw": "rà soát, hệ thống hóa, kiểm tra văn bản quy phạm pháp luật"}),
    ("2.3", "Kiểm tra, thanh tra việc thực hiện văn bản QPPL trong ngành", 2, {
        "half": True, "rule": "Hoàn thành kế hoạch thanh tra, kiểm tra: 2 điểm; hoàn thành một phần: 1 điểm; "
                              "không thực hiện: 0 điểm",
        "ev": "Kế hoạch và kết luận thanh tra, kiểm tra chuyên ngành", "kw": "kiểm tra chuyên ngành, thanh tra"}),

    ("3", "Cải cách thủ tục hành chính", 16, {"std": 2, "unit": "VP"}),
    ("3.1", "Rà soát, đơn giản hóa thủ tục hành chính", 4, {}),
    ("3.1.1", "Ban hành kế hoạch rà soát, đánh giá TTHC", 1, {
        "rule": "Có kế hoạch: 1 điểm; không: 0 điểm", "ev": "Kế hoạch rà soát, đánh giá TTHC năm",
        "kw": "rà soát thủ tục hành chính"}),
    ("3.1.2", "Thực hiện rà soát, kiến nghị đơn giản hóa TTHC", 3, {
        "half": True, "rule": "Hoàn thành kế hoạch và có kiến nghị đơn giản hóa: 3 điểm; hoàn thành không có kiến "
                              "nghị: 1,5 điểm; không hoàn thành: 0 điểm",
        "ev": "Báo cáo kết quả rà soát; phương án đơn giản hóa", "kw": "đơn giản hóa, rà soát các quy định"}),
    ("3.2", "Công bố, công khai thủ tục hành chính", 4, {"unit": "QLTM"}),
    ("3.2.1", "Tham mưu công bố danh mục TTHC kịp thời", 2, {
        "rule": "Đúng thời hạn: 2 điểm; chậm: 0 điểm", "ev": "Quyết định công bố danh mục TTHC",
        "kw": "công bố thủ tục hành chính, danh mục"}),
    ("3.2.2", "Công khai TTHC tại Bộ phận một cửa và Cổng dịch vụ công", 2, {
        "rule": "Công khai đầy đủ, đúng quy định: 2 điểm; không đầy đủ: 0 điểm",
        "ev": "Ảnh chụp nơi niêm yết; đường dẫn trên Cổng dịch vụ công", "kw": "công khai thủ tục hành chính, một cửa"}),
    ("3.3", "Thực hiện cơ chế một cửa, một cửa liên thông", 5, {}),
    ("3.3.1", "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn", 3, {
        "half": True, "rule": "Từ 98% trở lên: 3 điểm; từ 90% đến dưới 98%: 2 điểm; từ 80% đến dưới 90%: 1 điểm; "
                              "dưới 80%: 0 điểm",
        "ev": "Báo cáo tình hình giải quyết TTHC; số liệu Hệ thống thông tin giải quyết TTHC",
        "kw": "giải quyết thủ tục hành chính, đúng hạn"}),
    ("3.3.2", "Xin lỗi người dân, tổ chức khi giải quyết hồ sơ quá hạn", 2, {
        "rule": "Có văn bản xin lỗi với 100% hồ sơ quá hạn (hoặc không có hồ sơ quá hạn): 2 điểm; không: 0 điểm",
        "ev": "Phiếu xin lỗi và hẹn lại ngày trả kết quả"}),
    ("3.4", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", 3, {
        "half": True, "rule": "Số hóa 100% hồ sơ tiếp nhận: 3 điểm; từ 80% đến dưới 100%: 1,5 điểm; dưới 80%: 0 điểm",
        "ev": "Báo cáo kết quả số hóa", "kw": "số hóa, kết quả giải quyết"}),

    ("4", "Cải cách tổ chức bộ máy hành chính nhà nước", 8, {"std": 3, "unit": "VP"}),
    ("4.1", "Sắp xếp tổ chức bộ máy", 4, {}),
    ("4.1.1", "Quy định chức năng, nhiệm vụ các phòng, đơn vị đúng quy định", 2, {
        "rule": "Đúng quy định: 2 điểm; không: 0 điểm", "ev": "Quyết định quy định chức năng, nhiệm vụ",
        "kw": "chức năng, nhiệm vụ, quyền hạn"}),
    ("4.1.2", "Sắp xếp, kiện toàn đơn vị sự nghiệp công lập", 2, {
        "half": True, "rule": "Hoàn thành theo lộ trình: 2 điểm; chậm lộ trình: 1 điểm; không thực hiện: 0 điểm",
        "ev": "Đề án, quyết định sắp xếp", "kw": "sắp xếp tổ chức bộ máy, kiện toàn"}),
    ("4.2", "Phân cấp, ủy quyền", 2, {
        "rule": "Thực hiện đầy đủ phân cấp, ủy quyền được giao: 2 điểm; không: 0 điểm",
        "ev": "Quyết định phân cấp, ủy quyền", "kw": "phân cấp, phân quyền, ủy quyền"}),
    ("4.3", "Kiểm tra tình hình tổ chức và hoạt động của đơn vị trực thuộc", 2, {
        "half": True, "rule": "Kiểm tra theo kế hoạch: 2 điểm; kiểm tra một phần: 1 điểm; không: 0 điểm",
        "ev": "Kế hoạch và báo cáo kết quả kiểm tra", "kw": "kiểm tra, giám sát"}),

    ("5", "Cải cách chế độ công vụ", 12, {"std": 4, "unit": "VP"}),
    ("5.1", "Vị trí việc làm", 4, {}),
    ("5.1.1", "Đề án vị trí việc làm được phê duyệt", 2, {
        "rule": "Được phê duyệt: 2 điểm; chưa: 0 điểm", "ev": "Quyết định phê duyệt vị trí việc làm",
        "kw": "vị trí việc làm"}),
    ("5.1.2", "Bố trí công chức, viên chức theo vị trí việc làm", 2, {
        "half": True, "rule": "Bố trí đúng 100%: 2 điểm; từ 90% đến dưới 100%: 1 điểm; dưới 90%: 0 điểm",
        "ev": "Báo cáo bố trí công chức theo vị trí việc làm", "kw": "cơ cấu, sắp xếp lại đội ngũ công chức"}),
    ("5.2", "Tuyển dụng, đánh giá, xếp loại công chức, viên chức", 3, {
        "half": True, "rule": "Đúng quy định: 3 điểm; có sai sót được khắc phục: 1,5 điểm; sai phạm: 0 điểm",
        "ev": "Kết quả đánh giá, xếp loại công chức, viên chức năm", "kw": "đánh giá, phân loại cán bộ"}),
    ("5.3", "Đào tạo, bồi dưỡng công chức, viên chức", 3, {}),
    ("5.3.1", "Ban hành kế hoạch đào tạo, bồi dưỡng", 1, {
        "rule": "Có kế hoạch: 1 điểm; không: 0 điểm", "ev": "Kế hoạch đào tạo, bồi dưỡng năm",
        "kw": "đào tạo, bồi dưỡng"}),
    ("5.3.2", "Mức độ hoàn thành kế hoạch đào tạo, bồi dưỡng", 2, {
        "half": True, "rule": "Hoàn thành 100%: 2 điểm; từ 80% đến dưới 100%: 1 điểm; dưới 80%: 0 điểm",
        "ev": "Báo cáo kết quả đào tạo, bồi dưỡng", "kw": "bồi dưỡng, tập huấn"}),
    ("5.4", "Kỷ luật, kỷ cương hành chính", 2, {
        "unit": "TTr", "rule": "Không có công chức bị kỷ luật: 2 điểm; có: 0 điểm",
        "ev": "Báo cáo thanh tra, kiểm tra công vụ", "kw": "kỷ luật, kỷ cương, công vụ"}),

    ("6", "Cải cách tài chính công", 8, {"std": 5, "unit": "VP"}),
    ("6.1", "Thực hiện cơ chế tự chủ tài chính", 4, {}),
    ("6.1.1", "Ban hành, thực hiện quy chế chi tiêu nội bộ", 2, {
        "rule": "Ban hành và thực hiện đúng: 2 điểm; không: 0 điểm", "ev": "Quy chế chi tiêu nội bộ",
        "kw": "quy chế chi tiêu nội bộ, ngân sách"}),
    ("6.1.2", "Tự chủ tài chính của đơn vị sự nghiệp công lập", 2, {
        "half": True, "rule": "Đạt lộ trình tự chủ: 2 điểm; đạt một phần: 1 điểm; không đạt: 0 điểm",
        "ev": "Quyết định giao quyền tự chủ; báo cáo tài chính", "kw": "tự chủ tài chính, đơn vị sự nghiệp"}),
    ("6.2", "Quản lý, sử dụng tài sản công", 2, {
        "rule": "Đúng quy định: 2 điểm; có sai phạm: 0 điểm", "ev": "Báo cáo kê khai tài sản công",
        "kw": "tài sản công"}),
    ("6.3", "Công khai tài chính, ngân sách", 2, {
        "rule": "Công khai đầy đủ, đúng hạn: 2 điểm; không: 0 điểm", "ev": "Quyết định công bố công khai dự toán",
        "kw": "công khai tài chính, dự toán"}),

    ("7", "Xây dựng chính quyền điện tử, chính quyền số", 16, {"std": 6, "unit": "VP"}),
    ("7.1", "Ứng dụng công nghệ thông tin trong chỉ đạo, điều hành", 4, {}),
    ("7.1.1", "Gửi, nhận văn bản điện tử có ký số", 2, {
        "half": True, "rule": "Từ 95% trở lên: 2 điểm; từ 80% đến dưới 95%: 1 điểm; dưới 80%: 0 điểm",
        "ev": "Số liệu Hệ thống quản lý văn bản và điều hành", "kw": "văn bản điện tử, chữ ký số"}),
    ("7.1.2", "Sử dụng Hệ thống quản lý văn bản và điều hành", 2, {
        "rule": "100% công chức sử dụng: 2 điểm; không: 0 điểm", "ev": "Báo cáo sử dụng hệ thống",
        "kw": "quản lý văn bản và điều hành, công nghệ thông tin"}),
    ("7.2", "Dịch vụ công trực tuyến", 6, {}),
    ("7.2.1", "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến toàn trình", 3, {
        "half": True, "rule": "Từ 80% trở lên: 3 điểm; từ 50% đến dưới 80%: 1,5 điểm; dưới 50%: 0 điểm",
        "ev": "Danh mục dịch vụ công trực tuyến; số liệu Cổng dịch vụ công", "kw": "dịch vụ công trực tuyến"}),
    ("7.2.2", "Tỷ lệ hồ sơ nộp trực tuyến", 3, {
        "half": True, "rule": "Từ 70% trở lên: 3 điểm; từ 40% đến dưới 70%: 1,5 điểm; dưới 40%: 0 điểm",
        "ev": "Số liệu Hệ thống thông tin giải quyết TTHC", "kw": "trực tuyến, môi trường mạng"}),
    ("7.3", "Chuyển đổi số, cơ sở dữ liệu chuyên ngành", 4, {
        "unit": "TTKC-XTTM", "half": True,
        "rule": "Hoàn thành kế hoạch chuyển đổi số: 4 điểm; hoàn thành một phần: 2 điểm; không: 0 điểm",
        "ev": "Kế hoạch và báo cáo chuyển đổi số", "kw": "chuyển đổi số, dữ liệu, số hóa"}),
    ("7.4", "Hệ thống quản lý chất lượng ISO, an toàn thông tin", 2, {
        "rule": "Duy trì, cải tiến ISO và bảo đảm an toàn thông tin: 2 điểm; không: 0 điểm",
        "ev": "Quyết định công bố ISO; báo cáo an toàn thông tin", "kw": "ISO, an toàn thông tin"}),

    ("8", "Tác động của cải cách hành chính", 18, {"unit": "VP"}),
    ("8.1", "Mức độ hài lòng của người dân, tổ chức", 8, {
        "half": True, "rule": "Từ 90% trở lên: 8 điểm; từ 80% đến dưới 90%: 6 điểm; từ 70% đến dưới 80%: 4 điểm; "
                              "dưới 70%: 0 điểm",
        "ev": "Kết quả khảo sát, đánh giá mức độ hài lòng", "kw": "hài lòng, đánh giá chất lượng"}),
    ("8.2", "Tác động đến phát triển kinh tế - xã hội của ngành", 6, {}),
    ("8.2.1", "Cải thiện môi trường đầu tư, kinh doanh", 3, {
        "half": True, "rule": "Có giải pháp và kết quả cụ thể: 3 điểm; có giải pháp: 1,5 điểm; không: 0 điểm",
        "ev": "Báo cáo kết quả cải thiện môi trường đầu tư", "kw": "môi trường đầu tư, kinh doanh"}),
    ("8.2.2", "Kết quả chỉ số năng lực cạnh tranh cấp tỉnh (PCI) thuộc ngành", 3, {
        "half": True, "rule": "Chỉ số thành phần tăng điểm: 3 điểm; giữ nguyên: 1,5 điểm; giảm: 0 điểm",
        "ev": "Báo cáo kết quả PCI", "kw": "năng lực cạnh tranh"}),
    ("8.3", "Thực hiện các nhiệm vụ được UBND tỉnh giao", 4, {
        "half": True, "rule": "Hoàn thành đúng hạn 100%: 4 điểm; mỗi nhiệm vụ chậm hạn: trừ 0,5 điểm",
        "ev": "Báo cáo theo dõi nhiệm vụ được giao", "kw": "nhiệm vụ được giao"}),

    ("T", "Điểm thưởng", 5, {"kind": BONUS}),
    ("T.1", "Sáng kiến CCHC được cấp có thẩm quyền công nhận", 2, {
        "rule": "Mỗi sáng kiến: 1 điểm, tối đa 2 điểm", "ev": "Quyết định công nhận sáng kiến", "kw": "sáng kiến"}),
    ("T.2", "Được khen thưởng về cải cách hành chính", 3, {
        "half": True, "rule": "Bằng khen của Thủ tướng: 3 điểm; của Bộ, UBND tỉnh: 1,5 điểm",
        "ev": "Quyết định khen thưởng", "kw": "khen thưởng"}),
    ("Tr", "Điểm trừ", 5, {"kind": PENALTY}),
    ("Tr.1", "Để xảy ra sai phạm trong giải quyết TTHC bị cơ quan có thẩm quyền kết luận", 3, {
        "rule": "Mỗi trường hợp: trừ 1 điểm, tối đa 3 điểm", "ev": "Kết luận thanh tra, kiểm tra"}),
    ("Tr.2", "Chậm gửi báo cáo CCHC định kỳ", 2, {
        "half": True, "rule": "Mỗi báo cáo chậm: trừ 0,5 điểm, tối đa 2 điểm", "ev": "Theo dõi của Sở Nội vụ"}),
]


def _rows_2025() -> list[tuple]:
    """2025: the same shape, with a few changes (no 3.4 on digitising: its points with 3.3; 8.3 worded
    otherwise)."""
    changed = {"3.3": 8, "3.3.1": 5, "3.3.2": 3}
    out = []
    for code, title, most, options in ROWS_2026:
        if code == "3.4":
            continue
        if code == "8.3":
            title = "Thực hiện các nhiệm vụ trọng tâm được UBND tỉnh giao trong năm"
        if code == "3.3.1":
            options = {**options, "rule": "Từ 95% trở lên: 5 điểm; từ 85% đến dưới 95%: 3 điểm; dưới 85%: 0 điểm"}
        out.append((code, title, changed.get(code, most), options))
    return out


def _rows(spec: list[tuple], units: dict) -> list[framework.CriterionData]:
    rows = []
    for code, title, most, options in spec:
        parent = code.rsplit(".", 1)[0] if "." in code else ""
        unit = units.get(options.get("unit")) if options.get("unit") else None
        is_leaf = not any(c.startswith(code + ".") for c, *_ in spec)
        rows.append(framework.CriterionData(
            code=code, title=title, max_score=float(most), parent_code=parent, kind=options.get("kind", ""),
            allows_half=options.get("half", False), rule=options.get("rule", ""),
            evidence_asked=options.get("ev", EVIDENCE if is_leaf else ""), keywords=options.get("kw", ""),
            standard_area=options.get("std"), unit_id=unit.id if unit is not None else None))
    return rows


def _deadlines(year: int, today: date | None, current: bool) -> dict:
    """The stages' deadlines of ``year``: 30/11, 15/12, 25/12 and 15/01; those of the ``current`` year (left
    in self-scoring) all moved later when the demo is loaded (``today``) less than two weeks before its
    self-scoring deadline, so that the units can still draft (rounds.deadline_error)."""
    dates = {"self_deadline": date(year, 11, 30), "appraisal1_deadline": date(year, 12, 15),
             "explanation_deadline": date(year, 12, 25), "appraisal2_deadline": date(year + 1, 1, 15)}
    if current and today is not None:
        shift = max(today + timedelta(days=14) - dates["self_deadline"], timedelta(0))
        dates = {name: on + shift for name, on in dates.items()}
    return dates


def load_demo_index_framework(actor, units: dict, today: date | None = None) -> list:
    """The 2025 and 2026 example frameworks (``units``: short name → Unit; ``today``: the day the demo is
    loaded, which the current year's deadlines follow)."""
    made = []
    for year, spec in ((2025, _rows_2025()), (2026, ROWS_2026)):
        index_year = framework.create_year(actor, year, framework.YearData(
            title=f"{TITLE} năm {year}", source=SOURCE, **_deadlines(year, today, year == 2026)), is_example=True)
        framework.replace_framework(actor, index_year, _rows(spec, units))
        made.append(index_year)
    return made
