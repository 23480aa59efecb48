"""Parquet (via pyarrow, the ``parquet`` extra): one flat row per Event, typed columns, written in row groups.

The columns are the CSV writer's (:data:`eventwire.export.csv.COLUMNS`) plus the PLOVER context,
the actors' sectors, the trigger, the pattern and the document's date, URL and outlet. Numbers
are typed (``sentence`` and offsets int32, ``quad_class`` int8, ``goldstein``, ``lat``, ``lon``
and ``confidence`` float64), dates stay ISO 8601 strings (``2025``, ``2025-07``, ``2025-07-11``:
the precision is in ``date_precision``), missing values are nulls.

Events are written ``ROW_GROUP_SIZE`` at a time, so memory stays flat however many there are.

Parquet is binary and its footer is written last: ``out`` is a path, a binary file, or a text
file opened on a regular file (its binary buffer is used, as ``eventwire code -f parquet -o
events.parquet`` does). A terminal, a pipe or an in-memory text stream is refused with an
:class:`~eventwire.errors.EventwireError` saying to write to a file.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from typing import IO, Any

from eventwire.errors import EventwireError
from eventwire.export.csv import COLUMNS as CSV_COLUMNS
from eventwire.export.csv import values as csv_values
from eventwire.export.gdelt import with_documents
from eventwire.extras import MissingExtra
from eventwire.model import CodedDocument, Document, Event

ROW_GROUP_SIZE = 10_000
EXTRA_COLUMNS = ["plover_context", "source_sectors", "target_sectors", "trigger_text", "pattern", "doc_date",
                 "doc_url", "doc_source"]
COLUMNS = [*CSV_COLUMNS, *EXTRA_COLUMNS]
# pyarrow type of each typed column; every other column is a string
TYPES = {"sentence": "int32", "evidence_start": "int32", "evidence_end": "int32", "quad_class": "int8",
         "goldstein": "float64", "lat": "float64", "lon": "float64", "confidence": "float64"}
HINT = "Parquet is binary: write it to a file, e.g. eventwire code ... -f parquet -o events.parquet"


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtra("the parquet format", "parquet") from None
    return pa, pq


def arrow_schema(columns: Iterable[str], types: dict[str, str]) -> Any:
    """A pyarrow schema of ``columns``, each of the pyarrow type named in ``types`` ("int32",
    "date32" …), else string; what both Parquet writers (events, stored events) use."""
    pa, _ = _pyarrow()
    return pa.schema([pa.field(column, pa.type_for_alias(types.get(column, "string"))) for column in columns])


def schema() -> Any:
    return arrow_schema(COLUMNS, TYPES)


def binary_output(out: Any) -> Any:
    """Where pyarrow can write a Parquet file: a path, a binary file, or the buffer of a text file on disk."""
    if isinstance(out, str | os.PathLike):
        return out
    if isinstance(out, io.TextIOBase):
        buffer = getattr(out, "buffer", None)
        try:
            on_disk = buffer is not None and not out.isatty() and out.seekable()
        except (OSError, ValueError):
            on_disk = False
        if not on_disk:
            name = getattr(out, "name", None) or type(out).__name__
            raise EventwireError(f"cannot write Parquet to {name}: it needs a file", HINT)
        out.flush()
        return buffer
    if hasattr(out, "write"):
        return out
    raise EventwireError(f"cannot write Parquet to {type(out).__name__}", HINT)


def row(event: Event, document: Document | None = None) -> dict[str, Any]:
    """The typed values of one Event (None where unknown): the CSV columns and a few more."""
    source, target = event.source, event.target
    flat = csv_values(event)
    return {
        **flat,
        "quantities": flat["quantities"] or None,
        "plover_context": "; ".join(event.plover.context) or None,
        "source_sectors": " ".join(source.sectors) if source and source.sectors else None,
        "target_sectors": " ".join(target.sectors) if target and target.sectors else None,
        "trigger_text": event.trigger.text,
        "pattern": event.pattern,
        "doc_date": document and document.date,
        "doc_url": document and document.url,
        "doc_source": document and document.source,
    }


def write(events_or_docs: Iterable[Event | CodedDocument], out: str | os.PathLike[str] | IO[Any]) -> None:
    pa, pq = _pyarrow()
    target = binary_output(out)
    table_schema = schema()
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(target, table_schema) as writer:
        for event, document in with_documents(events_or_docs):
            batch.append(row(event, document))
            if len(batch) >= ROW_GROUP_SIZE:
                writer.write_table(pa.Table.from_pylist(batch, schema=table_schema))
                batch.clear()
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=table_schema))
