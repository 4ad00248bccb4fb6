"""Reading the figures users see: the rendered pages (dashboard, drill-downs, checklist, follow-up,
approval queue), the report's .docx and its .xlsx. Tests of the period rules compare these with
what they expect, never with what the app's queries return.

Each reader takes what a user gets (a page's HTML, a file's bytes) and returns plain values.
"""
import io
import re

import lxml.html
import openpyxl
from docx import Document


def _text(element) -> str:
    return " ".join(element.text_content().split())


def _number(text: str) -> int:
    return int(re.search(r"\d+", text.replace(".", "")).group(0))


# -- the dashboard and its drill-downs -------------------------------------------------------

def dashboard(html: str) -> dict:
    """The dashboard's KPIs, its tables by unit and by area, and what it says it counts."""
    page = lxml.html.fromstring(html)
    kpis = {_text(k.find_class("kpi-label")[0]): _text(k.find_class("kpi-value")[0]) for k in page.find_class("kpi")}
    done_total = next(v for label, v in kpis.items() if label.startswith("nhiệm vụ hoàn thành"))
    done, total = (int(x) for x in done_total.split("/"))
    overdue_label = next(label for label in kpis if label.startswith("quá hạn"))
    figures = {
        "done": done, "total": total, "overdue": int(kpis[overdue_label]),
        "awaiting": int(kpis["báo cáo chờ duyệt"]), "unreported": int(kpis["chưa có kết quả được duyệt"]),
        "overdue_label": overdue_label, "coverage": " ".join(_text(c) for c in page.find_class("coverage")),
    }
    units = {}
    for row in page.xpath('//section[@aria-labelledby="by-unit"]//tbody/tr'):
        cells = row.xpath("./th|./td")
        units[_text(cells[0])] = {"tasks": int(_text(cells[2])), "done": int(_text(cells[3])),
                                  "overdue": int(_text(cells[4])), "reports": _text(cells[6])}
    figures["units"] = units
    areas = {}
    for row in page.xpath('//section[@aria-labelledby="by-area"]//tbody/tr'):
        cells = row.xpath("./th|./td")
        areas[_text(cells[0])] = [int(_text(c)) for c in cells[2:-1]]  # one per bucket, then overdue
    figures["areas"] = areas
    return figures


def unit_reports(text: str) -> dict[str, int]:
    """"1 đã hoàn thành ở kỳ trước · 2 chưa báo cáo · 3 đã duyệt" -> counts by words."""
    found = {}
    for part in text.split("·"):
        match = re.search(r"(\d+) ([^\d]+)$", part.strip())
        if match:
            found[match.group(2).strip()] = int(match.group(1))
    return found


def drill(html: str) -> tuple[int, set[str]]:
    """(the number in the drill-down's heading, the codes of the tasks listed)."""
    page = lxml.html.fromstring(html)
    heading = _text(page.xpath('//*[@id="drill-title"]')[0])
    count = int(re.search(r"\((\d+) nhiệm vụ", heading).group(1))
    codes = {_text(row.xpath("./td")[0]) for row in page.xpath('//section[@class="drill"]//tbody/tr')}
    return count, codes


# -- the checklist, the follow-up, the approval queue ----------------------------------------

def checklist(html: str) -> dict:
    """The counts above a unit's checklist, the date they are counted at, and each row's badge.

    ``lead`` and ``coop``: the line of each role shown ({"nhiệm vụ": n, "đã hoàn thành": n, ...}); the same
    words at the top level: their sums over the lines shown; ``chủ trì``: the number of tasks the unit leads."""
    page = lxml.html.fromstring(html)
    summary = page.find_class("checklist-summary")[0]
    counts = {"as_of": "", "announced": summary.get("data-announce", "")}
    for line in summary.findall("p"):
        role = line.get("data-role")
        if role is None:
            text = _text(line)
            if text.startswith("tính đến"):
                counts["as_of"] = text
            continue
        shown = counts[role] = {}
        for span in line.findall("span"):
            match = re.match(r"(\d+) (.+)", _text(span))
            if match:
                shown[re.sub(r" \(.*\)$", "", match.group(2))] = int(match.group(1))
        for words, n in shown.items():
            counts[words] = counts.get(words, 0) + n
    counts["chủ trì"] = counts.get("lead", {}).get("nhiệm vụ", 0)
    rows = {}
    for card in page.find_class("task-card"):
        code = _text(card.find_class("code")[0])
        state = next(c for c in card.get("class").split() if c != "task-card")
        rows[code] = (state, _text(card.find_class("badges")[0].find_class("badge")[0]))
    counts["rows"] = rows
    menu = page.xpath('//nav//a[contains(@href, "/checklist")]//span[@class="count"]')
    counts["menu"] = int(_text(menu[0])) if menu else 0
    return counts


def follow_up(html: str) -> dict[str, dict[str, int]]:
    """Per unit (short name) of the follow-up table, its numbers by column."""
    page = lxml.html.fromstring(html)
    return {row.get("data-unit"): {td.get("data-col"): int(_text(td)) for td in row.xpath("./td[@data-col]")}
            for row in page.xpath("//tr[@data-unit]")}


def approvals(html: str) -> int:
    """The number of entries the approval queue says await approval."""
    match = re.search(r"<strong>(\d+)</strong> báo cáo chờ duyệt", html)
    return int(match.group(1)) if match else 0


# -- the exports ------------------------------------------------------------------------------

def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of the .docx, one per line."""
    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells = {id(c._tc): c.text for c in row.cells}  # a merged cell repeats: keep it once
            lines.append(" | ".join(cells.values()))
    return "\n".join(lines)


def docx_summary(data: bytes) -> dict:
    """"trong tổng số y nhiệm vụ … đã hoàn thành x nhiệm vụ" (or "chưa có nhiệm vụ hoàn thành") and
    "Có n nhiệm vụ quá hạn" of the report's section I, and the counted rows of its statistics table."""
    text = docx_text(data)
    match = re.search(r"Tính đến ngày (\d\d/\d\d/\d{4}), trong tổng số (\d+) nhiệm vụ .*?"
                      r"(?:đã hoàn thành (\d+) nhiệm vụ|chưa có nhiệm vụ hoàn thành)", text)
    overdue = re.search(r"Tính đến ngày .*?Có (\d+) nhiệm vụ quá hạn chưa hoàn thành", text.split("\n1. ")[0], re.S)
    statistics = {}
    for line in text.splitlines():
        cells = line.split(" | ")
        if len(cells) >= 3 and cells[0].isdigit() and cells[1].startswith(("Tổng số nhiệm vụ", "Nhiệm vụ")):
            statistics[cells[1]] = cells[2]
    return {"as_of": match.group(1), "total": int(match.group(2)), "done": int(match.group(3) or 0),
            "overdue": int(overdue.group(1)) if overdue else 0, "statistics": statistics, "text": text}


def xlsx(data: bytes) -> dict:
    """The task sheet's rows (by code: status, plan) and the statistics sheet's counted figures."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    tasks = {}
    for row in workbook["Phụ lục nhiệm vụ"].iter_rows(min_row=4, values_only=True):  # title rows, then the header
        if row[0] is not None and row[2] is not None:
            tasks[row[2]] = {"status": row[7], "plan": row[11]}
    statistics = {row[1]: row[2] for row in workbook["Số liệu thống kê"].iter_rows(min_row=4, values_only=True)
                  if row[1] and row[4] == "Tự động"}
    return {"tasks": tasks, "statistics": statistics}
