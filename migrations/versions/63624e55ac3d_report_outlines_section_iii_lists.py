"""Report outlines still holding the old default wording of section III's overdue tasks and missed
targets (one sentence listing them all) get the new one: a short sentence, the list a line each below
it (app.reports.wording); an outline's own wording is left as the Office wrote it. Data only.

Revision ID: 63624e55ac3d
Revises: 4b7e2c91d0a5
Create Date: 2026-12-04 12:00:00

"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '63624e55ac3d'
down_revision = '4b7e2c91d0a5'
branch_labels = None
depends_on = None

# The phrases of this revision, frozen here as they were written: (before, after).
PHRASES = {
    "weakness_overdue": ("Còn {so_qua_han} nhiệm vụ quá hạn chưa hoàn thành: {danh_sach}.",
                         "Còn {so_qua_han} nhiệm vụ quá hạn chưa hoàn thành, gồm:"),
    "weakness_targets": ("{so_chua_dat} chỉ tiêu chưa đạt kế hoạch: {danh_sach}.",
                         "{so_chua_dat} chỉ tiêu chưa đạt kế hoạch, gồm:"),
}


def _rewrite(old_index: int, new_index: int) -> None:
    connection = op.get_bind()
    templates = sa.table('report_templates', sa.column('id', sa.Integer()), sa.column('phrases', sa.Text()))
    for template_id, raw in connection.execute(sa.select(templates.c.id, templates.c.phrases)):
        try:
            phrases = json.loads(raw or "{}")
        except ValueError:
            continue
        if not isinstance(phrases, dict):
            continue
        changed = False
        for key, texts in PHRASES.items():
            if phrases.get(key) == texts[old_index]:
                phrases[key], changed = texts[new_index], True
        if changed:
            connection.execute(templates.update().where(templates.c.id == template_id)
                               .values(phrases=json.dumps(phrases, ensure_ascii=False)))


def upgrade():
    _rewrite(0, 1)


def downgrade():
    _rewrite(1, 0)
