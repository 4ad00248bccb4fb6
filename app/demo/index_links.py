"""The demo's 2026 self-assessment in progress: the Office has confirmed the first suggested document of
some criteria (a document for two criteria at most) and self-scored them; two criteria are self-scored on a giải trình alone; the units have
proposed scores for some of the criteria assigned to them (units other than the Office's own); and the Office has confirmed a
suggested task of the plan for a few criteria without a document of their own, so its approved documents count for them. Everything goes through the services
(links.py, rounds.py), audited as if done by hand. Needs the year's framework (index_framework.py)."""
from sqlalchemy import select

from ..assessment import links, rounds
from ..assessment.models import CONFIRMED, NORMAL, IndexYear
from ..assessment.queries import criteria_of, leaves
from ..assessment.scoring import score_error
from ..extensions import db
from ..org.models import OFFICE, STAFF, UNIT_HEAD

CONFIRMED_LEAVES = 6  # criteria self-scored on a confirmed document
EXPLAINED_LEAVES = 2  # criteria self-scored on a giải trình alone
DRAFTED_LEAVES = 4  # criteria a unit proposed a score for
PER_DOCUMENT = 2  # criteria one document is confirmed for, at most
TASK_LEAVES = 3  # criteria a suggested task (bringing approved documents) is confirmed for


def _score(criterion, share: float) -> float:
    """A score the criterion accepts, about ``share`` of its maximum."""
    for value in (round(criterion.max_score * share * 2) / 2, float(int(criterion.max_score * share)),
                  criterion.max_score):
        if score_error(criterion, value) is None:
            return value
    return 0.0


def _unit_of(criterion, by_id):
    node = criterion
    while node is not None and node.unit_id is None:
        node = by_id.get(node.parent_id)
    return node.unit if node is not None else None


def load_demo_index_scoring(users, year: int = 2026, today=None) -> dict:
    """Score part of ``year``'s framework as the demo's Office and units would have by ``today`` (the day
    the demo is loaded; default: today)."""
    index_year = db.session.scalar(select(IndexYear).where(IndexYear.year == year))
    if index_year is None:
        return {"confirmed": 0, "explained": 0, "drafted": 0, "tasks": 0}
    office = next(u for u in users if u.username == "vanphong")
    criteria = criteria_of(index_year)
    by_id = {c.id: c for c in criteria}
    scored = [c for c in leaves(criteria) if c.kind == NORMAL]
    found = links.suggestions(index_year, criteria)
    done = {"confirmed": 0, "explained": 0, "drafted": 0, "tasks": 0}
    used = set()
    per_document: dict[int, int] = {}
    for leaf in scored:
        if done["confirmed"] >= CONFIRMED_LEAVES:
            break
        suggestion = next((s for s in found.get(leaf.id, []) if per_document.get(s.evidence.id, 0) < PER_DOCUMENT),
                          None)
        if suggestion is not None:
            per_document[suggestion.evidence.id] = per_document.get(suggestion.evidence.id, 0) + 1
            links.decide_evidence(office, leaf, suggestion.evidence, CONFIRMED, suggestion.reason)
            rounds.save_round(office, leaf, "self", rounds.ScoreData(leaf.max_score, ""))
            used.add(leaf.id)
            done["confirmed"] += 1
    for leaf in [c for c in scored if c.id not in used][:EXPLAINED_LEAVES]:
        # each giải trình names the document its criterion asks for (the report prints them one under another)
        asked = (leaf.evidence_asked or "văn bản kiểm chứng").rstrip(". ")
        rounds.save_round(office, leaf, "self", rounds.ScoreData(_score(leaf, 0.5), (
            f"Đã thực hiện; {asked[:1].lower()}{asked[1:]} chưa được số hóa, sẽ bổ sung bản chụp khi thẩm định.")))
        used.add(leaf.id)
        done["explained"] += 1
    for leaf in [c for c in scored if c.id not in used]:
        unit = _unit_of(leaf, by_id)
        writer = next((u for u in users if unit is not None and u.unit_id == unit.id
                       and u.has_role(STAFF, UNIT_HEAD) and not u.has_role(OFFICE)), None)
        if writer is None or done["drafted"] >= DRAFTED_LEAVES:
            continue
        rounds.save_round(writer, leaf, "draft", rounds.ScoreData(_score(leaf, 0.75), (
            f"{unit.name} đề xuất: đã thực hiện đầy đủ, có báo cáo kết quả kèm theo.")), today)
        done["drafted"] += 1
    done["tasks"] = _confirm_tasks(office, index_year, criteria, scored, used)
    db.session.flush()
    return done


def _confirm_tasks(office, index_year, criteria, scored, confirmed) -> int:
    """Confirm, for up to TASK_LEAVES criteria not self-scored yet (not in ``confirmed``), a suggested task
    each (a different one), those that bring approved documents of the year first; how many."""
    found = links.task_suggestions(index_year, criteria)
    brought = links.task_evidence(index_year, {s.task.id for found_ in found.values() for s in found_})
    used: dict[int, int] = {}  # task id -> leaf id
    for with_documents in (True, False):
        for leaf in scored:
            if len(used) >= TASK_LEAVES:
                return len(used)
            if leaf.id in confirmed or leaf.id in used.values():
                continue
            suggestion = next((s for s in found.get(leaf.id, []) if s.task.id not in used
                               and bool(brought.get(s.task.id)) == with_documents), None)
            if suggestion is not None:
                links.decide_task(office, leaf, suggestion.task, CONFIRMED, suggestion.reason)
                used[suggestion.task.id] = leaf.id
    return len(used)
