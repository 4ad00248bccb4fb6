"""Word 97-2003 (.doc) and OpenDocument (.odt) files converted to .docx by headless LibreOffice, so that one
reader (python-docx) reads them all.

An uploaded document is hostile until read: it may link an image, a section or an OLE object to a URL,
which LibreOffice would fetch while converting (a request from the server to wherever the file says). So
each conversion runs
- in a temporary folder with a throwaway profile (``-env:UserInstallation``), removed afterwards;
- with that profile's ``registrymodifications.xcu`` written first (``PROFILE_SETTINGS``): links from
  untrusted documents blocked (``BlockUntrustedRefererLinks``: LibreOffice loads no external image) and
  Writer's and Calc's links never updated on load;
- where the system allows it, in a network namespace of its own (``unshare -rn``, else ``unshare -n`` for
  root): no interface but a loopback that is down, so nothing at all can be fetched;
- within ``seconds`` (LIBREOFFICE_SECONDS), killed with whatever it started past that.
"""
import os
import shutil
import signal
import subprocess
import tempfile

from . import DocumentRefused

DEFAULT_SECONDS = 60.0

PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">\
<prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update">\
<prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Content/Update">\
<prop oor:name="Link" oor:op="fuse"><value>1</value></prop></item>
</oor:items>
"""  # Writer's Update/Link 0 and Calc's 1 are "never"


def find_soffice(configured: str | None) -> str | None:
    """The LibreOffice program to use: the configured path or name, looked up on PATH."""
    for candidate in ([configured] if configured is not None else ["soffice", "libreoffice"]):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


def no_network_prefix() -> list[str]:
    """The command prefix that runs a program without network (a new network namespace), or [] where
    the system does not allow one (no ``unshare``, user namespaces disabled, not Linux)."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    for prefix in ([unshare, "-rn"], [unshare, "-n"]):
        try:
            if subprocess.run([*prefix, "true"], capture_output=True, timeout=10, check=False).returncode == 0:
                return prefix
        except (OSError, subprocess.TimeoutExpired):
            pass
    return []


def convert_to_docx(data: bytes, ext: str, soffice: str | None, seconds: float = DEFAULT_SECONDS) -> bytes:
    """.doc/.odt bytes → .docx bytes with headless LibreOffice (``soffice``: see ``find_soffice``),
    without network and without following links (see the module docstring)."""
    return convert(data, ext, soffice, seconds, prefix=no_network_prefix(), settings=PROFILE_SETTINGS)


def convert(data: bytes, ext: str, soffice: str | None, seconds: float, prefix: list[str],
            settings: str | None) -> bytes:
    """``convert_to_docx`` with its two guards given: the command ``prefix`` (``no_network_prefix``) and
    the profile's ``settings`` (None: LibreOffice's defaults). Each is tested on its own."""
    if soffice is None:
        raise DocumentRefused(f"Máy chủ chưa cài LibreOffice nên không đọc được tệp {ext}. "
                              "Hãy mở tệp bằng Word hoặc LibreOffice, lưu thành .docx rồi tải lên lại "
                              "(hoặc nhờ quản trị cài LibreOffice trên máy chủ).")
    with tempfile.TemporaryDirectory(prefix="cchc-import-") as folder:
        source = os.path.join(folder, f"document{ext}")
        with open(source, "wb") as handle:
            handle.write(data)
        if settings is not None:
            os.makedirs(os.path.join(folder, "profile", "user"))
            with open(os.path.join(folder, "profile", "user", "registrymodifications.xcu"), "w",
                      encoding="utf-8") as handle:
                handle.write(settings)
        out = os.path.join(folder, "out")
        command = [*prefix, soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless",
                   "--norestore", "--convert-to", "docx", "--outdir", out, source]
        try:
            _run(command, folder, seconds)
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


def _run(command: list[str], folder: str, seconds: float) -> None:
    """``command`` in ``folder``; past ``seconds`` it is killed with its children (soffice starts
    oosplash, which starts soffice.bin) and TimeoutExpired raised."""
    process = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "HOME": folder})
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        for pid in [*_descendants(process.pid), process.pid]:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        process.wait()
        raise


def _descendants(pid: int) -> list[int]:
    """The processes started, directly or not, by ``pid`` (Linux's /proc; [] elsewhere)."""
    children: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, waiting = [], [pid]
    while waiting:
        for child in children.get(waiting.pop(), []):
            found.append(child)
            waiting.append(child)
    return found
