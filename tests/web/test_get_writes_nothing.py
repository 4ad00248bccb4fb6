"""A GET never writes (issue #23): every GET route of the URL map, called by each demo role, leaves
the data version and every row of every table as they were. (A write, even one that changes nothing
of note, bumps the data version and so empties every user's page cache.)

The URLs and their objects are the route registry's (tests/web/routes.py), built before anything is
measured; sessions are signed in first (signing in is a write)."""
import pytest
from sqlalchemy import select

from app.dataversion import DataVersion
from app.extensions import db
from tests.factories import fingerprint, assert_unchanged
from tests.signin import sign_in
from tests.web.routes import ROUTES, matrix_objects, prepare

GETS = sorted((route for route in ROUTES if route.endswith(" GET")), key=lambda r: tuple(r.split(" ")))
ROLES = {"staff": "thanhtra", "head": "chanhthanhtra", "supervisor": "lanhdao", "director": "giamdoc",
         "office": "vanphong", "admin": "quantri"}


def data_version() -> int:
    with db.engine.connect() as connection:
        return connection.scalar(select(DataVersion.counter).where(DataVersion.id == 1))


@pytest.mark.parametrize("role", ROLES)
def test_no_get_route_writes(demo_app, role):
    objects = matrix_objects()
    urls = {route: prepare(route, objects) for route in GETS}
    client = sign_in(demo_app, ROLES[role])
    before, version = fingerprint(skip_sign_ins=False), data_version()
    for route, url in urls.items():
        response = client.get(url)
        assert response.status_code < 500, (route, url, response.status_code)
        assert data_version() == version, f"GET {url} ({route}) as {ROLES[role]} bumped the data version"
    assert_unchanged(before, role)
