"""The signer and Nơi nhận over HTTP (issue #24 point 5): the Office picks the signer among the
leadership on the draft page and edits Nơi nhận; a bad signer is refused with a message; another
unit's user is refused and nothing changes."""
import pytest

from app.extensions import db
from app.reports import services
from app.reports.models import ReportDraft
from app.reports.wording import ReportSettings
from app.transactions import transaction
from tests.db.report_helpers import quarter


@pytest.fixture
def draft_id(org):
    q = quarter(org)
    with transaction():
        org.supervisor.job_title = "Phó Giám đốc Sở"
        return services.generate_draft(org.office, q.period, None, ReportSettings()).id


def _draft(draft_id):
    db.session.expire_all()
    return db.session.get(ReportDraft, draft_id)


def test_office_picks_the_signer_and_edits_the_recipients(office, org, draft_id):
    draft = _draft(draft_id)
    page = office.get(f"/reports/periods/{draft.period_id}/draft")
    assert f'<option value="{org.supervisor.id}">{org.supervisor.full_name} (KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC)' in page.text
    assert "UBND tỉnh (b/c)\nSở Nội vụ\nGiám đốc, các PGĐ Sở\nLưu: VT, VP" in page.text
    response = office.post(f"/reports/drafts/{draft_id}/details", data={
        "number": "", "report_date": "", "signer": str(org.supervisor.id),
        "recipients": "UBND tỉnh (b/c)\nLưu: VT, VP"})
    assert response.status_code == 302
    draft = _draft(draft_id)
    assert (draft.signer_id, draft.recipients) == (org.supervisor.id, "UBND tỉnh (b/c)\nLưu: VT, VP")


def test_a_signer_outside_the_leadership_is_refused_with_its_message(office, org, draft_id):
    response = office.post(f"/reports/drafts/{draft_id}/details", data={
        "number": "7", "report_date": "", "signer": str(org.ttr_head.id), "recipients": ""})
    assert response.status_code == 422
    assert "Người ký phải là Lãnh đạo Sở đang hoạt động" in response.text
    assert (_draft(draft_id).number, _draft(draft_id).signer_id) == ("", None)


@pytest.mark.parametrize("username", ["thanhtra", "chanhthanhtra", "lanhdao"])
def test_another_units_user_cannot_set_the_signer(as_user, org, draft_id, username):
    response = as_user(username).post(f"/reports/drafts/{draft_id}/details", data={
        "number": "", "report_date": "", "signer": str(org.supervisor.id), "recipients": "Sở Nội vụ"})
    assert response.status_code == 403
    assert (_draft(draft_id).signer_id, _draft(draft_id).recipients) == (None, "")
