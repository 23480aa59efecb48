"""Fixtures of the store tests: a fresh database per test, on SQLite and on PostgreSQL.

``db_url`` (and ``store``, opened on it) runs each test twice: ``[sqlite]`` on a new file,
``[postgresql]`` on a new database of the test server (``postgres_url``, tests/conftest.py).
The Coder is the session's (tests/conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.store import Store

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path: Path) -> str:
    """A new database: a SQLite file name, or the URL of a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "events.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(db_url: str):
    with Store(db_url) as opened:
        yield opened
