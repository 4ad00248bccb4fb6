"""Reading untrusted documents: the files units upload as evidence and the plans the Office imports.

Everything that opens a file somebody sent lives here, so that the limits on that work are in one place:

- ``filetypes``: what a file is, decided by its content (the evidence allow-list, ``KINDS``), or by its
  name checked against its first bytes (a plan document);
- ``zipcheck``: what a zip's directory says about its members, checked before anything is inflated, and
  an Office file (DOCX, XLSX, ODT) opened only when it passes;
- ``libreoffice``: .doc/.odt converted to .docx by headless LibreOffice;
- ``header``: the header of an administrative document (thể thức, Nghị định 30/2020): số ký hiệu, ngày,
  cơ quan ban hành, loại văn bản, trích yếu, and the text of a PDF's or DOCX's first page it is read from;
- ``citations``: the documents a sentence cites ("Kế hoạch số 16341/KH-UBND ngày 28/12/2021 của UBND
  tỉnh"), with the same kinds of document and the same dates as the header;
- ``text``: one extracted line made readable (the glyphs some PDF producers write, Unicode forms);
- ``worker``: the reading itself (pypdf, python-docx, openpyxl, LibreOffice) run in a worker process
  bounded in time and memory, called before the write transaction starts (issue #23).

Users: ``progress/evidence.py`` (the type of an evidence file, its citation pre-fill) and
``plans/importer/`` (the plan document's format, its zip, header and căn cứ). Nothing here touches the
database or the request; a file that is refused raises ``DocumentRefused``, whose message says why in
Vietnamese.

Issue #23 continues here: LibreOffice without network or links; and the evidence allow-list checked
by extension and content together (``filetypes.sniff``).
"""
from ..errors import DomainError


class DocumentRefused(DomainError):
    """A file that is not taken, or cannot be read; the message says why and what to do (answered with 422)."""
