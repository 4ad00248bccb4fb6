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
"database is locked". A request that waits longer than SQLITE_WRITE_QUEUE_SECONDS
is answered "server busy" (503, in Vietnamese); other processes (a command, a
second server) still meet SQLite's busy timeout.

``init_app`` attaches this to the app's own SQLite engine; an engine made elsewhere is left alone.
"""
import threading
from collections import deque

from flask import Flask, has_request_context, request
from sqlalchemy import event

from .extensions import db

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_HELD = "cchc_write_lock"


class ServerBusy(Exception):
    """A write request waited too long for its turn (answered 503)."""


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


_locks: dict[str, FairLock] = {}
_locks_guard = threading.Lock()


def _lock_for(database: str) -> FairLock:
    with _locks_guard:
        return _locks.setdefault(database, FairLock())


def _is_write_request() -> bool:
    return has_request_context() and request.method in WRITE_METHODS


def _beginner(config):
    def begin(connection):
        driver = connection.connection.driver_connection
        if not _is_write_request():
            driver.isolation_level = ""  # pysqlite's default: BEGIN (deferred) before the first write
            return
        lock = _lock_for(str(connection.engine.url.database))
        if not lock.acquire(timeout=float(config.get("SQLITE_WRITE_QUEUE_SECONDS", 120))):
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
