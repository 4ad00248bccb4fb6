"""The index's forms (typed, with Vietnamese messages)."""
from wtforms import HiddenField, StringField, TextAreaField

from ..forms import BaseForm, NumberText, max_length, strip
from .rounds import NOTE_MAX


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
