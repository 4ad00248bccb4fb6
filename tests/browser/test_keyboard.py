"""The keyboard alone: a unit head opens an entry of the checklist, fills it, saves it and sends it without
touching the mouse; the focus is never dropped to the page, every focus ring on the way is a solid 2 px (or
wider) line with 3:1 contrast against what is behind it, and nothing typed reaches the checklist's filters."""
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.progress.models import ProgressEntry
from tests.factories import PASSWORD, make_period

from .conftest import issued_plan, login, screenshot

pytestmark = pytest.mark.browser

TITLE = "Rà soát, công khai thủ tục hành chính"

# What the focused element shows: its outline (the file picker's hidden input shows it on its label) and the
# colour behind the ring: the first opaque background under a point just outside the element (the ring is
# drawn there, over whatever lies around the element, e.g. the header under the skip link).
RING = """() => {
  const el = document.activeElement;
  const ring = el.matches(".file-picker .file-input") ? el.nextElementSibling : el;
  const style = getComputedStyle(ring), box = ring.getBoundingClientRect();
  const x = box.left >= 4 ? box.left - 3 : box.right + 3, y = box.top + box.height / 2;
  let node = document.elementsFromPoint(x, y).find(n => n !== ring && !ring.contains(n)), behind = "rgb(255, 255, 255)";
  while (node) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg !== "transparent" && !/rgba\\(.*,\\s*0\\)$/.test(bg)) { behind = bg; break; }
    node = node.parentElement;
  }
  const name = (el.getAttribute("aria-label") || el.textContent || el.name || el.id || "").trim().slice(0, 40);
  return {what: el.tagName.toLowerCase() + " " + name, width: parseFloat(style.outlineWidth),
          style: style.outlineStyle, color: style.outlineColor, behind: behind,
          inPanel: !!el.closest(".entry-panel"), body: el === document.body};
}"""


def _luminance(css_color):
    r, g, b = (int(float(c)) / 255 for c in re.findall(r"[\d.]+", css_color)[:3])
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a, b):
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


class Keyboard:
    """Presses keys and checks the focus ring of every element the focus lands on."""

    def __init__(self, page):
        self.page, self.seen = page, []

    def focused(self):
        ring = self.page.evaluate(RING)
        assert not ring["body"], f"the focus fell to the page after {self.seen[-3:]}"
        assert ring["style"] == "solid" and ring["width"] >= 2, f"no 2 px focus ring on {ring}"
        assert contrast(ring["color"], ring["behind"]) >= 3, f"focus ring below 3:1 on {ring}"
        self.seen.append(ring["what"])
        return ring

    def press(self, key):
        self.page.keyboard.press(key)
        return self.focused()

    def tab_to(self, name, limit=60):
        """Tab until the focused element's text or label is ``name``."""
        for _ in range(limit):
            if self.press("Tab")["what"].split(" ", 1)[-1] == name:
                return
        raise AssertionError(f"Tab never reached “{name}”: {self.seen[-10:]}")


def test_unit_head_reports_and_sends_an_entry_with_the_keyboard_alone(new_page, live_server, org, watch):
    plan = issued_plan(tasks=[(0, org.ttr, TITLE, date(2026, 6, 30), ())])
    make_period("h1", 2026)
    page = new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # hx-confirm of "Gửi duyệt"
    login(page, live_server.url, "chanhthanhtra", PASSWORD)
    page.goto(f"{live_server.url}/checklist")
    start_url = page.url
    filters = page.get_by_role("search", name="Lọc nhiệm vụ")
    before = filters.evaluate("f => new URLSearchParams(new FormData(f)).toString()")
    keys = Keyboard(page)

    # From the top of the page through the header, the filters and the rows to the task's button.
    keys.tab_to("Báo cáo kỳ này")
    keys.press("Enter")
    panel = page.get_by_role("region", name=re.compile("Báo cáo nhiệm vụ"))
    expect(panel).to_be_visible()
    # The focus moves once htmx has settled the swap, a moment after the panel shows.
    expect(panel.locator("input[name=task_status]:focus")).to_have_count(1)
    ring = keys.focused()
    assert ring["inPanel"], ring

    for _ in range(4):  # arrows move the choice within the status radios
        if page.evaluate("document.activeElement.labels[0].textContent.trim()") == "Hoàn thành":
            break
        keys.press("ArrowRight")
    expect(panel.get_by_label("Hoàn thành", exact=True)).to_be_checked()
    keys.press("Tab")
    expect(panel.get_by_label("Tỷ lệ hoàn thành (%)")).to_be_focused()
    page.keyboard.type("100")
    keys.press("Tab")
    expect(panel.get_by_label("Ngày hoàn thành")).to_be_focused()
    page.keyboard.type("20/06/2026")
    keys.press("Tab")
    page.keyboard.type("Đã công khai 125 thủ tục hành chính")
    for _ in range(3):  # past "Khó khăn, vướng mắc" and "Đề xuất, kiến nghị"
        keys.press("Tab")
    expect(panel.get_by_label("Giải trình")).to_be_focused()
    page.keyboard.type("Quyết định công bố đang trình ký")

    keys.tab_to("Lưu nháp")
    keys.press("Enter")
    expect(panel.locator(".saved")).to_contain_text("Đã lưu lúc")
    expect(page.locator("#announcer")).to_contain_text("Đã lưu lúc")  # read out by the polite live region
    expect(panel.get_by_role("button", name="Lưu nháp")).to_be_focused()  # still in the panel
    assert keys.focused()["inPanel"]

    keys.tab_to("Gửi duyệt", limit=10)
    keys.press("Enter")
    expect(panel).to_contain_text("Chờ duyệt")
    for _ in range(50):  # the focus moves once htmx has settled the swap (wait_for_function needs eval: CSP)
        if page.evaluate("document.activeElement !== document.body"):
            break
        page.wait_for_timeout(100)
    assert keys.focused()["inPanel"]  # the panel itself, now read-only
    screenshot(page, "keyboard-sent")

    # Nothing typed on the way went to the filters: same URL, same filter values.
    assert page.url == start_url
    assert filters.evaluate("f => new URLSearchParams(new FormData(f)).toString()") == before
    live_server.refresh()
    entry = db.session.query(ProgressEntry).one()
    assert (entry.status, entry.task_status, entry.percent_done, entry.completed_on, entry.result,
            entry.explanation) == ("submitted", "done", 100, date(2026, 6, 20),
                                   "Đã công khai 125 thủ tục hành chính", "Quyết định công bố đang trình ký")
    assert entry.task.plan_id == plan.id
    # The walk went through links, buttons, a summary, fields and the panel, each with its ring.
    assert any(w.startswith("summary") for w in keys.seen) and any(w.startswith("a ") for w in keys.seen)
    assert any(w.startswith("select") for w in keys.seen) and any(w.startswith("textarea") for w in keys.seen)
    assert not watch.csp_violations and not watch.page_errors, (watch.csp_violations, watch.page_errors)


def test_a_click_on_the_entry_button_also_puts_the_focus_in_the_first_field(page, live_server, org):
    issued_plan(tasks=[(0, org.ttr, TITLE, date(2026, 6, 30), ())])
    make_period("h1", 2026)
    login(page, live_server.url, "thanhtra", PASSWORD)
    page.goto(f"{live_server.url}/checklist")
    page.get_by_role("button", name="Báo cáo kỳ này").click()
    panel = page.get_by_role("region", name=re.compile("Báo cáo nhiệm vụ"))
    expect(panel).to_be_visible()
    expect(panel.locator("input[name=task_status]:focus")).to_have_count(1)  # the status, the first field

    panel.get_by_role("button", name="Đóng").click()
    expect(page.get_by_role("button", name="Báo cáo kỳ này")).to_be_focused()  # back where it opened
