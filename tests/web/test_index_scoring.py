"""The self-assessment screen (/index/<year>): scores by round through the pages, each write only for whom
and when the policy lets it (a unit: its assigned criteria; appraisal: appraisers; the lock: the Office),
refusals saying why and changing nothing; evidence confirmed from the suggestions; the filters."""
from datetime import date

from app.assessment.models import IndexLink, IndexScore, IndexYear
from app.org.models import APPRAISER
from tests.factories import HX, assert_unchanged, audits, fingerprint, fresh, make_user
from tests.index_helpers import criterion, make_evidence, make_index_year


def _score_url(year, code):
    return f"/index/{year.year}/criteria/{criterion(year, code).id}/score"


def test_office_self_scores_with_giai_trinh_and_the_totals_move(org, as_user):
    year = make_index_year(unit=org.ttr)
    office = as_user("vanphong")
    before = fingerprint()
    refused = office.post(_score_url(year, "1.1.2"), data={"score": "2", "note": "", "version": "0"}, headers=HX)
    assert refused.status_code == 422 and "hãy ghi giải trình" in refused.text
    refused = office.post(_score_url(year, "1.1.2"), data={"score": "abc", "version": "0"}, headers=HX)
    assert refused.status_code == 422 and 'class="field-error"' in refused.text
    assert_unchanged(before)
    saved = office.post(_score_url(year, "1.1.2"), data={"score": "2", "note": "Đã thực hiện đủ", "version": "0"},
                        headers=HX)
    assert saved.status_code == 200
    assert 'id="index-totals" aria-live="polite" hx-swap-oob="true"' in saved.text
    assert '<dd data-total="self">2</dd>' in saved.text
    assert f'id="subtotal-{criterion(year, "1.1").id}"' in saved.text  # the parents' subtotals too
    assert criterion(year, "1.1.2").score.self_score == 2
    page = office.get("/index/2026").text
    assert '<dd data-total="self">2</dd>' in page and "Chốt tự chấm" in page and "Lịch sử thay đổi" in page


def test_a_unit_drafts_only_its_assigned_criteria_and_the_office_takes_the_draft(org, as_user):
    year = make_index_year(unit=org.ttr)
    staff = as_user("thanhtra")
    page = staff.get("/index/2026").text
    assert "Ban hành kế hoạch CCHC năm kịp thời" in page and "Báo cáo CCHC định kỳ" not in page
    assert staff.post(_score_url(year, "1.1.1"), data={"score": "1,5", "note": "Đã ban hành", "version": "0"},
                      headers=HX).status_code == 200
    score = criterion(year, "1.1.1").score
    assert (score.draft_score, score.self_score) == (1.5, None)  # a unit's score is a draft
    before = fingerprint()
    for username, code in (("khtc", "1.1.1"), ("thanhtra", "1.2")):  # another unit; a criterion not assigned
        assert as_user(username).post(_score_url(year, code), data={"score": "1", "version": "1"},
                                      headers=HX).status_code == 403
    assert_unchanged(before)
    refused = staff.post(_score_url(year, "1.1.1"), data={"take_draft": "1", "version": "1"}, headers=HX)
    assert refused.status_code == 422 and "Chỉ Văn phòng lấy điểm đơn vị đề xuất" in refused.text
    assert_unchanged(before)
    office = as_user("vanphong")
    taken = office.post(_score_url(year, "1.1.1"), data={"take_draft": "1", "version": "1"}, headers=HX)
    assert taken.status_code == 200 and fresh(IndexScore, score.id).self_score == 1.5


def test_lock_by_the_office_only_then_appraisers_only_and_reopen(org, as_user):
    year = make_index_year(unit=org.ttr, self_deadline=date(2026, 1, 10))
    make_user(org.vp, [APPRAISER], "thamdinh")
    office = as_user("vanphong")
    assert "Quá hạn" in office.get("/index/2026").text
    before = fingerprint()
    for username in ("thanhtra", "chanhthanhtra", "lanhdao", "thamdinh"):
        assert as_user(username).post("/index/2026/stage", data={"direction": "next"}).status_code == 403
    assert_unchanged(before)
    assert office.post("/index/2026/stage", data={"direction": "next"}).status_code == 303
    assert fresh(IndexYear, year.id).stage == "appraisal1"
    before = fingerprint()
    for username in ("vanphong", "thanhtra"):  # self-scoring and drafts are over; the Office does not appraise
        assert as_user(username).post(_score_url(year, "1.1.1"), data={"score": "1", "version": "0"},
                                      headers=HX).status_code == 403
    assert_unchanged(before)
    appraiser = as_user("thamdinh")
    done = appraiser.post(_score_url(year, "1.1.1"), data={"score": "0,5", "note": "Thiếu văn bản", "version": "0"},
                          headers=HX)
    assert done.status_code == 200 and criterion(year, "1.1.1").score.appraisal1_score == 0.5
    assert office.post("/index/2026/stage", data={"direction": "next"}).status_code == 303  # explanations
    assert appraiser.post(_score_url(year, "1.1.1"), data={"note": "x", "version": "1"}, headers=HX).status_code == 403
    explained = office.post(_score_url(year, "1.1.1"), data={"note": "Bổ sung Báo cáo 20/BC-SCT", "version": "1"},
                            headers=HX)
    assert explained.status_code == 200 and "Bổ sung Báo cáo 20/BC-SCT" in explained.text
    for _ in range(2):
        assert office.post("/index/2026/stage", data={"direction": "back"}).status_code == 303
    assert office.post(_score_url(year, "1.1.1"), data={"score": "1", "note": "Sau khi mở lại", "version": "2"},
                       headers=HX).status_code == 200
    assert [r.action for r in audits(object_type="index_year")] == ["advance", "advance", "reopen", "reopen"]
    refused = office.post("/index/2026/stage", data={"direction": "back"})
    assert refused.status_code == 422 and "không có giai đoạn nào trước" in refused.text


def test_office_confirms_a_suggested_document_and_filters(org, as_user):
    year = make_index_year(unit=org.ttr)
    doc = make_evidence(org, "Kế hoạch cải cách hành chính năm 2026", "639/KH-SCT")
    office = as_user("vanphong")
    page = office.get("/index/2026").text
    assert "639/KH-SCT, 01/02/2026" in page and "trích yếu có: “kế hoạch cải cách hành chính”" in page
    url = f"/index/2026/criteria/{criterion(year, '1.1.1').id}/links"
    before = fingerprint()
    assert as_user("thanhtra").post(url, data={"evidence_id": doc.id, "status": "confirmed"},
                                    headers=HX).status_code == 403
    assert_unchanged(before)
    confirmed = office.post(url, data={"evidence_id": doc.id, "status": "confirmed"}, headers=HX)
    assert confirmed.status_code == 200 and "Chưa có tài liệu kiểm chứng được xác nhận" not in confirmed.text
    assert [(link.status, link.reason) for link in IndexLink.query.all()] == [
        ("confirmed", "trích yếu có: “kế hoạch cải cách hành chính”")]
    by_number = office.post(f"/index/2026/criteria/{criterion(year, '1.2').id}/links",
                            data={"number": "639/kh-sct", "status": "confirmed"}, headers=HX)
    assert by_number.status_code == 200 and IndexLink.query.count() == 2
    unknown = office.post(f"/index/2026/criteria/{criterion(year, '1.2').id}/links",
                          data={"number": "1/XX", "status": "confirmed"}, headers=HX)
    assert unknown.status_code == 422 and "Không có tài liệu số “1/XX”" in unknown.text

    def shown(query):
        page = office.get(f"/index/2026?{query}").text
        return [code for code in ("1.1.1", "1.1.2", "1.2", "2.1") if f'id="criterion-{criterion(year, code).id}"' in page]

    assert shown("only=missing") == ["1.1.2", "2.1"]
    assert shown(f"area={criterion(year, '2').id}") == ["2.1"]
    assert shown("only=unscored&area=") == ["1.1.1", "1.1.2", "1.2", "2.1"]


def test_office_tags_a_document_by_code_from_the_evidence(org, as_user):
    year = make_index_year()
    doc = make_evidence(org, "Báo cáo kết quả quý I", "20/BC-SCT")
    office = as_user("vanphong")
    before = fingerprint()
    refused = office.post(f"/index/evidence/{doc.id}/tag", data={"code": "9.9"})
    assert refused.status_code == 422 and "Không có tiêu chí mã “9.9”" in refused.text
    assert as_user("thanhtra").post(f"/index/evidence/{doc.id}/tag", data={"code": "1.2"}).status_code == 403
    assert_unchanged(before)
    assert office.post(f"/index/evidence/{doc.id}/tag", data={"code": "1.2"}).status_code == 303
    assert [link.criterion_id for link in IndexLink.query.all()] == [criterion(year, "1.2").id]


def _folded(page: str, leaf) -> bool:
    start = page.index(f'id="criterion-{leaf.id}"')
    return not page[start:page.index("</summary>", start)].split("\n")[1].rstrip().endswith(" open>")


def test_a_criterion_done_in_the_current_stage_is_folded_the_others_open(org, as_user):
    from app.extensions import db
    from app.transactions import transaction

    year = make_index_year(unit=org.ttr)
    leaves = {code: criterion(year, code) for code in ("1.1.1", "1.1.2", "1.2", "2.1")}
    with transaction():
        db.session.add_all([
            IndexScore(criterion_id=leaves["1.1.1"].id, self_score=2, self_note="Giải trình", appraisal1_score=1),
            IndexScore(criterion_id=leaves["1.1.2"].id, self_score=2, appraisal1_score=2),  # no note, no document
            IndexScore(criterion_id=leaves["1.2"].id, draft_score=1),  # only the unit's draft
        ])
    office, unit = as_user("vanphong"), as_user("thanhtra")
    page = office.get("/index/2026").text
    assert [_folded(page, leaves[c]) for c in ("1.1.1", "1.1.2", "1.2", "2.1")] == [True, False, False, False]
    assert _folded(unit.get("/index/2026").text, leaves["1.1.1"])  # the unit's own criterion, self-scored
    with transaction():
        db.session.merge(fresh(IndexScore, leaves["1.1.1"].score.id)).self_score = None
        db.session.merge(fresh(IndexScore, leaves["1.1.1"].score.id)).draft_score = 1.5
    unit_page = unit.get("/index/2026").text
    assert _folded(unit_page, leaves["1.1.1"]) and "1,5/2 điểm · 0 tài liệu" in unit_page  # drafted: its draft
    assert not _folded(office.get("/index/2026").text, leaves["1.1.1"])  # the Office has yet to self-score
    with transaction():
        db.session.merge(fresh(IndexScore, leaves["1.1.1"].score.id)).self_score = 2
    expected = {"appraisal1": [True, True, False, False],  # appraised in round 1
                "explanation": [False, True, True, True],  # round 1 took points off 1.1.1: not yet explained
                "closed": [True, True, True, True]}
    for stage, folded in expected.items():
        with transaction():
            db.session.merge(fresh(IndexYear, year.id)).stage = stage
        page = office.get("/index/2026").text
        assert [_folded(page, leaves[c]) for c in ("1.1.1", "1.1.2", "1.2", "2.1")] == folded, stage
    assert "2/2 điểm · 0 tài liệu" in page  # the one line: the latest round's score / max, the documents
