"""The report's content and draft: generated from approved entries only, in the outline's order;
the outline edited per plan; hand edits kept across regeneration; the typed-in figures checked."""
from datetime import date

import pytest

from app.errors import DomainError
from app.extensions import db
from app.reports import services
from app.reports.compose import annex_rows, build_report
from app.reports.figures import export_refusal, figure_problems
from app.reports.models import DEFAULT_OUTLINE, ReportFigures
from app.reports.queries import find_draft
from app.reports.wording import ReportSettings, period_phrase, place_and_date, report_title
from app.transactions import transaction
from tests.factories import make_period
from tests.db.report_helpers import CITATION, CONTRIBUTION, DIFFICULTY, DONE_RESULT, HIDDEN, OPEN_RESULT, \
    PROPOSAL, quarter

SETTINGS = ReportSettings()


@pytest.fixture
def q(org):
    return quarter(org)


def _report(q, plan=None):
    db.session.expire_all()
    return build_report(q.period, plan, SETTINGS)


def _all_text(report) -> str:
    return "\n".join(s.text for s in report.sections)


def test_default_outline_gives_the_usual_sections_in_order(q):
    report = _report(q)
    assert [(s.number, s.title) for s in report.sections] == [
        ("", "Mở đầu"), ("I", "Công tác chỉ đạo, điều hành"), ("II", "Kết quả thực hiện trên các lĩnh vực"),
        ("III", "Đánh giá chung"), ("IV", "Phương hướng, nhiệm vụ kỳ tới"), ("V", "Đề xuất, kiến nghị"),
        ("", "Phụ lục")]


def test_section_one_opens_with_the_computed_completion(q):
    summary = _report(q).sections[1].text
    # 5 tasks; only t_done is approved as done (on time): 1/5 = 20%; t_sent and t_draft are overdue.
    assert "hoàn thành 1/5 nhiệm vụ, đạt 20%" in summary
    assert "(đúng hạn 1, quá hạn 0)" in summary
    assert "Có 2 nhiệm vụ quá hạn chưa hoàn thành (tính đến ngày 14/03/2026)" in summary
    assert "1/1 chỉ tiêu có số liệu đạt kế hoạch" in summary


def test_opening_cites_the_plan_and_the_data_window(q):
    opening = _report(q).sections[0].text
    assert opening.startswith("Thực hiện Kế hoạch số 639/KH-SCT ngày 23/01/2026 của Sở Công Thương về cải cách "
                              "hành chính năm 2026, Sở Công Thương báo cáo")
    assert "quý I năm 2026 (số liệu tính từ ngày 15/12/2025 đến ngày 14/03/2026)" in opening


def test_areas_section_has_one_subsection_per_area_with_results_targets_and_evidence(q):
    text = _report(q).sections[2].text
    lines = text.splitlines()
    assert lines[0] == "1. Cải cách thể chế"
    assert "2. Cải cách thủ tục hành chính" in lines
    assert lines.index("2. Cải cách thủ tục hành chính") > lines.index("1. Cải cách thể chế")
    done_line = next(line for line in lines if DONE_RESULT in line)
    assert done_line.startswith("- Xây dựng quy chế phối hợp rà soát văn bản (Thanh tra Sở): ")
    assert f"Tài liệu kiểm chứng: {CITATION}." in done_line
    assert "Hoàn thành ngày 20/02/2026." in done_line
    open_line = next(line for line in lines if OPEN_RESULT in line)
    assert f"Thanh tra Sở phối hợp: {CONTRIBUTION}." in open_line
    assert "Tỷ lệ hoàn thành 60%." in open_line
    assert ("- Tỷ lệ hồ sơ TTHC giải quyết đúng hạn đạt tối thiểu 99% (chỉ tiêu ≥ 99%): kết quả 99,5%: đạt."
            in lines)


def test_only_approved_results_appear_anywhere(q):
    report = _report(q)
    text = _all_text(report)
    assert DONE_RESULT in text and OPEN_RESULT in text
    for hidden in HIDDEN:
        assert hidden not in text, hidden
    annex = "\n".join(f"{r.result} {r.evidence}" for r in annex_rows(report.stats))
    assert DONE_RESULT in annex
    for hidden in HIDDEN:
        assert hidden not in annex, hidden


def test_proposals_and_difficulties_are_attributed(q):
    report = _report(q)
    assert report.sections[5].text == f"- {PROPOSAL} (Thanh tra Sở)."
    assessment = report.sections[3].text
    assert f"- {DIFFICULTY} (Phòng Kế hoạch - Tài chính - Tổng hợp, lĩnh vực cải cách thủ tục hành chính)." \
        in assessment
    assert assessment.splitlines()[0] == "1. Ưu điểm"
    assert "2. Tồn tại, hạn chế và nguyên nhân" in assessment.splitlines()
    assert "Còn 2 nhiệm vụ quá hạn chưa hoàn thành:" in assessment


def test_next_steps_name_the_unfinished_tasks_with_deadlines(q):
    text = _report(q).sections[4].text
    assert "- Kiểm tra công tác cải cách thể chế (Phòng Kế hoạch - Tài chính - Tổng hợp, hạn 31/01/2026)." in text
    assert "Xây dựng quy chế" not in text  # done


@pytest.mark.parametrize(("kind", "phrase"), [
    ("q1", "quý I năm 2026"), ("h1", "6 tháng đầu năm 2026"), ("q3", "quý III năm 2026"),
    ("m9", "9 tháng năm 2026"), ("year", "năm 2026"),
])
def test_period_title(app, kind, phrase):
    period = make_period(kind, 2026)
    assert period_phrase(period) == phrase
    assert report_title(period) == f"Kết quả thực hiện công tác cải cách hành chính {phrase}"


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 2, 5), "Đồng Nai, ngày 05 tháng 02 năm 2026"),
    (date(2026, 1, 15), "Đồng Nai, ngày 15 tháng 01 năm 2026"),
    (date(2026, 3, 9), "Đồng Nai, ngày 09 tháng 3 năm 2026"),
    (date(2026, 12, 24), "Đồng Nai, ngày 24 tháng 12 năm 2026"),
])
def test_place_and_date_pads_days_below_ten_and_months_one_and_two(day, expected):
    assert place_and_date("Đồng Nai", day) == expected


# -- the draft ------------------------------------------------------------------------------

def _generate(q, org, plan=None):
    with transaction():
        return services.generate_draft(org.office, q.period, plan, SETTINGS)


def test_generating_stores_every_section_of_the_outline(q, org):
    draft = _generate(q, org)
    assert [s.key for s in draft.sections] == [key for key, _, _ in DEFAULT_OUTLINE]
    assert not any(s.edited for s in draft.sections)
    assert _report(q).sections[1].text == draft.section("chi-dao").text


def test_a_hand_edit_survives_regeneration_and_other_sections_are_regenerated(q, org):
    draft = _generate(q, org)
    with transaction():
        services.save_section(org.office, draft, "danh-gia", "1. Ưu điểm\nVăn phòng viết lại phần đánh giá.",
                              draft.section("danh-gia").version)
    # a new approval changes the figures: t_sent is approved as done
    from tests.db.report_helpers import entries_of

    sent = next(e for e in entries_of(q.period) if e.task_id == q.tasks["sent"].id)
    with transaction():
        sent.status = "approved"
    _generate(q, org)
    report = _report(q)
    assessment = next(s for s in report.sections if s.key == "danh-gia")
    assert assessment.edited and assessment.text == "1. Ưu điểm\nVăn phòng viết lại phần đánh giá."
    assert "hoàn thành 2/5 nhiệm vụ, đạt 40%" in report.sections[1].text  # regenerated
    # the generated text of the edited section was refreshed too (for "Bỏ phần sửa tay")
    assert "hoàn thành 2/5 nhiệm vụ" in assessment.generated_text


def test_discarding_an_edit_brings_back_the_generated_text(q, org):
    draft = _generate(q, org)
    with transaction():
        services.save_section(org.office, draft, "de-xuat", "Không có đề xuất.", None)
    assert find_draft(q.period.id, None).section("de-xuat").edited
    with transaction():
        services.discard_edit(org.office, find_draft(q.period.id, None), "de-xuat", SETTINGS)
    section = _report(q).sections[5]
    assert not section.edited and section.text == f"- {PROPOSAL} (Thanh tra Sở)."


def test_saving_the_generated_text_unchanged_is_not_an_edit(q, org):
    draft = _generate(q, org)
    text = draft.section("de-xuat").text
    with transaction():
        section = services.save_section(org.office, draft, "de-xuat", text + "\n", None)
    assert not section.edited


def test_a_stale_version_is_refused_and_changes_nothing(q, org):
    draft = _generate(q, org)
    version = draft.section("de-xuat").version
    with transaction():
        services.save_section(org.office, draft, "de-xuat", "Bản của người thứ nhất.", version)
    with pytest.raises(DomainError, match="vừa được người khác thay đổi"):
        with transaction():
            services.save_section(org.office, find_draft(q.period.id, None), "de-xuat", "Bản thứ hai.", version)
    assert _report(q).sections[5].text == "Bản của người thứ nhất."


def test_a_template_edit_changes_the_next_draft(q, org):
    plan = q.plan
    with transaction():
        template = services.ensure_template(org.office, plan)
        by_key = {s.key: s for s in template.sections}
        services.update_section(org.office, by_key["chi-dao"], "Công tác lãnh đạo, chỉ đạo", "summary")
        services.move_section(org.office, by_key["de-xuat"], "up")  # V before IV
        services.remove_section(org.office, by_key["danh-gia"])
        services.add_section(org.office, template, "Kết quả thực hiện Chỉ số CCHC", "free")
    report = _report(q, plan)
    assert [(s.number, s.title) for s in report.sections] == [
        ("", "Mở đầu"), ("I", "Công tác lãnh đạo, chỉ đạo"), ("II", "Kết quả thực hiện trên các lĩnh vực"),
        ("III", "Đề xuất, kiến nghị"), ("IV", "Phương hướng, nhiệm vụ kỳ tới"),
        ("V", "Kết quả thực hiện Chỉ số CCHC"), ("", "Phụ lục")]
    with transaction():
        draft = services.generate_draft(org.office, q.period, plan, SETTINGS)
    assert "danh-gia" not in {s.key for s in draft.sections}
    # the department-wide draft still follows the default outline
    assert [s.title for s in _report(q).sections][3] == "Đánh giá chung"


def test_the_outline_refuses_a_second_annex_and_an_empty_title(q, org):
    with transaction():
        template = services.ensure_template(org.office, q.plan)
    with pytest.raises(DomainError) as refused:
        services.add_section(org.office, template, "Phụ lục 2", "annex")
    assert refused.value.fields == {"kind": "Đề cương đã có phụ lục; mỗi báo cáo chỉ có một."}
    db.session.rollback()
    with pytest.raises(DomainError) as refused:
        services.add_section(org.office, template, "   ", "free")
    assert refused.value.fields == {"title": "Vui lòng nhập tên mục."}


# -- the statistics consistency check --------------------------------------------------------

def _figures(period, **values):
    return ReportFigures(period_id=period.id, source=values.pop("source", "Hệ thống một cửa điện tử"), **values)


@pytest.mark.parametrize(("values", "expected"), [
    (dict(tthc_received=120, tthc_on_time=100, tthc_late=5, tthc_in_progress=15), []),
    (dict(tthc_received=120, tthc_on_time=100, tthc_late=5, tthc_in_progress=10),
     ["Số hồ sơ tiếp nhận (120) không bằng tổng đúng hạn + quá hạn + đang giải quyết (100 + 5 + 10 = 115), "
      "chênh lệch 5 hồ sơ."]),
    (dict(tthc_received=1200, tthc_on_time=1000, tthc_late=5, tthc_in_progress=300),
     ["Số hồ sơ tiếp nhận (1.200) không bằng tổng đúng hạn + quá hạn + đang giải quyết "
      "(1.000 + 5 + 300 = 1.305), chênh lệch 105 hồ sơ."]),
    (dict(tthc_received=120, tthc_on_time=100),
     ["Thiếu số liệu để đối chiếu: số hồ sơ giải quyết quá hạn, số hồ sơ đang giải quyết."]),
    (dict(tthc_received=10, tthc_on_time=10, tthc_late=0, tthc_in_progress=0, tthc_online=11),
     ["Số hồ sơ tiếp nhận trực tuyến (11) lớn hơn tổng số hồ sơ tiếp nhận (10)."]),
    (dict(tthc_received=10, tthc_on_time=10, tthc_late=0, tthc_in_progress=0, source=""),
     ["Chưa ghi nguồn số liệu (ví dụ: Hệ thống thông tin giải quyết TTHC tỉnh)."]),
])
def test_figure_consistency(app, values, expected):
    period = make_period("q1", 2026)
    assert figure_problems(_figures(period, **values)) == expected


def test_a_mismatch_blocks_the_export_until_fixed_or_accepted(q, org):
    values = dict(tthc_received=120, tthc_on_time=100, tthc_late=5, tthc_in_progress=10, tthc_online=None)
    with transaction():
        services.save_figures(org.office, q.period, values, "Hệ thống một cửa điện tử")
    refusal = export_refusal(_report(q))
    assert refusal.startswith("Số liệu thống kê chưa khớp: Số hồ sơ tiếp nhận (120) không bằng")
    with pytest.raises(DomainError) as no_reason:
        services.accept_mismatch(org.office, q.period, "  ")
    assert no_reason.value.fields == {"reason": "Vui lòng nêu lý do chấp nhận chênh lệch."}
    db.session.rollback()
    with transaction():
        services.accept_mismatch(org.office, q.period, "5 hồ sơ công dân rút trong kỳ")
    assert export_refusal(_report(q)) is None
    # changing the figures withdraws the acceptance
    with transaction():
        services.save_figures(org.office, q.period, {**values, "tthc_received": 121}, "Hệ thống một cửa điện tử")
    assert export_refusal(_report(q)) is not None
    with transaction():
        services.save_figures(org.office, q.period, {**values, "tthc_received": 115}, "Hệ thống một cửa điện tử")
    assert export_refusal(_report(q)) is None


def test_accepting_consistent_figures_is_refused(q, org):
    with transaction():
        services.save_figures(org.office, q.period, dict(tthc_received=3, tthc_on_time=3, tthc_late=0,
                                                         tthc_in_progress=0), "Một cửa")
    with pytest.raises(DomainError, match="Số liệu đã khớp"):
        services.accept_mismatch(org.office, q.period, "không cần")


def test_negative_figures_are_refused(q, org):
    with pytest.raises(DomainError) as refused:
        services.save_figures(org.office, q.period, dict(tthc_received=-1), "Một cửa")
    assert refused.value.fields == {"tthc_received": "Số liệu phải là số nguyên không âm."}


def test_a_task_done_in_an_earlier_period_keeps_its_result_and_evidence(q, org):
    """Quý I's approved "done" is carried into 6 tháng (no new entry): cited with its evidence."""
    h1 = make_period("h1", 2026)
    db.session.expire_all()
    report = build_report(h1, None, SETTINGS)
    done = next(r for r in annex_rows(report.stats) if r.title.startswith("Xây dựng quy chế"))
    assert (done.status, done.percent, done.result, done.evidence) == ("Hoàn thành đúng hạn", 100, DONE_RESULT,
                                                                       CITATION)
    assert f"Tài liệu kiểm chứng: {CITATION}." in report.sections[2].text
    assert OPEN_RESULT not in report.sections[2].text  # in progress in Quý I: not a result of 6 tháng
