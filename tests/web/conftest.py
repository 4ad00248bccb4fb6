"""Fixtures of the web tests: the Office signed in, and a draft plan for the editor."""
import pytest

from tests.conftest import AuthActions
from tests.factories import make_plan


@pytest.fixture
def office(client, auth, org):
    auth.login("vanphong")
    return client


@pytest.fixture
def plan(org):
    """A draft plan with the standard areas 1–3 (thể chế, TTHC, bộ máy)."""
    return make_plan(org.office, areas=(1, 2, 3))


@pytest.fixture
def as_user(app):
    """``as_user("thanhtra")``: a client of its own, signed in as that user."""
    def login(username):
        client = app.test_client()
        assert AuthActions(client).login(username).status_code == 302
        return client
    return login
