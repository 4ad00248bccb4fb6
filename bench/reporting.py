"""Benchmark: the checklist with entries and the approval queue, at 10, 1,000 and 5,000 entries.

Run on demand, not in the test suite:

    .venv/bin/python bench/reporting.py             # 10, 1000, 5000 entries
    .venv/bin/python bench/reporting.py 100 20000   # other sizes

For each size it builds a fresh migrated SQLite database with one issued plan
whose N tasks are all led by one unit, two periods (Quý I: every task approved;
6 tháng: every task submitted, with a target result and a cooperating unit's
contribution), then requests, through the WSGI app, the unit's checklist for
6 tháng (as the unit's staff) and the approval queue (as the supervisor of that
unit). It prints the SQL statements per request (they must not grow with N),
the median and worst time over several requests, the page size and the peak
Python memory of one request.
"""
import os
import sys
import tempfile
from datetime import date, datetime

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import insert, select  # noqa: E402

from app.extensions import db  # noqa: E402
from bench.checklist import PASSWORD, build, measure  # noqa: E402


def add_reporting(app, n_entries: int):
    from app.org.models import Unit, User
    from app.org.services import create_user
    from app.plans.models import Target, Task
    from app.progress.models import EntryContribution, ProgressEntry, TargetResult
    from app.progress.services import open_period

    with app.app_context():
        ttr = db.session.scalar(select(Unit).where(Unit.short_name == "TTr"))
        other = db.session.scalar(select(Unit).where(Unit.short_name == "QLCN"))
        boss = create_user(None, username="lanhdao", full_name="Lãnh đạo đo", unit=other, roles=["supervisor"],
                           password=PASSWORD, must_change_password=False)
        boss.supervised_units = [ttr]
        db.session.execute(Task.__table__.update().values(lead_unit_id=ttr.id))
        task_ids = list(db.session.scalars(select(Task.id).order_by(Task.id)))[:n_entries]
        area_id = db.session.scalar(select(Task.area_id).where(Task.id == task_ids[0]))
        target = Target(area_id=area_id, text="Tỷ lệ hồ sơ đúng hạn", metric_kind="percent", comparator=">=",
                        target_value=99)
        db.session.add(target)
        q1, h1 = open_period(None, "q1", 2026), open_period(None, "h1", 2026)
        db.session.commit()
        now = datetime(2026, 6, 10, 8, 0)
        for period, status in ((q1, "approved"), (h1, "submitted")):
            rows = [{"period_id": period.id, "task_id": t, "unit_id": ttr.id, "status": status,
                     "task_status": "in_progress", "percent_done": 50, "result": f"Kết quả nhiệm vụ {t}",
                     "difficulties": "", "proposals": "", "explanation": "", "return_reason": "",
                     "created_at": now, "updated_at": now, "submitted_at": now, "version": 1} for t in task_ids]
            db.session.execute(insert(ProgressEntry), rows)
        db.session.commit()
        h1_ids = list(db.session.scalars(select(ProgressEntry.id).where(ProgressEntry.period_id == h1.id)))
        db.session.execute(insert(TargetResult), [{"entry_id": e, "target_id": target.id, "value": 99.5, "text": ""}
                                                  for e in h1_ids])
        db.session.execute(insert(EntryContribution), [
            {"entry_id": e, "unit_id": other.id, "text": "Phần phối hợp", "updated_at": now, "version": 1}
            for e in h1_ids])
        db.session.commit()
        assert db.session.scalar(select(User.id).where(User.username == "lanhdao"))
        return h1.id


def login_as(client, username):
    import re

    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post("/login", data={"csrf_token": token, "username": username, "password": PASSWORD})
    assert response.status_code == 302, response.status_code


def main(sizes):
    print(f"{'page':<16}{'entries':>8}{'queries':>9}{'median ms':>11}{'worst ms':>10}{'page KB':>9}{'peak MB':>9}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as folder:
            app, _plan_id = build(folder, n)
            period_id = add_reporting(app, n)
            for username, name, url in (("bench", "checklist", f"/checklist?period={period_id}"),
                                        ("lanhdao", "approval queue", f"/approvals?period={period_id}")):
                client = app.test_client()
                login_as(client, username)
                m = measure(app, client, url)
                print(f"{name:<16}{n:>8}{m.queries:>9}{m.median * 1000:>11.1f}{m.worst * 1000:>10.1f}"
                      f"{m.size / 1024:>9.0f}{m.peak / 1048576:>9.1f}")
            with app.app_context():
                db.engine.dispose()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 1000, 5000])
