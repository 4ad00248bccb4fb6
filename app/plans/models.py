"""Plans (kế hoạch, chương trình), their areas, targets and tasks."""
from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..formatting import utcnow, vn_date, vn_number
from ..org.models import Unit
from ..search import fold
from .topics import topic_label

PLAN_KINDS = {
    "programme": "Chương trình giai đoạn",
    "annual": "Kế hoạch năm",
    "thematic": "Kế hoạch chuyên đề",
}
DRAFT, ISSUED, CLOSED = "draft", "issued", "closed"
PLAN_STATUSES = {DRAFT: "Dự thảo", ISSUED: "Đã ban hành", CLOSED: "Đã kết thúc"}

# The six standard CCHC areas (Nghị quyết 76/NQ-CP), offered for every new plan.
STANDARD_AREAS = {
    1: "Cải cách thể chế",
    2: "Cải cách thủ tục hành chính",
    3: "Cải cách tổ chức bộ máy hành chính nhà nước",
    4: "Cải cách chế độ công vụ",
    5: "Cải cách tài chính công",
    6: "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
}
# Areas many plans add besides the standard six.
COMMON_EXTRA_AREAS = ["Công tác chỉ đạo, điều hành", "Thông tin, tuyên truyền"]

METRIC_KINDS = {
    "percent": "Tỷ lệ (%)",
    "count": "Số lượng",
    "yes_no": "Có / Không",
    "rank": "Thứ hạng",
    "duration": "Thời gian",
}
COMPARATORS = {">=": "≥ (tối thiểu)", "<=": "≤ (tối đa)", "=": "= (bằng)"}
COMPARATOR_SIGNS = {">=": "≥", "<=": "≤", "=": "="}


class Plan(db.Model):
    __tablename__ = "plans"
    __table_args__ = {"sqlite_autoincrement": True}  # an id is never reused (see app/audit.py)
    audit_type = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    number: Mapped[str] = mapped_column(String(60), default="")  # số ký hiệu, e.g. 639/KH-SCT
    title: Mapped[str] = mapped_column(String(500))
    issued_on: Mapped[date | None]  # ngày ban hành
    year: Mapped[int | None]
    start_year: Mapped[int | None]
    end_year: Mapped[int | None]
    basis: Mapped[str] = mapped_column(Text, default="")  # căn cứ, one document per line
    notes: Mapped[str] = mapped_column(Text, default="")  # what the document says besides targets and tasks
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=DRAFT, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    issued_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    parent: Mapped["Plan | None"] = relationship(remote_side=[id])
    areas: Mapped[list["Area"]] = relationship(
        back_populates="plan", order_by="Area.position", cascade="all, delete-orphan"
    )
    # Plan-wide targets ("Mục tiêu cụ thể" of the whole plan: an index rank, a satisfaction rate).
    targets: Mapped[list["PlanTarget"]] = relationship(
        back_populates="plan", order_by="PlanTarget.position", cascade="all, delete-orphan"
    )

    @property
    def kind_label(self) -> str:
        return PLAN_KINDS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return PLAN_STATUSES.get(self.status, self.status)

    @property
    def period_label(self) -> str:
        if self.kind == "programme" and self.start_year and self.end_year:
            return f"Giai đoạn {self.start_year}–{self.end_year}"
        if self.year:
            return f"Năm {self.year}"
        return ""

    @property
    def reference(self) -> str:
        """How documents cite it: "Kế hoạch số 639/KH-SCT ngày 23/01/2026"."""
        noun = "Chương trình" if self.kind == "programme" else "Kế hoạch"
        text = f"{noun} số {self.number}" if self.number else f"{noun} (chưa có số)"
        if self.issued_on:
            text += f" ngày {vn_date(self.issued_on)}"
        return text

    @property
    def basis_lines(self) -> list[str]:
        return [line.strip() for line in (self.basis or "").splitlines() if line.strip()]

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT

    @property
    def is_closed(self) -> bool:
        return self.status == CLOSED

    def __str__(self) -> str:
        return self.title

    AUDIT_FIELDS = {
        "kind": "Loại",
        "number": "Số ký hiệu",
        "title": "Tên kế hoạch",
        "issued_on": "Ngày ban hành",
        "period": "Năm / giai đoạn",
        "basis": "Căn cứ",
        "parent": "Thực hiện chương trình",
        "status": "Trạng thái",
    }

    def audit_snapshot(self) -> dict:
        return {
            "kind": self.kind_label,
            "number": self.number,
            "title": self.title,
            "issued_on": vn_date(self.issued_on),
            "period": self.period_label,
            "basis": self.basis,
            "parent": self.parent.reference if self.parent else "",
            "status": self.status_label,
        }


class Area(db.Model):
    """A content area of a plan (nội dung / lĩnh vực CCHC)."""

    __tablename__ = "areas"
    __table_args__ = {"sqlite_autoincrement": True}
    audit_type = "area"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(300))
    standard_code: Mapped[int | None]  # 1..6 for the standard areas
    focal_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    plan: Mapped[Plan] = relationship(back_populates="areas")
    focal_unit: Mapped[Unit | None] = relationship()
    targets: Mapped[list["Target"]] = relationship(
        back_populates="area", order_by="Target.position", cascade="all, delete-orphan"
    )
    tasks: Mapped[list["Task"]] = relationship(
        back_populates="area", order_by="Task.position", cascade="all, delete-orphan"
    )

    @property
    def number(self) -> int:
        """1-based place in the plan, as the document numbers it."""
        return self.plan.areas.index(self) + 1

    def __str__(self) -> str:
        return self.name

    AUDIT_FIELDS = {"name": "Tên nội dung", "focal_unit": "Đơn vị đầu mối", "position": "Thứ tự"}

    def audit_snapshot(self) -> dict:
        return {
            "name": self.name,
            "focal_unit": self.focal_unit.name if self.focal_unit else "",
            "position": str(self.position),
        }


task_targets = Table(
    "task_targets",
    db.metadata,
    Column("task_id", ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True),
    Column("target_id", ForeignKey("targets.id", ondelete="CASCADE"), primary_key=True),
)

task_cooperating_units = Table(
    "task_cooperating_units",
    db.metadata,
    Column("task_id", ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("units.id"), primary_key=True, index=True),
)


class Measured:
    """A target's text and value, and how the value reads ("≥ 99%", "≤ 30 phút"): area and plan-wide targets."""

    text: Mapped[str] = mapped_column(Text)
    metric_kind: Mapped[str | None] = mapped_column(String(20))
    comparator: Mapped[str | None] = mapped_column(String(2))
    target_value: Mapped[float | None]
    unit_of_measure: Mapped[str] = mapped_column(String(50), default="")
    baseline: Mapped[float | None]

    def _value_text(self, value: float | None) -> str:
        if value is None:
            return ""
        if self.metric_kind == "yes_no":
            return "Có" if value else "Không"
        uom = self.unit_of_measure or ("%" if self.metric_kind == "percent" else "")
        sep = "" if uom.startswith("%") else " "
        return f"{vn_number(value)}{sep}{uom}".strip()

    @property
    def goal_text(self) -> str:
        """"≥ 99%", "≤ 30 phút", "Có"; empty when the target is not measured."""
        if self.target_value is None or not self.metric_kind:
            return ""
        if self.metric_kind == "yes_no":
            return self._value_text(self.target_value)
        if self.metric_kind == "percent" and self.comparator == ">=" and self.target_value == 100:
            return self._value_text(self.target_value)  # "100%", not "≥ 100%"
        sign = COMPARATOR_SIGNS.get(self.comparator or "", "")
        return f"{sign} {self._value_text(self.target_value)}".strip()

    @property
    def baseline_text(self) -> str:
        return self._value_text(self.baseline)

    @property
    def measurable(self) -> bool:
        return self.target_value is not None and bool(self.metric_kind) and bool(self.comparator)

    def met(self, value: float | None) -> bool | None:
        """Whether ``value`` reaches the target (đạt); None when it cannot be told."""
        if value is None or not self.measurable:
            return None
        if self.comparator == ">=":
            return value >= self.target_value - 1e-9
        if self.comparator == "<=":
            return value <= self.target_value + 1e-9
        return abs(value - self.target_value) < 1e-9

    def value_text(self, value: float | None) -> str:
        return self._value_text(value)

    @property
    def metric_label(self) -> str:
        return METRIC_KINDS.get(self.metric_kind or "", "")


class Target(Measured, db.Model):
    """A goal of an area (mục tiêu, chỉ tiêu), measurable when it has a value."""

    __tablename__ = "targets"
    __table_args__ = {"sqlite_autoincrement": True}
    audit_type = "target"

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    responsible_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    area: Mapped[Area] = relationship(back_populates="targets")
    responsible_unit: Mapped[Unit | None] = relationship()
    tasks: Mapped[list["Task"]] = relationship(secondary=task_targets, back_populates="targets")

    @property
    def code(self) -> str:
        """"2.MT3": the third target of area 2."""
        return f"{self.area.number}.MT{self.area.targets.index(self) + 1}"

    def __str__(self) -> str:
        return self.text

    AUDIT_FIELDS = {
        "text": "Nội dung chỉ tiêu",
        "metric_kind": "Loại chỉ số",
        "goal": "Chỉ tiêu",
        "baseline": "Giá trị cơ sở",
        "responsible_unit": "Đơn vị chịu trách nhiệm",
        "position": "Thứ tự",
    }

    def audit_snapshot(self) -> dict:
        return {
            "text": self.text,
            "metric_kind": self.metric_label,
            "goal": self.goal_text,
            "baseline": self.baseline_text,
            "responsible_unit": self.responsible_unit.name if self.responsible_unit else "",
            "position": str(self.position),
        }


class PlanTarget(Measured, db.Model):
    """A target of the whole plan rather than of one area (a yearly index rank, a satisfaction rate)."""

    __tablename__ = "plan_targets"
    __table_args__ = {"sqlite_autoincrement": True}
    audit_type = "plan_target"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    plan: Mapped[Plan] = relationship(back_populates="targets")

    @property
    def code(self) -> str:
        """"MT2": the plan's second plan-wide target."""
        return f"MT{self.plan.targets.index(self) + 1}"

    def __str__(self) -> str:
        return self.text

    AUDIT_FIELDS = {"text": "Nội dung mục tiêu", "metric_kind": "Loại chỉ số", "goal": "Chỉ tiêu",
                    "baseline": "Giá trị cơ sở", "position": "Thứ tự"}

    def audit_snapshot(self) -> dict:
        return {"text": self.text, "metric_kind": self.metric_label, "goal": self.goal_text,
                "baseline": self.baseline_text, "position": str(self.position)}


def deadline_text(recurring: bool, deadline: date | None) -> str:
    """A task's deadline as the pages write it: "Thường xuyên" for a recurring task, else dd/mm/yyyy."""
    return "Thường xuyên" if recurring else vn_date(deadline)


class TaskItem(db.Model):
    """A sub-item of a task (the "+" lines of a plan document)."""

    __tablename__ = "task_items"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)


class Task(db.Model):
    """A task (nhiệm vụ) of an area, led by one unit with cooperating units."""

    __tablename__ = "tasks"
    __table_args__ = {"sqlite_autoincrement": True}
    audit_type = "task"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    code: Mapped[str] = mapped_column(String(20), default="")
    title: Mapped[str] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text, default="")
    lead_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    deadline: Mapped[date | None] = mapped_column(index=True)
    recurring: Mapped[bool] = mapped_column(default=False)  # thường xuyên
    output: Mapped[str] = mapped_column(Text, default="")  # sản phẩm
    # The group of section I of the report (app.plans.topics): chi_dao, kiem_tra, tuyen_truyen, khao_sat; None: none
    topic: Mapped[str | None] = mapped_column(String(20))
    archived_at: Mapped[datetime | None]
    # Folded copy of code, title, detail, sub-items and output (see app.search).
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    plan: Mapped[Plan] = relationship()
    area: Mapped[Area] = relationship(back_populates="tasks")
    lead_unit: Mapped[Unit] = relationship()
    cooperating_units: Mapped[list[Unit]] = relationship(
        secondary=task_cooperating_units, order_by=Unit.position
    )
    targets: Mapped[list[Target]] = relationship(
        secondary=task_targets, back_populates="tasks", order_by=Target.position
    )
    items: Mapped[list[TaskItem]] = relationship(order_by=TaskItem.position, cascade="all, delete-orphan")

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    @property
    def item_lines(self) -> str:
        return "\n".join(item.text for item in self.items)

    @property
    def deadline_text(self) -> str:
        return deadline_text(self.recurring, self.deadline)

    @property
    def topic_label(self) -> str:
        """The group of section I of the report ("Kiểm tra"…), or "Không thuộc nhóm nào"."""
        return topic_label(self.topic)

    def refresh_search_text(self) -> None:
        parts = [self.code, self.title, self.detail, self.output, *(i.text for i in self.items)]
        self.search_text = fold(" ".join(p for p in parts if p))

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    AUDIT_FIELDS = {
        "code": "Mã",
        "title": "Tên nhiệm vụ",
        "detail": "Nội dung chi tiết",
        "items": "Nội dung cụ thể",
        "area": "Thuộc nội dung",
        "lead_unit": "Đơn vị chủ trì",
        "cooperating_units": "Đơn vị phối hợp",
        "deadline": "Thời hạn",
        "output": "Sản phẩm",
        "topic": "Nhóm việc (mục I báo cáo)",
        "targets": "Chỉ tiêu liên quan",
        "position": "Thứ tự",
        "archived": "Lưu trữ",
    }

    def audit_snapshot(self) -> dict:
        return {
            "code": self.code,
            "title": self.title,
            "detail": self.detail,
            "items": self.item_lines,
            "area": self.area.name if self.area else "",
            "lead_unit": self.lead_unit.name if self.lead_unit else "",
            "cooperating_units": ", ".join(u.name for u in self.cooperating_units),
            "deadline": self.deadline_text,
            "output": self.output,
            "topic": self.topic_label,
            "targets": "\n".join(t.text for t in self.targets),
            "position": str(self.position),
            "archived": "Có" if self.archived else "Không",
        }
