"""JSON Lines: one Event object per line, written as each event arrives."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TextIO

from eventwire.model import CodedDocument, Event


def events_of(events_or_docs: Iterable[Event | CodedDocument]) -> Iterator[Event]:
    """The events of a stream of Events and/or CodedDocuments, lazily, in order."""
    for item in events_or_docs:
        if isinstance(item, CodedDocument):
            yield from item.events
        else:
            yield item


def event_json(event: Event, indent: int | None = None) -> str:
    """An Event as JSON: every field present (None as null), UTF-8 text left unescaped."""
    return json.dumps(event.model_dump(mode="json", exclude_none=False), ensure_ascii=False, indent=indent)


def write(events_or_docs: Iterable[Event | CodedDocument], out: TextIO) -> None:
    for event in events_of(events_or_docs):
        out.write(event_json(event) + "\n")
        out.flush()
