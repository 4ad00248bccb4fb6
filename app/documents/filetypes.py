"""What a file is: an evidence file by its content; a plan document by its name, checked against its
first bytes.

Evidence (``sniff``): the type is decided by the content, never by the name. puremagic says what the first
bytes are, then containers are looked into (the member names of a zip tell DOCX, XLSX, ODT and ODS apart;
the streams of an OLE2 file tell DOC from XLS), and a "text" file must really be UTF-8 text and not a web
page or a script. Executables, HTML and SVG are refused whatever their name, and so is a zip that would
inflate far beyond its size (a zip bomb), judged from its directory without extracting anything. ``KINDS``
is the allow-list.

A plan document (``format_by_name``): the importer reads each format its own way, so the extension
decides, and the first bytes must agree with it.
"""
import codecs
import os
import re
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

import olefile
import puremagic

from ..storage import CHUNK
from . import DocumentRefused
from .zipcheck import ZipLimits, inflates_too_much

MB = 1024 * 1024
MARKUP_OVERLAP = 256  # a chunk of text is searched with the end of the one before it
ZIP_SIGNATURE = b"PK\x03\x04"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003, Excel 97-2003 (and installers)


# -- evidence: the allow-list, decided by content ------------------------------------------------

@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    mime: str
    inline: bool = False  # shown in the browser (PDF, images); everything else is downloaded


KINDS = {kind.code: kind for kind in (
    FileKind("pdf", "PDF", "application/pdf", inline=True),
    FileKind("doc", "Word (DOC)", "application/msword"),
    FileKind("docx", "Word (DOCX)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    FileKind("xls", "Excel (XLS)", "application/vnd.ms-excel"),
    FileKind("xlsx", "Excel (XLSX)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    FileKind("odt", "OpenDocument (ODT)", "application/vnd.oasis.opendocument.text"),
    FileKind("ods", "OpenDocument (ODS)", "application/vnd.oasis.opendocument.spreadsheet"),
    FileKind("jpg", "Ảnh JPG", "image/jpeg", inline=True),
    FileKind("png", "Ảnh PNG", "image/png", inline=True),
    FileKind("txt", "Văn bản TXT", "text/plain; charset=utf-8"),
    FileKind("csv", "Bảng CSV", "text/csv; charset=utf-8"),
)}
# The names a kind's file may have; a download is named with the first when its own name has none of them.
EXTENSIONS = {"pdf": (".pdf",), "doc": (".doc",), "docx": (".docx",), "xls": (".xls",), "xlsx": (".xlsx",),
              "odt": (".odt",), "ods": (".ods",), "jpg": (".jpg", ".jpeg"), "png": (".png",), "txt": (".txt",),
              "csv": (".csv",)}
KIND_BY_MIME = {kind.mime: kind for kind in KINDS.values()}
ALLOWED_TEXT = ("PDF, Word (DOC, DOCX), Excel (XLS, XLSX), OpenDocument (ODT, ODS), ảnh JPG, PNG "
                "và văn bản TXT, CSV")
ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.odt,.ods,.jpg,.jpeg,.png,.txt,.csv"  # the file picker's hint only
# Names Windows runs, opens as a link or installs when double-clicked: refused whatever the content.
SCRIPT_EXTS = {".cmd", ".bat", ".com", ".exe", ".scr", ".pif", ".msi", ".msp", ".mst", ".cpl", ".dll", ".ocx",
               ".vbs", ".vbe", ".js", ".jse", ".wsf", ".wsh", ".ws", ".wsc", ".ps1", ".psm1", ".psd1", ".ps1xml",
               ".reg", ".url", ".lnk", ".website", ".hta", ".htm", ".html", ".xhtml", ".mht", ".mhtml", ".svg",
               ".chm", ".inf", ".ins", ".isp", ".scf", ".sct", ".shb", ".shs", ".msc", ".jar", ".gadget",
               ".application", ".appref-ms", ".appx", ".msix", ".library-ms", ".settingcontent-ms", ".iqy",
               ".slk", ".xll", ".py", ".pyw", ".pl", ".rb", ".php", ".sh", ".bash", ".command", ".app",
               ".desktop", ".appimage", ".apk", ".deb", ".rpm", ".dmg", ".pkg", ".iso", ".img", ".vhd", ".vhdx",
               ".diagcab", ".xbap", ".cab"}
TEXT_EXTS = (".txt", ".csv")

_EXECUTABLE_EXTS = {".exe", ".dll", ".com", ".scr", ".ocx", ".sys", ".drv", ".cpl", ".msi", ".elf", ".so",
                    ".dylib", ".class", ".jar", ".apk", ".dex", ".bat", ".cmd", ".ps1", ".vbs", ".sh", ".bin",
                    ".appimage", ".macho", ".o"}
_MARKUP_MIMES = {"text/html", "image/svg+xml", "application/xhtml+xml", "application/xml", "text/xml",
                 "application/javascript", "text/javascript"}
_MARKUP_EXTS = {".html", ".htm", ".xhtml", ".svg", ".svgz", ".xml", ".js", ".mht", ".mhtml", ".hta", ".php"}
# Any HTML (or XML, SVG, MathML) tag, a comment or a processing instruction, anywhere in a text file.
_TAGS = ("a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite "
         "code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure "
         "font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img image input "
         "ins isindex kbd keygen label legend li link main map mark marquee math menu meta meter nav noembed "
         "noframes noscript object ol optgroup option output p param picture plaintext portal pre progress q "
         "rp rt ruby s samp script search section select slot small source span strong style sub summary sup "
         "svg table tbody td template textarea tfoot th thead time title tr track u ul var video wbr xml xmp "
         "xss animate set use foreignobject")
_MARKUP = re.compile(r"</?(?:!|\?|(?:" + "|".join(sorted(_TAGS.split(), key=len, reverse=True)) + r")(?![\w-]))"
                     r"|\bon[a-z]{3,}\s*=|javascript\s*:", re.IGNORECASE)
_OPENDOCUMENT = {"application/vnd.oasis.opendocument.text": "odt",
                 "application/vnd.oasis.opendocument.spreadsheet": "ods"}


# -- refusals ---------------------------------------------------------------------------

_REFUSALS = {
    "not_allowed": "Tệp “{name}” không thuộc loại được nhận. Chỉ nhận " + ALLOWED_TEXT + ".",
    "executable": "Tệp “{name}” là tệp chương trình (tệp chạy được), không phải tài liệu: không được tải lên.",
    "markup": "Tệp “{name}” là trang web, ảnh SVG hoặc tệp lệnh (có thể chứa mã chạy được): không được tải lên. "
              "Hãy lưu tài liệu dưới dạng PDF rồi tải lên.",
    "zip_bomb": "Tệp “{name}” khi giải nén lớn bất thường (có dấu hiệu tệp nén độc hại): không được tải lên.",
    "macro": "Tệp “{name}” có chứa macro: không được tải lên. "
             "Hãy lưu lại thành tệp không có macro (DOCX, XLSX) hoặc PDF.",
    "damaged": "Tệp “{name}” bị hỏng hoặc không đọc được.",
    "script": "Tệp “{name}” có phần mở rộng của tệp lệnh, lối tắt hoặc chương trình (chạy được khi mở): "
              "không được tải lên, dù nội dung là gì. Hãy lưu tài liệu dưới dạng PDF rồi tải lên.",
    "text_name": "Tệp “{name}” là văn bản thuần: chỉ nhận với phần mở rộng .txt hoặc .csv. "
                 "Hãy đổi tên tệp hoặc lưu tài liệu dưới dạng PDF.",
    "empty": "Tệp “{name}” rỗng (0 byte).",
}


def refused(reason: str, name: str) -> DocumentRefused:
    return DocumentRefused(_REFUSALS[reason].format(name=name))


# -- what a file is ------------------------------------------------------------------------

def sniff(handle: BinaryIO, name: str, zip_limits: ZipLimits) -> FileKind:
    """The allowed kind of the (seekable) file, decided by its content and its name together;
    DocumentRefused otherwise. A script or shortcut name is refused whatever the content; plain
    text only as .txt or .csv; any other kind may have any other name (a download is named with
    its kind's extension: ``download_name``)."""
    ext = extension_of(name.rstrip(". "))  # Windows drops trailing dots and spaces: "a.cmd." runs
    if ext in SCRIPT_EXTS:
        raise refused("script", name)
    handle.seek(0)
    try:
        candidates = puremagic.magic_stream(handle)
    except (puremagic.PureError, ValueError):
        candidates = []
    handle.seek(0)
    best = [c for c in candidates if c.confidence == candidates[0].confidence] if candidates else []
    exts = {str(c.extension).lower() for c in best}
    mimes = {str(c.mime_type).lower() for c in best}
    names = " ".join(str(c.name).lower() for c in best)

    if "application/pdf" in mimes:
        return KINDS["pdf"]
    if ".doc" in exts:  # the OLE2 signature: Word, Excel, but also installers and the like
        return _ole_kind(handle, name)
    if exts & {".docx", ".xlsx", ".odt", ".ods", ".zip"}:
        return _zip_kind(handle, name, zip_limits)
    if "image/png" in mimes:
        return KINDS["png"]
    if "image/jpeg" in mimes:
        return KINDS["jpg"]
    if "executable" in names or exts & _EXECUTABLE_EXTS:
        raise refused("executable", name)
    if mimes & _MARKUP_MIMES or exts & _MARKUP_EXTS:
        raise refused("markup", name)
    return _text_kind(handle, name, ext)  # unknown or plain text (puremagic only knows a UTF-8 BOM)


def _zip_kind(handle: BinaryIO, name: str, limits: ZipLimits) -> FileKind:
    """DOCX, XLSX, ODT or ODS from a zip's directory and two tiny members; a zip bomb is refused
    from the sizes its directory declares, and so is a zip whose directory lies about them
    (zipcheck.py: reading such a member would inflate far more than declared)."""
    try:
        with zipfile.ZipFile(handle) as archive:
            if inflates_too_much(archive, limits):
                raise refused("zip_bomb", name)
            names = {m.filename for m in archive.infolist()}
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise refused("macro", name)
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                mimetype = archive.read(info).decode("ascii", "replace").strip() if info.file_size <= 100 else ""
                if mimetype in _OPENDOCUMENT:
                    return KINDS[_OPENDOCUMENT[mimetype]]
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                types = archive.read(info).decode("utf-8", "replace") if info.file_size <= MB else ""
                if "macroEnabled" in types:
                    raise refused("macro", name)
                if "word/document.xml" in names or "wordprocessingml.document.main+xml" in types:
                    return KINDS["docx"]
                if "xl/workbook.xml" in names or "spreadsheetml.sheet.main+xml" in types:
                    return KINDS["xlsx"]
    except DocumentRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError, KeyError) as exc:
        raise refused("damaged", name) from exc
    raise refused("not_allowed", name)


def _ole_kind(handle: BinaryIO, name: str) -> FileKind:
    """DOC or XLS from the streams of an OLE2 compound file (Word writes "WordDocument",
    Excel "Workbook" or "Book"); anything else in that container is refused."""
    try:
        ole = olefile.OleFileIO(handle)
        try:
            paths = {"/".join(parts).lower() for parts in ole.listdir(streams=True, storages=True)}
        finally:
            ole.close()
    except Exception as exc:  # olefile raises plain OSError, struct.error, IndexError... on a damaged file
        raise refused("damaged", name) from exc
    if any("macros" in p.split("/") or "_vba_project" in p or p.startswith("_vba_project_cur") for p in paths):
        raise refused("macro", name)
    if "worddocument" in paths:
        return KINDS["doc"]
    if "workbook" in paths or "book" in paths:
        return KINDS["xls"]
    raise refused("not_allowed", name)


def _text_kind(handle: BinaryIO, name: str, ext: str) -> FileKind:
    """Plain UTF-8 text with no NUL, named .txt or .csv, with no markup anywhere in it (a web page,
    an SVG, a script)."""
    handle.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    tail, first = "", True
    try:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            if b"\0" in chunk:
                raise refused("not_allowed", name)
            text = tail + decoder.decode(chunk)
            if first:
                text, first = text.lstrip("\ufeff"), False
                if text.lstrip().startswith("#!"):
                    raise refused("markup", name)
            if _MARKUP.search(text):
                raise refused("markup", name)
            tail = text[-MARKUP_OVERLAP:]
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise refused("not_allowed", name) from exc
    if ext not in TEXT_EXTS:
        raise refused("text_name", name)
    return KINDS[ext.lstrip(".")]


def download_name(name: str, kind: FileKind | None) -> str:
    """``name`` as a download: ending with an extension of its detected ``kind`` (appended when it has
    another one), so that "bao-cao.pdf.cmd" can never download as .cmd; ".bin" for an unknown kind."""
    extensions = EXTENSIONS.get(kind.code, ()) if kind is not None else ()
    if extension_of(name) in extensions:
        return name
    return f"{name}{extensions[0] if extensions else '.bin'}"


# -- a plan document: its extension, checked against its first bytes ------------------------------

def extension_of(filename: str) -> str:
    return os.path.splitext((filename or "").strip().lower())[1]


def format_by_name(data: bytes, filename: str, supported: tuple[str, ...], described: str) -> str:
    """The format to read ``data`` as: its extension, one of ``supported`` (``described`` in words for
    the message), checked against its first bytes. A .doc that is a zip is read as the .docx it is."""
    ext = extension_of(filename)
    if ext not in supported:
        shown = ext or "không có phần mở rộng"
        raise DocumentRefused(f"Không nhận dạng được loại tệp ({shown}). Hãy tải lên tệp {described}.")
    if not data or not data.strip():
        raise DocumentRefused("Tệp rỗng, không có nội dung để nhập.")
    is_zip = data[:4] == ZIP_SIGNATURE
    if ext in (".docx", ".xlsx", ".odt") and not is_zip:
        raise DocumentRefused(f"Tệp {ext} bị hỏng hoặc không đúng định dạng (không mở được như tệp {ext}). "
                              "Hãy mở tệp bằng Word/Excel, lưu lại rồi tải lên lần nữa.")
    if ext == ".pdf" and b"%PDF" not in data[:1024]:
        raise DocumentRefused("Tệp .pdf bị hỏng hoặc không phải tệp PDF.")
    if ext == ".doc" and data[:8] != OLE2_SIGNATURE:
        if is_zip:
            return ".docx"  # a .docx saved with the old extension
        raise DocumentRefused("Tệp .doc bị hỏng hoặc không phải tệp Word.")
    return ext
