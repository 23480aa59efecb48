"""Fixtures of the service tests: one database filled with our own small corpus
(service_corpus.py), and the app on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from service_corpus import LOCAL, REPORTS, TOKEN

from eventwire.service import ServiceSettings, create_app
from eventwire.store import Store, ingest


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
    with TestClient(app, base_url=LOCAL) as client:
        yield client


@pytest.fixture
def writer(tmp_path, coder) -> TestClient:
    """A client of a service on a new, empty database."""
    app = create_app(ServiceSettings(db=str(tmp_path / "new.db"), token=TOKEN, max_body_bytes=200_000,
                                     max_article_chars=50_000, max_articles=5), coder=coder)
    with TestClient(app, base_url=LOCAL) as client:
        yield client
