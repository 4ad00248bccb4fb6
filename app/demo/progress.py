"""Demo reporting, as of the day the demo is loaded (app/demo/dates.py).

The periods of the year are Quý I, 6 tháng, 9 tháng and Năm. Those whose due date has passed are locked:
nearly every entry approved (a few returned once and fixed first), a few never sent, so "không báo cáo".
The period due now (the first whose due date is today or later; after 15/12, Năm) is open, with entries in
every state: being drafted, awaiting approval, returned with a reason, approved. Later periods do not exist
yet.

Each task has one story over the year (``Story``): the day it was finished (on time, late, or not yet),
or that it cannot be carried out, and how far along it is on any day. Every period reports the story as of
the end of its data window (the open one: as of today, if that is earlier), so each entry agrees with
itself and with the task's other entries: "Hoàn thành" is 100 %, with its completion date and a cited
document or an explanation; "Đang thực hiện" is between 0 and 100 %; "Chưa thực hiện" is 0 % and reports no
target; "Không thực hiện được" says why and meets no target; a yes/no target is met only by a finished
task; the result text says what the status says, in the task's own words and figures (results.py)
(tests/db/test_demo_dates.py checks every entry).

Written through the same services as the pages, so the demo has its history.
"""
import io
from dataclasses import dataclass
from datetime import date, timedelta

from ..progress import services as progress
from ..progress.evidence import add_evidence
from ..progress.models import CANNOT, DONE, IN_PROGRESS, NOT_STARTED
from ..progress.period_rules import carried_done
from ..progress.queries import entry_for
from ..progress.regime import default_window
from ..progress.services import EntryData
from .documents import make_demo_pdf
from .results import going_text, result_of

# Who approves what: the deputy director supervises these units; the director sees all.
SUPERVISION = {"lanhdao": ["VP", "TTr", "KH-TC-TH", "QLCN"]}
DIRECTOR = "giamdoc"
KINDS = ("q1", "h1", "m9", "year")

RESULTS = {
    DONE: [
        "Đã ban hành văn bản triển khai, phân công cụ thể cho từng công chức; kết quả được tổng hợp hằng tháng.",
        "Đã rà soát, cập nhật và công khai đầy đủ nội dung theo quy định; không phát sinh phản ánh, kiến nghị.",
        "Đã tổ chức thực hiện xong; hồ sơ, tài liệu được lưu trữ tại đơn vị.",
    ],
    IN_PROGRESS: [
        "Đang triển khai; đã thực hiện phần lớn khối lượng công việc theo kế hoạch.",
        "Đang tổ chức thực hiện thường xuyên; kết quả được tổng hợp hằng tháng.",
        "Đang rà soát, cập nhật nội dung theo quy định; hồ sơ, tài liệu được lưu trữ tại đơn vị.",
    ],
    NOT_STARTED: ["Chưa triển khai trong kỳ; đơn vị đã lập kế hoạch để thực hiện trong kỳ tới."],
    CANNOT: ["Chưa thể thực hiện do vướng mắc về cơ chế, chính sách; đơn vị đã báo cáo, đề xuất hướng xử lý."],
}
GOAL_TEXT = {DONE: "Đã thực hiện theo kế hoạch.", IN_PROGRESS: "Đang thực hiện theo kế hoạch.",
             CANNOT: "Chưa thực hiện được trong kỳ."}
DIFFICULTIES = "Khối lượng công việc lớn trong khi số lượng công chức còn hạn chế."
CANNOT_REASON = "Văn bản hướng dẫn của bộ, ngành Trung ương chưa ban hành nên chưa có căn cứ triển khai."
BEHIND = "Tiến độ chậm so với thời hạn do phải chờ ý kiến góp ý của các đơn vị phối hợp."
PROPOSALS = "Đề nghị Văn phòng Sở hướng dẫn thống nhất biểu mẫu báo cáo giữa các đơn vị."
EXPLANATION = "Kết quả đã đăng tải trên Cổng thông tin điện tử của Sở."
RETURN_REASON = "Đề nghị bổ sung số liệu cụ thể (số hồ sơ, số thủ tục) và văn bản kiểm chứng."
# What a unit adds to a returned result before sending it again: words for the report's reader (they are
# printed in the period's report), not a note to the supervisor ("đã bổ sung theo yêu cầu").
FIXED = " Số liệu tính đến hết kỳ báo cáo."


@dataclass
class Story:
    """What happens to one task over the year."""

    index: int
    deadline: date | None
    start: date  # the plan's issue: the percent grows from there
    end: date  # to the deadline (or the end of the year)
    finished: date | None = None  # the day it was finished, if it was by the day the demo is loaded
    cannot: bool = False  # the unit reports it cannot be carried out, with the reason
    late_start: bool = False  # not started yet in Quý I

    def on(self, day: date, first_period: bool) -> tuple[str, int, date | None]:
        """(status, percent, completion date) as of ``day``."""
        if self.finished is not None and self.finished <= day:
            return DONE, 100, self.finished
        if self.cannot:
            return CANNOT, 0, None
        if self.late_start and first_period:
            return NOT_STARTED, 0, None
        span = max((self.end - self.start).days, 1)
        share = min(max((day - self.start).days / span, 0.0), 1.0)
        return IN_PROGRESS, min(10 + round(share * 80) + (self.index * 7) % 9, 95), None


def stories(tasks: list, issued: date, today: date) -> list[Story]:
    """Each task's story. Of the tasks whose deadline has passed (in deadline order), every third is not
    finished (overdue: one in two of those cannot be carried out) and one in four of the others was
    finished late; one in five of those due later was finished early. Recurring tasks run all year; a few
    cannot be carried out, a few had not started by Quý I."""
    year_end = date(today.year, 12, 31)
    result = [Story(i, task.deadline, issued, task.deadline or year_end) for i, task in enumerate(tasks)]
    passed = sorted((s for s in result if s.deadline and s.deadline < today), key=lambda s: s.deadline)
    for rank, story in enumerate(passed):
        if rank % 3 == 1:
            story.cannot = rank % 2 == 1
            continue
        finished = story.deadline - timedelta(days=3 + story.index % 5)
        if rank % 4 == 2 and story.deadline + timedelta(days=4) < today:
            finished = story.deadline + timedelta(days=4)  # late
        story.finished = max(finished, issued + timedelta(days=1))
    for story in result:
        if story.deadline is None:
            story.cannot = story.index % 11 == 5
        elif story.deadline >= today and story.index % 5 == 0:
            story.finished = max(today - timedelta(days=5 + story.index % 10), issued + timedelta(days=1))
        story.late_start = story.index % 9 == 4 and story.finished is None and not story.cannot
    return result


def _actor_of(unit, users):
    """Who reports for a unit in the demo: its head if it has one, else its staff, else the Office."""
    members = [u for u in users if u.unit_id == unit.id and not u.has_role("admin")]
    head = next((u for u in members if u.has_role("unit_head")), None)
    return head or (members[0] if members else next(u for u in users if u.username == "vanphong"))


def _target_value(target, status: str, i: int, j: int) -> float:
    """A value reached: near the target (now and then short of it) while the task goes on or is done; well
    short of it when the task cannot be carried out. Counts and ranks are whole numbers, percents at most 100."""
    whole = target.metric_kind in ("count", "rank")
    step = 1.0 if whole or target.metric_kind == "duration" else 0.5
    if status == CANNOT:
        shortfall = max(target.target_value * 0.2, 2 * step)
        value = target.target_value - shortfall if target.comparator != "<=" else target.target_value + shortfall
    elif (i + j) % 4 == 0:
        value = target.target_value - 3 * step if target.comparator != "<=" else target.target_value + step
    else:
        value = target.target_value + step if target.comparator != "<=" else target.target_value - step
    value = max(value, 0.0)
    if target.metric_kind == "percent":
        value = min(value, 100.0)
    return float(round(value)) if whole else value


def _result_text(task, status: str, percent: int, i: int) -> str:
    """What the unit writes: the task's own result (results.py), its figure growing with the percent; a task
    not written there, the stock sentences."""
    own = result_of(task.title)
    if own is None:
        return RESULTS[status][i % len(RESULTS[status])]
    output = (task.output or "sản phẩm của nhiệm vụ").strip().rstrip(".")
    output = output[:1].lower() + output[1:]
    if status == DONE:
        return own.done
    if status == IN_PROGRESS:
        return going_text(own, percent)
    if status == NOT_STARTED:
        return f"Chưa triển khai trong kỳ; đơn vị đã lập kế hoạch, phân công công chức thực hiện, dự kiến có {output} " \
               "trong kỳ tới."
    return f"Chưa thể thực hiện do vướng mắc về cơ chế, chính sách, chưa có {output}; đơn vị đã báo cáo, đề xuất " \
           "hướng xử lý."


def _data(task, story: Story, day: date, first_period: bool, fixed: bool = False) -> EntryData:
    i = story.index
    status, percent, completed = story.on(day, first_period)
    targets = {}
    for j, target in enumerate(task.targets):
        if status == NOT_STARTED:
            continue  # nothing reached yet: no target reported
        if target.metric_kind == "yes_no":
            targets[target.id] = (1.0 if status == DONE else 0.0, "")
        elif target.measurable:
            targets[target.id] = (_target_value(target, status, i, j), "")
        else:
            targets[target.id] = (None, GOAL_TEXT[status])
    behind = status == IN_PROGRESS and story.deadline is not None and story.deadline < day
    if status == CANNOT:
        difficulties = CANNOT_REASON
    elif behind:
        difficulties = BEHIND
    else:
        difficulties = DIFFICULTIES if status == IN_PROGRESS and i % 3 == 0 else ""
    return EntryData(
        task_status=status, percent_done=percent, completed_on=completed,
        result=_result_text(task, status, percent, i) + (FIXED if fixed else ""),
        difficulties=difficulties, proposals=PROPOSALS if i % 5 == 0 else "",
        # Most finished tasks cite a document (added after saving); the others explain instead.
        explanation=EXPLANATION if status == DONE and i % 3 == 2 else "",
        targets=targets,
    )


def _cite(actor, entry, i: int) -> None:
    """A real PDF with an administrative header, as the unit would scan and upload it: a decision or a
    report, its trích yếu under its kind, then its body as such documents open (a decision with the
    signing authority in capitals and "Căn cứ …", a report with "Thực hiện …"), so the header reader
    takes the trích yếu alone, as it would from a real document."""
    task, unit = entry.task, entry.unit
    work, plan = f"{task.title[0].lower()}{task.title[1:]}", task.plan
    basis = f"{plan.reference} về {plan.title[0].lower()}{plan.title[1:]}"
    if i % 2:
        number, kind, summary = f"{120 + i}/QĐ-SCT", "QUYẾT ĐỊNH", f"Về việc triển khai {work}"[:240]
        body = ["GIÁM ĐỐC SỞ CÔNG THƯƠNG", f"Căn cứ {basis};", f"Xét đề nghị của {unit.name},", "QUYẾT ĐỊNH:",
                f"Điều 1. Triển khai {work}.",
                f"Điều 2. {unit.name} chủ trì, phối hợp với các đơn vị liên quan tổ chức thực hiện. {entry.result}"]
    else:
        number, kind = f"{40 + i}/BC-{unit.short_name}", "BÁO CÁO"
        summary = f"Kết quả thực hiện nhiệm vụ {work}"[:240]
        body = [f"Thực hiện {basis}, {unit.name} báo cáo kết quả thực hiện nhiệm vụ {work} như sau:", entry.result]
    pdf = make_demo_pdf(number, entry.completed_on, "Sở Công Thương", kind, summary, body)
    add_evidence(actor, entry, unit, io.BytesIO(pdf), f"{number.replace('/', '-')}.pdf")


class _Reporter:
    """Writes the entries of one period, as the units and their supervisors would."""

    def __init__(self, users, units, tasks, stories_, today):
        self.users, self.tasks, self.stories, self.today = users, tasks, stories_, today
        self.position = {task.id: i for i, task in enumerate(tasks)}
        self.boss = next(u for u in users if u.username == "lanhdao")
        self.director = next(u for u in users if u.username == DIRECTOR)

    def supervisor_of(self, task):
        return self.boss if task.lead_unit.short_name in SUPERVISION["lanhdao"] else self.director

    def save(self, period, task, day, first_period, fixed=False, entry=None):
        story = self.stories[self.position[task.id]]
        actor = _actor_of(task.lead_unit, self.users)
        entry = progress.save_entry(actor, entry or entry_for(period, task),
                                    _data(task, story, day, first_period, fixed), self.today)
        if entry.task_status == DONE and not entry.explanation and not entry.live_evidence:
            _cite(actor, entry, story.index)
        return actor, entry

    def closed(self, period, n: int) -> None:
        """A past period, as of its window's end: approved (a few returned once and fixed first), but for
        a few never sent."""
        sent, returned = [], []
        for i, task in enumerate(self.tasks):
            if carried_done(task, period) is not None:
                continue  # approved as done in an earlier period
            _, entry = self.save(period, task, period.window_end, n == 0)
            if (i + n) % 13 != 7:  # else never sent: "không báo cáo" once the period is locked
                sent.append(entry)
                if (i + n) % 17 == 3:
                    returned.append(entry)
        self.submit(sent)
        self.decide(returned, progress.return_entries, RETURN_REASON)
        for entry in returned:
            self.save(period, entry.task, period.window_end, n == 0, fixed=True, entry=entry)
        self.submit(returned)
        self.decide(sent, progress.approve_entries)

    def open(self, period, n: int) -> dict[str, list]:
        """The period due now, as of today: entries in every state; a few tasks not reported yet."""
        lanes = {"draft": [], "submitted": [], "returned": [], "approved": []}
        day = min(period.window_end, self.today)
        for i, task in enumerate(self.tasks):
            if carried_done(task, period) is not None or i % 6 == 5:
                continue  # done and approved earlier, or not reported yet
            _, entry = self.save(period, task, day, n == 0)
            lanes[("draft", "submitted", "returned", "approved")[i % 4]].append(entry)
        self.submit(lanes["submitted"] + lanes["returned"] + lanes["approved"])
        self.decide(lanes["returned"], progress.return_entries, RETURN_REASON)
        self.decide(lanes["approved"], progress.approve_entries)
        return {lane: len(entries) for lane, entries in lanes.items()}

    def submit(self, entries) -> None:
        """Each unit head sends the unit's entries at once ("Gửi duyệt tất cả")."""
        by_actor = {}
        for entry in entries:
            by_actor.setdefault(_actor_of(entry.task.lead_unit, self.users), []).append(entry)
        for actor, batch in by_actor.items():
            progress.submit_entries(actor, batch)

    def decide(self, entries, decision, *reason) -> None:
        """Each supervisor approves (or returns) the entries of the units they supervise at once."""
        by_supervisor = {}
        for entry in entries:
            by_supervisor.setdefault(self.supervisor_of(entry.task), []).append(entry)
        for supervisor, batch in by_supervisor.items():
            decision(supervisor, batch, *reason)


def load_demo_progress(users: list, plan, units: dict, today: date) -> dict:
    office = next(u for u in users if u.username == "vanphong")
    for username, shorts in SUPERVISION.items():
        user = next(u for u in users if u.username == username)
        user.supervised_units = [units[s] for s in shorts]
    next(u for u in users if u.username == DIRECTOR).supervises_all = True

    tasks = [t for a in plan.areas for t in a.tasks if t.archived_at is None]
    reporter = _Reporter(users, units, tasks, stories(tasks, plan.issued_on, today), today)
    due_now = next((k for k in KINDS if default_window(k, today.year)[2] >= today), KINDS[-1])
    periods, states = [], {}
    for n, kind in enumerate(KINDS):
        period = progress.open_period(office, kind, today.year)
        periods.append(period)
        if kind == due_now:
            states = reporter.open(period, n)
            break
        reporter.closed(period, n)
        progress.lock_period(office, period)
    assert all(states.values()), states  # the demo shows every state
    return {"periods": periods, "states": states}
