"""The dedup lookup reaches events by CAMEO root and time, whatever their dyad.

Dedup compares a mention with the stored events of its root near its date (issue 9: unordered
parties for symmetric roots, unresolved parties, other base codes), and the undated ones first seen
near its article's day; this index serves both lookups, so that the cost of an article stays flat as
the database grows.

Revision ID: 0003_dedup_identity
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = '0003_dedup_identity'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_events_window', 'events', ['root', 'day_first', 'first_seen'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_events_window', table_name='events')
