"""The server killed with SIGKILL in the middle of a burst of writes and uploads.

No handler runs and nothing is flushed, as in a power cut of the process. On
restart the database is intact (PRAGMA integrity_check), every save and upload
acknowledged to a client is there with its content and its file, `flask doctor`
finds no row without its file, and the only stored files without a row belong to
uploads that were never acknowledged (cut between writing the file and committing
its row): `flask doctor --fix` moves them to quarantine. The restarted app works.
"""
import hashlib
import threading
import time

import pytest

from tests.durability.conftest import flask_command
from tests.durability.harness import Client, Server, Tally, check, scenario, start_writers

WRITERS = 20


@pytest.mark.sqlite_only
def test_sigkill_mid_burst_loses_nothing_acknowledged(server, instance):
    plan = scenario(str(instance / "app.db"))
    tally, stop = Tally(), threading.Event()
    started = time.monotonic()
    writers = start_writers(WRITERS, server.port, plan, tally, stop)
    deadline = started + 60
    while tally.total("accepted") < 40 and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()  # the writers send nothing new; what is in flight is cut by the kill
    server.kill()
    elapsed = time.monotonic() - started
    for writer in writers:
        writer.join(timeout=120)
    print(f"\nkilled with SIGKILL after {tally.total('accepted')} acknowledged writes; "
          f"{tally.total('interrupted')} requests cut in flight\n" + tally.summary(WRITERS, elapsed))

    assert not tally.errors, "\n".join(tally.errors[:20])
    assert tally.total("accepted") >= 40 and tally.total("interrupted") > 0

    problems = check(str(instance), tally, every_answer_known=False)  # integrity_check included
    assert not problems, "\n".join(problems[:30])

    doctor = flask_command(instance, "doctor", "--grace", "0")
    assert "integrity_check): tốt" in doctor.output
    assert "Tài liệu thiếu tệp: 0" in doctor.output, doctor.output
    acknowledged = {u.sha256 for u in tally.uploads}
    files = instance / "uploads" / "files"
    orphans = [line.strip()[2:] for line in doctor.output.split("Tệp không thuộc tài liệu nào:")[1]
               .split("Tệp tạm")[0].splitlines()[1:]]
    for key in orphans:
        assert hashlib.sha256((files / key).read_bytes()).hexdigest() not in acknowledged, key
    fixed = flask_command(instance, "doctor", "--fix", "--grace", "0")
    assert fixed.exit_code == 0, fixed.output
    print(f"flask doctor after the crash: {len(orphans)} stored files of unacknowledged uploads quarantined")

    restarted = Server(instance).start()
    try:
        client = Client(restarted.port)
        client.login("thanhtra")
        status, _ = client.get(f"/periods/{plan['period_id']}/tasks/{plan['tasks']['thanhtra'][0]}/entry")
        assert status == 200
    finally:
        restarted.stop()
