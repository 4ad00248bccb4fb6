"""50 writers against a real server for 30 s: nothing is lost, no one sees "database is locked".

The app runs under waitress (8 threads, as scripts/run.sh) in a subprocess, on a
copy of the demo department with production's SQLite settings (WAL,
synchronous=FULL). Fifty threads sign in as demo users of three units (and two
as the Director) and, over real HTTP with their CSRF tokens, open entry panels
and save drafts, upload small evidence files, submit entries and return
submitted ones. Afterwards the database and the store are checked against
every answer the server gave (tests/durability/harness.py: ``check``).
"""
import os

import pytest

from tests.durability.harness import Tally, check, run_load, scenario

WRITERS = int(os.environ.get("DURABILITY_WRITERS", "50"))
SECONDS = float(os.environ.get("DURABILITY_SECONDS", "30"))


@pytest.mark.sqlite_only
def test_fifty_writers_lose_nothing(server, instance):
    plan = scenario(str(instance / "app.db"))
    tally = run_load(server.port, plan, WRITERS, SECONDS, Tally())
    server.stop()
    print("\n" + tally.summary(WRITERS, SECONDS))

    assert not tally.errors, "\n".join(tally.errors[:20]) + "\n--- server log ---\n" + server.log_tail()
    assert tally.total("interrupted") == 0
    saves = tally.counts[("save", "accepted")]
    uploads = tally.counts[("upload", "accepted")]
    assert saves > 0 and uploads > 0 and len(tally.saves) == saves and len(tally.uploads) == uploads
    assert tally.total("conflict") > 0  # the writers did collide, and were told
    problems = check(str(instance), tally)
    assert not problems, "\n".join(problems[:30])
