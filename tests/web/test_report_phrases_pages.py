"""The report's wording on "Đề cương báo cáo" (issue #24 point 4): every phrase shown with its
placeholders; an edit changes the next draft; a bad phrase (unknown placeholder, broken braces) is
refused naming it, with nothing saved; another unit's user is refused."""
from html import escape

import pytest

from app.extensions import db
from app.reports import services
from app.reports.phrases import PHRASES
from app.reports.queries import find_draft, stored_template
from app.reports.wording import ReportSettings
from app.transactions import transaction
from tests.db.report_helpers import quarter

FORM = {key: phrase.text for key, phrase in PHRASES.items()}


@pytest.fixture
def q(org):
    return quarter(org)


def test_the_outline_page_documents_every_phrase_and_its_placeholders(office, q):
    page = office.get("/reports/templates")
    assert page.status_code == 200
    assert "Câu chữ của báo cáo" in page.text
    assert all(phrase.label in page.text for phrase in PHRASES.values())
    assert "{co_quan} tên cơ quan báo cáo (Sở Công Thương)" in page.text


def test_an_edited_phrase_writes_the_next_draft(office, org, q):
    wording = {**FORM, "closing": "Trên đây là báo cáo của {co_quan} về {ky}./."}
    wording["overall"] = "Đến ngày {ngay}, {co_quan} đã xong {so_hoan_thanh} trên {tong} việc."
    response = office.post("/reports/templates/phrases", data=wording)
    assert response.status_code == 302
    with transaction():
        draft = services.generate_draft(org.office, q.period, None, ReportSettings())
    assert "Đến ngày 14/03/2026, Sở Công Thương đã xong 1 trên 5 việc." in draft.section("chi-dao").text


@pytest.mark.parametrize(("text", "message"), [
    ("{co_quan} đã hoàn thành {so_viec} nhiệm vụ.", "không có chỗ trống {so_viec}"),
    ("{co_quan} đã hoàn thành {so_hoan_thanh nhiệm vụ.", "dấu ngoặc { } chưa đóng hoặc thừa"),
    ("{co_quan.__class__} đã hoàn thành.", "không có chỗ trống {co_quan.__class__}"),
    ("{tong:>9} nhiệm vụ", "không có chỗ trống {tong:>9}"),
    ("   ", "không được để trống"),
])
def test_a_bad_phrase_is_refused_naming_it_and_nothing_is_saved(office, q, text, message):
    response = office.post("/reports/templates/phrases", data={**FORM, "overall": text})
    assert response.status_code == 422
    assert "Câu “I. Kết quả chung”" in response.text or "không được để trống" in response.text
    assert escape(message) in response.text
    db.session.expire_all()
    assert stored_template(None) is None


def test_a_bad_stored_phrase_refuses_the_draft_instead_of_half_writing_it(office, org, q):
    with transaction():
        services.save_phrases(org.office, services.ensure_template(org.office, None), FORM)
        stored_template(None).phrases = '{"overall": "{khong_co} nhiệm vụ"}'
    response = office.post(f"/reports/periods/{q.period.id}/draft")
    assert response.status_code == 422
    assert "không có chỗ trống {khong_co}" in response.text
    db.session.expire_all()
    assert find_draft(q.period.id, None) is None


@pytest.mark.parametrize("username", ["thanhtra", "chanhthanhtra", "lanhdao"])
def test_another_units_user_cannot_change_the_wording(as_user, q, username):
    response = as_user(username).post("/reports/templates/phrases", data={**FORM, "closing": "Hết./."})
    assert response.status_code == 403
    db.session.expire_all()
    assert stored_template(None) is None
