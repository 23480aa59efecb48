"""Fixtures of the service tests: one database filled with our own small corpus, and the app on it.

The corpus: three outlets report one strike with different death tolls (the claims view), two
report North Korean troops with different numbers, one a protest, one a pledge of aid. Written
for these tests; no real reporting.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventwire.model import Document
from eventwire.service import ServiceSettings, create_app
from eventwire.store import Store, ingest

TOKEN = "test-token-5f1c"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

REPORTS = [
    Document(id="wire-1", source="Wire One", date="2025-06-02", url="https://one.example/strike", title="Strike",
             text="Russian forces struck a power station in Kharkiv on Sunday, killing at least 12 civilians, "
                  "Ukraine's interior ministry said."),
    Document(id="wire-2", source="Wire Two", date="2025-06-02", url="https://two.example/kharkiv",
             title="Missile strike on Kharkiv",
             text="A Russian missile strike on a power station in Kharkiv killed 15 people on Sunday, "
                  "according to the regional governor."),
    Document(id="wire-3", source="Wire Three", date="2025-06-03",
             text="Russian forces struck an energy facility in Kharkiv on Sunday, killing 14 people, "
                  "the Ukrainian military said."),
    Document(id="wire-4", source="Wire One", date="2025-06-02",
             text="North Korea sent 11,000 troops to Russia, according to South Korea's intelligence agency."),
    Document(id="wire-5", source="Wire Three", date="2025-06-03",
             text="Pyongyang has deployed 12,000 troops to Russia, Ukrainian military intelligence said."),
    Document(id="wire-6", source="Wire Two", date="2025-07-21",
             text="Thousands of farmers protested in Paris on Monday against the government's new fuel tax."),
    Document(id="wire-7", source="Wire One", date="2025-08-05",
             text="Japan pledged $50 million in humanitarian aid to the Philippines on Tuesday, "
                  "the foreign ministry said."),
]


@pytest.fixture(scope="session")
def filled_db(tmp_path_factory, coder) -> Path:
    path = tmp_path_factory.mktemp("service") / "events.db"
    with Store(path) as store:
        report = ingest(store, REPORTS, coder)
    assert report.articles == len(REPORTS) and report.errors == 0
    return path


@pytest.fixture(scope="session")
def reader(filled_db, coder) -> TestClient:
    """A client of a service on the filled database; its tests only read."""
    app = create_app(ServiceSettings(db=str(filled_db), token=TOKEN), coder=coder)
    with TestClient(app) as client:
        yield client


@pytest.fixture
def writer(tmp_path, coder) -> TestClient:
    """A client of a service on a new, empty database."""
    app = create_app(ServiceSettings(db=str(tmp_path / "new.db"), token=TOKEN, max_body_bytes=200_000,
                                     max_article_chars=50_000, max_articles=5), coder=coder)
    with TestClient(app) as client:
        yield client
