"""The event database: articles, deduplicated events, their mentions and claims, and errors.

SQLAlchemy 2 declarative models; the same schema on SQLite (the default) and any other
SQLAlchemy database. The Alembic revisions in ``migrations/`` create exactly these tables
(a test compares them). DOCS: docs/store.md
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Article(Base):
    """One ingested article: known by its URL (when it has one) or by the hash of its text."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_id: Mapped[str] = mapped_column(String(512))
    url: Mapped[str | None] = mapped_column(String(2048), unique=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    # the coded text, so that a mention's offsets can be shown in it (the service's article view)
    text: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(512), index=True)
    published: Mapped[date | None] = mapped_column(Date)
    n_mentions: Mapped[int] = mapped_column(Integer, default=0)
    ingested_at: Mapped[datetime] = mapped_column(DateTime)
    # the coder of its mentions (eventwire.model.CoderStamp), kept on the article too so that an
    # article that gave no mention is known as coded (eventwire recode); NULL: stored before 0003
    coder_version: Mapped[str | None] = mapped_column(String(128))
    coder_fingerprint: Mapped[str | None] = mapped_column(String(64))

    mentions: Mapped[list[Mention]] = relationship(back_populates="article")


class EventRow(Base):
    """One real-world event, the union of its mentions (GDELT's Events table).

    ``id`` is the id of its lead mention (eventwire.store.regroup.lead). ``day_first``/``day_last`` span
    the dates the mentions give for the event (resolved in the text, else the article's date);
    ``first_seen``/``last_seen`` span the publication dates of the articles reporting it.
    """

    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    cameo: Mapped[str] = mapped_column(String(8))
    cameo_name: Mapped[str | None] = mapped_column(String(256))
    root: Mapped[str] = mapped_column(String(2))
    base: Mapped[str | None] = mapped_column(String(3))
    plover_event: Mapped[str | None] = mapped_column(String(32), index=True)
    plover_mode: Mapped[str | None] = mapped_column(String(64))
    quad_class: Mapped[int | None] = mapped_column(Integer)
    goldstein: Mapped[float | None] = mapped_column(Float)
    source_code: Mapped[str | None] = mapped_column(String(64))
    source_country: Mapped[str | None] = mapped_column(String(8))
    target_code: Mapped[str | None] = mapped_column(String(64))
    target_country: Mapped[str | None] = mapped_column(String(8))
    day_first: Mapped[date | None] = mapped_column(Date)
    day_last: Mapped[date | None] = mapped_column(Date)
    first_seen: Mapped[date | None] = mapped_column(Date)
    last_seen: Mapped[date | None] = mapped_column(Date)
    location_country: Mapped[str | None] = mapped_column(String(8))
    location_name: Mapped[str | None] = mapped_column(String(256))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    n_mentions: Mapped[int] = mapped_column(Integer, default=0)
    n_sources: Mapped[int] = mapped_column(Integer, default=0)
    n_articles: Mapped[int] = mapped_column(Integer, default=0)

    mentions: Mapped[list[Mention]] = relationship(
        back_populates="event", order_by=lambda: [Mention.article_id, Mention.evidence_start])

    __table_args__ = (
        # the dedup candidate lookup: same root and dyad, a day near the mention's
        Index("ix_events_candidates", "root", "source_country", "target_country", "day_first"),
        # the dedup window: events of a root near a day, and the undated ones first seen near it
        Index("ix_events_window", "root", "day_first", "first_seen"),
        Index("ix_events_source_code", "source_code"),
        Index("ix_events_target_code", "target_code"),
    )


class Mention(Base):
    """One coded Event of one article (GDELT's Mentions table); ``id`` is the Event's ``event_id``."""

    __tablename__ = "mentions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    sentence: Mapped[int] = mapped_column(Integer)
    cameo: Mapped[str] = mapped_column(String(8))
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    evidence_text: Mapped[str] = mapped_column(Text)
    trigger: Mapped[str] = mapped_column(String(512))
    attribution_text: Mapped[str | None] = mapped_column(String(512))
    attribution_code: Mapped[str | None] = mapped_column(String(64))
    modality: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[float] = mapped_column(Float)
    date_value: Mapped[str | None] = mapped_column(String(16))
    date_precision: Mapped[str | None] = mapped_column(String(16))
    day: Mapped[date | None] = mapped_column(Date)  # the day used for dedup
    event_json: Mapped[dict] = mapped_column(JSON)
    # which coder coded it (eventwire.model.CoderStamp); NULL: stored before revision 0003
    coder_version: Mapped[str | None] = mapped_column(String(128))
    coder_fingerprint: Mapped[str | None] = mapped_column(String(64))

    event: Mapped[EventRow] = relationship(back_populates="mentions")
    article: Mapped[Article] = relationship(back_populates="mentions")
    claims: Mapped[list[Claim]] = relationship(back_populates="mention", order_by="Claim.id")


class Claim(Base):
    """A quantity a mention reports (11,000 troops), with who claims it."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mention_id: Mapped[str] = mapped_column(ForeignKey("mentions.id"), index=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"), index=True)
    value: Mapped[float] = mapped_column(Float)
    qualifier: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(String(512))
    claimant: Mapped[str | None] = mapped_column(String(512))  # attribution text, else the outlet
    outlet: Mapped[str | None] = mapped_column(String(512))

    mention: Mapped[Mention] = relationship(back_populates="claims")


class ErrorRow(Base):
    """An input that could not be read or coded, with its one-line reason."""

    __tablename__ = "errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    input: Mapped[str] = mapped_column(String(2048))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_errors_input", "input"),)
