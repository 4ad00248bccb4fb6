"""Numbers as people type them (app/numbers.py): every numeric field reads "1.250", "1250", "98,5",
"98.5", "100 %" the way the app itself shows numbers, and says in Vietnamese what it cannot read."""
import pytest

from app.numbers import (
    BAD_GROUPS,
    COUNT,
    DECIMAL,
    HAS_DECIMALS,
    NOT_A_NUMBER,
    NOT_PERCENT,
    NOT_WHOLE,
    NOT_YES_NO,
    PERCENT,
    TOO_BIG,
    WHOLE_PERCENT,
    YEAR,
    YES_NO,
    number_text,
    parse_number,
)

NBSP, NARROW_NBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(("text", "kind", "expected"), [
    # a count: never decimals, so one mark before three digits separates thousands, whichever it is
    ("1.250", COUNT, 1250),
    ("1250", COUNT, 1250),
    ("1,250", COUNT, 1250),
    ("1 250", COUNT, 1250),
    (f"1{NBSP}250", COUNT, 1250),
    (f"1{NARROW_NBSP}250", COUNT, 1250),
    ("1.250.000", COUNT, 1_250_000),
    ("1,250,000", COUNT, 1_250_000),
    (" 42 ", COUNT, 42),
    ("100,0", COUNT, 100),  # a zero decimal part is not a decimal
    ("1,5", COUNT, HAS_DECIMALS.format(text="1,5")),
    ("98.5", COUNT, HAS_DECIMALS.format(text="98.5")),
    ("1.250,5", COUNT, HAS_DECIMALS.format(text="1.250,5")),
    ("0.250", COUNT, HAS_DECIMALS.format(text="0.250")),  # "0" never leads a thousands group
    ("100 %", COUNT, NOT_PERCENT),
    ("mười", COUNT, NOT_WHOLE),
    ("٢٠٢٦", COUNT, NOT_WHOLE),  # digits of another script
    ("1e3", COUNT, NOT_WHOLE),
    ("1.25.0", COUNT, BAD_GROUPS.format(text="1.25.0")),
    ("1.2500", COUNT, HAS_DECIMALS.format(text="1.2500")),  # four digits after one mark: a decimal mark
    ("12.50.000", COUNT, BAD_GROUPS.format(text="12.50.000")),
    ("1234.567.890", COUNT, BAD_GROUPS.format(text="1234.567.890")),
    ("1.000.000.000", COUNT, TOO_BIG),
    ("", COUNT, None),
    ("   ", COUNT, None),
    # a percent: never a thousand or more, so one mark is the decimal mark, whichever it is
    ("98,5", PERCENT, 98.5),
    ("98.5", PERCENT, 98.5),  # not 985: a thousands group has three digits
    ("99,125", PERCENT, 99.125),
    ("99.125", PERCENT, 99.125),
    ("100 %", PERCENT, 100.0),
    ("100%", PERCENT, 100.0),
    (f"98,5{NBSP}%", PERCENT, 98.5),
    ("0,5", PERCENT, 0.5),
    ("-1", PERCENT, -1.0),  # the range (0 to 100) is the service's rule
    ("9x", PERCENT, NOT_A_NUMBER),
    ("99,5%%", PERCENT, NOT_A_NUMBER),
    ("%", PERCENT, NOT_A_NUMBER),
    # the percent done: a whole percent
    ("60", WHOLE_PERCENT, 60),
    ("60 %", WHOLE_PERCENT, 60),
    ("98,5", WHOLE_PERCENT, HAS_DECIMALS.format(text="98,5")),
    ("sáu mươi", WHOLE_PERCENT, NOT_WHOLE),
    # any other number (a duration, a baseline): the Vietnamese reading, as the app shows numbers
    ("1.250", DECIMAL, 1250.0),
    ("1,250", DECIMAL, 1.25),
    ("1.234,5", DECIMAL, 1234.5),
    ("1,234.5", DECIMAL, 1234.5),
    ("98.5", DECIMAL, 98.5),
    ("0.250", DECIMAL, 0.25),
    ("30", DECIMAL, 30.0),
    ("9,9,9", DECIMAL, BAD_GROUPS.format(text="9,9,9")),
    ("1,2.3,4", DECIMAL, NOT_A_NUMBER),
    (",5", DECIMAL, NOT_A_NUMBER),
    ("5,", DECIMAL, NOT_A_NUMBER),
    ("nan", DECIMAL, NOT_A_NUMBER),
    ("inf", DECIMAL, NOT_A_NUMBER),
    ("1e15", DECIMAL, NOT_A_NUMBER),
    ("1.000.000.000.000", DECIMAL, TOO_BIG),
    # a year: a whole number
    ("2026", YEAR, 2026),
    ("2026.5", YEAR, HAS_DECIMALS.format(text="2026.5")),
    # a yes/no target
    ("Có", YES_NO, 1),
    ("không", YES_NO, 0),
    ("KHÔNG", YES_NO, 0),
    ("1", YES_NO, 1),
    ("0", YES_NO, 0),
    ("2", YES_NO, NOT_YES_NO),
    ("đạt", YES_NO, NOT_YES_NO),
])
def test_parse_number(text, kind, expected):
    if isinstance(expected, str):
        with pytest.raises(ValueError) as refused:
            parse_number(text, kind)
        assert str(refused.value) == expected
    else:
        value = parse_number(text, kind)
        assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(("value", "kind", "shown"), [
    (1250, COUNT, "1.250"),
    (98.5, PERCENT, "98,5"),
    (99.125, PERCENT, "99,125"),  # every decimal typed is shown back, not rounded to two
    (1234.5, DECIMAL, "1.234,5"),
    (2026, YEAR, "2026"),
    (1, YES_NO, "Có"),
    (0, YES_NO, "Không"),
    (None, COUNT, ""),
])
def test_a_value_is_shown_as_it_is_read_back(value, kind, shown):
    assert number_text(value, kind) == shown
    assert parse_number(shown, kind) == value


# -- the form field ---------------------------------------------------------------------
