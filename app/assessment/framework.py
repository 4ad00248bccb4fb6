"""A year's framework as data: the year itself (title, source decision, deadlines), its criteria (add, edit,
delete, move among siblings, assign a unit), a whole framework replaced at once (the .xlsx import,
framework_xlsx.py) and last year's copied to a new year. Every write is refused once the year is locked
(``IndexYear.framework_editable``); every change is audited in the caller's transaction (add, flush, never
commit).

The rules of a tree, shared by the form and the import (``tree_errors``): a lĩnh vực has no parent, a tiêu
chí's parent is a lĩnh vực, a tiêu chí thành phần's a tiêu chí; a line's kind (scored, bonus, penalty) is its
area's; codes are unique in the year; a child's maximum is never above its parent's."""
import re
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import exists, select

from .. import audit
from ..errors import DomainError, EditConflict
from ..extensions import db
from ..formatting import vn_date
from ..org.models import Unit
from ..plans.models import STANDARD_AREAS
from .models import (AREA, COMPONENT, CRITERION, KINDS, LEVELS, NORMAL, IndexCriterion, IndexLink, IndexScore,
                     IndexYear)
from .scoring import format_score

CODE_MAX, TITLE_MAX, TEXT_MAX = 30, 2000, 4000
YEARS = (2000, 2100)
PARENT_LEVEL = {AREA: None, CRITERION: AREA, COMPONENT: CRITERION}
CHILD_LEVEL = {None: AREA, AREA: CRITERION, CRITERION: COMPONENT}
DEADLINE_FIELDS = ("self_deadline", "appraisal1_deadline", "explanation_deadline", "appraisal2_deadline")


# -- snapshots (what the audit log keeps, as a person reads it) --------------------------------

def year_fields(index_year: IndexYear) -> dict:
    out = {"title": index_year.title, "source": index_year.source,
           "is_example": "Có" if index_year.is_example else "Không"}
    out.update({name: vn_date(getattr(index_year, name)) for name in DEADLINE_FIELDS})
    return out


def criterion_fields(criterion: IndexCriterion) -> dict:
    return {"code": criterion.code, "title": criterion.title, "level": criterion.level_label,
            "kind": criterion.kind_label, "max_score": format_score(criterion.max_score),
            "allows_half": "Có" if criterion.allows_half else "Không", "rule": criterion.rule,
            "evidence_asked": criterion.evidence_asked, "keywords": criterion.keywords,
            "standard_area": STANDARD_AREAS.get(criterion.standard_area or 0, ""),
            "unit": criterion.unit.name if criterion.unit else "",
            "parent": criterion.parent.code if criterion.parent is not None else ""}


# -- the year -------------------------------------------------------------------------------

@dataclass
class YearData:
    title: str = ""
    source: str = ""
    self_deadline: date | None = None
    appraisal1_deadline: date | None = None
    explanation_deadline: date | None = None
    appraisal2_deadline: date | None = None


def ensure_editable(index_year: IndexYear) -> None:
    if not index_year.framework_editable:
        raise DomainError(f"Bộ tiêu chí năm {index_year.year} đã chốt (giai đoạn “{index_year.stage_label}”): "
                          "không thể sửa nữa.")


def _check_year_data(data: YearData) -> YearData:
    data = replace(data, title=(data.title or "").strip(), source=(data.source or "").strip())
    errors = {}
    if len(data.title) > 300:
        errors["title"] = "Tên bộ tiêu chí dài quá 300 ký tự."
    if len(data.source) > 500:
        errors["source"] = "Văn bản ban hành dài quá 500 ký tự."
    dated = [(name, getattr(data, name)) for name in DEADLINE_FIELDS if getattr(data, name)]
    for (_, earlier), (name, later) in zip(dated, dated[1:]):
        if later < earlier:
            errors[name] = "Hạn của giai đoạn sau không được trước hạn của giai đoạn trước."
    if errors:
        raise DomainError(fields=errors)
    return data


def _check_new_year(year: int | None) -> int:
    if year is None or not YEARS[0] <= year <= YEARS[1]:
        raise DomainError(fields={"year": f"Năm phải từ {YEARS[0]} đến {YEARS[1]}."})
    if db.session.scalar(select(exists().where(IndexYear.year == year))):
        raise DomainError(fields={"year": f"Đã có bộ tiêu chí năm {year}."})
    return year


def create_year(actor, year: int | None, data: YearData, is_example: bool = False) -> IndexYear:
    """A new year with an empty framework (to import or build in the app)."""
    year = _check_new_year(year)
    data = _check_year_data(data)
    index_year = IndexYear(year=year, is_example=is_example, **vars(data))
    db.session.add(index_year)
    db.session.flush()
    audit.record(actor, "create", index_year, None, year_fields(index_year))
    return index_year


def update_year(actor, index_year: IndexYear, data: YearData, expected_version: int | None = None) -> IndexYear:
    """The year's title, source decision and deadlines. Once the year is locked only the deadlines change:
    the Office extends a stage's deadline (rounds.deadline_error) at any stage."""
    EditConflict.check(index_year, expected_version, f"Bộ tiêu chí năm {index_year.year}")
    data = _check_year_data(data)
    if not index_year.framework_editable:
        locked = {name: "Bộ tiêu chí đã chốt: chỉ sửa được thời hạn." for name in ("title", "source")
                  if getattr(data, name) != (getattr(index_year, name) or "")}
        if locked:
            raise DomainError(fields=locked)
    before = year_fields(index_year)
    for name, value in vars(data).items():
        setattr(index_year, name, value)
    audit.record(actor, "update", index_year, before, year_fields(index_year))
    db.session.flush()
    return index_year


# -- criteria -------------------------------------------------------------------------------

@dataclass
class CriterionData:
    """One criterion as a form or a template row gives it. ``row``: the template's row (0: a form)."""
    code: str = ""
    title: str = ""
    max_score: float | None = None
    level: str = ""  # "" (a form): decided by the parent
    kind: str = ""  # "" : the parent's (an area: scored)
    parent_code: str = ""
    allows_half: bool = False
    rule: str = ""
    evidence_asked: str = ""
    keywords: str = ""
    standard_area: int | None = None
    unit_id: int | None = None
    row: int = 0
    errors: dict[str, str] = field(default_factory=dict)  # field → what reading the row already refused


def _where(data: CriterionData, column: str) -> str:
    return f"Dòng {data.row}, cột “{column}”: " if data.row else ""


def clean(data: CriterionData) -> CriterionData:
    return replace(data, code=(data.code or "").strip(), title=(data.title or "").strip(),
                   parent_code=(data.parent_code or "").strip(), rule=(data.rule or "").strip(),
                   evidence_asked=(data.evidence_asked or "").strip(), keywords=(data.keywords or "").strip())


def row_errors(data: CriterionData, parent: CriterionData | IndexCriterion | None) -> dict[str, str]:
    """field → what is wrong with one criterion, given its parent (None: it is a lĩnh vực)."""
    errors: dict[str, str] = {}
    if not data.code:
        errors["code"] = "Vui lòng nhập mã tiêu chí."
    elif len(data.code) > CODE_MAX:
        errors["code"] = f"Mã dài quá {CODE_MAX} ký tự."
    elif not re.fullmatch(r"[0-9A-Za-zÀ-ỹĐđ.\-_/]+", data.code):
        errors["code"] = "Mã chỉ gồm chữ, số và dấu chấm (ví dụ 1.2.3), không có khoảng trắng."
    if not data.title:
        errors["title"] = "Vui lòng nhập nội dung tiêu chí."
    elif len(data.title) > TITLE_MAX:
        errors["title"] = f"Nội dung dài quá {TITLE_MAX} ký tự."
    for name in ("rule", "evidence_asked", "keywords"):
        if len(getattr(data, name)) > TEXT_MAX:
            errors[name] = f"Nội dung dài quá {TEXT_MAX} ký tự."
    expected = CHILD_LEVEL.get(parent.level if parent is not None else None)
    if expected is None:
        errors["parent_code"] = "Tiêu chí thành phần không có cấp dưới."
    elif data.level and data.level != expected:
        errors["level"] = (f"Cấp “{LEVELS.get(data.level, data.level)}” không hợp với dòng cha: "
                           f"dòng này phải là “{LEVELS[expected]}”.")
    if data.kind and data.kind not in KINDS:
        errors["kind"] = "Loại phải là “Chấm điểm”, “Điểm thưởng” hoặc “Điểm trừ”."
    elif parent is not None and data.kind and parent.kind and data.kind != parent.kind:
        errors["kind"] = f"Loại phải giống lĩnh vực chứa nó (“{KINDS.get(parent.kind, parent.kind)}”)."
    if data.max_score is None:
        errors["max_score"] = "Vui lòng nhập điểm tối đa (một số, ví dụ 2 hoặc 1,5)."
    elif not 0 <= data.max_score <= 100:
        errors["max_score"] = "Điểm tối đa phải từ 0 đến 100."
    elif abs(data.max_score * 100 - round(data.max_score * 100)) > 1e-6:
        errors["max_score"] = "Điểm tối đa lấy đến hai chữ số thập phân."
    elif parent is not None and parent.max_score and data.max_score > parent.max_score + 1e-9:
        errors["max_score"] = (f"Điểm tối đa ({format_score(data.max_score)}) lớn hơn điểm tối đa của dòng cha "
                               f"{parent.code} ({format_score(parent.max_score)}).")
    if data.standard_area is not None and data.standard_area not in STANDARD_AREAS:
        errors["standard_area"] = "Lĩnh vực CCHC phải là một trong sáu lĩnh vực chuẩn."
    if data.unit_id is not None and db.session.get(Unit, data.unit_id) is None:
        errors["unit_id"] = "Đơn vị không tồn tại."
    return errors


COLUMN_OF = {"code": "Mã", "parent_code": "Mã cha", "level": "Cấp", "kind": "Loại", "title": "Nội dung",
             "max_score": "Điểm tối đa", "allows_half": "Cho phép điểm 0,5", "rule": "Cách chấm điểm",
             "evidence_asked": "Tài liệu kiểm chứng", "keywords": "Từ khóa gợi ý",
             "standard_area": "Lĩnh vực CCHC", "unit_id": "Đơn vị được giao"}


def tree_errors(rows: list[CriterionData]) -> list[str]:
    """Every message about a whole framework (the import), each naming its row and column; [] if none."""
    messages: list[str] = []
    seen: dict[str, CriterionData] = {}
    levels: dict[str, str] = {}  # code → the level the tree gives it
    kinds: dict[str, str] = {}
    for data in rows:
        messages.extend(data.errors.values())
        parent = None
        if data.parent_code:
            parent = seen.get(data.parent_code)
            if parent is None:
                later = any(r.code == data.parent_code for r in rows)
                messages.append(_where(data, COLUMN_OF["parent_code"]) + (
                    f"mã cha “{data.parent_code}” phải nằm ở một dòng phía trên." if later
                    else f"không có tiêu chí nào mã “{data.parent_code}”."))
                if data.code:
                    seen.setdefault(data.code, data)
                continue
        if parent is not None:  # as the tree makes it: its level from its own parent, its kind from its area
            parent = replace(parent, level=levels.get(parent.code, parent.level),
                             kind=kinds.get(parent.code, parent.kind))
        if data.code not in seen:
            level = CHILD_LEVEL.get(parent.level if parent is not None else None)
            levels[data.code] = level or ""
            kinds[data.code] = (parent.kind if parent is not None else "") or data.kind or NORMAL
        for name, message in row_errors(data, parent).items():
            if name not in data.errors:
                messages.append(_where(data, COLUMN_OF[name]) + message[0].lower() + message[1:])
        if data.code in seen:
            messages.append(_where(data, COLUMN_OF["code"]) + f"mã “{data.code}” trùng với dòng {seen[data.code].row}.")
        elif data.code:
            seen[data.code] = data
    children: dict[str, list[CriterionData]] = {}
    for data in rows:
        children.setdefault(data.parent_code, []).append(data)
    for data in rows:
        if not children.get(data.code) and not data.max_score and "max_score" not in data.errors:
            messages.append(_where(data, COLUMN_OF["max_score"]) + "tiêu chí được chấm điểm phải có điểm tối đa lớn hơn 0.")
    return messages


def _renumber(index_year: IndexYear) -> None:
    """Positions 1..n in the tree's order: each criterion followed by its children, siblings in order."""
    criteria = db.session.scalars(select(IndexCriterion).where(IndexCriterion.year_id == index_year.id)
                                  .order_by(IndexCriterion.position, IndexCriterion.id)).all()
    children: dict[int | None, list[IndexCriterion]] = {}
    for criterion in criteria:
        children.setdefault(criterion.parent_id, []).append(criterion)
    position = 0

    def visit(node):
        nonlocal position
        position += 1
        if node.position != position:
            node.position = position
        for kid in children.get(node.id, []):
            visit(kid)

    for top in children.get(None, []):
        visit(top)


def _code_taken(index_year: IndexYear, code: str, but: int | None = None) -> bool:
    query = select(exists().where(IndexCriterion.year_id == index_year.id, IndexCriterion.code == code,
                                  IndexCriterion.id != (but or 0)))
    return bool(db.session.scalar(query))


def _apply(criterion: IndexCriterion, data: CriterionData) -> None:
    criterion.code, criterion.title, criterion.max_score = data.code, data.title, data.max_score
    criterion.allows_half, criterion.rule = data.allows_half, data.rule
    criterion.evidence_asked, criterion.keywords = data.evidence_asked, data.keywords
    criterion.standard_area, criterion.unit_id = data.standard_area, data.unit_id


def add_criterion(actor, index_year: IndexYear, data: CriterionData, parent: IndexCriterion | None = None
                  ) -> IndexCriterion:
    """A criterion under ``parent`` (None: a new lĩnh vực), last among its siblings."""
    ensure_editable(index_year)
    if parent is not None and parent.year_id != index_year.id:
        raise DomainError("Dòng cha không thuộc bộ tiêu chí năm này.")
    data = clean(data)
    level = CHILD_LEVEL.get(parent.level if parent is not None else None)
    kind = parent.kind if parent is not None else (data.kind or NORMAL)
    data = replace(data, level=level or "", kind=kind)
    errors = row_errors(data, parent)
    if not errors.get("code") and _code_taken(index_year, data.code):
        errors["code"] = f"Bộ tiêu chí đã có mã “{data.code}”."
    if not errors and not data.max_score:
        errors["max_score"] = "Điểm tối đa phải lớn hơn 0."
    if errors:
        raise DomainError(fields=errors)
    last = db.session.scalar(select(IndexCriterion.position).where(IndexCriterion.year_id == index_year.id)
                             .order_by(IndexCriterion.position.desc()).limit(1)) or 0
    criterion = IndexCriterion(index_year=index_year, parent=parent, level=level, kind=kind, position=last + 1)
    _apply(criterion, data)
    db.session.add(criterion)
    db.session.flush()
    _renumber(index_year)
    audit.record(actor, "create", criterion, None, criterion_fields(criterion))
    db.session.flush()
    return criterion


def _new_parent(criterion: IndexCriterion, parent_code: str) -> tuple[IndexCriterion | None, dict[str, str]]:
    """The parent ``criterion`` moves to (``parent_code``; "": it stays where it is), and what forbids it."""
    if not parent_code or criterion.parent is None or parent_code == criterion.parent.code:
        return criterion.parent, {}
    parent = db.session.scalar(select(IndexCriterion).where(IndexCriterion.year_id == criterion.year_id,
                                                            IndexCriterion.code == parent_code))
    wanted = PARENT_LEVEL[criterion.level]
    if parent is None or parent.level != wanted:
        return criterion.parent, {"parent_code": f"Dòng cha phải là một “{LEVELS[wanted]}” của bộ tiêu chí này."}
    if not parent.children and _scored([parent.id]):
        return criterion.parent, {"parent_code": f"Tiêu chí {parent.code} đã có điểm chấm hoặc tài liệu kiểm chứng: "
                                                 "không chuyển dòng vào bên trong được."}
    old = criterion.parent
    if len(old.children) == 1 and not old.max_score:
        return criterion.parent, {"parent_code": f"{old.code} sẽ không còn dòng bên trong mà có điểm tối đa 0: "
                                                 "hãy sửa điểm tối đa của nó trước."}
    return parent, {}


def _place_last(criterion: IndexCriterion, parent: IndexCriterion) -> None:
    """Under ``parent``, after its other lines (with the criteria under it); positions renumbered."""
    criterion.parent = parent
    siblings = [c.position for c in parent.children if c.id != criterion.id]
    criterion.position = max(siblings, default=parent.position) + 1
    db.session.flush()
    _renumber(criterion.index_year)


def update_criterion(actor, criterion: IndexCriterion, data: CriterionData,
                     expected_version: int | None = None) -> IndexCriterion:
    """Edit a criterion; an area may change its kind while it has no lines; a tiêu chí moves to another
    lĩnh vực and a tiêu chí thành phần to another tiêu chí (``data.parent_code``), with the criteria under it,
    its scores and its evidence."""
    ensure_editable(criterion.index_year)
    EditConflict.check(criterion, expected_version, f"Tiêu chí {criterion.code}")
    data = clean(data)
    kind = criterion.kind
    if criterion.parent is None and data.kind and data.kind != criterion.kind:
        if criterion.children:
            raise DomainError(fields={"kind": "Lĩnh vực đã có tiêu chí bên trong: không đổi loại được."})
        kind = data.kind
    data = replace(data, level=criterion.level, kind=kind)
    parent, errors = _new_parent(criterion, data.parent_code)
    errors = {**row_errors(data, parent), **errors}
    if parent is not criterion.parent and "kind" in errors:  # a line's kind is its area's: not another kind's area
        message = errors.pop("kind")
        errors.setdefault("parent_code", f"Không chuyển được sang {parent.code}: {message[0].lower()}{message[1:]}")
    if not errors.get("code") and _code_taken(criterion.index_year, data.code, but=criterion.id):
        errors["code"] = f"Bộ tiêu chí đã có mã “{data.code}”."
    top = max((c.max_score for c in criterion.children), default=0)
    if not errors.get("max_score") and data.max_score is not None:
        if data.max_score and top > data.max_score + 1e-9:
            errors["max_score"] = (f"Có tiêu chí bên trong có điểm tối đa {format_score(top)}, lớn hơn "
                                   f"{format_score(data.max_score)}.")
        elif not data.max_score and not criterion.children:
            errors["max_score"] = "Điểm tối đa phải lớn hơn 0."
    if errors:
        raise DomainError(fields=errors)
    before = criterion_fields(criterion)
    criterion.kind = kind
    _apply(criterion, data)
    if parent is not criterion.parent:
        _place_last(criterion, parent)
    db.session.flush()
    audit.record(actor, "update", criterion, before, criterion_fields(criterion))
    return criterion


def _scored(criteria_ids: list[int]) -> bool:
    """Whether any of these criteria has a score written or evidence linked."""
    if not criteria_ids:
        return False
    scored = select(exists().where(IndexScore.criterion_id.in_(criteria_ids)))
    linked = select(exists().where(IndexLink.criterion_id.in_(criteria_ids)))
    return bool(db.session.scalar(scored) or db.session.scalar(linked))


def _subtree(criterion: IndexCriterion) -> list[IndexCriterion]:
    out = [criterion]
    for kid in criterion.children:
        out.extend(_subtree(kid))
    return out


def delete_criterion(actor, criterion: IndexCriterion) -> None:
    """Delete a criterion with the criteria under it, unless one of them is already scored or has evidence."""
    index_year = criterion.index_year
    ensure_editable(index_year)
    nodes = _subtree(criterion)
    if _scored([n.id for n in nodes]):
        raise DomainError(f"Tiêu chí {criterion.code} (hoặc tiêu chí bên trong) đã có điểm chấm hoặc tài liệu "
                          "kiểm chứng: không xóa được.")
    for node in reversed(nodes):
        audit.record(actor, "delete", node, criterion_fields(node), None)
    parent = criterion.parent
    db.session.delete(criterion)  # with the criteria under it
    db.session.flush()
    db.session.expire(index_year, ["criteria"])
    if parent is not None:
        db.session.expire(parent, ["children"])
    _renumber(index_year)
    db.session.flush()


def move_criterion(actor, criterion: IndexCriterion, direction: str) -> None:
    """One place "up" or "down" among its siblings (with the criteria under it)."""
    index_year = criterion.index_year
    ensure_editable(index_year)
    if direction not in ("up", "down"):
        raise DomainError("Hướng di chuyển không hợp lệ.")
    siblings = db.session.scalars(select(IndexCriterion).where(
        IndexCriterion.year_id == index_year.id,
        IndexCriterion.parent_id.is_(None) if criterion.parent_id is None
        else IndexCriterion.parent_id == criterion.parent_id).order_by(IndexCriterion.position)).all()
    index = siblings.index(criterion)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    before = {"position": str(criterion.position)}
    neighbour = siblings[other]
    # swap the two subtrees: give each the other's first position, then renumber the whole tree
    # swap the two heads' positions: the renumbering orders siblings by position, each followed by its subtree
    criterion.position, neighbour.position = neighbour.position, criterion.position
    db.session.flush()
    _renumber(index_year)
    db.session.flush()
    audit.record(actor, "move", criterion, before, {"position": str(criterion.position)})


# -- a whole framework at once --------------------------------------------------------------

def _has_scores(index_year: IndexYear) -> bool:
    ids = list(db.session.scalars(select(IndexCriterion.id).where(IndexCriterion.year_id == index_year.id)))
    return _scored(ids)


def replace_framework(actor, index_year: IndexYear, rows: list[CriterionData], title: str = "",
                      source: str = "") -> list[IndexCriterion]:
    """The year's framework replaced by ``rows`` (the template's, in order), all or nothing: every message
    (row and column) in one DomainError if any row is wrong; refused once the year is locked or scored."""
    ensure_editable(index_year)
    rows = [clean(r) for r in rows]
    if not rows:
        raise DomainError("Tệp không có dòng tiêu chí nào (hãy dùng tệp mẫu).")
    messages = tree_errors(rows)
    if messages:
        raise DomainError(*messages)
    if _has_scores(index_year):
        raise DomainError(f"Bộ tiêu chí năm {index_year.year} đã có điểm chấm hoặc tài liệu kiểm chứng gắn với "
                          "tiêu chí: không thay cả bộ được (hãy sửa từng tiêu chí).")
    for old in db.session.scalars(select(IndexCriterion).where(IndexCriterion.year_id == index_year.id)
                                  .order_by(IndexCriterion.position.desc())):
        audit.record(actor, "delete", old, criterion_fields(old), None)
    for old in db.session.scalars(select(IndexCriterion).where(IndexCriterion.year_id == index_year.id,
                                                               IndexCriterion.parent_id.is_(None))):
        db.session.delete(old)  # with the criteria under it
    db.session.flush()
    db.session.expire(index_year, ["criteria"])
    made = _build(index_year, rows)
    for criterion in made:
        audit.record(actor, "create", criterion, None, criterion_fields(criterion))
    before = year_fields(index_year)
    index_year.title, index_year.source = (title or index_year.title).strip()[:300], (source or index_year.source).strip()[:500]
    audit.record(actor, "update", index_year, before, year_fields(index_year))
    db.session.flush()
    return made


def _build(index_year: IndexYear, rows: list[CriterionData]) -> list[IndexCriterion]:
    """Criteria from checked rows, in order (positions 1..n)."""
    by_code: dict[str, IndexCriterion] = {}
    made = []
    for position, data in enumerate(rows, start=1):
        parent = by_code.get(data.parent_code) if data.parent_code else None
        level = CHILD_LEVEL[parent.level if parent is not None else None]
        kind = parent.kind if parent is not None else (data.kind or NORMAL)
        criterion = IndexCriterion(index_year=index_year, parent=parent, level=level, kind=kind, position=position)
        _apply(criterion, data)
        db.session.add(criterion)
        by_code[data.code] = criterion
        made.append(criterion)
    db.session.flush()
    return made


def as_rows(criteria) -> list[CriterionData]:
    """A framework's criteria (in order) as template rows (the copy and the export read these)."""
    by_id = {c.id: c for c in criteria}
    return [CriterionData(code=c.code, title=c.title, max_score=c.max_score, level=c.level, kind=c.kind,
                          parent_code=by_id[c.parent_id].code if c.parent_id in by_id else "",
                          allows_half=c.allows_half, rule=c.rule, evidence_asked=c.evidence_asked,
                          keywords=c.keywords, standard_area=c.standard_area, unit_id=c.unit_id, row=n)
            for n, c in enumerate(criteria, start=1)]


def copy_year(actor, source: IndexYear, year: int | None = None) -> IndexYear:
    """Last year's framework as the start of a new year (``year``: the one after ``source`` by default):
    its criteria, rules and unit assignments, without scores or evidence; the title's year follows."""
    year = source.year + 1 if year is None else year
    title = re.sub(rf"\b{source.year}\b", str(year), source.title) if source.title else ""
    new = create_year(actor, year, YearData(title=title, source=""), is_example=source.is_example)
    criteria = db.session.scalars(select(IndexCriterion).where(IndexCriterion.year_id == source.id)
                                  .order_by(IndexCriterion.position, IndexCriterion.id)).all()
    for criterion in _build(new, as_rows(criteria)):
        audit.record(actor, "create", criterion, None, criterion_fields(criterion))
    db.session.flush()
    return new
