"""What the connections of the app's own engine get: SQLite's pragmas; on PostgreSQL, no NUL in text.

``init_app`` attaches them to the engines Flask-SQLAlchemy made for this app, never to SQLAlchemy's
``Engine`` class: an engine made elsewhere (a script's, a test's) is left as it is."""
from collections.abc import Mapping

from flask import Flask
from sqlalchemy import event

from .extensions import db


def init_app(app: Flask) -> None:
    with app.app_context():
        engines = list(db.engines.values())
    for engine in engines:
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas(app.config))
        elif engine.dialect.name == "postgresql":
            event.listen(engine, "before_cursor_execute", _text_without_nul, retval=True)


def _sqlite_pragmas(config):
    """WAL, foreign keys, a busy timeout and memory-mapped reads on every SQLite connection (``config`` read
    at each one)."""

    def connect(dbapi_connection, connection_record):
        timeout = int(config.get("SQLITE_BUSY_TIMEOUT_MS", 10000))
        # FULL: a committed entry survives a power cut. Only the test suite lowers it.
        synchronous = {"FULL": "FULL", "NORMAL": "NORMAL", "OFF": "OFF"}[config.get("SQLITE_SYNCHRONOUS", "FULL")]
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {timeout}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA synchronous = {synchronous}")
        # Reads through memory mapping, shared by every connection and process: a page's statements spent a
        # fifth of their SQL time copying pages in (bench/pages.py, the large department). 0 turns it off.
        cursor.execute(f"PRAGMA mmap_size = {int(config.get('SQLITE_MMAP_MB', 256)) * 1048576}")
        cursor.close()

    return connect


def _without_nul(value):
    return value.replace("\x00", "") if isinstance(value, str) and "\x00" in value else value


def _text_without_nul(conn, cursor, statement, parameters, context, _executemany):
    """PostgreSQL refuses NUL in text (SQLite stores it): a NUL that reached a query (a search,
    a filter in the address, a text field without the ``strip`` filter) is dropped, not a 500."""
    if not parameters:
        return statement, parameters

    def clean(params):
        if isinstance(params, Mapping):
            return {key: _without_nul(value) for key, value in params.items()}
        if isinstance(params, (list, tuple)):
            return type(params)([_without_nul(value) for value in params])
        return params

    # One row's parameters (a mapping, even when ``executemany`` says otherwise: insertmanyvalues
    # batches), or a sequence of rows.
    if isinstance(parameters, (list, tuple)) and isinstance(parameters[0], (Mapping, list, tuple)):
        return statement, type(parameters)([clean(p) for p in parameters])
    return statement, clean(parameters)
