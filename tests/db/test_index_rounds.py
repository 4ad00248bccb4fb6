"""The self-assessment's rounds (app/assessment/rounds.py): drafts and self-scores checked and audited, the
giải trình required where a scored criterion has no confirmed evidence, the lock and the reopening, each
round refused outside its stage."""
from datetime import date

import pytest

from app.assessment.links import decide_evidence
from app.assessment.models import CONFIRMED, IndexScore
from app.assessment.rounds import (
    ScoreData,
    advance,
    deadlines,
    reopen,
    save_explanation,
    save_round,
    take_draft,
    year_history,
)
from app.errors import DomainError, EditConflict
from app.transactions import transaction
from tests.factories import audits, fresh
from tests.index_helpers import criterion, make_evidence, make_index_year


def _save(actor, year, code, round_, score, note="", version=None):
    with transaction():
        return save_round(actor, criterion(year, code), round_, ScoreData(score, note, version))


def test_draft_then_the_office_takes_it_audited(org):
    year = make_index_year(unit=org.ttr)
    _save(org.ttr_staff, year, "1.1.1", "draft", 1.5, "Đã ban hành kế hoạch", version=0)
    with transaction():
        score = take_draft(org.office, criterion(year, "1.1.1"))
    row = fresh(IndexScore, score.id)
    assert (row.draft_score, row.self_score, row.self_note) == (1.5, 1.5, "Đã ban hành kế hoạch")
    records = audits(object_type="index_score")
    assert [r.after.get("self_score", r.after.get("draft_score")) for r in records] == ["1,5", "1,5"]


@pytest.mark.parametrize(("score", "message"), [
    (2.5, "Điểm phải từ 0 đến 2"),
    (-1, "Điểm phải từ 0 đến 2"),
    (0.5, "điểm nguyên"),
])
def test_bad_scores_are_refused_and_nothing_saved(org, score, message):
    year = make_index_year()
    with pytest.raises(DomainError) as refused:
        _save(org.office, year, "1.1.2", "self", score, "ghi chú")
    assert message in refused.value.fields["score"]
    assert criterion(year, "1.1.2").score is None


def test_self_score_above_zero_needs_giai_trinh_without_confirmed_evidence(org):
    year = make_index_year()
    with pytest.raises(DomainError) as refused:
        _save(org.office, year, "1.2", "self", 2)
    assert "giải trình" in refused.value.fields["note"]
    _save(org.office, year, "1.2", "self", 0)  # zero needs none
    doc = make_evidence(org, "Báo cáo CCHC quý I năm 2026", "20/BC-SCT", issued_on=date(2026, 3, 10))
    with transaction():
        decide_evidence(org.office, criterion(year, "1.2"), doc, CONFIRMED)
    assert _save(org.office, year, "1.2", "self", 2).self_score == 2


def test_an_edit_on_an_old_version_is_a_conflict(org):
    year = make_index_year()
    _save(org.office, year, "1.1.2", "self", 1, "giải trình", version=0)
    with pytest.raises(EditConflict):
        _save(org.office, year, "1.1.2", "self", 2, "giải trình", version=0)
    assert criterion(year, "1.1.2").score.self_score == 1


def test_lock_needs_every_giai_trinh_then_rounds_follow_their_stages_and_reopen(org):
    year = make_index_year()
    _save(org.office, year, "1.1.2", "self", 2, "Giải trình: đã thực hiện đủ")
    year = fresh(type(year), year.id)
    with pytest.raises(DomainError, match="chưa có giải trình"), transaction():  # a giải trình removed
        criterion(year, "1.1.2").score.self_note = ""
        advance(org.office, year)
    with transaction():
        advance(org.office, fresh(type(year), year.id))
    year = fresh(type(year), year.id)
    assert year.stage == "appraisal1"
    with pytest.raises(DomainError, match="đã chốt"):
        _save(org.office, year, "1.1.2", "self", 1, "x")
    with pytest.raises(DomainError, match="Chưa đến giai đoạn"):
        _save(org.office, year, "1.1.2", "appraisal2", 1)
    _save(org.office, year, "1.1.2", "appraisal1", 1, "Thiếu tài liệu")
    with transaction():
        advance(org.office, year)
    with transaction():
        save_explanation(org.office, criterion(year, "1.1.2"), "Bổ sung Báo cáo số 20/BC-SCT")
    with transaction():
        reopen(org.office, year)
    with transaction():
        reopen(org.office, year)
    assert fresh(type(year), year.id).stage == "self"
    assert _save(org.office, year, "1.1.2", "self", 1.0, "Sửa sau khi mở lại").self_score == 1
    actions = [r.action for r in year_history(year)]
    assert actions[:3] == ["update", "reopen", "reopen"] and actions.count("advance") == 2


def test_deadlines_say_overdue_only_for_the_current_stage(org):
    year = make_index_year(self_deadline=date(2026, 3, 1), appraisal1_deadline=date(2026, 4, 1))
    shown = {d.stage: d for d in deadlines(year, today=date(2026, 3, 5))}
    assert shown["self"].overdue and shown["self"].text == "01/03/2026"
    assert not shown["appraisal1"].overdue and shown["explanation"].text == ""
