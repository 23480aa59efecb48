"""Readable names of actor codes: RUSGOV → "Russia government", NATO → "North Atlantic Treaty Organization".

Read from the same actor files the coder uses (the first name of a country, organisation or
group entry; the first word of a sector entry), so a user's own actor file labels its own codes.
DOCS: docs/data-files.md#actors
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from eventwire.actors.dictionary import FORMAT, ActorEntry
from eventwire.datafiles import builtin_files, load_entries

NAMED_KINDS = {"country", "igo", "ngo", "group", "media", "region"}
SECTOR_LENGTH = 3


class ActorLabels:
    def __init__(self, entries: Iterable[ActorEntry]) -> None:
        self.names: dict[str, str] = {}
        self.sectors: dict[str, str] = {}
        for entry in entries:
            if entry.kind in NAMED_KINDS and entry.names:
                self.names.setdefault(entry.code, entry.names[0])
            elif entry.kind == "sector" and entry.words:
                self.sectors.setdefault(entry.code, entry.words[0])

    @classmethod
    def load(cls, extra: Iterable[str | Path] = ()) -> ActorLabels:
        paths = [*builtin_files("actors"), *map(Path, extra)]
        # the user's files first: their names win over the built-in ones
        entries = [entry for path in reversed(paths) for entry in load_entries(path, FORMAT, "actors", ActorEntry)]
        return cls(entries)

    def label(self, code: str | None) -> str:
        """The name of ``code``: its longest named prefix, then its sectors in words; the code itself
        when nothing of it is known."""
        if not code:
            return ""
        for cut in range(len(code), 0, -1):
            name = self.names.get(code[:cut])
            if name is not None:
                rest = self._sectors(code[cut:])
                if rest is not None:
                    return f"{name} {rest}".strip()
        return self._sectors(code) or code

    def _sectors(self, rest: str) -> str | None:
        """Words of a run of 3-letter sector codes (GOVMIL → "government military"); None if one is unknown."""
        words = []
        for start in range(0, len(rest), SECTOR_LENGTH):
            word = self.sectors.get(rest[start:start + SECTOR_LENGTH])
            if word is None:
                return None
            words.append(word)
        return " ".join(words)


@cache
def default_labels() -> ActorLabels:
    return ActorLabels.load()
