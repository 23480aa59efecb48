"""Parties as an analyst reads them, once framing is done: an outlet is the attribution, never a
party; in a story about one country, a generic party ("police", "protesters") is of that country, and
an act whose performer or target goes unnamed ("12 soldiers were killed") is coded to it ("a party
inside a country is that country"). A filled party has ``kind`` "implicit": no words of its own
(``start`` and ``end`` None), or the words of a person the dictionary does not know ("Amani blamed
the Taliban"); the decision stage sees it as such.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from eventwire.actors.resolver import DocActors
from eventwire.events.codebook import root_policy, under_policy
from eventwire.facets.places import default_gazetteer, in_article
from eventwire.model import Actor, Attribution, Event
from eventwire.nlp.syntax import PLACE_ENTITIES, root_at, subject

# Sectors that belong to no one country: an IGO's staff or peacekeepers are not the host's.
STATELESS_SECTORS = {"IGO", "NGO", "MNC"}


def place_countries(doc: Doc) -> list[tuple[str, int]]:
    """The country of every place name in the article that is not an actor name itself ("Lagos",
    "Tel Aviv", "the Ayalon highway"), with the token it starts at: where the story happens, for the
    article's focus."""
    gazetteer = in_article(doc, default_gazetteer())  # "San Mateo" in a Californian story is no Philippine town
    out = []
    for ent in doc.ents:
        if ent.label_ in PLACE_ENTITIES:
            place = gazetteer.lookup(ent.text)
            if place is not None and place.country and len(place.country) == 3:
                out.append((place.country, ent.start))
    return out


# A body named after a place ("the Lagos State Government") is of the place's country where the place is
# a region or a city of at least this many people: a small town's name is too often something else's.
SEAT_POPULATION = 100_000


def seat_countries(doc: Doc) -> Callable[[str, bool], str | None]:
    """The country of a region (or, unless ``region_only``, a large city) a body may be named after, as
    the article reads names."""
    gazetteer = in_article(doc, default_gazetteer())

    def country(name: str, region_only: bool = False) -> str | None:
        place = gazetteer.lookup(name)
        if place is None or not place.country or len(place.country) != 3:
            return None
        big_city = place.population >= SEAT_POPULATION and not region_only
        return place.country if place.feature == "region" or big_city else None

    return country


def _outlets_report(event: Event) -> Event:
    """An outlet reports the act, it is not a party to it ("…, Reuters reported"): a media party is
    taken off, and becomes the attribution if the event has none."""
    update: dict = {}
    for side in ("source", "target"):
        actor = getattr(event, side)
        if actor is not None and actor.kind == "media":
            update[side] = None
            if event.attribution is None and "attribution" not in update:
                update["attribution"] = Attribution(text=actor.text, code=actor.code, start=actor.start,
                                                    end=actor.end)
    return event.model_copy(update=update) if update else event


def unnamed_parties(event: Event, actors: DocActors) -> Event:
    """The event with its unnamed source or target set to the article's focus country, if it has one.

    An outlet is never a party (see _outlets_report).

    The same words coded the same on both sides name one party, not two: a source with no target (the
    performer's own country as the target of an internal affair keeps the performer's words)."""
    event = _outlets_report(event)
    if event.source is not None and event.target is not None and event.source.start is not None \
            and (event.source.start, event.source.end, event.source.code) == \
            (event.target.start, event.target.end, event.target.code):
        event = event.model_copy(update={"target": None})
    focus = actors.focus
    if focus is None:
        return event
    placed = _generic_parties(event, actors, focus)
    if placed.source is not event.source and placed.target is None and under_policy(placed.cameo, "addressed") \
            and _names_only(focus, event, actors):
        # "claims of vote-rigging by the opposition": a domestic party's demand, accusation or refusal that
        # names no one is addressed to its own state, as one named with its country is (setting.py)
        return placed.model_copy(update={"target": Actor(text=focus, code=focus, country=focus, kind="implicit")})
    event = placed
    if event.source is not None and event.target is not None:
        return event
    if event.source is None and event.target is None:
        return event  # nothing named at all: no party to place the act beside
    side = "source" if event.source is None else "target"
    trigger = root_at(actors.doc, event.trigger.start, event.trigger.end)
    if side == "source" and trigger is not None and names_an_unknown_doer(trigger, actors):
        return event  # the text names the doer, as no party the article knows: no guess against its words
    attacker = last_attacker(actors, event.target.country) \
        if side == "source" and event.target.country and under_policy(event.cameo, "harm") else None
    if attacker is not None:
        return event.model_copy(update={"source": attacker})
    person = _unknown_person(event, actors) if side == "source" else None
    named = event.source or event.target
    if person is None and named is not None and named.country == focus and not under_policy(event.cameo, "home"):
        return event  # "Seoul voiced discontent with …" in a story about Korea: not Korea with itself
    if side == "target" and named.country == focus and under_policy(event.cameo, "harm") and _the_state(named):
        return event  # "the Israeli military said it struck a convoy": a state's force at no one named, not at itself
    if person is not None:  # "Amani blamed the Taliban": a person the dictionary does not know, of the story's country
        party = Actor(text=person.text, code=focus, country=focus, kind="implicit", start=person.idx,
                      end=person.idx + len(person.text))
    else:
        party = Actor(text=focus, code=focus, country=focus, kind="implicit")
    return event.model_copy(update={side: party})


def _the_state(actor: Actor) -> bool:
    """A party the text names as the state itself, its government or its army (not its police, rebels or
    people, nor a place standing in for the doer of unclaimed violence)."""
    return actor.kind == "country" and actor.start is not None and set(actor.sectors) <= {"GOV", "MIL"}


def names_an_unknown_doer(trigger: Token, actors: DocActors) -> bool:
    """'Their ranks would begin launching missiles': the text names who acts, a party's own people
    ("their ranks", "his men") that resolve to no party; the last attacker of the target is then a guess
    against the words. (A bare noun may be the means, not the doer: "explosions killed three".)"""
    doer = subject(trigger)
    return doer is not None and doer.pos_ == "NOUN" and any(
        c.dep_ == "poss" and c.pos_ == "PRON" for c in doer.children) and not actors.actors(doer)


def last_attacker(actors: DocActors, country: str) -> Actor | None:
    """'Armenian units fired on Azerbaijani positions … Two Azerbaijani soldiers were killed': violence
    against a country told without its doer is by the foreign party the article last told using force
    against that country, not by the place it happened in (an implicit party: the country alone)."""
    attacker = actors.last_act_against(country, root_policy("harm"))
    if attacker is None or attacker.country is None:
        return None
    return Actor(text=attacker.country, code=attacker.country, country=attacker.country, kind="implicit")


# Sectors of a state's own forces: violence against them told with no doer is no state's act on itself.
STATE_FORCES = {"MIL", "COP", "GOV"}


def attackers_named_later(events: list[Event], actors: DocActors) -> list[Event]:
    """'Azerbaijani positions came under fire … Armenian units fired on the positions': violence against
    a state's own forces told before the article names its doer, and given the state itself as doer
    (the story's country, or the place), is by the foreign party the article tells using force
    against that state, once the whole article is read."""
    out = []
    for event in events:
        source, target = event.source, event.target
        if source is not None and target is not None and source.kind == "implicit" and target.country \
                and source.country == target.country and set(target.sectors) & STATE_FORCES \
                and under_policy(event.cameo, "harm"):
            attacker = last_attacker(actors, target.country)
            if attacker is not None:
                event = event.model_copy(update={"source": attacker})
        out.append(event)
    return out


def _names_only(country: str, event: Event, actors: DocActors) -> bool:
    """Whether the event's sentence names no party of another country ("summoned the Chinese envoy")."""
    trigger = root_at(actors.doc, event.trigger.start, event.trigger.end)
    if trigger is None:
        return False
    sent = trigger.sent
    return all(m.term.country in (None, country) for m in actors.mentions_in(sent.start, sent.end))


def _generic_parties(event: Event, actors: DocActors, focus: str) -> Event:
    """'Police arrested 30 protesters' in a story about Kenya: Kenyan police, Kenyan protesters. Only
    parties that framing left without a country (the victims of a strike already took the country
    struck), never an international body's staff, and never what a name the dictionary does not know
    owns ("Kim's government")."""
    update = {}
    for side in ("source", "target"):
        actor = getattr(event, side)
        if actor is None or actor.country or not actor.sectors or set(actor.sectors) & STATELESS_SECTORS:
            continue
        if _owned_by_a_name(actor, actors):
            continue
        update[side] = actor.model_copy(update={"country": focus, "code": focus + actor.code})
    return event.model_copy(update=update) if update else event


def _owned_by_a_name(actor: Actor, actors: DocActors) -> bool:
    head = root_at(actors.doc, actor.start, actor.end)
    return head is not None and any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in head.children)


def _unknown_person(event: Event, actors: DocActors) -> Token | None:
    """The subject of the event's verb when it is a person's name the dictionary does not know."""
    trigger = root_at(actors.doc, event.trigger.start, event.trigger.end)
    if trigger is None:
        return None
    for child in trigger.children:
        if child.dep_ == "nsubj" and child.ent_type_ == "PERSON" and child.pos_ == "PROPN" \
                and actors.mention_at(child.i) is None:
            return child
    return None
