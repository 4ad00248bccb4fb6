"""The demo's example frameworks: labelled as examples, eight lĩnh vực summing to 100 plus a bonus and a
penalty area, rules in words, several criteria assigned to demo units; 2025 the same shape, a little changed."""
from sqlalchemy import select

from app.assessment.models import AREA, BONUS, NORMAL, PENALTY, IndexYear
from app.assessment.queries import criteria_of, leaves
from app.extensions import db


def test_the_demo_ships_two_example_frameworks_shaped_like_real_ones(demo_app):
    years = {y.year: y for y in db.session.scalars(select(IndexYear))}
    assert {2025, 2026} <= set(years)
    for year in (2025, 2026):
        index_year = years[year]
        assert index_year.is_example and "ví dụ minh họa, không phải của tỉnh nào" in index_year.title
        criteria = criteria_of(index_year)
        areas = [c for c in criteria if c.level == AREA]
        assert [a.kind for a in areas].count(NORMAL) == 8 and {BONUS, PENALTY} <= {a.kind for a in areas}
        assert sum(a.max_score for a in areas if a.kind == NORMAL) == 100
        assert all(2 <= len(a.children) <= 4 for a in areas if a.kind == NORMAL)
        assert all(c.rule for c in leaves(criteria)) and all(c.evidence_asked for c in leaves(criteria))
        assert {c.unit.short_name for c in criteria if c.unit} >= {"TTr", "VP", "QLTM"}
        assert not {c.unit.short_name for c in criteria if c.unit} & {"QLCN", "KH-TC-TH"}  # the matrix's others
        assert {c.standard_area for c in areas} >= {1, 2, 3, 4, 5, 6}
    codes = {year: {c.code for c in criteria_of(years[year])} for year in (2025, 2026)}
    assert codes[2026] - codes[2025] == {"3.4"}
