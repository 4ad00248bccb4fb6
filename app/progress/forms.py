"""Forms of the reporting workflow: periods, entries, contributions, decisions, evidence citations."""
from flask import request
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField

from ..forms import (
    BaseForm,
    NumberText,
    VNDateField,
    choices,
    max_length,
    required,
    strip,
)
from ..numbers import WHOLE_PERCENT, YEAR, kind_of_metric, parse_number
from .evidence import CitationData, citation_fingerprint
from .models import PERIOD_KINDS, TASK_STATUSES
from .services import TEXT_LIMIT, EntryData

LONG_TEXT = {"rows": 3}


class PeriodForm(BaseForm):
    version = HiddenField()
    kind = SelectField("Loại kỳ báo cáo", choices=choices(PERIOD_KINDS.items()), default="q1")
    year = NumberText("Năm", [required("Vui lòng nhập năm.")], kind=YEAR)
    title = TextAreaField("Tên kỳ báo cáo", [max_length(200)], filters=[strip], render_kw={"rows": 1},
                          description="Bắt buộc với kỳ đột xuất; các kỳ khác tự đặt tên nếu để trống.")
    window_start = VNDateField("Số liệu từ ngày", description="Để trống để dùng mốc theo chế độ báo cáo.")
    window_end = VNDateField("Đến ngày")
    due_on = VNDateField("Hạn đơn vị gửi báo cáo")


class PeriodEditForm(BaseForm):
    version = HiddenField()
    title = TextAreaField("Tên kỳ báo cáo", [required("Vui lòng nhập tên kỳ báo cáo."), max_length(200)],
                          filters=[strip], render_kw={"rows": 1})
    window_start = VNDateField("Số liệu từ ngày", [required("Vui lòng nhập ngày.")])
    window_end = VNDateField("Đến ngày", [required("Vui lòng nhập ngày.")])
    due_on = VNDateField("Hạn đơn vị gửi báo cáo")


class ReasonForm(BaseForm):
    reason = TextAreaField("Lý do", [required("Vui lòng nêu lý do."), max_length(2000)], filters=[strip],
                           render_kw={"rows": 2})


class EntryForm(BaseForm):
    typed = False  # True when the form holds what was typed (a refused save), not what is stored
    version = HiddenField()
    task_status = RadioField("Tình hình thực hiện", choices=choices(TASK_STATUSES.items()),
                             validators=[required("Hãy chọn tình hình thực hiện.")])
    percent_done = NumberText("Tỷ lệ hoàn thành (%)", kind=WHOLE_PERCENT)
    completed_on = VNDateField("Ngày hoàn thành")
    result = TextAreaField("Kết quả thực hiện", [max_length(TEXT_LIMIT)], filters=[strip], render_kw=LONG_TEXT)
    difficulties = TextAreaField("Khó khăn, vướng mắc", [max_length(TEXT_LIMIT)], filters=[strip],
                                 render_kw=LONG_TEXT)
    proposals = TextAreaField("Đề xuất, kiến nghị", [max_length(TEXT_LIMIT)], filters=[strip], render_kw=LONG_TEXT)
    explanation = TextAreaField(
        "Giải trình", [max_length(TEXT_LIMIT)], filters=[strip], render_kw={"rows": 2},
        description="Bắt buộc khi báo cáo hoàn thành mà không có tài liệu kiểm chứng.")

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        self.target_errors: dict[int, str] = {}
        self.target_input: dict[int, str] = {}

    def read_targets(self) -> dict[int, tuple[float | None, str]]:
        """The value typed for each linked target (``target-<id>``): a number of the target's kind for a
        measured target (app/numbers.py), a text otherwise. Errors go to ``target_errors``."""
        values = {}
        for target in self.targets:
            raw = (request.form.get(f"target-{target.id}") or "").replace("\x00", "").strip()
            self.target_input[target.id] = raw
            if not target.measurable:
                values[target.id] = (None, raw[:500])
                continue
            try:
                values[target.id] = (parse_number(raw, kind_of_metric(target.metric_kind)), "")
            except ValueError as exc:
                self.target_errors[target.id] = str(exc)
        return values

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        self._targets = self.read_targets()
        return ok and not self.target_errors

    def to_data(self) -> EntryData:
        return EntryData(
            task_status=self.task_status.data or "", percent_done=self.percent_done.data,
            completed_on=self.completed_on.data, result=self.result.data or "",
            difficulties=self.difficulties.data or "", proposals=self.proposals.data or "",
            explanation=self.explanation.data or "", targets=getattr(self, "_targets", {}),
        )


class ContributionForm(BaseForm):
    typed = False
    version = HiddenField()
    text = TextAreaField("Phần báo cáo của đơn vị phối hợp", [max_length(TEXT_LIMIT)], filters=[strip],
                         render_kw=LONG_TEXT)


class EvidenceForm(BaseForm):
    """The citation of an item of evidence, as a report cites it."""

    seen = HiddenField()  # the citation the form was opened on (refuses a save over another's change)
    number = StringField("Số ký hiệu", [max_length(100)], filters=[strip],
                         description="Ví dụ: 125/QĐ-SCT.")
    issued_on = VNDateField("Ngày ban hành")
    issuer = StringField("Cơ quan ban hành", [max_length(300)], filters=[strip],
                         description="Ví dụ: Sở Công Thương.")
    summary = TextAreaField("Trích yếu", [max_length(2000)], filters=[strip], render_kw={"rows": 2},
                            description="Ví dụ: Về việc ban hành Kế hoạch cải cách hành chính năm 2026.")

    @classmethod
    def for_evidence(cls, evidence):
        form = cls(formdata=None, obj=evidence)
        form.seen.data = citation_fingerprint(evidence)
        return form

    def to_data(self) -> CitationData:
        return CitationData(number=self.number.data or "", issued_on=self.issued_on.data,
                            issuer=self.issuer.data or "", summary=self.summary.data or "")
