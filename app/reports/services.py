"""Changes to the report: the outline (template) per plan, each period's draft, the typed-in figures.

Plain functions with explicit arguments; each checks the domain rules (raising
DomainError with Vietnamese messages), adds its audit record and flushes; the
request (or the CLI's ``transaction()``) commits. Who may call them is decided
by app.permissions ("report.view", "report.edit"), in the routes.
"""
import json
import re
import secrets

from .. import audit
from ..errors import DomainError, EditConflict
from ..extensions import db
from ..formatting import utcnow, vn_date
from ..plans.models import Plan
from ..progress.models import ReportingPeriod
from ..search import fold
from .figures import figure_problems
from .phrases import defaults_json, validated
from .models import (
    SECTION_KINDS,
    DraftSection,
    ReportDraft,
    ReportFigures,
    ReportSection,
    ReportTemplate,
)
from .queries import template_for
from .queries import figures_of, find_draft, load_stats, outline_for, signers, stored_template, wording_for
from .wording import ReportSettings, generate, recipient_lines

TITLE_LIMIT = 300
SECTION_TEXT_LIMIT = 200_000
SINGLE_KINDS = {"opening": "phần mở đầu", "annex": "phụ lục"}


# -- the outline ---------------------------------------------------------------------------------

def ensure_template(actor, plan: Plan | None) -> ReportTemplate:
    """The plan's own template (or the default one), created on first edit as a copy of the
    outline it followed until then."""
    plan_id = plan.id if plan is not None else None
    template = stored_template(plan_id)
    if template is not None:
        return template
    outline = outline_for(plan_id)  # the default template's, or DEFAULT_OUTLINE
    followed = template_for(plan_id)
    template = ReportTemplate(plan_id=plan_id, phrases=followed.phrases if followed is not None else defaults_json())
    template.sections = [ReportSection(key=s.key, title=s.title, kind=s.kind, position=i)
                         for i, s in enumerate(outline)]
    db.session.add(template)
    db.session.flush()
    audit.record(actor, "create", template, None, template.audit_snapshot())
    return template


_TEMPLATE = "Đề cương báo cáo"  # what a stale outline form is told changed


def _validate_section(template: ReportTemplate, title: str, kind: str, section: ReportSection | None = None):
    fields = {}
    title = (title or "").strip()
    if not title:
        fields["title"] = "Vui lòng nhập tên mục."
    elif len(title) > TITLE_LIMIT:
        fields["title"] = f"Tối đa {TITLE_LIMIT} ký tự."
    if kind not in SECTION_KINDS:
        fields["kind"] = "Hãy chọn loại nội dung của mục."
    elif kind in SINGLE_KINDS and any(s.kind == kind and s is not section for s in template.sections):
        fields["kind"] = f"Đề cương đã có {SINGLE_KINDS[kind]}; mỗi báo cáo chỉ có một."
    if fields:
        raise DomainError(fields=fields)
    return title


def _new_key(template: ReportTemplate, title: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")[:28] or "muc"
    taken = {s.key for s in template.sections}
    key = base
    while key in taken:
        key = f"{base}-{secrets.token_hex(2)}"
    return key


def _renumber(template: ReportTemplate) -> None:
    for i, section in enumerate(template.sections):
        section.position = i


def _touch(actor, template: ReportTemplate, before: dict) -> None:
    template.updated_at = utcnow()
    db.session.flush()
    db.session.refresh(template, ["sections"])
    audit.record(actor, "update", template, before, template.audit_snapshot())
    db.session.flush()


def add_section(actor, template: ReportTemplate, title: str, kind: str,
                expected_version: int | None = None) -> ReportSection:
    """A new section, placed before the annex (or last)."""
    EditConflict.check(template, expected_version, _TEMPLATE)
    title = _validate_section(template, title, kind)
    before = template.audit_snapshot()
    section = ReportSection(key=_new_key(template, title), title=title, kind=kind)
    annex_at = next((i for i, s in enumerate(template.sections) if s.kind == "annex"), None)
    if annex_at is None or kind == "annex":
        template.sections.append(section)
    else:
        template.sections.insert(annex_at, section)
    _renumber(template)
    _touch(actor, template, before)
    return section


def update_section(actor, section: ReportSection, title: str, kind: str,
                   expected_version: int | None = None) -> ReportSection:
    template = section.template
    EditConflict.check(template, expected_version, _TEMPLATE)
    title = _validate_section(template, title, kind, section)
    before = template.audit_snapshot()
    section.title, section.kind = title, kind
    _touch(actor, template, before)
    return section


def move_section(actor, section: ReportSection, direction: str, expected_version: int | None = None) -> None:
    template = section.template
    EditConflict.check(template, expected_version, _TEMPLATE)
    sections = list(template.sections)
    i = sections.index(section)
    j = i - 1 if direction == "up" else i + 1
    if direction not in ("up", "down") or not 0 <= j < len(sections):
        raise DomainError("Không thể chuyển mục này lên (xuống) nữa.")
    before = template.audit_snapshot()
    sections[i], sections[j] = sections[j], sections[i]
    for position, s in enumerate(sections):
        s.position = position
    db.session.flush()
    template.sections.sort(key=lambda s: s.position)
    _touch(actor, template, before)


def remove_section(actor, section: ReportSection, expected_version: int | None = None) -> None:
    """Drop a section from the outline; the drafts keep its text (it comes back if re-added under
    the same key), but it is no longer shown or exported."""
    template = section.template
    EditConflict.check(template, expected_version, _TEMPLATE)
    if len(template.sections) <= 1:
        raise DomainError("Đề cương phải còn ít nhất một mục.")
    before = template.audit_snapshot()
    template.sections.remove(section)
    _renumber(template)
    _touch(actor, template, before)


def save_phrases(actor, template: ReportTemplate, values: dict, expected_version: int | None = None) -> None:
    """The outline's wording as typed: every phrase checked (an unknown placeholder or broken braces
    refused, named, with nothing saved); the drafts take it at their next "Tạo lại"."""
    EditConflict.check(template, expected_version, _TEMPLATE)
    phrases = validated(values)
    before = template.audit_snapshot()
    template.phrases = json.dumps(phrases, ensure_ascii=False)
    _touch(actor, template, before)


def reset_template(actor, plan: Plan) -> None:
    """Drop the plan's own outline: it follows the default one again."""
    template = stored_template(plan.id)
    if template is None:
        raise DomainError("Kế hoạch này đang dùng đề cương chung.")
    audit.record(actor, "delete", template, template.audit_snapshot(), None)
    db.session.delete(template)
    db.session.flush()


# -- the draft -------------------------------------------------------------------------------

def generate_draft(actor, period: ReportingPeriod, plan: Plan | None, settings: ReportSettings) -> ReportDraft:
    """Create the period's draft, or regenerate it ("Tạo lại"): every section of the outline gets
    its generated text anew; a section edited by hand keeps its text (and stays marked edited)."""
    plan_id = plan.id if plan is not None else None
    stats = load_stats(period, plan_id)
    say = wording_for(plan_id)
    draft = find_draft(period.id, plan_id)
    new = draft is None
    if new:
        draft = ReportDraft(period_id=period.id, plan_id=plan_id)
        db.session.add(draft)
    kept = []
    for item in outline_for(plan_id):
        text = generate(item.kind, stats, settings, say)
        section = draft.section(item.key)
        if section is None:
            section = DraftSection(key=item.key, text=text)
            draft.sections.append(section)
        elif section.edited:
            kept.append(item.title)
        else:
            section.text = text
        section.generated_text = text
    draft.generated_at, draft.generated_by_id = utcnow(), actor.id if actor is not None else None
    db.session.flush()
    audit.record(actor, "generate", draft, None, {"edited": ", ".join(kept)} if kept else {})
    db.session.flush()
    return draft


def _draft_section(draft: ReportDraft, key: str) -> tuple[DraftSection, str]:
    item = next((s for s in outline_for(draft.plan_id) if s.key == key), None)
    section = draft.section(key)
    if item is None or section is None:
        raise DomainError("Mục này không còn trong đề cương báo cáo; hãy tải lại trang.")
    return section, item.title


def save_section(actor, draft: ReportDraft, key: str, text: str,
                 expected_version: int | None = None) -> DraftSection:
    """The Office's wording of one section; it survives regeneration until discarded."""
    section, title = _draft_section(draft, key)
    EditConflict.check(section, expected_version, f"Mục “{title}”")
    text = (text or "").replace("\r\n", "\n").replace("\x00", "").strip()
    if len(text) > SECTION_TEXT_LIMIT:
        raise DomainError(fields={"text": f"Tối đa {SECTION_TEXT_LIMIT:,} ký tự.".replace(",", ".")})
    before = {"section": title, "text": section.text, "edited": "Có" if section.edited else "Không"}
    section.text = text
    section.edited = text != section.generated_text.strip()
    section.edited_at, section.edited_by_id = utcnow(), actor.id if actor is not None else None
    db.session.flush()
    audit.record(actor, "update", draft, before,
                 {"section": title, "text": section.text, "edited": "Có" if section.edited else "Không"})
    db.session.flush()
    return section


def discard_edit(actor, draft: ReportDraft, key: str, settings: ReportSettings) -> DraftSection:
    """Drop the hand edit of a section: it takes the text generated from today's figures."""
    section, title = _draft_section(draft, key)
    kind = next(s.kind for s in outline_for(draft.plan_id) if s.key == key)
    text = generate(kind, load_stats(draft.period, draft.plan_id), settings, wording_for(draft.plan_id))
    before = {"section": title, "text": section.text, "edited": "Có" if section.edited else "Không"}
    section.text = section.generated_text = text
    section.edited, section.edited_at, section.edited_by_id = False, None, None
    db.session.flush()
    audit.record(actor, "discard_edit", draft, before, {"section": title, "text": text, "edited": "Không"})
    db.session.flush()
    return section


RECIPIENTS_LIMIT = 20


def _details_snapshot(draft: ReportDraft) -> dict:
    return {"number": draft.number, "report_date": vn_date(draft.report_date),
            "signer": draft.signer.full_name if draft.signer is not None else "",
            "recipients": "; ".join(recipient_lines(draft.recipients))}


def update_draft_details(actor, draft: ReportDraft, number: str, report_date, signer_id=None,
                         recipients: str | None = None, expected_version: int | None = None) -> ReportDraft:
    """The number (blank until the document system gives one), the date printed on the report, who
    signs it (a user with the leadership role) and its Nơi nhận (one a line; blank: the default list).
    ``signer_id`` / ``recipients`` None leave them as they are."""
    EditConflict.check(draft, expected_version, "Dự thảo báo cáo")
    number = (number or "").strip()
    fields = {}
    if len(number) > 60:
        fields["number"] = "Tối đa 60 ký tự."
    signer = draft.signer
    if signer_id is not None:
        signer = None
        if str(signer_id).strip():
            signer = next((u for u in signers() if str(u.id) == str(signer_id).strip()), None)
            if signer is None:
                fields["signer"] = "Người ký phải là Lãnh đạo Sở đang hoạt động; hãy chọn trong danh sách."
    lines = recipient_lines(recipients if recipients is not None else draft.recipients)
    if len(lines) > RECIPIENTS_LIMIT:
        fields["recipients"] = f"Tối đa {RECIPIENTS_LIMIT} nơi nhận."
    elif any(len(line) > 200 for line in lines):
        fields["recipients"] = "Mỗi nơi nhận tối đa 200 ký tự."
    if fields:
        raise DomainError(fields=fields)
    before = _details_snapshot(draft)
    draft.number, draft.report_date = number, report_date
    draft.signer = signer
    draft.recipients = "\n".join(lines)
    db.session.flush()
    audit.record(actor, "update", draft, before, _details_snapshot(draft))
    db.session.flush()
    return draft


# -- the typed-in figures ------------------------------------------------------------------------

def save_figures(actor, period: ReportingPeriod, values: dict[str, int | None], source: str,
                 expected_version: int | None = None) -> ReportFigures:
    """Store the figures as typed (a mismatch is kept and shown, not refused); any change
    withdraws an earlier acceptance of a mismatch."""
    figures = figures_of(period)
    if figures is not None:
        EditConflict.check(figures, expected_version, "Số liệu báo cáo")
    fields = {}
    for key in ReportFigures.FIELDS:
        value = values.get(key)
        if value is not None and not 0 <= value <= 100_000_000:
            fields[key] = "Số liệu phải là số nguyên không âm."
    source = (source or "").strip()
    if len(source) > 500:
        fields["source"] = "Tối đa 500 ký tự."
    if fields:
        raise DomainError(fields=fields)
    new = figures is None
    if new:
        figures = ReportFigures(period_id=period.id, source="")
        db.session.add(figures)
    before = None if new else figures.audit_snapshot()
    changed = new or source != figures.source or any(values.get(k) != getattr(figures, k) for k in figures.FIELDS)
    for key in ReportFigures.FIELDS:
        setattr(figures, key, values.get(key))
    figures.source = source
    if changed:
        figures.mismatch_accepted_at = figures.mismatch_accepted_by_id = None
        figures.mismatch_reason = ""
    figures.updated_at, figures.updated_by_id = utcnow(), actor.id if actor is not None else None
    db.session.flush()
    audit.record(actor, "create" if new else "update", figures, before, figures.audit_snapshot())
    db.session.flush()
    return figures


def check_mismatch(period: ReportingPeriod) -> ReportFigures:
    """The period's figures, when they disagree with the counts (else there is nothing to accept)."""
    figures = figures_of(period)
    if figures is None or not figure_problems(figures):
        raise DomainError("Số liệu đã khớp, không cần xác nhận chênh lệch.")
    return figures


def accept_mismatch(actor, period: ReportingPeriod, reason: str) -> ReportFigures:
    """Export despite the mismatch, knowingly, with the reason (kept until the figures change)."""
    figures = check_mismatch(period)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(fields={"reason": "Vui lòng nêu lý do chấp nhận chênh lệch."})
    if len(reason) > 2000:
        raise DomainError(fields={"reason": "Tối đa 2000 ký tự."})
    before = figures.audit_snapshot()
    figures.mismatch_accepted_at, figures.mismatch_accepted_by_id = utcnow(), actor.id if actor else None
    figures.mismatch_reason = reason
    db.session.flush()
    audit.record(actor, "accept", figures, before, figures.audit_snapshot())
    db.session.flush()
    return figures
