"""Evidence in a real browser: upload through the file picker with a progress bar, the citation
pre-filled from the PDF's header, one field corrected and saved; files dropped on the zone."""
import io
import os
from datetime import date

import pytest
from playwright.sync_api import expect

from app.demo.documents import make_demo_pdf
from app.progress.models import Evidence
from tests.factories import PASSWORD, count, issue, make_plan, make_progress_entry, make_task

from .conftest import login, screenshot

pytestmark = pytest.mark.browser

SUMMARY = "Về việc ban hành Kế hoạch kiểm soát thủ tục hành chính năm 2026"


@pytest.fixture
def entry(org):
    plan = make_plan(org.office, areas=(2,))
    task = make_task(plan.areas[0], org.ttr, "Rà soát, công khai thủ tục hành chính")
    issue(plan, org.office)
    return make_progress_entry(task)


def big_pdf(path) -> str:
    """A generated decision with 1.5 MB of random bytes attached (so the upload takes a while)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_demo_pdf(
        "125/QĐ-SCT", date(2026, 3, 12), "Sở Công Thương", "QUYẾT ĐỊNH", SUMMARY,
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"))))
    writer.add_attachment("phu-luc.bin", os.urandom(1_500_000))
    with open(path, "wb") as handle:
        writer.write(handle)
    return str(path)


RECORD_PROGRESS = """
window.__uploadProgress = [];
document.addEventListener("htmx:xhr:progress", function (e) {
  var bar = document.querySelector("form.evidence-upload progress");
  window.__uploadProgress.push([Math.round(e.detail.loaded / e.detail.total * 100), bar ? bar.value : -1,
                                bar ? !bar.closest("[hidden]") : false]);
});
"""


def test_upload_a_pdf_with_progress_then_confirm_the_prefilled_citation(page, live_server, org, entry, watch,
                                                                         tmp_path):
    path = big_pdf(tmp_path / "Quyết định 125-QĐ-SCT.pdf")
    login(page, live_server.url, "thanhtra", PASSWORD)
    page.goto(f"{live_server.url}/entries/{entry.id}/evidence")
    expect(page.get_by_role("heading", name="Tài liệu kiểm chứng", level=4)).to_be_visible()
    page.evaluate(RECORD_PROGRESS)
    cdp = page.context.new_cdp_session(page)  # a slow office network: about 1 MB/s up
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 20, "downloadThroughput": -1,
                                                  "uploadThroughput": 1_000_000})

    page.get_by_label("Thêm tài liệu kiểm chứng").set_input_files(path)
    expect(page.locator("form.evidence-upload progress")).to_be_visible()
    expect(page.get_by_text("Đang tải lên…")).to_be_visible()

    number = page.get_by_label("Số ký hiệu")
    expect(number).to_have_value("125/QĐ-SCT", timeout=20_000)
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1,
                                                  "uploadThroughput": -1})
    progress = page.evaluate("window.__uploadProgress")
    assert any(0 < loaded < 100 and bar == loaded and shown for loaded, bar, shown in progress), progress
    expect(page.get_by_label("Ngày ban hành")).to_have_value("12/03/2026")
    issuer = page.get_by_label("Cơ quan ban hành")
    expect(issuer).to_have_value("Sở Công Thương")
    expect(page.get_by_label("Trích yếu")).to_have_value(SUMMARY)
    screenshot(page, "evidence-prefilled")

    issuer.fill("Sở Công Thương tỉnh Đồng Nai")
    page.get_by_role("button", name="Lưu thông tin tài liệu").click()
    item = page.locator(".evidence-item")
    expect(item).to_contain_text("125/QĐ-SCT ngày 12/03/2026 của Sở Công Thương tỉnh Đồng Nai")
    expect(item.get_by_role("link", name="Quyết định 125-QĐ-SCT.pdf", exact=True)).to_be_visible()
    expect(page.get_by_label("Số ký hiệu")).to_have_count(0)
    screenshot(page, "evidence-saved")

    live_server.refresh()
    evidence = Evidence.query.one()
    assert (evidence.number, evidence.issued_on, evidence.issuer, evidence.summary) == (
        "125/QĐ-SCT", date(2026, 3, 12), "Sở Công Thương tỉnh Đồng Nai", SUMMARY)
    assert evidence.size == os.path.getsize(path)
    assert watch.csp_violations == [] and watch.page_errors == [] and watch.console_errors == []


DROP_TWO_FILES = """
([pdf, txt]) => {
  const zone = document.querySelector("[data-dropzone]");
  const data = new DataTransfer();
  data.items.add(new File([new Uint8Array(pdf)], "Kế hoạch 45.pdf", {type: "application/pdf"}));
  data.items.add(new File([txt], "ghi chú.txt", {type: "text/plain"}));
  zone.dispatchEvent(new DragEvent("dragover", {bubbles: true, cancelable: true, dataTransfer: data}));
  zone.dispatchEvent(new DragEvent("drop", {bubbles: true, cancelable: true, dataTransfer: data}));
}
"""


def test_files_dropped_on_the_zone_are_uploaded_together(page, live_server, org, entry, watch):
    pdf = make_demo_pdf("45/KH-SCT", date(2026, 2, 5), "Sở Công Thương", "KẾ HOẠCH",
                        "Tuyên truyền cải cách hành chính năm 2026")
    login(page, live_server.url, "thanhtra", PASSWORD)
    page.goto(f"{live_server.url}/entries/{entry.id}/evidence")
    page.evaluate(DROP_TWO_FILES, [list(pdf), "Danh sách thủ tục đã rà soát\n"])
    expect(page.get_by_role("button", name="Lưu thông tin tài liệu")).to_have_count(2)
    expect(page.get_by_label("Số ký hiệu").first).to_have_value("45/KH-SCT")
    live_server.refresh()
    assert count(Evidence) == 2
    assert watch.csp_violations == [] and watch.page_errors == []


def test_a_refused_file_says_why_and_the_page_stays_usable(page, live_server, org, entry, watch, tmp_path):
    path = tmp_path / "quyet-dinh.pdf"
    path.write_bytes(b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")
    login(page, live_server.url, "thanhtra", PASSWORD)
    page.goto(f"{live_server.url}/entries/{entry.id}/evidence")
    page.get_by_label("Thêm tài liệu kiểm chứng").set_input_files(str(path))
    expect(page.get_by_role("alert").filter(has_text="là trang web")).to_be_visible()
    expect(page.get_by_label("Thêm tài liệu kiểm chứng")).to_be_enabled()
    live_server.refresh()
    assert count(Evidence) == 0
    assert watch.csp_violations == [] and watch.page_errors == []
