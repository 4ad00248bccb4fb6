"""The reporting regime (chế độ báo cáo): each kind of period's default data window, the units'
due date and the period's title."""
from datetime import date, timedelta

from ..formatting import local_today

DUE_DAYS_BEFORE_THE_20TH = 5  # a Sở reports before the province does (the 20th of the closing month)

# (month the window starts in the previous year or this one, start day), (end month, end day)
_WINDOWS = {
    "q1": ((-12, 15), (3, 14)),
    "h1": ((-12, 15), (6, 14)),
    "q3": ((6, 15), (9, 14)),
    "m9": ((-12, 15), (9, 14)),
    "year": ((-12, 15), (12, 14)),
}


def default_window(kind: str, year: int) -> tuple[date, date, date]:
    """The data window and the units' due date of a period, by the reporting regime.

    Quý I 15/12 of the previous year → 14/03; 6 tháng 15/12 → 14/06; Quý III
    15/06 → 14/09; 9 tháng 15/12 → 14/09; Năm 15/12 → 14/12. Units are due a few
    days before the 20th of the closing month. An ad hoc period defaults to the
    year so far."""
    if kind not in _WINDOWS:
        today = date(year, 12, 14)
        return date(year - 1, 12, 15), today, today
    (start_month, start_day), (end_month, end_day) = _WINDOWS[kind]
    start = date(year - 1, 12, start_day) if start_month < 0 else date(year, start_month, start_day)
    end = date(year, end_month, end_day)
    due = date(year, end_month, 20) - timedelta(days=DUE_DAYS_BEFORE_THE_20TH)
    return start, end, due


def next_window(window_end: date) -> tuple[date, date]:
    """The window of the quarter after a period's window (its next three months, 15th to 14th)."""
    month, year = window_end.month + 3, window_end.year
    if month > 12:
        month, year = month - 12, year + 1
    return window_end + timedelta(days=1), date(year, month, min(window_end.day, 28))


def period_title(kind: str, year: int, title: str = "") -> str:
    if kind == "adhoc":
        return title.strip()
    names = {"q1": "Quý I năm {}", "h1": "6 tháng đầu năm {}", "q3": "Quý III năm {}", "m9": "9 tháng năm {}",
             "year": "Năm {}"}
    return names[kind].format(year)


def default_year() -> int:
    """The year a new period is opened for, unless the Office says otherwise: this one."""
    return local_today().year
