"""Demo reporting: supervision, Quý I 2026 (locked, mostly approved) and 6 tháng 2026 (open, entries
in every state), written through the same services as the pages, so the demo has its history."""
import io
from datetime import date, timedelta

from ..formatting import local_today
from ..progress import services as progress
from ..progress.evidence import add_evidence
from ..progress.models import APPROVED, CANNOT, DONE, IN_PROGRESS, NOT_STARTED
from ..progress.period_rules import carried_done
from ..progress.queries import entry_for
from ..progress.services import EntryData
from .documents import make_demo_pdf

# Who approves what: the deputy director supervises these units; the director sees all.
SUPERVISION = {"lanhdao": ["VP", "TTr", "KH-TC-TH", "QLCN"]}
DIRECTOR = "giamdoc"

RESULTS = [
    "Đã ban hành văn bản triển khai, phân công cụ thể cho từng công chức; kết quả được tổng hợp hằng tháng.",
    "Đã rà soát, cập nhật và công khai đầy đủ nội dung theo quy định; không phát sinh phản ánh, kiến nghị.",
    "Đã tổ chức thực hiện đúng tiến độ; hồ sơ, tài liệu được lưu trữ tại đơn vị.",
    "Đang triển khai; đã hoàn thành phần lớn khối lượng công việc theo kế hoạch.",
]
DIFFICULTIES = "Khối lượng công việc lớn trong khi số lượng công chức còn hạn chế."
PROPOSALS = "Đề nghị Văn phòng Sở hướng dẫn thống nhất biểu mẫu báo cáo giữa các đơn vị."
RETURN_REASON = "Đề nghị bổ sung số liệu cụ thể (số hồ sơ, số thủ tục) và văn bản kiểm chứng."


def _actor_of(unit, users):
    """Who reports for a unit in the demo: its head if it has one, else its staff, else the Office."""
    members = [u for u in users if u.unit_id == unit.id and not u.has_role("admin")]
    head = next((u for u in members if u.has_role("unit_head")), None)
    return head or (members[0] if members else next(u for u in users if u.username == "vanphong"))


def _data(task, i, window_end: date, today: date, done_by: bool) -> EntryData:
    if done_by and task.deadline and not task.recurring:
        finished = min(task.deadline - timedelta(days=3 + i % 5), window_end, today)
        if i % 7 == 3:  # now and then a task finished late
            finished = min(task.deadline + timedelta(days=6), window_end, today)
        status, percent, completed = DONE, 100, finished
    elif i % 11 == 5:
        status, percent, completed = CANNOT, 0, None
    elif i % 9 == 4:
        status, percent, completed = NOT_STARTED, 0, None
    else:
        status, percent, completed = IN_PROGRESS, 30 + (i * 13) % 60, None
    targets = {}
    for j, target in enumerate(task.targets):
        if target.metric_kind == "yes_no":
            targets[target.id] = (1 if status == DONE else 0, "")
        elif target.measurable:
            nudge = (-1.5 if (i + j) % 4 == 0 else 0.5) if target.comparator == ">=" else (1 if (i + j) % 4 == 0 else -1)
            value = max(0.0, target.target_value + nudge)
            if target.metric_kind == "percent":
                value = min(value, 100.0)
            targets[target.id] = (value, "")
        else:
            targets[target.id] = (None, "Đã thực hiện theo kế hoạch.")
    return EntryData(
        task_status=status, percent_done=percent, completed_on=completed, result=RESULTS[i % len(RESULTS)],
        difficulties=DIFFICULTIES if status in (CANNOT, IN_PROGRESS) and i % 3 == 0 or status == CANNOT else "",
        proposals=PROPOSALS if i % 5 == 0 else "",
        # Most finished tasks cite a document (added after saving); the others explain instead.
        explanation="Kết quả đã đăng tải trên Cổng thông tin điện tử của Sở." if status == DONE and i % 3 == 2 else "",
        targets=targets,
    )


def _due_by(task, period, i) -> bool:
    """Reported as done in this period: due within it, or (one in three) finished ahead of time."""
    if task.recurring or not task.deadline:
        return False
    return task.deadline <= period.window_end or (period.kind != "q1" and i % 3 == 0)


def _cite(actor, entry, i: int) -> None:
    """A real PDF with an administrative header, as the unit would scan and upload it."""
    task, unit = entry.task, entry.unit
    number = f"{120 + i}/QĐ-SCT" if i % 2 else f"{40 + i}/BC-{unit.short_name}"
    kind = "QUYẾT ĐỊNH" if i % 2 else "BÁO CÁO"
    summary = (f"Về việc triển khai {task.title[0].lower()}{task.title[1:]}" if i % 2
               else f"Kết quả thực hiện nhiệm vụ {task.code}")[:240]
    pdf = make_demo_pdf(number, entry.completed_on, "Sở Công Thương", kind, summary,
                        [f"{unit.name} báo cáo kết quả thực hiện nhiệm vụ: {task.title}.", entry.result])
    add_evidence(actor, entry, unit, io.BytesIO(pdf), f"{number.replace('/', '-')}.pdf")


def load_demo_progress(users: list, plan, units: dict) -> dict:
    office = next(u for u in users if u.username == "vanphong")
    boss = next(u for u in users if u.username == "lanhdao")
    director = next(u for u in users if u.username == DIRECTOR)
    for username, shorts in SUPERVISION.items():
        user = next(u for u in users if u.username == username)
        user.supervised_units = [units[s] for s in shorts]
    director.supervises_all = True

    today = local_today()
    tasks = [t for a in plan.areas for t in a.tasks if t.archived_at is None]

    # Quý I: nearly every unit reported; the supervisors approved; two drafts were never sent.
    q1 = progress.open_period(office, "q1", 2026)
    sent = []
    for i, task in enumerate(tasks):
        actor = _actor_of(task.lead_unit, users)
        entry = progress.save_entry(actor, entry_for(q1, task),
                                    _data(task, i, q1.window_end, today, _due_by(task, q1, i)), today)
        if entry.task_status == DONE and not entry.explanation:
            _cite(actor, entry, i)
        if i % 13 != 7:
            progress.submit_entries(actor, [entry])
            sent.append(entry)
    progress.approve_entries(director, sent)
    progress.lock_period(office, q1)

    # 6 tháng: open, with entries in every state.
    h1 = progress.open_period(office, "h1", 2026)
    states = {"draft": 0, "submitted": 0, "returned": 0, "approved": 0}
    for i, task in enumerate(tasks):
        if carried_done(task, h1) is not None or i % 6 == 5:
            continue  # done and approved in Quý I, or not started yet
        actor = _actor_of(task.lead_unit, users)
        entry = progress.save_entry(actor, entry_for(h1, task),
                                    _data(task, i + 1, h1.window_end, today, _due_by(task, h1, i)), today)
        if entry.task_status == DONE and not entry.explanation:
            _cite(actor, entry, i + 1)
        lane = i % 4
        if lane == 0:
            states["draft"] += 1
            continue
        progress.submit_entries(actor, [entry])
        supervisor = boss if task.lead_unit.short_name in SUPERVISION["lanhdao"] else director
        if lane == 1:
            states["submitted"] += 1
        elif lane == 2:
            progress.return_entries(supervisor, [entry], RETURN_REASON)
            states["returned"] += 1
        else:
            progress.approve_entries(supervisor, [entry])
            states["approved"] += 1
    assert all(states.values()), states  # the demo shows every state
    return {"periods": [q1, h1], "states": states, "approved_q1": sum(1 for e in sent if e.status == APPROVED)}
