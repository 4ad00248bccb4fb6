"""The evidence pack (app/assessment/pack.py) on real stored files: every file against its manifest (each
hash recomputed from the ZIP), one folder per criterion code, Windows-safe names, index.xlsx rows, a damaged
or missing file said in the manifest; and ``flask index pack`` writing the same content."""
import hashlib
import io
import json
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from app.assessment.links import tag_task
from app.assessment.models import REJECTED, SUGGESTED
from app.assessment.pack import document_name, plan_pack, safe_name, stream_pack
from app.extensions import db
from app.storage import storage
from app.transactions import transaction
from tests.db.index_helpers import add_document, link, make_entry, make_index_year
from tests.factories import make_period, make_progress_entry

MADE_AT = datetime(2026, 12, 4, 3, 0)


def pack_bytes(index_year) -> bytes:
    return b"".join(stream_pack(plan_pack(index_year), storage(), MADE_AT))


@pytest.fixture
def year(org):
    criteria = make_index_year(2026)
    entry = make_entry(org)
    decision = add_document(entry, org.ttr, b"%PDF-1.4 quyet dinh", "125/QĐ-SCT", date(2026, 3, 12),
                            issuer="Sở Công Thương", summary="=Ban hành kế hoạch CCHC năm 2026")
    same_name = add_document(entry, org.ttr, b"%PDF-1.4 ban sao khac", "125/QĐ-SCT", date(2026, 3, 12))
    report = add_document(entry, org.ttr, b"PK\x03\x04 bao cao" * 1000, "", None, name="Báo cáo quý I.docx")
    link(criteria["1.1.1"], decision)
    link(criteria["1.1.1"], same_name)
    link(criteria["1.2"], report)
    link(criteria["1.2"], decision)  # one document cited by two criteria: in both folders
    link(criteria["2.1"], add_document(entry, org.ttr, b"suggested only", "9/BC-SCT"), status=SUGGESTED)
    link(criteria["2.1"], add_document(entry, org.ttr, b"set aside", "10/BC-SCT"), status=REJECTED)
    return criteria["1"].index_year


def test_every_file_matches_its_manifest_hash(year):
    archive = zipfile.ZipFile(io.BytesIO(pack_bytes(year)))
    manifest = json.loads(archive.read("manifest.json"))
    listed = {item["path"]: item for item in manifest["files"]}
    assert set(listed) == set(archive.namelist()) - {"manifest.json"}
    for path, item in listed.items():
        data = archive.read(path)
        assert hashlib.sha256(data).hexdigest() == item["sha256"]
        assert len(data) == item["size"]
    assert manifest["problems"] == []
    assert all(item["matches_stored"] for item in manifest["files"] if "evidence_id" in item)


def test_one_folder_per_code_confirmed_links_only_named_by_number_and_date(year):
    names = zipfile.ZipFile(io.BytesIO(pack_bytes(year))).namelist()
    assert names == [
        "1.1.1/125-QĐ-SCT_12-03-2026.pdf",
        "1.1.1/125-QĐ-SCT_12-03-2026 (2).pdf",
        "1.2/125-QĐ-SCT_12-03-2026.pdf",
        "1.2/Báo cáo quý I.docx",
        "index.xlsx",
        "manifest.json",
    ]
    archive = zipfile.ZipFile(io.BytesIO(pack_bytes(year)))
    assert archive.read("1.2/125-QĐ-SCT_12-03-2026.pdf") == b"%PDF-1.4 quyet dinh"
    assert archive.read("1.1.1/125-QĐ-SCT_12-03-2026 (2).pdf") == b"%PDF-1.4 ban sao khac"


def test_index_workbook_lists_each_document_with_text_never_formulas(year):
    archive = zipfile.ZipFile(io.BytesIO(pack_bytes(year)))
    sheet = load_workbook(io.BytesIO(archive.read("index.xlsx"))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Mã tiêu chí", "Tiêu chí", "Tài liệu", "Số ký hiệu", "Ngày ban hành", "Cơ quan ban hành",
                       "Trích yếu", "Tệp trong hồ sơ", "Qua nhiệm vụ"]
    assert rows[1] == ["1.1.1", "Ban hành kế hoạch CCHC năm kịp thời",
                       "125/QĐ-SCT ngày 12/03/2026 của Sở Công Thương", "125/QĐ-SCT", "12/03/2026",
                       "Sở Công Thương", "=Ban hành kế hoạch CCHC năm 2026", "1.1.1/125-QĐ-SCT_12-03-2026.pdf",
                       None]  # confirmed for the criterion itself, not through a task
    assert sheet["G2"].data_type == "s"  # the trích yếu starting with "=" stays text
    assert [row[7] for row in rows[1:]] == [n for n in archive.namelist() if "/" in n]


def test_a_changed_or_missing_file_is_said_in_the_manifest(year, org):
    plan = plan_pack(year)
    changed, gone = plan.files[0], plan.files[3]
    with open(storage()._path(changed.file_key), "ab") as handle:
        handle.write(b" altered")
    storage().delete(gone.file_key)
    archive = zipfile.ZipFile(io.BytesIO(pack_bytes(year)))
    manifest = json.loads(archive.read("manifest.json"))
    problems = {p["path"]: p for p in manifest["problems"]}
    assert problems[gone.path]["problem"] == "missing" and gone.path not in archive.namelist()
    # the same stored file is in two folders: both are reported
    mismatched = {p for p, item in problems.items() if item["problem"] == "hash_mismatch"}
    assert mismatched == {f.path for f in plan.files if f.file_key == changed.file_key}
    entry = next(item for item in manifest["files"] if item["path"] == changed.path)
    assert not entry["matches_stored"]
    assert entry["sha256"] == hashlib.sha256(archive.read(changed.path)).hexdigest() != changed.sha256


def test_the_stream_comes_in_chunks_not_whole(year, org):
    big = add_document(make_entry(org), org.ttr, bytes(range(256)) * 12_000, "7/KH-SCT", date(2026, 1, 5))
    link(db.session.merge(year).criteria[1], big)
    chunks = list(stream_pack(plan_pack(year), storage(), MADE_AT))
    assert len(chunks) > 3 and max(len(c) for c in chunks) < 2 * 1024 * 1024


@pytest.mark.parametrize(("text", "expected"), [
    ("125/QĐ-SCT", "125-QĐ-SCT"),
    ('a\\b:c*d?e"f<g>h|i', "a-b-c-d-e-f-g-h-i"),
    ("Báo cáo. . ", "Báo cáo"),
    ("CON", "_CON"),
    ("//", "tai-lieu"),
    ("Quye\u0302\u0301t đi\u0323nh", "Quyết định"),  # decomposed Vietnamese comes out NFC
])
def test_safe_name(text, expected):
    assert safe_name(text) == expected


def test_document_name_without_number_uses_the_uploaded_name_then_the_id():
    assert document_name("", date(2026, 1, 2), "bao-cao.pdf", 7) == "bao-cao_02-01-2026"
    assert document_name(" ", None, "", 7) == "tai-lieu-7"


def test_cli_writes_the_same_pack(year, runner, tmp_path):
    target = tmp_path / "pack.zip"
    result = runner.invoke(args=["index", "pack", "--year", "2026", str(target)])
    assert result.exit_code == 0, result.output
    assert "4 tệp" in result.output
    written, streamed = zipfile.ZipFile(target), zipfile.ZipFile(io.BytesIO(pack_bytes(year)))
    assert written.namelist() == streamed.namelist()
    for name in written.namelist():
        if name.endswith(".json"):
            ours, theirs = json.loads(written.read(name)), json.loads(streamed.read(name))
            assert [f for f in ours["files"] if "evidence_id" in f] == [f for f in theirs["files"] if "evidence_id" in f]
        elif name.endswith(".xlsx"):
            read = [[[c.value for c in r] for r in load_workbook(io.BytesIO(z.read(name))).active.iter_rows()]
                    for z in (written, streamed)]
            assert read[0] == read[1]
        else:
            assert written.read(name) == streamed.read(name)


def test_cli_refuses_a_year_without_framework(app, runner, tmp_path):
    result = runner.invoke(args=["index", "pack", "--year", "2019", str(tmp_path / "x.zip")])
    assert result.exit_code != 0 and "Chưa có bộ Chỉ số CCHC năm 2019" in result.output
    assert not (tmp_path / "x.zip").exists()


def test_documents_a_task_brings_are_in_the_criterion_folder_once_with_their_task(org):
    criteria = make_index_year(2026)
    entry = make_entry(org)  # its task: "Xây dựng kế hoạch CCHC năm"
    task = entry.task
    both = add_document(entry, org.ttr, b"%PDF-1.4 ke hoach", "639/KH-SCT", date(2026, 1, 23))
    only_task = add_document(entry, org.ttr, b"%PDF-1.4 bao cao", "20/BC-SCT", date(2026, 3, 10))
    draft = make_progress_entry(task, period=make_period("h1"), status="submitted")
    add_document(draft, org.ttr, b"not approved", "21/BC-SCT", date(2026, 6, 10))
    link(criteria["1.1.1"], both)  # confirmed directly, and brought by the task too
    with transaction():
        tag_task(org.office, criteria["1"].index_year, task, "1.1.1")
        tag_task(org.office, criteria["1"].index_year, task, "1.2")
    archive = zipfile.ZipFile(io.BytesIO(pack_bytes(criteria["1"].index_year)))
    assert archive.namelist() == [
        "1.1.1/639-KH-SCT_23-01-2026.pdf", "1.1.1/20-BC-SCT_10-03-2026.pdf",
        "1.2/639-KH-SCT_23-01-2026.pdf", "1.2/20-BC-SCT_10-03-2026.pdf", "index.xlsx", "manifest.json"]
    manifest = json.loads(archive.read("manifest.json"))
    for item in manifest["files"]:
        data = archive.read(item["path"])
        assert (hashlib.sha256(data).hexdigest(), len(data)) == (item["sha256"], item["size"])
    label = f"{task.code} {task.title}"
    assert [(i["path"], i.get("via_task")) for i in manifest["files"][:4]] == [
        ("1.1.1/639-KH-SCT_23-01-2026.pdf", None), ("1.1.1/20-BC-SCT_10-03-2026.pdf", label),
        ("1.2/639-KH-SCT_23-01-2026.pdf", label), ("1.2/20-BC-SCT_10-03-2026.pdf", label)]
    assert archive.read("1.2/20-BC-SCT_10-03-2026.pdf") == b"%PDF-1.4 bao cao"
    sheet = load_workbook(io.BytesIO(archive.read("index.xlsx"))).active
    assert [(row[0].value, row[3].value, row[8].value) for row in sheet.iter_rows(min_row=2)] == [
        ("1.1.1", "639/KH-SCT", None), ("1.1.1", "20/BC-SCT", label),
        ("1.2", "639/KH-SCT", label), ("1.2", "20/BC-SCT", label)]
    assert only_task.id in {i.get("evidence_id") for i in manifest["files"]}
