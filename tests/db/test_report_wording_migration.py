"""Outlines stored before the wording became data get the default wording by migration (issue #24
point 4): a database at the revision before, with the department's outline in it, upgraded."""
import json

from flask_migrate import upgrade
from sqlalchemy import text

from app import create_app
from app.extensions import db
from app.reports.phrases import PHRASES
from tests.conftest import make_config


def test_an_outline_stored_before_gets_the_default_wording(tmp_path):
    app = create_app(make_config(tmp_path, tmp_path / "old.db"))
    app.instance_path = str(tmp_path)
    with app.app_context():
        upgrade(revision="97b1618d54b8")
        db.session.execute(text("INSERT INTO report_templates (plan_id, updated_at, version) "
                                "VALUES (NULL, '2026-01-05 08:00:00', 1)"))
        db.session.commit()
        upgrade()
        stored = json.loads(db.session.scalar(text("SELECT phrases FROM report_templates")))
        assert set(stored) <= set(PHRASES)  # the wording of that revision, every phrase known
        assert stored["closing"] == ("Trên đây là báo cáo kết quả thực hiện công tác cải cách hành chính {ky} của "
                                     "{co_quan}./.")
        db.session.remove()
        db.engine.dispose()


def test_an_outline_with_the_old_section_iii_wording_gets_the_list_a_line_each(tmp_path):
    """Revision 63624e55ac3d: the old default sentences of section III (the whole list in one sentence)
    become the new ones; an outline's own wording is kept, and the downgrade gives the old back."""
    from flask_migrate import downgrade

    app = create_app(make_config(tmp_path, tmp_path / "old.db"))
    app.instance_path = str(tmp_path)
    old = {"weakness_overdue": "Còn {so_qua_han} nhiệm vụ quá hạn chưa hoàn thành: {danh_sach}.",
           "weakness_targets": "{so_chua_dat} chỉ tiêu chưa đạt kế hoạch: {danh_sach}.", "closing": "Hết./."}
    own = {"weakness_overdue": "Chậm {so_qua_han} nhiệm vụ: {danh_sach}.",
           "weakness_targets": "{so_chua_dat} chỉ tiêu chưa đạt kế hoạch: {danh_sach}."}
    with app.app_context():
        upgrade(revision="4b7e2c91d0a5")
        for n, phrases in enumerate((old, own), start=1):
            db.session.execute(text("INSERT INTO report_templates (id, plan_id, updated_at, version, phrases) "
                                    "VALUES (:id, NULL, '2026-01-05 08:00:00', 1, :phrases)"),
                               {"id": n, "phrases": json.dumps(phrases, ensure_ascii=False)})
        db.session.commit()
        upgrade(revision="63624e55ac3d")

        def stored():
            return [json.loads(raw) for raw in db.session.scalars(text("SELECT phrases FROM report_templates "
                                                                      "ORDER BY id"))]

        new = {key: PHRASES[key].text for key in ("weakness_overdue", "weakness_targets")}
        assert stored() == [{**old, **new}, {**own, "weakness_targets": new["weakness_targets"]}]
        downgrade(revision="4b7e2c91d0a5")
        assert stored() == [old, own]
        db.session.remove()
        db.engine.dispose()
