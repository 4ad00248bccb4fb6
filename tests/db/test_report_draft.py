"""The report's content and draft: generated from approved entries only, in the outline's order;
the outline edited per plan; hand edits kept across regeneration; the typed-in figures checked."""
import re
from datetime import date

import pytest

from app.errors import DomainError
from app.extensions import db
from app.reports import services
from app.reports.compose import annex_rows, build_report
from app.reports.figures import export_refusal, figure_problems
from app.reports.models import DEFAULT_OUTLINE, ReportFigures
from app.reports.phrases import Wording
from app.reports.queries import find_draft, load_stats
from app.reports.wording import ReportSettings, generate, period_phrase, place_and_date, report_title
from app.transactions import transaction
from app.progress.models import TargetResult
from tests.factories import issue, make_period, make_plan, make_progress_entry, make_target, make_task
from tests.db.report_helpers import CITATION, CONTRIBUTION, DIFFICULTY, DONE_RESULT, HIDDEN, OPEN_RESULT, \
    PROPOSAL, quarter
from tests.db.report_helpers import lower_first

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


def test_section_one_says_the_plan_how_units_reported_and_the_completion_in_sentences(q):
    summary = _report(q).sections[1].text
    # 5 tasks; only t_done is approved as done (on time): 1 of 5 = 20%; t_back was returned once.
    assert summary.splitlines() == [
        "Sở Công Thương đã ban hành Kế hoạch số 639/KH-SCT ngày 23/01/2026 về cải cách hành chính năm 2026, gồm 5 "
        "nhiệm vụ thuộc 2 lĩnh vực, phân công cụ thể đơn vị chủ trì, đơn vị phối hợp, thời hạn hoàn thành và triển "
        "khai đến các phòng, đơn vị thuộc Sở.",
        "Văn phòng Sở tổ chức kỳ báo cáo quý I năm 2026; đến ngày 14/03/2026, 2 đơn vị chưa gửi đủ báo cáo (Thanh "
        "tra Sở, Phòng Kế hoạch - Tài chính - Tổng hợp).",
        "Lãnh đạo Sở đã trả lại 1 báo cáo nhiệm vụ để đơn vị bổ sung, hoàn thiện.",
        "Tính đến ngày 14/03/2026, trong tổng số 5 nhiệm vụ cải cách hành chính, Sở Công Thương đã hoàn thành 1 "
        "nhiệm vụ (đạt 20%), trong đó 1 nhiệm vụ hoàn thành đúng hạn; 1 nhiệm vụ đang triển khai.",
        "Có 2 nhiệm vụ quá hạn chưa hoàn thành (tính đến ngày 14/03/2026).",
    ]


def test_opening_cites_the_plan_and_the_data_window(q):
    opening = _report(q).sections[0].text
    assert opening.startswith("Thực hiện Kế hoạch số 639/KH-SCT ngày 23/01/2026 của Sở Công Thương về cải cách "
                              "hành chính năm 2026, Sở Công Thương báo cáo")
    assert "quý I năm 2026 (số liệu tính từ ngày 15/12/2025 đến ngày 14/03/2026)" in opening


def test_areas_write_each_result_as_a_sentence_with_its_document_and_targets_in_words(q):
    lines = _report(q).sections[2].text.splitlines()
    assert lines == [
        "1. Cải cách thể chế",
        "Trong kỳ, đã hoàn thành 1 trong tổng số 2 nhiệm vụ của lĩnh vực.",
        f"- Xây dựng quy chế phối hợp rà soát văn bản: {lower_first(DONE_RESULT)} (Quyết định số {CITATION}); "
        "hoàn thành ngày 20/02/2026.",
        "Có 1 nhiệm vụ chưa có kết quả trong kỳ, đang được đôn đốc thực hiện (chi tiết tại phụ lục "
        "“Việc chưa có kết quả”).",
        "2. Cải cách thủ tục hành chính",
        "- Tỷ lệ hồ sơ TTHC giải quyết đúng hạn đạt tối thiểu 99%: đạt 99,5%, vượt chỉ tiêu 99%.",
        f"- Rà soát, công khai thủ tục hành chính: {lower_first(OPEN_RESULT)}; Thanh tra Sở phối hợp "
        f"{lower_first(CONTRIBUTION)}; đến nay đạt khoảng 60% khối lượng.",
        "Có 2 nhiệm vụ chưa có kết quả trong kỳ, đang được đôn đốc thực hiện (chi tiết tại phụ lục "
        "“Việc chưa có kết quả”).",
    ]


BAD_PATTERNS = [r"chưa có kết quả được duyệt", r"\b\d+/\d+ nhiệm vụ, đạt", r"\.\.", r"  ", r" [.,;:]"]


def test_the_body_has_none_of_the_machine_patterns(q):
    report = _report(q)
    body = "\n".join(s.text for s in report.body_sections) + "\n" + report.closing
    assert [p for p in BAD_PATTERNS if re.search(p, body)] == []


def test_only_approved_results_appear_anywhere(q):
    report = _report(q)
    text = _all_text(report)
    assert lower_first(DONE_RESULT) in text and lower_first(OPEN_RESULT) in text
    for hidden in HIDDEN:
        assert hidden not in text, hidden
    annex = "\n".join(f"{r.result} {r.evidence}" for r in annex_rows(report.stats))
    assert DONE_RESULT in annex
    for hidden in HIDDEN:
        assert hidden not in annex, hidden


def test_assessment_has_strengths_weaknesses_and_both_kinds_of_causes(q):
    report = _report(q)
    assert report.sections[5].text == f"- {PROPOSAL} (Thanh tra Sở)."
    assert report.sections[3].text.splitlines() == [
        "1. Ưu điểm",
        "Công tác cải cách hành chính được Lãnh đạo Sở quan tâm chỉ đạo; 5 nhiệm vụ được phân công cụ thể đến 2 đơn "
        "vị, có thời hạn và sản phẩm rõ ràng.",
        "1 nhiệm vụ hoàn thành đúng thời hạn, 1 nhiệm vụ đang được triển khai theo kế hoạch.",
        "1/1 chỉ tiêu có số liệu đạt hoặc vượt kế hoạch.",
        "2. Tồn tại, hạn chế và nguyên nhân",
        "a) Tồn tại, hạn chế",
        "Còn 2 nhiệm vụ quá hạn chưa hoàn thành, gồm:",
        "- Kiểm tra công tác cải cách thể chế (Phòng Kế hoạch - Tài chính - Tổng hợp, hạn 31/01/2026);",
        "- Số hóa hồ sơ giải quyết thủ tục hành chính (Thanh tra Sở, hạn 01/03/2026).",
        "Một số đơn vị gửi báo cáo trễ hạn hoặc chưa gửi đủ (Thanh tra Sở, Phòng Kế hoạch - Tài chính - Tổng hợp).",
        "1 báo cáo nhiệm vụ phải trả lại để bổ sung, hoàn thiện.",
        "b) Nguyên nhân",
        "- Nguyên nhân khách quan:",
        f"Về hạ tầng, phần mềm: {lower_first(DIFFICULTY)} (Phòng Kế hoạch - Tài chính - Tổng hợp).",
        "- Nguyên nhân chủ quan:",
        "Một số đơn vị chưa bố trí hợp lý thời gian, nhân lực để hoàn thành nhiệm vụ và báo cáo đúng hạn; việc theo "
        "dõi, đôn đốc của đơn vị chủ trì có lúc chưa thường xuyên.",
    ]


def test_assessment_lists_many_overdue_tasks_and_missed_targets_a_line_each_no_sentence_running_on(q, org):
    institutions = q.plan.areas[0]
    target = make_target(institutions, "Tỷ lệ văn bản được rà soát đạt 100%", target_value=100)
    late = [make_task(institutions, org.ttr, f"Rà soát văn bản quy phạm pháp luật đợt {n}", deadline=date(2026, 2, n),
                      target_ids=[target.id] if n == 1 else []) for n in range(1, 13)]
    with transaction():
        entry = make_progress_entry(late[0], period=q.period, status="approved", task_status="in_progress",
                                    percent_done=80, result="Đã rà soát 40/50 văn bản", decided_at=q.period.window_end)
        db.session.add(TargetResult(entry_id=entry.id, target_id=target.id, value=80))
    lines = _report(q).sections[3].text.splitlines()
    start = lines.index("Còn 14 nhiệm vụ quá hạn chưa hoàn thành, gồm:")
    listed = lines[start + 1:start + 12]
    assert listed[0] == "- Kiểm tra công tác cải cách thể chế (Phòng Kế hoạch - Tài chính - Tổng hợp, hạn 31/01/2026);"
    assert listed[1] == "- Rà soát văn bản quy phạm pháp luật đợt 1 (Thanh tra Sở, hạn 01/02/2026);"  # by deadline
    assert all(line.startswith("- ") and line.endswith(";") for line in listed[:10])
    assert listed[10] == "- Và 4 nhiệm vụ khác (chi tiết tại phụ lục)."
    assert lines[start + 12:start + 14] == ["1 chỉ tiêu chưa đạt kế hoạch, gồm:",
                                            "- Tỷ lệ văn bản được rà soát đạt 100% (đạt 80%, chỉ tiêu 100%)."]
    sentences = [s for line in lines for s in re.split(r"(?<=[.;:])\s", line)]
    assert max(len(s.split()) for s in sentences) <= 45


def test_an_outline_whose_wording_keeps_the_list_in_the_sentence_gets_it_there(q):
    stats = load_stats(q.period)
    say = Wording({"weakness_overdue": "Chậm {so_qua_han} nhiệm vụ: {danh_sach}."})
    lines = generate("assessment", stats, SETTINGS, say).splitlines()
    assert "Chậm 2 nhiệm vụ: kiểm tra công tác cải cách thể chế (Phòng Kế hoạch - Tài chính - Tổng hợp, hạn " \
           "31/01/2026); số hóa hồ sơ giải quyết thủ tục hành chính (Thanh tra Sở, hạn 01/03/2026)." in lines
    assert not any(line.startswith("- Kiểm tra công tác") for line in lines)


def test_next_steps_name_the_tasks_due_in_the_next_window_and_the_unfinished_by_area(q):
    assert _report(q).sections[4].text.splitlines() == [
        "Tiếp tục triển khai đồng bộ các nhiệm vụ cải cách hành chính theo kế hoạch; tập trung vào các nhiệm vụ trọng "
        "tâm sau (từ ngày 15/03/2026 đến ngày 14/06/2026):",
        "- Về cải cách thể chế:",
        "+ Kiểm tra công tác cải cách thể chế (Phòng Kế hoạch - Tài chính - Tổng hợp, hạn 31/01/2026).",
        "- Về cải cách thủ tục hành chính:",
        "+ Số hóa hồ sơ giải quyết thủ tục hành chính (Thanh tra Sở, hạn 01/03/2026).",
    ]


def test_next_steps_list_an_area_s_many_tasks_a_line_each_no_sentence_running_on(q, org):
    institutions = q.plan.areas[0]
    for n in range(1, 25):
        make_task(institutions, org.ttr, f"Rà soát, đánh giá thủ tục hành chính thuộc lĩnh vực quản lý đợt {n}",
                  deadline=date(2026, 4, n))
    lines = _report(q).sections[4].text.splitlines()
    start = lines.index("- Về cải cách thể chế:")
    listed = lines[start + 1:start + 22]
    assert listed[0] == "+ Kiểm tra công tác cải cách thể chế (Phòng Kế hoạch - Tài chính - Tổng hợp, hạn 31/01/2026);"
    assert listed[1] == ("+ Rà soát, đánh giá thủ tục hành chính thuộc lĩnh vực quản lý đợt 1 (Thanh tra Sở, "
                         "hạn 01/04/2026);")  # by deadline
    assert all(line.startswith("+ ") and line.endswith(";") for line in listed[:20])
    assert listed[20] == "+ Và 5 nhiệm vụ khác (chi tiết tại phụ lục)."
    assert lines[start + 22] == "- Về cải cách thủ tục hành chính:"
    sentences = [s for line in lines for s in re.split(r"(?<=[.;:])\s", line)]
    assert max(len(s.split()) for s in sentences) <= 45


def test_an_outline_whose_section_iv_wording_keeps_the_list_in_the_sentence_gets_it_there(q):
    stats = load_stats(q.period)
    say = Wording({"next_area": "Tập trung {linh_vuc}: {danh_sach}."})
    lines = generate("next_steps", stats, SETTINGS, say).splitlines()
    assert "- Tập trung cải cách thủ tục hành chính: số hóa hồ sơ giải quyết thủ tục hành chính (Thanh tra Sở, " \
           "hạn 01/03/2026)." in lines
    assert not any(line.startswith("+ ") for line in lines)


def test_the_report_closes_as_a_report_does(q):
    assert _report(q).closing == ("Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2026 "
                                  "của Sở Công Thương./.")


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
    assert "đã hoàn thành 2 nhiệm vụ (đạt 40%)" in report.sections[1].text  # regenerated
    # the generated text of the edited section was refreshed too (for "Bỏ phần sửa tay")
    assert "2 nhiệm vụ hoàn thành đúng thời hạn" in assessment.generated_text


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
    assert f"(Quyết định số {CITATION}); hoàn thành ngày 20/02/2026." in report.sections[2].text
    assert OPEN_RESULT not in report.sections[2].text  # in progress in Quý I: not a result of 6 tháng


def test_with_several_plans_each_plans_heading_comes_before_its_targets_and_results(org):
    """Issue #24 (order of headings): in section II, "a) Thực hiện Kế hoạch số …" heads its plan's
    targets and results; the area's own sentences come before the first heading."""
    annual = make_plan(org.office, title="Cải cách hành chính năm 2026", areas=(2,))
    programme = make_plan(org.office, title="Chương trình CCHC giai đoạn 2021-2030", kind="programme",
                          start_year=2021, end_year=2030, areas=(2,))
    period = make_period("h1", 2026)
    for plan, name, value in ((annual, "năm", 99.5), (programme, "giai đoạn", 97)):
        target = make_target(plan.areas[0], f"Tỷ lệ hồ sơ đúng hạn ({name})")
        task = make_task(plan.areas[0], org.ttr, f"Công khai thủ tục ({name})", target_ids=[target.id])
        entry = make_progress_entry(task, period=period, status="approved", task_status="in_progress",
                                    percent_done=50, result=f"Đã công khai ({name})")
        with transaction():
            db.session.add(TargetResult(entry_id=entry.id, target_id=target.id, value=value))
        make_task(plan.areas[0], org.khtc, f"Số hóa hồ sơ ({name})")  # no result: the area's one sentence
    issue(programme, org.office, number="5720/CTr-SCT", issued_on=date(2021, 10, 18))
    issue(annual, org.office, number="639/KH-SCT", issued_on=date(2026, 1, 23))
    lines = build_report(period, None, SETTINGS).sections[2].text.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "1. Cải cách thủ tục hành chính",
        "Có 2 nhiệm vụ chưa có kết quả trong kỳ, đang được đôn đốc thực hiện (chi tiết tại phụ lục “Việc chưa có "
        "kết quả”).",
        "a) Thực hiện Chương trình số 5720/CTr-SCT ngày 18/10/2021",
        "- Tỷ lệ hồ sơ đúng hạn (giai đoạn)",
        "- Công khai thủ tục (giai đoạn)",
        "b) Thực hiện Kế hoạch số 639/KH-SCT ngày 23/01/2026",
        "- Tỷ lệ hồ sơ đúng hạn (năm)",
        "- Công khai thủ tục (năm)",
    ]
