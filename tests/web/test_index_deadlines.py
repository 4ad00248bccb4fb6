"""The stages' deadlines (app/assessment/rounds.deadline_error): after the current stage's deadline the units'
drafts and the appraisal team's scores are refused with the date, the deadline day itself still allowed; the
screen says so and shows no form that would be refused; the Office still writes and extends the deadline on
the year's form (also once the framework is locked), audited, which opens the round again."""
from datetime import timedelta

import pytest

from app.assessment.models import IndexYear
from app.formatting import local_today, vn_date
from app.org.models import APPRAISER
from app.transactions import transaction
from tests.factories import HX, assert_unchanged, audits, fingerprint, fresh, make_user
from tests.index_helpers import criterion, make_index_year

TODAY = local_today()
YESTERDAY = TODAY - timedelta(days=1)


def _score_url(year, code):
    return f"/index/{year.year}/criteria/{criterion(year, code).id}/score"


def _set(year, **values):
    with transaction():
        row = fresh(IndexYear, year.id)
        for name, value in values.items():
            setattr(row, name, value)


def _year_form(year, **deadlines):
    row = fresh(IndexYear, year.id)
    form = {"version": row.version, "title": row.title, "source": row.source}
    for name in ("self_deadline", "appraisal1_deadline", "explanation_deadline", "appraisal2_deadline"):
        form[name] = vn_date(deadlines.get(name, getattr(row, name)))
    return form


# (stage, the deadline of that stage, who writes the round, the round's score field, the save button, the phrase)
STAGES = [
    ("self", "self_deadline", "thanhtra", "draft_score", "Lưu điểm đề xuất", "tự chấm điểm"),
    ("appraisal1", "appraisal1_deadline", "thamdinh", "appraisal1_score", "Lưu điểm thẩm định", "thẩm định vòng 1"),
    ("appraisal2", "appraisal2_deadline", "thamdinh", "appraisal2_score", "Lưu điểm thẩm định", "thẩm định vòng 2"),
]


@pytest.mark.parametrize(("stage", "deadline", "username", "field", "button", "phrase"), STAGES)
def test_the_deadline_day_is_allowed_the_day_after_refused_and_an_extension_reopens(
        org, as_user, stage, deadline, username, field, button, phrase):
    year = make_index_year(unit=org.ttr, stage=stage, **{deadline: TODAY})
    make_user(org.bgd, [APPRAISER], "thamdinh")
    writer = as_user(username)
    assert button in writer.get("/index/2026").text
    saved = writer.post(_score_url(year, "1.1.1"), data={"score": "1", "version": "0"}, headers=HX)
    assert saved.status_code == 200 and getattr(criterion(year, "1.1.1").score, field) == 1

    _set(year, **{deadline: YESTERDAY})
    message = f"Đã quá hạn {phrase} ngày {vn_date(YESTERDAY)}; đề nghị Văn phòng gia hạn."
    page = writer.get("/index/2026").text
    assert message in page and button not in page and "đã quá hạn ngày" in page
    before = fingerprint()
    refused = writer.post(_score_url(year, "1.1.1"), data={"score": "2", "version": "1"}, headers=HX)
    assert refused.status_code == 422 and message in refused.text
    assert_unchanged(before)

    office = as_user("vanphong")
    assert 'href="/index/2026/edit"' in office.get("/index/2026").text
    extended = office.post("/index/2026/edit", data=_year_form(year, **{deadline: TODAY + timedelta(days=3)}))
    assert extended.status_code in (302, 303)
    assert getattr(fresh(IndexYear, year.id), deadline) == TODAY + timedelta(days=3)
    record = audits("update", "index_year")[-1]
    assert record.actor_id == org.office.id
    assert (record.before[deadline], record.after[deadline]) == (vn_date(YESTERDAY), vn_date(TODAY + timedelta(days=3)))
    assert button in writer.get("/index/2026").text
    again = writer.post(_score_url(year, "1.1.1"), data={"score": "2", "version": "1"}, headers=HX)
    assert again.status_code == 200 and getattr(criterion(year, "1.1.1").score, field) == 2


def test_the_office_still_writes_after_the_deadline_of_its_rounds(org, as_user):
    year = make_index_year(unit=org.ttr, self_deadline=YESTERDAY, explanation_deadline=YESTERDAY)
    office = as_user("vanphong")
    page = office.get("/index/2026").text
    assert "Lưu điểm tự chấm" in page and "đã quá hạn ngày" in page
    saved = office.post(_score_url(year, "1.2"), data={"score": "1", "note": "Đã thực hiện", "version": "0"},
                        headers=HX)
    assert saved.status_code == 200 and criterion(year, "1.2").score.self_score == 1
    _set(year, stage="explanation")
    assert "Lưu giải trình" in office.get("/index/2026").text
    explained = office.post(_score_url(year, "1.2"), data={"note": "Bổ sung báo cáo", "version": "1"}, headers=HX)
    assert explained.status_code == 200 and criterion(year, "1.2").score.explanation == "Bổ sung báo cáo"


def test_a_locked_year_changes_only_its_deadlines_and_only_by_the_office(org, as_user):
    year = make_index_year(stage="appraisal1", appraisal1_deadline=YESTERDAY)
    make_user(org.bgd, [APPRAISER], "thamdinh")
    office = as_user("vanphong")
    form = office.get("/index/2026/edit").text
    assert "chỉ sửa được thời hạn" in form and "readonly" in form
    before = fingerprint()
    refused = office.post("/index/2026/edit", data=dict(_year_form(year), title="Tên khác"))
    assert refused.status_code == 422 and "Bộ tiêu chí đã chốt: chỉ sửa được thời hạn." in refused.text
    for username in ("thanhtra", "chanhthanhtra", "lanhdao", "thamdinh"):
        assert as_user(username).post("/index/2026/edit", data=_year_form(
            year, appraisal1_deadline=TODAY)).status_code == 403, username
    assert_unchanged(before)
    done = office.post("/index/2026/edit", data=_year_form(year, appraisal1_deadline=TODAY))
    assert done.status_code in (302, 303) and done.headers["Location"].endswith("/index/2026")
    assert fresh(IndexYear, year.id).appraisal1_deadline == TODAY
