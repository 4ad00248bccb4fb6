"""A plan document's paragraphs → the preview rows, each marked with what it became.

The document is read part by part, as an office reads it:

- the opening (quốc hiệu, số ký hiệu, place and date, "KẾ HOẠCH" and the title,
  the căn cứ paragraphs) fills the plan's metadata;
- a "Mục tiêu … / Yêu cầu / Mục đích" part: its "Mục tiêu (cụ thể)" items are
  plan-wide targets, the rest plan notes;
- the part with "Nhiệm vụ" or "Nội dung" in its title: each numbered heading
  is an area (mapped to the standard six, else custom); inside an area,
  "Mục tiêu" items are targets and "Nhiệm vụ" items tasks, a lettered heading
  over dashes a group of tasks, "+" lines a task's sub-items;
- "Tổ chức thực hiện" / "Phân công": kept as notes, and read for each area's
  focal and lead unit (see ``assign_units``);
- "Giải pháp", "Kinh phí", "Chế độ báo cáo", closing words: notes; "Nơi nhận"
  and the signature: dropped.

Nothing here touches the database: units come in as ``UnitRef``s.
"""
import re
from dataclasses import dataclass, field

from ...documents.citations import parse_references
from .areas import areas_mentioned, key, standard_area_of
from .extract import Extracted, extract_text
from .metadata import PlanMeta, doc_heading, kind_of, parse_number_line, year_or_period
from .outline import ARABIC, BULLET, DASH, DECIMAL, LETTER, PLAIN, PLUS, ROMAN, Paragraph, build_paragraphs, is_caps
from .preview import Line, Preview
from .targets import split_targets
from .tasktable import append_table_rows
from .units import UnitRef, cooperating_units, is_unit_group, looks_like_unit, match_unit

_HEADER_WORDS = ("uy ban nhan dan", "ubnd", "so cong thuong", "cong hoa xa hoi", "doc lap", "dang cong san")
_SIGNATURE = re.compile(r"^(?:KT\.|TM\.|Q\.|TL\.)?\s*(?:PHÓ\s+)?(?:GIÁM ĐỐC|CHÁNH VĂN PHÒNG|CHỦ TỊCH)\b")
_TARGET_WORDS = ("muc tieu", "chi tieu", "ket qua can dat")
_TASK_WORDS = ("nhiem vu", "giai phap", "noi dung thuc hien", "cac nhiem vu")


@dataclass
class _State:
    zone: str = "preamble"  # preamble, goals, content, notes, organisation, closing, signature
    goal_mode: str = "note"  # in goals: plan_target or note
    mode: str | None = None  # in an area: target or task
    area: Line | None = None
    title_expected: bool = False
    org_unit: tuple | None = None  # (UnitRef or None, name as written, line id)
    claims: list = field(default_factory=list)


def _starts(text: str, words) -> bool:
    folded = key(text)
    return any(folded.startswith(w) for w in words)


def _level(par: Paragraph) -> int | None:
    """Heading level: 1 for I. (or Heading 1), 2 for 1., 3 for 1.1.; None for list items and text."""
    if par.style == ROMAN:
        return 1
    if par.style == ARABIC:
        return 2
    if par.style == DECIMAL:
        return 3
    if par.style == PLAIN and par.style_level:
        return min(par.style_level, 3)
    return None


def _section_of(text: str) -> str:
    folded = key(text)
    if "to chuc thuc hien" in folded or folded.startswith("phan cong"):
        return "organisation"
    if "kinh phi" in folded or "che do bao cao" in folded:
        return "notes"
    if ("nhiem vu" in folded or folded.startswith("noi dung")) and "giai phap thuc hien" not in folded:
        return "content"
    if standard_area_of(text):
        return "area"
    if "muc tieu" in folded or "muc dich" in folded or "yeu cau" in folded:
        return "goals"
    return "notes"


class _Builder:
    def __init__(self, paragraphs: list[Paragraph], units: list[UnitRef]):
        self.paragraphs = paragraphs
        self.units = units
        self.lines: list[Line] = []
        self.meta = PlanMeta()
        self.warnings: list[str] = []
        self.state = _State()
        self.preamble_refs = []
        self.goal_refs = []

    # -- rows ---------------------------------------------------------------------------
    def add(self, par: Paragraph, kind: str, text: str | None = None, reason: str = "", **values) -> Line:
        line = Line(id=len(self.lines) + 1, kind=kind, text=(text if text is not None else par.text).strip(),
                    marker=par.marker, source=[[raw.no, raw.raw.strip() or raw.text] for raw in par.lines],
                    warnings=list(par.warnings), reason=reason, **values)
        self.lines.append(line)
        return line

    def add_targets(self, par: Paragraph, kind: str) -> None:
        for text, measure, warning in split_targets(par.text):
            values = {}
            if measure:
                values = {"metric_kind": measure.metric_kind, "comparator": measure.comparator,
                          "value": measure.value, "unit_of_measure": measure.unit_of_measure}
            line = self.add(par, kind, text, **values)
            if warning:
                line.warnings.append(warning)

    # -- the walk -----------------------------------------------------------------------
    def run(self) -> None:
        for index, par in enumerate(self.paragraphs):
            nxt = self.paragraphs[index + 1] if index + 1 < len(self.paragraphs) else None
            self.step(par, nxt)
        self.finish()

    def step(self, par: Paragraph, nxt: Paragraph | None) -> None:
        state = self.state
        text = par.text
        if state.zone == "signature":
            self.add(par, "dropped", reason="Nơi nhận, chữ ký")
            return
        if par.style == PLAIN and (text.startswith("Nơi nhận") or _SIGNATURE.match(text)):
            state.zone = "signature"
            self.add(par, "dropped", reason="Nơi nhận, chữ ký")
            return
        if par.style == PLAIN and text.startswith("Trên đây"):
            state.zone = "closing"
            self.add(par, "note", reason="Lời kết")
            return
        level = _level(par)
        if level == 1 or (state.zone == "preamble" and level == 2 and standard_area_of(text)):
            self.section(par, level)
            return
        handler = getattr(self, f"in_{state.zone}")
        handler(par, nxt, level)

    def section(self, par: Paragraph, level: int) -> None:
        state = self.state
        kind = _section_of(par.text)
        state.mode, state.org_unit = None, None
        if kind == "area":  # the roman heading is itself an area ("I. CẢI CÁCH THỂ CHẾ")
            state.zone = "content"
            self.area(par)
            return
        state.zone = kind
        if kind == "goals":
            state.goal_mode = "plan_target" if "muc tieu" in key(par.text) else "note"
        if kind in ("notes", "organisation"):
            self.add(par, "note", reason="Tiêu đề phần")
        else:
            self.add(par, "dropped", reason="Tiêu đề phần")

    # -- the opening -----------------------------------------------------------------------
    def in_preamble(self, par: Paragraph, nxt, level) -> None:
        state, meta, text = self.state, self.meta, par.text
        heading = doc_heading(text) if par.style == PLAIN else None
        if heading:
            self.add(par, "meta", reason="Loại văn bản")
            if heading[1]:
                meta.title = heading[1]
            else:
                state.title_expected = True
            return
        if par.style == PLAIN and text.startswith("Số"):
            number, place, issued = parse_number_line(text)
            if number is not None:
                meta.number, meta.place, meta.issued_on = number, place or meta.place, issued
                self.add(par, "meta", reason="Số ký hiệu, địa danh, ngày ban hành")
                return
        if par.style == PLAIN and re.match(r"^(?:Căn cứ|Thực hiện|Xét)\b", text) and not state.title_expected:
            self.preamble_refs.extend(parse_references(text))
            self.add(par, "meta", reason="Căn cứ")
            return
        if state.title_expected and par.style == PLAIN:
            meta.title = text.rstrip(" .")
            state.title_expected = False
            self.add(par, "meta", reason="Tên kế hoạch")
            return
        if par.style == PLAIN and (is_caps(text) or _starts(text, _HEADER_WORDS)):
            place_date = parse_number_line(text)
            if place_date[2]:
                meta.place, meta.issued_on = place_date[1], place_date[2]
            self.add(par, "meta", reason="Quốc hiệu, tên cơ quan")
            return
        if level == 2 and _starts(text, ("muc tieu", "yeu cau", "muc dich")):
            self.state.zone = "goals"  # a plan without roman parts: "1. Mục tiêu", "2. Yêu cầu"
            self.in_goals(par, nxt, level)
            return
        self.add(par, "note", reason="Phần mở đầu")

    # -- goals ------------------------------------------------------------------------------
    def in_goals(self, par: Paragraph, nxt, level) -> None:
        state, text = self.state, par.text
        is_heading = level in (2, 3) or (par.style == LETTER and len(text) < 60 and nxt is not None
                                          and nxt.style in (DASH, BULLET, PLUS))
        if is_heading:
            folded = key(text)
            if folded.startswith("muc tieu chung"):
                state.goal_mode = "note"
            elif folded.startswith("muc tieu") or folded.startswith("chi tieu"):
                state.goal_mode = "plan_target"
                self.add(par, "dropped", reason="Tiêu đề mục")
                return
            else:
                state.goal_mode = "note"
            self.add(par, "note", reason="Tiêu đề mục")
            return
        if "cu the hoa" in key(text):
            self.goal_refs.extend(parse_references(text))
        if state.goal_mode == "plan_target":
            self.add_targets(par, "plan_target")
        else:
            self.add(par, "note", reason="Mục đích, yêu cầu")

    # -- areas, targets, tasks ----------------------------------------------------------------
    def area(self, par: Paragraph) -> None:
        state = self.state
        title = par.text.rstrip(" :.")
        state.area = self.add(par, "area", title, standard_area=standard_area_of(title))
        state.mode = None

    def in_content(self, par: Paragraph, nxt, level) -> None:
        state, text = self.state, par.text
        if level == 2 and not _starts(text, _TARGET_WORDS + _TASK_WORDS):
            self.area(par)
            return
        heading_like = level in (2, 3) or (par.style == LETTER and len(text) < 50) or (
            par.style == PLAIN and len(text) < 40 and text.rstrip().endswith(":"))
        if heading_like and _starts(text, _TARGET_WORDS) and len(text) < 60:
            state.mode = "target"
            self.add(par, "dropped", reason="Tiêu đề mục")
            return
        if heading_like and _starts(text, _TASK_WORDS) and len(text) < 60:
            state.mode = "task"
            self.add(par, "dropped", reason="Tiêu đề mục")
            return
        if state.area is None:
            self.add(par, "note", reason="Phần mở đầu của nội dung")
            return
        has_items = nxt is not None and nxt.style in (DASH, BULLET) and _level(nxt) is None
        if state.mode == "target":
            if level == 3 and has_items:
                self.add(par, "dropped", reason="Tiêu đề mục")
            else:
                self.add_targets(par, "target")
            return
        # tasks (also when the area has no "Nhiệm vụ" heading)
        if (par.style == LETTER or level == 3) and has_items:
            self.add(par, "group")
        elif par.style == PLUS:
            self.add(par, "subitem" if any(l.kind == "task" for l in self._since_area()) else "task")
        else:
            self.add(par, "task")

    def _since_area(self):
        area = self.state.area
        return self.lines[self.lines.index(area) + 1:] if area else []

    # -- "Tổ chức thực hiện" ---------------------------------------------------------------------
    def in_organisation(self, par: Paragraph, nxt, level) -> None:
        state, text = self.state, par.text
        line = self.add(par, "note", reason="Tổ chức thực hiện")
        if level in (2, 3) or (par.style == LETTER and looks_like_unit(text)):
            name = text.rstrip(" :.")
            if looks_like_unit(name):
                unit = match_unit(name, self.units)
                state.org_unit = (unit, name, line.id)
                if unit is None and not is_unit_group(name):
                    line.warnings.append(f"“{name}” không khớp với đơn vị nào của Sở.")
            else:
                state.org_unit = None
            return
        unit_info = state.org_unit
        inline = re.match(r"^([^:]{3,80}):\s*(\S.*)$", text)
        if inline and looks_like_unit(inline.group(1)):  # "Thanh tra Sở: Chủ trì triển khai …"
            name = inline.group(1).strip()
            unit_info = (match_unit(name, self.units), name, line.id)
            if unit_info[0] is None and not is_unit_group(name):
                line.warnings.append(f"“{name}” không khớp với đơn vị nào của Sở.")
            text = inline.group(2)
        if unit_info is None:
            return
        self.claim(unit_info, text, line)

    def claim(self, unit_info, text: str, line: Line) -> None:
        areas = [(l.id, l.standard_area, l.text) for l in self.lines if l.kind == "area"]
        mentioned = areas_mentioned(text, areas)
        if not mentioned:
            return
        folded = key(text)
        if "dau moi" in folded:
            focal, lead = 3, 2
        elif "chu tri" in folded:
            focal, lead = 2, 3
        elif folded.startswith("phoi hop"):
            focal, lead = 0, 0
        else:
            focal, lead = 1, 1
        coop, unknown = cooperating_units(text, self.units)
        for name in unknown:
            line.warnings.append(f"Đơn vị phối hợp “{name}” không khớp với đơn vị nào của Sở.")
        unit, name, heading_id = unit_info
        for area_id in mentioned:
            self.state.claims.append({"area": area_id, "unit": unit, "name": name, "focal": focal, "lead": lead,
                                      "coop": coop, "line": line.id, "heading": heading_id})

    def in_notes(self, par: Paragraph, nxt, level) -> None:
        self.add(par, "note", reason="Giải pháp, kinh phí" if self.state.zone == "notes" else "Ghi chú")

    def in_closing(self, par: Paragraph, nxt, level) -> None:
        self.add(par, "note", reason="Lời kết")

    # -- after the walk ----------------------------------------------------------------------
    def finish(self) -> None:
        meta = self.meta
        assign_units(self.lines, self.state.claims)
        meta.year, meta.start_year, meta.end_year = year_or_period(meta.title)
        if meta.year is None and meta.start_year is None and meta.issued_on:
            meta.year = meta.issued_on.year
        meta.kind = kind_of("", meta.title, meta.start_year)
        if self.preamble_refs:
            meta.basis = self.preamble_refs
        elif self.goal_refs:
            meta.basis = self.goal_refs
            self.warnings.append("Văn bản không có phần căn cứ ở đầu: đã lấy các văn bản mà kế hoạch cụ thể hóa "
                                 "(mục Yêu cầu) làm căn cứ; hãy kiểm tra.")
        if not meta.title:
            self.warnings.append("Không tìm thấy tên kế hoạch: hãy nhập tên.")
        if meta.year is None and meta.start_year is None:
            self.warnings.append("Không xác định được năm hoặc giai đoạn của kế hoạch: hãy nhập.")
        areas = [l for l in self.lines if l.kind == "area"]
        if not areas:
            self.warnings.append("Không nhận ra nội dung (lĩnh vực) nào: văn bản có thể không phải kế hoạch CCHC, "
                                 "hoặc không đánh số các phần như I., 1., a). Hãy kiểm tra bản xem trước.")
        elif not any(l.kind == "task" for l in self.lines):
            self.warnings.append("Không nhận ra nhiệm vụ nào.")


def assign_units(lines: list[Line], claims: list[dict]) -> None:
    """Each area's focal and lead unit from what "Tổ chức thực hiện" says; unmatched names flagged, not guessed."""
    by_area: dict[int, list[dict]] = {}
    for claim in claims:
        by_area.setdefault(claim["area"], []).append(claim)
    for line in lines:
        if line.kind != "area":
            continue
        area_claims = by_area.get(line.id, [])
        for role, field_name in (("focal", "focal_unit_id"), ("lead", "lead_unit_id")):
            ranked = [c for c in area_claims if c[role] > 0]
            if not ranked:
                continue
            best = max(ranked, key=lambda c: (c[role], -c["line"]))
            rivals = {c["unit"].id for c in ranked if c["unit"] and c[role] == best[role]}
            if best["unit"] is None:
                message = (f"“{best['name']}” (dòng {best['line']}) được giao nội dung này nhưng không khớp với "
                           "đơn vị nào: hãy chọn đơn vị.")
                if message not in line.warnings:
                    line.warnings.append(message)
            elif len(rivals) > 1:
                line.warnings.append("Nhiều đơn vị cùng được giao nội dung này: hãy chọn đơn vị.")
            else:
                setattr(line, field_name, best["unit"].id)
        lead_claim = next((c for c in area_claims if c["unit"] and c["unit"].id == line.lead_unit_id), None)
        coop = [u.id for u in (lead_claim["coop"] if lead_claim else [])]
        coop += [c["unit"].id for c in area_claims if c["focal"] == 0 and c["unit"]]
        coop = [u for u in dict.fromkeys(coop) if u != line.lead_unit_id]
        line.cooperating_unit_ids = coop or None
        if line.focal_unit_id is None and not line.warnings:
            line.warnings.append("Phần tổ chức thực hiện không nêu đơn vị đầu mối cho nội dung này: hãy chọn đơn vị.")


def parse_paragraphs(paragraphs: list[Paragraph], units: list[UnitRef]) -> Preview:
    builder = _Builder(paragraphs, units)
    builder.run()
    return Preview(meta=builder.meta, lines=builder.lines, warnings=builder.warnings)


def parse_extracted(extracted: Extracted, units: list[UnitRef], filename: str = "") -> Preview:
    """Extracted lines (any text format) → the preview."""
    paragraphs = build_paragraphs(extracted.lines, paragraphs_given=extracted.format in ("docx", "doc", "odt"))
    preview = parse_paragraphs(paragraphs, units)
    preview.format, preview.filename = extracted.format, filename
    preview.warnings = list(extracted.warnings) + preview.warnings
    if extracted.dropped:
        shown = ", ".join(str(line.no) for line in extracted.dropped[:12])
        more = "…" if len(extracted.dropped) > 12 else ""
        preview.warnings.append(f"Đã bỏ {len(extracted.dropped)} dòng số trang, tiêu đề trang hoặc đường dẫn "
                                f"đứng riêng (dòng {shown}{more}).")
    if extracted.tables:
        for table in extracted.tables:
            append_table_rows(preview, table, units)
    return preview


def parse_text(text: str, units: list[UnitRef], fmt: str = "text") -> Preview:
    """Pasted text → the preview."""
    return parse_extracted(extract_text(text, fmt), units)
