"""The full-text index of the search (``q=`` of GET /events, ``eventwire events --search``): FTS5
tables kept by triggers on SQLite, GIN indexes on ``to_tsvector('simple', …)`` on PostgreSQL
(eventwire.store.search), built from the rows already stored.

Self-contained: it creates and drops only its own objects, and reads no column a later revision
adds. A database not upgraded to it can still be read, read-only: its searches scan
(``readers_need_it`` below; eventwire.store.db.readable).

Revision ID: 0004_fulltext
Revises: 0003_mention_coder
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

from eventwire.store.search import create_index, drop_index

revision = '0004_fulltext'
down_revision = '0003_mention_coder'
branch_labels = None
depends_on = None

# a reader of a database without this revision searches with a scan instead
readers_need_it = False


def upgrade() -> None:
    create_index(op.get_bind())


def downgrade() -> None:
    drop_index(op.get_bind())
