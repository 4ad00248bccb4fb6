"""Pages people keep open (the dashboard, the checklist, the approval queue), kept rendered until
the data changes.

Every transaction that changes anything also adds one to a counter in the database
(``data_version``, in the same transaction, so it commits or rolls back with the change); one that
writes nothing new (values set to what they were, a statement that matches no row) does not. A cached
page is stored under that counter, and under everything else the page depends on: the user, their
session's CSRF secret (the token in its forms), the URL with its query, the htmx headers, and
today's date (overdue and due-soon badges). A hit therefore gives exactly the bytes the view would
render again, and the first write anywhere makes every stored page unreachable. The counter lives
in the database, so several app servers (PostgreSQL deployments) invalidate each other's caches.

The cache is per process, bounded in entries and bytes (least recently used out first), and can be
turned off with PAGE_CACHE_MB=0. Pages shown with a flash message are never stored or served from
it. Writes made outside the app's SQLAlchemy session (a hand-run SQL script, ``flask restore``)
must be followed by a restart of the app servers.
"""
import hashlib
import threading
from collections import OrderedDict
from functools import wraps

from flask import Flask, current_app, g, make_response, request, session
from flask_login import current_user
from sqlalchemy import event, select, update

from .dataversion import DataVersion
from .extensions import db
from .formatting import local_today

_BUMP_OPTION = "data_version_bump"


def _bump_statement():
    return (update(DataVersion).where(DataVersion.id == 1).values(counter=DataVersion.counter + 1)
            .execution_options(synchronize_session=False, **{_BUMP_OPTION: True}))


def _after_flush(session, flush_context):
    # The flush wrote something (new, changed or deleted rows): count it in the same transaction. An
    # object merely given the values it had (a draft saved as it was) is in ``dirty`` but not modified:
    # the flush wrote nothing for it.
    if session.new or session.deleted or any(session.is_modified(obj) for obj in session.dirty):
        session.info["data_changed"] = True


def _on_execute(state):
    # Writes through session.execute(insert/update/delete) bypass the flush: run the statement here and
    # count it unless it touched no row (marking read what is already read). A driver that cannot
    # tell (rowcount -1) counts as a write.
    if (state.is_insert or state.is_update or state.is_delete) and not state.execution_options.get(_BUMP_OPTION):
        result = state.invoke_statement()
        if getattr(result, "rowcount", -1) != 0:
            state.session.info["data_changed"] = True
        return result
    return None


def _before_commit(session):
    if session.new or session.dirty or session.deleted:
        session.flush()
    if session.info.pop("data_changed", False):
        session.execute(_bump_statement())
        session.info.pop("data_changed", None)


def _after_rollback(session):
    session.info.pop("data_changed", None)


_SESSION_LISTENERS = (("after_flush", _after_flush), ("do_orm_execute", _on_execute),
                      ("before_commit", _before_commit), ("after_rollback", _after_rollback))


_VERSION_QUERY = select(DataVersion.counter).where(DataVersion.id == 1)


def current_version() -> int | None:
    """The counter, or None when its row is missing (then nothing is cached: it would never change).

    Read on a connection of its own (Core, no ORM session): on a hit the request's session is never
    opened, which is most of what a hit saves."""
    with db.engine.connect() as connection:
        return connection.execute(_VERSION_QUERY).scalar()


class PageCache:
    """A thread-safe LRU of rendered responses, bounded in bytes."""

    def __init__(self, max_bytes: int, max_entries: int = 2000):
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple, tuple[bytes, list[tuple[str, str]], int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key, body: bytes, headers: list[tuple[str, str]], status: int) -> None:
        if len(body) > self.max_bytes // 8:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old[0])
            self._entries[key] = (body, headers, status)
            self._bytes += len(body)
            while self._entries and (self._bytes > self.max_bytes or len(self._entries) > self.max_entries):
                _, (dropped, _, _) = self._entries.popitem(last=False)
                self._bytes -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)


# Headers the views' output depends on (htmx sends fragments for these).
_VARY = ("HX-Request", "HX-Target", "HX-Trigger", "HX-Boosted", "HX-History-Restore-Request")
# Headers set per response by after_request handlers (cookies, the session's Vary); never stored.
_NOT_STORED = {"set-cookie", "content-length"}


def page_cache() -> PageCache:
    return current_app.extensions["page_cache"]


def _key(login_id: str, version: int) -> tuple:
    csrf_secret = session.get("csrf_token", "")
    return (
        login_id,
        hashlib.sha256(str(csrf_secret).encode()).hexdigest(),
        request.endpoint,
        request.full_path,
        tuple(request.headers.get(name, "") for name in _VARY),
        local_today().isoformat(),
        version,
    )


def _enabled() -> bool:
    return request.method == "GET" and bool(current_app.config.get("PAGE_CACHE_MB", 32)) \
        and not session.get("_flashes")


def serve_cached_page():
    """A before-request hook: the stored page when there is one, before the user is even loaded.

    Registered right after the idle-session check (create_app), so an ended session never gets
    a page. The session cookie is signed; the login id in it is rotated, and the counter bumped, by
    every sign-out, password change, role change or deactivation, so a hit can only be the page
    this same signed-in session was shown for the same data."""
    view = current_app.view_functions.get(request.endpoint)
    login_id = session.get("_user_id")
    if not getattr(view, "page_cache", False) or not login_id or not _enabled():
        return None
    version = current_version()
    if version is None:
        return None
    g.page_cache_version = version  # the view, on a miss, stores under the version read here
    hit = page_cache().get(_key(login_id, version))
    if hit is None:
        return None
    body, headers, status = hit
    response = current_app.response_class(body, status=status, headers=headers)
    response.headers["X-Page-Cache"] = "hit"
    return response


def cached_page(view):
    """Mark a GET view as served from the page cache while the data has not changed, and store its
    200 responses there.

    For views whose output depends only on the user, the URL, the htmx headers, the day and the
    data (no random values, no clock other than the day)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        version = g.pop("page_cache_version", None)  # read before rendering: a change meanwhile makes a newer key
        login_id = session.get("_user_id")
        if version is None or login_id != current_user.get_id() or not _enabled():
            return view(*args, **kwargs)
        key, secret = _key(login_id, version), session.get("csrf_token")
        response = make_response(view(*args, **kwargs))
        # Not stored when rendering gave the session its CSRF secret: the page's token belongs to the
        # new cookie, and the browser's next request (with that cookie) stores it under the right key.
        if (response.status_code == 200 and not response.direct_passthrough and not session.get("_flashes")
                and session.get("csrf_token") == secret):
            headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _NOT_STORED]
            page_cache().put(key, response.get_data(), headers, response.status_code)
        return response

    wrapper.page_cache = True
    return wrapper


def init_app(app: Flask) -> None:
    """The app's page cache (PAGE_CACHE_MB), and the count of every write of the app's session.

    The listeners go on ``db.session`` (Flask-SQLAlchemy's sessionmaker, shared by every app made
    from ``db``: attached once), not on SQLAlchemy's ``Session`` class: a session made apart, such as
    the sign-in bookkeeping of ``separate_transaction()``, is not counted (it changes no page). The
    cache lookup (``serve_cached_page``) is registered by create_app, in its place among the hooks."""
    for name, listener in _SESSION_LISTENERS:
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)
    app.extensions["page_cache"] = PageCache(int(float(app.config.get("PAGE_CACHE_MB", 32)) * 1024 * 1024))
