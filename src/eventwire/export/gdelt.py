"""GDELT 2.0 Events and Mentions TSV: one row per Event, tab-separated, no header, as GDELT's files.

Events (format ``gdelt``, :func:`write`): 61 columns.

The columns and their order are those of the GDELT 2.0 Event codebook (:data:`COLUMNS`). How
our fields fill them:

- ``GLOBALEVENTID``: a stable integer from the event id (its first 15 hex digits), so that a
  Mentions row (:func:`write_mentions`, format ``gdelt-mentions``) joins its Events row.
- ``SQLDATE``/``MonthYear``/``Year``/``FractionDate``: the event date when the text gives the
  day, else the document's publication date (GDELT's own fallback); ``DATEADDED`` is the
  publication day at 00:00:00 (the file stays the same from run to run).
- Actors: ``ActorNCode`` is our CAMEO-style code, ``ActorNCountryCode`` the country (IGO/NGO
  classes are no country: empty), ``ActorNKnownGroupCode`` a named organisation's own code,
  ``ActorNType1-3Code`` the sectors (``IGO``/``NGO`` first for organisations). Ethnic and
  religion codes are not coded by eventwire: empty.
- ``EventCode`` keeps CAMEO's leading zeros (``0231``), ``EventBaseCode`` is its first three
  digits, ``EventRootCode`` its first two.
- One coded mention: ``NumMentions``/``NumSources``/``NumArticles`` are 1; ``AvgTone`` is empty
  (eventwire measures no tone); ``IsRootEvent`` is 1 for an event of the first sentence. The
  exports of the event database (``eventwire.store.export``) give :func:`event_row` and
  :func:`mention_cells` a stored event's own counts, dates and source URL.
- Geography: the event's place fills ``ActionGeo_*``; eventwire places no actor, so the
  ``Actor1Geo_*``/``Actor2Geo_*`` columns are empty. Country codes there are **FIPS 10-4**
  (``data/codebooks/iso3-to-fips.yaml``), types as GDELT's: 1 country, 2 US state, 3 US city,
  4 world city, 5 world state (region).

Mentions (format ``gdelt-mentions``, :func:`write_mentions`): 16 columns, one row per coded
mention: the web article (``MentionType`` 1) with its URL, the 1-based sentence, the character
offsets of the actors and the trigger in the document (-1 where unknown), ``InRawText`` 1 and
``Confidence`` 0-100; tone and translation are left empty.

Both writers quote a cell that a spreadsheet would take for a formula (``=…``, ``@…``; see
:mod:`eventwire.export.cells`); :func:`event_row` and :func:`mention_cells` give the cells as they are.

Documents: give CodedDocuments (what ``Coder.code_many`` yields) to have the publication date
and URL; bare Events are written with what they carry.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from datetime import date as Date
from functools import cache
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field

from eventwire.datafiles import builtin_file, load_entries
from eventwire.errors import DataFileError
from eventwire.export.cells import safe_cells
from eventwire.model import Actor, CodedDocument, Document, Event, Location, day_of

FIPS_FORMAT = "eventwire.fips.v1"
ACTOR_COLUMNS = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
                 "Type1Code", "Type2Code", "Type3Code"]
GEO_COLUMNS = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in ACTOR_COLUMNS),
    *(f"Actor2{c}" for c in ACTOR_COLUMNS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in GEO_COLUMNS),
    *(f"Actor2Geo_{c}" for c in GEO_COLUMNS),
    *(f"ActionGeo_{c}" for c in GEO_COLUMNS),
    "DATEADDED", "SOURCEURL",
]
assert len(COLUMNS) == 61
MENTION_COLUMNS = [
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName", "MentionIdentifier",
    "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset", "InRawText", "Confidence",
    "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
]
WEB = 1  # MentionType of a web article

NON_COUNTRIES = frozenset({"IGO", "NGO", "MNC", "UNK"})  # class codes in Actor.country that name no country
# geo types of the GDELT codebook
COUNTRY, US_STATE, US_CITY, WORLD_CITY, WORLD_STATE = 1, 2, 3, 4, 5


# ---- the country table: ISO alpha-3 → FIPS 10-4, ISO alpha-2, ISO numeric, name ----------------


class Country(BaseModel):
    model_config = ConfigDict(extra="forbid")

    iso3: str = Field(pattern=r"^[A-Z]{3}$")
    iso2: str | None = Field(None, pattern=r"^[A-Z]{2}$")
    numeric: int | None = Field(None, ge=0, le=999)
    fips: str | None = Field(pattern=r"^[A-Z]{2}$")
    name: str = Field(min_length=1)
    places: dict[str, list[str]] = Field(default_factory=dict, description="FIPS code → place names that take it")


def load_countries(path: Path) -> dict[str, Country]:
    """The country table of ``path`` by ISO alpha-3; every bad or repeated entry is reported at once."""
    entries = load_entries(path, FIPS_FORMAT, "countries", Country)
    problems, table = [], {}
    for n, entry in enumerate(entries, 1):
        if entry.iso3 in table:
            problems.append(f"entry {n} ({entry.iso3}): iso3 {entry.iso3} is listed twice")
        bad = [code for code in entry.places if not re.fullmatch(r"[A-Z]{2}", code)]
        if bad:
            problems.append(f"entry {n} ({entry.iso3}): places: {', '.join(bad)} is no FIPS code (2 capital letters)")
        table[entry.iso3] = entry
    if problems:
        raise DataFileError(str(path), problems)
    return table


@cache
def countries() -> dict[str, Country]:
    return load_countries(builtin_file("codebooks", "iso3-to-fips.yaml"))


def gdelt_quad(root: str) -> int:
    """GDELT's QuadClass of a CAMEO root (01–05 verbal cooperation … 14–20 material conflict), which
    differs from the Phoenix quad class eventwire's events carry (statements neutral, 16 verbal)."""
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


def fips(iso3: str | None, place: Location | None = None) -> str:
    """The FIPS 10-4 code of a country (``GBR`` → ``UK``), of the part holding ``place`` where FIPS splits it."""
    country = countries().get(iso3 or "")
    if country is None:
        return ""
    if place is not None:
        words = " ".join(filter(None, (place.name, place.text))).casefold()
        for code, names in country.places.items():
            if any(re.search(rf"\b{re.escape(name.casefold())}\b", words) for name in names):
                return code
    return country.fips or ""


def country_name(iso3: str | None) -> str:
    country = countries().get(iso3 or "")
    return country.name if country else ""


# ---- documents and dates ----------------------------------------------------------------------


def with_documents(events_or_docs: Iterable[Event | CodedDocument]) -> Iterator[tuple[Event, Document | None]]:
    """Each event with its document (None for a bare Event), lazily, in order."""
    for item in events_or_docs:
        if isinstance(item, CodedDocument):
            for event in item.events:
                yield event, item.document
        else:
            yield item, None


def global_event_id(event_id: str) -> int:
    """A stable positive integer (< 2**60) for an event id: its first 15 hex digits, or those of its SHA-1."""
    digits = event_id if re.fullmatch(r"[0-9a-fA-F]{15,}", event_id) else hashlib.sha1(event_id.encode()).hexdigest()
    return int(digits[:15], 16)




def event_day(event: Event, document: Document | None) -> tuple[Date | None, bool]:
    """(day, from the text): the event's date at day precision, else the publication date, else the
    first day of the event's coarser date."""
    if event.date and event.date.precision == "day" and (day := day_of(event.date.value)):
        return day, True
    if document and (day := day_of(document.date)):
        return day, False
    if event.date:
        parts = re.match(r"^(\d{4})(?:-(\d{2}))?", event.date.value)
        if parts:
            return Date(int(parts.group(1)), int(parts.group(2) or 1), 1), True
    return None, False


def _fraction_date(day: Date) -> str:
    """GDELT's YYYY.FFFF: the year plus the share of it gone by (months counted as 30 days)."""
    return f"{day.year + ((day.month - 1) * 30 + day.day) / 365:.4f}"


# ---- rows -------------------------------------------------------------------------------------


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _clean(text: str | None) -> str:
    """A cell: no tab or line break may reach the TSV."""
    return " ".join((text or "").split())


def known_group(actor: Actor) -> str:
    """The own code of a named organisation or group (``UNO``, ``TAL``), without country and sectors."""
    if actor.kind not in {"igo", "ngo", "group"}:
        return ""
    rest = actor.code
    if actor.country and actor.country not in NON_COUNTRIES and rest.startswith(actor.country):
        rest = rest[len(actor.country):]
    for sector in reversed(actor.sectors):
        if rest.endswith(sector):
            rest = rest[: -len(sector)]
    return rest if rest and rest not in actor.sectors else ""


def actor_types(actor: Actor) -> list[str]:
    """GDELT's three type codes: IGO/NGO for organisations, then the sectors."""
    types = [actor.country] if actor.country in {"IGO", "NGO"} else []
    types += [s for s in actor.sectors if s not in types]
    return (types + ["", "", ""])[:3]


def _actor(actor: Actor | None) -> list[str]:
    if actor is None:
        return [""] * len(ACTOR_COLUMNS)
    country = actor.country if actor.country and actor.country not in NON_COUNTRIES else ""
    name = actor.name or country_name(actor.code if actor.kind == "country" else None) or actor.text
    return [actor.code, _clean(name).upper(), country, known_group(actor), "", "", "", *actor_types(actor)]


def geo_type(location: Location) -> int:
    if location.feature == "city":
        return US_CITY if location.country == "USA" else WORLD_CITY
    if location.feature == "region":
        return US_STATE if location.country == "USA" else WORLD_STATE
    return COUNTRY


def geo(location: Location | None) -> list[str]:
    """The eight geo columns of a place (empty when there is none)."""
    if location is None or (location.country is None and location.lat is None):
        return [""] * len(GEO_COLUMNS)
    kind = geo_type(location)
    code = fips(location.country, location)
    country = country_name(location.country)
    if kind == COUNTRY:
        full = country or _clean(location.name or location.text)
    else:
        full = ", ".join(part for part in (_clean(location.name or location.text), country) if part)
    # GDELT's ADM1 code and feature id of a country match are the country's code; finer ones
    # are gazetteer codes eventwire does not have
    adm1 = feature = code if kind == COUNTRY else ""
    return [str(kind), full, code, adm1, "", _number(location.lat), _number(location.lon), feature]


def row(event: Event, document: Document | None = None) -> list[str]:
    """The 61 cells of an Event (and the Document it came from)."""
    day, _ = event_day(event, document)
    added = day_of(document.date if document else None) or day
    return event_row(event, day=day, added=added, url=document.url if document else None)


def event_row(event: Event, *, day: Date | None, added: Date | None, url: str | None,
              counts: tuple[int, int, int] = (1, 1, 1), is_root: bool | None = None) -> list[str]:
    """The 61 cells of an event given its day, the day it was added, its source URL and its numbers of
    mentions, sources and articles (one coded Event: 1, 1, 1; a stored event: its own).

    ``event`` gives the actors, codes and place; ``is_root`` defaults to "from the first sentence".
    """
    code = event.cameo if len(event.cameo) > 2 else event.cameo.ljust(3, "0")
    root = event.sentence == 0 if is_root is None else is_root
    cells = [
        str(global_event_id(event.event_id)),
        day.strftime("%Y%m%d") if day else "",
        day.strftime("%Y%m") if day else "",
        str(day.year) if day else "",
        _fraction_date(day) if day else "",
        *_actor(event.source),
        *_actor(event.target),
        "1" if root else "0",
        code,
        code[:3],
        code[:2],
        str(gdelt_quad(code[:2])) if code[:2].isdigit() else "",
        _number(event.goldstein),
        *(str(n) for n in counts),
        "",
        *geo(None),
        *geo(None),
        *geo(event.location),
        added.strftime("%Y%m%d000000") if added else "",
        _clean(url),
    ]
    return [_clean(cell) for cell in cells]


def write(events_or_docs: Iterable[Event | CodedDocument], out: TextIO) -> None:
    for event, document in with_documents(events_or_docs):
        out.write("\t".join(safe_cells(row(event, document))) + "\n")
        out.flush()


# ---- mentions ---------------------------------------------------------------------------------


def source_name(document: Document | None) -> str:
    """GDELT names a web source by its domain (``bbc.co.uk``); else the outlet's name."""
    if document is None:
        return ""
    if document.url:
        host = urlsplit(document.url).hostname or ""
        if host:
            return host.removeprefix("www.")
    return document.source or ""


def _offset(start: int | None) -> str:
    return str(start) if start is not None else "-1"


def mention_row(event: Event, document: Document | None = None) -> list[str]:
    """The 16 cells of the mention of an Event in its Document."""
    day, _ = event_day(event, document)
    published = day_of(document.date if document else None)
    return mention_cells(
        event, global_id=global_event_id(event.event_id), event_time=published or day, mention_time=published,
        source=source_name(document), identifier=(document.url or document.id) if document else event.doc_id,
        doc_len=len(document.text) if document else None)


def mention_cells(event: Event, *, global_id: int, event_time: Date | None, mention_time: Date | None,
                  source: str, identifier: str, doc_len: int | None = None) -> list[str]:
    """The 16 cells of one mention: ``event`` (the coded Event of the mention) gives the sentence, the
    offsets and the confidence; the rest is given (the event's id and DATEADDED, the article's)."""
    cells = [
        str(global_id),
        event_time.strftime("%Y%m%d000000") if event_time else "",
        mention_time.strftime("%Y%m%d000000") if mention_time else "",
        str(WEB),
        source,
        identifier,
        str(event.sentence + 1),
        _offset(event.source.start if event.source else None),
        _offset(event.target.start if event.target else None),
        _offset(event.trigger.start),
        "1",
        str(round(max(0.0, min(1.0, event.confidence)) * 100)),
        "" if doc_len is None else str(doc_len),
        "",
        "",
        "",
    ]
    return [_clean(cell) for cell in cells]


def write_mentions(events_or_docs: Iterable[Event | CodedDocument], out: TextIO) -> None:
    for event, document in with_documents(events_or_docs):
        out.write("\t".join(safe_cells(mention_row(event, document))) + "\n")
        out.flush()
