"""The report as printed (issue #24 points 6-8): the .docx and the .xlsx converted by LibreOffice
(one conversion per file) and read page by page: no page of a table holds a single row, every
page of the workbook carries every column under its repeated header, each "Trong đó" row sits
right under its total, and the body reads as sentences (none of the machine patterns)."""
import re
from datetime import date

import pytest
from pypdf import PdfReader

from app.extensions import db
from app.reports import services
from app.reports.compose import build_report
from app.reports.docx import build_docx
from app.reports.wording import ReportSettings
from app.reports.stats import without_result
from app.reports.xlsx import PENDING_COLUMNS, TASK_COLUMNS, build_xlsx
from app.transactions import transaction
from tests.factories import make_progress_entry, make_task
from tests.db.report_helpers import quarter
from tests.db.test_report_libreoffice import _positions, convert

LONG = ("Rà soát, cập nhật, công khai đầy đủ, kịp thời thủ tục hành chính thuộc thẩm quyền giải quyết của Sở "
        "trên Cổng dịch vụ công quốc gia và Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh")


@pytest.fixture
def report(org):
    """The quarter with 40 more tasks (half of them with an approved result) and typed figures:
    tables that run over several pages."""
    q = quarter(org)
    for n in range(40):
        task = make_task(q.plan.areas[n % 2], org.ttr if n % 3 else org.khtc, f"{LONG} (đợt {n + 1})",
                         deadline=date(2026, 6, 1 + n % 20))
        if n % 2:
            make_progress_entry(task, period=q.period, status="approved", task_status="in_progress",
                                percent_done=40, result=f"Đã rà soát {n + 10} thủ tục hành chính, công khai đầy đủ")
    with transaction():
        services.save_figures(org.office, q.period, dict(tthc_received=120, tthc_on_time=100, tthc_late=5,
                                                         tthc_in_progress=15, tthc_online=90), "Một cửa điện tử")
        services.generate_draft(org.office, q.period, None, ReportSettings())
    db.session.expire_all()
    return build_report(q.period, None, ReportSettings())


def _numbered_rows(page, left_x: float) -> list[int]:
    """The row numbers (column TT) printed on a page: numbers at the table's left edge."""
    return sorted(int(t) for x, _y, t in _positions(page) if t.isdigit() and abs(x - left_x) < 12)


def test_the_docx_prints_no_table_row_alone_and_the_figures_in_order(report, tmp_path):
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(build_docx(report))
    pages = PdfReader(convert(path, "pdf", tmp_path)).pages
    texts = [page.extract_text() for page in pages]
    tables = [i for i, text in enumerate(texts) if "Nhiệm vụ" in text and "Tình trạng" in text
              or "SỐ LIỆU THỐNG KÊ" in text]
    assert len(tables) >= 3  # the task table runs over pages, then the statistics page
    for i in tables:
        left = min(x for x, _y, t in _positions(pages[i]) if t.startswith("TT"))
        rows = _numbered_rows(pages[i], left)
        assert len(rows) >= 2, (i + 1, rows)  # never a single row alone on a page
    figures = [line.strip() for line in texts[tables[-1]].splitlines()]
    received = next(i for i, line in enumerate(figures) if "Tổng số hồ sơ TTHC tiếp nhận" in line)
    assert "Trong đó: số hồ sơ tiếp nhận trực tuyến" in figures[received + 1]
    body = " ".join(" ".join(texts[:tables[0]]).split())
    for bad in (r"chưa có kết quả được duyệt", r"\b\d+/\d+ nhiệm vụ, đạt", r"\.\.(?!/)"):
        assert not re.search(bad, body), bad
    assert "Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính quý I năm 2026" in body


def test_every_xlsx_page_carries_every_column_under_its_header(report, tmp_path):
    path = tmp_path / "phu-luc.xlsx"
    path.write_bytes(build_xlsx(report))
    pages = PdfReader(convert(path, "pdf", tmp_path)).pages
    texts = [" ".join(p.extract_text().split()) for p in pages]
    for n, page in enumerate(pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width > height, n  # A4 landscape
    sheets = {"tasks": [i for i, t in enumerate(texts) if "Tài liệu kiểm chứng" in t],
              "pending": [i for i, t in enumerate(texts) if "Cập nhật lần cuối" in t]}
    assert len(sheets["tasks"]) >= 2  # long enough to need its header again
    assert sheets["pending"] and sheets["pending"][0] > sheets["tasks"][-1]
    for name, columns in (("tasks", TASK_COLUMNS), ("pending", PENDING_COLUMNS)):
        for i in sheets[name]:
            missing = [title for title, _width in columns if title not in texts[i]]
            assert missing == [], (name, i + 1, missing)
            left = min(x for x, _y, t in _positions(pages[i]) if t.startswith("TT"))
            assert len(_numbered_rows(pages[i], left)) >= 2, (name, i + 1)
    assert "PHỤ LỤC: KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH QUÝ I NĂM 2026" in texts[sheets["tasks"][0]]
    assert "VIỆC CHƯA CÓ KẾT QUẢ QUÝ I NĂM 2026" in texts[sheets["pending"][0]]
    pending = " ".join(texts[i] for i in sheets["pending"])
    assert pending.count("(đợt ") == len(without_result(report.stats.rows)) - 3  # the 20 of the 40, and 3 more
    figures = next(t for t in texts if "Chỉ tiêu thống kê" in t)
    assert "Tổng số hồ sơ TTHC tiếp nhận 120" in figures
    assert figures.index("Trong đó: số hồ sơ tiếp nhận trực tuyến") < figures.index("Số hồ sơ giải quyết đúng hạn")
