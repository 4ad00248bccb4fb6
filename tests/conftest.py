"""Shared fixtures: the app on a temporary instance folder and its own database.

The schema is built once per test session (per xdist worker) by running the
Alembic migrations (so every test also exercises them) into a template
database; each test gets its own copy of it. On SQLite (the default) that is a
copy of the template's file. With DATABASE_URL pointing at PostgreSQL
(scripts/test-postgres.sh), the templates are databases on that server and each
test gets ``CREATE DATABASE … TEMPLATE …`` (a file copy of the template,
dropped after the test); tests marked ``sqlite_only``, and those that reach no database, are
deselected there.
"""
import contextvars
import itertools
import os
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from hypothesis import settings
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from app import create_app
from app.config import normalize_database_url
from app.extensions import db
from app.org.models import ADMIN, OFFICE, STAFF, SUPERVISOR, UNIT_HEAD
from app.transactions import transaction
from tests.factories import make_unit, make_user
from tests.signin import sign_in

# Property-based tests (hypothesis): few examples by default, to keep CI fast, and drawn the same way
# on every run (derandomize), so a CI run answers for the commit, not for its luck; no deadline (the
# demo database makes the first request of a test slow). HYPOTHESIS_PROFILE=thorough draws many more,
# at random: run it to hunt (CONTRIBUTING.md), and pin what it finds with an explicit test.
settings.register_profile("default", max_examples=8, deadline=None, print_blob=True, derandomize=True)
settings.register_profile("thorough", max_examples=300, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql"))


def make_config(tmp_path, db_file=None, uri=None):
    return {
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": uri or f"sqlite:///{db_file}",
        "SERVER_NAME": None,
        # Fast hashing and no fsync in tests only; production keeps scrypt and synchronous=FULL
        # (tests/db/test_schema.py checks the production default). Measured on the unit and
        # web tests (2 workers): OFF 65 s, FULL 93 s. Tests of concurrency and crashes use the
        # ``durable_app`` fixture, which runs with the production pragmas.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "SQLITE_SYNCHRONOUS": os.environ.get("TEST_SQLITE_SYNCHRONOUS", "OFF"),
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
    }


class PostgresServer:
    """The PostgreSQL server of DATABASE_URL: databases named after the xdist worker, so
    workers never share one. Databases left by an interrupted run are replaced.

    A test's copy of a template is made while the previous test runs (``clone``), and dropped
    while the next one runs (``drop_later``): each costs the server 20 ms to a second (a
    checkpoint), which the tests then no longer wait for. Each copy is still taken from the
    untouched template and used by one test only."""

    def __init__(self, url: str):
        self.url = make_url(normalize_database_url(url))
        self.prefix = f"{self.url.database}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
        self._admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self._numbers = itertools.count(1)
        self._background = ThreadPoolExecutor(max_workers=1)
        self._next: dict[str, Future] = {}  # template -> its next copy, being made

    def uri(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def _copy(self, template: str) -> str:
        name = f"{self.prefix}_{next(self._numbers)}"
        self.create(name, template=template)
        return name

    def clone(self, template: str) -> str:
        """A fresh copy of ``template`` (the one made in the background, if any); starts the next."""
        ready = self._next.pop(template, None)
        name = ready.result() if ready is not None else self._copy(template)
        self._next[template] = self._background.submit(self._copy, template)
        return name

    def drop_later(self, name: str) -> None:
        self._background.submit(self.drop, name)

    def forget_copies_of(self, template: str) -> None:
        """Before ``template`` is dropped: the copy made in advance is not needed."""
        ready = self._next.pop(template, None)
        if ready is not None:
            self.drop(ready.result())

    def create(self, name: str, template: str | None = None) -> None:
        # FILE_COPY (a copy of the template's files): measured on an idle 2-core machine with the
        # migrated template, 35-70 ms to create and 17 ms to drop, against 40-50 and 35-45 ms
        # with the default WAL_LOG.
        clone = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        with self._admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"{clone}')

    def drop(self, name: str) -> None:
        with self._admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass(frozen=True)
class Template:
    """A migrated database to copy for each test: a SQLite file, or a PostgreSQL database's name.
    ``folder`` holds the files its data refers to (``uploads/``: the demo's evidence)."""

    folder: Path
    database: str


@pytest.fixture(scope="session")
def postgres():
    """The PostgreSQL server the suite runs against, or None on SQLite."""
    if not ON_POSTGRES:
        yield None
        return
    server = PostgresServer(DATABASE_URL)
    yield server
    server._background.shutdown()
    server._admin.dispose()


def _new_template(postgres, folder: Path, name: str, source: Template | None = None) -> tuple[Template, dict]:
    """An empty template (or a copy of ``source``) and the config of an app on it."""
    if postgres is None:
        db_file = folder / f"{name}.db"
        if source is not None:
            shutil.copy(source.database, db_file)
        return Template(folder, str(db_file)), make_config(folder, db_file)
    database = f"{postgres.prefix}_{name}"
    postgres.create(database, template=source.database if source else None)
    return Template(folder, database), make_config(folder, uri=postgres.uri(database))


def _drop_template(postgres, template: Template) -> None:
    if postgres is not None:
        postgres.forget_copies_of(template.database)
        postgres.drop(template.database)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory, postgres):
    from flask_migrate import upgrade

    folder = tmp_path_factory.mktemp("template")
    template, config = _new_template(postgres, folder, "template")
    app = create_app(config)
    app.instance_path = str(folder)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    for suffix in ("-wal", "-shm"):
        if os.path.exists(f"{template.database}{suffix}"):
            os.remove(f"{template.database}{suffix}")
    yield template
    _drop_template(postgres, template)


class IsolatedClient(FlaskClient):
    """Each request runs in a fresh context, as in production.

    The test itself holds an app context (for factories and assertions); without
    this, requests would reuse it and share ``g`` (the logged-in user, the CSRF
    token) and the database session with the test and with each other.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


def _app_on_copy_of(template: Template, tmp_path, postgres, **overrides):
    if postgres is None:
        db_file = tmp_path / "app.db"
        shutil.copy(template.database, db_file)
        config = make_config(tmp_path, db_file)
    else:
        database = postgres.clone(template.database)
        config = make_config(tmp_path, uri=postgres.uri(database))
    uploads = template.folder / "uploads"  # files the template's data refers to (the demo's evidence)
    if uploads.is_dir():
        shutil.copytree(uploads, tmp_path / "uploads")
    app = create_app({**config, **overrides})
    app.instance_path = str(tmp_path)
    app.test_client_class = IsolatedClient
    try:
        with app.app_context():
            yield app
            db.session.remove()
            db.engine.dispose()
    finally:
        if postgres is not None:
            postgres.drop_later(database)


@pytest.fixture
def app(tmp_path, template_db, postgres):
    yield from _app_on_copy_of(template_db, tmp_path, postgres)


@pytest.fixture
def durable_app(tmp_path, template_db, postgres):
    """The app with the production SQLite pragmas (synchronous=FULL): for concurrency and crash tests.
    (On PostgreSQL, the same as ``app``: the server's settings are the deployment's business.)"""
    yield from _app_on_copy_of(template_db, tmp_path, postgres, SQLITE_SYNCHRONOUS="FULL")


@pytest.fixture(scope="session")
def demo_template_db(template_db, tmp_path_factory, postgres):
    """The demo department (flask demo), loaded once per test session."""
    from app.demo import load_demo

    folder = tmp_path_factory.mktemp("demo-template")
    template, config = _new_template(postgres, folder, "demo", source=template_db)
    app = create_app(config)
    app.instance_path = str(folder)
    with app.app_context():
        with transaction():
            load_demo()
        db.session.remove()
        db.engine.dispose()
    yield template
    _drop_template(postgres, template)


@pytest.fixture
def demo_app(tmp_path, demo_template_db, postgres):
    """An app whose database holds the demo department (a fresh copy per test).

    Use ``demo_app.test_client()``, not the ``client`` fixture (which belongs to ``app``)."""
    yield from _app_on_copy_of(demo_template_db, tmp_path, postgres)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def org(app):
    """A small department: units and one user per role."""
    office_unit = make_unit("Văn phòng Sở", "VP", "van_phong")
    inspect_unit = make_unit("Thanh tra Sở", "TTr", "thanh_tra")
    finance_unit = make_unit("Phòng Kế hoạch - Tài chính - Tổng hợp", "KH-TC-TH", "phong")
    board = make_unit("Ban Giám đốc Sở", "BGĐ", "lanh_dao")

    class Org:
        vp, ttr, khtc, bgd = office_unit, inspect_unit, finance_unit, board
        admin = make_user(office_unit, [ADMIN], "quantri")
        office = make_user(office_unit, [OFFICE, STAFF], "vanphong")
        supervisor = make_user(board, [SUPERVISOR], "lanhdao")
        ttr_staff = make_user(inspect_unit, [STAFF], "thanhtra")
        ttr_head = make_user(inspect_unit, [UNIT_HEAD], "chanhthanhtra")
        khtc_staff = make_user(finance_unit, [STAFF], "khtc")

    with transaction():
        Org.supervisor.supervised_units = [inspect_unit]  # Lãnh đạo Sở in charge of Thanh tra
    return Org


@pytest.fixture
def as_user(app):
    """``as_user("thanhtra")``: a client of its own, signed in as that user (tests.signin)."""
    return lambda username: sign_in(app, username)


# -- what the PostgreSQL pass runs --------------------------------------------------------

def _runs_on_postgres(item) -> bool:
    """On PostgreSQL only the tests that reach a database run: those marked ``sqlite_only`` test
    SQLite itself (pragmas, its backup API, its file after a crash), and those whose fixtures never
    reach the ``postgres`` fixture (parsers, formatting, file types, the import graph) would repeat
    the SQLite pass to the byte. Measured: the second group is about a quarter of the suite. The
    browser tests run on SQLite only: they prove what people click (focus, swaps, dialogs), and the
    same writes and queries run on PostgreSQL through the web tests. Measured: leaving them out saved
    about 90 s of the PostgreSQL pass (936 s -> 851 s), and the whole CI must stay under 30 minutes."""
    return (not item.get_closest_marker("sqlite_only") and not item.get_closest_marker("browser")
            and "postgres" in getattr(item, "fixturenames", ()))


def pytest_collection_modifyitems(config, items):
    if not ON_POSTGRES:
        return
    deselected = [item for item in items if not _runs_on_postgres(item)]
    if not deselected:
        return
    items[:] = [item for item in items if _runs_on_postgres(item)]
    config.hook.pytest_deselected(items=deselected)
    config.stash[_DESELECTED] = len(deselected)
    if hasattr(config, "workeroutput"):  # an xdist worker: tell the controller
        config.workeroutput["postgres_deselected"] = len(deselected)


_DESELECTED = pytest.StashKey[int]()


def pytest_configure(config):
    if ON_POSTGRES and not hasattr(config, "workerinput"):
        config.stash[_DESELECTED] = 0


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """The xdist controller learns the count from its workers (they all collect the same tests)."""
    count = getattr(node, "workeroutput", {}).get("postgres_deselected", 0)
    node.config.stash[_DESELECTED] = max(node.config.stash.get(_DESELECTED, 0), count)


def pytest_terminal_summary(terminalreporter, config):
    if ON_POSTGRES:
        count = config.stash.get(_DESELECTED, 0)
        terminalreporter.write_line(
            f"PostgreSQL ({make_url(DATABASE_URL).render_as_string()}): {count} tests deselected "
            "(marked sqlite_only, or reaching no database)")
