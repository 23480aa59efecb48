"""What the service reads and answers: the request bodies and response records of the API.

The OpenAPI schema at ``/openapi.json`` is generated from these models (and checked against the
answers by the API fuzz test).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from eventwire.service.annotations import Annotation

# the store's own records where the API answers them as they are
from eventwire.store.analytics import Edge, Grouping, Interval, Series
from eventwire.store.query import ClaimView, Counts, EventSummary


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str
    database: str = Field(description="the database URL, password hidden")
    read_only: bool
    counts: Counts


@dataclass
class ListedEvent(EventSummary):
    """A row of the events page: the summary, and the words of the report that founded the event."""

    source_text: str | None = None  # the source actor as the text names it ("Russian forces")
    target_text: str | None = None
    evidence: str | None = None  # its sentence


class EventPage(BaseModel):
    total: int = Field(description="events passing the filters, over all pages")
    limit: int
    offset: int
    events: list[ListedEvent]


class Span(BaseModel):
    start: int
    end: int
    text: str


class MentionOut(BaseModel):
    """One article's report of the event."""

    id: str
    article_id: int
    doc_id: str
    url: str | None
    outlet: str | None
    published: str | None
    title: str | None
    sentence: int
    cameo: str
    evidence: Span
    context: Span = Field(description="the evidence with every part of the event around it (the attribution…)")
    trigger: str
    attribution: str | None
    modality: str
    confidence: float
    date: str | None
    annotations: list[Annotation] = Field(description="spans of the event, offsets into the context")
    event: dict[str, Any] = Field(description="the coded Event record (README, 'Output schema')")
    coder_version: str | None = Field(description="the eventwire and spaCy model that coded it (eventwire version); "
                                                  "null for a mention stored before they were kept")
    coder_fingerprint: str | None = Field(description="SHA-256 of the data files and options of that coder "
                                                      "(eventwire version); null as coder_version")


class ClaimRangeOut(BaseModel):
    unit: str
    low: float
    high: float
    low_by: list[str]
    high_by: list[str]
    text: str = Field(description="'troops: 11,000 (per A) – 12,000 (per B)'")
    claims: list[ClaimView]


class EventOut(BaseModel):
    event: EventSummary
    mentions: list[MentionOut]
    claims: list[ClaimRangeOut]


class ArticleMention(BaseModel):
    mention_id: str
    event_id: str
    cameo: str
    cameo_name: str | None
    source_code: str | None
    target_code: str | None
    modality: str
    evidence: Span


class ArticleOut(BaseModel):
    id: int
    doc_id: str
    url: str | None
    title: str | None
    outlet: str | None
    published: str | None
    text: str | None = Field(description="null for articles stored before texts were kept")
    mentions: list[ArticleMention]
    annotations: list[Annotation]


class ActorOut(BaseModel):
    code: str
    label: str
    events: int
    as_source: int
    as_target: int


class ActorList(BaseModel):
    actors: list[ActorOut]


class Timeseries(BaseModel):
    interval: Interval
    by: Grouping
    series: list[Series] = Field(description="per period (its first day): count and mean Goldstein value")


class NodeOut(BaseModel):
    id: str
    label: str
    events: int


class Network(BaseModel):
    nodes: list[NodeOut]
    edges: list[Edge]


# ---- writing ----------------------------------------------------------------------------------


def _unicode(value: str | None) -> str | None:
    """JSON lets a string hold half of a UTF-16 pair ("\\ud800"); no text can be stored with one."""
    if value is not None:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as err:
            raise ValueError(f"not valid Unicode: a lone surrogate at character {err.start}") from None
    return value


def _iso_day(value: Any) -> Any:
    """Only YYYY-MM-DD: pydantic alone would also read a number ("0.0", 1700000000) as a Unix time."""
    if isinstance(value, str) and not ISO_DAY.fullmatch(value):
        raise ValueError("a day must be written YYYY-MM-DD")
    if not isinstance(value, str | dt.date) or isinstance(value, dt.datetime):
        raise ValueError("a day must be written YYYY-MM-DD")
    return value


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# a calendar day, written as one (query parameters and bodies alike)
Day = Annotated[dt.date, BeforeValidator(_iso_day)]

MAX_BATCH = 10_000  # the schema's bound; the service's own limit (--max-articles) is lower, with 413


class ArticleIn(BaseModel):
    """One article to code: its text, and what is known of it."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="the article's plain text")
    date: Day | None = Field(None, description="publication date, YYYY-MM-DD; resolves 'on Sunday', 'last week'")
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=2048)
    source: str | None = Field(None, max_length=512, description="the outlet")
    id: str | None = Field(None, max_length=512, description="your id of the article; default: its URL or a hash")

    @field_validator("text", "title", "url", "source", "id")
    @classmethod
    def _valid_unicode(cls, value: str | None) -> str | None:
        return _unicode(value)


class ArticleBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_BATCH)


class CodedOut(BaseModel):
    id: str
    article_id: int | None = Field(description="the stored article (null when not stored)")
    status: Literal["stored", "known", "coded", "error"] = Field(
        description="stored: new in the database; known: already there; coded: not stored (?store=false); "
                    "error: could not be coded or stored")
    error: str | None
    text: str
    events: list[dict[str, Any]] = Field(description="the coded Event records (README, 'Output schema')")
    annotations: list[Annotation]


class CodedBatch(BaseModel):
    articles: list[CodedOut]
