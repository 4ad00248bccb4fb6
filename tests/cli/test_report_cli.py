"""flask report export: the same files as the downloads, from the command line."""
import io

import openpyxl
from docx import Document

from app.reports import services
from app.reports.wording import ReportSettings
from app.transactions import transaction
from tests.db.report_helpers import DONE_RESULT, HIDDEN, quarter
from tests.db.report_helpers import lower_first


def test_export_writes_the_docx_and_the_xlsx(runner, org, tmp_path):
    q = quarter(org)
    docx_path, xlsx_path = tmp_path / "bao-cao.docx", tmp_path / "phu-luc.xlsx"
    result = runner.invoke(args=["report", "export", "--period", str(q.period.id), "--plan", str(q.plan.id),
                                 "--docx", str(docx_path), "--xlsx", str(xlsx_path)])
    assert result.exit_code == 0, result.output
    assert "Quý I năm 2026: hoàn thành 1/5 nhiệm vụ (20%)." in result.output
    doc = Document(io.BytesIO(docx_path.read_bytes()))
    texts = [p.text for p in doc.paragraphs]
    assert "Kết quả thực hiện công tác cải cách hành chính quý I năm 2026" in texts
    assert any(lower_first(DONE_RESULT) in t for t in texts) and not any(h in t for t in texts for h in HIDDEN)
    ws = openpyxl.load_workbook(xlsx_path)["Phụ lục nhiệm vụ"]
    assert ws.max_row == 10  # two title rows, the header, five tasks, a blank row, the note of the date


def test_export_uses_the_saved_draft_with_its_hand_edits(runner, org, tmp_path):
    q = quarter(org)
    with transaction():
        draft = services.generate_draft(org.office, q.period, None, ReportSettings())
        services.save_section(org.office, draft, "de-xuat", "Kiến nghị do Văn phòng viết lại.", None)
    path = tmp_path / "bao-cao.docx"
    result = runner.invoke(args=["report", "export", "--period", str(q.period.id), "--docx", str(path)])
    assert result.exit_code == 0, result.output
    assert "Kiến nghị do Văn phòng viết lại." in [p.text for p in Document(str(path)).paragraphs]


def test_export_refuses_unknown_ids_and_unchecked_figures(runner, org, tmp_path):
    q = quarter(org)
    path = tmp_path / "x.docx"
    result = runner.invoke(args=["report", "export", "--period", "999", "--docx", str(path)])
    assert result.exit_code != 0 and "Không có kỳ báo cáo mã 999." in result.output
    result = runner.invoke(args=["report", "export", "--period", str(q.period.id), "--plan", "999",
                                 "--docx", str(path)])
    assert result.exit_code != 0 and "Không có kế hoạch đã ban hành mã 999." in result.output
    result = runner.invoke(args=["report", "export", "--period", str(q.period.id)])
    assert result.exit_code != 0 and "--docx hoặc --xlsx" in result.output
    with transaction():
        services.save_figures(org.office, q.period, dict(tthc_received=10, tthc_on_time=5, tthc_late=1,
                                                         tthc_in_progress=1), "Một cửa điện tử")
    result = runner.invoke(args=["report", "export", "--period", str(q.period.id), "--docx", str(path)])
    assert result.exit_code != 0 and "Số liệu thống kê chưa khớp" in result.output
    assert not path.exists()
