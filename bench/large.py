"""A large department for benchmarks: 25 units, 300 users, 5 years × 10 plans, 5,000 tasks,
~60,000 progress entries and 50,000 evidence records (metadata only), in a SQLite file.

    .venv/bin/python bench/large.py /tmp/large.db      # build (about a minute)

Rows are bulk-inserted (the services would take far longer) into a database migrated by
Alembic, so the schema is the real one. All users have the password "bench-password-1";
``staff01`` … are unit staff, ``head01`` … unit heads, ``office`` the Office, ``director``
the Director (supervises every unit), ``deputy1`` … supervisors of five units each.
"""
import os
import random
import sys
import time
from datetime import date, datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from sqlalchemy import insert, select  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402

PASSWORD = "bench-password-1"
YEARS = range(2022, 2027)
PLANS_PER_YEAR = 10
TASKS = 5000
MULTI_YEAR_TASKS = 1250  # in 5-year plans: reported in every period of every year
EVIDENCE = 50_000
KINDS = ["q1", "h1", "q3", "m9", "year", "adhoc"]


def make_app(path: str):
    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "bench",
                       "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})


def build(path: str) -> dict:
    from flask_migrate import upgrade
    from werkzeug.security import generate_password_hash

    from app.org.models import Unit, User, UserRole
    from app.plans.models import Area, Plan, Task, task_cooperating_units
    from app.progress.models import Evidence, ProgressEntry, ReportingPeriod, supervised_units
    from app.progress.regime import default_window, period_title

    rng = random.Random(2026)
    if os.path.exists(path):
        os.remove(path)
    app = make_app(path)
    started = time.perf_counter()
    with app.app_context():
        upgrade()
        now = datetime(2026, 11, 1, 8, 0)
        db.session.execute(insert(Unit), [
            {"name": "Ban Giám đốc Sở", "short_name": "BGĐ", "kind": "lanh_dao", "position": 0, "active": True,
             "created_at": now, "version": 1}] + [
            {"name": f"Phòng chuyên môn số {i:02d}", "short_name": f"P{i:02d}", "kind": "phong", "position": i,
             "active": True, "created_at": now, "version": 1} for i in range(1, 25)])
        units = list(db.session.scalars(select(Unit.id).where(Unit.kind != "lanh_dao").order_by(Unit.id)))
        board = db.session.scalar(select(Unit.id).where(Unit.kind == "lanh_dao"))
        pw = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        users, roles = [], []
        specs = [("office", units[0], "office"), ("director", board, "supervisor")]
        specs += [(f"deputy{i}", board, "supervisor") for i in range(1, 6)]
        specs += [(f"head{i:02d}", u, "unit_head") for i, u in enumerate(units, start=1)]
        n = 0
        while len(specs) < 300:
            n += 1
            specs.append((f"staff{n:03d}", units[(n - 1) % len(units)], "staff"))
        for i, (username, unit_id, _) in enumerate(specs, start=1):
            users.append({"id": i, "username": username, "full_name": f"Người dùng {username}", "job_title": "",
                          "email": "", "password_hash": pw, "unit_id": unit_id, "active": True,
                          "must_change_password": False, "login_token": f"{i:032x}", "created_at": now,
                          "supervises_all": username == "director", "version": 1})
            roles.append({"user_id": i, "role": specs[i - 1][2]})
        db.session.execute(insert(User), users)
        db.session.execute(insert(UserRole), roles)
        db.session.execute(insert(supervised_units), [
            {"user_id": 2 + d, "unit_id": units[(d - 1) * 5 + k]} for d in range(1, 6) for k in range(5)
            if (d - 1) * 5 + k < len(units)])

        plans, plan_years = [], {}
        pid = 0
        for year in YEARS:
            for p in range(PLANS_PER_YEAR):
                pid += 1
                multi = year == 2022 and p < 2  # two five-year plans
                plans.append({"id": pid, "kind": "thematic" if multi else "annual",
                              "title": f"Kế hoạch {pid} {'giai đoạn 2022–2026' if multi else f'năm {year}'}",
                              "number": f"{pid}/KH-SCT", "issued_on": date(year, 1, 15),
                              "year": None if multi else year, "start_year": 2022 if multi else None,
                              "end_year": 2026 if multi else None, "basis": "", "status": "issued",
                              "created_at": now, "updated_at": now, "version": 1})
                plan_years[pid] = list(YEARS) if multi else [year]
        db.session.execute(insert(Plan), plans)
        areas, aid = [], 0
        plan_areas = {}
        for plan in plans:
            for k in range(6):
                aid += 1
                areas.append({"id": aid, "plan_id": plan["id"], "position": k + 1, "name": f"Nội dung cải cách {k + 1}",
                              "standard_code": k + 1, "focal_unit_id": units[k], "version": 1})
                plan_areas.setdefault(plan["id"], []).append(aid)
        db.session.execute(insert(Area), areas)

        multi_plans = [p["id"] for p in plans if len(plan_years[p["id"]]) > 1]
        single_plans = [p["id"] for p in plans if len(plan_years[p["id"]]) == 1]
        tasks, coops, tid = [], [], 0
        for i in range(TASKS):
            plan_id = multi_plans[i % len(multi_plans)] if i < MULTI_YEAR_TASKS else single_plans[i % len(single_plans)]
            tid += 1
            year = plan_years[plan_id][-1]
            recurring = i % 5 == 0
            lead = units[i % len(units)]
            tasks.append({"id": tid, "plan_id": plan_id, "area_id": plan_areas[plan_id][i % 6], "position": i,
                          "code": f"{i % 6 + 1}.{i}", "title": f"Nhiệm vụ cải cách hành chính số {tid}",
                          "detail": "", "output": "Báo cáo", "lead_unit_id": lead,
                          "deadline": None if recurring else date(year, 1 + i % 12, 28), "recurring": recurring,
                          "search_text": f"nhiem vu cai cach hanh chinh so {tid}", "created_at": now,
                          "updated_at": now, "version": 1})
            coops.append({"task_id": tid, "unit_id": units[(i + 7) % len(units)]})
        db.session.execute(insert(Task), tasks)
        db.session.execute(insert(task_cooperating_units), coops)

        periods, per_id = [], 0
        period_of = {}
        for year in YEARS:
            for kind in KINDS:
                per_id += 1
                start, end, due = default_window(kind, year)
                periods.append({"id": per_id, "kind": kind, "year": year,
                                "title": period_title(kind, year, f"Báo cáo đột xuất năm {year}"),
                                "window_start": start, "window_end": end, "due_on": due,
                                "status": "open" if (year, kind) == (2026, "year") else "locked",
                                "created_at": now, "version": 1})
                period_of.setdefault(year, []).append(per_id)
        db.session.execute(insert(ReportingPeriod), periods)

        entries, eid = [], 0
        for task in tasks:
            for year in plan_years[task["plan_id"]]:
                for per in period_of[year]:
                    eid += 1
                    open_now = per == period_of[2026][KINDS.index("year")]
                    status = rng.choice(["draft", "submitted", "returned", "approved", "approved"]) if open_now \
                        else rng.choice(["approved"] * 9 + ["not_reported"])
                    done = rng.random() < 0.4
                    entries.append({"id": eid, "period_id": per, "task_id": task["id"], "unit_id": task["lead_unit_id"],
                                    "status": status, "task_status": "done" if done else "in_progress",
                                    "percent_done": 100 if done else rng.randint(10, 90),
                                    "completed_on": date(year, 6, 1) if done else None,
                                    "result": f"Kết quả thực hiện nhiệm vụ {task['id']} trong kỳ {per}",
                                    "difficulties": "Thiếu nhân lực" if eid % 7 == 0 else "",
                                    "proposals": "Bổ sung kinh phí" if eid % 11 == 0 else "", "explanation": "",
                                    "return_reason": "Bổ sung số liệu" if status == "returned" else "",
                                    "created_at": now, "updated_at": now, "submitted_at": now, "version": 1})
        for chunk in range(0, len(entries), 5000):
            db.session.execute(insert(ProgressEntry), entries[chunk:chunk + 5000])
        evidence = [{"entry_id": rng.randint(1, eid), "unit_id": units[k % len(units)], "number": f"{k}/QĐ-SCT",
                     "issued_on": date(2026, 1 + k % 12, 1 + k % 28), "issuer": "Sở Công Thương",
                     "summary": f"Quyết định số {k}", "file_key": None, "original_name": f"quyet-dinh-{k}.pdf",
                     "content_type": "application/pdf", "size": 120_000, "sha256": "0" * 64,
                     "uploaded_at": now} for k in range(1, EVIDENCE + 1)]
        for chunk in range(0, len(evidence), 5000):
            db.session.execute(insert(Evidence), evidence[chunk:chunk + 5000])
        db.session.commit()
        counts = {"units": len(units) + 1, "users": len(users), "plans": len(plans), "tasks": len(tasks),
                  "periods": len(periods), "entries": len(entries), "evidence": len(evidence),
                  "seconds": round(time.perf_counter() - started, 1)}
        db.engine.dispose()
    return counts


if __name__ == "__main__":
    print(build(sys.argv[1] if len(sys.argv) > 1 else "/tmp/cchc-large.db"))
