"""The demo's 2025 index (app/demo/index_scores.py): scored through every round by the services and closed,
some criteria cut in round 1, explained, half of them given back in round 2; all audited."""
from app.assessment.models import CLOSED
from app.assessment.trend import year_over_year
from app.demo.index_scores import load_demo_index_history
from app.extensions import db
from app.transactions import transaction
from tests.db.index_helpers import make_index_year
from tests.factories import audits


def test_the_year_goes_through_every_round_and_closes(org):
    criteria = make_index_year(2025, skip=("TR", "TR.1"))
    with transaction():
        done = load_demo_index_history([org.office], 2025)
    assert done == {"scored": 4, "cut": 1, "restored": 1}
    index_year = db.session.merge(criteria["1"].index_year)
    db.session.refresh(index_year)
    assert index_year.stage == CLOSED
    (result,) = year_over_year().years
    assert result.final_round == "appraisal2" and result.final_roll.scored == result.final_roll.leaves == 5
    assert [a.action for a in audits(object_type="index_year")][-4:] == ["advance"] * 4
    with transaction():
        assert load_demo_index_history([org.office], 2025) == {"scored": 0, "cut": 0, "restored": 0}  # once
