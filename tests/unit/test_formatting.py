"""Dates, times and numbers the Vietnamese way."""
from datetime import date, datetime, timedelta, timezone

import pytest

from app.formatting import parse_vn_date, to_local, vn_date, vn_datetime, vn_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 1, 23), "23/01/2026"),
        (date(2026, 12, 5), "05/12/2026"),
        (None, ""),
        # a stored (naive UTC) timestamp is shown on the Vietnamese calendar day
        (datetime(2026, 1, 22, 16, 59), "22/01/2026"),
        (datetime(2026, 1, 22, 17, 0), "23/01/2026"),
        (datetime(2026, 1, 22, 17, 30, tzinfo=timezone.utc), "23/01/2026"),
    ],
)
def test_vn_date(value, expected):
    assert vn_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2026, 1, 22, 17, 30), "23/01/2026 00:30"),
        (datetime(2026, 1, 22, 17, 30, tzinfo=timezone.utc), "23/01/2026 00:30"),
        (datetime(2025, 12, 31, 16, 59), "31/12/2025 23:59"),
        (datetime(2025, 12, 31, 17, 0), "01/01/2026 00:00"),
        # an aware time in another zone is converted, not reinterpreted
        (datetime(2026, 3, 1, 8, 5, tzinfo=timezone(timedelta(hours=1))), "01/03/2026 14:05"),
        (None, ""),
    ],
)
def test_vn_datetime(value, expected):
    assert vn_datetime(value) == expected


def test_to_local_has_no_daylight_saving():
    # Asia/Ho_Chi_Minh is UTC+7 all year round.
    for month in (1, 4, 7, 10):
        assert to_local(datetime(2026, month, 1, 0, 0)).utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23/01/2026", date(2026, 1, 23)),
        ("3/1/2026", date(2026, 1, 3)),
        ("03/01/2026", date(2026, 1, 3)),
        ("2026-01-23", date(2026, 1, 23)),
        ("23-01-2026", date(2026, 1, 23)),
        ("23.01.2026", date(2026, 1, 23)),
        ("  23/01/2026  ", date(2026, 1, 23)),
        ("29/02/2028", date(2028, 2, 29)),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_parse_vn_date(text, expected):
    assert parse_vn_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2026",  # no such day
        "29/02/2026",  # not a leap year
        "13/13/2026",
        "00/01/2026",
        "23/01/26",  # two-digit year is ambiguous
        "23/01",
        "ngày 23/01/2026",
        "abc",
        "2026/01",
        "23//2026",
    ],
)
def test_parse_vn_date_refuses_what_is_not_a_date(text):
    with pytest.raises(ValueError):
        parse_vn_date(text)


def test_parse_vn_date_reads_day_first_not_month_first():
    assert parse_vn_date("01/02/2026") == date(2026, 2, 1)
    with pytest.raises(ValueError):
        parse_vn_date("12/25/2026")  # the American order is not a date here


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (99, "99"),
        (99.0, "99"),
        (99.5, "99,5"),
        (0.25, "0,25"),
        (1234, "1.234"),
        (1234567, "1.234.567"),
        (1234.5, "1.234,5"),
        (0, "0"),
        (-10, "-10"),
        (99.999, "100"),  # rounded to two decimals, no dangling comma
        (1234.001, "1.234"),
        (12.345678, "12,35"),
        (None, ""),
    ],
)
def test_vn_number(value, expected):
    assert vn_number(value) == expected


# -- form fields ----------------------------------------------------------------------

def test_strip_filter_drops_nul_characters():
    from app.forms import strip

    assert strip("  Cải\x00 cách ") == "Cải cách"
