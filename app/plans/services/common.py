"""What every plan service shares: a closed plan refuses changes, a save that changes nothing writes
nothing, moving and deleting an area, target or task among its siblings, and the unit a form names."""
from ... import audit
from ...errors import DomainError
from ...extensions import db
from ...formatting import utcnow
from ...org.models import Unit
from ..models import CLOSED, Plan


def ensure_editable(plan: Plan) -> None:
    if plan.status == CLOSED:
        raise DomainError("Kế hoạch đã kết thúc nên không thể sửa.")


def touch(obj) -> None:
    """Stamp ``obj`` (a plan, a task) as updated now, unless the form gave it the values it had: a save
    that changes nothing writes nothing (the data version, and every page cache with it, stays)."""
    if obj.id is None or db.session.is_modified(obj):
        obj.updated_at = utcnow()


def unit_or_none(unit_id: int | None) -> Unit | None:
    if unit_id is None:
        return None
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        raise DomainError("Đơn vị không tồn tại.")
    return unit


def _reorder(items: list, item, direction: str) -> bool:
    """Swap ``item`` with its neighbour in ``items``; renumber positions 1..n."""
    ordered = list(items)
    index = ordered.index(item)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for pos, obj in enumerate(ordered, start=1):
        obj.position = pos
    items.sort(key=lambda obj: obj.position)  # the loaded collection follows, without a reload
    return True


def move(actor, item, plan: Plan, siblings: list, direction: str) -> None:
    """Move an area, target or task of ``plan`` one place "up" or "down" among ``siblings``."""
    ensure_editable(plan)
    before = item.audit_snapshot()
    if _reorder(siblings, item, direction):
        audit.record(actor, "move", item, before, item.audit_snapshot())
        db.session.flush()


def remove(actor, item, siblings: list) -> None:
    """Delete ``item`` (audited) from its ordered collection and close the gap in positions."""
    audit.record(actor, "delete", item, item.audit_snapshot(), None)
    siblings.remove(item)
    db.session.delete(item)
    for pos, obj in enumerate(siblings, start=1):
        obj.position = pos
    db.session.flush()
