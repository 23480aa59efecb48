"""Ingest: code documents and store them, one article per transaction, deduplicating events.

An article is known by its URL (when it has one) or by the SHA-256 of its normalised text;
ingesting it again changes nothing. Each article, its mentions, their claims and the events
they found or join are written in ONE transaction, so a killed ingest loses at most the article
in flight and a rerun finishes the rest. Inputs that cannot be read or coded are written to the
``errors`` table and the run goes on.

How mentions join events is :mod:`eventwire.store.regroup`: the mentions of the stored events
near the article's (same CAMEO root, near in time) come in one indexed query, and the component
the article's mentions touch is clustered again (:func:`eventwire.dedup.cluster`), so the input
order does not matter.

Storing costs little next to coding: the article row is inserted with ``ON CONFLICT DO NOTHING``
(the unique URL and content hash say whether it is known, in the same statement), the window
comes in one query, the statements are built once, the rows go in one executemany per table (on
psycopg 3 in one pipeline), and an ingest holds its connections. With a Coder on one process, a
thread of its own stores each article while the next one is coded (:class:`_Writer`).

Two ingests at once: on SQLite one writes while the other waits (``BEGIN IMMEDIATE``). On
PostgreSQL they write side by side: the unique URL and content hash decide which of two writers
stores an article (the second waits for the first and, once it commits, finds the article known),
and the regrouping runs under advisory locks of the CAMEO roots and ISO weeks its window reads, so
two writers whose windows meet take turns and never both found one event or overwrite each
other's counts. DOCS: docs/store.md
"""

from __future__ import annotations

import hashlib
import json
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, bindparam, insert, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from eventwire.dedup import WINDOW_DAYS, Identity, default_identity, key_of, parse_day
from eventwire.model import CodedDocument, CoderStamp, Document, Event, Problem
from eventwire.read.jsonl import normalise_text
from eventwire.store.db import JSONText, Store, StoreError, failure, lock
from eventwire.store.regroup import Member, regroup, write_events
from eventwire.store.schema import Article, Claim, ErrorRow, Mention

if TYPE_CHECKING:
    from eventwire.pipeline import Coder

# codes a stream of Documents lazily, in input order: ``lambda docs: code_on_dask(docs, address)``
CodeFn = Callable[[Iterator[Document]], Iterable[CodedDocument]]


@dataclass
class IngestReport:
    """What one ingest did."""

    articles: int = 0  # new articles stored
    new_events: int = 0  # events added: founded, less those a regrouping merged into others
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


_ARTICLES = Article.__table__.c  # Core columns: their statements compile, once, without the ORM's steps
# one statement for every article (a URL of None equals nothing), built once: no SQL compiled per article
_ARTICLE_ID = select(_ARTICLES.id).where(or_(_ARTICLES.content_hash == bindparam("digest"),
                                             _ARTICLES.url == bindparam("url"))).limit(1)


def _article_id(connection: Connection, url: str | None, digest: str) -> int | None:
    return connection.scalar(_ARTICLE_ID, {"digest": digest, "url": url or None})


def _known(connection: Connection, document: Document) -> bool:
    with connection.begin():
        return _article_id(connection, document.url, content_hash(document.text)) is not None


def is_known(store: Store, document: Document) -> bool:
    return known_article_id(store, document) is not None


def known_article_id(store: Store, document: Document) -> int | None:
    """The id of the stored article with the URL or the text of ``document``, if there is one."""
    with store.connect() as connection, connection.begin():
        return _article_id(connection, document.url, content_hash(document.text))


_SEEN = (select(_ARTICLES.content_hash, _ARTICLES.url)
         .where(or_(_ARTICLES.content_hash.in_(bindparam("digests", expanding=True)),
                    _ARTICLES.url.in_(bindparam("urls", expanding=True)))))


def _known_of(connection: Connection, documents: list[Document]) -> list[bool]:
    """:func:`is_known` of several documents, in one query."""
    if not documents:
        return []
    digests = [content_hash(d.text) for d in documents]
    with connection.begin():
        seen = connection.execute(_SEEN, {"digests": digests, "urls": [d.url for d in documents if d.url]}).all()
    known_digests, known_urls = {row[0] for row in seen}, {row[1] for row in seen}
    return [digest in known_digests or bool(d.url and d.url in known_urls)
            for d, digest in zip(documents, digests, strict=True)]


# ---- errors ----------------------------------------------------------------------------------


def record_error(store: Store, problem: Problem) -> None:
    """Write ``problem`` to the errors table, once: the same input and reason again adds nothing."""
    with store.connect(write=True) as connection:
        _record_error(connection, problem)


_ERRORS = ErrorRow.__table__.c
_ERROR_SEEN = select(_ERRORS.id).where(_ERRORS.input == bindparam("input"),
                                       _ERRORS.reason == bindparam("reason")).limit(1)


def _record_error(connection: Connection, problem: Problem) -> None:
    with connection.begin():
        lock(connection, ("error", problem.input))
        # a NUL cannot be stored on PostgreSQL: shown as \0, the row is written on either database
        where = {"input": problem.input.replace("\x00", "\\0"), "reason": problem.reason.replace("\x00", "\\0")}
        if connection.scalar(_ERROR_SEEN, where) is None:
            connection.execute(insert(ErrorRow.__table__), {**where, "at": _now()})


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# ---- one article, one transaction ------------------------------------------------------------


@dataclass
class Stored:
    article_id: int
    new_events: int
    mentions: int
    touched: frozenset[str] = frozenset()  # the events its regrouping founded, changed, merged away or moved to


def store_article(store: Store, coded: CodedDocument, window: int = WINDOW_DAYS,
                  identity: Identity | None = None) -> Stored | None:
    """Store one coded article with its mentions, claims and events; None when it is already known."""
    with store.connect(write=True) as connection:
        return _store_article(connection, coded, identity_of(window, identity))


RETRIES = 3  # a mention id taken by a concurrent writer is seen, and avoided, on the next try
RETRY_STATES = {"40P01", "40001"}  # deadlock detected, serialization failure


class NulRefused(StoreError):
    """A document holding a NUL character: PostgreSQL cannot store one, so neither database does."""


def _refuse_nul(document: Document) -> None:
    for name in ("text", "title", "url", "source", "id"):
        if "\x00" in (getattr(document, name) or ""):
            raise NulRefused(f"its {name} holds a NUL character, which the database cannot store",
                             "remove the NUL characters from the input")


def _store_article(connection: Connection, coded: CodedDocument, identity: Identity) -> Stored | None:
    """:func:`store_article` on a connection of the caller's: one transaction, retried when it must be."""
    _refuse_nul(coded.document)
    digest = content_hash(coded.document.text)
    for attempt in range(RETRIES):
        try:
            with connection.begin():
                # the first try takes the events' ids as mention ids unseen: an id already taken
                # (two documents under one id reporting the same event) is rare, and the unique
                # key catches it; the next try looks the ids up
                return _store(connection, coded, digest, identity, look_up_ids=attempt > 0)
        except IntegrityError:  # a mention id taken, by another article or a concurrent writer
            if _known(connection, coded.document):
                return None
            if attempt == RETRIES - 1:
                raise
        except OperationalError as err:  # PostgreSQL chose this transaction to break a deadlock
            if getattr(err.orig, "sqlstate", None) not in RETRY_STATES or attempt == RETRIES - 1:
                raise
    raise AssertionError("unreachable")


def _store(connection: Connection, coded: CodedDocument, digest: str, identity: Identity,
           look_up_ids: bool) -> Stored | None:
    document = coded.document
    stamp = coded.coded_by
    article_id = _insert_article(connection, {
        "doc_id": document.id, "url": document.url or None, "content_hash": digest, "title": document.title,
        "text": document.text, "outlet": outlet_of(document), "published": parse_day(document.date),
        "n_mentions": len(coded.events), "ingested_at": _now(),
        "coder_version": stamp.version if stamp else None, "coder_fingerprint": stamp.fingerprint if stamp else None})
    if article_id is None:
        return None
    return attach_mentions(connection, coded, article_id, digest, identity, look_up_ids)


def attach_mentions(connection: Connection, coded: CodedDocument, article_id: int, digest: str,
                    identity: Identity, look_up_ids: bool = True) -> Stored:
    """Store the events of ``coded`` as the mentions of the stored article ``article_id``: the window
    they reach is clustered again with them (the dedup rule), and the events it changes are written.
    Inside the caller's transaction: what an ingest does for a new article, and a recode for a
    recoded one."""
    document = coded.document
    published = parse_day(document.date)
    outlet = outlet_of(document)
    stamp = coded.coded_by
    ids = _mention_ids(connection, coded.events, digest, look_up_ids)
    texts = [JSONText(event.model_dump_json()) for event in coded.events]
    new = [_member(json.loads(js), mention_id, digest, published, identity, article_id, outlet)
           for mention_id, js in zip(ids, texts, strict=True)]
    # the events this article may found, join or regroup: locked (PostgreSQL), read, clustered again
    changes = regroup(connection, new, identity)

    def insert_mentions() -> None:
        mentions, claims = [], []
        for event, member, js in zip(coded.events, new, texts, strict=True):
            event_id = changes.event_of[member.key.id]
            mentions.append(_mention(member.key.id, event_id, article_id, event, member.key.day, js, stamp))
            claimant = event.attribution.text if event.attribution else outlet
            # a figure told in a sentence of its own names its own claimant (an updated toll)
            claims.extend({"mention_id": member.key.id, "event_id": event_id, "value": q.value,
                           "qualifier": q.qualifier, "unit": q.unit, "text": q.text,
                           "claimant": q.claimant or claimant, "outlet": outlet} for q in event.quantities)
        if mentions:
            connection.execute(_INSERT_MENTIONS, mentions)
        if claims:
            connection.execute(_INSERT_CLAIMS, claims)

    with _pipeline(connection):
        write_events(connection, changes, insert_mentions)
    touched = frozenset({row["id"] for row in changes.new_events + changes.changed_events}
                        | set(changes.emptied) | set(changes.grown) | set(changes.moved.values()))
    return Stored(article_id, len(changes.new_events) - len(changes.emptied), len(new), touched)


def _member(event: dict[str, Any], mention_id: str, digest: str, published: date | None, identity: Identity,
            article_id: int, outlet: str | None) -> Member:
    """One of the article's mentions as the regrouping sees it (its Event as JSON, parsed once)."""
    return Member(key_of(event, mention_id, digest, published, identity), event, None, article_id, outlet,
                  published)


def identity_of(window: int = WINDOW_DAYS, identity: Identity | None = None) -> Identity:
    """The dedup weights (``identity``, default data/dedup/identity.yaml) with ``window`` as their
    time window when it is not the default."""
    identity = identity or default_identity()
    return identity if window == WINDOW_DAYS else identity.with_window(window)


# the article row, unless its URL or text is stored: on PostgreSQL a concurrent writer of the same
# URL or text is waited for and, if it commits, this article is known (no IntegrityError to retry)
_INSERT_ARTICLE = {name: dml.insert(Article.__table__).on_conflict_do_nothing().returning(_ARTICLES.id)
                   for name, dml in (("postgresql", postgresql), ("sqlite", sqlite))}


def _insert_article(connection: Connection, values: dict[str, Any]) -> int | None:
    statement = _INSERT_ARTICLE.get(connection.dialect.name)
    if statement is not None:
        return connection.scalar(statement, values)
    if _article_id(connection, values["url"], values["content_hash"]) is not None:  # any other database
        return None
    return connection.scalar(insert(Article.__table__).returning(_ARTICLES.id), values)


# inline: no RETURNING of a claim's new id when an article has one claim (an executemany of one
# row is a single INSERT, whose generated key SQLAlchemy would read back at once)
_INSERT_MENTIONS, _INSERT_CLAIMS = (insert(t).inline() for t in (Mention.__table__, Claim.__table__))


@contextmanager
def _pipeline(connection: Connection) -> Iterator[None]:
    """On psycopg 3, the statements of the block in one flight: each executemany rides the
    connection's pipeline, and the server's answers are all read at the end of the block (one
    round trip for the article's writes, not one per table). Only for statements whose results
    are not read (SQLAlchemy reads a SELECT's at once). Elsewhere, nothing changes.
    """
    if connection.dialect.driver != "psycopg":
        yield
        return
    driver = connection.connection.driver_connection
    try:
        with driver.pipeline():
            yield
    except driver.Error as err:  # raised as the block ends, outside SQLAlchemy: make it SQLAlchemy's
        raise DBAPIError.instance(None, None, err, driver.Error) from err


_MENTIONS = Mention.__table__.c
_TAKEN = select(_MENTIONS.id).where(_MENTIONS.id.in_(bindparam("ids", expanding=True)))


def _mention_ids(connection: Connection, events: list[Event], digest: str, look_up: bool) -> list[str]:
    """The events' ``event_id`` as mention ids; one already taken (two documents with one id) is
    made unique with the article's hash. With ``look_up`` false only ids taken within the article
    are seen: the caller retries when the database refuses one."""
    wanted = [e.event_id for e in events]
    taken = set(connection.scalars(_TAKEN, {"ids": wanted})) if look_up and wanted else set()
    out: list[str] = []
    for event_id in wanted:
        mention_id = event_id
        if mention_id in taken or mention_id in out:
            mention_id = hashlib.sha256(f"{event_id}:{digest}:{len(out)}".encode()).hexdigest()[:16]
        out.append(mention_id)
    return out


def _mention(mention_id: str, event_id: str, article_id: int, event: Event, day: date | None,
             event_json: JSONText, stamp: CoderStamp | None) -> dict[str, Any]:
    return {
        "id": mention_id, "event_id": event_id, "article_id": article_id, "sentence": event.sentence,
        "cameo": event.cameo, "evidence_start": event.evidence.start, "evidence_end": event.evidence.end,
        "evidence_text": event.evidence.text, "trigger": event.trigger.text,
        "attribution_text": event.attribution.text if event.attribution else None,
        "attribution_code": event.attribution.code if event.attribution else None,
        "modality": event.modality, "confidence": event.confidence,
        "date_value": event.date.value if event.date else None,
        "date_precision": event.date.precision if event.date else None,
        "day": day, "event_json": event_json,
        "coder_version": stamp.version if stamp else None, "coder_fingerprint": stamp.fingerprint if stamp else None,
    }


# ---- the run ---------------------------------------------------------------------------------


def ingest(
    store: Store,
    items: Iterable[Document | Problem],
    coder: Coder | CodeFn,
    processes: int = 1,
    *,
    window: int = WINDOW_DAYS,
    identity: Identity | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    progress: Any = None,
) -> IngestReport:
    """Code the new documents of ``items`` and store them; Problems go to the errors table.

    Documents already in the store are skipped before coding. ``coder`` is a Coder (run with
    ``processes``) or any callable that codes an iterator of Documents into CodedDocuments in
    input order, like ``lambda docs: code_on_dask(docs, "local")``: the rest is the same.
    ``on_problem`` is called for every input lost (unreadable, uncodable or unstorable), in
    input order; with a Coder on one process, from the thread that stores (:class:`_Writer`).
    ``progress`` is an object with the methods of ``eventwire.cli.NullProgress``. ``identity`` is
    the dedup weights (:func:`eventwire.dedup.load_identity` of a file of one's own; default the
    shipped data/dedup/identity.yaml), ``window`` its time window in days.
    """
    report = IngestReport()
    started = time.perf_counter()
    with store.connect() as reader, store.connect(write=True) as connection:
        sink = _Sink(connection, store.display, report, identity_of(window, identity), on_problem)
        # A Coder on this process: store on a thread of its own while this one codes on. Worker
        # processes or a cluster already code while this thread stores; and no thread may run
        # when the Coder forks its workers.
        writer = _Writer() if processes <= 1 and not callable(coder) else _Inline()
        try:
            documents = _fresh(items, reader, writer, sink, progress)
            for coded in coder(documents) if callable(coder) else coder.code_many(documents, processes=processes):
                if progress is not None:
                    progress.coded()
                writer.submit(sink.coded, coded)
        except BaseException:
            writer.close(finish=False)
            raise
        writer.close()
    report.seconds = time.perf_counter() - started
    return report


KNOWN_PER_QUERY = 16  # documents checked in one query; the Coder reads 32 ahead anyway (its batch)


def _fresh(items: Iterable[Document | Problem], reader: Connection, writer: _Inline | _Writer, sink: _Sink,
           progress: Any) -> Iterator[Document]:
    """The documents of ``items`` not yet stored, to code; the rest goes to ``sink`` in its turn."""
    for chunk in _chunks(items, KNOWN_PER_QUERY):
        known = iter(_known_of(reader, [item for item in chunk if not isinstance(item, Problem)]))
        for item in chunk:
            if isinstance(item, Problem):
                writer.submit(sink.lost, item)
            elif next(known):
                writer.submit(sink.known)
            else:
                if progress is not None:
                    progress.read()
                yield item
    if progress is not None:
        progress.done_reading()


def _chunks(items: Iterable[Document | Problem], size: int) -> Iterator[list[Document | Problem]]:
    chunk: list[Document | Problem] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass
class _Sink:
    """What an ingest writes, in input order, on one connection: articles, errors, and the report."""

    connection: Connection
    where: str  # the database, for a message
    report: IngestReport
    identity: Identity
    on_problem: Callable[[Problem], None] | None

    def lost(self, problem: Problem) -> None:
        self.report.errors += 1
        _record_error(self.connection, problem)
        if self.on_problem is not None:
            self.on_problem(problem)

    def known(self) -> None:
        self.report.skipped += 1

    def coded(self, coded: CodedDocument) -> None:
        if coded.problems:
            for problem in coded.problems:
                self.lost(problem)
            return
        try:
            stored = _store_article(self.connection, coded, self.identity)
        except OperationalError as err:  # the database itself fails: nothing more can be stored
            raise StoreError(f"cannot write to {self.where}: {failure(err)}",
                             "check the disk and the database; rerun to finish, nothing is stored twice") from None
        except Exception as err:  # noqa: BLE001 - one article's failure must not stop the run
            # the reason without the SQL and its parameters: they hold the article's text
            self.lost(Problem(input=coded.document.id, reason=f"could not be stored: {failure(err)}"))
            return
        if stored is None:
            self.report.skipped += 1
            return
        self.report.articles += 1
        self.report.new_events += stored.new_events
        self.report.mentions += stored.mentions
        self.report.article_ids.append(stored.article_id)


class _Inline:
    """Runs each call at once, on the caller's thread."""

    def submit(self, call: Callable[..., None], *args: Any) -> None:
        call(*args)

    def close(self, finish: bool = True) -> None:
        pass


WRITE_AHEAD = 64  # coded articles that may wait to be stored: bounds the memory if the database is slow


class _Writer:
    """Runs calls on one thread of its own, in the order they are submitted, while the caller
    goes on coding.

    The coder keeps one core busy. While this thread waits for the database server, or runs
    SQLite's engine, the GIL is free and the coder goes on: that part of storing costs nothing;
    the Python part (SQLAlchemy, the driver, dedup) still takes turns with the coder. Each call
    is one transaction, as without the thread; a killed process loses the coded articles waiting
    here, which a rerun codes again. A call that fails skips the ones after it, and its exception
    is raised on the caller's thread, at its next submit or at close.
    """

    def __init__(self, depth: int = WRITE_AHEAD) -> None:
        self._calls: queue.Queue[tuple[Callable[..., None], tuple[Any, ...]] | None] = queue.Queue(depth)
        self._failure: BaseException | None = None
        self._cancelled = False
        self._thread = threading.Thread(target=self._run, name="eventwire-store", daemon=True)
        self._thread.start()

    def submit(self, call: Callable[..., None], *args: Any) -> None:
        self._raise_failure()
        self._calls.put((call, args))  # waits while ``depth`` calls wait: the coder never runs far ahead

    def close(self, finish: bool = True) -> None:
        """Wait for the calls submitted and raise a failure; without ``finish`` (the caller
        fails), wait only for the call running and drop the rest."""
        self._cancelled = not finish
        self._calls.put(None)
        self._thread.join()
        if finish:
            self._raise_failure()

    def _run(self) -> None:
        while (job := self._calls.get()) is not None:
            if self._failure is None and not self._cancelled:
                call, args = job
                try:
                    call(*args)
                except BaseException as err:  # noqa: BLE001 - raised again on the caller's thread
                    self._failure = err

    def _raise_failure(self) -> None:
        if self._failure is not None:
            raise self._failure
