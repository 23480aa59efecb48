"""Shared fixtures: the Coder (and its spaCy model) loads once per test session."""

from __future__ import annotations

import pytest

from eventwire.pipeline import Coder


@pytest.fixture(scope="session")
def coder() -> Coder:
    return Coder()


@pytest.fixture(scope="session")
def code(coder):
    """Code one text and return its events: ``code("…", date="2025-07-13")``."""

    def run(text: str, date: str | None = "2025-07-13"):
        return coder.code(text, date=date, doc_id="t").events

    return run


def dyads(events) -> set[tuple[str | None, str | None, str | None]]:
    """(PLOVER type, source country, target country) of each event."""
    return {(e.plover.event, e.source.country if e.source else None, e.target.country if e.target else None)
            for e in events}
