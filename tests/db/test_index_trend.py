"""Year over year (app/assessment/trend.py): lĩnh vực matched by code across years, self and final appraised
scores from the roll-up, and the criteria that lost points (leaves matched by code, scored both years)."""
from app.assessment.trend import year_over_year
from tests.db.index_helpers import make_index_year, set_scores


def two_years():
    old = make_index_year(2025, stage="closed")
    set_scores(old, self_score={"1.1.1": 4, "1.1.2": 2, "1.2": 4, "2.1": 85, "TR.1": 1},
               appraisal1_score={"1.1.1": 4, "1.1.2": 1, "1.2": 4, "2.1": 80},
               appraisal2_score={"1.1.1": 4, "1.1.2": 1.5, "1.2": 4, "2.1": 82, "TR.1": 1})
    # 2026 drops "1.2" and renames lĩnh vực 2; self-scoring in progress ("2.1" not scored yet)
    new = make_index_year(2026, skip=("1.2",), titles={"2": "Cải cách TTHC và một cửa"})
    set_scores(new, self_score={"1.1.1": 3, "1.1.2": 2})
    return old, new


def test_areas_by_code_across_years_with_self_and_final(app):
    two_years()
    trend = year_over_year()
    assert [y.year for y in trend.years] == [2025, 2026]
    assert [y.final_round for y in trend.years] == ["appraisal2", None]
    areas = {line.code: line for line in trend.areas}
    assert list(areas) == ["1", "2", "T", "TR"]
    assert areas["2"].title == "Cải cách TTHC và một cửa"  # the latest year's words
    old, new = areas["1"].cells
    assert (old.max_score, old.self_score, old.final_score) == (10, 10, 9.5)
    assert (new.self_score, new.final_score) == (5, None)
    assert old.percent == 95 and new.percent == 50
    assert [y.result_roll.total for y in trend.years] == [90.5, 5]  # 9,5 + 82 - 1


def test_losses_match_leaves_by_code_and_skip_the_unscored(app):
    two_years()
    trend = year_over_year()
    assert [y.year for y in trend.compared] == [2025, 2026]
    assert [(loss.code, loss.before, loss.after, loss.difference) for loss in trend.losses] == [
        ("1.1.1", 4, 3, -1)]  # 1.1.2 went up; 2.1 not scored yet; 1.2 is gone


def test_a_single_year_compares_nothing(app):
    make_index_year(2026)
    trend = year_over_year()
    assert trend.compared is None and trend.losses == []
    assert year_over_year(2031).compared is None
