"""The report pages over HTTP: the draft edited section by section (htmx), the outline, the
figures, the downloads; 422 with a Vietnamese message for bad input; 403 for units' staff."""
import io
import re
from urllib.parse import quote

import openpyxl
import pytest
from docx import Document
from sqlalchemy import select

from app.extensions import db
from app.reports import services
from app.reports.models import DraftSection, ReportDraft, ReportFigures, ReportSection, ReportTemplate
from app.reports.wording import ReportSettings
from app.transactions import transaction
from tests.factories import HX, assert_unchanged, count, fingerprint
from tests.signin import sign_in
from tests.db.report_helpers import DONE_RESULT, HIDDEN, quarter
from tests.db.report_helpers import lower_first


@pytest.fixture
def q(org):
    return quarter(org)


@pytest.fixture
def ready(q, org):
    """The quarter with a stored draft, the plan's own outline and typed figures."""
    with transaction():
        draft = services.generate_draft(org.office, q.period, None, ReportSettings())
        template = services.ensure_template(org.office, q.plan)
        services.save_figures(org.office, q.period, dict(tthc_received=10, tthc_on_time=8, tthc_late=1,
                                                         tthc_in_progress=1), "Một cửa điện tử")
    return {"period": q.period.id, "plan": q.plan.id, "draft": draft.id, "section": template.sections[-2].id}


def _section(draft_id, key):
    db.session.expire_all()
    return db.session.scalar(select(DraftSection).where(DraftSection.draft_id == draft_id, DraftSection.key == key))


# -- the draft -------------------------------------------------------------------------------

def test_office_sees_a_preview_then_creates_the_draft(office, q):
    page = office.get(f"/reports/periods/{q.period.id}/draft")
    assert page.status_code == 200
    assert "Đây là bản xem trước" in page.text and "Tạo dự thảo" in page.text
    assert "I. Công tác chỉ đạo, điều hành" in page.text and "V. Đề xuất, kiến nghị" in page.text
    assert lower_first(DONE_RESULT) in page.text and not any(h in page.text for h in HIDDEN)
    assert count(ReportDraft) == 0  # reading writes nothing
    response = office.post(f"/reports/periods/{q.period.id}/draft")
    assert response.status_code == 302
    page = office.get(response.headers["Location"])
    assert "Đã tạo dự thảo báo cáo." in page.text
    assert 'name="text"' in page.text and "Tạo lại" in page.text
    assert count(ReportDraft) == 1


def test_saving_a_section_with_htmx_returns_the_section_marked_edited(office, ready):
    section = _section(ready["draft"], "danh-gia")
    response = office.post(f"/reports/drafts/{ready['draft']}/sections/danh-gia", headers=HX,
                           data={"text": "1. Ưu điểm\nĐánh giá do Văn phòng viết.", "version": section.version})
    assert response.status_code == 200
    assert 'id="section-danh-gia"' in response.text and "Đã sửa tay" in response.text
    assert "Bỏ phần sửa tay" in response.text
    stored = _section(ready["draft"], "danh-gia")
    assert stored.edited and stored.text == "1. Ưu điểm\nĐánh giá do Văn phòng viết."
    # regeneration keeps it
    office.post(f"/reports/periods/{ready['period']}/draft")
    assert _section(ready["draft"], "danh-gia").text == "1. Ưu điểm\nĐánh giá do Văn phòng viết."
    # discarding brings back the generated text
    response = office.post(f"/reports/drafts/{ready['draft']}/sections/danh-gia/discard", headers=HX)
    assert response.status_code == 200 and "Đã sửa tay" not in response.text
    assert not _section(ready["draft"], "danh-gia").edited


def test_a_stale_section_save_is_refused_with_422_and_changes_nothing(office, ready):
    section = _section(ready["draft"], "de-xuat")
    before = section.text
    response = office.post(f"/reports/drafts/{ready['draft']}/sections/de-xuat", headers=HX,
                           data={"text": "Bản cũ", "version": section.version + 5})
    assert response.status_code == 422
    assert "vừa được người khác thay đổi" in response.text
    assert "Bản cũ" in response.text  # what was typed is kept in the form
    assert _section(ready["draft"], "de-xuat").text == before


def test_a_too_long_section_is_refused_with_422(office, ready):
    before = _section(ready["draft"], "de-xuat").text
    response = office.post(f"/reports/drafts/{ready['draft']}/sections/de-xuat", headers=HX,
                           data={"text": "x" * 200_001})
    assert response.status_code == 422 and "Tối đa 200.000 ký tự." in response.text
    assert _section(ready["draft"], "de-xuat").text == before


def test_an_unknown_section_is_a_404(office, ready):
    response = office.post(f"/reports/drafts/{ready['draft']}/sections/khong-co", headers=HX, data={"text": "x"})
    assert response.status_code == 404
    assert count(DraftSection) == 7


def test_number_and_date_are_saved_and_bad_dates_refused(office, ready):
    url = f"/reports/drafts/{ready['draft']}/details"
    response = office.post(url, data={"number": "", "report_date": "31/02/2026"})
    assert response.status_code == 422 and "Ngày không hợp lệ" in response.text
    response = office.post(url, data={"number": "15", "report_date": "05/02/2026"})
    assert response.status_code == 302
    db.session.expire_all()
    draft = db.session.get(ReportDraft, ready["draft"])
    assert draft.number == "15" and draft.report_date.isoformat() == "2026-02-05"


# -- the outline -------------------------------------------------------------------------------

def test_office_adds_renames_moves_and_removes_outline_sections(office, ready):
    base = "/reports/templates"
    version = lambda: db.session.scalar(select(ReportTemplate.version).where(  # noqa: E731
        ReportTemplate.plan_id == ready["plan"]))
    db.session.expire_all()
    response = office.post(f"{base}/sections?plan={ready['plan']}", headers=HX,
                           data={"title": "Kết quả Chỉ số CCHC", "kind": "free", "version": version()})
    assert response.status_code == 200 and "Kết quả Chỉ số CCHC" in response.text
    db.session.expire_all()
    response = office.post(f"{base}/sections?plan={ready['plan']}", headers=HX,
                           data={"title": "  ", "kind": "free"})
    assert response.status_code == 422 and "Vui lòng nhập tên mục." in response.text
    db.session.expire_all()
    response = office.post(f"{base}/sections/{ready['section']}", headers=HX,
                           data={"title": "Kiến nghị, đề xuất", "kind": "proposals", "version": version()})
    assert response.status_code == 200 and "Kiến nghị, đề xuất" in response.text
    db.session.expire_all()
    response = office.post(f"{base}/sections/{ready['section']}/move", headers=HX,
                           data={"direction": "up", "version": version()})
    assert response.status_code == 200
    db.session.expire_all()
    titles = [s.title for s in db.session.scalars(select(ReportSection).join(ReportTemplate).where(
        ReportTemplate.plan_id == ready["plan"]).order_by(ReportSection.position))]
    assert titles.index("Kiến nghị, đề xuất") < titles.index("Phương hướng, nhiệm vụ kỳ tới")
    # the plan's draft follows the edited outline
    page = office.get(f"/reports/periods/{ready['period']}/draft?plan={ready['plan']}")
    assert "IV. Kiến nghị, đề xuất" in page.text and "V. Phương hướng, nhiệm vụ kỳ tới" in page.text
    assert "VI. Kết quả Chỉ số CCHC" in page.text
    response = office.post(f"{base}/sections/{ready['section']}/delete", headers=HX, data={"version": version()})
    assert response.status_code == 200 and "Kiến nghị, đề xuất" not in response.text


def test_a_stale_outline_edit_is_refused(office, ready):
    response = office.post(f"/reports/templates/sections/{ready['section']}/delete", headers=HX,
                           data={"version": "999"})
    assert response.status_code == 422 and "vừa được người khác thay đổi" in response.text
    assert db.session.get(ReportSection, ready["section"]) is not None


def test_a_refused_section_rename_says_why_above_the_outline(office, ready):
    """A section's own form is refused: the reason is above the outline, the "Thêm mục" box stays empty."""
    url = f"/reports/templates/sections/{ready['section']}"
    title = db.session.get(ReportSection, ready["section"]).title
    for data, reason in (({"title": "  ", "kind": "free"}, "Vui lòng nhập tên mục."),
                         ({"title": "Tên mới", "kind": "free", "version": "999"}, "vừa được người khác thay đổi")):
        response = office.post(url, headers=HX, data=data)
        assert response.status_code == 422
        alert = response.text.split('class="form-errors" role="alert">', 1)[1].split("</div>", 1)[0]
        assert reason in alert
        box = re.search(r'<input[^>]*id="new-title"[^>]*>', response.text).group(0)
        assert 'value=""' in box and 'class="field-error"' not in response.text
    db.session.expire_all()
    assert db.session.get(ReportSection, ready["section"]).title == title


# -- the figures and the downloads ------------------------------------------------------------

def test_figures_refuse_text_and_keep_the_stored_values(office, ready):
    response = office.post(f"/reports/periods/{ready['period']}/figures",
                           data={"tthc_received": "mười", "tthc_on_time": "8", "source": "Một cửa"})
    assert response.status_code == 422 and "Giá trị phải là một số nguyên." in response.text
    db.session.expire_all()
    assert db.session.scalar(select(ReportFigures.tthc_received)) == 10


def test_figures_are_read_as_typed_and_shown_as_understood(office, ready):
    """"1.250" is one thousand two hundred and fifty, as the app writes it; a count has no decimals."""
    url = f"/reports/periods/{ready['period']}/figures"
    response = office.post(url, data={"tthc_received": "1.250", "tthc_on_time": "1,200", "tthc_late": "30",
                                      "tthc_in_progress": "20\u00a0", "tthc_online": "1 100", "source": "Một cửa"})
    assert response.status_code == 302
    db.session.expire_all()
    figures = db.session.scalar(select(ReportFigures))
    assert (figures.tthc_received, figures.tthc_on_time, figures.tthc_late, figures.tthc_in_progress,
            figures.tthc_online) == (1250, 1200, 30, 20, 1100)
    page = office.get(url).text
    assert 'value="1.250"' in page and 'value="1.200"' in page and 'value="1.100"' in page
    refused = office.post(url, data={"tthc_received": "12,5", "source": "Một cửa"})
    assert refused.status_code == 422 and "“12,5” có phần thập phân" in refused.text
    assert 'value="12,5"' in refused.text  # what was typed stays in the field


def test_a_mismatch_is_shown_and_blocks_downloads_until_accepted(office, ready):
    period = ready["period"]
    response = office.post(f"/reports/periods/{period}/figures",
                           data={"tthc_received": "12", "tthc_on_time": "8", "tthc_late": "1",
                                 "tthc_in_progress": "1", "source": "Một cửa điện tử"})
    assert response.status_code == 302
    page = office.get(response.headers["Location"])
    assert "Số hồ sơ tiếp nhận (12) không bằng tổng đúng hạn + quá hạn + đang giải quyết (8 + 1 + 1 = 10)" in page.text
    assert "<td>Nhiệm vụ quá hạn chưa hoàn thành (tính đến 14/03/2026)</td><td class=\"num\">2</td>" in page.text
    for url in (f"/reports/periods/{period}/report.docx", f"/reports/periods/{period}/annex.xlsx"):
        refused = office.get(url)
        assert refused.status_code == 422 and "Số liệu thống kê chưa khớp" in refused.text
    response = office.post(f"/reports/periods/{period}/figures/accept", data={"reason": ""})
    assert response.status_code == 422 and "Vui lòng nêu lý do." in response.text
    response = office.post(f"/reports/periods/{period}/figures/accept", data={"reason": "2 hồ sơ bị rút"})
    assert response.status_code == 302
    assert office.get(f"/reports/periods/{period}/report.docx").status_code == 200


def test_downloads_are_named_in_vietnamese_and_open(office, ready):
    period = ready["period"]
    response = office.get(f"/reports/periods/{period}/report.docx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''" + quote("Báo cáo CCHC quý I năm 2026.docx") in disposition
    doc = Document(io.BytesIO(response.data))
    assert "Kết quả thực hiện công tác cải cách hành chính quý I năm 2026" in [p.text for p in doc.paragraphs]
    response = office.get(f"/reports/periods/{period}/annex.xlsx?plan={ready['plan']}")
    assert response.status_code == 200
    assert "filename*=UTF-8''" + quote("Báo cáo CCHC quý I năm 2026 - 639/KH-SCT - Phụ lục.xlsx".replace("/", "-")) \
        in response.headers["Content-Disposition"]
    assert openpyxl.load_workbook(io.BytesIO(response.data)).sheetnames == ["Phụ lục nhiệm vụ", "Số liệu thống kê",
                                                                           "Việc chưa có kết quả"]


def test_a_draft_plan_or_unknown_period_is_not_found(office, ready, org):
    from tests.factories import make_plan

    draft_plan = make_plan(org.office, title="Kế hoạch dự thảo")
    assert office.get(f"/reports/periods/{ready['period']}/draft?plan={draft_plan.id}").status_code == 404
    assert office.get("/reports/periods/999/report.docx").status_code == 404


# -- who may -------------------------------------------------------------------------------------

ROUTES = [
    ("get", "/reports"),
    ("get", "/reports/periods/{period}/draft"),
    ("post", "/reports/periods/{period}/draft"),
    ("post", "/reports/drafts/{draft}/sections/de-xuat"),
    ("post", "/reports/drafts/{draft}/sections/de-xuat/discard"),
    ("post", "/reports/drafts/{draft}/details"),
    ("get", "/reports/templates?plan={plan}"),
    ("post", "/reports/templates/sections?plan={plan}"),
    ("post", "/reports/templates/sections/{section}"),
    ("post", "/reports/templates/sections/{section}/move"),
    ("post", "/reports/templates/sections/{section}/delete"),
    ("post", "/reports/templates/customise"),
    ("post", "/reports/templates/reset?plan={plan}"),
    ("get", "/reports/periods/{period}/figures"),
    ("post", "/reports/periods/{period}/figures"),
    ("post", "/reports/periods/{period}/figures/accept"),
    ("get", "/reports/periods/{period}/report.docx"),
    ("get", "/reports/periods/{period}/annex.xlsx"),
]
FORM = {"text": "Sửa trái phép", "title": "Mục trái phép", "kind": "free", "direction": "up", "number": "9",
        "tthc_received": "1", "tthc_on_time": "1", "tthc_late": "0", "tthc_in_progress": "0", "source": "x",
        "reason": "x"}




@pytest.mark.parametrize("username", ["thanhtra", "chanhthanhtra", "khtc"])
def test_units_staff_get_403_on_every_report_route_and_nothing_changes(client, ready, username):
    """Staff and unit heads of any unit (one fixture for all routes: the routes are the loop)."""
    sign_in(client, username)
    before = fingerprint()
    answers = {f"{m} {u}": getattr(client, m)(u.format(**ready), data=FORM if m == "post" else None,
                                              headers=HX).status_code for m, u in ROUTES}
    assert answers == {f"{m} {u}": 403 for m, u in ROUTES}
    assert_unchanged(before)


def test_supervisors_read_but_do_not_edit(client, ready):
    sign_in(client, "lanhdao")
    before = fingerprint()
    answers = {f"{m} {u}": getattr(client, m)(u.format(**ready), data=FORM if m == "post" else None).status_code
               for m, u in ROUTES}
    assert answers == {f"{m} {u}": 200 if m == "get" else 403 for m, u in ROUTES}
    assert_unchanged(before)


def test_anonymous_is_sent_to_login(client, ready):
    response = client.get(f"/reports/periods/{ready['period']}/report.docx")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_nav_shows_reports_to_the_office_only(client, ready):
    sign_in(client, "vanphong")
    assert 'href="/reports"' in client.get("/reports").text
    client.post("/logout")
    sign_in(client, "thanhtra")
    assert 'href="/reports"' not in client.get("/checklist").text
