"""Which cached pages a draft makes stale: per draft saved as bench/mixed.py saves them (its writers, its
54 reading sessions and their pages), the pages rendered afresh on the next view (no X-Page-Cache: hit).
A count of the page cache's invalidation (app/pagecache.py), free of the machine's load.

    .venv/bin/python bench/refreshes.py            # the demo
    .venv/bin/python bench/refreshes.py large      # the department of bench/large.py

One server process on a fresh copy of the database; before each draft every page is cached again;
/periods is never cached and not counted.
"""
import collections
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench import mixed  # noqa: E402
from tests.durability.harness import VERSION_RE, request  # noqa: E402

DRAFTS = 12


def main(data: str = "demo") -> None:
    spec = mixed.DATA[data]
    server = mixed.Server(mixed.ensure_database(data), 1, True)
    try:
        readers = [spec["readers"][i % len(spec["readers"])] for i in range(mixed.SESSIONS)]
        pairs = []
        for username, page in readers:
            reader = mixed.session(server.port, username, spec["password"])
            reader.get(page, htmx=False)
            pairs.append((username, page, mixed.cookie_of(reader)))
        writers = [(client, mixed.entries_of(client)) for client in
                   (mixed.session(server.port, name, spec["password"]) for name in spec["writers"])]
        writers = [(client, urls) for client, urls in writers if urls]
        fresh, saved = collections.Counter(), 0
        for n in range(DRAFTS):
            mixed.warm(server.port, [(page, cookie) for _, page, cookie in pairs], True)
            client, urls = writers[n % len(writers)]
            url = urls[(n // len(writers)) % len(urls)]
            version = VERSION_RE.search(client.get(url)[1])
            status, _ = client.post(url, {
                "version": version.group(1) if version else "", "task_status": "in_progress",
                "percent_done": str(10 + n), "completed_on": "", "result": f"Đã rà soát ({time.time_ns()})",
                "difficulties": "", "proposals": "", "explanation": ""})
            saved += status == 200
            for username, page, cookie in pairs:
                _, _, response = request(server.port, "GET", page, headers={"Cookie": cookie})
                if page != "/periods" and response.getheader("X-Page-Cache") != "hit":
                    fresh[f"{username} {page}"] += 1
        cached = sum(page != "/periods" for _, page, _ in pairs)
        print(f"{data}: {saved} of {DRAFTS} drafts saved; pages rendered afresh per draft: "
              f"{sum(fresh.values()) / DRAFTS:.1f} of {cached} cached sessions")
        for name, count in sorted(fresh.items()):
            print(f"  {name}: {count / DRAFTS:.2f} per draft")
    finally:
        server.stop()


if __name__ == "__main__":
    main(*sys.argv[1:2])
