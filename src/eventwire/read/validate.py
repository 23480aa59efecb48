"""The text checks every reader shares, in one place: each record is checked once, as it becomes a Document.

A record that fails a check is a :class:`~eventwire.model.Problem` for that record only (``file:line``,
``file:row``, ``feed#entry``); the other records of the file are read on. Nothing here raises on bad
input except :class:`Unreadable`, which the readers turn into Problems.

- **Encoding**: bytes are decoded strictly (:func:`decode`); invalid bytes name their offset.
- **Lone surrogates** (``"\\ud800"`` in JSON, an undecodable file name): a string holding one is
  not Unicode text and cannot be written as UTF-8, so the record is a Problem naming the field.
- **NUL characters**: removed from every field. A NUL carries no meaning in an article (it is
  left over from a broken conversion), PostgreSQL cannot store one, and dropping a whole
  article for it would lose good text; offsets are into the text without them.
- **Non-finite numbers** (``NaN``, ``Infinity``, ``1e309``): not JSON numbers (or beyond a
  double), so :func:`non_finite` finds them and the record holding one is a Problem.
- **Line ends and BOM**: ``\\r\\n`` and lone ``\\r`` become ``\\n``; a leading BOM is dropped.
"""

from __future__ import annotations

import math
from typing import Any

from eventwire.model import Document, Problem

FIELDS = ("id", "text", "title", "url", "source", "date")


class Unreadable(ValueError):
    """Bytes that are not text in the declared encoding; ``str(err)`` is the reason for the user."""


def normalise_text(text: str) -> str:
    """Drop a leading BOM and turn ``\\r\\n`` (and lone ``\\r``) into ``\\n``."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def bad_encoding(encoding: str, offset: int) -> str:
    return f"invalid {encoding} text at byte {offset}; re-save as UTF-8 or pass --encoding latin-1"


def decode(data: bytes, encoding: str, base: int = 0) -> str:
    """Normalised text (no BOM, ``\\n`` line ends); ``base`` is the offset of ``data`` in its file."""
    try:
        return normalise_text(data.decode(encoding))
    except UnicodeDecodeError as err:
        raise Unreadable(bad_encoding(encoding, base + err.start)) from None


def lone_surrogate(value: str) -> int | None:
    """The index of the first lone surrogate in ``value``, or None when it is Unicode text.

    Encoding to UTF-8 is the fast test (in C): a surrogate is the only thing it refuses.
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as err:
        return err.start
    return None


def _surrogate_reason(field: str, value: str, index: int) -> str:
    return (f'"{field}" holds a lone surrogate (\\u{ord(value[index]):04x}) at character {index}, which is not '
            "Unicode text; fix the text or its \\u escapes")


def document(where: str, *, id: str, text: str, date: str | None = None, title: str | None = None,
             url: str | None = None, source: str | None = None) -> Document | Problem:
    """The Document of one record once every field passes the checks, else a Problem for ``where``.

    Every reader builds its Documents here, so that every input kind is checked alike.
    """
    fields = {"id": id, "text": text, "date": date, "title": title, "url": url, "source": source}
    for name in FIELDS:
        value = fields[name]
        if value is None:
            continue
        index = lone_surrogate(value)
        if index is not None:
            return Problem(input=where, reason=_surrogate_reason(name, value, index))
        if "\0" in value:
            fields[name] = value.replace("\0", "")
    if not fields["text"].strip():
        return Problem(input=where, reason="the text is empty (or only whitespace and NUL characters); nothing to code")
    for name in ("title", "url", "source", "date"):
        if fields[name] is not None and not fields[name].strip():
            fields[name] = None
    return Document(**fields)


def non_finite(record: dict[str, Any]) -> str | None:
    """The first field a Document takes from ``record`` (id, text, date …) that is NaN or infinite.

    Python's json reads ``NaN``, ``Infinity`` and numbers beyond a double (``1e309``) as floats that
    break every later step (a date of NaN, an id of inf); RFC 8259 has no such numbers. Fields the
    readers ignore are not looked at: they are ignored whatever they hold.
    """
    for name in FIELDS:
        value = record.get(name)
        if isinstance(value, float) and not math.isfinite(value):
            return name
    return None


def non_finite_reason(field: str) -> str:
    return (f'"{field}" is NaN or infinite (NaN, Infinity or a number beyond a 64-bit float like 1e309), '
            "which JSON does not allow; write null or a real value")
