"""WARC files (``.warc``, ``.warc.gz``) as Common Crawl News publishes them: one Document per article page.

Each ``response`` record holding an HTML (or plain text) page served with HTTP 200 is read with the
same article extraction as a saved ``.html`` file. Other records (requests, metadata, images, 404s,
pages without an article) are skipped without a word; only a file in which nothing at all could be
read says so, in one Problem. A file cut short (an interrupted download) keeps the articles before
the cut and reports the rest in one Problem.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventwire.model import Document, Problem
from eventwire.read.feed import decode_page
from eventwire.read.files import _mb
from eventwire.read.html import MIN_WORDS, NO_TEXT, UNPARSABLE, html_to_document
from eventwire.read.jsonl import normalise_date
from eventwire.read.validate import document

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP = b"\x1f\x8b"
_ONE_STREAM = "gzipped as one stream"

Doc = Document | Problem


def read_warc(path: Path, label: str, max_bytes: int) -> Iterator[Doc]:
    """The articles of one WARC file, streamed record by record (the file may be any size).

    ``max_bytes`` limits each page; a larger page is a Problem for ``label#N`` (N: its record, from 1).
    """
    from warcio.archiveiterator import ArchiveIterator

    records = found = 0
    broken: str | None = None
    with path.open("rb") as f:
        if reason := _not_warc(f.read(65536)):
            yield Problem(input=label, reason=reason)
            return
        f.seek(0)
        size = path.stat().st_size
        try:
            iterator = ArchiveIterator(f)
            for record in iterator:
                records += 1
                item = _record_to_item(record, f"{label}#{records}", max_bytes)
                if _cut_short(record):
                    records -= 1
                    broken = "the last record is cut short"
                    break
                if item is not None:
                    found += isinstance(item, Document)
                    yield item
            else:
                if iterator.offset < size:  # warcio stops without a word at a cut-off gzip member
                    broken = f"it ends in an incomplete record at byte {iterator.offset:,}"
        except Exception as err:  # warcio, zlib and gzip fail in many ways on damaged files
            broken = _error_text(err)
    if broken == _ONE_STREAM:
        reason = (
            f"the WARC file is gzipped as one stream, not record by record ({found} articles read); "
            "recompress it with: warcio recompress FILE NEW_FILE"
        )
        yield Problem(input=label, reason=reason)
    elif broken:
        reason = (
            f"the WARC file is truncated or corrupt after record {records} ({broken}); "
            f"the {found} articles before it were read; download the file again"
        )
        yield Problem(input=label, reason=reason)
    elif not found:
        reason = f"no article in the WARC file: {records} records, none an HTML page with article text"
        yield Problem(input=label, reason=reason)


def _not_warc(head: bytes) -> str | None:
    """Why the start of a file is not a WARC file, or None when it is one."""
    if head.startswith(_GZIP):
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 64)
        except zlib.error:
            return "the .warc.gz file is not valid gzip; download the file again"
    if head.lstrip(b"\r\n").startswith(b"WARC/"):
        return None
    return "not a WARC file (it does not start with a WARC/1.x record); give a .warc or .warc.gz file"


def _record_to_item(record: Any, where: str, max_bytes: int) -> Doc | None:
    """The Document in one record, a Problem for an over-long page, or None for a record to skip."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    mime = content_type.partition(";")[0].strip().lower()
    if mime not in (*_HTML_TYPES, "text/plain", ""):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    try:
        payload = record.content_stream().read(max_bytes + 1)
    except Exception:  # a broken content encoding: a page that cannot be read is skipped
        return None
    if len(payload) > max_bytes:
        return Problem(input=where, reason=f"the page {uri} is over the {_mb(max_bytes)} limit; raise --max-bytes")
    charset = content_type.partition("charset=")[2].split(";")[0].strip(" \"'") or None
    text = decode_page(payload, charset)
    doc_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<> ") or uri or where
    crawled = normalise_date(record.rec_headers.get_header("WARC-Date"))
    if mime == "text/plain":
        text = text.strip()
        if len(text.split()) < MIN_WORDS:
            return None
        return document(where, id=doc_id, text=text, date=crawled, url=uri)
    if mime == "" and "<html" not in text[:4096].lower():
        return None
    result = html_to_document(text, doc_id, where)
    if isinstance(result, Problem):
        # a page without an article (a home page, an index, an error page served as 200) is skipped;
        # a page whose text fails the checks of eventwire.read.validate is reported
        return None if result.reason == NO_TEXT or result.reason.startswith(UNPARSABLE) else result
    # the record's own URL and crawl date, checked as every field is
    fields = result.model_dump() | {"url": uri or result.url, "date": result.date or crawled}
    return document(where, **fields)


def _cut_short(record: Any) -> bool:
    """Whether the record's block ends before its Content-Length: the file was cut inside it."""
    stream = record.raw_stream
    while stream.read(1 << 16):
        pass
    return getattr(stream, "limit", 0) > 0


def _error_text(err: Exception) -> str:
    lines = str(err).strip().splitlines()
    text = lines[0] if lines else type(err).__name__
    if "non-chunked gzip" in str(err):
        return _ONE_STREAM
    if text.startswith("Invalid WARC record"):
        return "invalid WARC record"
    text = "".join(c if c.isprintable() else "?" for c in text)[:80]
    return f"{type(err).__name__}: {text}"
