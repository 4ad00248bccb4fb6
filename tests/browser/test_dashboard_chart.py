"""The dashboard's "Diễn biến" chart is drawn at the size of what it shows, not stretched to the page."""
import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, make_period

from .conftest import issued_plan, login, screenshot

pytestmark = pytest.mark.browser


def test_the_history_chart_is_sized_to_its_content(page, live_server, org):
    issued_plan(tasks=[(0, org.ttr, "Kiểm tra công tác pháp chế", None, ())])
    make_period("q1", 2026)
    half = make_period("h1", 2026)
    login(page, live_server.url, "vanphong", PASSWORD)
    page.goto(f"{live_server.url}/dashboard/history?period={half.id}")
    chart = page.get_by_role("img", name=re.compile("^Tỷ lệ hoàn thành qua các kỳ"))
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    # Two periods: two columns, about 300 x 210 px (it was 600 x 470, mostly empty, on a wide screen).
    assert box["width"] <= 320 and box["height"] <= 220, box
    table = page.get_by_role("table").bounding_box()
    assert table["y"] - (box["y"] + box["height"]) < 40  # the table follows the chart closely
    screenshot(page, "dashboard-history-chart", full_page=False)
