"""Reading the event database: deduplicated events with filters, one event in detail, writers.

``list_events(store, ...)`` is what ``eventwire events`` prints; ``event_detail(store, id)`` gives
an event with its mentions and the claims of every source, grouped by unit with their range
(troops: 11,000 (per A) – 12,000 (per B)). DOCS: docs/store.md
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal, TextIO, get_args

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from eventwire.countries import country_code
from eventwire.export.cells import safe_row
from eventwire.store.db import Store
from eventwire.store.schema import Article, Claim, ErrorRow, EventRow, Mention
from eventwire.store.search import TextMatch

# the same thing counted under another word: claims about it share one range
UNIT_ALIASES = {"soldiers": "troops", "soldier": "troops", "troop": "troops", "servicemen": "troops",
                "dead": "killed", "deaths": "killed", "fatalities": "killed", "casualties": "casualties"}
LIST_FORMATS = ("table", "csv", "jsonl")


def unit_key(unit: str | None) -> str:
    if not unit:
        return "(no unit)"
    unit = unit.lower()
    return UNIT_ALIASES.get(unit, unit)


@dataclass
class ClaimView:
    value: float
    qualifier: str
    unit: str | None
    text: str
    claimant: str | None
    outlet: str | None
    mention_id: str


@dataclass
class ClaimRange:
    """All claims about one unit of an event, and their range."""

    unit: str
    low: float
    high: float
    low_by: list[str]
    high_by: list[str]
    claims: list[ClaimView] = field(default_factory=list)

    def text(self) -> str:
        low = _with_sources(self.low, self.low_by)
        if self.low == self.high:
            return f"{self.unit}: {low}"
        return f"{self.unit}: {low} – {_with_sources(self.high, self.high_by)}"

    def short(self) -> str:
        if self.low == self.high:
            return f"{self.unit} {_grouped(self.low)}"
        return f"{self.unit} {_grouped(self.low)}–{_grouped(self.high)}"


def _with_sources(value: float, by: list[str]) -> str:
    return f"{_grouped(value)} (per {', '.join(by)})" if by else _grouped(value)


def _grouped(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def claim_ranges(claims: Iterable[ClaimView]) -> list[ClaimRange]:
    """Claims grouped by unit (aliases merged), each group with its lowest and highest value and who says so."""
    groups: dict[str, list[ClaimView]] = defaultdict(list)
    for claim in claims:
        groups[unit_key(claim.unit)].append(claim)
    out = []
    for unit, items in sorted(groups.items()):
        low = min(c.value for c in items)
        high = max(c.value for c in items)
        out.append(ClaimRange(
            unit=unit, low=low, high=high,
            low_by=_unique(c.claimant or c.outlet or "unknown" for c in items if c.value == low),
            high_by=_unique(c.claimant or c.outlet or "unknown" for c in items if c.value == high),
            claims=items))
    return out


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


# ---- listing ---------------------------------------------------------------------------------


@dataclass
class EventSummary:
    """One row of ``eventwire events``."""

    id: str
    cameo: str
    cameo_name: str | None
    plover_event: str | None
    plover_mode: str | None
    quad_class: int | None
    goldstein: float | None
    source_code: str | None
    source_country: str | None
    target_code: str | None
    target_country: str | None
    date_first: date | None
    date_last: date | None
    first_seen: date | None
    last_seen: date | None
    location_country: str | None
    location_name: str | None
    lat: float | None
    lon: float | None
    n_mentions: int
    n_sources: int
    n_articles: int
    claims: str = ""  # "killed 12–15; troops 11,000–12,000"

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("date_first", "date_last", "first_seen", "last_seen"):
            out[key] = out[key].isoformat() if out[key] else None
        return out


def _actor(code: str, code_column: Any, country_column: Any) -> Any:
    """An actor filter: the country (PRK) or a code prefix (PRKMIL, RUSGOV)."""
    code = code.strip().upper()
    return or_(country_column == code, code_column.startswith(code, autoescape=True))


def _contains(column: Any, words: str) -> Any:
    """A case-insensitive substring test, the same on SQLite and PostgreSQL."""
    return func.lower(column).contains(words.strip().lower(), autoescape=True)


@dataclass(frozen=True)
class EventFilter:
    """Which stored events to list: every filter given must hold (AND).

    ``actor`` and the two sides of ``dyad`` are a country (PRK) or a code prefix (RUSGOV); ``code``
    is a CAMEO code prefix (07, 190), ``root`` a CAMEO root (14); ``since``/``until`` bound the
    event's days; ``place`` is a country code, a country's name or words of the place name. The mention filters hold
    when at least one mention of the event passes: ``outlet`` (words of its article's outlet),
    ``attribution`` (words or code of who the text says claimed it; ``none`` for unattributed),
    ``modality`` (asserted, intended, expected, hypothetical, negated) and ``text`` (every word starts
    a word of its evidence sentence, or every word one of its article's title, in any case: a
    full-text search, :mod:`eventwire.store.search`; a text of no word finds nothing).
    """

    actor: str | None = None
    dyad: tuple[str, str] | None = None
    code: str | None = None
    root: str | None = None
    plover: str | None = None
    quad: int | None = None
    since: date | None = None
    until: date | None = None
    place: str | None = None
    outlet: str | None = None
    attribution: str | None = None
    modality: str | None = None
    text: str | None = None

    def conditions(self) -> list[Any]:
        return [*self._event_conditions(), *self._mention_conditions()]

    def _event_conditions(self) -> Iterator[Any]:
        if self.actor:
            yield or_(_actor(self.actor, EventRow.source_code, EventRow.source_country),
                      _actor(self.actor, EventRow.target_code, EventRow.target_country))
        if self.dyad:
            yield and_(_actor(self.dyad[0], EventRow.source_code, EventRow.source_country),
                       _actor(self.dyad[1], EventRow.target_code, EventRow.target_country))
        if self.code:
            yield EventRow.cameo.startswith(self.code.strip(), autoescape=True)
        if self.root:
            yield EventRow.root == self.root.strip().zfill(2)
        if self.plover:
            yield func.upper(EventRow.plover_event) == self.plover.strip().upper()
        if self.quad is not None:
            yield EventRow.quad_class == self.quad
        if self.since:
            yield func.coalesce(EventRow.day_last, EventRow.last_seen) >= self.since
        if self.until:
            yield func.coalesce(EventRow.day_first, EventRow.first_seen) <= self.until
        if self.place:  # a code (KEN), a country's name (Kenya), or words of a place name (Nairobi)
            codes = {self.place.strip().upper(), country_code(self.place) or ""} - {""}
            yield or_(EventRow.location_country.in_(sorted(codes)), _contains(EventRow.location_name, self.place))

    def _mention_conditions(self) -> Iterator[Any]:
        found: list[Any] = []
        if self.outlet:
            found.append(_contains(Article.outlet, self.outlet))
        if self.attribution and self.attribution.strip().lower() == "none":
            found.append(Mention.attribution_text.is_(None))
        elif self.attribution:
            found.append(or_(_contains(Mention.attribution_text, self.attribution),
                             Mention.attribution_code.startswith(self.attribution.strip().upper(), autoescape=True)))
        if self.modality:
            found.append(Mention.modality == self.modality.strip().lower())
        if self.text and self.text.strip():  # words of the evidence or title: eventwire.store.search
            found.append(TextMatch(self.text))
        if found:
            # one mention must pass them all: "a report by outlet X that is attributed to Y"
            # one pass over the mentions, not one lookup per event: an IN list the databases build once
            mentions = select(Mention.event_id).where(*found)
            if self.outlet:  # the one filter on the article (a search reads its titles apart): a join per mention
                mentions = mentions.join(Article, Mention.article_id == Article.id)
            yield EventRow.id.in_(mentions)


def as_filter(filters: EventFilter | None, given: dict[str, Any]) -> EventFilter:
    """The EventFilter a caller gave, or the one its keyword filters make (never both)."""
    if filters is not None and given:
        raise TypeError("give an EventFilter or keyword filters, not both")
    return filters or EventFilter(**given)


Order = Literal["oldest", "newest", "most_reported"]
ORDERS: tuple[str, ...] = get_args(Order)


def events_query(filters: EventFilter | None = None, order: Order = "oldest", **given: Any) -> Select:
    """The stored events that pass ``filters`` (or keyword filters, the fields of EventFilter), oldest
    first; ``order="newest"`` newest first, ``"most_reported"`` by number of mentions, then newest.
    Events without a day come last."""
    query = select(EventRow).where(*as_filter(filters, given).conditions())
    when = func.coalesce(EventRow.day_first, EventRow.first_seen)
    if order == "oldest":
        return query.order_by(when.is_(None), when, EventRow.id)
    if order == "newest":
        return query.order_by(when.is_(None), when.desc(), EventRow.id)
    if order == "most_reported":
        return query.order_by(EventRow.n_mentions.desc(), when.is_(None), when.desc(), EventRow.id)
    raise ValueError(f"unknown order {order!r}; choose one of {', '.join(ORDERS)}")


def count_events(store: Store, filters: EventFilter | None = None, **given: Any) -> int:
    """How many stored events pass the filters."""
    query = select(func.count()).select_from(EventRow).where(*as_filter(filters, given).conditions())
    with store.session() as session:
        return session.scalar(query) or 0


def list_events(store: Store, filters: EventFilter | None = None, *, limit: int | None = None, offset: int = 0,
                order: Order = "oldest", **given: Any) -> list[EventSummary]:
    """Deduplicated events, oldest first (or in another ``order`` of :data:`ORDERS`), with their
    claim ranges; the filters of ``eventwire events`` (an EventFilter, or its fields as keywords),
    a page of ``limit`` events from ``offset``."""
    query = events_query(as_filter(filters, given), order)
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    with store.session() as session:
        rows = list(session.scalars(query))
        claims = _claims_of(session, [r.id for r in rows])
    return [_summary(row, claims.get(row.id, [])) for row in rows]


def iter_events(store: Store, filters: EventFilter | None = None, *, order: Order = "oldest", batch: int = 1000,
                **given: Any) -> Iterator[EventSummary]:
    """:func:`list_events` as a stream: the rows come from one cursor ``batch`` at a time (a
    server-side cursor on PostgreSQL), so memory stays flat however many events pass the filters
    (what the service's downloads send). The session is held until the iterator ends or is closed."""
    query = events_query(as_filter(filters, given), order).execution_options(yield_per=batch)
    with store.session() as session:
        for rows in session.scalars(query).partitions():
            claims = _claims_of(session, [r.id for r in rows])
            yield from (_summary(row, claims.get(row.id, [])) for row in rows)


def _claims_of(session: Session, event_ids: Sequence[str]) -> dict[str, list[ClaimView]]:
    out: dict[str, list[ClaimView]] = defaultdict(list)
    for start in range(0, len(event_ids), 500):
        chunk = event_ids[start:start + 500]
        for claim in session.scalars(select(Claim).where(Claim.event_id.in_(chunk)).order_by(Claim.id)):
            out[claim.event_id].append(_claim_view(claim))
    return out


def _claim_view(claim: Claim) -> ClaimView:
    return ClaimView(claim.value, claim.qualifier, claim.unit, claim.text, claim.claimant, claim.outlet,
                     claim.mention_id)


def _summary(row: EventRow, claims: list[ClaimView]) -> EventSummary:
    return EventSummary(
        id=row.id, cameo=row.cameo, cameo_name=row.cameo_name, plover_event=row.plover_event,
        plover_mode=row.plover_mode, quad_class=row.quad_class, goldstein=row.goldstein,
        source_code=row.source_code, source_country=row.source_country, target_code=row.target_code,
        target_country=row.target_country, date_first=row.day_first, date_last=row.day_last,
        first_seen=row.first_seen, last_seen=row.last_seen, location_country=row.location_country,
        location_name=row.location_name, lat=row.lat, lon=row.lon, n_mentions=row.n_mentions,
        n_sources=row.n_sources, n_articles=row.n_articles,
        claims="; ".join(r.short() for r in claim_ranges(claims)))


@dataclass
class FirstReport:
    """The words of an event's lead report (the mention whose id is the event's): its actors as the
    text names them, its sentence."""

    source_text: str | None
    target_text: str | None
    evidence: str


def first_reports(store: Store, event_ids: Sequence[str]) -> dict[str, FirstReport]:
    """event id → the words of its lead mention (whose id is the event's), for a page of events:
    what lets a reader of a list spot a wrong event without opening it."""
    out: dict[str, FirstReport] = {}
    with store.session() as session:
        for start in range(0, len(event_ids), 500):
            chunk = list(event_ids[start:start + 500])
            query = select(Mention.id, Mention.evidence_text, Mention.event_json).where(Mention.id.in_(chunk))
            for mention_id, evidence, coded in session.execute(query):
                out[mention_id] = FirstReport(_actor_text(coded, "source"), _actor_text(coded, "target"), evidence)
    return out


def _actor_text(coded: dict[str, Any] | None, role: str) -> str | None:
    actor = (coded or {}).get(role) or {}
    return actor.get("text") or None


# ---- one event in detail ---------------------------------------------------------------------


@dataclass
class MentionView:
    id: str
    article_id: int
    doc_id: str
    url: str | None
    outlet: str | None
    published: date | None
    sentence: int
    cameo: str
    evidence: str
    evidence_start: int
    evidence_end: int
    trigger: str
    attribution: str | None
    modality: str
    confidence: float
    date_value: str | None
    event: dict[str, Any]
    title: str | None = None
    coder_version: str | None = None
    coder_fingerprint: str | None = None


@dataclass
class EventDetail:
    event: EventSummary
    mentions: list[MentionView]
    claims: list[ClaimRange]

    def ranges(self) -> dict[str, str]:
        """unit → ``troops: 11,000 (per A) – 12,000 (per B)``."""
        return {r.unit: r.text() for r in self.claims}


def event_detail(store: Store, event_id: str) -> EventDetail | None:
    """An event with its mentions (article, offsets, attribution, confidence) and its claims by unit."""
    with store.session() as session:
        row = session.get(EventRow, event_id)
        if row is None:
            return None
        return _details(session, [row])[0]


def iter_details(store: Store, filters: EventFilter | None = None, *, limit: int | None = None, batch: int = 500,
                 order: Order = "oldest", **given: Any) -> Iterator[EventDetail]:
    """``event_detail`` of every event :func:`list_events` lists (same filters, same order), read
    ``batch`` events at a time so that memory stays flat; what the exports of the store write."""
    query = events_query(as_filter(filters, given), order).with_only_columns(EventRow.id)
    if limit is not None:
        query = query.limit(limit)
    with store.session() as session:
        ids = list(session.scalars(query))
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        with store.session() as session:
            rows = {r.id: r for r in session.scalars(select(EventRow).where(EventRow.id.in_(chunk)))}
            yield from _details(session, [rows[i] for i in chunk if i in rows])


def _details(session: Session, rows: Sequence[EventRow]) -> list[EventDetail]:
    ids = [r.id for r in rows]
    claims = _claims_of(session, ids)
    mentions: dict[str, list[MentionView]] = defaultdict(list)
    for m, a in session.execute(select(Mention, Article).join(Article, Mention.article_id == Article.id)
                                .where(Mention.event_id.in_(ids))
                                .order_by(Mention.event_id, Mention.article_id, Mention.evidence_start)):
        mentions[m.event_id].append(MentionView(
            m.id, a.id, a.doc_id, a.url, a.outlet, a.published, m.sentence, m.cameo, m.evidence_text,
            m.evidence_start, m.evidence_end, m.trigger, m.attribution_text, m.modality, m.confidence,
            m.date_value, m.event_json, a.title, m.coder_version, m.coder_fingerprint))
    return [EventDetail(_summary(row, claims.get(row.id, [])), mentions.get(row.id, []),
                        claim_ranges(claims.get(row.id, []))) for row in rows]


@dataclass
class Counts:
    articles: int
    events: int
    mentions: int
    claims: int
    errors: int


def counts(store: Store) -> Counts:
    with store.session() as session:
        def n(model: Any) -> int:
            return session.scalar(select(func.count()).select_from(model)) or 0

        return Counts(n(Article), n(EventRow), n(Mention), n(Claim), n(ErrorRow))


def errors(store: Store) -> list[tuple[str, str]]:
    with store.session() as session:
        return [(e.input, e.reason) for e in session.scalars(select(ErrorRow).order_by(ErrorRow.id))]


# ---- writers ---------------------------------------------------------------------------------

COLUMNS = list(EventSummary.__dataclass_fields__)


def write_jsonl(events: Iterable[EventSummary], out: TextIO) -> None:
    for event in events:
        out.write(json.dumps(event.as_dict(), ensure_ascii=False) + "\n")


def write_csv(events: Iterable[EventSummary], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for event in events:
        writer.writerow(safe_row({k: "" if v is None else v for k, v in event.as_dict().items()}))


def _actor_cell(code: str | None) -> str:
    return code or ""


def write_table(events: Sequence[EventSummary], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(caption=f"{len(events):,} event{'' if len(events) == 1 else 's'}")
    for name in ("event", "dates", "CAMEO", "PLOVER", "source", "target", "place", "mentions", "sources",
                 "articles", "seen", "claims"):
        table.add_column(name)
    for e in events:
        dates = _span(e.date_first, e.date_last)
        seen = _span(e.first_seen, e.last_seen)
        table.add_row(e.id, dates, f"{e.cameo} {e.cameo_name or ''}".strip(), e.plover_event or "",
                      _actor_cell(e.source_code), _actor_cell(e.target_code),
                      e.location_name or e.location_country or "", str(e.n_mentions), str(e.n_sources),
                      str(e.n_articles), seen, e.claims)
    Console(file=out, width=None if out.isatty() else 200).print(table)


def _span(first: date | None, last: date | None) -> str:
    if first is None:
        return ""
    return first.isoformat() if last in (None, first) else f"{first.isoformat()} – {last.isoformat()}"


def write_list(events: Sequence[EventSummary], fmt: str, out: TextIO) -> None:
    writers = {"table": write_table, "csv": write_csv, "jsonl": write_jsonl}
    try:
        writer = writers[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(LIST_FORMATS)}") from None
    writer(events, out)
