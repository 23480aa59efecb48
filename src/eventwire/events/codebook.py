"""The CAMEO codebook with its PLOVER crosswalk: one data file, read once.

DOCS: docs/data-files.md#codebook
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from eventwire.datafiles import builtin_file, read_yaml
from eventwire.errors import DataFileError
from eventwire.model import Actor

FORMAT = "eventwire.codebook.v1"


class CameoCode(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    goldstein: float
    quad: int = Field(ge=0, le=4)  # the Phoenix convention: 0 neutral … 4 material conflict
    plover: str | None = None
    mode: str | None = None
    context: list[str] = Field(default_factory=list)


class Codebook:
    """CAMEO code → name, Goldstein value, quad class and PLOVER event/mode/context."""

    def __init__(self, codes: dict[str, CameoCode]) -> None:
        self.codes = codes

    def __contains__(self, code: str) -> bool:
        return code in self.codes

    def get(self, code: str) -> CameoCode:
        """The entry of ``code``, or of its nearest listed parent (0231 → 023 → 02)."""
        while code and code not in self.codes:
            code = code[:-1]
        return self.codes[code]

    @classmethod
    def from_file(cls, path: Path) -> Codebook:
        data = read_yaml(path)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise DataFileError(str(path), [f"expected 'format: {FORMAT}'"])
        codes, problems = {}, []
        for code, entry in (data.get("codes") or {}).items():
            try:
                codes[str(code)] = CameoCode.model_validate(entry)
            except ValueError as exc:
                problems.append(f"code {code}: {' '.join(str(exc).split())}")
        if problems:
            raise DataFileError(str(path), problems)
        return cls(codes)


@cache
def default_codebook() -> Codebook:
    return Codebook.from_file(builtin_file("codebooks", "cameo.yaml"))


@cache
def complement_codes(section: str = "refine") -> dict[str, dict[str, str]]:
    """(announcing root, announced root) → code, from data/codebooks/complements.yaml; ``section``
    "refine_negated" for an announced act that is itself denied ("agreed not to attack"), "refine_undergone"
    for one the announcer will undergo ("agreed to go into exile")."""
    path = builtin_file("codebooks", "complements.yaml")
    data = read_yaml(path)
    if not isinstance(data, dict) or data.get("format") != "eventwire.complements.v1":
        raise DataFileError(str(path), ["expected 'format: eventwire.complements.v1'"])
    return {str(k): {str(a): str(b) for a, b in v.items()} for k, v in (data.get(section) or {}).items()}


ROOT_POLICIES = ("actorless", "force", "addressed", "symmetric", "intent", "threat", "announced_threat",
                 "outward", "domestic", "unclaimed", "harm", "home", "placed", "alleged", "posture", "recalls")


@cache
def _policies_file() -> dict[str, Any]:
    """data/codebooks/root-policies.yaml, read once: the policies and the performers' table."""
    path = builtin_file("codebooks", "root-policies.yaml")
    data = read_yaml(path)
    if not isinstance(data, dict) or data.get("format") != "eventwire.policies.v1":
        raise DataFileError(str(path), ["expected 'format: eventwire.policies.v1'"])
    policies = data.get("policies") or {}
    problems = [f"policy {name!r} is missing" for name in ROOT_POLICIES if name not in policies]
    problems += [f"policy {name!r}: entries must be CAMEO roots or codes (strings of 2 to 4 digits)"
                 for name, roots in policies.items()
                 if not isinstance(roots, list) or not all(isinstance(r, str) and r.isdigit() and 2 <= len(r) <= 4
                                                           for r in roots)]
    table = data.get("not_performed_by") or {}
    if not isinstance(table, dict) or not all(
            isinstance(code, str) and code.isdigit() and 2 <= len(code) <= 4 and isinstance(sectors, list)
            and all(isinstance(s, str) and s.isupper() for s in sectors) for code, sectors in table.items()):
        problems.append("not_performed_by: a mapping of CAMEO codes (strings of 2 to 4 digits) to lists of "
                        "sector codes")
    if problems:
        raise DataFileError(str(path), problems)
    return {"policies": {str(name): frozenset(roots) for name, roots in policies.items()},
            "not_performed_by": {code: frozenset(sectors) for code, sectors in table.items()}}


def excluded_performer(cameo: str, sectors: list[str]) -> bool:
    """Whether a performer of these sectors (its first, the one it is named by) never performs the act
    (``not_performed_by`` in data/codebooks/root-policies.yaml)."""
    if not sectors:
        return False
    table = _policies_file()["not_performed_by"]
    return any(cameo.startswith(code) and sectors[0] in excluded for code, excluded in table.items())


def root_policy(name: str) -> frozenset[str]:
    """The CAMEO roots (and codes) under one policy of data/codebooks/root-policies.yaml ("symmetric",
    "harm" …); ask a full code with under_policy."""
    return _policies_file()["policies"][name]


def under_policy(cameo: str, name: str) -> bool:
    """Whether a CAMEO code falls under a policy: its root is listed, or the code itself or a code
    above it ("116" under "home": a conviction is a domestic act though most of root 11 is not)."""
    return any(cameo.startswith(entry) for entry in root_policy(name))


def party_pair(cameo: str, source: Actor | None, target: Actor | None) -> tuple[str | None, str | None]:
    """The countries of an event's two parties, in order, or sorted for a reciprocal root: "A met B"
    and "B met A" are one meeting."""
    pair = (source.country if source else None, target.country if target else None)
    return tuple(sorted(pair, key=str)) if under_policy(cameo, "symmetric") else pair  # type: ignore[return-value]
