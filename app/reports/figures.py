"""The statistics annex's figures: those the app counts from the approved entries, those the
Office types in (with their source), and the consistency checks of the typed ones, which hold the
export back until the figures are fixed or the mismatch is accepted with a reason."""
from dataclasses import dataclass

from ..formatting import vn_number
from .compose import Report
from .models import ReportFigures
from .stats import REPORTED_BUCKETS, PeriodStats


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
              for bucket, label in REPORTED_BUCKETS.items()]
    lines += [FigureLine(f"Nhiệm vụ quá hạn chưa hoàn thành ({stats.frame.as_of_text})", total.overdue, source),
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
