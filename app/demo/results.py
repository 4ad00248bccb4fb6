"""What each task of the demo's annual plan reports, as a unit of a Sở Công Thương writes it: what was
done, with its numbers and documents, drawn from the task itself (data.py, the department's published
plan). Deterministic: a task's text depends only on the task and how far along its story is.

Each task has a ``done`` text (the finished work, its figures and documents) and a ``going`` text (the
work under way); ``{n}`` in ``going`` is the part of ``total`` reached at the entry's percent, so the
figure grows from one period to the next, and ``{total}`` the whole. The openings are those the demo's
checks expect (tests/db/test_demo_dates.py): "Đã …" when done, "Đang …" under way, "Chưa triển khai …"
not started, "Chưa thể …" when it cannot be carried out.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    done: str
    going: str
    total: int = 0


# By the opening words of the task's title (unique among the plan's tasks).
RESULTS = {
    # -- Cải cách thể chế
    "Tham mưu xây dựng và tổ chức thực hiện cơ chế, chính sách": Result(
        "Đã tham mưu UBND tỉnh ban hành 03 văn bản về cơ chế, chính sách thu hút đầu tư vào cụm công nghiệp và "
        "phát triển thương mại nông thôn; góp ý 12 dự thảo văn bản của các sở, ngành về môi trường đầu tư, kinh doanh.",
        "Đang tham mưu; đã góp ý {n}/{total} dự thảo văn bản của các sở, ngành về môi trường đầu tư, kinh doanh, "
        "đang hoàn thiện dự thảo chính sách hỗ trợ đầu tư hạ tầng cụm công nghiệp.", 12),
    "Nâng cao chất lượng công tác tham mưu xây dựng văn bản quy phạm": Result(
        "Đã tham mưu UBND tỉnh ban hành 04 quyết định quy phạm pháp luật lĩnh vực công thương; 100% dự thảo được "
        "lấy ý kiến rộng rãi và thẩm định trước khi trình, không có văn bản phải sửa đổi do sai sót.",
        "Đang thực hiện; đã trình {n}/{total} dự thảo quyết định quy phạm pháp luật theo Chương trình xây dựng "
        "văn bản của UBND tỉnh, các dự thảo đều được đăng tải lấy ý kiến 30 ngày trên Trang thông tin điện tử của Sở.", 4),
    "Tăng cường kiểm tra, rà soát văn bản quy phạm pháp luật": Result(
        "Đã rà soát 46 văn bản quy phạm pháp luật do HĐND, UBND tỉnh ban hành thuộc lĩnh vực công thương; phát hiện "
        "05 văn bản hết hiệu lực, 02 văn bản cần sửa đổi, đã kiến nghị UBND tỉnh xử lý tại Báo cáo số 86/BC-SCT.",
        "Đang rà soát; đã rà soát {n}/{total} văn bản quy phạm pháp luật thuộc lĩnh vực công thương, bước đầu "
        "phát hiện 02 văn bản có nội dung không còn phù hợp.", 46),
    # -- Cải cách thủ tục hành chính
    "Rà soát, hoàn thiện danh mục thủ tục hành chính đủ điều kiện": Result(
        "Đã rà soát 128 thủ tục hành chính thuộc thẩm quyền giải quyết của Sở; trình UBND tỉnh công bố danh mục 121 "
        "thủ tục cung cấp dịch vụ công trực tuyến toàn trình và 07 thủ tục một phần.",
        "Đang rà soát; đã rà soát {n}/{total} thủ tục hành chính để xác định mức độ cung cấp dịch vụ công trực tuyến.",
        128),
    "Rà soát, cập nhật bổ sung kịp thời, đồng bộ thủ tục hành chính": Result(
        "Đã tham mưu công bố 03 quyết định sửa đổi, bổ sung 24 thủ tục hành chính và quy trình nội bộ lĩnh vực "
        "điện, hóa chất, xúc tiến thương mại; cấu hình đầy đủ 24 thủ tục trên phần mềm một cửa.",
        "Đang cập nhật; đã cấu hình lại {n}/{total} thủ tục hành chính được sửa đổi, bổ sung (thời gian, thành phần "
        "hồ sơ) trên phần mềm một cửa điện tử.", 24),
    "Rà soát các quy định, thủ tục hành chính nhằm kiến nghị": Result(
        "Đã rà soát 18 thủ tục hành chính theo kế hoạch; kiến nghị đơn giản hóa 06 thủ tục lĩnh vực kinh doanh khí, "
        "phân bón, cắt giảm bình quân 20% thời gian giải quyết (Tờ trình số 41/TTr-SCT).",
        "Đang rà soát; đã rà soát {n}/{total} thủ tục hành chính trong kế hoạch, đang xây dựng phương án đơn giản "
        "hóa trình Chủ tịch UBND tỉnh.", 18),
    "Thường xuyên, kịp thời cập nhật, công khai thủ tục hành chính": Result(
        "Đã niêm yết, công khai đầy đủ 128 thủ tục hành chính tại Bộ phận một cửa và trên Trang thông tin điện tử "
        "của Sở, kèm số điện thoại tiếp nhận phản ánh, kiến nghị.",
        "Đang thực hiện thường xuyên; 128 thủ tục hành chính được niêm yết tại Bộ phận một cửa, đã cập nhật "
        "{n}/{total} thủ tục vừa được sửa đổi, bổ sung trên Trang thông tin điện tử của Sở.", 24),
    "Tổ chức tập huấn, hướng dẫn nghiệp vụ kiểm soát thủ tục hành chính": Result(
        "Đã tổ chức 02 lớp tập huấn nghiệp vụ kiểm soát thủ tục hành chính cho 86 lượt công chức; kiểm tra 04 phòng, "
        "đơn vị thuộc Sở, ban hành Kết luận kiểm tra số 15/KL-TTr.",
        "Đang triển khai; đã tổ chức 01 lớp tập huấn cho 45 công chức, kiểm tra {n}/{total} phòng, đơn vị thuộc Sở "
        "về công tác kiểm soát thủ tục hành chính.", 4),
    "Thực hiện việc số hóa kết quả giải quyết thủ tục hành chính còn hiệu lực": Result(
        "Đã số hóa 6.420 kết quả giải quyết thủ tục hành chính còn hiệu lực, đạt 100% hồ sơ của năm; dữ liệu được "
        "kết nối với Kho quản lý dữ liệu điện tử của tổ chức, cá nhân.",
        "Đang số hóa; đã số hóa {n}/{total} kết quả giải quyết thủ tục hành chính còn hiệu lực thuộc thẩm quyền "
        "của Sở.", 6420),
    "Hoàn thành việc hợp nhất Cổng dịch vụ công": Result(
        "Đã hoàn thành hợp nhất Cổng dịch vụ công với Hệ thống thông tin một cửa điện tử của Sở; 128 thủ tục được "
        "chuyển sang Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh, vận hành thống nhất.",
        "Đang phối hợp với Sở Khoa học và Công nghệ chuyển dữ liệu; đã chuyển {n}/{total} thủ tục hành chính sang "
        "Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh.", 128),
    "Hoàn thành việc kết nối, tích hợp, chia sẻ dữ liệu": Result(
        "Đã kết nối, tích hợp 03 phần mềm (một cửa điện tử, quản lý văn bản, cấp phép hóa chất) với Nền tảng tích "
        "hợp, chia sẻ dữ liệu của tỉnh; nghiệm thu kết nối theo Biên bản số 09/BB-SCT.",
        "Đang kết nối; đã tích hợp {n}/{total} phần mềm ứng dụng với Nền tảng tích hợp, chia sẻ dữ liệu của tỉnh, "
        "đang chạy thử đồng bộ dữ liệu hồ sơ.", 3),
    "Thực hiện đánh giá chất lượng giải quyết thủ tục hành chính": Result(
        "Đã đánh giá 6.420 hồ sơ giải quyết thủ tục hành chính qua hệ thống giám sát, đánh giá tự động; tiếp nhận "
        "35 ý kiến góp ý của người dân, doanh nghiệp, đã phản hồi đủ 35 ý kiến.",
        "Đang thực hiện thường xuyên; đã ghi nhận {n} lượt đánh giá của người dân, doanh nghiệp trên hệ thống, "
        "các ý kiến góp ý được phản hồi trong 05 ngày làm việc.", 2400),
    "Triển khai lưu trữ hoặc chia sẻ thông tin giải quyết thủ tục hành chính": Result(
        "Đã chia sẻ dữ liệu 5.860 hồ sơ giải quyết thủ tục hành chính với Cơ sở dữ liệu quốc gia về dân cư và "
        "Cơ sở dữ liệu đăng ký doanh nghiệp; không phát sinh yêu cầu bổ sung giấy tờ đã có trong cơ sở dữ liệu.",
        "Đang thực hiện; đã chia sẻ thông tin {n} hồ sơ giải quyết thủ tục hành chính qua Nền tảng tích hợp, chia "
        "sẻ dữ liệu của tỉnh.", 5860),
    # -- Cải cách tổ chức bộ máy hành chính nhà nước
    "Tiếp tục thực hiện Nghị định số 107/2020/NĐ-CP": Result(
        "Đã ban hành Quyết định số 28/QĐ-SCT quy định chức năng, nhiệm vụ của 07 phòng, đơn vị thuộc Sở theo Nghị "
        "định số 107/2020/NĐ-CP; giảm 01 đầu mối cấp phòng.",
        "Đang thực hiện; đã rà soát chức năng, nhiệm vụ của {n}/{total} phòng, đơn vị thuộc Sở, dự thảo quyết định "
        "quy định chức năng, nhiệm vụ đang lấy ý kiến.", 7),
    "Tổ chức tổng kết việc thí điểm sắp xếp tổ chức bộ máy": Result(
        "Đã tổ chức hội nghị tổng kết việc thí điểm sắp xếp tổ chức bộ máy với 65 đại biểu; gửi Báo cáo tổng kết số "
        "112/BC-SCT đến Ban Tổ chức Tỉnh ủy và Sở Nội vụ.",
        "Đang tổng hợp; đã nhận báo cáo của {n}/{total} phòng, đơn vị thuộc Sở để xây dựng báo cáo tổng kết.", 7),
    "Triển khai thực hiện các quy định mới của Trung ương về tiêu chí phân loại": Result(
        "Đã xây dựng Đề án sắp xếp Trung tâm Khuyến công và Xúc tiến thương mại, trình UBND tỉnh phê duyệt; đơn vị "
        "sự nghiệp đáp ứng tiêu chí phân loại theo quy định mới.",
        "Đang triển khai; đã rà soát {n}/{total} tiêu chí phân loại, điều kiện thành lập đối với Trung tâm Khuyến "
        "công và Xúc tiến thương mại, đang xây dựng dự thảo Đề án.", 9),
    "Tăng cường phân cấp, phân quyền mạnh mẽ": Result(
        "Đã đề xuất UBND tỉnh phân cấp cho UBND cấp huyện 04 nhiệm vụ (cấp giấy phép bán lẻ rượu, sản phẩm thuốc lá, "
        "quản lý cụm công nghiệp) tại Tờ trình số 56/TTr-SCT.",
        "Đang rà soát; đã rà soát {n}/{total} nhiệm vụ có thể phân cấp cho UBND cấp huyện, đang lấy ý kiến các địa "
        "phương.", 11),
    # -- Cải cách chế độ công vụ
    "Tổ chức thực hiện nghiêm Nghị định 115/2020/NĐ-CP": Result(
        "Đã tuyển dụng 03 công chức, bổ nhiệm lại 02 lãnh đạo cấp phòng đúng quy trình; công khai kết quả trên Trang "
        "thông tin điện tử của Sở.",
        "Đang thực hiện; đã hoàn thành quy trình bổ nhiệm lại {n}/{total} lãnh đạo cấp phòng đến hạn, đang tổ chức "
        "xét tuyển công chức.", 2),
    "Xây dựng ban hành Đề án vị trí việc làm": Result(
        "Đã ban hành Đề án vị trí việc làm với 58 vị trí (12 lãnh đạo, quản lý; 38 chuyên môn, nghiệp vụ; 08 hỗ trợ, "
        "phục vụ), được Sở Nội vụ thẩm định.",
        "Đang xây dựng; đã hoàn thiện bản mô tả, khung năng lực {n}/{total} vị trí việc làm, đang lấy ý kiến Sở Nội vụ.",
        58),
    "Triển khai bồi dưỡng cán bộ, công chức, viên chức": Result(
        "Đã cử 74 lượt công chức, viên chức tham gia bồi dưỡng chuyên môn, nghiệp vụ, đạo đức công vụ, kỹ năng "
        "giao tiếp; 100% đạt yêu cầu.",
        "Đang thực hiện theo Kế hoạch bồi dưỡng năm; đã cử {n}/{total} lượt công chức, viên chức tham gia các lớp "
        "bồi dưỡng.", 74),
    "Triển khai thực hiện đồng bộ trong việc quản lý hồ sơ điện tử": Result(
        "Đã cập nhật đầy đủ 96 hồ sơ điện tử cán bộ, công chức, viên chức lên Cơ sở dữ liệu cán bộ, công chức của "
        "tỉnh; dữ liệu được đồng bộ với Cơ sở dữ liệu quốc gia.",
        "Đang cập nhật; đã cập nhật {n}/{total} hồ sơ điện tử cán bộ, công chức, viên chức lên Cơ sở dữ liệu của tỉnh.",
        96),
    # -- Cải cách tài chính công
    "Xây dựng định mức kinh tế kỹ thuật dịch vụ sự nghiệp công": Result(
        "Đã xây dựng 08 định mức kinh tế - kỹ thuật dịch vụ khuyến công, trình UBND tỉnh ban hành (Tờ trình số "
        "64/TTr-SCT).",
        "Đang xây dựng; đã hoàn thành dự thảo {n}/{total} định mức kinh tế - kỹ thuật dịch vụ khuyến công, đang lấy "
        "ý kiến Sở Tài chính.", 8),
    "Tổ chức thực hiện có hiệu quả Luật Ngân sách nhà nước": Result(
        "Đã ban hành Quy chế chi tiêu nội bộ năm của Sở (Quyết định số 17/QĐ-SCT); tiết kiệm 10% chi thường xuyên, "
        "tương đương 412 triệu đồng.",
        "Đang thực hiện; đã giải ngân {n}% dự toán chi thường xuyên được giao, thực hiện khoán kinh phí quản lý "
        "hành chính theo Quy chế chi tiêu nội bộ.", 100),
    "Triển khai thực hiện quy định về cơ chế tự chủ tài chính": Result(
        "Đã phê duyệt phương án tự chủ tài chính của Trung tâm Khuyến công và Xúc tiến thương mại giai đoạn mới "
        "(tự bảo đảm một phần chi thường xuyên, mức 32%).",
        "Đang hướng dẫn Trung tâm Khuyến công và Xúc tiến thương mại xây dựng phương án tự chủ; đã rà soát {n}/{total} "
        "nguồn thu sự nghiệp.", 6),
    "Tăng cường thanh tra, kiểm tra, giám sát việc thực hiện các quy định pháp luật về sử dụng ngân sách": Result(
        "Đã kiểm tra việc sử dụng ngân sách tại 03 đơn vị; kiến nghị thu hồi 18,6 triệu đồng chi sai chế độ, đã nộp "
        "ngân sách đủ (Thông báo số 22/TB-SCT).",
        "Đang kiểm tra; đã kiểm tra {n}/{total} đơn vị sử dụng ngân sách thuộc Sở theo kế hoạch.", 3),
    "Tổng hợp dự toán kinh phí thực hiện công tác cải cách hành chính": Result(
        "Đã tổng hợp, trình phê duyệt dự toán kinh phí cải cách hành chính của Sở 285 triệu đồng, phân bổ cho 07 "
        "phòng, đơn vị.",
        "Đang thực hiện; đã giải ngân {n}% kinh phí cải cách hành chính được phân bổ (285 triệu đồng).", 100),
    # -- Chính quyền điện tử, chính quyền số
    "Vận hành, phát triển Chính quyền điện tử": Result(
        "Đã vận hành ổn định hệ thống một cửa điện tử, quản lý văn bản; gửi, nhận 9.800 văn bản điện tử có ký số "
        "qua trục liên thông văn bản quốc gia, kết nối 02 cơ sở dữ liệu chuyên ngành của Bộ Công Thương.",
        "Đang vận hành; đã gửi, nhận {n} văn bản điện tử có ký số qua trục liên thông văn bản quốc gia.", 9800),
    "Góp phần phát triển Chính quyền điện tử, chính quyền số phải gắn với bảo đảm an toàn": Result(
        "Đã phê duyệt hồ sơ đề xuất cấp độ an toàn hệ thống thông tin cho 02 hệ thống, diễn tập ứng cứu sự cố 01 lần; "
        "không để xảy ra sự cố mất an toàn thông tin.",
        "Đang triển khai; đã rà soát, vá lỗ hổng {n}/{total} máy trạm, máy chủ theo cảnh báo của Sở Khoa học và Công "
        "nghệ.", 85),
    "Thực hiện ứng dụng công nghệ thông tin trong chỉ đạo, điều hành": Result(
        "Đã cấp chữ ký số cho 12 lãnh đạo và 52 công chức; lãnh đạo Sở chỉ đạo, giao việc qua Hệ thống quản lý văn "
        "bản và điều hành với 4.150 hồ sơ công việc.",
        "Đang thực hiện; {n}/{total} công chức đã được cấp và sử dụng chữ ký số cá nhân trong xử lý văn bản.", 64),
    "Tiếp tục khai thác, sử dụng và nâng cấp theo yêu cầu Hệ thống quản lý văn bản": Result(
        "Đã nâng cấp Hệ thống quản lý văn bản và điều hành, bổ sung chức năng lập hồ sơ điện tử theo Nghị định số "
        "30/2020/NĐ-CP; lập và lưu trữ điện tử 4.150 hồ sơ công việc của năm.",
        "Đang khai thác; đã lập {n}/{total} hồ sơ điện tử theo danh mục hồ sơ của năm trên Hệ thống quản lý văn bản "
        "và điều hành.", 4150),
    "Tiếp tục số hóa hồ sơ, kết quả giải quyết thủ tục hành chính": Result(
        "Đã số hóa 100% hồ sơ tiếp nhận trong năm (6.420 hồ sơ) và 3.150 kết quả giải quyết còn hiệu lực của các năm "
        "trước, đưa vào Kho dữ liệu của Sở.",
        "Đang số hóa; đã số hóa {n}/{total} kết quả giải quyết thủ tục hành chính của các năm trước.", 3150),
    "Tăng cường giải quyết thủ tục hành chính hoàn toàn trên môi trường mạng": Result(
        "Đã tiếp nhận, giải quyết trực tuyến 6.420 hồ sơ thủ tục hành chính qua hệ thống motcua.dongnai.gov.vn; thu "
        "phí, lệ phí trực tuyến 1.280 hồ sơ.",
        "Đang thực hiện thường xuyên; đã tiếp nhận trực tuyến {n}/{total} hồ sơ thủ tục hành chính qua hệ thống "
        "motcua.dongnai.gov.vn.", 6420),
    "Tiếp tục duy trì thực hiện hiệu quả hệ thống quản lý ISO": Result(
        "Đã công bố lại Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 với 128 quy trình (Quyết định số "
        "35/QĐ-SCT); đánh giá nội bộ 01 lần, không có điểm không phù hợp.",
        "Đang duy trì; đã cập nhật {n}/{total} quy trình ISO theo thủ tục hành chính được sửa đổi, bổ sung.", 24),
    "Tiếp tục kiện toàn, nâng cấp Trang thông tin điện tử": Result(
        "Đã nâng cấp Trang thông tin điện tử của Sở, bổ sung chuyên mục cải cách hành chính và tra cứu hồ sơ; đăng "
        "tải 146 tin, bài, văn bản.",
        "Đang nâng cấp; đã đăng tải {n} tin, bài, văn bản về cải cách hành chính, đang chạy thử giao diện mới.", 146),
    # -- Công tác chỉ đạo, điều hành
    "Xây dựng Kế hoạch kiểm soát thủ tục hành chính": Result(
        "Đã ban hành 04 kế hoạch: kiểm soát thủ tục hành chính, kiểm tra cải cách hành chính, tuyên truyền cải cách "
        "hành chính và số hóa hồ sơ; triển khai đến 07 phòng, đơn vị.",
        "Đang xây dựng; đã ban hành {n}/{total} kế hoạch chuyên đề về cải cách hành chính.", 4),
    "Tiếp tục triển khai thực hiện Chương trình số 5720/CTr-SCT": Result(
        "Đã sơ kết giai đoạn thực hiện Chương trình số 5720/CTr-SCT, đánh giá 24 nhiệm vụ, đề xuất điều chỉnh 03 "
        "nhiệm vụ cho giai đoạn tiếp theo (Báo cáo số 195/BC-SCT).",
        "Đang triển khai; đã đánh giá {n}/{total} nhiệm vụ của Chương trình để chuẩn bị sơ kết.", 24),
    "Tăng cường trách nhiệm phối hợp triển khai": Result(
        "Đã ban hành 06 văn bản đôn đốc, chỉ đạo xử lý vướng mắc trong giải quyết thủ tục hành chính liên ngành; "
        "100% vướng mắc được xử lý trong thời hạn.",
        "Đang thực hiện thường xuyên; đã ban hành {n} văn bản đôn đốc các phòng, đơn vị thực hiện nhiệm vụ cải cách "
        "hành chính.", 6),
    "Thực hiện thông tin, tuyên truyền về cải cách hành chính": Result(
        "Đã đăng 38 tin, bài về cải cách hành chính trên Trang thông tin điện tử của Sở, phát 02 phóng sự trên Đài "
        "Phát thanh - Truyền hình tỉnh.",
        "Đang thực hiện; đã đăng {n} tin, bài tuyên truyền về cải cách hành chính trên Trang thông tin điện tử của Sở.",
        38),
    "Tổ chức các chương trình thực tế đối thoại trực tiếp": Result(
        "Đã tổ chức 02 hội nghị đối thoại doanh nghiệp với 180 đại biểu; trả lời tại chỗ 27/31 kiến nghị, 04 kiến "
        "nghị được trả lời bằng văn bản.",
        "Đang chuẩn bị; đã tổ chức {n}/{total} hội nghị đối thoại doanh nghiệp, đang tổng hợp kiến nghị cho hội nghị "
        "tiếp theo.", 2),
    "Tăng cường thực hiện thanh tra, kiểm tra trách nhiệm thực hiện công vụ": Result(
        "Đã kiểm tra công vụ đột xuất 05 lượt tại Bộ phận một cửa và các phòng; không phát hiện vi phạm, nhắc nhở "
        "02 trường hợp (Kết luận số 19/KL-TTr).",
        "Đang kiểm tra; đã thực hiện {n}/{total} lượt kiểm tra công vụ theo kế hoạch.", 5),
    "Tổ chức đánh giá kết quả thực hiện công tác cải cách hành chính năm": Result(
        "Đã tự đánh giá, chấm điểm Chỉ số cải cách hành chính của Sở đạt 87,5/100 điểm, gửi Sở Nội vụ kèm 142 tài "
        "liệu kiểm chứng.",
        "Đang tự đánh giá; đã chấm điểm {n}/{total} tiêu chí thành phần của Bộ chỉ số, đang hoàn thiện tài liệu "
        "kiểm chứng.", 96),
    "Tổng hợp báo cáo cải cách hành chính định kỳ": Result(
        "Đã gửi đủ, đúng hạn 04 báo cáo cải cách hành chính định kỳ và 03 báo cáo đột xuất đến Sở Nội vụ, UBND tỉnh.",
        "Đang thực hiện; đã gửi đúng hạn {n} báo cáo cải cách hành chính định kỳ và đột xuất đến Sở Nội vụ, UBND tỉnh.",
        7),
    "Theo dõi, định kỳ tổng hợp báo cáo kết quả nâng cao chỉ số năng lực cạnh tranh": Result(
        "Đã tổng hợp báo cáo kết quả thực hiện các chỉ số thành phần PCI của ngành; khảo sát 150 doanh nghiệp, "
        "82% đánh giá thủ tục hành chính của Sở thuận lợi.",
        "Đang khảo sát; đã nhận phiếu khảo sát của {n}/{total} doanh nghiệp về chất lượng giải quyết thủ tục hành "
        "chính của Sở.", 150),
}


def result_of(title: str) -> Result | None:
    """The task's own result texts (None for a task not written here)."""
    return next((r for opening, r in RESULTS.items() if title.startswith(opening)), None)


def going_text(result: Result, percent: int) -> str:
    """The work under way at ``percent``: the part reached of the whole, at least one and, the work not
    finished, short of the whole."""
    reached = max(1, min(result.total - 1, result.total * percent // 100)) if result.total > 1 else result.total
    return result.going.format(n=f"{reached:,}".replace(",", "."), total=f"{result.total:,}".replace(",", "."))
