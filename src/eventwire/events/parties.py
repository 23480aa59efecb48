"""Parties the text leaves unnamed: in a story about one country, an act whose performer or target
goes unnamed ("12 soldiers were killed", "police arrested dozens") is coded to that country, as an
analyst codes it ("a party inside a country is that country"). The filled party has no words of its
own (``start`` and ``end`` are None, ``kind`` "implicit"), so it is never mistaken for a mention, and
the decision stage sees it as such.
"""

from __future__ import annotations

from spacy.tokens import Doc

from eventwire.actors.resolver import DocActors
from eventwire.facets.places import default_gazetteer
from eventwire.model import Actor, Event

PLACE_LABELS = ("GPE", "LOC", "FAC")


def place_countries(doc: Doc) -> list[str]:
    """The country of every place name in the article that is not an actor name itself ("Lagos",
    "Tel Aviv", "the Ayalon highway"): where the story happens, for the article's focus."""
    gazetteer = default_gazetteer()
    out = []
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS:
            place = gazetteer.lookup(ent.text)
            if place is not None and place.country and len(place.country) == 3:
                out.append(place.country)
    return out


def unnamed_parties(event: Event, actors: DocActors) -> Event:
    """The event with its unnamed source or target set to the article's focus country, if it has one."""
    focus = actors.focus
    if focus is None or (event.source is not None and event.target is not None):
        return event
    if event.source is None and event.target is None:
        return event  # nothing named at all: no party to place the act beside
    implicit = Actor(text=focus, code=focus, country=focus, kind="implicit")
    side = "source" if event.source is None else "target"
    return event.model_copy(update={side: implicit})
