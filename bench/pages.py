"""SQL statements, time and size of the main pages, for the users who see them, on a given database
(the demo or bench/large.py's), the page cache off (PAGE_CACHE_MB=0) unless said.

    .venv/bin/python bench/pages.py /tmp/cchc-large.db          # after bench/large.py
    .venv/bin/python bench/pages.py /tmp/cchc-large.db 3        # each figure measured 3 times
    .venv/bin/python bench/pages.py instance/app.db demo          # the demo (password cchc@2026)

Per page and user: the SQL statements of one request; the median time of a request (wall clock) and of
this process's CPU (which other work on the machine does not inflate), the median time spent in SQL,
the worst request, the page's size, the peak Python memory of one request, and "hit ms": a second view of
the unchanged page, served from the page cache (app/pagecache.py). The goal on the large department
(issue #23 point 5): uncached medians of at most 40 ms for the dashboard and 30 ms for the checklist and
the approval queue. The machine's load average is printed before and after: measure when it is lowest.

The query count of each page must be the same on the demo and on the large department.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.checklist import IsolatedClient, measure  # noqa: E402
from bench.large import PASSWORD, make_app  # noqa: E402

ACCOUNTS = {  # role: (large-department user, demo user)
    "staff": ("staff001", "thanhtra"),
    "head": ("head01", "chanhthanhtra"),
    "office": ("office", "vanphong"),
    "director": ("director", "giamdoc"),
    "supervisor": ("deputy1", "lanhdao"),
}
GOAL_MS = {"checklist": 30, "approval queue": 30, "dashboard": 40}
PAGES = [("checklist", "staff", "/checklist"), ("checklist", "head", "/checklist"),
         ("approval queue", "supervisor", "/approvals"), ("approval queue", "director", "/approvals"),
         ("dashboard", "supervisor", "/dashboard"), ("dashboard", "director", "/dashboard"),
         ("dashboard", "office", "/dashboard"),
         ("drill-down", "office", "/dashboard/tasks?period={p}&bucket=done"), ("trivial", "staff", "/healthz")]


def login(client, username, password):
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post("/login", data={"csrf_token": token, "username": username, "password": password})
    assert response.status_code == 302, (username, response.status_code)


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main(path, demo=False, rounds=1):
    from app.extensions import db
    from app.progress.queries import current_period

    app = make_app(path)
    app.test_client_class = IsolatedClient
    with app.app_context():
        period_id = current_period().id
    password = "cchc@2026" if demo else PASSWORD
    clients = {}
    for _name, role, _url in PAGES:
        if role not in clients:
            clients[role] = app.test_client()
            login(clients[role], ACCOUNTS[role][1 if demo else 0], password)
    for n in range(1, rounds + 1):
        print(f"-- round {n}/{rounds}, {load()}")
        print(f"{'page':<15}{'user':<11}{'queries':>8}{'median ms':>10}{'CPU ms':>8}{'SQL ms':>8}{'worst ms':>9}"
              f"{'page KB':>8}{'peak MB':>8}{'hit ms':>7}{'goal':>6}")
        for name, role, url in PAGES:
            client, url = clients[role], url.format(p=period_id)
            app.config["PAGE_CACHE_MB"] = 0
            m = measure(app, client, url)
            app.config["PAGE_CACHE_MB"] = 32
            hit = measure(app, client, url).median
            goal = f"{GOAL_MS[name]}" if name in GOAL_MS else ""
            print(f"{name:<15}{ACCOUNTS[role][1 if demo else 0]:<11}{m.queries:>8}{m.median * 1000:>10.1f}"
                  f"{m.cpu * 1000:>8.1f}{m.sql * 1000:>8.1f}{m.worst * 1000:>9.1f}{m.size / 1024:>8.0f}"
                  f"{m.peak / 1048576:>8.1f}{hit * 1000:>7.1f}{goal:>6}")
    print(f"-- {load()}")
    with app.app_context():
        db.engine.dispose()


if __name__ == "__main__":
    args = sys.argv[1:]
    demo = "demo" in args
    numbers = [int(a) for a in args[1:] if a.isdigit()]
    main(args[0], demo=demo, rounds=numbers[0] if numbers else 1)
