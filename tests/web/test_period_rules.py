"""The cases of issue #22 where two screens gave two figures, each as a regression test read from
the rendered pages and the exported files (tests/figures.py), never from the app's queries.

The year is last year, so every data window has ended: a period's figures are counted at the end
of its window (app.progress.period_rules, rule 5) whatever day the tests run.
"""
from datetime import date

import pytest

from app.formatting import local_today
from tests import figures
from tests.factories import issue, make_period, make_plan, make_progress_entry, make_task

Y = local_today().year - 1
DONE = {"status": "approved", "task_status": "done", "percent_done": 100}


def d(month, day, year=Y):
    return date(year, month, day)


@pytest.fixture
def annual(org):
    plan = make_plan(org.office, title=f"Kế hoạch CCHC năm {Y}", year=Y, areas=(1, 2))
    return plan


@pytest.fixture
def programme(org):
    return make_plan(org.office, title="Chương trình CCHC giai đoạn", kind="programme", start_year=Y - 5,
                     end_year=Y + 4, areas=(2,))


def _issue(annual, programme=None):
    issue(annual, number="639/KH-SCT", issued_on=d(1, 23))
    if programme is not None:
        issue(programme, number="5720/CTr-SCT", issued_on=d(10, 18, Y - 5))


def test_overdue_is_counted_at_the_same_stated_date_on_the_dashboard_and_the_checklist(org, annual, as_user):
    """Issue #22: "the dashboard says 1 (counted at the window's end), Thanh tra's checklist says 10
    (counted today); neither says which date it counts at"."""
    make_task(annual.areas[0], org.ttr, "Việc hạn trong kỳ", deadline=d(5, 1), code="1.1")
    make_task(annual.areas[0], org.ttr, "Việc hạn sau kỳ", deadline=d(9, 30), code="1.2")
    _issue(annual)
    h1 = make_period("h1", Y)  # data window to 14/06: its figures are counted on that day
    board = figures.dashboard(as_user("vanphong").get(f"/dashboard?period={h1.id}").text)
    checklist = figures.checklist(as_user("thanhtra").get(f"/checklist?period={h1.id}").text)
    assert board["overdue"] == checklist["quá hạn"] == 1
    assert checklist["rows"]["1.1"][0] == "overdue" and checklist["rows"]["1.2"][0] == "scheduled"
    said = f"tính đến 14/06/{Y}"
    assert said in board["overdue_label"] and checklist["as_of"].startswith(said)
    count, codes = figures.drill(as_user("vanphong").get(f"/dashboard/tasks?period={h1.id}&overdue=1").text)
    assert (count, codes) == (1, {"1.1"})


def test_a_units_task_count_is_the_same_on_the_dashboard_the_follow_up_and_the_checklist(org, annual, programme,
                                                                                        as_user):
    """Issue #22: "Văn phòng Sở's tasks: 20 on the dashboard, 32 on the period's follow-up page"."""
    make_task(annual.areas[0], org.vp, "Việc của kế hoạch năm", deadline=d(3, 1), code="1.1")
    done_early = make_task(annual.areas[0], org.vp, "Việc xong ở Quý I", deadline=d(2, 1), code="1.2")
    make_task(programme.areas[0], org.vp, "Việc thường xuyên của chương trình", code="CTr.1")
    last_year = make_plan(org.office, title=f"Kế hoạch CCHC năm {Y - 1}", year=Y - 1, areas=(1,))
    make_task(last_year.areas[0], org.vp, "Việc của kế hoạch năm trước", deadline=d(6, 30, Y - 1), code="C.1")
    _issue(annual, programme)
    issue(last_year, number="10/KH-SCT", issued_on=d(1, 20, Y - 1))
    q1, h1 = make_period("q1", Y), make_period("h1", Y)
    make_progress_entry(done_early, period=q1, completed_on=d(1, 25), **DONE)

    board = figures.dashboard(as_user("vanphong").get(f"/dashboard?period={h1.id}").text)
    follow_up = figures.follow_up(as_user("vanphong").get(f"/periods/{h1.id}/follow-up").text)
    checklist = figures.checklist(as_user("vanphong").get(f"/checklist?period={h1.id}&role=lead").text)
    assert board["units"]["Văn phòng Sở"]["tasks"] == follow_up["VP"]["tasks"] == checklist["nhiệm vụ"] == 3
    assert follow_up["VP"]["carried"] == 1 and board["units"]["Văn phòng Sở"]["done"] == 1
    assert figures.unit_reports(board["units"]["Văn phòng Sở"]["reports"])["đã hoàn thành ở kỳ trước"] == 1
    assert set(checklist["rows"]) == {"1.1", "1.2", "CTr.1"}  # not last year's plan


def test_a_task_done_in_a_later_period_stays_in_the_earlier_periods_figures(org, annual, as_user):
    """Issue #22: "A task approved as done in 6 tháng drops out of Quý I's follow-up page, while
    Quý I's dashboard counts it as unreported"."""
    task = make_task(annual.areas[1], org.ttr, "Việc báo cáo ở 6 tháng", deadline=d(5, 1), code="2.1")
    make_task(annual.areas[1], org.ttr, "Việc thường xuyên", code="2.2")
    _issue(annual)
    q1, h1 = make_period("q1", Y), make_period("h1", Y)
    make_progress_entry(task, period=h1, completed_on=d(4, 20), **DONE)

    office = as_user("vanphong")
    quarter = figures.dashboard(office.get(f"/dashboard?period={q1.id}").text)
    quarter_follow_up = figures.follow_up(office.get(f"/periods/{q1.id}/follow-up").text)
    assert quarter["units"]["Thanh tra Sở"]["tasks"] == quarter_follow_up["TTr"]["tasks"] == 2
    assert quarter["unreported"] == 2 and quarter_follow_up["TTr"]["not_started"] == 2
    assert (quarter["done"], quarter_follow_up["TTr"]["carried"]) == (0, 0)  # a later period changes nothing
    half = figures.dashboard(office.get(f"/dashboard?period={h1.id}").text)
    half_follow_up = figures.follow_up(office.get(f"/periods/{h1.id}/follow-up").text)
    assert (half["done"], half["total"]) == (1, 2) and half_follow_up["TTr"]["approved"] == 1


def test_a_programmes_approved_result_counts_under_all_plans_and_reads_under_its_programme(
        org, annual, programme, as_user):
    """Issue #22: "An approved entry on a task of the programme 5720/CTr-SCT, which the checklist
    asks the unit to report, appears nowhere on the dashboard or in the report under 'Tất cả kế
    hoạch'"."""
    mine = make_task(annual.areas[1], org.ttr, "Việc của kế hoạch năm", deadline=d(5, 31), code="2.1")
    theirs = make_task(programme.areas[0], org.ttr, "Việc của chương trình", deadline=d(5, 31), code="CTr.1")
    _issue(annual, programme)
    h1 = make_period("h1", Y)
    make_progress_entry(mine, period=h1, completed_on=d(5, 10), result="KẾT QUẢ CỦA KẾ HOẠCH NĂM", **DONE)
    make_progress_entry(theirs, period=h1, completed_on=d(5, 20), result="KẾT QUẢ CỦA CHƯƠNG TRÌNH", **DONE)

    office = as_user("vanphong")
    checklist = figures.checklist(as_user("thanhtra").get(f"/checklist?period={h1.id}").text)
    board = figures.dashboard(office.get(f"/dashboard?period={h1.id}").text)
    assert set(checklist["rows"]) == {"2.1", "CTr.1"} and checklist["đã hoàn thành"] == 2
    assert (board["done"], board["total"]) == (2, 2)
    assert "639/KH-SCT" in board["coverage"] and "5720/CTr-SCT" in board["coverage"]

    report = figures.docx_summary(office.get(f"/reports/periods/{h1.id}/report.docx").data)
    assert (report["done"], report["total"]) == (2, 2)
    lines = report["text"].splitlines()
    heading = next(i for i, line in enumerate(lines) if line.startswith("a) Thực hiện Chương trình số 5720/CTr-SCT"))
    result = next(i for i, line in enumerate(lines) if "KẾT QUẢ CỦA CHƯƠNG TRÌNH" in line)
    assert heading < result and not lines[heading + 1:result].count("b) Thực hiện Kế hoạch số 639/KH-SCT")
    annex = figures.xlsx(office.get(f"/reports/periods/{h1.id}/annex.xlsx").data)
    assert annex["tasks"]["CTr.1"] == {"status": "Hoàn thành đúng hạn", "plan": "5720/CTr-SCT"}


def test_a_plan_the_figures_leave_out_is_named_on_the_page(org, annual, as_user):
    """A thematic plan of the year issued after the data window is not in the period's figures,
    and the dashboard says so; a plan chosen for the report leaves the others out, and says so."""
    make_task(annual.areas[0], org.ttr, "Việc của kế hoạch năm", deadline=d(5, 31), code="1.1")
    later = make_plan(org.office, title="Kế hoạch tuyên truyền CCHC", kind="thematic", year=Y, areas=(1,))
    make_task(later.areas[0], org.ttr, "Việc tuyên truyền", deadline=d(9, 30), code="TT.1")
    _issue(annual)
    issue(later, number="77/KH-SCT", issued_on=d(7, 1))
    h1, m9 = make_period("h1", Y), make_period("m9", Y)
    office = as_user("vanphong")
    board = figures.dashboard(office.get(f"/dashboard?period={h1.id}").text)
    assert board["total"] == 1
    assert f"không tính: 77/KH-SCT (ban hành ngày 01/07/{Y}, sau kỳ số liệu)" in board["coverage"]
    nine = figures.dashboard(office.get(f"/dashboard?period={m9.id}").text)
    assert nine["total"] == 2 and "không tính" not in nine["coverage"]
    draft = office.get(f"/reports/periods/{m9.id}/draft?plan={annual.id}").text
    assert "không tính: 77/KH-SCT (không thuộc phạm vi đã chọn)" in " ".join(draft.split())
