"""CCHC Tracker: administrative-reform plans of a Sở Công Thương, tracked unit by unit."""
import os
import sqlite3
from collections.abc import Mapping

from flask import Flask, redirect, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.routing import IntegerConverter, ValidationError

from . import sqlite_writes  # noqa: F401  (write requests take SQLite's write lock in turn)
from .config import Config, normalize_database_url
from .extensions import csrf, db, login_manager, migrate


class IdConverter(IntegerConverter):
    """``<int:…>`` in every route: a number beyond MAX_ID does not match the route (404),
    instead of overflowing the database's integer (a 500)."""

    def __init__(self, map, *args, **kwargs):
        from .forms import MAX_ID

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
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_prefix=n)

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    login_manager.login_message_category = "info"

    from . import models  # noqa: F401  (every table known to Alembic)
    from .cli import register_cli
    from . import errorpages
    from .org.auth import bp as auth_bp
    from .org.routes import bp as org_bp
    from .plans.importer.routes import bp as plan_import_bp
    from .plans.routes import bp as plans_bp
    from .progress.routes import bp as progress_bp
    from .reports.dashboard import bp as dashboard_bp
    from .reports.routes import bp as reports_bp
    from .templating import register_templating
    from .transactions import register_commit_point

    app.register_blueprint(auth_bp)
    app.register_blueprint(org_bp)
    app.register_blueprint(plans_bp)
    app.register_blueprint(plan_import_bp)
    app.register_blueprint(progress_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(reports_bp)
    errorpages.init_app(app)
    register_commit_point(app)
    register_templating(app)
    register_cli(app)

    @app.get("/")
    @login_required
    def index():
        from .permissions import can

        if can(current_user, "checklist.view_all") and not current_user.has_role("staff", "unit_head"):
            return redirect(url_for("dashboard.dashboard"))
        return redirect(url_for("progress.checklist"))

    @app.get("/healthz")
    def healthz():
        """For the server's monitoring (and the load benchmark's baseline): no login, no database."""
        return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}

    @app.after_request
    def security_headers(response):
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if app.config.get("SESSION_COOKIE_SECURE"):
            # Served over HTTPS (see SESSION_COOKIE_SECURE): browsers keep to HTTPS for a year.
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        # One URL answers with a page or a fragment, depending on this header.
        response.vary.add("HX-Request")
        if request.endpoint != "static":
            # Pages carry one person's data: never kept by the browser or a proxy.
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    return app


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """WAL, foreign keys and a busy timeout on every SQLite connection."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    from flask import current_app, has_app_context

    config = current_app.config if has_app_context() else {}
    timeout = int(config.get("SQLITE_BUSY_TIMEOUT_MS", 10000))
    # FULL: a committed entry survives a power cut. Only the test suite lowers it.
    synchronous = {"FULL": "FULL", "NORMAL": "NORMAL", "OFF": "OFF"}[config.get("SQLITE_SYNCHRONOUS", "FULL")]
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {timeout}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA synchronous = {synchronous}")
    cursor.close()


def _without_nul(value):
    return value.replace("\x00", "") if isinstance(value, str) and "\x00" in value else value


@event.listens_for(Engine, "before_cursor_execute", retval=True)
def _postgresql_text_without_nul(conn, cursor, statement, parameters, context, _executemany):
    """PostgreSQL refuses NUL in text (SQLite stores it): a NUL that reached a query (a search,
    a filter in the address, a text field without the ``strip`` filter) is dropped, not a 500."""
    if conn.dialect.name != "postgresql" or not parameters:
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
