"""tests/unit/ holds pure functions only: no database, no app, no SMTP (those are tests/db/, tests/web/,
tests/mail/, ...). A test here that asks for the app or a database fails, saying where it belongs."""
import pytest

NOT_PURE = {"app", "durable_app", "demo_app", "client", "runner", "org", "template_db", "demo_template_db",
            "postgres", "as_user", "office", "plan"}


@pytest.fixture(autouse=True)
def _pure_functions_only(request):
    used = NOT_PURE & set(request.fixturenames)
    assert not used, f"{request.node.nodeid} uses {sorted(used)}: move it to tests/db/ (or tests/web/, tests/cli/)"
