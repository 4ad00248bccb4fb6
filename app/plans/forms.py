from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField

from ..forms import (
    BaseForm,
    MultiCheckboxField,
    NumberText,
    VNDateField,
    choices,
    coerce_int_or_none,
    max_length,
    parse_id,
    required,
    strip,
)
from ..numbers import YEAR, kind_of_metric
from .models import (
    COMMON_EXTRA_AREAS,
    COMPARATORS,
    METRIC_KINDS,
    PLAN_KINDS,
    STANDARD_AREAS,
)
from .services import PlanData, TargetData, TaskData
from .topics import NO_TOPIC_LABEL, SUGGESTED, TOPICS

EMPTY = ("", "— Chưa chọn —")



def optional_select(label, **kwargs):
    """A select whose first option is "not chosen"; the service checks the value."""
    return SelectField(label, coerce=coerce_int_or_none, validate_choice=False, **kwargs)


class PlanForm(BaseForm):
    version = HiddenField()
    kind = SelectField("Loại kế hoạch", choices=choices(PLAN_KINDS.items()), default="annual")
    title = TextAreaField("Tên kế hoạch (trích yếu)", [required("Vui lòng nhập tên kế hoạch."), max_length(500)],
                          filters=[strip], render_kw={"rows": 2},
                          description="Ví dụ: Cải cách hành chính ngành Công Thương năm 2026.")
    number = StringField("Số ký hiệu", [max_length(60)], filters=[strip],
                         description="Ví dụ: 639/KH-SCT. Có thể để trống khi còn là dự thảo.")
    issued_on = VNDateField("Ngày ban hành")
    year = NumberText("Năm", kind=YEAR)
    start_year = NumberText("Từ năm", kind=YEAR)
    end_year = NumberText("Đến năm", kind=YEAR)
    basis = TextAreaField("Căn cứ", [max_length(4000)], filters=[strip], render_kw={"rows": 3},
                          description="Mỗi dòng một văn bản, ví dụ: Kế hoạch số 228/KH-UBND ngày 25/12/2025 của UBND tỉnh.")
    parent_id = optional_select("Thực hiện chương trình")

    def to_data(self) -> PlanData:
        return PlanData(
            kind=self.kind.data, title=self.title.data or "", number=self.number.data or "",
            issued_on=self.issued_on.data, year=self.year.data, start_year=self.start_year.data,
            end_year=self.end_year.data, basis=self.basis.data or "", parent_id=self.parent_id.data,
        )


class NewPlanForm(PlanForm):
    standard_areas = MultiCheckboxField(
        "Các nội dung CCHC chuẩn", coerce=int, choices=choices(STANDARD_AREAS.items()),
        default=list(STANDARD_AREAS),
    )
    extra_areas = MultiCheckboxField("Nội dung khác thường dùng",
                                     choices=choices((name, name) for name in COMMON_EXTRA_AREAS))


class IssueForm(BaseForm):
    number = StringField("Số ký hiệu", [max_length(60)], filters=[strip])
    issued_on = VNDateField("Ngày ban hành")


class AreaForm(BaseForm):
    version = HiddenField()
    name = StringField("Tên nội dung", [required("Vui lòng nhập tên nội dung."), max_length(300)], filters=[strip])
    focal_unit_id = optional_select("Đơn vị đầu mối")


class TargetForm(BaseForm):
    version = HiddenField()
    text = TextAreaField("Nội dung mục tiêu, chỉ tiêu",
                         [required("Vui lòng nhập nội dung chỉ tiêu."), max_length(2000)],
                         filters=[strip], render_kw={"rows": 2})
    metric_kind = SelectField("Loại chỉ số", choices=choices([("", "— Không đo lường —"), *METRIC_KINDS.items()]))
    comparator = SelectField("So sánh", choices=choices([("", "—"), *COMPARATORS.items()]))
    target_value = NumberText("Giá trị chỉ tiêu", kind=lambda form: kind_of_metric(form.metric_kind.data))
    unit_of_measure = StringField("Đơn vị tính", [max_length(50)], filters=[strip],
                                  description="Ví dụ: %, phút, hồ sơ, văn bản.")
    baseline = NumberText("Giá trị cơ sở", kind=lambda form: kind_of_metric(form.metric_kind.data))
    responsible_unit_id = optional_select("Đơn vị chịu trách nhiệm")

    def to_data(self) -> TargetData:
        return TargetData(
            text=self.text.data or "", metric_kind=self.metric_kind.data or None,
            comparator=self.comparator.data or None, target_value=self.target_value.data,
            unit_of_measure=self.unit_of_measure.data or "", baseline=self.baseline.data,
            responsible_unit_id=self.responsible_unit_id.data,
        )


class TaskForm(BaseForm):
    version = HiddenField()
    code = StringField("Mã", [max_length(20)], filters=[strip], description="Để trống để tự đánh số.")
    title = TextAreaField("Tên nhiệm vụ", [required("Vui lòng nhập tên nhiệm vụ."), max_length(2000)],
                          filters=[strip], render_kw={"rows": 3})
    detail = TextAreaField("Nội dung chi tiết", [max_length(10000)], filters=[strip], render_kw={"rows": 2})
    items = TextAreaField("Các nội dung cụ thể", [max_length(10000)], filters=[strip], render_kw={"rows": 2},
                          description="Mỗi dòng một nội dung (các dòng “+” trong văn bản).")
    area_id = optional_select("Thuộc nội dung")
    lead_unit_id = optional_select("Đơn vị chủ trì")
    cooperating_unit_ids = MultiCheckboxField("Đơn vị phối hợp", coerce=parse_id)
    deadline = VNDateField("Thời hạn")
    recurring = BooleanField("Thường xuyên (không có thời hạn cụ thể)")
    output = TextAreaField("Sản phẩm", [max_length(1000)], filters=[strip], render_kw={"rows": 1},
                           description="Ví dụ: Kế hoạch, Quyết định, Báo cáo.")
    target_ids = MultiCheckboxField("Chỉ tiêu liên quan", coerce=parse_id)
    # not sent (an older form): a new task's group is suggested from its title, a task's own is kept
    topic = SelectField("Nhóm việc (mục I của báo cáo)", validate_choice=False, default=SUGGESTED,
                        description="Nhiệm vụ thuộc một nhóm được báo cáo ở mục I (Công tác chỉ đạo, điều hành); "
                                    "không thuộc nhóm nào thì báo cáo theo nội dung của nó ở mục II.")

    def set_topic_choices(self, new: bool) -> None:
        """The groups to choose from; a new task may leave it to the suggestion from its title."""
        options = [("", NO_TOPIC_LABEL), *((key, labels[0]) for key, labels in TOPICS.items())]
        self.topic.choices = choices([(SUGGESTED, "Gợi ý theo tên nhiệm vụ")] * new + options)

    def to_data(self) -> TaskData:
        return TaskData(
            code=self.code.data or "", title=self.title.data or "", detail=self.detail.data or "",
            items=(self.items.data or "").splitlines(), lead_unit_id=self.lead_unit_id.data,
            cooperating_unit_ids=list(self.cooperating_unit_ids.data or []), deadline=self.deadline.data,
            recurring=bool(self.recurring.data), output=self.output.data or "",
            target_ids=list(self.target_ids.data or []), area_id=self.area_id.data,
            topic=self.topic.data or None,
        )
