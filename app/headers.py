"""The headers every answer carries: the Content-Security-Policy and the other security headers,
no caching of pages or files by the browser or a proxy, and ``Vary: HX-Request``."""
from flask import Flask, request

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def init_app(app: Flask) -> None:
    config = app.config

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if config.get("SESSION_COOKIE_SECURE"):
            # Served over HTTPS (see SESSION_COOKIE_SECURE): browsers keep to HTTPS for a year.
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        # One URL answers with a page or a fragment, depending on this header.
        response.vary.add("HX-Request")
        if request.endpoint != "static":
            # Pages carry one person's data: never kept by the browser or a proxy. Nor are files
            # (evidence, exports, backups): send_file's "no-cache" still lets them be stored.
            if "Content-Disposition" in response.headers:
                response.headers["Cache-Control"] = "no-store"
            else:
                response.headers.setdefault("Cache-Control", "no-store")
        return response
