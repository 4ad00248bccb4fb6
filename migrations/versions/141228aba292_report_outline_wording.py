"""Report outlines: the wording of the generated sentences as data (issue #24 point 4); the
outlines already stored get the default wording of this revision (frozen here, as it was written)

Revision ID: 141228aba292
Revises: b750143121c4
Create Date: 2026-12-03 18:04:40.212202

"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '141228aba292'
down_revision = 'b750143121c4'
branch_labels = None
depends_on = None


DEFAULT_PHRASES = {
    "opening": "Thực hiện {can_cu}, {co_quan} báo cáo kết quả thực hiện công tác cải cách hành chính {ky} (số liệu tính từ ngày {tu_ngay} đến ngày {den_ngay}) như sau:",
    "plan_issued": "{co_quan} đã ban hành {ke_hoach}, gồm {so_nhiem_vu} nhiệm vụ thuộc {so_linh_vuc} lĩnh vực, phân công cụ thể đơn vị chủ trì, đơn vị phối hợp, thời hạn hoàn thành và triển khai đến các phòng, đơn vị thuộc Sở.",
    "plan_continued": "{co_quan} tiếp tục triển khai {ke_hoach}, với {so_nhiem_vu} nhiệm vụ thực hiện trong kỳ.",
    "reporting": "Văn phòng Sở tổ chức {cac_ky}; đến ngày {ngay}, {tinh_hinh}.",
    "reporting_on_time": "{so} đơn vị gửi đủ báo cáo đúng hạn",
    "reporting_late": "{so} đơn vị gửi trễ hạn ({danh_sach})",
    "reporting_missing": "{so} đơn vị chưa gửi đủ báo cáo ({danh_sach})",
    "reminders": "Văn phòng Sở đã gửi {so_luot_nhac} lượt nhắc việc đến các đơn vị chậm báo cáo.",
    "returns": "Lãnh đạo Sở đã trả lại {so_tra_lai} báo cáo nhiệm vụ để đơn vị bổ sung, hoàn thiện.",
    "overall": "Tính đến ngày {ngay}, trong tổng số {tong} nhiệm vụ cải cách hành chính, {co_quan} đã hoàn thành {so_hoan_thanh} nhiệm vụ (đạt {ty_le}%), trong đó {so_dung_han} nhiệm vụ hoàn thành đúng hạn; {so_dang_lam} nhiệm vụ đang triển khai.",
    "overall_none": "Tính đến ngày {ngay}, trong tổng số {tong} nhiệm vụ cải cách hành chính, chưa có nhiệm vụ hoàn thành; {so_dang_lam} nhiệm vụ đang triển khai.",
    "overall_overdue": "Có {so_qua_han} nhiệm vụ quá hạn chưa hoàn thành (tính đến ngày {ngay}).",
    "topic": "Về {chu_de}:",
    "result_done": "{nhiem_vu}: {ket_qua}{van_ban}; hoàn thành ngày {ngay_hoan_thanh}.",
    "result_in_progress": "{nhiem_vu}: {ket_qua}{van_ban}; đến nay đạt khoảng {ty_le}% khối lượng.",
    "result_cannot": "{nhiem_vu}: {ket_qua}{van_ban}.",
    "area_done": "Trong kỳ, đã hoàn thành {so_hoan_thanh} trong tổng số {tong} nhiệm vụ của lĩnh vực.",
    "area_pending": "Có {so_nhiem_vu} nhiệm vụ chưa có kết quả trong kỳ, đang được đôn đốc thực hiện (chi tiết tại phụ lục).",
    "area_empty": "Các nhiệm vụ của lĩnh vực đang được triển khai theo kế hoạch.",
    "target_met": "{chi_tieu}: đạt {ket_qua}, {so_sanh}.",
    "target_not_met": "{chi_tieu}: đạt {ket_qua}, chưa đạt chỉ tiêu {muc_tieu}.",
    "target_yes": "{chi_tieu}: đã hoàn thành.",
    "target_no": "{chi_tieu}: chưa hoàn thành.",
    "target_text": "{chi_tieu}: {ket_qua}.",
    "strength_general": "Công tác cải cách hành chính được Lãnh đạo Sở quan tâm chỉ đạo; {so_nhiem_vu} nhiệm vụ được phân công cụ thể đến {so_don_vi} đơn vị, có thời hạn và sản phẩm rõ ràng.",
    "strength_on_time": "{so_dung_han} nhiệm vụ hoàn thành đúng thời hạn, {so_dang_lam} nhiệm vụ đang được triển khai theo kế hoạch.",
    "strength_targets": "{so_dat}/{so_co_so_lieu} chỉ tiêu có số liệu đạt hoặc vượt kế hoạch.",
    "strength_reporting": "{so_dung_han} đơn vị gửi đủ báo cáo đúng hạn.",
    "weakness_overdue": "Còn {so_qua_han} nhiệm vụ quá hạn chưa hoàn thành: {danh_sach}.",
    "weakness_targets": "{so_chua_dat} chỉ tiêu chưa đạt kế hoạch: {danh_sach}.",
    "weakness_reports": "Một số đơn vị gửi báo cáo trễ hạn hoặc chưa gửi đủ ({danh_sach}).",
    "weakness_returned": "{so_tra_lai} báo cáo nhiệm vụ phải trả lại để bổ sung, hoàn thiện.",
    "weakness_none": "Chưa ghi nhận nhiệm vụ quá hạn hay chỉ tiêu chưa đạt trong kỳ.",
    "cause_objective": "Về {chu_de}: {noi_dung} ({don_vi}).",
    "cause_objective_none": "Các đơn vị chưa nêu khó khăn, vướng mắc khách quan trong kỳ.",
    "cause_subjective": "Một số đơn vị chưa bố trí hợp lý thời gian, nhân lực để hoàn thành nhiệm vụ và báo cáo đúng hạn; việc theo dõi, đôn đốc của đơn vị chủ trì có lúc chưa thường xuyên.",
    "cause_subjective_none": "Chưa ghi nhận nguyên nhân chủ quan đáng kể trong kỳ.",
    "next_intro": "Tiếp tục triển khai đồng bộ các nhiệm vụ cải cách hành chính theo kế hoạch; tập trung vào các nhiệm vụ trọng tâm sau ({ky_toi}):",
    "next_area": "Về {linh_vuc}: {danh_sach}.",
    "next_none": "Duy trì thực hiện thường xuyên các nhiệm vụ định kỳ theo kế hoạch.",
    "proposal": "{noi_dung} ({don_vi}).",
    "proposal_none": "Không có.",
    "closing": "Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính {ky} của {co_quan}./."
}


def upgrade():
    with op.batch_alter_table('report_templates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phrases', sa.Text(), nullable=False, server_default=''))
    templates = sa.table('report_templates', sa.column('phrases', sa.Text()))
    op.execute(templates.update().values(phrases=json.dumps(DEFAULT_PHRASES, ensure_ascii=False)))


def downgrade():
    with op.batch_alter_table('report_templates', schema=None) as batch_op:
        batch_op.drop_column('phrases')

