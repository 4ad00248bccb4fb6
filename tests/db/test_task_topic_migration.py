"""Tasks stored before a task's group became a field get the group suggested from their title, by
migration (issue #24 point 2): a database at the revision before, upgraded. Outlines still holding
the old default sentence for the tasks without a result get the new one, naming the annex sheet."""
import json

from flask_migrate import upgrade
from sqlalchemy import text

from app import create_app
from app.extensions import db
from app.reports.phrases import PHRASES
from tests.conftest import make_config

NOW = "'2026-01-05 08:00:00'"
TASKS = [  # (area, title, the group expected)
    (1, "Kiểm tra công tác cải cách hành chính tại các phòng", "kiem_tra"),
    (1, "Đẩy mạnh thông tin, tuyên truyền về cải cách hành chính", "tuyen_truyen"),
    (1, "Khảo sát mức độ hài lòng của tổ chức, cá nhân", "khao_sat"),
    (1, "Ban hành kế hoạch cải cách hành chính năm 2026", "chi_dao"),
    (2, "Kiểm tra việc giải quyết thủ tục hành chính", None),  # another area: no group
]


def test_stored_tasks_get_their_suggested_group_and_outlines_the_new_sentence(tmp_path):
    app = create_app(make_config(tmp_path, tmp_path / "old.db"))
    app.instance_path = str(tmp_path)
    with app.app_context():
        upgrade(revision="06ce6f8b3201")  # the revision before this one
        run = lambda sql: db.session.execute(text(sql))  # noqa: E731
        run(f"INSERT INTO units (id, name, short_name, kind, active, position, created_at, version) "
            f"VALUES (1, 'Văn phòng Sở', 'VP', 'van_phong', 1, 1, {NOW}, 1)")
        run(f"INSERT INTO plans (id, kind, number, title, basis, status, created_at, updated_at, version) "
            f"VALUES (1, 'annual', '639/KH-SCT', 'CCHC năm 2026', '', 'issued', {NOW}, {NOW}, 1)")
        run("INSERT INTO areas (id, plan_id, position, name, version) VALUES "
            "(1, 1, 1, 'Công tác chỉ đạo, điều hành', 1), (2, 1, 2, 'Cải cách thủ tục hành chính', 1)")
        for n, (area, title, _topic) in enumerate(TASKS, start=1):
            run(f"INSERT INTO tasks (id, plan_id, area_id, position, code, title, detail, lead_unit_id, recurring, "
                f"output, search_text, created_at, updated_at, version) "
                f"VALUES ({n}, 1, {area}, {n}, '{n}', '{title}', '', 1, 1, '', '', {NOW}, {NOW}, 1)")
        old = {"area_pending": "Có {so_nhiem_vu} nhiệm vụ chưa có kết quả trong kỳ, đang được đôn đốc thực hiện "
                               "(chi tiết tại phụ lục).", "closing": "Trên đây là báo cáo {ky}./."}
        edited = {"area_pending": "Còn {so_nhiem_vu} nhiệm vụ đang thực hiện."}
        for n, phrases in enumerate((old, edited), start=1):
            run(f"INSERT INTO report_templates (id, plan_id, updated_at, version, phrases) "
                f"VALUES ({n}, {'NULL' if n == 1 else 1}, {NOW}, 1, '{json.dumps(phrases, ensure_ascii=False)}')")
        db.session.commit()
        upgrade()
        topics = dict(db.session.execute(text("SELECT title, topic FROM tasks")).all())
        assert topics == {title: topic for _area, title, topic in TASKS}
        stored = [json.loads(raw) for raw in db.session.scalars(text("SELECT phrases FROM report_templates ORDER BY id"))]
        assert stored[0] == {**old, "area_pending": PHRASES["area_pending"].text}  # the default as it was: the new one
        assert stored[1] == edited  # the Office's own wording kept
        db.session.remove()
        db.engine.dispose()
