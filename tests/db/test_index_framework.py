"""Frameworks as data: the year and its criteria edited until the year is locked, audited; the .xlsx
template, import (every bad row and column named, nothing half-imported) and export (round trip)."""
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.assessment import framework as fw
from app.assessment import framework_xlsx as fx
from app.assessment.models import BONUS, IndexScore
from app.assessment.queries import criteria_of
from app.audit import AuditLog
from app.errors import DomainError, EditConflict
from app.extensions import db
from app.transactions import transaction
from tests.factories import assert_unchanged, fingerprint

D = fw.CriterionData


def _year(org, year=2026):
    with transaction():
        index_year = fw.create_year(org.office, year, fw.YearData(title=f"Bộ chỉ số CCHC năm {year}"))
    return index_year


def _framework(org, index_year):
    with transaction():
        area = fw.add_criterion(org.office, index_year, D("1", "Cải cách thể chế", 6))
        tc = fw.add_criterion(org.office, index_year, D("1.1", "Kiểm tra văn bản", 4, unit_id=org.ttr.id), area)
        fw.add_criterion(org.office, index_year, D("1.1.1", "Tự kiểm tra", 2, allows_half=True), tc)
        fw.add_criterion(org.office, index_year, D("1.2", "Rà soát", 2), area)
        bonus = fw.add_criterion(org.office, index_year, D("T", "Điểm thưởng", 2, kind=BONUS))
        fw.add_criterion(org.office, index_year, D("T.1", "Sáng kiến", 2), bonus)
    return criteria_of(index_year)


def _codes(index_year):
    return [(c.code, c.level, c.kind) for c in criteria_of(index_year)]


def test_criteria_form_a_tree_in_order_moved_with_their_subtree_and_deleted(org):
    index_year = _year(org)
    _framework(org, index_year)
    assert _codes(index_year) == [("1", "area", "normal"), ("1.1", "criterion", "normal"),
                                  ("1.1.1", "component", "normal"), ("1.2", "criterion", "normal"),
                                  ("T", "area", "bonus"), ("T.1", "criterion", "bonus")]
    by_code = {c.code: c for c in criteria_of(index_year)}
    with transaction():
        fw.move_criterion(org.office, by_code["1.1"], "down")
    assert [c.code for c in criteria_of(index_year)] == ["1", "1.2", "1.1", "1.1.1", "T", "T.1"]
    with transaction():
        fw.move_criterion(org.office, by_code["T"], "up")
    assert [c.code for c in criteria_of(index_year)] == ["T", "T.1", "1", "1.2", "1.1", "1.1.1"]
    with transaction():
        fw.delete_criterion(org.office, by_code["1.1"])
    assert [c.code for c in criteria_of(index_year)] == ["T", "T.1", "1", "1.2"]
    actions = db.session.execute(select(AuditLog.action, func.count()).where(
        AuditLog.object_type == "index_criterion").group_by(AuditLog.action)).all()
    assert dict(actions) == {"create": 6, "move": 2, "delete": 2}


@pytest.mark.parametrize(("data", "parent", "field", "message"), [
    (D("1.1", "Trùng mã", 1), "1", "code", "đã có mã"),
    (D("1.3", "", 1), "1", "title", "nội dung"),
    (D("1.3", "Quá điểm", 7), "1", "max_score", "lớn hơn điểm tối đa của dòng cha 1"),
    (D("1.3", "Không điểm", None), "1", "max_score", "điểm tối đa"),
    (D("1.1.1.1", "Quá sâu", 1), "1.1.1", "parent_code", "không có cấp dưới"),
    (D("1 3", "Mã có khoảng trắng", 1), "1", "code", "khoảng trắng"),
])
def test_a_bad_criterion_is_refused_with_its_field_and_nothing_changes(org, data, parent, field, message):
    index_year = _year(org)
    by_code = {c.code: c for c in _framework(org, index_year)}
    before = fingerprint()
    with pytest.raises(DomainError) as refused:
        fw.add_criterion(org.office, index_year, data, by_code[parent])
    assert message in refused.value.fields[field]
    db.session.rollback()
    assert_unchanged(before)


def test_edits_check_the_version_and_a_parent_never_drops_below_its_children(org):
    index_year = _year(org)
    tc = {c.code: c for c in _framework(org, index_year)}["1.1"]
    with pytest.raises(DomainError) as refused:
        fw.update_criterion(org.office, tc, D("1.1", "Kiểm tra văn bản", 1.5), tc.version)
    assert "lớn hơn" in refused.value.fields["max_score"]
    db.session.rollback()
    with pytest.raises(EditConflict):
        fw.update_criterion(org.office, tc, D("1.1", "Sửa", 4), tc.version - 1)
    db.session.rollback()
    with transaction():
        fw.update_criterion(org.office, tc, D("1.1", "Kiểm tra, xử lý văn bản", 3, unit_id=org.khtc.id), tc.version)
    assert (tc.title, tc.max_score, tc.unit_id) == ("Kiểm tra, xử lý văn bản", 3, org.khtc.id)


def test_a_locked_year_refuses_every_framework_write_and_a_scored_criterion_is_not_deleted(org):
    index_year = _year(org)
    by_code = {c.code: c for c in _framework(org, index_year)}
    with transaction():
        db.session.add(IndexScore(criterion=by_code["1.2"], draft_score=1))
    with pytest.raises(DomainError, match="đã có điểm chấm"):
        fw.delete_criterion(org.office, by_code["1.2"])
    db.session.rollback()
    with transaction():
        index_year.stage = "appraisal1"
    before = fingerprint()
    for write in (lambda: fw.add_criterion(org.office, index_year, D("2", "Mới", 1)),
                  lambda: fw.update_criterion(org.office, by_code["1.1"], D("1.1", "Sửa", 4)),
                  lambda: fw.move_criterion(org.office, by_code["1.2"], "up"),
                  lambda: fw.delete_criterion(org.office, by_code["1.1.1"]),
                  lambda: fw.replace_framework(org.office, index_year, [D("1", "A", 1)])):
        with pytest.raises(DomainError, match="đã chốt"):
            write()
        db.session.rollback()
    assert_unchanged(before)


def test_copying_last_year_keeps_the_tree_and_assignments_without_scores(org):
    old = _year(org, 2025)
    leaf = {c.code: c for c in _framework(org, old)}["1.2"]
    with transaction():
        db.session.add(IndexScore(criterion=leaf, self_score=2))
        new = fw.copy_year(org.office, old)
    assert (new.year, new.title) == (2026, "Bộ chỉ số CCHC năm 2026")
    assert _codes(new) == _codes(old)
    assert [c.unit_id for c in criteria_of(new)] == [c.unit_id for c in criteria_of(old)]
    assert db.session.scalar(select(func.count()).select_from(IndexScore)) == 1
    with pytest.raises(DomainError) as refused:
        fw.copy_year(org.office, old)
    assert "Đã có bộ tiêu chí năm 2026" in refused.value.fields["year"]


def _cells(data: bytes) -> dict:
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()] for sheet in book.worksheets}


def test_the_template_imports_and_export_import_export_gives_the_same_cells(org):
    template = fx.template()
    book = load_workbook(io.BytesIO(template))
    assert book.sheetnames == ["Bộ tiêu chí", "Thông tin", "Hướng dẫn"]
    validations = {str(v.sqref).split(":")[0]: v.formula1 for v in book["Bộ tiêu chí"].data_validations.dataValidation}
    assert "Tiêu chí thành phần" in validations["C2"] and "Điểm thưởng" in validations["D2"]
    target = _year(org, 2027)
    rows, _title, _source = fx.read_framework(template)
    with transaction():
        fw.replace_framework(org.office, target, rows)
    assert [c.code for c in criteria_of(target)] == [r.code for r in fx.EXAMPLE]

    first = _year(org)
    _framework(org, first)
    exported = fx.export_framework(first, criteria_of(first))
    second = _year(org, 2028)
    rows, title, source = fx.read_framework(exported)
    with transaction():
        fw.replace_framework(org.office, second, rows, title, source)
    assert _cells(fx.export_framework(second, criteria_of(second))) == _cells(exported)


def _sheet(*rows) -> bytes:
    book = load_workbook(io.BytesIO(fx.template()))
    sheet = book["Bộ tiêu chí"]
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_bad_workbook_names_each_row_and_column_and_imports_nothing(org):
    index_year = _year(org)
    _framework(org, index_year)
    data = _sheet(
        ["1", "", "Lĩnh vực", "Chấm điểm", "Cải cách thể chế", 10, "không"],
        ["1.1", "9", "Tiêu chí", "Chấm điểm", "Cha không có", 2, "không"],
        ["1.2", "1", "Tiêu chí", "Chấm điểm", "Điểm chữ", "hai", "không"],
        ["1.3", "1", "Tiêu chí", "Chấm điểm", "Quá điểm cha", 12, "không"],
        ["1.4", "1", "Tiêu chí", "Chấm điểm", "Điểm lẻ", 1, "được"],
        ["1.4", "1", "Tiêu chí", "Chấm điểm", "Trùng mã", 1, "có"],
        ["1.5", "1", "Tiêu chí thành phần", "Chấm điểm", "Sai cấp", 1, ""],
        ["1.6", "1", "Tiêu chí", "Điểm cộng", "Sai loại", 1, "", "", "", "", "", "Phòng Không Có"],
    )
    rows, _title, _source = fx.read_framework(data)
    before = fingerprint()
    with pytest.raises(DomainError) as refused:
        fw.replace_framework(org.office, index_year, rows)
    db.session.rollback()
    assert_unchanged(before)
    said = "\n".join(refused.value.messages)
    for expected in ("Dòng 3, cột “Mã cha”: không có tiêu chí nào mã “9”",
                     "Dòng 4, cột “Điểm tối đa”: “hai” không phải là một số",
                     "Dòng 5, cột “Điểm tối đa”: điểm tối đa (12) lớn hơn điểm tối đa của dòng cha 1 (10)",
                     "Dòng 6, cột “Cho phép điểm 0,5”: phải là “có” hoặc “không”",
                     "Dòng 7, cột “Mã”: mã “1.4” trùng với dòng 6",
                     "Dòng 8, cột “Cấp”",
                     "Dòng 9, cột “Loại”", "Dòng 9, cột “Đơn vị được giao”: không có đơn vị “Phòng Không Có”"):
        assert expected in said, said
    with pytest.raises(DomainError, match="tiêu đề"):
        fx.read_framework(_sheet_without_header())
    with pytest.raises(DomainError, match="hỏng|không phải"):
        fx.read_framework(b"PK\x03\x04 not a workbook")


def _sheet_without_header() -> bytes:
    book = load_workbook(io.BytesIO(fx.template()))
    book["Bộ tiêu chí"].delete_rows(1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
