"""The demo's 2025 index, scored through every round and closed, so that year over year (/index/trend) has a
year to compare 2026 with. Everything goes through the services (rounds.py), audited as if done by hand:
the Office self-scores each criterion (with its giải trình: the 2025 documents are not in the app) and locks;
the appraisal team's round-1 scores take points off some criteria; the Office explains them; round 2 gives
some of them back; the year is closed. The appraisal team's scores are entered by its member's own account
(data.APPRAISER, the role appraiser), so the audit names the person, each round by its deadline. Needs the year's framework
(index_framework.py); without it, nothing is done."""
from sqlalchemy import select

from ..assessment import rounds
from ..assessment.models import NORMAL, SELF, IndexYear
from ..assessment.queries import criteria_of, leaves
from ..assessment.scoring import score_error
from ..extensions import db
from . import data

SELF_NOTE = "Đã thực hiện; bản giấy lưu tại hồ sơ Chỉ số CCHC năm {year} của Văn phòng Sở: {asked}."
CUT_NOTE = "Tài liệu kiểm chứng chưa thể hiện đầy đủ kết quả thực hiện; trừ điểm."
EXPLANATION = "Bổ sung báo cáo kết quả thực hiện và văn bản chỉ đạo kèm theo; đề nghị xem xét lại."
RESTORED_NOTE = "Chấp nhận giải trình và tài liệu bổ sung."
KEPT_NOTE = "Tài liệu bổ sung chưa đáp ứng yêu cầu; giữ nguyên điểm vòng 1."


def _accepted(criterion, value: float) -> float:
    """``value``, or the nearest lower score the criterion accepts."""
    step = 0.5 if criterion.allows_half else 1.0
    while value > 0 and score_error(criterion, value) is not None:
        value = round((value - step) / step) * step
    return max(value, 0.0)


def _on_time(index_year, round_: str):
    """The day a round's scores are entered: its deadline, the last day allowed (None: no deadline)."""
    return getattr(index_year, rounds.DEADLINES[rounds.ROUNDS[round_][0]])


def _zero(actor, criteria, round_: str) -> None:
    for criterion in criteria:
        rounds.save_round(actor, criterion, round_, rounds.ScoreData(0.0, ""),
                          _on_time(criterion.index_year, round_))


def load_demo_index_history(users, year: int = 2025) -> dict:
    """Score ``year``'s framework through every round and close it (if the year exists, still in self)."""
    index_year = db.session.scalar(select(IndexYear).where(IndexYear.year == year))
    done = {"scored": 0, "cut": 0, "restored": 0}
    if index_year is None or index_year.stage != SELF:
        return done
    office = next(u for u in users if u.username == data.PLAN_AUTHOR)
    appraiser = next(u for u in users if u.username == data.APPRAISER)
    every = leaves(criteria_of(index_year))
    scored = [c for c in every if c.kind == NORMAL]
    extra = [c for c in every if c.kind != NORMAL]  # bonus and penalty lines: none earned, none incurred
    cut = {c.id for i, c in enumerate(scored) if i % 5 == 2 and c.max_score >= 1}  # one in five loses points
    restored = {cid for i, cid in enumerate(sorted(cut)) if i % 2 == 0}  # half of them are given back
    self_points = {}
    for i, leaf in enumerate(scored):
        points = leaf.max_score if i % 7 else (_accepted(leaf, leaf.max_score * 0.75) or leaf.max_score)
        self_points[leaf.id] = points
        asked = (leaf.evidence_asked or "văn bản kiểm chứng").rstrip(". ")
        note = SELF_NOTE.format(year=year, asked=asked[:1].lower() + asked[1:])
        rounds.save_round(office, leaf, "self", rounds.ScoreData(points, note))
        done["scored"] += 1
    _zero(office, extra, "self")
    rounds.advance(office, index_year)  # → appraisal round 1
    first = {}
    for leaf in scored:
        points = self_points[leaf.id]
        if leaf.id in cut:
            points = _accepted(leaf, points - max(leaf.max_score / 2, 0.5))
            done["cut"] += 1
        first[leaf.id] = points
        rounds.save_round(appraiser, leaf, "appraisal1",
                          rounds.ScoreData(points, CUT_NOTE if leaf.id in cut else ""), _on_time(index_year, "appraisal1"))
    _zero(appraiser, extra, "appraisal1")
    rounds.advance(office, index_year)  # → the explanation round
    for leaf in scored:
        if leaf.id in cut:
            rounds.save_explanation(office, leaf, EXPLANATION)
    rounds.advance(office, index_year)  # → appraisal round 2
    for leaf in scored:
        back = leaf.id in restored
        note = (RESTORED_NOTE if back else KEPT_NOTE) if leaf.id in cut else ""
        rounds.save_round(appraiser, leaf, "appraisal2",
                          rounds.ScoreData(self_points[leaf.id] if back else first[leaf.id], note),
                          _on_time(index_year, "appraisal2"))
        done["restored"] += back
    _zero(appraiser, extra, "appraisal2")
    rounds.advance(office, index_year)  # → closed
    return done
