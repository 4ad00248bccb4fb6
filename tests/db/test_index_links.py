"""Evidence linked to the index's criteria (app/assessment/links.py): what the app suggests and why,
from the year's approved evidence only; the Office's confirmations, set-asides and tags, audited."""
from datetime import date

import pytest

from app.assessment.links import decide_evidence, links_of, suggestions, tag_evidence
from app.assessment.models import CONFIRMED, REJECTED, IndexCriterion
from app.errors import DomainError
from app.extensions import db
from app.transactions import transaction
from tests.factories import audits
from tests.index_helpers import criterion, make_evidence, make_index_year


def _criteria(index_year):
    return list(db.session.scalars(db.select(IndexCriterion).where(IndexCriterion.year_id == index_year.id)
                                   .order_by(IndexCriterion.position)))


def _suggested(index_year):
    found = suggestions(index_year, _criteria(index_year), links_of(index_year))
    return {(c.code, s.evidence.number): s.reason for c in _criteria(index_year) for s in found.get(c.id, [])}


def test_suggests_from_keywords_words_and_area_only_the_years_approved_evidence(org):
    year = make_index_year()
    make_evidence(org, "Kế hoạch cải cách hành chính năm 2026 của Sở Công Thương", "639/KH-SCT")
    make_evidence(org, "Quyết định công bố thủ tục hành chính lĩnh vực công thương", "15/QĐ-SCT")
    make_evidence(org, "Kế hoạch CCHC năm 2026 (dự thảo)", "1/KH-SCT", status="submitted")  # not approved
    make_evidence(org, "Kế hoạch CCHC năm 2025", "9/KH-SCT", issued_on=date(2025, 1, 5))  # another year
    found = _suggested(year)
    assert found[("1.1.1", "639/KH-SCT")] == "trích yếu có: “kế hoạch cải cách hành chính”"
    assert "công bố thủ tục" in found[("2.1", "15/QĐ-SCT")]
    assert not any(number in ("1/KH-SCT", "9/KH-SCT") for _, number in found)
    assert not any(code == "1" or code == "1.1" for code, _ in found)  # only leaves
    assert _suggested(year) == found  # deterministic


def test_confirmed_and_set_aside_documents_are_no_longer_suggested_and_audited(org):
    year = make_index_year()
    plan_doc = make_evidence(org, "Kế hoạch CCHC năm 2026", "639/KH-SCT")
    with transaction():
        link = decide_evidence(org.office, criterion(year, "1.1.1"), plan_doc, CONFIRMED, "trích yếu có")
    with transaction():
        decide_evidence(org.office, criterion(year, "1.1.2"), plan_doc, REJECTED)
    found = _suggested(year)
    assert ("1.1.1", "639/KH-SCT") not in found and ("1.1.2", "639/KH-SCT") not in found
    assert link.status == CONFIRMED
    records = audits(object_type="index_criterion")
    assert [r.action for r in records] == ["link", "unlink"]
    assert records[0].after["evidence"].startswith("639/KH-SCT ngày 01/02/2026")


def test_tagging_by_code_confirms_and_refuses_unknown_or_parent_codes(org):
    year = make_index_year()
    doc = make_evidence(org, "Báo cáo kết quả CCHC quý I", "20/BC-SCT")
    with transaction():
        link = tag_evidence(org.office, year, doc, " 1.2. ")
    assert (link.criterion.code, link.status) == ("1.2", CONFIRMED)
    for code, message in (("9.9", "Không có tiêu chí mã “9.9”"), ("1.1", "có tiêu chí thành phần"), ("", "Hãy nhập")):
        with pytest.raises(DomainError) as refused, transaction():
            tag_evidence(org.office, year, doc, code)
        assert message in refused.value.message
    assert len(links_of(year)) == 1


def test_links_are_refused_once_the_self_assessment_is_locked(org):
    year = make_index_year(stage="appraisal1")
    doc = make_evidence(org, "Kế hoạch CCHC năm 2026")
    with pytest.raises(DomainError, match="Đã chốt tự chấm"), transaction():
        decide_evidence(org.office, criterion(year, "1.1.1"), doc, CONFIRMED)
    assert links_of(year) == []


def test_the_demo_scores_part_of_the_year_through_the_services(org):
    from app.demo.index_links import load_demo_index_scoring
    from app.assessment.models import IndexScore

    year = make_index_year(unit=org.ttr)
    make_evidence(org, "Kế hoạch cải cách hành chính năm 2026", "639/KH-SCT")
    with transaction():
        criterion(year, "2.1").unit_id = org.ttr.id
    with transaction():
        done = load_demo_index_scoring([org.office, org.ttr_staff, org.khtc_staff])
    assert done == {"confirmed": 1, "explained": 2, "drafted": 1, "tasks": 1}
    assert [(link.criterion.code, link.status, link.task_id is not None) for link in links_of(year)] == [
        ("1.1.1", CONFIRMED, False), ("2.1", CONFIRMED, True)]  # 2.1: the TTHC task, with its approved document
    scores = {s.criterion.code: s for s in db.session.scalars(db.select(IndexScore))}
    assert scores["1.1.1"].self_score == 2 and scores["1.1.2"].self_note and scores["1.2"].self_score == 1
    assert (scores["2.1"].draft_score, scores["2.1"].self_score, scores["2.1"].updated_by_id) == (3, None, org.ttr_staff.id)
    assert audits(object_type="index_score")
