"""Word 97-2003 (.doc) and OpenDocument (.odt) files converted to .docx by headless LibreOffice, so that one
reader (python-docx) reads them all. LibreOffice runs in a temporary folder with its own profile, and is
given at most ``TIMEOUT`` seconds."""
import os
import shutil
import subprocess
import tempfile

from . import DocumentRefused

TIMEOUT = 120


def find_soffice(configured: str | None) -> str | None:
    """The LibreOffice program to use: the configured path or name, looked up on PATH."""
    for candidate in ([configured] if configured is not None else ["soffice", "libreoffice"]):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


def convert_to_docx(data: bytes, ext: str, soffice: str | None) -> bytes:
    """.doc/.odt bytes → .docx bytes with headless LibreOffice (``soffice``: see ``find_soffice``)."""
    if soffice is None:
        raise DocumentRefused(f"Máy chủ chưa cài LibreOffice nên không đọc được tệp {ext}. "
                              "Hãy mở tệp bằng Word hoặc LibreOffice, lưu thành .docx rồi tải lên lại "
                              "(hoặc nhờ quản trị cài LibreOffice trên máy chủ).")
    with tempfile.TemporaryDirectory(prefix="cchc-import-") as folder:
        source = os.path.join(folder, f"document{ext}")
        with open(source, "wb") as handle:
            handle.write(data)
        out = os.path.join(folder, "out")
        command = [soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--norestore",
                   "--convert-to", "docx", "--outdir", out, source]
        try:
            subprocess.run(command, cwd=folder, capture_output=True, timeout=TIMEOUT, check=False,
                           env={**os.environ, "HOME": folder})
        except subprocess.TimeoutExpired as exc:
            raise DocumentRefused(f"LibreOffice chuyển đổi tệp {ext} quá lâu; "
                                  "hãy lưu tệp thành .docx rồi tải lên.") from exc
        except OSError as exc:
            raise DocumentRefused(f"Không chạy được LibreOffice để đọc tệp {ext}; hãy lưu tệp thành .docx.") from exc
        produced = os.path.join(out, "document.docx")
        if not os.path.exists(produced):
            raise DocumentRefused(f"LibreOffice không chuyển đổi được tệp {ext} (tệp hỏng?). "
                                  "Hãy lưu tệp thành .docx.")
        with open(produced, "rb") as handle:
            return handle.read()
