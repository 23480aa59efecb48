"""ACLED-style CSV: ACLED's 31 columns, one row per event that ACLED would record.

ACLED records political violence, demonstrations and a few strategic developments, so only
events whose CAMEO code has an ACLED type in ``data/codebooks/acled-types.yaml`` are written,
and only events the text asserts happened (an intended, expected, hypothetical or denied
event is no ACLED event). :func:`write` returns how many events were written and why the
others were left out.

How the columns are filled:

- ``event_id_cnty``: the country code and a number from the event id; ``event_date`` the
  event's date (the middle of its week or month when the text gives no day; the publication
  date when it gives none), ``time_precision`` 1 day, 2 week or a date taken from the
  publication, 3 month or coarser.
- ``actor1``/``actor2``: ACLED-style names (``Military Forces of Russia``, ``Protesters
  (Ukraine)``, ``Civilians (Ukraine)``) with the actor as the text names it in
  ``assoc_actor_N`` when that says more; ``inter1``/``inter2`` ACLED's actor type numbers (1 state
  forces, 2 rebel groups, 3 political militias, 5 rioters, 6 protesters, 7 civilians,
  8 external/other forces: state forces outside their country) and ``interaction`` the two
  sorted into one number (``18``; ``60`` for protesters alone).
- ``iso`` the ISO numeric code, ``country`` its name; ``admin1`` a region, ``location`` a city
  (or the region or country); ``geo_precision`` 1 city, 2 region, 3 country. An event the text
  places nowhere keeps these empty (and ``XXX`` in ``event_id_cnty``): an actor's country is
  not where it acted.
- ``source`` the outlet, ``notes`` the evidence text, ``fatalities`` the sum of the event's
  quantities counted in "killed" (0 when none), ``timestamp`` the publication day (Unix time).
- ``region``, ``admin2``, ``admin3``, ``source_scale`` and ``tags`` are left empty.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from datetime import date as Date
from functools import cache
from pathlib import Path
from typing import TextIO

from pydantic import BaseModel, ConfigDict, Field, model_validator

from eventwire.datafiles import builtin_file, load_entries
from eventwire.errors import DataFileError
from eventwire.export.cells import safe_row
from eventwire.export.gdelt import NON_COUNTRIES, countries, country_name, global_event_id, with_documents
from eventwire.model import Actor, CodedDocument, Document, Event

FORMAT = "eventwire.acled.v1"
COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
# ACLED's event types and their sub-event types
SUB_EVENT_TYPES = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}
DISORDER_TYPES = {"Political violence", "Demonstrations", "Strategic developments",
                  "Political violence; Demonstrations"}
# ACLED's actor types (inter1, inter2)
STATE, REBELS, MILITIA, RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL = 1, 2, 3, 5, 6, 7, 8
STATE_SECTORS = {"MIL": "Military Forces", "COP": "Police Forces", "SPY": "Intelligence Services",
                 "GOV": "Government", "LEG": "Government", "JUD": "Government"}
# who acts for a country named as a whole ("Russia", "Ukraine"), by sub-event type (else its military)
COUNTRY_AGENTS = {"Excessive force against protesters": "Police Forces", "Arrests": "Police Forces",
                  "Agreement": "Government", "Peaceful protest": "Police Forces"}
REBEL_SECTORS = {"REB", "INS", "SEP", "UAF"}
VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
GEO_PRECISION = {"city": 1, "region": 2, "country": 3}


class AcledType(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cameo: str = Field(pattern=r"^\d{2,4}$", description="CAMEO code prefix, quoted")
    event_type: str
    sub_event_type: str
    disorder_type: str

    @model_validator(mode="after")
    def _acled_names(self) -> AcledType:
        if self.event_type not in SUB_EVENT_TYPES:
            raise ValueError(f"event_type {self.event_type!r} is not one of ACLED's: {', '.join(SUB_EVENT_TYPES)}")
        if self.sub_event_type not in SUB_EVENT_TYPES[self.event_type]:
            raise ValueError(f"sub_event_type {self.sub_event_type!r} is not one of {self.event_type}'s: "
                             + ", ".join(sorted(SUB_EVENT_TYPES[self.event_type])))
        if self.disorder_type not in DISORDER_TYPES:
            raise ValueError(f"disorder_type {self.disorder_type!r} is not one of {', '.join(sorted(DISORDER_TYPES))}")
        return self


def load_types(path: Path) -> dict[str, AcledType]:
    """CAMEO prefix → ACLED type, from ``path``; every bad or repeated entry is reported at once."""
    entries = load_entries(path, FORMAT, "types", AcledType)
    table: dict[str, AcledType] = {}
    problems = []
    for n, entry in enumerate(entries, 1):
        if entry.cameo in table:
            problems.append(f"entry {n}: cameo {entry.cameo} is listed twice")
        table[entry.cameo] = entry
    if problems:
        raise DataFileError(str(path), problems)
    return table


@cache
def default_types() -> dict[str, AcledType]:
    return load_types(builtin_file("codebooks", "acled-types.yaml"))


def acled_type(cameo: str, types: dict[str, AcledType] | None = None) -> AcledType | None:
    """The ACLED type of the longest listed prefix of ``cameo`` (``1831`` → Suicide bomb), or None."""
    types = default_types() if types is None else types
    for length in range(len(cameo), 1, -1):
        if cameo[:length] in types:
            return types[cameo[:length]]
    return None


# ---- cells ------------------------------------------------------------------------------------


def fatalities(event: Event) -> int:
    """The sum of the event's quantities counted in "killed"."""
    return int(sum(q.value for q in event.quantities if (q.unit or "").casefold() == "killed"))


def acled_date(event: Event, document: Document | None) -> tuple[Date | None, int]:
    """(event_date, time_precision): the day the text gives (1); the middle of its week (2), or of its month,
    season, year or decade (3); with no date in the text, the publication date (2)."""
    date = event.date
    if date is not None:
        value, precision = date.value, date.precision
        day = re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) and Date.fromisoformat(value)
        if day and precision == "day":
            return day, 1
        if day and precision == "week":
            return day + timedelta(days=3), 2
        month = re.fullmatch(r"(\d{4})-(\d{2})", value)
        if month and precision in {"month", "season"}:
            return Date(int(month.group(1)), int(month.group(2)), 15), 3
        year = re.fullmatch(r"\d{4}", value)
        if year and precision in {"year", "decade"}:
            return Date(int(value) + (5 if precision == "decade" else 0), 7, 1), 3
    published = document.date if document and document.date else None
    if published and re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
        return Date.fromisoformat(published), 2
    return None, 3


def _where(event: Event) -> str | None:
    location = event.location
    return location.country if location and location.country else None


def actor_cell(actor: Actor | None, role: int, event: Event, kind: AcledType) -> tuple[str, str, int]:
    """(actor, assoc_actor, inter) of one side of an event; ``role`` 1 for actor1, 2 for actor2."""
    place = _where(event)
    if actor is None:
        if role == 2 and kind.event_type == "Violence against civilians":
            return f"Civilians ({country_name(place)})" if place else "Civilians", "", CIVILIANS
        return "", "", 0
    country = actor.country if actor.country and actor.country not in NON_COUNTRIES else None
    of = country_name(country) or (actor.country or "")
    said = actor.name or actor.text
    if role == 1 and kind.event_type in {"Protests", "Riots"} and kind.sub_event_type != (
            "Excessive force against protesters"):
        who, inter = ("Rioters", RIOTERS) if kind.event_type == "Riots" else ("Protesters", PROTESTERS)
        return f"{who} ({of})" if of else who, said, inter
    if role == 2 and kind.sub_event_type == "Excessive force against protesters":
        return f"Protesters ({of})" if of else "Protesters", said, PROTESTERS
    state = next((STATE_SECTORS[s] for s in actor.sectors if s in STATE_SECTORS), None)
    if state is None and actor.kind == "country":  # "Russia struck ...": the state acts through its forces
        state = COUNTRY_AGENTS.get(kind.sub_event_type, "Military Forces")
    if state and country:
        inter = EXTERNAL if place and place != country else STATE
        name = f"{state} of {of}"
        return name, "" if said.casefold() in {of.casefold(), name.casefold()} else said, inter
    if set(actor.sectors) & REBEL_SECTORS or actor.kind == "group":
        return said, "", REBELS
    if role == 2 and kind.event_type in VIOLENT_TYPES:
        return (f"Civilians ({of})" if of else "Civilians"), said, CIVILIANS
    if "CVL" in actor.sectors:
        return (f"Civilians ({of})" if of else "Civilians"), said, CIVILIANS
    return said, "", MILITIA if actor.kind == "group" else 0


def interaction(inter1: int, inter2: int) -> str:
    if not inter1 and not inter2:
        return ""
    if not inter2 or not inter1:
        return str((inter1 or inter2) * 10)
    low, high = sorted((inter1, inter2))
    return f"{low}{high}"


def row(event: Event, document: Document | None = None, kind: AcledType | None = None) -> dict[str, str] | None:
    """The ACLED row of an Event, or None when ACLED has no type for it."""
    kind = kind or acled_type(event.cameo)
    if kind is None:
        return None
    day, precision = acled_date(event, document)
    actor1, assoc1, inter1 = actor_cell(event.source, 1, event, kind)
    actor2, assoc2, inter2 = actor_cell(event.target, 2, event, kind)
    location = event.location
    iso3 = _where(event) or ""  # the place of the event, never an actor's country: they differ in war
    country = countries().get(iso3)
    feature = (location.feature or "country") if location else None
    place = (location.name or location.text) if location else ""
    published = None
    if document and document.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", document.date):
        published = datetime.fromisoformat(document.date).replace(tzinfo=UTC)
    targeted = inter2 == CIVILIANS or kind.event_type == "Violence against civilians"
    values = {
        "event_id_cnty": f"{iso3 if country else 'XXX'}{global_event_id(event.event_id) % 10**9}",
        "event_date": day.isoformat() if day else "",
        "year": str(day.year) if day else "",
        "time_precision": str(precision),
        "disorder_type": kind.disorder_type,
        "event_type": kind.event_type,
        "sub_event_type": kind.sub_event_type,
        "actor1": actor1,
        "assoc_actor_1": assoc1,
        "inter1": str(inter1) if inter1 else "",
        "actor2": actor2,
        "assoc_actor_2": assoc2,
        "inter2": str(inter2) if inter2 else "",
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if targeted and kind.event_type in VIOLENT_TYPES else "",
        "iso": str(country.numeric) if country and country.numeric is not None else "",
        "region": "",
        "country": country.name if country else "",
        "admin1": place if feature == "region" else "",
        "admin2": "",
        "admin3": "",
        "location": place if feature in {"city", "region"} else (country.name if country else place),
        "latitude": "" if location is None or location.lat is None else str(location.lat),
        "longitude": "" if location is None or location.lon is None else str(location.lon),
        "geo_precision": str(GEO_PRECISION.get(feature or "", 3)) if location else "",
        "source": (document.source or "") if document else "",
        "source_scale": "",
        "notes": " ".join(event.evidence.text.split()),
        "fatalities": str(fatalities(event)),
        "tags": "",
        "timestamp": str(int(published.timestamp())) if published else "",
    }
    return {column: values[column] for column in COLUMNS}


def write(events_or_docs: Iterable[Event | CodedDocument], out: TextIO) -> Counter[str]:
    """Write the ACLED rows; return the counts ``written``, ``no_acled_type`` and ``not_asserted``."""
    counts: Counter[str] = Counter(written=0, no_acled_type=0, not_asserted=0)
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    out.flush()
    for event, document in with_documents(events_or_docs):
        if event.modality != "asserted":
            counts["not_asserted"] += 1
            continue
        values = row(event, document)
        if values is None:
            counts["no_acled_type"] += 1
            continue
        writer.writerow(safe_row(values))  # no cell a spreadsheet would run (export/cells.py)
        counts["written"] += 1
        out.flush()
    return counts
