"""Re-clustering the affected window: how an article's mentions join, found or regroup events.

For each article :func:`regroup` reads the mentions of the stored events it may touch (same CAMEO
root, near its mentions' dates, through ``ix_events_window``: the cost does not grow with the
database), takes the stored mentions the article's mentions link to (:func:`eventwire.dedup.score`)
and the whole of every event they belong to, clusters that component again with
:func:`eventwire.dedup.cluster` and writes what changed: new events, events whose members changed
(their counts, days and place recomputed from the members), mentions and claims that move, events
left empty. The clustering is a function of the set of mentions, so ingesting the same articles in
any order gives the same events; an event's id is the id of its lead mention (:func:`lead`), a
function of its members too. An event of more than ``settled`` mentions comes as a sample, stays
whole and only gains mentions (its counts recounted in SQL): the work of an article stays bounded
however often its events were reported. DOCS: docs/store.md#dedup-rule
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, TextClause, bindparam, delete, insert, text, update
from sqlalchemy.types import Date

from eventwire.dedup import Identity, MentionKey, Reach, cluster, key_of, reaches_of, score
from eventwire.store.db import lock
from eventwire.store.schema import Claim, EventRow, Mention


@dataclass
class Member:
    """A mention as the window sees it: its key, the event it belongs to now, its article."""

    key: MentionKey
    event: dict[str, Any]  # the coded Event, as JSON
    event_id: str | None  # None: a mention of the article being stored
    article_id: int
    outlet: str | None
    published: date | None
    settled: bool = False  # of an event too large to regroup: the window holds a sample of it


@dataclass
class Changes:
    """What one article's regrouping writes."""

    new_events: list[dict[str, Any]]
    changed_events: list[dict[str, Any]]
    emptied: list[str]
    moved: dict[str, str]  # stored mention id → its new event id
    event_of: dict[str, str]  # every mention of the component → its event id
    grown: list[str]  # settled events that gained mentions: their counts and days are recounted


# ---- the window ----------------------------------------------------------------------------------


def lock_window(connection: Connection, reaches: Iterable[Reach]) -> None:
    """On PostgreSQL, a lock per CAMEO root and ISO week the window reads: two writers whose windows
    meet share a week and take turns; others write side by side."""
    keys: set[tuple[object, ...]] = set()
    for reach in reaches:
        if reach.unknown:
            keys.add(("events", reach.root, None))
        for span in (reach.days, reach.seen):
            if span is not None:
                day = span[0]
                while day <= span[1] + timedelta(days=6):
                    keys.add(("events", reach.root, *day.isocalendar()[:2]))
                    day += timedelta(days=7)
    lock(connection, *keys)


def _merged(reaches: Iterable[Reach]) -> list[Reach]:
    """One lookup per root: the union of its mentions' ranges (an article's mentions lie close in time)."""
    by_root: dict[str, list[Reach]] = {}
    for reach in reaches:
        by_root.setdefault(reach.root, []).append(reach)
    out = []
    for root, group in sorted(by_root.items()):
        days = [r.days for r in group if r.days is not None]
        seen = [r.seen for r in group if r.seen is not None]
        out.append(Reach(root, (min(d[0] for d in days), max(d[1] for d in days)) if days else None,
                         (min(s[0] for s in seen), max(s[1] for s in seen)) if seen else None,
                         any(r.unknown for r in group)))
    return out


Shape = tuple[bool, bool, bool]  # a day range, a first-seen range, the events seen on no day


@lru_cache(maxsize=256)
def _window_statement(shapes: tuple[Shape, ...]) -> TextClause:
    """The mentions (with their articles) of the events the lookups reach, built once per shape:
    each lookup is an index range of ``ix_events_window`` (root, day_first, first_seen)."""
    parts, dates = [], []
    for i, (days, seen, unknown) in enumerate(shapes):
        if days:
            parts.append(f"SELECT id FROM events WHERE root = :root{i} AND day_first BETWEEN :lo{i} AND :hi{i}")
            dates += [bindparam(f"lo{i}", type_=Date()), bindparam(f"hi{i}", type_=Date())]
        if seen:
            parts.append(f"SELECT id FROM events WHERE root = :root{i} AND day_first IS NULL "
                         f"AND first_seen BETWEEN :slo{i} AND :shi{i}")
            dates += [bindparam(f"slo{i}", type_=Date()), bindparam(f"shi{i}", type_=Date())]
        if unknown:
            parts.append(f"SELECT id FROM events WHERE root = :root{i} AND day_first IS NULL AND first_seen IS NULL")
    # at most `settled` mentions of each event (the first by id): a settled event is scored against
    # them, so that an article's work does not grow with how often its events were reported
    return text(
        "SELECT m.id, m.event_id, m.article_id, m.event_json, a.published, a.outlet, a.content_hash, e.n_mentions "
        "FROM mentions m JOIN articles a ON a.id = m.article_id JOIN events e ON e.id = m.event_id "
        "WHERE m.id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY id) AS rn "
        f"FROM mentions WHERE event_id IN ({' UNION '.join(parts)})) ranked WHERE rn <= :settled)"
    ).bindparams(*dates)


def stored_window(connection: Connection, reaches: list[Reach], identity: Identity) -> list[Member]:
    """The stored mentions of every event the reaches touch, in canonical order."""
    lookups = _merged(reaches)
    if not lookups:
        return []
    params: dict[str, Any] = {"settled": identity.settled}
    for i, reach in enumerate(lookups):
        params[f"root{i}"] = reach.root
        if reach.days:
            params[f"lo{i}"], params[f"hi{i}"] = reach.days
        if reach.seen:
            params[f"slo{i}"], params[f"shi{i}"] = reach.seen
    shapes = tuple((r.days is not None, r.seen is not None, r.unknown) for r in lookups)
    members = []
    for row in connection.execute(_window_statement(shapes), params):
        members.append(_member(row, identity, settled=row[7] > identity.settled))
    return sorted(members, key=lambda m: m.key.order)


def _member(row: Any, identity: Identity, settled: bool = False) -> Member:
    """A stored mention from a row of (mention id, event id, article id, event JSON, published,
    outlet, article hash)."""
    published = row[4] if isinstance(row[4], date) or row[4] is None else date.fromisoformat(str(row[4])[:10])
    key, event = _parsed(row[3] if isinstance(row[3], str) else json.dumps(row[3]), row[0], row[6], published,
                         identity)
    return Member(key, event, row[1], row[2], row[5], published, settled=settled)


@lru_cache(maxsize=20_000)
def _parsed(event_json: str, mention_id: str, article: str, published: date | None,
            identity: Identity) -> tuple[MentionKey, dict[str, Any]]:
    """A stored mention's key and Event, parsed once: the windows of an ingest's articles overlap,
    and parsing is most of what reading one costs. Keyed by the JSON text itself, so a mention
    coded again (another text under its id) is parsed again. The dict is shared: never changed."""
    event = json.loads(event_json)
    return key_of(event, mention_id, article, published, identity), event


# ---- the component -------------------------------------------------------------------------------


def component(new: list[Member], stored: list[Member], identity: Identity) -> list[Member]:
    """The article's mentions, every stored mention one of them links to, and every mention (of the
    window's sample) of an event one of those belongs to: what a new clustering may change.

    One step only: links between stored mentions were settled when they were stored, and following
    them through the window costs the square of its size (a much reported event, a busy day)."""
    by_root: dict[str, list[Member]] = {}
    for m in new:
        for root in {r.root for r in reaches_of(m.key, identity)}:  # a forecast reaches its act's root too
            by_root.setdefault(root, []).append(m)
    reached = {m.event_id for m in stored if any(
        (s := score(n.key, m.key, identity)) is not None and s >= identity.link for n in by_root.get(m.key.root, ()))}
    return [*new, *(m for m in stored if m.event_id in reached)]


# ---- the new grouping ----------------------------------------------------------------------------


def regroup(connection: Connection, new: list[Member], identity: Identity) -> Changes:
    """Cluster the component of the article's mentions again; the rows to write."""
    reaches = [r for m in new for r in reaches_of(m.key, identity)]
    lock_window(connection, reaches)
    stored = stored_window(connection, reaches, identity)
    members = component(new, stored, identity)
    by_key = {m.key: m for m in members}
    groups = cluster(by_key, identity, {m.key: m.event_id for m in members if m.settled and m.event_id})
    old_ids = {m.event_id for m in members if m.event_id is not None}
    old_members: dict[str, set[str]] = {}
    for m in members:
        if m.event_id is not None:
            old_members.setdefault(m.event_id, set()).add(m.key.id)
    changes = Changes([], [], [], {}, {}, [])
    for group in groups:
        rows = [by_key[k] for k in group]
        settled = next((m.event_id for m in rows if m.settled), None)
        # a function of the members: the same whatever the input order (a settled event keeps its id)
        event_id = settled or lead(rows).key.id
        for m in rows:
            changes.event_of[m.key.id] = event_id
            if m.event_id is not None and m.event_id != event_id:
                changes.moved[m.key.id] = event_id
        if settled is not None:
            if old_members.get(event_id) != {m.key.id for m in rows}:
                changes.grown.append(event_id)
        elif event_id not in old_ids:
            changes.new_events.append(event_row(event_id, rows))
        elif old_members.get(event_id) != {m.key.id for m in rows}:
            changes.changed_events.append(event_row(event_id, rows))
    kept = {changes.event_of[g[0].id] for g in groups} | {m.event_id for m in members if m.settled and m.event_id}
    changes.emptied = sorted(old_ids - kept)
    return changes


_MEMBERS_OF = text(
    "SELECT m.id, m.event_id, m.article_id, m.event_json, a.published, a.outlet, a.content_hash "
    "FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.event_id IN :ids"
).bindparams(bindparam("ids", expanding=True))


def members_of(connection: Connection, event_ids: Iterable[str], identity: Identity) -> list[Member]:
    """Every stored mention of these events, in canonical order."""
    ids = sorted(set(event_ids))
    if not ids:
        return []
    members = []
    for row in connection.execute(_MEMBERS_OF, {"ids": ids}):
        members.append(_member(row, identity))
    return sorted(members, key=lambda m: m.key.order)


def rebuild(event_ids: Iterable[str], kept: list[Member]) -> Changes:
    """Events that lost mentions (``eventwire recode`` took an article's away), described again from
    the mentions they keep (``kept``, in canonical order), as :func:`event_row` describes any event:
    one left with none is dropped, and one whose lead mention left takes the id of its new lead (an
    event's id is its lead's), its mentions and claims moving with it. The events stay whole: the
    article's new mentions, stored next, regroup their window."""
    ids = sorted(set(event_ids))
    by_event: dict[str, list[Member]] = {}
    for m in kept:
        by_event.setdefault(m.event_id or "", []).append(m)
    changes = Changes([], [], [], {}, {}, [])
    for event_id in ids:
        rows = by_event.get(event_id)
        if not rows:
            changes.emptied.append(event_id)
            continue
        new_id = lead(rows).key.id
        for m in rows:
            changes.event_of[m.key.id] = new_id
            if new_id != event_id:
                changes.moved[m.key.id] = new_id
        if new_id == event_id:
            changes.changed_events.append(event_row(event_id, rows))
        else:
            changes.new_events.append(event_row(new_id, rows))
            changes.emptied.append(event_id)
    return changes


def lead(members: list[Member]) -> Member:
    """The mention that stands for an event (its id is the event's): of the mentions with the most
    frequent code, the one naming its parties most precisely (Russian forces, RUSMIL, over Russia,
    RUS), then the earliest (members come in canonical order)."""
    # a forecast joined to the act it forecast (dedup.forecast_of) never stands for it: the act does
    members = [m for m in members if m.event.get("modality", "asserted") == "asserted"] or members
    codes = Counter(m.event["cameo"] for m in members)
    best = max(codes.values())
    return max((m for m in members if codes[m.event["cameo"]] == best), key=lambda m: _precision(m.event))


def event_row(event_id: str, members: list[Member]) -> dict[str, Any]:
    """An events row from its mentions (canonical order): the code and parties of its lead mention,
    completed by the earliest mention naming a party the lead leaves out; the first place given;
    days, first and last seen, counts."""
    event = lead(members).event
    source = event.get("source") or next((m.event["source"] for m in members if m.event.get("source")), None)
    target = event.get("target") or next((m.event["target"] for m in members if m.event.get("target")), None)
    location = event.get("location") or next((m.event["location"] for m in members if m.event.get("location")),
                                             None)
    plover = event.get("plover") or {}
    days = [m.key.day for m in members if m.key.day is not None]
    seen = [m.published for m in members if m.published is not None]
    outlets = {m.outlet if m.outlet is not None else f"#{m.article_id}" for m in members}
    return {
        "id": event_id, "cameo": event["cameo"], "cameo_name": event.get("cameo_name"),
        "root": event["cameo"][:2], "base": event["cameo"][:3] if len(event["cameo"]) >= 3 else None,
        "plover_event": plover.get("event"), "plover_mode": plover.get("mode"),
        "quad_class": event.get("quad_class"), "goldstein": event.get("goldstein"),
        "source_code": source.get("code") if source else None,
        "source_country": source.get("country") if source else None,
        "target_code": target.get("code") if target else None,
        "target_country": target.get("country") if target else None,
        "location_country": location.get("country") if location else None,
        "location_name": (location.get("name") or location.get("text")) if location else None,
        "lat": location.get("lat") if location else None, "lon": location.get("lon") if location else None,
        "day_first": min(days) if days else None, "day_last": max(days) if days else None,
        "first_seen": min(seen) if seen else None, "last_seen": max(seen) if seen else None,
        "n_mentions": len(members), "n_articles": len({m.article_id for m in members}), "n_sources": len(outlets),
    }


def _precision(event: dict[str, Any]) -> int:
    """How precisely a mention names its parties: each one named, with its code's length (sectors)."""
    return sum(1 + len(party.get("code") or "") for party in (event.get("source"), event.get("target")) if party)


# ---- writing -------------------------------------------------------------------------------------

_EVENTS = EventRow.__table__
_UPDATE_EVENT = update(_EVENTS).where(_EVENTS.c.id == bindparam("event"))
_MOVE_MENTION = update(Mention.__table__).where(Mention.__table__.c.id == bindparam("mention"))
_MOVE_CLAIMS = update(Claim.__table__).where(Claim.__table__.c.mention_id == bindparam("mention"))
_DELETE_EVENT = delete(_EVENTS).where(_EVENTS.c.id == bindparam("event"))
_INSERT_EVENTS = insert(_EVENTS).inline()
# a settled event's counts and days, from its mentions (index on mentions.event_id): it keeps its
# code, parties and place
_OF_EVENT = "FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.event_id = :event"
_RECOUNT = text(
    f"UPDATE events SET n_mentions = (SELECT COUNT(*) {_OF_EVENT}), "
    f"n_articles = (SELECT COUNT(DISTINCT m.article_id) {_OF_EVENT}), "
    f"n_sources = (SELECT COUNT(DISTINCT COALESCE(a.outlet, '#' || a.id)) {_OF_EVENT}), "
    f"day_first = (SELECT MIN(m.day) {_OF_EVENT}), day_last = (SELECT MAX(m.day) {_OF_EVENT}), "
    f"first_seen = (SELECT MIN(a.published) {_OF_EVENT}), last_seen = (SELECT MAX(a.published) {_OF_EVENT}) "
    "WHERE id = :event")


def write_events(connection: Connection, changes: Changes, insert_mentions: Any) -> None:
    """New events first, then the article's mentions and claims (``insert_mentions``), then the
    stored mentions and claims that move, the events that changed, and last the events left empty
    (no foreign key points at them any more)."""
    if changes.new_events:
        connection.execute(_INSERT_EVENTS, changes.new_events)
    insert_mentions()
    if changes.moved:
        moves = [{"mention": m, "event_id": e} for m, e in sorted(changes.moved.items())]
        connection.execute(_MOVE_MENTION, moves)
        connection.execute(_MOVE_CLAIMS, moves)
    if changes.changed_events:
        connection.execute(_UPDATE_EVENT, [{**{k: v for k, v in row.items() if k != "id"}, "event": row["id"]}
                                           for row in changes.changed_events])
    if changes.grown:
        connection.execute(_RECOUNT, [{"event": e} for e in sorted(changes.grown)])
    if changes.emptied:
        connection.execute(_DELETE_EVENT, [{"event": e} for e in changes.emptied])
