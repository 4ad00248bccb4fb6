"""The demo department (`flask demo`): it loads, loads only once, and its plans are the real ones.

The provenance tests compare every target, task title and sub-item of
app/demo/data.py with the plan documents in tests/data/seeds/ (003: the 2022
annual plan of Sở Công Thương Đồng Nai; 004: a 2026–2030 programme plan).
"""
import re
from collections import Counter
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.audit import AuditLog
from app.demo import data
from app.extensions import db
from app.formatting import local_today
from app.org.models import Unit, User
from app.plans.models import STANDARD_AREAS, Area, Plan, Target, Task
from app.progress.checklist import COOPERATING, LEAD, ChecklistFilters, unit_checklist
from app.progress.period_rules import Frame
from app.search import fold
from tests.signin import sign_in

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
WORKING_UNITS = ("VP", "TTr", "KH-TC-TH", "QLCN", "QLTM", "QLNL", "TTKC-XTTM")


# -- comparing the demo with the seed documents -------------------------------------------

# Typing errors of the originals that the demo corrects (folded text: as in the seed → as in the demo).
SEED_TYPOS = {
    "tin gon bo may": "tinh gon bo may",
    "to chuc lien giai quyet": "to chuc lien quan den giai quyet",
    "cong khai, thu tuc hanh chinh cua so": "cong khai thu tuc hanh chinh cua so",
    "iso 9011:2015": "iso 9001:2015",
    "trong thuoc linh vuc": "thuoc linh vuc",
}
# The demo's deliberate edits: the 2022 plan (003) is carried into 2026 and implements the 2026 provincial plan.
YEAR_EDITS = {
    "16341/kh-ubnd ngay 28/12/2021": "228/kh-ubnd ngay 25/12/2025",
    "nam 2022": "nam 2026",
}
EDGE = 60  # characters (folded, without spaces) that must match verbatim at one end of a lightly edited text


def _fold(text: str) -> str:
    """Folded (no diacritics, so "chia sė" = "chia sẻ"), dashes unified, "thành phố" read as "tỉnh"."""
    text = fold(text).replace("–", "-").replace("—", "-")
    return re.sub(r"\bthanh pho\b", "tinh", text)


def _squeeze(text: str) -> str:
    """Without any whitespace: the PDF extraction breaks lines anywhere, even after "QĐ-" or in "1lần"."""
    return re.sub(r"\s+", "", text)


@lru_cache
def _seeds() -> str:
    text = _fold(" ".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("00[34]_*.txt"))))
    for seed, demo in {**SEED_TYPOS, **YEAR_EDITS}.items():
        assert seed in text, f"the seed no longer contains “{seed}”"
        text = text.replace(seed, demo)
    return _squeeze(text)


def _from_seeds(text: str) -> str | None:
    """"verbatim" when the text is in a seed, "edited" when one end of it is, None when it is not from the seeds."""
    norm = _squeeze(_fold(text)).rstrip(".;,:")  # a sentence may end where the original goes on
    seeds = _seeds()
    if norm in seeds:
        return "verbatim"
    if len(norm) > EDGE and (norm[:EDGE] in seeds or norm[-EDGE:] in seeds):
        return "edited"
    return None


def _demo_texts(with_details: bool = False):
    """(where, text) for every target, task title and sub-item (and task detail) of the demo plans."""
    for plan in data.PLANS:
        for area in plan["areas"]:
            where = f"{plan['key']} / {area['name']}"
            for target in area.get("targets", []):
                yield f"{where} / chỉ tiêu", target["text"]
            for task in area.get("tasks", []):
                yield f"{where} / nhiệm vụ", task["title"]
                for item in task.get("items", []):
                    yield f"{where} / nội dung cụ thể", item
                if with_details and task.get("detail"):
                    yield f"{where} / chi tiết", task["detail"]


def test_every_target_task_and_sub_item_comes_from_the_seed_documents():
    results = [(where, text, _from_seeds(text)) for where, text in _demo_texts(with_details=True)]
    missing = [f"{where}: {text}" for where, text, found in results if found is None]
    assert not missing, "Not found in the seed documents:\n" + "\n".join(missing)
    # Nearly all of it is word for word; the rest keeps one end verbatim (a compound target split in two).
    verbatim = sum(1 for *_, found in results if found == "verbatim")
    assert len(results) > 150
    assert verbatim / len(results) >= 0.9


def test_the_seed_check_rejects_invented_text():
    assert _from_seeds("Nhiệm vụ 1") is None
    assert _from_seeds("Tỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 97%") is None  # the real figure is 99%
    assert _from_seeds("Tổ chức hội thi tìm hiểu về cải cách hành chính cho đoàn viên, thanh niên toàn ngành "
                       "công thương trong quý III") is None
    # …and accepts the documents' own sentences whatever their extraction glitches.
    assert _from_seeds("và chia sẻ") == "verbatim"  # "chia sė" in 003
    assert _from_seeds("còn tối đa 30 phút/1 lần đến giao dịch") == "verbatim"  # "30 phút/1lần" in 003
    assert _from_seeds("Quyết định số 42/2021/QĐ-UBND ngày 23/9/2021") == "verbatim"  # broken after "QĐ-"


def test_demo_texts_are_clean_vietnamese():
    for where, text in _demo_texts(with_details=True):
        assert text == text.strip() and "  " not in text and "\n" not in text, (where, text)
        assert not re.search(r"[ƣƢė]|ccần|chia sẽ|\.\s*\.$", text), (where, text)
        assert text[0].isupper() or text[0].isdigit(), (where, text)


def test_measured_targets_carry_the_figure_of_their_sentence():
    measured = 0
    for plan in data.PLANS:
        for area in plan["areas"]:
            for target in area.get("targets", []):
                text, kind = target["text"], target.get("metric_kind")
                lowered = text.lower()
                if kind is None:
                    assert "target_value" not in target, text
                    continue
                measured += 1
                value = target["target_value"]
                if kind == "percent":
                    assert f"{value:g}%" in text, text
                elif kind == "duration":
                    assert f"{value:g} {target['unit_of_measure']}" in text, text
                elif kind == "yes_no":
                    assert value == 1 and lowered.startswith(("hoàn thành", "hoàn chỉnh", "xây dựng")), text
                if "tối đa" in lowered:
                    assert target["comparator"] == "<=", text
                elif "tối thiểu" in lowered or "trở lên" in lowered or lowered.startswith(("100%", "giảm")):
                    assert target["comparator"] == ">=", text
    assert measured >= 40


# -- loading ------------------------------------------------------------------------------

def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _counts() -> dict[str, int]:
    return {model.__name__: _count(model) for model in (Unit, User, Plan, Area, Target, Task, AuditLog)}


def _plans_by_kind() -> dict[str, Plan]:
    return {plan.kind: plan for plan in db.session.scalars(select(Plan))}


def test_flask_demo_loads_the_department_and_its_plans(runner):
    result = runner.invoke(args=["demo", "--today", "20/06/2026"])
    assert result.exit_code == 0, result.output

    assert _count(Unit) >= 7
    assert {u.short_name for u in db.session.scalars(select(Unit))} >= {"BGĐ", *WORKING_UNITS}
    assert {u.username for u in db.session.scalars(select(User))} == {spec["username"] for spec in data.USERS}
    assert len(data.USERS) == 9

    plans = _plans_by_kind()
    assert _count(Plan) == 3 and set(plans) == {"programme", "annual", "thematic"}
    programme, annual, thematic = plans["programme"], plans["annual"], plans["thematic"]
    assert (programme.status, annual.status, thematic.status) == ("issued", "issued", "draft")

    assert programme.number == "5720/CTr-SCT" and programme.issued_on == date(2021, 10, 18)
    assert (programme.start_year, programme.end_year) == (2021, 2030)
    assert [a.standard_code for a in programme.areas] == [1, 2, 3, 4, 5, 6]

    assert annual.number == "639/KH-SCT"
    assert annual.issued_on == date(2026, 1, 23) and annual.year == 2026
    assert annual.reference == "Kế hoạch số 639/KH-SCT ngày 23/01/2026"
    assert annual.parent_id == programme.id
    assert any("228/KH-UBND ngày 25/12/2025" in line for line in annual.basis_lines)
    assert any("5720/CTr-SCT ngày 18/10/2021" in line for line in annual.basis_lines)
    assert [(a.name, a.standard_code) for a in annual.areas] == [
        *((STANDARD_AREAS[code], code) for code in range(1, 7)), ("Công tác chỉ đạo, điều hành", None)
    ]
    assert [a.focal_unit.short_name for a in annual.areas] == ["TTr", "TTr", "VP", "VP", "KH-TC-TH", "VP", "VP"]
    for area in annual.areas:
        assert area.targets and len(area.tasks) >= 3, area.name

    assert thematic.number == "" and thematic.issued_on is None and thematic.year == 2026
    assert [(a.name, a.focal_unit.short_name) for a in thematic.areas] == [("Thông tin, tuyên truyền", "KH-TC-TH")]
    assert all(t.lead_unit.short_name == "KH-TC-TH" for t in thematic.areas[0].tasks)

    # Quý I and 6 tháng due before 20/06 (locked), 9 tháng due now (open): tests/db/test_demo_dates.py
    assert "Đã nạp dữ liệu mẫu: 9 tài khoản, 3 kế hoạch, 3 kỳ báo cáo." in result.output
    for spec in data.USERS:
        assert re.search(rf"{spec['username']}\s+/ {re.escape(data.DEMO_PASSWORD)}", result.output), spec


def test_flask_demo_refuses_a_day_that_is_not_a_date(runner):
    result = runner.invoke(args=["demo", "--today", "31/02/2026"])
    assert result.exit_code != 0 and "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy" in result.output
    assert _count(User) == 0


def test_flask_demo_loads_only_into_an_empty_database(runner):
    first = runner.invoke(args=["demo", "--if-empty"])
    assert first.exit_code == 0, first.output
    loaded = _counts()
    assert loaded["Plan"] == 3 and loaded["Task"] > 70

    again = runner.invoke(args=["demo", "--if-empty"])
    assert again.exit_code == 0, again.output
    assert "không nạp dữ liệu mẫu" in again.output
    assert _counts() == loaded

    refused = runner.invoke(args=["demo"])
    assert refused.exit_code != 0
    assert "dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống" in refused.output
    assert _counts() == loaded


# -- what the demo shows ------------------------------------------------------------------

def _unit(short_name: str) -> Unit:
    return db.session.scalar(select(Unit).where(Unit.short_name == short_name))


def test_thanh_tra_checklist_has_dated_recurring_lead_and_cooperating_tasks(demo_app):
    today = local_today()  # the day the demo was loaded (its deadlines: tests/db/test_demo_dates.py)
    rows = unit_checklist(_unit("TTr").id, ChecklistFilters(), Frame(None, today))

    lead_states = Counter(row.state for row in rows if row.role == LEAD)
    assert lead_states["recurring"] >= 1 and sum(n for state, n in lead_states.items() if state != "recurring") >= 1
    assert any(row.role == COOPERATING for row in rows)
    # Only issued plans reach a checklist: the draft communication plan, where Thanh tra Sở cooperates, does not.
    assert {row.task.plan.number for row in rows} == {"639/KH-SCT", "5720/CTr-SCT"}
    overdue = [row for row in rows if row.state == "overdue"]
    assert all(row.task.deadline < today for row in overdue)
    assert all(0 <= (row.task.deadline - today).days <= 7 for row in rows if row.state == "due_soon")


def test_every_working_unit_has_tasks_in_the_annual_plan(demo_app):
    annual = _plans_by_kind()["annual"]
    for short_name in WORKING_UNITS:
        rows = unit_checklist(_unit(short_name).id, ChecklistFilters(plan_id=annual.id), Frame(None, local_today()))
        assert rows, short_name
    assert unit_checklist(_unit("BGĐ").id, ChecklistFilters(), Frame(None, local_today())) == []


def test_issued_plans_are_complete_and_the_load_is_audited(demo_app):
    for plan in db.session.scalars(select(Plan)):
        if plan.status != "issued":
            continue
        for area in plan.areas:
            for task in area.tasks:
                assert task.lead_unit is not None and task.lead_unit.short_name in WORKING_UNITS, task.title
                assert task.lead_unit not in task.cooperating_units, task.title
                assert (task.deadline is None) == task.recurring, task.title
                assert task.output, task.title
                assert all(target.area_id == area.id for target in task.targets), task.title

    author = db.session.scalar(select(User).where(User.username == data.PLAN_AUTHOR))
    records = Counter(
        (row.action, row.object_type)
        for row in db.session.scalars(select(AuditLog).where(AuditLog.actor_id == author.id))
    )
    assert records[("create", "plan")] == 3
    assert records[("issue", "plan")] == 2
    assert records[("create", "area")] == _count(Area)
    assert records[("create", "target")] == _count(Target)
    assert records[("create", "task")] == _count(Task)
    assert db.session.scalar(
        select(func.count()).select_from(AuditLog).where(AuditLog.actor_name == author.full_name)
    ) == sum(records.values())


@pytest.mark.parametrize("key", ["ctr2030", "kh2026", "tt2026"])
def test_task_links_point_to_targets_of_the_same_area(key):
    plan = next(p for p in data.PLANS if p["key"] == key)
    units = {spec["short_name"] for spec in data.UNITS}
    for area in plan["areas"]:
        assert area["focal"] in units
        for task in area["tasks"]:
            assert all(0 <= i < len(area["targets"]) for i in task.get("targets", [])), task["title"]
            assert task["lead"] in WORKING_UNITS and set(task.get("coop", [])) <= set(WORKING_UNITS)
            assert task["lead"] not in task.get("coop", []), task["title"]
            assert task.get("deadline") is None or isinstance(task["deadline"], date)


def test_demo_reporting_has_its_supervisors(demo_app):
    """Who approves what (the periods and their entries, on any day: tests/db/test_demo_dates.py)."""
    from app.org.models import User

    boss = db.session.scalar(select(User).where(User.username == "lanhdao"))
    director = db.session.scalar(select(User).where(User.username == "giamdoc"))
    assert {u.short_name for u in boss.supervised_units} == {"VP", "TTr", "KH-TC-TH", "QLCN"}
    assert director.supervises_all


def test_yes_no_targets_hold_yes_no_values_and_a_task_that_cannot_be_done_meets_none(demo_app):
    """Regression (issue 22): target 3.MT2, a Có/Không target, held the value 2 and showed "Có / Có / Chưa đạt";
    entries read "Không thực hiện được, 0%" with every target "Đạt"."""
    from app.progress.models import CANNOT, ProgressEntry, TargetResult

    annual = _plans_by_kind()["annual"]
    mt2 = next(t for area in annual.areas for t in area.targets if t.code == "3.MT2")
    assert mt2.metric_kind == "yes_no"
    results = list(db.session.scalars(select(TargetResult).join(Target).where(Target.metric_kind == "yes_no")))
    assert any(r.target_id == mt2.id for r in results)
    for result in results:
        target = result.target
        assert result.value in (0, 1), (target.code, result.value)
        assert (target.value_text(result.value) == target.goal_text) == target.met(result.value), target.code
    cannot = list(db.session.scalars(select(ProgressEntry).where(ProgressEntry.task_status == CANNOT)))
    assert cannot
    for entry in cannot:
        assert entry.percent_done == 0 and entry.difficulties.strip(), entry.task.code
        assert not any(r.target.met(r.value) for r in entry.target_results if r.target.measurable), entry.task.code


def test_demo_evidence_is_real_pdfs_with_a_readable_header(demo_app):
    """Finished tasks cite generated PDFs; their header pre-filled the citation, and they download."""
    from app.progress.models import Evidence
    from app.storage import storage
    
    items = list(db.session.scalars(select(Evidence)))
    assert items
    for item in items:
        assert storage().exists(item.file_key) and item.content_type == "application/pdf"
        assert re.match(r"\d+/(QĐ-SCT|BC-[\w-]+)$", item.number) and item.issued_on and item.summary
        # the trích yếu read from the header is the document's own, not run on into its body
        title = item.entry.task.title
        work = title[0].lower() + title[1:]
        kind = "Về việc triển khai" if "/QĐ-" in item.number else "Kết quả thực hiện nhiệm vụ"
        assert item.summary == f"{kind} {work}"[:240], (item.number, item.summary)
    client = sign_in(demo_app, "vanphong", "cchc@2026")
    response = client.get(f"/evidence/{items[0].id}/download")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
