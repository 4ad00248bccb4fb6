"""The report as exported, composed from the outline, the period's draft and the wording: the
exports (docx.py, xlsx.py), the draft page and the CLI all read a ``Report`` built here, so they
show the same thing. Reads only.

Each section's text is the draft's (its hand edits included) or, for a section the draft does
not have yet, generated now (wording.py); the annex's task table lists every task in scope with
its approved result.
"""
from dataclasses import dataclass
from datetime import date, datetime

from ..formatting import local_today, to_local
from ..plans.models import Plan
from ..progress.models import ReportingPeriod
from .models import ReportDraft, ReportFigures
from .queries import figures_of, find_draft, load_stats, numbered_outline, wording_for
from .stats import DONE_BUCKETS, MISSING, PeriodStats, without_result
from .wording import ReportSettings, closing_line, generate, one_line, report_title, signed_settings


@dataclass
class SectionText:
    key: str
    title: str
    kind: str
    number: str  # "I", "II"… or "" for the opening and the annex
    text: str
    generated_text: str
    edited: bool = False

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclass
class Report:
    period: ReportingPeriod
    plan: Plan | None
    stats: PeriodStats
    settings: ReportSettings
    sections: list[SectionText]
    figures: ReportFigures | None
    number: str = ""
    report_date: date | None = None
    closing: str = ""  # "Trên đây là báo cáo …/." before the signature

    @property
    def title(self) -> str:
        return report_title(self.period)

    @property
    def date(self) -> date:
        return self.report_date or local_today()

    @property
    def number_line(self) -> str:
        """"Số:      /BC-SCT" (blank until the document system numbers it) or "Số: 12/BC-SCT"."""
        number = (self.number or "").strip()
        if not number:
            return f"Số:      {self.settings.number_suffix}"
        return f"Số: {number}" if "/" in number else f"Số: {number}{self.settings.number_suffix}"

    @property
    def annex(self) -> SectionText | None:
        return next((s for s in self.sections if s.kind == "annex"), None)

    @property
    def body_sections(self) -> list[SectionText]:
        return [s for s in self.sections if s.kind != "annex"]


def draft_section(draft: ReportDraft, key: str) -> SectionText | None:
    """One section of a stored draft as the report shows it (no figures needed)."""
    for item, number in numbered_outline(draft.plan_id):
        stored = draft.section(key)
        if item.key == key and stored is not None:
            return SectionText(key=key, title=item.title, kind=item.kind, number=number, text=stored.text,
                               generated_text=stored.generated_text, edited=stored.edited)
    return None


def build_report(period: ReportingPeriod, plan: Plan | None, settings: ReportSettings,
                 stats: PeriodStats | None = None) -> Report:
    """The report as exported: the outline in order; each section's text from the period's draft
    (its hand edits included) or, for a section the draft does not have yet, generated now."""
    plan_id = plan.id if plan is not None else None
    stats = stats or load_stats(period, plan_id)
    draft = find_draft(period.id, plan_id)
    say = wording_for(plan_id)
    sections = []
    for item, number in numbered_outline(plan_id):
        stored = draft.section(item.key) if draft is not None else None
        generated = stored.generated_text if stored is not None else generate(item.kind, stats, settings, say)
        sections.append(SectionText(key=item.key, title=item.title, kind=item.kind, number=number,
                                    text=stored.text if stored is not None else generated,
                                    generated_text=generated, edited=bool(stored and stored.edited)))
    figures = figures_of(period)
    if draft is not None:
        settings = signed_settings(settings, draft.signer, draft.recipients)
    return Report(period=period, plan=plan, stats=stats, settings=settings, sections=sections, figures=figures,
                  number=draft.number if draft else "", report_date=draft.report_date if draft else None,
                  closing=closing_line(stats, settings, say))


# -- the task table of the annex ---------------------------------------------------------------

@dataclass
class AnnexRow:
    number: int
    plan: str  # the plan's reference: "Chương trình số 5720/CTr-SCT ngày 18/10/2021"
    plan_number: str  # "5720/CTr-SCT"
    area: str
    code: str
    title: str
    lead: str
    cooperating: str
    deadline: date | None
    deadline_text: str
    status: str
    percent: int | None
    result: str
    evidence: str
    overdue: bool


def annex_rows(stats: PeriodStats) -> list[AnnexRow]:
    """Every task in scope with its approved result (nothing from drafts or submissions)."""
    rows = []
    for n, row in enumerate(stats.rows, start=1):
        task, entry = row.task, row.entry
        done = row.bucket in DONE_BUCKETS
        percent = 100 if done else (entry.percent_done if entry is not None else None)
        evidence = "\n".join(e.citation for e in entry.live_evidence if e.citation) if entry is not None else ""
        rows.append(AnnexRow(
            number=n, plan=task.plan.reference, plan_number=task.plan.number or task.plan.title, area=task.area.name, code=task.code, title=task.title.strip(), lead=task.lead_unit.name,
            cooperating=", ".join(u.name for u in task.cooperating_units),
            deadline=None if task.recurring else task.deadline, deadline_text=task.deadline_text,
            status=row.reported_status, percent=percent,
            result=one_line(entry.result) if entry is not None else "", evidence=evidence, overdue=row.overdue,
        ))
    return rows


# -- the tasks without an approved result (the Office's follow-up sheet) -------------------------

@dataclass
class PendingRow:
    number: int
    area: str
    code: str
    title: str
    lead: str
    deadline: date | None
    deadline_text: str
    state: str  # where the lead unit's report stands: chưa báo cáo, đang soạn, chờ duyệt, bị trả lại…
    updated_at: datetime | None  # local time of the last save of the period's entry; None without one
    plan_number: str  # "639/KH-SCT": codes repeat across plans


def pending_rows(stats: PeriodStats) -> list[PendingRow]:
    """The tasks without an approved result (stats.without_result), with where their report stands."""
    rows = []
    for n, row in enumerate(without_result(stats.rows), start=1):
        task, current = row.task, row.current
        saved = current is not None and row.state != MISSING
        rows.append(PendingRow(
            number=n, area=task.area.name, code=task.code, title=task.title.strip(), lead=task.lead_unit.name,
            deadline=None if task.recurring else task.deadline, deadline_text=task.deadline_text,
            state=row.state_label + (" (quá hạn)" if row.overdue else ""),
            updated_at=to_local(current.updated_at).replace(tzinfo=None, second=0, microsecond=0) if saved else None,
            plan_number=task.plan.number or task.plan.title,
        ))
    return rows
