"""Pages people keep open (the dashboard, the checklist, the approval queue), kept rendered until
the data changes.

Every transaction that changes anything also adds one to counters in the database (app/dataversion.py,
in the same transaction, so they commit or roll back with the change); one that writes nothing new
(values set to what they were, a statement that matches no row) does not. Which counters: a
transaction whose every changed row says which units' pages show it (``page_cache_units()``: a report,
its evidence, contributions and target results name the entry's unit, the task's lead unit and its
cooperating units; an audit record names none, it goes with the change it records) adds one to
``unit:<id>`` of each of those units, and to the scopes of other pages that show it, as each row says
(``page_cache_scopes()``; all of them for a row that does not say): ``entries`` (the dashboards: where
every report stands, what the sent ones say) when a report is started, deleted, changes state, or is
or was sent; ``sent`` (the approval queues: the sent reports) when a report is or was sent. So a unit
editing its unsent report (draft or returned) without changing where it stands moves only its units'
counters. Any other change (a row without ``page_cache_units``, a bulk statement that touched a row)
adds one to the global counter.

A page is stored under everything it depends on: the user, their session's CSRF secret (the token in
its forms), the URL with its query, the htmx headers, and today's date (overdue and due-soon badges);
with it, the counters read before it was rendered: the global one always, and those the view names
(``depends_on``), by default ``entries`` and ``unit:<the viewer's unit>`` (the menu's count). It is
served only while those counters are unchanged. A unit's checklist names ``unit:<its unit>`` and
``unit:<the viewer's unit>``, so a draft saved by one unit leaves other units' checklists cached, and
that unit's checklist and those of the units cooperating on the task fresh; the dashboards
(``entries``) are fresh after a report is started or changes state, the approval queues (``sent``)
after one is sent or decided, and both stay cached while a unit edits its unsent drafts. The counters live in the database, so several app processes and servers
invalidate each other's caches.

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
from sqlalchemy import event, literal, select, update

from .dataversion import DataScopeVersion, DataVersion
from .extensions import db
from .formatting import local_today

_BUMP_OPTION = "data_version_bump"
ENTRIES = "entries"  # the scope of every unit's reports: the pages that show several units'
SENT = "sent"  # the scope of the reports sent for approval (submitted, approved, not reported)
_CHANGED, _UNITS = "data_changed", "data_units"  # session.info: a global write; the units written
_SHARED = "data_shared"  # session.info: the scopes beyond the units' that a unit's write moves


def unit_scope(unit_id: int) -> str:
    return f"unit:{unit_id}"


def _bump_statement():
    return (update(DataVersion).where(DataVersion.id == 1).values(counter=DataVersion.counter + 1)
            .execution_options(synchronize_session=False, **{_BUMP_OPTION: True}))


def _bump_scopes_statement(dialect: str, scopes: list[str]):
    """Add one to each scope's counter, making its row at 1 if it has none (both databases)."""
    from sqlalchemy.dialects import postgresql, sqlite  # noqa: PLC0415  (only the dialect's own insert)

    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(DataScopeVersion).values([{"scope": scope, "counter": 1} for scope in scopes])
    return statement.on_conflict_do_update(
        index_elements=[DataScopeVersion.scope], set_={"counter": DataScopeVersion.counter + 1},
    ).execution_options(**{_BUMP_OPTION: True})


def _after_flush(session, flush_context):
    # The flush wrote something (new, changed or deleted rows): count it in the same transaction,
    # against the units each row names, or globally for a row that names none. An object merely given
    # the values it had (a draft saved as it was) is in ``dirty`` but not modified: the flush wrote
    # nothing for it.
    if session.info.get(_CHANGED):
        return
    changed = [*((obj, True) for obj in (*session.new, *session.deleted)),
               *((obj, False) for obj in session.dirty if session.is_modified(obj))]
    with session.no_autoflush:
        for row, added_or_removed in changed:
            named = getattr(row, "page_cache_units", None)
            named = named() if named is not None else None
            if named is None:
                session.info[_CHANGED] = True
                return
            session.info.setdefault(_UNITS, set()).update(named)
            scopes = getattr(row, "page_cache_scopes", None)  # without it: shown everywhere
            session.info.setdefault(_SHARED, set()).update(
                (ENTRIES, SENT) if scopes is None else scopes(added_or_removed))


def _on_execute(state):
    # Writes through session.execute(insert/update/delete) bypass the flush: run the statement here and
    # count it globally unless it touched no row (marking read what is already read). A driver that
    # cannot tell (rowcount -1) counts as a write.
    if (state.is_insert or state.is_update or state.is_delete) and not state.execution_options.get(_BUMP_OPTION):
        result = state.invoke_statement()
        if getattr(result, "rowcount", -1) != 0:
            state.session.info[_CHANGED] = True
        return result
    return None


def _before_commit(session):
    if session.new or session.dirty or session.deleted:
        session.flush()
    changed, units = session.info.pop(_CHANGED, False), session.info.pop(_UNITS, set())
    shared = session.info.pop(_SHARED, set())
    if changed:
        session.execute(_bump_statement())
    elif units:
        scopes = sorted(shared) + [unit_scope(unit) for unit in sorted(units)]
        session.execute(_bump_scopes_statement(session.get_bind().dialect.name, scopes))
    _after_rollback(session)


def _after_rollback(session):
    for key in (_CHANGED, _UNITS, _SHARED):
        session.info.pop(key, None)


_SESSION_LISTENERS = (("after_flush", _after_flush), ("do_orm_execute", _on_execute),
                      ("before_commit", _before_commit), ("after_rollback", _after_rollback))


_GLOBAL = ""  # the global counter, among the scopes' in current_versions()
_VERSIONS_QUERY = select(literal(_GLOBAL).label("scope"), DataVersion.counter).where(DataVersion.id == 1) \
    .union_all(select(DataScopeVersion.scope, DataScopeVersion.counter))


def current_versions() -> dict[str, int] | None:
    """Every counter by scope (the global one under ""), or None when the global row is missing (then
    nothing is cached: it would never change). A scope without a row is at 0.

    Read in one statement (one snapshot) on a connection of its own (Core, no ORM session): on a hit
    the request's session is never opened, which is most of what a hit saves."""
    with db.engine.connect() as connection:
        versions = dict(connection.execute(_VERSIONS_QUERY).all())
    return versions if _GLOBAL in versions else None


def current_version() -> int | None:
    """The global counter (None without its row)."""
    versions = current_versions()
    return None if versions is None else versions[_GLOBAL]


class PageCache:
    """A thread-safe LRU of rendered responses, bounded in bytes."""

    def __init__(self, max_bytes: int, max_entries: int = 2000):
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        # key -> (body, headers, status, the counters it was rendered under)
        self._entries: OrderedDict[tuple, tuple[bytes, list[tuple[str, str]], int, dict[str, int]]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key, versions: dict[str, int] | None = None):
        """The stored (body, headers, status) under ``key`` if every counter it was rendered under
        still has its value in ``versions`` (a scope missing there is at 0); a stale one is dropped."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and versions is not None and \
                    any(versions.get(scope, 0) != value for scope, value in entry[3].items()):
                self._drop(key)
                entry = None
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry[:3]

    def put(self, key, body: bytes, headers: list[tuple[str, str]], status: int,
            depends_on: dict[str, int] | None = None) -> None:
        if len(body) > self.max_bytes // 8:
            return
        with self._lock:
            self._drop(key)
            self._entries[key] = (body, headers, status, depends_on or {})
            self._bytes += len(body)
            while self._entries and (self._bytes > self.max_bytes or len(self._entries) > self.max_entries):
                self._drop(next(iter(self._entries)))

    def _drop(self, key) -> None:
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= len(old[0])

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


def _key(login_id: str) -> tuple:
    csrf_secret = session.get("csrf_token", "")
    return (
        login_id,
        hashlib.sha256(str(csrf_secret).encode()).hexdigest(),
        request.endpoint,
        request.full_path,
        tuple(request.headers.get(name, "") for name in _VARY),
        local_today().isoformat(),
    )


def depends_on(*scopes: str) -> None:
    """Called by a cached view: the page shows data of these scopes only (``unit_scope(id)``,
    ``ENTRIES``, ``SENT``), besides what every write outside them changes. Without it, a page depends on
    ``ENTRIES`` (where every unit's reports stand, what the sent ones say) and on the viewer's unit
    (the menu's count)."""
    g.page_cache_scopes = scopes


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
    versions = current_versions()
    if versions is None:
        return None
    g.page_cache_versions = versions  # the view, on a miss, stores under the counters read here
    hit = page_cache().get(_key(login_id), versions)
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
        # read before rendering: a change meanwhile moves a counter, and the page stored is never served
        versions = g.pop("page_cache_versions", None)
        login_id = session.get("_user_id")
        if versions is None or login_id != current_user.get_id() or not _enabled():
            return view(*args, **kwargs)
        key, secret = _key(login_id), session.get("csrf_token")
        g.page_cache_scopes = (ENTRIES, unit_scope(current_user.unit_id))
        response = make_response(view(*args, **kwargs))
        scopes = (_GLOBAL, *g.pop("page_cache_scopes"))
        # Not stored when rendering gave the session its CSRF secret: the page's token belongs to the
        # new cookie, and the browser's next request (with that cookie) stores it under the right key.
        if (response.status_code == 200 and not response.direct_passthrough and not session.get("_flashes")
                and session.get("csrf_token") == secret):
            headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _NOT_STORED]
            page_cache().put(key, response.get_data(), headers, response.status_code,
                             {scope: versions.get(scope, 0) for scope in scopes})
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
