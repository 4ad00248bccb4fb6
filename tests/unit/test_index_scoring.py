"""The index's arithmetic (app/assessment/scoring.py): accepted scores, roll-up with caps, bonus and penalty."""
from dataclasses import dataclass

import pytest

from app.assessment.scoring import format_score, roll_up, score_error


@dataclass
class C:
    id: int
    parent_id: int | None
    max_score: float
    kind: str = "normal"
    allows_half: bool = False
    level: str = "component"


def framework():
    """Two areas (max 10 and 90), a bonus area (max 2) and a penalty area (max 3)."""
    return [
        C(1, None, 10, level="area"),
        C(11, 1, 6, level="criterion"), C(111, 11, 4), C(112, 11, 4, allows_half=True),
        C(12, 1, 4, level="criterion"),  # a criterion scored itself (no components)
        C(2, None, 90, level="area"), C(21, 2, 90),
        C(8, None, 2, kind="bonus", level="area"), C(81, 8, 1.5, kind="bonus", allows_half=True),
        C(82, 8, 1, kind="bonus"),
        C(9, None, 3, kind="penalty", level="area"), C(91, 9, 2, kind="penalty"), C(92, 9, 2, kind="penalty"),
    ]


@pytest.mark.parametrize(("scores", "expected"), [
    # nothing scored
    ({}, {"base": 0, "bonus": 0, "penalty": 0, "total": 0, 11: 0, 1: 0}),
    # a criterion's components add up, capped at the criterion's maximum (4 + 4 > 6)
    ({111: 4, 112: 4}, {11: 6, 1: 6, "base": 6, "total": 6}),
    # an area adds its criteria, and is capped at its own maximum
    ({111: 4, 112: 3.5, 12: 4, 21: 90}, {11: 6, 12: 4, 1: 10, 2: 90, "base": 100, "total": 100}),
    # a leaf's score above its maximum counts as its maximum
    ({12: 9}, {12: 4, 1: 4}),
    # bonus adds, capped at the bonus area's maximum (1.5 + 1 > 2)
    ({21: 80, 81: 1.5, 82: 1}, {8: 2, "bonus": 2, "base": 80, "total": 82}),
    # penalty takes away, capped at the penalty area's maximum (2 + 2 > 3)
    ({21: 80, 91: 2, 92: 2}, {9: 3, "penalty": 3, "total": 77}),
    # the total stays within 0 and the scale
    ({111: 4, 112: 4, 12: 4, 21: 90, 81: 1.5}, {"base": 100, "bonus": 1.5, "total": 100}),
    ({91: 2}, {"penalty": 2, "total": 0}),
    # halves add exactly
    ({112: 0.5, 111: 1, 81: 0.5}, {11: 1.5, "bonus": 0.5, "total": 2}),
])
def test_roll_up(scores, expected):
    result = roll_up(framework(), scores)
    for key, value in expected.items():
        got = result.subtotals[key] if isinstance(key, int) else getattr(result, key)
        assert got == value, key


def test_roll_up_counts_leaves_and_scored_ones():
    result = roll_up(framework(), {111: 0, 21: None, 82: 1})
    assert (result.leaves, result.scored) == (8, 2)


def test_a_parent_without_a_maximum_is_not_capped():
    criteria = [C(1, None, 0, level="area"), C(11, 1, 5), C(12, 1, 5)]
    assert roll_up(criteria, {11: 5, 12: 5}).subtotals[1] == 10


@pytest.mark.parametrize(("max_score", "halves", "value", "error"), [
    (2, False, None, None),
    (2, False, 0, None),
    (2, False, 2, None),
    (2, False, 1, None),
    (2, False, 1.5, "Tiêu chí này chấm điểm nguyên (không có điểm lẻ)."),
    (2, True, 1.5, None),
    (2, True, 1.25, "Điểm chỉ được chấm đến 0,5 (ví dụ 1 hoặc 1,5)."),
    (2, True, 2.5, "Điểm phải từ 0 đến 2."),
    (2, False, -1, "Điểm phải từ 0 đến 2."),
    (0.75, False, 0.75, None),  # the maximum is always accepted
    (1.5, True, 1.001, "Điểm chỉ được chấm đến 0,5 (ví dụ 1 hoặc 1,5)."),
    (1.5, True, 1.6, "Điểm phải từ 0 đến 1,5."),
])
def test_score_error(max_score, halves, value, error):
    assert score_error(C(1, None, max_score, allows_half=halves), value) == error


@pytest.mark.parametrize(("value", "text"), [(None, ""), (2, "2"), (1.5, "1,5"), (0.25, "0,25"), (10.0, "10")])
def test_format_score(value, text):
    assert format_score(value) == text
