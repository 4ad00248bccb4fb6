"""The demo tells the truth on any day: loaded as of 15/02, 20/06 and 03/12 of a year (not the year
app/demo/data.py is written for), its plans are that year's, the periods due before the day are locked
and the one due now is open with entries in every state, deadlines fall on both sides of the day, and
every entry agrees with itself and with the task's other entries (``entry_problems``).

The demo is loaded once per day (module-scoped), on a copy of the migrated template."""
from collections import Counter, defaultdict
from datetime import date

import pytest
from sqlalchemy import select

from app.demo import load_demo
from app.extensions import db
from app.formatting import vn_date
from app.plans.models import Plan
from app.progress.models import CANNOT, DONE, IN_PROGRESS, NOT_STARTED, ProgressEntry, ReportingPeriod
from app.progress.period_rules import task_state_today
from app.transactions import transaction
from tests.conftest import _app_on_copy_of

YEAR = 2027  # not data.py's 2026: the year moves with the day
DAYS = [date(YEAR, 2, 15), date(YEAR, 6, 20), date(YEAR, 12, 3)]
# The periods each day shows: locked, then the one due now (open).
PERIODS = {DAYS[0]: ([], "q1"), DAYS[1]: (["q1", "h1"], "m9"), DAYS[2]: (["q1", "h1", "m9"], "year")}


@pytest.fixture(scope="module", params=DAYS, ids=vn_date)
def day(request, template_db, tmp_path_factory, postgres):
    """The demo loaded as of the day (in its own database); the day."""
    running = _app_on_copy_of(template_db, tmp_path_factory.mktemp("demo-day"), postgres)
    next(running)
    try:
        with transaction():
            load_demo(request.param)
        yield request.param
    finally:
        next(running, None)  # the app's context and database are closed


def _annual() -> Plan:
    return db.session.scalar(select(Plan).where(Plan.kind == "annual"))


def _periods() -> dict[str, ReportingPeriod]:
    return {p.kind: p for p in db.session.scalars(select(ReportingPeriod))}


def _entries(period=None) -> list[ProgressEntry]:
    query = select(ProgressEntry).join(ReportingPeriod).order_by(ReportingPeriod.window_end, ProgressEntry.id)
    return list(db.session.scalars(query if period is None else query.where(ProgressEntry.period_id == period.id)))


def test_the_plans_are_those_of_the_year(day):
    annual = _annual()
    assert annual.year == YEAR and annual.issued_on == date(YEAR, 1, 23)
    assert annual.reference == f"Kế hoạch số 639/KH-SCT ngày 23/01/{YEAR}"
    assert annual.title.endswith(f"năm {YEAR}")
    assert any(f"228/KH-UBND ngày 25/12/{YEAR - 1}" in line and f"năm {YEAR}" in line for line in annual.basis_lines)
    assert any(f"Sở Công Thương năm {YEAR}" in t.text for area in annual.areas for t in area.targets)
    assert any(f"năm {YEAR} của Sở Công Thương" in t.title for area in annual.areas for t in area.tasks)
    thematic = db.session.scalar(select(Plan).where(Plan.kind == "thematic"))
    assert thematic.year == YEAR and f"639/KH-SCT ngày 23/01/{YEAR}" in thematic.basis
    programme = db.session.scalar(select(Plan).where(Plan.kind == "programme"))
    assert (programme.number, programme.issued_on) == ("5720/CTr-SCT", date(2021, 10, 18))  # its own dates
    assert all(t.deadline.year == YEAR for p in (annual, thematic) for a in p.areas for t in a.tasks if t.deadline)


def test_periods_due_before_the_day_are_locked_and_the_one_due_now_is_open(day):
    locked, due_now = PERIODS[day]
    periods = _periods()
    assert list(periods) == [*locked, due_now]
    for kind in locked:
        period = periods[kind]
        assert period.status == "locked" and period.due_on < day and period.year == YEAR
        states = [e.status for e in _entries(period)]
        assert set(states) <= {"approved", "not_reported"}
        assert states.count("approved") > 0.8 * len(states) and "not_reported" in states
    now = periods[due_now]
    assert now.status == "open" and now.due_on >= day and now.year == YEAR
    assert (now.due_on - day).days < 100  # the period due now, not a later one
    states = [e.status for e in _entries(now)]
    assert {"draft", "submitted", "returned", "approved"} <= set(states) <= {"draft", "submitted", "returned",
                                                                            "approved"}


def test_deadlines_are_spread_overdue_due_within_a_week_and_later(day):
    annual = _annual()
    states = Counter(task_state_today(t, day)[0] for area in annual.areas for t in area.tasks)
    overdue, due_soon, later = states["overdue"], states["due_soon"], states["scheduled"]
    assert overdue >= 2 and due_soon >= 3 and later >= 2, states
    assert states["recurring"] > overdue + due_soon + later  # most tasks are ongoing, as in the real plans


def test_every_entry_agrees_with_itself_and_with_the_tasks_other_entries(day):
    entries = _entries()
    assert len(entries) > 30
    problems = [f"{e.period.title} / {e.task.code}: {p}" for e in entries for p in entry_problems(e, day)]
    problems += task_problems(entries)
    assert not problems, "\n".join(problems)
    assert any(e.task_status == DONE and e.live_evidence for e in entries)  # cited documents
    assert {e.task_status for e in entries} >= {DONE, IN_PROGRESS, CANNOT}


def test_the_objects_the_route_tests_use_exist(day):
    """The access matrix and the other route walks find their objects in the demo on any day."""
    from tests.web.routes import DemoObjects

    objects = DemoObjects()
    for name in ("entry", "submitted_entry", "approved_entry", "coop_entry", "locked_period", "period"):
        assert objects[name], name


# -- the rules every demo entry keeps ----------------------------------------------------

RESULT_OPENS = {DONE: "Đã ", IN_PROGRESS: "Đang ", NOT_STARTED: "Chưa triển khai", CANNOT: "Chưa thể"}


def entry_problems(entry: ProgressEntry, today: date) -> list[str]:
    """What in ``entry`` contradicts the rest of it (empty when it tells one story)."""
    period, task, status = entry.period, entry.task, entry.task_status
    problems = []

    def check(condition, message):
        if not condition:
            problems.append(message)

    check(entry.status in (("approved", "not_reported") if period.status == "locked"
                           else ("draft", "submitted", "returned", "approved")),
          f"{entry.status} in a {period.status} period")
    check(entry.status != "returned" or entry.return_reason, "returned without a reason")
    check(entry.status not in ("submitted", "approved") or entry.submitted_at, "sent without a date")
    check(entry.status != "approved" or entry.decided_at, "approved without a date")
    check(entry.result.startswith(RESULT_OPENS[status]), f"result “{entry.result[:40]}” for {status}")
    if status == DONE:
        check(entry.percent_done == 100, f"done at {entry.percent_done}%")
        check(entry.completed_on is not None, "done without a completion date")
        if entry.completed_on:
            check(task.plan.issued_on < entry.completed_on <= min(period.window_end, today),
                  f"completed on {vn_date(entry.completed_on)}")
        check(entry.live_evidence or entry.explanation.strip(), "done without evidence or explanation")
        for evidence in entry.live_evidence:
            check(evidence.issued_on and evidence.issued_on <= today, "evidence dated after the day")
    else:
        check(entry.completed_on is None, f"{status} with a completion date")
        check(entry.percent_done is not None and entry.percent_done < 100, f"{status} at {entry.percent_done}%")
    if status == IN_PROGRESS:
        check(0 < entry.percent_done < 100, f"in progress at {entry.percent_done}%")
    if status in (NOT_STARTED, CANNOT):
        check(entry.percent_done == 0, f"{status} at {entry.percent_done}%")
    if status == CANNOT:
        check(entry.difficulties.strip(), "cannot be done, no reason given")
    if status == NOT_STARTED:
        check(not entry.target_results, "not started, yet targets reported")
    for result in entry.target_results:
        target, value = result.target, result.value
        if target.metric_kind == "yes_no":
            check(value in (0, 1), f"{target.code}: yes/no value {value}")
            check((value == 1) == (status == DONE), f"{target.code}: yes/no {value} for {status}")
        elif target.measurable:
            check(value is not None, f"{target.code}: no value")
            if target.metric_kind == "percent":
                check(0 <= value <= 100, f"{target.code}: {value}%")
            if target.metric_kind in ("count", "rank"):
                check(float(value).is_integer(), f"{target.code}: {value} is not a whole number")
            check(status != CANNOT or not target.met(value), f"{target.code}: met by a task that cannot be done")
        else:
            check(result.text.strip(), f"{target.code}: no text")
    return problems


def task_problems(entries: list[ProgressEntry]) -> list[str]:
    """What a task's entries, period after period, say against each other."""
    problems = []
    by_task = defaultdict(list)
    for entry in entries:  # in period order
        by_task[entry.task_id].append(entry)
    for reports in by_task.values():
        code = reports[0].task.code
        percents = [e.percent_done for e in reports if e.task_status != CANNOT]
        if percents != sorted(percents):
            problems.append(f"{code}: the percent goes down from one period to the next: {percents}")
        finished = {e.completed_on for e in reports if e.task_status == DONE}
        if len(finished) > 1:
            problems.append(f"{code}: finished on several days: {sorted(finished)}")
        approved_done = [n for n, e in enumerate(reports) if e.status == "approved" and e.task_status == DONE]
        if approved_done and approved_done[0] < len(reports) - 1 and not reports[0].task.recurring:
            problems.append(f"{code}: reported again after it was approved as done")
        statuses = [e.task_status for e in reports]
        if DONE in statuses and statuses[statuses.index(DONE):] != [DONE] * (len(statuses) - statuses.index(DONE)):
            problems.append(f"{code}: done, then not done: {statuses}")
    return problems


def test_each_task_reports_its_own_result_drawn_from_its_content(day):
    """No stock sentence repeated from task to task: every task of the annual plan has its own texts
    (app/demo/results.py), and an approved result names the task's work with its figures."""
    from app.demo.progress import FIXED
    from app.demo.results import result_of

    tasks = [t for area in _annual().areas for t in area.tasks]
    assert [t.title for t in tasks if result_of(t.title) is None] == []
    told = defaultdict(set)
    for entry in _entries():
        if entry.status == "approved" and entry.task_status in (DONE, IN_PROGRESS):
            told[entry.result.removesuffix(FIXED)].add(entry.task_id)
    assert told and all(len(task_ids) == 1 for task_ids in told.values())
    assert all(any(ch.isdigit() for ch in text) for text in told)  # each with its figures
    # a result fixed after a return reads as a result in the period's report, not as a note to the supervisor
    assert not [e.result for e in _entries() if e.status == "approved" and "theo yêu cầu" in e.result]
