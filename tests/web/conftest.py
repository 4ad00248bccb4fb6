"""Fixtures of the web tests: the Office signed in, and a draft plan for the editor."""
import pytest

from tests.factories import make_plan
from tests.signin import sign_in


@pytest.fixture
def office(client, org):
    return sign_in(client, "vanphong")


@pytest.fixture
def plan(org):
    """A draft plan with the standard areas 1–3 (thể chế, TTHC, bộ máy)."""
    return make_plan(org.office, areas=(1, 2, 3))
