"""Many-valued choices of units (cooperating units, supervised units) are real checkboxes that app.js makes
searchable: the search ignores diacritics and finds a unit by its short name; the chosen units show as chips
that unchoose; the keyboard works throughout; without script the checkboxes alone do the job."""
import re

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.org.models import User
from app.plans.models import Task
from tests.factories import PASSWORD, make_plan, make_task, make_unit

from .conftest import login, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def more_units(org):
    """Seven units besides the board: a list that long gets its search box."""
    return [make_unit(name, short) for name, short in (
        ("Phòng Quản lý Công nghiệp", "QLCN"), ("Phòng Quản lý Thương mại", "QLTM"),
        ("Phòng Quản lý Năng lượng", "QLNL"), ("Trung tâm Khuyến công và Xúc tiến thương mại", "TTKC"))]


def test_cooperating_units_are_found_without_diacritics_or_by_short_name(page, live_server, org, more_units,
                                                                         watch):
    plan = make_plan(areas=(2,))
    task = make_task(plan.areas[0], org.ttr, "Rà soát, công khai thủ tục hành chính")
    login(page, live_server.url, "vanphong", PASSWORD)
    page.goto(f"{live_server.url}/plans/{plan.id}/edit")
    page.get_by_role("button", name=re.compile("^Sửa nhiệm vụ")).click()
    group = page.get_by_role("group", name="Đơn vị phối hợp")
    search = group.get_by_role("searchbox", name="Tìm trong danh sách Đơn vị phối hợp")
    visible = group.locator("label.check:visible")
    expect(visible).to_have_count(7)

    search.fill("quan ly")  # typed without diacritics
    expect(visible).to_have_count(3)
    expect(group.get_by_text("3 kết quả")).to_be_visible()
    search.fill("thuong mai")
    expect(visible).to_have_count(2)  # QLTM, and the Trung tâm "… Xúc tiến thương mại"
    search.fill("QLTM")  # a short name
    expect(visible).to_have_count(1)
    search.press("ArrowDown")  # into the list, then Space chooses, as in any checkbox list
    expect(group.get_by_role("checkbox", name="Phòng Quản lý Thương mại")).to_be_focused()
    page.keyboard.press("Space")
    expect(group.get_by_role("button", name="Bỏ chọn QLTM")).to_be_visible()  # its chip

    search.fill("VP")
    search.press("Enter")  # never submits the task form
    expect(search).to_be_visible()
    expect(visible).to_have_count(1)
    group.get_by_role("checkbox", name="Văn phòng Sở").check()
    search.press("Escape")  # clears the search
    expect(search).to_have_value("")
    expect(visible).to_have_count(7)
    group.get_by_role("button", name="Bỏ chọn QLTM").click()
    expect(group.get_by_role("checkbox", name="Phòng Quản lý Thương mại")).not_to_be_checked()
    expect(group.get_by_role("button", name=re.compile("^Bỏ chọn"))).to_have_count(1)
    screenshot(page, "unit-list-task-editor", full_page=False)

    page.get_by_role("button", name="Lưu nhiệm vụ").click()
    expect(page.get_by_text("Phối hợp: VP")).to_be_visible()
    live_server.refresh()
    assert [u.short_name for u in db.session.get(Task, task.id).cooperating_units] == ["VP"]
    assert not watch.csp_violations and not watch.page_errors


def test_without_script_supervised_units_are_plain_checkboxes(new_page, live_server, org, more_units):
    page = new_page(java_script_enabled=False)
    login(page, live_server.url, "quantri", PASSWORD)
    page.goto(f"{live_server.url}/users/{org.supervisor.id}")
    group = page.get_by_role("group", name="Các đơn vị phụ trách")
    expect(group.get_by_role("checkbox")).to_have_count(7)
    expect(group.get_by_role("searchbox")).to_have_count(0)
    group.get_by_role("checkbox", name="Phòng Quản lý Năng lượng").check()
    page.get_by_role("button", name="Lưu phân công").click()
    live_server.refresh()
    supervised = db.session.get(User, org.supervisor.id).supervised_units
    assert sorted(u.short_name for u in supervised) == ["QLNL", "TTr"]
