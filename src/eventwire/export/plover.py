"""PLOVER JSON Lines: one event record per line, with the field names of the PLOVER specification.

PLOVER's event record (Open Event Data Alliance, "JSON Data Fields"): ``id``, ``date``
(YYYY-MM-DD), ``actor`` and ``recipient`` (the initiator and the target: PLOVER's words for CAMEO's
"source" and "target"; lists of actor objects: ``code``, the top-level
country or organisation code, ``sector``, ``actor_text``, ``identifier_text``), ``event`` (list of
event categories), ``mode``, ``context``, ``event_loc`` (a location object with GeoNames' field
names, plus ``cc3``), ``event_text``, ``quad_code``, ``event_scale``, ``text_info`` (``sequence``,
``start``, ``end``), ``cite_info`` (``url``, ``title``, ``publication``) and ``coder``.

Fields PLOVER leaves to the provider carry what eventwire adds: ``cameo``, ``attribution``,
``modality``, ``quantities``, ``date_info`` (the date as the text gives it, with its precision),
``confidence``, ``doc_id``. Every field is written, ``null`` when unknown.

``date`` is the event's date when the text gives the day, else the publication date of the
document (give CodedDocuments to have it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from eventwire import __version__
from eventwire.export.gdelt import NON_COUNTRIES, countries, event_day, with_documents
from eventwire.model import Actor, CodedDocument, Document, Event, Location

KEYS = ["id", "date", "actor", "recipient", "event", "mode", "context", "event_loc", "event_text", "quad_code",
        "event_scale", "text_info", "cite_info", "coder"]
EXTRA_KEYS = ["cameo", "attribution", "modality", "quantities", "date_info", "confidence", "doc_id"]
# GeoNames feature class and code of our kinds of place
FEATURES = {"city": ("P", "PPL"), "region": ("A", "ADM1"), "country": ("A", "PCLI")}


def actor_object(actor: Actor) -> dict[str, Any]:
    """A PLOVER actor object: top-level code, sector (``MIL``, or two sectors as ``GOVMIL``), texts."""
    return {
        "code": actor.country if actor.country and actor.country not in NON_COUNTRIES else actor.code,
        "sector": "".join(actor.sectors) or None,
        "actor_text": actor.text,
        "identifier_text": actor.name,
        "actor_code": actor.code,
        "country": actor.country,
        "sectors": list(actor.sectors),
        "start": actor.start,
        "end": actor.end,
    }


def location_object(location: Location) -> dict[str, Any]:
    """A PLOVER location object: GeoNames' field names, ISO alpha-2 ``country code`` and alpha-3 ``cc3``."""
    country = countries().get(location.country or "")
    feature_class, feature_code = FEATURES.get(location.feature or "", (None, None))
    return {
        "name": location.name or location.text,
        "latitude": location.lat,
        "longitude": location.lon,
        "feature class": feature_class,
        "feature code": feature_code,
        "country code": country.iso2 if country else None,
        "cc3": location.country,
        "text": location.text,
        "start": location.start,
        "end": location.end,
    }


def record(event: Event, document: Document | None = None) -> dict[str, Any]:
    """The PLOVER record of an Event (and its Document)."""
    day, _ = event_day(event, document)
    evidence = event.evidence
    return {
        "id": event.event_id,
        "date": day.isoformat() if day else None,
        "actor": [actor_object(event.source)] if event.source else [],
        "recipient": [actor_object(event.target)] if event.target else [],
        "event": [event.plover.event] if event.plover.event else [],
        "mode": event.plover.mode,
        "context": list(event.plover.context),
        "event_loc": location_object(event.location) if event.location else None,
        "event_text": [evidence.text],
        "quad_code": event.quad_class,
        "event_scale": event.goldstein,
        "text_info": {"sequence": event.sentence, "start": evidence.start, "end": evidence.end},
        "cite_info": {
            "url": document.url if document else None,
            "title": document.title if document else None,
            "publication": document.source if document else None,
        },
        "coder": f"eventwire {__version__}",
        "cameo": event.cameo,
        "attribution": event.attribution.model_dump(mode="json") if event.attribution else None,
        "modality": event.modality,
        "quantities": [q.model_dump(mode="json") for q in event.quantities],
        "date_info": event.date.model_dump(mode="json") if event.date else None,
        "confidence": event.confidence,
        "doc_id": event.doc_id,
    }


def write(events_or_docs: Iterable[Event | CodedDocument], out: TextIO) -> None:
    for event, document in with_documents(events_or_docs):
        out.write(json.dumps(record(event, document), ensure_ascii=False) + "\n")
        out.flush()
