"""What a zip's directory says about its members, checked before anything is inflated (shared by
evidence uploads, app/progress/evidence.py, and the plan importer, app/plans/importer/extract.py).

Python's zipfile stops a member at the size its directory declares, but only after inflating the
whole chunk it read: a member that declares 1 kB over 300 kB of packed zeros is inflated to
hundreds of MB in memory before being cut. Deflate never makes data much larger, so a member
packed into more bytes than it declares to hold is lying about its size: such a zip is refused."""
import zipfile


def lies_about_its_size(info: zipfile.ZipInfo) -> bool:
    """Packed larger than declared inflated (deflate's worst case adds 5 bytes per 16 kB block)."""
    return info.compress_size > info.file_size + info.file_size // 100 + 1024


def any_member_lies(archive: zipfile.ZipFile) -> bool:
    return any(lies_about_its_size(info) for info in archive.infolist())
