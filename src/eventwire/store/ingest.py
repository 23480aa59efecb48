"""Ingest: code documents and store them, one article per transaction, deduplicating events.

An article is known by its URL (when it has one) or by the SHA-256 of its normalised text;
ingesting it again changes nothing. Each article, its mentions, their claims and the events
they found or join are written in ONE transaction, so a killed ingest loses at most the article
in flight and a rerun finishes the rest. Inputs that cannot be read or coded are written to the
``errors`` table and the run goes on.

Two ingests at once: on SQLite one writes while the other waits (``BEGIN IMMEDIATE``). On
PostgreSQL they write side by side: the article row is inserted with ``ON CONFLICT DO NOTHING``
(the unique URL and content hash decide which of two writers stores it), and the dedup of a
group of events (same CAMEO root and dyad) runs under an advisory lock of that group, so two
writers never both found the same event or both update its counts. DOCS: docs/store.md
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sqlalchemy import bindparam, insert, or_, select, union_all, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from eventwire.dedup import (
    WINDOW_DAYS,
    Candidate,
    MentionKey,
    best_match,
    cameo_base,
    cameo_root,
    day_range,
    key_of,
    parse_day,
    widen,
)
from eventwire.model import CodedDocument, Document, Event, Problem
from eventwire.read.jsonl import normalise_text
from eventwire.store.db import Store, StoreError, lock
from eventwire.store.schema import Article, Claim, ErrorRow, EventRow, Mention

if TYPE_CHECKING:
    from eventwire.pipeline import Coder

# codes a stream of Documents lazily, in input order: ``lambda docs: code_on_dask(docs, address)``
CodeFn = Callable[[Iterator[Document]], Iterable[CodedDocument]]


@dataclass
class IngestReport:
    """What one ingest did."""

    articles: int = 0  # new articles stored
    new_events: int = 0
    mentions: int = 0
    skipped: int = 0  # articles already in the database
    errors: int = 0  # inputs that could not be read, coded or stored
    seconds: float = 0.0
    article_ids: list[int] = field(default_factory=list, repr=False)

    def summary(self) -> str:
        return (f"ingested {_count(self.articles, 'article')} ({_count(self.new_events, 'new event')}, "
                f"{_count(self.mentions, 'mention')}); {self.skipped:,} already known; "
                f"{_count(self.errors, 'error')}")


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


# ---- how an article is known -----------------------------------------------------------------


def content_hash(text: str) -> str:
    """SHA-256 of the text with line ends, BOM and runs of white space normalised."""
    return hashlib.sha256(" ".join(normalise_text(text).split()).encode("utf-8")).hexdigest()


def outlet_of(document: Document) -> str | None:
    """The outlet: the document's ``source``, else the host of its URL (``www.`` dropped)."""
    if document.source:
        return document.source
    if document.url:
        host = urlsplit(document.url).hostname
        if host:
            return host.removeprefix("www.")
    return None


def _known(session: Session, url: str | None, digest: str) -> int | None:
    condition = Article.content_hash == digest
    if url:
        condition = or_(condition, Article.url == url)
    return session.scalar(select(Article.id).where(condition).limit(1))


def is_known(store: Store, document: Document) -> bool:
    with store.session() as session:
        return _known(session, document.url, content_hash(document.text)) is not None


# ---- errors ----------------------------------------------------------------------------------


def record_error(store: Store, problem: Problem) -> None:
    """Write ``problem`` to the errors table, once: the same input and reason again adds nothing."""
    with store.write() as session:
        lock(session, ("error", problem.input))
        seen = session.scalar(select(ErrorRow.id).where(ErrorRow.input == problem.input,
                                                        ErrorRow.reason == problem.reason).limit(1))
        if seen is None:
            session.add(ErrorRow(input=problem.input, reason=problem.reason, at=_now()))


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# ---- one article, one transaction ------------------------------------------------------------


@dataclass
class Stored:
    article_id: int
    new_events: int
    mentions: int


def store_article(store: Store, coded: CodedDocument, window: int = WINDOW_DAYS) -> Stored | None:
    """Store one coded article with its mentions, claims and events; None when it is already known."""
    document = coded.document
    digest = content_hash(document.text)
    for attempt in range(RETRIES):
        try:
            with store.write() as session:
                return _store(session, coded, digest, window)
        except IntegrityError:  # another writer stored it, or took a mention id, first
            if is_known(store, document):
                return None
            if attempt == RETRIES - 1:
                raise
        except OperationalError as err:  # PostgreSQL chose this transaction to break a deadlock
            if getattr(err.orig, "sqlstate", None) not in RETRY_STATES or attempt == RETRIES - 1:
                raise
    raise AssertionError("unreachable")


RETRIES = 3  # a mention id taken by a concurrent writer is seen, and avoided, on the next try
RETRY_STATES = {"40P01", "40001"}  # deadlock detected, serialization failure


@dataclass
class _Tally:
    """An event as this article leaves it: what dedup needs, and the counts to write."""

    candidate: Candidate
    new: bool
    row: dict[str, Any]  # the events row (all columns for a new event, the changed ones for an old one)
    mentions: int = 0


def _store(session: Session, coded: CodedDocument, digest: str, window: int) -> Stored | None:
    document = coded.document
    if _known(session, document.url, digest) is not None:
        return None
    published = parse_day(document.date)
    outlet = outlet_of(document)
    values = {"doc_id": document.id, "url": document.url or None, "content_hash": digest, "title": document.title,
              "text": document.text, "outlet": outlet, "published": published, "n_mentions": len(coded.events), "ingested_at": _now()}
    if session.get_bind().dialect.name == "postgresql":
        # a concurrent writer with the same URL or text: wait for it; if it commits, the article is known
        article_id = session.execute(postgresql.insert(Article).values(values).on_conflict_do_nothing()
                                     .returning(Article.id)).scalar_one_or_none()
        if article_id is None:
            return None
    else:  # SQLite: this transaction holds the file, nobody else can have stored it since _known
        article_id = session.execute(insert(Article).values(values).returning(Article.id)).scalar_one()

    keys = [key_of(event, published) for event in coded.events]
    # the groups of events this article may found or join: no other writer touches them until commit
    lock(session, *{("events", k.root, k.source_country, k.target_country) for k in keys})
    stored = _stored_candidates(session, keys, window)
    tallies: dict[str, _Tally] = {}
    mentions: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    for event, key, mention_id in zip(coded.events, keys, _mention_ids(session, coded.events, digest), strict=True):
        pool = {c.id: c for c in stored.get((key.root, key.source_country, key.target_country), ())}
        pool.update((t.candidate.id, t.candidate) for t in tallies.values())
        match = best_match(key, pool.values(), window)
        if match is None:
            tally = tallies[mention_id] = _Tally(Candidate(mention_id, event.cameo, key.source_country,
                                                           key.target_country, key.day, key.day, key.country),
                                                 True, _new_event(mention_id, event))
        else:
            tally = tallies.get(match.id) or tallies.setdefault(match.id, _Tally(match, False, {"id": match.id}))
            if tally.candidate.country is None and key.country is not None:
                tally.row.update(_place(event))
            tally.candidate = widen(tally.candidate, key)
        tally.mentions += 1
        mentions.append(_mention(mention_id, tally.candidate.id, article_id, event, key))
        claimant = event.attribution.text if event.attribution else outlet
        claims.extend({"mention_id": mention_id, "event_id": tally.candidate.id, "value": q.value,
                       "qualifier": q.qualifier, "unit": q.unit, "text": q.text, "claimant": claimant,
                       "outlet": outlet} for q in event.quantities)

    old = [t for t in tallies.values() if not t.new]
    counts = _counts(session, [t.candidate.id for t in old], outlet)
    for tally in tallies.values():
        c = tally.candidate
        tally.row.update(day_first=c.day_first, day_last=c.day_last)
        if tally.new:
            tally.row.update(n_mentions=tally.mentions, n_articles=1, n_sources=1, first_seen=published,
                             last_seen=published)
        else:
            n_mentions, n_articles, n_sources, first_seen, last_seen, outlet_seen = counts[c.id]
            tally.row.update(n_mentions=n_mentions + tally.mentions, n_articles=n_articles + 1,
                             n_sources=n_sources + (0 if outlet_seen else 1),
                             first_seen=_earliest(first_seen, published), last_seen=_latest(last_seen, published))
    new_rows = [t.row for t in tallies.values() if t.new]
    connection = session.connection()  # plain Core executemany: no ORM bookkeeping per row
    if new_rows:
        connection.execute(EventRow.__table__.insert(), new_rows)
    changes: dict[tuple[str, ...], list[dict[str, Any]]] = {}  # one executemany per set of changed columns
    for tally in old:
        row = {k: v for k, v in tally.row.items() if k != "id"}
        changes.setdefault(tuple(sorted(row)), []).append({**row, "event": tally.candidate.id})
    events = EventRow.__table__
    for rows in changes.values():
        connection.execute(update(events).where(events.c.id == bindparam("event")), rows)
    if mentions:
        connection.execute(Mention.__table__.insert(), mentions)
    if claims:
        connection.execute(Claim.__table__.insert(), claims)
    return Stored(article_id, len(new_rows), len(mentions))


def _earliest(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else min(a, b)


def _latest(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else max(a, b)


def _mention_ids(session: Session, events: list[Event], digest: str) -> list[str]:
    """The events' ``event_id`` as mention ids; one already taken (two documents with one id) is
    made unique with the article's hash."""
    wanted = [e.event_id for e in events]
    taken = set(session.scalars(select(Mention.id).where(Mention.id.in_(wanted)))) if wanted else set()
    out: list[str] = []
    for event_id in wanted:
        mention_id = event_id
        if mention_id in taken or mention_id in out:
            mention_id = hashlib.sha256(f"{event_id}:{digest}:{len(out)}".encode()).hexdigest()[:16]
        out.append(mention_id)
    return out


Group = tuple[str, str | None, str | None]  # root, source country, target country


def _stored_candidates(session: Session, keys: list[MentionKey], window: int) -> dict[Group, list[Candidate]]:
    """Stored events that could match the mentions: same root and dyad, ``day_first`` near their days.

    One indexed lookup per root and dyad of the article (ix_events_candidates), over the days of its
    mentions, sent as one UNION ALL statement (one round trip to a database server, not one per
    dyad); :func:`eventwire.dedup.best_match` then applies the rule itself.
    """
    groups: dict[Group, list[MentionKey]] = {}
    for key in keys:
        groups.setdefault((key.root, key.source_country, key.target_country), []).append(key)
    out: dict[Group, list[Candidate]] = {group: [] for group in groups}
    lookups = []
    for (root, source, target), members in groups.items():
        query = select(EventRow.root, EventRow.id, EventRow.cameo, EventRow.source_country, EventRow.target_country,
                       EventRow.day_first, EventRow.day_last, EventRow.location_country).where(
            EventRow.root == root,
            EventRow.source_country.is_(None) if source is None else EventRow.source_country == source,
            EventRow.target_country.is_(None) if target is None else EventRow.target_country == target)
        days = [k.day for k in members if k.day is not None]
        when = []
        if days:
            low, high = day_range(min(days), window), day_range(max(days), window)
            assert low is not None and high is not None
            when.append(EventRow.day_first.between(low[0], high[1]))
        if len(days) < len(members):
            when.append(EventRow.day_first.is_(None))
        lookups.append(query.where(or_(*when)))
    for start in range(0, len(lookups), LOOKUPS_PER_STATEMENT):
        chunk = lookups[start:start + LOOKUPS_PER_STATEMENT]
        for root, *row in session.execute(chunk[0] if len(chunk) == 1 else union_all(*chunk)):
            candidate = Candidate(*row)
            out[(root, candidate.source_country, candidate.target_country)].append(candidate)
    return out


LOOKUPS_PER_STATEMENT = 100  # SQLite allows 500 terms in one compound SELECT


def _counts(session: Session, event_ids: list[str], outlet: str | None) -> dict[str, tuple[Any, ...]]:
    """For each event: mentions, articles, sources, first and last seen, and whether ``outlet`` reported it."""
    if not event_ids:
        return {}
    rows = session.execute(select(EventRow.id, EventRow.n_mentions, EventRow.n_articles, EventRow.n_sources,
                                  EventRow.first_seen, EventRow.last_seen).where(EventRow.id.in_(event_ids)))
    seen: set[str] = set()
    if outlet is not None:  # an article with no known outlet counts as a source of its own
        seen = set(session.scalars(
            select(Mention.event_id).join(Article, Mention.article_id == Article.id)
            .where(Mention.event_id.in_(event_ids), Article.outlet == outlet).distinct()))
    return {row[0]: (*row[1:], row[0] in seen) for row in rows}


def _new_event(event_id: str, event: Event) -> dict[str, Any]:
    return {
        "id": event_id, "cameo": event.cameo, "cameo_name": event.cameo_name, "root": cameo_root(event.cameo),
        "base": cameo_base(event.cameo), "plover_event": event.plover.event, "plover_mode": event.plover.mode,
        "quad_class": event.quad_class, "goldstein": event.goldstein,
        "source_code": event.source.code if event.source else None,
        "source_country": event.source.country if event.source else None,
        "target_code": event.target.code if event.target else None,
        "target_country": event.target.country if event.target else None,
        **_place(event),
    }


def _place(event: Event) -> dict[str, Any]:
    location = event.location
    if location is None:
        return {"location_country": None, "location_name": None, "lat": None, "lon": None}
    return {"location_country": location.country, "location_name": location.name or location.text,
            "lat": location.lat, "lon": location.lon}


def _mention(mention_id: str, event_id: str, article_id: int, event: Event, key: MentionKey) -> dict[str, Any]:
    return {
        "id": mention_id, "event_id": event_id, "article_id": article_id, "sentence": event.sentence,
        "cameo": event.cameo, "evidence_start": event.evidence.start, "evidence_end": event.evidence.end,
        "evidence_text": event.evidence.text, "trigger": event.trigger.text,
        "attribution_text": event.attribution.text if event.attribution else None,
        "attribution_code": event.attribution.code if event.attribution else None,
        "modality": event.modality, "confidence": event.confidence,
        "date_value": event.date.value if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        "day": key.day, "event_json": event.model_dump(mode="json"),
    }


# ---- the run ---------------------------------------------------------------------------------


def ingest(
    store: Store,
    items: Iterable[Document | Problem],
    coder: Coder | CodeFn,
    processes: int = 1,
    *,
    window: int = WINDOW_DAYS,
    on_problem: Callable[[Problem], None] | None = None,
    progress: Any = None,
) -> IngestReport:
    """Code the new documents of ``items`` and store them; Problems go to the errors table.

    Documents already in the store are skipped before coding. ``coder`` is a Coder (run with
    ``processes``) or any callable that codes an iterator of Documents into CodedDocuments in
    input order, like ``lambda docs: code_on_dask(docs, "local")``: the rest is the same.
    ``on_problem`` is called for every input lost (unreadable, uncodable or unstorable);
    ``progress`` is an object with the methods of ``eventwire.cli.NullProgress``.
    """
    report = IngestReport()
    started = time.perf_counter()

    def lost(problem: Problem) -> None:
        report.errors += 1
        record_error(store, problem)
        if on_problem is not None:
            on_problem(problem)

    def fresh() -> Iterator[Document]:
        for item in items:
            if isinstance(item, Problem):
                lost(item)
            elif is_known(store, item):
                report.skipped += 1
            else:
                if progress is not None:
                    progress.read()
                yield item
        if progress is not None:
            progress.done_reading()

    coded_stream = coder(fresh()) if callable(coder) else coder.code_many(fresh(), processes=processes)
    for coded in coded_stream:
        if progress is not None:
            progress.coded()
        if coded.problems:
            for problem in coded.problems:
                lost(problem)
            continue
        try:
            stored = store_article(store, coded, window)
        except OperationalError as err:  # the database itself fails: nothing more can be stored
            reason = str(err.orig if err.orig is not None else err).splitlines()[0]
            raise StoreError(f"cannot write to {store.display}: {reason}",
                             "check the disk and the database; rerun to finish, nothing is stored twice") from None
        except Exception as err:  # noqa: BLE001 - one article's failure must not stop the run
            lost(Problem(input=coded.document.id, reason=f"could not be stored: {type(err).__name__}: {err}"))
            continue
        if stored is None:
            report.skipped += 1
            continue
        report.articles += 1
        report.new_events += stored.new_events
        report.mentions += stored.mentions
        report.article_ids.append(stored.article_id)
    report.seconds = time.perf_counter() - started
    return report
