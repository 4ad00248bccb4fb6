"""The framework's pages: the Office builds a year's framework in the app or from the .xlsx; bad input
answers in Vietnamese and changes nothing; another unit's user and a locked year are refused."""
import io

from openpyxl import load_workbook

from app.assessment import framework as fw
from app.assessment.models import IndexCriterion
from app.assessment.queries import criteria_of, find_year
from app.extensions import db
from app.transactions import transaction
from tests.factories import assert_unchanged, fingerprint


def _year(org):
    with transaction():
        index_year = fw.create_year(org.office, 2026, fw.YearData(title="Bộ chỉ số CCHC năm 2026"))
        fw.add_criterion(org.office, index_year, fw.CriterionData("1", "Cải cách thể chế", 10))
    return index_year


def test_the_office_adds_edits_and_copies_and_bad_input_changes_nothing(org, as_user):
    office = as_user("vanphong")
    assert office.post("/index/new", data={"year": "2026", "title": "Bộ chỉ số CCHC năm 2026"}).status_code == 303
    index_year = find_year(2026)
    before = fingerprint()
    bad = office.post("/index/2026/criteria/new", data={"code": "1", "title": "Chỉ đạo", "max_score": "mười"})
    assert bad.status_code == 422 and "số" in bad.get_data(as_text=True)
    assert_unchanged(before)
    assert office.post("/index/2026/criteria/new", data={"code": "1", "title": "Chỉ đạo", "max_score": "10"}
                       ).status_code == 303
    area = criteria_of(index_year)[0]
    page = office.post(f"/index/2026/criteria/{area.id}/new",
                       data={"code": "1.1", "title": "Kế hoạch CCHC", "max_score": "12"})
    assert page.status_code == 422 and "lớn hơn điểm tối đa của dòng cha 1 (10)" in page.get_data(as_text=True)
    assert office.post(f"/index/2026/criteria/{area.id}/new", data={
        "code": "1.1", "title": "Kế hoạch CCHC", "max_score": "1,5", "allows_half": "y",
        "unit_id": str(org.ttr.id)}).status_code == 303
    leaf = criteria_of(index_year)[1]
    assert (leaf.level, leaf.max_score, leaf.allows_half, leaf.unit_id) == ("criterion", 1.5, True, org.ttr.id)
    assert "Kế hoạch CCHC" in office.get("/index/2026/framework").get_data(as_text=True)
    assert office.post("/index/2026/copy").status_code == 303
    assert [c.code for c in criteria_of(find_year(2027))] == ["1", "1.1"]
    assert "Sao chép bộ tiêu chí năm 2027 sang năm 2028" in office.get("/index").get_data(as_text=True)


def test_another_units_user_is_refused_and_nothing_changes(org, as_user):
    index_year = _year(org)
    area = criteria_of(index_year)[0]
    before = fingerprint()
    staff = as_user("thanhtra")
    for url, data in ((f"/index/2026/criteria/{area.id}/edit", {"code": "1", "title": "Đổi", "max_score": "1"}),
                      (f"/index/2026/criteria/{area.id}/delete", {}), ("/index/2026/copy", {}),
                      ("/index/2026/framework/import", {})):
        assert staff.post(url, data=data).status_code == 403, url
    assert_unchanged(before)


def test_a_locked_year_refuses_framework_writes_with_its_reason(org, as_user):
    index_year = _year(org)
    area = criteria_of(index_year)[0]
    with transaction():
        index_year.stage = "appraisal1"
    before = fingerprint()
    office = as_user("vanphong")
    page = office.post(f"/index/2026/criteria/{area.id}/edit",
                       data={"code": "1", "title": "Đổi", "max_score": "10", "version": str(area.version)})
    assert page.status_code == 422 and "đã chốt" in page.get_data(as_text=True)
    refused = office.post(f"/index/2026/criteria/{area.id}/delete", follow_redirects=True)
    assert "đã chốt" in refused.get_data(as_text=True)
    upload = office.post("/index/2026/framework/import", data={"file": (io.BytesIO(b"x"), "a.xlsx")})
    assert upload.status_code == 422
    assert_unchanged(before)
    assert "Thêm lĩnh vực" not in office.get("/index/2026/framework").get_data(as_text=True)


def test_import_names_bad_rows_and_a_good_file_replaces_the_framework(org, as_user):
    _year(org)
    office = as_user("vanphong")
    template = office.get("/index/template.xlsx")
    assert template.status_code == 200 and template.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(template.data))
    book["Bộ tiêu chí"]["B3"] = "9"  # the TC's parent: a code no row has
    bad = io.BytesIO()
    book.save(bad)
    before = fingerprint()
    page = office.post("/index/2026/framework/import", data={"file": (io.BytesIO(bad.getvalue()), "bo.xlsx")})
    assert page.status_code == 422
    assert "Dòng 3, cột “Mã cha”: không có tiêu chí nào mã “9”" in page.get_data(as_text=True)
    assert_unchanged(before)
    done = office.post("/index/2026/framework/import", data={"file": (io.BytesIO(template.data), "bo.xlsx")})
    assert done.status_code == 302
    codes = [c.code for c in db.session.query(IndexCriterion).order_by(IndexCriterion.position)]
    assert codes == ["1", "1.1", "1.1.1", "T", "T.1", "Tr", "Tr.1"]
    exported = office.get("/index/2026/framework.xlsx")
    assert load_workbook(io.BytesIO(exported.data))["Bộ tiêu chí"]["A4"].value == "1.1.1"


def _edit(client, c, **changes):
    data = {"code": c.code, "title": c.title, "max_score": str(c.max_score).replace(".", ","),
            "version": str(c.version), "rule": c.rule, "evidence_asked": c.evidence_asked, "keywords": c.keywords}
    data.update(changes)
    return client.post(f"/index/{c.index_year.year}/criteria/{c.id}/edit", data=data)


def test_the_office_moves_a_criterion_to_another_parent_with_its_scores_and_evidence(org, as_user):
    from app.assessment.models import IndexLink, IndexScore
    from tests.factories import audits, fresh
    from tests.index_helpers import criterion, make_evidence, make_index_year

    year = make_index_year()
    moved = criterion(year, "1.2")
    evidence = make_evidence(org, "Báo cáo CCHC quý I")
    with transaction():
        db.session.add(IndexScore(criterion_id=moved.id, self_score=1.5, self_note="Đã gửi"))
        db.session.add(IndexLink(criterion_id=moved.id, evidence_id=evidence.id, status="confirmed"))
    office = as_user("vanphong")
    form = office.get(f"/index/2026/criteria/{moved.id}/edit").get_data(as_text=True)
    assert 'name="parent_code"' in form and '<option selected value="1">' in form and 'value="2">' in form
    assert 'value="1.1"' not in form  # only lĩnh vực for a tiêu chí
    assert _edit(office, moved, parent_code="2").status_code == 303
    moved = fresh(IndexCriterion, moved.id)
    assert moved.parent.code == "2" and moved.level == "criterion"
    assert moved.score.self_score == 1.5 and [link.evidence_id for link in moved.links] == [evidence.id]
    order = criteria_of(fresh(type(year), year.id))
    assert [c.code for c in order] == ["1", "1.1", "1.1.1", "1.1.2", "2", "2.1", "1.2", "B", "B.1", "T", "T.1"]
    assert [c.position for c in order] == list(range(1, 12))
    record = audits("update", "index_criterion")[-1]
    assert (record.before["parent"], record.after["parent"], record.actor_id) == ("1", "2", org.office.id)
    # a tiêu chí thành phần, with a new code, under another tiêu chí
    leaf = criterion(year, "1.1.2")
    assert _edit(office, leaf, parent_code="2.1", code="2.1.1").status_code == 303
    leaf = fresh(IndexCriterion, leaf.id)
    assert (leaf.parent.code, leaf.code) == ("2.1", "2.1.1")


def test_a_move_to_the_wrong_parent_is_refused_and_changes_nothing(org, as_user):
    from app.assessment.models import IndexScore
    from tests.index_helpers import criterion, make_index_year

    year = make_index_year()
    with transaction():
        db.session.add(IndexScore(criterion_id=criterion(year, "2.1").id, self_score=4, self_note="Đủ"))
    office = as_user("vanphong")
    before = fingerprint()
    cases = [
        (criterion(year, "1.1.2"), {"parent_code": "2"}, "Dòng cha phải là một “Tiêu chí” của bộ tiêu chí này."),
        (criterion(year, "1.2"), {"parent_code": "1.1"}, "Dòng cha phải là một “Lĩnh vực” của bộ tiêu chí này."),
        (criterion(year, "1.2"), {"parent_code": "X"}, "Dòng cha phải là một “Lĩnh vực” của bộ tiêu chí này."),
        (criterion(year, "1.2"), {"parent_code": "B"}, "Không chuyển được sang B: loại phải giống lĩnh vực"),
        (criterion(year, "1.1.2"), {"parent_code": "2.1"}, "Tiêu chí 2.1 đã có điểm chấm hoặc tài liệu kiểm chứng"),
        (criterion(year, "1.1.2"), {"parent_code": "1.2", "code": "2.1"}, "Bộ tiêu chí đã có mã “2.1”."),
        (criterion(year, "1.2"), {"parent_code": "2", "max_score": "5"}, "lớn hơn điểm tối đa của dòng cha 2 (4)"),
    ]
    for c, changes, message in cases:
        page = _edit(office, c, **changes)
        assert page.status_code == 422 and message in page.get_data(as_text=True), changes
    assert_unchanged(before)


def test_a_unit_user_and_a_locked_year_cannot_move_a_criterion(org, as_user):
    from tests.index_helpers import criterion, make_index_year

    year = make_index_year(unit=org.ttr)
    moved = criterion(year, "1.2")
    before = fingerprint()
    for username in ("thanhtra", "chanhthanhtra", "lanhdao"):
        assert _edit(as_user(username), moved, parent_code="2").status_code == 403, username
    with transaction():
        db.session.merge(year).stage = "appraisal1"
    before = fingerprint()
    page = _edit(as_user("vanphong"), moved, parent_code="2")
    assert page.status_code == 422 and "đã chốt" in page.get_data(as_text=True)
    assert_unchanged(before)
    assert criterion(year, "1.2").parent.code == "1"
