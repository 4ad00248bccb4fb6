"""Issue #22, point 3: every screen and export gives the figures of an independent reference.

A hypothesis state machine drives random histories of one department over two periods of last
year (Quý I, 6 tháng): an annual plan, a multi-year programme, a thematic plan issued on a drawn
day (before either window ends, between them, or after both), a draft plan and last year's plan;
tasks with deadlines or recurring, one lead and some cooperating units; saves, sends, returns,
approvals, reopened entries, locked and reopened periods. After each history it reads what users
see (the dashboard, its drill-downs, each unit's checklist, the follow-up page, the approval
queue; the report's .docx text and the annex's .xlsx cells) and compares every figure with
``Reference``: plain Python over the test's own record of what happened, written from the rules
as an office reads them, not from the app's queries.

Examples: the hypothesis profile (tests/conftest.py: few by default, HYPOTHESIS_PROFILE=thorough
for many), a few steps each. Each example runs on a fresh copy of the migrated database.
"""
import itertools
import os
from dataclasses import dataclass, field
from datetime import date

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule, run_state_machine_as_test

from app.extensions import db
from app.formatting import local_today
from app.org.models import OFFICE, STAFF, SUPERVISOR, UNIT_HEAD
from app.plans.models import Task
from app.progress.models import ProgressEntry, ReportingPeriod
from app.progress.services import (
    EntryData,
    approve_entries,
    lock_period,
    reopen_entry,
    reopen_period,
    return_entries,
    save_entry,
    submit_entries,
)
from app.transactions import transaction
from tests import figures
from tests.conftest import _app_on_copy_of
from tests.signin import sign_in
from tests.factories import issue, make_period, make_plan, make_task, make_unit, make_user

STEPS, THOROUGH_EXAMPLES = 8, 60  # each example reads every page and file of two periods: ~2 s
Y = local_today().year - 1  # every data window has ended: figures are counted at its last day


def d(month, day, year=Y):
    return date(year, month, day)


UNITS = (("Văn phòng Sở", "VP"), ("Thanh tra Sở", "TTr"), ("Phòng Kế hoạch - Tài chính", "KHTC"))
WINDOWS = {"q1": d(3, 14), "h1": d(6, 14)}  # the regime's data windows end on these days
DEADLINES = (None, d(2, 1), d(3, 14), d(3, 15), d(3, 20), d(6, 10), d(6, 14), d(6, 30), d(9, 30))
COMPLETED = (d(1, 20), d(3, 1), d(3, 16), d(6, 12))
THEMATIC_ISSUED = (d(2, 1), d(4, 1), d(7, 1))
PLAN_KINDS = ("annual", "programme", "thematic", "draft", "last_year")
OUTCOMES = ("done", "in_progress", "not_started", "cannot")

# What the pages call a task's result and a report's state (words users read).
RESULT_LABELS = {"on_time": "Hoàn thành đúng hạn", "late": "Hoàn thành quá hạn", "in_progress": "Đang thực hiện",
                 "not_started": "Chưa thực hiện", "cannot": "Không thực hiện được",
                 "none": "Chưa có kết quả được duyệt"}
# The report's annex, read by the province, says a task without an approved result this way.
ANNEX_LABELS = {("none", False): "Đang triển khai", ("none", True): "Chưa có báo cáo kết quả"}
REPORT_WORDS = {"carried": "đã hoàn thành ở kỳ trước", "missing": "chưa báo cáo", "draft": "đang soạn",
                "returned": "bị trả lại", "submitted": "chờ duyệt", "not_reported": "không báo cáo",
                "approved": "đã duyệt"}
FOLLOW_UP_COLUMNS = {"carried": "carried", "missing": "not_started", "draft": "drafts", "submitted": "submitted",
                     "returned": "returned", "approved": "approved", "not_reported": "not_reported"}


@dataclass
class TaskRecord:
    code: str
    plan: str  # one of PLAN_KINDS
    lead: int  # index into UNITS
    coop: frozenset
    deadline: date | None
    id: int = 0


@dataclass
class EntryRecord:
    status: str  # draft, submitted, returned, approved, not_reported
    outcome: str
    completed_on: date | None
    id: int = 0


@dataclass
class History:
    """What the test did: the only input of the reference."""

    thematic_issued: date
    tasks: list[TaskRecord] = field(default_factory=list)
    entries: dict = field(default_factory=dict)  # (task code, period kind) -> EntryRecord
    locked: set = field(default_factory=set)


class Reference:
    """A period's figures, from the history alone (the rules of app.progress.period_rules, read as an
    office reads its plans, written again here on purpose)."""

    def __init__(self, history: History, kind: str):
        self.history, self.kind, self.as_of = history, kind, WINDOWS[kind]

    def counts(self, task: TaskRecord) -> bool:
        if task.plan in ("annual", "programme"):
            return True  # issued in January (the programme years before), in force this year
        if task.plan == "thematic":
            return self.history.thematic_issued <= self.as_of
        return False  # a draft plan, last year's plan

    def tasks(self):
        return [t for t in self.history.tasks if self.counts(t)]

    def earlier_kinds(self):
        return [k for k, end in sorted(WINDOWS.items(), key=lambda kv: kv[1]) if end < self.as_of]

    def carried(self, task: TaskRecord) -> EntryRecord | None:
        if task.deadline is None:
            return None  # a recurring task is reported every period
        for kind in self.earlier_kinds():
            entry = self.history.entries.get((task.code, kind))
            if entry and entry.status == "approved" and entry.outcome == "done":
                return entry
        return None

    def own(self, task: TaskRecord) -> EntryRecord | None:
        return self.history.entries.get((task.code, self.kind))

    def result(self, task: TaskRecord) -> str:
        own = self.own(task)
        if own and own.status == "approved":
            entry = own
        else:
            entry = self.carried(task)
            if entry is None:
                return "none"
        if entry.outcome != "done":
            return entry.outcome
        late = task.deadline is not None and entry.completed_on > task.deadline
        return "late" if late else "on_time"

    def done(self, task) -> bool:
        return self.result(task) in ("on_time", "late")

    def overdue(self, task) -> bool:
        return task.deadline is not None and task.deadline < self.as_of and not self.done(task)

    def report(self, task) -> str:
        own = self.own(task)
        if own is None:
            return "carried" if self.carried(task) else "missing"
        return own.status

    def badge(self, task) -> str:
        if self.done(task):
            return "done"
        if task.deadline is None:
            return "recurring"
        days = (task.deadline - self.as_of).days
        return "overdue" if days < 0 else "due_soon" if days <= 7 else "scheduled"


def test_every_screen_and_export_agrees_with_an_independent_reference(template_db, postgres, tmp_path_factory):
    class Department(RuleBasedStateMachine):
        """One example: a fresh database, a drawn history, then every figure read and compared."""

        def __init__(self):
            super().__init__()
            self._app = _app_on_copy_of(template_db, tmp_path_factory.mktemp("reconcile"), postgres)
            self.app = next(self._app)
            self.units = [make_unit(name, short, "phong") for name, short in UNITS]
            self.heads = [make_user(u, [STAFF, UNIT_HEAD], f"head{i}") for i, u in enumerate(self.units)]
            self.office = make_user(self.units[0], [OFFICE, STAFF], "office")
            self.supervisor = make_user(self.units[0], [SUPERVISOR], "supervisor")
            with transaction():
                self.supervisor.supervised_units = list(self.units)
            self.history = None
            self.periods = {}

        def teardown(self):
            try:
                if self.history is not None:
                    self.check()
            finally:
                next(self._app, None)

        # -- the department's plans and tasks -------------------------------------------------

        @initialize(
            specs=st.lists(st.tuples(st.sampled_from(PLAN_KINDS), st.integers(0, 2),
                                     st.frozensets(st.integers(0, 2), max_size=2), st.sampled_from(DEADLINES)),
                           min_size=1, max_size=6),
            first=st.sampled_from(("annual", "programme")), thematic_issued=st.sampled_from(THEMATIC_ISSUED))
        def plans_and_tasks(self, specs, first, thematic_issued):
            """The plans, their tasks (the first of a plan every period lists), then the plans issued."""
            self.history = History(thematic_issued)
            specs = [(first, *specs[0][1:]), *specs[1:]]
            office = self.office
            plans = {
                "annual": make_plan(office, title=f"Kế hoạch CCHC năm {Y}", year=Y, areas=(1,)),
                "programme": make_plan(office, title="Chương trình CCHC giai đoạn", kind="programme",
                                       start_year=Y - 5, end_year=Y + 4, areas=(2,)),
                "thematic": make_plan(office, title="Kế hoạch tuyên truyền CCHC", kind="thematic", year=Y,
                                      areas=(3,)),
                "draft": make_plan(office, title=f"Kế hoạch kiểm tra năm {Y}", kind="thematic", year=Y, areas=(4,)),
                "last_year": make_plan(office, title=f"Kế hoạch CCHC năm {Y - 1}", year=Y - 1, areas=(5,)),
            }
            letters = {"annual": "A", "programme": "P", "thematic": "T", "draft": "D", "last_year": "L"}
            counter = itertools.count(1)
            for kind, lead, coop, deadline in specs:
                record = TaskRecord(f"{letters[kind]}{next(counter)}", kind, lead, coop - {lead}, deadline)
                task = make_task(plans[kind].areas[0], self.units[lead], f"Nhiệm vụ {record.code}",
                                 deadline=deadline, code=record.code, coop=[self.units[i] for i in record.coop])
                record.id = task.id
                self.history.tasks.append(record)
            issued = {"annual": ("639/KH-SCT", d(1, 23)), "programme": ("5720/CTr-SCT", d(10, 18, Y - 5)),
                      "thematic": ("77/KH-SCT", thematic_issued), "last_year": ("10/KH-SCT", d(1, 20, Y - 1))}
            for kind in {t.plan for t in self.history.tasks} & set(issued):  # a plan without tasks stays a draft
                issue(plans[kind], office, *issued[kind])
            self.periods = {kind: make_period(kind, Y, office).id for kind in WINDOWS}

        # -- what units and the Office do -----------------------------------------------------

        def _open(self, kind) -> bool:
            return kind not in self.history.locked

        def _pick(self, n, statuses, open_only=True):
            found = [(key, e) for key, e in sorted(self.history.entries.items())
                     if e.status in statuses and (not open_only or self._open(key[1]))]
            return found[n % len(found)] if found else (None, None)

        def _has(self, statuses, open_only=True):
            return any(e.status in statuses and (not open_only or self._open(k[1]))
                       for k, e in self.history.entries.items())

        @rule(n=st.integers(0, 99), kind=st.sampled_from(sorted(WINDOWS)), outcome=st.sampled_from(OUTCOMES),
              completed_on=st.sampled_from(COMPLETED))
        def save(self, n, kind, outcome, completed_on):
            """The lead unit saves its entry on a task the period lists (a draft, or a returned one)."""
            listed = [t for t in self.history.tasks if Reference(self.history, kind).counts(t)]
            if not listed or not self._open(kind):
                return
            task = listed[n % len(listed)]
            record = self.history.entries.get((task.code, kind))
            if record is not None and record.status not in ("draft", "returned"):
                return
            with transaction():
                entry = db.session.get(ProgressEntry, record.id) if record else ProgressEntry(
                    period=db.session.get(ReportingPeriod, self.periods[kind]), task=db.session.get(Task, task.id),
                    unit_id=self.units[task.lead].id, status="draft")
                data = EntryData(task_status=outcome, percent_done=100 if outcome == "done" else 40,
                                 completed_on=completed_on if outcome == "done" else None,
                                 result=f"Kết quả {task.code}", difficulties="Thiếu kinh phí",
                                 explanation="Tài liệu lưu tại đơn vị")
                save_entry(self.heads[task.lead], entry, data, local_today())
                entry_id = entry.id
            self.history.entries[(task.code, kind)] = EntryRecord(
                record.status if record else "draft", outcome, data.completed_on, entry_id)

        @precondition(lambda self: self._has(("draft", "returned")))
        @rule(n=st.integers(0, 99))
        def send(self, n):
            (code, kind), record = self._pick(n, ("draft", "returned"))
            with transaction():
                entry = db.session.get(ProgressEntry, record.id)
                submit_entries(self.heads[self._task(code).lead], [entry])
            record.status = "submitted"

        @precondition(lambda self: self._has(("submitted",), open_only=False))
        @rule(n=st.integers(0, 99), approve=st.booleans())
        def decide(self, n, approve):
            """The supervisor approves or returns an entry awaiting approval (even in a locked period)."""
            _, record = self._pick(n, ("submitted",), open_only=False)
            with transaction():
                entry = db.session.get(ProgressEntry, record.id)
                if approve:
                    approve_entries(self.supervisor, [entry])
                else:
                    return_entries(self.supervisor, [entry], "Bổ sung số liệu")
            record.status = "approved" if approve else "returned"

        @precondition(lambda self: self._has(("approved",)))
        @rule(n=st.integers(0, 99))
        def reopen_approved(self, n):
            _, record = self._pick(n, ("approved",))
            with transaction():
                reopen_entry(self.office, db.session.get(ProgressEntry, record.id), "Số liệu chưa khớp")
            record.status = "returned"

        @rule(kind=st.sampled_from(sorted(WINDOWS)))
        def lock_or_reopen(self, kind):
            with transaction():
                period = db.session.get(ReportingPeriod, self.periods[kind])
                if self._open(kind):
                    lock_period(self.office, period)
                else:
                    reopen_period(self.office, period, "Đơn vị xin bổ sung")
            if self._open(kind):
                self.history.locked.add(kind)
                changed = ("draft", "returned"), "not_reported"
            else:
                self.history.locked.discard(kind)
                changed = ("not_reported",), "draft"
            for (_, entry_kind), record in self.history.entries.items():
                if entry_kind == kind and record.status in changed[0]:
                    record.status = changed[1]

        def _task(self, code) -> TaskRecord:
            return next(t for t in self.history.tasks if t.code == code)

        # -- reading what users see ----------------------------------------------------------

        def check(self):
            office, supervisor = sign_in(self.app, "office"), sign_in(self.app, "supervisor")
            heads = [sign_in(self.app, f"head{i}") for i in range(len(UNITS))]
            for kind, period_id in self.periods.items():
                ref = Reference(self.history, kind)
                self.check_period(ref, period_id, office, supervisor, heads)

        def check_period(self, ref, period_id, office, supervisor, heads):
            tasks = ref.tasks()
            said = f"tính đến {ref.as_of:%d/%m/%Y}"
            where = f"kỳ {ref.kind}"

            board = figures.dashboard(office.get(f"/dashboard?period={period_id}").text)
            expected = {"total": len(tasks), "done": sum(map(ref.done, tasks)),
                        "overdue": sum(map(ref.overdue, tasks)),
                        "awaiting": sum(ref.report(t) == "submitted" for t in tasks),
                        "unreported": sum(ref.result(t) == "none" for t in tasks)}
            assert {k: board[k] for k in expected} == expected, where
            assert said in board["overdue_label"], where
            for i, (name, short) in enumerate(UNITS):
                led = [t for t in tasks if t.lead == i]
                if not led:
                    assert name not in board["units"], where
                    continue
                row = board["units"][name]
                assert (row["tasks"], row["done"], row["overdue"]) == (
                    len(led), sum(map(ref.done, led)), sum(map(ref.overdue, led))), (where, name)
                states = {}
                for t in led:
                    states[REPORT_WORDS[ref.report(t)]] = states.get(REPORT_WORDS[ref.report(t)], 0) + 1
                states.setdefault("đã duyệt", 0)
                assert figures.unit_reports(row["reports"]) == states, (where, name)

            count, codes = figures.drill(office.get(f"/dashboard/tasks?period={period_id}&overdue=1").text)
            overdue = {t.code for t in tasks if ref.overdue(t)}
            assert (count, codes) == (len(overdue), overdue), where
            if expected["done"]:
                count, codes = figures.drill(office.get(f"/dashboard/tasks?period={period_id}&bucket=done").text)
                done = {t.code for t in tasks if ref.done(t)}
                assert (count, codes) == (len(done), done), where

            follow_up = figures.follow_up(office.get(f"/periods/{period_id}/follow-up").text)
            wanted = {}
            for t in tasks:
                row = wanted.setdefault(UNITS[t.lead][1], dict.fromkeys(FOLLOW_UP_COLUMNS.values(), 0))
                row["tasks"] = row.get("tasks", 0) + 1
                row[FOLLOW_UP_COLUMNS[ref.report(t)]] += 1
            if ref.kind not in self.history.locked:
                for row in wanted.values():
                    assert row.pop("not_reported") == 0
            assert follow_up == wanted, where

            for i, head in enumerate(heads):
                mine = [t for t in tasks if t.lead == i or i in t.coop]
                checklist = figures.checklist(head.get(f"/checklist?period={period_id}").text)
                for role, theirs in (("lead", [t for t in mine if t.lead == i]),
                                     ("coop", [t for t in mine if t.lead != i])):
                    assert (checklist[role]["nhiệm vụ"], checklist[role]["đã hoàn thành"],
                            checklist[role]["quá hạn"]) == (len(theirs), sum(map(ref.done, theirs)),
                                                           sum(map(ref.overdue, theirs))), (where, UNITS[i][1], role)
                # the head reads their unit's row of the dashboard on the checklist's line "Chủ trì"
                row = board["units"].get(UNITS[i][0], {"tasks": 0, "done": 0, "overdue": 0})
                assert (checklist["lead"]["nhiệm vụ"], checklist["lead"]["đã hoàn thành"],
                        checklist["lead"]["quá hạn"]) == (row["tasks"], row["done"], row["overdue"]), where
                assert checklist["as_of"].startswith(said), where
                assert {code: state for code, (state, _) in checklist["rows"].items()} == {
                    t.code: ref.badge(t) for t in mine}, (where, UNITS[i][1])

            queue = figures.approvals(supervisor.get(f"/approvals?period={period_id}").text)
            assert queue == expected["awaiting"], where

            report = figures.docx_summary(office.get(f"/reports/periods/{period_id}/report.docx").data)
            assert (report["as_of"], report["total"], report["done"], report["overdue"]) == (
                f"{ref.as_of:%d/%m/%Y}", expected["total"], expected["done"], expected["overdue"]), where
            table = report["statistics"]  # the report's statistics table
            assert (table["Tổng số nhiệm vụ"], table[f"Nhiệm vụ quá hạn chưa hoàn thành ({said})"]) == (
                str(expected["total"]), str(expected["overdue"])), where
            annex = figures.xlsx(office.get(f"/reports/periods/{period_id}/annex.xlsx").data)
            assert {code: row["status"] for code, row in annex["tasks"].items()} == {
                t.code: ANNEX_LABELS.get((ref.result(t), ref.overdue(t)), RESULT_LABELS[ref.result(t)])
                + (" (quá hạn)" if ref.overdue(t) else "") for t in tasks}, where
            for label, value in annex["statistics"].items():
                if label == "Tổng số nhiệm vụ":
                    assert value == expected["total"], where
                elif label.startswith("Nhiệm vụ quá hạn"):
                    assert value == expected["overdue"], where

    profile = settings()  # few examples by default; the thorough profile: up to THOROUGH_EXAMPLES
    run_state_machine_as_test(Department, settings=settings(
        profile, max_examples=min(profile.max_examples, THOROUGH_EXAMPLES), stateful_step_count=STEPS,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        **({"phases": [Phase.explicit, Phase.reuse, Phase.generate]} if os.environ.get("NO_SHRINK") else {})))
