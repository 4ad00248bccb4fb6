"""The index pages: the years with their totals; a year's framework, whole for its readers, only the
assigned criteria (with their parents) for a unit's users."""
from app.assessment.models import AREA, COMPONENT, CRITERION, IndexCriterion, IndexScore, IndexYear
from app.extensions import db
from app.transactions import transaction
from app.org.models import APPRAISER
from tests.db.index_helpers import make_index_year
from tests.factories import make_user


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


def test_an_appraiser_starts_at_the_index_and_reaches_its_pages(org, as_user):
    make_index_year(2026)
    make_user(org.bgd, [APPRAISER], "thamdinh")
    appraiser = as_user("thamdinh")
    home = appraiser.get("/")
    assert home.status_code == 302 and home.headers["Location"].endswith("/index")
    page = appraiser.get("/index").get_data(as_text=True)
    assert 'href="/index/2026"' in page and "Tạo bộ tiêu chí năm mới" not in page
    for url in ("/index/2026", "/index/2026/framework", "/index/2026/exports", "/index/2026/report.docx",
                "/index/2026/pack.zip", "/index/trend", "/checklist"):
        assert appraiser.get(url).status_code == 200, url
    for url in ("/index/new", "/index/2026/edit", "/plans/new", "/periods/new"):
        assert appraiser.get(url).status_code in (403, 404), url
