"""Mentions (and articles) keep which coder coded them: its version and its fingerprint.

``eventwire recode`` recodes the articles whose stamp is not the installed coder's. Rows stored
before this revision keep NULL (unknown), so their articles are recoded by the first recode.

Revision ID: 0003_mention_coder
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003_mention_coder'
down_revision = '0002'
branch_labels = None
depends_on = None

TABLES = ('articles', 'mentions')


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('coder_version', sa.String(length=128), nullable=True))
            batch_op.add_column(sa.Column('coder_fingerprint', sa.String(length=64), nullable=True))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN in place (SQLite 3.35+), never a copy of the table: the copy of
    # ``articles`` would be dropped under the mentions that refer to it (foreign keys are on)
    for table in TABLES:
        with op.batch_alter_table(table, schema=None, recreate='never') as batch_op:
            batch_op.drop_column('coder_fingerprint')
            batch_op.drop_column('coder_version')
