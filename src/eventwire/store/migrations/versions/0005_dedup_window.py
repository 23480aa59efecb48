"""The dedup lookup reaches events by CAMEO root and time, whatever their dyad.

Dedup compares a mention with the stored events of its root near its date (issue 9: unordered
parties for symmetric roots, unresolved parties, other base codes), and the undated ones first seen
near its article's day; this index serves both lookups, so that the cost of an article stays flat as
the database grows.

Revision ID: 0005_dedup_window
Revises: 0004_fulltext
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = '0005_dedup_window'
down_revision = '0004_fulltext'
branch_labels = None
depends_on = None
# an index only: a reader of an older database (read-only) does without it
readers_need_it = False


def upgrade() -> None:
    op.create_index('ix_events_window', 'events', ['root', 'day_first', 'first_seen'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_events_window', table_name='events')
