"""Small real files of every kind an upload may bring, made in the tests (nothing checked in).

Office files come from the libraries that write them (python-docx, openpyxl); the
OpenDocument ones are the minimal zips LibreOffice accepts (a stored ``mimetype``
member first); the legacy Word/Excel ones are OLE2 compound files with the stream
Word or Excel put in them, written by ``ole_file`` below (no Python library writes
.doc, and olefile only edits existing files).
"""
import io
import struct
import zipfile
from datetime import date

ODT_MIME = "application/vnd.oasis.opendocument.text"
ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"


def pdf_bytes(number="125/QĐ-SCT", issued_on=date(2026, 3, 12), issuer="Sở Công Thương",
              kind_title="QUYẾT ĐỊNH", summary="Về việc ban hành Kế hoạch cải cách hành chính năm 2026",
              body="Căn cứ Luật Tổ chức chính quyền địa phương.") -> bytes:
    from app.demo.documents import make_demo_pdf

    return make_demo_pdf(number, issued_on, issuer, kind_title, summary, body)


def docx_bytes(header=True, number="45/KH-SCT", issued="Đồng Nai, ngày 05 tháng 02 năm 2026",
               kind_title="KẾ HOẠCH", summary="Tuyên truyền cải cách hành chính năm 2026",
               body="Thực hiện Kế hoạch số 639/KH-SCT ngày 23/01/2026 của Sở Công Thương.") -> bytes:
    """A .docx laid out as offices write them: a two-column header table, then the title."""
    import docx

    document = docx.Document()
    if header:
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "UBND TỈNH ĐỒNG NAI\nSỞ CÔNG THƯƠNG"
        table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
        table.cell(1, 0).text = f"Số: {number}"
        table.cell(1, 1).text = issued
        document.add_paragraph(kind_title)
        document.add_paragraph(summary)
    document.add_paragraph(body)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"], sheet["B1"] = "Nhiệm vụ", "Kết quả"
    sheet["A2"], sheet["B2"] = "Rà soát thủ tục hành chính", "Hoàn thành"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def opendocument_bytes(mimetype: str, content: str = "<office:document-content/>") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", f'<?xml version="1.0" encoding="UTF-8"?>{content}')
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest/>')
    return out.getvalue()


def odt_bytes() -> bytes:
    return opendocument_bytes(ODT_MIME)


def ods_bytes() -> bytes:
    return opendocument_bytes(ODS_MIME)


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def jpg_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), (30, 30, 200)).save(out, format="JPEG")
    return out.getvalue()


def txt_bytes() -> bytes:
    return "Danh sách thủ tục hành chính đã rà soát:\n1. Cấp giấy phép bán lẻ rượu\n".encode()


def zip_bytes(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def zip_bomb_bytes(megabytes: int = 60) -> bytes:
    """A .docx-looking zip whose one member inflates from a few kB to ``megabytes`` MB of zeros."""
    out = io.BytesIO()
    write_zip_bomb(out, megabytes)
    return out.getvalue()


DOCX_TYPES = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override '
              'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
              'wordprocessingml.document.main+xml"/></Types>')


def write_zip_bomb(target, megabytes: int, declared: int | None = None, types: str = "<Types/>") -> None:
    """Write to ``target`` (a path or a binary file) a .docx-looking zip whose word/document.xml
    inflates to ``megabytes`` MB of zeros, streamed (never held in memory). With ``declared``, the
    zip's directory lies: it says the member holds only that many bytes."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", types)
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                member.write(chunk)
    if declared is not None:
        _declare_size(target, "word/document.xml", declared)


def _declare_size(path, name: str, size: int) -> None:
    """Overwrite the inflated size of member ``name`` in the local header and the directory of the
    zip at ``path`` (its zip64 extra fields too, where Python wrote the sizes)."""
    import struct

    with zipfile.ZipFile(path) as z:
        offset = z.getinfo(name).header_offset
    with open(path, "r+b") as f:
        data = bytearray(f.read())
        name_bytes = name.encode()
        # local header: sizes at +18 (packed) and +22 (inflated), zip64 extra after the name
        n, m = struct.unpack_from("<HH", data, offset + 26)
        if struct.unpack_from("<I", data, offset + 22)[0] == 0xFFFFFFFF:
            _patch_zip64(data, offset + 30 + n, m, size)
        else:
            struct.pack_into("<I", data, offset + 22, size)
        at = data.find(b"PK\x01\x02")
        while at != -1:
            n, m = struct.unpack_from("<HH", data, at + 28)
            if data[at + 46:at + 46 + n] == name_bytes:
                if struct.unpack_from("<I", data, at + 24)[0] == 0xFFFFFFFF:
                    _patch_zip64(data, at + 46 + n, m, size)
                else:
                    struct.pack_into("<I", data, at + 24, size)
            at = data.find(b"PK\x01\x02", at + 4)
        f.seek(0)
        f.write(data)


def _patch_zip64(data: bytearray, start: int, length: int, size: int) -> None:
    import struct

    at = start
    while at < start + length:
        tag, sz = struct.unpack_from("<HH", data, at)
        if tag == 1:  # the zip64 extra field: inflated size first
            struct.pack_into("<Q", data, at + 4, size)
            return
        at += 4 + sz


# -- executables, markup -----------------------------------------------------------------

def elf_bytes() -> bytes:
    """The start of a real x86-64 Linux executable (the ELF header of /bin/true)."""
    with open("/bin/true", "rb") as handle:
        return handle.read(8192)


def pe_bytes() -> bytes:
    """A minimal Windows executable header: "MZ", e_lfanew at 0x3C, then "PE\\0\\0" and a COFF header."""
    dos = bytearray(64)
    dos[0:2] = b"MZ"
    struct.pack_into("<I", dos, 0x3C, 64)
    coff = b"PE\0\0" + struct.pack("<HHIIIHH", 0x8664, 1, 0, 0, 0, 0xF0, 0x22)
    return bytes(dos) + coff + bytes(512)


HTML_AS_PDF = b"<!DOCTYPE html>\n<html><head><title>Quyet dinh</title></head>" \
              b"<body><script>document.location='http://example.invalid/'</script></body></html>\n"
SVG_WITH_SCRIPT = b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" ' \
                  b'width="10" height="10"><script>alert(document.cookie)</script></svg>\n'


# -- OLE2 compound files (.doc, .xls) ---------------------------------------------------

_FREE, _END, _FAT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _dir_entry(name: str, kind: int, child=_NOSTREAM, start=_END, size=0) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", _NOSTREAM, _NOSTREAM, child) + bytes(16) + struct.pack("<I", 0)
            + bytes(16) + struct.pack("<III", start, size, 0))


def ole_file(stream_name: str, data: bytes | None = None) -> bytes:
    """A version-3 compound file holding one stream (≥ 4096 bytes, so it lives in regular sectors)."""
    data = (data or b"\0" * 4096).ljust(4096, b"\0")
    data += b"\0" * (-len(data) % 512)
    n_data = len(data) // 512
    fat = [_FAT, _END] + [3 + i if i < n_data - 1 else _END for i in range(n_data)]
    fat_sector = struct.pack(f"<{128}I", *(fat + [_FREE] * (128 - len(fat))))
    directory = (_dir_entry("Root Entry", 5, child=1) + _dir_entry(stream_name, 2, start=2, size=len(data))
                 + _dir_entry("", 0) * 2)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + bytes(6) + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
              + struct.pack("<109I", 0, *([_FREE] * 108)))
    return header + fat_sector + directory + data


def doc_bytes() -> bytes:
    return ole_file("WordDocument", b"\xec\xa5" + b"\0" * 4094)  # wIdent of a Word 97 FIB


def xls_bytes() -> bytes:
    return ole_file("Workbook", b"\x09\x08\x10\x00\x00\x06\x05\x00" + b"\0" * 4088)  # a BIFF8 BOF record


def msi_like_bytes() -> bytes:
    """An OLE2 file that is neither Word nor Excel (an installer, for instance)."""
    return ole_file("SummaryInformation")


def xobject_bomb_pdf(times: int = 10_000) -> bytes:
    """A PDF of about 1 kB whose one page draws a form XObject ``times`` times: pypdf's extract_text
    reads the form again at each drawing (issue #23: minutes of work for one upload)."""
    import zlib

    form = zlib.compress(b"BT /F1 12 Tf 10 10 Td " + b"(Bao cao so 12/BC-SCT) Tj " * 200 + b"ET")
    page = zlib.compress(b"q /X0 Do Q\n" * times)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /X0 5 0 R >> /Font << /F1 6 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(page) + page + b"\nendstream",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> >> "
        b"/Length %d /Filter /FlateDecode >>\nstream\n" % len(form) + form + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def docx_with_big_body(megabytes: int) -> bytes:
    """A .docx (``docx_bytes``) whose document.xml holds about ``megabytes`` MB more of paragraphs, packed
    some 80 times: within the zip limits, some twenty times its XML size once parsed."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    paragraph = b"<w:p><w:r><w:t>Dong %d: noi dung bao cao cai cach hanh chinh</w:t></w:r></w:p>"
    count = megabytes * 1024 * 1024 // len(paragraph)
    document = source.read("word/document.xml")
    end = document.index(b"</w:body>")
    body = document[:end] + b"".join(paragraph % (i % 300) for i in range(count)) + document[end:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, body if info.filename == "word/document.xml" else source.read(info))
    return out.getvalue()
