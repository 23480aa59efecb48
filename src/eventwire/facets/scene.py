"""Where an event happened when its own sentence does not say: the story's scene.

News tells the place once and then goes on ("…clashed with protesters in Nairobi. Police opened fire
after tear gas failed…"). An event with no place of its own, once its parties are final, is placed at
the nearest earlier sub-national place of the article that lies in one of its parties' countries. An
act done at a place (aid, protest, force: the `placed` root policy) looks back through the whole
article and, finding none, is placed in the article's focus country when one of its parties is of
it; any other act (a statement) looks back two sentences only, and is otherwise left unplaced. An
event told "during the visit" (or trip, tour) happened where an earlier sentence says the visit went
("a State visit to Indonesia"). Where a claimant sits ("officials in Nairobi said") or a person
comes from ("an officer from Afgoye") is no scene. A place carried from elsewhere keeps the offsets
of the words that name it; a country inferred from the parties has none (like an implicit party).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from eventwire.events.codebook import under_policy
from eventwire.facets.places import default_gazetteer, find_places
from eventwire.model import Event, Location
from eventwire.rules import is_reporting_verb, rules

PLACES_KEY = "eventwire.places"
SCENE_KEY = "eventwire.scene"
# A statement takes a place from the story only when it follows right after it ("…met in Doha. The
# two sides agreed…"); the scene of a war is not where a leader spoke about it.
STATEMENT_REACH = 2
# How the words describing a claimant or a person hang on them: "officials in Nairobi", "Nur Ahmed, a
# police officer from Afgoye in Lower Shabelle region".
DESCRIBING = {"pobj", "prep", "appos", "compound", "poss", "amod", "det", "case", "punct"}
# An act of the lede with no place is placed by the sentences right after it, up to this many.
LEDE_REACH = 3


def places_of(sent: Span) -> list[Location]:
    """A sentence's places, found once per Doc: its own events and later sentences' ask for them."""
    cache = sent.doc.user_data.setdefault(PLACES_KEY, {})
    if sent.start not in cache:
        cache[sent.start] = find_places(sent)
    return cache[sent.start]


def set_in_scene(event: Event, sent: Span, focus: str | None) -> Event:
    """The event with a place from its story if it has none of its own."""
    if event.location is not None:
        return event
    countries = _party_countries(event)
    if not countries:
        return event
    placed = under_policy(event.cameo, "placed")
    location = _visited(sent) if _during_a_visit(sent) else None
    location = location or _earlier_place(sent, countries, None if placed else STATEMENT_REACH)
    if location is None and placed and sent.start == 0:
        location = _told_next(sent, countries)
    if location is None and placed:
        location = _country_place(countries, focus)
    if location is None:
        return event
    return event.model_copy(update={"location": location.model_copy(update={"from_story": True})})


def _party_countries(event: Event) -> set[str]:
    # a three-letter state; IGO/NGO parties and bare sectors say nothing of where it happened
    return {a.country for a in (event.source, event.target)
            if a is not None and a.country and len(a.country) == 3 and a.country.isalpha()
            and a.country not in ("IGO", "NGO")}


def _earlier_place(sent: Span, countries: set[str], reach: int | None) -> Location | None:
    """The latest sub-national place in the parties' countries, in the nearest earlier sentence
    that names one (within ``reach`` sentences, if given)."""
    scene = _scene_before(sent)
    found = [places[-1] for places in (scene.places.get(c) for c in countries) if places]
    if not found:
        return None
    ordinal, _, place = max(found, key=lambda entry: entry[:2])
    if reach is not None and scene.sentences - ordinal > reach:
        return None
    return place


def _told_next(lede: Span, countries: set[str]) -> Location | None:
    """A lede tells what happened and the next sentences where ("Twelve were killed in another clash…
    the deaths occurred near the Juliaca airport"): the first sub-national place of the next
    ``LEDE_REACH`` sentences in one of the event's parties' countries."""
    doc, start = lede.doc, lede.end
    for _ in range(LEDE_REACH):
        if start >= len(doc):
            return None
        sent = doc[start].sent
        for place in places_of(sent):
            root = _root(sent, place)
            if place.feature != "country" and place.country in countries and root is not None \
                    and not _not_a_scene(root):
                return place
        start = sent.end
    return None


def _during_a_visit(sent: Span) -> bool:
    """'During the trip, the leader held talks…': the event happened where the visit went."""
    visits = rules("places")["visit_words"]
    return any(tok.lower_ == "during" and any(c.dep_ == "pobj" and c.lemma_.lower() in visits for c in tok.children)
               for tok in sent)


def _visited(sent: Span) -> Location | None:
    """The latest place an earlier sentence says was visited ("a State visit to Indonesia"): whoever the
    visitor met there, they met there."""
    visits = _scene_before(sent).visits
    return visits[-1] if visits else None


@dataclass(slots=True)
class _Scene:
    """The sub-national places of an article's sentences read so far, by country, in text order, and the
    places they say were visited: each event asks for the latest one before it, so a long article is
    read once, not once per event."""

    read_to: int = 0  # the token where the next unread sentence starts
    sentences: int = 0  # sentences read
    places: dict[str, list[tuple[int, int, Location]]] = field(default_factory=dict)
    visits: list[Location] = field(default_factory=list)


def _scene_before(sent: Span) -> _Scene:
    doc = sent.doc
    scene = doc.user_data.setdefault(SCENE_KEY, _Scene())
    while scene.read_to < sent.start:
        earlier = doc[scene.read_to].sent
        for place in places_of(earlier):
            root = _root(earlier, place)
            if not place.country or root is None or _not_a_scene(root):
                continue
            if _a_visit_to(root):
                scene.visits.append(place)
            if place.feature != "country":
                scene.places.setdefault(place.country, []).append((scene.sentences, place.start or 0, place))
        scene.sentences += 1
        scene.read_to = earlier.end
    return scene


def _root(sent: Span, place: Location) -> Token | None:
    if place.start is None or place.end is None:
        return None
    span = sent.doc.char_span(place.start, place.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _not_a_scene(root: Token) -> bool:
    """Where a claimant sits ("…, officials in Nairobi said") or where a person comes from ("a police
    officer from Afgoye") is not where anything happened."""
    for tok in [root, *root.ancestors]:
        if tok.dep_ in ("nsubj", "nsubjpass") and is_reporting_verb(tok.head):
            return True
        if tok.dep_ not in DESCRIBING:  # "demonstrations … to protest the demolition of Gezi Park, X reported"
            break                       # is no claimant's description, however the parser hangs it
    head = _place_phrase(root)
    return head.dep_ == "pobj" and head.head.lower_ == "from" and head.head.head.pos_ in ("NOUN", "PROPN")


def _a_visit_to(root: Token) -> bool:
    """'a State visit to Indonesia', 'his trip to Jakarta', 'visited Beijing'."""
    visits = rules("places")["visit_words"]
    head = _place_phrase(root)
    if head.dep_ == "pobj" and head.head.lower_ == "to":
        return head.head.head.lemma_.lower() in visits
    return head.dep_ == "dobj" and head.head.lemma_.lower() in visits


def _place_phrase(tok: Token) -> Token:
    while tok.head != tok and tok.dep_ in ("compound", "amod", "det", "poss"):
        tok = tok.head
    return tok


def _country_place(countries: set[str], focus: str | None) -> Location | None:
    # Only the country the article is about: a party's own country says where its forces come from,
    # not where they act ("Russian forces shelled the town", in a story about Ukraine).
    return _country_location(focus) if focus is not None and focus in countries else None


def _country_location(code: str) -> Location | None:
    place = default_gazetteer().country_place(code)
    if place is None:
        return None
    return Location(text=place.name, name=place.name, country=code, lat=place.lat, lon=place.lon,
                    feature="country")
