"""``eventwire recode`` on SQLite and PostgreSQL (``db_url``, tests/store/conftest.py): an unchanged
coder changes nothing; a changed pattern file changes exactly the events whose mentions it codes
otherwise; articles without text, --since and a failing article; the revision 0003 both ways;
and a recode killed with SIGKILL, run again, leaves what an uninterrupted one does."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from corpus import STRIKE
from killing import kill_mid_run
from sqlalchemy import create_engine, inspect, select, text, update
from typer.testing import CliRunner

from eventwire import cli
from eventwire.cli import app
from eventwire.model import CodedDocument, Document
from eventwire.pipeline import Coder
from eventwire.read import iter_documents
from eventwire.store import Store, database_url, ingest
from eventwire.store import recode as recode_module
from eventwire.store.recode import recode, recode_article
from eventwire.store.schema import Article, Claim, EventRow, Mention

DEMO = Path(str(resources.files("eventwire") / "data" / "corpus" / "demo.jsonl"))
N_DEMO = 13
# the built-in pattern accuse-112 (11-disapprove.yaml) codes 111 instead of 112: a user's override
CHANGED_PATTERN = "accuse-112"
OVERRIDE = """format: eventwire.patterns.v1
patterns:
  - {id: accuse-112, lemma: [accuse], pos: VERB, cameo: "111", target: [dobj], complement: true, confidence: 0.8}
"""


@pytest.fixture(scope="module")
def override(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("patterns") / "mine.yaml"
    path.write_text(OVERRIDE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def changed_coder(override: Path) -> Coder:
    """The session's coder with one pattern of the user's: the same options (min_confidence=0)."""
    return Coder(patterns=[override], min_confidence=0.0)


@pytest.fixture(scope="module")
def demo_docs() -> list[Document]:
    docs = [d for d in iter_documents([str(DEMO)]) if isinstance(d, Document)]
    assert len(docs) == N_DEMO
    return docs


def filled(db: str, coder: Coder, docs: list[Document]) -> Store:
    store = Store(db)
    report = ingest(store, iter(docs), coder)
    assert report.articles == len(docs) and report.errors == 0
    return store


def content(db: str) -> dict[str, Any]:
    """The whole database as comparable values, on either database (typed columns: dates and JSON
    read alike): articles, events, mentions and claims, every column but the surrogate ids of
    claims (a PostgreSQL sequence skips what a killed transaction took) and the ingest time."""
    url = database_url(db)
    if url.startswith("sqlite:"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    engine = create_engine(url)

    def rows(con: Any, table: Any, *leave_out: str) -> list[str]:
        columns = [c for c in table.c if c.name not in leave_out]
        return sorted(json.dumps([row[c.name] for c in columns], sort_keys=True, default=str)
                      for row in con.execute(select(*columns)).mappings())

    try:
        with engine.connect() as con:
            return {"articles": rows(con, Article.__table__, "ingested_at"), "events": rows(con, EventRow.__table__),
                    "mentions": rows(con, Mention.__table__), "claims": rows(con, Claim.__table__, "id")}
    finally:
        engine.dispose()


def events_with_mentions(store: Store) -> dict[str, tuple]:
    """Each event: its row and its mentions (id, coded event), to compare one event before and after."""
    with store.engine.connect() as con:
        mentions: dict[str, list] = {}
        for mention_id, event_id, coded in con.execute(select(Mention.id, Mention.event_id, Mention.event_json)):
            mentions.setdefault(event_id, []).append((mention_id, json.dumps(coded, sort_keys=True)))
        return {row[0]: (tuple(map(str, row)), sorted(mentions.get(row[0], [])))
                for row in con.execute(select(EventRow.__table__))}


# ---- an unchanged coder ------------------------------------------------------------------------


def test_recode_with_the_same_coder_changes_nothing(db_url: str, coder: Coder, demo_docs) -> None:
    with filled(db_url, coder, demo_docs) as store:
        before = content(db_url)
        assert {json.loads(row)[-1] for row in before["mentions"]} == {coder.fingerprint}
        report = recode(store, coder)
        assert (report.recoded, report.unchanged, report.no_text, report.failed) == (0, N_DEMO, 0, 0)
        assert content(db_url) == before
        # forced, every article is coded and stored again: to the same rows
        forced = recode(store, coder, force=True)
        assert (forced.recoded, forced.unchanged, forced.events_changed) == (N_DEMO, 0, 0)
        assert content(db_url) == before


# ---- a changed pattern file -------------------------------------------------------------------


def test_a_changed_pattern_changes_exactly_the_events_it_codes(
        db_url: str, coder: Coder, changed_coder: Coder, demo_docs) -> None:
    # what the two coders code differently, mention by mention (a mention's id is its event_id)
    old = {e.event_id: e.model_dump() for d in coder.code_many(demo_docs) for e in d.events}
    new = {e.event_id: e.model_dump() for d in changed_coder.code_many(demo_docs) for e in d.events}
    differ = {i for i in old.keys() | new.keys() if old.get(i) != new.get(i)}
    assert {old[i]["pattern"] for i in differ if i in old} >= {CHANGED_PATTERN}
    assert all(CHANGED_PATTERN in (old.get(i) or new[i])["pattern"] for i in differ)

    with filled(db_url, coder, demo_docs) as store:
        before = events_with_mentions(store)
        report = recode(store, changed_coder)
        after = events_with_mentions(store)
        assert (report.recoded, report.unchanged, report.failed) == (N_DEMO, 0, 0)

        changed = {i for i in before.keys() | after.keys() if before.get(i) != after.get(i)}
        affected = {event for state in (before, after) for event, (_, mentions) in state.items()
                    if any(mention_id in differ for mention_id, _ in mentions)}
        # and those the window's new clustering regrouped with them: an event whose unchanged
        # mentions now sit in (or came from) an event a changed mention is in
        home = {state_name: {m: event for event, (_, mentions) in state.items() for m, _ in mentions}
                for state_name, state in (("before", before), ("after", after))}
        regrouped = {event for name, state in (("before", before), ("after", after))
                     for event, (_, mentions) in state.items()
                     for m, _ in mentions
                     if home["after" if name == "before" else "before"].get(m) in affected}
        assert changed == affected | regrouped == report.changed_events
        assert 0 < len(changed) < len(before) / 5  # the others keep their ids and content
        with store.engine.connect() as con:
            stamps = set(con.execute(select(Mention.coder_version, Mention.coder_fingerprint)))
            assert stamps == {(changed_coder.version, changed_coder.fingerprint)}

        # done is done: a rerun recodes nothing, and going back to the built-in pattern undoes it
        again = recode(store, changed_coder)
        assert (again.recoded, again.unchanged) == (0, N_DEMO)
        assert events_with_mentions(store) == after
        back = recode(store, coder)
        assert back.changed_events == changed
        assert events_with_mentions(store) == before


# ---- what is skipped, what fails ----------------------------------------------------------------


def strike_docs() -> list[Document]:
    return [Document(**r) for r in STRIKE]


def test_articles_without_text_are_skipped_and_since_limits_by_publication(
        db_url: str, coder: Coder, changed_coder: Coder) -> None:
    with filled(db_url, coder, strike_docs()) as store:
        with store.engine.begin() as con:  # wire-4 as an article stored before revision 0002
            con.execute(update(Article).where(Article.doc_id == "wire-4").values(text=None))
        report = recode(store, changed_coder, since=date(2025, 6, 3))
        # published on or after 3 June: wire-3 and wire-7 (2025-06-03), wire-5 (06-25)
        assert (report.recoded, report.no_text, report.failed) == (3, 0, 0)
        everything = recode(store, changed_coder)
        assert (everything.recoded, everything.unchanged, everything.no_text) == (3, 3, 1)
        with store.session() as session:
            stamps = {doc: stamp for doc, stamp in session.execute(select(Article.doc_id, Article.coder_fingerprint))}
        assert stamps.pop("wire-4") == coder.fingerprint  # left as it was
        assert set(stamps.values()) == {changed_coder.fingerprint}


def test_one_failing_article_keeps_its_coding_and_the_rest_go_on(
        db_url: str, coder: Coder, changed_coder: Coder, monkeypatch) -> None:
    with filled(db_url, coder, strike_docs()) as store:
        attach = recode_module.attach_mentions

        def failing(connection, coded, *args, **kwargs):
            if coded.document.id == "wire-2":
                raise ValueError("no room")
            return attach(connection, coded, *args, **kwargs)

        monkeypatch.setattr(recode_module, "attach_mentions", failing)
        lost = []
        report = recode(store, changed_coder, on_problem=lost.append)
        assert (report.recoded, report.failed) == (len(STRIKE) - 1, 1)
        assert [(p.input, p.reason) for p in lost] == [("wire-2", "could not be recoded: ValueError")]
        with store.session() as session:
            kept = session.scalars(select(Mention.coder_fingerprint).join(Article)
                                   .where(Article.doc_id == "wire-2")).all()
        assert kept and set(kept) == {coder.fingerprint}  # rolled back whole: its old mentions stay
        monkeypatch.setattr(recode_module, "attach_mentions", attach)
        rerun = recode(store, changed_coder)
        assert (rerun.recoded, rerun.unchanged, rerun.failed) == (1, len(STRIKE) - 1, 0)


def test_an_event_outlives_its_lead_mention_and_takes_its_new_leads_id(db_url: str, coder: Coder) -> None:
    """The Kharkiv strike of 1 June, reported by wire-1, wire-2 and wire-3; wire-1's is the lead."""
    docs = strike_docs()
    with filled(db_url, coder, docs) as store, store.connect(write=True) as connection:
        with store.session() as session:
            wire_1 = session.scalar(select(Article).where(Article.doc_id == "wire-1"))
            first = session.scalar(select(Mention).where(Mention.article_id == wire_1.id, Mention.cameo == "190"))
            strike = first.event_id
            others = set(session.scalars(select(Mention.id).where(Mention.event_id == strike,
                                                                   Mention.article_id != wire_1.id)))
        assert first.id == strike and len(others) == 2  # an event bears its lead mention's id
        target = recode_module._Target(wire_1.id, wire_1.content_hash)
        coded = next(coder.code_many([docs[0]]))
        (event,) = [e for e in coded.events if e.event_id == strike]

        # wire-1 coded to nothing: the event stays with wire-2 and wire-3, described anew, under the
        # id of its new lead; its old id is gone, and both count as changed
        changed = recode_article(connection, target, CodedDocument(document=docs[0], coded_by=coder.stamp), force=True)
        events = events_with_mentions(store)
        assert strike not in events
        (kept,) = [i for i, (_, mentions) in events.items() if {m for m, _ in mentions} == others]
        assert kept in others and {strike, kept} <= changed
        with store.engine.connect() as con:
            row = con.execute(text("SELECT n_mentions, n_articles, n_sources, first_seen, cameo FROM events "
                                   "WHERE id = :id"), {"id": kept}).one()
        assert tuple(map(str, row)) == ("2", "2", "2", "2025-06-02", "190")

        # its mention again, but a month later: it cannot join, and founds an event of its own
        later = event.model_copy(update={"date": event.date.model_copy(update={"value": "2025-07-01"})})
        recode_article(connection, target, CodedDocument(document=docs[0], events=[later], coded_by=coder.stamp),
                       force=True)
        events = events_with_mentions(store)
        (moved,) = [i for i, (_, mentions) in events.items() if any(
            json.loads(coded)["date"]["value"] == "2025-07-01" for _, coded in mentions)]
        assert moved == strike and moved != kept and {m for m, _ in events[kept][1]} == others


# ---- revision 0003 ----------------------------------------------------------------------------


def test_revision_0003_goes_down_and_up_with_the_data(db_url: str, coder: Coder) -> None:
    from alembic import command
    from alembic.config import Config

    with filled(db_url, coder, strike_docs()[:3]) as store:
        config = Config()
        config.set_main_option("script_location", str(resources.files("eventwire.store") / "migrations"))

        def run(step, revision: str) -> None:
            with store.engine.connect() as connection, connection.begin():
                config.attributes["connection"] = connection
                step(config, revision)

        run(command.downgrade, "0002")
        with store.engine.connect() as con:
            assert "coder_version" not in {c["name"] for c in inspect(con).get_columns("mentions")}
            assert con.scalar(text("SELECT count(*) FROM mentions")) > 0
        run(command.upgrade, "0003_mention_coder")
    with Store(db_url) as reopened, reopened.engine.connect() as con:
        # existing rows: unknown coder, so the first recode recodes them all
        assert con.scalar(text("SELECT count(*) FROM mentions WHERE coder_version IS NULL")) > 0
        assert recode(reopened, coder).recoded == 3


# ---- the command -------------------------------------------------------------------------------


@pytest.fixture
def runner(coder: Coder, changed_coder: Coder, override: Path, monkeypatch) -> CliRunner:
    """The CLI with the session's coders (give --min-confidence 0, as they were made)."""
    batch = cli.DEFAULT["batch_size"]
    monkeypatch.setitem(cli._CODERS, ((), (), False, batch, 0.0, False), coder)
    monkeypatch.setitem(cli._CODERS, ((), (str(override),), False, batch, 0.0, False), changed_coder)
    return CliRunner()


def test_the_recode_command(runner: CliRunner, db_url: str, coder: Coder, override: Path) -> None:
    filled(db_url, coder, strike_docs()).close()
    args = ["recode", "--db", db_url, "--min-confidence", "0"]
    same = runner.invoke(app, args)
    assert same.exit_code == 0, same.output
    first, last = same.stderr.strip().splitlines()
    assert first.startswith("eventwire: recoding ") and coder.version in first and coder.fingerprint[:12] in first
    assert last == "recoded 0 articles (0 events changed); 7 unchanged; 0 without text, skipped; 0 failed"
    changed = runner.invoke(app, [*args, "--patterns", str(override)])
    assert changed.exit_code == 0, changed.output
    assert changed.stderr.strip().splitlines()[-1].startswith("recoded 7 articles (")


def test_recode_errors_are_one_line(runner: CliRunner, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["recode", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and missing.stderr.startswith("eventwire: error: no database at")
    assert not (tmp_path / "none.db").exists()
    bad_day = runner.invoke(app, ["recode", "--db", str(tmp_path / "none.db"), "--since", "2025-02-30"])
    assert bad_day.exit_code == 2 and "not a day of the calendar" in bad_day.stderr
    server = runner.invoke(app, ["recode", "--db", "postgresql://someone:secret@127.0.0.1:1/events"])
    assert server.exit_code == 2 and server.stderr.startswith("eventwire: error: cannot open database")
    assert "secret" not in server.stderr and len(server.stderr.strip().splitlines()) == 1
    nonsense = runner.invoke(app, ["recode", "--db", "nosuchdriver://x/y"])
    assert nonsense.exit_code == 2 and nonsense.stderr.startswith("eventwire: error: cannot use database")
    no_file = runner.invoke(app, ["recode", "--db", str(tmp_path / "e.db"), "--patterns", str(tmp_path / "no.yaml")])
    assert no_file.exit_code == 2 and "no.yaml" in no_file.stderr and "Traceback" not in no_file.output


# ---- killed and run again -------------------------------------------------------------------------


def _recode_process(db: str, override: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "eventwire.cli", "recode", "--db", db, "--patterns", str(override),
                             "--min-confidence", "0", "--batch-size", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_kill_9_mid_recode_then_rerun_gives_a_clean_recode(
        db_url: str, tmp_path: Path, coder: Coder, changed_coder: Coder, override: Path, demo_docs) -> None:
    clean_db = str(tmp_path / "clean.db")
    with filled(clean_db, coder, demo_docs) as clean_store:
        assert recode(clean_store, changed_coder).recoded == N_DEMO
    clean = content(clean_db)

    filled(db_url, coder, demo_docs).close()
    engine = create_engine(database_url(db_url))
    done_query = text("SELECT count(*) FROM articles WHERE coder_fingerprint = :f")

    def done() -> int:
        with engine.connect() as con:
            return con.scalar(done_query, {"f": changed_coder.fingerprint})

    process = _recode_process(db_url, override)
    cut = kill_mid_run(process, done, 2, "recode")
    engine.dispose()
    assert 2 <= cut < N_DEMO, f"killed after {cut} articles: the test wants a run cut short"

    rerun = _recode_process(db_url, override)
    _, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert err.strip().splitlines()[-1].startswith(f"recoded {N_DEMO - cut} articles (")
    assert f"; {cut} unchanged;" in err
    assert content(db_url) == clean
