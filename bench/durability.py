"""Benchmark: writers against a real server, then the timings of `flask backup`, `restore` and `doctor`.

Run on demand, not in the test suite:

    .venv/bin/python bench/durability.py                          # 50 writers, 30 s, then backup/restore
    .venv/bin/python bench/durability.py --writers 100 --seconds 60
    .venv/bin/python bench/large.py /tmp/cchc-large.db             # once (about a minute)
    .venv/bin/python bench/durability.py --large /tmp/cchc-large.db --files 5000

1. The concurrency scenario of tests/durability/test_concurrency.py on the demo
   department (a fresh copy, production pragmas, waitress in a subprocess):
   writer threads save drafts, upload small files, submit and return entries over
   HTTP; halfway through, `flask backup` runs while they write. Printed: writers,
   requests, accepted writes, conflicts, refusals, errors, and what the check of
   the database and the files afterwards found (it must be nothing).
2. `flask backup`, `flask restore` into a fresh instance and `flask doctor`,
   timed on the large dataset when given (--large, or /tmp/cchc-large.db if it
   exists; its evidence rows get real files, --files of them, 20–200 KB each), or
   on the demo instance the load left behind.
"""
import argparse
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.durability.harness import Server, Tally, check, scenario, start_writers  # noqa: E402
from tests.durability.server import make_app  # noqa: E402

DEFAULT_LARGE = "/tmp/cchc-large.db"


def flask(folder: str, *args) -> tuple[float, str]:
    """Run ``flask <args>`` for the instance; (seconds, output)."""
    from app.extensions import db

    app = make_app(folder)
    started = time.perf_counter()
    result = app.test_cli_runner().invoke(args=[str(a) for a in args])
    elapsed = time.perf_counter() - started
    with app.app_context():
        db.engine.dispose()
    if result.exit_code not in (0, 1) or result.exception and not isinstance(result.exception, SystemExit):
        raise RuntimeError(f"flask {' '.join(map(str, args))}: {result.output}") from result.exception
    return elapsed, result.output


def demo_instance(folder: str) -> None:
    from flask_migrate import upgrade

    from app.demo import load_demo
    from app.extensions import db
    from app.transactions import transaction

    app = make_app(folder)
    with app.app_context():
        upgrade()
        with transaction():
            load_demo()
        db.session.remove()
        db.engine.dispose()


def large_instance(source: str, folder: str, files: int) -> None:
    """A copy of bench/large.py's database whose first ``files`` evidence rows get real files."""
    import hashlib

    from app.storage import new_key

    shutil.copy(source, os.path.join(folder, "app.db"))
    rng = random.Random(14)
    connection = sqlite3.connect(os.path.join(folder, "app.db"))
    try:
        ids = [row[0] for row in connection.execute("SELECT id FROM evidence ORDER BY id LIMIT ?", (files,))]
        updates = []
        for evidence_id in ids:
            key = new_key(".pdf")
            content = rng.randbytes(rng.randint(20, 200) * 1024)
            path = os.path.join(folder, "uploads", "files", key)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(content)
            updates.append((key, len(content), hashlib.sha256(content).hexdigest(), evidence_id))
        connection.executemany("UPDATE evidence SET file_key = ?, size = ?, sha256 = ? WHERE id = ?", updates)
        connection.commit()
    finally:
        connection.close()


def folder_size(path: str) -> int:
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, names in os.walk(path) for f in names)


def load(folder: str, writers: int, seconds: float, backups: str) -> None:
    server = Server(folder).start()
    tally, stop = Tally(), threading.Event()
    plan = scenario(os.path.join(folder, "app.db"))
    try:
        threads = start_writers(writers, server.port, plan, tally, stop)
        stop.wait(seconds / 2)
        elapsed, output = flask(folder, "backup", backups)
        print(f"flask backup while {writers} writers write: {elapsed:.2f} s — {output.strip()}")
        stop.wait(seconds / 2)
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        server.stop()
    print(tally.summary(writers, seconds))
    problems = check(folder, tally)
    print(f"check afterwards: {len(problems)} problems (lost updates, missing rows or files)")
    for problem in problems[:20]:
        print("  " + problem)
    for error in tally.errors[:10]:
        print("  error: " + error)


def timings(folder: str, work: str) -> None:
    backups, fresh = os.path.join(work, "timed-backups"), os.path.join(work, "restored")
    os.makedirs(fresh)
    rows = sqlite3.connect(os.path.join(folder, "app.db")).execute(
        "SELECT (SELECT count(*) FROM progress_entries), (SELECT count(*) FROM evidence), "
        "(SELECT count(*) FROM evidence WHERE file_key IS NOT NULL)").fetchone()
    print(f"instance: {rows[0]:,} entries, {rows[1]:,} evidence rows ({rows[2]:,} with files), "
          f"database {os.path.getsize(os.path.join(folder, 'app.db')) / 2**20:.1f} MB, "
          f"files {folder_size(os.path.join(folder, 'uploads')) / 2**20:.1f} MB")
    elapsed, _ = flask(folder, "backup", backups)
    backup = os.path.join(backups, sorted(os.listdir(backups))[-1])
    print(f"flask backup:  {elapsed:6.2f} s  ({folder_size(backup) / 2**20:.1f} MB)")
    elapsed, _ = flask(fresh, "restore", backup)
    print(f"flask restore: {elapsed:6.2f} s  (manifest verified, database and files copied, integrity checked)")
    elapsed, output = flask(fresh, "doctor")
    print(f"flask doctor:  {elapsed:6.2f} s  — {output.strip().splitlines()[-1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--large", default=DEFAULT_LARGE if os.path.exists(DEFAULT_LARGE) else None,
                        help="bench/large.py's database, to time backup and restore on (default: the demo)")
    parser.add_argument("--files", type=int, default=2000, help="evidence files made for the large dataset")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cchc-durability-") as work:
        demo = os.path.join(work, "demo")
        os.makedirs(demo)
        demo_instance(demo)
        print(f"== {options.writers} writers for {options.seconds:g} s on the demo department "
              "(waitress, 8 threads; WAL, synchronous=FULL)")
        load(demo, options.writers, options.seconds, os.path.join(work, "load-backups"))
        print()
        if options.large:
            large = os.path.join(work, "large")
            os.makedirs(large)
            print(f"== backup and restore on {options.large} ({options.files:,} evidence files made)")
            large_instance(options.large, large, options.files)
            timings(large, work)
        else:
            print("== backup and restore on the demo instance (no large dataset: see bench/large.py)")
            timings(demo, work)


if __name__ == "__main__":
    main()
