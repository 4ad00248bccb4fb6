"""Fixtures of the durability tests: an instance folder holding a copy of the demo department."""
import shutil

import pytest

from tests.durability.harness import Server


@pytest.fixture
def instance(tmp_path, demo_template_db):
    """A folder with ``app.db`` (the demo, migrated) and ``uploads/`` (the demo's evidence files)."""
    folder = tmp_path / "instance"
    folder.mkdir()
    shutil.copy(demo_template_db.database, folder / "app.db")  # the tests that use it are sqlite_only
    uploads = demo_template_db.folder / "uploads"
    if uploads.is_dir():
        shutil.copytree(uploads, folder / "uploads")
    return folder


@pytest.fixture
def server(instance):
    """The app under waitress (a subprocess, production pragmas) on ``instance``."""
    running = Server(instance).start()
    try:
        yield running
    finally:
        running.stop()


def flask_command(folder, *args):
    """Run ``flask <args>`` for the app on instance ``folder``; returns click's result."""
    from tests.durability.server import make_app

    app = make_app(str(folder))
    result = app.test_cli_runner().invoke(args=[str(a) for a in args])
    from app.extensions import db

    with app.app_context():
        db.engine.dispose()
    return result
