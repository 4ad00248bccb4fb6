"""SQL statements, time and size of the main pages on a given database (the demo or bench/large.py's).

    .venv/bin/python bench/pages.py /tmp/cchc-large.db          # after bench/large.py
    .venv/bin/python bench/pages.py instance/app.db demo          # the demo (password cchc@2026)

The query count of each page must be the same on the demo and on the large department. The
figures are those of rendering the page (the page cache off); "hit ms" is a second view of the
unchanged page, served from the page cache (app/pagecache.py).
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.checklist import IsolatedClient, measure  # noqa: E402
from bench.large import PASSWORD, make_app  # noqa: E402

ACCOUNTS = {  # role: (large-department user, demo user)
    "staff": ("staff001", "thanhtra"),
    "office": ("office", "vanphong"),
    "supervisor": ("director", "giamdoc"),
}
PAGES = [("checklist", "staff", "/checklist"), ("dashboard", "office", "/dashboard"),
         ("approval queue", "supervisor", "/approvals"), ("drill-down", "office", "/dashboard/tasks?period={p}&bucket=done"),
         ("trivial", "staff", "/healthz")]


def login(client, username, password):
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post("/login", data={"csrf_token": token, "username": username, "password": password})
    assert response.status_code == 302, (username, response.status_code)


def main(path, demo=False):
    from app.extensions import db
    from app.progress.queries import current_period

    app = make_app(path)
    app.test_client_class = IsolatedClient
    with app.app_context():
        period_id = current_period().id
    password = "cchc@2026" if demo else PASSWORD
    print(f"{'page':<16}{'queries':>9}{'median ms':>11}{'worst ms':>10}{'page KB':>9}{'peak MB':>9}{'hit ms':>8}")
    for name, role, url in PAGES:
        client = app.test_client()
        login(client, ACCOUNTS[role][1 if demo else 0], password)
        app.config["PAGE_CACHE_MB"] = 0
        queries, median, worst, size, peak = measure(app, client, url.format(p=period_id))
        app.config["PAGE_CACHE_MB"] = 32
        hit = measure(app, client, url.format(p=period_id))[1]
        print(f"{name:<16}{queries:>9}{median * 1000:>11.1f}{worst * 1000:>10.1f}{size / 1024:>9.0f}"
              f"{peak / 1048576:>9.1f}{hit * 1000:>8.1f}")
    with app.app_context():
        db.engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1], demo=len(sys.argv) > 2 and sys.argv[2] == "demo")
