"""The demo department's data (placeholder until the full seed content lands)."""
from datetime import date

DEMO_PASSWORD = "cchc@2026"
PLAN_AUTHOR = "vanphong"

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
]

PLANS = [
    {
        "key": "kh2026", "kind": "annual", "status": "issued", "number": "639/KH-SCT",
        "issued_on": date(2026, 1, 23), "year": 2026,
        "title": "Cải cách hành chính ngành Công Thương năm 2026",
        "basis": ["Kế hoạch số 228/KH-UBND ngày 25/12/2025 của UBND tỉnh về cải cách hành chính tỉnh Đồng Nai năm 2026"],
        "areas": [
            {"name": "Cải cách thủ tục hành chính", "standard_code": 2, "focal": "TTr",
             "targets": [
                 {"text": "Tỷ lệ giải quyết hồ sơ đúng hạn và trước hạn của Sở Công Thương đạt tối thiểu 99%",
                  "metric_kind": "percent", "comparator": ">=", "target_value": 99, "unit_of_measure": "%",
                  "responsible": "TTr"},
             ],
             "tasks": [
                 {"title": "Rà soát, cập nhật bổ sung kịp thời, đồng bộ thủ tục hành chính",
                  "lead": "TTr", "coop": ["QLCN", "QLTM", "QLNL"], "deadline": date(2026, 11, 28),
                  "output": "Quyết định công bố danh mục TTHC", "targets": [0]},
             ]},
        ],
    },
]
