"""Import, the whole parse: seeds 003 and 004 read from .txt, .docx and .pdf give the same plan.

The expected numbers were counted by reading the documents:

003 (Đồng Nai, 2022), §II: 1 thể chế 2 targets / 3 tasks; 2 TTHC 12 / 10 (8 target lines, four of them
with two measurable clauses; tasks a) 4 + b) 6); 3 tổ chức bộ máy 3 / 4; 4 công vụ 4 / 4 (one line with two
clauses); 5 tài chính công 1 / 4; 6 chính quyền số 7 / 11 (an opening paragraph, four lines, one of them with
three clauses; tasks a) 2 + b) 2 + c) 5 + d) + one under e)); 7 chỉ đạo, điều hành (custom) 3 / 8. §I.1: three
plan-wide targets. §IV: Thanh tra Sở for 1–2, Văn phòng Sở for 3, 4, 6, 7, Phòng KH-TC-TH for 5.

004 (Hải Phòng, 2026–2030), §II: 1: 2 / 4 (sub-items 2, 1); 2: 5 / 5 (sub-items 2 on the second);
3: 3 / 4; 4: 3 / 4; 5: 4 / 7 (sub-items 3 on the third); 6 "Chính phủ điện tử, Chính phủ số": 5 / 3.
§VI.2: Văn phòng Sở for 1, 3, 4, 6; area 2 given to "Các phòng, đơn vị …" (no single unit: flagged);
area 5 given to nobody.
"""
import pytest

from app.plans.importer.extract import extract
from app.plans.importer.parser import parse_extracted
from app.plans.importer.preview import build_tree
from app.plans.importer.targets import Measure, goal_text
from app.plans.importer.units import UnitRef
from tests.importdocs import SEED_003, SEED_004, build_docx, build_pdf, seed_text

UNITS = [UnitRef(1, "Văn phòng Sở", "VP"), UnitRef(2, "Thanh tra Sở", "TTr"),
         UnitRef(3, "Phòng Kế hoạch - Tài chính - Tổng hợp", "KH-TC-TH"), UnitRef(4, "Ban Giám đốc Sở", "BGĐ")]
SHORT = {u.id: u.short_name for u in UNITS}
FORMATS = ["txt", "txt-glitched", "docx", "docx-word-numbering", "pdf"]


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    """Each seed in each format, as files on disk (built once for this module)."""
    folder = tmp_path_factory.mktemp("seed-documents")
    files = {}
    for seed in (SEED_003, SEED_004):
        stem = seed[:3]
        (folder / f"{stem}.txt").write_text(seed_text(seed), encoding="utf-8")
        # The PDF-extraction glitch the seeds were cleaned of: ƣ for ư, Ƣ for Ư.
        glitched = seed_text(seed).replace("ư", "ƣ").replace("Ư", "Ƣ")
        (folder / f"{stem}-glitched.txt").write_text(glitched, encoding="utf-8")
        files[(stem, "txt")] = folder / f"{stem}.txt"
        files[(stem, "txt-glitched")] = folder / f"{stem}-glitched.txt"
        files[(stem, "docx")] = build_docx(seed, folder / f"{stem}.docx")
        files[(stem, "docx-word-numbering")] = build_docx(seed, folder / f"{stem}-wordnum.docx", numbered_headings=False)
        files[(stem, "pdf")] = build_pdf(seed, folder / f"{stem}.pdf")
    return files


def _parse(documents, stem, fmt):
    path = documents[(stem, fmt)]
    preview = parse_extracted(extract(path.read_bytes(), path.name), UNITS, path.name)
    return preview, build_tree(preview.lines)


def _goal(line):
    return goal_text(Measure(line.metric_kind, line.comparator, line.value, line.unit_of_measure)) \
        if line.measured else ""


@pytest.mark.parametrize("fmt", FORMATS)
def test_003_areas_targets_and_tasks(documents, fmt):
    preview, tree = _parse(documents, "003", fmt)
    assert [(a.line.standard_area, len(a.targets), len(a.tasks)) for a in tree.areas] == [
        (1, 2, 3), (2, 12, 10), (3, 3, 4), (4, 4, 4), (5, 1, 4), (6, 7, 11), (None, 3, 8)]
    assert tree.areas[6].line.text == "Công tác chỉ đạo, điều hành thực hiện cải cách hành chính"
    assert len(tree.plan_targets) == 3
    assert tree.problems == {}
    assert all("ƣ" not in line.text and "Ƣ" not in line.text for line in preview.lines)


@pytest.mark.parametrize("fmt", FORMATS)
def test_003_target_values(documents, fmt):
    _, tree = _parse(documents, "003", fmt)
    tthc = tree.areas[1].targets
    assert [_goal(t) for t in tthc] == ["= 100%", "= 100%", "= 100%", "≥ 99%", "≥ 30%", "≥ 99%", "≥ 95%", "≥ 98%",
                                        "≥ 95%", "≥ 10%", "≥ 20%", ""]
    assert tthc[3].text.startswith("Tỷ lệ hồ sơ giải quyết trực tuyến mức độ 3 và 4")
    cong_vu = tree.areas[3].targets
    assert _goal(cong_vu[1]) == "" and cong_vu[1].warnings  # "100% công chức, tối thiểu 95% viên chức": not guessed
    assert [_goal(t) for t in tree.areas[5].targets] == ["", "≥ 50%", "= 100%", "= 100%", "≥ 20%", "= 100%", "≥ 50%"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_003_focal_units_and_basis(documents, fmt):
    preview, tree = _parse(documents, "003", fmt)
    assert [SHORT.get(a.line.focal_unit_id) for a in tree.areas] == ["TTr", "TTr", "VP", "VP", "KH-TC-TH", "VP", "VP"]
    assert [SHORT.get(a.line.lead_unit_id) for a in tree.areas] == ["TTr", "TTr", "VP", "VP", "KH-TC-TH", "VP", "VP"]
    meta = preview.meta
    assert (meta.title, meta.kind, meta.year, meta.number, meta.place) == (
        "Cải cách hành chính của Sở Công Thương năm 2022", "annual", 2022, "", "Đồng Nai")
    assert [(r.type, r.number, r.date.isoformat(), r.issuer) for r in meta.basis] == [
        ("Chương trình", "5720/CTr-SCT", "2021-10-18", "Sở Công Thương"),
        ("Kế hoạch", "16341/KH-UBND", "2021-12-28", "UBND tỉnh")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_003_parts_that_are_not_tasks(documents, fmt):
    preview, tree = _parse(documents, "003", fmt)
    notes = " ".join(line.text for line in tree.notes)
    assert "Kinh phí thực hiện Kế hoạch" in notes  # Kinh phí
    assert "Nâng cao trách nhiệm người đứng đầu" in notes  # Yêu cầu
    tasks = [t.line.text for a in tree.areas for t in a.tasks]
    assert not any("Kinh phí" in t or "Sở Nội vụ;" in t or "Nguyễn Trí Phương" in t for t in tasks)
    signature = [line for line in preview.lines if line.reason == "Nơi nhận, chữ ký"]
    assert signature[0].text.startswith("Nơi nhận") and signature[-1].text.startswith("Nguyễn Trí Phương")
    assert all(line.kind == "dropped" for line in signature)
    groups = [line.text for line in preview.lines if line.kind == "group"]
    assert groups[0] == "Kiểm soát thủ tục hành chính"


@pytest.mark.parametrize("fmt", FORMATS)
def test_004_areas_targets_tasks_and_subitems(documents, fmt):
    preview, tree = _parse(documents, "004", fmt)
    assert [(a.line.standard_area, len(a.targets), len(a.tasks)) for a in tree.areas] == [
        (1, 2, 4), (2, 5, 5), (3, 3, 4), (4, 3, 4), (5, 4, 7), (6, 5, 3)]
    assert tree.areas[5].line.text == "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số"
    assert [[len(t.subitems) for t in a.tasks] for a in tree.areas] == [
        [2, 1, 0, 0], [0, 2, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 3, 0, 0, 0, 0], [0, 0, 0]]
    first = tree.areas[0].tasks[0]
    assert [s.text for s in first.subitems] == [
        "Tiến hành rà soát toàn bộ các văn bản quy phạm pháp luật của thành phố thuộc lĩnh vực công thương.",
        "Sửa đổi bổ sung các văn bản quy phạm pháp luật của thành phố trong thuộc lĩnh vực công thương."]
    assert tree.plan_targets == []
    # "III. GIẢI PHÁP THỰC HIỆN" has "1. Tăng cường công tác chỉ đạo, điều hành": notes, not an area
    assert all("chỉ đạo, điều hành" not in a.line.text for a in tree.areas)


@pytest.mark.parametrize("fmt", FORMATS)
def test_004_target_values(documents, fmt):
    _, tree = _parse(documents, "004", fmt)
    assert [_goal(t) for t in tree.areas[1].targets] == ["", "= 100%", "≥ 85%", "", "≥ 95%"]
    assert [_goal(t) for t in tree.areas[2].targets] == ["", "≥ 10% (giảm so với năm 2025)", "≥ 95%"]
    assert _goal(tree.areas[4].targets[3]) == "≥ 15% (giảm so với giai đoạn 2021 - 2025)"
    assert [_goal(t) for t in tree.areas[5].targets] == ["", "≥ 70%", "= 100%", "= 100%", "= 100%"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_004_focal_units_flag_what_no_unit_can_take(documents, fmt):
    preview, tree = _parse(documents, "004", fmt)
    assert [SHORT.get(a.line.focal_unit_id) for a in tree.areas] == ["VP", None, "VP", "VP", None, "VP"]
    tthc, finance = tree.areas[1].line, tree.areas[4].line
    assert any("Các phòng, đơn vị thực hiện nhiệm vụ liên quan đến tiếp nhận" in w for w in tthc.warnings)
    assert finance.warnings
    meta = preview.meta
    assert (meta.kind, meta.start_year, meta.end_year) == ("programme", 2026, 2030)
    assert meta.title == ("Thực hiện Chương trình tổng thể cải cách hành chính nhà nước Sở Công Thương "
                          "giai đoạn 2026-2030")
    # No căn cứ paragraph: the documents the plan implements (§I.2 "Cụ thể hóa …"), with a warning.
    assert [(r.type, r.number, r.issuer) for r in meta.basis] == [
        ("Nghị quyết", "76/NQ-CP", "Chính phủ"), ("Quyết định", "3470/QĐ-UBND", "UBND thành phố Hải Phòng")]
    assert any("căn cứ" in w for w in preview.warnings)


def test_pdf_page_furniture_is_dropped_and_reported(documents):
    preview, _ = _parse(documents, "003", "pdf")
    texts = [line.text for line in preview.lines]
    assert not any("Sở Công Thương - Kế hoạch cải cách hành chính" == t for t in texts)
    assert not any(t.isdigit() for t in texts)
    assert any("số trang" in w for w in preview.warnings)


def test_every_row_keeps_its_source_lines(documents):
    preview, _ = _parse(documents, "003", "txt")
    lines = seed_text(SEED_003).splitlines()
    for line in preview.lines:
        for number, text in line.source:
            assert lines[number - 1].strip() == text
