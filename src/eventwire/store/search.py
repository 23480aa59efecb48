"""Full-text search of the event database: the words of a mention's evidence sentence or of its
article's title (the ``text`` filter of EventFilter, ``q=`` of ``GET /events``, ``--search``).

A query is cut into words (runs of letters, digits and combining marks; everything else separates
them, so no character of it is ever query syntax). A mention passes when **every** word starts a
word of its evidence sentence, or every word starts a word of its article's title; case does not
matter, accents do (``sao`` does not find São). A query without a single word finds nothing.

- SQLite: two FTS5 tables over external content, ``mentions_fts`` (``evidence_text``, keyed on the
  mention's rowid) and ``articles_fts`` (``title``, keyed on the article's id), with the
  ``unicode61`` tokenizer, and triggers that keep them in step with every insert, update and
  delete of those two columns, whoever writes. An index row belongs to a mention, never to an
  event, so moving mentions between events (a dedup merge) needs no change to it.
- PostgreSQL: GIN indexes on ``to_tsvector('simple', evidence_text)`` and on
  ``to_tsvector('simple', title)``, which PostgreSQL maintains itself. ``simple`` (lower case, no
  stemming, no stop words), not ``english``: the same words match as in SQLite's tokenizer, a
  query of short words (``who``, ``us``) is not emptied as stop words, and the names that make
  most of the searches (places, people, armed groups) are not stemmed into each other.
- Anything else, a SQLite built without FTS5, or a database read (read-only) before its
  migration to ``0004_fulltext``: each word is a substring test (``LIKE``) on the same two
  columns, a scan, with a warning in the log.

Which of these a database uses is found when the Store opens it (:func:`choose_method`) and kept
on its engine's dialect, which the SQL compiler of :class:`TextMatch` reads. DOCS: docs/store.md
"""

from __future__ import annotations

import logging
import unicodedata
from typing import Any, Literal

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    bindparam,
    column,
    false,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
    union_all,
)
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement

from eventwire.store.schema import Article, Mention

log = logging.getLogger("eventwire.store")

Method = Literal["fts5", "tsvector", "scan"]
# where the method a database searches with is kept (an attribute of its engine's dialect object)
_METHOD = "eventwire_search"

MAX_WORD = 255  # longer words cannot be in PostgreSQL's index (2047 bytes a lexeme)

# ---- SQLite: FTS5 tables, kept in step by triggers ----------------------------------------------

FTS_TABLES = ("mentions_fts", "articles_fts")
# unicode61 folds case; remove_diacritics 0 because PostgreSQL's 'simple' keeps accents too
_TOKENIZE = "tokenize='unicode61 remove_diacritics 0'"

_SQLITE_CREATE = (
    f"CREATE VIRTUAL TABLE mentions_fts USING fts5(evidence_text, content='mentions', content_rowid='rowid', "
    f"{_TOKENIZE})",
    f"CREATE VIRTUAL TABLE articles_fts USING fts5(title, content='articles', content_rowid='id', {_TOKENIZE})",
    # an external-content index is told the old text of a row to unindex it: the triggers pass it
    """CREATE TRIGGER mentions_fts_insert AFTER INSERT ON mentions BEGIN
        INSERT INTO mentions_fts (rowid, evidence_text) VALUES (new.rowid, new.evidence_text);
    END""",
    """CREATE TRIGGER mentions_fts_delete AFTER DELETE ON mentions BEGIN
        INSERT INTO mentions_fts (mentions_fts, rowid, evidence_text) VALUES ('delete', old.rowid, old.evidence_text);
    END""",
    """CREATE TRIGGER mentions_fts_update AFTER UPDATE OF evidence_text ON mentions BEGIN
        INSERT INTO mentions_fts (mentions_fts, rowid, evidence_text) VALUES ('delete', old.rowid, old.evidence_text);
        INSERT INTO mentions_fts (rowid, evidence_text) VALUES (new.rowid, new.evidence_text);
    END""",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title) VALUES (new.id, new.title);
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title) VALUES ('delete', old.id, old.title);
    END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF id, title ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title) VALUES ('delete', old.id, old.title);
        INSERT INTO articles_fts (rowid, title) VALUES (new.id, new.title);
    END""",
    # the rows already stored (a database upgraded from 0002)
    "INSERT INTO mentions_fts (mentions_fts) VALUES ('rebuild')",
    "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')",
)
_SQLITE_DROP = (*(f"DROP TRIGGER IF EXISTS {table}_{change}" for table in FTS_TABLES
                  for change in ("insert", "delete", "update")),
                *(f"DROP TABLE IF EXISTS {table}" for table in FTS_TABLES))

# ---- PostgreSQL: expression indexes ----------------------------------------------------------

CONFIG = "simple"
_REGCONFIG = f"'{CONFIG}'::regconfig"  # a constant, not a parameter: the planner matches it to the index
PG_INDEXES = {"ix_mentions_evidence_fts": ("mentions", "evidence_text"), "ix_articles_title_fts": ("articles", "title")}


def create_index(connection: Connection) -> None:
    """Create the full-text index of the database and fill it from the rows it holds (the
    migration ``0004_fulltext``). On a SQLite without FTS5 there is nothing to create: searches
    scan (a warning says so)."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        if not fts5_available(connection):
            log.warning("this SQLite has no FTS5: the event database is made without its full-text index, "
                        "and searches scan every mention")
            return
        for statement in _SQLITE_CREATE:
            connection.exec_driver_sql(statement)
    elif dialect == "postgresql":
        for name, (table_name, column_name) in PG_INDEXES.items():
            connection.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS {name} ON {table_name} "
                                       f"USING gin (to_tsvector({_REGCONFIG}, {column_name}))")


def ensure_index(connection: Connection) -> None:
    """Rebuild the SQLite index when a part of it is missing, after every migration on open: a
    later revision that rebuilds the ``mentions`` or ``articles`` table (Alembic's batch mode on
    SQLite copies it to a new one) drops its triggers and may renumber its rows; a database
    migrated by a SQLite without FTS5 gets its index from the first one with it."""
    if connection.dialect.name != "sqlite":
        return  # PostgreSQL's indexes belong to their tables: nothing outside them to lose
    present = set(connection.scalars(text("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")))
    wanted = {*FTS_TABLES, *(f"{table}_{change}" for table in FTS_TABLES for change in ("insert", "delete", "update"))}
    if wanted <= present or not fts5_available(connection):
        return
    log.warning("rebuilding the full-text index of %s", connection.engine.url.database)
    drop_index(connection)
    create_index(connection)


def drop_index(connection: Connection) -> None:
    """Undo :func:`create_index` (the migration's downgrade)."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        for statement in _SQLITE_DROP:
            connection.exec_driver_sql(statement)
    elif dialect == "postgresql":
        for name in PG_INDEXES:
            connection.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")


def is_index_table(name: str | None) -> bool:
    """A table of the SQLite full-text index (``mentions_fts``, and FTS5's own ``mentions_fts_data``,
    ``…_idx``, ``…_docsize``, ``…_config``), which the models do not describe."""
    return bool(name) and any(name == t or name.startswith(f"{t}_") for t in FTS_TABLES)  # type: ignore[union-attr]


def include_name(name: str | None, type_: str, _parents: dict[str, str | None]) -> bool:
    """Alembic's ``include_name``: not the tables and indexes of the full-text index, which no model
    describes (so that comparing the database with the models, as autogenerate does, leaves them
    alone)."""
    return not ((type_ == "table" and is_index_table(name)) or (type_ == "index" and name in PG_INDEXES))


def fts5_available(connection: Connection) -> bool:
    try:
        connection.exec_driver_sql("SELECT fts5_source_id()")
    except OperationalError:
        return False
    return True


def choose_method(engine: Engine) -> Method:
    """How ``engine``'s database is searched, kept on its dialect for :class:`TextMatch`: FTS5 on a
    SQLite with the index, ``tsvector`` on PostgreSQL, else a scan (with a warning when the
    database could have an index but has not)."""
    dialect = engine.dialect.name
    method: Method = "scan"
    if dialect == "postgresql":
        method = "tsvector"  # the same query with or without the indexes (only slower without)
    elif dialect == "sqlite":
        with engine.connect() as connection:
            method = _sqlite_method(connection)
    setattr(engine.dialect, _METHOD, method)
    return method


def _sqlite_method(connection: Connection) -> Method:
    names = set(connection.scalars(text("SELECT name FROM sqlite_master WHERE type = 'table'")))
    if not set(FTS_TABLES) <= names:
        if "mentions" in names:
            log.warning("%s has no full-text index (its schema is older than 0004_fulltext, or its SQLite had no "
                        "FTS5): searches scan every mention; open it once for writing to build the index",
                        connection.engine.url.database)
        return "scan"
    if not fts5_available(connection):
        log.warning("this SQLite has no FTS5: searches scan every mention (the database's index is not used)")
        return "scan"
    return "fts5"


# ---- the query -------------------------------------------------------------------------------


def _in_word(char: str) -> bool:
    # unicode61's word characters: letters, digits, private use; and the marks that accent them
    return char.isalnum() or unicodedata.category(char)[0] == "M" or unicodedata.category(char) == "Co"


def words(query: str) -> list[str]:
    """The words of a user's query, in order, each at most MAX_WORD characters. Their case is kept:
    FTS5 folds a query's case as it folded the text's (Python's ``lower`` may differ: İ, ẞ)."""
    found, word = [], []
    for char in query + " ":
        if _in_word(char):
            word.append(char)
        elif word:
            found.append("".join(word)[:MAX_WORD])
            word = []
    return found


def fts5_query(terms: list[str]) -> str:
    """An FTS5 query where every word is a quoted string, so never an operator (``AND``, ``NEAR``,
    ``*``, a column name): ``"air"* "defence"*`` (all of them, each the start of a word)."""
    return " ".join('"' + term.replace('"', '""') + '"*' for term in terms)


# PostgreSQL reads the query with the parser that made the indexed lexemes (so U.S., 3.5 or
# example.com are one lexeme on both sides), keeps the parts of a hyphenated word rather than the
# whole (air-defence finds "air defence"), and makes each lexeme a prefix ('air':*). Each lexeme is
# quoted for the tsquery syntax (' and \ doubled): the user's text is never read as operators.
# No word, no tsquery: NULL, which matches nothing.
_PG_TSQUERY = f"""SELECT string_agg('''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || ''':*', ' & ')
    ::tsquery AS tsquery FROM ts_debug({_REGCONFIG}, :words) AS token, unnest(token.lexemes) AS lexeme
    WHERE token.alias NOT IN ('asciihword', 'hword', 'numhword') AND octet_length(lexeme) < 2047"""


class TextMatch(ColumnElement[Any]):
    """The ``text`` filter as a condition on a row of ``mentions`` (which needs no join to its
    article: the titles are searched apart), compiled for the method of the database
    (:func:`choose_method`)."""

    inherit_cache = False  # the SQL depends on the query's words and on the database's method

    def __init__(self, query: str) -> None:
        self.query = query.replace("\x00", " ")  # PostgreSQL cannot take a NUL in text; it is no letter
        self.terms = words(self.query)


@compiles(TextMatch)
def _scan(element: TextMatch, compiler: Any, **kw: Any) -> str:
    return "(" + compiler.process(_scan_condition(element.terms), **kw) + ")"


# The hits are the mentions whose evidence matches and the mentions of the articles whose title
# does, one list (UNION ALL) that the enclosing query looks its mentions up in: each index is
# searched once, and no mention is read that is not a hit (an OR of two IN tests made both
# databases read every mention). The aliases keep the inner tables apart from the enclosing ones.


@compiles(TextMatch, "sqlite")
def _sqlite(element: TextMatch, compiler: Any, **kw: Any) -> str:
    if getattr(compiler.dialect, _METHOD, "scan") != "fts5" or not element.terms:
        return _scan(element, compiler, **kw)
    query = fts5_query(element.terms)

    def matching(index: str) -> Any:
        return (select(literal_column("rowid")).select_from(table(index))
                .where(literal_column(index).op("MATCH")(bindparam(None, query))))

    titled = Mention.__table__.alias("titled_mentions")
    by_title = (select(literal_column("titled_mentions.rowid")).select_from(titled)
                .where(titled.c.article_id.in_(matching("articles_fts"))))
    hits = union_all(matching("mentions_fts"), by_title)
    return "(" + compiler.process(literal_column("mentions.rowid").in_(hits), **kw) + ")"


@compiles(TextMatch, "postgresql")
def _postgresql(element: TextMatch, compiler: Any, **kw: Any) -> str:
    if not element.terms:
        return compiler.process(false(), **kw)
    tsquery = (text(_PG_TSQUERY).bindparams(words=element.query)
               .columns(column("tsquery", TSQUERY)).scalar_subquery())  # one, read by both sides

    def matches(words_of: Any) -> Any:  # the very expression the GIN index is on
        return func.to_tsvector(literal_column(_REGCONFIG), words_of).bool_op("@@")(tsquery)

    found = Mention.__table__.alias("found_mentions")
    titled, articles = Mention.__table__.alias("titled_mentions"), Article.__table__.alias("titled_articles")
    by_title = (select(titled.c.id).join(articles, titled.c.article_id == articles.c.id)
                .where(matches(articles.c.title)))
    hits = union_all(select(found.c.id).where(matches(found.c.evidence_text)), by_title)
    return "(" + compiler.process(Mention.id.in_(hits), **kw) + ")"


def _scan_condition(terms: list[str]) -> Any:
    """Every word a substring of the evidence, or every word one of the title (no index)."""
    if not terms:
        return false()

    def has_all(column: Any) -> Any:
        return and_(*(func.lower(column).contains(term.lower(), autoescape=True) for term in terms))

    titled = Article.__table__.alias("titled_articles")
    titles = select(titled.c.id).where(has_all(titled.c.title))
    return or_(has_all(Mention.evidence_text), Mention.article_id.in_(titles))
