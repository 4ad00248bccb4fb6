"""The preview of an import: one row per paragraph, each marked with what it became.

The rows are a flat list in document order; the tree (areas with their
targets and tasks, tasks with their sub-items) follows from their kinds and
order, so changing one row's kind in the review step re-shapes the tree the
way a reader expects. The preview is stored as JSON (``to_dict``) until the
Office confirms it.
"""
from dataclasses import asdict, dataclass, field, fields
from datetime import date

from ...documents.citations import Reference
from .metadata import PlanMeta

KINDS = {
    "meta": "Thông tin kế hoạch",
    "area": "Nội dung (lĩnh vực)",
    "plan_target": "Mục tiêu chung của kế hoạch",
    "target": "Mục tiêu, chỉ tiêu",
    "group": "Nhóm nhiệm vụ",
    "task": "Nhiệm vụ",
    "subitem": "Nội dung cụ thể của nhiệm vụ",
    "note": "Ghi chú của kế hoạch",
    "dropped": "Bỏ qua",
}
# What a heading row that only gives structure ("1.1. Mục tiêu:") is kept as.
STRUCTURE = "dropped"


def known_fields(cls, data: dict) -> dict:
    """The items of ``data`` that are fields of dataclass ``cls`` (a preview stored by an older version may
    hold others)."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


class Stored:
    """A flat dataclass stored in the preview's JSON as the dict of its fields."""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict):
        return cls(**known_fields(cls, data))


@dataclass
class Line(Stored):
    id: int
    kind: str
    text: str
    marker: str = ""  # the numbering as the document writes it: "I", "1.1", "a", "-", "+"
    source: list[list] = field(default_factory=list)  # [[line number, text as extracted], ...]
    warnings: list[str] = field(default_factory=list)
    reason: str = ""  # why a row is a note or dropped ("Tiêu đề mục", "Nơi nhận, chữ ký", ...)
    # area
    standard_area: int | None = None
    focal_unit_id: int | None = None
    # area (the default for its tasks) and task (None: the area's)
    lead_unit_id: int | None = None
    cooperating_unit_ids: list[int] | None = None
    # the lead unit as the document names it, when it matched no unit of the department ("Sở Tư pháp")
    lead_name: str = ""
    # target and plan_target
    metric_kind: str | None = None
    comparator: str | None = None
    value: float | None = None
    unit_of_measure: str = ""
    # task
    code: str = ""  # "2.1" when the table gives it; empty: numbered when the plan is built
    deadline: str | None = None  # ISO date
    recurring: bool = True
    output: str = ""
    detail: str = ""  # what the document says of the task besides its title ("Thời gian: trước ngày 05 …")
    # the units the Office set or confirmed by hand ("lead", "coop", "focal"): a new text never changes them
    set_by_hand: list[str] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def first_no(self) -> int:
        return self.source[0][0] if self.source else 0

    @property
    def deadline_date(self) -> date | None:
        return date.fromisoformat(self.deadline) if self.deadline else None

    @property
    def measured(self) -> bool:
        return self.metric_kind is not None and self.value is not None


ROLES = {"focal": "đầu mối", "lead": "chủ trì", "coop": "phối hợp"}
PROPOSED, ACCEPTED, UNDONE = "proposed", "accepted", "undone"


@dataclass
class Assignment(Stored):
    """A unit the "Tổ chức thực hiện" part gives an area or a task, with the sentence that says so: applied
    when the preview is read, then accepted or undone by the Office (``service.decide_assignment``)."""

    id: int
    line: int  # the area's or task's line id
    role: str  # focal, lead, coop
    unit_id: int
    name: str  # the unit as the sentence names it
    sentence: str
    source: int  # the id of the line the sentence is
    previous: int | None = None  # the line's unit before (lead, focal), restored by an undo
    state: str = PROPOSED

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


@dataclass
class Preview:
    meta: PlanMeta = field(default_factory=PlanMeta)
    lines: list[Line] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # about the whole document
    format: str = ""
    filename: str = ""
    assignments: list[Assignment] = field(default_factory=list)

    def assignment(self, assignment_id: int) -> Assignment | None:
        return next((a for a in self.assignments if a.id == assignment_id), None)

    def line(self, line_id: int) -> Line | None:
        return next((line for line in self.lines if line.id == line_id), None)

    def next_id(self) -> int:
        return max((line.id for line in self.lines), default=0) + 1

    def to_dict(self) -> dict:
        meta = asdict(self.meta)
        meta["issued_on"] = self.meta.issued_on.isoformat() if self.meta.issued_on else None
        meta["basis"] = [r.to_dict() for r in self.meta.basis]
        return {"version": 1, "format": self.format, "filename": self.filename, "meta": meta,
                "lines": [line.to_dict() for line in self.lines], "warnings": list(self.warnings),
                "assignments": [a.to_dict() for a in self.assignments]}

    @classmethod
    def from_dict(cls, data: dict) -> "Preview":
        meta = dict(data.get("meta") or {})
        meta["issued_on"] = date.fromisoformat(meta["issued_on"]) if meta.get("issued_on") else None
        meta["basis"] = [Reference.from_dict(r) for r in meta.get("basis") or []]
        return cls(meta=PlanMeta(**known_fields(PlanMeta, meta)),
                   lines=[Line.from_dict(line) for line in data.get("lines") or []],
                   warnings=list(data.get("warnings") or []), format=data.get("format", ""),
                   filename=data.get("filename", ""),
                   assignments=[Assignment.from_dict(a) for a in data.get("assignments") or []])


# -- the tree -------------------------------------------------------------------------

@dataclass
class TaskNode:
    line: Line
    subitems: list[Line] = field(default_factory=list)
    group: Line | None = None


@dataclass
class AreaNode:
    line: Line
    targets: list[Line] = field(default_factory=list)
    tasks: list[TaskNode] = field(default_factory=list)


@dataclass
class Tree:
    plan_targets: list[Line] = field(default_factory=list)
    notes: list[Line] = field(default_factory=list)
    areas: list[AreaNode] = field(default_factory=list)
    problems: dict[int, str] = field(default_factory=dict)  # line id → why it has no place in the tree
    depth: dict[int, int] = field(default_factory=dict)  # line id → indentation on the review page

    def counts(self) -> dict[str, int]:
        return {"areas": len(self.areas), "plan_targets": len(self.plan_targets),
                "targets": sum(len(a.targets) for a in self.areas),
                "tasks": sum(len(a.tasks) for a in self.areas),
                "subitems": sum(len(t.subitems) for a in self.areas for t in a.tasks),
                "notes": len(self.notes)}


def build_tree(lines: list[Line]) -> Tree:
    """The plan tree the rows make, in order; rows that cannot be placed are listed in ``problems``."""
    tree = Tree()
    area: AreaNode | None = None
    task: TaskNode | None = None
    group: Line | None = None
    for line in lines:
        kind = line.kind
        if kind == "meta":
            tree.depth[line.id] = 0
        elif kind == "area":
            area, task, group = AreaNode(line), None, None
            tree.areas.append(area)
            tree.depth[line.id] = 0
        elif kind == "plan_target":
            tree.plan_targets.append(line)
            tree.depth[line.id] = 1
        elif kind == "note":
            tree.notes.append(line)
            tree.depth[line.id] = 1
        elif kind == "dropped":
            tree.depth[line.id] = 1
        elif area is None:
            tree.problems[line.id] = "Dòng này chưa thuộc nội dung nào: hãy đánh dấu một dòng phía trên là “Nội dung”."
            tree.depth[line.id] = 1
        elif kind == "target":
            area.targets.append(line)
            task = None
            tree.depth[line.id] = 1
        elif kind == "group":
            group, task = line, None
            tree.depth[line.id] = 1
        elif kind == "task":
            task = TaskNode(line, group=group)
            area.tasks.append(task)
            tree.depth[line.id] = 2 if group else 1
        elif kind == "subitem":
            if task is None:
                tree.problems[line.id] = "Nội dung cụ thể này chưa thuộc nhiệm vụ nào: hãy đổi thành “Nhiệm vụ”."
            else:
                task.subitems.append(line)
            tree.depth[line.id] = (tree.depth.get(task.line.id, 1) if task else 1) + 1
    return tree


FIGURES = {"areas": "nội dung", "tasks": "nhiệm vụ", "tasks_per_area": "nhiệm vụ theo nội dung",
           "targets": "mục tiêu", "targets_measured": "mục tiêu có giá trị", "deadlines": "nhiệm vụ có thời hạn",
           "leads": "nhiệm vụ có đơn vị chủ trì"}


def figures(preview: Preview) -> dict:
    """What an import found, as counted against what the document holds (``flask plan import-summary``)."""
    tree = build_tree(preview.lines)
    tasks = [t.line for a in tree.areas for t in a.tasks]
    targets = [t for a in tree.areas for t in a.targets] + tree.plan_targets
    return {"areas": len(tree.areas), "tasks": len(tasks), "tasks_per_area": [len(a.tasks) for a in tree.areas],
            "targets": len(targets), "targets_measured": sum(1 for t in targets if t.measured),
            "deadlines": sum(1 for t in tasks if t.deadline),
            "leads": sum(1 for t in tasks if t.lead_unit_id or t.lead_name)}
