"""Year over year: the index's scores by lĩnh vực across the years, and the criteria that lost points.

For each year: the self-score roll-up and, where an appraisal round has scores, the final appraised one (round
2 if it has any score, else round 1); all through scoring.roll_up (queries). Lĩnh vực and criteria are
matched across years by their code, as each year's decision numbers them: a framework that renumbers its
criteria shows them as new ones.

A year's result (what the comparison reads) is its final appraised score where there is one, else its
self-score; the criteria that lost points are the leaves scored in both years whose result is lower than the
year before.
"""
from dataclasses import dataclass, field

from .models import BONUS, PENALTY, IndexYear
from .queries import all_years, criteria_of, leaves, round_scores, scores_of
from .scoring import RollUp, roll_up

FINAL_ROUNDS = ("appraisal2", "appraisal1")
ROUND_NAMES = {"self": "tự chấm", "appraisal1": "thẩm định vòng 1", "appraisal2": "thẩm định vòng 2"}


@dataclass
class YearResult:
    index_year: IndexYear
    self_roll: RollUp
    final_round: str | None  # the last appraisal round with scores, if any
    final_roll: RollUp | None
    by_code: dict[str, object]  # code → criterion
    points: dict[str, float | None]  # leaf code → its result (final where there is one, else self)

    @property
    def year(self) -> int:
        return self.index_year.year

    @property
    def result_round(self) -> str:
        return self.final_round or "self"

    @property
    def result_name(self) -> str:
        return ROUND_NAMES[self.result_round]

    @property
    def result_roll(self) -> RollUp:
        return self.final_roll or self.self_roll


@dataclass
class AreaCell:
    max_score: float
    self_score: float
    final_score: float | None

    @property
    def percent(self) -> float:
        """The result as a share of the lĩnh vực's maximum (maxima change across years)."""
        value = self.final_score if self.final_score is not None else self.self_score
        return 100 * value / self.max_score if self.max_score else 0.0


@dataclass
class AreaLine:
    code: str
    title: str
    kind: str
    cells: list[AreaCell | None]  # one per year (None: the year has no such lĩnh vực)


@dataclass
class Loss:
    code: str
    title: str
    max_before: float
    max_after: float
    before: float
    after: float

    @property
    def difference(self) -> float:
        return self.after - self.before


@dataclass
class Trend:
    years: list[YearResult] = field(default_factory=list)  # oldest first
    areas: list[AreaLine] = field(default_factory=list)
    compared: tuple[YearResult, YearResult] | None = None  # (the year before, the year)
    losses: list[Loss] = field(default_factory=list)

    def year(self, year: int) -> YearResult | None:
        return next((y for y in self.years if y.year == year), None)


def _year_result(index_year: IndexYear) -> YearResult:
    criteria = criteria_of(index_year)
    scores = scores_of(index_year)
    self_roll = roll_up(criteria, round_scores(index_year, "self", scores))
    final_round, final_roll = None, None
    for round_ in FINAL_ROUNDS:
        points = round_scores(index_year, round_, scores)
        if any(value is not None for value in points.values()):
            final_round, final_roll = round_, roll_up(criteria, points)
            break
    result_points = round_scores(index_year, final_round or "self", scores)
    return YearResult(index_year, self_roll, final_round, final_roll,
                      by_code={c.code: c for c in criteria},
                      points={leaf.code: result_points.get(leaf.id) for leaf in leaves(criteria)})


def _areas(years: list[YearResult]) -> list[AreaLine]:
    """The lĩnh vực of every year, matched by code: the latest year's order, then older ones' own."""
    order: dict[str, tuple] = {}
    for result in reversed(years):
        for criterion in result.by_code.values():
            if criterion.parent_id is None and criterion.code not in order:
                order[criterion.code] = (criterion.title, criterion.kind)
    kinds = {BONUS: 1, PENALTY: 2}
    lines = []
    for code, (title, kind) in sorted(order.items(), key=lambda item: kinds.get(item[1][1], 0)):
        cells = []
        for result in years:
            area = result.by_code.get(code)
            if area is None or area.parent_id is not None:
                cells.append(None)
                continue
            final = result.final_roll.subtotals.get(area.id) if result.final_roll else None
            cells.append(AreaCell(area.max_score, result.self_roll.subtotals.get(area.id, 0.0), final))
        lines.append(AreaLine(code, title, kind, cells))
    return lines


def _losses(before: YearResult, after: YearResult) -> list[Loss]:
    losses = []
    position = {code: i for i, code in enumerate(after.points)}
    for code, points in after.points.items():
        earlier = before.points.get(code)
        if points is None or earlier is None or points >= earlier:
            continue
        criterion, old = after.by_code[code], before.by_code[code]
        losses.append(Loss(code, criterion.title, old.max_score, criterion.max_score, earlier, points))
    return sorted(losses, key=lambda loss: (loss.difference, position[loss.code]))


def year_over_year(year: int | None = None) -> Trend:
    """Every year's results; and the criteria of ``year`` (default: the latest) that scored less than in the
    year before it."""
    trend = Trend(years=[_year_result(y) for y in sorted(all_years(), key=lambda y: y.year)])
    trend.areas = _areas(trend.years)
    chosen = trend.year(year) if year is not None else (trend.years[-1] if trend.years else None)
    if chosen is not None:
        earlier = [y for y in trend.years if y.year < chosen.year]
        if earlier:
            trend.compared = (earlier[-1], chosen)
            trend.losses = _losses(earlier[-1], chosen)
    return trend
