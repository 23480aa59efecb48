"""HTML pages: the main article text, with title, date, URL and site name, extracted by trafilatura."""

from __future__ import annotations

import re

from eventwire.model import Document, Problem
from eventwire.read.jsonl import normalise_date
from eventwire.read.validate import document, normalise_text

MIN_WORDS = 5
NO_TEXT = "no article text found in the HTML page; save the article text as .txt instead"
UNPARSABLE = "could not parse the HTML page"

# Cookie and consent banners are the boilerplate trafilatura most often mistakes for an article.
# Only small elements holding no article are pruned: a page wrapper flagged "cookie-consent-given"
# must survive.
_FLAGGED = " or ".join(f"contains(@{a}, '{w}')" for w in ("cookie", "consent") for a in ("class", "id"))
_ARTICLE = ".//article or .//main or .//h1 or count(.//p) > 3 or string-length(normalize-space(.)) > 1000"
_PRUNE = f"//*[not(self::html or self::body)][{_FLAGGED}][not({_ARTICLE})]"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_:.-]+)""", re.IGNORECASE)


def declared_charset(head: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag near its start, if any."""
    match = _META_CHARSET.search(head[:4096])
    return match.group(1).decode("ascii") if match else None


def html_to_document(html: str, doc_id: str, where: str) -> Document | Problem:
    """The article in an HTML page as a Document, or a Problem when no article text is found.

    The headline goes to ``title`` (and is dropped from the top of the text when trafilatura
    repeats it there); the date comes from the page's metadata only, never guessed from its body.
    """
    import trafilatura
    from trafilatura.settings import set_date_params

    try:
        result = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            favor_precision=True,
            include_comments=False,
            include_tables=False,
            prune_xpath=_PRUNE,
            date_extraction_params=set_date_params(False),
        )
    except Exception as err:  # trafilatura/lxml fail in many ways on broken markup
        reason = f"{UNPARSABLE} ({err}); save the article text as .txt instead"
        return Problem(input=where, reason=reason)
    text = normalise_text(result.text or "").strip() if result is not None else ""
    if len(text.split()) < MIN_WORDS:  # a stray menu link or button label is not an article
        return Problem(input=where, reason=NO_TEXT)
    title = (result.title or "").strip() or None
    if title:
        first, _, rest = text.partition("\n")
        if first.strip() == title and rest.strip():
            text = rest.lstrip("\n")
    return document(
        where,
        id=doc_id,
        text=text,
        date=normalise_date(result.date),
        title=title,
        url=(result.url or "").strip() or None,
        source=(result.sitename or "").strip() or None,
    )
