"""Small helpers for answering htmx requests with HTML fragments, and the one form-submit block."""
import json
from collections.abc import Callable

from flask import flash, make_response, redirect, render_template, request

from .errors import DomainError, attach_errors
from .extensions import db


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"


def fragment(template: str, status: int = 200, trigger: str | dict | None = None,
             retarget: str | None = None, reswap: str | None = None, redirect: str | None = None, **context):
    """Render a fragment; optionally fire client events (HX-Trigger), send the swap elsewhere
    (HX-Retarget, HX-Reswap) or send the whole page to another URL (HX-Redirect)."""
    response = make_response(render_template(template, **context), status)
    if trigger:
        response.headers["HX-Trigger"] = trigger if isinstance(trigger, str) else json.dumps(trigger)
    if retarget:
        response.headers["HX-Retarget"] = retarget
    if reswap:
        response.headers["HX-Reswap"] = reswap
    if redirect:
        response.headers["HX-Redirect"] = redirect
    return response


def page_or_partial(page: str, partial: str, status: int = 200, trigger: str | dict | None = None, **context):
    """The partial for an htmx request to this URL, the full page otherwise (a reload shows the page)."""
    return fragment(partial if is_htmx() else page, status=status, trigger=trigger, **context)


def submit_form(form, save: Callable, *, template: str, done: Callable, fallback=None, context: dict | None = None,
                form_name: str = "form", messages_name: str = "messages", retarget: str | None = None,
                reswap: str | None = None, on_invalid: Callable | None = None, precheck: Callable | None = None,
                partial: str | None = None):
    """The form-submit block every editing route shares, and the shape of its reply.

    GET renders ``template`` with the empty form (``partial`` instead, when given, for an htmx
    request: the part of the page the form swaps). A POST validates the form and calls
    ``save()`` (which calls the services); then:
    - success: ``done(result)``; a plain (non-htmx) post is sent to ``fallback`` instead
      when given (a URL, or a function of the result returning one);
    - a refused field or a DomainError: the same template (or partial) with the messages, status 422
      (the commit point rolls the request back; a DomainError is rolled back here first,
      so the form is drawn over the database as it is). ``retarget``/``reswap`` send that
      reply elsewhere than the success would go. ``on_invalid()`` may add messages when
      the fields themselves were refused.
    The form and the messages reach the template as ``form_name`` and ``messages_name``
    (several forms on one page each keep their own).
    ``precheck()`` raises the DomainError of a state that refuses the change whatever the fields
    say (a period already open, figures that already match): it is asked first, so the answer
    gives that reason, and not the message of a field the page no longer shows.
    """
    context = {k: v for k, v in (context or {}).items() if k not in (form_name, messages_name)}
    if partial is not None and is_htmx():
        template = partial
    messages: list[str] = []
    if request.method == "GET":
        return render_template(template, **{form_name: form, messages_name: messages}, **context)
    try:
        if precheck is not None:
            precheck()
    except DomainError as exc:
        messages = list(exc.messages)
    else:
        if form.validate():
            try:
                result = save()
            except DomainError as exc:
                db.session.rollback()
                messages = attach_errors(form, exc)
            else:
                if fallback is not None and not is_htmx():
                    return redirect(fallback(result) if callable(fallback) else fallback)
                return done(result)
        elif on_invalid is not None:
            on_invalid()
    return fragment(template, status=422, retarget=retarget, reswap=reswap,
                    **{form_name: form, messages_name: messages}, **context)


def run_action(action: Callable, *, done: Callable, refused: Callable):
    """A one-button action without a form (close, delete, move): ``action()`` then ``done()``;
    a DomainError is rolled back and answered with ``refused(message)``."""
    try:
        action()
    except DomainError as exc:
        db.session.rollback()
        return refused(exc.message)
    return done()


def redirect_to(url: str):
    """Send the browser to another page after a change: htmx follows an HX-Redirect header (a
    redirect status would be followed by the XMLHttpRequest itself), a plain post gets 303 See Other."""
    if is_htmx():
        response = make_response("", 200)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url, code=303)


def flash_and_redirect(message: str, url: str, category: str = "error"):
    flash(message, category)
    return redirect(url)
