"""Fixtures of the store tests: a fresh SQLite file per test, the session's Coder (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.store import Store


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "events.db") as opened:
        yield opened
