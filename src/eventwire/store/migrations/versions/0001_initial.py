"""The first schema: articles, events, mentions, claims, errors (see eventwire.store.schema).

Revision ID: 0001
Revises: none
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('doc_id', sa.String(length=512), nullable=False),
    sa.Column('url', sa.String(length=2048), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('outlet', sa.String(length=512), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('n_mentions', sa.Integer(), nullable=False),
    sa.Column('ingested_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('content_hash'),
    sa.UniqueConstraint('url')
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_articles_outlet'), ['outlet'], unique=False)

    op.create_table('errors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('input', sa.String(length=2048), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('errors', schema=None) as batch_op:
        batch_op.create_index('ix_errors_input', ['input'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('cameo', sa.String(length=8), nullable=False),
    sa.Column('cameo_name', sa.String(length=256), nullable=True),
    sa.Column('root', sa.String(length=2), nullable=False),
    sa.Column('base', sa.String(length=3), nullable=True),
    sa.Column('plover_event', sa.String(length=32), nullable=True),
    sa.Column('plover_mode', sa.String(length=64), nullable=True),
    sa.Column('quad_class', sa.Integer(), nullable=True),
    sa.Column('goldstein', sa.Float(), nullable=True),
    sa.Column('source_code', sa.String(length=64), nullable=True),
    sa.Column('source_country', sa.String(length=8), nullable=True),
    sa.Column('target_code', sa.String(length=64), nullable=True),
    sa.Column('target_country', sa.String(length=8), nullable=True),
    sa.Column('day_first', sa.Date(), nullable=True),
    sa.Column('day_last', sa.Date(), nullable=True),
    sa.Column('first_seen', sa.Date(), nullable=True),
    sa.Column('last_seen', sa.Date(), nullable=True),
    sa.Column('location_country', sa.String(length=8), nullable=True),
    sa.Column('location_name', sa.String(length=256), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('n_mentions', sa.Integer(), nullable=False),
    sa.Column('n_sources', sa.Integer(), nullable=False),
    sa.Column('n_articles', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_candidates', ['root', 'source_country', 'target_country', 'day_first'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_events_plover_event'), ['plover_event'], unique=False)
        batch_op.create_index('ix_events_source_code', ['source_code'], unique=False)
        batch_op.create_index('ix_events_target_code', ['target_code'], unique=False)

    op.create_table('mentions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('sentence', sa.Integer(), nullable=False),
    sa.Column('cameo', sa.String(length=8), nullable=False),
    sa.Column('evidence_start', sa.Integer(), nullable=False),
    sa.Column('evidence_end', sa.Integer(), nullable=False),
    sa.Column('evidence_text', sa.Text(), nullable=False),
    sa.Column('trigger', sa.String(length=512), nullable=False),
    sa.Column('attribution_text', sa.String(length=512), nullable=True),
    sa.Column('attribution_code', sa.String(length=64), nullable=True),
    sa.Column('modality', sa.String(length=16), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('date_value', sa.String(length=16), nullable=True),
    sa.Column('date_precision', sa.String(length=16), nullable=True),
    sa.Column('day', sa.Date(), nullable=True),
    sa.Column('event_json', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentions_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentions_event_id'), ['event_id'], unique=False)

    op.create_table('claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mention_id', sa.String(length=64), nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('qualifier', sa.String(length=16), nullable=False),
    sa.Column('unit', sa.String(length=64), nullable=True),
    sa.Column('text', sa.String(length=512), nullable=False),
    sa.Column('claimant', sa.String(length=512), nullable=True),
    sa.Column('outlet', sa.String(length=512), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], ),
    sa.ForeignKeyConstraint(['mention_id'], ['mentions.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_mention_id'), ['mention_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_mention_id'))
        batch_op.drop_index(batch_op.f('ix_claims_event_id'))

    op.drop_table('claims')
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentions_event_id'))
        batch_op.drop_index(batch_op.f('ix_mentions_article_id'))

    op.drop_table('mentions')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_target_code')
        batch_op.drop_index('ix_events_source_code')
        batch_op.drop_index(batch_op.f('ix_events_plover_event'))
        batch_op.drop_index('ix_events_candidates')

    op.drop_table('events')
    with op.batch_alter_table('errors', schema=None) as batch_op:
        batch_op.drop_index('ix_errors_input')

    op.drop_table('errors')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_outlet'))

    op.drop_table('articles')
