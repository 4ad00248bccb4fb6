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
