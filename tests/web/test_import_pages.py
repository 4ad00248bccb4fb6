"""The import pages: upload a plan document, review the preview, create the draft plan.

Real files on disk (the seeds in tests/data/seeds and documents built from
them), a real SQLite database; the Office (``vanphong``) imports, everyone
else is refused and nothing changes.
"""
import html
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from app.extensions import db
from app.plans.importer.models import PlanImport
from app.plans.models import Area, Plan, Task
from tests import filegen
from tests.factories import HX, assert_unchanged, audits, count, fingerprint, fresh
from tests.importdocs import SEED_003, SEED_004, SEEDS, build_docx, image_pdf
from tests.signin import sign_in

DATA = Path(__file__).parent.parent / "data"


def upload(client, path: Path, name: str | None = None, headers=None, data: bytes | None = None):
    content = path.read_bytes() if data is None else data
    return client.post("/plans/import", data={"document": (io.BytesIO(content), name or path.name)},
                       content_type="multipart/form-data", headers=headers or {})


def import_id_of(response) -> int:
    location = response.headers.get("HX-Redirect") or response.headers["Location"]
    return int(re.search(r"/plans/import/(\d+)", location).group(1))


def preview_of(import_id):
    from app.plans.importer.service import load

    return load(fresh(PlanImport, import_id))



def test_upload_page_offers_the_template_and_is_linked_from_the_plan_list(office):
    page = office.get("/plans/import")
    assert page.status_code == 200
    assert "Nhập kế hoạch từ văn bản" in page.text and "/plans/import/template.xlsx" in page.text
    assert 'href="/plans/import"' in office.get("/plans").text


def test_upload_gives_a_preview_and_creates_nothing(office):
    response = upload(office, SEEDS / SEED_003)
    assert response.status_code == 303
    import_id = import_id_of(response)
    page = office.get(f"/plans/import/{import_id}")
    assert page.status_code == 200
    assert "Cải cách hành chính của Sở Công Thương năm 2022" in page.text
    assert "7 nội dung · 3 mục tiêu chung · 32 mục tiêu, chỉ tiêu · 44 nhiệm vụ" in page.text
    assert "Dòng gốc 111" in page.text  # the source line beside what it became
    assert count(Plan) == 0 and count(Area) == 0 and count(Task) == 0


def test_htmx_upload_redirects_to_the_review_page(office):
    response = upload(office, SEEDS / SEED_004, headers=HX)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"].startswith("/plans/import/")


def test_pasted_text_is_imported(office):
    text = (SEEDS / SEED_004).read_text(encoding="utf-8")
    response = office.post("/plans/import", data={"text": text})
    assert response.status_code == 303
    assert len(preview_of(import_id_of(response)).lines) > 100


def _garbage_docx():
    return b"PK\x03\x04" + b"\x00" * 200


@pytest.mark.parametrize(("name", "content", "message"), [
    ("rong.docx", b"", "Tệp rỗng"),
    ("rong.txt", b"   \n\n", "Tệp rỗng"),
    ("hong.docx", _garbage_docx(), "bị hỏng"),
    ("khong-phai-zip.docx", b"%PDF-1.4 this is not a word file" * 20, "bị hỏng"),
    ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "Không nhận dạng được loại tệp"),
    ("nhi-phan.txt", bytes(range(256)) * 40, "không phải văn bản"),
    ("hong.pdf", b"%PDF-1.4\n" + b"\x00garbage" * 100, "PDF"),
    ("lon.txt", b"a" * (20 * 1024 * 1024), "Tệp quá lớn (20 MB)"),
])
def test_bad_files_get_a_clear_message_and_422(office, name, content, message):
    response = office.post("/plans/import", data={"document": (io.BytesIO(content), name)},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert message in response.text
    assert count(PlanImport) == 0 and count(Plan) == 0


def test_htmx_bad_file_answers_the_form_fragment(office):
    response = office.post("/plans/import", data={"document": (io.BytesIO(b""), "rong.docx")},
                           content_type="multipart/form-data", headers=HX)
    assert response.status_code == 422
    assert response.text.lstrip().startswith('<form id="upload-form"') and "Tệp rỗng" in response.text


def test_image_only_pdf_says_there_is_no_text_layer(office, tmp_path):
    response = upload(office, image_pdf(tmp_path / "scan.pdf"))
    assert response.status_code == 422
    assert "không có lớp chữ" in response.text
    assert count(PlanImport) == 0


def test_a_docx_that_is_not_a_plan_gives_a_warning_and_an_almost_empty_preview(office, tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("Giấy mời họp")
    document.add_paragraph("Kính mời đồng chí đến dự cuộc họp giao ban tuần vào lúc 8 giờ ngày thứ Hai.")
    path = tmp_path / "giay-moi.docx"
    document.save(path)
    response = upload(office, path)
    assert response.status_code == 303
    preview = preview_of(import_id_of(response))
    assert not [line for line in preview.lines if line.kind in ("area", "task", "target")]
    assert any("không phải kế hoạch" in w for w in preview.warnings)
    assert "không phải kế hoạch" in office.get(f"/plans/import/{import_id_of(response)}").text


def test_doc_without_libreoffice_says_so(office, app, tmp_path):
    app.config["IMPORT_SOFFICE"] = ""  # as on a server without LibreOffice
    doc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    response = office.post("/plans/import", data={"document": (io.BytesIO(doc), "ke-hoach.doc")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert "chưa cài LibreOffice" in response.text and ".docx" in response.text


def test_odt_is_converted_by_libreoffice_when_it_is_there(office, app, tmp_path):
    """A stand-in for soffice on PATH, with LibreOffice's command line: it writes the converted .docx."""
    converted = build_docx(SEED_004, tmp_path / "converted.docx")
    program = tmp_path / "bin" / "soffice"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n# soffice --headless --convert-to docx --outdir OUT FILE\n"
                       "while [ $# -gt 1 ]; do [ \"$1\" = --outdir ] && out=$2; shift; done\n"
                       f"mkdir -p \"$out\" && cp '{converted}' \"$out/$(basename \"${{1%.*}}\").docx\"\n")
    program.chmod(0o755)
    app.config["IMPORT_SOFFICE"] = str(program)
    odt = filegen.odt_bytes()  # a real (minimal) .odt: its zip is checked before LibreOffice gets it
    response = office.post("/plans/import", data={"document": (io.BytesIO(odt), "ke-hoach.odt")},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    preview = preview_of(import_id_of(response))
    assert preview.format == "odt"
    assert len([line for line in preview.lines if line.kind == "area"]) == 6


# -- the review step -------------------------------------------------------------------------

def _row(preview, predicate):
    return next(line for line in preview.lines if predicate(line))


def _line_form(line, **changes):
    data = {"kind": line.kind, "text": line.text, "standard_area": line.standard_area or "",
            "focal_unit_id": line.focal_unit_id or "", "lead_unit_id": line.lead_unit_id or "",
            "metric_kind": line.metric_kind or "", "comparator": line.comparator or "",
            "value": "" if line.value is None else str(line.value).replace(".", ","),
            "unit_of_measure": line.unit_of_measure, "deadline": "", "output": line.output}
    data.update(changes)
    return data


@pytest.fixture
def imported(office):
    return import_id_of(upload(office, SEEDS / SEED_003))


def test_each_tasks_lead_on_the_review_is_the_one_the_json_names(office, org):
    """The review's "Chủ trì: …" of every task row and ``flask plan import --json``'s lead_unit come
    from one rule (service.task_lead): the task's unit, else "theo nội dung (its area's unit)"."""
    from app.plans.importer import queries, service

    import_id = import_id_of(upload(office, SEEDS / SEED_004))
    page = html.unescape(office.get(f"/plans/import/{import_id}").text)
    shown = re.findall(r'kind-task.*?<p class="line-facts">Chủ trì: (.*?)(?: · |</p>)', page, re.S)
    shown = [re.sub(r"^theo nội dung(?: \((.*)\))?$", r"\1", lead) or None for lead in shown]
    data = service.tree_json(preview_of(import_id), queries.unit_refs())
    named = [task["lead_unit"] for area in data["areas"] for task in area["tasks"]]
    assert len(shown) == len(named) == 27 and shown == named
    assert named.count(None) == 12 and org.vp.name in named


def test_change_a_rows_kind_reshapes_the_tree(office, imported):
    preview = preview_of(imported)
    row = _row(preview, lambda l: l.kind == "group" and l.text == "Kiểm soát thủ tục hành chính")
    # a group's row form has only these two fields
    response = office.post(f"/plans/import/{imported}/lines/{row.id}", data={"kind": "task", "text": row.text},
                           headers=HX)
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#import-lines"
    assert "import-changed" in response.headers["HX-Trigger"]
    assert _row(preview_of(imported), lambda l: l.id == row.id).kind == "task"


def test_rows_show_their_values_and_open_their_editor_on_demand(office, imported, org):
    """Issue 26 point 7: the review page carries no per-row selects or unit lists; a row's editor is fetched
    by its "Sửa" (GET, changes nothing): one link relative to the page, which the list boosts (htmx asks the
    page for the row alone) and which without script opens the page with the editor; "Đóng" gives the row
    back."""
    preview = preview_of(imported)
    area = _row(preview, lambda l: l.kind == "area")
    office.post(f"/plans/import/{imported}/lines/{area.id}", headers=HX, data=_line_form(
        area, focal_unit_id=org.vp.id, lead_unit_id=org.khtc.id, cooperating_unit_ids=[org.ttr.id]))
    page = office.get(f"/plans/import/{imported}").text
    assert 'name="cooperating_unit_ids"' not in page and 'name="lead_unit_id"' not in page
    assert f'<a href="?edit={area.id}#line-{area.id}" data-line-edit>' in page
    assert '<ol id="import-lines" class="import-lines" hx-target="closest li" hx-swap="outerHTML" hx-boost="true" ' \
           'hx-push-url="false">' in page
    assert f"Chủ trì: {org.khtc.name} · Phối hợp: {org.ttr.name}" in page  # the values, as text
    before = fingerprint()
    editor = office.get(f"/plans/import/{imported}?edit={area.id}", headers={**HX, "HX-Boosted": "true"})
    assert editor.status_code == 200 and editor.text.lstrip().startswith(f'<li id="line-{area.id}"')
    assert editor.text == office.get(f"/plans/import/{imported}/lines/{area.id}?edit=1", headers=HX).text
    assert f'<option value="{org.khtc.id}" selected>' in editor.text
    assert f'id="l{area.id}-coop-{org.ttr.id}" name="cooperating_unit_ids" value="{org.ttr.id}" checked' in editor.text
    assert "data-line-close" in editor.text
    closed = office.get(f"/plans/import/{imported}/lines/{area.id}", headers=HX).text
    assert 'name="lead_unit_id"' not in closed and "data-line-edit" in closed
    assert_unchanged(before)
    without_script = office.get(f"/plans/import/{imported}?edit={area.id}").text
    assert without_script.count('name="lead_unit_id"') == 1 and f'action="/plans/import/{imported}/lines/{area.id}"' in without_script
    assert office.get(f"/plans/import/{imported}/lines/999999?edit=1", headers=HX).status_code == 404
    assert office.get(f"/plans/import/{imported}?edit=999999", headers=HX).status_code == 404


def test_edit_a_target_value_in_place(office, imported):
    row = _row(preview_of(imported), lambda l: l.text.startswith("Tối thiểu 30% hồ sơ"))
    response = office.post(f"/plans/import/{imported}/lines/{row.id}",
                           data=_line_form(row, value="35", comparator=">="), headers=HX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<li id="line-{row.id}"')
    assert "≥ 35%" in response.text
    assert 'name="value"' in response.text and "data-line-close" in response.text  # the saved row stays open
    assert _row(preview_of(imported), lambda l: l.id == row.id).value == 35


def test_a_wrong_value_is_refused_with_422_and_kept_on_the_form(office, imported):
    row = _row(preview_of(imported), lambda l: l.text.startswith("Tối thiểu 30% hồ sơ"))
    response = office.post(f"/plans/import/{imported}/lines/{row.id}", data=_line_form(row, value="150"), headers=HX)
    assert response.status_code == 422
    assert "Tỷ lệ phải từ 0 đến 100." in response.text and 'value="150"' in response.text
    assert _row(preview_of(imported), lambda l: l.id == row.id).value == 30


def test_editing_a_target_text_reads_its_value_again(office, imported):
    row = _row(preview_of(imported), lambda l: l.text.startswith("Xây dựng ban hành các quy định của Sở"))
    office.post(f"/plans/import/{imported}/lines/{row.id}",
                data=_line_form(row, text="Tối thiểu 80% đơn vị sự nghiệp tự chủ tài chính"), headers=HX)
    after = _row(preview_of(imported), lambda l: l.id == row.id)
    assert (after.metric_kind, after.comparator, after.value) == ("percent", ">=", 80)


def test_set_an_areas_units(office, imported, org):
    row = _row(preview_of(imported), lambda l: l.kind == "area" and l.standard_area == 5)
    response = office.post(f"/plans/import/{imported}/lines/{row.id}",
                           data=_line_form(row, focal_unit_id=org.vp.id, lead_unit_id=org.khtc.id,
                                           cooperating_unit_ids=[org.ttr.id]), headers=HX)
    assert response.status_code == 200
    after = _row(preview_of(imported), lambda l: l.id == row.id)
    assert (after.focal_unit_id, after.lead_unit_id, after.cooperating_unit_ids) == (org.vp.id, org.khtc.id,
                                                                                      [org.ttr.id])


def test_merge_a_row_into_the_one_above(office, imported):
    preview = preview_of(imported)
    index = next(i for i, l in enumerate(preview.lines) if l.text.startswith("Tỷ lệ hồ sơ giải quyết trực tuyến"))
    above, row = preview.lines[index - 1], preview.lines[index]
    response = office.post(f"/plans/import/{imported}/lines/{row.id}/merge", headers=HX)
    assert response.status_code == 200
    after = preview_of(imported)
    assert len(after.lines) == len(preview.lines) - 1
    merged = _row(after, lambda l: l.id == above.id)
    assert merged.text == f"{above.text} {row.text}" and len(merged.source) == len(above.source) + len(row.source)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("kind", "meta", "Loại dòng không hợp lệ."), ("kind", "area; drop", "Loại dòng không hợp lệ."),
    ("metric_kind", "money", "Loại chỉ số không hợp lệ."), ("comparator", "~", "Phép so sánh không hợp lệ."),
    ("text", "", "Nội dung không được để trống"), ("lead_unit_id", "999999", "Đơn vị không tồn tại."),
])
def test_a_wrong_row_is_refused(office, imported, field, value, message):
    row = _row(preview_of(imported), lambda l: l.text.startswith("Tối thiểu 30% hồ sơ"))
    before = preview_of(imported).to_dict()
    response = office.post(f"/plans/import/{imported}/lines/{row.id}", data=_line_form(row, **{field: value}),
                           headers=HX)
    assert response.status_code == 422 and message in response.text
    assert preview_of(imported).to_dict() == before


def test_the_first_row_cannot_be_merged(office, imported):
    first = preview_of(imported).lines[0]
    response = office.post(f"/plans/import/{imported}/lines/{first.id}/merge", headers=HX)
    assert response.status_code == 422 and "Dòng đầu tiên" in response.text


def test_edit_the_plan_metadata(office, imported):
    response = office.post(f"/plans/import/{imported}/meta", headers=HX, data={
        "title": "Cải cách hành chính năm 2022", "kind": "annual", "number": "123/KH-SCT", "issued_on": "05/01/2022",
        "year": "2022", "basis": "Kế hoạch số 16341/KH-UBND ngày 28/12/2021 của UBND tỉnh"})
    assert response.status_code == 200 and "Đã lưu." in response.text
    meta = preview_of(imported).meta
    assert (meta.number, meta.issued_on.isoformat(), [r.number for r in meta.basis]) == (
        "123/KH-SCT", "2022-01-05", ["16341/KH-UBND"])


def test_a_wrong_date_in_the_metadata_is_refused(office, imported):
    response = office.post(f"/plans/import/{imported}/meta", headers=HX, data={
        "title": "X", "kind": "annual", "issued_on": "31/02/2022", "year": "2022"})
    assert response.status_code == 422 and "dd/mm/yyyy" in response.text
    assert preview_of(imported).meta.issued_on is None


# -- creating the plan -----------------------------------------------------------------------

def test_create_builds_the_draft_plan_with_its_whole_tree(office, imported, org):
    response = office.post(f"/plans/import/{imported}/create", headers=HX)
    assert response.status_code == 200, response.text
    plan = db.session.scalar(select(Plan))
    assert response.headers["HX-Redirect"] == f"/plans/{plan.id}/edit"
    assert (plan.status, plan.kind, plan.year, plan.title) == ("draft", "annual", 2022,
                                                             "Cải cách hành chính của Sở Công Thương năm 2022")
    assert plan.basis.splitlines()[1].startswith("Kế hoạch số 16341/KH-UBND ngày 28/12/2021 của UBND tỉnh")
    assert [(a.standard_code, a.focal_unit.short_name, len(a.targets), len(a.tasks)) for a in plan.areas] == [
        (1, "TTr", 2, 3), (2, "TTr", 12, 10), (3, "VP", 3, 4), (4, "VP", 4, 4), (5, "KH-TC-TH", 1, 4),
        (6, "VP", 7, 11), (None, "VP", 3, 8)]
    assert len(plan.targets) == 3 and "Kinh phí thực hiện Kế hoạch" in plan.notes
    tthc = plan.areas[1]
    assert tthc.targets[3].goal_text == "≥ 99%"
    first = tthc.tasks[0]
    assert (first.lead_unit.short_name, first.recurring, first.code) == ("TTr", True, "2.1")
    assert first.detail == "Kiểm soát thủ tục hành chính"  # its group in the document
    assert fresh(PlanImport, imported).status == "created"
    assert len(audits("create", "task")) == 44 and len(audits("create", "plan_target")) == 3
    assert "Dự thảo" in office.get("/plans").text


def test_create_refuses_tasks_without_a_lead_unit_and_creates_nothing(office, org):
    import_id = import_id_of(upload(office, SEEDS / SEED_004))
    response = office.post(f"/plans/import/{import_id}/create", headers=HX)
    assert response.status_code == 422
    assert "12 nhiệm vụ chưa có đơn vị chủ trì" in response.text  # areas 2 (5 tasks) and 5 (7 tasks)
    assert count(Plan) == 0 and count(Task) == 0 and fresh(PlanImport, import_id).status == "draft"
    response = office.post(f"/plans/import/{import_id}/create", data={"fallback_lead_unit_id": org.vp.id}, headers=HX)
    assert response.status_code == 200
    plan = db.session.scalar(select(Plan))
    assert (plan.kind, plan.start_year, plan.end_year) == ("programme", 2026, 2030)
    assert [len(t.items) for t in plan.areas[0].tasks] == [2, 1, 0, 0]
    assert {t.lead_unit.short_name for t in plan.areas[4].tasks} == {"VP"}


def test_create_twice_is_refused(office, imported):
    assert office.post(f"/plans/import/{imported}/create", headers=HX).status_code == 200
    assert office.post(f"/plans/import/{imported}/create", headers=HX).status_code == 403  # no longer a draft
    assert count(Plan) == 1


def test_a_number_already_used_is_refused_at_creation(office, imported):
    from tests.factories import make_plan

    make_plan(number="123/KH-SCT")
    office.post(f"/plans/import/{imported}/meta", headers=HX, data={
        "title": "Cải cách hành chính năm 2022", "kind": "annual", "number": "123/KH-SCT", "year": "2022"})
    response = office.post(f"/plans/import/{imported}/create", headers=HX)
    assert response.status_code == 422 and "đã được dùng" in response.text
    assert count(Plan) == 1


def test_discard_an_import(office, imported):
    response = office.post(f"/plans/import/{imported}/delete")
    assert response.status_code == 303 and count(PlanImport) == 0


# -- Excel -----------------------------------------------------------------------------------

def test_template_download(office):
    response = office.get("/plans/import/template.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.data[:2] == b"PK"


def test_export_of_a_plan_imports_back(office, imported, org):
    office.post(f"/plans/import/{imported}/create", headers=HX)
    plan = db.session.scalar(select(Plan))
    response = office.get(f"/plans/{plan.id}/phu-luc.xlsx")
    assert response.status_code == 200
    again = office.post("/plans/import", data={"document": (io.BytesIO(response.data), "phu-luc.xlsx")},
                        content_type="multipart/form-data")
    assert again.status_code == 303
    assert "44 nhiệm vụ" in office.get(f"/plans/import/{import_id_of(again)}").text


# -- who may ---------------------------------------------------------------------------------



@pytest.mark.parametrize("username", ["thanhtra", "chanhthanhtra", "lanhdao", "khtc"])
def test_other_units_cannot_import(client, org, username):
    sign_in(client, username)
    before = fingerprint()
    assert client.get("/plans/import").status_code == 403
    assert upload(client, SEEDS / SEED_003).status_code == 403
    assert client.post("/plans/import", data={"text": "I. MỤC TIÊU"}).status_code == 403
    assert_unchanged(before)
    assert "/plans/import" not in client.get("/plans").text


@pytest.mark.parametrize("username", ["thanhtra", "lanhdao", "quantri_other_office"])
def test_nobody_else_can_touch_an_import(client, org, imported, username):
    if username == "quantri_other_office":
        from app.org.models import OFFICE
        from tests.factories import make_user

        make_user(org.vp, [OFFICE], "vanphong2")
        username = "vanphong2"
    row = preview_of(imported).lines[5]
    client.post("/logout")
    sign_in(client, username)
    before = fingerprint()
    assert client.get(f"/plans/import/{imported}").status_code == 403
    assert client.get(f"/plans/import/{imported}/lines/{row.id}?edit=1", headers=HX).status_code == 403
    for url, data in [(f"/plans/import/{imported}/lines/{row.id}", _line_form(row, kind="note")),
                      (f"/plans/import/{imported}/lines/{row.id}/merge", {}),
                      (f"/plans/import/{imported}/meta", {"title": "X", "kind": "annual"}),
                      (f"/plans/import/{imported}/assignments/1", {"decision": "undo"}),
                      (f"/plans/import/{imported}/units", {"name": "Phòng QLNL", "unit_id": "1"}),
                      (f"/plans/import/{imported}/create", {}), (f"/plans/import/{imported}/delete", {})]:
        assert client.post(url, data=data, headers=HX).status_code == 403, url
    assert_unchanged(before)


def test_staff_cannot_export_a_draft_plan(client, org):
    from tests.factories import make_plan

    plan = make_plan()
    sign_in(client, "thanhtra")
    assert client.get(f"/plans/{plan.id}/phu-luc.xlsx").status_code == 403


# -- assignments read from "Tổ chức thực hiện" (issue 26 point 3) ------------------------------------

def _assignment(preview, role, standard_area):
    area = _row(preview, lambda l: l.kind == "area" and l.standard_area == standard_area)
    return next(a for a in preview.assignments if a.line == area.id and a.role == role), area


def test_review_shows_each_assignment_with_its_sentence(office, imported, org):
    preview = preview_of(imported)
    lead, area = _assignment(preview, "lead", 5)
    assert (lead.unit_id, area.lead_unit_id) == (org.khtc.id, org.khtc.id)
    page = office.get(f"/plans/import/{imported}")
    section = page.text[page.text.index('id="assignment-{}"'.format(lead.id)):]
    section = section[:section.index("</li>")]
    assert "Phòng Kế hoạch - Tài chính - Tổng hợp</strong> chủ trì" in section
    assert lead.sentence[:60] in section and "Hoàn tác" in section and "Chấp nhận" in section


def test_undo_then_accept_an_assignment(office, imported, org):
    lead, area = _assignment(preview_of(imported), "lead", 5)
    response = office.post(f"/plans/import/{imported}/assignments/{lead.id}", data={"decision": "undo"}, headers=HX)
    assert response.status_code == 200 and "import-changed" in response.headers["HX-Trigger"]
    assert response.text.lstrip().startswith(f'<li id="assignment-{lead.id}"') and "Đã hoàn tác" in response.text
    assert f'<li id="line-{area.id}"' in response.text and 'hx-swap-oob="true"' in response.text  # the area's row
    after = preview_of(imported)
    assert after.line(area.id).lead_unit_id is None and after.assignment(lead.id).state == "undone"
    office.post(f"/plans/import/{imported}/assignments/{lead.id}", data={"decision": "accept"}, headers=HX)
    after = preview_of(imported)
    assert after.line(area.id).lead_unit_id == org.khtc.id and after.assignment(lead.id).state == "accepted"


def test_undo_a_cooperating_unit(office, org):
    text = ("KẾ HOẠCH\nCải cách hành chính năm 2027\nII. NHIỆM VỤ\n1. Cải cách thể chế\n- Rà soát văn bản.\n"
            "III. TỔ CHỨC THỰC HIỆN\n1. Thanh tra Sở: chủ trì, phối hợp với Văn phòng Sở thực hiện cải cách thể chế.")
    import_id = import_id_of(office.post("/plans/import", data={"text": text}))
    coop = next(a for a in preview_of(import_id).assignments if a.role == "coop")
    assert coop.unit_id == org.vp.id
    office.post(f"/plans/import/{import_id}/assignments/{coop.id}", data={"decision": "undo"}, headers=HX)
    assert preview_of(import_id).line(coop.line).cooperating_unit_ids is None


@pytest.mark.parametrize("decision", ["", "maybe"])
def test_an_assignment_decision_must_be_accept_or_undo(office, imported, decision):
    before = fingerprint()
    response = office.post(f"/plans/import/{imported}/assignments/1", data={"decision": decision}, headers=HX)
    assert response.status_code == 422 and "Hãy chọn “Chấp nhận” hoặc “Hoàn tác”." in response.text
    assert_unchanged(before)


def test_an_unknown_assignment_is_404(office, imported):
    assert office.post(f"/plans/import/{imported}/assignments/999", data={"decision": "undo"}).status_code == 404


# -- unit names learnt once (issue 26 point 5) ------------------------------------------------------

NAMED = ("KẾ HOẠCH\nCải cách hành chính năm 2027\nII. NHIỆM VỤ\n1. Cải cách thể chế\n"
         "1.1. Rà soát văn bản lĩnh vực điện lực.\nĐơn vị chủ trì: Phòng Quản lý năng lượng.\n"
         "Đơn vị phối hợp: Phòng QLNL Sở.\n")


def test_an_unmatched_unit_name_is_mapped_kept_and_used_by_the_next_import(office, org):
    from app.org.models import UnitAlias

    import_id = import_id_of(office.post("/plans/import", data={"text": NAMED}))
    page = office.get(f"/plans/import/{import_id}").text
    assert "“Phòng Quản lý năng lượng” là" in page and "“Phòng QLNL Sở” là" in page
    response = office.post(f"/plans/import/{import_id}/units", headers=HX,
                           data={"name": "Phòng Quản lý năng lượng", "unit_id": str(org.khtc.id)})
    assert response.status_code == 200 and response.headers["HX-Retarget"] == "#import-lines"
    task = _row(preview_of(import_id), lambda l: l.kind == "task")
    assert (task.lead_unit_id, task.lead_name) == (org.khtc.id, "")
    assert not any("Phòng Quản lý năng lượng" in w for w in task.warnings)
    office.post(f"/plans/import/{import_id}/units", data={"name": "Phòng QLNL Sở", "unit_id": str(org.ttr.id)})
    task = _row(preview_of(import_id), lambda l: l.kind == "task")
    assert task.cooperating_unit_ids == [org.ttr.id] and not task.warnings
    assert [a.unit_id for a in db.session.scalars(select(UnitAlias).order_by(UnitAlias.id))] == [org.khtc.id,
                                                                                                 org.ttr.id]
    assert any(a.object_type == "unit" and a.object_id == org.khtc.id for a in audits())
    # the next import knows both names
    again = preview_of(import_id_of(office.post("/plans/import", data={"text": NAMED})))
    task = _row(again, lambda l: l.kind == "task")
    assert (task.lead_unit_id, task.cooperating_unit_ids, task.warnings) == (org.khtc.id, [org.ttr.id], [])
    assert "chưa khớp" not in office.get(f"/plans/import/{import_id}").text


@pytest.mark.parametrize("data, message", [
    ({"name": "Phòng Quản lý năng lượng", "unit_id": ""}, "Hãy chọn đơn vị của Sở."),
    ({"name": "Phòng Quản lý năng lượng", "unit_id": "99999"}, "Hãy chọn đơn vị của Sở."),
    ({"name": "Phòng Quản lý năng lượng", "unit_id": "²"}, "Hãy chọn đơn vị của Sở."),
    ({"name": " ", "unit_id": "1"}, "Tên đơn vị trong văn bản không hợp lệ."),
])
def test_a_bad_unit_mapping_is_refused_and_changes_nothing(office, org, data, message):
    import_id = import_id_of(office.post("/plans/import", data={"text": NAMED}))
    before = fingerprint()
    response = office.post(f"/plans/import/{import_id}/units", data=data, headers=HX)
    assert response.status_code == 422 and message in response.text
    assert response.headers["HX-Retarget"] == "#import-summary"
    assert_unchanged(before)


# -- a task's units suggested again from its new text --------------------------------------------------------

EDITED = ("KẾ HOẠCH\nCải cách hành chính năm 2027\nII. NHIỆM VỤ\n1. Cải cách thể chế\n"
          "- Văn phòng Sở chủ trì rà soát văn bản quy phạm pháp luật lĩnh vực điện lực.\n"
          "- Kiểm tra việc thực hiện quy chế văn hóa công sở.\n")


def _edited_task(office, text=EDITED, starts="Văn phòng Sở chủ trì"):
    import_id = import_id_of(office.post("/plans/import", data={"text": text}))
    return import_id, _row(preview_of(import_id), lambda l: l.kind == "task" and l.text.startswith(starts))


def _save_row(office, import_id, row, **changes):
    data = _line_form(row, cooperating_unit_ids=[str(u) for u in row.cooperating_unit_ids or []])
    data.update(changes)
    return office.post(f"/plans/import/{import_id}/lines/{row.id}", data=data, headers=HX)


def test_a_tasks_new_text_suggests_its_units_again(office, org):
    """The rule of the first read (attributes.units_in_text) reads the edited text again: the lead and the
    cooperating units it names replace those the old text named, shown as the row's suggestion."""
    import_id, row = _edited_task(office)
    assert (row.lead_unit_id, row.cooperating_unit_ids) == (org.vp.id, None)
    response = _save_row(office, import_id, row, text="Thanh tra Sở chủ trì rà soát văn bản quy phạm pháp luật; "
                                                      "đơn vị phối hợp: Văn phòng Sở, Phòng Quản lý điện năng.")
    assert response.status_code == 200
    shown = html.unescape(response.text)
    assert (f"Gợi ý từ nội dung mới: chủ trì {org.ttr.name}; phối hợp {org.vp.name}." in shown)
    assert f'<option value="{org.ttr.id}" selected>' in response.text
    assert f'id="l{row.id}-coop-{org.vp.id}" name="cooperating_unit_ids" value="{org.vp.id}" checked' in response.text
    after = preview_of(import_id).line(row.id)
    assert (after.lead_unit_id, after.cooperating_unit_ids, after.set_by_hand) == (org.ttr.id, [org.vp.id], [])
    assert after.warnings == ["Đơn vị phối hợp “Phòng Quản lý điện năng” không khớp với đơn vị nào của Sở."]
    # a text naming no unit: what the old text named goes with it, the task is led "theo nội dung"
    response = _save_row(office, import_id, after, text="Rà soát văn bản quy phạm pháp luật lĩnh vực điện lực.")
    after = preview_of(import_id).line(row.id)
    assert (after.lead_unit_id, after.cooperating_unit_ids, after.warnings) == (None, None, [])
    assert "Gợi ý từ nội dung mới" not in response.text
    assert "Chủ trì: theo nội dung" in office.get(f"/plans/import/{import_id}").text


def test_a_unit_chosen_by_hand_is_kept_when_the_text_changes(office, org):
    import_id, row = _edited_task(office)
    _save_row(office, import_id, row, lead_unit_id=org.khtc.id)  # chosen by hand
    row = preview_of(import_id).line(row.id)
    assert (row.lead_unit_id, row.set_by_hand) == (org.khtc.id, ["lead"])
    response = _save_row(office, import_id, row, text="Thanh tra Sở chủ trì rà soát văn bản; phối hợp: Văn phòng Sở.")
    shown = html.unescape(response.text)
    assert f"Gợi ý từ nội dung mới: chủ trì {org.ttr.name}; phối hợp {org.vp.name}." in shown
    assert "Đơn vị chủ trì đã chọn tay được giữ nguyên." in shown
    after = preview_of(import_id).line(row.id)
    assert (after.lead_unit_id, after.cooperating_unit_ids) == (org.khtc.id, [org.vp.id])  # only the lead kept
    # the same post choosing a unit and changing the text (the form without script): the choice wins
    other = _row(preview_of(import_id), lambda l: l.text.startswith("Kiểm tra việc"))
    _save_row(office, import_id, other, lead_unit_id=org.vp.id, cooperating_unit_ids=[str(org.khtc.id)],
              text="Thanh tra Sở chủ trì kiểm tra việc thực hiện quy chế văn hóa công sở; phối hợp: Văn phòng Sở.")
    other = preview_of(import_id).line(other.id)
    assert (other.lead_unit_id, other.cooperating_unit_ids) == (org.vp.id, [org.khtc.id])
    assert sorted(other.set_by_hand) == ["coop", "lead"]


def test_an_accepted_assignment_is_kept_when_the_text_changes(office, org):
    text = EDITED.replace("- Văn phòng Sở chủ trì rà soát", "- Rà soát") + (
        "III. TỔ CHỨC THỰC HIỆN\n1. Thanh tra Sở chủ trì rà soát văn bản quy phạm pháp luật lĩnh vực điện lực.")
    import_id, row = _edited_task(office, text, starts="Rà soát")
    lead = next(a for a in preview_of(import_id).assignments if a.line == row.id and a.role == "lead")
    assert (lead.unit_id, row.lead_unit_id) == (org.ttr.id, org.ttr.id)
    office.post(f"/plans/import/{import_id}/assignments/{lead.id}", data={"decision": "accept"}, headers=HX)
    row = preview_of(import_id).line(row.id)
    _save_row(office, import_id, row, text="Văn phòng Sở chủ trì rà soát văn bản quy phạm pháp luật lĩnh vực điện lực.")
    assert preview_of(import_id).line(row.id).lead_unit_id == org.ttr.id


@pytest.mark.parametrize("username", ["thanhtra", "lanhdao"])
def test_another_units_user_cannot_edit_a_tasks_text(client, org, username):
    sign_in(client, "vanphong")
    import_id, row = _edited_task(client)
    client.post("/logout")
    sign_in(client, username)
    before = fingerprint()
    response = _save_row(client, import_id, row, text="Thanh tra Sở chủ trì rà soát văn bản.")
    assert response.status_code == 403
    assert_unchanged(before)
