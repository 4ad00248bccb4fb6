"""The demo's 2025 index (app/demo/index_scores.py): scored through every round by the services and closed,
some criteria cut in round 1, explained, half of them given back in round 2; all audited."""
from app.assessment.models import CLOSED
from app.assessment.trend import year_over_year
from app.demo.index_scores import load_demo_index_history
from app.extensions import db
from app.transactions import transaction
from tests.db.index_helpers import make_index_year
from app.org.models import APPRAISER
from tests.factories import audits, make_user


def test_the_year_goes_through_every_round_and_closes(org):
    criteria = make_index_year(2025, skip=("TR", "TR.1"))
    appraiser = make_user(org.vp, [APPRAISER], "thamdinh")
    with transaction():
        done = load_demo_index_history([org.office, appraiser], 2025)
    assert done == {"scored": 4, "cut": 1, "restored": 1}
    index_year = db.session.merge(criteria["1"].index_year)
    db.session.refresh(index_year)
    assert index_year.stage == CLOSED
    (result,) = year_over_year().years
    assert result.final_round == "appraisal2" and result.final_roll.scored == result.final_roll.leaves == 5
    assert [a.action for a in audits(object_type="index_year")][-4:] == ["advance"] * 4
    with transaction():
        assert load_demo_index_history([org.office, appraiser], 2025) == {"scored": 0, "cut": 0, "restored": 0}  # once


def test_the_appraisal_rounds_are_recorded_as_done_by_the_appraiser(org):
    make_index_year(2025, skip=("TR", "TR.1"))
    appraiser = make_user(org.vp, [APPRAISER], "thamdinh")
    with transaction():
        load_demo_index_history([org.office, appraiser], 2025)
    scores = audits(action="update", object_type="index_score")
    changed = {a.id: {k for k in a.after if (a.before or {}).get(k) != a.after[k]} for a in scores}
    appraised = [a for a in scores if any(k.startswith("appraisal") for k in changed[a.id])]
    explained = [a for a in scores if "explanation" in changed[a.id]]
    assert appraised and {a.actor_id for a in appraised} == {appraiser.id}
    assert explained and {a.actor_id for a in explained} == {org.office.id}
    assert all(a.actor_id is not None for a in scores)
