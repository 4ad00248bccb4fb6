"""The demo's calendar: the day the demo is loaded decides its dates.

data.py is written for 2026, the year its plans were carried into from the seed documents. Loaded on
any day, the demo takes that day's year: the annual plan and the thematic plan are plans of that year
("năm 2026" reads "năm 2027"; the provincial plan they implement is of 25/12 of the year before; Kế
hoạch số 639/KH-SCT is issued on 23/01 of the year, or on the day itself in early January). The
2021–2030 programme keeps its own dates.

The deadlines of the annual plan's tasks keep their order in data.py and are spread around the day:
the first ones between a week after the plan's issue and yesterday (overdue unless done), four in the
coming week (today, in 2, 4 and 6 days), the rest later in the year, the last on 31/12.

Only the dates of the data follow the day: the time stamps of the history (audit log, "đã lưu lúc") are
the clock's.
"""
import copy
import re
from datetime import date, timedelta

from ..formatting import vn_date
from . import data

DATA_YEAR = 2026  # the year data.py is written for
YEARLY_PLANS = ("kh2026", "tt2026")  # the plans of the year (the programme spans 2021–2030)
ISSUED = (1, 23)  # Kế hoạch số 639/KH-SCT ngày 23/01
PAST_SHARE = 0.45  # of the dated tasks, due before the day
DUE_SOON = (0, 2, 4, 6)  # days from the day, for the tasks due within the week


def plan_issued_on(today: date) -> date:
    return min(date(today.year, *ISSUED), today)


def demo_plans(today: date) -> list[dict]:
    """data.PLANS as of ``today`` (see the module docstring); data.PLANS itself is left as it is."""
    plans = copy.deepcopy(data.PLANS)
    issued = plan_issued_on(today)
    for spec in plans:
        if spec["key"] not in YEARLY_PLANS:
            continue
        spec["year"] = today.year
        if spec.get("issued_on"):
            spec["issued_on"] = issued
        _shift_texts(spec, today.year, issued)
        for area in spec["areas"]:
            for task in area["tasks"]:
                if task.get("deadline"):
                    task["deadline"] = _same_day_in(task["deadline"], today.year)
    _spread_deadlines(next(p for p in plans if p["key"] == data.REPORTING_PLAN), today, issued)
    return plans


def _same_day_in(day: date, year: int) -> date:
    return day.replace(year=year) if (day.month, day.day) != (2, 29) else date(year, 2, 28)


def _shift_texts(spec, year: int, issued: date):
    """Every text of ``spec``: the plan's own date, then the years, moved to ``year``."""
    def shift(text: str) -> str:
        text = text.replace(vn_date(date(DATA_YEAR, *ISSUED)), vn_date(issued))
        text = re.sub(rf"\b{DATA_YEAR}\b", str(year), text)
        return re.sub(rf"\b{DATA_YEAR - 1}\b", str(year - 1), text)

    def walk(value):
        if isinstance(value, str):
            return shift(value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value

    shifted = walk(spec)
    spec.update({k: v for k, v in shifted.items() if k != "key"})


def _spread_deadlines(plan: dict, today: date, issued: date) -> None:
    dated = sorted((t for area in plan["areas"] for t in area["tasks"] if t.get("deadline")),
                   key=lambda t: t["deadline"])
    last = date(today.year, 12, 31)
    past = round(len(dated) * PAST_SHARE)
    soon = min(len(DUE_SOON), len(dated) - past)
    later = len(dated) - past - soon
    first, yesterday = issued + timedelta(days=7), today - timedelta(days=1)
    for rank, task in enumerate(dated):
        if rank < past:
            span = max((yesterday - first).days, 0)
            day = first + timedelta(days=round(span * rank / max(past - 1, 1)))
        elif rank < past + soon:
            day = today + timedelta(days=DUE_SOON[rank - past])
        else:
            start = today + timedelta(days=8)
            span = max((last - start).days, 0)
            day = start + timedelta(days=round(span * (rank - past - soon + 1) / later))
        task["deadline"] = min(day, last)
