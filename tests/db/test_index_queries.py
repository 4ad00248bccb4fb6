"""The index's shared reads: a year's criteria in order, its leaves, each round's points and roll-up."""
import pytest

from app.assessment import queries
from app.assessment.models import AREA, BONUS, COMPONENT, CRITERION, IndexCriterion, IndexScore, IndexYear
from app.extensions import db
from app.transactions import transaction


def test_rounds_roll_up_through_the_one_computation(app):
    with transaction():
        year = IndexYear(year=2026)
        area = IndexCriterion(index_year=year, level=AREA, code="1", max_score=3, position=1)
        tc = IndexCriterion(index_year=year, parent=area, level=CRITERION, code="1.1", max_score=3, position=2)
        a = IndexCriterion(index_year=year, parent=tc, level=COMPONENT, code="1.1.1", max_score=2, position=3,
                           allows_half=True)
        b = IndexCriterion(index_year=year, parent=tc, level=COMPONENT, code="1.1.2", max_score=1, position=4)
        bonus = IndexCriterion(index_year=year, level=AREA, kind=BONUS, code="T", max_score=2, position=6)
        line = IndexCriterion(index_year=year, parent=bonus, level=CRITERION, kind=BONUS, code="T.1",
                              max_score=2, position=7)
        db.session.add_all([year, area, tc, a, b, bonus, line])
        db.session.flush()
        db.session.add_all([IndexScore(criterion=a, draft_score=2, self_score=1.5, appraisal1_score=1),
                            IndexScore(criterion=b, self_score=1), IndexScore(criterion=line, self_score=1)])
    assert queries.year_or_404(2026) is year
    criteria = queries.criteria_of(year)
    assert [c.code for c in criteria] == ["1", "1.1", "1.1.1", "1.1.2", "T", "T.1"]
    assert [c.code for c in queries.leaves(criteria)] == ["1.1.1", "1.1.2", "T.1"]
    assert queries.round_scores(year, "draft") == {a.id: 2, b.id: None, line.id: None}
    roll = queries.round_roll_up(year, "self")
    assert (roll.base, roll.bonus, roll.total, roll.subtotals[tc.id]) == (2.5, 1, 3.5, 2.5)
    assert queries.round_roll_up(year, "appraisal1").total == 1
    with pytest.raises(ValueError):
        queries.round_scores(year, "final")
    shown = queries.visible_criteria(criteria, None)
    assert shown == []
