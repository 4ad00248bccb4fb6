from wtforms import BooleanField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import EqualTo, Length, Optional, Regexp

from ..forms import BaseForm, MultiCheckboxField, choices, max_length, parse_id, required, strip
from .models import ROLES, UNIT_KINDS
from .services import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH

_PASSWORD_LENGTH = (Length(min=MIN_PASSWORD_LENGTH), max_length(MAX_PASSWORD_LENGTH))


class LoginForm(BaseForm):
    username = StringField("Tên đăng nhập", [required("Vui lòng nhập tên đăng nhập."), max_length(80)],
                           filters=[strip], render_kw={"autocomplete": "username", "autocapitalize": "none"})
    # Longer than the policy's maximum: passwords set before the policy still sign in.
    password = PasswordField("Mật khẩu", [required("Vui lòng nhập mật khẩu."), max_length(1000)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField("Ghi nhớ đăng nhập trên máy này")


class ChangePasswordForm(BaseForm):
    current_password = PasswordField("Mật khẩu hiện tại", [required("Vui lòng nhập mật khẩu hiện tại."),
                                                           max_length(1000)],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(
        "Mật khẩu mới", [required("Vui lòng nhập mật khẩu mới."), *_PASSWORD_LENGTH],
        render_kw={"autocomplete": "new-password"},
        description=f"Ít nhất {MIN_PASSWORD_LENGTH} ký tự, khác tên đăng nhập.",
    )
    confirm = PasswordField("Nhập lại mật khẩu mới",
                            [required("Vui lòng nhập lại mật khẩu mới."),
                             EqualTo("new_password", message="Hai mật khẩu không khớp nhau.")],
                            render_kw={"autocomplete": "new-password"})


class UnitForm(BaseForm):
    version = HiddenField()
    name = StringField("Tên đơn vị", [required("Vui lòng nhập tên đơn vị."), max_length(200)], filters=[strip])
    short_name = StringField("Tên viết tắt", [required("Vui lòng nhập tên viết tắt."), max_length(50)],
                             filters=[strip], description="Ví dụ: VP, TTr, KH-TC-TH.")
    kind = SelectField("Loại đơn vị", choices=choices(UNIT_KINDS.items()))
    active = BooleanField("Đang hoạt động", default=True)


class UserForm(BaseForm):
    version = HiddenField()
    username = StringField(
        "Tên đăng nhập",
        [required("Vui lòng nhập tên đăng nhập."), max_length(80),
         Regexp(r"^[A-Za-z0-9._-]+$", message="Chỉ dùng chữ không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.")],
        filters=[strip], render_kw={"autocapitalize": "none", "autocomplete": "off"},
    )
    full_name = StringField("Họ và tên", [required("Vui lòng nhập họ và tên."), max_length(200)], filters=[strip])
    job_title = StringField("Chức vụ", [max_length(200)], filters=[strip])
    email = StringField("Thư điện tử",
                        [Optional(), Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Địa chỉ thư điện tử không hợp lệ."),
                         max_length(200)],
                        filters=[strip])
    unit_id = SelectField("Đơn vị", coerce=parse_id)
    roles = MultiCheckboxField("Vai trò", choices=choices(ROLES.items()))
    active = BooleanField("Đang hoạt động", default=True)


class NewUserForm(UserForm):
    password = PasswordField(
        "Mật khẩu ban đầu", [required("Vui lòng nhập mật khẩu ban đầu."), *_PASSWORD_LENGTH],
        render_kw={"autocomplete": "new-password"},
        description="Người dùng sẽ phải đổi mật khẩu ở lần đăng nhập đầu tiên.",
    )


class SupervisionForm(BaseForm):
    """The units a supervisor (Lãnh đạo Sở) approves; the Director approves them all."""

    version = HiddenField()
    supervises_all = BooleanField("Giám đốc Sở (xem và duyệt tất cả các đơn vị)")
    unit_ids = MultiCheckboxField("Các đơn vị phụ trách", coerce=int)


class ResetPasswordForm(BaseForm):
    new_password = PasswordField(
        "Mật khẩu tạm thời", [required("Vui lòng nhập mật khẩu tạm thời."), *_PASSWORD_LENGTH],
        render_kw={"autocomplete": "new-password"},
        description="Người dùng sẽ phải đổi mật khẩu này ở lần đăng nhập tới.",
    )


