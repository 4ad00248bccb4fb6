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
from datetime import date

from ...documents.citations import parse_references
from ...documents.header import place_and_date, title_case
from ...documents.ocr import header_date, heading_kind, structure_key
from .areas import areas_mentioned, custom_phrases, key, standard_area_of
from .attributes import lead_named, split_attributes, units_named
from .extract import Extracted, extract_text
from .metadata import PLAN_DOCUMENTS as PLAN_KINDS
from .metadata import PlanMeta, doc_heading, kind_of, parse_number_line, year_or_period
from .outline import ARABIC, BULLET, DASH, DECIMAL, LETTER, PLAIN, PLUS, ROMAN, Paragraph, build_paragraphs, is_caps
from .preview import Assignment, Line, Preview
from .targets import split_targets
from .tasktable import parse_deadline, table_lines
from .units import UnitRef, cooperating_units, is_unit_group, looks_like_unit, match_unit

_HEADER_WORDS = ("uy ban nhan dan", "ubnd", "so cong thuong", "cong hoa xa hoi", "doc lap", "dang cong san")
_SIGNATURE = re.compile(r"^(?:KT\.|TM\.|Q\.|TL\.)?\s*(?:PHÓ\s+)?(?:GIÁM ĐỐC|CHÁNH VĂN PHÒNG|CHỦ TỊCH)\b")
_TARGET_WORDS = ("muc tieu", "chi tieu", "ket qua can dat")
_TASK_WORDS = ("nhiem vu", "giai phap", "noi dung thuc hien", "cac nhiem vu")
# What a plan lists besides its tasks (point 0 of issue 26): who it addresses, what it propagates or checks
# against, in which forms, the outline of a report to send, forms and annexes. A part or heading named so
# is kept as notes, never read as areas or tasks.
_LIST_WORDS = ("doi tuong", "hinh thuc", "tieu chi", "de cuong", "bieu mau", "mau bao cao", "noi dung tuyen truyen",
               "noi dung kiem tra", "noi dung khao sat", "noi dung pho bien", "van ban can", "cac van ban",
               "danh muc van ban", "thanh phan", "phuong phap", "phuong thuc", "yeu cau doi voi")
# Parts whose items are things to do.
_ACTIVITY_WORDS = ("nhiem vu", "hoat dong", "lich kiem tra", "thoi gian kiem tra", "ke hoach kiem tra",
                   "duoc kiem tra", "lich khao sat", "tien do thuc hien", "cong viec")
_ANNEX = re.compile(r"^(?:PHỤ LỤC|Phụ lục|ĐỀ CƯƠNG|Đề cương|MẪU|Mẫu số|BIỂU MẪU|Biểu mẫu)\b")


LISTED = "Danh sách (đối tượng, nội dung, tiêu chí, văn bản …): ghi chú, không phải nhiệm vụ"


def is_list_title(text: str) -> bool:
    """A heading that names a list of audiences, contents, criteria, documents, forms … (not tasks)."""
    folded = key(text)
    return any(w in folded for w in _LIST_WORDS) and not any(w in folded for w in _ACTIVITY_WORDS)


@dataclass
class _State:
    zone: str = "preamble"  # preamble, goals, content, notes, organisation, closing, signature
    goal_mode: str = "note"  # in goals: plan_target or note
    mode: str | None = None  # in an area: target or task
    area: Line | None = None
    title_expected: bool = False
    org_unit: tuple | None = None  # (UnitRef or None, name as written, line id)
    claims: list = field(default_factory=list)
    listing: bool = False  # inside a heading that lists audiences, contents, criteria … (notes)
    header_year: int | None = None  # the year of the header's date, even when its day is blank or garbled


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


def _only_attributes(text: str) -> bool:
    title, values = split_attributes(text)
    return bool(values) and not title


def _section_of(text: str) -> str:
    folded = key(text)
    if "to chuc thuc hien" in folded or folded.startswith("phan cong"):
        return "organisation"
    if "kinh phi" in folded or "che do bao cao" in folded:
        return "notes"
    if is_list_title(text):
        return "notes"
    if (any(w in folded for w in _ACTIVITY_WORDS) or folded.startswith("noi dung")) \
            and "giai phap thuc hien" not in folded:
        return "content"
    if standard_area_of(text):
        return "area"
    if "muc tieu" in folded or "muc dich" in folded or "yeu cau" in folded:
        return "goals"
    return "notes"


class _Builder:
    def __init__(self, paragraphs: list[Paragraph], units: list[UnitRef], tables=()):
        self.paragraphs = paragraphs
        self.units = units
        self.tables = list(tables)  # (number of the line before it, rows), in document order
        self.annex_tables = []
        self.section_line: Line | None = None  # the last part's heading (I., II. …)
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
        plan_at = self.wrapped_plan()
        for index, par in enumerate(self.paragraphs):
            if plan_at is not None and index < plan_at:
                self.in_wrapper(par)
                continue
            if index == plan_at:
                self.state.zone = "preamble"
            while self.tables and self.tables[0][0] < par.first_no:
                self.table(self.tables.pop(0)[1])
            nxt = self.paragraphs[index + 1] if index + 1 < len(self.paragraphs) else None
            self.step(par, nxt)
        for _, rows in self.tables:
            self.table(rows)
        self.place_annex_tables()
        self.finish()

    # -- a Quyết định (or Công văn) that issues the plan (point 1 of issue 26) ------------------------
    def wrapped_plan(self) -> int | None:
        """The index of the attached plan's heading when the document is a decision (or letter) issuing
        a plan ("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch …"), else None."""
        kinds = [(i, heading_kind(p.text)) for i, p in enumerate(self.paragraphs) if p.style == PLAIN]
        kinds = [(i, k) for i, k in kinds if k]
        if not kinds or kinds[0][1] not in ("Quyết định", "Công văn"):
            return None
        plan = next((i for i, k in kinds if k in PLAN_KINDS), None)
        issued = any("kem theo" in structure_key(p.text) for p in self.paragraphs[:(plan or 0) + 8])
        return plan if plan is not None and issued else None

    def in_wrapper(self, par: Paragraph) -> None:
        """The decision around the plan: its căn cứ become the plan's basis, its number and date stand for
        the plan's until the plan's own "Ban hành kèm theo …" line says them; its articles, its recipients
        and its signature are no part of the plan."""
        meta, text = self.meta, par.text
        if par.style == PLAIN and re.match(r"^(?:Căn cứ|Thực hiện)\b", text):
            self.preamble_refs.extend(parse_references(text))
            self.add(par, "meta", reason="Căn cứ (của quyết định ban hành kế hoạch)")
            return
        if par.style == PLAIN and text.startswith("Số") and not meta.number:
            number, place, issued = parse_number_line(text)
            if number:
                meta.number, meta.place, meta.issued_on = number, place or meta.place, issued or meta.issued_on
                self.add(par, "meta", reason="Số, ngày của quyết định ban hành kế hoạch")
                return
        issued, year = header_date(text)
        if year and len(text) < 80 and not self.state.header_year:
            meta.issued_on = meta.issued_on or issued
            meta.place = meta.place or place_and_date(text)[0]
            self.state.header_year = year
            self.add(par, "meta", reason="Ngày của quyết định ban hành kế hoạch")
            return
        self.add(par, "dropped", reason="Quyết định ban hành kế hoạch (điều khoản, nơi nhận, chữ ký)")

    def issued_with(self, text: str) -> bool:
        """"(Ban hành kèm theo Quyết định số 105/QĐ-SCT ngày 16 tháng 6 năm 2021 của …)": the plan's
        number and date are the decision's."""
        folded = structure_key(text)
        if "kem theo" not in folded or not re.search(r"kem theo (?:quyet dinh|cong van|ke hoach)", folded):
            return False
        number = re.search(r"số\s*:?\s*([\w.-]*\d[\w.-]*/[\w./-]+)", text, re.IGNORECASE)
        if number:
            self.meta.number = number.group(1).rstrip(".")
        issued, year = header_date(text)
        slashed = re.search(r"ngày\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", text)
        if issued is None and slashed:
            issued, year = date(int(slashed.group(3)), int(slashed.group(2)), int(slashed.group(1))), int(slashed.group(3))
        self.meta.issued_on = issued or self.meta.issued_on
        self.state.header_year = year or self.state.header_year
        return True

    # -- tables --------------------------------------------------------------------------------
    def table(self, rows) -> None:
        """A task table where it stands: inside an area, a schedule of its tasks; elsewhere the plan's
        annex (phụ lục), read after the text (``place_annex_tables``)."""
        state = self.state
        if state.zone == "content" and state.area is None and not state.listing and self.section_line:
            section = self.section_line  # "III. THỜI GIAN, ĐƠN VỊ ĐƯỢC KIỂM TRA" over its schedule: its area
            section.kind, section.reason = "area", ""
            section.text = title_case(section.text) if is_caps(section.text) else section.text
            section.standard_area = standard_area_of(section.text)
            state.area = section
        if state.zone != "content" or state.area is None or state.listing:
            self.annex_tables.append(rows)
            return
        self.group_before_table()
        for line in table_lines(rows, self.units, self.next_id(), year=self.plan_year()):
            line.id = self.next_id()
            if line.kind == "area":  # a schedule's rows stay in the area they stand in
                line.kind, line.reason = "dropped", "Tiêu đề trong bảng"
            self.lines.append(line)

    def next_id(self) -> int:
        return len(self.lines) + 1 if not self.lines else max(l.id for l in self.lines[-50:]) + 1

    def plan_year(self) -> int | None:
        year = year_or_period(self.meta.title)[0]
        return year or (self.meta.issued_on.year if self.meta.issued_on else self.state.header_year)

    def group_before_table(self) -> None:
        """The sentences that introduce a schedule ("a) Tổ chức chương trình …: Báo … chủ trì, gồm 11
        chuyên mục sau:") are what its rows have in common: one group, not tasks."""
        run = []
        for line in reversed(self.lines):
            if line.kind != "task" or line.reason.startswith("Bảng") or line is self.state.area:
                break
            run.insert(0, line)
        if not run:
            return
        first = run[0]
        first.kind = "group"
        for line in run[1:]:
            first.text = f"{first.text} {line.text}"
            first.source += line.source
            first.warnings += line.warnings
            self.lines.remove(line)

    def place_annex_tables(self) -> None:
        """The annex's task table (phụ lục) gives the plan's tasks. Where an area of the text is the same
        area, its tasks are the table's, placed in it, and the text's bullets of that area (the same tasks
        again) are set aside: never both."""
        for rows in self.annex_tables:
            year = self.plan_year()
            lines = table_lines(rows, self.units, self.next_id(), year=year)
            if not lines:
                continue
            groups, current = [], None
            for line in lines:
                if line.kind == "area" or current is None:
                    current = [line] if line.kind == "area" else [None, line]
                    groups.append(current)
                else:
                    current.append(line)
            for group in groups:
                self.place_table_area(group[0], [l for l in group[1:] if l is not None])

    def place_table_area(self, area: Line | None, rows: list[Line]) -> None:
        same = self.same_area(area) if area is not None else None
        if area is None and not any(l.kind == "area" for l in self.lines):
            # tasks without an area in a plan without any: one area named for the plan
            area = Line(id=0, kind="area", text=self.meta.title or "Nhiệm vụ", reason="Bảng nhiệm vụ")
        if same is None:
            for line in ([area] if area is not None else []) + rows:
                line.id = self.next_id()
                self.lines.append(line)
            return
        index = self.lines.index(same) + 1
        while index < len(self.lines) and self.lines[index].kind != "area":
            line = self.lines[index]
            if line.kind in ("task", "subitem", "group"):
                line.kind, line.reason = "dropped", "Nhiệm vụ nêu lại trong bảng phụ lục: lấy theo bảng"
            index += 1
        if same.focal_unit_id is None and area.focal_unit_id:
            same.focal_unit_id = area.focal_unit_id
        for offset, line in enumerate(rows):
            line.id = self.next_id()
            self.lines.insert(index + offset, line)

    def same_area(self, area: Line) -> Line | None:
        for line in self.lines:
            if line.kind != "area":
                continue
            if area.standard_area and line.standard_area == area.standard_area:
                return line
            if not area.standard_area and not line.standard_area and (
                    key(line.text) == key(area.text) or set(custom_phrases(line.text)) & set(custom_phrases(area.text))):
                return line
        return None

    def step(self, par: Paragraph, nxt: Paragraph | None) -> None:
        state = self.state
        text = par.text
        if state.zone != "annex" and par.style == PLAIN and _ANNEX.match(text) and (
                is_caps(text.split(":")[0]) or state.zone == "signature"):
            state.zone, state.area = "annex", None
        if state.zone == "annex":
            self.add(par, "note", reason="Phụ lục, đề cương, biểu mẫu")
            return
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
        state.mode, state.org_unit, state.listing = None, None, False
        if kind == "area":  # the roman heading is itself an area ("I. CẢI CÁCH THỂ CHẾ")
            state.zone = "content"
            self.area(par)
            return
        state.zone = kind
        if kind == "goals":
            state.goal_mode = "plan_target" if "muc tieu" in key(par.text) else "note"
        if kind == "notes" and is_list_title(par.text):
            self.section_line = self.add(par, "note", reason=LISTED)
        elif kind in ("notes", "organisation"):
            self.section_line = self.add(par, "note", reason="Tiêu đề phần")
        else:
            self.section_line = self.add(par, "dropped", reason="Tiêu đề phần")

    # -- the opening -----------------------------------------------------------------------
    def in_preamble(self, par: Paragraph, nxt, level) -> None:
        state, meta, text = self.state, self.meta, par.text
        heading = doc_heading(text) if par.style == PLAIN else None
        if heading is None and par.style == PLAIN and heading_kind(text) in PLAN_KINDS:
            heading = (heading_kind(text), "")  # "KÉ HOẠCH": the heading as OCR reads it
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
            issued_with = re.search(r"\s*\((?:Ban hành )?[Kk]èm theo .*$", text)
            if issued_with and self.issued_with(issued_with.group(0)):
                text = text[:issued_with.start()]  # the title and its "(Ban hành kèm theo …)" on one line
            meta.title = text.rstrip(" .")
            state.title_expected = False
            self.add(par, "meta", reason="Tên kế hoạch")
            return
        if par.style == PLAIN and self.issued_with(text):
            self.add(par, "meta", reason="Ban hành kèm theo (số, ngày của kế hoạch)")
            return
        if par.style == PLAIN and len(text) < 80 and header_date(text)[1] and not state.title_expected:
            place, issued = place_and_date(text)  # the date in the header's right column, on its own line
            meta.place, meta.issued_on = place or meta.place, issued or header_date(text)[0] or meta.issued_on
            state.header_year = header_date(text)[1]
            self.add(par, "meta", reason="Địa danh, ngày ban hành")
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
        if level is not None and level <= 3 and is_list_title(text):
            state.listing = True  # "2. Nội dung tuyên truyền", "3. Đối tượng kiểm tra": a list, not tasks
            self.add(par, "note", reason=LISTED)
            return
        if state.listing and (level is None or level > 3 or (level == 3 and par.style == PLAIN)):
            self.add(par, "note", reason=LISTED)
            return
        state.listing = False
        if self.attributes(par):
            return
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
        has_items = nxt is not None and nxt.style in (DASH, BULLET) and _level(nxt) is None \
            and not _only_attributes(nxt.text)
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
            title, values = split_attributes(text)
            line = self.add(par, "task", title or text)
            self.apply_attributes(line, values, sentence=line.text)

    # -- a task's attributes written in the text (point 2 of issue 26) ---------------------------
    def attributes(self, par: Paragraph) -> bool:
        """A line of attributes ("- Thời gian thực hiện: Quý III/2027", "Đơn vị chủ trì: …") under a task
        (else under its area): they go to that task, and the line is no task of its own."""
        if not _only_attributes(par.text):
            return False
        values = split_attributes(par.text)[1]
        since = self._since_area()
        target = next((l for l in reversed(since) if l.kind == "task"), None) or self.state.area
        if target is None:
            return False
        self.add(par, "dropped", reason=f"Thuộc tính của dòng {self.lines.index(target) + 1}")
        self.apply_attributes(target, values)
        return True

    def apply_attributes(self, line: Line, values: dict[str, str], sentence: str = "") -> None:
        """``sentence``: a task's own text, whose opening may name its lead (``units_named``)."""
        if "deadline" in values:
            deadline, recurring, warning = parse_deadline(values["deadline"], self.plan_year())
            if line.kind == "task":
                line.deadline, line.recurring = (deadline.isoformat() if deadline else None), recurring
            if warning:
                line.warnings.append(warning)
                line.detail = "\n".join(filter(None, [line.detail, f"Thời gian: {values['deadline']}"]))
        named = units_named(values, self.units, sentence)
        if named.lead_unit_id:
            line.lead_unit_id = named.lead_unit_id
            if line.kind == "area" and line.focal_unit_id is None:
                line.focal_unit_id = named.lead_unit_id
        elif named.lead_name:
            line.lead_name = named.lead_name
        ids = [u for u in named.cooperating_unit_ids if u != line.lead_unit_id]
        line.cooperating_unit_ids = list(dict.fromkeys((line.cooperating_unit_ids or []) + ids)) or None
        line.warnings += named.lead_warnings + named.cooperating_warnings
        if "output" in values and line.kind == "task":
            line.output = values["output"]

    def _since_area(self):
        area = self.state.area
        return self.lines[self.lines.index(area) + 1:] if area else []

    # -- "Tổ chức thực hiện" ---------------------------------------------------------------------
    def in_organisation(self, par: Paragraph, nxt, level) -> None:
        """A duty: "Thanh tra Sở: chủ trì, phối hợp … cải cách thể chế", "Văn phòng Sở là đơn vị đầu mối …",
        or a unit's heading ("1. Sở Nội vụ:") over its duties ("a) Chủ trì …")."""
        state, text = self.state, par.text
        line = self.add(par, "note", reason="Tổ chức thực hiện")
        heading = level in (2, 3) or par.style == LETTER
        inline = re.match(r"^([^:]{3,80}):\s*(\S.*)$", text)
        named = lead_named(text)
        if inline and looks_like_unit(inline.group(1)):  # "Thanh tra Sở: Chủ trì triển khai …"
            name, text = inline.group(1).strip(), inline.group(2)
        elif named:  # "Thanh tra Sở chủ trì …", "Văn phòng Sở là đơn vị đầu mối …"
            name = named
        elif heading and looks_like_unit(text) and len(text) <= 100:
            state.org_unit = self.unit_named(text.rstrip(" :."), line)
            return
        elif level in (2, 3):
            state.org_unit = None
            return
        else:
            if state.org_unit is not None:
                self.claim(state.org_unit, text, line)
            return
        unit_info = self.unit_named(name, line)
        if level in (2, 3):
            state.org_unit = unit_info
        self.claim(unit_info, text, line)

    def unit_named(self, name: str, line: Line) -> tuple:
        unit = match_unit(name, self.units)
        if unit is None and not is_unit_group(name):
            line.warnings.append(f"“{name}” không khớp với đơn vị nào của Sở.")
        return unit, name, line.id

    def claim(self, unit_info, text: str, line: Line) -> None:
        """What a duty sentence gives its unit: the areas it names (by name, or "nhiệm vụ tại mục 2"), the
        tasks whose words it repeats, or, for the focal unit of "the plan", every area."""
        areas = [(l.id, l.standard_area, l.text) for l in self.lines if l.kind == "area"]
        mentioned = areas_mentioned(text, areas) + self.areas_by_number(text)
        folded = key(text)
        if "dau moi" in folded:
            focal, lead = 3, 2
        elif "chu tri" in folded:
            focal, lead = 2, 3
        elif folded.startswith("phoi hop"):
            focal, lead = 0, 0
        else:
            focal, lead = 1, 1
        tasks = [] if mentioned or lead < 2 else tasks_named(text, [l for l in self.lines if l.kind == "task"])
        if not mentioned and not tasks and "dau moi" in folded and "ke hoach" in folded:
            mentioned, focal, lead = [a[0] for a in areas], 1, 0  # "… là đơn vị đầu mối thực hiện Kế hoạch"
        if not mentioned and not tasks:
            return
        coop, unknown = cooperating_units(text, self.units)
        for name in unknown:
            line.warnings.append(f"Đơn vị phối hợp “{name}” không khớp với đơn vị nào của Sở.")
        unit, name, heading_id = unit_info
        for area_id in dict.fromkeys(mentioned):
            self.state.claims.append({"area": area_id, "unit": unit, "name": name, "focal": focal, "lead": lead,
                                      "coop": coop, "line": line.id, "heading": heading_id})
        for task in tasks:
            self.state.claims.append({"task": task.id, "unit": unit, "name": name, "focal": 0, "lead": lead,
                                      "coop": coop, "line": line.id, "heading": heading_id})

    def areas_by_number(self, text: str) -> list[int]:
        """"các nhiệm vụ tại mục 2, 3 phần II": the areas numbered so."""
        found = re.search(r"(?:tại|ở|của)\s+(?:các\s+)?(?:mục|điểm|khoản)\s+((?:[IVX]+\.)?\d+(?:\s*(?:,|và)\s*\d+)*)",
                          text, re.IGNORECASE)
        if not found:
            return []
        numbers = re.findall(r"\d+", found.group(1).split(".")[-1])
        return [l.id for l in self.lines if l.kind == "area" and l.marker in numbers]

    def in_notes(self, par: Paragraph, nxt, level) -> None:
        section = self.section_line
        listed = section is not None and section.reason == LISTED
        self.add(par, "note", reason=LISTED if listed else ("Giải pháp, kinh phí" if self.state.zone == "notes"
                                                              else "Ghi chú"))

    def in_closing(self, par: Paragraph, nxt, level) -> None:
        self.add(par, "note", reason="Lời kết")

    # -- after the walk ----------------------------------------------------------------------
    def finish(self) -> None:
        meta = self.meta
        self.assignments = assign_units(self.lines, self.state.claims)
        meta.year, meta.start_year, meta.end_year = year_or_period(meta.title)
        if meta.year is None and meta.start_year is None and meta.issued_on:
            meta.year = meta.issued_on.year
        if meta.year is None and meta.start_year is None and self.state.header_year:
            meta.year = self.state.header_year  # the day or month garbled or left blank: the year still tells
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


_GENERIC_WORDS = {"cong", "tac", "thuc", "hien", "cai", "cach", "hanh", "chinh", "nha", "nuoc", "va", "cua", "cac",
                  "ve", "trong", "tren", "tai", "theo", "cho", "voi", "de", "the", "nhung", "quy", "dinh", "so",
                  "chu", "tri", "phoi", "hop", "don", "vi", "lien", "quan", "to", "chuc", "trien", "khai"}


def tasks_named(text: str, tasks: list[Line], size: int = 4) -> list[Line]:
    """The tasks (three at most) whose title shares with ``text`` a run of ``size`` words, three of them
    not generic ("kiểm soát thủ tục hành chính nội bộ"): a duty naming a task by its words."""
    def grams(words):
        return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)
                if sum(1 for w in words[i:i + size] if w not in _GENERIC_WORDS) >= 3}

    wanted = grams(key(text).split())
    found = [t for t in tasks if wanted & grams(key(t.text).split())]
    return found if len(found) <= 3 else []


def assign_units(lines: list[Line], claims: list[dict]) -> list[Assignment]:
    """Each area's focal and lead unit (and a task's lead, when a duty names it by its words) from what
    "Tổ chức thực hiện" says; unmatched names flagged, not guessed. Returns what was assigned, each with
    the sentence it came from, for the Office to accept or undo."""
    texts = {line.id: line.text for line in lines}
    assignments: list[Assignment] = []

    def record(line: Line, role: str, unit_id: int, claim: dict, previous) -> None:
        assignments.append(Assignment(id=len(assignments) + 1, line=line.id, role=role, unit_id=unit_id,
                                      name=claim["name"], sentence=texts.get(claim["line"], ""),
                                      source=claim["line"], previous=previous))

    by_task: dict[int, list[dict]] = {}
    for claim in claims:
        if "task" in claim:
            by_task.setdefault(claim["task"], []).append(claim)
    for line in lines:
        task_claims = [c for c in by_task.get(line.id, []) if c["unit"] and c["lead"] > 0]
        if line.kind == "task" and task_claims and not line.lead_unit_id:
            best = max(task_claims, key=lambda c: (c["lead"], -c["line"]))
            record(line, "lead", best["unit"].id, best, line.lead_unit_id)
            line.lead_unit_id = best["unit"].id
    by_area: dict[int, list[dict]] = {}
    for claim in claims:
        if "area" in claim:
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
            elif getattr(line, field_name) != best["unit"].id:
                record(line, role, best["unit"].id, best, getattr(line, field_name))
                setattr(line, field_name, best["unit"].id)
        lead_claim = next((c for c in area_claims if c["unit"] and c["unit"].id == line.lead_unit_id), None)
        coop = [(u.id, lead_claim) for u in (lead_claim["coop"] if lead_claim else [])]
        coop += [(c["unit"].id, c) for c in area_claims if c["focal"] == 0 and c["unit"]]
        first: dict[int, dict] = {}
        for unit_id, claim in coop:
            first.setdefault(unit_id, claim)
        coop = [(u, c) for u, c in first.items() if u != line.lead_unit_id]
        for unit_id, claim in coop:
            record(line, "coop", unit_id, claim, None)
        line.cooperating_unit_ids = [u for u, _ in coop] or None
        if line.focal_unit_id is None and not line.warnings:
            line.warnings.append("Phần tổ chức thực hiện không nêu đơn vị đầu mối cho nội dung này: hãy chọn đơn vị.")
    return assignments


def parse_paragraphs(paragraphs: list[Paragraph], units: list[UnitRef], tables=()) -> Preview:
    """``tables``: (number of the line before it, rows) of each task table, in document order."""
    builder = _Builder(paragraphs, units, tables)
    builder.run()
    return Preview(meta=builder.meta, lines=builder.lines, warnings=builder.warnings,
                   assignments=builder.assignments)


def parse_extracted(extracted: Extracted, units: list[UnitRef], filename: str = "") -> Preview:
    """Extracted lines (any text format) → the preview."""
    paragraphs = build_paragraphs(extracted.lines, paragraphs_given=extracted.format in ("docx", "doc", "odt"))
    positions = extracted.table_after or [10**9] * len(extracted.tables)
    preview = parse_paragraphs(paragraphs, units, list(zip(positions, extracted.tables)))
    preview.format, preview.filename = extracted.format, filename
    preview.warnings = list(extracted.warnings) + preview.warnings
    if extracted.dropped:
        shown = ", ".join(str(line.no) for line in extracted.dropped[:12])
        more = "…" if len(extracted.dropped) > 12 else ""
        preview.warnings.append(f"Đã bỏ {len(extracted.dropped)} dòng số trang, tiêu đề trang hoặc đường dẫn "
                                f"đứng riêng (dòng {shown}{more}).")
    return preview


def parse_text(text: str, units: list[UnitRef], fmt: str = "text") -> Preview:
    """Pasted text → the preview."""
    return parse_extracted(extract_text(text, fmt), units)
