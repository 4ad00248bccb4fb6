"""The index's exports on the web: the evidence pack streamed (the same content as `flask index pack`), the
report's .docx and its text written by the Office (others refused, nothing changed), year over year."""
import io
import json
import zipfile
from datetime import date

from docx import Document

from app.assessment.models import IndexYear
from app.extensions import db
from app.org.models import APPRAISER
from tests.db.index_helpers import add_document, link, make_entry, make_index_year, set_scores
from tests.factories import assert_unchanged, audits, fingerprint, fresh, make_user


def test_pack_is_streamed_to_an_appraiser_with_the_cli_content(org, as_user, runner, tmp_path):
    criteria = make_index_year(2026)
    entry = make_entry(org)
    link(criteria["1.1.1"], add_document(entry, org.ttr, b"%PDF-1.4 a", "125/QĐ-SCT", date(2026, 3, 12)))
    link(criteria["2.1"], add_document(entry, org.ttr, b"%PDF-1.4 b" * 5000, "45/BC-SCT", date(2026, 6, 30)))
    make_user(org.vp, [APPRAISER], "thamdinh")
    response = as_user("thamdinh").get("/index/2026/pack.zip")
    assert response.status_code == 200 and response.is_streamed
    assert response.mimetype == "application/zip"
    assert "ho-so-kiem-chung-chi-so-cchc-2026.zip" in response.headers["Content-Disposition"]
    downloaded = zipfile.ZipFile(io.BytesIO(response.get_data()))
    assert runner.invoke(args=["index", "pack", "--year", "2026", str(tmp_path / "p.zip")]).exit_code == 0
    written = zipfile.ZipFile(tmp_path / "p.zip")
    assert downloaded.namelist() == written.namelist() == [
        "1.1.1/125-QĐ-SCT_12-03-2026.pdf", "2.1/45-BC-SCT_30-06-2026.pdf", "index.xlsx", "manifest.json"]
    for name in downloaded.namelist()[:2]:
        assert downloaded.read(name) == written.read(name)
    manifest = json.loads(downloaded.read("manifest.json"))
    assert manifest["files"][:2] == json.loads(written.read("manifest.json"))["files"][:2]


def test_report_docx_and_its_text(org, as_user):
    criteria = make_index_year(2026)
    set_scores(criteria, self_score={"1.1.1": 4, "2.1": 80})
    office = as_user("vanphong")
    page = office.get("/index/2026/exports").get_data(as_text=True)
    assert "Tải báo cáo (.docx)" in page and "Chưa có tài liệu kiểm chứng nào được xác nhận" in page
    version = db.session.get(IndexYear, criteria["1"].year_id).version
    response = office.post("/index/2026/report-text", data={
        "version": version, "difficulties": "Thiếu hướng dẫn tài liệu kiểm chứng.", "proposals": "Tập huấn."})
    assert response.status_code == 302
    assert fresh(IndexYear, criteria["1"].year_id).report_proposals == "Tập huấn."
    assert audits("update", "index_year")[-1].after == {"report_difficulties": "Thiếu hướng dẫn tài liệu kiểm chứng.",
                                                        "report_proposals": "Tập huấn."}
    response = office.get("/index/2026/report.docx")
    text = [p.text for p in Document(io.BytesIO(response.get_data())).paragraphs]
    assert "Thiếu hướng dẫn tài liệu kiểm chứng." in text and "Tập huấn." in text
    assert "Tổng điểm tự đánh giá: 84/100 điểm, gồm: điểm các lĩnh vực 84 điểm; điểm thưởng 0 điểm; " \
           "điểm trừ 0 điểm." in text


def test_report_text_refused_to_units_too_long_or_stale_changes_nothing(org, as_user):
    criteria = make_index_year(2026)
    year_id = criteria["1"].year_id
    version = db.session.get(IndexYear, year_id).version
    before = fingerprint()
    assert as_user("thanhtra").post("/index/2026/report-text", data={"proposals": "x"}).status_code == 403
    office = as_user("vanphong")
    response = office.post("/index/2026/report-text", data={"version": version, "proposals": "x" * 5001})
    assert response.status_code == 422 and "Tối đa 5.000 ký tự" in response.get_data(as_text=True)
    response = office.post("/index/2026/report-text", data={"version": version - 1, "proposals": "x"})
    assert response.status_code == 422 and "đã được" in response.get_data(as_text=True)
    assert_unchanged(before)


def test_trend_page_shows_areas_across_years_and_the_losses(org, as_user):
    old = make_index_year(2025, stage="closed")
    set_scores(old, self_score={"1.1.1": 4, "2.1": 85}, appraisal2_score={"1.1.1": 4, "2.1": 82})
    new = make_index_year(2026)
    set_scores(new, self_score={"1.1.1": 3, "2.1": 85})
    page = as_user("lanhdao").get("/index/trend").get_data(as_text=True)
    assert 'class="trend-bars"' in page and "1. Công tác chỉ đạo, điều hành CCHC" in page
    assert "Năm 2026 (tự chấm) so với năm 2025 (thẩm định vòng 2)" in page
    losses = page[page.index('id="trend-losses"'):]
    assert "Ban hành kế hoạch CCHC năm kịp thời" in losses and "-1" in losses
    assert "Giải quyết hồ sơ đúng hạn" not in losses  # 85 against 82: more, not less
    assert as_user("thanhtra").get("/index/trend").status_code == 403


def test_an_appraiser_downloads_the_confirmed_evidence_only(org, as_user):
    criteria = make_index_year(2026)
    entry = make_entry(org)
    confirmed = add_document(entry, org.ttr, b"%PDF-1.4 confirmed", "125/QĐ-SCT", date(2026, 3, 12))
    suggested = add_document(entry, org.ttr, b"%PDF-1.4 suggested", "45/BC-SCT", date(2026, 6, 30))
    link(criteria["1.1.1"], confirmed)
    link(criteria["2.1"], suggested, status="suggested")
    make_user(org.bgd, [APPRAISER], "thamdinh")
    appraiser = as_user("thamdinh")
    response = appraiser.get(f"/evidence/{confirmed.id}/download")
    assert response.status_code == 200 and response.get_data() == b"%PDF-1.4 confirmed"
    assert appraiser.get(f"/evidence/{suggested.id}/download").status_code == 403
    assert as_user("khtc").get(f"/evidence/{confirmed.id}/download").status_code == 403
