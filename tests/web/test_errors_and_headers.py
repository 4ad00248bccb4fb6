"""Error pages in Vietnamese and in the app's layout; security headers; offline assets."""
import re

import pytest

from tests.factories import HX


def test_404_page_is_vietnamese_in_layout(client, auth, org):
    auth.login("thanhtra")
    response = client.get("/plans/99999")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.text
    assert "Việc của đơn vị" in response.text  # the app's navigation is there
    assert "Traceback" not in response.text


def test_403_page_is_vietnamese(client, auth, org):
    auth.login("thanhtra")
    response = client.get("/units")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.text


def test_htmx_error_is_a_fragment(client, auth, org):
    auth.login("thanhtra")
    response = client.get("/units", headers=HX)
    assert response.status_code == 403
    assert "<html" not in response.text
    assert "Không có quyền" in response.text


def test_413_when_the_request_is_too_large(app, client, auth, org):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    auth.login("vanphong")
    response = client.post("/plans/new", data={"title": "x" * 5000, "kind": "annual", "year": "2026"})
    assert response.status_code == 413
    assert "Tệp quá lớn" in response.text


def test_500_page_hides_the_stack_trace(app, client, auth, org):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("secret internal detail")

    auth.login("thanhtra")
    response = client.get("/boom-for-test")
    assert response.status_code == 500
    assert "Lỗi hệ thống" in response.text
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text


def test_security_headers_and_no_store(client, auth, org):
    auth.login("thanhtra")
    response = client.get("/checklist")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["Cache-Control"] == "no-store"
    assert "HX-Request" in response.headers["Vary"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_scripts_and_load_only_local_assets(client, auth, org):
    auth.login("vanphong")
    for url in ("/checklist", "/plans", "/plans/new", "/login"):
        html = client.get(url).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert not re.search(r"\son[a-z]+=", html), url
        for src in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not src.startswith(("http://", "https://", "//")), (url, src)


@pytest.mark.parametrize("path", [
    "/static/vendor/htmx/htmx.min.js",
    "/static/vendor/pico/pico.min.css",
    "/static/vendor/lucide/icons.svg",
    "/static/css/app.css",
    "/static/js/app.js",
])
def test_vendored_assets_are_served(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert len(response.data) > 500


def test_vendored_htmx_is_version_2(client):
    assert b'version:"2.0.' in client.get("/static/vendor/htmx/htmx.min.js").data


def test_anonymous_user_is_sent_to_login(client):
    response = client.get("/plans")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
