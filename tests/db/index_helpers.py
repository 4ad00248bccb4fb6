"""A small index framework with scores and evidence, for the exports' tests (pack, report, trend)."""
import io
from datetime import datetime

from app.assessment.models import (
    AREA,
    BONUS,
    COMPONENT,
    CONFIRMED,
    CRITERION,
    PENALTY,
    IndexCriterion,
    IndexLink,
    IndexScore,
    IndexYear,
)
from app.extensions import db
from app.progress.models import Evidence
from app.storage import storage
from app.transactions import transaction
from tests.factories import issue, make_plan, make_progress_entry, make_task

# code, parent code, level, kind, max, allows half, title
FRAMEWORK = [
    ("1", None, AREA, "normal", 10, False, "Công tác chỉ đạo, điều hành CCHC"),
    ("1.1", "1", CRITERION, "normal", 6, False, "Kế hoạch CCHC năm"),
    ("1.1.1", "1.1", COMPONENT, "normal", 4, False, "Ban hành kế hoạch CCHC năm kịp thời"),
    ("1.1.2", "1.1", COMPONENT, "normal", 2, True, "Mức độ thực hiện kế hoạch"),
    ("1.2", "1", CRITERION, "normal", 4, True, "Báo cáo CCHC định kỳ"),
    ("2", None, AREA, "normal", 90, False, "Cải cách thủ tục hành chính"),
    ("2.1", "2", CRITERION, "normal", 90, False, "Giải quyết hồ sơ đúng hạn"),
    ("T", None, AREA, BONUS, 2, False, "Điểm thưởng"),
    ("T.1", "T", CRITERION, BONUS, 2, False, "Sáng kiến CCHC được công nhận"),
    ("TR", None, AREA, PENALTY, 3, False, "Điểm trừ"),
    ("TR.1", "TR", CRITERION, PENALTY, 3, False, "Để xảy ra sai phạm trong giải quyết TTHC"),
]


def make_index_year(year=2026, stage="self", skip=(), titles=None, **kw) -> dict[str, IndexCriterion]:
    """The year's framework (FRAMEWORK without the codes in ``skip``); code → criterion."""
    with transaction():
        index_year = IndexYear(year=year, title=f"Bộ Chỉ số CCHC năm {year}", stage=stage, **kw)
        db.session.add(index_year)
        by_code: dict[str, IndexCriterion] = {}
        for position, (code, parent, level, kind, max_score, half, title) in enumerate(FRAMEWORK):
            if code in skip:
                continue
            criterion = IndexCriterion(index_year=index_year, parent=by_code.get(parent), position=position,
                                       level=level, kind=kind, code=code, max_score=max_score,
                                       allows_half=half, title=(titles or {}).get(code, title))
            db.session.add(criterion)
            by_code[code] = criterion
        db.session.flush()
    return by_code


def set_scores(criteria: dict, **rounds) -> None:
    """``set_scores(c, self_score={"1.1.1": 4}, self_note={"1.1.1": "…"}, appraisal1_score=…)``."""
    with transaction():
        for field, values in rounds.items():
            for code, value in values.items():
                criterion = db.session.merge(criteria[code])
                score = criterion.score or IndexScore(criterion=criterion)
                setattr(score, field, value)
                db.session.add(score)


def make_entry(org):
    plan = make_plan(org.office, areas=(1,))
    task = make_task(plan.areas[0], org.ttr, "Xây dựng kế hoạch CCHC năm")
    issue(plan, org.office)
    return make_progress_entry(task, status="approved")


def add_document(entry, unit, content: bytes, number="", issued_on=None, name="van-ban.pdf", issuer="",
                 summary="") -> Evidence:
    """A cited document with its real file in the store."""
    stored = storage().save(io.BytesIO(content), suffix="." + name.rsplit(".", 1)[-1])
    with transaction():
        evidence = Evidence(entry_id=entry.id, unit_id=unit.id, number=number, issued_on=issued_on,
                            issuer=issuer, summary=summary, file_key=stored.key, original_name=name,
                            content_type="application/pdf", size=stored.size, sha256=stored.sha256,
                            uploaded_at=datetime(2026, 3, 12, 2, 0))
        db.session.add(evidence)
    return evidence


def link(criterion, evidence, status=CONFIRMED) -> None:
    with transaction():
        db.session.add(IndexLink(criterion_id=criterion.id, evidence_id=evidence.id, status=status))
