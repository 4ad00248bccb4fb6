"""What the templates read from the progress domain: an entry's outcome, a task's state today, the evidence upload's
limits, the navigation's counts (open tasks, unread notices). Registered by create_app."""
from types import SimpleNamespace

from flask import Flask, current_app, g, url_for
from flask_login import current_user

from ..documents.filetypes import ACCEPT, ALLOWED_TEXT
from ..templating import UrlPattern
from .checklist import open_task_count
from .evidence import MAX_FILES_PER_UPLOAD, kind_of, max_file_bytes, max_file_mb_text, size_text
from .notifications import unread_count
from .period_rules import Frame, entry_outcome, task_state_today
from .queries import current_period


def evidence_limits() -> dict:
    """What the upload control tells the user and checks before sending."""
    return {"max_file": max_file_bytes(), "max_file_mb": max_file_mb_text(),
            "max_request": current_app.config.get("MAX_CONTENT_LENGTH") or 0,
            "max_files": MAX_FILES_PER_UPLOAD, "accept": ACCEPT, "allowed": ALLOWED_TEXT}


def evidence_kind_label(evidence) -> str:
    kind = kind_of(evidence)
    return kind.label if kind else ""


def evidence_viewer(evidence) -> str:
    """How the approval queue's dialog shows a file: "pdf" in a frame, "image" as a picture, "" (downloaded)."""
    kind = kind_of(evidence)
    if kind is None or not kind.inline or not evidence.file_key:
        return ""
    return "pdf" if kind.code == "pdf" else "image"


def approval_urls() -> SimpleNamespace:
    """The links of the approval queue's cards, built once per page (url_for a link a card was a tenth of
    the queue's time): the decision's URL, and patterns for an entry's history and its evidence."""
    return SimpleNamespace(decide=url_for("progress.decide"), entry=UrlPattern("progress.view_entry", "entry_id"),
                           view_evidence=UrlPattern("progress.view_evidence", "evidence_id"),
                           download_evidence=UrlPattern("progress.download_evidence", "evidence_id"))


def _navigation() -> dict:
    def open_tasks() -> int:
        # Computed only when the layout asks for it (one COUNT query): the checklist's own frame.
        if not current_user.is_authenticated:
            return 0
        if "open_task_count" in g:  # the checklist of the user's unit, unfiltered, counted them already
            return g.open_task_count
        return open_task_count(current_user.unit_id, Frame.of(current_period()))

    def unread_notifications() -> int:
        # The bell's count (one COUNT query), only when the layout asks for it.
        return unread_count(current_user)

    return {"open_task_count": open_tasks, "unread_notifications": unread_notifications}


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(entry_outcome=entry_outcome, task_state_today=task_state_today,
                                 evidence_limits=evidence_limits,
                                 evidence_kind_label=evidence_kind_label, evidence_viewer=evidence_viewer,
                                 approval_urls=approval_urls)
    app.jinja_env.filters["filesize"] = size_text
    app.context_processor(_navigation)
