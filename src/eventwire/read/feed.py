"""RSS and Atom feeds, from a file or an ``http(s)://`` URL: one Document per entry.

An entry's text is its full content (``content:encoded`` in RSS, ``<content>`` in Atom) turned from
HTML into text, or its summary when it has no content. With ``fetch=True`` an entry whose text is
short (a teaser) is replaced by the article of the page it links to. Every download has a timeout
and a size limit, and every failure is a Problem: nothing raises.
"""

from __future__ import annotations

import email.utils
import http.client
import io
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date
from email.message import Message
from typing import Any

from eventwire.model import Document, Problem
from eventwire.read.files import _mb
from eventwire.read.html import declared_charset, html_to_document
from eventwire.read.jsonl import normalise_date
from eventwire.read.validate import document, normalise_text

TIMEOUT = 20  # seconds for one download, start to end
FETCH_BELOW = 400  # with fetch=True, entries with less text than this fetch their linked page
USER_AGENT = "eventwire/0.1 (+https://github.com/eventwire)"
FEED_ROOTS = {"rss", "feed", "rdf"}  # RSS 2.0 / 0.9x, Atom, RSS 1.0 (rdf:RDF)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_PROLOG = re.compile(rb"(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*", re.DOTALL | re.IGNORECASE)
_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*(?::[\w.\-]+)?)")
# a numeric character reference, also escaped once more as HTML inside XML (&amp;#55296;)
_CHAR_REFERENCE = re.compile(rb"&((?:amp;)?)#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")

Doc = Document | Problem


class FetchError(Exception):
    """A download that failed; ``str(err)`` says why, for the user."""


def is_url(value: str) -> bool:
    return value[:8].lower().startswith(("http://", "https://"))


def fetch(url: str, max_bytes: int, timeout: float = TIMEOUT) -> tuple[bytes, Message]:
    """The body and headers at ``url``, at most ``max_bytes``, within ``timeout`` seconds in all.

    Raises :class:`FetchError` (only) with a one-line reason.
    """
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            chunks, size = [], 0
            while chunk := response.read(min(1 << 16, max_bytes + 1 - size)):
                chunks.append(chunk)
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"it is over the {_mb(max_bytes)} limit; raise the limit with --max-bytes")
                if time.monotonic() > deadline:
                    raise TimeoutError
            return b"".join(chunks), response.headers
    except FetchError:
        raise
    except urllib.error.HTTPError as err:
        raise FetchError(f"the server answered HTTP {err.code} {err.reason}") from None
    except urllib.error.URLError as err:
        if isinstance(err.reason, TimeoutError):
            raise FetchError(f"no answer within {timeout:g} s") from None
        raise FetchError(f"cannot connect ({_one_line(err.reason)})") from None
    except TimeoutError:
        raise FetchError(f"no complete answer within {timeout:g} s") from None
    except (OSError, ValueError, http.client.HTTPException) as err:
        raise FetchError(f"the download failed ({type(err).__name__}: {_one_line(err)})") from None


def feed_root(head: bytes) -> str | None:
    """The local name of the root element (``rss``, ``feed``, ``html`` …), or None if not found."""
    head = head.lstrip(b"\xef\xbb\xbf")
    match = _ROOT.match(head, _PROLOG.match(head).end())
    return match.group(1).decode("ascii").rpartition(":")[2] if match else None


def read_feed_url(url: str, *, max_bytes: int, fetch_pages: bool = False) -> Iterator[Doc]:
    """The entries of the feed at ``url`` (downloaded with urllib: 20 s, at most ``max_bytes``)."""
    try:
        data, headers = fetch(url, max_bytes)
    except FetchError as err:
        yield Problem(input=url, reason=f"cannot download the feed: {err}; check the URL and your connection")
        return
    response = {"content-type": headers.get("Content-Type", "application/xml"), "content-location": url}
    yield from read_feed(data, url, url, max_bytes=max_bytes, fetch_pages=fetch_pages, headers=response)


def read_feed(
    data: bytes,
    label: str,
    name: str,
    *,
    max_bytes: int,
    fetch_pages: bool = False,
    headers: dict[str, str] | None = None,
) -> Iterator[Doc]:
    """One Document per entry of the RSS/Atom feed in ``data``; entries without an id get ``name#N``."""
    import feedparser

    root = feed_root(data[:65536])
    if root is not None and root.lower() not in FEED_ROOTS:
        yield Problem(input=label, reason=_not_a_feed(root))
        return
    headers = headers or {"content-type": "application/xml"}
    try:
        parsed = feedparser.parse(io.BytesIO(_without_bad_references(data)), response_headers=headers,
                                  sanitize_html=True)
    except Exception as err:  # feedparser is lenient, but a guard costs nothing
        yield Problem(input=label, reason=f"cannot parse the feed ({_one_line(err)}); check that it is RSS or Atom")
        return
    entries = parsed.get("entries") or []
    broken = _parse_error(parsed)
    if not entries:
        if broken:
            reason = f"not a readable RSS or Atom feed ({broken}); check the file or URL"
        elif not parsed.get("version"):
            reason = _not_a_feed(root or "unknown")
        else:
            reason = "the feed has no entries; nothing to code"
        yield Problem(input=label, reason=reason)
        return
    source = _plain(parsed.get("feed", {}).get("title"))
    for i, entry in enumerate(entries, 1):
        try:
            yield from _entry(entry, i, label, name, source, max_bytes, fetch_pages)
        except Exception as err:  # one odd entry must not lose the others
            reason = f"cannot read this entry ({type(err).__name__}: {_one_line(err)}); please report this"
            yield Problem(input=f"{label}#{i}", reason=reason)
    if broken:
        reason = (
            f"the feed is not well-formed XML ({broken}); {len(entries)} entries were read, "
            "any after the error are lost; download the feed again"
        )
        yield Problem(input=label, reason=reason)


def _without_bad_references(data: bytes) -> bytes:
    """References to no character (``&#0;``, a surrogate ``&#xD800;``, ``&#x110000;`` and beyond) made
    ``&#xFFFD;``, as HTML parsers do: feedparser fails on the whole feed for one of them, and every
    other entry would be lost."""

    def replace(match: re.Match[bytes]) -> bytes:
        hex_digits, decimal = match.group(2), match.group(3)
        digits = (hex_digits or decimal).lstrip(b"0") or b"0"
        # more than 8 digits is beyond U+10FFFF whatever they say (and no int() of 5,000 digits)
        value = 0x110000 if len(digits) > 8 else int(digits, 16 if hex_digits else 10)
        if value == 0 or 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
            return b"&" + match.group(1) + b"#xFFFD;"
        return match.group(0)

    return _CHAR_REFERENCE.sub(replace, data) if b"&" in data else data


def _entry(
    entry: Any, i: int, label: str, name: str, source: str | None, max_bytes: int, fetch_pages: bool
) -> Iterator[Doc]:
    where = f"{label}#{i}"
    link = (entry.get("link") or "").strip() or None
    doc_id = (entry.get("id") or "").strip() or link or f"{name}#{i}"
    text = entry_text(entry)
    title = _plain(entry.get("title"))
    day = entry_date(entry)
    linked = link is not None and is_url(link)
    if fetch_pages and len(text) < FETCH_BELOW and linked:
        page = fetch_article(link, doc_id, where, max_bytes)
        if isinstance(page, Document):
            if len(page.text) > len(text):
                text, title, day = page.text, title or page.title, day or page.date
        else:
            kept = f"kept the entry's {len(text)}-character summary" if text else "the entry is skipped"
            yield Problem(input=where, reason=f"{page.reason.rpartition(';')[0]}; {kept}")
            if not text:
                return
    if not text:
        hint = "pass --fetch to download the linked article" if linked else "nothing to code"
        yield Problem(input=where, reason=f"the feed entry has no text (no content or summary); {hint}")
        return
    yield document(where, id=doc_id, text=text, date=day, title=title, url=link, source=source)


def entry_text(entry: Any) -> str:
    """The entry's longest content (``content:encoded``, Atom ``<content>``) as text, else its summary."""
    texts = [_detail_text(c) for c in entry.get("content") or []]
    text = max(texts, key=len, default="")
    if not text and entry.get("summary"):
        text = _detail_text(entry.get("summary_detail") or {"type": "text/html", "value": entry["summary"]})
    return text


def entry_date(entry: Any) -> str | None:
    """``YYYY-MM-DD`` of the entry's published (else updated) date, as the publisher wrote it."""
    for key in ("published", "updated"):
        value = (entry.get(key) or "").strip()
        if not value:
            continue
        try:  # RFC 822 (RSS): keep the publisher's own day, not the day in UTC
            return email.utils.parsedate_to_datetime(value).date().isoformat()
        except (TypeError, ValueError, IndexError):
            pass
        if day := normalise_date(value):
            return day
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return date(*parsed[:3]).isoformat()
    return None


def fetch_article(url: str, doc_id: str, where: str, max_bytes: int) -> Doc:
    """The article on the page at ``url``, or a Problem saying why there is none."""
    try:
        data, headers = fetch(url, max_bytes)
    except FetchError as err:
        return Problem(input=where, reason=f"cannot download the linked article {url}: {err}; check the link")
    mime = headers.get_content_type()
    if mime not in (*_HTML_TYPES, "text/plain") and headers.get("Content-Type"):
        return Problem(input=where, reason=f"the linked page {url} is {mime}, not an HTML page; check the link")
    html = decode_page(data, headers.get_content_charset())
    result = html_to_document(html, doc_id, where)
    if isinstance(result, Problem):
        return Problem(input=where, reason=f"no article text found on the linked page {url}; check the link")
    return result


def decode_page(data: bytes, charset: str | None) -> str:
    """A web page's text: in the charset its headers or its ``<meta>`` declare, else UTF-8 (lenient)."""
    for candidate in (charset, declared_charset(data)):
        if candidate:
            try:
                return normalise_text(data.decode(candidate))
            except (LookupError, UnicodeDecodeError):
                continue
    return normalise_text(data.decode("utf-8", errors="replace"))


def html_text(html: str) -> str:
    """Text of an HTML fragment (an entry's content): trafilatura, else every text node."""
    import trafilatura

    page = f"<html><body>{html}</body></html>"
    try:
        text = trafilatura.extract(page, favor_recall=True, include_comments=False, include_tables=True)
    except Exception:  # broken markup: fall back to the plain text nodes
        text = None
    if not text:
        try:
            import lxml.html

            text = lxml.html.fromstring(page).text_content()
        except Exception:
            text = re.sub(r"<[^>]+>", " ", html)
        text = " ".join(text.split())
    return normalise_text(text).strip()


def _detail_text(detail: Any) -> str:
    value = detail.get("value") or ""
    if detail.get("type", "text/html") in _HTML_TYPES:
        return html_text(value)
    return normalise_text(value).strip()


def _plain(value: Any) -> str | None:
    """A title: feedparser already decoded entities; drop any tags left in it."""
    if not isinstance(value, str):
        return None
    return " ".join(re.sub(r"<[^>]+>", " ", value).split()) or None


def _parse_error(parsed: Any) -> str | None:
    """The XML error feedparser met, if any (not its encoding or content-type warnings)."""
    import xml.sax

    err = parsed.get("bozo_exception")
    if isinstance(err, xml.sax.SAXParseException):
        return f"{err.getMessage()} at line {err.getLineNumber()}"
    return None


def _not_a_feed(root: str) -> str:
    if root.lower() == "html":
        return "an HTML page, not an RSS or Atom feed; give the feed's address (or save the page as .html)"
    return f"not an RSS or Atom feed (its root element is <{root}>); give an RSS or Atom feed"


def _one_line(value: Any) -> str:
    return " ".join(str(value).split())[:200]
