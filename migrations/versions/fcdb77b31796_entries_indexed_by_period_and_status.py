"""Entries indexed by period and status (replacing the index on the period alone): the periods page counts
each period's entries per state from the index alone

Revision ID: fcdb77b31796
Revises: cd13d3583690
Create Date: 2026-12-04 02:24:21.348661

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'fcdb77b31796'
down_revision = 'cd13d3583690'
branch_labels = None
depends_on = None


# An index alone: no batch (no table copy on SQLite), the same statements on PostgreSQL.
def upgrade():
    op.drop_index('ix_progress_entries_period_id', table_name='progress_entries')
    op.create_index('ix_progress_entries_period_status', 'progress_entries', ['period_id', 'status'], unique=False)


def downgrade():
    op.drop_index('ix_progress_entries_period_status', table_name='progress_entries')
    op.create_index('ix_progress_entries_period_id', 'progress_entries', ['period_id'], unique=False)
