"""The report's content, composed from the period's figures (app.reports.stats): reads only.

A section's text is plain text, one paragraph a line; a line "1. …" is a
heading in bold, a line "a) …" a sub-heading (Nghị định 30/2020's I. / 1. / a)
levels; the section's own "I." heading comes from the outline). The exports
(docx.py, xlsx.py), the draft page and the CLI all read a ``Report`` built
here, so they show the same thing.
"""
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy import inspect, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..formatting import local_today, vn_date, vn_number
from ..org.models import Unit
from ..plans.models import Plan, task_cooperating_units
from ..progress.models import EntryContribution, Evidence, ProgressEntry, ReportingPeriod
from ..search import fold
from .models import DEFAULT_OUTLINE, UNNUMBERED_KINDS, ReportDraft, ReportFigures, ReportTemplate, roman
from .stats import BUCKETS, DONE_LATE, DONE_ON_TIME, UNREPORTED, PeriodStats, TaskRow, digest, period_stats

# How many unfinished tasks section IV names before pointing to the annex.
NEXT_STEPS_LISTED = 20
OVERDUE_LISTED = 10

_PERIOD_PHRASES = {"q1": "quý I năm {}", "h1": "6 tháng đầu năm {}", "q3": "quý III năm {}",
                   "m9": "9 tháng năm {}", "year": "năm {}"}


@dataclass
class ReportSettings:
    """Who issues and signs the report (app.config: PROVINCE, ORG_NAME, PLACE, SIGNER_*, REPORT_*)."""

    province: str = "UBND TỈNH ĐỒNG NAI"
    org_name: str = "Sở Công Thương"
    place: str = "Đồng Nai"
    signer_title_prefix: str = "KT. GIÁM ĐỐC"
    signer_title: str = "PHÓ GIÁM ĐỐC"
    signer_name: str = ""
    recipients: list[str] = field(default_factory=lambda: ["Sở Nội vụ", "Lưu: VT, VP"])
    number_suffix: str = "/BC-SCT"

    @classmethod
    def from_config(cls, config) -> "ReportSettings":
        return cls(province=config["PROVINCE"], org_name=config["ORG_NAME"], place=config["PLACE"],
                   signer_title_prefix=config["SIGNER_TITLE_PREFIX"], signer_title=config["SIGNER_TITLE"],
                   signer_name=config["SIGNER_NAME"], recipients=list(config["REPORT_RECIPIENTS"]),
                   number_suffix=config["REPORT_NUMBER_SUFFIX"])


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


def period_phrase(period: ReportingPeriod) -> str:
    """"quý I năm 2026", "6 tháng đầu năm 2026", "năm 2026"; an ad hoc period's own title."""
    phrase = _PERIOD_PHRASES.get(period.kind)
    if phrase:
        return phrase.format(period.year)
    title = period.title.strip()
    return title[:1].lower() + title[1:] if title else f"năm {period.year}"


def report_title(period: ReportingPeriod) -> str:
    return f"Kết quả thực hiện công tác cải cách hành chính {period_phrase(period)}"


def place_and_date(place: str, day: date) -> str:
    """"Đồng Nai, ngày 05 tháng 02 năm 2026": day < 10 and months 1–2 padded (Nghị định 30/2020)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def file_stem(period: ReportingPeriod, plan: Plan | None = None) -> str:
    """"Báo cáo CCHC quý I năm 2026" (the download's name)."""
    stem = f"Báo cáo CCHC {period_phrase(period)}"
    if plan is not None and plan.number:
        stem += f" - {plan.number}"
    return re.sub(r'[\\/:*?"<>|]+', "-", stem)


# -- the figures ----------------------------------------------------------------------------------

def _fill(entries: dict, attribute: str, ids: list[int], query, key) -> None:
    """Set ``attribute`` (a collection) of the entries ``ids`` from one query, as loaded."""
    if not ids:
        return
    found: dict[int, list] = {entry_id: [] for entry_id in ids}
    for item in db.session.scalars(query.where(key.in_(ids))):
        found[getattr(item, key.key)].append(item)
    for entry_id, items in found.items():
        set_committed_value(entries[entry_id], attribute, items)


def load_stats(period: ReportingPeriod, plan_id: int | None = None) -> PeriodStats:
    """The period's figures, with what the report reads of each task and result loaded up front
    (plans, cooperating units, evidence, contributions): four more queries whatever the size."""
    stats = period_stats(period, plan_id=plan_id)
    entries = {row.entry.id: row.entry for row in stats.rows if row.entry is not None}
    if entries:
        # this period's entries come with their evidence; results carried from earlier periods do not
        bare = [entry_id for entry_id, entry in entries.items() if "evidence" in inspect(entry).unloaded]
        _fill(entries, "evidence", bare, select(Evidence).order_by(Evidence.id), Evidence.entry_id)
        _fill(entries, "contributions", list(entries), select(EntryContribution).options(
            joinedload(EntryContribution.unit)).order_by(EntryContribution.id), EntryContribution.entry_id)
    tasks = {row.task.id: row.task for row in stats.rows}
    if tasks:
        plans = {plan.id: plan for plan in db.session.scalars(
            select(Plan).where(Plan.id.in_({task.plan_id for task in tasks.values()})))}
        units: dict[int, list] = {task_id: [] for task_id in tasks}
        for task_id, unit in db.session.execute(
                select(task_cooperating_units.c.task_id, Unit).join(Unit, Unit.id == task_cooperating_units.c.unit_id)
                .where(task_cooperating_units.c.task_id.in_(tasks)).order_by(Unit.position, Unit.id)):
            units[task_id].append(unit)
        for task_id, task in tasks.items():
            set_committed_value(task, "cooperating_units", units[task_id])
            set_committed_value(task, "plan", plans[task.plan_id])
    return stats


def plans_of(stats: PeriodStats) -> list[Plan]:
    seen: dict[int, Plan] = {}
    for row in stats.rows:
        seen.setdefault(row.task.plan_id, row.task.plan)
    return list(seen.values())


@lru_cache(maxsize=256)
def _is_direction_area(name: str) -> bool:
    folded = fold(name)
    return "chi dao" in folded and "dieu hanh" in folded


def _one_line(text: str) -> str:
    """A unit's text as one paragraph: its lines joined, bullets dropped."""
    parts = [re.sub(r"^[-+•*]\s+", "", line.strip()) for line in (text or "").splitlines()]
    return " ".join(p for p in parts if p).strip()


def _clause(text: str) -> str:
    """A unit's remark as a clause: one line, without its closing full stop."""
    return _one_line(text).rstrip(" .;")


def _sentence(text: str) -> str:
    text = text.rstrip()
    return text if not text or text[-1] in ".;:!?…" else text + "."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _plan_phrase(plan: Plan, org_name: str) -> str:
    return f"{plan.reference} của {org_name} về {_lower_first(plan.title)}"


def result_line(row: TaskRow) -> str:
    """"- Task (Lead unit): result. Phối hợp: … Tài liệu kiểm chứng: …" from the approved entry."""
    entry = row.entry
    task = row.task
    result = _one_line(entry.result) or BUCKETS[row.bucket]
    line = f"- {task.title.strip()} ({task.lead_unit.name}): {_sentence(result)}"
    if row.bucket in (DONE_ON_TIME, DONE_LATE) and entry.completed_on:
        line += f" Hoàn thành ngày {vn_date(entry.completed_on)}."
    elif entry.percent_done is not None and row.bucket not in (DONE_ON_TIME, DONE_LATE):
        line += f" Tỷ lệ hoàn thành {entry.percent_done}%."
    for contribution in entry.contributions:
        text = _one_line(contribution.text)
        if text:
            line += f" {contribution.unit.name} phối hợp: {_sentence(text)}"
    citations = [e.citation for e in entry.live_evidence if e.citation]
    if citations:
        line += " Tài liệu kiểm chứng: " + "; ".join(citations) + "."
    elif entry.explanation.strip():
        line += f" Giải trình: {_sentence(_one_line(entry.explanation))}"
    return line


def tally_sentence(tally, as_of: date) -> str:
    counts = tally.counts
    parts = [f"hoàn thành {tally.done}/{tally.total} nhiệm vụ, đạt {vn_number(tally.percent_done)}%"
             f" (đúng hạn {counts[DONE_ON_TIME]}, quá hạn {counts[DONE_LATE]})"]
    for bucket in ("in_progress", "not_started", "cannot", UNREPORTED):
        if counts[bucket]:
            parts.append(f"{BUCKETS[bucket].lower()} {counts[bucket]}")
    text = "; ".join(parts)
    if tally.overdue:
        text += f". Có {tally.overdue} nhiệm vụ quá hạn chưa hoàn thành (tính đến ngày {vn_date(as_of)})"
    return text + "."


def _targets_by_area(stats: PeriodStats) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for row in stats.targets:
        grouped.setdefault(row.target.area.name, []).append(row)
    return grouped


def target_line(row) -> str:
    target = row.target
    goal = f" (chỉ tiêu {target.goal_text})" if target.goal_text else ""
    if row.value is None and not row.text:
        return f"- {target.text.strip()}{goal}: chưa có số liệu được duyệt."
    shown = target.value_text(row.value) if row.value is not None else row.text
    verdict = "" if row.met is None else (": đạt" if row.met else ": chưa đạt")
    return f"- {target.text.strip()}{goal}: kết quả {shown}{verdict}."


# -- the sections, by kind --------------------------------------------------------------------

def _opening(stats: PeriodStats, settings: ReportSettings) -> str:
    period = stats.period
    plans = plans_of(stats)
    basis = "; ".join(_plan_phrase(p, settings.org_name) for p in plans)
    lead = f"Thực hiện {basis}, " if basis else ""
    return (f"{lead}{settings.org_name} báo cáo kết quả thực hiện công tác cải cách hành chính "
            f"{period_phrase(period)} (số liệu tính từ ngày {vn_date(period.window_start)} đến ngày "
            f"{vn_date(period.window_end)}) như sau:")


def _summary(stats: PeriodStats, settings: ReportSettings) -> str:
    lines = []
    plans = plans_of(stats)
    if plans:
        lines.append(f"{settings.org_name} đã ban hành "
                     + "; ".join(_plan_phrase(p, settings.org_name) for p in plans)
                     + " và triển khai đến các đơn vị trực thuộc, phân công đơn vị chủ trì, phối hợp và thời hạn "
                       "hoàn thành từng nhiệm vụ.")
    total = stats.total
    lines.append(f"Tính đến ngày {vn_date(stats.period.window_end)}, trong tổng số {total.total} nhiệm vụ cải cách "
                 f"hành chính, {settings.org_name} đã {tally_sentence(total, stats.period.window_end)}")
    if stats.targets_measured:
        lines.append(f"Về chỉ tiêu: {stats.targets_met}/{stats.targets_measured} chỉ tiêu có số liệu đạt kế hoạch.")
    for row in stats.rows:
        if row.entry is not None and _is_direction_area(row.task.area.name):
            lines.append(result_line(row))
    return "\n".join(lines)


def _areas(stats: PeriodStats, settings: ReportSettings) -> str:
    targets = _targets_by_area(stats)
    rows_by_area: dict[str, list[TaskRow]] = {}
    for row in stats.rows:
        rows_by_area.setdefault(row.task.area.name, []).append(row)
    lines, n = [], 0
    for name, tally in stats.by_area:
        if _is_direction_area(name):
            continue
        n += 1
        lines.append(f"{n}. {name}")
        lines.append(f"Kết quả: {tally_sentence(tally, stats.period.window_end)}")
        results = [result_line(r) for r in rows_by_area.get(name, []) if r.entry is not None]
        lines.extend(results or ["Chưa có kết quả được duyệt trong kỳ."])
        if targets.get(name):
            lines.append("Kết quả thực hiện các chỉ tiêu:")
            lines.extend(target_line(t) for t in targets[name])
    return "\n".join(lines) or "Chưa có nhiệm vụ nào trong kỳ báo cáo."


def remarks_of(stats: PeriodStats, column) -> list:
    """Every difficulty or proposal of the period's approved entries, by area, attributed (the
    dashboard's digest stops at a few hundred; the report takes them all)."""
    return digest(stats.period, stats.scope, column, limit=None)


def _due_list(rows: list[TaskRow], limit: int) -> list[str]:
    """"- Task (unit, hạn dd/mm/yyyy)." for the first ``limit`` rows, then how many more."""
    lines = [f"- {r.task.title.strip()} ({r.task.lead_unit.name}, hạn {vn_date(r.task.deadline)})." for r in rows[:limit]]
    if len(rows) > limit:
        lines.append(f"- Và {len(rows) - limit} nhiệm vụ khác (chi tiết tại Phụ lục).")
    return lines


def _assessment(stats: PeriodStats, settings: ReportSettings) -> str:
    total = stats.total
    lines = ["1. Ưu điểm",
             f"Công tác cải cách hành chính được quan tâm chỉ đạo, triển khai đồng bộ; {settings.org_name} đã "
             f"hoàn thành {total.done}/{total.total} nhiệm vụ, đạt {vn_number(total.percent_done)}%."]
    if stats.targets_measured:
        lines.append(f"Có {stats.targets_met}/{stats.targets_measured} chỉ tiêu có số liệu đạt kế hoạch.")
    lines.append("2. Tồn tại, hạn chế và nguyên nhân")
    overdue = [r for r in stats.rows if r.overdue]
    if overdue:
        lines.append(f"Còn {len(overdue)} nhiệm vụ quá hạn chưa hoàn thành:")
        lines.extend(_due_list(overdue, OVERDUE_LISTED))
    remarks = [(area, remark) for area, items in remarks_of(stats, ProgressEntry.difficulties) for remark in items]
    if remarks:
        lines.append("Khó khăn, vướng mắc các đơn vị nêu:")
        lines.extend(f"- {_clause(r.text)} ({r.unit.name}, lĩnh vực {_lower_first(area)})."
                     for area, r in remarks)
    if not overdue and not remarks:
        lines.append("Chưa ghi nhận khó khăn, vướng mắc trong kỳ.")
    return "\n".join(lines)


def _next_steps(stats: PeriodStats, settings: ReportSettings) -> str:
    open_rows = [r for r in stats.rows if r.bucket not in (DONE_ON_TIME, DONE_LATE, "cannot")]
    dated = sorted((r for r in open_rows if not r.task.recurring and r.task.deadline),
                   key=lambda r: (r.task.deadline, r.task.position))
    lines = ["Tiếp tục triển khai đồng bộ, có hiệu quả các nhiệm vụ cải cách hành chính theo kế hoạch; "
             "thực hiện thường xuyên các nhiệm vụ định kỳ."]
    if dated:
        lines.append(f"Tập trung hoàn thành {len(dated)} nhiệm vụ có thời hạn chưa hoàn thành, trong đó:")
        lines.extend(_due_list(dated, NEXT_STEPS_LISTED))
    return "\n".join(lines)


def _proposals(stats: PeriodStats, settings: ReportSettings) -> str:
    lines = [f"- {_clause(r.text)} ({r.unit.name})." for _area, items in remarks_of(stats, ProgressEntry.proposals)
             for r in items]
    return "\n".join(lines) or "Không có."


def _annex(stats: PeriodStats, settings: ReportSettings) -> str:
    return f"Kết quả thực hiện các nhiệm vụ cải cách hành chính {period_phrase(stats.period)}"


GENERATORS = {"opening": _opening, "summary": _summary, "areas": _areas, "assessment": _assessment,
              "next_steps": _next_steps, "proposals": _proposals, "annex": _annex,
              "free": lambda stats, settings: ""}


def generate(kind: str, stats: PeriodStats, settings: ReportSettings) -> str:
    return GENERATORS.get(kind, GENERATORS["free"])(stats, settings)


# -- the outline and the draft ------------------------------------------------------------------

@dataclass
class OutlineSection:
    key: str
    title: str
    kind: str


def template_for(plan_id: int | None) -> ReportTemplate | None:
    """The stored template of the plan, else the department's default one (None: DEFAULT_OUTLINE)."""
    query = select(ReportTemplate).options(selectinload(ReportTemplate.sections))
    if plan_id is not None:
        own = db.session.scalar(query.where(ReportTemplate.plan_id == plan_id))
        if own is not None:
            return own
    return db.session.scalar(query.where(ReportTemplate.plan_id.is_(None)))


def outline_for(plan_id: int | None) -> list[OutlineSection]:
    template = template_for(plan_id)
    if template is None:
        return [OutlineSection(key, title, kind) for key, title, kind in DEFAULT_OUTLINE]
    return [OutlineSection(s.key, s.title, s.kind) for s in template.sections]


def find_draft(period_id: int, plan_id: int | None) -> ReportDraft | None:
    query = select(ReportDraft).options(selectinload(ReportDraft.sections)).where(ReportDraft.period_id == period_id)
    query = query.where(ReportDraft.plan_id.is_(None) if plan_id is None else ReportDraft.plan_id == plan_id)
    return db.session.scalar(query)


def numbered_outline(plan_id: int | None) -> list[tuple[OutlineSection, str]]:
    """The outline with each section's number ("I", "II"…; "" for the opening and the annex)."""
    numbered, n = [], 0
    for item in outline_for(plan_id):
        number = ""
        if item.kind not in UNNUMBERED_KINDS:
            n += 1
            number = roman(n)
        numbered.append((item, number))
    return numbered


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
    sections = []
    for item, number in numbered_outline(plan_id):
        stored = draft.section(item.key) if draft is not None else None
        generated = stored.generated_text if stored is not None else generate(item.kind, stats, settings)
        sections.append(SectionText(key=item.key, title=item.title, kind=item.kind, number=number,
                                    text=stored.text if stored is not None else generated,
                                    generated_text=generated, edited=bool(stored and stored.edited)))
    figures = db.session.scalar(select(ReportFigures).where(ReportFigures.period_id == period.id))
    return Report(period=period, plan=plan, stats=stats, settings=settings, sections=sections, figures=figures,
                  number=draft.number if draft else "", report_date=draft.report_date if draft else None)


# -- the task table of the annex ---------------------------------------------------------------

@dataclass
class AnnexRow:
    number: int
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
        done = row.bucket in (DONE_ON_TIME, DONE_LATE)
        percent = 100 if done else (entry.percent_done if entry is not None else None)
        evidence = "\n".join(e.citation for e in entry.live_evidence if e.citation) if entry is not None else ""
        rows.append(AnnexRow(
            number=n, area=task.area.name, code=task.code, title=task.title.strip(), lead=task.lead_unit.name,
            cooperating=", ".join(u.name for u in task.cooperating_units),
            deadline=None if task.recurring else task.deadline, deadline_text=task.deadline_text,
            status=row.bucket_label + (" (quá hạn)" if row.overdue else ""), percent=percent,
            result=_one_line(entry.result) if entry is not None else "", evidence=evidence, overdue=row.overdue,
        ))
    return rows


@dataclass
class FigureLine:
    label: str
    value: str | int | float | None
    source: str


def counted_figures(stats: PeriodStats) -> list[FigureLine]:
    """The statistics the app counts itself (from the approved entries)."""
    source = "Phần mềm theo dõi CCHC (báo cáo đã duyệt)"
    total = stats.total
    lines = [FigureLine("Tổng số nhiệm vụ", total.total, source)]
    lines += [FigureLine(f"Nhiệm vụ {label[:1].lower() + label[1:]}", total.counts[bucket], source)
              for bucket, label in BUCKETS.items()]
    lines += [FigureLine("Nhiệm vụ quá hạn chưa hoàn thành", total.overdue, source),
              FigureLine("Tỷ lệ nhiệm vụ hoàn thành (%)", total.percent_done, source),
              FigureLine("Số chỉ tiêu có số liệu", stats.targets_measured, source),
              FigureLine("Số chỉ tiêu đạt", stats.targets_met, source),
              FigureLine("Số chỉ tiêu chưa đạt", stats.targets_measured - stats.targets_met, source)]
    return lines


def typed_figures(figures: ReportFigures | None) -> list[FigureLine]:
    if figures is None:
        return []
    return [FigureLine(label, getattr(figures, key), figures.source) for key, label in ReportFigures.FIELDS.items()
            if getattr(figures, key) is not None]


def figure_problems(figures: ReportFigures | None) -> list[str]:
    """The consistency checks of the typed figures, as Vietnamese sentences (empty: consistent)."""
    if figures is None:
        return []
    problems = []
    parts = {k: getattr(figures, k) for k in ("tthc_received", "tthc_on_time", "tthc_late", "tthc_in_progress")}
    given = [k for k, v in parts.items() if v is not None]
    if given and len(given) < 4:
        missing = [ReportFigures.FIELDS[k].lower() for k, v in parts.items() if v is None]
        problems.append("Thiếu số liệu để đối chiếu: " + ", ".join(missing) + ".")
    elif given:
        received, on_time, late, pending = (parts[k] for k in parts)
        settled = on_time + late + pending
        if received != settled:
            problems.append(
                f"Số hồ sơ tiếp nhận ({vn_number(received)}) không bằng tổng đúng hạn + quá hạn + đang giải quyết "
                f"({vn_number(on_time)} + {vn_number(late)} + {vn_number(pending)} = {vn_number(settled)}), "
                f"chênh lệch {vn_number(abs(received - settled))} hồ sơ.")
    if figures.tthc_online is not None and figures.tthc_received is not None \
            and figures.tthc_online > figures.tthc_received:
        problems.append(f"Số hồ sơ tiếp nhận trực tuyến ({vn_number(figures.tthc_online)}) lớn hơn tổng số hồ sơ "
                        f"tiếp nhận ({vn_number(figures.tthc_received)}).")
    if any(getattr(figures, k) is not None for k in ReportFigures.FIELDS) and not figures.source.strip():
        problems.append("Chưa ghi nguồn số liệu (ví dụ: Hệ thống thông tin giải quyết TTHC tỉnh).")
    return problems


def export_refusal(report: Report) -> str | None:
    """Why the report may not be exported yet (a mismatch neither fixed nor accepted), or None."""
    problems = figure_problems(report.figures)
    if problems and report.figures.mismatch_accepted_at is None:
        return ("Số liệu thống kê chưa khớp: " + " ".join(problems)
                + " Hãy sửa số liệu hoặc xác nhận chấp nhận chênh lệch trước khi xuất báo cáo.")
    return None
