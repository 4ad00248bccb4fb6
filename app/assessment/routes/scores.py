"""The self-assessment screen (/index/<year>): per leaf criterion the scores of the rounds so far, the form of
the current round for whoever may act, its evidence (confirmed and suggested); the roll-up; the stage's lock
and reopening. Thin: load, check the policy, call rounds.py, answer with the page or the criterion's fragment
(with the totals and the parents' subtotals swapped out of band)."""
from dataclasses import dataclass, field

from flask import flash, render_template, request, url_for
from flask_login import current_user, login_required

from ... import audit
from ...errors import DomainError, attach_errors
from ...extensions import db
from ...forms import arg_int, version_of
from ...htmx import fragment, is_htmx, redirect_to
from ...permissions import can
from .. import links as link_service
from .. import rounds
from ..forms import ScoreForm
from ..models import APPRAISAL1, APPRAISAL2, CLOSED, CONFIRMED, EXPLANATION, SELF, STAGE_ORDER
from ..queries import criteria_of, leaves, scores_of, visible_criteria
from ..scoring import roll_up
from .common import bp, load_criterion, load_year

# The round a user writes now, by stage, and the rule that lets them (the first one they may, in order).
CURRENT = {SELF: ("self", "draft"), APPRAISAL1: ("appraisal1",), EXPLANATION: ("explanation",),
           APPRAISAL2: ("appraisal2",)}
ROUND_RULES = {"self": "index.self_score", "draft": "index.draft", "appraisal1": "index.appraise",
               "explanation": "index.explain", "appraisal2": "index.appraise"}
ROUND_LABELS = {"draft": "Đơn vị đề xuất", "self": "Điểm tự chấm", "appraisal1": "Thẩm định vòng 1",
                "explanation": "Giải trình", "appraisal2": "Thẩm định vòng 2"}
SCORE_LABELS = {"draft": "Điểm đề xuất", "self": "Điểm tự chấm", "appraisal1": "Điểm thẩm định vòng 1",
                "appraisal2": "Điểm thẩm định vòng 2"}
SAVE_LABELS = {"draft": "Lưu điểm đề xuất", "self": "Lưu điểm tự chấm", "appraisal1": "Lưu điểm thẩm định",
               "explanation": "Lưu giải trình", "appraisal2": "Lưu điểm thẩm định"}
NOTE_LABELS = {"draft": "Ghi chú của đơn vị", "self": "Giải trình cách tự chấm", "appraisal1": "Ý kiến thẩm định",
               "explanation": "Nội dung giải trình", "appraisal2": "Ý kiến thẩm định"}
FILTERS = {"": "Tất cả tiêu chí", "unscored": "Chưa chấm", "missing": "Thiếu tài liệu"}


def current_round(user, criterion) -> str | None:
    """The round ``user`` may write on ``criterion`` now, if any."""
    for round_ in CURRENT.get(criterion.index_year.stage, ()):
        if can(user, ROUND_RULES[round_], criterion):
            return round_
    return None


def open_round(user, criterion) -> str | None:
    """The round ``user`` may write on ``criterion`` now and is not closed by its deadline (the form shown)."""
    round_ = current_round(user, criterion)
    return None if round_ is None or rounds.deadline_error(criterion.index_year, round_) else round_


def late_round(user, criterion) -> str | None:
    """Why the round ``user`` would write now is closed by its deadline (Vietnamese), or None."""
    round_ = current_round(user, criterion)
    return rounds.deadline_error(criterion.index_year, round_) if round_ else None


def shown_rounds(index_year) -> list[str]:
    """The rounds whose scores the screen shows: those of the stages reached."""
    reached = STAGE_ORDER.index(index_year.stage)
    return [r for r, stage in (("draft", SELF), ("self", SELF), ("appraisal1", APPRAISAL1),
                               ("explanation", EXPLANATION), ("appraisal2", APPRAISAL2))
            if STAGE_ORDER.index(stage) <= reached]


@dataclass
class Screen:
    """What the year's screen shows."""
    index_year: object
    criteria: list  # the year's, all levels, in order
    shown: list  # what this user sees, filtered
    whole: bool
    scores: dict
    rolls: dict  # round -> RollUp (self, and the appraisal rounds reached)
    confirmed: dict = field(default_factory=dict)  # leaf id -> [IndexLink] (documents)
    suggested: dict = field(default_factory=dict)  # leaf id -> [Suggestion] (documents)
    children: set = field(default_factory=set)  # ids of the criteria with children
    by_id: dict = field(default_factory=dict)  # criterion id -> criterion
    tasks: dict = field(default_factory=dict)  # leaf id -> [IndexLink] (confirmed tasks)
    suggested_tasks: dict = field(default_factory=dict)  # leaf id -> [Suggestion] (tasks)
    brought: dict = field(default_factory=dict)  # task id -> [Evidence]: the documents a task brings

    def missing(self, criterion) -> bool:
        return not self.confirmed.get(criterion.id) and not self.via_tasks(criterion)

    def via_tasks(self, criterion) -> list:
        """[(document, task link)]: the documents the criterion's confirmed tasks bring, each once, those
        linked directly left out."""
        direct = {link.evidence_id for link in self.confirmed.get(criterion.id, [])}
        out = []
        for link in self.tasks.get(criterion.id, []):
            for evidence in self.brought.get(link.task_id, []):
                if evidence.id not in direct:
                    direct.add(evidence.id)
                    out.append((evidence, link))
        return out

    def latest_score(self, criterion) -> float | None:
        """The leaf's score of the latest round reached that has one (self, appraisal 1, appraisal 2); for a
        unit's user, its draft until the Office self-scores."""
        s = self.scores.get(criterion.id)
        found = s.draft_score if s is not None and not self.whole else None
        for round_ in ("self", "appraisal1", "appraisal2"):
            if s is not None and round_ in self.rolls and getattr(s, f"{round_}_score") is not None:
                found = getattr(s, f"{round_}_score")
        return found

    def done(self, criterion) -> bool:
        """Whether the leaf needs nothing more in the current stage: self-scored (by a unit: drafted) and,
        without confirmed evidence, explained; appraised in the appraisal rounds; in the explanation round,
        explained where round 1 took points off; everything once closed. The screen folds these."""
        s = self.scores.get(criterion.id)
        stage = self.index_year.stage
        if stage == CLOSED or (stage == EXPLANATION and s is None):  # nothing taken off: nothing to explain
            return True
        if s is None:
            return False
        if stage == SELF:
            if s.self_score is None:
                return not self.whole and s.draft_score is not None
            return not (s.self_score and self.missing(criterion) and not (s.self_note or "").strip())
        if stage == EXPLANATION:
            cut = s.appraisal1_score is not None and s.self_score is not None and s.appraisal1_score < s.self_score
            return not cut or bool((s.explanation or "").strip())
        return getattr(s, f"{stage}_score") is not None

    def unit_of(self, criterion):
        """The unit the criterion is assigned to, itself or through a parent (None: the Office's own)."""
        node = criterion
        while node is not None and node.unit_id is None:
            node = self.by_id.get(node.parent_id)
        return node.unit if node is not None else None


def build_screen(index_year, user, area_id: int | None = None, only: str = "") -> Screen:
    criteria = criteria_of(index_year)
    whole = can(user, "index.view_all", index_year)
    scores = scores_of(index_year)
    reached = shown_rounds(index_year)
    rolls = {r: roll_up(criteria, {cid: getattr(s, f"{r}_score") for cid, s in scores.items()})
             for r in ("self", "appraisal1", "appraisal2") if r in reached}
    links = link_service.links_of(index_year)
    screen = Screen(index_year, criteria, [], whole, scores, rolls,
                    children={c.parent_id for c in criteria if c.parent_id is not None},
                    by_id={c.id: c for c in criteria})
    for link in links:
        if link.status == CONFIRMED:
            (screen.confirmed if link.task_id is None else screen.tasks).setdefault(link.criterion_id, []).append(link)
    screen.brought = link_service.task_evidence(
        index_year, [link.task_id for found in screen.tasks.values() for link in found])
    if can(user, "index.link", index_year):
        brought = {(cid, e.id) for cid, found in screen.tasks.items() for link in found
                   for e in screen.brought.get(link.task_id, [])}  # counted already: not suggested
        screen.suggested = {cid: kept for cid, found in link_service.suggestions(index_year, criteria, links).items()
                            if (kept := [s for s in found if (cid, s.evidence.id) not in brought])}
        screen.suggested_tasks = link_service.task_suggestions(index_year, criteria, links)
    shown = criteria if whole else visible_criteria(criteria, user.unit_id)
    screen.shown = _filtered(screen, shown, area_id, only)
    return screen


def _filtered(screen: Screen, shown: list, area_id: int | None, only: str) -> list:
    """The criteria of one lĩnh vực, and/or only the leaves not scored (self-score) or without confirmed
    evidence, each with its parents."""
    by_id = screen.by_id

    def top(c):
        while c.parent_id is not None and c.parent_id in by_id:
            c = by_id[c.parent_id]
        return c

    def wanted(c) -> bool:
        if area_id and top(c).id != area_id:
            return False
        if c.id in screen.children:
            return not only
        score = screen.scores.get(c.id)
        if only == "unscored":
            return score is None or score.self_score is None
        if only == "missing":
            return screen.missing(c)
        return True

    keep = {c.id for c in shown if wanted(c)}
    if only:
        for leaf in [c for c in shown if c.id in keep]:
            parent = by_id.get(leaf.parent_id)
            while parent is not None:
                keep.add(parent.id)
                parent = by_id.get(parent.parent_id)
    return [c for c in shown if c.id in keep]


def _context(screen: Screen) -> dict:
    return {"screen": screen, "index_year": screen.index_year, "round_for": lambda c: open_round(current_user, c),
            "late_for": lambda c: late_round(current_user, c),
            "shown_rounds": shown_rounds(screen.index_year), "round_labels": ROUND_LABELS,
            "note_labels": NOTE_LABELS, "score_labels": SCORE_LABELS, "save_labels": SAVE_LABELS,
            "citation_line": link_service.citation_line, "task_label": link_service.task_label}


@bp.get("/<int:year>")
@login_required
def year(year):
    return year_page(year)


def year_page(year):
    index_year = load_year(year)
    only = request.args.get("only", "")
    only = only if only in FILTERS else ""
    screen = build_screen(index_year, current_user, arg_int("area"), only)
    whole = screen.whole
    deadlines = rounds.deadlines(index_year)
    return render_template(
        "assessment/year.html", **_context(screen), filters=FILTERS, only=only, area_id=arg_int("area"),
        areas=[c for c in screen.criteria if c.parent_id is None], deadlines=deadlines,
        late_stage=next((d for d in deadlines if d.overdue), None),
        history=rounds.year_history(index_year) if whole else [], labels_for=audit.labels_for,
        can_stage=can(current_user, "index.stage", index_year), leaf_count=len(leaves(screen.shown)),
        task_choices=link_service.task_choices(index_year) if can(current_user, "index.link", index_year) else [])


def _criterion_reply(criterion, form=None, messages=(), status=200):
    screen = build_screen(criterion.index_year, current_user)
    ancestors, node = [], criterion
    while node.parent_id is not None and node.parent_id in screen.by_id:
        node = screen.by_id[node.parent_id]
        ancestors.append(node)
    return fragment("assessment/_criterion_reply.html", status=status, c=criterion, form=form,
                    messages=list(messages), ancestors=ancestors, refocus=True, **_context(screen))


@bp.post("/<int:year>/criteria/<int:criterion_id>/score")
@login_required
def save_score(year, criterion_id):
    """The current round's score and note of a leaf (or, for the Office, the unit's draft taken as is)."""
    criterion = load_criterion(year, criterion_id, "index.score")
    round_ = current_round(current_user, criterion)
    form = ScoreForm()
    messages = []
    if form.validate():
        try:
            if form.take_draft.data:
                if round_ != "self":
                    raise DomainError("Chỉ Văn phòng lấy điểm đơn vị đề xuất, khi đang tự chấm.")
                rounds.take_draft(current_user, criterion, version_of(form))
            elif round_ == "explanation":
                rounds.save_explanation(current_user, criterion, form.note.data, version_of(form))
            else:
                rounds.save_round(current_user, criterion, round_,
                                  rounds.ScoreData(form.score.data, form.note.data, version_of(form)))
        except DomainError as exc:
            db.session.rollback()
            messages = attach_errors(form, exc)
        else:
            if not is_htmx():
                flash(f"Đã lưu điểm tiêu chí {criterion.code}.", "success")
                return redirect_to(url_for("assessment.year", year=year) + f"#criterion-{criterion.id}")
            db.session.flush()
            return _criterion_reply(criterion)
    criterion = db.session.get(type(criterion), criterion_id)
    return _criterion_reply(criterion, form, messages, status=422)


@bp.post("/<int:year>/stage")
@login_required
def change_stage(year):
    """Lock the current stage and move on ("chốt"), or reopen the stage before (``direction=back``)."""
    index_year = load_year(year, "index.stage")
    back = request.form.get("direction") == "back"
    try:
        version = int(request.form.get("version") or 0) or None
    except ValueError:
        version = None
    try:
        (rounds.reopen if back else rounds.advance)(current_user, index_year, version)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return year_page(year), 422
    flash(f"Đã chuyển sang giai đoạn “{index_year.stage_label}”.", "success")
    return redirect_to(url_for("assessment.year", year=year))
