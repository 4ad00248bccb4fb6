"""One transaction per request (or per CLI command).

Services only add and flush; nothing in them commits. The single commit point
is here: an HTTP request's work is committed when its response is a success
(status below 400) and rolled back otherwise, so a refused form, a 403 or a
crash leaves the database as it was, and a route that calls several services
(an import, a bulk approval, locking a period) changes all or nothing. Audit
records are added by the services in the same session, so they land with the
change they describe. Command-line code and tests use ``transaction()``.
"""
from contextlib import contextmanager

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


def register_commit_point(app) -> None:
    @app.after_request
    def commit_or_roll_back(response):
        # Runs for error responses too (403, 422, the 500 page): those never commit.
        if not db.session.registry.has():  # the request never touched the database
            return response
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response
