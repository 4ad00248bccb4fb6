"""Hostile uploads (issue 14, "Uploads"), through the pages: evidence (app/progress/evidence.py)
and the plan importer (app/plans/importer). Already covered elsewhere, not repeated here: every
refused kind at the service level (tests/db/test_evidence_services.py: HTML named .pdf, SVG with
a script named .png, executables, macros, a 60 MB zip bomb from its directory), the 422 of an
HTML-as-PDF upload and the download/view headers of each allowed kind
(tests/web/test_evidence_pages.py), a damaged .docx import (tests/web/test_import_pages.py).

Added here: the type is decided by content even when the browser says application/pdf (evidence
and import); a stored file of a dangerous type (a row written before these checks) is still only
downloaded; zip bombs of hundreds of MB, built on disk, refused by both without being inflated —
including a zip whose directory lies about the member's size (Python's zipfile inflates the whole
member before cutting it to the declared size: a defect found here, fixed in app/documents/zipcheck.py);
and the EVIDENCE_MAX_UNZIPPED_MB / EVIDENCE_MAX_ZIP_RATIO settings."""
import io
import os
import tracemalloc
import zipfile

import pytest
from sqlalchemy import select

from app.extensions import db
from app.org.models import Unit
from app.plans.models import Plan
from app.progress.models import DRAFT, PERIOD_OPEN, Evidence, ProgressEntry, ReportingPeriod
from app.storage import storage
from app.transactions import transaction
from tests import filegen
from tests.factories import HX, assert_unchanged, fingerprint
from tests.signin import sign_in
from tests.web.routes import says_why_in_vietnamese

MB = 1024 * 1024
# What serving one hostile upload may allocate at most: far below what the bombs inflate to.
MEMORY_CEILING = 64 * MB


def _unit_entry():
    """A draft entry of Thanh tra Sở in the demo's open period (its head, chanhthanhtra, may add evidence)."""
    period = db.session.scalar(select(ReportingPeriod).where(ReportingPeriod.status == PERIOD_OPEN))
    ttr = db.session.scalar(select(Unit).where(Unit.short_name == "TTr"))
    return db.session.scalar(select(ProgressEntry).where(
        ProgressEntry.period_id == period.id, ProgressEntry.unit_id == ttr.id, ProgressEntry.status == DRAFT))



def _upload_evidence(client, entry, handle, name, mimetype="application/pdf"):
    return client.post(f"/entries/{entry.id}/evidence", headers=HX, content_type="multipart/form-data",
                       data={"files": [(handle, name, mimetype)]})


def _import(client, handle, name, mimetype="application/pdf"):
    return client.post("/plans/import", headers=HX, content_type="multipart/form-data",
                       data={"document": (handle, name, mimetype)})


def _peak_while(send):
    """The response of ``send()`` and the most memory Python allocated meanwhile."""
    tracemalloc.start()
    try:
        response = send()
        return response, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _refused_and_nothing_kept(response, before, words):
    assert response.status_code == 422
    assert says_why_in_vietnamese(response) and words in response.text
    assert_unchanged(before)


# -- the type is decided by content, whatever the name and the browser say ---------------------

DISGUISED = {"html": (filegen.HTML_AS_PDF, "trang web"), "svg-with-script": (filegen.SVG_WITH_SCRIPT, "SVG")}


@pytest.mark.parametrize("case", list(DISGUISED))
def test_evidence_named_pdf_sent_as_pdf_but_markup_is_refused(demo_app, case):
    content, words = DISGUISED[case]
    client = sign_in(demo_app, "chanhthanhtra")
    entry = _unit_entry()
    before = fingerprint()
    response = _upload_evidence(client, entry, io.BytesIO(content), "Quyết định 12.pdf")
    _refused_and_nothing_kept(response, before, words)
    assert "Tệp “Quyết định 12.pdf”" in response.text


@pytest.mark.parametrize("case", list(DISGUISED))
def test_plan_import_named_pdf_sent_as_pdf_but_markup_is_refused(demo_app, case):
    client = sign_in(demo_app, "vanphong")
    before = fingerprint()
    response = _import(client, io.BytesIO(DISGUISED[case][0]), "ke-hoach.pdf")
    _refused_and_nothing_kept(response, before, "không phải tệp PDF")


# -- a stored file is only ever downloaded --------------------------------------------------------

@pytest.mark.parametrize(("content", "stored_type"), [(filegen.HTML_AS_PDF, "text/html"),
                                                      (filegen.SVG_WITH_SCRIPT, "image/svg+xml"),
                                                      (filegen.HTML_AS_PDF, "application/pdf")])
def test_a_stored_file_of_a_dangerous_type_is_only_downloaded(demo_app, content, stored_type):
    """A row written before the content checks (or by hand) with a web page behind it: neither
    the download nor the "view" link lets the browser render it as a page. (A row that says PDF
    is viewed inline as a PDF only: nosniff, and a policy with no script and no page of its own.)"""
    entry = _unit_entry()
    stored = storage().save(io.BytesIO(content))
    with transaction():
        evidence = Evidence(entry=entry, unit_id=entry.unit_id, file_key=stored.key, original_name="trang.html",
                            content_type=stored_type, size=stored.size, sha256=stored.sha256)
        db.session.add(evidence)
    client = sign_in(demo_app, "chanhthanhtra")
    for route in ("download", "view"):
        response = client.get(f"/evidence/{evidence.id}/{route}")
        assert response.status_code == 200 and response.data == content
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "html" not in response.mimetype and "svg" not in response.mimetype
        if stored_type == "application/pdf" and route == "view":
            assert response.mimetype == "application/pdf"
            assert "default-src 'none'" in response.headers["Content-Security-Policy"]
            continue
        assert response.headers["Content-Disposition"].startswith("attachment;"), route
        if stored_type != "application/pdf":  # an unknown or markup type is sent as bytes, not as a page
            assert response.mimetype == "application/octet-stream", route


# -- zip bombs ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    """Two .docx of 400 MB of zeros packed into a few hundred kB, written to disk once: one honest
    about its size, one whose directory says the document holds 1 kB."""
    folder = tmp_path_factory.mktemp("bombs")
    honest, lying = folder / "honest.docx", folder / "lying.docx"
    filegen.write_zip_bomb(honest, 400, types=filegen.DOCX_TYPES)
    filegen.write_zip_bomb(lying, 400, declared=1024, types=filegen.DOCX_TYPES)
    for path in (honest, lying):
        assert os.path.getsize(path) < 1 * MB
    with zipfile.ZipFile(lying) as z:
        assert z.getinfo("word/document.xml").file_size == 1024
    return {"honest": honest, "lying": lying}


@pytest.mark.parametrize("kind", ["honest", "lying"])
def test_a_zip_bomb_docx_as_evidence_is_refused_without_being_inflated(demo_app, bombs, kind):
    client = sign_in(demo_app, "chanhthanhtra")
    entry = _unit_entry()
    before = fingerprint()
    with open(bombs[kind], "rb") as handle:
        response, peak = _peak_while(lambda: _upload_evidence(
            client, entry, handle, "ke-hoach.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    _refused_and_nothing_kept(response, before, "giải nén lớn bất thường")
    assert peak < MEMORY_CEILING, peak


@pytest.mark.parametrize("kind", ["honest", "lying"])
def test_a_zip_bomb_docx_to_import_is_refused_without_being_inflated(demo_app, bombs, kind):
    client = sign_in(demo_app, "vanphong")
    before = fingerprint()
    with open(bombs[kind], "rb") as handle:
        response, peak = _peak_while(lambda: _import(
            client, handle, "ke-hoach.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    _refused_and_nothing_kept(response, before, "giải nén ra quá lớn")
    assert peak < MEMORY_CEILING, peak


def test_a_zip_bomb_odt_to_import_is_refused_before_libreoffice(demo_app, tmp_path):
    """An .odt is converted by LibreOffice: its zip is checked first, so the bomb never reaches it."""
    bomb = tmp_path / "ke-hoach.odt"
    filegen.write_zip_bomb(bomb, 250)
    with zipfile.ZipFile(bomb, "a") as z:
        z.writestr("content.xml", "<office:document-content/>")
    client = sign_in(demo_app, "vanphong")
    before = fingerprint()
    with open(bomb, "rb") as handle:
        response = _import(client, handle, "ke-hoach.odt", "application/vnd.oasis.opendocument.text")
    _refused_and_nothing_kept(response, before, "giải nén ra quá lớn")


def _incompressible_docx() -> bytes:
    """2 MB of random bytes: harmless by its ratio, beyond a 1 MB unzipped limit."""
    return filegen.zip_bytes({"[Content_Types].xml": filegen.DOCX_TYPES.encode(), "word/document.xml": b"<w/>",
                              "word/media/image1.bin": os.urandom(2 * MB)})


def _compressible_docx() -> bytes:
    """12 MB of text packed about 16 times: under the default ratio (100), beyond a ratio of 10."""
    text = b"".join(b"<w:p>Dong %d: noi dung bao cao %d</w:p>" % (i, i % 100) for i in range(300_000))
    docx = filegen.zip_bytes({"[Content_Types].xml": filegen.DOCX_TYPES.encode(), "word/document.xml": text})
    assert len(text) > 10 * MB and 10 < len(text) / len(docx) < 100
    return docx


@pytest.mark.parametrize(("setting", "strict", "default", "make"), [
    ("EVIDENCE_MAX_UNZIPPED_MB", 1, 300, _incompressible_docx),
    ("EVIDENCE_MAX_ZIP_RATIO", 10, 100, _compressible_docx),
])
def test_the_zip_limits_are_settings(demo_app, setting, strict, default, make):
    """A .docx refused under the stricter setting is taken under the default."""
    docx = make()
    client = sign_in(demo_app, "chanhthanhtra")
    entry = _unit_entry()
    demo_app.config[setting] = strict
    before = fingerprint()
    response = _upload_evidence(client, entry, io.BytesIO(docx), "bao-cao.docx")
    _refused_and_nothing_kept(response, before, "giải nén lớn bất thường")
    demo_app.config[setting] = default
    assert _upload_evidence(client, entry, io.BytesIO(docx), "bao-cao.docx").status_code == 200


# -- downloads: named by their type, never stored by the browser or a proxy (issue #23 point 2) ---------

def test_a_download_is_named_with_its_detected_type_and_not_stored(demo_app):
    """A row written before the allow-list, named bao-cao.pdf.cmd over a PDF: downloaded as .pdf."""
    entry = _unit_entry()
    stored = storage().save(io.BytesIO(filegen.pdf_bytes()))
    with transaction():
        evidence = Evidence(entry=entry, unit_id=entry.unit_id, file_key=stored.key, original_name="bao-cao.pdf.cmd",
                            content_type="application/pdf", size=stored.size, sha256=stored.sha256)
        db.session.add(evidence)
    client = sign_in(demo_app, "chanhthanhtra")
    for route in ("download", "view"):
        response = client.get(f"/evidence/{evidence.id}/{route}")
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].endswith("filename=bao-cao.pdf.cmd.pdf"), route
        assert response.headers["Cache-Control"] == "no-store", route


def test_exports_are_not_stored(demo_app):
    period = db.session.scalar(select(ReportingPeriod).where(ReportingPeriod.status == PERIOD_OPEN))
    plan_id = db.session.scalar(select(Plan.id).where(Plan.status == "issued"))
    client = sign_in(demo_app, "vanphong")
    for url in (f"/reports/periods/{period.id}/report.docx", f"/reports/periods/{period.id}/annex.xlsx",
                f"/plans/{plan_id}/phu-luc.xlsx", "/plans/import/template.xlsx"):
        response = client.get(url)
        assert response.status_code == 200 and response.headers["Content-Disposition"].startswith("attachment"), url
        assert response.headers["Cache-Control"] == "no-store", url
