"""Shared fixtures: the Coder (and its spaCy model) loads once per test session; new databases
on the PostgreSQL test server.

``postgres_url`` is a new database of the server that ``EVENTWIRE_TEST_POSTGRES`` names (a
SQLAlchemy URL of a role allowed to create databases; ``.ci/postgres.sh`` starts one and prints
it). Without the variable the PostgreSQL tests skip, except under ``CI=true``, where they fail:
CI must not drop them silently.
"""

from __future__ import annotations

import os
import time
import uuid
import warnings

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from testenv import in_ci

from eventwire.pipeline import Coder
from eventwire.store import database_url


@pytest.fixture(scope="session")
def coder() -> Coder:
    # min_confidence=0: the rule engine's every reading the decision stage does not merge, so these tests
    # pin what the lexicon, roles and facets find; tests/events/test_decision.py pins what it keeps.
    return Coder(min_confidence=0.0)


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


def coded(events) -> set[tuple[str, str | None, str | None]]:
    """(CAMEO code, source country, target country) of each event."""
    return {(e.cameo, e.source.country if e.source else None, e.target.country if e.target else None)
            for e in events}


POSTGRES_ENV = "EVENTWIRE_TEST_POSTGRES"


@pytest.fixture(scope="session")
def postgres_admin():
    """An engine on the server's test database, in autocommit (to create and drop databases)."""
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        why = f"${POSTGRES_ENV} is not set (a postgresql+psycopg:// URL; .ci/postgres.sh starts a server)"
        if in_ci():
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


def _new_database(admin):
    name = f"eventwire_t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    return name, admin.url.set(database=name).render_as_string(hide_password=False)


def _drop_database(admin, name: str) -> None:
    # WITH (FORCE) cannot end an autovacuum worker that happens to be on the database (a superuser's
    # process): wait for it a little, then leave the database to the throwaway test server
    for attempt in range(10):
        try:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except SQLAlchemyError:
            if attempt == 9:
                warnings.warn(f"test database {name} left on the server: it could not be dropped", stacklevel=2)
                return
            time.sleep(0.3)


@pytest.fixture
def postgres_url(postgres_admin) -> str:
    """A new, empty database on the test server, dropped after the test (with its connections)."""
    name, url = _new_database(postgres_admin)
    yield url
    _drop_database(postgres_admin, name)


@pytest.fixture(scope="module")
def postgres_url_module(postgres_admin) -> str:
    """A new, empty database on the test server, shared by the tests of one module."""
    name, url = _new_database(postgres_admin)
    yield url
    _drop_database(postgres_admin, name)
