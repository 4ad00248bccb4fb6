"""Dates, times and numbers the Vietnamese way: dd/mm/yyyy, Asia/Ho_Chi_Minh, "99,5"."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> datetime:
    """Timestamps are stored as naive UTC."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def local_today() -> date:
    return datetime.now(LOCAL_TZ).date()


def to_local(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(LOCAL_TZ)


def vn_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value).date()
    return value.strftime("%d/%m/%Y")


def vn_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return to_local(value).strftime("%d/%m/%Y %H:%M")


def vn_time(value: datetime | None) -> str:
    """"14:05" (local time)."""
    return "" if value is None else to_local(value).strftime("%H:%M")


def parse_vn_date(text: str | None) -> date | None:
    """Parse dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy and ISO yyyy-mm-dd).

    Returns None for an empty string; raises ValueError when it is not a date.
    """
    text = (text or "").strip()
    if not text:
        return None
    for sep in "/-.":
        parts = text.split(sep)
        if len(parts) == 3 and all(p.strip().isdigit() for p in parts):
            a, b, c = (int(p) for p in parts)
            if len(parts[0].strip()) == 4:  # yyyy-mm-dd
                return date(a, b, c)
            if len(parts[2].strip()) == 4:  # dd/mm/yyyy
                return date(c, b, a)
    raise ValueError(text)


def vn_number(value: float | int | None, decimals: int = 2) -> str:
    """99.0 → "99", 99.5 → "99,5", 1234 → "1.234"; rounded to ``decimals`` places."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    whole, _, frac = f"{value:,.{decimals}f}".rstrip("0").rstrip(".").partition(".")
    return whole.replace(",", ".") + ("," + frac if frac else "")
