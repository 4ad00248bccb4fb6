"""Entries indexed by period and status (replacing the index on the period alone): the periods page counts
each period's entries per state from the index alone

Revision ID: 4b7e2c91d0a5
Revises: 37c4d1323da9
Create Date: 2026-12-04 03:15:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '4b7e2c91d0a5'
down_revision = '37c4d1323da9'
branch_labels = None
depends_on = None


# An index alone: no batch (no table copy on SQLite), the same statements on PostgreSQL.
def upgrade():
    op.drop_index('ix_progress_entries_period_id', table_name='progress_entries')
    op.create_index('ix_progress_entries_period_status', 'progress_entries', ['period_id', 'status'], unique=False)


def downgrade():
    op.drop_index('ix_progress_entries_period_status', table_name='progress_entries')
    op.create_index('ix_progress_entries_period_id', 'progress_entries', ['period_id'], unique=False)
