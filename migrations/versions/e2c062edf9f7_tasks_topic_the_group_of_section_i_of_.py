"""Tasks: topic, the group of section I of the report (issue #24 point 2), stored and editable; the
tasks already stored get the group suggested from their title (the rule of this revision, frozen
here as it was written); outlines still holding the old default "area_pending" phrase get the new
one, which names the annex sheet "Việc chưa có kết quả"

Revision ID: e2c062edf9f7
Revises: 06ce6f8b3201
Create Date: 2026-12-03 21:53:45.166488

"""
import json
import re
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e2c062edf9f7'
down_revision = '06ce6f8b3201'
branch_labels = None
depends_on = None


_SPECIAL = str.maketrans({"đ": "d", "Đ": "d", "ƣ": "u", "Ƣ": "u", "ð": "d", "\x00": None})
_WORDS = [("kiem_tra", ("kiem tra", "thanh tra")),
          ("tuyen_truyen", ("tuyen truyen", "thong tin", "doi thoai")),
          ("khao_sat", ("khao sat", "danh gia", "do luong", "hai long", "chi so"))]
OLD_PENDING = ("Có {so_nhiem_vu} nhiệm vụ chưa có kết quả trong kỳ, đang được đôn đốc thực hiện "
               "(chi tiết tại phụ lục).")
NEW_PENDING = ("Có {so_nhiem_vu} nhiệm vụ chưa có kết quả trong kỳ, đang được đôn đốc thực hiện "
               "(chi tiết tại phụ lục “{phu_luc}”).")


def _fold(text):
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped.casefold()).strip()


def _suggested(title, area_name):
    """A task of the area "Công tác chỉ đạo, điều hành": the group its title names, else chỉ đạo;
    any other area's task: none (app.plans.topics.suggest_topic as of this revision)."""
    area = _fold(area_name)
    if "chi dao" not in area or "dieu hanh" not in area:
        return None
    folded = _fold(title)
    return next((key for key, words in _WORDS if any(w in folded for w in words)), "chi_dao")


def upgrade():
    # The batch copies the table on SQLite when it must: it keeps AUTOINCREMENT (ids never reused) only if told.
    with op.batch_alter_table('tasks', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('topic', sa.String(length=20), nullable=True))

    connection = op.get_bind()
    tasks = sa.table('tasks', sa.column('id', sa.Integer()), sa.column('area_id', sa.Integer()),
                     sa.column('title', sa.Text()), sa.column('topic', sa.String(20)))
    areas = sa.table('areas', sa.column('id', sa.Integer()), sa.column('name', sa.String(300)))
    by_topic = {}
    for task_id, title, area_name in connection.execute(
            sa.select(tasks.c.id, tasks.c.title, areas.c.name).join(areas, areas.c.id == tasks.c.area_id)):
        topic = _suggested(title, area_name)
        if topic is not None:
            by_topic.setdefault(topic, []).append(task_id)
    for topic, ids in by_topic.items():
        for start in range(0, len(ids), 500):
            connection.execute(tasks.update().where(tasks.c.id.in_(ids[start:start + 500])).values(topic=topic))

    templates = sa.table('report_templates', sa.column('id', sa.Integer()), sa.column('phrases', sa.Text()))
    for template_id, raw in connection.execute(sa.select(templates.c.id, templates.c.phrases)):
        try:
            phrases = json.loads(raw or "{}")
        except ValueError:
            continue
        if isinstance(phrases, dict) and phrases.get("area_pending") == OLD_PENDING:
            phrases["area_pending"] = NEW_PENDING
            connection.execute(templates.update().where(templates.c.id == template_id)
                               .values(phrases=json.dumps(phrases, ensure_ascii=False)))


def downgrade():
    with op.batch_alter_table('tasks', schema=None, table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_column('topic')
