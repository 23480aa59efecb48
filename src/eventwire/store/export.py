"""Exports of the deduplicated events of the event database, in the anchors' layouts.

``export_events(store, fmt, out, **filters)`` is what ``eventwire events --format FMT`` writes. One
record per stored event (one per stored mention for ``gdelt-mentions``), built with the writers of
:mod:`eventwire.export` so that the columns and code conventions (FIPS country codes, ACLED types
and actor names, PLOVER actor and location objects) are those of ``eventwire code``:

- ``gdelt``: GDELT 2.0 Events, 61 columns; NumMentions/NumSources/NumArticles are the event's,
  SQLDATE its first day, DATEADDED its first-seen day, SOURCEURL the URL of its first article
  that has one, ActionGeo its place.
- ``gdelt-mentions``: GDELT 2.0 Mentions, 16 columns, one row per stored mention; its
  GLOBALEVENTID is the event's (it joins the ``gdelt`` rows), EventTimeDate the event's
  DATEADDED, MentionTimeDate the article's day, MentionSourceName the outlet, MentionIdentifier
  the URL (else the document id); offsets, sentence and confidence are the mention's.
- ``plover``: one PLOVER record per event, plus ``mentions`` (each mention's article, offsets,
  evidence, attribution, modality, confidence), ``event_text`` the evidence of every mention,
  ``quantities`` every claim with its claimant, ``claims`` the range of each unit, and the
  event's counts and first/last seen.
- ``acled``: one row per event that ACLED has a type for and that at least one mention asserts;
  ``fatalities`` the lowest death toll its sources give (each mention's "killed" figures added
  up), ``notes`` the evidence then the range and who gave which figure, ``source`` the outlets
  joined with ``"; "`` (ACLED's separator), ``timestamp`` the last-seen day.
- ``parquet``: the listing's columns (``EventSummary``) typed: ints, floats, dates; ``out`` must be
  a file.
- ``table``, ``csv``, ``jsonl``: the listing (:func:`eventwire.store.query.write_list`).

The representative Event of a stored event (actors, codes, place) is the coded Event of its
lead mention (the one whose id is the event's: eventwire.store.regroup.lead), with the event's id
and, when the lead has none, the place another mention gave. DOCS: docs/store.md
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import IO, Any

from eventwire.errors import EventwireError
from eventwire.export import acled, gdelt, parquet, plover
from eventwire.export.cells import safe_cells, safe_row
from eventwire.model import Document, Event, Location
from eventwire.store.db import Store
from eventwire.store.query import (
    LIST_FORMATS,
    EventDetail,
    EventFilter,
    EventSummary,
    MentionView,
    Order,
    _grouped,
    as_filter,
    iter_details,
    list_events,
    write_list,
)

FORMATS = (*LIST_FORMATS, "parquet", "gdelt", "gdelt-mentions", "plover", "acled")
BINARY = frozenset({"parquet"})
PARQUET_HINT = "Parquet is binary: write it to a file, e.g. eventwire events -f parquet -o events.parquet"
PARQUET_TYPES = {**{c: "date32" for c in ("date_first", "date_last", "first_seen", "last_seen")},
                 "quad_class": "int8", **{c: "int32" for c in ("n_mentions", "n_sources", "n_articles")},
                 **{c: "float64" for c in ("goldstein", "lat", "lon")}}
PARQUET_COLUMNS = list(EventSummary.__dataclass_fields__)


# ---- one stored event as the writers of eventwire.export see it -------------------------------


def representative(detail: EventDetail) -> Event:
    """The Event that stands for a stored event: its lead mention's, with the event's id and place."""
    mentions = detail.mentions
    founder = next((m for m in mentions if m.id == detail.event.id), mentions[0] if mentions else None)
    if founder is None:
        raise ValueError(f"event {detail.event.id} has no mention")
    event = Event.model_validate(founder.event)
    return event.model_copy(update={"event_id": detail.event.id, "location": place(detail)})


def place(detail: EventDetail) -> Location | None:
    """The stored event's place as a Location: the one of the mention it came from (with its feature)."""
    summary = detail.event
    if summary.location_country is None and summary.lat is None:
        return None
    for mention in detail.mentions:
        location = mention.event.get("location")
        if location and location.get("country") == summary.location_country and (
                location.get("name") or location.get("text")) == summary.location_name:
            return Location.model_validate(location)
    return Location(text=summary.location_name or summary.location_country or "", country=summary.location_country,
                    name=summary.location_name, lat=summary.lat, lon=summary.lon)


def _by_date(mentions: Iterable[MentionView]) -> list[MentionView]:
    return sorted(mentions, key=lambda m: (m.published is None, m.published or date.min, m.article_id))


def first_article(detail: EventDetail) -> MentionView | None:
    """A mention in the earliest article (by publication day, then ingest order)."""
    ordered = _by_date(detail.mentions)
    return ordered[0] if ordered else None


def source_url(detail: EventDetail) -> str | None:
    """The URL of the earliest article that has one."""
    return next((m.url for m in _by_date(detail.mentions) if m.url), None)


def document_of(mention: MentionView | None) -> Document | None:
    """The article of a mention as a Document (its text is not stored: empty)."""
    if mention is None:
        return None
    return Document(id=mention.doc_id, text="", date=mention.published.isoformat() if mention.published else None,
                    title=mention.title, url=mention.url, source=mention.outlet)


def outlets(detail: EventDetail) -> list[str]:
    """The outlets that reported the event, earliest first, each once."""
    return list(dict.fromkeys(m.outlet for m in _by_date(detail.mentions) if m.outlet))


# ---- GDELT ------------------------------------------------------------------------------------


def gdelt_row(detail: EventDetail) -> list[str]:
    """The 61 GDELT 2.0 Events cells of a stored event."""
    e = detail.event
    day = e.date_first or e.first_seen
    return gdelt.event_row(representative(detail), day=day, added=e.first_seen or day, url=source_url(detail),
                           counts=(e.n_mentions, e.n_sources, e.n_articles),
                           is_root=any(m.sentence == 0 for m in detail.mentions))


def gdelt_mention_rows(detail: EventDetail) -> Iterator[list[str]]:
    """The 16 GDELT 2.0 Mentions cells of each mention of a stored event."""
    e = detail.event
    added = e.first_seen or e.date_first
    global_id = gdelt.global_event_id(e.id)
    for mention in detail.mentions:
        yield gdelt.mention_cells(Event.model_validate(mention.event), global_id=global_id, event_time=added,
                                  mention_time=mention.published, source=mention.outlet or "",
                                  identifier=mention.url or mention.doc_id)


# ---- PLOVER -----------------------------------------------------------------------------------


def _mention_record(mention: MentionView) -> dict[str, Any]:
    return {
        "id": mention.id,
        "doc_id": mention.doc_id,
        "url": mention.url,
        "publication": mention.outlet,
        "date": mention.published.isoformat() if mention.published else None,
        "cameo": mention.cameo,
        "event_text": mention.evidence,
        "text_info": {"sequence": mention.sentence, "start": mention.evidence_start, "end": mention.evidence_end},
        "trigger": mention.trigger,
        "attribution": mention.attribution,
        "modality": mention.modality,
        "confidence": mention.confidence,
        "date_info": mention.event.get("date"),
    }


def plover_record(detail: EventDetail) -> dict[str, Any]:
    """The PLOVER record of a stored event, with its mentions' evidence and every claim."""
    e = detail.event
    first = first_article(detail)
    record = plover.record(representative(detail), document_of(first))
    day = e.date_first or e.first_seen
    asserted = any(m.modality == "asserted" for m in detail.mentions)
    record.update({
        "date": day.isoformat() if day else None,
        "event_text": [m.evidence for m in detail.mentions],
        "modality": "asserted" if asserted else record["modality"],
        "confidence": max((m.confidence for m in detail.mentions), default=record["confidence"]),
        "quantities": [asdict(c) for r in detail.claims for c in r.claims],
        "claims": [{"unit": r.unit, "low": r.low, "high": r.high, "low_by": r.low_by, "high_by": r.high_by,
                    "text": r.text()} for r in detail.claims],
        "date_last": e.date_last.isoformat() if e.date_last else None,
        "first_seen": e.first_seen.isoformat() if e.first_seen else None,
        "last_seen": e.last_seen.isoformat() if e.last_seen else None,
        "num_mentions": e.n_mentions,
        "num_sources": e.n_sources,
        "num_articles": e.n_articles,
        "mentions": [_mention_record(m) for m in detail.mentions],
    })
    return record


# ---- ACLED ------------------------------------------------------------------------------------


def death_tolls(detail: EventDetail) -> list[tuple[float, str, str | None, str]]:
    """(toll, claimant, outlet, text) per mention that gives one: its "killed" figures added up."""
    by_mention: dict[str, list[Any]] = defaultdict(list)
    for claim_range in detail.claims:
        if claim_range.unit == "killed":
            for claim in claim_range.claims:
                by_mention[claim.mention_id].append(claim)
    tolls = []
    for claims in by_mention.values():
        first = claims[0]
        tolls.append((sum(c.value for c in claims), first.claimant or first.outlet or "unknown", first.outlet,
                      " and ".join(c.text for c in claims)))
    return tolls


def fatalities_note(tolls: list[tuple[float, str, str | None, str]]) -> str:
    """``Fatalities reported 12–15 (lowest used): Ukraine's interior ministry (Wire One): at least 12
    civilians; the regional governor (Wire Two): 15 people; …``; empty when no source gives a toll."""
    if not tolls:
        return ""
    low, high = min(t[0] for t in tolls), max(t[0] for t in tolls)
    span = "" if low == high else f" {_grouped(low)}–{_grouped(high)} (lowest used)"
    who = "; ".join(f"{claimant}{f' ({outlet})' if outlet and outlet != claimant else ''}: {text}"
                    for _, claimant, outlet, text in tolls)
    return f"Fatalities reported{span}: {who}."


def acled_row(detail: EventDetail) -> dict[str, str] | None:
    """The ACLED row of a stored event, or None when ACLED has no type for it."""
    e = detail.event
    event = representative(detail)
    values = acled.row(event, document_of(first_article(detail)))
    if values is None:
        return None
    tolls = death_tolls(detail)
    evidence = " ".join(event.evidence.text.split()).rstrip(".")
    stamp = e.last_seen or e.first_seen
    values.update({
        "source": "; ".join(outlets(detail)),
        "notes": " ".join(part for part in (f"{evidence}.", fatalities_note(tolls)) if part),
        "fatalities": str(int(min(t[0] for t in tolls))) if tolls else "0",
        "timestamp": str(int(datetime(stamp.year, stamp.month, stamp.day, tzinfo=UTC).timestamp())) if stamp else "",
    })
    return values


def write_acled(details: Iterable[EventDetail], out: IO[str]) -> Counter[str]:
    """ACLED rows; returns the counts ``written``, ``no_acled_type`` and ``not_asserted``."""
    counts: Counter[str] = Counter(written=0, no_acled_type=0, not_asserted=0)
    writer = csv.DictWriter(out, fieldnames=acled.COLUMNS, lineterminator="\n")
    writer.writeheader()
    for detail in details:
        if not any(m.modality == "asserted" for m in detail.mentions):
            counts["not_asserted"] += 1
            continue
        values = acled_row(detail)
        if values is None:
            counts["no_acled_type"] += 1
            continue
        writer.writerow(safe_row(values))  # no cell a spreadsheet would run (export/cells.py)
        counts["written"] += 1
    return counts


# ---- Parquet ----------------------------------------------------------------------------------


def parquet_schema() -> Any:
    return parquet.arrow_schema(PARQUET_COLUMNS, PARQUET_TYPES)


def parquet_output(out: Any) -> Any:
    """Where pyarrow can write: a path, a binary file, a text file on disk; else EventwireError."""
    try:
        return parquet.binary_output(out)
    except EventwireError as err:
        raise EventwireError(err.message, PARQUET_HINT) from None


def write_parquet(events: Iterable[EventSummary], out: Any) -> None:
    """The listing as Parquet, ``parquet.ROW_GROUP_SIZE`` rows per row group; ``out`` a path or a file."""
    pa, pq = parquet._pyarrow()
    target = parquet_output(out)
    schema = parquet_schema()
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(target, schema) as writer:
        for event in events:
            batch.append({column: getattr(event, column) for column in PARQUET_COLUMNS})
            if len(batch) >= parquet.ROW_GROUP_SIZE:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch.clear()
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))


# ---- by format name ---------------------------------------------------------------------------


def _tsv(rows: Iterable[list[str]], out: IO[str]) -> None:
    for row in rows:
        out.write("\t".join(safe_cells(row)) + "\n")  # no cell a spreadsheet would run (export/cells.py)


def export_events(store: Store, fmt: str, out: Any, filters: EventFilter | None = None, *, limit: int | None = None,
                  order: Order = "oldest", **given: Any) -> Any:
    """Write the stored events that pass ``filters`` (an EventFilter, or its fields as keywords:
    ``actor=``, ``dyad=``, ``code=``, …; see :func:`~eventwire.store.query.list_events`) as ``fmt``.

    ``order`` is one of ``eventwire.store.query.ORDERS``. ``out`` is a text stream, except for
    ``parquet`` (a path, a binary file or a text file on disk).
    Returns the counts of :func:`write_acled` for ``acled``, else None.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    chosen = as_filter(filters, given)
    if fmt == "parquet":
        parquet._pyarrow()  # the install hint before any query
        return write_parquet(list_events(store, chosen, limit=limit, order=order), parquet_output(out))
    if fmt in LIST_FORMATS:
        return write_list(list_events(store, chosen, limit=limit, order=order), fmt, out)
    details = iter_details(store, chosen, limit=limit, order=order)
    if fmt == "gdelt":
        return _tsv((gdelt_row(d) for d in details), out)
    if fmt == "gdelt-mentions":
        return _tsv((row for d in details for row in gdelt_mention_rows(d)), out)
    if fmt == "plover":
        for detail in details:
            out.write(json.dumps(plover_record(detail), ensure_ascii=False) + "\n")
        return None
    return write_acled(details, out)


__all__ = ["BINARY", "FORMATS", "acled_row", "export_events", "gdelt_mention_rows", "gdelt_row", "iter_details",
           "plover_record", "representative", "write_acled", "write_parquet"]
