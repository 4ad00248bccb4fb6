"""Reads of the import pages: the units names are matched against, a person's unfinished imports."""
from sqlalchemy import select

from ...extensions import db
from ...org.models import Unit, UnitAlias
from .models import DRAFT, PlanImport
from .units import UnitRef


def unit_refs() -> list[UnitRef]:
    """The department's units, as the parser matches names against them (inactive ones too)."""
    units = db.session.scalars(select(Unit).order_by(Unit.position, Unit.name))
    aliases: dict[int, list[str]] = {}
    for unit_id, name in db.session.execute(select(UnitAlias.unit_id, UnitAlias.name).order_by(UnitAlias.id)):
        aliases.setdefault(unit_id, []).append(name)
    return [UnitRef(u.id, u.name, u.short_name, tuple(aliases.get(u.id, ()))) for u in units]


def open_imports(actor) -> list[PlanImport]:
    return list(db.session.scalars(select(PlanImport).where(
        PlanImport.created_by_id == actor.id, PlanImport.status == DRAFT).order_by(PlanImport.updated_at.desc())))
