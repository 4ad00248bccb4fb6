"""The index pages: the years with their totals; a year's framework, whole for its readers, only the
assigned criteria (with their parents) for a unit's users."""
from app.assessment.models import AREA, COMPONENT, CRITERION, IndexCriterion, IndexScore, IndexYear
from app.extensions import db
from app.transactions import transaction


def test_years_and_a_year_show_the_roll_up_and_a_unit_sees_only_its_criteria(org, as_user):
    with transaction():
        year = IndexYear(year=2026, title="Bộ tiêu chí năm 2026", is_example=True)
        area = IndexCriterion(index_year=year, level=AREA, code="1", title="Cải cách thể chế", max_score=4,
                              position=1)
        mine = IndexCriterion(index_year=year, parent=area, level=CRITERION, code="1.1", title="Kiểm tra văn bản",
                              max_score=2, position=2, unit=org.ttr)
        leaf = IndexCriterion(index_year=year, parent=mine, level=COMPONENT, code="1.1.1",
                              title="Tự kiểm tra", max_score=2, allows_half=True, position=3)
        other = IndexCriterion(index_year=year, parent=area, level=CRITERION, code="1.2", title="Rà soát",
                               max_score=2, position=4, unit=org.khtc)
        db.session.add_all([year, area, mine, leaf, other])
        db.session.flush()
        db.session.add(IndexScore(criterion=leaf, self_score=1.5))
    office = as_user("vanphong")
    page = office.get("/index").get_data(as_text=True)
    assert "Bộ tiêu chí năm 2026" in page and "1,5/4" in page and "Ví dụ minh họa" in page
    page = office.get("/index/2026").get_data(as_text=True)
    assert "Rà soát" in page and "Tự kiểm tra" in page and "1,5" in page
    unit = as_user("thanhtra").get("/index/2026").get_data(as_text=True)
    assert "Tự kiểm tra" in unit and "Cải cách thể chế" in unit and "Rà soát" not in unit
    assert "Chỉ số CCHC" in unit  # the menu entry
    assert office.get("/index/2031").status_code == 404
