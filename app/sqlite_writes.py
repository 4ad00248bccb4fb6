"""Write requests on SQLite: one at a time, in the order they came, each seeing the latest data.

SQLite has one writer at a time. A write request (POST, PUT, PATCH, DELETE)
takes the write lock at its first query (``BEGIN IMMEDIATE``) and keeps it until
its transaction ends. Without that, a request would read (an entry and its
version, the row a new entry must not duplicate) before holding the lock, and
two requests could both pass the check, then one fail: a lost update caught only
by the version column, or a duplicate refused by the database, both a 500.
Readers are never blocked (WAL). Other requests and commands keep pysqlite's
deferred transactions, begun at their first write.

Within the process, write requests queue for the lock first-come, first-served
(``FairLock``), so none waits for SQLite's busy handler, which polls with
growing sleeps and can let a late request in before one that has waited long:
under load one unlucky request would reach the busy timeout and fail with
"database is locked". Across processes (scripts/run.sh serves one gunicorn worker
per core on Linux), the first in each process's queue then takes an exclusive
``flock`` on a file beside the database (``ProcessLock``, ``app.db-write.lock``),
polled every millisecond or so, so a write request in one process waits for one
in another as long as for one in its own: both waits together are bounded by
SQLITE_WRITE_QUEUE_SECONDS, past which the request is answered "server busy"
(503, in Vietnamese). Without ``fcntl`` (Windows, served by one waitress process)
the in-process queue is the whole queue. A command (``flask ...``) takes neither
lock: it meets SQLite's busy timeout, and a request that meets a command's write
past that timeout gets SQLite's "database is locked", answered with the same 503
(app/errorpages.py).

``init_app`` attaches this to the app's own SQLite engine; an engine made elsewhere is left alone.
"""
import os
import threading
import time
from collections import deque

try:
    import fcntl
except ImportError:  # Windows: one waitress process, the in-process queue alone
    fcntl = None

from flask import Flask, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from .extensions import db

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_HELD = "cchc_write_lock"


class ServerBusy(Exception):
    """A write request waited too long for its turn (answered 503)."""


def is_database_locked(error: BaseException | None) -> bool:
    """SQLite's "database is locked" (or "busy"): a writer outside the queue held the lock past the
    busy timeout. Answered like ``ServerBusy``; the transaction it ended wrote nothing."""
    message = str(getattr(error, "orig", error) or "").lower()
    return isinstance(error, OperationalError) and ("database is locked" in message or "database is busy" in message)


class FairLock:
    """A lock granted in the order it was asked for; any thread may release it."""

    def __init__(self):
        self._condition = threading.Condition()
        self._queue: deque = deque()
        self._held = False

    def acquire(self, timeout: float) -> bool:
        ticket = object()
        with self._condition:
            self._queue.append(ticket)
            granted = self._condition.wait_for(lambda: not self._held and self._queue[0] is ticket, timeout)
            if not granted:
                self._queue.remove(ticket)
                self._condition.notify_all()  # the next in line may be free to go now
                return False
            self._queue.popleft()
            self._held = True
            return True

    def release(self) -> None:
        with self._condition:
            self._held = False
            self._condition.notify_all()


class ProcessLock:
    """An exclusive ``flock`` on ``path``, shared by the processes that write one database.

    Taken by one thread of a process at a time (the holder of that process's ``FairLock``). Its file
    is opened once per process (a forked child opens its own: a lock belongs to an open file, which
    a fork would share)."""

    POLL_SECONDS = (0.0005, 0.001, 0.002)  # then every 2 ms: a release elsewhere is seen at once

    def __init__(self, path: str):
        self.path = path
        self._fd: int | None = None
        self._pid = 0

    def _file(self) -> int:
        if self._fd is None or self._pid != os.getpid():
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            self._pid = os.getpid()
        return self._fd

    def acquire(self, timeout: float) -> bool:
        fd = self._file()
        deadline = time.monotonic() + timeout
        polls = 0
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                pass
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            time.sleep(min(remaining, self.POLL_SECONDS[min(polls, len(self.POLL_SECONDS) - 1)]))
            polls += 1

    def release(self) -> None:
        fcntl.flock(self._file(), fcntl.LOCK_UN)


class WriteLock:
    """A database's write lock: the process's ``FairLock``, then, on POSIX, the ``ProcessLock``,
    both within one wait."""

    def __init__(self, database: str):
        self.in_process = FairLock()
        on_disk = database not in ("", ":memory:", "None") and not database.startswith("file:")
        self.across_processes = ProcessLock(os.path.abspath(database) + "-write.lock") if fcntl and on_disk else None

    def acquire(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        if not self.in_process.acquire(timeout):
            return False
        if self.across_processes is None:
            return True
        if self.across_processes.acquire(max(0.0, deadline - time.monotonic())):
            return True
        self.in_process.release()
        return False

    def release(self) -> None:
        try:
            if self.across_processes is not None:
                self.across_processes.release()
        finally:
            self.in_process.release()


_locks: dict[str, WriteLock] = {}
_locks_guard = threading.Lock()


def _lock_for(database: str) -> WriteLock:
    with _locks_guard:
        if database not in _locks:
            _locks[database] = WriteLock(database)
        return _locks[database]


_REFUSED = "cchc_write_refused"


def _is_write_request() -> bool:
    return has_request_context() and request.method in WRITE_METHODS and not g.get(_REFUSED)


def refuse_write() -> None:
    """The request was refused as "server busy": what it still reads (its error page: the signed-in
    user, the menu) begins deferred, without queueing for the write lock again."""
    setattr(g, _REFUSED, True)


def _beginner(config):
    def begin(connection):
        driver = connection.connection.driver_connection
        if not _is_write_request():
            driver.isolation_level = ""  # pysqlite's default: BEGIN (deferred) before the first write
            return
        lock = _lock_for(str(connection.engine.url.database))
        if not lock.acquire(timeout=float(config.get("SQLITE_WRITE_QUEUE_SECONDS", 120))):
            refuse_write()
            raise ServerBusy()
        connection.info[_HELD] = lock
        try:
            driver.isolation_level = None  # the transaction is ours to begin
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _release(connection.info)
            raise

    return begin


def _release(info: dict) -> None:
    lock = info.pop(_HELD, None)
    if lock is not None:
        lock.release()


def _transaction_ended(connection):
    _release(connection.info)


def _connection_returned(dbapi_connection, connection_record):
    if connection_record is not None:
        _release(connection_record.info)  # in case a transaction ended without either event (an invalidation)


def init_app(app: Flask) -> None:
    """On the app's SQLite engines: write requests begin with the write lock, taken in turn."""
    with app.app_context():
        engines = [engine for engine in db.engines.values() if engine.dialect.name == "sqlite"]
    for engine in engines:
        event.listen(engine, "begin", _beginner(app.config))
        event.listen(engine, "commit", _transaction_ended)
        event.listen(engine, "rollback", _transaction_ended)
        event.listen(engine, "checkin", _connection_returned)  # the engine's pool
