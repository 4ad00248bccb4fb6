"""The index's arithmetic, in one place: which scores a criterion accepts, and the roll-up
tiêu chí thành phần → tiêu chí → lĩnh vực → total, with caps, bonus and penalty.

Plain functions over plain values (anything with ``id``, ``parent_id``, ``level``, ``kind``, ``max_score``,
``allows_half``), so tests call them without a database and every screen and export reads the same figures.

- A leaf (a criterion without children) scores between 0 and its maximum; in whole points, or in halves
  where its rule allows (``allows_half``); its maximum is always accepted.
- A parent's subtotal is the sum of its children's, never above its own maximum (where it has one).
- The scored areas (kind "normal") add up to the base, never above the scale (100).
- Bonus areas add their lines' points, penalty areas take theirs away, each area within its own maximum.
- The total is base + bonus − penalty, kept between 0 and the scale.
"""
from dataclasses import dataclass, field

from .models import BONUS, NORMAL, PENALTY, SCALE

CENT = 100  # scores are kept to hundredths: sums are done in integer hundredths, never drift


def _cents(value: float | None) -> int:
    return round((value or 0) * CENT)


def _points(cents: int) -> float:
    return cents / CENT


def score_error(criterion, value: float | None) -> str | None:
    """Why ``value`` is not a score ``criterion`` accepts (Vietnamese), or None. None (no score) is accepted."""
    if value is None:
        return None
    if not 0 <= value <= criterion.max_score + 1e-9:
        return f"Điểm phải từ 0 đến {format_score(criterion.max_score)}."
    step = 0.5 if criterion.allows_half else 1.0
    if abs(value / step - round(value / step)) > 1e-9 and abs(value - criterion.max_score) > 1e-9:
        if criterion.allows_half:
            return "Điểm chỉ được chấm đến 0,5 (ví dụ 1 hoặc 1,5)."
        return "Tiêu chí này chấm điểm nguyên (không có điểm lẻ)."
    return None


def format_score(value: float | None) -> str:
    """A score as the Vietnamese write it: "2", "1,5", "0,25"; "" for no score."""
    if value is None:
        return ""
    text = f"{_points(_cents(value)):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass
class RollUp:
    """The figures of one round: a subtotal per criterion id (leaves: their capped score), and the totals."""
    subtotals: dict[int, float] = field(default_factory=dict)
    base: float = 0.0
    bonus: float = 0.0
    penalty: float = 0.0
    total: float = 0.0
    scored: int = 0  # leaves with a score
    leaves: int = 0


def roll_up(criteria, scores: dict[int, float | None]) -> RollUp:
    """Roll ``scores`` (leaf criterion id → points, None or missing: not scored) up the tree of ``criteria``."""
    children: dict[int | None, list] = {}
    for criterion in criteria:
        children.setdefault(criterion.parent_id, []).append(criterion)
    result = RollUp()
    cents: dict[int, int] = {}

    def visit(node) -> int:
        kids = children.get(node.id, [])
        if kids:
            total = sum(visit(kid) for kid in kids)
        else:
            result.leaves += 1
            value = scores.get(node.id)
            if value is not None:
                result.scored += 1
            total = max(0, _cents(value))
        if node.max_score or not kids:
            total = min(total, _cents(node.max_score))
        cents[node.id] = total
        return total

    sums = {NORMAL: 0, BONUS: 0, PENALTY: 0}
    for top in children.get(None, []):
        sums[top.kind if top.kind in sums else NORMAL] += visit(top)
    base = min(sums[NORMAL], _cents(SCALE))
    result.subtotals = {key: _points(value) for key, value in cents.items()}
    result.base, result.bonus, result.penalty = _points(base), _points(sums[BONUS]), _points(sums[PENALTY])
    result.total = _points(min(max(base + sums[BONUS] - sums[PENALTY], 0), _cents(SCALE)))
    return result
