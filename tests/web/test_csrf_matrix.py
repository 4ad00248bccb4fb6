"""CSRF: every state-changing route of the URL map (every method but GET), sent without the token by
a user it would let through, is refused with 400 and a Vietnamese message, as a plain form post and
as an htmx request, and changes nothing in the database or the upload folder. The login form too
(for nobody signed in). With the token, the same request goes through: the refusal was the token's.

The routes, their objects and forms, and who may call them (``by``) come from the route registry
(``tests/web/routes.py``), so a new route gets its CSRF check with its description there."""
import pytest

from tests.factories import HX, assert_unchanged, changes, fingerprint
from tests.signin import sign_in
from tests.web.routes import ROUTES, USERNAMES, form_of, matrix_objects, prepare

WRITES = sorted((route for route in ROUTES if not route.endswith(" GET")), key=lambda r: tuple(r.split(" ")))


def test_every_method_but_get_is_checked():
    assert len(WRITES) >= 60 and "auth.login POST" in WRITES and "progress.decide POST" in WRITES


@pytest.mark.parametrize("route", WRITES)
def test_no_change_without_the_csrf_token(demo_app, route):
    method = route.split(" ")[1]
    objects = matrix_objects()
    url = prepare(route, objects)
    actor = ROUTES[route].by
    client = sign_in(demo_app, USERNAMES[actor])
    token = client.environ_base.pop("HTTP_X_CSRFTOKEN")
    before = fingerprint(skip_sign_ins=False)
    for headers in ({}, HX):
        response = client.open(url, method=method, data=form_of(route, objects), headers=headers)
        where = f"{route} as {actor} without the token ({headers or 'plain'})"
        assert response.status_code == 400, (where, response.status_code)
        assert "Phiên làm việc" in response.text and "hết hạn" in response.text, where
        before = assert_unchanged(before, where)
    client.environ_base["HTTP_X_CSRFTOKEN"] = token
    response = client.open(url, method=method, data=form_of(route, objects))
    # with the token, the write is done (its exact answer is the access matrix's to check)
    assert changes(before, fingerprint(skip_sign_ins=False)), (route, actor, response.status_code)


def test_a_login_page_left_open_asks_to_sign_in_again(demo_app):
    client = demo_app.test_client()
    response = client.post("/login", data={"username": "thanhtra", "password": "cchc@2026"})
    assert response.status_code == 400
    assert "Phiên làm việc của trang đăng nhập đã hết hạn. Vui lòng đăng nhập lại." in response.text
    assert 'name="csrf_token"' in response.text and 'value="thanhtra"' in response.text  # a fresh form
    assert client.get("/checklist").status_code == 302  # not signed in
