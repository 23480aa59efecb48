"""The event pattern lexicon: trigger words with their frames, mapped to CAMEO codes.

DOCS: docs/data-files.md#event-patterns
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from eventwire.datafiles import builtin_files, load_entries
from eventwire.errors import DataFileError
from eventwire.events.codebook import Codebook, default_codebook
from eventwire.model import Modality

FORMAT = "eventwire.patterns.v1"
ROLE = re.compile(r"^(self|nsubj|agent|dobj|dative|poss|compound|amod|governor-subject|governor-object|undergoer|"
                  r"undergone-from|prep:[a-z]+)$")
DEFAULT_SOURCE = {"VERB": ["nsubj", "agent"],
                  "NOUN": ["poss", "compound", "amod", "prep:by", "governor-subject", "undergone-from"]}
DEFAULT_TARGET = {
    "VERB": ["dobj", "dative", "prep:with", "prep:to", "prep:against", "prep:on", "prep:at", "prep:for",
             "prep:into"],
    "NOUN": ["undergoer", "prep:with", "prep:to", "prep:against", "prep:on", "prep:between", "prep:of"],
}


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


class Pattern(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    lemma: list[str]
    pos: Literal["VERB", "NOUN"]
    cameo: str = Field(pattern=r"^\d{2,4}$")
    particle: str | None = None
    prep: str | None = None
    prep_object: list[str] | None = None
    object: list[str] | None = None
    xcomp: list[str] | None = None
    predicate: list[str] | None = None
    source: list[str] | None = None
    target: list[str] | None = None
    modality: Modality | None = None
    # parties the act itself names where the text names none: a coup is the military's against the
    # government (``{source: MIL, target: GOV}``), of the country its phrase names, else the story's
    implied: dict[Literal["source", "target"], str] | None = None
    complement: bool = False
    confidence: float = Field(0.6, ge=0, le=1)

    _lists = field_validator("lemma", "prep_object", "object", "xcomp", "predicate", "source", "target",
                             mode="before")(_as_list)

    @field_validator("source", "target")
    @classmethod
    def _roles(cls, roles: list[str] | None) -> list[str] | None:
        bad = [r for r in roles or [] if not ROLE.match(r)]
        if bad:
            raise ValueError(f"unknown role(s) {bad}; see docs/data-files.md for role names")
        return roles

    @field_validator("implied")
    @classmethod
    def _sector_codes(cls, implied: dict[str, str] | None) -> dict[str, str] | None:
        bad = [code for code in (implied or {}).values() if not re.fullmatch(r"[A-Z]{3}", code)]
        if bad:
            raise ValueError(f"implied: {bad} are not sector codes (three capital letters: MIL, GOV)")
        return implied

    @model_validator(mode="after")
    def _prep_object_needs_prep(self) -> Pattern:
        if self.prep_object and not self.prep:
            raise ValueError("prep_object names the object of `prep`: give `prep` too")
        return self

    @property
    def specificity(self) -> int:
        return sum(x is not None for x in (self.particle, self.prep, self.prep_object, self.object, self.xcomp,
                                              self.predicate))

    @property
    def source_roles(self) -> list[str]:
        return self.source or DEFAULT_SOURCE[self.pos]

    @property
    def target_roles(self) -> list[str]:
        return self.target or DEFAULT_TARGET[self.pos]


class Lexicon:
    """Patterns indexed by (lemma, pos), most specific first; later files override by id."""

    def __init__(self, patterns: Iterable[Pattern], codebook: Codebook) -> None:
        by_id: dict[str, Pattern] = {}
        for p in patterns:
            by_id[p.id] = p
        self.patterns = by_id
        self.codebook = codebook
        self.index: dict[tuple[str, str], list[Pattern]] = defaultdict(list)
        # Later files come first among equally specific patterns: a user's pattern for a word
        # beats the built-in one without having to reuse its id.
        for p in reversed(by_id.values()):
            for lemma in p.lemma:
                self.index[(lemma.lower(), p.pos)].append(p)
        for plist in self.index.values():
            plist.sort(key=lambda p: -p.specificity)

    def candidates(self, lemma: str, pos: str) -> list[Pattern]:
        return self.index.get((lemma, pos), [])

    @classmethod
    def load(cls, extra: Iterable[str | Path] = (), builtin: bool = True,
             codebook: Codebook | None = None) -> Lexicon:
        codebook = codebook or default_codebook()
        paths = [*(builtin_files("patterns") if builtin else []), *map(Path, extra)]
        patterns: list[Pattern] = []
        for path in paths:
            loaded = load_entries(path, FORMAT, "patterns", Pattern)
            unknown = [f"pattern {p.id}: CAMEO code {p.cameo} is not in the codebook"
                       for p in loaded if p.cameo not in codebook]
            if unknown:
                raise DataFileError(str(path), unknown)
            patterns.extend(loaded)
        return cls(patterns, codebook)
