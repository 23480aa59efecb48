"""Actor dictionaries: load and check them, and index every name to what it means.

DOCS: docs/data-files.md#actors
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from eventwire.datafiles import builtin_files, load_entries

FORMAT = "eventwire.actors.v1"
Kind = Literal["country", "igo", "ngo", "media", "group", "sector", "person", "region"]
CODE = r"^[A-Z]{3,12}$"


class Role(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: str
    sectors: list[str] = Field(default_factory=list)
    start: int | None = None
    end: int | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Role:
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"role {self.role!r} starts ({self.start}) after it ends ({self.end})")
        return self


class Metonym(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    sectors: list[str] = Field(default_factory=lambda: ["GOV"])


class ActorEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=CODE)
    kind: Kind
    names: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    metonyms: list[str | Metonym] = Field(default_factory=list)
    short: list[str] = Field(default_factory=list)
    words: list[str] = Field(default_factory=list)
    country: str | None = Field(None, pattern=CODE)
    sectors: list[str] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    # a region ("West African", "Gulf"): the countries in it, the blocs that speak for it, and the
    # head nouns its adjective makes a party of (any party noun when empty)
    members: list[str] = Field(default_factory=list)
    blocs: list[str] = Field(default_factory=list)
    heads: list[str] = Field(default_factory=list)
    # an armed group at home in more countries than its own: acting in one of these, it is of that
    # country ("the Islamic State" fighting in Syria is a Syrian party, in Iraq an Iraqi one)
    local_in: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _complete(self) -> ActorEntry:
        if not (self.names or self.words or self.demonyms or self.metonyms):
            raise ValueError("an entry needs at least one of names, words, demonyms or metonyms")
        if self.kind == "person" and not self.country:
            raise ValueError("a person needs a country")
        if any(not s.strip() for s in [*self.names, *self.demonyms, *self.short, *self.words]):
            raise ValueError("empty name")
        if (self.members or self.blocs or self.heads) and self.kind != "region":
            raise ValueError("members, blocs and heads belong to a region")
        if self.local_in and (self.kind != "group" or not self.names):
            raise ValueError("local_in belongs to a named group")
        if any(not re.fullmatch(r"[A-Z]{3}", c) for c in self.local_in):
            raise ValueError("local_in lists ISO 3166 alpha-3 country codes")
        return self


@dataclass(frozen=True, slots=True)
class Term:
    """What one surface phrase means: the building block of actor resolution."""

    phrase: str
    role: Literal["name", "demonym", "metonym", "short", "sector"]
    kind: str
    code: str
    country: str | None
    sectors: tuple[str, ...]
    entry: ActorEntry | None = None

    def sectors_on(self, year: int | None) -> tuple[str, ...]:
        """Sectors of a person in the office they held in ``year`` (or their latest office)."""
        if self.entry is None or not self.entry.roles:
            return self.sectors
        roles = self.entry.roles
        if year is not None:
            held = [r for r in roles if (r.start or 0) <= year <= (r.end or 9999)]
            if held:
                return tuple(held[-1].sectors) or self.sectors
            before = [r for r in roles if (r.start or 0) <= year]
            if before:
                return tuple(before[-1].sectors) or self.sectors
        return self.sectors


def split_code(code: str, country: str | None) -> tuple[str | None, tuple[str, ...]]:
    """RUSGOV → (RUS, (GOV,)); a country entry's code is its country."""
    base = country or code[:3]
    rest = code[len(base):] if code.startswith(base) else ""
    return base, tuple(rest[i:i + 3] for i in range(0, len(rest), 3))


def terms_of(entry: ActorEntry) -> Iterable[Term]:
    if entry.kind == "sector":
        for word in [*entry.words, *entry.names]:
            yield Term(word, "sector", "sector", entry.code, None, (entry.code,), entry)
        return
    country, sectors = (entry.code, ()) if entry.kind == "country" else split_code(entry.code, entry.country)
    if entry.kind in ("igo", "ngo") and not entry.country:
        country, sectors = entry.code, ()
    if entry.kind == "region":
        # a region is no state: its words name no country of their own (the article's focus, the
        # countries a sentence names and pronouns never count it); the resolver reads its entry
        country, sectors = None, ()
    sectors = tuple(entry.sectors) or sectors
    for name in entry.names:
        yield Term(name, "name", entry.kind, entry.code, country, sectors, entry)
    for name in entry.short:
        yield Term(name, "short", entry.kind, entry.code, country, sectors, entry)
    for name in entry.demonyms:
        yield Term(name, "demonym", entry.kind, entry.code, country, sectors, entry)
    for met in entry.metonyms:
        met = Metonym(name=met) if isinstance(met, str) else met
        yield Term(met.name, "metonym", entry.kind, entry.code, country, tuple(met.sectors), entry)


class ActorDictionary:
    """Every phrase of every loaded actor file; later files override earlier ones phrase by phrase."""

    def __init__(self, entries: Iterable[ActorEntry]) -> None:
        self.terms: dict[str, Term] = {}
        for entry in entries:
            for term in terms_of(entry):
                self.terms[term.phrase] = term
        regions = {id(t.entry): t.entry for t in self.terms.values() if t.kind == "region" and t.entry}
        # smallest first: "regional leaders" in a story about Niger are West Africa's before Africa's
        # an organisation's own name by its code, for a region that stands for its bloc
        self.blocs: dict[str, Term] = {}
        for term in self.terms.values():
            if term.kind in ("igo", "ngo") and term.role == "name":
                self.blocs.setdefault(term.code, term)
        self.regions: list[ActorEntry] = sorted((r for r in regions.values() if r.members),
                                                key=lambda r: len(r.members))
        # a group's canonical name → the other countries it is at home in (``local_in``)
        self.local_in: dict[str, frozenset[str]] = {
            t.entry.names[0]: frozenset(t.entry.local_in) for t in self.terms.values()
            if t.entry is not None and t.entry.local_in}

    def acronyms(self) -> list[str]:
        """The names of organisations and groups written as acronyms ("ECOWAS", "ISWAP"): all capitals,
        three letters or more (countries' own, "DRC", "DPRK", the parser already reads as names)."""
        return [phrase for phrase, term in self.terms.items() if term.kind in ("igo", "ngo", "group")
                and len(phrase) >= 3 and phrase.isalpha() and phrase.isupper()]

    @classmethod
    def load(cls, extra: Iterable[str | Path] = (), builtin: bool = True) -> ActorDictionary:
        paths = [*(builtin_files("actors") if builtin else []), *map(Path, extra)]
        entries: list[ActorEntry] = []
        for path in paths:
            entries.extend(load_entries(path, FORMAT, "actors", ActorEntry))
        return cls(entries)
