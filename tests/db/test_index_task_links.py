"""Tasks linked to the index's criteria (app/assessment/links.py): tagging by code, the refusals (unknown
code, a criterion with components, a locked year) with nothing changed, suggestions from the task's area and
title words, set-asides never suggested again, the audit; and what a confirmed task means: its approved
documents of the year count for the explanation rule (rounds.missing_explanations)."""
from datetime import date

import pytest

from app import audit
from app.assessment.links import (
    decide_task,
    links_of,
    remove_task,
    tag_task,
    task_by_text,
    task_evidence,
    task_suggestions,
)
from app.assessment.models import CONFIRMED, REJECTED, IndexCriterion, IndexScore
from app.assessment.rounds import missing_explanations
from app.errors import DomainError
from app.extensions import db
from app.transactions import transaction
from tests.factories import audits, issue, make_period, make_plan, make_progress_entry, make_task
from tests.index_helpers import criterion, make_evidence, make_index_year


def _criteria(index_year):
    return list(db.session.scalars(db.select(IndexCriterion).where(IndexCriterion.year_id == index_year.id)
                                   .order_by(IndexCriterion.position)))


def _year_plan(org, titles, area_code=2, year=2026):
    """An issued plan of ``year`` with one task per title in standard area ``area_code``."""
    plan = make_plan(org.office, areas=(area_code,), year=year)
    tasks = [make_task(plan.areas[0], org.ttr, title) for title in titles]
    issue(plan, org.office)
    return tasks


def _suggested_tasks(index_year):
    found = task_suggestions(index_year, _criteria(index_year), links_of(index_year))
    return {(c.code, s.task.title): s.reason for c in _criteria(index_year) for s in found.get(c.id, [])}


def test_tagging_a_task_by_code_confirms_it_and_is_audited(org):
    year = make_index_year()
    task, = _year_plan(org, ["Rà soát, công khai thủ tục hành chính"])
    with transaction():
        link = tag_task(org.office, year, task, " 2.1 ")
    assert (link.criterion.code, link.task_id, link.status) == ("2.1", task.id, CONFIRMED)
    record, = audits(object_type="index_criterion")
    assert (record.action, record.object_id) == ("link", link.criterion_id)
    assert record.after == {"evidence": f"Nhiệm vụ {task.code} {task.title}", "link": "Đã xác nhận",
                            "_about": f"task:{task.id}", "_about_label": f"Nhiệm vụ {task.code} {task.title}"}
    # the record is also the task's: its history shows it
    assert record.plan_id == task.plan_id and record in audit.history(task)
    with transaction():
        remove_task(org.office, criterion(year, "2.1"), task)
    assert links_of(year) == []
    assert audits(object_type="index_criterion")[-1].after["link"] == ""


@pytest.mark.parametrize(("code", "message"), [
    ("9.9", "Không có tiêu chí mã “9.9” trong bộ chỉ số năm 2026."),
    ("1.1", "Tiêu chí 1.1 có tiêu chí thành phần: hãy gắn vào tiêu chí thành phần."),
    ("", "Hãy nhập mã tiêu chí (ví dụ 1.2.3)."),
])
def test_unknown_or_parent_codes_are_refused_and_nothing_changes(org, code, message):
    year = make_index_year()
    task, = _year_plan(org, ["Rà soát, công khai thủ tục hành chính"])
    with pytest.raises(DomainError) as refused, transaction():
        tag_task(org.office, year, task, code)
    assert refused.value.message == message
    assert links_of(year) == [] and audits(object_type="index_criterion") == []


def test_a_locked_year_refuses_task_links_and_nothing_changes(org):
    year = make_index_year(stage="appraisal1")
    task, = _year_plan(org, ["Rà soát, công khai thủ tục hành chính"])
    for act in (lambda: tag_task(org.office, year, task, "2.1"),
                lambda: decide_task(org.office, criterion(year, "2.1"), task, REJECTED)):
        with pytest.raises(DomainError, match="Đã chốt tự chấm"), transaction():
            act()
    assert links_of(year) == [] and audits(object_type="index_criterion") == []


def test_a_task_of_another_year_is_refused(org):
    year = make_index_year()
    task, = _year_plan(org, ["Rà soát, công khai thủ tục hành chính"], year=2025)
    with pytest.raises(DomainError, match="không thuộc kế hoạch đã ban hành của năm 2026"), transaction():
        tag_task(org.office, year, task, "2.1")
    assert links_of(year) == []


def test_tasks_are_suggested_from_their_area_and_title_words_and_set_asides_never_again(org):
    year = make_index_year()
    public, other = _year_plan(org, ["Rà soát, công khai thủ tục hành chính trên Cổng DVC",
                                     "Tập huấn nghiệp vụ cho công chức"])
    same_words_other_area, = _year_plan(org, ["Công khai thủ tục hành chính nội bộ"], area_code=4)
    found = _suggested_tasks(year)
    assert found == {("2.1", public.title): "nhiệm vụ thuộc lĩnh vực “Cải cách thủ tục hành chính”, "
                                            "tên có: “công khai thủ tục hành”"}  # the pairs of _reason
    assert other.title not in {t for _, t in found} and same_words_other_area.title not in {t for _, t in found}
    with transaction():
        decide_task(org.office, criterion(year, "2.1"), public, REJECTED)
    assert _suggested_tasks(year) == {}
    assert [(link.task_id, link.status) for link in links_of(year)] == [(public.id, REJECTED)]


def test_a_task_is_found_by_its_code_or_its_words(org):
    year = make_index_year()
    public, training = _year_plan(org, ["Rà soát, công khai thủ tục hành chính", "Tập huấn nghiệp vụ"])
    assert task_by_text(year, "tap huan") == training
    assert (public.code, task_by_text(year, " 1.1 ")) == ("1.1", public)
    _year_plan(org, ["Tập huấn kỹ năng"], year=2026)  # a second plan of the year: its first task is 1.1 too
    with pytest.raises(DomainError, match="Có 2 nhiệm vụ khớp"):
        task_by_text(year, "1.1")
    with pytest.raises(DomainError, match="Có 2 nhiệm vụ khớp"):
        task_by_text(year, "tập huấn")
    with pytest.raises(DomainError, match="Không có nhiệm vụ nào khớp “kiểm tra”"):
        task_by_text(year, "kiểm tra")


def test_a_confirmed_task_brings_its_approved_documents_and_satisfies_the_explanation_rule(org):
    year = make_index_year()
    task, = _year_plan(org, ["Rà soát, công khai thủ tục hành chính"])
    leaf = criterion(year, "2.1")
    with transaction():
        db.session.add(IndexScore(criterion_id=leaf.id, self_score=3))
    scores = {s.criterion_id: s for s in db.session.scalars(db.select(IndexScore))}
    assert missing_explanations(year, _criteria(year), scores) == [leaf]
    with transaction():
        tag_task(org.office, year, task, "2.1")
    assert missing_explanations(year, _criteria(year), scores) == [leaf]  # the task brings nothing yet
    entry = make_progress_entry(task, status="approved")
    document = make_evidence(org, "Quyết định công bố TTHC", "15/QĐ-SCT", entry=entry)
    make_evidence(org, "Dự thảo", "16/QĐ-SCT", entry=make_progress_entry(task, period=make_period("h1"), status="submitted"))
    make_evidence(org, "Năm trước", "3/QĐ-SCT", issued_on=date(2025, 3, 1), entry=entry)
    assert task_evidence(year, [task.id]) == {task.id: [document]}
    assert missing_explanations(year, _criteria(year), scores) == []
