"""Slow or huge documents (issue #23, point 1): read in a worker bounded in time and memory, before
the write transaction (app/documents/worker.py), so that one upload stalls nobody else's save and
cannot take the server's memory. Past a limit an evidence file is kept, and its citation left for the
user to type; the importer says the document could not be read within the limit."""
import io
import threading
import time
import zipfile

import pytest

from app.progress.models import Evidence
from tests import filegen
from tests.factories import HX, issue, make_period, make_plan, make_progress_entry, make_task, upload_files
from tests.signin import sign_in
from tests.web.test_entries import entry_form
from tests.web.test_evidence_pages import upload

MB = 1024 * 1024
UNREAD = "Không đọc được số ký hiệu, ngày ban hành, cơ quan ban hành và trích yếu"


@pytest.fixture
def tasks(org):
    """Thanh tra leads ``ttr``, with a draft entry; KH-TC-TH leads ``khtc``; the period is open."""
    plan = make_plan(org.office, areas=(1,))
    ttr = make_task(plan.areas[0], org.ttr, "Rà soát thủ tục hành chính")
    khtc = make_task(plan.areas[0], org.khtc, "Công khai thủ tục hành chính")
    issue(plan, org.office)
    period = make_period("h1", 2026)
    return {"entry": make_progress_entry(ttr, period=period),
            "khtc_url": f"/periods/{period.id}/tasks/{khtc.id}/entry"}


def test_another_users_save_succeeds_while_a_pathological_pdf_is_read(app, org, tasks):
    """The PDF's one page draws a form 10,000 times (minutes of pypdf's work): while Thanh tra's staff
    uploads it, KH-TC-TH's draft is saved within 2 s; the upload answers at its time limit, the file
    kept and the citation left to type."""
    app.config["DOCUMENT_READ_SECONDS"] = 3
    pdf = filegen.xobject_bomb_pdf()
    assert len(pdf) < 2048
    uploader, other = sign_in(app, "thanhtra"), sign_in(app, "khtc")
    url, answer = f"/entries/{tasks['entry'].id}/evidence", {}

    def send():
        started = time.monotonic()
        answer["response"] = uploader.post(url, headers=HX, content_type="multipart/form-data",
                                           data={"files": [(io.BytesIO(pdf), "bao-cao.pdf")]})
        answer["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=send)
    thread.start()
    deadline = time.monotonic() + 10
    while not upload_files():  # stored: the reading has begun
        assert time.monotonic() < deadline
        time.sleep(0.02)
    started = time.monotonic()
    saved = other.post(tasks["khtc_url"], headers=HX, data=entry_form())
    save_seconds = time.monotonic() - started
    thread.join(30)
    assert saved.status_code == 200 and save_seconds < 2, save_seconds
    response = answer["response"]
    assert response.status_code == 200 and answer["seconds"] < 3 + 3, answer["seconds"]
    assert UNREAD in response.text and "“bao-cao.pdf”" in response.text and "hãy nhập" in response.text
    evidence = Evidence.query.one()
    assert evidence.original_name == "bao-cao.pdf" and evidence.number == "" and len(upload_files()) == 1


def _resident_peak_reset() -> None:
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # the peak resident size (VmHWM) starts again from now


def _resident_peak() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))


@pytest.fixture(scope="module")
def big_docx():
    """Under 1 MB packed, a 40 MB document.xml: within the zip limits (ratio under 100)."""
    docx = filegen.docx_with_big_body(40)
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        size = archive.getinfo("word/document.xml").file_size
    assert len(docx) < MB and size > 38 * MB and size / len(docx) < 95, (len(docx), size)
    return docx


def test_a_docx_with_a_huge_document_xml_does_not_grow_the_server(app, org, tasks, big_docx):
    """Parsed, its XML would take gigabytes: the worker stops at its memory cap and the server's
    resident size grows by less than 40 MB; with the default XML limit (20 MB) it is not even parsed."""
    client = sign_in(app, "thanhtra")
    app.config.update(DOCUMENT_MAX_XML_MB=100, DOCUMENT_READ_MEMORY_MB=256)
    before = _resident_peak()
    _resident_peak_reset()
    response = upload(client, tasks["entry"], (big_docx, "ke-hoach.docx"))
    growth = _resident_peak() - min(before, _resident_peak())
    assert response.status_code == 200 and UNREAD in response.text
    assert growth < 40 * MB, growth / MB
    app.config.update(DOCUMENT_MAX_XML_MB=20, DOCUMENT_READ_MEMORY_MB=1024)
    started = time.monotonic()
    response = upload(client, tasks["entry"], (big_docx, "ke-hoach-2.docx"))
    assert response.status_code == 200 and UNREAD in response.text and time.monotonic() - started < 2
    assert Evidence.query.count() == 2


def test_the_importer_says_a_document_could_not_be_read_within_the_limits(app, office, big_docx):
    app.config["DOCUMENT_READ_SECONDS"] = 1.5
    for content, name, words in [(filegen.xobject_bomb_pdf(), "ke-hoach.pdf", "quá thời gian cho phép"),
                                 (big_docx, "ke-hoach.docx", "lớn hơn 20 MB")]:
        started = time.monotonic()
        response = office.post("/plans/import", headers=HX, content_type="multipart/form-data",
                               data={"document": (io.BytesIO(content), name)})
        assert response.status_code == 422 and time.monotonic() - started < 5
        assert "giới hạn cho phép" in response.text and words in response.text, name
