"""The entries' task-and-result index also holds the period: the checks per task read the index alone

Revision ID: 5d3c8e1f2a47
Revises: 141228aba292
Create Date: 2026-12-03 22:20:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5d3c8e1f2a47'
down_revision = '141228aba292'
branch_labels = None
depends_on = None


# An index alone: no batch (no table copy on SQLite), the same statements on PostgreSQL.
def upgrade():
    op.drop_index('ix_progress_entries_task_result', table_name='progress_entries')
    op.create_index('ix_progress_entries_task_result', 'progress_entries',
                    ['task_id', 'status', 'task_status', 'period_id'], unique=False)


def downgrade():
    op.drop_index('ix_progress_entries_task_result', table_name='progress_entries')
    op.create_index('ix_progress_entries_task_result', 'progress_entries', ['task_id', 'status', 'task_status'],
                    unique=False)
