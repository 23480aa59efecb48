"""JSON: one array of Event objects (written element by element, so nothing is held back)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from eventwire.export.jsonl import event_json, events_of
from eventwire.model import CodedDocument, Event


def write(events_or_docs: Iterable[Event | CodedDocument], out: TextIO) -> None:
    out.write("[")
    count = 0
    for event in events_of(events_or_docs):
        # JSON strings hold no raw newline, so indenting every line of the element is safe
        out.write(("," if count else "") + "\n  " + event_json(event, indent=2).replace("\n", "\n  "))
        count += 1
        out.flush()
    out.write("\n]\n" if count else "]\n")
