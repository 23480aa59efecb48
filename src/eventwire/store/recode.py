"""Recode: code the stored articles again with the installed coder and re-group their events in place.

Each article stored since revision 0002 keeps its text, and each article and mention since 0003
the stamp of the coder that coded it (:class:`eventwire.model.CoderStamp`). A recode takes the
articles whose stamp is not the coder's (all of them with ``force``), oldest article first, and
for each, in ONE transaction: removes its mentions and their claims, recounts the events they
were in (an event no mention is left in is dropped; one that other articles still report keeps
its id), stores the new coding through the ingest's own path (:func:`attach_mentions`, so the
dedup rule applies as in an ingest) and stamps the article. So:

* a rerun skips what is done: recoding twice is recoding once, and with an unchanged coder
  nothing is recoded at all;
* a recode killed at any point loses at most the article in flight, and the rerun, taking the
  rest in the same order, leaves the database as one uninterrupted run does;
* an article stored before 0002 (no text) cannot be coded again: it is counted and left as it is;
* one article that fails (coding or storing) is counted, written to the errors table, and keeps
  its old coding; the run goes on.

DOCS: docs/store.md#recode
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, delete, func, or_, select, update
from sqlalchemy.exc import OperationalError

from eventwire.dedup import WINDOW_DAYS, cameo_root, key_of, parse_day
from eventwire.model import CodedDocument, CoderStamp, Document, Event, Problem
from eventwire.store.db import Store, StoreError, failure, lock
from eventwire.store.ingest import (
    RETRIES,
    RETRY_STATES,
    _earliest,
    _latest,
    _new_event,
    _place,
    _record_error,
    attach_mentions,
)
from eventwire.store.schema import Article, Claim, EventRow, Mention

if TYPE_CHECKING:
    from eventwire.pipeline import Coder

_ARTICLES = Article.__table__
_MENTIONS = Mention.__table__
_EVENTS = EventRow.__table__
_CLAIMS = Claim.__table__

READ_PER_QUERY = 32  # articles read at once: the Coder parses 32 at a time anyway (its batch)


@dataclass
class RecodeReport:
    """What one recode did."""

    recoded: int = 0  # articles coded again and stored
    unchanged: int = 0  # articles already coded by this coder: skipped
    no_text: int = 0  # articles stored without their text (before revision 0002): skipped
    failed: int = 0  # articles that could not be coded or stored: they keep their old coding
    seconds: float = 0.0
    changed_events: set[str] = field(default_factory=set, repr=False)  # founded, dropped or changed

    @property
    def events_changed(self) -> int:
        return len(self.changed_events)

    def summary(self) -> str:
        return (f"recoded {_count(self.recoded, 'article')} ({_count(self.events_changed, 'event')} changed); "
                f"{self.unchanged:,} unchanged; {self.no_text:,} without text, skipped; "
                f"{self.failed:,} failed")


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


# ---- which articles ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """The articles a recode looks at: all, or those published on or after ``since``."""

    since: date | None = None

    def conditions(self) -> list[Any]:
        # by publication date: what an analyst asks for ("recode this year's news"); an article
        # with no publication date is recoded only without --since
        return [] if self.since is None else [_ARTICLES.c.published >= self.since]


@dataclass(frozen=True)
class _Target:
    """The stored article a coding replaces."""

    id: int
    content_hash: str


def _stale(stamp: CoderStamp) -> Any:
    """An article coded by another coder than ``stamp``, or by an unknown one (NULL, before 0003)."""
    return or_(_ARTICLES.c.coder_version.is_distinct_from(stamp.version),
               _ARTICLES.c.coder_fingerprint.is_distinct_from(stamp.fingerprint))


def _plan(connection: Connection, selection: Selection, stamp: CoderStamp, force: bool,
          report: RecodeReport) -> list[int]:
    """The ids of the articles to recode, oldest first; the others are counted into ``report``."""
    where = selection.conditions()
    with connection.begin():
        report.no_text = connection.scalar(
            select(func.count()).select_from(_ARTICLES).where(_ARTICLES.c.text.is_(None), *where)) or 0
        todo = select(_ARTICLES.c.id).where(_ARTICLES.c.text.is_not(None), *where).order_by(_ARTICLES.c.id)
        if not force:
            report.unchanged = connection.scalar(
                select(func.count()).select_from(_ARTICLES)
                .where(_ARTICLES.c.text.is_not(None), *where, ~_stale(stamp))) or 0
            todo = todo.where(_stale(stamp))
        return list(connection.scalars(todo))


_TO_CODE = (select(_ARTICLES.c.id, _ARTICLES.c.content_hash, _ARTICLES.c.doc_id, _ARTICLES.c.text,
                   _ARTICLES.c.published, _ARTICLES.c.title, _ARTICLES.c.url, _ARTICLES.c.outlet)
            .where(_ARTICLES.c.id.in_(bindparam("ids", expanding=True))))


def _documents(connection: Connection, ids: Sequence[int], targets: deque[_Target]) -> Iterator[Document]:
    """The stored articles as the Documents they were coded from, ``READ_PER_QUERY`` at a time;
    each one's article goes into ``targets`` as it is handed out (the coder keeps their order).

    The coder reads the text, the id (it is in every event id) and the day; the outlet goes back
    as the source, so the outlet the store derives from it is the stored one."""
    for start in range(0, len(ids), READ_PER_QUERY):
        chunk = ids[start:start + READ_PER_QUERY]
        with connection.begin():
            rows = {row.id: row for row in connection.execute(_TO_CODE, {"ids": chunk})}
        for article_id in chunk:
            row = rows.get(article_id)
            if row is None:  # deleted meanwhile: nothing to recode
                continue
            targets.append(_Target(row.id, row.content_hash))
            yield Document(id=row.doc_id, text=row.text, date=row.published.isoformat() if row.published else None,
                           title=row.title, url=row.url, source=row.outlet)


# ---- one article, one transaction ----------------------------------------------------------------


def recode_article(connection: Connection, target: _Target, coded: CodedDocument, force: bool = False,
                   window: int = WINDOW_DAYS) -> set[str] | None:
    """Replace the coding of one stored article by ``coded``, in one transaction (retried when
    PostgreSQL breaks a deadlock); the ids of the events that changed, or None when the article is
    already coded by this coder (another recode got there first) and not ``force``."""
    for attempt in range(RETRIES):
        try:
            with connection.begin():
                return _replace(connection, target, coded, force, window)
        except OperationalError as err:
            if getattr(err.orig, "sqlstate", None) not in RETRY_STATES or attempt == RETRIES - 1:
                raise
    raise AssertionError("unreachable")


_STAMP_OF = (select(_ARTICLES.c.coder_version, _ARTICLES.c.coder_fingerprint)
             .where(_ARTICLES.c.id == bindparam("article")).with_for_update())
_OLD_MENTIONS = select(_MENTIONS.c.id, _MENTIONS.c.event_id, _MENTIONS.c.event_json).where(
    _MENTIONS.c.article_id == bindparam("article"))
_EVENT_ROWS = select(_EVENTS).where(_EVENTS.c.id.in_(bindparam("ids", expanding=True)))


def _replace(connection: Connection, target: _Target, coded: CodedDocument, force: bool,
             window: int) -> set[str] | None:
    stamp = coded.coded_by
    current = connection.execute(_STAMP_OF, {"article": target.id}).first()
    if current is None or (not force and stamp is not None and tuple(current) == (stamp.version, stamp.fingerprint)):
        return None
    old = _mentions_by_event(connection.execute(_OLD_MENTIONS, {"article": target.id}))
    published = parse_day(coded.document.date)
    new_groups = {_group(key_of(e, published)) for e in coded.events}
    # every group of events the article leaves or may join: no other writer touches them until
    # commit (an event's group never changes: its mentions all share its root and dyad)
    leaving = {_row_group(row) for row in _rows(connection, old).values()}
    lock(connection, *(("events", *g) for g in leaving | new_groups))
    before = _rows(connection, old)  # read again under the locks: what this transaction changes
    _detach(connection, target.id, list(old))
    connection.execute(update(_ARTICLES).where(_ARTICLES.c.id == target.id).values(
        n_mentions=len(coded.events), coder_version=stamp.version if stamp else None,
        coder_fingerprint=stamp.fingerprint if stamp else None))
    attach_mentions(connection, coded, target.id, target.content_hash, window)
    new = _mentions_by_event(connection.execute(_OLD_MENTIONS, {"article": target.id}))
    _redescribe(connection, list(_rows(connection, old)))  # the events it left that others still report
    after = _rows(connection, {**old, **new})
    return {event_id for event_id in old.keys() | new.keys()
            if before.get(event_id) != after.get(event_id) or old.get(event_id) != new.get(event_id)}


Mentions = dict[str, list[tuple[str, Any]]]  # event id → the article's (mention id, coded event) in it


def _mentions_by_event(rows: Iterable[Any]) -> Mentions:
    out: Mentions = {}
    for mention_id, event_id, event_json in rows:
        out.setdefault(event_id, []).append((mention_id, event_json))
    return {event_id: sorted(found, key=lambda m: m[0]) for event_id, found in out.items()}


def _rows(connection: Connection, events: Mentions) -> dict[str, tuple[Any, ...]]:
    if not events:
        return {}
    return {row.id: tuple(row) for row in connection.execute(_EVENT_ROWS, {"ids": list(events)})}


Group = tuple[str, str | None, str | None]


def _group(key: Any) -> Group:
    return key.root, key.source_country, key.target_country


def _row_group(row: tuple[Any, ...]) -> Group:
    columns = _EVENTS.c.keys()
    values = dict(zip(columns, row, strict=True))
    return cameo_root(values["cameo"]), values["source_country"], values["target_country"]


# ---- taking an article's mentions out of their events ---------------------------------------------

_REMAINING = (select(_MENTIONS.c.event_id, _MENTIONS.c.day, _MENTIONS.c.article_id, _ARTICLES.c.outlet,
                     _ARTICLES.c.published)
              .join(_ARTICLES, _MENTIONS.c.article_id == _ARTICLES.c.id)
              .where(_MENTIONS.c.event_id.in_(bindparam("ids", expanding=True))))


def _detach(connection: Connection, article_id: int, event_ids: list[str]) -> None:
    """Remove the article's mentions and claims; recount the events they were in, from the mentions
    they keep, as an ingest of those mentions counts them; drop the events left with none."""
    connection.execute(delete(_CLAIMS).where(_CLAIMS.c.mention_id.in_(
        select(_MENTIONS.c.id).where(_MENTIONS.c.article_id == article_id))))
    connection.execute(delete(_MENTIONS).where(_MENTIONS.c.article_id == article_id))
    if not event_ids:
        return
    counts = _recount(connection.execute(_REMAINING, {"ids": event_ids}))
    empty = [event_id for event_id in event_ids if event_id not in counts]
    if empty:
        connection.execute(delete(_EVENTS).where(_EVENTS.c.id.in_(empty)))
    if counts:
        connection.execute(update(_EVENTS).where(_EVENTS.c.id == bindparam("event")),
                           [{"event": event_id, **row} for event_id, row in counts.items()])


@dataclass
class _Count:
    days: list[date] = field(default_factory=list)
    mentions: int = 0
    articles: set[int] = field(default_factory=set)
    outlets: set[str] = field(default_factory=set)
    no_outlet: set[int] = field(default_factory=set)  # articles without an outlet: each a source of its own
    first_seen: date | None = None
    last_seen: date | None = None

    def add(self, day: date | None, article_id: int, outlet: str | None, published: date | None) -> None:
        self.mentions += 1
        if day is not None:
            self.days.append(day)
        self.articles.add(article_id)
        if outlet is None:
            self.no_outlet.add(article_id)
        else:
            self.outlets.add(outlet)
        self.first_seen = _earliest(self.first_seen, published)
        self.last_seen = _latest(self.last_seen, published)

    def row(self) -> dict[str, Any]:
        return {"n_mentions": self.mentions, "n_articles": len(self.articles),
                "n_sources": len(self.outlets) + len(self.no_outlet),
                "day_first": min(self.days, default=None), "day_last": max(self.days, default=None),
                "first_seen": self.first_seen, "last_seen": self.last_seen}


def _recount(rows: Iterable[Any]) -> dict[str, dict[str, Any]]:
    counts: dict[str, _Count] = {}
    for event_id, day, article_id, outlet, published in rows:
        counts.setdefault(event_id, _Count()).add(day, article_id, outlet, published)
    return {event_id: count.row() for event_id, count in sorted(counts.items())}


# ---- an event whose founding mention is gone ---------------------------------------------------------

_FIRST_MENTIONS = (select(_MENTIONS.c.event_id, _MENTIONS.c.id, _MENTIONS.c.event_json)
                   .where(_MENTIONS.c.event_id.in_(bindparam("ids", expanding=True)))
                   .order_by(_MENTIONS.c.event_id, _MENTIONS.c.article_id, _MENTIONS.c.evidence_start,
                             _MENTIONS.c.id))
_DESCRIPTION = ("cameo", "cameo_name", "root", "base", "plover_event", "plover_mode", "quad_class", "goldstein",
                "source_code", "source_country", "target_code", "target_country")


def _redescribe(connection: Connection, event_ids: list[str]) -> None:
    """An event keeps its id when its founding mention (whose id it bears) is recoded away, but it
    is described anew by the mentions it keeps, as if the first of them had founded it: its code and
    parties from that one, its place from the first that names a country."""
    if not event_ids:
        return
    mentions: dict[str, list[tuple[str, Any]]] = {}
    for event_id, mention_id, event_json in connection.execute(_FIRST_MENTIONS, {"ids": event_ids}):
        mentions.setdefault(event_id, []).append((mention_id, event_json))
    changes = []
    for event_id, found in mentions.items():
        if any(mention_id == event_id for mention_id, _ in found):
            continue  # its founder is there (coded again alike): its description stands
        events = [Event.model_validate(coded) for _, coded in found]
        row = {k: v for k, v in _new_event(event_id, events[0]).items() if k in _DESCRIPTION}
        placed = next((e for e in events if e.location is not None and e.location.country), events[0])
        changes.append({"event": event_id, **row, **_place(placed)})
    if changes:
        connection.execute(update(_EVENTS).where(_EVENTS.c.id == bindparam("event")), changes)


# ---- the run -------------------------------------------------------------------------------------


def pending(store: Store, stamp: CoderStamp, *, since: date | None = None,
            force: bool = False) -> tuple[RecodeReport, list[int]]:
    """What :func:`recode` would do with a coder of ``stamp``, without coding: the ids of the
    articles it would recode, oldest first, and a report counting the ones it would skip. A rerun
    with nothing left to do need not load a coder at all (``eventwire recode`` does not)."""
    report = RecodeReport()
    with store.connect() as reader:
        return report, _plan(reader, Selection(since), stamp, force, report)


def recode(
    store: Store,
    coder: Coder,
    *,
    since: date | None = None,
    force: bool = False,
    processes: int = 1,
    window: int = WINDOW_DAYS,
    on_problem: Callable[[Problem], None] | None = None,
    progress: Any = None,
) -> RecodeReport:
    """Code the stored articles again with ``coder`` and re-group their events (module docstring).

    ``since`` takes only the articles published on or after that day; ``force`` recodes those
    already coded by this coder too. ``on_problem`` is called for each article that fails;
    ``progress`` is an object with the methods of ``eventwire.cli.NullProgress``.
    """
    report = RecodeReport()
    started = time.perf_counter()
    with store.connect() as reader, store.connect(write=True) as connection:
        ids = _plan(reader, Selection(since), coder.stamp, force, report)
        if progress is not None:
            for _ in ids:
                progress.read()
            progress.done_reading()
        targets: deque[_Target] = deque()
        for coded in coder.code_many(_documents(reader, ids, targets), processes=processes):
            if progress is not None:
                progress.coded()
            _store_one(connection, store.display, targets.popleft(), coded, force, window, report, on_problem)
    report.seconds = time.perf_counter() - started
    return report


def _store_one(connection: Connection, where: str, target: _Target, coded: CodedDocument, force: bool,
               window: int, report: RecodeReport, on_problem: Callable[[Problem], None] | None) -> None:
    if coded.problems:
        _failed(connection, report, on_problem, coded.problems)
        return
    try:
        changed = recode_article(connection, target, coded, force, window)
    except OperationalError as err:  # the database itself fails: nothing more can be stored
        raise StoreError(f"cannot write to {where}: {failure(err)}",
                         "check the disk and the database; rerun to finish, nothing is recoded twice") from None
    except Exception as err:  # noqa: BLE001 - one article's failure must not stop the run
        # the reason without the SQL and its parameters: they hold the article's text
        _failed(connection, report, on_problem,
                [Problem(input=coded.document.id, reason=f"could not be recoded: {failure(err)}")])
        return
    if changed is None:
        report.unchanged += 1
        return
    report.recoded += 1
    report.changed_events |= changed


def _failed(connection: Connection, report: RecodeReport, on_problem: Callable[[Problem], None] | None,
            problems: list[Problem]) -> None:
    report.failed += 1
    for problem in problems:
        _record_error(connection, problem)
        if on_problem is not None:
            on_problem(problem)


__all__ = ["RecodeReport", "Selection", "pending", "recode", "recode_article"]
