"""Write requests on SQLite queue for the write lock in the order they came (app/sqlite_writes.py)."""
import threading
import time

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.org.models import Unit
from app.sqlite_writes import FairLock, _lock_for

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
