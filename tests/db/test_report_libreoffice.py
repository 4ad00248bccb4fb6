"""Both exported files open in LibreOffice (Debian's, installed by .ci/run): the .docx converts
to a PDF whose pages are A4 with the decree's margins, page numbers from page 2 and Vietnamese
text intact; the .xlsx converts too, and its formula-like cells come out as the text typed.

Never skipped: without soffice these tests fail and say what to install."""
import csv
import io
import os
import shutil
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader

from app.extensions import db
from app.reports import services
from app.reports.compose import build_report
from app.reports.docx import build_docx
from app.reports.wording import ReportSettings
from app.reports.xlsx import build_xlsx
from app.transactions import transaction
from tests.factories import make_progress_entry, make_task
from tests.db.report_helpers import CITATION, DONE_RESULT, HIDDEN, OPEN_RESULT, quarter
from tests.db.report_helpers import lower_first

MM = 72 / 25.4  # PDF points per millimetre
A4 = (210 * MM, 297 * MM)


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        pytest.fail("LibreOffice is missing: install Debian's packages libreoffice-writer-nogui and "
                    "libreoffice-calc-nogui (apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui); "
                    ".ci/run does. These tests are never skipped.", pytrace=False)
    return path


def convert(path, target: str, folder) -> str:
    """Convert with headless LibreOffice (its own profile, so parallel tests do not collide)."""
    profile = folder / "lo-profile"
    result = subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", target, "--outdir", str(folder), str(path)],
        capture_output=True, text=True, timeout=240)
    stem = os.path.splitext(os.path.basename(path))[0]
    out = folder / f"{stem}.{target.split(':')[0]}"
    assert result.returncode == 0 and out.exists(), (result.returncode, result.stdout, result.stderr)
    return str(out)


def _positions(page) -> list[tuple[float, float, str]]:
    """(x, y, text) of each piece of text on a PDF page, in points from the bottom-left corner."""
    found = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((x, y, text.strip()))

    page.extract_text(visitor_text=visit)
    return found


@pytest.fixture
def q(org):
    q = quarter(org)
    with transaction():
        draft = services.generate_draft(org.office, q.period, None, ReportSettings())
        services.update_draft_details(org.office, draft, "", date(2026, 2, 5))
        # long enough for a second page
        services.save_section(org.office, draft, "phuong-huong",
                              "\n".join(f"Nhiệm vụ trọng tâm thứ {i}: tiếp tục rà soát, đơn giản hóa thủ tục hành "
                                        "chính và nâng cao chất lượng phục vụ người dân, doanh nghiệp." for i in
                                        range(1, 25)), None)
    return q


def test_docx_opens_in_libreoffice_as_an_a4_report_with_the_decree_layout(q, tmp_path):
    db.session.expire_all()
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(build_docx(build_report(q.period, None, ReportSettings())))
    reader = PdfReader(convert(path, "pdf", tmp_path))
    pages = reader.pages
    assert len(pages) >= 3  # body (two pages at least) and the annex

    first = pages[0]
    width, height = float(first.mediabox.width), float(first.mediabox.height)
    assert abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2  # A4 portrait, ≈ 595 × 842 pt

    # Margins: body text starts 30 mm from the left edge; nothing above the 20 mm top margin on
    # page 1 (no page number there) and nothing below the 20 mm bottom margin.
    spots = _positions(first)
    left = min(x for x, _y, _t in spots)
    assert 30 * MM - 1 <= left <= 35 * MM
    assert max(y for _x, y, _t in spots) <= height - 20 * MM
    assert min(y for _x, y, _t in spots) >= 20 * MM

    # Page 2 has its number centred in the top margin.
    numbers = [(x, y) for x, y, t in _positions(pages[1]) if t == "2" and y > height - 20 * MM]
    assert numbers, "no page number at the top of page 2"
    x, _y = numbers[0]
    centre = (30 * MM + (A4[0] - 15 * MM)) / 2
    assert abs(x - centre) < 12

    text = "\n".join(page.extract_text() for page in pages)
    flat = " ".join(text.split())
    for expected in ("UBND TỈNH ĐỒNG NAI", "SỞ CÔNG THƯƠNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Đồng Nai, ngày 05 tháng 02 năm 2026", "BÁO CÁO",
                     "Kết quả thực hiện công tác cải cách hành chính quý I năm 2026",
                     "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "đã hoàn thành 1 nhiệm vụ (đạt 20%)", lower_first(DONE_RESULT),
                     lower_first(OPEN_RESULT),
                     CITATION, "Nơi nhận:", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phụ lục",
                     "(Kèm theo Báo cáo số /BC-SCT ngày 05/02/2026 của Sở Công Thương)"):
        assert expected in flat, expected
    for hidden in HIDDEN:
        assert hidden not in flat

    annex = next(p for p in pages if "Kèm theo Báo cáo" in p.extract_text())
    assert float(annex.mediabox.width) > float(annex.mediabox.height)  # landscape


def _body_pages(pdf_path) -> list[list[str]]:
    """The lines of each page up to the one with the signature (the annex left out)."""
    pages = []
    for page in PdfReader(pdf_path).pages:
        pages.append([line.strip() for line in page.extract_text().splitlines() if line.strip()])
        if any("Nơi nhận" in line for line in pages[-1]):
            return pages
    raise AssertionError("no signature block in the rendered report")


def test_a_lead_in_line_never_ends_a_page_without_its_items(org, tmp_path):
    """Rendered by LibreOffice: section IV as long lists of "- Về …:" each with its one item, rendered twice,
    the second time one line lower; of two same-height lines one break in two fell between a lead-in and its
    item (a page ended with "- Về lĩnh vực …:"). Now the lead-in goes over with its item."""
    q = quarter(org)
    groups = [line for i in range(1, 61) for line in (
        f"- Về lĩnh vực thứ {i}:", f"+ Tiếp tục rà soát, công khai thủ tục hành chính nhóm {i};")]
    with transaction():
        draft = services.generate_draft(org.office, q.period, None, ReportSettings())
    for pad in (0, 1):
        lines = ["Tiếp tục triển khai các nhiệm vụ cải cách hành chính theo kế hoạch."] * pad + groups
        with transaction():
            services.save_section(org.office, db.session.merge(draft), "phuong-huong", "\n".join(lines), None)
        db.session.expire_all()
        path = tmp_path / f"bao-cao-{pad}.docx"
        path.write_bytes(build_docx(build_report(q.period, None, ReportSettings())))
        pages = _body_pages(convert(path, "pdf", tmp_path))
        assert len(pages) >= 4, pad  # several page breaks among the lists
        ends = [page[-1] for page in pages[:-1]]
        assert not [end for end in ends if end.endswith(":")], (pad, ends)
        starts = [page[1] if page[0].isdigit() else page[0] for page in pages[1:]]  # after the page number
        assert any(start.startswith("- Về lĩnh vực") for start in starts), (pad, starts)


def test_xlsx_opens_in_libreoffice_and_formula_like_cells_stay_text(q, org, tmp_path):
    task = make_task(q.plan.areas[0], org.ttr, "=1+1", deadline=date(2026, 2, 1))
    make_progress_entry(task, period=q.period, status="approved", task_status="in_progress", percent_done=10,
                        result="@SUM(1;2)")
    make_progress_entry(make_task(q.plan.areas[0], org.ttr, "-5+3 đơn vị"), period=q.period, status="approved",
                        task_status="in_progress", percent_done=10, result="+84 912 345 678")
    db.session.expire_all()
    path = tmp_path / "phu-luc.xlsx"
    path.write_bytes(build_xlsx(build_report(q.period, None, ReportSettings())))
    # CSV of the first sheet, UTF-8 (76), as LibreOffice shows the cells
    out = convert(path, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path)
    with io.open(out, encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "PHỤ LỤC: KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2026"
    assert rows[2][:4] == ["TT", "Lĩnh vực", "Mã", "Nhiệm vụ"]
    by_title = {row[3]: row for row in rows[3:]}
    assert by_title["=1+1"][9] == "@SUM(1;2)"  # not 2, not an error: the text as typed, no apostrophe
    assert by_title["-5+3 đơn vị"][9] == "+84 912 345 678"
    done = by_title["Xây dựng quy chế phối hợp rà soát văn bản"]
    assert done[6] == "28/02/2026" and done[8] == "100%" and done[9] == DONE_RESULT
    # the whole workbook, both sheets, converts too
    pdf = PdfReader(convert(path, "pdf", tmp_path))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Tổng số nhiệm vụ" in text  # the statistics sheet, converted with the tasks sheet
