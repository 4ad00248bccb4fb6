"""Nothing typed in an entry is lost, in a real browser: "Gửi duyệt" sends the form as it is (what was
typed is saved and sent in one request), a refused send gives back what was typed, leaving a panel
or the page with unsaved edits asks first (in Vietnamese), and evidence attached before the first save
stores the entry without touching the form."""
import re
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.plans.models import Task
from app.progress.models import ProgressEntry
from tests.factories import PASSWORD, issue, make_period, make_plan, make_progress_entry, make_task
from tests.filegen import pdf_bytes

from .conftest import login, main_nav

pytestmark = pytest.mark.browser

FIRST, SECOND = "Rà soát, công khai thủ tục hành chính", "Kiểm tra việc thực hiện thủ tục"
UNSAVED = "Nội dung bạn vừa nhập chưa được lưu. Bỏ các thay đổi đó?"


@pytest.fixture
def reporting(org):
    """Two tasks Thanh tra Sở leads; the first has a draft entry of the open period."""
    plan = make_plan(areas=(2,))
    first = make_task(plan.areas[0], org.ttr, FIRST, deadline=date(2026, 6, 30))
    make_task(plan.areas[0], org.ttr, SECOND, deadline=date(2026, 12, 31))
    issue(plan)
    period = make_period("h1", 2026)
    make_progress_entry(first, period=period, task_status="in_progress", percent_done=40,
                        result="Bản nháp đã lưu", difficulties="", proposals="", explanation="", return_reason="")
    return first


def _card(page, title):
    return page.get_by_role("listitem").filter(has=page.get_by_role("link", name=title, exact=True))


def _panel(page, title):
    return _card(page, title).get_by_role("region", name=re.compile("Báo cáo nhiệm vụ"))


def _answer(page, accept: bool) -> list:
    """Answer the next dialog (accept or dismiss); what it asked is appended to the list returned."""
    seen = []

    def handle(dialog):
        seen.append((dialog.type, dialog.message))
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", handle)
    return seen


def _stored(task):
    db.session.expire_all()
    return db.session.scalar(select(ProgressEntry).where(ProgressEntry.task_id == task.id))


def _open(page, live_server, username, title=FIRST, button="Tiếp tục báo cáo"):
    login(page, live_server.url, username, PASSWORD)
    page.goto(f"{live_server.url}/checklist")
    _card(page, title).get_by_role("button", name=button).click()
    return _panel(page, title)


def test_the_head_edits_presses_send_without_saving_and_the_sent_entry_holds_the_edit(page, live_server,
                                                                                       reporting):
    panel = _open(page, live_server, "chanhthanhtra")
    panel.get_by_label("Kết quả thực hiện").fill("Đã công khai 125 thủ tục hành chính trên Cổng dịch vụ công")
    panel.get_by_label("Tỷ lệ hoàn thành (%)").fill("80 %")
    asked = _answer(page, accept=True)
    panel.get_by_role("button", name="Gửi duyệt").click()  # no "Lưu nháp" first
    expect(panel.get_by_role("status")).to_contain_text("Đã gửi duyệt lúc")
    expect(panel).to_contain_text("Đã công khai 125 thủ tục hành chính trên Cổng dịch vụ công")
    expect(panel).to_contain_text("Chờ duyệt")
    assert asked and asked[0][0] == "confirm" and "Lưu nội dung đang nhập" in asked[0][1]
    entry = _stored(reporting)
    assert (entry.status, entry.result, entry.percent_done) == (
        "submitted", "Đã công khai 125 thủ tục hành chính trên Cổng dịch vụ công", 80)


def test_a_refused_send_keeps_the_typed_explanation(page, live_server, reporting):
    panel = _open(page, live_server, "chanhthanhtra")
    panel.get_by_label("Hoàn thành", exact=True).check()
    panel.get_by_label("Giải trình").fill("Kết quả đã đăng trên Cổng dịch vụ công của tỉnh")
    _answer(page, accept=True)
    panel.get_by_role("button", name="Gửi duyệt").click()  # no completion date: refused
    expect(panel.get_by_text("Vui lòng nhập ngày hoàn thành.")).to_be_visible()
    expect(panel.get_by_label("Giải trình")).to_have_value("Kết quả đã đăng trên Cổng dịch vụ công của tỉnh")
    expect(panel.get_by_label("Hoàn thành", exact=True)).to_be_checked()
    assert _stored(reporting).status == "draft" and _stored(reporting).explanation == ""

    panel.get_by_label("Ngày hoàn thành").fill("20/06/2026")
    panel.get_by_label("Tỷ lệ hoàn thành (%)").fill("100")
    _answer(page, accept=True)
    panel.get_by_role("button", name="Gửi duyệt").click()
    expect(panel.get_by_role("status")).to_contain_text("Đã gửi duyệt lúc")
    entry = _stored(reporting)
    assert (entry.status, entry.task_status, entry.completed_on, entry.explanation) == (
        "submitted", "done", date(2026, 6, 20), "Kết quả đã đăng trên Cổng dịch vụ công của tỉnh")


def test_leaving_a_panel_or_the_page_with_unsaved_edits_asks_first(page, live_server, reporting):
    panel = _open(page, live_server, "thanhtra")
    result = panel.get_by_label("Kết quả thực hiện")
    result.click()
    result.press_sequentially(" – thêm 12 thủ tục")
    typed = "Bản nháp đã lưu – thêm 12 thủ tục"

    asked = _answer(page, accept=False)  # closing the panel
    panel.get_by_role("button", name="Đóng").click()
    assert asked == [("confirm", UNSAVED)]
    expect(result).to_have_value(typed)

    asked = _answer(page, accept=False)  # opening another task's panel (one is open at a time)
    _card(page, SECOND).get_by_role("button", name="Báo cáo kỳ này").click()
    assert asked == [("confirm", UNSAVED)]
    expect(_panel(page, SECOND)).to_have_count(0)
    expect(result).to_have_value(typed)

    asked = _answer(page, accept=False)  # leaving the page
    main_nav(page).get_by_role("link", name="Kế hoạch").click(no_wait_after=True)
    page.wait_for_timeout(300)
    assert [kind for kind, _ in asked] == ["beforeunload"]
    expect(page).to_have_url(re.compile(r"/checklist"))
    expect(result).to_have_value(typed)

    asked = _answer(page, accept=True)  # this time the edits are given up: the other panel opens
    _card(page, SECOND).get_by_role("button", name="Báo cáo kỳ này").click()
    expect(_panel(page, SECOND)).to_be_visible()
    expect(_panel(page, FIRST)).to_have_count(0)
    assert asked == [("confirm", UNSAVED)]
    assert _stored(reporting).result == "Bản nháp đã lưu"

    asked = []  # a panel without edits closes without a question
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    _panel(page, SECOND).get_by_role("button", name="Đóng").click()
    expect(_panel(page, SECOND)).to_have_count(0)
    page.reload()
    assert asked == []


def test_evidence_attached_before_the_first_save_keeps_what_was_typed_before_and_during_the_upload(
        page, live_server, reporting, tmp_path):
    pdf = tmp_path / "Biên bản kiểm tra.pdf"
    pdf.write_bytes(pdf_bytes())
    panel = _open(page, live_server, "thanhtra", title=SECOND, button="Báo cáo kỳ này")  # no entry yet
    panel.get_by_label("Tỷ lệ hoàn thành (%)").fill("35")
    cdp = page.context.new_cdp_session(page)  # a slow office line: the upload takes a second or two
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 20, "downloadThroughput": -1,
                                                  "uploadThroughput": 40_000})
    with page.expect_response(lambda r: r.url.endswith("/entry/evidence")) as uploaded:
        panel.get_by_label("Thêm tài liệu kiểm chứng").set_input_files(str(pdf))
        expect(panel.get_by_text("Đang tải lên…")).to_be_visible()
        panel.get_by_label("Kết quả thực hiện").fill("Đã kiểm tra 8 hồ sơ thủ tục hành chính")  # while it uploads
    assert uploaded.value.status == 200
    expect(panel.get_by_text("Thông tin tài liệu “Biên bản kiểm tra.pdf”")).to_be_visible()
    expect(panel.get_by_role("link", name="Lịch sử báo cáo")).to_be_visible()
    expect(panel.get_by_label("Kết quả thực hiện")).to_have_value("Đã kiểm tra 8 hồ sơ thủ tục hành chính")
    expect(panel.get_by_label("Tỷ lệ hoàn thành (%)")).to_have_value("35")
    task = db.session.scalar(select(Task).where(Task.title == SECOND))
    assert (_stored(task).percent_done, _stored(task).result) == (35, "")  # the form as it was when sent

    panel.get_by_label("Khó khăn, vướng mắc").fill("Hồ sơ giấy chưa số hóa")
    with page.expect_response(lambda r: r.url.endswith("/entry") and r.request.method == "POST") as saved:
        panel.get_by_role("button", name="Lưu nháp").click()
    assert saved.value.status == 200  # the version the upload gave the form: no conflict
    entry = _stored(task)
    assert (entry.percent_done, entry.result, entry.difficulties) == (
        35, "Đã kiểm tra 8 hồ sơ thủ tục hành chính", "Hồ sơ giấy chưa số hóa")
    assert [ev.original_name for ev in entry.live_evidence] == ["Biên bản kiểm tra.pdf"]
    asked = _answer(page, accept=False)
    _panel(page, SECOND).get_by_role("button", name="Đóng").click()
    expect(_panel(page, SECOND)).to_have_count(0)
    assert asked == []
