"""The forms of the import pages: upload, one preview row, the plan's metadata, the final confirmation."""
from wtforms import FileField, SelectField, SelectMultipleField, StringField, TextAreaField

from ...forms import (
    BaseForm, NumberText, VNDateField, choices, coerce_int_or_none, max_length, parse_id, strip,
)
from ...numbers import YEAR, kind_of_metric
from ..models import COMPARATORS, METRIC_KINDS, PLAN_KINDS, STANDARD_AREAS
from .preview import KINDS
from .service import LineData, MetaData


class UploadForm(BaseForm):
    document = FileField("Tệp văn bản kế hoạch",
                         description="Word (.docx, .doc), OpenDocument (.odt), PDF có lớp chữ, .txt hoặc bảng "
                                     "phụ lục Excel (.xlsx).")
    text = TextAreaField("Hoặc dán nội dung kế hoạch", filters=[strip], render_kw={"rows": 6})


class LineForm(BaseForm):
    # The service checks every choice (validate_line): a row's form only has the fields of its kind.
    kind = SelectField("Thành", choices=choices(KINDS.items()), validate_choice=False)
    text = TextAreaField("Nội dung", filters=[strip], render_kw={"rows": 2})
    standard_area = SelectField("Nội dung chuẩn", coerce=coerce_int_or_none, validate_choice=False,
                                choices=choices([("", "— Nội dung khác —"), *STANDARD_AREAS.items()]))
    focal_unit_id = SelectField("Đơn vị đầu mối", coerce=coerce_int_or_none, validate_choice=False)
    lead_unit_id = SelectField("Đơn vị chủ trì", coerce=coerce_int_or_none, validate_choice=False)
    cooperating_unit_ids = SelectMultipleField("Đơn vị phối hợp", coerce=parse_id, validate_choice=False)
    metric_kind = SelectField("Loại chỉ số", choices=choices([("", "— Không đo lường —"), *METRIC_KINDS.items()]),
                              validate_choice=False)
    comparator = SelectField("So sánh", choices=choices([("", "—"), *COMPARATORS.items()]), validate_choice=False)
    value = NumberText("Giá trị", kind=lambda form: kind_of_metric(form.metric_kind.data))
    unit_of_measure = StringField("Đơn vị tính", [max_length(50)], filters=[strip])
    deadline = VNDateField("Thời hạn", description="Để trống: thường xuyên.")
    output = StringField("Sản phẩm", [max_length(500)], filters=[strip])

    def to_data(self) -> LineData:
        return LineData(kind=self.kind.data or "", text=self.text.data or "", standard_area=self.standard_area.data,
                        focal_unit_id=self.focal_unit_id.data, lead_unit_id=self.lead_unit_id.data,
                        cooperating_unit_ids=list(self.cooperating_unit_ids.data or []) or None,
                        metric_kind=self.metric_kind.data or None, comparator=self.comparator.data or None,
                        value=self.value.data, unit_of_measure=self.unit_of_measure.data or "",
                        deadline=self.deadline.data, output=self.output.data or "")


class MetaForm(BaseForm):
    title = TextAreaField("Tên kế hoạch (trích yếu)", [max_length(500)], filters=[strip], render_kw={"rows": 2})
    kind = SelectField("Loại kế hoạch", choices=choices(PLAN_KINDS.items()))
    number = StringField("Số ký hiệu", [max_length(60)], filters=[strip])
    issued_on = VNDateField("Ngày ban hành")
    year = NumberText("Năm", kind=YEAR)
    start_year = NumberText("Từ năm", kind=YEAR)
    end_year = NumberText("Đến năm", kind=YEAR)
    basis = TextAreaField("Căn cứ (mỗi dòng một văn bản)", [max_length(4000)], filters=[strip],
                          render_kw={"rows": 3})

    def to_data(self) -> MetaData:
        return MetaData(title=self.title.data or "", kind=self.kind.data or "", number=self.number.data or "",
                        issued_on=self.issued_on.data, year=self.year.data, start_year=self.start_year.data,
                        end_year=self.end_year.data, basis=self.basis.data or "")


class CreateForm(BaseForm):
    fallback_lead_unit_id = SelectField("Đơn vị chủ trì cho nhiệm vụ chưa phân công", coerce=coerce_int_or_none,
                                        validate_choice=False)
