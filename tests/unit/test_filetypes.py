"""The evidence allow-list (issue #23 point 2, app/documents/filetypes.py): extension and content
together. A script or shortcut name is refused whatever the content, plain text only as .txt or
.csv, markup looked for in the whole file; a download is named with its detected type's extension."""
import io

import pytest

from app.documents import DocumentRefused
from app.documents.filetypes import KINDS, download_name, sniff
from app.documents.zipcheck import ZipLimits
from tests import filegen

LIMITS = ZipLimits(max_inflated=300 * 1024 * 1024)
SCRIPT_NAMES = ["bao-cao.pdf.cmd", "chay.bat", "mo.vbs", "x.js", "cai-dat.ps1", "khoa.reg", "trang.url",
                "loi-tat.lnk", "ung-dung.hta", "setup.exe", "man-hinh.scr", "goi.msi", "bao-cao.pdf.cmd.",
                "BAO-CAO.CMD", "trang.html", "so-do.svg"]
MARKUP = ["<img src=x onerror=alert(1)>", "<a href='http://x'>bấm</a>", "<form action=x>", "<details open>",
          "<script>alert(1)</script>", "<iframe src=x>", "<svg onload=x>", "<!-- chú thích -->",
          "<body onload=x>", "<meta http-equiv=refresh>", "<object data=x>", "<?xml version='1.0'?>"]


def refusal(content: bytes, name: str) -> str:
    with pytest.raises(DocumentRefused) as refused:
        sniff(io.BytesIO(content), name, LIMITS)
    assert f"“{name}”" in refused.value.message  # names the file, in Vietnamese
    return refused.value.message


@pytest.mark.parametrize("name", SCRIPT_NAMES)
@pytest.mark.parametrize("content", [b"echo Bao cao\r\n", filegen.pdf_bytes()], ids=["text", "pdf"])
def test_a_script_or_shortcut_name_is_refused_whatever_the_content(name, content):
    assert "tệp lệnh, lối tắt hoặc chương trình" in refusal(content, name)


@pytest.mark.parametrize("markup", MARKUP)
def test_markup_is_found_anywhere_in_a_text_file(markup):
    """After 100 kB of plain text, across the reader's 64 kB chunks too."""
    text = ("Báo cáo kết quả thực hiện nhiệm vụ.\n" * 3000).encode()
    assert len(text) > 100_000
    assert "trang web" in refusal(text + markup.encode() + b"\n", "ghi-chu.txt")
    split = 65536 - 3  # a tag cut by the end of a chunk
    assert "trang web" in refusal(b"x" * split + markup.encode(), "ghi-chu.txt")


@pytest.mark.parametrize("name", ["ghi-chu.log", "ghi-chu.md", "ghi-chu", "so-lieu.tsv"])
def test_plain_text_is_taken_only_as_txt_or_csv(name):
    assert ".txt hoặc .csv" in refusal("Ghi chú: đã rà soát 20 thủ tục.\n".encode(), name)


@pytest.mark.parametrize(("name", "code"), [("ghi-chu.txt", "txt"), ("so-lieu.csv", "csv"), ("GHI-CHU.TXT", "txt")])
def test_plain_text_named_txt_or_csv_is_taken(name, code):
    content = "Đơn vị;Số hồ sơ; a < b; x <= y; 3>2\nThanh tra;12\n".encode()
    assert sniff(io.BytesIO(content), name, LIMITS) is KINDS[code]


@pytest.mark.parametrize(("name", "kind", "sent"), [
    ("bao-cao.pdf", "pdf", "bao-cao.pdf"), ("bao-cao", "pdf", "bao-cao.pdf"),
    ("bao-cao.pdf.cmd", "pdf", "bao-cao.pdf.cmd.pdf"), ("anh.jpeg", "jpg", "anh.jpeg"),
    ("so-lieu.xlsx", "pdf", "so-lieu.xlsx.pdf"), ("ghi-chu.txt", None, "ghi-chu.txt.bin"),
])
def test_a_download_is_named_with_the_extension_of_its_detected_type(name, kind, sent):
    assert download_name(name, KINDS[kind] if kind else None) == sent
