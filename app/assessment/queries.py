"""The shared reads of the index self-assessment: a year and its framework, its scores, each round's
points by leaf and their roll-up (through scoring.roll_up: the one computation), and what a unit's user
may see of it. The pages, the exports and the CLI read through these."""
from dataclasses import dataclass

from flask import abort
from sqlalchemy import exists, select

from ..extensions import db
from ..progress.models import APPROVED, Evidence, ProgressEntry
from .models import CONFIRMED, IndexCriterion, IndexLink, IndexScore, IndexYear
from .scoring import RollUp, roll_up

ROUNDS = ("draft", "self", "appraisal1", "appraisal2")


def all_years() -> list[IndexYear]:
    """Every year's framework, the latest first."""
    return list(db.session.scalars(select(IndexYear).order_by(IndexYear.year.desc())))


def find_year(year: int) -> IndexYear | None:
    return db.session.scalar(select(IndexYear).where(IndexYear.year == year))


def year_or_404(year: int) -> IndexYear:
    found = find_year(year)
    if found is None:
        abort(404)
    return found


def criteria_of(index_year: IndexYear) -> list[IndexCriterion]:
    """The year's criteria, in the framework's order (position)."""
    return list(db.session.scalars(select(IndexCriterion).where(IndexCriterion.year_id == index_year.id)
                                   .order_by(IndexCriterion.position, IndexCriterion.id)))


def scores_of(index_year: IndexYear) -> dict[int, IndexScore]:
    """criterion id → its IndexScore (leaves that have one)."""
    rows = db.session.scalars(select(IndexScore).join(IndexCriterion)
                              .where(IndexCriterion.year_id == index_year.id))
    return {score.criterion_id: score for score in rows}


def leaves(criteria) -> list:
    """The criteria that are scored: those without children (in the given order)."""
    parents = {c.parent_id for c in criteria if c.parent_id is not None}
    return [c for c in criteria if c.id not in parents]


def round_scores(index_year: IndexYear, round_: str, scores: dict[int, IndexScore] | None = None
                 ) -> dict[int, float | None]:
    """leaf id → its points in ``round_`` (one of ROUNDS; None: not scored)."""
    if round_ not in ROUNDS:
        raise ValueError(round_)
    scores = scores_of(index_year) if scores is None else scores
    return {cid: getattr(score, f"{round_}_score") for cid, score in scores.items()}


def round_roll_up(index_year: IndexYear, round_: str, criteria=None) -> RollUp:
    """The round's roll-up of the year (subtotals, base, bonus, penalty, total)."""
    criteria = criteria_of(index_year) if criteria is None else criteria
    return roll_up(criteria, round_scores(index_year, round_))


def year_has_unit(index_year_id: int, unit_id: int | None) -> bool:
    """Whether ``unit_id`` is assigned criteria in that year."""
    if unit_id is None:
        return False
    return bool(db.session.scalar(select(exists().where(IndexCriterion.year_id == index_year_id,
                                                        IndexCriterion.unit_id == unit_id))))


def unit_has_criteria(unit_id: int | None) -> bool:
    """Whether ``unit_id`` is assigned criteria in any year."""
    if unit_id is None:
        return False
    return bool(db.session.scalar(select(exists().where(IndexCriterion.unit_id == unit_id))))


def evidence_in_index(evidence_id: int) -> bool:
    """Whether a document is confirmed as a criterion's evidence (in any year), itself or as a document of an
    approved entry of a task confirmed for a criterion: the appraisal team reads it."""
    direct = exists().where(IndexLink.evidence_id == evidence_id, IndexLink.status == CONFIRMED)
    via_task = (exists().where(Evidence.id == evidence_id, Evidence.removed_at.is_(None),
                               ProgressEntry.id == Evidence.entry_id, ProgressEntry.status == APPROVED,
                               IndexLink.task_id == ProgressEntry.task_id, IndexLink.status == CONFIRMED))
    return bool(db.session.scalar(select(direct | via_task)))


def visible_criteria(criteria, unit_id: int | None) -> list:
    """What a unit's user sees of a framework: its assigned criteria, their descendants and, for
    context, their ancestors (in the given order)."""
    if unit_id is None:
        return []
    by_id = {c.id: c for c in criteria}
    shown: set[int] = set()
    for criterion in criteria:
        node, assigned = criterion, False
        while node is not None:
            if node.unit_id == unit_id:
                assigned = True
                break
            node = by_id.get(node.parent_id)
        if assigned:
            shown.add(criterion.id)
            parent = by_id.get(criterion.parent_id)
            while parent is not None:
                shown.add(parent.id)
                parent = by_id.get(parent.parent_id)
    return [c for c in criteria if c.id in shown]


@dataclass
class YearSummary:
    """A year as the years' list shows it."""
    index_year: IndexYear
    criteria: int
    leaves: int
    max_total: float
    self_roll_up: RollUp


def year_summaries(years) -> list[YearSummary]:
    out = []
    for index_year in years:
        criteria = criteria_of(index_year)
        roll = round_roll_up(index_year, "self", criteria)
        max_total = sum(c.max_score for c in criteria if c.parent_id is None and c.kind == "normal")
        out.append(YearSummary(index_year, len(criteria), roll.leaves, max_total, roll))
    return out
