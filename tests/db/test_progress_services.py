"""The reporting workflow: periods, entries, transitions (app.progress.services and the reads it uses)."""
from datetime import date

import pytest

from app.errors import DomainError
from app.extensions import db
from app.progress import services as s
from app.progress.models import ProgressEntry
from app.progress.period_rules import carried_done, entry_outcome
from app.progress.queries import entry_for
from app.progress.regime import default_window, period_title
from app.transactions import transaction
from tests.factories import audits, issue, make_period, make_plan, make_progress_entry, make_target, make_task

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(("kind", "start", "end", "due"), [
    ("q1", date(2025, 12, 15), date(2026, 3, 14), date(2026, 3, 15)),
    ("h1", date(2025, 12, 15), date(2026, 6, 14), date(2026, 6, 15)),
    ("q3", date(2026, 6, 15), date(2026, 9, 14), date(2026, 9, 15)),
    ("m9", date(2025, 12, 15), date(2026, 9, 14), date(2026, 9, 15)),
    ("year", date(2025, 12, 15), date(2026, 12, 14), date(2026, 12, 15)),
])
def test_default_windows_follow_the_reporting_regime(kind, start, end, due):
    assert default_window(kind, 2026) == (start, end, due)


@pytest.mark.parametrize(("kind", "title"), [("q1", "Quý I năm 2026"), ("h1", "6 tháng đầu năm 2026"),
                                             ("q3", "Quý III năm 2026"), ("m9", "9 tháng năm 2026"),
                                             ("year", "Năm 2026")])
def test_period_titles(kind, title):
    assert period_title(kind, 2026) == title


def test_open_period_records_it_and_refuses_a_second_of_the_same_kind(org):
    period = make_period("q1", 2026, actor=org.office)
    assert [a.action for a in audits(object_type="period")] == ["open"]
    with pytest.raises(DomainError) as exc:
        s.open_period(org.office, "q1", 2026)
    assert exc.value.fields == {"kind": "Kỳ báo cáo Quý I năm 2026 đã có."}
    assert period.is_open


@pytest.mark.parametrize(("kwargs", "field", "message"), [
    ({"kind": "q5"}, "kind", "Hãy chọn loại kỳ báo cáo."),
    ({"year": 1999}, "year", "Năm phải từ 2000 đến 2100."),
    ({"kind": "adhoc", "title": " "}, "title", "Kỳ báo cáo đột xuất cần có tên."),
    ({"window_start": date(2026, 5, 1), "window_end": date(2026, 4, 1)}, "window_end",
     "Ngày kết thúc số liệu phải sau ngày bắt đầu."),
])
def test_open_period_validation(org, kwargs, field, message):
    args = {"kind": "q3", "year": 2026, **kwargs}
    with pytest.raises(DomainError) as exc:
        s.open_period(org.office, **args)
    assert exc.value.fields[field] == message


@pytest.fixture
def task(org):
    plan = make_plan(areas=(2,))
    target = make_target(plan.areas[0])
    task = make_task(plan.areas[0], org.ttr, deadline=date(2026, 6, 30), target_ids=[target.id], coop=[org.khtc])
    issue(plan)
    return task


def data(**kw):
    kw.setdefault("task_status", "in_progress")
    kw.setdefault("percent_done", 50)
    return s.EntryData(**kw)


def test_a_new_entry_is_prefilled_from_the_last_approved_one_and_not_saved(org, task):
    q1, h1 = make_period("q1"), make_period("h1")
    make_progress_entry(task, org.ttr, q1, status="approved", task_status="in_progress", percent_done=40,
                        result="Quý I", proposals="Đề xuất quý I")
    make_progress_entry(task, org.ttr, make_period("q3"), status="approved", result="Quý III (sau kỳ này)")
    entry = entry_for(h1, task)
    assert entry.id is None and (entry.result, entry.percent_done, entry.proposals) == ("Quý I", 40, "Đề xuất quý I")
    assert entry not in db.session


def test_a_task_approved_done_stays_done_unless_recurring(org, task):
    q1, h1 = make_period("q1"), make_period("h1")
    assert carried_done(task, h1) is None
    make_progress_entry(task, org.ttr, q1, status="approved", task_status="done", percent_done=100,
                        completed_on=date(2026, 3, 1))
    assert carried_done(task, h1).period_id == q1.id
    task.recurring = True
    assert carried_done(task, h1) is None


def test_done_after_the_deadline_is_derived_as_done_late(org, task):
    on_time = ProgressEntry(task_status="done", completed_on=date(2026, 6, 30))
    late = ProgressEntry(task_status="done", completed_on=date(2026, 7, 1))
    assert entry_outcome(on_time, task) == ("done", "Hoàn thành")
    assert entry_outcome(late, task) == ("done_late", "Hoàn thành quá hạn")
    assert entry_outcome(None, task) == ("not_started", "Chưa thực hiện")


def test_target_reached_or_not(org, task):
    target = task.targets[0]  # ≥ 99 %
    assert target.met(99) is True and target.met(98.9) is False and target.met(None) is None
    target.comparator = "<="
    assert target.met(98) is True and target.met(100) is False


def test_the_full_path_of_an_entry_and_its_history(org, task):
    period = make_period("h1")
    with transaction():
        entry = s.save_entry(org.ttr_staff, entry_for(period, task), data(), TODAY)
        s.submit_entries(org.ttr_head, [entry])
        s.return_entries(org.supervisor, [entry], "Bổ sung số liệu")
        assert entry.status == "returned" and entry.return_reason == "Bổ sung số liệu"
        s.save_entry(org.ttr_staff, entry, data(percent_done=70), TODAY, entry.version)
        s.submit_entries(org.ttr_head, [entry])
        s.approve_entries(org.supervisor, [entry])
        s.reopen_entry(org.office, entry, "Sai số liệu")
    assert [a.action for a in audits(object_type="entry")] == [
        "create", "submit", "return", "save", "submit", "approve", "reopen"]
    returned = audits(action="return")[0]
    assert returned.after["reason"] == "Bổ sung số liệu" and returned.before["status"] == "Chờ duyệt"


@pytest.mark.parametrize("state", ["draft", "returned", "approved", "not_reported"])
def test_only_submitted_entries_can_be_decided(org, task, state):
    entry = make_progress_entry(task, org.ttr, make_period("h1"), status=state)
    with pytest.raises(DomainError):
        s.approve_entries(org.supervisor, [entry])
    with pytest.raises(DomainError):
        s.return_entries(org.supervisor, [entry], "Lý do")


@pytest.mark.parametrize("state", ["submitted", "approved", "not_reported"])
def test_a_unit_cannot_change_an_entry_it_no_longer_holds(org, task, state):
    entry = make_progress_entry(task, org.ttr, make_period("h1"), status=state)
    with pytest.raises(DomainError):
        s.save_entry(org.ttr_staff, entry, data(), TODAY)
    with pytest.raises(DomainError):
        s.save_contribution(org.khtc_staff, entry, org.khtc, "Phần phối hợp")
    with pytest.raises(DomainError):
        s.submit_entries(org.ttr_head, [entry])


def test_submitting_several_is_all_or_nothing(org, task):
    other = make_task(task.area, org.ttr, "Nhiệm vụ khác", deadline=date(2026, 9, 30))
    period = make_period("h1")
    fine = make_progress_entry(other, org.ttr, period)
    lacking = make_progress_entry(task, org.ttr, period, task_status="done", percent_done=100,
                                  completed_on=date(2026, 6, 1))  # done, no evidence, no explanation
    with pytest.raises(DomainError) as exc:
        s.submit_entries(org.ttr_head, [fine, lacking])
    assert "chưa có tài liệu kiểm chứng" in exc.value.message
    assert fine.status == "draft" and lacking.status == "draft"


def test_submit_in_a_locked_period_is_refused(org, task):
    period = make_period("h1")
    entry = make_progress_entry(task, org.ttr, period)
    with transaction():
        s.lock_period(org.office, period)
    assert entry.status == "not_reported"
    with pytest.raises(DomainError):
        s.submit_entries(org.ttr_head, [entry])


def test_reopen_period_needs_a_reason_and_gives_entries_back(org, task):
    period = make_period("h1")
    entry = make_progress_entry(task, org.ttr, period)
    with transaction():
        s.lock_period(org.office, period)
    with pytest.raises(DomainError) as exc:
        s.reopen_period(org.office, period, "  ")
    assert exc.value.fields == {"reason": "Vui lòng nêu lý do mở lại kỳ báo cáo."}
    s.reopen_period(org.office, period, "Theo chỉ đạo của Giám đốc")
    assert period.is_open and entry.status == "draft"
    assert audits(action="reopen", object_type="period")[-1].after["reason"] == "Theo chỉ đạo của Giám đốc"
