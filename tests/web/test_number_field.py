"""The number field of the forms (app/forms.py NumberText over app/numbers.py): read by the kind chosen
in the same form, shown as typed when refused. (The parsing itself: tests/unit/test_numbers.py.)"""
import pytest

from app.numbers import COUNT, HAS_DECIMALS


def _form(data: dict):
    from werkzeug.datastructures import MultiDict
    from wtforms import SelectField

    from app.forms import BaseForm, NumberText, choices
    from app.numbers import kind_of_metric

    class F(BaseForm):
        metric_kind = SelectField(choices=choices([("percent", "%"), ("count", "số lượng"), ("", "")]))
        value = NumberText("Giá trị", kind=lambda form: kind_of_metric(form.metric_kind.data))
        count = NumberText("Số lượng", kind=COUNT)

    form = F(formdata=MultiDict(data))
    return form, form.validate()


@pytest.mark.parametrize(("metric_kind", "text", "expected"), [
    ("percent", "1.250", 1.25),
    ("count", "1.250", 1250),
    ("", "1,250", 1.25),
    ("count", "1,5", HAS_DECIMALS.format(text="1,5")),
])
def test_the_field_reads_a_value_by_the_kind_chosen_in_the_same_form(app, metric_kind, text, expected):
    form, ok = _form({"metric_kind": metric_kind, "value": text})
    if isinstance(expected, str):
        assert not ok and form.value.errors == [expected] and form.value._value() == text  # kept as typed
    else:
        assert ok and form.value.data == expected


def test_the_field_shows_what_was_typed_when_refused_and_the_value_as_read_otherwise(app):
    form, ok = _form({"metric_kind": "", "count": "1,5"})
    assert not ok and form.count.errors == [HAS_DECIMALS.format(text="1,5")] and form.count._value() == "1,5"
    form, ok = _form({"metric_kind": "", "count": "1250"})
    assert ok and form.count.data == 1250

    from app.forms import BaseForm, NumberText

    class Shown(BaseForm):
        count = NumberText("Số lượng", kind=COUNT)

    assert Shown(formdata=None, data={"count": 1250}).count._value() == "1.250"
