"""Inputs to Documents: files, directories, feed URLs and stdin, dispatched by extension.

Every check that can lose a document (missing, empty, too large, binary, badly encoded) yields a
:class:`~eventwire.model.Problem` with a one-line reason saying what to do next, and reading goes on.
"""

from __future__ import annotations

import codecs
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import BinaryIO, TextIO

from eventwire.model import Document, Problem
from eventwire.read.html import declared_charset, html_to_document
from eventwire.read.jsonl import parse_json, parse_line
from eventwire.read.validate import Unreadable, bad_encoding, decode, document, lone_surrogate

__all__ = ["Unreadable", "bad_encoding", "decode", "empty", "iter_documents", "sniff", "too_large"]

KINDS = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl",
         ".csv": "csv", ".tsv": "csv", ".rss": "feed", ".atom": "feed", ".xml": "feed",
         ".warc": "warc", ".warc.gz": "warc"}
SUPPORTED = ".txt, .md, .html, .htm, .json, .jsonl, .csv, .tsv, .rss, .atom, .xml, .warc or .warc.gz"
SNIFF_BYTES = 8192
BINARY_SHARE = 0.05  # share of control characters above which bytes are taken for binary
_CONTROL = bytes([*range(0, 9), 11, *range(14, 27), *range(28, 32), 127])  # all but \t \n \f \r ESC

Doc = Document | Problem
# one line of a stream: (number from 1, byte offset, the bytes or None when over max_bytes, length)
Line = tuple[int, int, bytes | None, int]


def iter_documents(
    inputs: Sequence[str],
    *,
    encoding: str = "utf-8",
    max_bytes: int = 5_000_000,
    stdin: TextIO | BinaryIO | None = None,
    text_column: str | None = None,
    fetch: bool = False,
) -> Iterator[Document | Problem]:
    """Documents from files, directories, feed URLs and ``-`` (stdin), in order; a Problem for each one lost.

    Never raises on bad input. ``max_bytes`` limits each text, HTML, JSON and feed file (and feed
    download), each line of a JSONL file, each row of a CSV file and each page in a WARC file (JSONL,
    CSV and WARC files themselves may be any size: they are streamed). ``text_column`` names the CSV
    column holding the text; ``fetch`` downloads the linked article of feed entries that give only a
    short summary.
    """
    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    if not _known(encoding):
        reason = f"unknown encoding {encoding!r}; pass one like utf-8 or latin-1"
        yield Problem(input="--encoding", reason=reason)
        return
    options = {"text_column": text_column, "fetch": fetch}
    for item in inputs:
        name = os.fspath(item)
        label = printable(name)
        try:
            if name[:8].lower().startswith(("http://", "https://")):
                from eventwire.read.feed import read_feed_url

                yield from read_feed_url(label, max_bytes=max_bytes, fetch_pages=fetch)
                continue
            if name == "-":
                yield from _read_stdin(stdin, encoding, max_bytes)
                continue
            path = Path(name)
            if path.is_dir():
                yield from _read_dir(path, label, encoding, max_bytes, **options)
            elif not path.exists():
                yield Problem(input=label, reason="no such file or directory; check the path")
            else:
                yield from _read_file(path, label, printable(path.name), encoding, max_bytes, explicit=True, **options)
        except Exception as err:  # the last guard of "bad input never raises"
            reason = f"could not read it ({type(err).__name__}: {err}); please report this"
            yield Problem(input=label, reason=reason)


# ---- reasons ---------------------------------------------------------------------------------


def printable(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (which Python keeps as lone surrogates, and which
    no output can hold) written as ``\\xff``, so the file keeps a name its events and problems can carry."""
    if lone_surrogate(name) is None:
        return name
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def too_large(what: str, size: int | None, max_bytes: int) -> str:
    """``size`` None: the size is not known (stdin is not read past the limit)."""
    size_text = "" if size is None else f"{_mb(size)}, "
    limit = _mb(max_bytes)
    return f"{what} is {size_text}over the {limit} limit; split it or raise the limit with --max-bytes"


def empty(what: str = "file") -> str:
    return f"{what} is empty (or only whitespace); nothing to code"


def sniff(head: bytes, encoding: str, what: str = "file") -> str | None:
    """Why the first bytes of an input are not text, or None when they look like text."""
    if head.startswith(b"%PDF"):
        return f"{what} is a PDF; convert it to text first (e.g. with pdftotext)"
    if codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")):
        return None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return f"{what} is UTF-16 text; re-save as UTF-8 or pass --encoding utf-16"
    # Control characters, NUL among them, in more than a few places: not text. A stray NUL in text
    # is no reason to lose a file: it is the record's (see eventwire.read.validate).
    control = len(head) - len(head.translate(None, _CONTROL))
    if control > BINARY_SHARE * len(head):
        return f"{what} looks binary (e.g. PDF/ZIP/image), not text; convert it to text first"
    return None


# ---- decoding --------------------------------------------------------------------------------


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True


def _iter_lines(readline: Callable[[int], bytes], max_bytes: int) -> Iterator[Line]:
    """Lines of a stream, never holding more than ``max_bytes`` of one line in memory."""
    lineno = offset = 0
    while line := readline(max_bytes + 1):
        lineno += 1
        length = len(line)
        if length > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of an over-long line
                line = readline(1 << 20)
                length += len(line)
            yield lineno, offset, None, length
        else:
            yield lineno, offset, line, length
        offset += length


# ---- inputs ----------------------------------------------------------------------------------


def _suffix(path: Path) -> str:
    return ".warc.gz" if path.name.lower().endswith(".warc.gz") else path.suffix.lower()


def _read_dir(root: Path, label: str, encoding: str, max_bytes: int, **options) -> Iterator[Doc]:
    """Files with a supported extension, recursively, sorted; each other file is a Problem saying
    why it is skipped (as it would be given by name); hidden files and folders are skipped quietly."""
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        files.extend(Path(dirpath, name) for name in filenames if not name.startswith("."))
    files.sort(key=lambda p: p.relative_to(root).parts)
    supported = {path for path in files if _suffix(path) in KINDS}
    for path in files:
        if path in supported:
            doc_id = printable(path.relative_to(root).as_posix())
            yield from _read_file(path, printable(str(path)), doc_id, encoding, max_bytes, **options)
        else:
            yield Problem(input=printable(str(path)), reason=f"skipped: {_skipped(path, encoding)}")
    if not supported:
        reason = f"no {SUPPORTED} files in this directory ({len(files)} other files skipped)"
        yield Problem(input=label, reason=reason)


def _skipped(path: Path, encoding: str) -> str:
    try:
        return _unsupported(path, _suffix(path), encoding)
    except OSError as err:
        return f"cannot read it: {err.strerror or err}; check the file's permissions"


def _read_file(
    path: Path,
    label: str,
    doc_id: str,
    encoding: str,
    max_bytes: int,
    explicit: bool = False,
    text_column: str | None = None,
    fetch: bool = False,
) -> Iterator[Doc]:
    """Documents of one file; ``doc_id`` is its document's id (or the prefix of its records' ids)."""
    suffix = _suffix(path)
    kind = KINDS.get(suffix, "text" if explicit and not suffix else None)
    try:
        size = path.stat().st_size
        if kind is None:
            yield Problem(input=label, reason=_unsupported(path, suffix, encoding))
            return
        if size == 0:
            yield Problem(input=label, reason=empty())
            return
        if kind == "warc":  # binary (often gzip), streamed record by record
            from eventwire.read.warc import read_warc

            yield from read_warc(path, label, max_bytes)
            return
        with path.open("rb") as f:
            head = f.read(SNIFF_BYTES)  # a binary file is reported as such whatever its size
            if reason := sniff(head, encoding):
                yield Problem(input=label, reason=reason)
                return
            if kind == "jsonl" and head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
                kind = "json"  # a JSON array saved as .jsonl: read it whole
            if kind == "csv":
                from eventwire.read.csv import read_csv

                f.seek(0)
                lines = _iter_lines(f.readline, max_bytes)
                delimiter = "\t" if suffix == ".tsv" else None
                yield from read_csv(lines, label, doc_id, encoding, max_bytes, delimiter=delimiter,
                                    text_column=text_column)
                return
            if size > max_bytes and kind != "jsonl":  # checked on the size: the file is not read
                yield Problem(input=label, reason=too_large("file", size, max_bytes))
                return
            if kind == "jsonl":
                f.seek(0)
                yield from _read_jsonl(_iter_lines(f.readline, max_bytes), label, doc_id, encoding, max_bytes)
                return
            data = head + f.read()
    except OSError as err:
        reason = f"cannot read it: {err.strerror or err}; check the file's permissions"
        yield Problem(input=label, reason=reason)
        return
    if kind == "feed":  # bytes: the feed's XML declaration says how it is encoded
        from eventwire.read.feed import read_feed

        yield from read_feed(data, label, doc_id, max_bytes=max_bytes, fetch_pages=fetch)
        return
    yield from _bytes_to_documents(data, kind, label, doc_id, encoding)


def _unsupported(path: Path, suffix: str, encoding: str) -> str:
    with path.open("rb") as f:
        reason = sniff(f.read(SNIFF_BYTES), encoding)
    if suffix == ".pdf":
        return sniff(b"%PDF", encoding) or ""
    if reason and "UTF-16" not in reason:  # a PDF or binary: say so, it tells what to do
        return reason
    kind = f"file type {suffix!r}" if suffix else "file without an extension"
    return f"unsupported {kind}; give {SUPPORTED} files (or - for stdin)"


def _bytes_to_documents(
    data: bytes, kind: str, label: str, doc_id: str, encoding: str, what: str = "file"
) -> Iterator[Doc]:
    try:
        text = decode(data, encoding)
    except Unreadable as err:
        charset = declared_charset(data) if kind == "html" else None
        try:  # a saved web page may say in a <meta> tag how it is encoded
            text = decode(data, charset) if charset and _known(charset) else None
        except Unreadable:
            text = None
        if text is None:
            yield Problem(input=label, reason=str(err))
            return
    if not text.strip():
        yield Problem(input=label, reason=empty(what))
    elif kind == "html":
        yield html_to_document(text, doc_id, label)
    elif kind == "json":
        yield from parse_json(text, doc_id, label)
    else:
        yield document(label, id=doc_id, text=text)


def _read_jsonl(
    lines: Iterable[Line], label: str, name: str, encoding: str, max_bytes: int, what: str = "file"
) -> Iterator[Doc]:
    """One document per non-blank line, ids defaulting to ``name:lineno``; bad lines are Problems."""
    seen = False
    for lineno, offset, raw, length in lines:
        where = f"{label}:{lineno}"
        if raw is None:
            seen = True
            yield Problem(input=where, reason=too_large("line", length, max_bytes))
            continue
        try:
            text = decode(raw, encoding, base=offset)
        except Unreadable as err:
            seen = True
            yield Problem(input=where, reason=str(err))
            continue
        if text.strip():
            seen = True
            yield parse_line(text, f"{name}:{lineno}", where)
    if not seen:
        yield Problem(input=label, reason=empty(what))


def _read_stdin(stream: TextIO | BinaryIO | None, encoding: str, max_bytes: int) -> Iterator[Doc]:
    """JSONL documents when the first non-blank character is ``{``; else one text document ``stdin``."""
    if stream is None:
        stream = getattr(sys.stdin, "buffer", sys.stdin)
    readline: Callable[[int], bytes]
    read: Callable[[int], bytes]
    if isinstance(stream, io.TextIOBase) or isinstance(stream.read(0), str):
        encoding = "utf-8"  # already decoded: round-trip it (undecodable bytes survive as surrogates)

        def readline(n: int) -> bytes:
            return stream.readline(n).encode("utf-8", "surrogateescape")

        def read(n: int) -> bytes:
            return stream.read(n).encode("utf-8", "surrogateescape")
    else:
        readline, read = stream.readline, stream.read
    lines = _iter_lines(readline, max_bytes)
    head: list[Line] = []
    for line in lines:  # up to the first line with something on it
        head.append(line)
        if line[2] is None or line[2].lstrip(codecs.BOM_UTF8).strip():
            break
    first = head[-1][2] if head else b""
    if first is not None and first.lstrip(codecs.BOM_UTF8).lstrip().startswith(b"{"):
        yield from _read_jsonl(chain(head, lines), "stdin", "stdin", encoding, max_bytes, what="stdin")
        return
    data = b"".join(line[2] or b"" for line in head)
    if first is not None and len(data) <= max_bytes:
        data += read(max_bytes + 1 - len(data))
    if reason := sniff(data[:SNIFF_BYTES], encoding, what="stdin"):
        yield Problem(input="stdin", reason=reason)
        return
    if first is None or len(data) > max_bytes:
        yield Problem(input="stdin", reason=too_large("stdin", None, max_bytes))
        return
    yield from _bytes_to_documents(data, "text", "stdin", "stdin", encoding, what="stdin")
