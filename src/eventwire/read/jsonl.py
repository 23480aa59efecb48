"""Document records: JSON objects (one per JSONL line, or in a .json file) turned into Documents.

Also the date normaliser every reader shares: :func:`normalise_date` (any common date format to
``YYYY-MM-DD``). The text checks (encoding, lone surrogates, NUL, non-finite numbers) are in
:mod:`eventwire.read.validate`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from eventwire.model import Document, Problem
from eventwire.read.validate import document, non_finite, non_finite_reason, normalise_text

__all__ = ["normalise_date", "normalise_text", "parse_json", "parse_line", "record_to_document"]

_DATEPARSER_SETTINGS = {
    # Only full dates written out in the text: no guessed day or month, nothing relative to today.
    "STRICT_PARSING": True,
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def normalise_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` for a date in any common format, or None when it is missing or unparseable.

    ISO 8601 (with or without a time and offset) is read directly; other formats go to dateparser,
    which must find a day, a month and a year (``"March 2024"`` or ``"yesterday"`` give None).
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):  # NaN and inf are no day
        return None
    if isinstance(value, int | float):
        value = str(int(value))
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            parsed = parse(value)
        except ValueError:
            continue
        return (parsed.date() if isinstance(parsed, datetime) else parsed).isoformat()
    try:
        import dateparser

        parsed = dateparser.parse(value, settings=_DATEPARSER_SETTINGS)
    except Exception:  # dateparser raises assorted errors on odd input; a bad date is just no date
        return None
    return parsed.date().isoformat() if parsed else None


def _kind(value: Any) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
    }
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _optional_str(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def record_to_document(record: Any, default_id: str, where: str) -> Document | Problem:
    """A Document from one JSON record (``id``, ``text``, optional ``date``, ``title``, ``url``, ``source``).

    Other fields are ignored. A record without ``id`` gets ``default_id``; an unparseable ``date``
    becomes None. A record that cannot give a document yields a Problem for ``where``.
    """
    if not isinstance(record, dict):
        return Problem(
            input=where, reason=f"not a JSON object (got {_kind(record)}); each document must be one object"
        )
    if (path := non_finite(record)) is not None:
        return Problem(input=where, reason=non_finite_reason(path))
    text = record.get("text")
    if "text" not in record or text is None:
        return Problem(input=where, reason='record has no "text" field; put the article text in "text"')
    if not isinstance(text, str):
        return Problem(
            input=where,
            reason=f'"text" is {_kind(text)}, not a string; put the article text in "text" as a string',
        )
    if not text.strip():
        return Problem(input=where, reason='"text" is empty; nothing to code')
    doc_id = record.get("id")
    if doc_id is None or doc_id == "":
        doc_id = default_id
    elif isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    elif not isinstance(doc_id, str):
        return Problem(input=where, reason=f'"id" is {_kind(doc_id)}; give a string or number id')
    return document(
        where,
        id=doc_id,
        text=normalise_text(text),
        date=normalise_date(record.get("date")),
        title=_optional_str(record.get("title")),
        url=_optional_str(record.get("url")),
        source=_optional_str(record.get("source")),
    )


def _message(err: json.JSONDecodeError) -> str:
    """The parser's message without its own trailing "at" ("Invalid control character at")."""
    return err.msg.removesuffix(" at")


def parse_line(line: str, default_id: str, where: str) -> Document | Problem:
    """One JSONL line to a Document, or a Problem naming the JSON error."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        reason = f"invalid JSON: {_message(err)} at column {err.colno}; fix or remove this line"
        return Problem(input=where, reason=reason)
    except (ValueError, RecursionError) as err:
        return Problem(input=where, reason=f"invalid JSON: {err}; fix or remove this line")
    return record_to_document(record, default_id, where)


def parse_json(text: str, name: str, where: str) -> Iterator[Document | Problem]:
    """A whole .json file: one document object, or a list of them (items are ``name[i]``, from 0)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        if err.msg == "Extra data":
            reason = "holds several JSON values, one per line? rename it to .jsonl"
        else:
            reason = f"invalid JSON: {_message(err)} at line {err.lineno} column {err.colno}; fix the file"
        yield Problem(input=where, reason=reason)
        return
    except (ValueError, RecursionError) as err:
        yield Problem(input=where, reason=f"invalid JSON: {err}; fix the file")
        return
    if isinstance(data, dict):
        yield record_to_document(data, name, where)
    elif isinstance(data, list):
        if not data:
            yield Problem(input=where, reason="holds an empty list; nothing to code")
        for i, item in enumerate(data):
            yield record_to_document(item, f"{name}[{i}]", f"{where}[{i}]")
    else:
        yield Problem(
            input=where,
            reason=f"holds {_kind(data)}; give one document object or a list of them",
        )
