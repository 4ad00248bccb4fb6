"""Small helpers for answering htmx requests with HTML fragments."""
import json

from flask import make_response, render_template, request


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def page_or_partial(page: str, partial: str, **context):
    """The partial for an htmx request to this URL, the full page otherwise."""
    return render_template(partial if is_htmx() else page, **context)


def fragment(template: str, status: int = 200, trigger: str | dict | None = None,
             retarget: str | None = None, reswap: str | None = None, **context):
    """Render a fragment; optionally fire client events (HX-Trigger) or redirect the swap."""
    response = make_response(render_template(template, **context), status)
    if trigger:
        response.headers["HX-Trigger"] = trigger if isinstance(trigger, str) else json.dumps(trigger)
    if retarget:
        response.headers["HX-Retarget"] = retarget
    if reswap:
        response.headers["HX-Reswap"] = reswap
    return response
