"""CSV and TSV files of documents: a header row, then one article per row, streamed.

The article text is the column named ``text``, ``body``, ``content`` or ``article`` (any case), or
the column given as ``text_column``; ``id``, ``date`` (or ``published``), ``title``, ``url`` and
``source`` are read when present. Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator

from eventwire.model import Document, Problem
from eventwire.read.files import Line, empty, too_large
from eventwire.read.jsonl import normalise_date
from eventwire.read.validate import Unreadable, decode, document

TEXT_COLUMNS = ("text", "body", "content", "article")
FIELDS = {"id": ("id",), "date": ("date", "published"), "title": ("title",), "url": ("url",), "source": ("source",)}
DELIMITERS = ",;\t|"
_C_LONG_MAX = 2**31 - 1  # csv.field_size_limit takes a C long (32 bits on Windows)


class _BadLine(Exception):
    """A line that cannot be given to the csv module; ``str(err)`` is the reason for the user."""


class _Lines:
    """Decoded lines for ``csv.reader``; a bad line raises :class:`_BadLine` and the next one follows.

    A class, not a generator: a generator that raises is finished, this iterator goes on.
    """

    def __init__(self, lines: Iterable[Line], encoding: str, max_bytes: int):
        self._lines = iter(lines)
        self._encoding = encoding
        self._max_bytes = max_bytes
        self._pushed: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._pushed:
            return self._pushed.pop()
        _, offset, raw, length = next(self._lines)
        if raw is None:
            raise _BadLine(too_large("row", length, self._max_bytes))
        try:
            return decode(raw, self._encoding, base=offset)
        except Unreadable as err:
            raise _BadLine(str(err)) from None

    def push(self, line: str) -> None:
        self._pushed.append(line)


def read_csv(
    lines: Iterable[Line],
    label: str,
    name: str,
    encoding: str,
    max_bytes: int,
    *,
    delimiter: str | None = None,
    text_column: str | None = None,
) -> Iterator[Document | Problem]:
    """Documents from the rows of a CSV (``delimiter`` None: guessed from the header) or TSV file.

    ``lines`` are the file's lines as :func:`eventwire.read.files._iter_lines` gives them. Ids default
    to ``name:row``; each bad row is a Problem for ``label:row``, and reading goes on.
    """
    source = _Lines(lines, encoding, max_bytes)
    first = None
    try:
        for line in source:  # the header: the first line with something on it
            if line.strip():
                first = line
                break
    except _BadLine as err:
        yield Problem(input=f"{label}:1", reason=f"cannot read the header row: {err}")
        return
    if first is None:
        yield Problem(input=label, reason=empty())
        return
    source.push(first)
    if csv.field_size_limit() < max_bytes:  # global to the process: only ever raised
        csv.field_size_limit(min(max_bytes, _C_LONG_MAX))
    reader = csv.reader(source, delimiter=delimiter or _guess_delimiter(first))
    try:
        header = [_column_name(h) for h in next(reader)]
    except (_BadLine, csv.Error, StopIteration) as err:
        reason = _csv_error(err, max_bytes) if isinstance(err, csv.Error) else str(err) or "it never ends; fix it"
        yield Problem(input=f"{label}:1", reason=f"cannot read the header row: {reason}")
        return
    columns: dict[str, int] = {}
    for i, column in enumerate(header):
        columns.setdefault(column.lower(), i)
    found = _text_column(columns, text_column)
    if found is None:
        yield Problem(input=label, reason=_no_text_column(header, text_column))
        return
    text_index = columns[found]
    wanted = {field: next((columns[n] for n in names if n in columns), None) for field, names in FIELDS.items()}
    row_number, seen = 1, False
    while True:
        row_number += 1
        where = f"{label}:{row_number}"
        try:
            row = next(reader)
        except StopIteration:
            break
        except _BadLine as err:
            seen = True
            yield Problem(input=where, reason=str(err))
            continue
        except csv.Error as err:
            seen = True
            yield Problem(input=where, reason=_csv_error(err, max_bytes))
            continue
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        seen = True
        yield _row_to_document(row, header[text_index], text_index, wanted, f"{name}:{row_number}", where, max_bytes)
    if not seen:
        yield Problem(input=label, reason="has a header row but no rows; nothing to code")


def _guess_delimiter(header: str) -> str:
    """The most common of ``, ; tab |`` in the header line (comma on a tie or when there is none)."""
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _column_name(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").split())


def _text_column(columns: dict[str, int], given: str | None) -> str | None:
    if given is not None:
        key = _column_name(given).lower()
        return key if key in columns else None
    return next((name for name in TEXT_COLUMNS if name in columns), None)


def _no_text_column(header: list[str], given: str | None) -> str:
    shown = [h[:40] or "(blank)" for h in header[:12]]
    more = f" and {len(header) - 12} more" if len(header) > 12 else ""
    has = f"its columns are {', '.join(shown)}{more}"
    if given is not None:
        return f"no column named {given!r}; {has}; pass one of them as --text-column"
    return (
        f"no text column (text, body, content or article); {has}; "
        "rename the column holding the article text or pass --text-column"
    )


def _csv_error(err: csv.Error, max_bytes: int) -> str:
    if "field larger than field limit" in str(err):
        return too_large("field", None, max_bytes)
    detail = re.sub(r"\s+", " ", str(err)).strip()
    return f"malformed CSV row ({detail}); fix or remove this row"


def _row_to_document(
    row: list[str],
    column: str,
    text_index: int,
    wanted: dict[str, int | None],
    default_id: str,
    where: str,
    max_bytes: int,
) -> Document | Problem:
    if text_index >= len(row):
        reason = f"row has no {column!r} cell ({len(row)} cells); fix or remove this row"
        return Problem(input=where, reason=reason)
    text = row[text_index]
    if not text.strip():
        return Problem(input=where, reason=f"{column!r} is empty; nothing to code")
    size = sum(len(cell.encode("utf-8", "surrogatepass")) for cell in row)
    if size > max_bytes:
        return Problem(input=where, reason=too_large("row", size, max_bytes))

    def cell(field: str) -> str | None:
        i = wanted[field]
        return (row[i].strip() or None) if i is not None and i < len(row) else None

    return document(
        where,
        id=cell("id") or default_id,
        text=text,
        date=normalise_date(cell("date")),
        title=cell("title"),
        url=cell("url"),
        source=cell("source"),
    )
