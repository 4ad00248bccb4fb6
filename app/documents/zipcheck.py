"""What a zip's directory says about its members, checked before anything is inflated (an evidence
file's type, app/progress/evidence.py; a plan document or task table, app/plans/importer/).

Python's zipfile stops a member at the size its directory declares, but only after inflating the
whole chunk it read: a member that declares 1 kB over 300 kB of packed zeros is inflated to
hundreds of MB in memory before being cut. Deflate never makes data much larger, so a member
packed into more bytes than it declares to hold is lying about its size: such a zip is refused."""
import io
import zipfile
from dataclasses import dataclass

from . import DocumentRefused

MB = 1024 * 1024
RATIO_FLOOR = 10 * MB  # below this much inflated data, a high compression ratio is harmless


@dataclass(frozen=True)
class ZipLimits:
    """How much a zip may hold, judged from its directory alone."""

    max_inflated: int  # bytes, all members together
    max_members: int | None = None
    max_ratio: float | None = None  # inflated / packed, checked once more than RATIO_FLOOR is inflated
    max_xml_part: int | None = None  # bytes, one XML part (document.xml, a sheet, content.xml)


def lies_about_its_size(info: zipfile.ZipInfo) -> bool:
    """Packed larger than declared inflated (deflate's worst case adds 5 bytes per 16 kB block)."""
    return info.compress_size > info.file_size + info.file_size // 100 + 1024


def inflates_too_much(archive: zipfile.ZipFile, limits: ZipLimits) -> bool:
    """Too many members, too much inflated data, a member lying about its size, or (past the floor)
    a compression ratio no document has: a zip bomb, refused without inflating anything."""
    members = archive.infolist()
    if limits.max_members is not None and len(members) > limits.max_members:
        return True
    inflated = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    return (inflated > limits.max_inflated or any(map(lies_about_its_size, members))
            or (limits.max_ratio is not None and inflated > RATIO_FLOOR
                and inflated > limits.max_ratio * max(packed, 1)))


def _largest_xml(archive: zipfile.ZipFile) -> int:
    return max((m.file_size for m in archive.infolist() if m.filename.lower().endswith((".xml", ".rels"))),
               default=0)


def xml_parts_too_large(archive: zipfile.ZipFile, limit: int | None) -> bool:
    """An XML part declared larger than ``limit`` bytes: parsed, it would take some twenty times that
    in memory (a 60 MB document.xml took a server from 125 MB to 1.5 GB)."""
    return limit is not None and _largest_xml(archive) > limit


def largest_xml_part(data: bytes) -> int:
    """The size its directory declares for the largest XML part of a zip (0 when it is not a zip)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _largest_xml(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return 0


def open_office_zip(data: bytes, what: str, required: str, limits: ZipLimits) -> zipfile.ZipFile:
    """Open an Office file (DOCX, XLSX, ODT) safely: readable, holding ``required``, within ``limits``.
    DocumentRefused, saying which, otherwise."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise DocumentRefused(f"Tệp {what} bị hỏng (không giải nén được). "
                              "Hãy mở tệp, lưu lại rồi tải lên lần nữa.") from exc
    if required not in names:
        raise DocumentRefused(f"Tệp không phải {what} hợp lệ (thiếu {required}).")
    if inflates_too_much(archive, limits):
        raise DocumentRefused(f"Tệp {what} giải nén ra quá lớn; không nhập được.")
    if xml_parts_too_large(archive, limits.max_xml_part):
        raise DocumentRefused(f"Không đọc được tệp {what} trong giới hạn cho phép: phần nội dung của tệp "
                              f"lớn hơn {limits.max_xml_part // MB} MB. Hãy tách văn bản hoặc lưu lại rồi thử lần nữa.")
    return archive
