"""Error pages in Vietnamese and in the app's layout; security headers; offline assets."""
import re

import pytest

from tests.factories import HX
from tests.signin import post_login, sign_in


def test_404_page_is_vietnamese_in_layout(client, org):
    sign_in(client, "thanhtra")
    response = client.get("/plans/99999")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.text
    assert "Việc của đơn vị" in response.text  # the app's navigation is there
    assert "Traceback" not in response.text


def test_403_page_is_vietnamese(client, org):
    sign_in(client, "thanhtra")
    response = client.get("/units")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.text


def test_htmx_error_is_a_fragment(client, org):
    sign_in(client, "thanhtra")
    response = client.get("/units", headers=HX)
    assert response.status_code == 403
    assert "<html" not in response.text
    assert "Không có quyền" in response.text


def test_413_when_the_request_is_too_large(app, client, org):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    sign_in(client, "vanphong")
    response = client.post("/plans/new", data={"title": "x" * 5000, "kind": "annual", "year": "2026"})
    assert response.status_code == 413
    assert "Tệp quá lớn" in response.text


def test_500_page_hides_the_stack_trace(app, client, org):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("secret internal detail")

    sign_in(client, "thanhtra")
    response = client.get("/boom-for-test")
    assert response.status_code == 500
    assert "Lỗi hệ thống" in response.text
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text


def test_security_headers_and_no_store(client, org):
    sign_in(client, "thanhtra")
    response = client.get("/checklist")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["Cache-Control"] == "no-store"
    assert "HX-Request" in response.headers["Vary"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_https_deployments_send_strict_transport_security(app, client, org):
    assert "Strict-Transport-Security" not in client.get("/login").headers  # plain HTTP on the intranet
    app.config["SESSION_COOKIE_SECURE"] = True
    assert client.get("/login").headers["Strict-Transport-Security"] == "max-age=31536000"


def _assert_security_headers(response, what):
    csp = dict(
        (part.split()[0], part.split()[1:]) for part in response.headers["Content-Security-Policy"].split(";")
        if part.strip()
    )
    assert csp["script-src"] == ["'self'"], what  # no inline scripts, no eval
    assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"], what
    assert csp["frame-ancestors"] == ["'none'"] and csp["base-uri"] == ["'self'"], what
    assert "'unsafe-inline'" not in csp["style-src"] and "'unsafe-eval'" not in str(csp), what
    assert response.headers["X-Content-Type-Options"] == "nosniff", what
    assert response.headers["Referrer-Policy"] == "same-origin", what
    assert response.headers["X-Frame-Options"] == "DENY", what


def test_every_kind_of_response_carries_the_security_headers(app, client, org):
    """Pages, fragments, redirects, static files, errors (403, 404, 405, 413, 422, 429, 500), signed in or not."""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom-for-headers")
    def boom():
        raise RuntimeError("boom")

    responses = {
        "login page": client.get("/login"),
        "redirect to login": client.get("/checklist"),
        "static file": client.get("/static/js/app.js"),
        "htmx 401": client.post("/areas/1/tasks", headers={**HX, "HX-Current-URL": "http://localhost/plans"}),
        "wrong password 422": post_login(client, "thanhtra", "sai-mat-khau"),
    }
    sign_in(client, "thanhtra")
    responses.update({
        "page": client.get("/checklist"),
        "htmx fragment": client.get("/checklist", headers=HX),
        "403": client.get("/units"),
        "404": client.get("/khong-co-trang-nay"),
        "405": client.put("/checklist"),
        "500": client.get("/boom-for-headers"),
    })
    app.config["MAX_CONTENT_LENGTH"] = 10
    responses["413"] = client.post("/account/password", data={"current_password": "x" * 100})
    app.config["MAX_CONTENT_LENGTH"] = None
    client.post("/logout")
    for i in range(6):
        responses["429"] = post_login(client, "thanhtra", f"sai-{i}")
    expected = {"403": 403, "404": 404, "405": 405, "413": 413, "500": 500, "429": 429, "htmx 401": 401,
                "wrong password 422": 422, "redirect to login": 302}
    for what, response in responses.items():
        assert response.status_code == expected.get(what, 200), what
        _assert_security_headers(response, what)


def test_htmx_is_configured_for_the_content_security_policy(client):
    """htmx 2 would otherwise inject an inline <style> (indicators) and evaluate hx-on / filter code."""
    import json
    from html import unescape

    html = client.get("/login").text
    config = json.loads(unescape(re.search(r'<meta name="htmx-config" content=\'([^\']+)\'', html).group(1)))
    assert config["allowEval"] is False and config["includeIndicatorStyles"] is False
    assert config["allowScriptTags"] is False
    assert ".htmx-indicator" in client.get("/static/css/app.css").text  # the indicator style, from a file


def test_pages_have_no_inline_scripts_and_load_only_local_assets(client, org):
    from tests.factories import make_plan, make_task

    plan = make_plan(org.office)
    task = make_task(plan.areas[0], org.ttr)
    sign_in(client, "quantri")
    for url in ("/checklist", "/plans", "/plans/new", "/login", f"/plans/{plan.id}/edit", f"/tasks/{task.id}",
                "/users", "/units", f"/users/{org.ttr_staff.id}"):
        html = client.get(url).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert not re.search(r"\son[a-z]+=", html), url
        # The policy allows no inline style, no eval (hx-on, hx-vals with js:) either.
        assert not re.search(r"\sstyle=|<style|hx-on|js:", html), url
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
