"""Evidence services on real files and a real SQLite database: what is taken (by content), what is
refused, that a file never outlives its row (nor a row its file), the header pre-fill, removal."""
import hashlib
import io
from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.audit import AuditLog
from app.documents import DocumentRefused
from app.documents.filetypes import KINDS
from app.errors import EditConflict
from app.extensions import db
from app.progress.evidence import (
    CitationData,
    add_evidence,
    citation_fingerprint,
    display_name,
    entry_needs_explanation,
    remove_evidence,
    update_citation,
)
from app.progress.models import Evidence
from app.storage import storage
from app.transactions import transaction
from tests import filegen
from tests.factories import count, fresh, issue, make_plan, make_progress_entry, make_task

ALLOWED = {
    "pdf": (filegen.pdf_bytes, "quyet-dinh.pdf"),
    "doc": (filegen.doc_bytes, "bao-cao.doc"),
    "docx": (filegen.docx_bytes, "ke-hoach.docx"),
    "xls": (filegen.xls_bytes, "so-lieu.xls"),
    "xlsx": (filegen.xlsx_bytes, "so-lieu.xlsx"),
    "odt": (filegen.odt_bytes, "van-ban.odt"),
    "ods": (filegen.ods_bytes, "bang-tinh.ods"),
    "jpg": (filegen.jpg_bytes, "anh-chup.jpg"),
    "png": (filegen.png_bytes, "anh-chup.png"),
    "txt": (filegen.txt_bytes, "ghi-chu.txt"),
    "csv": (lambda: "Đơn vị;Số hồ sơ\nThanh tra;12\n".encode(), "so-lieu.csv"),
}


@pytest.fixture
def entry(org):
    plan = make_plan(org.office, areas=(2,))
    task = make_task(plan.areas[0], org.ttr, "Rà soát, công khai thủ tục hành chính", coop=[org.khtc])
    issue(plan, org.office)
    return make_progress_entry(task)


def stored_keys() -> list[str]:
    return list(storage().keys())


def leftovers() -> list:
    """Files anywhere under the store's folder (temporary ones included)."""
    root = storage().root
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def add(org, entry, data: bytes, name: str, **kw):
    with transaction():
        return add_evidence(org.ttr_staff, entry, org.ttr, io.BytesIO(data), name, **kw)


@pytest.mark.parametrize("code", list(ALLOWED))
def test_each_allowed_type_is_stored_with_its_type_size_and_hash(org, entry, code):
    make, name = ALLOWED[code]
    data = make()
    evidence = add(org, entry, data, name)
    row = fresh(Evidence, evidence.id)
    assert row.content_type == KINDS[code].mime
    assert row.size == len(data)
    assert row.sha256 == hashlib.sha256(data).hexdigest()
    assert row.original_name == name
    assert row.uploaded_by_id == org.ttr_staff.id and row.unit_id == org.ttr.id
    with storage().open(row.file_key) as handle:
        assert handle.read() == data
    assert stored_keys() == [row.file_key]


def test_type_comes_from_the_content_not_the_name(org, entry):
    evidence = add(org, entry, filegen.pdf_bytes(), "tai-lieu.docx")
    assert fresh(Evidence, evidence.id).content_type == "application/pdf"


REFUSED = {
    "elf-named-pdf": (filegen.elf_bytes, "quyet-dinh.pdf", "tệp chương trình"),
    "exe-named-pdf": (filegen.pe_bytes, "quyet-dinh.pdf", "tệp chương trình"),
    "exe-named-docx": (filegen.pe_bytes, "bao-cao.docx", "tệp chương trình"),
    "html-named-pdf": (lambda: filegen.HTML_AS_PDF, "quyet-dinh.pdf", "trang web"),
    "html-without-doctype": (lambda: b"<html><body><script>alert(1)</script></body></html>", "ghi-chu.txt",
                             "trang web"),
    "svg-with-script": (lambda: filegen.SVG_WITH_SCRIPT, "so-do.png", "SVG"),
    "script-in-text": (lambda: b"Ghi chu\n<script src=x></script>\n", "ghi-chu.txt", "trang web"),
    "shell-script": (lambda: b"#!/bin/sh\nrm -rf /\n", "ghi-chu.txt", "tệp lệnh"),
    "plain-zip": (lambda: filegen.zip_bytes({"a.txt": b"x"}), "tai-lieu.zip", "không thuộc loại được nhận"),
    "presentation": (lambda: filegen.zip_bytes({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}),
                     "trinh-chieu.docx", "không thuộc loại được nhận"),
    "word-with-macros": (lambda: filegen.zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>",
                                                    "word/vbaProject.bin": b"\0" * 10}), "ke-hoach.docx", "macro"),
    "ole-installer": (filegen.msi_like_bytes, "bao-cao.doc", "không thuộc loại được nhận"),
    "gif": (lambda: b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04" + bytes(20), "anh.gif",
            "không thuộc loại được nhận"),
    "binary": (lambda: bytes(range(256)) * 8, "du-lieu.txt", "không thuộc loại được nhận"),
    "latin1-text": (lambda: "Báo cáo".encode("latin-1", "replace") + b"\xe9\xe8", "ghi-chu.txt",
                    "không thuộc loại được nhận"),
    "damaged-zip": (lambda: filegen.docx_bytes()[:600], "ke-hoach.docx", "bị hỏng"),
    "empty": (lambda: b"", "rong.pdf", "rỗng"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_refused_files_leave_no_row_and_no_file(org, entry, case):
    make, name, words = REFUSED[case]
    with pytest.raises(DocumentRefused) as refused:
        add(org, entry, make(), name)
    assert words in refused.value.message
    assert f"“{name}”" in refused.value.message
    assert count(Evidence) == 0
    assert leftovers() == []


def test_zip_bomb_is_refused_from_its_directory(org, entry):
    bomb = filegen.zip_bomb_bytes(60)  # 60 MB of zeros packed into a few dozen kB
    assert len(bomb) < 200_000
    with pytest.raises(DocumentRefused) as refused:
        add(org, entry, bomb, "ke-hoach.docx")
    assert "giải nén lớn bất thường" in refused.value.message
    assert count(Evidence) == 0 and leftovers() == []


def test_oversized_file_is_refused_with_the_limit_in_the_message(app, org, entry):
    app.config["EVIDENCE_MAX_MB"] = 0.01  # about 10 kB
    with pytest.raises(DocumentRefused) as refused:
        add(org, entry, filegen.pdf_bytes() + b"%" * 20_000, "quyet-dinh.pdf")
    assert refused.value.message == ("Tệp “quyet-dinh.pdf” vượt quá dung lượng cho phép: "
                                     "mỗi tệp tối đa 0,01 MB.")
    assert count(Evidence) == 0 and leftovers() == []


@pytest.mark.parametrize(("raw", "shown"), [
    ("C:\\Users\\chuyenvien\\Tài liệu\\Quyết định số 125.pdf", "Quyết định số 125.pdf"),
    ("../../etc/passwd/Báo cáo quý I.pdf", "Báo cáo quý I.pdf"),
    ("..\\..\\.bashrc", "bashrc"),
    ("Ke\u0302\u0301 hoa\u0323ch.pdf", "Kế hoạch.pdf"),  # decomposed (macOS) → composed
    ("bao-cao\u202efdp.exe", "bao-caofdp.exe"),  # a right-to-left override cannot disguise the name
    ("a\x00b\tc\r\n.pdf", "abc.pdf"),
    ("", "tệp không tên"),
    ("/", "tệp không tên"),
    ("Tờ trình " + "rất dài " * 40 + ".pdf", None),
])
def test_display_name(raw, shown):
    name = display_name(raw)
    if shown is None:
        assert len(name) <= 200 and name.endswith(".pdf") and name.startswith("Tờ trình rất dài")
    else:
        assert name == shown
    assert "/" not in name and "\\" not in name


def test_stored_under_a_generated_name_with_the_original_name_kept_for_display(org, entry):
    evidence = add(org, entry, filegen.pdf_bytes(), "C:\\fakepath\\..\\Quyết định số 125/QĐ-SCT.pdf")
    row = fresh(Evidence, evidence.id)
    assert row.original_name == "QĐ-SCT.pdf"
    assert "QĐ" not in row.file_key and ".." not in row.file_key
    path = storage().root / "files" / row.file_key
    assert path.is_file() and path.resolve().is_relative_to(storage().root.resolve())


class BrokenStream(io.RawIOBase):
    """An upload whose connection drops after ``good`` bytes."""

    def __init__(self, good: int):
        self.left = good

    def readable(self):
        return True

    def readinto(self, buffer):
        if self.left <= 0:
            raise ConnectionResetError("the client went away")
        n = min(len(buffer), self.left, 256 * 1024)
        buffer[:n] = b"%" * n
        self.left -= n
        return n


def test_interrupted_upload_leaves_no_row_and_no_file(org, entry):
    with pytest.raises(ConnectionResetError):
        with transaction():
            add_evidence(org.ttr_staff, entry, org.ttr, io.BufferedReader(BrokenStream(3 * 1024 * 1024)),
                         "quyet-dinh.pdf")
    assert count(Evidence) == 0
    assert leftovers() == []


def test_failed_row_insert_leaves_no_file(org, entry):
    ghost_unit = SimpleNamespace(id=987654)  # no such unit: the foreign key refuses the row
    with pytest.raises(Exception) as failed:
        with transaction():
            add_evidence(org.ttr_staff, entry, ghost_unit, io.BytesIO(filegen.pdf_bytes()), "quyet-dinh.pdf")
    assert "foreign key" in str(failed.value).lower()  # SQLite: FOREIGN KEY; PostgreSQL: foreign key
    assert count(Evidence) == 0
    assert leftovers() == []


def test_rolled_back_transaction_takes_its_files_with_it(org, entry):
    """The row was added and flushed, then the transaction failed later (a second file refused,
    a failed commit): the file saved for the row is deleted with it."""
    with pytest.raises(DocumentRefused):
        with transaction():
            add_evidence(org.ttr_staff, entry, org.ttr, io.BytesIO(filegen.pdf_bytes()), "mot.pdf")
            assert len(stored_keys()) == 1
            add_evidence(org.ttr_staff, entry, org.ttr, io.BytesIO(filegen.pe_bytes()), "hai.pdf")
    assert count(Evidence) == 0
    assert leftovers() == []


def test_committed_evidence_keeps_its_file(org, entry):
    evidence = add(org, entry, filegen.pdf_bytes(), "mot.pdf")
    db.session.rollback()  # a later, unrelated rollback must not touch it
    assert stored_keys() == [fresh(Evidence, evidence.id).file_key]


def test_citation_is_prefilled_from_a_pdf_header(org, entry):
    data = filegen.pdf_bytes(number="125/QĐ-SCT", issued_on=date(2026, 3, 12), issuer="Sở Công Thương",
                             kind_title="QUYẾT ĐỊNH", summary="Về việc ban hành Kế hoạch cải cách hành chính năm 2026")
    row = fresh(Evidence, add(org, entry, data, "qd-125.pdf").id)
    assert (row.number, row.issued_on, row.issuer, row.summary) == (
        "125/QĐ-SCT", date(2026, 3, 12), "Sở Công Thương", "Về việc ban hành Kế hoạch cải cách hành chính năm 2026")
    assert row.citation == "125/QĐ-SCT ngày 12/03/2026 của Sở Công Thương"


def test_citation_is_prefilled_from_a_docx_header(org, entry):
    row = fresh(Evidence, add(org, entry, filegen.docx_bytes(), "kh-45.docx").id)
    assert (row.number, row.issued_on, row.issuer, row.summary) == (
        "45/KH-SCT", date(2026, 2, 5), "Sở Công Thương", "Tuyên truyền cải cách hành chính năm 2026")


def test_given_citation_fields_win_over_the_header(org, entry):
    row = fresh(Evidence, add(org, entry, filegen.pdf_bytes(), "qd.pdf", number="126/QĐ-SCT", issuer="").id)
    assert row.number == "126/QĐ-SCT" and row.issuer == ""
    assert row.issued_on == date(2026, 3, 12)  # not given: from the header


def test_no_prefill_for_other_types(org, entry):
    row = fresh(Evidence, add(org, entry, filegen.txt_bytes(), "ghi-chu.txt").id)
    assert (row.number, row.issued_on, row.issuer, row.summary) == ("", None, "", "")


def test_removal_hides_but_keeps_the_row_the_file_and_the_history(org, entry):
    evidence = add(org, entry, filegen.pdf_bytes(), "qd.pdf")
    with transaction():
        remove_evidence(org.ttr_staff, evidence)
    row = fresh(Evidence, evidence.id)
    assert row.removed_at is not None and row.removed_by_id == org.ttr_staff.id
    assert row not in row.entry.live_evidence and row in row.entry.evidence
    assert storage().exists(row.file_key)
    actions = [a.action for a in db.session.scalars(select(AuditLog).where(
        AuditLog.object_type == "entry", AuditLog.object_id == entry.id).order_by(AuditLog.id))]
    assert actions == ["add_evidence", "remove_evidence"]


def test_removing_twice_is_refused(org, entry):
    evidence = add(org, entry, filegen.pdf_bytes(), "qd.pdf")
    with transaction():
        remove_evidence(org.ttr_staff, evidence)
    from app.errors import DomainError

    with pytest.raises(DomainError):
        remove_evidence(org.ttr_staff, fresh(Evidence, evidence.id))


def test_update_citation_and_its_audit(org, entry):
    evidence = add(org, entry, filegen.txt_bytes(), "ghi-chu.txt")
    seen = citation_fingerprint(evidence)
    with transaction():
        update_citation(org.ttr_staff, evidence, CitationData("12/BC-TTr", date(2026, 4, 1), "Thanh tra Sở",
                                                              "Báo cáo kết quả rà soát"), seen)
    row = fresh(Evidence, evidence.id)
    assert row.citation == "12/BC-TTr ngày 01/04/2026 của Thanh tra Sở"
    record = db.session.scalars(select(AuditLog).where(AuditLog.action == "update",
                                                       AuditLog.object_type == "entry")).one()
    assert record.after == {"evidence": "12/BC-TTr ngày 01/04/2026 của Thanh tra Sở: Báo cáo kết quả rà soát"}


def test_update_citation_refuses_a_stale_form(org, entry):
    evidence = add(org, entry, filegen.txt_bytes(), "ghi-chu.txt")
    stale = citation_fingerprint(evidence)
    with transaction():
        update_citation(org.ttr_head, evidence, CitationData(number="1/BC-TTr"), stale)
    with pytest.raises(EditConflict):
        update_citation(org.ttr_staff, fresh(Evidence, evidence.id), CitationData(number="2/BC-TTr"), stale)
    assert fresh(Evidence, evidence.id).number == "1/BC-TTr"


def test_entry_needs_explanation(org, entry):
    with transaction():
        entry.task_status = "in_progress"
    assert not entry_needs_explanation(entry)
    with transaction():
        entry.task_status = "done"
    assert entry_needs_explanation(entry)
    evidence = add(org, entry, filegen.pdf_bytes(), "qd.pdf")
    assert not entry_needs_explanation(fresh(type(entry), entry.id))
    with transaction():
        remove_evidence(org.ttr_staff, evidence)
    entry = fresh(type(entry), entry.id)
    assert entry_needs_explanation(entry)  # removed evidence does not count
    with transaction():
        entry.explanation = "Nhiệm vụ thực hiện qua hệ thống, không ban hành văn bản."
    assert not entry_needs_explanation(entry)
