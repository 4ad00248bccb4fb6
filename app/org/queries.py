"""Reading units and users: the queries pages and other domains share."""
from sqlalchemy import func, select

from ..extensions import db
from .models import Unit, User

LEADERSHIP = ("lanh_dao",)  # the board (Ban Giám đốc) leads no task


def active_units(exclude_kinds: tuple[str, ...] = ()) -> list[Unit]:
    query = select(Unit).where(Unit.active.is_(True)).order_by(Unit.position, Unit.name)
    if exclude_kinds:
        query = query.where(Unit.kind.not_in(exclude_kinds))
    return list(db.session.scalars(query))


def all_units() -> list[Unit]:
    return list(db.session.scalars(select(Unit).order_by(Unit.position, Unit.name)))


def unit_choices(*current: Unit | None, include_inactive: bool = False,
                 exclude_kinds: tuple[str, ...] = ()) -> list[Unit]:
    """The units a form offers: the active ones (or all), plus those already chosen
    (``current``) even if they are no longer offered, so an old choice still shows."""
    units = all_units() if include_inactive else active_units(exclude_kinds)
    for unit in current:
        if unit is not None and unit not in units:
            units.append(unit)
    return units


def user_counts_by_unit() -> dict[int, int]:
    return dict(db.session.execute(select(User.unit_id, func.count()).group_by(User.unit_id)).all())


def users(unit_id: int | None = None) -> list[User]:
    query = select(User).join(User.unit).order_by(Unit.position, User.full_name)
    if unit_id:
        query = query.where(User.unit_id == unit_id)
    return list(db.session.scalars(query).unique())
