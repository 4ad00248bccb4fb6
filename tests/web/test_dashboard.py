"""The dashboard (tổng hợp) through the pages: scope by role, drill-down, htmx refresh."""
import re


from app.extensions import db
from app.transactions import transaction
from tests.factories import HX
from tests.db.test_stats import world  # noqa: F401  (the hand-computed fixture)


def kpi(page, label):
    match = re.search(r'<span class="kpi-value">(?:<a [^>]*>)?([^<]+)(?:</a>)?</span><span class="kpi-label">' + label,
                      page)
    return match.group(1) if match else None


def test_the_office_sees_the_whole_department(as_user, world):  # noqa: F811
    page = as_user("vanphong").get(f"/dashboard?period={world['period'].id}").text
    assert "Toàn Sở" in page
    assert kpi(page, "nhiệm vụ hoàn thành") == "3/8" and "(37,5%)" in page
    assert kpi(page, "quá hạn") == "2" and kpi(page, "báo cáo chờ duyệt") == "1"
    assert kpi(page, "chỉ tiêu đo được đã đạt") == "2/3"
    assert "Thanh tra Sở" in page and "Phòng Kế hoạch - Tài chính - Tổng hợp" in page
    assert "Thiếu người" in page and "Không được tính" not in page  # digest: approved entries only
    assert "<svg class=\"stack\"" in page and "<script" not in page.split("</header>")[1]


def test_a_focal_unit_sees_only_its_areas(as_user, world):  # noqa: F811
    org = world["org"]
    area = world["tasks"][1].area
    with transaction():
        area.focal_unit_id = org.ttr.id
    page = as_user("thanhtra").get(f"/dashboard?period={world['period'].id}").text
    assert "Các nội dung Thanh tra Sở làm đầu mối" in page
    assert kpi(page, "nhiệm vụ hoàn thành") == "3/3"
    assert "Cải cách thủ tục hành chính" not in page


def test_unit_staff_see_only_their_unit(as_user, world):  # noqa: F811
    client = as_user("khtc")
    page = client.get(f"/dashboard?period={world['period'].id}").text
    assert kpi(page, "nhiệm vụ hoàn thành") == "0/3"
    assert "Nhiệm vụ 1" not in client.get(f"/dashboard/tasks?period={world['period'].id}").text
    drill = client.get(f"/dashboard/tasks?period={world['period'].id}&unit={world['org'].ttr.id}").text
    assert "Nhiệm vụ 1" not in drill and "Không có nhiệm vụ nào." in drill


def test_every_number_drills_down_to_its_tasks(as_user, world):  # noqa: F811
    client = as_user("vanphong")
    pid = world["period"].id
    done = client.get(f"/dashboard/tasks?period={pid}&bucket=done", headers=HX)
    assert done.status_code == 200 and "<html" not in done.text
    titles = set(re.findall(r">(Nhiệm vụ \d)<", done.text))
    assert titles == {"Nhiệm vụ 1", "Nhiệm vụ 2", "Nhiệm vụ 8"}
    assert "duyệt ở Quý I năm 2026" in done.text  # t8 carried from Quý I
    overdue = set(re.findall(r">(Nhiệm vụ \d)<", client.get(f"/dashboard/tasks?period={pid}&overdue=1").text))
    assert overdue == {"Nhiệm vụ 3", "Nhiệm vụ 5"}
    waiting = set(re.findall(r">(Nhiệm vụ \d)<", client.get(f"/dashboard/tasks?period={pid}&waiting=1").text))
    assert waiting == {"Nhiệm vụ 5"}
    page = client.get(f"/dashboard?period={pid}").text
    assert f'hx-get="/dashboard/tasks?period={pid}&amp;bucket=done"' in page


def test_the_dashboard_refreshes_itself_with_htmx(as_user, world):  # noqa: F811
    client = as_user("lanhdao")
    fragment = client.get(f"/dashboard?period={world['period'].id}", headers=HX).text
    assert fragment.lstrip().startswith('<div id="dashboard"')
    assert 'hx-trigger="every 60s' in fragment and "<html" not in fragment


def test_comparison_across_the_periods_of_the_year(as_user, world):  # noqa: F811
    client = as_user("vanphong")
    dashboard = client.get(f"/dashboard?period={world['period'].id}").text
    assert f'hx-get="/dashboard/history?period={world["period"].id}" hx-trigger="load"' in dashboard
    page = client.get(f"/dashboard/history?period={world['period'].id}", headers=HX).text
    assert "Diễn biến qua các kỳ năm 2026" in page
    assert "Quý I năm 2026" in page and "1/8" in page and "3/8" in page
    assert '<svg class="columns"' in page


def test_unknown_period_is_404_and_anonymous_goes_to_login(app, as_user, world):  # noqa: F811
    assert as_user("vanphong").get("/dashboard?period=99999").status_code == 404
    assert app.test_client().get("/dashboard").status_code == 302
    db.session.rollback()
