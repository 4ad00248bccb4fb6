"""The report's wording: the sentences each kind of section is written in, from the period's
figures (app.reports.stats), and the names and titles it prints (``ReportSettings``).

A section's text is plain text, one paragraph a line; a line "1. …" is a
heading in bold, a line "a) …" a sub-heading (Nghị định 30/2020's I. / 1. / a)
levels; the section's own "I." heading comes from the outline).
"""
import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from ..formatting import vn_date, vn_number
from ..plans.models import Plan
from ..progress.models import ProgressEntry, ReportingPeriod
from ..search import fold
from .queries import remarks_of
from .stats import BUCKETS, DONE_LATE, DONE_ON_TIME, UNREPORTED, PeriodStats, TaskRow

# How many unfinished tasks section IV names before pointing to the annex.
NEXT_STEPS_LISTED = 20
OVERDUE_LISTED = 10
LETTERS = "abcdđeghiklmnopqrstuvxy"  # a) b) c) d) đ) e) g)…: how Vietnamese documents letter their points

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
    recipients: list[str] = field(default_factory=lambda: ["UBND tỉnh (b/c)", "Sở Nội vụ", "Giám đốc, các PGĐ Sở",
                                                           "Lưu: VT, VP"])
    number_suffix: str = "/BC-SCT"

    @classmethod
    def from_config(cls, config) -> "ReportSettings":
        return cls(province=config["PROVINCE"], org_name=config["ORG_NAME"], place=config["PLACE"],
                   signer_title_prefix=config["SIGNER_TITLE_PREFIX"], signer_title=config["SIGNER_TITLE"],
                   signer_name=config["SIGNER_NAME"], recipients=list(config["REPORT_RECIPIENTS"]),
                   number_suffix=config["REPORT_NUMBER_SUFFIX"])


def signer_titles(user) -> tuple[str, str]:
    """("", "GIÁM ĐỐC") when the Director signs; ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC") for a deputy
    (ký thay). Read from the signer's job title, else from supervising every unit (the Director)."""
    title = fold(user.job_title or "")
    deputy = "pho giam doc" in title or re.search(r"\bpgd\b", title) is not None
    if not deputy and ("giam doc" in title or user.supervises_all):
        return "", "GIÁM ĐỐC"
    return "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"


def recipient_lines(text: str) -> list[str]:
    """Nơi nhận as typed, one a line: without the leading dash and the closing ";" or "."."""
    lines = [re.sub(r"^[-+•*]\s*", "", line.strip()).rstrip(" ;.").strip() for line in (text or "").splitlines()]
    return [line for line in lines if line]


def signed_settings(settings: ReportSettings, signer, recipients: str) -> ReportSettings:
    """The settings with a draft's own signer and Nơi nhận (the configuration's where it has none)."""
    changes = {}
    if signer is not None:
        prefix, title = signer_titles(signer)
        changes.update(signer_title_prefix=prefix, signer_title=title, signer_name=signer.full_name)
    if recipient_lines(recipients):
        changes["recipients"] = recipient_lines(recipients)
    return replace(settings, **changes) if changes else settings


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


# -- the sentences ----------------------------------------------------------------------------------

def plans_of(stats: PeriodStats) -> list[Plan]:
    seen: dict[int, Plan] = {}
    for row in stats.rows:
        seen.setdefault(row.task.plan_id, row.task.plan)
    return list(seen.values())


@lru_cache(maxsize=256)
def _is_direction_area(name: str) -> bool:
    folded = fold(name)
    return "chi dao" in folded and "dieu hanh" in folded


def one_line(text: str) -> str:
    """A unit's text as one paragraph: its lines joined, bullets dropped."""
    parts = [re.sub(r"^[-+•*]\s+", "", line.strip()) for line in (text or "").splitlines()]
    return " ".join(p for p in parts if p).strip()


def _clause(text: str) -> str:
    """A unit's remark as a clause: one line, without its closing full stop."""
    return one_line(text).rstrip(" .;")


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
    result = one_line(entry.result) or BUCKETS[row.bucket]
    line = f"- {task.title.strip()} ({task.lead_unit.name}): {_sentence(result)}"
    if row.bucket in (DONE_ON_TIME, DONE_LATE) and entry.completed_on:
        line += f" Hoàn thành ngày {vn_date(entry.completed_on)}."
    elif entry.percent_done is not None and row.bucket not in (DONE_ON_TIME, DONE_LATE):
        line += f" Tỷ lệ hoàn thành {entry.percent_done}%."
    for contribution in entry.contributions:
        text = one_line(contribution.text)
        if text:
            line += f" {contribution.unit.name} phối hợp: {_sentence(text)}"
    citations = [e.citation for e in entry.live_evidence if e.citation]
    if citations:
        line += " Tài liệu kiểm chứng: " + "; ".join(citations) + "."
    elif entry.explanation.strip():
        line += f" Giải trình: {_sentence(one_line(entry.explanation))}"
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
    lines.append(f"Tính đến ngày {vn_date(stats.as_of)}, trong tổng số {total.total} nhiệm vụ cải cách "
                 f"hành chính, {settings.org_name} đã {tally_sentence(total, stats.as_of)}")
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
    several_plans = len(plans_of(stats)) > 1
    lines, n = [], 0
    for name, tally in stats.by_area:
        if _is_direction_area(name):
            continue
        n += 1
        lines.append(f"{n}. {name}")
        lines.append(f"Kết quả: {tally_sentence(tally, stats.as_of)}")
        lines.extend(_results_by_plan(rows_by_area.get(name, []), several_plans)
                     or ["Chưa có kết quả được duyệt trong kỳ."])
        if targets.get(name):
            lines.append("Kết quả thực hiện các chỉ tiêu:")
            lines.extend(target_line(t) for t in targets[name])
    return "\n".join(lines) or "Chưa có nhiệm vụ nào trong kỳ báo cáo."


def _results_by_plan(rows: list[TaskRow], several_plans: bool) -> list[str]:
    """The result lines of an area's approved results; under each plan's name ("a) Thực hiện
    Chương trình số 5720/CTr-SCT…") when the report covers several plans, so a programme's results
    read under their programme."""
    by_plan: dict[int, list[TaskRow]] = {}
    for row in rows:
        if row.entry is not None:
            by_plan.setdefault(row.task.plan_id, []).append(row)
    lines = []
    for i, plan_rows in enumerate(by_plan.values()):
        if several_plans:
            letter = LETTERS[i] if i < len(LETTERS) else str(i + 1)
            lines.append(f"{letter}) Thực hiện {plan_rows[0].task.plan.reference}")
        lines.extend(result_line(r) for r in plan_rows)
    return lines


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
