"""Who signs the report and where it goes (issue #24 point 5): the signer is picked per report from
the active users with the leadership role, the title derived from who signs; Nơi nhận is edited per
report and defaults to the usual order; both print in the .docx."""
import io
import re
from datetime import date

import pytest
from docx import Document

from app.errors import DomainError
from app.extensions import db
from app.org.models import SUPERVISOR
from app.progress.models import PERIOD_LOCKED, ReportingPeriod
from app.reports import services
from app.reports.compose import build_report
from app.reports.docx import build_docx
from app.reports.wording import ReportSettings
from app.transactions import transaction
from tests.factories import make_user
from tests.db.report_helpers import quarter

SETTINGS = ReportSettings()


@pytest.fixture
def signed(org):
    q = quarter(org)
    director = make_user(org.bgd, [SUPERVISOR], "giamdoc", full_name="Trần Quang Vinh")
    with transaction():
        director.job_title, director.supervises_all = "Giám đốc Sở", True
        org.supervisor.job_title, org.supervisor.full_name = "Phó Giám đốc Sở", "Phạm Minh Đức"
        draft = services.generate_draft(org.office, q.period, None, SETTINGS)
    return q, draft, director


def _signature(q) -> tuple[list[str], list[str]]:
    db.session.expire_all()
    document = Document(io.BytesIO(build_docx(build_report(q.period, None, SETTINGS))))
    left, right = document.tables[1].rows[0].cells
    return [p.text for p in left.paragraphs], [p.text for p in right.paragraphs if p.text]


def test_the_default_recipients_put_the_province_first(signed):
    q, _draft, _director = signed
    left, _right = _signature(q)
    assert left == ["Nơi nhận:", "- UBND tỉnh (b/c);", "- Sở Nội vụ;", "- Giám đốc, các PGĐ Sở;", "- Lưu: VT, VP."]


@pytest.mark.parametrize(("who", "expected"), [
    ("director", ["GIÁM ĐỐC", "Trần Quang Vinh"]),
    ("deputy", ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phạm Minh Đức"]),
])
def test_the_signers_title_follows_who_signs(signed, org, who, expected):
    q, draft, director = signed
    signer = director if who == "director" else org.supervisor
    with transaction():
        services.update_draft_details(org.office, draft, "", None, signer_id=str(signer.id))
    _left, right = _signature(q)
    assert right == expected


def test_the_signature_leaves_room_to_sign_and_seal(signed, org):
    q, draft, director = signed
    with transaction():
        services.update_draft_details(org.office, draft, "", None, signer_id=str(director.id))
    db.session.expire_all()
    document = Document(io.BytesIO(build_docx(build_report(q.period, None, SETTINGS))))
    texts = [p.text for p in document.tables[1].rows[0].cells[1].paragraphs]
    assert texts[texts.index("GIÁM ĐỐC") + 1:texts.index("Trần Quang Vinh")] == [""] * 5


def test_recipients_are_edited_per_report_one_a_line(signed, org):
    q, draft, _director = signed
    with transaction():
        services.update_draft_details(org.office, draft, "", date(2026, 3, 20),
                                      recipients="- UBND tỉnh (b/c);\nSở Nội vụ\n\n- Lưu: VT, VP.")
    left, _right = _signature(q)
    assert left == ["Nơi nhận:", "- UBND tỉnh (b/c);", "- Sở Nội vụ;", "- Lưu: VT, VP."]


@pytest.mark.parametrize("who", ["staff", "inactive", "unknown"])
def test_a_signer_outside_the_active_leadership_is_refused_and_changes_nothing(signed, org, who):
    q, draft, director = signed
    if who == "inactive":
        with transaction():
            director.active = False
    signer_id = {"staff": org.ttr_staff.id, "inactive": director.id, "unknown": 999_999}[who]
    with pytest.raises(DomainError) as refused:
        with transaction():
            services.update_draft_details(org.office, draft, "12", None, signer_id=str(signer_id))
    assert refused.value.fields == {"signer": "Người ký phải là Lãnh đạo Sở đang hoạt động; hãy chọn trong danh sách."}
    db.session.expire_all()
    assert (draft.number, draft.signer_id) == ("", None)


def test_every_demo_report_exports_signed_by_the_deputy_director(demo_app):
    """The demo's drafts name their signer (flask demo): the exported report ends with the deputy's
    block and name; a past period's report also has its number and date, the open one neither yet."""
    periods = list(db.session.scalars(db.select(ReportingPeriod).order_by(ReportingPeriod.window_end)))
    assert len(periods) >= 2 and any(p.status == PERIOD_LOCKED for p in periods)
    for period in periods:
        report = build_report(period, None, ReportSettings.from_config(demo_app.config))
        document = Document(io.BytesIO(build_docx(report)))
        left, right = document.tables[1].rows[0].cells
        assert [p.text for p in right.paragraphs if p.text] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phạm Minh Đức"]
        number = document.tables[0].rows[0].cells[0].paragraphs[-1].text
        if period.status == PERIOD_LOCKED:
            assert re.fullmatch(r"Số: \d+/BC-SCT", number) and report.report_date > period.window_end, period.title
        else:
            assert number == "Số:      /BC-SCT" and report.report_date is None, period.title
