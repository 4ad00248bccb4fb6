"""A period with entries in every state, for the follow-up, notification and reminder tests.

Built on the ``org`` fixture (Thanh tra, KH-TC-TH, Văn phòng) through the factories."""
from datetime import date

from app.plans.services import archive_task
from app.transactions import transaction
from tests.factories import issue, make_period, make_plan, make_progress_entry, make_task


def build_period(org, due_on=date(2026, 3, 15)):
    """Quý I 2026 (open, due ``due_on``) over one issued plan:

    - Thanh tra leads 6 live tasks: no entry; a draft nobody saved; a saved draft; submitted;
      returned; approved → 2 not started, 1 draft, 1 submitted, 1 returned, 1 approved;
      plus a task approved as done in 2025 (not expected again) and an archived task;
    - KH-TC-TH leads 2 tasks, no entry (not started), and cooperates on one of Thanh tra's;
    - Văn phòng leads 1 task, approved (complete);
    - a draft plan's task (led by Thanh tra) is not expected.
    """
    plan = make_plan(org.office, title="Kế hoạch CCHC năm 2026", areas=(2,))
    area = plan.areas[0]
    t = {}
    titles = {
        "none": "Rà soát, công khai thủ tục hành chính",
        "untouched": "Số hóa hồ sơ, kết quả giải quyết TTHC",
        "draft": "Kiểm tra việc thực hiện cơ chế một cửa",
        "submitted": "Tiếp nhận, xử lý phản ánh, kiến nghị",
        "returned": "Đánh giá chất lượng giải quyết TTHC",
        "approved": "Công khai kết quả đánh giá",
        "done_before": "Ban hành kế hoạch kiểm soát TTHC",
        "archived": "Nhiệm vụ đã lưu trữ",
    }
    for key, title in titles.items():
        coop = (org.khtc,) if key == "draft" else ()
        t[key] = make_task(area, org.ttr, title=title, deadline=date(2026, 6, 30), coop=coop)
    k1 = make_task(area, org.khtc, title="Công khai ngân sách", deadline=date(2026, 3, 10))
    k2 = make_task(area, org.khtc, title="Tự kiểm tra tài chính", recurring=True)
    v1 = make_task(area, org.vp, title="Tổng hợp báo cáo CCHC", recurring=True)
    issue(plan, org.office, number="639/KH-SCT")
    with transaction():
        archive_task(org.office, t["archived"])

    draft_plan = make_plan(org.office, title="Kế hoạch tuyên truyền (dự thảo)", kind="thematic", areas=(2,))
    make_task(draft_plan.areas[0], org.ttr, title="Nhiệm vụ của kế hoạch dự thảo")

    earlier = make_period("year", 2025, org.office)
    make_progress_entry(t["done_before"], period=earlier, status="approved", task_status="done",
                        percent_done=100, completed_on=date(2025, 11, 20), updated_by_id=org.ttr_staff.id)

    period = make_period("q1", 2026, org.office, due_on=due_on)
    staff = org.ttr_staff.id
    make_progress_entry(t["untouched"], period=period, status="draft")
    make_progress_entry(t["draft"], period=period, status="draft", updated_by_id=staff)
    make_progress_entry(t["submitted"], period=period, status="submitted", updated_by_id=staff)
    make_progress_entry(t["returned"], period=period, status="returned", updated_by_id=staff,
                        return_reason="Thiếu tài liệu kiểm chứng: bổ sung Quyết định công bố TTHC.")
    make_progress_entry(t["approved"], period=period, status="approved", updated_by_id=staff)
    make_progress_entry(v1, period=period, status="approved", updated_by_id=org.office.id)
    return period, {**t, "k1": k1, "k2": k2, "v1": v1}
