"""Word lists that steer the coder (data/facets/NAME.yaml): reporting verbs, modality cues, read once."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Token

from eventwire.datafiles import read_yaml
from eventwire.errors import DataFileError


@cache
def rules(name: str) -> dict[str, frozenset[str] | tuple[str, ...]]:
    path = Path(str(resources.files("eventwire") / "data" / "facets" / f"{name}.yaml"))
    data = read_yaml(path)
    fmt = f"eventwire.{name}.v1"
    if not isinstance(data, dict) or data.get("format") != fmt:
        raise DataFileError(str(path), [f"expected 'format: {fmt}'"])
    out: dict[str, frozenset[str] | tuple[str, ...]] = {}
    problems = []
    for key, value in data.items():
        if key == "format":
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"{key}: must be a list of words")
            continue
        out[key] = frozenset(v.lower() for v in value)
    if problems:
        raise DataFileError(str(path), problems)
    return out


def is_reporting_verb(token: Token) -> bool:
    """'said', 'reported', 'indicates': verbs that attribute a claim rather than act."""
    return token.pos_ == "VERB" and token.lemma_.lower() in rules("attribution")["reporting_verbs"]
