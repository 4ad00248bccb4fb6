"""Evidence linked to the index's criteria: the suggestions the app makes, and the Office's decisions.

The year's evidence is what the units cited in their approved entries: documents issued that year, or
cited in an entry of one of that year's reporting periods. The app suggests, for each leaf criterion,
the documents whose trích yếu has one of the criterion's keywords (or shares words with its title and the
evidence it asks for), and those of tasks in the matching lĩnh vực CCHC (Area.standard_code ↔ the
lĩnh vực's standard_area, or the area's name) whose trích yếu shares a word with it; each suggestion says
why. Suggestions are computed when asked (one query for the year's evidence, then plain Python), so they
follow the entries as they are approved; the Office confirms one (an ``IndexLink`` "confirmed") or sets it
aside (a link "rejected", never suggested again), or tags a document with a criterion code itself.

Writes add and flush; their audit record (on the criterion) goes in the same transaction.
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
from ..plans.models import Area, Task
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


@dataclass(frozen=True)
class Suggestion:
    """A document the app proposes for a criterion, and why (in Vietnamese)."""
    criterion_id: int
    evidence: Evidence
    reason: str


@dataclass(frozen=True)
class _Document:
    evidence: Evidence
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


def _document(evidence, code, area_name) -> _Document:
    words = [w for w in _TEXT_WORD.findall(evidence.summary or "") if fold(w)]
    folded = [" ".join(_words(fold(w))) for w in words]
    return _Document(evidence, tuple(words), tuple(folded), " " + " ".join(folded) + " ", code,
                     " ".join(_words(fold(area_name))))


def _keywords(criterion) -> list[tuple[str, str]]:
    """(as written, folded) for each of the criterion's keywords (comma, semicolon or line separated)."""
    found = []
    for raw in re.split(r"[,;\n]", criterion.keywords or ""):
        text = raw.strip()
        if text and fold(text):
            found.append((text, " " + " ".join(_words(fold(text))) + " "))
    return found


def year_evidence(index_year) -> list[tuple[Evidence, int | None, str]]:
    """The year's evidence (one query): documents cited in approved entries, not removed, issued in the year
    or cited in an entry of one of the year's periods; with their task's standard area code and area name."""
    year = index_year.year
    rows = db.session.execute(
        select(Evidence, Area.standard_code, Area.name)
        .join(ProgressEntry, Evidence.entry_id == ProgressEntry.id)
        .join(ReportingPeriod, ProgressEntry.period_id == ReportingPeriod.id)
        .join(Task, ProgressEntry.task_id == Task.id)
        .join(Area, Task.area_id == Area.id)
        .where(ProgressEntry.status == APPROVED, Evidence.removed_at.is_(None),
               or_(and_(Evidence.issued_on >= date(year, 1, 1), Evidence.issued_on <= date(year, 12, 31)),
                   and_(Evidence.issued_on.is_(None), ReportingPeriod.year == year)))
        .order_by(Evidence.issued_on, Evidence.id)
    ).all()
    seen, documents = set(), []
    for evidence, code, name in rows:
        if evidence.id not in seen:
            seen.add(evidence.id)
            documents.append((evidence, code, name))
    return documents


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


def suggestions(index_year, criteria, links=()) -> dict[int, list[Suggestion]]:
    """{leaf criterion id: its suggestions}, in the year's evidence order; pairs already linked (confirmed
    or set aside, given in ``links``) are left out. ``criteria``: the year's criteria (all levels)."""
    documents = [_document(evidence, code, area_name) for evidence, code, area_name in year_evidence(index_year)]
    if not documents:
        return {}
    taken = {(link.criterion_id, link.evidence_id) for link in links if link.evidence_id is not None}
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
            if (criterion.id, document.evidence.id) in taken:
                continue
            reason = _reason(document, criterion, area, keywords, own)
            if reason:
                found.setdefault(criterion.id, []).append(Suggestion(criterion.id, document.evidence, reason))
    return found


def _reason(document: _Document, criterion, area, keywords, own) -> str:
    hits = [written for written, folded in keywords if folded in document.text]
    if hits:
        return "trích yếu có: " + ", ".join(f"“{h}”" for h in hits[:3])
    shared = {(a, b) for a, b in zip(document.folded, document.folded[1:], strict=False) if (a, b) in own}
    if len(shared) >= 2:
        return "trích yếu có: " + ", ".join(f"“{p}”" for p in list(dict.fromkeys(document.phrases(shared)))[:3])
    if shared and _same_area(document, area, criterion):
        return f"nhiệm vụ thuộc lĩnh vực “{area.title}”, trích yếu có “{document.phrases(shared)[0]}”"
    return ""


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
    return f"Nhiệm vụ: {link.task.title}" if link.task is not None else ""


def _record(actor, action, link, before_status: str | None) -> None:
    audit.record(actor, action, link.criterion,
                 {"evidence": _describe(link), "link": LINK_STATUSES.get(before_status, "")},
                 {"evidence": _describe(link), "link": LINK_STATUSES[link.status]})


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
    link = _existing(criterion, evidence.id)
    before = link.status if link is not None else None
    if link is None:
        link = IndexLink(criterion=criterion, evidence=evidence, created_by_id=getattr(actor, "id", None))
        db.session.add(link)
    if before == status:
        return link
    link.status = status
    link.reason = (reason or link.reason or "")[:500]
    db.session.flush()
    _record(actor, "link" if status == CONFIRMED else "unlink", link, before)
    return link


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
    """Every link of the year's criteria, with its document (two queries)."""
    return list(db.session.scalars(
        select(IndexLink).join(IndexCriterion, IndexLink.criterion_id == IndexCriterion.id)
        .where(IndexCriterion.year_id == index_year.id).options(selectinload(IndexLink.evidence))
        .order_by(IndexLink.id)))


def confirmed_criteria(index_year) -> set[int]:
    """Ids of the year's criteria with at least one confirmed link (evidence or task)."""
    return set(db.session.scalars(
        select(IndexLink.criterion_id).join(IndexCriterion, IndexLink.criterion_id == IndexCriterion.id)
        .where(IndexCriterion.year_id == index_year.id, IndexLink.status == CONFIRMED)))


def citation_line(evidence) -> str:
    """"125/QĐ-SCT, 12/03/2026" as the screen lists a document."""
    return ", ".join(p for p in (evidence.number or evidence.original_name, vn_date(evidence.issued_on)) if p)
