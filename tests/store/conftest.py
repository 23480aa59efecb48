"""Fixtures of the store tests: a fresh database per test, on SQLite and on PostgreSQL.

``db_url`` (and ``store``, opened on it) runs each test twice: ``[sqlite]`` on a new file,
``[postgresql]`` on a new database of the server that ``EVENTWIRE_TEST_POSTGRES`` names (a
SQLAlchemy URL of a role allowed to create databases; ``.ci/postgres.sh`` starts one and prints
it). Without the variable the PostgreSQL tests skip, except under ``CI=true``, where they fail:
CI must not drop them silently. The Coder is the session's (tests/conftest.py).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from eventwire.store import Store, database_url

POSTGRES_ENV = "EVENTWIRE_TEST_POSTGRES"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def postgres_admin():
    """An engine on the server's test database, in autocommit (to create and drop databases)."""
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        why = f"${POSTGRES_ENV} is not set (a postgresql+psycopg:// URL; .ci/postgres.sh starts a server)"
        if _in_ci():
            pytest.fail(f"CI=true but {why}: the PostgreSQL tests must run in CI", pytrace=False)
        pytest.skip(f"PostgreSQL tests skipped: {why}")
    engine = create_engine(database_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as err:
        engine.dispose()
        pytest.fail(f"${POSTGRES_ENV} names a server that cannot be reached: {err}", pytrace=False)
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_url(postgres_admin) -> str:
    """A new, empty database on the test server, dropped after the test (with its connections)."""
    name = f"eventwire_t_{uuid.uuid4().hex[:12]}"
    with postgres_admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield postgres_admin.url.set(database=name).render_as_string(hide_password=False)
    with postgres_admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


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
