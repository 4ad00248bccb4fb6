"""Administration of units and users (Quản trị)."""
from flask import Blueprint, current_app, render_template, request, url_for
from flask_login import current_user

from .. import audit
from ..extensions import db
from ..forms import arg_int, choices, edit_form, unit_options, version_of
from ..htmx import flash_and_redirect, submit_form
from ..permissions import requires
from . import queries
from .forms import NewUserForm, ResetPasswordForm, SupervisionForm, UnitForm, UserForm
from .models import ROLES, SUPERVISOR, Unit, User
from .services import create_unit, create_user, reset_password, set_supervision, update_unit, update_user
from .signals import unit_list_figures

bp = Blueprint("org", __name__)


def _saved(message: str, endpoint: str, **values):
    return lambda obj: flash_and_redirect(message.format(obj=obj), url_for(endpoint, **values), "success")


# -- units -----------------------------------------------------------------------

@bp.get("/units")
@requires("unit.manage")
def list_units():
    return render_template("org/units.html", units=queries.all_units(), user_counts=queries.user_counts_by_unit(),
                           columns=unit_list_figures(current_app._get_current_object()))


def _unit_fields(form) -> dict:
    return {"name": form.name.data, "short_name": form.short_name.data, "kind": form.kind.data,
            "active": form.active.data}


@bp.route("/units/new", methods=["GET", "POST"])
@requires("unit.manage")
def new_unit():
    form = UnitForm()
    return submit_form(form, lambda: create_unit(current_user, **_unit_fields(form)),
                       template="org/unit_form.html", context={"unit": None},
                       done=_saved("Đã thêm đơn vị “{obj.name}”.", "org.list_units"))


@bp.route("/units/<int:unit_id>", methods=["GET", "POST"])
@requires("unit.manage")
def edit_unit(unit_id):
    unit = db.get_or_404(Unit, unit_id)
    form = edit_form(UnitForm, unit)
    return submit_form(
        form, lambda: update_unit(current_user, unit, **_unit_fields(form), expected_version=version_of(form)),
        template="org/unit_form.html",
        context={"unit": unit, "history": audit.history(unit), "labels": Unit.AUDIT_FIELDS},
        done=_saved("Đã lưu đơn vị “{obj.name}”.", "org.list_units"))


# -- users -----------------------------------------------------------------------

def _unit_options():
    return choices((u.id, u.name + ("" if u.active else " (ngừng hoạt động)"))
                   for u in queries.unit_choices(include_inactive=True))


def _user_fields(form) -> dict:
    return {"username": form.username.data, "full_name": form.full_name.data, "job_title": form.job_title.data,
            "email": form.email.data, "unit": db.session.get(Unit, form.unit_id.data), "roles": form.roles.data,
            "active": form.active.data}


def _supervision_form(user, submitted=False):
    """The supervisor's units (checkboxes): active units outside the board, and those already chosen."""
    form = SupervisionForm() if submitted else SupervisionForm(formdata=None)
    if not submitted:
        form.supervises_all.data = user.supervises_all
        form.unit_ids.data = [u.id for u in user.supervised_units]
        form.version.data = user.version
    form.unit_ids.choices = unit_options(
        queries.unit_choices(*user.supervised_units, exclude_kinds=queries.LEADERSHIP))
    return form


def _user_page_context(user, with_supervision_form=True) -> dict:
    context = {"user": user, "roles": ROLES, "history": audit.history(user), "labels": User.AUDIT_FIELDS,
               "is_supervisor": SUPERVISOR in user.roles}
    if with_supervision_form:
        context["supervision_form"] = _supervision_form(user)
    return context


@bp.get("/users")
@requires("user.manage")
def list_users():
    unit_id = arg_int("unit")
    return render_template("org/users.html", users=queries.users(unit_id), units=queries.all_units(),
                           unit_id=unit_id)


@bp.route("/users/new", methods=["GET", "POST"])
@requires("user.manage")
def new_user():
    form = NewUserForm()
    form.unit_id.choices = _unit_options()
    return submit_form(
        form, lambda: create_user(current_user, **_user_fields(form), password=form.password.data),
        template="org/user_form.html", context={"user": None, "roles": ROLES},
        done=_saved("Đã tạo tài khoản “{obj.username}”.", "org.list_users"))


def _user_form(user, submitted=True):
    form = edit_form(UserForm, user) if submitted else UserForm(formdata=None, obj=user)
    if not submitted or request.method == "GET":
        form.roles.data = sorted(user.roles)
        form.version.data = user.version
    form.unit_id.choices = _unit_options()
    return form


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@requires("user.manage")
def edit_user(user_id):
    user = db.get_or_404(User, user_id)
    form = _user_form(user)
    return submit_form(
        form, lambda: update_user(current_user, user, **_user_fields(form), expected_version=version_of(form)),
        template="org/user_form.html", context={**_user_page_context(user), "reset_form": ResetPasswordForm(formdata=None)},
        done=_saved("Đã lưu tài khoản “{obj.username}”.", "org.list_users"))


@bp.post("/users/<int:user_id>/password")
@requires("user.manage")
def reset_user_password(user_id):
    user = db.get_or_404(User, user_id)
    reset_form = ResetPasswordForm()
    return submit_form(
        reset_form, lambda: reset_password(current_user, user, reset_form.new_password.data),
        template="org/user_form.html", form_name="reset_form",
        context={**_user_page_context(user), "form": _user_form(user, submitted=False)},
        done=lambda _: flash_and_redirect(
            f"Đã đặt lại mật khẩu cho “{user.username}”. Người dùng sẽ phải đổi mật khẩu khi đăng nhập.",
            url_for("org.edit_user", user_id=user.id), "success"))


@bp.post("/users/<int:user_id>/supervision")
@requires("user.supervision")
def set_user_supervision(user_id):
    """The units a supervisor (Lãnh đạo Sở) approves, or all of them (Giám đốc Sở)."""
    user = db.get_or_404(User, user_id)
    form = _supervision_form(user, submitted=True)

    def save():
        units = [db.session.get(Unit, unit_id) for unit_id in form.unit_ids.data or []]
        return set_supervision(current_user, user, supervises_all=form.supervises_all.data,
                               units=[u for u in units if u is not None], expected_version=version_of(form))

    return submit_form(
        form, save, template="org/user_form.html", form_name="supervision_form",
        context={**_user_page_context(user, with_supervision_form=False), "form": _user_form(user, submitted=False),
                 "reset_form": ResetPasswordForm(formdata=None)},
        done=lambda _: flash_and_redirect(f"Đã lưu phân công phụ trách của “{user.username}”.",
                                          url_for("org.edit_user", user_id=user.id), "success"))
