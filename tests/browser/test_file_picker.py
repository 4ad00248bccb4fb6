"""Every file input is a Vietnamese picker: a button-like label in a drop zone that says what was chosen. The
browser's own "Choose Files" / "No file chosen" never shows; the real input stays labelled and in the Tab order."""
import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, issue, make_plan, make_progress_entry, make_task

from .conftest import login, screenshot

pytestmark = pytest.mark.browser

BROWSER_TEXT = re.compile(r"choose file|no file|browse", re.I)

# The native control is there but not seen: transparent and one pixel; its label is what one sees and clicks.
NATIVE = """input => { const s = getComputedStyle(input), b = input.getBoundingClientRect();
  return {opacity: s.opacity, width: b.width, label: input.labels[0].getBoundingClientRect().height}; }"""


def _check_picker(page, label):
    picker = page.get_by_label(label)  # the input itself, named by its label
    expect(picker).to_have_attribute("type", "file")
    expect(picker).to_have_accessible_name(label)
    expect(picker).to_have_accessible_description(re.compile("^Chưa chọn tệp nào"))
    native = picker.evaluate(NATIVE)
    assert native["opacity"] == "0" and native["width"] <= 1 and native["label"] >= 44, native
    zone = page.locator("[data-dropzone]")
    expect(zone).to_contain_text(label)
    expect(zone).to_contain_text("Chưa chọn tệp nào")
    assert not BROWSER_TEXT.search(page.locator("body").inner_text())

    # Reachable with Tab: the focus lands on the input and its label shows the ring.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "file":
            break
    expect(picker).to_be_focused()
    ring = page.locator(".file-button").evaluate("e => getComputedStyle(e).outlineWidth")
    assert float(ring.removesuffix("px")) >= 2
    return picker


def test_plan_import_picker_is_vietnamese_and_names_the_chosen_file(page, live_server, org, tmp_path):
    document = tmp_path / "Kế hoạch 639.txt"
    document.write_text("KẾ HOẠCH\nCải cách hành chính năm 2026\n", encoding="utf-8")
    login(page, live_server.url, "vanphong", PASSWORD)
    page.goto(f"{live_server.url}/plans/import")
    picker = _check_picker(page, "Tệp văn bản kế hoạch")
    picker.set_input_files(str(document))
    expect(page.locator("[data-file-chosen]")).to_have_text("Đã chọn: Kế hoạch 639.txt")
    expect(picker).to_have_accessible_description(re.compile("^Đã chọn: Kế hoạch 639.txt"))
    screenshot(page, "file-picker-import", full_page=False)


def test_evidence_picker_is_vietnamese_and_keyboard_reachable(page, live_server, org):
    plan = make_plan(org.office, areas=(2,))
    task = make_task(plan.areas[0], org.ttr, "Rà soát, công khai thủ tục hành chính")
    issue(plan, org.office)
    entry = make_progress_entry(task)
    login(page, live_server.url, "thanhtra", PASSWORD)
    page.goto(f"{live_server.url}/entries/{entry.id}/evidence")
    _check_picker(page, "Thêm tài liệu kiểm chứng")
    expect(page.locator("[data-dropzone]")).to_contain_text("kéo thả các tệp vào khung này")
    screenshot(page, "file-picker-evidence", full_page=False)
