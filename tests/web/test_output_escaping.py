"""Output escaping (issue 14, "Output"): text with HTML, a script, attribute-breaking quotes,
formula starts and Vietnamese in decomposed form (NFD), entered through the app's own forms
(unit name, plan title, task title, entry result, difficulties and proposals, evidence title,
report section), is shown escaped on every page and fragment that displays it, and comes out
literal in the exports: the report's .docx (no field code made of it) and .xlsx annex, and the
plan's phụ lục .xlsx (no cell a formula)."""
import io
import re
import unicodedata
import zipfile

import pytest
from docx import Document
from markupsafe import escape
from openpyxl import load_workbook
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.org.models import Unit
from app.progress.models import DRAFT, PERIOD_OPEN, Evidence, ProgressEntry, ReportingPeriod
from tests import filegen
from tests.factories import HX, fresh
from tests.signin import sign_in
from tests.web.routes import form_for

NFD = unicodedata.normalize("NFD", "Cải cách hành chính")
XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>\"' onmouseover='alert(3)'<b>đậm</b>"
ENTERED = {  # each starts differently, so each can be found, and some as a formula would
    "unit": "Thanh tra " + XSS,
    "plan": "Kế hoạch " + XSS + " " + NFD,
    "task": '=HYPERLINK("http://example.invalid","x") ' + XSS + " " + NFD,
    "result": "+1 kết quả " + XSS,
    "difficulties": "-2 khó khăn " + XSS,
    "proposals": "@SUM(A1) đề xuất " + XSS,
    "evidence": "Trích yếu " + XSS + " " + NFD,
    "section": '{ HYPERLINK "http://example.invalid" } mục ' + XSS + " " + NFD,
    "source": "=1+1 nguồn " + XSS,
}
RAW = ("<script>alert(1)", "<img src=x", "onmouseover='alert", "<b>đậm</b>")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"


def _post_form(client, url, pages, status=200, **changes):
    """Post the form a page offers for ``url`` with some of its fields changed, as a person would;
    the answer is ``status`` (200: the fragment redrawn; 302: a page that sends the browser on)."""
    fields = form_for(client, url, pages)
    assert fields is not None, url
    form = MultiDict([(k, v) for k, v in fields if k not in changes] + list(changes.items()))
    response = client.post(url, data=form, headers=HX)
    assert response.status_code == status, (url, response.status_code, response.text[:2000])
    return response


@pytest.fixture
def entered(demo_app):
    """The demo with ENTERED typed into it through the pages: Thanh tra Sở renamed, the issued
    plan and one of Thanh tra's tasks retitled, its entry written, cited and submitted (then
    approved, so that the report uses it), a section of the period's report draft rewritten."""
    period = db.session.scalar(select(ReportingPeriod).where(ReportingPeriod.status == PERIOD_OPEN))
    ttr = db.session.scalar(select(Unit).where(Unit.short_name == "TTr"))
    entry = db.session.scalar(select(ProgressEntry).where(
        ProgressEntry.period_id == period.id, ProgressEntry.unit_id == ttr.id, ProgressEntry.status == DRAFT))
    task, plan = entry.task, entry.task.area.plan
    ids = {"period": period.id, "entry": entry.id, "task": task.id, "plan": plan.id, "unit": ttr.id}

    admin = sign_in(demo_app, "quantri")
    _post_form(admin, f"/units/{ttr.id}", [f"/units/{ttr.id}"], status=302, name=ENTERED["unit"])
    office = sign_in(demo_app, "vanphong")
    _post_form(office, f"/plans/{plan.id}/meta/edit", [f"/plans/{plan.id}/meta/edit"], title=ENTERED["plan"])
    _post_form(office, f"/tasks/{task.id}/edit", [f"/tasks/{task.id}/edit"], title=ENTERED["task"])

    unit = sign_in(demo_app, "chanhthanhtra")
    entry_url = f"/periods/{period.id}/tasks/{task.id}/entry"
    _post_form(unit, entry_url, [entry_url], result=ENTERED["result"], difficulties=ENTERED["difficulties"],
               proposals=ENTERED["proposals"])
    response = unit.post(f"/entries/{entry.id}/evidence", headers=HX, content_type="multipart/form-data",
                         data={"files": [(io.BytesIO(filegen.pdf_bytes()), "qd.pdf")]})
    assert response.status_code == 200
    evidence = db.session.scalar(select(Evidence).where(Evidence.entry_id == entry.id).order_by(Evidence.id.desc()))
    ids["evidence"] = evidence.id
    _post_form(unit, f"/evidence/{evidence.id}/edit", [f"/evidence/{evidence.id}/edit"], summary=ENTERED["evidence"])
    _post_form(unit, f"{entry_url}/send", [entry_url])
    assert fresh(ProgressEntry, entry.id).status == "submitted"
    return {"app": demo_app, "ids": ids, "office": office, "unit": unit}


def _approve_and_draft(entered):
    """Approve the entry (lanhdao), then draft the period's report and rewrite its proposals section."""
    ids, office = entered["ids"], entered["office"]
    boss = sign_in(entered["app"], "lanhdao")
    response = boss.post("/approvals", headers=HX, data={"decision": "approve", "entry_ids": str(ids["entry"])})
    assert response.status_code == 200 and fresh(ProgressEntry, ids["entry"]).status == "approved"
    _assert_escaped(response.get_data(as_text=True), "the decided card", ["task"])  # only its card comes back
    draft_page = f"/reports/periods/{ids['period']}/draft?plan={ids['plan']}"
    assert office.post(draft_page).status_code == 302
    html = office.get(draft_page).text
    section_url = re.search(r'hx-post="(/reports/drafts/\d+/sections/de-xuat)"', html).group(1)
    _post_form(office, section_url, [draft_page], text=ENTERED["section"])
    return draft_page


def _assert_escaped(html: str, where: str, shown=()):
    for raw in RAW:
        assert raw not in html, (where, raw)
    for name in shown:  # the text is displayed (escaped), whichever Unicode form it is kept in
        text = ENTERED[name].split("<script>")[0]
        assert str(escape(text)) in html or str(escape(unicodedata.normalize("NFC", text))) in html, (where, name)
    if shown:
        assert ESCAPED in html, where


def test_user_text_is_escaped_on_every_page_and_fragment(entered):
    ids, office, unit = entered["ids"], entered["office"], entered["unit"]
    boss = sign_in(entered["app"], "lanhdao")
    period, entry, task = ids["period"], ids["entry"], ids["task"]
    pages = [
        (office, f"/plans/{ids['plan']}", {}, ("plan", "task")),
        (office, f"/plans/{ids['plan']}/meta", HX, ("plan",)),
        (office, f"/tasks/{task}", {}, ("task",)),
        (office, f"/tasks/{task}/row", HX, ("task",)),
        (office, f"/checklist?period={period}&unit={ids['unit']}", {}, ("task",)),
        (unit, f"/checklist?period={period}", HX, ("task",)),
        (unit, f"/periods/{period}/tasks/{task}/entry", {}, ("result", "difficulties", "proposals")),
        (unit, f"/periods/{period}/tasks/{task}/entry", HX, ("result", "difficulties", "proposals")),
        (unit, f"/entries/{entry}", {}, ("task", "result")),
        (unit, f"/entries/{entry}/evidence", HX, ("evidence",)),
        (unit, f"/evidence/{ids['evidence']}", HX, ("evidence",)),
        (boss, f"/approvals?period={period}", {}, ("unit", "task", "result")),
        (boss, f"/approvals?period={period}", HX, ("task",)),
        (boss, "/notifications", {}, ("unit",)),
        (office, f"/periods/{period}/follow-up", {}, ("unit",)),
        (sign_in(entered["app"], "quantri"), "/units", {}, ("unit",)),
        (office, f"/plans/{ids['plan']}/history", {}, ("plan", "task")),
    ]
    _assert_pages_escaped(pages)

    draft_page = _approve_and_draft(entered)  # the dashboard's digest and the report use approved entries
    _assert_pages_escaped([
        (office, draft_page, {}, ("section",)),
        (office, f"/dashboard?period={period}", {}, ("unit", "proposals")),
        (office, f"/dashboard/tasks?period={period}", {}, ("task",)),
        (office, f"/dashboard/tasks?period={period}&unit={ids['unit']}", HX, ("unit", "task")),
        (office, "/notifications", {}, ()),
        (unit, "/notifications", {}, ()),
    ])


def _assert_pages_escaped(pages):
    for client, url, headers, shown in pages:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, url
        _assert_escaped(response.get_data(as_text=True), url, shown)


def test_user_text_is_literal_in_the_docx(entered):
    office, ids = entered["office"], entered["ids"]
    _approve_and_draft(entered)
    response = office.get(f"/reports/periods/{ids['period']}/report.docx?plan={ids['plan']}")
    assert response.status_code == 200, response.text[:500]
    document = Document(io.BytesIO(response.data))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    body = "\n".join(unicodedata.normalize("NFC", t) for t in texts)
    for name in ("section", "result"):  # the proposals' digest is the section rewritten
        assert unicodedata.normalize("NFC", ENTERED[name]) in body, name
    with zipfile.ZipFile(io.BytesIO(response.data)) as z:
        xml = z.read("word/document.xml").decode()
    assert "<script" not in xml and "&lt;script&gt;alert(1)" in xml
    instructions = re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>|<w:fldSimple [^>]*w:instr=\"([^\"]*)\"", xml)
    assert not [i for i in instructions if "HYPERLINK" in "".join(i) or "example.invalid" in "".join(i)]


def _formulas(workbook) -> list:
    return [(ws.title, c.coordinate, c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f"]


def test_user_text_is_never_a_formula_in_the_report_annex(entered):
    """The task sheet (task title, result) and the statistics sheet (the source the Office types)."""
    office, ids = entered["office"], entered["ids"]
    _approve_and_draft(entered)
    figures = f"/reports/periods/{ids['period']}/figures?plan={ids['plan']}"
    _post_form(office, figures.split("?")[0], [figures], status=302, source=ENTERED["source"], tthc_received="10",
               tthc_on_time="8", tthc_late="1", tthc_in_progress="1", tthc_online="5")  # consistent figures
    _assert_escaped(office.get(figures).text, figures, ("source",))
    response = office.get(f"/reports/periods/{ids['period']}/annex.xlsx?plan={ids['plan']}")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    assert _formulas(workbook) == []
    cells = {str(c.value): c for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value}
    title = next(v for v in cells if v.startswith("=HYPERLINK"))
    assert unicodedata.normalize("NFC", title) == unicodedata.normalize("NFC", ENTERED["task"])
    assert cells[title].quotePrefix
    for start in ("+1 kết quả", "=1+1 nguồn"):
        assert cells[next(v for v in cells if v.startswith(start))].quotePrefix, start


def test_user_text_is_never_a_formula_in_the_plans_phu_luc(entered):
    """The plan's own phụ lục export (Excel): a task title beginning with = stays text."""
    office, ids = entered["office"], entered["ids"]
    response = office.get(f"/plans/{ids['plan']}/phu-luc.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    assert _formulas(workbook) == []
    titles = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row
              if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
    assert titles and all(c.quotePrefix for c in titles)
