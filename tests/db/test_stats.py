"""The figures of a period against hand-computed expectations on a small fixture."""
from datetime import date

import pytest

from app.reports.stats import period_stats
from tests.factories import (
    issue,
    make_period,
    make_plan,
    make_progress_entry,
    make_target,
    make_task,
)


@pytest.fixture
def world(org):
    """Two areas; seven tasks of Thanh tra and KH-TC-TH, reported in 6 tháng 2026 as follows:
    t1 done on time (approved), t2 done late (approved), t3 in progress (approved), t4 cannot (approved),
    t5 done but only submitted, t6 returned, t7 (KH-TC-TH, recurring) no entry; t8 done in Quý I (approved,
    carried); a draft plan's task and an archived task are not counted."""
    plan = make_plan(areas=(1, 2))
    the_che, tthc = plan.areas
    ge = make_target(the_che, "Tỷ lệ văn bản được rà soát đạt tối thiểu 90%", target_value=90)
    le = make_target(tthc, "Thời gian giải quyết tối đa 30 phút", metric_kind="duration", comparator="<=",
                     target_value=30, unit_of_measure="phút")
    eq = make_target(tthc, "100% thủ tục được công khai", target_value=100, comparator="=")
    never = make_target(tthc, "Chỉ tiêu chưa có kết quả", target_value=50)
    t = {}
    t[1] = make_task(the_che, org.ttr, "Nhiệm vụ 1", deadline=date(2026, 5, 31), target_ids=[ge.id])
    t[2] = make_task(the_che, org.ttr, "Nhiệm vụ 2", deadline=date(2026, 3, 31), target_ids=[le.id])
    t[3] = make_task(tthc, org.ttr, "Nhiệm vụ 3", deadline=date(2026, 4, 30), target_ids=[eq.id],
                     coop=[org.khtc])
    t[4] = make_task(tthc, org.ttr, "Nhiệm vụ 4", deadline=date(2026, 12, 31))
    t[5] = make_task(tthc, org.khtc, "Nhiệm vụ 5", deadline=date(2026, 5, 1), target_ids=[never.id])
    t[6] = make_task(tthc, org.khtc, "Nhiệm vụ 6", deadline=date(2026, 9, 30))
    t[7] = make_task(tthc, org.khtc, "Nhiệm vụ 7", recurring=True)
    t[8] = make_task(the_che, org.ttr, "Nhiệm vụ 8", deadline=date(2026, 3, 1))
    archived = make_task(tthc, org.ttr, "Đã lưu trữ", deadline=date(2026, 1, 1))
    issue(plan)
    from app.plans.services import archive_task
    from app.transactions import transaction

    with transaction():
        archive_task(None, archived)
    draft = make_plan(areas=(2,), title="Dự thảo")
    make_task(draft.areas[0], org.ttr, "Trong dự thảo", deadline=date(2026, 1, 1))

    q1, h1 = make_period("q1"), make_period("h1")
    make_progress_entry(t[8], org.ttr, q1, status="approved", task_status="done", percent_done=100,
                        completed_on=date(2026, 2, 20))
    done = {"task_status": "done", "percent_done": 100}
    e1 = make_progress_entry(t[1], org.ttr, h1, status="approved", completed_on=date(2026, 5, 20),
                             difficulties="Thiếu người", proposals="Bổ sung biên chế", **done)
    e2 = make_progress_entry(t[2], org.ttr, h1, status="approved", completed_on=date(2026, 4, 10), **done)
    e3 = make_progress_entry(t[3], org.ttr, h1, status="approved", task_status="in_progress", percent_done=60,
                             proposals="Nâng cấp phần mềm")
    make_progress_entry(t[4], org.ttr, h1, status="approved", task_status="cannot", percent_done=0,
                        difficulties="Chưa có hướng dẫn")
    e5 = make_progress_entry(t[5], org.khtc, h1, status="submitted", completed_on=date(2026, 4, 1),
                             proposals="Không được tính", **done)
    make_progress_entry(t[6], org.khtc, h1, status="returned", task_status="in_progress")
    from app.extensions import db
    from app.progress.models import EntryContribution, TargetResult
    from app.transactions import transaction as tx

    with tx():
        db.session.add_all([
            TargetResult(entry_id=e1.id, target_id=ge.id, value=92),
            TargetResult(entry_id=e2.id, target_id=le.id, value=35),
            TargetResult(entry_id=e3.id, target_id=eq.id, value=100),
            TargetResult(entry_id=e5.id, target_id=never.id, value=80),  # submitted only: not counted
            EntryContribution(entry_id=e3.id, unit_id=org.khtc.id, text="Phần của KH-TC-TH"),
        ])
    return {"period": h1, "q1": q1, "tasks": t, "targets": (ge, le, eq, never), "org": org}


def test_each_bucket_counts_only_approved_results(world):
    stats = period_stats(world["period"])
    assert stats.total.total == 8  # no draft plan, no archived task
    assert stats.total.counts == {"done_on_time": 2, "done_late": 1, "in_progress": 1, "not_started": 0,
                                  "cannot": 1, "unreported": 3}
    # t1 on time + t8 carried from Quý I; t2 late; t5 (submitted) and t6 (returned) and t7 unreported
    assert stats.total.done == 3 and stats.total.percent_done == 37.5


def test_overdue_is_not_done_and_past_its_deadline_at_the_end_of_the_window(world):
    stats = period_stats(world["period"])
    overdue = {r.task.title for r in stats.rows if r.overdue}
    assert overdue == {"Nhiệm vụ 3", "Nhiệm vụ 5"}  # 30/04 and 01/05 passed by 14/06; t4 due 31/12
    assert stats.total.overdue == 2


def test_by_area_and_by_unit(world):
    stats = period_stats(world["period"])
    areas = {name: (t.total, t.done, t.overdue) for name, t in stats.by_area}
    assert areas == {"Cải cách thể chế": (3, 3, 0), "Cải cách thủ tục hành chính": (5, 0, 2)}
    units = {u.short_name: (t.total, t.done) for u, t in stats.by_unit}
    assert units == {"TTr": (5, 3), "KH-TC-TH": (3, 0)}  # the cooperating unit adds no task


def test_units_progress_separates_work_in_progress(world):
    stats = period_stats(world["period"])
    progress = {u.unit.short_name: (u.tasks, u.not_started, u.drafts, u.submitted, u.returned, u.approved, u.carried)
                for u in stats.units}
    assert progress == {"TTr": (5, 0, 0, 0, 0, 4, 1), "KH-TC-TH": (3, 1, 0, 1, 1, 0, 0)}
    assert stats.awaiting == 1
    assert {u.unit.short_name: u.state for u in stats.units} == {"TTr": "Đã gửi đủ", "KH-TC-TH": "Chưa gửi đủ"}


def test_targets_each_comparator_and_unreported(world):
    ge, le, eq, never = world["targets"]
    stats = period_stats(world["period"])
    rows = {r.target.id: (r.value, r.met) for r in stats.targets}
    assert rows == {ge.id: (92, True), le.id: (35, False), eq.id: (100, True), never.id: (None, None)}
    assert (stats.targets_met, stats.targets_measured) == (2, 3)


def test_digest_only_from_approved_entries_attributed(world):
    stats = period_stats(world["period"])
    difficulties = {area: [(r.unit_short_name, r.text) for r in remarks] for area, remarks in stats.difficulties}
    proposals = {area: [(r.unit_short_name, r.text) for r in remarks] for area, remarks in stats.proposals}
    assert difficulties == {"Cải cách thể chế": [("TTr", "Thiếu người")],
                            "Cải cách thủ tục hành chính": [("TTr", "Chưa có hướng dẫn")]}
    assert proposals == {"Cải cách thể chế": [("TTr", "Bổ sung biên chế")],
                         "Cải cách thủ tục hành chính": [("TTr", "Nâng cấp phần mềm")]}  # not the submitted one


def test_scope_by_area_and_by_unit(world):
    by_area = period_stats(world["period"], area_names={"Cải cách thể chế"})
    assert by_area.total.total == 3 and [n for n, _ in by_area.by_area] == ["Cải cách thể chế"]
    by_unit = period_stats(world["period"], unit_id=world["org"].khtc.id)
    assert by_unit.total.total == 3 and {u.short_name for u, _ in by_unit.by_unit} == {"KH-TC-TH"}


def test_quy_i_counts_what_was_approved_then(world):
    stats = period_stats(world["q1"])
    assert stats.total.done == 1 and stats.total.counts["unreported"] == 7
