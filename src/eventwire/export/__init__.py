"""Writing coded events by format name: JSON Lines, JSON, CSV, a rich table, and the anchors' layouts:
GDELT 2.0 Events and Mentions TSV, PLOVER JSON Lines, ACLED-style CSV and Parquet.

Every writer is ``write(events_or_docs, out)``. Give CodedDocuments rather than bare Events to the
GDELT, PLOVER, ACLED and Parquet writers: they also write the document's date, URL and outlet.
Parquet is binary (:data:`BINARY`): its ``out`` must be a path, a binary file or a text file on
disk (the CLI: ``eventwire code ... -f parquet -o events.parquet``); a terminal or pipe is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from importlib import import_module
from os import PathLike
from typing import IO, Any, TextIO

from eventwire.model import CodedDocument, Event

Writer = Callable[[Iterable[Event | CodedDocument], Any], Any]  # (events or documents, out)

# Each format's writer as (module of eventwire.export, function). A module is imported when its format is
# first used: `eventwire code` writing JSON Lines needs neither rich (the table) nor the anchors' layouts
# and their models, 30 ms of its start.
WRITERS: dict[str, tuple[str, str]] = {
    "jsonl": ("jsonl", "write"),
    "json": ("json", "write"),
    "csv": ("csv", "write"),
    "table": ("table", "write"),
    "gdelt": ("gdelt", "write"),
    "gdelt-mentions": ("gdelt", "write_mentions"),
    "plover": ("plover", "write"),
    "acled": ("acled", "write"),
    "parquet": ("parquet", "write"),
}


class _Writers(Mapping[str, Writer]):
    """The writer of each format name, its module imported on first use (WRITERS)."""

    def __getitem__(self, fmt: str) -> Writer:
        module, function = WRITERS[fmt]
        writer: Writer = getattr(import_module(f"eventwire.export.{module}"), function)
        return writer

    def __iter__(self) -> Iterator[str]:
        return iter(WRITERS)

    def __len__(self) -> int:
        return len(WRITERS)


FORMATS: Mapping[str, Writer] = _Writers()
# formats that write each event as it arrives (Parquet streams in row groups, readable once closed)
STREAMING = frozenset({"jsonl", "csv", "json", "gdelt", "gdelt-mentions", "plover", "acled"})
BINARY = frozenset({"parquet"})  # formats that need a path or a binary file, not a text stream


def write_events(events: Iterable[Event | CodedDocument], fmt: str,
                 out: TextIO | IO[bytes] | str | PathLike[str]) -> Any:
    """Write ``events`` (Events, or CodedDocuments whose events are written) to ``out`` as ``fmt``.

    For a :data:`BINARY` format ``out`` is a path or a binary file (a text file on disk is written
    through its binary buffer); anything else raises EventwireError saying to write to a file.
    Returns what the writer returns: for ``acled``, the counts of events written and left out.
    """
    try:
        writer = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return writer(events, out)


__all__ = ["BINARY", "FORMATS", "STREAMING", "write_events"]
