"""What every plan service shares: a closed plan refuses changes, the order of areas, targets and
tasks, and the unit a form names."""
from ...errors import DomainError
from ...extensions import db
from ...org.models import Unit
from ..models import CLOSED, Plan


def ensure_editable(plan: Plan) -> None:
    if plan.status == CLOSED:
        raise DomainError("Kế hoạch đã kết thúc nên không thể sửa.")


def unit_or_none(unit_id: int | None) -> Unit | None:
    if unit_id is None:
        return None
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        raise DomainError("Đơn vị không tồn tại.")
    return unit


def move_in(items: list, item, direction: str) -> bool:
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


def remove_from(items: list, item) -> None:
    """Delete ``item`` from its ordered collection and close the gap in positions."""
    items.remove(item)
    db.session.delete(item)
    for pos, obj in enumerate(items, start=1):
        obj.position = pos
