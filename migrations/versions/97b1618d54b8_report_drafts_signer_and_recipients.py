"""Report drafts: who signs (a leadership user) and Nơi nhận, per report

Revision ID: 97b1618d54b8
Revises: 907ef4d47aca
Create Date: 2026-12-03 17:49:26.533054

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '97b1618d54b8'
down_revision = '907ef4d47aca'
branch_labels = None
depends_on = None


def upgrade():
    # The batch copies the table on SQLite: it keeps AUTOINCREMENT (ids never reused) only if told.
    with op.batch_alter_table('report_drafts', schema=None,
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('signer_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('recipients', sa.Text(), nullable=False, server_default=''))
        batch_op.create_foreign_key(batch_op.f('fk_report_drafts_signer_id_users'), 'users', ['signer_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('report_drafts', schema=None,
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_report_drafts_signer_id_users'), type_='foreignkey')
        batch_op.drop_column('recipients')
        batch_op.drop_column('signer_id')

