"""Writing coded events: JSON Lines, JSON, CSV or a rich table, by format name."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from eventwire.export import csv, json, jsonl, table
from eventwire.model import CodedDocument, Event

Writer = Callable[[Iterable[Event | CodedDocument], TextIO], None]

FORMATS: dict[str, Writer] = {
    "jsonl": jsonl.write,
    "json": json.write,
    "csv": csv.write,
    "table": table.write,
}
STREAMING = frozenset({"jsonl", "csv", "json"})  # formats that write each event as it arrives


def write_events(events: Iterable[Event | CodedDocument], fmt: str, out: TextIO) -> None:
    """Write ``events`` (Events, or CodedDocuments whose events are written) to ``out`` as ``fmt``."""
    try:
        writer = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    writer(events, out)


__all__ = ["FORMATS", "STREAMING", "write_events"]
