"""Import a plan from its document (issue 13).

The pipeline, one small module per step, each a set of pure functions that
tests call directly:

- ``extract``: the document's bytes → lines of text (.docx paragraphs and
  tables, .pdf text layer, .txt, pasted text; .doc/.odt through LibreOffice);
  the file's format, its zip, the LibreOffice conversion and the clean-up of
  each line (Unicode NFC, the PDF glyph ƣ → ư) are app/documents' work;
- ``text``: which lines to trust, and the page furniture to drop (page
  numbers, running headers);
- ``outline``: wrapped lines joined back into paragraphs, and each
  paragraph's numbering (I. / 1. / 1.1. / a) / - / + / •);
- ``metadata``: title, số ký hiệu, place and date, year or giai đoạn, and the
  căn cứ documents as structured references (read with app/documents' header
  reader and citations);
- ``targets``: the measurable value of a target ("đạt tối thiểu 99%" → ≥ 99 %);
- ``areas``: section titles mapped to the six standard CCHC areas;
- ``units``: unit names and abbreviations matched to the department's units,
  and the "Tổ chức thực hiện" part read as focal and lead units per area;
- ``parser``: all of the above → a ``Preview`` (``preview``): one row per
  paragraph, each marked with what it became;
- ``tasktable`` and ``xlsx``: the "phụ lục" task table (Excel template, export,
  import, and the same table inside a .docx);
- ``service``: the stored preview, the Office's corrections, and the plan
  built from it through the plan services (``app.plans.services``);
- ``routes`` and ``cli``: the upload / review / create pages and
  ``flask plan import``.
"""
