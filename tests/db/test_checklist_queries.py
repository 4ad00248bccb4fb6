"""The unit checklist runs a fixed number of SQL statements, whatever the number of tasks."""
from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, insert, select

from app.extensions import db
from app.formatting import local_today
from app.plans.models import Area, Plan, Task, TaskItem, task_cooperating_units
from app.plans.services import archive_task, move_area, move_task
from app.progress.checklist import ChecklistFilters, unit_checklist
from app.progress.period_rules import Frame
from app.search import fold
from tests import figures
from tests.factories import issue, make_plan, make_task
from tests.signin import sign_in


@pytest.fixture(autouse=True)
def rendered_every_time(app):
    """These tests count what rendering the page costs: no page cache (app/pagecache.py)."""
    app.config["PAGE_CACHE_MB"] = 0


def _count_statements(client, url):
    statements = []

    def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before_cursor_execute)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", before_cursor_execute)
    return response, statements


class Department:
    """Two issued plans with three areas each; tasks are added in bulk."""

    def __init__(self, org):
        self.org = org
        self.today = local_today()
        plans = [make_plan(org.office, title="Kế hoạch CCHC năm 2026", areas=(1, 2, 6)),
                 make_plan(org.office, title="Kế hoạch kiểm soát TTHC năm 2026", kind="thematic", areas=(2, 3, 4))]
        self.plan_ids = [p.id for p in plans]
        self.areas = [(a.plan_id, a.id, a.number) for p in plans for a in p.areas]
        # a task of another unit only: never on Thanh tra's checklist
        make_task(plans[0].areas[0], org.khtc, title="Việc riêng của phòng KH-TC-TH", deadline=self.today)
        self.positions = {area_id: len(db.session.get(Area, area_id).tasks) for _, area_id, _ in self.areas}
        self.assigned = {}  # task id -> title, the tasks on Thanh tra's checklist
        self.overdue = 0
        self.next_id = (db.session.scalar(select(func.max(Task.id))) or 0) + 1

    def add_tasks(self, count):
        org = self.org
        tasks, coops, items = [], [], []
        for _ in range(count):
            n = self.next_id
            self.next_id += 1
            plan_id, area_id, area_number = self.areas[n % len(self.areas)]
            self.positions[area_id] += 1
            position = self.positions[area_id]
            lead = org.khtc if n % 4 == 3 else org.ttr  # a quarter only cooperates
            recurring = n % 5 == 1
            deadline = None if recurring else self.today + timedelta(days=(-3 if n % 5 == 0 else n % 60 + 1))
            title = f"Nhiệm vụ thử nghiệm số {n:05d}"
            sub_items = [f"Nội dung cụ thể {k} của việc {n:05d}" for k in (1, 2)] if n % 2 == 0 else []
            tasks.append({
                "id": n, "plan_id": plan_id, "area_id": area_id, "position": position,
                "code": f"{area_number}.{position}", "title": title, "lead_unit_id": lead.id,
                "deadline": deadline, "recurring": recurring, "output": "Báo cáo" if n % 3 == 0 else "",
                "search_text": fold(" ".join([f"{area_number}.{position}", title, *sub_items])),
            })
            partners = [org.vp, org.khtc] if lead is org.ttr else [org.ttr]
            if n % 2 == 0 or lead is not org.ttr:
                coops += [{"task_id": n, "unit_id": u.id} for u in partners]
            items += [{"task_id": n, "position": k, "text": text} for k, text in enumerate(sub_items, start=1)]
            self.assigned[n] = title
            self.overdue += deadline is not None and deadline < self.today
        db.session.execute(insert(Task), tasks)
        if coops:
            db.session.execute(insert(task_cooperating_units), coops)
        if items:
            db.session.execute(insert(TaskItem), items)
        db.session.commit()
        db.session.expire_all()

    def issue_plans(self):
        for plan_id in self.plan_ids:
            issue(db.session.get(Plan, plan_id), self.org.office)


def _expected_order(rows):
    """Plans newest issued first, then area position, then task position."""
    return sorted(rows, key=lambda r: (-r.task.plan.issued_on.toordinal(), -r.task.plan_id, r.task.area.position,
                                       r.task.position))


def _check_rows(dept, rows):
    assert {r.task.id for r in rows} == set(dept.assigned)
    assert len(rows) == len(dept.assigned)
    assert rows == _expected_order(rows)
    for row in rows:
        assert row.role == ("lead" if row.task.lead_unit_id == dept.org.ttr.id else "coop")
    assert sum(r.state == "overdue" for r in rows) == dept.overdue


PAGE_SIZE = 50


def _shown_titles(dept, page):
    return {title for title in dept.assigned.values() if f">{title}</a>" in page}


def _check_page(dept, response):
    """The first page: one page of rows, the counts over all of them."""
    assert response.status_code == 200
    page = response.text
    assert page.count('class="task-card') == min(len(dept.assigned), PAGE_SIZE)
    assert len(_shown_titles(dept, page)) == min(len(dept.assigned), PAGE_SIZE)
    assert "Việc riêng của phòng KH-TC-TH" not in page
    counts = figures.checklist(page)  # the lines "Chủ trì" and "Phối hợp" together
    assert (counts["nhiệm vụ"], counts["quá hạn"]) == (len(dept.assigned), dept.overdue)


def test_checklist_runs_the_same_queries_for_10_and_1000_tasks(org, client):
    dept = Department(org)
    dept.add_tasks(10)
    dept.issue_plans()
    sign_in(client, "thanhtra")
    client.get("/checklist")  # warm-up: anything done once per process is not counted

    small_response, small = _count_statements(client, "/checklist")
    _check_page(dept, small_response)
    _check_rows(dept, unit_checklist(org.ttr.id, ChecklistFilters(), Frame(None, dept.today)))

    dept.add_tasks(990)
    assert len(dept.assigned) == 1000
    large_response, large = _count_statements(client, "/checklist")
    _check_page(dept, large_response)
    _check_rows(dept, unit_checklist(org.ttr.id, ChecklistFilters(), Frame(None, dept.today)))
    page = large_response.text
    assert f"1–{PAGE_SIZE} / 1000" in page and 'rel="next"' in page
    assert len(page) < 200_000  # one page of rows, whatever the number of tasks

    seen, pages = set(), []
    for number in range(1, 1000 // PAGE_SIZE + 1):  # every task is on exactly one page
        pages.append(client.get(f"/checklist?page={number}").text)
        shown = _shown_titles(dept, pages[-1])
        assert not shown & seen
        seen |= shown
    assert seen == set(dept.assigned.values())
    everything = "".join(pages)
    assert "Nội dung cụ thể 2 của việc" in everything  # sub-items shown
    assert "Phối hợp: VP, KH-TC-TH" in everything  # cooperating units shown on led tasks
    assert "Chủ trì: <strong>Phòng Kế hoạch - Tài chính - Tổng hợp</strong>" in everything  # lead on others

    print(f"\nGET /checklist SQL statements: {len(small)} with 10 tasks, {len(large)} with 1000 tasks")
    assert len(large) == len(small), "\n".join(large)
    assert len(small) <= 15  # one per kind of data, not one per row


def test_checklist_filters_run_the_same_queries(org, client):
    dept = Department(org)
    dept.add_tasks(20)
    dept.issue_plans()
    sign_in(client, "thanhtra")
    url = f"/checklist?q=nhiem+vu&plan={dept.plan_ids[0]}&role=lead&overdue=1"
    client.get(url)
    _, small = _count_statements(client, url)
    dept.add_tasks(300)
    response, large = _count_statements(client, url)
    assert response.status_code == 200
    assert len(large) == len(small)


def test_unit_checklist_order_and_scope(org):
    today = date(2026, 3, 10)
    older = make_plan(org.office, title="Kế hoạch tháng 1", areas=(1, 2))
    newer = make_plan(org.office, title="Kế hoạch tháng 3", areas=(2, 5))
    draft = make_plan(org.office, title="Kế hoạch còn dự thảo", areas=(1,))
    made = {}
    for plan, tag in ((older, "o"), (newer, "n")):
        for area in plan.areas:
            for k in (1, 2):
                title = f"{tag}-{area.standard_code}-{k}"
                made[title] = make_task(area, org.ttr, title=title, deadline=date(2026, 6, 30))
    made["n-5-coop"] = make_task(newer.areas[1], org.khtc, title="n-5-coop", deadline=date(2026, 3, 1),
                                 coop=[org.ttr])
    other_unit = make_task(older.areas[0], org.khtc, title="khtc only", deadline=date(2026, 6, 30))
    archived = make_task(older.areas[0], org.ttr, title="archived", deadline=date(2026, 6, 30))
    make_task(draft.areas[0], org.ttr, title="draft task", deadline=date(2026, 6, 30))
    issue(older, org.office, issued_on=date(2026, 1, 23))
    issue(newer, org.office, issued_on=date(2026, 3, 1))
    archive_task(org.office, archived)
    # reorder after creation: positions, not ids, decide
    move_area(org.office, db.session.get(Area, older.areas[1].id), "up")  # area 2 before area 1 in the older plan
    move_task(org.office, made["n-2-2"], "up")

    rows = unit_checklist(org.ttr.id, ChecklistFilters(), Frame(None, today))
    assert [r.task.title for r in rows] == [
        "n-2-2", "n-2-1", "n-5-1", "n-5-2", "n-5-coop",
        "o-2-1", "o-2-2", "o-1-1", "o-1-2",
    ]
    assert other_unit.id not in {r.task.id for r in rows}
    coop_row = rows[4]
    assert (coop_row.role, coop_row.state, coop_row.state_label) == ("coop", "overdue", "Quá hạn 9 ngày")
    assert {r.role for r in rows[:4]} == {"lead"}

    lead_only = unit_checklist(org.ttr.id, ChecklistFilters(role="lead"), Frame(None, today))
    assert "n-5-coop" not in [r.task.title for r in lead_only] and len(lead_only) == 8
    overdue_only = unit_checklist(org.ttr.id, ChecklistFilters(overdue=True), Frame(None, today))
    assert [r.task.title for r in overdue_only] == ["n-5-coop"]
    one_plan = unit_checklist(org.ttr.id, ChecklistFilters(plan_id=older.id), Frame(None, today))
    assert [r.task.title for r in one_plan] == ["o-2-1", "o-2-2", "o-1-1", "o-1-2"]
    assert [r.task.title for r in unit_checklist(org.ttr.id, ChecklistFilters(q="O-1"), Frame(None, today))] == ["o-1-1", "o-1-2"]
