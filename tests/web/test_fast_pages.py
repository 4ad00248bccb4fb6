"""What the pages read fast (issue #23 point 5) still says what it said: the menu's count of open
tasks taken from the checklist's own counts, and each task's last earlier approved entry read
alone on the approval queue. (The figures themselves: test_figures_reconcile.py, test_period_rules.py.)"""
import re

from sqlalchemy import select

from app.extensions import db
from app.progress.models import ReportingPeriod
from tests.factories import issue, make_period, make_plan, make_progress_entry, make_task
from tests.reminders_data import build_period

MENU_COUNT = re.compile(r'title="(\d+) nhiệm vụ chưa hoàn thành"')


def menu_count(page) -> int:
    return int(MENU_COUNT.search(page.text).group(1))


def test_the_menu_counts_the_same_open_tasks_on_the_checklist_as_elsewhere(as_user, org):
    period = build_period(org)[0]
    earlier = db.session.scalar(select(ReportingPeriod).where(ReportingPeriod.year == 2025))
    staff = as_user("thanhtra")
    elsewhere = menu_count(staff.get("/notifications"))
    assert elsewhere > 0
    # the checklist of the unit, unfiltered: its own counts give the menu's
    assert menu_count(staff.get("/checklist")) == elsewhere
    assert menu_count(staff.get(f"/checklist?period={period.id}")) == elsewhere
    # filtered, or another period: the menu still counts the current period's unfiltered tasks
    assert menu_count(staff.get("/checklist?overdue=1")) == elsewhere
    assert menu_count(staff.get("/checklist?q=kh%C3%B4ng+c%C3%B3+g%C3%AC")) == elsewhere
    assert menu_count(staff.get(f"/checklist?period={earlier.id}")) == elsewhere


def test_the_approval_queue_shows_a_tasks_last_earlier_approved_entry(as_user, org):
    plan = make_plan(org.office, areas=(2,))
    task = make_task(plan.areas[0], org.ttr, "Rà soát thủ tục hành chính", recurring=True)
    issue(plan, org.office)
    q1, h1, m9 = make_period("q1", 2026), make_period("h1", 2026), make_period("m9", 2026)
    make_progress_entry(task, period=q1, status="approved", percent_done=30, task_status="in_progress")
    make_progress_entry(task, period=h1, status="approved", percent_done=60, task_status="in_progress")
    make_progress_entry(task, period=m9, status="submitted", percent_done=80, task_status="in_progress")
    page = as_user("lanhdao").get(f"/approvals?period={m9.id}").text
    assert f"kỳ trước ({h1.title}): Đang thực hiện 60%" in page
    assert f"kỳ trước ({q1.title})" not in page
