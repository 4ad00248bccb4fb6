"""A small index framework and the year's evidence, for the tests of links and rounds (rows made
directly: the framework's own import is tested where it is built)."""
from datetime import date

from app.assessment.models import AREA, BONUS, COMPONENT, CRITERION, PENALTY, IndexCriterion, IndexYear
from app.extensions import db
from app.progress.models import Evidence
from app.transactions import transaction
from tests.factories import issue, make_plan, make_progress_entry, make_task


def make_index_year(year=2026, unit=None, **kw):
    """Lĩnh vực 1 (chỉ đạo điều hành, max 6: TC 1.1 with TCTP 1.1.1 (2, halves, assigned to ``unit``) and
    1.1.2 (2); TC 1.2 (2) scored itself), lĩnh vực 2 (TTHC, max 4, standard area 2: 2.1 (4)), a bonus
    line B.1 (1) and a penalty line T.1 (2)."""
    with transaction():
        index_year = IndexYear(year=year, title=f"Bộ chỉ số CCHC năm {year}", **kw)
        db.session.add(index_year)
        db.session.flush()
        position = iter(range(1, 100))

        def add(code, title, max_score, parent=None, level=COMPONENT, kind="normal", **extra):
            criterion = IndexCriterion(year_id=index_year.id, parent_id=parent.id if parent else None,
                                       position=next(position), code=code, title=title, max_score=max_score,
                                       level=level, kind=kind, **extra)
            db.session.add(criterion)
            db.session.flush()
            return criterion

        a1 = add("1", "Công tác chỉ đạo, điều hành CCHC", 6, level=AREA)
        c11 = add("1.1", "Kế hoạch CCHC năm", 4, a1, CRITERION)
        add("1.1.1", "Ban hành kế hoạch CCHC năm kịp thời", 2, c11, allows_half=True,
            keywords="kế hoạch CCHC, kế hoạch cải cách hành chính", unit_id=unit.id if unit else None)
        add("1.1.2", "Mức độ thực hiện kế hoạch CCHC", 2, c11)
        add("1.2", "Báo cáo CCHC định kỳ", 2, a1, CRITERION, evidence_asked="Báo cáo định kỳ quý, 6 tháng")
        a2 = add("2", "Cải cách thủ tục hành chính", 4, level=AREA, standard_area=2)
        add("2.1", "Công khai thủ tục hành chính đầy đủ", 4, a2, CRITERION,
            evidence_asked="Quyết định công bố thủ tục hành chính")
        b = add("B", "Điểm thưởng", 1, level=AREA, kind=BONUS)
        add("B.1", "Sáng kiến CCHC được công nhận", 1, b, kind=BONUS)
        t = add("T", "Điểm trừ", 2, level=AREA, kind=PENALTY)
        add("T.1", "Để xảy ra hồ sơ trễ hạn", 2, t, kind=PENALTY)
    return index_year


def criterion(index_year, code):
    return db.session.scalar(db.select(IndexCriterion).where(IndexCriterion.year_id == index_year.id,
                                                             IndexCriterion.code == code))


def make_evidence(org, summary, number="12/KH-SCT", issued_on=date(2026, 2, 1), status="approved",
                  area_code=2, entry=None):
    """A document cited in an entry (approved by default) of a task in standard area ``area_code``."""
    if entry is None:
        plan = make_plan(org.office, areas=(area_code,))
        task = make_task(plan.areas[0], org.ttr, "Rà soát, công khai thủ tục hành chính")
        issue(plan, org.office)
        entry = make_progress_entry(task, status=status)
    with transaction():
        evidence = Evidence(entry_id=entry.id, unit_id=entry.unit_id, number=number, issued_on=issued_on,
                            issuer="Sở Công Thương", summary=summary)
        db.session.add(evidence)
    return evidence
