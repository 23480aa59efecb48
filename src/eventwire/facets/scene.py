"""Where an event happened when its own sentence does not say: the story's scene.

News tells the place once and then goes on ("…clashed with protesters in Nairobi. Police opened fire
after tear gas failed…"). An event with no place of its own, once its parties are final, is placed at
the nearest earlier sub-national place of the article that lies in one of its parties' countries. An
act done at a place (aid, protest, force: the `placed` root policy) looks back through the whole
article and, finding none, is placed in the article's focus country when one of its parties is of
it; any other act (a statement) looks back two sentences only, and is otherwise left unplaced. A
place carried from elsewhere keeps the offsets of the words that name it; a country inferred from
the parties has none (like an implicit party).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span

from eventwire.events.codebook import under_policy
from eventwire.facets.places import default_gazetteer, find_places
from eventwire.model import Event, Location

PLACES_KEY = "eventwire.places"
SCENE_KEY = "eventwire.scene"
# A statement takes a place from the story only when it follows right after it ("…met in Doha. The
# two sides agreed…"); the scene of a war is not where a leader spoke about it.
STATEMENT_REACH = 2


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
    location = _earlier_place(sent, countries, None if placed else STATEMENT_REACH)
    if location is None and placed:
        location = _country_place(countries, focus)
    return event.model_copy(update={"location": location}) if location is not None else event


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


@dataclass(slots=True)
class _Scene:
    """The sub-national places of an article's sentences read so far, by country, in text order: each
    event asks for the latest one before it, so a long article is read once, not once per event."""

    read_to: int = 0  # the token where the next unread sentence starts
    sentences: int = 0  # sentences read
    places: dict[str, list[tuple[int, int, Location]]] = field(default_factory=dict)


def _scene_before(sent: Span) -> _Scene:
    doc = sent.doc
    scene = doc.user_data.setdefault(SCENE_KEY, _Scene())
    while scene.read_to < sent.start:
        earlier = doc[scene.read_to].sent
        for place in places_of(earlier):
            if place.feature != "country" and place.country:
                scene.places.setdefault(place.country, []).append((scene.sentences, place.start or 0, place))
        scene.sentences += 1
        scene.read_to = earlier.end
    return scene


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
