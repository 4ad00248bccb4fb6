"""Outlines stored before the wording became data get the default wording by migration (issue #24
point 4): a database at the revision before, with the department's outline in it, upgraded."""
import json

import pytest
from flask_migrate import downgrade, upgrade
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


OLD_III = {"weakness_overdue": "Còn {so_qua_han} nhiệm vụ quá hạn chưa hoàn thành: {danh_sach}.",
           "weakness_targets": "{so_chua_dat} chỉ tiêu chưa đạt kế hoạch: {danh_sach}.", "closing": "Hết./."}
OWN_III = {"weakness_overdue": "Chậm {so_qua_han} nhiệm vụ: {danh_sach}.",
           "weakness_targets": "{so_chua_dat} chỉ tiêu chưa đạt kế hoạch: {danh_sach}."}
OLD_IV = {"next_area": "Về {linh_vuc}: {danh_sach}.", "closing": "Hết./."}
OWN_IV = {"next_area": "Tập trung {linh_vuc}: {danh_sach}."}


@pytest.mark.parametrize(("before", "revision", "old", "own", "renewed"), [
    # 63624e55ac3d: section III's overdue tasks and missed targets a line each
    ("4b7e2c91d0a5", "63624e55ac3d", OLD_III, OWN_III, ("weakness_overdue", "weakness_targets")),
    # b5d1e7a3c942: section IV's tasks of an area a line each
    ("63624e55ac3d", "b5d1e7a3c942", OLD_IV, OWN_IV, ("next_area",)),
], ids=["section-iii", "section-iv"])
def test_an_outline_with_an_old_default_list_sentence_gets_the_list_a_line_each(tmp_path, before, revision, old,
                                                                                own, renewed):
    """The old default sentences listing a whole list become the new ones (a short sentence, the list a
    line each); an outline's own wording is kept, and the downgrade gives the old back."""
    app = create_app(make_config(tmp_path, tmp_path / "old.db"))
    app.instance_path = str(tmp_path)
    with app.app_context():
        upgrade(revision=before)
        for n, phrases in enumerate((old, own), start=1):
            db.session.execute(text("INSERT INTO report_templates (id, plan_id, updated_at, version, phrases) "
                                    "VALUES (:id, NULL, '2026-01-05 08:00:00', 1, :phrases)"),
                               {"id": n, "phrases": json.dumps(phrases, ensure_ascii=False)})
        db.session.commit()
        upgrade(revision=revision)

        def stored():
            return [json.loads(raw) for raw in db.session.scalars(text("SELECT phrases FROM report_templates "
                                                                      "ORDER BY id"))]

        new = {key: PHRASES[key].text for key in renewed}
        assert stored() == [{**old, **new}, {**own, **{k: v for k, v in new.items() if own.get(k) == old.get(k)}}]
        downgrade(revision=before)
        assert stored() == [old, own]
        db.session.remove()
        db.engine.dispose()
