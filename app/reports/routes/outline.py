"""The outline (đề cương) of the report: the department's default one, and a plan's own copy
that the Office edits section by section (htmx)."""
from flask import abort, render_template, request, url_for
from flask_login import current_user

from ...extensions import db
from ...forms import version_of
from ...htmx import flash_and_redirect, is_htmx, page_or_partial, run_action, submit_form
from ...permissions import authorize, can, requires
from ...plans.models import Plan
from .. import services
from ..forms import PhrasesForm, SectionForm, VersionForm
from ..models import SECTION_KINDS, ReportSection
from ..phrases import PHRASES
from ..queries import numbered_outline, reported_plans, template_for, wording_for
from .common import bp, plan_arg, refused

PAGE, PARTIAL = "reports/template.html", "reports/_outline.html"


def _phrases_form(plan: Plan | None, template, own: bool) -> PhrasesForm:
    """The wording the plan's report is written in, in its form (the template's version when own)."""
    say = wording_for(plan.id if plan else None)
    form = PhrasesForm(formdata=None, data=dict(say.texts))
    form.version.data = template.version if own else ""
    return form


def _outline_context(plan: Plan | None) -> dict:
    template = template_for(plan.id if plan else None)
    own = template is not None and template.plan_id == (plan.id if plan else None)
    return {"plan": plan, "kinds": SECTION_KINDS, "plans": reported_plans(),
            "outline": numbered_outline(plan.id if plan else None), "stored_template": template, "own": own,
            "stored": {s.key: s for s in template.sections} if own else {},
            "version": template.version if own else "", "form": SectionForm(formdata=None),
            "phrases_form": _phrases_form(plan, template, own), "phrase_messages": [],
            "can_edit": can(current_user, "report.edit", template), "messages": []}


def _outline_url(plan: Plan | None) -> str:
    return url_for("reports.template", plan=plan.id if plan else None)


def _outline(plan: Plan | None, status: int = 200, messages=()):
    return page_or_partial(PAGE, PARTIAL, status=status, **{**_outline_context(plan), "messages": list(messages)})


def _saved(plan: Plan | None):
    if not is_htmx():
        return flash_and_redirect("Đã lưu đề cương báo cáo.", _outline_url(plan), "success")
    return _outline(plan)


def _change_with_form(plan: Plan | None, form, change, add_box: bool = False):
    """Run ``change(template)`` on the plan's own template (created from the outline it follows).

    A refused form comes back in the "Thêm mục" box when it is that box's form and the box is on
    the page; otherwise (a section's own form) its messages go above the outline, where they are seen."""
    context = _outline_context(plan)
    in_box = add_box and context["own"]
    return submit_form(form, lambda: change(services.ensure_template(current_user, plan)),
                       template=PAGE, partial=PARTIAL, form_name="form" if in_box else "refused", context=context,
                       done=lambda _: _saved(plan))


def _change(plan: Plan | None, change):
    """Run ``change(template)`` for a button without fields (move, delete, customise)."""
    return run_action(lambda: change(services.ensure_template(current_user, plan)), done=lambda: _saved(plan),
                      refused=lambda message: _outline(plan, 422, [message]))


@bp.get("/templates")
@requires("report.view")
def template():
    return render_template(PAGE, **_outline_context(plan_arg()))


@bp.post("/templates/sections")
@requires("report.edit")
def add_section():
    plan = plan_arg()
    form = SectionForm()
    return _change_with_form(plan, form, lambda t: services.add_section(
        current_user, t, form.title.data, form.kind.data, version_of(form)), add_box=True)


def _stored_section(section_id: int) -> ReportSection:
    section = db.get_or_404(ReportSection, section_id)
    authorize("report.edit", section.template)
    return section


@bp.post("/templates/phrases")
@requires("report.edit")
def save_phrases():
    """The outline's wording (every phrase at once); a bad phrase is refused, named, nothing saved."""
    plan = plan_arg()
    form = PhrasesForm()
    return submit_form(
        form, lambda: services.save_phrases(current_user, services.ensure_template(current_user, plan),
                                            {key: getattr(form, key).data for key in PHRASES}, version_of(form)),
        template=PAGE, form_name="phrases_form", messages_name="phrase_messages", context=_outline_context(plan),
        done=lambda _: flash_and_redirect("Đã lưu câu chữ của báo cáo; bấm “Tạo lại” trên dự thảo để áp dụng.",
                                          _outline_url(plan), "success"))


@bp.post("/templates/sections/<int:section_id>")
@requires("report.edit")
def update_section(section_id):
    section = _stored_section(section_id)
    form = SectionForm()
    return _change_with_form(section.template.plan, form, lambda t: services.update_section(
        current_user, section, form.title.data, form.kind.data, version_of(form)))


@bp.post("/templates/sections/<int:section_id>/move")
@requires("report.edit")
def move_section(section_id):
    section = _stored_section(section_id)
    form = VersionForm()
    direction = request.form.get("direction", "")
    return _change(section.template.plan, lambda t: services.move_section(
        current_user, section, direction, version_of(form)))


@bp.post("/templates/sections/<int:section_id>/delete")
@requires("report.edit")
def delete_section(section_id):
    section = _stored_section(section_id)
    form = VersionForm()
    return _change(section.template.plan, lambda t: services.remove_section(current_user, section, version_of(form)))


@bp.post("/templates/customise")
@requires("report.edit")
def customise_template():
    """Give the plan (or the department) its own copy of the outline it follows, to edit."""
    return _change(plan_arg(), lambda t: None)


@bp.post("/templates/reset")
@requires("report.edit")
def reset_template():
    plan = plan_arg()
    if plan is None:
        abort(404)
    return run_action(lambda: services.reset_template(current_user, plan),
                      done=lambda: flash_and_redirect("Kế hoạch dùng lại đề cương chung.", _outline_url(plan),
                                                      "success"),
                      refused=lambda message: refused(message, _outline_url(plan)))
