"""Opening the event database: engine, sessions, and migration to the current schema on open.

``Store(url)`` takes a SQLAlchemy URL or a plain path (a SQLite file). SQLite runs in WAL mode
with a busy timeout, and write transactions start with ``BEGIN IMMEDIATE``, so two processes can
ingest into one file at once: one writes while the other waits its turn, and neither reads a
state the other is about to change.

PostgreSQL (``postgresql://…``, through psycopg 3) lets writers run side by side; what must not
interleave is serialised with transaction-level advisory locks (:func:`lock`): the migration on
open, and the dedup of each group of events (same CAMEO root and dyad). DOCS: docs/store.md
"""

from __future__ import annotations

import errno
import hashlib
import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, TextClause, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session

from eventwire.errors import EventwireError
from eventwire.store.search import Method, choose_method, ensure_index

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

DEFAULT_DB = "eventwire.db"
BUSY_TIMEOUT_MS = 60_000


class StoreError(EventwireError):
    """The database cannot be opened, migrated or written."""


def failure(err: BaseException) -> str:
    """One line saying why a database call failed, without the SQL or its parameters (which hold
    article text): the driver's own message, first line only."""
    if isinstance(err, EventwireError):
        return str(err)
    if isinstance(err, OSError) and not isinstance(err, SQLAlchemyError):
        full = err.errno == errno.ENOSPC
        return "the disk is full" if full else (err.strerror or type(err).__name__)
    if isinstance(err, SQLAlchemyError):
        orig = getattr(err, "orig", None)
        message = str(orig) if orig is not None else str(err)
        first = message.strip().splitlines()[0] if message.strip() else type(err).__name__
        return first[:300]
    return type(err).__name__


# PostgreSQL URLs without a driver go to psycopg 3 (SQLAlchemy's own default is psycopg2)
_POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def database_url(db: str | Path) -> str:
    """A SQLAlchemy URL for ``db``: a URL as it is (``postgresql://`` made ``postgresql+psycopg://``),
    anything else a path to a SQLite file."""
    url = str(db)
    for scheme in _POSTGRES_SCHEMES:
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url.removeprefix(scheme)
    if "://" in url:
        return url
    return f"sqlite:///{Path(url).expanduser()}"


class JSONText(str):
    """A value already serialised as JSON (by pydantic's ``model_dump_json``, say): a JSON column
    stores it as it is, where any other value goes through ``json.dumps``."""


def _json_dumps(value: Any) -> str:
    # pydantic serialises a model to JSON text three times faster than json.dumps its model_dump
    return value if isinstance(value, JSONText) else json.dumps(value)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling is off: SQLAlchemy's "begin" hook below emits BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    _wal(cursor)
    cursor.execute("PRAGMA synchronous = NORMAL")  # durable at each checkpoint; never corrupt
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _wal(cursor: Any) -> None:
    """Switch the file to WAL (it stays so). The switch needs the file to itself and does not wait
    for the busy timeout: while another process holds it (creating the tables, say), try again.
    WAL only lets readers go on while one process writes: without it, writers still take turns."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        try:
            mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower()
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) and "busy" not in str(err):
                raise
            mode = "busy"
        if mode in ("wal", "memory"):
            return
        time.sleep(0.02)


def _sqlite_connect_read(dbapi_connection: Any, _record: Any) -> None:
    # a reader changes nothing in the file: no WAL switch, no synchronous setting
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    immediate = connection.get_execution_options().get("immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"{url!r} is not a database URL",
                         "give a file name like events.db or a URL like sqlite:///events.db") from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            folder = Path(database).expanduser().resolve().parent
            if not folder.is_dir():
                raise StoreError(f"cannot open {database}: folder {folder} does not exist",
                                 "create it first or give another --db")
        engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, json_serializer=_json_dumps)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        if parsed.get_backend_name() == "postgresql":
            # a dead server fails fast rather than hanging the run
            return create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 10},
                                 json_serializer=_json_dumps)
        return create_engine(parsed, pool_pre_ping=True)
    except (ImportError, SQLAlchemyError) as err:
        raise StoreError(f"cannot use database {parsed.render_as_string(hide_password=True)}: {err}",
                         "install its driver or check the URL") from None


SQLITE_HEADER = b"SQLite format 3\x00"


def sqlite_file_to_read(path: Path) -> Path:
    """``path`` when it is an SQLite file; else StoreError: missing, empty (0 bytes) or something else.
    (SQLite itself takes an empty file for an empty database, and writes to it.)"""
    hint = f"fill one with: eventwire ingest SOURCE --db {path}"
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        raise StoreError(f"no database at {path}", hint) from None
    except OSError as err:
        raise StoreError(f"cannot read {path}: {err.strerror or err}", "check the path and its permissions") from None
    if not header:
        raise StoreError(f"{path} is empty (0 bytes), not an event database", hint)
    if header != SQLITE_HEADER:
        raise StoreError(f"{path} is not an SQLite database", hint)
    return path


def read_only_engine(path: Path, immutable: bool = False) -> Engine:
    """An engine that opens ``path`` with SQLite's ``mode=ro`` (or ``immutable=1``, for a file on
    read-only media or in a folder this user cannot write, where SQLite cannot make the WAL's
    shared-memory file): it can never write the file, and does not switch it to WAL."""
    query = {"uri": "true", **({"immutable": "1"} if immutable else {"mode": "ro"})}
    url = URL.create("sqlite", database=f"file:{quote(str(path.resolve()))}", query=query)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, json_serializer=_json_dumps)
    event.listen(engine, "connect", _sqlite_connect_read)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def lock_key(*names: object) -> int:
    """A signed 64-bit advisory-lock key for ``names`` (stable across processes and machines)."""
    digest = hashlib.blake2b(repr(("eventwire", *names)).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def lock(connection: Connection | Session, *keys: tuple[object, ...]) -> None:
    """Hold a lock on each of ``keys`` until the end of the current transaction.

    On PostgreSQL each key is a transaction-level advisory lock (``pg_advisory_xact_lock``),
    taken in a fixed order so two writers never wait on each other in a cycle; another writer
    asking for one of them waits until this transaction commits or rolls back. On SQLite a write
    transaction already holds the whole file (``BEGIN IMMEDIATE``): nothing to do.
    """
    bind = connection.connection() if isinstance(connection, Session) else connection
    if bind.dialect.name != "postgresql":
        return
    ordered = sorted({lock_key(*k) for k in keys})
    for start in range(0, len(ordered), LOCKS_PER_STATEMENT):  # one round trip each, taken left to right
        chunk = ordered[start:start + LOCKS_PER_STATEMENT]
        bind.execute(_lock_statement(len(chunk)), {f"k{i}": key for i, key in enumerate(chunk)})


LOCKS_PER_STATEMENT = 100


@lru_cache(maxsize=LOCKS_PER_STATEMENT)
def _lock_statement(n: int) -> TextClause:
    """``SELECT pg_advisory_xact_lock(:k0), …`` for ``n`` keys, built once (an ingest takes locks
    for every article: no new statement to build, and look up in SQLAlchemy's cache, each time)."""
    return text("SELECT " + ", ".join(f"pg_advisory_xact_lock(:k{i})" for i in range(n)))


def alembic_config() -> Config:
    """The Alembic configuration of the event database's migrations (``migrations/``)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("eventwire.store") / "migrations"))
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """``alembic upgrade head`` on ``engine``, inside one write transaction (on PostgreSQL, under
    an advisory lock: two processes opening a new database at once create the tables once).
    ``revision`` upgrades to an older one instead (the tests make databases of past versions)."""
    from alembic import command

    config = alembic_config()
    with engine.connect() as connection:
        connection = connection.execution_options(immediate=True)
        with connection.begin():
            lock(connection, ("migrate",))
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            if revision == "head":
                ensure_index(connection)


def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None
    return head


def readable(revision: str | None) -> bool:
    """Whether a reader of this eventwire can read a database at ``revision`` as it is: the head,
    or an older one where every revision it lacks says ``readers_need_it = False`` (an index the
    reader does without, as ``0004_fulltext``'s: its searches scan)."""
    head = head_revision()
    if revision == head:
        return True
    from alembic.script.revision import RevisionError

    if revision is None:
        return False
    try:
        missing = [s for s in _scripts().iterate_revisions(head, revision) if s.revision != revision]
    except RevisionError:  # a revision this eventwire does not know (a newer one's)
        return False
    return all(getattr(s.module, "readers_need_it", True) is False for s in missing)


class Store:
    """An event database, migrated to the current schema when opened.

    ``store.session()`` reads; ``store.write()`` is one write transaction (committed on exit,
    rolled back on an exception); ``store.connect()`` is one connection for a run of short
    transactions (an ingest).

    ``read_only=True`` (``eventwire events``, ``serve --read-only``) opens an existing database to
    read it only: a SQLite file must be one (not missing, empty or another kind of file) and is
    opened with ``mode=ro``, with no migration and no switch to WAL, so a file the user cannot
    write (or on read-only media) is read all the same. Its schema must be the current one, or
    one that lacks only what readers do without (:func:`readable`: the full-text index).

    ``store.search`` is how its searches run (eventwire.store.search): ``fts5``, ``tsvector`` or
    ``scan``.
    """

    search: Method

    def __init__(self, db: str | Path = DEFAULT_DB, migrate_on_open: bool = True, read_only: bool = False) -> None:
        self.url = database_url(db)
        self.read_only = read_only
        if read_only:
            self._open_to_read()
            return
        self.engine = make_engine(self.url)
        self._writer = self.engine.execution_options(immediate=True)
        # PostgreSQL reads in autocommit: a one-statement read is one round trip, with no BEGIN
        # and ROLLBACK around it. SQLite keeps its explicit BEGIN (the begin hook), which is free.
        self._reader = (self.engine.execution_options(isolation_level="AUTOCOMMIT")
                        if self.engine.dialect.name == "postgresql" else self.engine)
        if migrate_on_open:
            try:
                migrate(self.engine)
            except SQLAlchemyError as err:
                self.engine.dispose()
                raise StoreError(f"cannot open database {self.display}: {failure(err)}",
                                 "check the path or URL and its permissions") from None
        self.search = choose_method(self.engine)

    def _open_to_read(self) -> None:
        parsed = make_url(self.url)
        path = Path(parsed.database or "") if parsed.get_backend_name() == "sqlite" else None
        if path is None or parsed.database in ("", ":memory:") or parsed.query.get("uri"):
            self.engine = make_engine(self.url)  # a server, or a URL that says how to open itself
        else:
            self.engine = read_only_engine(sqlite_file_to_read(path.expanduser()))
        self._writer = self._reader = self.engine
        try:
            revision = self._revision()
        except SQLAlchemyError as err:
            if path is None or "unable to open" not in failure(err):
                self.engine.dispose()
                raise StoreError(f"cannot read database {self.display}: {failure(err)}",
                                 "is it an event database that eventwire ingest filled?") from None
            # mode=ro needs the WAL's shared-memory file, which a read-only folder cannot hold
            self.engine.dispose()
            self.engine = self._writer = self._reader = read_only_engine(path.expanduser(), immutable=True)
            revision = self._revision()
        if not readable(revision):
            self.engine.dispose()
            raise StoreError(f"{self.display} is not an event database of this eventwire (schema "
                             f"{revision or 'none'}, needs {head_revision()})",
                             "open it once for writing, with eventwire ingest, to upgrade it")
        self.search = choose_method(self.engine)

    def _revision(self) -> str | None:
        """The Alembic revision the database is at; None when it has no eventwire tables."""
        with self.engine.connect() as connection:
            if "alembic_version" not in inspect(connection).get_table_names():
                return None
            return connection.scalar(text("SELECT version_num FROM alembic_version"))

    @property
    def dialect(self) -> str:
        """``sqlite``, ``postgresql``, …"""
        return self.engine.dialect.name

    @property
    def display(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        with Session(self._writer, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def connect(self, write: bool = False) -> Iterator[Connection]:
        """One connection held for many transactions, each ``with connection.begin(): ...``.

        An ingest stores thousands of articles, one transaction each: holding one connection
        saves a pool check-out, and on PostgreSQL a ``pool_pre_ping`` round trip, per article.
        With ``write`` each transaction is a write (``BEGIN IMMEDIATE`` on SQLite); without, a
        read (in autocommit on PostgreSQL: keep each to one statement, or to reads that need
        not agree with each other).
        """
        with (self._writer if write else self._reader).connect() as connection:
            yield connection

    def tables(self) -> list[str]:
        return sorted(inspect(self.engine).get_table_names())

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
