"""The scoring rounds of a year's self-assessment: the units' drafts, the Office's self-score, the two
appraisal rounds and the explanation round between them; the lock ("chốt") that moves a year to its next
stage, and the Office's reopening of the stage before.

Each write is accepted only in its stage (IndexYear.stage): drafts and self-scores in "self", appraisal
round 1 in "appraisal1", explanations in "explanation", round 2 in "appraisal2"; after the stage has
passed it is refused, until the Office reopens it. After the stage's deadline (the day itself allowed), the
units' drafts and the appraisal team's scores are refused too, until the Office extends it. Who may call which is decided by app.permissions
(RULES "index.*"), in the routes. Writes add and flush; their audit record goes in the same transaction.
"""
from dataclasses import dataclass

from sqlalchemy import or_, select

from .. import audit
from ..audit import AuditLog
from ..errors import DomainError, EditConflict
from ..extensions import db
from ..formatting import local_today, vn_date
from .links import confirmed_criteria
from .models import (
    APPRAISAL1,
    APPRAISAL2,
    CLOSED,
    EXPLANATION,
    SELF,
    STAGE_ORDER,
    STAGES,
    IndexCriterion,
    IndexScore,
)
from .scoring import format_score, score_error

# The fields each round writes, and the stage it belongs to.
ROUNDS = {
    "draft": (SELF, "draft_score", "draft_note"),
    "self": (SELF, "self_score", "self_note"),
    "appraisal1": (APPRAISAL1, "appraisal1_score", "appraisal1_note"),
    "appraisal2": (APPRAISAL2, "appraisal2_score", "appraisal2_note"),
}
DEADLINES = {SELF: "self_deadline", APPRAISAL1: "appraisal1_deadline", EXPLANATION: "explanation_deadline",
             APPRAISAL2: "appraisal2_deadline"}
# The rounds the stage's deadline closes: the units' drafts and the appraisal team's scores. The Office's own
# writes (the self-score, the explanation) are still accepted after it, and the Office extends the deadline
# (the year's form, framework.update_year).
DEADLINE_BOUND = {"draft": "tự chấm điểm", "appraisal1": "thẩm định vòng 1", "appraisal2": "thẩm định vòng 2"}
NOTE_MAX = 4000


@dataclass
class ScoreData:
    """A round's form: the score (None: not scored) and its note; ``version``: the score row's version the
    form was opened on (None: no check, e.g. the CLI; 0: the criterion had no score row yet)."""
    score: float | None = None
    note: str = ""
    version: int | None = None


def snapshot(score: IndexScore) -> dict:
    return {
        "draft_score": format_score(score.draft_score), "draft_note": score.draft_note or "",
        "self_score": format_score(score.self_score), "self_note": score.self_note or "",
        "appraisal1_score": format_score(score.appraisal1_score), "appraisal1_note": score.appraisal1_note or "",
        "explanation": score.explanation or "",
        "appraisal2_score": format_score(score.appraisal2_score), "appraisal2_note": score.appraisal2_note or "",
    }


def year_snapshot(index_year) -> dict:
    return {"stage": index_year.stage_label}


def stage_error(index_year, stage: str) -> str | None:
    """Why a write of ``stage`` is refused now (Vietnamese), or None."""
    if index_year.stage == stage:
        return None
    if STAGE_ORDER.index(index_year.stage) > STAGE_ORDER.index(stage):
        return (f"Giai đoạn “{STAGES[stage]}” đã chốt: không thể sửa nữa "
                "(Văn phòng có thể mở lại giai đoạn trước).")
    return f"Chưa đến giai đoạn “{STAGES[stage]}” (hiện là “{index_year.stage_label}”)."


def deadline_error(index_year, round_: str, today=None) -> str | None:
    """Why ``round_`` is refused now because its stage's deadline has passed (Vietnamese), or None. The
    deadline day itself is still allowed (today in Asia/Ho_Chi_Minh)."""
    if round_ not in DEADLINE_BOUND:
        return None
    on = getattr(index_year, DEADLINES[ROUNDS[round_][0]])
    if on is None or on >= (today or local_today()):
        return None
    return f"Đã quá hạn {DEADLINE_BOUND[round_]} ngày {vn_date(on)}; đề nghị Văn phòng gia hạn."


def _check_stage(index_year, stage: str) -> None:
    message = stage_error(index_year, stage)
    if message:
        raise DomainError(message)


def score_row(criterion: IndexCriterion) -> IndexScore:
    """The leaf's score row, made (added, flushed with its first values) when first written."""
    if criterion.children:
        raise DomainError("Chỉ chấm điểm tiêu chí không có tiêu chí thành phần.")
    if criterion.score is None:
        criterion.score = IndexScore(criterion_id=criterion.id, draft_note="", self_note="", appraisal1_note="",
                                     explanation="", appraisal2_note="")
        db.session.add(criterion.score)
    return criterion.score


def _check_version(criterion, version: int | None) -> None:
    current = criterion.score.version if criterion.score is not None else 0
    if version is not None and version != current:
        raise EditConflict(f"Điểm của tiêu chí {criterion.code}")


def _clean_note(note: str | None, field: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(fields={field: f"Nội dung dài quá {NOTE_MAX} ký tự."})
    return note


def save_round(actor, criterion: IndexCriterion, round_: str, data: ScoreData, today=None) -> IndexScore:
    """Write one round's score and note of a leaf criterion (checks the stage, its deadline as of ``today``
    (default: today), the score, the version; a self-score above 0 without confirmed evidence needs its
    giải trình)."""
    if round_ not in ROUNDS:
        raise DomainError("Vòng chấm điểm không hợp lệ.")
    stage, score_field, note_field = ROUNDS[round_]
    _check_stage(criterion.index_year, stage)
    late = deadline_error(criterion.index_year, round_, today)
    if late:
        raise DomainError(late)
    if criterion.children:
        raise DomainError("Chỉ chấm điểm tiêu chí không có tiêu chí thành phần.")
    error = score_error(criterion, data.score)
    if error:
        raise DomainError(fields={"score": error})
    note = _clean_note(data.note, "note")
    if round_ == "self" and data.score and not note and criterion.id not in confirmed_criteria(criterion.index_year):
        raise DomainError(fields={"note": "Tiêu chí chưa có tài liệu kiểm chứng được xác nhận: hãy ghi giải trình "
                                          "cách tự chấm điểm."})
    _check_version(criterion, data.version)
    score = score_row(criterion)
    before = snapshot(score)
    setattr(score, score_field, data.score)
    setattr(score, note_field, note)
    score.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    audit.record(actor, "update", score, before, snapshot(score))
    return score


def take_draft(actor, criterion: IndexCriterion, version: int | None = None) -> IndexScore:
    """The Office takes the unit's draft as the self-score, in one click."""
    score = criterion.score
    if score is None or score.draft_score is None:
        raise DomainError("Đơn vị chưa đề xuất điểm cho tiêu chí này.")
    return save_round(actor, criterion, "self", ScoreData(score.draft_score, score.self_note or score.draft_note,
                                                          version))


def save_explanation(actor, criterion: IndexCriterion, text: str, version: int | None = None) -> IndexScore:
    """The Office's answer, in the explanation round, to the appraisers' round-1 opinion."""
    _check_stage(criterion.index_year, EXPLANATION)
    if criterion.children:
        raise DomainError("Chỉ giải trình tiêu chí không có tiêu chí thành phần.")
    text = _clean_note(text, "note")
    _check_version(criterion, version)
    score = score_row(criterion)
    before = snapshot(score)
    score.explanation = text
    score.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    audit.record(actor, "update", score, before, snapshot(score))
    return score


def missing_explanations(index_year, criteria, scores) -> list[IndexCriterion]:
    """The leaves self-scored above 0 with neither a confirmed document nor a giải trình."""
    confirmed = confirmed_criteria(index_year)
    parents = {c.parent_id for c in criteria}
    return [c for c in criteria if c.id not in parents and c.id not in confirmed
            and (s := scores.get(c.id)) is not None and s.self_score and not (s.self_note or "").strip()]


def _check_year_version(index_year, version: int | None) -> None:
    if version is not None and version != index_year.version:
        raise EditConflict(f"Bộ chỉ số năm {index_year.year}")


def advance(actor, index_year, version: int | None = None) -> None:
    """Lock the current stage ("chốt") and move to the next one."""
    _check_year_version(index_year, version)
    if index_year.stage == CLOSED:
        raise DomainError("Kết quả đã chốt: không còn giai đoạn nào sau.")
    if index_year.stage == SELF:
        criteria = list(db.session.scalars(select(IndexCriterion).where(IndexCriterion.year_id == index_year.id)))
        scores = {s.criterion_id: s for s in db.session.scalars(
            select(IndexScore).where(IndexScore.criterion_id.in_([c.id for c in criteria] or [-1])))}
        missing = missing_explanations(index_year, criteria, scores)
        if missing:
            codes = ", ".join(c.code for c in missing[:10]) + ("…" if len(missing) > 10 else "")
            raise DomainError(f"Chưa thể chốt tự chấm: tiêu chí {codes} được chấm điểm nhưng chưa có tài liệu "
                              "kiểm chứng được xác nhận, cũng chưa có giải trình.")
    before = year_snapshot(index_year)
    index_year.stage = STAGE_ORDER[STAGE_ORDER.index(index_year.stage) + 1]
    db.session.flush()
    audit.record(actor, "advance", index_year, before, year_snapshot(index_year))


def reopen(actor, index_year, version: int | None = None) -> None:
    """The Office moves the year back one stage, so that stage's writes are accepted again."""
    _check_year_version(index_year, version)
    if index_year.stage == SELF:
        raise DomainError("Đang ở giai đoạn tự chấm: không có giai đoạn nào trước để mở lại.")
    before = year_snapshot(index_year)
    index_year.stage = STAGE_ORDER[STAGE_ORDER.index(index_year.stage) - 1]
    db.session.flush()
    audit.record(actor, "reopen", index_year, before, year_snapshot(index_year))


@dataclass
class Deadline:
    stage: str
    label: str
    on: object  # date | None
    current: bool
    overdue: bool

    @property
    def text(self) -> str:
        return vn_date(self.on)


def deadlines(index_year, today=None) -> list[Deadline]:
    """Each stage's deadline; "overdue" for the current stage past its date."""
    today = today or local_today()
    found = []
    for stage, field in DEADLINES.items():
        on = getattr(index_year, field)
        current = index_year.stage == stage
        found.append(Deadline(stage, STAGES[stage], on, current, bool(current and on and on < today)))
    return found


def year_history(index_year, limit: int = 100) -> list[AuditLog]:
    """The audit records of the year, its criteria and their scores, newest first (one query)."""
    criteria = select(IndexCriterion.id).where(IndexCriterion.year_id == index_year.id)
    scores = select(IndexScore.id).where(IndexScore.criterion_id.in_(criteria))
    return list(db.session.scalars(
        select(AuditLog).where(or_(
            (AuditLog.object_type == "index_year") & (AuditLog.object_id == index_year.id),
            (AuditLog.object_type == "index_criterion") & AuditLog.object_id.in_(criteria),
            (AuditLog.object_type == "index_score") & AuditLog.object_id.in_(scores)))
        .order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(limit)))
