"""Full-text search (eventwire.store.search, docs/store.md#search) on SQLite's FTS5 and
PostgreSQL's tsvector index: what a query finds, hostile queries, the index kept in step with
every write, and the migration that builds it for a database of the revision before it."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, text
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.model import Document
from eventwire.store import Store, ingest, search
from eventwire.store.db import alembic_config, head_revision, migrate
from eventwire.store.query import count_events, list_events
from eventwire.store.schema import Article, Claim, Mention
from eventwire.store.search import fts5_query, words

# our own text, no real reporting: titles that say something the evidence does not
ARTICLES = [
    Document(id="a1", source="Wire One", date="2025-06-02", title="Overnight attack on the grid",
             text="Russian forces struck a power station in Kharkiv on Sunday, killing at least 12 civilians, "
                  "Ukraine's interior ministry said."),
    Document(id="a2", source="Wire Two", date="2025-06-03", title="Missile strike on Kharkiv",
             text="A Russian missile strike on a power station in Kharkiv killed 15 people on Sunday, "
                  "according to the regional governor."),
    Document(id="a3", source="Wire One", date="2025-06-20", title="Troops for the front",
             text="North Korea sent 11,000 troops to Russia, according to South Korea's intelligence agency."),
    Document(id="a4", source="Wire Three", date="2025-07-21", title="Farmers' anger in Paris",
             text="Thousands of farmers protested in Paris on Monday against the government's new fuel tax."),
    Document(id="a5", source="Wire Two", date="2025-08-05",
             text="Japan pledged $50 million in humanitarian aid to the Philippines on Tuesday, "
                  "the foreign ministry said."),
]
LATER = [
    Document(id="a6", source="Wire Three", date="2025-09-01", title="São Tomé: U.S.-backed air-defence talks",
             text="Angola condemned Portugal on Monday, officials said."),
]


@pytest.fixture
def filled(store: Store, coder) -> Store:
    assert ingest(store, ARTICLES, coder).errors == 0
    return store


def found(store: Store, query: str, **filters) -> set[str]:
    """The CAMEO codes of the events the search finds (the count agrees with the list)."""
    events = list_events(store, text=query, **filters)
    assert count_events(store, text=query, **filters) == len(events)
    return {e.cameo for e in events}


def expected(store: Store, query: str) -> set[str]:
    """The same search done in Python over every mention: every word of the query starts a word
    of the evidence, or every word starts a word of the title (the rule docs/store.md states)."""
    terms = [w.lower() for w in words(query)]
    codes = set()
    with store.session() as session:
        rows = session.execute(select(Mention.event_id, Mention.evidence_text, Article.title)
                               .join(Article, Mention.article_id == Article.id))
        for event_id, evidence, title in rows:
            for field in (evidence, title or ""):
                have = [w.lower() for w in words(field)]
                if terms and all(any(w.startswith(t) for w in have) for t in terms):
                    codes.add(event_id)
    return {e.cameo for e in list_events(store) if e.id in codes}


# ---- the query -------------------------------------------------------------------------------


def test_a_query_is_its_words_and_no_syntax() -> None:
    assert words("Air-Defence, U.S. (3.5) NEAR/2 \"Kyiv\"* São_Tomé") == [
        "Air", "Defence", "U", "S", "3", "5", "NEAR", "2", "Kyiv", "São", "Tomé"]
    assert words('"*^:()+-') == [] == words("   ")
    assert fts5_query(["AND", "Kyiv"]) == '"AND"* "Kyiv"*'


def test_the_store_says_how_it_searches(store: Store) -> None:
    assert store.search == {"sqlite": "fts5", "postgresql": "tsvector"}[store.dialect]


@pytest.mark.parametrize(("query", "codes"), [
    ("kharkiv", {"190"}),
    ("KHARKIV", {"190"}),                 # any case
    ("kharki", {"190"}),                  # a word's start
    ("station power", {"190"}),           # every word, in any order
    ("grid", {"190"}),                    # words of the title
    ("fuel tax", {"141"}),
    ("troops korea", {"154"}),
    ("11,000", {"154"}),
    ("korea paris", set()),               # every word, not any
    ("grid kharkiv", set()),              # all in the evidence or all in the title, not across both
    ("arkiv", set()),                     # not the inside of a word
    ("sao", set()),                       # accents count, as in PostgreSQL's 'simple'
])
def test_a_search_finds_the_events_with_every_word(filled: Store, query: str, codes: set[str]) -> None:
    assert found(filled, query) == codes == expected(filled, query)


def test_a_search_keeps_the_order_asked_and_the_other_filters(filled: Store) -> None:
    for order in ("oldest", "newest", "most_reported"):
        every = [e.id for e in list_events(filled, order=order)]
        hits = {e.id for e in list_events(filled, text="on", order=order)}
        assert [e.id for e in list_events(filled, text="on", order=order)] == [i for i in every if i in hits]
        assert len(hits) >= 2
    assert found(filled, "killing", outlet="wire one") == {"190"}  # the same mention passes both
    assert found(filled, "killing", outlet="wire two") == set()
    assert found(filled, "kill", outlet="wire two") == {"190"}
    assert found(filled, "grid", outlet="wire two") == set()
    page = list_events(filled, text="on", order="oldest", limit=1, offset=1)
    assert [e.id for e in page] == [e.id for e in list_events(filled, text="on", order="oldest")][1:2]


@pytest.mark.parametrize("query", [
    "AND", "OR", "NOT", "NEAR", '"', '""', "*", "^", ":", "title:kharkiv", "evidence_text : kharkiv", "(", ")",
    "kharkiv*", '"kharkiv', "'", "''", "\\", "a'b", "!kharkiv", "kharkiv & !paris", "kharkiv | paris", "<->", ":*",
    "%", "_", "%kharkiv%", "k_arkiv", "\x00", "kharkiv\x00paris", "🚀", "東京", "ü", "x" * 3000,
    "-kharkiv", "kharkiv -- ;DROP TABLE events", "NEAR(kharkiv station, 3)", "{evidence_text}: x",
])
def test_no_query_is_an_error(filled: Store, query: str) -> None:
    codes = found(filled, query)
    assert codes == expected(filled, query)
    if query.strip() in ("AND", "OR", "NOT", "NEAR"):
        assert codes == set()  # a word like any other: no evidence or title here has it


def test_a_query_without_words_finds_nothing_and_blank_is_no_filter(filled: Store) -> None:
    assert found(filled, '"*()') == set()
    assert found(filled, "   ") == {e.cameo for e in list_events(filled)} == found(filled, "")


# ---- the index follows every write -------------------------------------------------------------


def test_the_index_follows_ingest_updates_deletes_and_merges(filled: Store, coder) -> None:
    assert found(filled, "angola") == set()
    ingest(filled, LATER, coder)
    assert found(filled, "angola portugal") == {"111"} == expected(filled, "angola portugal")
    assert found(filled, "são tomé talks") == {"111"} == expected(filled, "são tomé talks")
    assert found(filled, "air-defence") == {"111"} == found(filled, "air defence")
    assert found(filled, "u.s. backed") == {"111"}

    # a dedup merge moves a mention to another event: the hit follows it (the index rows are the
    # mention's, not the event's)
    (protest,) = list_events(filled, text="farmers")
    (pledge,) = list_events(filled, text="japan")
    with filled.write() as session:
        session.execute(Mention.__table__.update().where(Mention.event_id == protest.id).values(event_id=pledge.id))
    assert [e.id for e in list_events(filled, text="farmers")] == [pledge.id]

    with filled.write() as session:  # new words in place of old ones
        session.execute(Mention.__table__.update().where(Mention.evidence_text.like("Thousands of farmers%"))
                        .values(evidence_text="Growers marched in Lyon."))
        session.execute(Article.__table__.update().where(Article.doc_id == "a4").values(title="Lyon march"))
    assert found(filled, "farmers") == set() and found(filled, "paris") == set()
    assert found(filled, "growers lyon") == {"0331"} == found(filled, "lyon march")

    with filled.write() as session:  # deleted rows are no longer found
        gone = select(Mention.id).where(Mention.evidence_text == "Growers marched in Lyon.").scalar_subquery()
        session.execute(Claim.__table__.delete().where(Claim.mention_id == gone))
        session.execute(Mention.__table__.delete().where(Mention.id == gone))
    assert found(filled, "growers") == set()
    assert found(filled, "kharkiv") == {"190"}
    if filled.dialect == "sqlite":  # FTS5's own check: the index agrees with its tables
        with filled.write() as session:
            for index in search.FTS_TABLES:
                session.execute(text(f"INSERT INTO {index} ({index}) VALUES ('integrity-check')"))


# ---- how each database runs it -------------------------------------------------------------------


def test_the_search_uses_the_index(filled: Store) -> None:
    statement = (select(Mention.event_id).join(Article, Mention.article_id == Article.id)
                 .where(search.TextMatch("kharkiv station")))
    with filled.engine.connect() as connection:
        sql = str(statement.compile(connection, compile_kwargs={"literal_binds": True}))
        if filled.dialect == "postgresql":
            connection.execute(text("SET enable_seqscan = off"))  # tiny tables: make the planner show its index
            plan = " ".join(connection.scalars(text("EXPLAIN " + sql)))
            assert "ix_mentions_evidence_fts" in plan and "ix_articles_title_fts" in plan
        else:
            plan = " ".join(str(row) for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
            assert "mentions_fts VIRTUAL TABLE" in plan and "articles_fts VIRTUAL TABLE" in plan
            assert "SCAN mentions " not in plan + " "  # no mention is read that is not a hit


# ---- the migration ------------------------------------------------------------------------------


BEFORE = "0003_mention_coder"  # the revision 0004_fulltext follows


def _before_fulltext(db_url: str, coder) -> None:
    """A database as eventwire left it before 0004_fulltext, with articles in it."""
    with Store(db_url, migrate_on_open=False) as old:
        migrate(old.engine, BEFORE)
        assert ingest(old, ARTICLES, coder).errors == 0


def _revision(store: Store) -> str:
    with store.engine.connect() as connection:
        return connection.scalar(text("SELECT version_num FROM alembic_version"))


def test_a_database_before_the_index_upgrades_and_finds_its_old_rows(db_url: str, coder) -> None:
    _before_fulltext(db_url, coder)
    with Store(db_url) as store:
        assert _revision(store) == head_revision() and store.search != "scan"
        assert found(store, "kharkiv") == {"190"} and found(store, "grid") == {"190"}
        ingest(store, LATER, coder)
        assert found(store, "angola") == {"111"}
        # and back: the downgrade drops the index alone; an upgrade builds it again from every row
        with store.engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, BEFORE)
        names = set(store.tables())
        assert {"articles", "mentions"} <= names and not any(search.is_index_table(n) for n in names)
    with Store(db_url) as again:
        assert found(again, "angola") == {"111"} and found(again, "fuel") == {"141"}


def test_a_database_before_the_index_read_only_is_searched_by_a_scan(db_url: str, coder, caplog) -> None:
    _before_fulltext(db_url, coder)
    with caplog.at_level(logging.WARNING, logger="eventwire.store"), Store(db_url, read_only=True) as store:
        assert _revision(store) == BEFORE
        assert found(store, "kharkiv") == {"190"} and found(store, "grid") == {"190"}
        assert found(store, '"*') == set()
        if store.dialect == "sqlite":
            assert store.search == "scan"
            assert "no full-text index" in caplog.text


def test_eventwire_events_searches_a_read_only_file_before_the_index(tmp_path: Path, coder) -> None:
    db = tmp_path / "events.db"
    _before_fulltext(str(db), coder)
    db.chmod(0o444)  # opened read-only all the same; nothing is written, the index is not built
    before = db.read_bytes()
    result = CliRunner().invoke(app, ["events", "--db", str(db), "--search", "KHARKIV power", "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    assert {json.loads(line)["cameo"] for line in result.stdout.splitlines()} == {"190"}
    assert db.read_bytes() == before


def test_a_read_only_database_of_another_schema_is_still_refused(tmp_path: Path, coder) -> None:
    db = tmp_path / "events.db"
    with Store(db, migrate_on_open=False) as old:
        migrate(old.engine, "0001")
    with pytest.raises(Exception, match="schema 0001, needs"):
        Store(db, read_only=True)


# ---- SQLite without FTS5, or with a part of the index lost ---------------------------------------------


def test_without_fts5_the_search_scans_and_the_index_comes_later(tmp_path: Path, coder, monkeypatch,
                                                                 caplog) -> None:
    db = tmp_path / "events.db"
    with monkeypatch.context() as patched, caplog.at_level(logging.WARNING, logger="eventwire.store"):
        patched.setattr(search, "fts5_available", lambda _connection: False)
        with Store(db) as store:
            assert store.search == "scan" and "no FTS5" in caplog.text
            ingest(store, ARTICLES, coder)
            assert found(store, "kharkiv station") == {"190"} and found(store, "*") == set()
            assert not any(search.is_index_table(n) for n in store.tables())
    with Store(db) as store:  # a SQLite with FTS5 builds the index on open, from every row
        assert store.search == "fts5" and found(store, "kharkiv station") == {"190"}


def test_a_lost_trigger_is_rebuilt_on_open(tmp_path: Path, coder) -> None:
    """A later migration that copies the mentions table (Alembic's batch mode) drops its triggers."""
    db = tmp_path / "events.db"
    with Store(db) as store:
        ingest(store, ARTICLES[:2], coder)
    with sqlite3.connect(db) as raw:
        raw.execute("DROP TRIGGER mentions_fts_insert")
    with Store(db) as store:
        ingest(store, ARTICLES[2:], coder)
        assert found(store, "troops") == {"154"} == expected(store, "troops")
