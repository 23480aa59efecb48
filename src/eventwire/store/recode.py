"""Recode: code the stored articles again with the installed coder and re-group their events in place.

Each article stored since revision 0002 keeps its text, and each article and mention since 0003
the stamp of the coder that coded it (:class:`eventwire.model.CoderStamp`). A recode takes the
articles whose stamp is not the coder's (all of them with ``force``), oldest article first, and
for each, in ONE transaction: removes its mentions and their claims, describes the events they were
in again from the mentions they keep (:func:`eventwire.store.regroup.rebuild`: an event no mention
is left in is dropped; one whose lead mention left takes its new lead's id, as any event bears its
lead's), stores the new coding through the ingest's own path (:func:`attach_mentions`, so the
window is clustered again as in an ingest) and stamps the article. So:

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

from eventwire.dedup import WINDOW_DAYS, Identity, reaches_of
from eventwire.model import CodedDocument, CoderStamp, Document, Problem
from eventwire.store.db import Store, StoreError, failure
from eventwire.store.ingest import RETRIES, RETRY_STATES, _count, _record_error, attach_mentions, identity_of
from eventwire.store.regroup import lock_window, members_of, rebuild, write_events
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
                   identity: Identity | None = None) -> set[str] | None:
    """Replace the coding of one stored article by ``coded``, in one transaction (retried when
    PostgreSQL breaks a deadlock); the ids of the events that changed, or None when the article is
    already coded by this coder (another recode got there first) and not ``force``."""
    identity = identity or identity_of()
    for attempt in range(RETRIES):
        try:
            with connection.begin():
                return _replace(connection, target, coded, force, identity)
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
             identity: Identity) -> set[str] | None:
    stamp = coded.coded_by
    current = connection.execute(_STAMP_OF, {"article": target.id}).first()
    if current is None or (not force and stamp is not None and tuple(current) == (stamp.version, stamp.fingerprint)):
        return None
    old = _mentions_by_event(connection.execute(_OLD_MENTIONS, {"article": target.id}))
    members = members_of(connection, old, identity)
    # the windows of the events the article leaves: no other writer regroups them until commit (the
    # article's new mentions lock their own windows as an ingest does)
    lock_window(connection, [r for m in members for r in reaches_of(m.key, identity)])
    before = _rows(connection, old)
    _detach(connection, target.id)
    connection.execute(update(_ARTICLES).where(_ARTICLES.c.id == target.id).values(
        n_mentions=len(coded.events), coder_version=stamp.version if stamp else None,
        coder_fingerprint=stamp.fingerprint if stamp else None))
    # the events it left, described by the mentions they keep
    left = rebuild(old, [m for m in members if m.article_id != target.id])
    write_events(connection, left, lambda: None)
    stored = attach_mentions(connection, coded, target.id, target.content_hash, identity)
    new = _mentions_by_event(connection.execute(_OLD_MENTIONS, {"article": target.id}))
    touched = old.keys() | new.keys() | set(left.moved.values()) | stored.touched
    after = _rows(connection, touched)
    return {event_id for event_id in touched
            if before.get(event_id) != after.get(event_id) or old.get(event_id) != new.get(event_id)}


Mentions = dict[str, list[tuple[str, Any]]]  # event id → the article's (mention id, coded event) in it


def _mentions_by_event(rows: Iterable[Any]) -> Mentions:
    out: Mentions = {}
    for mention_id, event_id, event_json in rows:
        out.setdefault(event_id, []).append((mention_id, event_json))
    return {event_id: sorted(found, key=lambda m: m[0]) for event_id, found in out.items()}


def _rows(connection: Connection, event_ids: Iterable[str]) -> dict[str, tuple[Any, ...]]:
    ids = list(event_ids)
    if not ids:
        return {}
    return {row.id: tuple(row) for row in connection.execute(_EVENT_ROWS, {"ids": ids})}


def _detach(connection: Connection, article_id: int) -> None:
    """Remove the article's mentions and their claims (the events they were in are rebuilt next)."""
    connection.execute(delete(_CLAIMS).where(_CLAIMS.c.mention_id.in_(
        select(_MENTIONS.c.id).where(_MENTIONS.c.article_id == article_id))))
    connection.execute(delete(_MENTIONS).where(_MENTIONS.c.article_id == article_id))


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
            _store_one(connection, store.display, targets.popleft(), coded, force, identity_of(window), report,
                       on_problem)
    report.seconds = time.perf_counter() - started
    return report


def _store_one(connection: Connection, where: str, target: _Target, coded: CodedDocument, force: bool,
               identity: Identity, report: RecodeReport, on_problem: Callable[[Problem], None] | None) -> None:
    if coded.problems:
        _failed(connection, report, on_problem, coded.problems)
        return
    try:
        changed = recode_article(connection, target, coded, force, identity)
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
