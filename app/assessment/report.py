"""The self-assessment report (báo cáo kết quả tự đánh giá, chấm điểm Chỉ số CCHC) as a Word document.

The same layout as the periodic report (Nghị định 30/2020/NĐ-CP, written by app/reports/docx.py: its
document setup, header block, title, signer and recipients are reused, not copied): "BÁO CÁO / Kết quả tự
đánh giá, chấm điểm Chỉ số CCHC năm YYYY"; the opening; I. the results: the totals and the score table by
lĩnh vực (each lĩnh vực with its tiêu chí: maximum, self-score and, once there are, the appraisal rounds'
scores), bonus, penalty and total, then the documents cited as each criterion's evidence (those confirmed
for it and those its confirmed tasks bring, said "qua nhiệm vụ …": pack.criterion_documents, as the evidence
pack holds them); II. the explanations (giải trình) per criterion; III. difficulties and IV.
proposals, as the Office wrote them (IndexYear.report_difficulties / report_proposals); the closing line and
the signature, by the leader who signs the department's reports of the year (the signer the Office chose on
the latest periodic report's draft: reports.queries.year_signer; the configuration's when none is chosen).

Every figure comes from scoring.roll_up over the rounds' scores (queries.round_scores): the one computation
the screens also show.
"""
from dataclasses import dataclass, field
from datetime import date

from .. import audit
from ..errors import DomainError, EditConflict
from ..extensions import db
from ..formatting import local_today, vn_number
from ..progress.models import ReportingPeriod
from ..reports.queries import year_signer
from ..reports.wording import ReportSettings, signed_settings
from .models import BONUS, NORMAL, PENALTY, SCALE, IndexYear
from .pack import citation, criterion_documents
from .queries import criteria_of, leaves, round_scores, scores_of
from .scoring import RollUp, format_score, roll_up

ROUND_LABELS = {"self": "Tự chấm", "appraisal1": "Thẩm định vòng 1", "appraisal2": "Thẩm định vòng 2"}
NOTHING_TO_EXPLAIN = "Không có tiêu chí nào cần giải trình."
NOT_ENTERED = "Không có."
REPORT_TEXT_LIMIT = 5000


@dataclass
class ScoreRow:
    code: str
    title: str
    max_score: float | None
    points: list[float | None]  # one per round shown
    heading: bool = False  # a lĩnh vực, or a total: bold


@dataclass
class Explanation:
    code: str
    title: str
    max_score: float
    self_score: float | None
    self_note: str
    explanation: str  # the department's answer in the explanation round


@dataclass
class IndexReport:
    """What the .docx says, composed once (compose_report) from the year's framework and scores."""
    index_year: IndexYear
    settings: ReportSettings
    rounds: list[str]  # "self", then the appraisal rounds that have scores
    roll_ups: dict[str, RollUp]
    rows: list[ScoreRow] = field(default_factory=list)
    explanations: list[Explanation] = field(default_factory=list)
    documents: list[tuple[str, list[str]]] = field(default_factory=list)  # (leaf code, its documents cited)
    report_date: date | None = None

    @property
    def title(self) -> str:
        return f"Kết quả tự đánh giá, chấm điểm Chỉ số CCHC năm {self.index_year.year}"

    @property
    def date(self) -> date:
        return self.report_date or local_today()

    @property
    def number_line(self) -> str:
        return f"Số:      {self.settings.number_suffix}"  # numbered by the document system when issued

    @property
    def filename(self) -> str:
        return f"Báo cáo tự đánh giá Chỉ số CCHC năm {self.index_year.year}.docx"


def save_report_text(actor, index_year: IndexYear, difficulties: str, proposals: str,
                     expected_version: int | None = None) -> IndexYear:
    """The report's difficulties and proposals, as the Office writes them (audited)."""
    EditConflict.check(index_year, expected_version, "Nội dung báo cáo của năm này")
    difficulties, proposals = (difficulties or "").strip(), (proposals or "").strip()
    fields = {name: f"Tối đa {vn_number(REPORT_TEXT_LIMIT)} ký tự." for name, text in
              (("difficulties", difficulties), ("proposals", proposals)) if len(text) > REPORT_TEXT_LIMIT}
    if fields:
        raise DomainError(fields=fields)
    before = {"report_difficulties": index_year.report_difficulties, "report_proposals": index_year.report_proposals}
    index_year.report_difficulties, index_year.report_proposals = difficulties, proposals
    db.session.flush()
    audit.record(actor, "update", index_year, before,
                 {"report_difficulties": difficulties, "report_proposals": proposals})
    return index_year


def signed_for(index_year: IndexYear, settings: ReportSettings) -> tuple[ReportSettings, ReportingPeriod | None]:
    """The settings the report is signed with: those of the year's periodic reports (their signer, chosen by
    the Office on a draft, through the same signed_settings), with the period whose draft named them; the
    configuration's and None when no draft of the year names a signer."""
    signed = year_signer(index_year.year)
    if signed is None:
        return settings, None
    signer, period = signed
    return signed_settings(settings, signer, ""), period


def compose_report(index_year: IndexYear, settings: ReportSettings, on: date | None = None) -> IndexReport:
    settings, _period = signed_for(index_year, settings)
    criteria = criteria_of(index_year)
    scores = scores_of(index_year)
    points = {round_: round_scores(index_year, round_, scores) for round_ in ROUND_LABELS}
    rounds = ["self"] + [r for r in ("appraisal1", "appraisal2") if any(v is not None for v in points[r].values())]
    roll_ups = {round_: roll_up(criteria, points[round_]) for round_ in rounds}
    report = IndexReport(index_year=index_year, settings=settings, rounds=rounds, roll_ups=roll_ups,
                         report_date=on)

    def row(criterion, heading=False) -> ScoreRow:
        return ScoreRow(criterion.code, criterion.title, criterion.max_score,
                        [roll_ups[r].subtotals.get(criterion.id) for r in rounds], heading)

    children: dict[int | None, list] = {}
    for criterion in criteria:
        children.setdefault(criterion.parent_id, []).append(criterion)
    for kind in (NORMAL, BONUS, PENALTY):
        for area in (c for c in children.get(None, []) if (c.kind if c.kind in (BONUS, PENALTY) else NORMAL) == kind):
            report.rows.append(row(area, heading=True))
            report.rows.extend(row(c) for c in children.get(area.id, []))  # its tiêu chí (or lines)
        if kind == NORMAL:
            report.rows.append(ScoreRow("", "Điểm các lĩnh vực", SCALE, [roll_ups[r].base for r in rounds], True))
    report.rows.append(ScoreRow("", "Tổng điểm", SCALE, [roll_ups[r].total for r in rounds], True))

    for row, via in criterion_documents(index_year):
        cited = citation(row.number, row.issued_on, row.issuer) or row.original_name or f"Tài liệu #{row.id}"
        cited += f" (qua nhiệm vụ {via})" if via else ""
        if report.documents and report.documents[-1][0] == row.code:
            report.documents[-1][1].append(cited)
        else:
            report.documents.append((row.code, [cited]))
    for leaf in leaves(criteria):
        score = scores.get(leaf.id)
        if score is not None and (score.self_note.strip() or score.explanation.strip()):
            report.explanations.append(Explanation(leaf.code, leaf.title, leaf.max_score, score.self_score,
                                                   score.self_note.strip(), score.explanation.strip()))
    return report


def points_phrase(value: float) -> str:
    return f"{format_score(value)} điểm"


def totals_text(report: IndexReport) -> str:
    """The results in words, round by round."""
    lines = []
    for round_ in report.rounds:
        roll = report.roll_ups[round_]
        label = "Tổng điểm tự đánh giá" if round_ == "self" else f"Tổng điểm sau {ROUND_LABELS[round_].lower()}"
        lines.append(f"{label}: {format_score(roll.total)}/{format_score(SCALE)} điểm, gồm: điểm các lĩnh vực "
                     f"{points_phrase(roll.base)}; điểm thưởng {points_phrase(roll.bonus)}; "
                     f"điểm trừ {points_phrase(roll.penalty)}.")
    self_roll = report.roll_ups["self"]
    if self_roll.scored < self_roll.leaves:
        lines.append(f"Đã tự chấm {self_roll.scored}/{self_roll.leaves} tiêu chí; còn "
                     f"{self_roll.leaves - self_roll.scored} tiêu chí chưa chấm điểm (tính 0 điểm).")
    lines.append("Kết quả chi tiết theo từng lĩnh vực, tiêu chí như bảng dưới đây:")
    return "\n".join(lines)


def documents_text(report: IndexReport) -> str:
    """The documents cited as evidence, a line per criterion: "1.1.1: 125/QĐ-SCT ngày 12/03/2026 …; …"."""
    if not report.documents:
        return "Tài liệu kiểm chứng: chưa có tài liệu được xác nhận cho tiêu chí nào."
    return "\n".join(["Tài liệu kiểm chứng của các tiêu chí:",
                      *(f"{code}: {'; '.join(cited)}." for code, cited in report.documents)])


def explanations_text(report: IndexReport) -> str:
    if not report.explanations:
        return NOTHING_TO_EXPLAIN
    lines = []
    for item in report.explanations:
        scored = "chưa chấm" if item.self_score is None else \
            f"tự chấm {format_score(item.self_score)}/{format_score(item.max_score)} điểm"
        lines.append(f"{item.code}. {item.title} ({scored})")
        if item.self_note:
            lines.append(f"Giải trình: {item.self_note}")
        if item.explanation:
            lines.append(f"Giải trình theo ý kiến thẩm định: {item.explanation}")
    return "\n".join(lines)


def table_rows(report: IndexReport) -> list[list[str]]:
    return [[row.code, row.title, format_score(row.max_score), *(format_score(p) for p in row.points)]
            for row in report.rows]


def build_report_docx(report: IndexReport) -> bytes:
    from ..reports.docx import (  # noqa: PLC0415  (python-docx loads only when a report is exported)
        body_text,
        grid_table,
        heading,
        saved,
        signature,
        start_document,
    )

    year = report.index_year
    org = report.settings.org_name
    doc, paragraphs = start_document(report)
    # an example framework (the demo's) is no decision to cite
    source = f"Căn cứ {year.source.strip()}, " if year.source.strip() and not year.is_example else ""
    body_text(paragraphs, f"{source}{org} đã tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm {year.year} "
                          f"và báo cáo kết quả như sau:")
    heading(paragraphs, "I. Kết quả tự đánh giá, chấm điểm")
    body_text(paragraphs, totals_text(report))
    widths = [1.4, 0.0, 1.8] + [2.0] * len(report.rounds)
    widths[1] = 16.5 - sum(widths)
    header = ["Mã", "Lĩnh vực, tiêu chí", "Điểm tối đa", *(ROUND_LABELS[r] for r in report.rounds)]
    bold = {i for i, row in enumerate(report.rows) if row.heading}
    grid_table(doc, widths, header, table_rows(report), bold_rows=bold,
               centred_columns=range(2, 3 + len(report.rounds)))
    body_text(paragraphs, documents_text(report))
    heading(paragraphs, "II. Giải trình các tiêu chí")
    body_text(paragraphs, explanations_text(report))
    heading(paragraphs, "III. Khó khăn, vướng mắc")
    body_text(paragraphs, year.report_difficulties.strip() or NOT_ENTERED)
    heading(paragraphs, "IV. Đề xuất, kiến nghị")
    body_text(paragraphs, year.report_proposals.strip() or NOT_ENTERED)
    body_text(paragraphs, f"Trên đây là báo cáo kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính năm "
                          f"{year.year} của {org}./.")
    signature(doc, report)
    return saved(doc, report)
