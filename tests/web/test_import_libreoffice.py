"""LibreOffice converts an uploaded .doc/.odt without network and without following its links
(app/documents/libreoffice.py): an .odt whose image points at a listener on 127.0.0.1 is imported, its
text read, and the listener never hit. Each guard is tested on its own (a network namespace; the
profile's settings), and without either the same file does reach the listener: the test can see a fetch.

Real LibreOffice (Debian's, installed by .ci/run), never skipped."""
import io
import os
import re
import shutil
import threading
import zipfile
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from docx import Document

from app.documents import DocumentRefused
from app.documents import libreoffice
from tests.importdocs import SEED_004, seed_paragraphs
from tests.web.test_import_pages import import_id_of, preview_of

ODT = "application/vnd.oasis.opendocument.text"
TITLE = "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025"


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        pytest.fail("LibreOffice is missing: apt-get install -y libreoffice-writer-nogui (.ci/run does).",
                    pytrace=False)
    return path


@pytest.fixture
def listener():
    """An HTTP server on 127.0.0.1 counting the requests it gets: ``(url of an image, hits)``."""
    hits: list[str] = []

    class Count(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        do_HEAD = do_GET  # noqa: N815

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Count)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/logo.png", hits
    server.shutdown()
    server.server_close()


def odt_linking(image_url: str, paragraphs: list[str]) -> bytes:
    """A real .odt: ``paragraphs``, the first one followed by an image linked (not embedded) to ``image_url``."""
    body = "".join(f"<text:p>{escape(text)}</text:p>" for text in paragraphs[:1])
    body += ('<text:p><draw:frame draw:name="logo" text:anchor-type="paragraph" svg:width="2cm" svg:height="2cm">'
             f'<draw:image xlink:href="{escape(image_url)}" xlink:type="simple" xlink:show="embed" '
             'xlink:actuate="onLoad"/></draw:frame></text:p>')
    body += "".join(f"<text:p>{escape(text)}</text:p>" for text in paragraphs[1:])
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
               'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
               'xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.2">'
               f'<office:body><office:text>{body}</office:text></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODT}"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), ODT, compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)
    return out.getvalue()


def texts_of(docx: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(docx)).paragraphs]


def test_an_imported_odt_is_read_and_its_linked_image_never_fetched(office, app, listener):
    url, hits = listener
    app.config["IMPORT_SOFFICE"] = soffice()
    odt = odt_linking(url, seed_paragraphs(SEED_004))
    response = office.post("/plans/import", data={"document": (io.BytesIO(odt), "ke-hoach.odt")},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    preview = preview_of(import_id_of(response))
    assert preview.format == "odt"
    assert len([line for line in preview.lines if line.kind == "area"]) == 6  # the text was read
    assert hits == []


def test_without_either_guard_libreoffice_fetches_the_image(listener):
    """The control: LibreOffice's defaults, network reachable: the listener is hit, so it can tell."""
    url, hits = listener
    converted = libreoffice.convert(odt_linking(url, [TITLE]), ".odt", soffice(), 60, prefix=[], settings=None)
    assert TITLE in texts_of(converted)
    assert hits == ["/logo.png"]


def test_the_network_namespace_alone_keeps_libreoffice_off_the_network(listener):
    url, hits = listener
    prefix = libreoffice.no_network_prefix()
    assert prefix and os.path.basename(prefix[0]) == "unshare", \
        "unshare -rn / -n refused on this machine: the conversion would rely on the profile's settings only"
    converted = libreoffice.convert(odt_linking(url, [TITLE]), ".odt", soffice(), 60, prefix=prefix,
                                    settings=None)
    assert TITLE in texts_of(converted)
    assert hits == []


def test_the_profile_settings_alone_stop_the_image_fetch(listener):
    """Where no namespace can be made (user namespaces disabled), BlockUntrustedRefererLinks holds."""
    url, hits = listener
    converted = libreoffice.convert(odt_linking(url, [TITLE]), ".odt", soffice(), 60, prefix=[],
                                    settings=libreoffice.PROFILE_SETTINGS)
    assert TITLE in texts_of(converted)
    assert hits == []


def test_a_conversion_past_its_seconds_is_refused_and_leaves_no_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    with pytest.raises(DocumentRefused, match="quá lâu"):
        libreoffice.convert_to_docx(odt_linking("file:///nonexistent.png", [TITLE]), ".odt", soffice(), 0.3)
    left = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                if str(tmp_path).encode() in cmdline.read():
                    left.append(entry)
        except OSError:
            pass
    assert left == []
    assert not [name for name in os.listdir(tmp_path) if re.match("cchc-import-", name)]
