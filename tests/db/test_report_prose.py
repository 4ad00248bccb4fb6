"""The report's prose (issue #24 points 3 and 6): proposals for the province only, near-duplicates
merged and attributed to every unit, internal asks set apart for the Office; the units'
difficulties grouped by theme; text normalised; a task's section I group suggested from its title."""
import pytest

from app.extensions import db
from app.reports.compose import build_report
from app.plans.topics import topic_from_title
from app.reports.wording import ReportSettings, document_citation, is_internal, proposals_of, tidy
from tests.factories import make_progress_entry, make_task
from tests.signin import sign_in
from tests.db.report_helpers import PROPOSAL, quarter

SETTINGS = ReportSettings()
OWN = ["van phong so", "vp", "thanh tra so", "ttr", "phong ke hoach - tai chinh - tong hop", "kh-tc-th"]
ASKS = [  # (unit, proposal)
    ("ttr", "Đề nghị Văn phòng Sở hướng dẫn thống nhất biểu mẫu báo cáo giữa các đơn vị."),
    ("khtc", "đề nghị Phòng Kế hoạch - Tài chính - Tổng hợp bố trí kinh phí số hóa"),
    ("ttr", "Kiến nghị Lãnh đạo Sở quan tâm bổ sung biên chế cho Thanh tra"),
    ("khtc", "Đề nghị các phòng phối hợp cung cấp số liệu đúng hạn"),
    ("khtc", "Đề nghị Sở Nội vụ tổ chức tập huấn kiểm soát thủ tục hành chính."),  # PROPOSAL again, other unit
    ("ttr", "Đề nghị UBND tỉnh bố trí kinh phí số hóa hồ sơ thủ tục hành chính"),
]


@pytest.fixture
def asked(org):
    q = quarter(org)
    units = {"ttr": org.ttr, "khtc": org.khtc}
    area = q.plan.areas[0]
    for n, (unit, text) in enumerate(ASKS):
        task = make_task(area, units[unit], f"Nhiệm vụ có kiến nghị {n}")
        make_progress_entry(task, period=q.period, status="approved", task_status="in_progress", percent_done=30,
                            result="Đang thực hiện", proposals=text)
    db.session.expire_all()
    return build_report(q.period, None, SETTINGS)


def test_proposals_go_upward_only_merged_and_attributed_to_every_unit(asked):
    assert asked.sections[5].text.splitlines() == [
        f"- {PROPOSAL} (Thanh tra Sở, Phòng Kế hoạch - Tài chính - Tổng hợp).",
        "- Đề nghị UBND tỉnh bố trí kinh phí số hóa hồ sơ thủ tục hành chính (Thanh tra Sở).",
    ]


def test_internal_asks_are_listed_for_the_office(asked, client):
    _outgoing, internal = proposals_of(asked.stats, SETTINGS)
    assert [text for text, _units in internal] == [
        "Đề nghị Văn phòng Sở hướng dẫn thống nhất biểu mẫu báo cáo giữa các đơn vị",
        "Đề nghị Phòng Kế hoạch - Tài chính - Tổng hợp bố trí kinh phí số hóa",
        "Kiến nghị Lãnh đạo Sở quan tâm bổ sung biên chế cho Thanh tra",
        "Đề nghị các phòng phối hợp cung cấp số liệu đúng hạn",
    ]
    sign_in(client, "vanphong")
    page = client.get(f"/reports/periods/{asked.period.id}/draft")
    assert "Kiến nghị gửi nội bộ (4): không đưa vào báo cáo" in page.text
    assert "Đề nghị các phòng phối hợp cung cấp số liệu đúng hạn" in page.text


@pytest.mark.parametrize(("text", "internal"), [
    ("Đề nghị Văn phòng Sở hướng dẫn cách ghi tài liệu kiểm chứng", True),
    ("Đề nghị Thanh tra Sở sớm tổng hợp", True),
    ("Đề xuất Ban Giám đốc cho phép", True),
    ("Đề nghị Sở Công Thương bố trí thêm máy tính", True),
    ("Đề nghị Sở Nội vụ hướng dẫn mẫu báo cáo mới", False),
    ("Kiến nghị Bộ Công Thương ban hành thông tư hướng dẫn", False),
    ("Tiếp tục bố trí kinh phí cho chuyển đổi số", False),
])
def test_an_ask_is_internal_when_addressed_to_the_departments_own_units(text, internal):
    assert is_internal(text, OWN, "Sở Công Thương") is internal


@pytest.mark.parametrize(("text", "expected"), [
    ("Đã hoàn thành rà soát thực phẩm..", "Đã hoàn thành rà soát thực phẩm."),
    ("Kết quả  tốt , đúng hạn ;", "Kết quả tốt, đúng hạn;"),
    ("Cải cách ha\u0300nh chi\u0301nh", "Cải cách hành chính"),
    ("Trên đây là báo cáo của Sở./.", "Trên đây là báo cáo của Sở./."),
    ("( Quyết định số 1 )", "(Quyết định số 1)"),
    ("sử dụng phần mềm (phần mềm một cửa, phần mềm chuyên ngành...) trong tiếp nhận",
     "sử dụng phần mềm (phần mềm một cửa, phần mềm chuyên ngành…) trong tiếp nhận"),  # an ellipsis, not a stop
    ("cấu hình lên phần mềm một cửa …).", "cấu hình lên phần mềm một cửa …)."),
])
def test_text_is_normalised(text, expected):
    assert tidy(text) == expected


@pytest.mark.parametrize(("citation", "expected"), [
    ("80/BC-TTr ngày 14/6/2026 của Thanh tra Sở", "Báo cáo số 80/BC-TTr ngày 14/6/2026 của Thanh tra Sở"),
    ("125/QĐ-SCT ngày 12/02/2026", "Quyết định số 125/QĐ-SCT ngày 12/02/2026"),
    ("45/SCT-VP ngày 03/3/2026", "Công văn số 45/SCT-VP ngày 03/3/2026"),
    ("bien-ban.pdf", "bien-ban.pdf"),
])
def test_a_document_is_cited_as_a_report_does(citation, expected):
    assert document_citation(citation) == expected


@pytest.mark.parametrize(("title", "topic"), [
    ("Tổ chức kiểm tra công tác cải cách hành chính tại các phòng", "kiem_tra"),
    ("Thực hiện thông tin, tuyên truyền về cải cách hành chính", "tuyen_truyen"),
    ("Khảo sát mức độ hài lòng của người dân", "khao_sat"),
    ("Ban hành kế hoạch cải cách hành chính năm 2026", "chi_dao"),
])
def test_a_direction_tasks_group_is_suggested_from_its_title(title, topic):
    assert topic_from_title(title) == topic
