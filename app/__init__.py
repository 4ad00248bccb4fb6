"""CCHC Tracker: administrative-reform plans of a Sở Công Thương, tracked unit by unit."""
import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, ValidationError

from . import database, errorpages, headers, main, models, pagecache, sqlite_writes  # noqa: F401 (models: every table)
from .assessment.routes import bp as assessment_bp
from .cli import register_cli
from .config import Config, normalize_database_url
from .extensions import csrf, db, login_manager, migrate
from .numbers import MAX_ID
from .org import auth
from .org.routes import bp as org_bp
from .org.signals import unit_list_columns
from .plans.importer.routes import bp as plan_import_bp
from .plans.queries import lead_task_column
from .plans.signals import tasks_reported
from .plans.routes import bp as plans_bp
from .progress import templating as progress_templating
from .progress.queries import tasks_with_progress
from .progress.routes import bp as progress_bp
from .reports.dashboard import bp as dashboard_bp
from .reports.routes import bp as reports_bp
from .templating import register_templating
from .transactions import commit_or_roll_back


class IdConverter(IntegerConverter):
    """``<int:…>`` in every route: a number beyond MAX_ID does not match the route (404),
    instead of overflowing the database's integer (a 500)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)

    def to_python(self, value: str) -> int:
        if len(value) > len(str(self.max)):
            raise ValidationError()  # before int() meets thousands of digits
        return super().to_python(value)


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.url_map.converters["int"] = IdConverter  # before any route is added
    app.config.from_object(Config)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "app.db")
    app.config["SQLALCHEMY_DATABASE_URI"] = normalize_database_url(app.config["SQLALCHEMY_DATABASE_URI"])

    if app.config.get("TRUSTED_PROXIES"):
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_prefix=n)

    # -- the database: listeners on this app's engine and session, none on SQLAlchemy's classes --
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    database.init_app(app)  # each connection: SQLite's pragmas; PostgreSQL: no NUL in text parameters
    sqlite_writes.init_app(app)  # SQLite: a write request takes the write lock at its first query, in turn
    pagecache.init_app(app)  # the page cache; every write of db.session adds one to the data version

    # -- every request, in the order it runs ------------------------------------------------------
    # Before the view:
    csrf.init_app(app)  # 1. a write without its CSRF token is refused (CSRFError: errorpages)
    app.before_request(auth.end_idle_session)  # 2. a session unused for SESSION_IDLE_MINUTES ends
    app.before_request(pagecache.serve_cached_page)  # 3. a page unchanged since this session saw it
    app.before_request(auth.require_password_change)  # 4. (loads the user) a new password comes first
    # The view (the routes below). After it, Flask calls the after-request hooks last registered
    # first, so they are registered here bottom-up:
    login_manager.init_app(app)  # 7. the remember-me cookie (Flask-Login)
    app.after_request(commit_or_roll_back)  # 6. the commit point: a success commits, any other answer rolls back
    headers.init_app(app)  # 5. the security headers, Cache-Control: no-store, Vary: HX-Request
    # Then the session cookie is saved, and the app context's teardown removes the database session.
    auth.init_app(app)  # Flask-Login's user loader, its sign-in redirect, a remembered login's session
    errorpages.init_app(app)  # any error above, or in the view, answers with its page (400–503)

    # -- the pages --------------------------------------------------------------------------------
    app.register_blueprint(main.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(org_bp)
    app.register_blueprint(plans_bp)
    app.register_blueprint(plan_import_bp)
    app.register_blueprint(progress_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(assessment_bp)
    register_templating(app)
    progress_templating.init_app(app)
    # A lower domain hears from a higher one through signals (org imports no plans, plans no progress).
    unit_list_columns.connect(lead_task_column, sender=app)  # the unit list's column of lead tasks
    tasks_reported.connect(tasks_with_progress, sender=app)  # a reported task is archived, not deleted
    register_cli(app)
    return app
