"""Benchmark: SQL queries, time and memory of the unit checklist page (and the plan editor).

Run on demand, not in the test suite:

    .venv/bin/python bench/checklist.py            # 10, 100, 1000 tasks
    .venv/bin/python bench/checklist.py 10 5000    # other sizes

For each size it builds a fresh migrated SQLite database in a temporary folder
with one issued plan whose tasks are all assigned to one unit (a third of them
as cooperating unit, with sub-items, some overdue), logs in as that unit's staff
and requests /checklist through the WSGI app. It prints, per size: the number of
SQL statements of the request, the median and worst response time over several
requests, the page size and the peak Python memory of one request.
"""
import contextvars
import os
import re
import statistics
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from flask.testing import FlaskClient  # noqa: E402
from sqlalchemy import event, insert  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402

PASSWORD = "bench-password-1"
RUNS = 7


class IsolatedClient(FlaskClient):
    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


def build(folder: str, n_tasks: int):
    from flask_migrate import upgrade

    from app.org.services import create_unit, create_user
    from app.plans.models import Task, TaskItem, task_cooperating_units
    from app.plans.services import PlanData, add_task, TaskData, create_plan, issue_plan

    app = create_app({
        "TESTING": True, "SECRET_KEY": "bench", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "PAGE_CACHE_MB": 0,  # what rendering costs, not a second view's cache hit
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
    })
    app.instance_path = folder
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade()
        ttr = create_unit(None, name="Thanh tra Sở", short_name="TTr", kind="thanh_tra")
        other = create_unit(None, name="Phòng Quản lý Công nghiệp", short_name="QLCN", kind="phong")
        create_user(None, username="bench", full_name="Người đo", unit=ttr, roles=["staff"],
                    password=PASSWORD, must_change_password=False)
        plan = create_plan(None, PlanData(kind="annual", title="Kế hoạch đo hiệu năng", year=2026),
                           standard_codes=[1, 2, 3, 4, 5, 6])
        first = add_task(None, plan.areas[0], TaskData(title="Nhiệm vụ mẫu", lead_unit_id=ttr.id, recurring=True))
        issue_plan(None, plan, "1/KH-BENCH", date(2026, 1, 23))
        areas = [a.id for a in plan.areas]
        today = date.today()
        rows, coops, items = [], [], []
        for i in range(1, n_tasks):
            lead_here = i % 3 != 0
            rows.append({
                "plan_id": plan.id, "area_id": areas[i % len(areas)], "position": i + 1, "code": f"{i % 6 + 1}.{i}",
                "title": f"Rà soát, cập nhật thủ tục hành chính số {i}", "detail": "", "output": "Báo cáo",
                "lead_unit_id": ttr.id if lead_here else other.id,
                "deadline": None if i % 2 else today + timedelta(days=(i % 40) - 20), "recurring": bool(i % 2),
                "search_text": f"ra soat, cap nhat thu tuc hanh chinh so {i}", "version": 1,
            })
        if rows:
            db.session.execute(insert(Task), rows)
            db.session.commit()
        ids = [t.id for t in db.session.query(Task.id).filter(Task.id != first.id).order_by(Task.id)]
        for i, task_id in enumerate(ids, start=1):
            if i % 3 == 0:
                coops.append({"task_id": task_id, "unit_id": ttr.id})
            if i % 4 == 0:
                items.extend({"task_id": task_id, "position": p, "text": f"Nội dung cụ thể {p}"} for p in (1, 2))
        if coops:
            db.session.execute(insert(task_cooperating_units), coops)
        if items:
            db.session.execute(insert(TaskItem), items)
        db.session.commit()
        plan_id = plan.id
    return app, plan_id


def login(client):
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post("/login", data={"csrf_token": token, "username": "bench", "password": PASSWORD})
    assert response.status_code == 302, response.status_code


@dataclass
class Measured:
    """One page measured: its SQL statements, the medians (wall clock, this process's CPU, SQL) and the worst
    of RUNS requests, its size and the peak Python memory of one request."""

    queries: int
    median: float
    worst: float
    size: int
    peak: int
    cpu: float = 0.0
    sql: float = 0.0


def measure(app, client, url, runs: int = RUNS) -> Measured:
    statements, sql = [], []

    def before(conn, *_args):
        conn.info["bench_started"] = time.perf_counter()

    def after(conn, *_args):
        statements.append(1)
        sql.append(time.perf_counter() - conn.info.pop("bench_started", time.perf_counter()))

    with app.app_context():
        engine = db.engine
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    times, cpu, sql_times, counts = [], [], [], []
    for _ in range(runs):
        statements.clear()
        sql.clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        sql_times.append(sum(sql))
        counts.append(len(statements))
    event.remove(engine, "before_cursor_execute", before)
    event.remove(engine, "after_cursor_execute", after)
    tracemalloc.start()
    client.get(url)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return Measured(max(counts), statistics.median(times), max(times), len(response.data), peak,
                    statistics.median(cpu), statistics.median(sql_times))


def main(sizes):
    print(f"{'page':<12}{'tasks':>7}{'queries':>9}{'median ms':>11}{'worst ms':>10}{'page KB':>9}{'peak MB':>9}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as folder:
            app, plan_id = build(folder, n)
            client = app.test_client()
            login(client)
            for name, url in (("checklist", "/checklist"), ("search", "/checklist?q=thu+tuc+hanh+chinh"),
                              ("plan view", f"/plans/{plan_id}")):
                m = measure(app, client, url)
                print(f"{name:<12}{n:>7}{m.queries:>9}{m.median * 1000:>11.1f}{m.worst * 1000:>10.1f}"
                      f"{m.size / 1024:>9.0f}{m.peak / 1048576:>9.1f}")
            with app.app_context():
                db.engine.dispose()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 100, 1000])
