"""The index self-assessment report's own text: difficulties and proposals, entered by the Office

Revision ID: 37c4d1323da9
Revises: cd13d3583690
Create Date: 2026-12-04 02:31:41.548000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '37c4d1323da9'
down_revision = 'cd13d3583690'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('index_years', schema=None) as batch_op:
        batch_op.add_column(sa.Column('report_difficulties', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('report_proposals', sa.Text(), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('index_years', schema=None) as batch_op:
        batch_op.drop_column('report_proposals')
        batch_op.drop_column('report_difficulties')
