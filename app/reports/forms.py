"""Forms of the report: the outline's sections, a section's text, the draft's number and date,
the typed-in figures and the acceptance of a mismatch."""
from wtforms import HiddenField, SelectField, StringField, TextAreaField

from ..forms import BaseForm, NumberText, VNDateField, choices, drop_nul, max_length, required, strip
from ..numbers import COUNT
from .models import SECTION_KINDS, ReportFigures
from .phrases import PHRASE_LIMIT, PHRASES
from .services import SECTION_TEXT_LIMIT, TITLE_LIMIT


class SectionForm(BaseForm):
    """A section of the outline (the template's version guards concurrent edits)."""

    version = HiddenField()
    title = StringField("Tên mục", [required("Vui lòng nhập tên mục."), max_length(TITLE_LIMIT)], filters=[strip])
    kind = SelectField("Nội dung của mục", choices=choices(SECTION_KINDS.items()), default="free")


class VersionForm(BaseForm):
    version = HiddenField()


class SectionTextForm(BaseForm):
    version = HiddenField()
    text = TextAreaField("Nội dung", [max_length(SECTION_TEXT_LIMIT)], filters=[drop_nul])


class DraftDetailsForm(BaseForm):
    version = HiddenField()
    number = StringField("Số báo cáo", [max_length(60)], filters=[strip],
                         description="Để trống: số do hệ thống quản lý văn bản cấp khi ký (in “Số:      /BC-SCT”).")
    report_date = VNDateField("Ngày báo cáo", description="Để trống: ngày xuất báo cáo.")
    # The choices are the active users with the leadership role (set by the route); the service checks.
    signer = SelectField("Người ký", choices=[], validate_choice=False,
                         description="Lãnh đạo Sở ký báo cáo: Giám đốc ký “GIÁM ĐỐC”, Phó Giám đốc ký "
                                     "“KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC”.")
    recipients = TextAreaField("Nơi nhận", [max_length(2000)], filters=[strip], render_kw={"rows": 5},
                               description="Mỗi dòng một nơi nhận, theo thứ tự in; dòng cuối thường là "
                                           "“Lưu: VT, VP”. Để trống: danh sách mặc định.")


class FiguresForm(BaseForm):
    version = HiddenField()
    tthc_received = NumberText(ReportFigures.FIELDS["tthc_received"], kind=COUNT)
    tthc_on_time = NumberText(ReportFigures.FIELDS["tthc_on_time"], kind=COUNT)
    tthc_late = NumberText(ReportFigures.FIELDS["tthc_late"], kind=COUNT)
    tthc_in_progress = NumberText(ReportFigures.FIELDS["tthc_in_progress"], kind=COUNT)
    tthc_online = NumberText(ReportFigures.FIELDS["tthc_online"], kind=COUNT)
    source = TextAreaField("Nguồn số liệu", [max_length(500)], filters=[strip], render_kw={"rows": 2},
                           description="Ví dụ: Hệ thống thông tin giải quyết TTHC tỉnh, số liệu đến 14/03/2026.")

    def values(self) -> dict:
        return {key: getattr(self, key).data for key in ReportFigures.FIELDS}


class AcceptForm(BaseForm):
    reason = TextAreaField("Lý do chấp nhận chênh lệch", [required("Vui lòng nêu lý do."), max_length(2000)],
                           filters=[strip], render_kw={"rows": 2})


def _placeholders(fields: dict) -> str:
    if not fields:
        return "Câu này không có chỗ trống."
    return "Chỗ trống: " + "; ".join(f"{{{name}}} {what}" for name, what in fields.items()) + "."


# The outline's wording: one box per phrase, its placeholders documented under it (phrases.py).
PhrasesForm = type("PhrasesForm", (BaseForm,), {
    "__doc__": "The wording of the generated sentences (the outline's phrases).",
    "version": HiddenField(),
    **{key: TextAreaField(phrase.label, [max_length(PHRASE_LIMIT)], filters=[drop_nul], render_kw={"rows": 2},
                          description=_placeholders(phrase.fields))
       for key, phrase in PHRASES.items()},
})
