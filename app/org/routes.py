"""Administration of units and users (Quản trị)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from .. import audit
from ..errors import DomainError
from ..extensions import db
from ..forms import choices
from ..permissions import requires
from ..plans.models import Task
from .forms import NewUserForm, ResetPasswordForm, UnitForm, UserForm, version_of
from .models import ROLES, Unit, User
from .services import all_units, create_unit, create_user, reset_password, update_unit, update_user

bp = Blueprint("org", __name__)


def _get_or_404(model, object_id):
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj


# -- units -----------------------------------------------------------------------

@bp.get("/units")
@requires("unit.manage")
def list_units():
    user_counts = dict(db.session.execute(select(User.unit_id, func.count()).group_by(User.unit_id)).all())
    task_counts = dict(db.session.execute(
        select(Task.lead_unit_id, func.count()).where(Task.archived_at.is_(None)).group_by(Task.lead_unit_id)
    ).all())
    return render_template("org/units.html", units=all_units(), user_counts=user_counts, task_counts=task_counts)


@bp.route("/units/new", methods=["GET", "POST"])
@requires("unit.manage")
def new_unit():
    form = UnitForm()
    error = None
    if form.validate_on_submit():
        try:
            unit = create_unit(current_user, name=form.name.data, short_name=form.short_name.data,
                               kind=form.kind.data, active=form.active.data)
        except DomainError as exc:
            error = exc.message
        else:
            flash(f"Đã thêm đơn vị “{unit.name}”.", "success")
            return redirect(url_for("org.list_units"))
    status = 422 if request.method == "POST" else 200
    return render_template("org/unit_form.html", form=form, unit=None, error=error), status


@bp.route("/units/<int:unit_id>", methods=["GET", "POST"])
@requires("unit.manage")
def edit_unit(unit_id):
    unit = _get_or_404(Unit, unit_id)
    form = UnitForm(obj=unit)
    error = None
    if request.method == "GET":
        form.version.data = unit.version
    elif form.validate_on_submit():
        try:
            update_unit(current_user, unit, name=form.name.data, short_name=form.short_name.data,
                        kind=form.kind.data, active=form.active.data, expected_version=version_of(form))
        except DomainError as exc:
            db.session.rollback()
            error = exc.message
        else:
            flash(f"Đã lưu đơn vị “{unit.name}”.", "success")
            return redirect(url_for("org.list_units"))
    status = 422 if request.method == "POST" else 200
    return render_template("org/unit_form.html", form=form, unit=unit, error=error,
                           history=audit.history("unit", unit.id), labels=Unit.AUDIT_FIELDS), status


# -- users -----------------------------------------------------------------------

def _unit_choices():
    return choices((u.id, u.name + ("" if u.active else " (ngừng hoạt động)")) for u in all_units())


@bp.get("/users")
@requires("user.manage")
def list_users():
    unit_id = request.args.get("unit", type=int)
    query = select(User).join(User.unit).order_by(Unit.position, User.full_name)
    if unit_id:
        query = query.where(User.unit_id == unit_id)
    users = list(db.session.scalars(query).unique())
    return render_template("org/users.html", users=users, units=all_units(), unit_id=unit_id)


@bp.route("/users/new", methods=["GET", "POST"])
@requires("user.manage")
def new_user():
    form = NewUserForm()
    form.unit_id.choices = _unit_choices()
    error = None
    if form.validate_on_submit():
        try:
            user = create_user(
                current_user, username=form.username.data, full_name=form.full_name.data,
                job_title=form.job_title.data, email=form.email.data, unit=db.session.get(Unit, form.unit_id.data),
                roles=form.roles.data, password=form.password.data, active=form.active.data,
            )
        except DomainError as exc:
            error = exc.message
        else:
            flash(f"Đã tạo tài khoản “{user.username}”.", "success")
            return redirect(url_for("org.list_users"))
    status = 422 if request.method == "POST" else 200
    return render_template("org/user_form.html", form=form, user=None, error=error, roles=ROLES), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@requires("user.manage")
def edit_user(user_id):
    user = _get_or_404(User, user_id)
    form = UserForm(obj=user, data={"roles": sorted(user.roles)} if request.method == "GET" else None)
    form.unit_id.choices = _unit_choices()
    reset_form = ResetPasswordForm(formdata=None)
    error = None
    if request.method == "GET":
        form.version.data = user.version
    elif form.validate_on_submit():
        try:
            update_user(
                current_user, user, username=form.username.data, full_name=form.full_name.data,
                job_title=form.job_title.data, email=form.email.data, unit=db.session.get(Unit, form.unit_id.data),
                roles=form.roles.data, active=form.active.data, expected_version=version_of(form),
            )
        except DomainError as exc:
            db.session.rollback()
            error = exc.message
        else:
            flash(f"Đã lưu tài khoản “{user.username}”.", "success")
            return redirect(url_for("org.list_users"))
    status = 422 if request.method == "POST" else 200
    return render_template("org/user_form.html", form=form, user=user, error=error, reset_form=reset_form,
                           roles=ROLES, history=audit.history("user", user.id), labels=User.AUDIT_FIELDS), status


@bp.post("/users/<int:user_id>/password")
@requires("user.manage")
def reset_user_password(user_id):
    user = _get_or_404(User, user_id)
    reset_form = ResetPasswordForm()
    if reset_form.validate_on_submit():
        try:
            reset_password(current_user, user, reset_form.new_password.data)
        except DomainError as exc:
            reset_form.new_password.errors = [exc.message]
        else:
            flash(f"Đã đặt lại mật khẩu cho “{user.username}”. Người dùng sẽ phải đổi mật khẩu khi đăng nhập.",
                  "success")
            return redirect(url_for("org.edit_user", user_id=user.id))
    form = UserForm(obj=user, data={"roles": sorted(user.roles)})
    form.unit_id.choices = _unit_choices()
    form.version.data = user.version
    return render_template("org/user_form.html", form=form, user=user, error=None, reset_form=reset_form,
                           roles=ROLES, history=audit.history("user", user.id), labels=User.AUDIT_FIELDS), 422
