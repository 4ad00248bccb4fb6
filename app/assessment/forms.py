"""The index's forms (typed, with Vietnamese messages): a new year, a year's details and deadlines, a
criterion, the framework's .xlsx upload (``to_data()`` gives what the services take); a round's score, a
document tagged with a criterion code."""
from wtforms import BooleanField, FileField, HiddenField, SelectField, StringField, TextAreaField

from ..forms import BaseForm, NumberText, VNDateField, choices, coerce_int_or_none, max_length, required, strip
from ..numbers import YEAR
from ..plans.models import STANDARD_AREAS
from .framework import CODE_MAX, TEXT_MAX, TITLE_MAX, CriterionData, YearData
from .models import KINDS
from .rounds import NOTE_MAX


class YearForm(BaseForm):
    """A year's details and deadlines (the new year's form adds the year)."""
    version = HiddenField()
    title = StringField("Tên bộ tiêu chí", [max_length(300)], filters=[strip],
                        description="Ví dụ: Bộ chỉ số CCHC của các sở, ban, ngành năm 2026.")
    source = StringField("Văn bản ban hành", [max_length(500)], filters=[strip],
                         description="Ví dụ: Quyết định số …/QĐ-UBND ngày … của UBND tỉnh.")
    self_deadline = VNDateField("Hạn tự chấm điểm")
    appraisal1_deadline = VNDateField("Hạn thẩm định vòng 1")
    explanation_deadline = VNDateField("Hạn giải trình")
    appraisal2_deadline = VNDateField("Hạn thẩm định vòng 2")

    def to_data(self) -> YearData:
        return YearData(**{name: getattr(self, name).data for name in YearData.__dataclass_fields__})


class NewYearForm(BaseForm):
    year = NumberText("Năm", [required("Vui lòng nhập năm.")], kind=YEAR)
    title = StringField("Tên bộ tiêu chí", [max_length(300)], filters=[strip])
    source = StringField("Văn bản ban hành", [max_length(500)], filters=[strip])

    def to_data(self) -> YearData:
        return YearData(title=self.title.data or "", source=self.source.data or "")


class CriterionForm(BaseForm):
    version = HiddenField()
    code = StringField("Mã", [required("Vui lòng nhập mã tiêu chí."), max_length(CODE_MAX)], filters=[strip],
                       description="Như trong quyết định, ví dụ 1.2.3.")
    title = TextAreaField("Nội dung", [required("Vui lòng nhập nội dung tiêu chí."), max_length(TITLE_MAX)],
                          filters=[strip], render_kw={"rows": 2})
    kind = SelectField("Loại", choices=choices(KINDS.items()), default="normal", validate_choice=False,
                       description="Chỉ chọn với lĩnh vực: các dòng bên trong có cùng loại.")
    max_score = NumberText("Điểm tối đa", [required("Vui lòng nhập điểm tối đa.")])
    allows_half = BooleanField("Cho phép chấm điểm lẻ 0,5")
    rule = TextAreaField("Cách chấm điểm", [max_length(TEXT_MAX)], filters=[strip], render_kw={"rows": 2},
                         description="Ví dụ: Ban hành đúng hạn: 1 điểm; ban hành chậm: 0,5 điểm; không ban hành: 0 điểm.")
    evidence_asked = TextAreaField("Tài liệu kiểm chứng yêu cầu", [max_length(TEXT_MAX)], filters=[strip],
                                   render_kw={"rows": 2})
    keywords = StringField("Từ khóa gợi ý", [max_length(TEXT_MAX)], filters=[strip],
                           description="Các từ cách nhau bởi dấu phẩy, để gợi ý tài liệu kiểm chứng theo trích yếu.")
    standard_area = SelectField("Lĩnh vực CCHC tương ứng", coerce=coerce_int_or_none, validate_choice=False,
                                choices=choices([("", "— Không tương ứng —"), *STANDARD_AREAS.items()]))
    unit_id = SelectField("Đơn vị được giao", coerce=coerce_int_or_none, validate_choice=False)
    parent_code = SelectField("Thuộc", validate_choice=False,
                              description="Chọn dòng khác để chuyển tiêu chí (cùng các dòng bên trong, điểm và "
                                          "tài liệu kiểm chứng) sang đó; tiêu chí được xếp cuối.")

    def to_data(self) -> CriterionData:
        return CriterionData(code=self.code.data or "", title=self.title.data or "",
                             parent_code=self.parent_code.data or "",
                             max_score=None if self.max_score.data is None else float(self.max_score.data),
                             kind=self.kind.data or "", allows_half=bool(self.allows_half.data),
                             rule=self.rule.data or "", evidence_asked=self.evidence_asked.data or "",
                             keywords=self.keywords.data or "", standard_area=self.standard_area.data,
                             unit_id=self.unit_id.data)


class ImportForm(BaseForm):
    file = FileField("Tệp bộ tiêu chí (.xlsx)", description="Tệp theo mẫu của phần mềm (tải tệp mẫu ở trên).")


class ScoreForm(BaseForm):
    """One round's score of a leaf criterion and its note (the explanation round: the note alone).
    ``take_draft``: the Office takes the unit's proposal as the self-score."""
    version = HiddenField()
    score = NumberText("Điểm")
    note = TextAreaField("Ghi chú", [max_length(NOTE_MAX)], filters=[strip], render_kw={"rows": 2})
    take_draft = HiddenField()


class TagForm(BaseForm):
    """The Office tags a document with a criterion code."""
    code = StringField("Mã tiêu chí", [max_length(30)], filters=[strip])
