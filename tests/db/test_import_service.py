"""Import, the service: the plan built from a preview, plan-wide targets, tables, and the CLI."""
import json
import re
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from app.errors import DomainError
from app.extensions import db
from app.plans import services as plans
from app.plans.importer import queries, service, xlsx
from app.plans.importer.extract import extract
from app.plans.importer.parser import parse_extracted, parse_text
from app.plans.importer.preview import build_tree
from app.plans.models import Plan
from app.transactions import transaction
from tests.factories import audits, count
from tests.importdocs import SEED_003, SEED_004, SEEDS

PLAN_WIDE = """KẾ HOẠCH
Cải cách hành chính của Sở Công Thương năm 2026
I. MỤC TIÊU
1. Mục tiêu chung
Xây dựng nền hành chính hiện đại, chuyên nghiệp, phục vụ người dân và doanh nghiệp.
2. Mục tiêu cụ thể
- Chỉ số cải cách hành chính (PAR INDEX) của Sở năm 2026 nằm trong tốp 5 các sở, ban, ngành.
- Chỉ số hài lòng của người dân, tổ chức (SIPAS) đạt trên 90%.
II. NHIỆM VỤ
1. Cải cách thể chế
- Rà soát văn bản quy phạm pháp luật thuộc lĩnh vực công thương.
IV. TỔ CHỨC THỰC HIỆN
- Thanh tra Sở: Chủ trì triển khai các nhiệm vụ cải cách thể chế.
"""


def _preview(name, org_units=None):
    path = SEEDS / name
    return parse_extracted(extract(path.read_bytes(), path.name), org_units or queries.unit_refs(), path.name)


def test_plan_wide_targets_belong_to_the_plan(org):
    preview = parse_text(PLAN_WIDE, queries.unit_refs())
    tree = build_tree(preview.lines)
    assert [(t.metric_kind, t.comparator, t.value) for t in tree.plan_targets] == [
        ("rank", "<=", 5), ("percent", ">=", 90)]
    assert any(line.text.startswith("Xây dựng nền hành chính") for line in tree.notes)  # "Mục tiêu chung"
    assert tree.areas[0].line.focal_unit_id == org.ttr.id  # "Thanh tra Sở: Chủ trì …" written inline
    with transaction():
        plan = service.build_plan(org.office, preview)
    assert [(t.text[:28], t.goal_text) for t in plan.targets] == [
        ("Chỉ số cải cách hành chính (", "≤ 5"), ("Chỉ số hài lòng của người dâ", "≥ 90%")]
    assert plan.targets[0].code == "MT1"
    assert plan.areas[0].tasks[0].lead_unit == org.ttr
    assert [a.object_type for a in audits("create")].count("plan_target") == 2


def test_the_plan_is_built_through_the_plan_services(org):
    with transaction():
        plan = service.build_plan(org.office, _preview(SEED_003))
    assert count(Plan) == 1
    assert len(audits("create", "area")) == 7 and len(audits("create", "target")) == 32
    assert audits("create", "plan")[0].actor_name == org.office.full_name
    assert plan.areas[6].standard_code is None and plan.areas[5].standard_code == 6
    assert [t.code for t in plan.areas[0].tasks] == ["1.1", "1.2", "1.3"]


def test_nothing_is_left_when_the_plan_cannot_be_built(org):
    preview = _preview(SEED_004)  # areas 2 and 5 have no lead unit
    with pytest.raises(DomainError) as refused, transaction():
        service.build_plan(org.office, preview)
    assert "12 nhiệm vụ chưa có đơn vị chủ trì" in refused.value.message
    assert count(Plan) == 0


def test_rows_the_tree_cannot_place_are_named(org):
    preview = _preview(SEED_003)
    first_area = next(i for i, line in enumerate(preview.lines) if line.kind == "area")
    preview.lines[first_area].kind = "note"  # its targets and tasks now have no area
    problems = service.creation_problems(preview)
    assert any("chưa thuộc nội dung nào" in p for p in problems)


def test_areas_with_the_same_standard_area_are_merged(org):
    text = ("II. NHIỆM VỤ\n1. Cải cách thể chế\n- Nhiệm vụ một.\n2. Cải cách TTHC\n- Nhiệm vụ hai.\n"
            "3. Cải cách thể chế (tiếp)\n- Nhiệm vụ ba.\n")
    preview = parse_text(text, queries.unit_refs())
    preview.meta.title, preview.meta.year = "Kế hoạch thử", 2026
    with transaction():
        plan = service.build_plan(org.office, preview, org.vp.id)
    assert [(a.name, [t.title for t in a.tasks]) for a in plan.areas] == [
        ("Cải cách thể chế", ["Nhiệm vụ một.", "Nhiệm vụ ba."]), ("Cải cách TTHC", ["Nhiệm vụ hai."])]


# -- the Excel phụ lục -------------------------------------------------------------------------

def _tree(plan) -> dict:
    """Everything the phụ lục carries, to compare two plans."""
    return {
        "meta": (plan.kind, plan.title, plan.number, plan.issued_on, plan.year, plan.start_year, plan.end_year,
                 plan.basis),
        "plan_targets": [(t.text, t.metric_kind, t.comparator, t.target_value, t.unit_of_measure)
                         for t in plan.targets],
        "areas": [(a.name, a.standard_code, a.focal_unit_id,
                   [(t.text, t.metric_kind, t.comparator, t.target_value, t.unit_of_measure, t.baseline)
                    for t in a.targets],
                   [(t.code, t.title, t.lead_unit_id, sorted(u.id for u in t.cooperating_units), t.deadline,
                     t.recurring, t.output, [i.text for i in t.items]) for t in a.tasks])
                  for a in plan.areas],
    }


@pytest.mark.parametrize("seed", [SEED_003, SEED_004])
def test_excel_round_trip_gives_the_same_tree(org, seed):
    """Export a plan in the phụ lục form, import the file: the same areas, targets, tasks, units and dates."""
    with transaction():
        plan = service.build_plan(org.office, _preview(seed), fallback_lead_unit_id=org.khtc.id)
        plans.update_plan(org.office, plan, plans.PlanData(
            kind=plan.kind, title=plan.title, number="77/KH-SCT", issued_on=date(2026, 1, 23), year=plan.year,
            start_year=plan.start_year, end_year=plan.end_year, basis=plan.basis))
        task = plan.areas[0].tasks[0]
        plans.update_task(org.office, task, plans.TaskData(
            title=task.title, lead_unit_id=task.lead_unit_id, code=task.code, items=[i.text for i in task.items],
            cooperating_unit_ids=[u.id for u in (org.ttr, org.khtc) if u.id != task.lead_unit_id],
            deadline=date(2026, 6, 30), output="Báo cáo rà soát"))
        plans.add_plan_target(org.office, plan, plans.TargetData(
            text="PAR INDEX trong tốp 10", metric_kind="rank", comparator="<=", target_value=10))
    db.session.expire_all()
    plan = db.session.get(Plan, plan.id)
    before = _tree(plan)
    assert before["areas"][0][4][0][4] == date(2026, 6, 30)
    data = xlsx.export_plan(plan)
    with transaction():
        plans.delete_plan(org.office, plan)  # its number may be used again
    preview = xlsx.read_workbook(data, queries.unit_refs(), "phu-luc.xlsx")
    assert preview.warnings == [] and all(not line.warnings for line in preview.lines)
    with transaction():
        again = service.build_plan(org.office, preview)
    db.session.expire_all()
    assert _tree(db.session.get(Plan, again.id)) == before


def test_the_template_is_the_six_standard_areas(org):
    preview = xlsx.read_workbook(xlsx.template(), queries.unit_refs(), "mau.xlsx")
    assert [(line.kind, line.standard_area) for line in preview.lines] == [("area", c) for c in range(1, 7)]


def test_a_phu_luc_typed_by_a_unit(org, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["PHỤ LỤC"])
    sheet.append(["(Kèm theo Kế hoạch số 639/KH-SCT ngày 23/01/2026 của Sở Công Thương)"])
    sheet.append(["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Sản phẩm"])
    sheet.append(["1", "Cải cách thủ tục hành chính", None, None, None, None])
    sheet.append(["1.1", "Rà soát, công khai thủ tục hành chính", "TTr", "VP; Phòng KH-TC-TH", "Quý II/2026",
                  "Quyết định công bố"])
    sheet.append(["-", "Cập nhật trên Cổng dịch vụ công", None, None, None, None])
    sheet.append(["1.2", "Số hóa kết quả giải quyết", "Thanh tra Sở", None, "Tháng 9/2026", None])
    sheet.append(["1.3", "Đánh giá mức độ hài lòng", "Phòng Quản lý Năng lượng", None, "sớm", None])
    sheet.append(["2", "Cải cách tài chính công", None, None, None, None])
    sheet.append(["2.1", "Công khai dự toán", "KH-TC-TH", None, date(2026, 12, 31), None])
    sheet.append(["2.2", "Rà soát tài sản công", "KH-TC-TH", None, "Thường xuyên", None])
    path = tmp_path / "phu-luc.xlsx"
    book.save(path)
    preview = xlsx.read_workbook(path.read_bytes(), queries.unit_refs(), path.name)
    assert (preview.meta.number, preview.meta.issued_on) == ("639/KH-SCT", date(2026, 1, 23))
    tree = build_tree(preview.lines)
    assert [(a.line.standard_area, len(a.tasks)) for a in tree.areas] == [(2, 3), (5, 2)]
    first, second, third = tree.areas[0].tasks
    assert (first.line.lead_unit_id, first.line.cooperating_unit_ids, first.line.deadline, first.line.code) == (
        org.ttr.id, [org.vp.id, org.khtc.id], "2026-06-30", "1.1")
    assert [s.text for s in first.subitems] == ["Cập nhật trên Cổng dịch vụ công"]
    assert second.line.deadline == "2026-09-30"
    assert third.line.lead_unit_id is None  # not guessed
    assert any("Phòng Quản lý Năng lượng" in w for w in third.line.warnings)
    assert any("sớm" in w for w in third.line.warnings) and third.line.recurring
    assert [t.line.deadline for t in tree.areas[1].tasks] == ["2026-12-31", None]


def test_a_docx_with_a_phu_luc_table(org, tmp_path):
    from docx import Document

    document = Document()
    table = document.add_table(rows=1, cols=2)  # the quốc hiệu header, a layout table
    table.rows[0].cells[0].text = "UBND TỈNH ĐỒNG NAI\nSỞ CÔNG THƯƠNG"
    table.rows[0].cells[1].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Kiểm soát thủ tục hành chính năm 2026")
    document.add_heading("I. MỤC ĐÍCH, YÊU CẦU", level=1)
    document.add_paragraph("- Kiểm soát chặt chẽ việc ban hành thủ tục hành chính.")
    document.add_paragraph("PHỤ LỤC")
    tasks = document.add_table(rows=1, cols=6)
    for cell, header in zip(tasks.rows[0].cells, ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp",
                                                  "Thời hạn", "Sản phẩm"]):
        cell.text = header
    for row in (["I", "Cải cách thủ tục hành chính", "", "", "", ""],
                ["1", "Rà soát quy định thủ tục hành chính", "Thanh tra Sở", "Văn phòng Sở", "30/06/2026",
                 "Báo cáo rà soát"]):
        cells = tasks.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = value
    path = tmp_path / "kiem-soat.docx"
    document.save(path)
    preview = parse_extracted(extract(path.read_bytes(), path.name), queries.unit_refs(), path.name)
    assert preview.meta.title == "Kiểm soát thủ tục hành chính năm 2026" and preview.meta.kind == "thematic"
    tree = build_tree(preview.lines)
    assert len(tree.areas) == 1 and tree.areas[0].line.standard_area == 2
    task = tree.areas[0].tasks[0].line
    assert (task.text, task.lead_unit_id, task.cooperating_unit_ids, task.deadline, task.output) == (
        "Rà soát quy định thủ tục hành chính", org.ttr.id, [org.vp.id], "2026-06-30", "Báo cáo rà soát")


# -- the command line ----------------------------------------------------------------------------

def test_cli_dry_run_prints_the_tree_as_json_and_writes_nothing(runner, org):
    history = len(audits())
    result = runner.invoke(args=["plan", "import", str(SEEDS / SEED_004), "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"plan", "areas", "warnings"}
    plan = data["plan"]
    assert (plan["title"][:30], plan["year_from"], plan["year_to"], plan["number"]) == (
        "Thực hiện Chương trình tổng th", 2026, 2030, None)
    assert plan["basis"][1] == {"number": "3470/QĐ-UBND", "type": "Quyết định", "date": "2025-08-27",
                                "issuer": "UBND thành phố Hải Phòng"}
    assert [(a["title"][:27], a["standard_area"], a["focal_unit"]) for a in data["areas"]][:2] == [
        ("Cải cách thể chế", 1, "Văn phòng Sở"), ("Cải cách thủ tục hành chính", 2, None)]
    first_task = data["areas"][0]["tasks"][0]
    assert set(first_task) >= {"title", "lead_unit", "cooperating_units", "subitems"}
    assert first_task["lead_unit"] == "Văn phòng Sở" and len(first_task["subitems"]) == 2
    target = data["areas"][2]["targets"][1]
    assert (target["comparator"], target["value"], target["unit_of_measure"]) == (
        ">=", 10.0, "% (giảm so với năm 2025)")
    assert any("không khớp với đơn vị nào" in w for w in data["warnings"])
    assert count(Plan) == 0 and len(audits()) == history


def test_cli_without_dry_run_creates_the_draft_plan(runner, org):
    result = runner.invoke(args=["plan", "import", str(SEEDS / SEED_003), "--user", "vanphong"])
    assert result.exit_code == 0, result.output
    assert "Đã tạo kế hoạch dự thảo" in result.output
    plan = db.session.scalar(select(Plan))
    assert plan.status == "draft" and len(plan.areas) == 7
    assert audits("create", "plan")[0].actor_name == org.office.full_name


def test_cli_names_what_stops_the_plan(runner, org):
    result = runner.invoke(args=["plan", "import", str(SEEDS / SEED_004)])
    assert result.exit_code == 1 and "chưa có đơn vị chủ trì" in result.output
    assert count(Plan) == 0
    result = runner.invoke(args=["plan", "import", str(SEEDS / SEED_004), "--default-lead", "VP"])
    assert result.exit_code == 0 and count(Plan) == 1


def _json_leads(data: dict) -> list:
    return [task["lead_unit"] for area in data["areas"] for task in area["tasks"]]


def test_cli_json_gives_each_task_the_lead_the_plan_created_gets(runner, org):
    """One rule (service.task_lead): the task's own unit, else its area's, else --default-lead; the
    JSON of a dry run names the same units as the plan the command then creates."""
    plain = _json_leads(json.loads(runner.invoke(args=["plan", "import", str(SEEDS / SEED_004), "--dry-run",
                                                       "--json"]).output))
    assert plain.count(None) == 12  # areas 2 and 5 of seed 004 name no unit
    result = runner.invoke(args=["plan", "import", str(SEEDS / SEED_004), "--dry-run", "--json", "--default-lead", "VP"])
    dry = _json_leads(json.loads(result.output))
    assert dry == [lead or org.vp.name for lead in plain] and count(Plan) == 0
    result = runner.invoke(args=["plan", "import", str(SEEDS / SEED_004), "--json", "--default-lead", "VP"])
    created = json.loads(result.output)
    plan = db.session.get(Plan, created["created_plan_id"])
    assert _json_leads(created) == dry
    assert [t.lead_unit.name for a in plan.areas for t in sorted(a.tasks, key=lambda t: t.position)] == dry


def test_cli_bad_file(runner, org, tmp_path):
    path = tmp_path / "hong.docx"
    path.write_bytes(b"PK\x03\x04 not really")
    result = runner.invoke(args=["plan", "import", str(path), "--dry-run"])
    assert result.exit_code == 1 and "bị hỏng" in result.output


# -- issue 26: the corpus from the command line ----------------------------------------------------------

DATA = SEEDS.parent


def test_cli_import_summary_prints_found_against_expected(runner, org, tmp_path):
    files = [str(DATA / "corpus" / "plan-03-lamdong-kh-tuyen-truyen-cchc-2026.txt"),
             str(DATA / "plans" / "inspection-schedule.txt")]
    result = runner.invoke(args=["plan", "import-summary", *files, "--expected", str(DATA / "imports-expected.json")])
    assert result.exit_code == 0, result.output
    assert "nội dung 4 (mong đợi 4); nhiệm vụ 25 (mong đợi 24±2)" in result.output
    assert "nhiệm vụ có thời hạn 4 (mong đợi 4)" in result.output
    wrong = tmp_path / "expected.json"
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "inspection-schedule.txt").write_bytes((DATA / "plans" / "inspection-schedule.txt").read_bytes())
    wrong.write_text(json.dumps({"plans/inspection-schedule.txt": {"tasks": [9, 1]}}), encoding="utf-8")
    result = runner.invoke(args=["plan", "import-summary", str(tmp_path / "plans" / "inspection-schedule.txt"),
                                 "--expected", str(wrong)])
    assert result.exit_code == 1 and "nhiệm vụ 4 ≠ (mong đợi 9±1)" in result.output


def test_cli_json_keeps_its_documented_schema_on_a_real_plan(runner, org):
    """docs/cai-dat.md, "flask plan import": exactly these keys, whatever the document."""
    result = runner.invoke(args=["plan", "import", str(DATA / "corpus" / "plan-01-lamdong-kh-cchc-2026.txt"),
                                 "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"plan", "areas", "warnings"}
    assert set(data["plan"]) == {"title", "kind", "number", "date", "place", "year_from", "year_to", "basis",
                                 "targets", "notes"}
    target_keys = {"text", "metric_kind", "comparator", "value", "unit_of_measure"}
    for area in data["areas"]:
        assert set(area) == {"title", "standard_area", "focal_unit", "targets", "tasks"}
        assert all(set(t) == target_keys for t in area["targets"])
        for task in area["tasks"]:
            assert set(task) == {"title", "code", "lead_unit", "cooperating_units", "group", "deadline",
                                 "recurring", "output", "subitems"}
            assert task["deadline"] is None or re.fullmatch(r"\d{4}-\d\d-\d\d", task["deadline"])
    assert len(data["areas"]) == 7 and sum(len(a["tasks"]) for a in data["areas"]) == 49
    assert all(isinstance(w, str) for w in data["warnings"])
