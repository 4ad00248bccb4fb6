"""A small department's quarter, for the report tests: what each entry says is known by heart.

Plan "Cải cách hành chính năm 2026" (639/KH-SCT), areas 1 (thể chế) and 2 (TTHC), Quý I 2026:
- t_done: thể chế, Thanh tra, due 28/02, approved done on 20/02 with a cited decision and a proposal;
- t_open: TTHC, KH-TC-TH with Thanh tra cooperating, recurring, approved 60% with a target value
  and Thanh tra's contribution;
- t_sent: TTHC, Thanh tra, due 01/03, submitted (not approved): overdue, its text must not appear;
- t_draft: thể chế, KH-TC-TH, due 31/01, a draft: overdue, its text must not appear;
- t_back: TTHC, Thanh tra, recurring, returned: its text must not appear.
"""
from dataclasses import dataclass
from datetime import date, datetime

from app.extensions import db
from app.progress.models import EntryContribution, Evidence, ProgressEntry, ReportingPeriod, TargetResult
from app.transactions import transaction
from tests.factories import issue, make_period, make_plan, make_progress_entry, make_target, make_task

DONE_RESULT = "Ban hành Quy chế phối hợp rà soát văn bản quy phạm pháp luật"
OPEN_RESULT = "Công khai đầy đủ 45 thủ tục hành chính trên Cổng dịch vụ công"
CONTRIBUTION = "Rà soát 12 thủ tục thuộc lĩnh vực thanh tra"
PROPOSAL = "Đề nghị Sở Nội vụ tổ chức tập huấn kiểm soát thủ tục hành chính"
DIFFICULTY = "Phần mềm một cửa điện tử thường xuyên gián đoạn"
HIDDEN = ["KẾT QUẢ CHỜ DUYỆT", "KIẾN NGHỊ CHỜ DUYỆT", "KẾT QUẢ ĐANG SOẠN", "KẾT QUẢ BỊ TRẢ LẠI", "KHÓ KHĂN BỊ TRẢ LẠI"]
CITATION = "125/QĐ-SCT ngày 12/02/2026 của Sở Công Thương"


@dataclass
class Quarter:
    plan: object
    period: ReportingPeriod
    tasks: dict


def quarter(org) -> Quarter:
    plan = make_plan(org.office, title="Cải cách hành chính năm 2026", areas=(1, 2))
    institutions, procedures = plan.areas
    target = make_target(procedures, "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn đạt tối thiểu 99%")
    tasks = {
        "done": make_task(institutions, org.ttr, "Xây dựng quy chế phối hợp rà soát văn bản", deadline=date(2026, 2, 28)),
        "open": make_task(procedures, org.khtc, "Rà soát, công khai thủ tục hành chính", coop=[org.ttr],
                          target_ids=[target.id]),
        "sent": make_task(procedures, org.ttr, "Số hóa hồ sơ giải quyết thủ tục hành chính", deadline=date(2026, 3, 1)),
        "draft": make_task(institutions, org.khtc, "Kiểm tra công tác cải cách thể chế", deadline=date(2026, 1, 31)),
        "back": make_task(procedures, org.ttr, "Đo lường sự hài lòng của người dân"),
    }
    issue(plan, org.office, number="639/KH-SCT", issued_on=date(2026, 1, 23))
    period = make_period("q1", 2026)
    decided = datetime(2026, 3, 10, 3, 0)
    done = make_progress_entry(tasks["done"], period=period, status="approved", task_status="done",
                               percent_done=100, completed_on=date(2026, 2, 20), result=DONE_RESULT,
                               proposals=PROPOSAL, decided_at=decided)
    opened = make_progress_entry(tasks["open"], period=period, status="approved", task_status="in_progress",
                                 percent_done=60, result=OPEN_RESULT, difficulties=DIFFICULTY, decided_at=decided)
    make_progress_entry(tasks["sent"], period=period, status="submitted", task_status="done", percent_done=100,
                        completed_on=date(2026, 2, 25), result=HIDDEN[0], proposals=HIDDEN[1])
    make_progress_entry(tasks["draft"], period=period, status="draft", task_status="in_progress", result=HIDDEN[2])
    make_progress_entry(tasks["back"], period=period, status="returned", task_status="in_progress",
                        result=HIDDEN[3], difficulties=HIDDEN[4], return_reason="Thiếu số liệu")
    with transaction():
        db.session.add(Evidence(entry_id=done.id, unit_id=org.ttr.id, number="125/QĐ-SCT",
                                issued_on=date(2026, 2, 12), issuer="Sở Công Thương",
                                summary="Quy chế phối hợp", original_name="qd125.pdf"))
        db.session.add(EntryContribution(entry_id=opened.id, unit_id=org.ttr.id, text=CONTRIBUTION))
        db.session.add(TargetResult(entry_id=opened.id, target_id=target.id, value=99.5))
    return Quarter(plan=plan, period=period, tasks=tasks)


def lower_first(text: str) -> str:
    """A unit's text as the report writes it inside a sentence."""
    return text[:1].lower() + text[1:]


def entries_of(period) -> list[ProgressEntry]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(ProgressEntry).where(ProgressEntry.period_id == period.id)))
