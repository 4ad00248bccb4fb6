"""Evidence linked to criteria: the Office confirms or sets aside a document for a leaf criterion (on the
year's screen), or tags a document with a criterion code from the evidence's side. Thin: load, check the
policy, call links.py, answer with the criterion's fragment (or back to the page)."""
from flask import flash, request, url_for
from flask_login import current_user, login_required

from ...errors import DomainError
from ...extensions import db
from ...htmx import is_htmx, redirect_to
from ...permissions import authorize, can
from ...progress.models import APPROVED, Evidence
from .. import links as link_service
from ..forms import TagForm
from ..models import CONFIRMED, REJECTED
from ..queries import criteria_of
from .common import bp, load_criterion
from .scores import _criterion_reply, year_page


def _form_int(name: str) -> int | None:
    try:
        return int(request.form.get(name) or 0) or None
    except ValueError:
        return None


@bp.post("/<int:year>/criteria/<int:criterion_id>/links")
@login_required
def decide_link(year, criterion_id):
    """Confirm (``status=confirmed``) or set aside (``rejected``) document ``evidence_id`` for a leaf; or
    confirm the year's document whose số ký hiệu the Office typed (``number``)."""
    criterion = load_criterion(year, criterion_id, "index.link")
    evidence_id, status = _form_int("evidence_id"), request.form.get("status")
    evidence = db.session.get(Evidence, evidence_id) if evidence_id else None
    try:
        if evidence_id is None and "number" in request.form:
            evidence = link_service.evidence_by_number(criterion.index_year, request.form["number"])
        if evidence is None:
            raise DomainError("Không tìm thấy tài liệu kiểm chứng này.")
        if status not in (CONFIRMED, REJECTED):
            raise DomainError("Hãy chọn xác nhận hoặc bỏ qua tài liệu.")
        found = link_service.suggestions(criterion.index_year, criteria_of(criterion.index_year), ())
        reason = next((s.reason for s in found.get(criterion.id, []) if s.evidence.id == evidence.id), "")
        link_service.decide_evidence(current_user, criterion, evidence, status, reason)
    except DomainError as exc:
        db.session.rollback()
        return _criterion_reply(db.session.get(type(criterion), criterion_id), None, exc.messages, status=422)
    if not is_htmx():
        return redirect_to(url_for("assessment.year", year=year) + f"#criterion-{criterion.id}")
    db.session.flush()
    return _criterion_reply(criterion)


@bp.post("/evidence/<int:evidence_id>/tag")
@login_required
def tag_evidence(evidence_id):
    """From an approved entry's evidence: the Office tags the document with a criterion code of its year."""
    evidence = db.get_or_404(Evidence, evidence_id)
    index_year = link_service.index_year_of(evidence)
    authorize("index.link", index_year)
    form = TagForm()
    back = request.referrer if (request.referrer or "").startswith(request.host_url) else None
    try:
        if not form.validate():
            raise DomainError(*[e for errors in form.errors.values() for e in errors])
        link = link_service.tag_evidence(current_user, index_year, evidence, form.code.data)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return year_page(index_year.year), 422
    flash(f"Đã gắn tài liệu {evidence.number or evidence.original_name} với tiêu chí {link.criterion.code}.",
          "success")
    return redirect_to(back or url_for("assessment.year", year=index_year.year) + f"#criterion-{link.criterion_id}")


@bp.app_template_global("index_tag_year")
def index_tag_year(evidence):
    """The index year the signed-in user may tag ``evidence`` for (an approved entry's document, the Office,
    while the year self-scores), or None: the evidence item shows its "Gắn tiêu chí" control then."""
    if evidence.removed_at is not None or evidence.entry.status != APPROVED:
        return None
    index_year = link_service.index_year_of(evidence)
    return index_year if can(current_user, "index.link", index_year) else None
