"""The report's wording: the sentences each kind of section is written in, from the period's
figures (app.reports.stats), and the names and titles it prints (``ReportSettings``).

A section's text is plain text, one paragraph a line; a line "1. …" is a
heading in bold, a line "a) …" a sub-heading (Nghị định 30/2020's I. / 1. / a)
levels; the section's own "I." heading comes from the outline).
"""
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from difflib import SequenceMatcher

from ..formatting import vn_date, vn_number
from ..plans.models import Plan
from ..plans.topics import DIRECTION, TOPICS, is_direction_area
from ..progress.models import ProgressEntry, ReportingPeriod
from ..progress.regime import next_window
from ..search import fold
from .phrases import Wording
from .queries import own_unit_names, remarks_of, reporting_of
from .stats import BUCKETS, DONE_BUCKETS, DONE_ON_TIME, PeriodStats, TaskRow, without_result

# How many unfinished tasks section IV names before pointing to the annex.
NEXT_STEPS_LISTED = 20
OVERDUE_LISTED = 10
# The annex sheet listing the tasks without an approved result (the body says one sentence per area).
PENDING_ANNEX = "Việc chưa có kết quả"

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
# Every sentence is a phrase of the outline (phrases.py), filled with the figures of the period rules.

def plans_of(stats: PeriodStats) -> list[Plan]:
    seen: dict[int, Plan] = {}
    for row in stats.rows:
        seen.setdefault(row.task.plan_id, row.task.plan)
    return list(seen.values())


def section_one_topic(task) -> str | None:
    """The group of section I a task's result is reported under: its stored group; a task of the
    "chỉ đạo, điều hành" area left without one still reads there (section II leaves that area out)."""
    return task.topic or (DIRECTION if is_direction_area(task.area.name) else None)


_DOUBLED = [(re.compile(r"\.{3,}"), "…"),  # an ellipsis ("phần mềm chuyên ngành...)") is no doubled stop
            (re.compile(r"\s+([.,;:])"), r"\1"), (re.compile(r"([.,;:])\1+"), r"\1"),
            (re.compile(r"[.;,]\s*\."), "."), (re.compile(r"[ \t]{2,}"), " "), (re.compile(r"\(\s+"), "("),
            (re.compile(r"\s+\)"), ")")]


def tidy(text: str) -> str:
    """Text as printed: NFC, no doubled punctuation ("thực phẩm.."), no doubled spaces; an ellipsis
    ("...") printed as one "…", not cut to a full stop; the closing "./." of a report kept."""
    text = unicodedata.normalize("NFC", text or "")
    lines = []
    for line in text.splitlines():
        closing = line.rstrip().endswith("./.")
        if closing:
            line = line.rstrip()[:-3]
        for pattern, repl in _DOUBLED:
            line = pattern.sub(repl, line)
        lines.append(line.strip() + ("./." if closing else ""))
    return "\n".join(lines)


def one_line(text: str) -> str:
    """A unit's text as one paragraph: its lines joined, bullets dropped."""
    parts = [re.sub(r"^[-+•*]\s+", "", line.strip()) for line in (text or "").splitlines()]
    return " ".join(p for p in parts if p).strip()


def _clause(text: str) -> str:
    """A unit's remark as a clause: one line, without its closing full stop."""
    return one_line(text).rstrip(" .;")


_PROPER = ("Sở ", "UBND", "Ủy ban", "Bộ ", "Chính phủ", "Trung tâm", "Phòng ", "Thanh tra", "Văn phòng",
           "Cổng", "Hệ thống", "HĐND", "Tỉnh", "Kế hoạch số", "Quyết định số", "Ban Giám đốc",
           "Ban Chỉ đạo", "Ban Chấp hành")


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    """The first letter in lower case, unless the text opens with a name or an abbreviation."""
    if not text or text.startswith(_PROPER) or (len(text) > 1 and text[1].isupper()):
        return text
    return text[:1].lower() + text[1:]


def _plan_phrase(plan: Plan, org_name: str | None = None) -> str:
    issuer = f" của {org_name}" if org_name else ""
    return f"{plan.reference}{issuer} về {_lower_first(plan.title)}"


# "123/QĐ-SCT" -> "Quyết định số 123/QĐ-SCT": the kind of document its number says.
_DOCUMENT_KINDS = {"QĐ": "Quyết định", "BC": "Báo cáo", "KH": "Kế hoạch", "TB": "Thông báo", "CTr": "Chương trình",
                   "TTr": "Tờ trình", "HD": "Hướng dẫn", "CT": "Chỉ thị", "NQ": "Nghị quyết", "GM": "Giấy mời",
                   "BB": "Biên bản", "QC": "Quy chế", "ĐA": "Đề án", "KL": "Kết luận"}


def document_citation(citation: str) -> str:
    """An evidence's citation as a report writes it: "Quyết định số 123/QĐ-SCT ngày …" (a letter
    numbered "45/SCT-VP" is a Công văn)."""
    match = re.match(r"^(?:số\s*)?(\d+[A-Za-z]?)/([^\s/]+)", citation)
    if not match:
        return citation
    code = match.group(2).split("-")[0]
    kind = _DOCUMENT_KINDS.get(code) or ("Công văn" if "-" in match.group(2) else "")
    return f"{kind} số {citation}" if kind else citation


def _documents(entry: ProgressEntry) -> str:
    citations = [document_citation(e.citation) for e in entry.live_evidence if e.citation]
    return f" ({'; '.join(citations)})" if citations else ""


def result_sentence(row: TaskRow, say: Wording) -> str:
    """One achievement, one sentence, with its documents (an approved result)."""
    entry, task = row.entry, row.task
    result = _lower_first(_clause(entry.result)) or BUCKETS[row.bucket].lower()
    for contribution in entry.contributions:
        text = _clause(contribution.text)
        if text:
            result += f"; {contribution.unit.name} phối hợp {_lower_first(text)}"
    values = {"nhiem_vu": _clause(task.title), "don_vi": task.lead_unit.name, "ket_qua": result,
              "van_ban": _documents(entry)}
    if row.bucket in DONE_BUCKETS:
        return say("result_done", **values, ngay_hoan_thanh=vn_date(entry.completed_on) or vn_date(entry.decided_at))
    if row.bucket == "cannot":
        return say("result_cannot", **values)
    return say("result_in_progress", **values, ty_le=vn_number(entry.percent_done or 0))


def target_sentence(row, say: Wording) -> str | None:
    """A target's result in a sentence ("…: đạt 99,5%, vượt chỉ tiêu 99%."); None without an
    approved figure (the annex says so, not the body)."""
    target = row.target
    name = _clause(target.text)
    if row.value is None and not row.text:
        return None
    if row.met is None:
        shown = row.text or target.value_text(row.value)
        return say("target_text", chi_tieu=name, ket_qua=_lower_first(_clause(shown)))
    if target.metric_kind == "yes_no":
        return say("target_yes" if row.met else "target_no", chi_tieu=name)
    shown = target.value_text(row.value) if row.value is not None else row.text
    goal = target.value_text(target.target_value) if target.target_value is not None else target.goal_text
    if row.met:
        beyond = row.value is not None and target.target_value is not None \
            and abs(row.value - target.target_value) > 1e-9
        return say("target_met", chi_tieu=name, ket_qua=shown, muc_tieu=goal,
                   so_sanh=f"vượt chỉ tiêu {goal}" if beyond else "hoàn thành chỉ tiêu")
    return say("target_not_met", chi_tieu=name, ket_qua=shown, muc_tieu=goal)


def _target_gap(row) -> str:
    """"… (đạt 28,5%, chỉ tiêu ≥ 30%)" or "… (chưa hoàn thành)" for a target not met."""
    target = row.target
    if target.metric_kind == "yes_no":
        gap = "chưa hoàn thành"
    else:
        shown = target.value_text(row.value) if row.value is not None else row.text
        gap = f"đạt {shown}, chỉ tiêu {target.goal_text}"
    return f"{_lower_first(_clause(target.text))} ({gap})"


def _targets_by_area(stats: PeriodStats) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for row in stats.targets:
        grouped.setdefault(row.target.area.name, []).append(row)
    return grouped


def _due(row: TaskRow) -> str:
    deadline = f", hạn {vn_date(row.task.deadline)}" if row.task.deadline and not row.task.recurring else ""
    return f"{_lower_first(_clause(row.task.title))} ({row.task.lead_unit.name}{deadline})"


def _listed(items: list[str], limit: int) -> str:
    shown = "; ".join(items[:limit])
    return shown + (f" và {len(items) - limit} nhiệm vụ khác (chi tiết tại phụ lục)" if len(items) > limit else "")


def _enumerated(say: Wording, key: str, items: list[str], limit: int, noun: str, mark: str = "-",
                **values) -> list[str]:
    """A phrase that names a list: the list in the sentence where the phrase has {danh_sach} (an
    outline's own wording), else the sentence alone, then one line per item ("- Rà soát … (Thanh
    tra Sở, hạn 06/09/2026);"), the last closed by a full stop, so no sentence runs on. ``mark``
    opens each item's line ("+" for items under a line that is itself a "- " item)."""
    if say.uses(key, "danh_sach"):
        return [say(key, **values, danh_sach=_listed(items, limit))]
    shown = [_upper_first(item) for item in items[:limit]]
    if len(items) > limit:
        shown.append(f"Và {len(items) - limit} {noun} khác (chi tiết tại phụ lục)")
    return [say(key, **values)] + [f"{mark} {item}{'.' if i == len(shown) - 1 else ';'}"
                                   for i, item in enumerate(shown)]


def _common(stats: PeriodStats, settings: ReportSettings) -> dict:
    return {"co_quan": settings.org_name, "ky": period_phrase(stats.period), "ngay": vn_date(stats.as_of)}


# -- the sections, by kind --------------------------------------------------------------------

def _opening(stats: PeriodStats, settings: ReportSettings, say: Wording) -> str:
    period = stats.period
    basis = "; ".join(_plan_phrase(p, settings.org_name) for p in plans_of(stats))
    return say("opening", **_common(stats, settings), can_cu=basis or f"kế hoạch cải cách hành chính năm {period.year}",
               tu_ngay=vn_date(period.window_start), den_ngay=vn_date(period.window_end))


def _summary(stats: PeriodStats, settings: ReportSettings, say: Wording) -> str:
    common, period = _common(stats, settings), stats.period
    lines = []
    for plan in plans_of(stats):
        rows = [r for r in stats.rows if r.task.plan_id == plan.id]
        issued_now = plan.issued_on is not None and period.window_start <= plan.issued_on <= period.window_end
        lines.append(say("plan_issued" if issued_now else "plan_continued", **common,
                         ke_hoach=_plan_phrase(plan), so_nhiem_vu=len(rows),
                         so_linh_vuc=len({r.task.area_id for r in rows})))
    reporting = reporting_of(stats)
    if stats.units:
        names = ", ".join(f"kỳ báo cáo {period_phrase(p)}" for p in reporting.periods) or f"kỳ báo cáo {common['ky']}"
        parts = [say(key, so=len(units), danh_sach=", ".join(u.name for u in units))
                 for key, units in (("reporting_on_time", reporting.on_time), ("reporting_late", reporting.late),
                                    ("reporting_missing", reporting.missing)) if units]
        lines.append(say("reporting", **common, cac_ky=names, tinh_hinh=", ".join(parts)))
    if reporting.reminded:
        lines.append(say("reminders", so_luot_nhac=reporting.reminded))
    if reporting.returned:
        lines.append(say("returns", so_tra_lai=reporting.returned))
    total = stats.total
    counts = total.counts
    if total.done:
        lines.append(say("overall", **common, tong=total.total, so_hoan_thanh=total.done,
                         ty_le=vn_number(total.percent_done), so_dung_han=counts[DONE_ON_TIME],
                         so_dang_lam=counts["in_progress"]))
    else:
        lines.append(say("overall_none", **common, tong=total.total, so_dang_lam=counts["in_progress"]))
    if total.overdue:
        lines.append(say("overall_overdue", **common, so_qua_han=total.overdue))
    by_topic: dict[str, list[str]] = {}
    for row in stats.rows:
        topic = section_one_topic(row.task)
        if row.entry is not None and topic is not None:
            by_topic.setdefault(topic, []).append(result_sentence(row, say))
    for key, (_choice, label) in TOPICS.items():
        if by_topic.get(key):
            lines.append(say("topic", chu_de=label))
            lines.extend(f"- {sentence}" for sentence in by_topic[key])
    return tidy("\n".join(lines))


def _areas(stats: PeriodStats, settings: ReportSettings, say: Wording) -> str:
    targets = _targets_by_area(stats)
    rows_by_area: dict[str, list[TaskRow]] = {}
    for row in stats.rows:
        rows_by_area.setdefault(row.task.area.name, []).append(row)
    lines, n = [], 0
    for name, tally in stats.by_area:
        if is_direction_area(name):
            continue
        n += 1
        lines.append(f"{n}. {name}")
        rows = rows_by_area.get(name, [])
        if tally.done:
            lines.append(say("area_done", so_hoan_thanh=tally.done, tong=tally.total,
                             so_dung_han=tally.counts[DONE_ON_TIME]))
        results = [r for r in rows if r.entry is not None and r.task.topic is None]  # a group's: in section I
        done = [r for r in results if r.bucket in DONE_BUCKETS]
        going = [r for r in results if r.bucket not in DONE_BUCKETS]
        by_plan = _by_plan(targets.get(name, []), done + going, say)
        pending = len(without_result(rows))
        pending_line = [say("area_pending", so_nhiem_vu=pending, phu_luc=PENDING_ANNEX)] if pending else []
        if len(by_plan) > 1:  # each plan under its heading; the area's own sentence before the first
            lines.extend(pending_line)
            for i, (plan, sentences) in enumerate(by_plan):
                lines.append(f"{LETTERS[i] if i < len(LETTERS) else i + 1}) Thực hiện {plan.reference}")
                lines.extend(f"- {s}" for s in sentences)
        else:  # what was done, then what is under way
            lines.extend(f"- {s}" for _plan, sentences in by_plan for s in sentences)
            lines.extend(pending_line)
        if not pending and all(r.entry is None for r in rows):
            lines.append(say("area_empty"))
    return tidy("\n".join(lines)) or "Chưa có nhiệm vụ nào trong kỳ báo cáo."


LETTERS = "abcdđeghiklmnopqrstuvxy"  # a) b) c) d) đ) e) g)…: how Vietnamese documents letter their points


def _by_plan(targets: list, rows: list[TaskRow], say: Wording) -> list[tuple[Plan, list[str]]]:
    """An area's target and result sentences by plan (in the tasks' order of plans), each plan's
    targets first: when several plans have some, each reads under its own heading ("a) Thực hiện
    Chương trình số 5720/CTr-SCT…"), so a programme's results read under it."""
    by_plan: dict[int, tuple[Plan, list, list]] = {}
    for row in rows:
        by_plan.setdefault(row.task.plan_id, (row.task.plan, [], []))[2].append(row)
    for target in targets:
        area = target.target.area
        by_plan.setdefault(area.plan_id, (area.plan, [], []))[1].append(target)
    grouped = []
    for plan, plan_targets, plan_rows in by_plan.values():
        sentences = [s for s in (target_sentence(t, say) for t in plan_targets) if s]
        sentences += [result_sentence(r, say) for r in plan_rows]
        if sentences:
            grouped.append((plan, sentences))
    return grouped


def _late_units(reporting) -> list[str]:
    return [u.name for u in reporting.late + reporting.missing]


def _assessment(stats: PeriodStats, settings: ReportSettings, say: Wording) -> str:
    total, counts = stats.total, stats.total.counts
    reporting = reporting_of(stats)
    lines = ["1. Ưu điểm",
             say("strength_general", so_nhiem_vu=total.total, so_don_vi=len(stats.by_unit))]
    if counts[DONE_ON_TIME]:
        lines.append(say("strength_on_time", so_dung_han=counts[DONE_ON_TIME], so_dang_lam=counts["in_progress"]))
    if stats.targets_met:
        lines.append(say("strength_targets", so_dat=stats.targets_met, so_co_so_lieu=stats.targets_measured))
    if reporting.on_time:
        lines.append(say("strength_reporting", so_dung_han=len(reporting.on_time)))
    lines.append("2. Tồn tại, hạn chế và nguyên nhân")
    lines.append("a) Tồn tại, hạn chế")
    weaknesses = []
    overdue = sorted((r for r in stats.rows if r.overdue), key=lambda r: r.task.deadline)  # the longest late first
    if overdue:
        weaknesses += _enumerated(say, "weakness_overdue", [_due(r) for r in overdue], OVERDUE_LISTED, "nhiệm vụ",
                                  so_qua_han=len(overdue))
    missed = [t for t in stats.targets if t.met is False]
    if missed:
        weaknesses += _enumerated(say, "weakness_targets", [_target_gap(t) for t in missed], OVERDUE_LISTED,
                                  "chỉ tiêu", so_chua_dat=len(missed))
    if _late_units(reporting):
        weaknesses.append(say("weakness_reports", danh_sach=", ".join(_late_units(reporting))))
    if reporting.returned:
        weaknesses.append(say("weakness_returned", so_tra_lai=reporting.returned))
    lines.extend(weaknesses or [say("weakness_none")])
    lines.append("b) Nguyên nhân")
    lines.append("- Nguyên nhân khách quan:")
    causes = [say("cause_objective", chu_de=theme, noi_dung=text, don_vi=", ".join(units))
              for theme, text, units in difficulty_themes(stats)]
    lines.extend(causes or [say("cause_objective_none")])
    lines.append("- Nguyên nhân chủ quan:")
    subjective = overdue or _late_units(reporting) or reporting.returned
    lines.append(say("cause_subjective" if subjective else "cause_subjective_none"))
    return tidy("\n".join(lines))


def _next_steps(stats: PeriodStats, settings: ReportSettings, say: Wording) -> str:
    start, end = next_window(stats.period.window_end)
    upcoming: dict[str, list[TaskRow]] = {}
    for row in stats.rows:
        task = row.task
        if row.bucket in DONE_BUCKETS or row.bucket == "cannot" or task.recurring or task.deadline is None:
            continue
        if task.deadline <= end:  # due in the next window, or already due and not done
            upcoming.setdefault(task.area.name, []).append(row)
    lines = [say("next_intro", ky_toi=f"từ ngày {vn_date(start)} đến ngày {vn_date(end)}")]
    order = [name for name, _tally in stats.by_area]
    for name in sorted(upcoming, key=order.index):
        rows = sorted(upcoming[name], key=lambda r: (r.task.deadline, r.task.position))
        area, *items = _enumerated(say, "next_area", [_due(r) for r in rows], NEXT_STEPS_LISTED, "nhiệm vụ",
                                   mark="+", linh_vuc=_lower_first(name))
        lines += [f"- {area}", *items]
    if not upcoming:
        lines.append(say("next_none"))
    return tidy("\n".join(lines))


def _proposals(stats: PeriodStats, settings: ReportSettings, say: Wording) -> str:
    outgoing, _internal = proposals_of(stats, settings)
    lines = [f"- {say('proposal', noi_dung=text, don_vi=', '.join(units))}" for text, units in outgoing]
    return tidy("\n".join(lines)) or say("proposal_none")


def _annex(stats: PeriodStats, settings: ReportSettings, say: Wording) -> str:
    return f"Kết quả thực hiện các nhiệm vụ cải cách hành chính {period_phrase(stats.period)}"


def closing_line(stats: PeriodStats, settings: ReportSettings, say: Wording) -> str:
    return say("closing", **_common(stats, settings))


# -- the units' remarks: grouped, merged, internal asks set apart -------------------------------

_THEMES = [("nhân lực", ("cong chuc", "nhan luc", "bien che", "can bo", "nhan su", "khoi luong cong viec")),
           ("kinh phí", ("kinh phi", "ngan sach", "du toan", "nguon von")),
           ("hạ tầng, phần mềm", ("phan mem", "ha tang", "may chu", "duong truyen", "gian doan", "cong nghe")),
           ("văn bản hướng dẫn, cơ chế", ("huong dan", "van ban", "co che", "chinh sach", "quy dinh")),
           ("phối hợp", ("phoi hop", "gop y", "cho y kien"))]


def _theme(text: str) -> str:
    folded = fold(text)
    return next((name for name, words in _THEMES if any(w in folded for w in words)), "các khó khăn khác")


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", fold(text)).split())


def similar(a: str, b: str) -> bool:
    """Near-duplicates: the same words in (almost) the same order, once folded and without punctuation."""
    a, b = _norm(a), _norm(b)
    if a == b or (min(len(a), len(b)) > 20 and (a in b or b in a)):
        return True
    words_a, words_b = set(a.split()), set(b.split())
    if not words_a or not words_b or len(words_a & words_b) / len(words_a | words_b) < 0.6:
        return False
    return SequenceMatcher(None, a, b).ratio() >= 0.85


def merge_similar(items: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """(text, unit) pairs with near-duplicates merged: the first wording kept, attributed to every
    unit that said it (each once, in order)."""
    merged: list[tuple[str, list[str]]] = []
    for text, unit in items:
        for kept, units in merged:
            if similar(kept, text):
                if unit not in units:
                    units.append(unit)
                break
        else:
            merged.append((text, [unit]))
    return merged


def difficulty_themes(stats: PeriodStats) -> list[tuple[str, str, list[str]]]:
    """The units' difficulties by theme: (theme, the merged difficulties, the units)."""
    by_theme: dict[str, list[tuple[str, str]]] = {}
    for _area, remarks in remarks_of(stats, ProgressEntry.difficulties):
        for r in remarks:
            by_theme.setdefault(_theme(r.text), []).append((_lower_first(_clause(r.text)), r.unit_name))
    order = [name for name, _w in _THEMES] + ["các khó khăn khác"]
    themed = []
    for theme in sorted(by_theme, key=order.index):
        merged = merge_similar(by_theme[theme])
        units = list(dict.fromkeys(u for _t, us in merged for u in us))
        themed.append((theme, "; ".join(t for t, _us in merged), units))
    return themed


_ASKING = re.compile(r"^(?:de nghi|kien nghi|de xuat|xin|mong)\s+(?:voi\s+)?")
_INTERNAL = ("lanh dao so", "ban giam doc", "giam doc so", "giam doc", "cac phong", "phong ", "cac don vi thuoc so",
             "cac don vi truc thuoc", "don vi dau moi", "van phong so", "so quan tam", "so bo tri", "so cho phep",
             "so xem xet", "so chi dao", "so to chuc", "so ho tro", "so huong dan")


def is_internal(text: str, own_units: list[str], org_name: str) -> bool:
    """A proposal addressed to the department's own units or leadership ("Đề nghị Văn phòng Sở
    hướng dẫn…", "đề nghị Phòng …", "Lãnh đạo Sở", "các phòng"): not for the province."""
    folded = _norm(text)
    addressee = _ASKING.sub("", folded)
    if addressee == folded and not folded.startswith(tuple(own_units)):
        return False  # not an ask ("Tiếp tục…"), unless it names one of our units first
    return addressee.startswith(_INTERNAL) or addressee.startswith(tuple(f"{n} " for n in own_units)) \
        or addressee.startswith(fold(org_name))


def proposals_of(stats: PeriodStats, settings: ReportSettings) -> tuple[list, list]:
    """The units' proposals, near-duplicates merged: (those for the report, the internal asks the
    Office deals with itself)."""
    own = own_unit_names()
    outgoing, internal = [], []
    for _area, remarks in remarks_of(stats, ProgressEntry.proposals):
        for r in remarks:
            item = (_sentence_start(_clause(r.text)), r.unit_name)
            (internal if is_internal(r.text, own, settings.org_name) else outgoing).append(item)
    return merge_similar(outgoing), merge_similar(internal)


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


GENERATORS = {"opening": _opening, "summary": _summary, "areas": _areas, "assessment": _assessment,
              "next_steps": _next_steps, "proposals": _proposals, "annex": _annex,
              "free": lambda stats, settings, say: ""}


def generate(kind: str, stats: PeriodStats, settings: ReportSettings, say: Wording | None = None) -> str:
    """A section's text in the outline's wording (``say``; the default phrases when None)."""
    return GENERATORS.get(kind, GENERATORS["free"])(stats, settings, say or Wording())
