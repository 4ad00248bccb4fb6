"""Evidence linked to the index's criteria: the suggestions the app makes, and the Office's decisions.

The year's evidence is what the units cited in their approved entries: documents issued that year, or
cited in an entry of one of that year's reporting periods. The app suggests, for each leaf criterion,
the documents whose trích yếu has one of the criterion's keywords (or shares words with its title and the
evidence it asks for), and those of tasks in the matching lĩnh vực CCHC (Area.standard_code ↔ the
lĩnh vực's standard_area, or the area's name) whose trích yếu shares a word with it; each suggestion says
why. Suggestions are computed when asked (one query for the year's evidence, then plain Python), so they
follow the entries as they are approved; the Office confirms one (an ``IndexLink`` "confirmed") or sets it
aside (a link "rejected", never suggested again), or tags a document with a criterion code itself.

Tasks are linked the same way: the app suggests the tasks of the year's plans in the criterion's lĩnh vực
whose title shares its keywords or word pairs; a confirmed task brings the task's approved evidence of the
year (the same rule as ``year_evidence``) to the criterion ("qua nhiệm vụ …"), for the screen, the
explanation rule (rounds.py), the evidence pack and the report.

Writes add and flush; their audit record (on the criterion; one about a task names it, so the task's own
history shows it too) goes in the same transaction.
"""
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from .. import audit
from ..errors import DomainError
from ..extensions import db
from ..formatting import vn_date
from ..plans.models import DRAFT, Area, Plan, Task
from ..progress.models import APPROVED, Evidence, ProgressEntry, ReportingPeriod
from ..search import fold
from .models import CONFIRMED, LINK_STATUSES, REJECTED, SELF, IndexCriterion, IndexLink, IndexYear

# Words too common in Vietnamese administrative titles to say anything alone (folded).
_STOP = {
    "va", "cua", "cac", "nhung", "trong", "theo", "ve", "cho", "tai", "tu", "den", "voi", "la", "co", "duoc",
    "nam", "so", "ngay", "thuc", "hien", "viec", "cong", "tac", "nhiem", "vu", "ket", "qua", "bao", "cao",
    "ban", "hanh", "dung", "han", "tren", "mot", "phan", "thuoc", "don", "vi", "quan", "dam",
}
# Pairs every document of the field has ("cải cách hành chính", "Sở Công Thương"): never a reason alone.
_COMMON = {("cai", "cach"), ("cach", "hanh"), ("hanh", "chinh"), ("so", "cong"), ("cong", "thuong"),
           ("nha", "nuoc"), ("co", "quan"), ("don", "vi"), ("tinh", "hinh"), ("thong", "tin")}
_WORD = re.compile(r"[a-z0-9]+")
_TEXT_WORD = re.compile(r"\w+")
TASK_TAGGED = "Văn phòng gắn mã"  # the reason kept on a link the Office made itself


@dataclass(frozen=True)
class Suggestion:
    """A document (``evidence``) or a task (``task``) the app proposes for a criterion, and why (in
    Vietnamese)."""
    criterion_id: int
    evidence: Evidence | None
    reason: str
    task: Task | None = None


@dataclass(frozen=True)
class _Document:
    """A document's trích yếu, or a task's title, as the suggestions read it."""
    item: Evidence | Task
    words: tuple  # the trích yếu's words, as written
    folded: tuple  # the same words, folded
    text: str  # the folded words joined, padded with spaces (phrase search on word boundaries)
    standard_code: int | None
    area_name: str  # folded

    def phrases(self, bigrams: set) -> list[str]:
        """The runs of the trích yếu's words (as written) made of ``bigrams``, in their order."""
        marked = [False] * len(self.words)
        for i in range(len(self.folded) - 1):
            if (self.folded[i], self.folded[i + 1]) in bigrams:
                marked[i] = marked[i + 1] = True
        runs, current = [], []
        for word, on in zip(self.words, marked, strict=True):
            if on:
                current.append(word)
            elif current:
                runs.append(" ".join(current))
                current = []
        return [*runs, " ".join(current)] if current else runs


def _words(folded: str) -> list[str]:
    return _WORD.findall(folded)


def _bigrams(folded: str) -> set[tuple[str, str]]:
    words = _words(folded)
    return {(a, b) for a, b in zip(words, words[1:], strict=False) if not (a in _STOP and b in _STOP) and (a, b) not in _COMMON}


def _document(item, text: str, code, area_name) -> _Document:
    words = [w for w in _TEXT_WORD.findall(text or "") if fold(w)]
    folded = [" ".join(_words(fold(w))) for w in words]
    return _Document(item, tuple(words), tuple(folded), " " + " ".join(folded) + " ", code,
                     " ".join(_words(fold(area_name))))


def _keywords(criterion) -> list[tuple[str, str]]:
    """(as written, folded) for each of the criterion's keywords (comma, semicolon or line separated)."""
    found = []
    for raw in re.split(r"[,;\n]", criterion.keywords or ""):
        text = raw.strip()
        if text and fold(text):
            found.append((text, " " + " ".join(_words(fold(text))) + " "))
    return found


def year_evidence_query(year: int, *columns):
    """Select ``columns`` over the year's evidence: documents cited in approved entries, not removed,
    issued in the year or (undated) cited in an entry of one of the year's periods. The one rule, for the
    suggestions, the documents a task brings and the evidence pack."""
    return (select(*columns).select_from(Evidence)
            .join(ProgressEntry, Evidence.entry_id == ProgressEntry.id)
            .join(ReportingPeriod, ProgressEntry.period_id == ReportingPeriod.id)
            .where(ProgressEntry.status == APPROVED, Evidence.removed_at.is_(None),
                   or_(and_(Evidence.issued_on >= date(year, 1, 1), Evidence.issued_on <= date(year, 12, 31)),
                       and_(Evidence.issued_on.is_(None), ReportingPeriod.year == year))))


def year_evidence(index_year) -> list[tuple[Evidence, int | None, str]]:
    """The year's evidence (one query, see ``year_evidence_query``), with its task's standard area code and
    area name."""
    rows = db.session.execute(
        year_evidence_query(index_year.year, Evidence, Area.standard_code, Area.name)
        .join(Task, ProgressEntry.task_id == Task.id)
        .join(Area, Task.area_id == Area.id)
        .order_by(Evidence.issued_on, Evidence.id)
    ).all()
    seen, documents = set(), []
    for evidence, code, name in rows:
        if evidence.id not in seen:
            seen.add(evidence.id)
            documents.append((evidence, code, name))
    return documents


def task_evidence(index_year, task_ids) -> dict[int, list[Evidence]]:
    """{task id: the documents it brings}: the task's evidence of the year (the rule of ``year_evidence``),
    by date (undated last) and số; one query."""
    task_ids = {t for t in task_ids if t is not None}
    if not task_ids:
        return {}
    rows = db.session.execute(
        year_evidence_query(index_year.year, ProgressEntry.task_id, Evidence)
        .where(ProgressEntry.task_id.in_(task_ids))
        .order_by(Evidence.issued_on.is_(None), Evidence.issued_on, Evidence.number, Evidence.id)
    ).all()
    found: dict[int, list[Evidence]] = {}
    for task_id, evidence in rows:
        documents = found.setdefault(task_id, [])
        if evidence not in documents:
            documents.append(evidence)
    return found


def year_tasks(index_year):
    """The select of the year's tasks: those of the year's plans (issued or closed), not archived."""
    return (select(Task).join(Plan, Task.plan_id == Plan.id)
            .where(Plan.year == index_year.year, Plan.status != DRAFT, Task.archived_at.is_(None)))


def task_choices(index_year) -> list[str]:
    """The year's tasks as the tag form offers them while the Office types ("1.2 Rà soát …"): each one's
    code and title, which ``task_by_text`` finds again (one query)."""
    rows = db.session.execute(year_tasks(index_year).with_only_columns(Task.code, Task.title)
                              .order_by(Plan.id, Task.position, Task.id)).all()
    return list(dict.fromkeys(task_label(code=code, title=title) for code, title in rows))


def _area_of(criterion, by_id) -> IndexCriterion:
    """The lĩnh vực a criterion sits in (its top ancestor)."""
    node = criterion
    while node.parent_id is not None and node.parent_id in by_id:
        node = by_id[node.parent_id]
    return node


def _same_area(document: _Document, area, criterion) -> bool:
    code = criterion.standard_area or area.standard_area
    if code is not None and document.standard_code is not None:
        return code == document.standard_code
    title = " ".join(_words(fold(area.title)))
    return bool(title and document.area_name and (title in document.area_name or document.area_name in title))


def _suggest(criteria, documents, taken, reason_of) -> dict[int, list[Suggestion]]:
    """{leaf criterion id: its suggestions} among ``documents`` (in their order); pairs (criterion id,
    item id) in ``taken`` left out; ``reason_of(document, criterion, area, keywords, own)`` says why, or ""."""
    by_id = {c.id: c for c in criteria}
    parents = {c.parent_id for c in criteria}
    found: dict[int, list[Suggestion]] = {}
    for criterion in criteria:
        if criterion.id in parents:
            continue  # only leaves are scored, and linked
        area = _area_of(criterion, by_id)
        keywords = _keywords(criterion)
        own = _bigrams(fold(f"{criterion.title}\n{criterion.evidence_asked}"))
        for document in documents:
            if (criterion.id, document.item.id) in taken:
                continue
            reason = reason_of(document, criterion, area, keywords, own)
            if reason:
                item = document.item
                found.setdefault(criterion.id, []).append(
                    Suggestion(criterion.id, item, reason) if isinstance(item, Evidence)
                    else Suggestion(criterion.id, None, reason, item))
    return found


def suggestions(index_year, criteria, links=()) -> dict[int, list[Suggestion]]:
    """{leaf criterion id: its suggested documents}, in the year's evidence order; pairs already linked
    (confirmed or set aside, given in ``links``) are left out. ``criteria``: the year's criteria (all levels)."""
    documents = [_document(evidence, evidence.summary, code, area_name)
                 for evidence, code, area_name in year_evidence(index_year)]
    if not documents:
        return {}
    taken = {(link.criterion_id, link.evidence_id) for link in links if link.evidence_id is not None}
    return _suggest(criteria, documents, taken, _reason)


def task_suggestions(index_year, criteria, links=()) -> dict[int, list[Suggestion]]:
    """{leaf criterion id: its suggested tasks}: the year's tasks in the criterion's lĩnh vực whose title
    has one of its keywords or shares a word pair with it (one query); tasks already linked to the
    criterion (confirmed or set aside, in ``links``) left out."""
    rows = db.session.execute(
        year_tasks(index_year).add_columns(Area.standard_code, Area.name).join(Area, Task.area_id == Area.id)
        .order_by(Plan.id, Task.position, Task.id)).all()
    documents = [_document(task, task.title, code, area_name) for task, code, area_name in rows]
    taken = {(link.criterion_id, link.task_id) for link in links if link.task_id is not None}
    return _suggest(criteria, documents, taken, _task_reason) if documents else {}


def _matches(document: _Document, keywords, own) -> tuple[list[str], list[str], int]:
    """The criterion's keywords found in the text (as the criterion writes them); the runs of the text's
    words made of word pairs the criterion has (as the text writes them), and how many such pairs."""
    hits = [written for written, folded in keywords if folded in document.text]
    shared = {(a, b) for a, b in zip(document.folded, document.folded[1:], strict=False) if (a, b) in own}
    return hits, list(dict.fromkeys(document.phrases(shared))) if shared else [], len(shared)


def _quoted(words) -> str:
    return ", ".join(f"“{w}”" for w in words[:3])


def _reason(document: _Document, criterion, area, keywords, own) -> str:
    hits, phrases, shared = _matches(document, keywords, own)
    if hits:
        return "trích yếu có: " + _quoted(hits)
    if shared >= 2:
        return "trích yếu có: " + _quoted(phrases)
    if shared and _same_area(document, area, criterion):
        return f"nhiệm vụ thuộc lĩnh vực “{area.title}”, trích yếu có “{phrases[0]}”"
    return ""


def _task_reason(document: _Document, criterion, area, keywords, own) -> str:
    if not _same_area(document, area, criterion):
        return ""
    hits, phrases, _shared = _matches(document, keywords, own)
    if not (hits or phrases):
        return ""
    return f"nhiệm vụ thuộc lĩnh vực “{area.title}”, tên có: " + _quoted(hits or phrases)


# -- the Office's decisions -------------------------------------------------------------------------

def _check_open(index_year) -> None:
    if index_year.stage != SELF:
        raise DomainError("Đã chốt tự chấm: không thể thay đổi tài liệu kiểm chứng của tiêu chí "
                          "(Văn phòng có thể mở lại giai đoạn tự chấm).")


def _check_leaf(criterion) -> None:
    if criterion.children:
        raise DomainError("Chỉ gắn tài liệu cho tiêu chí được chấm điểm (tiêu chí không có tiêu chí thành phần).")


def _describe(link) -> str:
    if link.evidence is not None:
        return link.evidence.citation
    return f"Nhiệm vụ {task_label(link.task)}" if link.task is not None else ""


def task_label(task=None, code: str = "", title: str = "") -> str:
    """"1.2 Rà soát, công khai TTHC": a task (or its code and title) as the links name it."""
    if task is not None:
        code, title = task.code, task.title
    return " ".join(p for p in (code, title) if p)


def _record(actor, action, link, before_status: str | None) -> None:
    audit.record(actor, action, link.criterion,
                 {"evidence": _describe(link), "link": LINK_STATUSES.get(before_status, "")},
                 {"evidence": _describe(link), "link": LINK_STATUSES[link.status]}, about=link.task)


def _existing(criterion, evidence_id) -> IndexLink | None:
    return db.session.scalar(select(IndexLink).where(IndexLink.criterion_id == criterion.id,
                                                     IndexLink.evidence_id == evidence_id))


def decide_evidence(actor, criterion, evidence, status: str, reason: str = "") -> IndexLink:
    """The Office confirms ``evidence`` for ``criterion`` (``status`` "confirmed") or sets it aside
    ("rejected"); a suggestion, a link already made or a document tagged by hand alike."""
    if status not in (CONFIRMED, REJECTED):
        raise DomainError("Hãy chọn xác nhận hoặc bỏ qua tài liệu.")
    _check_open(criterion.index_year)
    _check_leaf(criterion)
    if evidence is None or evidence.removed_at is not None:
        raise DomainError("Tài liệu kiểm chứng này không còn (đã bị gỡ).")
    if evidence.entry.status != APPROVED:
        raise DomainError("Chỉ gắn tài liệu của báo cáo đã được duyệt.")
    return _decide(actor, _existing(criterion, evidence.id), status, reason,
                   lambda: IndexLink(criterion=criterion, evidence=evidence, created_by_id=getattr(actor, "id", None)))


def _decide(actor, link, status: str, reason: str, new) -> IndexLink:
    """Set ``link`` (or a ``new()`` one) to ``status``, audited; nothing if it has that status already."""
    before = link.status if link is not None else None
    if link is None:
        link = new()
        db.session.add(link)
    if before == status:
        return link
    link.status = status
    link.reason = (reason or link.reason or "")[:500]
    db.session.flush()
    _record(actor, "link" if status == CONFIRMED else "unlink", link, before)
    return link


def _check_task(index_year, task) -> None:
    if task is None or task.archived_at is not None:
        raise DomainError("Không tìm thấy nhiệm vụ này (hoặc nhiệm vụ đã được lưu trữ).")
    if task.plan.year != index_year.year or task.plan.status == DRAFT:
        raise DomainError(f"Nhiệm vụ {task.code} không thuộc kế hoạch đã ban hành của năm {index_year.year}.")


def _task_link(criterion, task_id) -> IndexLink | None:
    return db.session.scalar(select(IndexLink).where(IndexLink.criterion_id == criterion.id,
                                                     IndexLink.task_id == task_id))


def decide_task(actor, criterion, task, status: str, reason: str = "") -> IndexLink:
    """The Office confirms ``task`` for ``criterion`` (``status`` "confirmed": its approved documents of the
    year count for the criterion) or sets it aside ("rejected": never suggested again)."""
    if status not in (CONFIRMED, REJECTED):
        raise DomainError("Hãy chọn xác nhận hoặc bỏ qua nhiệm vụ.")
    _check_open(criterion.index_year)
    _check_leaf(criterion)
    _check_task(criterion.index_year, task)
    return _decide(actor, _task_link(criterion, task.id), status, reason,
                   lambda: IndexLink(criterion=criterion, task=task, created_by_id=getattr(actor, "id", None)))


def tag_task(actor, index_year, task, code: str) -> IndexLink:
    """From the task's side: the Office tags a task with a criterion code (confirmed at once)."""
    return decide_task(actor, criterion_by_code(index_year, code), task, CONFIRMED, TASK_TAGGED)


def remove_task(actor, criterion, task) -> None:
    """The Office removes a task's link (confirmed or set aside) from a criterion: it may be suggested again."""
    _check_open(criterion.index_year)
    link = _task_link(criterion, task.id) if task is not None else None
    if link is None:
        raise DomainError("Nhiệm vụ này không được gắn với tiêu chí.")
    before = {"evidence": _describe(link), "link": LINK_STATUSES[link.status]}
    db.session.delete(link)
    db.session.flush()
    audit.record(actor, "unlink", criterion, before, {"evidence": _describe(link), "link": ""}, about=task)


def _short(text: str, limit: int = 60) -> str:
    """``text`` cut at a word before ``limit`` characters, with "…"."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:.- ") + "…"


def task_by_text(index_year, text: str) -> Task:
    """The year's task (see ``year_tasks``) the Office typed: by its code (as in "1.2"), else the one task
    whose code and title hold every word typed (case and diacritics aside)."""
    wanted = " ".join(_words(fold(text)))
    if not wanted:
        raise DomainError(fields={"task": "Hãy nhập mã hoặc tên nhiệm vụ."})
    tasks = list(db.session.scalars(year_tasks(index_year).order_by(Plan.id, Task.position, Task.id)))
    by_code = [t for t in tasks if " ".join(_words(fold(t.code))) == wanted]
    words = wanted.split()
    found = by_code or [t for t in tasks
                        if all(w in _words(fold(f"{t.code} {t.title}")) for w in words)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise DomainError(fields={"task": f"Không có nhiệm vụ nào khớp “{text.strip()[:60]}” trong kế hoạch "
                                          f"năm {index_year.year}."})
    listed = "; ".join(_short(task_label(t)) for t in found[:5])
    raise DomainError(fields={"task": f"Có {len(found)} nhiệm vụ khớp ({listed}{'…' if len(found) > 5 else ''}): "
                                      "hãy nhập thêm từ của tên nhiệm vụ."})


def criterion_by_code(index_year, code: str) -> IndexCriterion:
    """The year's leaf criterion with ``code`` (as typed: spaces and a trailing dot ignored)."""
    wanted = (code or "").strip().rstrip(".")
    if not wanted:
        raise DomainError(fields={"code": "Hãy nhập mã tiêu chí (ví dụ 1.2.3)."})
    criterion = db.session.scalar(select(IndexCriterion).where(
        IndexCriterion.year_id == index_year.id, IndexCriterion.code == wanted))
    if criterion is None:
        raise DomainError(fields={"code": f"Không có tiêu chí mã “{wanted[:30]}” trong bộ chỉ số năm "
                                          f"{index_year.year}."})
    if criterion.children:
        raise DomainError(fields={"code": f"Tiêu chí {criterion.code} có tiêu chí thành phần: hãy gắn vào "
                                          "tiêu chí thành phần."})
    return criterion


def tag_evidence(actor, index_year, evidence, code: str) -> IndexLink:
    """From the evidence's side: the Office tags a document with a criterion code (confirmed at once)."""
    return decide_evidence(actor, criterion_by_code(index_year, code), evidence, CONFIRMED, "Văn phòng gắn mã")


def evidence_by_number(index_year, number: str) -> Evidence:
    """The year's document (see ``year_evidence``) with số ký hiệu ``number`` (case and diacritics aside)."""
    wanted = " ".join(_words(fold(number)))
    if not wanted:
        raise DomainError("Hãy nhập số ký hiệu của tài liệu (ví dụ 639/KH-SCT).")
    for evidence, _code, _area in year_evidence(index_year):
        if " ".join(_words(fold(evidence.number))) == wanted:
            return evidence
    raise DomainError(f"Không có tài liệu số “{number.strip()[:100]}” trong các báo cáo đã duyệt năm "
                      f"{index_year.year}.")


def index_year_of(evidence) -> IndexYear | None:
    """The year whose self-assessment a document serves: the year it was issued, else its period's."""
    year = evidence.issued_on.year if evidence.issued_on else evidence.entry.period.year
    return db.session.scalar(select(IndexYear).where(IndexYear.year == year))


def links_of(index_year) -> list[IndexLink]:
    """Every link of the year's criteria, with its document or task (three queries)."""
    return list(db.session.scalars(
        select(IndexLink).join(IndexCriterion, IndexLink.criterion_id == IndexCriterion.id)
        .where(IndexCriterion.year_id == index_year.id)
        .options(selectinload(IndexLink.evidence), selectinload(IndexLink.task))
        .order_by(IndexLink.id)))


def task_links(task) -> list[IndexLink]:
    """The task's links (confirmed first), with their criteria, in the framework's order."""
    return list(db.session.scalars(
        select(IndexLink).join(IndexCriterion, IndexLink.criterion_id == IndexCriterion.id)
        .where(IndexLink.task_id == task.id).options(selectinload(IndexLink.criterion))
        .order_by(IndexLink.status != CONFIRMED, IndexCriterion.position, IndexCriterion.id)))


def confirmed_criteria(index_year) -> set[int]:
    """Ids of the year's criteria with evidence: a confirmed document, or a confirmed task that brings at
    least one document (see ``task_evidence``)."""
    rows = db.session.execute(
        select(IndexLink.criterion_id, IndexLink.evidence_id, IndexLink.task_id)
        .join(IndexCriterion, IndexLink.criterion_id == IndexCriterion.id)
        .where(IndexCriterion.year_id == index_year.id, IndexLink.status == CONFIRMED)).all()
    brought = task_evidence(index_year, [row.task_id for row in rows])
    return {row.criterion_id for row in rows if row.evidence_id is not None or brought.get(row.task_id)}


def citation_line(evidence) -> str:
    """"125/QĐ-SCT, 12/03/2026" as the screen lists a document."""
    return ", ".join(p for p in (evidence.number or evidence.original_name, vn_date(evidence.issued_on)) if p)
