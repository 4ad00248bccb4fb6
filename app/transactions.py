"""One transaction per request (or per CLI command).

Services only add and flush; nothing in them commits. The single commit point
is here: an HTTP request's work is committed when its response is a success
(status below 400) and rolled back otherwise, so a refused form, a 403 or a
crash leaves the database as it was, and a route that calls several services
(an import, a bulk approval, locking a period) changes all or nothing. Audit
records are added by the services in the same session, so they land with the
change they describe. Command-line code and tests use ``transaction()``.

One exception, made on purpose: a refused sign-in answers with an error status,
yet its record (the failed attempt that counts towards a lockout, and its
audit entry) must stay. The login route writes those in
``separate_transaction()``, on a session and connection of their own, which
commits whatever the request's own transaction then does.
"""
from contextlib import contextmanager

from sqlalchemy.orm import Session

from .extensions import db


@contextmanager
def transaction():
    """Commit what the block did when it ends normally; roll it back on any exception."""
    try:
        yield db.session
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


@contextmanager
def separate_transaction():
    """A transaction apart from the request's: commits when the block ends normally, rolls back otherwise.

    Only for records that must outlive the request's outcome (see the module docstring), and
    only once the request's own transaction has ended (it wrote nothing; roll it back first):
    SQLite lets one connection write at a time, and a write request's transaction holds that
    lock from its first query (app/sqlite_writes.py), so this one would wait for it, which waits
    for this. It takes a second connection from the pool (PostgreSQL) or the same file (SQLite);
    tests/web/test_login_throttle.py runs on both."""
    # Bookkeeping of sign-ins only: it changes no page. A plain Session, not the app's ``db.session``,
    # so the page cache's write counter (app/pagecache.py) is not attached to it.
    session = Session(db.engine)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def end_read_only_transaction() -> None:
    """End the request's transaction, which has only read so far, before slow work that needs no
    database (reading an uploaded document, converting it with LibreOffice).

    On SQLite a write request holds the write lock from its first query (app/sqlite_writes.py); other
    writers wait for it, up to the busy timeout. The next query begins a new transaction, and
    objects loaded so far are read again when touched."""
    session = db.session
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("the request's transaction has changes: it is not read-only")
    session.rollback()


def commit_or_roll_back(response):
    """The commit point, an after-request hook: a success (status below 400) commits the request's
    transaction; any other answer (403, 422, the 500 page) rolls it back."""
    if not db.session.registry.has():  # the request never touched the database
        return response
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    return response
