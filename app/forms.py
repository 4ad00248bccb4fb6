"""Form pieces shared by every domain: Vietnamese messages, dd/mm/yyyy dates, bounded numbers."""
from collections.abc import Callable
from datetime import date

from flask import abort, request
from wtforms import SelectMultipleField, StringField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, StopValidation, ValidationError

from .formatting import parse_vn_date, vn_date, vn_number
from .numbers import DECIMAL, BeyondIds, NumberKind, number_text, parse_id, parse_number


def drop_nul(value):
    """Drop NUL characters (PostgreSQL refuses them in text), keeping the text as typed otherwise."""
    return value.replace("\x00", "") if isinstance(value, str) else value


def strip(value):
    """Trim a text field and drop NUL characters."""
    return drop_nul(value).strip() if isinstance(value, str) else value


class _Required(InputRequired):
    """Something typed, and something left once it is read: blanks, or a date field holding only spaces,
    count as missing (InputRequired alone lets "  " through to a NOT NULL column)."""

    def __call__(self, form, field):
        super().__call__(form, field)
        data = field.data
        if data is None or (isinstance(data, str) and not data.strip()):
            field.errors[:] = []
            raise StopValidation(self.message)


def required(message: str = "Vui lòng nhập thông tin này."):
    return _Required(message=message)


def max_length(n: int):
    return Length(max=n, message=f"Tối đa {vn_number(n)} ký tự.")


class VNDateField(StringField):
    """A date typed as dd/mm/yyyy (ISO yyyy-mm-dd accepted too), between 01/01/2000 and 31/12/2100."""

    EARLIEST = date(2000, 1, 1)
    LATEST = date(2100, 12, 31)

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {})
        kwargs["render_kw"].setdefault("placeholder", "dd/mm/yyyy")
        kwargs["render_kw"].setdefault("inputmode", "numeric")
        kwargs["render_kw"].setdefault("autocomplete", "off")
        super().__init__(label, validators, **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return vn_date(self.data) if self.data else ""

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist:
            return
        try:
            self.data = parse_vn_date(valuelist[0])
        except ValueError as exc:
            self.data = None
            raise ValueError("Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 23/01/2026).") from exc
        if self.data is not None and not self.EARLIEST <= self.data <= self.LATEST:
            self.data = None
            raise ValueError(f"Ngày phải trong khoảng từ {vn_date(self.EARLIEST)} đến {vn_date(self.LATEST)}.")


class NumberText(StringField):
    """A number typed as people type it ("1.250", "98,5", "100 %": app/numbers.py), shown back as it was
    understood. ``kind`` is a NumberKind, or a function of the form giving it (a target's value is read by
    the metric kind chosen in the same form); then the text is read when the form is validated."""

    def __init__(self, label=None, validators=None, kind: NumberKind | Callable = DECIMAL, **kwargs):
        kwargs.setdefault("render_kw", {})
        whole = isinstance(kind, NumberKind) and kind.whole and not kind.yes_no
        kwargs["render_kw"].setdefault("inputmode", "numeric" if whole else "decimal")
        super().__init__(label, validators, **kwargs)
        self.kind, self.owner = kind, kwargs.get("_form")

    def kind_now(self) -> NumberKind:
        return self.kind if isinstance(self.kind, NumberKind) else self.kind(self.owner)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return number_text(self.data, self.kind_now())

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and isinstance(self.kind, NumberKind):
            self.data = parse_number(valuelist[0], self.kind)

    def pre_validate(self, form):
        if self.raw_data and not isinstance(self.kind, NumberKind):
            try:
                self.data = parse_number(self.raw_data[0], self.kind(form))
            except ValueError as exc:
                raise ValidationError(str(exc)) from exc


def version_of(form) -> int | None:
    """The version of the object the form was opened on (its hidden ``version`` field), if any."""
    try:
        return int(form.version.data) if form.version.data else None
    except (TypeError, ValueError):
        return None


def edit_form(form_class, obj):
    """The form editing ``obj``: filled from it, with its version, to show (GET); the
    submitted data to save (POST)."""
    if request.method != "GET":
        return form_class()
    form = form_class(formdata=None, obj=obj)
    form.version.data = obj.version
    return form


def choices(pairs) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def unit_options(units) -> list[SelectChoice]:
    """Units as the choices of a many-valued field, each with its short name: the list's search
    (app.js) finds "TTr" as well as "Thanh tra Sở"."""
    return [SelectChoice(u.id, u.name, {"data-abbr": u.short_name}) for u in units]


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for a many-valued choice (rendered by the checkbox_group macro)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def coerce_int_or_none(value):
    if value in (None, "", "None"):
        return None
    return parse_id(value)


def arg_int(name: str, default: int | None = None) -> int | None:
    """A whole number from the query string (?plan=, ?unit=, ?page=): every one is read here.

    Missing or not a whole number ("abc", "²", "-1"): ``default`` (the filter is ignored). A number
    beyond MAX_ID names nothing that can exist: 404."""
    try:
        return parse_id(request.args.get(name, ""))
    except BeyondIds:
        abort(404)
    except ValueError:
        return default


def arg_ids(name: str, most: int = 100) -> set[int]:
    """The ids listed in a query-string value, comma-separated (?edit=3,7); what is not an id is skipped,
    and at most ``most`` of them are read."""
    ids = set()
    for part in request.args.get(name, "").split(",", most)[:most]:
        try:
            ids.add(parse_id(part))
        except ValueError:
            continue
    return ids


# WTForms' own messages, in Vietnamese (WTForms ships no Vietnamese catalogue).
_VI = {
    "This field is required.": "Vui lòng nhập thông tin này.",
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
    "Choices cannot be None.": "Chưa có lựa chọn nào.",
    "Invalid choice(s): one or more data inputs could not be coerced.": "Lựa chọn không hợp lệ.",
    "'%(value)s' is not a valid choice for this field.": "“%(value)s” không phải là lựa chọn hợp lệ.",
    "'%(value)s' are not valid choices for this field.": "“%(value)s” không phải là lựa chọn hợp lệ.",
    "Not a valid integer value.": "Giá trị phải là một số nguyên.",
    "Not a valid decimal value.": "Giá trị phải là một số.",
    "Not a valid float value.": "Giá trị phải là một số.",
    "Not a valid date value.": "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.",
    "Invalid email address.": "Địa chỉ thư điện tử không hợp lệ.",
    "Field must be equal to %(other_name)s.": "Hai giá trị nhập vào không khớp nhau.",
    "Number must be at least %(min)s.": "Giá trị tối thiểu là %(min)s.",
    "Number must be at most %(max)s.": "Giá trị tối đa là %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Giá trị phải từ %(min)s đến %(max)s.",
    "Field must be at least %(min)d character long.": "Tối thiểu %(min)d ký tự.",
    "Field must be at least %(min)d characters long.": "Tối thiểu %(min)d ký tự.",
    "Field cannot be longer than %(max)d character.": "Tối đa %(max)d ký tự.",
    "Field cannot be longer than %(max)d characters.": "Tối đa %(max)d ký tự.",
    "Field must be between %(min)d and %(max)d characters long.": "Độ dài phải từ %(min)d đến %(max)d ký tự.",
    "Invalid input.": "Giá trị không hợp lệ.",
    "CSRF token missing.": "Phiên làm việc không hợp lệ, vui lòng tải lại trang.",
    "CSRF failed.": "Phiên làm việc không hợp lệ, vui lòng tải lại trang.",
    "CSRF token expired.": "Phiên làm việc đã hết hạn, vui lòng tải lại trang.",
    "Invalid CSRF Token.": "Phiên làm việc không hợp lệ, vui lòng tải lại trang.",
}


class VietnameseTranslations:
    def gettext(self, string):
        return _VI.get(string, string)

    def ngettext(self, singular, plural, n):
        return _VI.get(plural if n != 1 else singular, plural if n != 1 else singular)


_translations = VietnameseTranslations()

from flask_wtf import FlaskForm  # noqa: E402


class BaseForm(FlaskForm):
    """Every form of the app: Vietnamese messages; CSRF is checked app-wide by CSRFProtect."""

    class Meta:
        csrf = False  # CSRFProtect checks every state-changing request, htmx ones included

        def get_translations(self, form):
            return _translations

    def first_errors(self) -> dict[str, str]:
        return {name: errors[0] for name, errors in self.errors.items() if errors}
