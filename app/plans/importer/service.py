"""Imports, from the upload to the draft plan.

``read_upload`` / ``read_pasted`` turn a document into a ``Preview``;
``start_import`` stores it (a ``PlanImport``: nothing of the plan exists yet);
``update_line``, ``merge_line`` and ``update_meta`` apply the Office's
corrections and store the preview again (``save``, here and nowhere else);
``create_plan_from_import`` builds the draft plan through the
plan services (``create_plan``, ``add_area``, ``add_target``,
``add_plan_target``, ``add_task``), so it gets the same rules and audit
records as a plan typed by hand. Like every service, these only add and
flush: the request (or ``transaction()``) commits.
"""
import math
import re
from dataclasses import dataclass, replace

from flask import current_app
from sqlalchemy import select

from ...documents import DocumentRefused
from ...documents.citations import Reference, parse_references
from ...documents.filetypes import extension_of
from ...documents import worker
from ...documents.libreoffice import DEFAULT_SECONDS, find_soffice
from ...documents.worker import MB, limits_from
from ...documents.zipcheck import ZipLimits
from ...errors import DomainError
from ...extensions import db
from ...formatting import utcnow
from ... import audit
from ...org.models import Unit, UnitAlias
from .. import services as plans
from ..models import COMPARATORS, METRIC_KINDS, PLAN_KINDS, STANDARD_AREAS, Plan
from . import queries
from .areas import key, standard_area_of
from .attributes import NamedUnits, units_in_text
from .extract import ZIP_LIMITS, extract, extract_text
from .models import CREATED, DRAFT, PlanImport
from .parser import parse_extracted
from .preview import ACCEPTED, KINDS, UNDONE, Assignment, Line, Preview, build_tree
from .targets import parse_measure
from .units import UnitRef, is_unit_group
from .xlsx import read_workbook

DEFAULT_MAX_MB = 10
MAX_PASTED_CHARS = 500_000


# -- reading -----------------------------------------------------------------------------

def max_bytes() -> int:
    return int(current_app.config.get("IMPORT_MAX_MB", DEFAULT_MAX_MB)) * 1024 * 1024


def check_size(size: int) -> None:
    limit = max_bytes()
    if size > limit:
        raise DocumentRefused(f"Tệp quá lớn ({math.ceil(size / 1024 / 1024)} MB): tệp nhập kế hoạch tối đa "
                            f"{limit // 1024 // 1024} MB. Một kế hoạch dạng Word hay PDF có chữ thường chỉ vài trăm KB; "
                            "hãy bỏ ảnh quét hoặc tách phần phụ lục.")


def read_upload(data: bytes, filename: str, units: list[UnitRef]) -> Preview:
    """An uploaded file → its preview, read in a worker bounded in time and memory (app/documents/worker.py;
    a .doc/.odt has LIBREOFFICE_SECONDS more, the conversion's own limit). Touches no database. Raises
    DocumentRefused (a Vietnamese message) for a bad file or one that cannot be read within the limits."""
    check_size(len(data))
    config = current_app.config
    soffice = find_soffice(config.get("IMPORT_SOFFICE"))
    soffice_seconds = float(config.get("LIBREOFFICE_SECONDS", DEFAULT_SECONDS))
    limits = limits_from(config)
    if extension_of(filename) in (".doc", ".odt"):
        limits = replace(limits, seconds=limits.seconds + soffice_seconds)
    zip_limits = replace(ZIP_LIMITS, max_xml_part=int(float(config.get("DOCUMENT_MAX_XML_MB", 20)) * MB))
    try:
        return worker.run(read_document, data, filename, units, soffice, zip_limits, soffice_seconds,
                          limits=limits)
    except worker.OverLimit as exc:
        raise DocumentRefused(f"{exc.message} Hãy lưu văn bản thành .docx, bỏ bớt ảnh hoặc tách phần cần nhập "
                              "rồi tải lên lại.") from exc
    except worker.WorkerFailed as exc:
        raise DocumentRefused("Tệp bị hỏng, không đọc được nội dung.") from exc


def read_document(data: bytes, filename: str, units: list[UnitRef], soffice: str | None,
                  zip_limits: ZipLimits, soffice_seconds: float = DEFAULT_SECONDS) -> Preview:
    """A document's bytes → its preview (in the worker: no app, no database)."""
    if extension_of(filename) == ".xlsx":
        return read_workbook(data, units, filename, zip_limits)
    return parse_extracted(extract(data, filename, soffice, zip_limits, soffice_seconds), units, filename)


def read_pasted(text: str, units: list[UnitRef]) -> Preview:
    text = (text or "").replace("\x00", "")
    if not text.strip():
        raise DocumentRefused("Hãy chọn tệp hoặc dán nội dung kế hoạch vào ô văn bản.")
    if len(text) > MAX_PASTED_CHARS:
        raise DocumentRefused(f"Nội dung dán vào quá dài (hơn {MAX_PASTED_CHARS:,} ký tự).".replace(",", "."))
    return parse_extracted(extract_text(text, "text"), units, "")


# -- the stored preview ------------------------------------------------------------------

def start_import(actor, preview: Preview) -> PlanImport:
    record = PlanImport(created_by_id=actor.id if actor else None, filename=(preview.filename or "")[:255],
                        format=preview.format[:10], status=DRAFT, payload=preview.to_dict())
    db.session.add(record)
    db.session.flush()
    return record


def load(record: PlanImport) -> Preview:
    return Preview.from_dict(record.payload)


def save(record: PlanImport, preview: Preview) -> None:
    """Store the corrected preview back on its import (each correction below ends with it)."""
    record.payload = preview.to_dict()
    record.updated_at = utcnow()
    db.session.flush()


# -- corrections -------------------------------------------------------------------------

@dataclass
class LineData:
    """What the review form sends for one row."""

    kind: str
    text: str
    standard_area: int | None = None
    focal_unit_id: int | None = None
    lead_unit_id: int | None = None
    cooperating_unit_ids: list[int] | None = None
    metric_kind: str | None = None
    comparator: str | None = None
    value: float | None = None
    unit_of_measure: str = ""
    deadline: object = None  # date
    output: str = ""


def _existing_unit_ids(ids) -> set[int]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return set()
    return set(db.session.scalars(select(Unit.id).where(Unit.id.in_(ids))))


def _measure_fields(line: Line, text: str) -> None:
    measure, warning = parse_measure(text)
    line.metric_kind = measure.metric_kind if measure else None
    line.comparator = measure.comparator if measure else None
    line.value = measure.value if measure else None
    line.unit_of_measure = measure.unit_of_measure if measure else ""
    line.warnings = [w for w in line.warnings if "giá trị" not in w and "con số" not in w]
    if warning:
        line.warnings.append(warning)


def validate_line(data: LineData, line: Line) -> dict[str, str]:
    errors = {}
    allowed = set(KINDS) - ({"meta"} if line.kind != "meta" else set())
    if data.kind not in allowed:
        errors["kind"] = "Loại dòng không hợp lệ."
    if not data.text.strip() and data.kind not in ("dropped", "meta"):
        errors["text"] = "Nội dung không được để trống (hoặc chọn “Bỏ qua”)."
    elif len(data.text) > 5000:
        errors["text"] = "Nội dung quá dài (tối đa 5.000 ký tự)."
    if data.metric_kind and data.metric_kind not in METRIC_KINDS:
        errors["metric_kind"] = "Loại chỉ số không hợp lệ."
    if data.comparator and data.comparator not in COMPARATORS:
        errors["comparator"] = "Phép so sánh không hợp lệ."
    if data.standard_area is not None and data.standard_area not in STANDARD_AREAS:
        errors["standard_area"] = "Nội dung chuẩn không hợp lệ."
    units = [data.focal_unit_id, data.lead_unit_id, *(data.cooperating_unit_ids or [])]
    if set(u for u in units if u is not None) - _existing_unit_ids(units):
        errors["lead_unit_id"] = "Đơn vị không tồn tại."
    if data.kind in ("target", "plan_target") and data.kind == line.kind:
        target_errors = plans.validate_target(plans.TargetData(
            text=data.text or "-", metric_kind=data.metric_kind or None, comparator=data.comparator or None,
            target_value=data.value, unit_of_measure=data.unit_of_measure or ""))
        errors.update({"value" if k == "target_value" else k: v for k, v in target_errors.items() if k != "text"})
    return errors


def _by_hand(line: Line, role: str) -> None:
    if role not in line.set_by_hand:
        line.set_by_hand = [*line.set_by_hand, role]


@dataclass
class LineSaved:
    """What ``update_line`` did: whether the tree's shape changed (the kind), and, when a task's new text
    was read again for its units, what it suggests and what was kept because it was chosen by hand."""

    reshaped: bool
    reread: bool = False
    suggested: NamedUnits | None = None
    kept: tuple[str, ...] = ()


def read_units_again(line: Line, old_text: str, units: list[UnitRef]) -> tuple[NamedUnits, tuple[str, ...]]:
    """A task's text changed: its lead and cooperating units suggested again from the new text, by the rule
    of the first read (``units_in_text``). What the old text named gives way to what the new one names; a unit
    that came from elsewhere (a table's column, an attribute line, "Tổ chức thực hiện") stays unless the new
    text names a lead; a role the Office set or confirmed by hand is never touched. Returns the suggestion and
    the roles kept by hand."""
    old, new = units_in_text(old_text, units), units_in_text(line.text, units)
    kept = tuple(role for role in ("lead", "coop") if role in line.set_by_hand)
    if "lead" not in kept:
        if new.lead_unit_id or new.lead_name:
            line.lead_unit_id, line.lead_name = new.lead_unit_id, new.lead_name
        elif (line.lead_unit_id, line.lead_name) == (old.lead_unit_id, old.lead_name):
            line.lead_unit_id, line.lead_name = None, ""  # the old text's lead, gone with it
        line.warnings = [w for w in line.warnings if w not in old.lead_warnings] + new.lead_warnings
    if "coop" not in kept:
        others = [u for u in line.cooperating_unit_ids or [] if u not in old.cooperating_unit_ids]
        ids = [u for u in dict.fromkeys(others + new.cooperating_unit_ids) if u != line.lead_unit_id]
        line.cooperating_unit_ids = ids or None
        line.warnings = [w for w in line.warnings if w not in old.cooperating_warnings] + new.cooperating_warnings
    line.warnings = list(dict.fromkeys(line.warnings))
    return new, kept


def update_line(record: PlanImport, preview: Preview, line: Line, data: LineData) -> LineSaved:
    """Apply and store the Office's correction of one row. A task's lead or cooperating units sent other than
    the row holds were chosen by hand (kept from then on); a task's new text suggests its units again
    (``read_units_again``)."""
    errors = validate_line(data, line)
    if errors:
        raise DomainError(fields=errors)
    text = " ".join(data.text.split())
    kind_changed, text_changed = data.kind != line.kind, text != line.text
    old_text = line.text
    was_measured = (line.metric_kind, line.comparator, line.value, line.unit_of_measure)
    sent = (data.metric_kind or None, data.comparator or None, data.value, data.unit_of_measure or "")
    line.kind, line.text = data.kind, text
    if data.kind in ("target", "plan_target"):
        if kind_changed or (text_changed and sent == was_measured):
            _measure_fields(line, text)  # a new target, or a new text with the value left alone: read it again
        else:
            line.metric_kind, line.comparator, line.value, line.unit_of_measure = sent
            if line.metric_kind is None:
                line.comparator, line.value, line.unit_of_measure = None, None, ""
            line.warnings = [w for w in line.warnings if "giá trị" not in w and "con số" not in w]
    elif data.kind == "area" and not kind_changed:
        line.standard_area, line.focal_unit_id = data.standard_area, data.focal_unit_id
        line.lead_unit_id, line.cooperating_unit_ids = data.lead_unit_id, data.cooperating_unit_ids or None
        if line.focal_unit_id or line.lead_unit_id:
            line.warnings = [w for w in line.warnings if "đơn vị" not in w]
    elif data.kind == "area":
        line.standard_area = standard_area_of(text)
    elif data.kind == "task" and not kind_changed:
        if data.lead_unit_id != line.lead_unit_id:
            _by_hand(line, "lead")
        if set(data.cooperating_unit_ids or []) != set(line.cooperating_unit_ids or []):
            _by_hand(line, "coop")
        line.lead_unit_id, line.cooperating_unit_ids = data.lead_unit_id, data.cooperating_unit_ids or None
        line.deadline = data.deadline.isoformat() if data.deadline else None
        line.recurring = data.deadline is None
        line.output = (data.output or "").strip()
    saved = LineSaved(reshaped=kind_changed)
    if data.kind == "task" and (text_changed or kind_changed):
        saved.reread = True
        saved.suggested, saved.kept = read_units_again(line, old_text, queries.unit_refs())
    save(record, preview)
    return saved


def merge_line(record: PlanImport, preview: Preview, line: Line) -> Line:
    """Join a row to the one above it (a sentence the extraction had cut in two), and store the preview."""
    index = preview.lines.index(line)
    if index == 0:
        raise DomainError("Dòng đầu tiên không có dòng nào phía trên để gộp vào.")
    previous = preview.lines[index - 1]
    old_text = previous.text
    joiner = "" if previous.text.endswith("-") and not previous.text.endswith(" -") else " "
    previous.text = f"{previous.text}{joiner}{line.text}".strip()
    previous.source = previous.source + line.source
    previous.warnings = list(dict.fromkeys(previous.warnings + line.warnings))
    if previous.kind in ("target", "plan_target"):
        _measure_fields(previous, previous.text)
    elif previous.kind == "task":
        read_units_again(previous, old_text, queries.unit_refs())  # the whole sentence may name its units
    preview.lines.remove(line)
    save(record, preview)
    return previous


def decide_assignment(record: PlanImport, preview: Preview, assignment: Assignment, accept: bool) -> Line:
    """The Office accepts a unit the "Tổ chức thực hiện" part gave an area or task (it stays), or undoes it
    (the row gets back what it had; accepting again gives it again); the preview is stored. Returns the row."""
    line = preview.line(assignment.line)
    if line is None:
        raise DomainError("Dòng được phân công không còn trong bản xem trước (đã gộp hoặc xóa).")
    if assignment.role == "coop":
        ids = [u for u in (line.cooperating_unit_ids or []) if u != assignment.unit_id]
        line.cooperating_unit_ids = (ids + [assignment.unit_id] if accept else ids) or None
    else:
        name = "focal_unit_id" if assignment.role == "focal" else "lead_unit_id"
        setattr(line, name, assignment.unit_id if accept else assignment.previous)
    assignment.state = ACCEPTED if accept else UNDONE
    _by_hand(line, assignment.role)  # decided by the Office: a new text of the row leaves it
    save(record, preview)
    return line


_NAMED = re.compile(r"“([^”]{2,200})” không khớp")


def unmatched_names(preview: Preview) -> list[str]:
    """The unit names the document uses that matched no unit of the department, in order of appearance."""
    names = []
    for line in preview.lines:
        if line.lead_name and not is_unit_group(line.lead_name):
            names.append(line.lead_name)
        names += [n for n in _NAMED.findall(" ".join(line.warnings)) if not is_unit_group(n)]
    return list(dict.fromkeys(names))


def map_unit_name(actor, record: PlanImport, preview: Preview, name: str, unit_id: int | None) -> int:
    """Map a name the document uses to a unit of the department: kept as the unit's alias (audited on the
    unit) for every later import, and applied now to the preview's rows that name it (lead, cooperating
    unit, the warnings). Returns how many rows changed."""
    name = " ".join((name or "").split())
    unit = db.session.get(Unit, unit_id) if unit_id else None
    errors = {}
    if not name or len(name) > 200:
        errors["name"] = "Tên đơn vị trong văn bản không hợp lệ."
    if unit is None:
        errors["unit_id"] = "Hãy chọn đơn vị của Sở."
    if errors:
        raise DomainError(fields=errors)
    folded = key(name)
    alias = db.session.scalar(select(UnitAlias).where(UnitAlias.key == folded))
    if alias is None or alias.unit_id != unit.id:
        old_unit = alias.unit if alias else None
        if alias is None:
            alias = UnitAlias(name=name, key=folded, unit=unit)
            db.session.add(alias)
        else:
            alias.unit, alias.name = unit, name
        db.session.flush()
        if old_unit is not None:
            audit.record(actor, "update", old_unit, {"aliases": name}, {"aliases": ""})
        audit.record(actor, "update", unit, {"aliases": ""}, {"aliases": name})
    changed = 0
    for line in preview.lines:
        mentions = [w for w in line.warnings if f"“{name}”" in w]
        if line.lead_name and key(line.lead_name) == folded:
            line.lead_unit_id, line.lead_name = unit.id, ""
            if line.kind == "area" and line.focal_unit_id is None:
                line.focal_unit_id = unit.id
            changed += 1
        elif any("phối hợp" in w for w in mentions) and line.kind in ("task", "area"):
            line.cooperating_unit_ids = list(dict.fromkeys((line.cooperating_unit_ids or []) + [unit.id]))
            changed += 1
        elif mentions:
            changed += 1
        line.warnings = [w for w in line.warnings if w not in mentions]
    save(record, preview)
    return changed


@dataclass
class MetaData:
    title: str
    kind: str
    number: str = ""
    issued_on: object = None
    year: int | None = None
    start_year: int | None = None
    end_year: int | None = None
    basis: str = ""


def update_meta(record: PlanImport, preview: Preview, data: MetaData) -> None:
    """Correct the plan's metadata (title, kind, number, date, year, căn cứ) and store the preview."""
    if data.kind not in PLAN_KINDS:
        raise DomainError(fields={"kind": "Loại kế hoạch không hợp lệ."})
    meta = preview.meta
    meta.title, meta.kind, meta.number, meta.issued_on = data.title.strip(), data.kind, data.number.strip(), data.issued_on
    meta.year, meta.start_year, meta.end_year = data.year, data.start_year, data.end_year
    old = {r.citation(): r for r in meta.basis}
    basis = []
    for text in (line.strip() for line in data.basis.splitlines()):
        if text:
            basis.append(old.get(text) or next(iter(parse_references(text)), None) or Reference("", "", text=text))
            basis[-1].text = text
    meta.basis = basis
    save(record, preview)


# -- building the plan ---------------------------------------------------------------------

def task_lead(own: int | None, area: Line, fallback: int | None = None) -> int | None:
    """The unit that leads a task of the preview: its own (``own``), else its area's lead unit, else the
    area's focal unit, else the unit chosen for the tasks nobody was given (``fallback``). The review
    page, the JSON of ``flask plan import`` and the plan created all read it here."""
    return own or area.lead_unit_id or area.focal_unit_id or fallback


def creation_problems(preview: Preview, fallback_lead_unit_id: int | None = None) -> list[str]:
    """What stops the plan from being created, each naming the rows to fix; empty when it can be."""
    tree = build_tree(preview.lines)
    problems = [f"Dòng {_row_no(preview, line_id)}: {message}" for line_id, message in tree.problems.items()]
    if not tree.areas:
        problems.append("Kế hoạch chưa có nội dung (lĩnh vực) nào: hãy đánh dấu ít nhất một dòng là “Nội dung”.")
    missing = [t.line for a in tree.areas for t in a.tasks if task_lead(t.line.lead_unit_id, a.line, fallback_lead_unit_id) is None]
    if missing:
        shown = ", ".join(str(_row_no(preview, line.id)) for line in missing[:10])
        problems.append(f"{len(missing)} nhiệm vụ chưa có đơn vị chủ trì (dòng {shown}"
                        f"{'…' if len(missing) > 10 else ''}): hãy chọn đơn vị chủ trì cho nội dung hoặc cho nhiệm "
                        "vụ, hoặc chọn “Đơn vị chủ trì cho nhiệm vụ chưa phân công”.")
    return problems


def _row_no(preview: Preview, line_id: int) -> int:
    return next((i for i, line in enumerate(preview.lines, start=1) if line.id == line_id), 0)


def _notes_text(notes: list[Line]) -> str:
    out = []
    for line in notes:
        marker = line.marker
        prefix = f"{marker} " if marker in ("-", "+", "•", "–") else (f"{marker}) " if len(marker) == 1 and
                                                                      marker.islower() else
                                                                      (f"{marker}. " if marker else ""))
        out.append(f"{prefix}{line.text}")
    return "\n".join(out)


def _target_data(line: Line) -> plans.TargetData:
    return plans.TargetData(text=line.text, metric_kind=line.metric_kind if line.measured else None,
                            comparator=line.comparator if line.measured else None,
                            target_value=line.value if line.measured else None,
                            unit_of_measure=line.unit_of_measure if line.measured else "")


def _collect(errors: list[str], preview: Preview, line: Line, exc: DomainError) -> None:
    for message in exc.messages:
        errors.append(f"Dòng {_row_no(preview, line.id)} (“{line.text[:60]}”): {message}")


def build_plan(actor, preview: Preview, fallback_lead_unit_id: int | None = None) -> Plan:
    """The draft plan the preview describes, built with the plan services (add and flush only)."""
    problems = creation_problems(preview, fallback_lead_unit_id)
    if problems:
        raise DomainError(*problems)
    meta, tree = preview.meta, build_tree(preview.lines)
    data = plans.PlanData(kind=meta.kind, title=meta.title, number=meta.number, issued_on=meta.issued_on,
                          year=meta.year if meta.kind != "programme" else None,
                          start_year=meta.start_year if meta.kind == "programme" else None,
                          end_year=meta.end_year if meta.kind == "programme" else None,
                          basis="\n".join(r.citation() for r in meta.basis), notes=_notes_text(tree.notes))
    plan = plans.create_plan(actor, data)
    errors: list[str] = []
    for line in tree.plan_targets:
        try:
            plans.add_plan_target(actor, plan, _target_data(line))
        except DomainError as exc:
            _collect(errors, preview, line, exc)
    areas = {}
    for node in tree.areas:
        line = node.line
        same = line.standard_area or line.text.strip().lower()
        area = areas.get(same)
        if area is None:
            try:
                area = plans.add_area(actor, plan, line.text, line.focal_unit_id, line.standard_area)
            except DomainError as exc:
                _collect(errors, preview, line, exc)
                continue
            areas[same] = area
        for target_line in node.targets:
            try:
                plans.add_target(actor, area, _target_data(target_line))
            except DomainError as exc:
                _collect(errors, preview, target_line, exc)
        for task in node.tasks:
            task_line = task.line
            coop = task_line.cooperating_unit_ids if task_line.cooperating_unit_ids is not None \
                else (line.cooperating_unit_ids or [])
            lead = task_lead(task_line.lead_unit_id, line, fallback_lead_unit_id)
            task_data = plans.TaskData(
                title=task_line.text, lead_unit_id=lead, code=task_line.code or "",
                detail="\n".join(filter(None, [task.group.text if task.group else "", task_line.detail])),
                items=[s.text for s in task.subitems],
                cooperating_unit_ids=[u for u in coop if u != lead], deadline=task_line.deadline_date,
                recurring=task_line.deadline_date is None, output=task_line.output)
            try:
                plans.add_task(actor, area, task_data)
            except DomainError as exc:
                _collect(errors, preview, task_line, exc)
    if errors:
        raise DomainError(*errors)
    return plan


def create_plan_from_import(actor, record: PlanImport, fallback_lead_unit_id: int | None = None) -> Plan:
    if record.status != DRAFT:
        raise DomainError("Bản nhập này đã được dùng để tạo kế hoạch.")
    plan = build_plan(actor, load(record), fallback_lead_unit_id)
    record.status, record.plan_id, record.updated_at = CREATED, plan.id, utcnow()
    db.session.flush()
    return plan


def discard(record: PlanImport) -> None:
    db.session.delete(record)
    db.session.flush()


# -- the JSON of ``flask plan import --json`` ------------------------------------------------

def _measure_json(line: Line) -> dict:
    return {"text": line.text, "metric_kind": line.metric_kind if line.measured else None,
            "comparator": line.comparator if line.measured else None,
            "value": line.value if line.measured else None,
            "unit_of_measure": line.unit_of_measure if line.measured else None}


def tree_json(preview: Preview, units: list[UnitRef], fallback_lead_unit_id: int | None = None) -> dict:
    """The parsed tree in the documented schema (docs/cai-dat.md, "flask plan import"); each task's lead
    unit as the plan created from it gets it (``task_lead``)."""
    names = {u.id: u.name for u in units}
    meta, tree = preview.meta, build_tree(preview.lines)
    warnings = list(preview.warnings)
    for row, line in enumerate(preview.lines, start=1):
        warnings += [f"Dòng {row} (nguồn dòng {line.first_no}): {w}" for w in line.warnings]
    warnings += [f"Dòng {_row_no(preview, i)}: {m}" for i, m in tree.problems.items()]
    areas = []
    for node in tree.areas:
        area = node.line
        areas.append({
            "title": area.text, "standard_area": area.standard_area, "focal_unit": names.get(area.focal_unit_id),
            "targets": [_measure_json(t) for t in node.targets],
            "tasks": [{
                "title": t.line.text, "code": t.line.code or None,
                "lead_unit": names.get(task_lead(t.line.lead_unit_id, area, fallback_lead_unit_id)),
                "cooperating_units": [names[u] for u in (t.line.cooperating_unit_ids
                                                         if t.line.cooperating_unit_ids is not None
                                                         else area.cooperating_unit_ids or []) if u in names],
                "group": t.group.text if t.group else None,
                "deadline": t.line.deadline, "recurring": t.line.deadline is None, "output": t.line.output or None,
                "subitems": [s.text for s in t.subitems]} for t in node.tasks],
        })
    return {
        "plan": {"title": meta.title, "kind": meta.kind, "number": meta.number or None,
                 "date": meta.issued_on.isoformat() if meta.issued_on else None, "place": meta.place or None,
                 "year_from": meta.start_year or meta.year, "year_to": meta.end_year or meta.year,
                 "basis": [{"number": r.number, "type": r.type, "date": r.date.isoformat() if r.date else None,
                            "issuer": r.issuer or None} for r in meta.basis],
                 "targets": [_measure_json(t) for t in tree.plan_targets],
                 "notes": [line.text for line in tree.notes]},
        "areas": areas,
        "warnings": warnings,
    }

