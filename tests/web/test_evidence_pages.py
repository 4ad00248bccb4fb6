"""Evidence through the pages: upload (htmx and plain), the pre-filled citation form, confirm or
correct, remove, download and inline view; and who is refused (another unit's staff gets 403 on
every route, and nothing changes)."""
import io
import re
from datetime import date

import pytest

from app.progress.models import Evidence
from app.storage import storage
from app.transactions import transaction
from tests import filegen
from tests.signin import sign_in
from tests.factories import (
    HX,
    assert_unchanged,
    count,
    fingerprint,
    fresh,
    issue,
    make_plan,
    make_progress_entry,
    make_task,
)

PDF = filegen.pdf_bytes(number="125/QĐ-SCT", issued_on=date(2026, 3, 12), issuer="Sở Công Thương",
                        kind_title="QUYẾT ĐỊNH", summary="Về việc ban hành Kế hoạch cải cách hành chính năm 2026")


@pytest.fixture
def entries(org):
    """Thanh tra leads ``own`` (KH-TC-TH cooperates) and nothing on ``solo``, a task of its own alone."""
    plan = make_plan(org.office, areas=(2,))
    shared = make_task(plan.areas[0], org.ttr, "Rà soát, công khai thủ tục hành chính", coop=[org.khtc])
    solo = make_task(plan.areas[0], org.ttr, "Kiểm tra việc giải quyết hồ sơ")
    issue(plan, org.office)
    own = make_progress_entry(shared)
    return {"own": own, "solo": make_progress_entry(solo, period=own.period)}


def upload(client, entry, *files, headers=HX):
    data = {"files": [(io.BytesIO(content), name) for content, name in files]}
    return client.post(f"/entries/{entry.id}/evidence", data=data, headers=headers,
                       content_type="multipart/form-data")



def value_of(html: str, label_id_suffix: str) -> str:
    match = re.search(rf'id="evidence-\d+-{label_id_suffix}"[^>]*value="([^"]*)"', html)
    if not match:
        match = re.search(rf'value="([^"]*)"[^>]*id="evidence-\d+-{label_id_suffix}"', html)
    return match.group(1) if match else ""


def test_upload_returns_the_section_with_the_prefilled_citation_form(app, org, entries):
    client = sign_in(app, "thanhtra")
    response = upload(client, entries["own"], (PDF, "Quyết định 125.pdf"))
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "evidence-changed"
    html = response.text
    assert 'id="evidence-%d"' % entries["own"].id in html
    assert "Quyết định 125.pdf" in html
    assert value_of(html, "number") == "125/QĐ-SCT"
    assert value_of(html, "issued_on") == "12/03/2026"
    assert value_of(html, "issuer") == "Sở Công Thương"
    assert "Về việc ban hành Kế hoạch cải cách hành chính năm 2026</textarea>" in html
    evidence = Evidence.query.one()
    assert evidence.number == "125/QĐ-SCT" and evidence.uploaded_by_id == org.ttr_staff.id


def test_several_files_at_once(app, org, entries):
    client = sign_in(app, "thanhtra")
    response = upload(client, entries["own"], (PDF, "a.pdf"), (filegen.docx_bytes(), "b.docx"),
                      (filegen.png_bytes(), "c.png"))
    assert response.status_code == 200
    assert count(Evidence) == 3
    assert response.text.count(">Lưu thông tin tài liệu</button>") == 3


def test_refused_type_is_a_422_with_the_reason_and_nothing_kept(app, org, entries):
    client = sign_in(app, "thanhtra")
    before = fingerprint()
    response = upload(client, entries["own"], (filegen.HTML_AS_PDF, "quyet-dinh.pdf"))
    assert response.status_code == 422
    assert "Tệp “quyet-dinh.pdf” là trang web" in response.text
    assert_unchanged(before)


def test_one_bad_file_refuses_the_whole_upload_and_deletes_the_others(app, org, entries):
    client = sign_in(app, "thanhtra")
    before = fingerprint()
    response = upload(client, entries["own"], (PDF, "tot.pdf"), (filegen.elf_bytes(), "xau.pdf"))
    assert response.status_code == 422
    assert "Tệp “xau.pdf” là tệp chương trình" in response.text
    assert "Chưa tệp nào được lưu" in response.text
    assert_unchanged(before)


def test_oversized_file_gets_the_evidence_message_not_a_413(app, org, entries):
    app.config["EVIDENCE_MAX_MB"] = 0.05
    client = sign_in(app, "thanhtra")
    before = fingerprint()
    response = upload(client, entries["own"], (b"%PDF-1.4\n" + b"0" * 200_000, "lon.pdf"))
    assert response.status_code == 422
    assert "Tệp “lon.pdf” vượt quá dung lượng cho phép: mỗi tệp tối đa 0,05 MB." in response.text
    assert_unchanged(before)


def test_request_above_the_request_cap_is_a_vietnamese_413(app, org, entries):
    app.config["MAX_CONTENT_LENGTH"] = 100_000
    client = sign_in(app, "thanhtra")
    response = upload(client, entries["own"], (b"0" * 200_000, "lon.pdf"))
    assert response.status_code == 413
    assert "Dữ liệu gửi lên vượt quá" in response.text and "<html" not in response.text
    assert count(Evidence) == 0


def test_no_file_chosen(app, org, entries):
    client = sign_in(app, "thanhtra")
    response = client.post(f"/entries/{entries['own'].id}/evidence", data={}, headers=HX)
    assert response.status_code == 422
    assert "Hãy chọn ít nhất một tệp" in response.text


def test_plain_upload_redirects_to_the_page_with_the_new_forms_open(app, org, entries):
    client = sign_in(app, "thanhtra")
    response = upload(client, entries["own"], (PDF, "qd.pdf"), headers={})
    assert response.status_code == 302
    evidence = Evidence.query.one()
    assert response.headers["Location"].endswith(f"/entries/{entries['own'].id}/evidence?edit={evidence.id}")
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and "<html" in page.text
    assert value_of(page.text, "number") == "125/QĐ-SCT"


def test_section_alone_for_htmx_and_as_a_page_otherwise(app, org, entries):
    client = sign_in(app, "thanhtra")
    url = f"/entries/{entries['own'].id}/evidence"
    fragment = client.get(url, headers=HX)
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert 'name="files"' in fragment.text and "Chưa có tài liệu kiểm chứng" in fragment.text
    page = client.get(url)
    assert "<html" in page.text and "Tài liệu kiểm chứng" in page.text


def test_confirm_or_correct_the_citation(app, org, entries):
    client = sign_in(app, "thanhtra")
    upload(client, entries["own"], (PDF, "qd.pdf"))
    evidence = Evidence.query.one()
    form = client.get(f"/evidence/{evidence.id}/edit", headers=HX)
    seen = re.search(r'name="seen" value="([^"]+)"', form.text).group(1)
    response = client.post(f"/evidence/{evidence.id}/edit", headers=HX, data={
        "seen": seen, "number": "125/QĐ-SCT", "issued_on": "13/03/2026", "issuer": "Sở Công Thương tỉnh Đồng Nai",
        "summary": "Về việc ban hành Kế hoạch cải cách hành chính năm 2026"})
    assert response.status_code == 200
    assert "125/QĐ-SCT ngày 13/03/2026 của Sở Công Thương tỉnh Đồng Nai" in response.text
    row = fresh(Evidence, evidence.id)
    assert row.issued_on == date(2026, 3, 13) and row.issuer == "Sở Công Thương tỉnh Đồng Nai"


def test_bad_citation_input_is_a_422_and_nothing_changes(app, org, entries):
    client = sign_in(app, "thanhtra")
    upload(client, entries["own"], (PDF, "qd.pdf"))
    evidence = Evidence.query.one()
    response = client.post(f"/evidence/{evidence.id}/edit", headers=HX, data={
        "number": "x" * 101, "issued_on": "31/02/2026", "issuer": "", "summary": ""})
    assert response.status_code == 422
    assert "Ngày không hợp lệ" in response.text and "Tối đa 100 ký tự." in response.text
    assert fresh(Evidence, evidence.id).number == "125/QĐ-SCT"


def test_a_stale_citation_form_is_refused(app, org, entries):
    client = sign_in(app, "thanhtra")
    upload(client, entries["own"], (PDF, "qd.pdf"))
    evidence = Evidence.query.one()
    seen = re.search(r'name="seen" value="([^"]+)"', client.get(f"/evidence/{evidence.id}/edit", headers=HX).text)[1]
    head = sign_in(app, "chanhthanhtra")
    assert head.post(f"/evidence/{evidence.id}/edit", headers=HX,
                     data={"seen": seen, "number": "1/QĐ-SCT"}).status_code == 200
    response = client.post(f"/evidence/{evidence.id}/edit", headers=HX, data={"seen": seen, "number": "2/QĐ-SCT"})
    assert response.status_code == 422
    assert "vừa được người khác thay đổi" in response.text
    assert fresh(Evidence, evidence.id).number == "1/QĐ-SCT"


def test_remove_hides_the_item_and_keeps_it_in_the_history(app, org, entries):
    client = sign_in(app, "thanhtra")
    upload(client, entries["own"], (PDF, "qd.pdf"))
    evidence = Evidence.query.one()
    response = client.post(f"/evidence/{evidence.id}/remove", headers=HX)
    assert response.status_code == 200
    assert f'id="evidence-item-{evidence.id}"' not in response.text
    assert "Tài liệu đã gỡ khỏi báo cáo (1)" in response.text
    row = fresh(Evidence, evidence.id)
    assert row.removed_at is not None and storage().exists(row.file_key)
    assert client.get(f"/evidence/{evidence.id}/download").status_code == 200
    assert client.post(f"/evidence/{evidence.id}/remove", headers=HX).status_code == 403  # already removed


def test_download_headers(app, org, entries):
    client = sign_in(app, "thanhtra")
    upload(client, entries["own"], (PDF, "Quyết định số 125.pdf"))
    evidence = Evidence.query.one()
    response = client.get(f"/evidence/{evidence.id}/download")
    assert response.status_code == 200
    assert response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%20s%E1%BB%91%20125.pdf" in disposition
    assert response.headers["Content-Length"] == str(len(PDF))


@pytest.mark.parametrize(("make", "name", "mime", "inline"), [
    (lambda: PDF, "qd.pdf", "application/pdf", True),
    (filegen.png_bytes, "anh.png", "image/png", True),
    (filegen.jpg_bytes, "anh.jpg", "image/jpeg", True),
    (filegen.docx_bytes, "kh.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", False),
    (filegen.txt_bytes, "ghi-chu.txt", "text/plain; charset=utf-8", False),
    (filegen.xls_bytes, "so-lieu.xls", "application/vnd.ms-excel", False),
])
def test_view_is_inline_only_for_pdf_and_images(app, org, entries, make, name, mime, inline):
    client = sign_in(app, "thanhtra")
    assert upload(client, entries["own"], (make(), name)).status_code == 200
    evidence = Evidence.query.one()
    response = client.get(f"/evidence/{evidence.id}/view")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == mime
    assert response.headers["Content-Disposition"].startswith("inline" if inline else "attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_cooperating_unit_adds_its_evidence_but_cannot_touch_the_leads(app, org, entries):
    lead = sign_in(app, "thanhtra")
    upload(lead, entries["own"], (PDF, "cua-thanh-tra.pdf"))
    leads = Evidence.query.one()
    coop = sign_in(app, "khtc")
    assert upload(coop, entries["own"], (filegen.xlsx_bytes(), "so-lieu.xlsx")).status_code == 200
    assert fresh(Evidence, Evidence.query.filter_by(original_name="so-lieu.xlsx").one().id).unit_id == org.khtc.id
    assert coop.get(f"/evidence/{leads.id}/download").status_code == 200  # it sees the entry
    assert coop.post(f"/evidence/{leads.id}/remove", headers=HX).status_code == 403
    assert coop.post(f"/evidence/{leads.id}/edit", headers=HX, data={"number": "x"}).status_code == 403
    assert fresh(Evidence, leads.id).removed_at is None


def test_reader_downloads_but_cannot_upload(app, org, entries):
    lead = sign_in(app, "thanhtra")
    upload(lead, entries["own"], (PDF, "qd.pdf"))
    evidence = Evidence.query.one()
    office = sign_in(app, "vanphong")
    assert office.get(f"/evidence/{evidence.id}/download").status_code == 200
    assert 'name="files"' not in office.get(f"/entries/{entries['own'].id}/evidence", headers=HX).text
    assert upload(office, entries["own"], (PDF, "qd2.pdf")).status_code == 403
    assert count(Evidence) == 1


def test_submitted_entry_takes_no_more_evidence(app, org, entries):
    entry = entries["own"]
    with transaction():
        entry.status = "submitted"
    client = sign_in(app, "thanhtra")
    before = fingerprint()
    assert upload(client, entry, (PDF, "qd.pdf")).status_code == 403
    assert_unchanged(before)


def test_another_units_staff_is_refused_everywhere_and_nothing_changes(app, org, entries):
    """KH-TC-TH neither leads nor cooperates on the ``solo`` task of Thanh tra."""
    entry = entries["solo"]
    lead = sign_in(app, "thanhtra")
    upload(lead, entry, (PDF, "qd.pdf"))
    evidence = Evidence.query.one()
    other = sign_in(app, "khtc")
    before = fingerprint()
    for method, url, data in [
        ("get", f"/entries/{entry.id}/evidence", None),
        ("get", f"/evidence/{evidence.id}", None),
        ("get", f"/evidence/{evidence.id}/download", None),
        ("get", f"/evidence/{evidence.id}/view", None),
        ("get", f"/evidence/{evidence.id}/edit", None),
        ("post", f"/evidence/{evidence.id}/edit", {"number": "9/QĐ-SCT", "issued_on": "", "issuer": "", "summary": ""}),
        ("post", f"/evidence/{evidence.id}/remove", {}),
        ("post", f"/entries/{entry.id}/evidence", "upload"),
    ]:
        for headers in ({}, HX):
            body = {"files": [(io.BytesIO(PDF), "them.pdf")]} if data == "upload" else data
            response = getattr(other, method)(url, data=body, headers=headers)
            assert response.status_code == 403, (method, url, headers, response.status_code)
            assert PDF[:20] not in response.data
    assert_unchanged(before)


def test_anonymous_is_sent_to_login(client, org, entries):
    response = client.get(f"/entries/{entries['own'].id}/evidence")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_missing_file_is_a_404_not_a_500(app, org, entries):
    client = sign_in(app, "thanhtra")
    upload(client, entries["own"], (PDF, "qd.pdf"))
    evidence = Evidence.query.one()
    storage().delete(evidence.file_key)
    assert client.get(f"/evidence/{evidence.id}/download").status_code == 404


def test_garbage_from_the_unit_itself_never_gets_a_500(app, org, entries):
    from tests.web.test_robustness import GARBAGE

    client = sign_in(app, "thanhtra")
    upload(client, entries["own"], (PDF, "qd.pdf"))
    evidence = Evidence.query.one()
    garbage = {**GARBAGE, "files": "không phải tệp", "seen": "\x00" * 40, "summary": "s" * 5000,
               "issuer": "\ud7ff" * 400}
    for url in (f"/entries/{entries['own'].id}/evidence", f"/evidence/{evidence.id}/edit",
                f"/evidence/{evidence.id}/remove"):
        for data in ({}, garbage):
            for headers in ({}, HX):
                response = client.post(url, data=data, headers=headers)
                assert response.status_code < 500, (url, response.status_code)
    assert count(Evidence) == 1


def test_upload_cut_off_mid_way_leaves_no_row_and_no_file(app, org, entries):
    """The browser's connection drops half-way through the body: a 422, nothing kept."""
    client = sign_in(app, "thanhtra")
    before = fingerprint()
    boundary = "----cutoff"
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="qd.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n").encode()
    body = head + PDF[:len(PDF) // 2]
    response = client.post(f"/entries/{entries['own'].id}/evidence", input_stream=io.BytesIO(body),
                           content_type=f"multipart/form-data; boundary={boundary}",
                           content_length=len(head) + len(PDF) + 200, headers=HX)
    assert response.status_code == 422
    assert_unchanged(before)


@pytest.mark.parametrize(("username", "may_add"), [("thanhtra", True), ("khtc", True), ("vanphong", False)])
def test_the_entry_panel_carries_the_evidence_section(app, org, entries, username, may_add):
    """The entry panel in the checklist row includes the section; its upload control follows the policy."""
    entry = entries["own"]
    lead = sign_in(app, "thanhtra")
    upload(lead, entry, (PDF, "qd.pdf"))
    panel = sign_in(app, username).get(f"/periods/{entry.period_id}/tasks/{entry.task_id}/entry", headers=HX)
    assert panel.status_code == 200
    assert f'id="evidence-{entry.id}"' in panel.text and "125/QĐ-SCT ngày 12/03/2026 của Sở Công Thương" in panel.text
    assert ('name="files"' in panel.text) is may_add
