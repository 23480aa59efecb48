"""CSV: one flat row per Event, header first, written as each event arrives; cells that a spreadsheet
would take for a formula are quoted (:mod:`eventwire.export.cells`)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from eventwire.export.cells import safe_row
from eventwire.export.jsonl import events_of
from eventwire.model import CodedDocument, Event, Quantity

COLUMNS = [
    "event_id",
    "doc_id",
    "sentence",
    "cameo",
    "cameo_name",
    "plover_event",
    "plover_mode",
    "goldstein",
    "quad_class",
    "source_code",
    "source_country",
    "source_text",
    "target_code",
    "target_country",
    "target_text",
    "attribution_text",
    "attribution_code",
    "modality",
    "quantities",
    "date_value",
    "date_precision",
    "date_text",
    "location_text",
    "location_country",
    "lat",
    "lon",
    "evidence_start",
    "evidence_end",
    "evidence_text",
    "confidence",
]


def number(value: float) -> str:
    """12000.0 as ``12000``, 2.5 as ``2.5``."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def quantity_text(quantity: Quantity, qualifiers: dict[str, str] | None = None) -> str:
    """``more_than 12000 troops``; an exact quantity has no qualifier word (``600 killed``)."""
    qualifier = quantity.qualifier
    word = (qualifiers or {}).get(qualifier, qualifier) if qualifier != "exact" else ""
    return " ".join(part for part in (word, number(quantity.value), quantity.unit or "") if part)


def quantities_text(event: Event, qualifiers: dict[str, str] | None = None) -> str:
    return "; ".join(quantity_text(q, qualifiers) for q in event.quantities)


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def values(event: Event) -> dict[str, Any]:
    """The flat values of an Event, typed, None where unknown (shared with the Parquet writer)."""
    source, target, attribution = event.source, event.target, event.attribution
    date, location, evidence = event.date, event.location, event.evidence
    return {
        "event_id": event.event_id,
        "doc_id": event.doc_id,
        "sentence": event.sentence,
        "cameo": event.cameo,
        "cameo_name": event.cameo_name,
        "plover_event": event.plover.event,
        "plover_mode": event.plover.mode,
        "goldstein": event.goldstein,
        "quad_class": event.quad_class,
        "source_code": source and source.code,
        "source_country": source and source.country,
        "source_text": source and source.text,
        "target_code": target and target.code,
        "target_country": target and target.country,
        "target_text": target and target.text,
        "attribution_text": attribution and attribution.text,
        "attribution_code": attribution and attribution.code,
        "modality": event.modality,
        "quantities": quantities_text(event),
        "date_value": date and date.value,
        "date_precision": date and date.precision,
        "date_text": date and date.text,
        "location_text": location and location.text,
        "location_country": location and location.country,
        "lat": location and location.lat,
        "lon": location and location.lon,
        "evidence_start": evidence.start,
        "evidence_end": evidence.end,
        "evidence_text": evidence.text,
        "confidence": event.confidence,
    }


def row(event: Event) -> dict[str, str]:
    """The flat CSV row of an Event; missing values are empty strings."""
    flat = values(event)
    return {column: _cell(flat[column]) for column in COLUMNS}



def write(events_or_docs: Iterable[Event | CodedDocument], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    out.flush()
    for event in events_of(events_or_docs):
        writer.writerow(safe_row(row(event)))  # no cell a spreadsheet would run (export/cells.py)
        out.flush()
