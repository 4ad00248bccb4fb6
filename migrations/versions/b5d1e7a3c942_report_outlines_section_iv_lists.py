"""Report outlines still holding the old default wording of section IV's tasks of an area for the
next period (one sentence listing them all) get the new one: the area alone, the tasks a line each
below it (app.reports.wording); an outline's own wording is left as the Office wrote it. Data only.

Revision ID: b5d1e7a3c942
Revises: 63624e55ac3d
Create Date: 2026-12-04 12:30:00

"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5d1e7a3c942'
down_revision = '63624e55ac3d'
branch_labels = None
depends_on = None

# The phrases of this revision, frozen here as they were written: (before, after).
PHRASES = {
    "next_area": ("Về {linh_vuc}: {danh_sach}.", "Về {linh_vuc}:"),
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
