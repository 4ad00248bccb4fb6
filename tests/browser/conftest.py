"""Browser tests: Playwright driving Debian's Chromium against the app served on 127.0.0.1.

Each test gets its own app on a copy of the migrated template database (the
``app`` fixture of ``tests/conftest.py``), served by Werkzeug on a free port in
a daemon thread. The test seeds what it needs with the factories, inside the
app context that fixture holds (the server's requests each run in their own
context and database session, as in production). One Chromium is launched per
session; every test gets a fresh browser context (no shared cookies).

No browser is ever downloaded: the suite uses /usr/bin/chromium and fails,
never skips, when it is missing.
"""
import os
import threading
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from app.extensions import db

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = "/tmp/browser-shots"
TIMEOUT_MS = 10_000
# A wait on the server's work over a whole document (reading a plan document, redrawing its preview,
# creating the plan from it): 2-3 s on a quiet machine, several times that when the machine is loaded.
# A wait ends as soon as what it waits for appears, so the generous bound costs a quiet run nothing.
DOCUMENT_WORK_MS = 60_000


# -- the app, served -------------------------------------------------------------------

class _QuietHandler(WSGIRequestHandler):
    """No access log (errors are still logged)."""

    def log_request(self, *args, **kwargs):
        pass


class LiveServer:
    def __init__(self, app):
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
        self.port = self._server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="live-server", daemon=True)

    def start(self):
        self._thread.start()

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme == "http" and parts.hostname == "127.0.0.1" and parts.port == self.port

    def refresh(self):
        """Forget what the test's own session has loaded: the server changed the data since."""
        db.session.expire_all()
        db.session.commit()


@pytest.fixture
def live_server(app):
    """The test's app (see tests/conftest.py) served on 127.0.0.1, on a free port."""
    server = LiveServer(app)
    server.start()
    try:
        yield server
    finally:
        server.stop()


# -- the browser -----------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium). "
                    "The browser tests never download a browser and are never skipped.", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Watch:
    """What a page did that a person would not see: requests, console errors, CSP violations."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)


# Reports each CSP violation to the test (the init script is Playwright's, not subject to the page's CSP).
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.__reportCspViolation(e.violatedDirective + " " + (e.blockedURI || "") + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


@pytest.fixture
def watch():
    return Watch()


def _new_context(browser, watch, **options):
    options = {"locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh", "viewport": {"width": 1280, "height": 900},
               **options}
    ctx = browser.new_context(**options)
    ctx.set_default_timeout(TIMEOUT_MS)
    ctx.set_default_navigation_timeout(TIMEOUT_MS)
    ctx.on("request", lambda request: watch.requests.append(request.url))
    ctx.expose_function("__reportCspViolation", lambda text: watch.csp_violations.append(text))
    ctx.add_init_script(_CSP_LISTENER)
    return ctx


@pytest.fixture
def new_page(browser, watch):
    """Open a page in a fresh browser context (its own cookies: another person at another desk)."""
    contexts = []

    def open_page(**options):
        ctx = _new_context(browser, watch, **options)
        contexts.append(ctx)
        page = ctx.new_page()
        page.on("console", lambda msg: watch.console_errors.append(f"{page.url}: {msg.text}")
                if msg.type == "error" else None)
        page.on("pageerror", lambda exc: watch.page_errors.append(f"{page.url}: {exc}"))
        return page

    yield open_page
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(autouse=True)
def _expect_timeout():
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)


# -- helpers ---------------------------------------------------------------------------

def login(page, base, username, password):
    """Log in through the form, as a person would."""
    page.goto(f"{base}/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/login" not in url)


def screenshot(page, name, full_page=True):
    """A picture for a person to look at (outside the repository)."""
    os.makedirs(SHOTS, exist_ok=True)
    path = os.path.join(SHOTS, f"{name}.png")
    page.screenshot(path=path, full_page=full_page)
    return path


def main_nav(page):
    return page.get_by_role("navigation", name="Điều hướng chính")


def days_from_today(n):
    """A date ``n`` days from today in Asia/Ho_Chi_Minh (the app's "today")."""
    from datetime import timedelta

    from app.formatting import local_today

    return local_today() + timedelta(days=n)


def issued_plan(title="Kế hoạch cải cách hành chính năm 2026", areas=(1, 2, 4), tasks=()):
    """An issued plan; ``tasks`` are (area index, lead unit, title, deadline or None, cooperating units)."""
    from tests.factories import issue, make_plan, make_task

    plan = make_plan(title=title, areas=areas)
    for area_index, lead, task_title, deadline, coop in tasks:
        make_task(plan.areas[area_index], lead, title=task_title, deadline=deadline, coop=coop)
    issue(plan)
    return plan
