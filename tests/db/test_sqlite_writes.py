"""Write requests on SQLite queue for the write lock in the order they came (app/sqlite_writes.py)."""
import multiprocessing
import sqlite3
import threading
import time
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.org.models import Unit
from app.org.services import create_unit
from app.sqlite_writes import FairLock, WriteLock, _lock_for
from tests.factories import assert_unchanged, fingerprint
from tests.signin import sign_in

pytestmark = pytest.mark.sqlite_only


def wait_until(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_the_lock_is_granted_in_the_order_it_was_asked_for():
    lock, order = FairLock(), []
    assert lock.acquire(timeout=1)

    def take(name):
        assert lock.acquire(timeout=10)
        order.append(name)
        lock.release()

    threads = []
    for n in range(5):
        thread = threading.Thread(target=take, args=(n,))
        thread.start()
        threads.append(thread)
        wait_until(lambda: len(lock._queue) == n + 1)  # queued before the next one asks
    lock.release()
    for thread in threads:
        thread.join()
    assert order == [0, 1, 2, 3, 4]


def test_a_timed_out_waiter_leaves_the_queue_and_lets_the_next_one_through():
    lock = FairLock()
    assert lock.acquire(timeout=1)
    assert not lock.acquire(timeout=0.05)
    assert len(lock._queue) == 0
    lock.release()
    assert lock.acquire(timeout=0.05)


def test_a_write_request_that_waits_too_long_is_told_the_server_is_busy(app):
    @app.post("/_t/write")
    def write():
        db.session.scalar(select(func.count()).select_from(Unit))
        return "ok"

    app.config.update(WTF_CSRF_ENABLED=False, SQLITE_WRITE_QUEUE_SECONDS=0.2)
    lock = _lock_for(str(db.engine.url.database))
    assert lock.acquire(timeout=1)  # another request is writing
    try:
        response = app.test_client().post("/_t/write")
    finally:
        lock.release()
    assert response.status_code == 503
    assert "Máy chủ đang bận" in response.text and "chưa được lưu" in response.text
    assert app.test_client().post("/_t/write").status_code == 200  # its turn came: served
    assert app.test_client().get("/healthz").status_code == 200


# -- across processes: the lock file beside the database -----------------------------------------

def hold_the_write_lock(database: str, seconds: float, held, done) -> None:
    """In another process: the write lock (and SQLite's), taken as a write request of another server
    process takes it, and a row written, for ``seconds`` or until ``done``."""
    lock = WriteLock(database)
    assert lock.acquire(timeout=5)
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("INSERT INTO units (name, short_name, kind, active, position, created_at, version) "
                       "VALUES ('Đơn vị của tiến trình kia', 'KIA', 'phong', 1, 0, '2026-01-01 00:00:00', 1)")
    held.set()
    done.wait(seconds)
    connection.execute("COMMIT")
    lock.release()


@contextmanager
def another_process_writing(database: str, seconds: float):
    """A second process (forked: no second start-up) holding the write lock for ``seconds`` at most,
    as a slow write request of another gunicorn worker would."""
    context = multiprocessing.get_context("fork")
    held, done = context.Event(), context.Event()
    holder = context.Process(target=hold_the_write_lock, args=(database, seconds, held, done))
    holder.start()
    try:
        assert held.wait(timeout=10)
        yield done
    finally:
        holder.join(timeout=30)
    assert holder.exitcode == 0


@pytest.fixture
def write_app(app, org):
    """The app with a write route, SQLite's busy timeout at 100 ms, and a signed-in client."""

    @app.post("/_t/add-unit")
    def add_unit():
        create_unit(None, name="Đơn vị mới", short_name="MOI", kind="phong", active=True)
        return "ok"

    app.config.update(SQLITE_BUSY_TIMEOUT_MS=100)
    db.engine.dispose()  # the next connections get the short busy timeout
    return app


def unit_codes() -> set[str]:
    db.session.rollback()
    return set(db.session.scalars(select(Unit.short_name)))


def test_a_write_waits_for_another_process_longer_than_the_busy_timeout(write_app):
    client = sign_in(write_app, "thanhtra")
    with another_process_writing(str(db.engine.url.database), 1.0):
        started = time.monotonic()
        response = client.post("/_t/add-unit")
        waited = time.monotonic() - started
    assert response.status_code == 200, response.text
    assert waited > 0.5  # it did wait its turn, ten times the busy timeout
    assert {"KIA", "MOI"} <= unit_codes()


def test_a_wait_for_another_process_past_the_queue_time_is_told_the_server_is_busy(write_app):
    client = sign_in(write_app, "thanhtra")
    write_app.config.update(SQLITE_WRITE_QUEUE_SECONDS=0.3)
    with another_process_writing(str(db.engine.url.database), 10) as done:
        started = time.monotonic()
        page = client.post("/_t/add-unit")
        fragment = client.post("/_t/add-unit", headers={"HX-Request": "true"})
        waited = time.monotonic() - started
        done.set()
    assert page.status_code == fragment.status_code == 503
    assert "Máy chủ đang bận" in page.text and "<html" in page.text  # the full page, in the app's layout
    assert "Máy chủ đang bận" in fragment.text and "<html" not in fragment.text
    assert waited < 1.5  # each waited the queue time once (its error page does not queue again)
    assert "MOI" not in unit_codes()


def test_database_is_locked_from_a_command_is_told_the_server_is_busy(write_app):
    """A command (``flask ...``) takes no queue: it meets SQLite's busy timeout, and so does a request
    that comes while the command writes. That request gets the 503, never a 500, and writes nothing."""
    client = sign_in(write_app, "thanhtra")
    before = fingerprint()
    command = sqlite3.connect(str(db.engine.url.database), isolation_level=None)
    try:
        command.execute("BEGIN IMMEDIATE")
        response = client.post("/_t/add-unit", headers={"HX-Request": "true"})
        command.execute("ROLLBACK")
    finally:
        command.close()
    assert response.status_code == 503
    assert "Máy chủ đang bận" in response.text and "chưa được lưu" in response.text
    assert_unchanged(before)
    assert client.post("/_t/add-unit").status_code == 200  # the command is done: served
