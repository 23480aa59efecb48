"""``eventwire ingest`` and ``eventwire events``: in-process, then as real processes killed with
SIGKILL mid-ingest and run two at a time on one database, a SQLite file and a PostgreSQL
database (``db_url``, tests/store/conftest.py)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from corpus import STRIKE, paired_corpus, write_jsonl
from killing import kill_mid_run
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from typer.testing import CliRunner

from eventwire import cli
from eventwire.cli import app
from eventwire.model import Document
from eventwire.read import iter_documents
from eventwire.store import Store, database_url, ingest
from eventwire.store.ingest import store_article
from eventwire.store.schema import Article, Claim, EventRow, Mention

N = 40


@pytest.fixture
def runner(coder, monkeypatch) -> CliRunner:
    """The CLI with the session's Coder already loaded."""
    monkeypatch.setitem(cli._CODERS, ((), (), False, cli.DEFAULT["batch_size"]), coder)
    return CliRunner()


def test_ingest_then_events(runner: CliRunner, tmp_path: Path, db_url: str) -> None:
    corpus = write_jsonl(STRIKE, tmp_path / "wires.jsonl")
    (tmp_path / "broken.jsonl").write_text("{nope\n")
    db = db_url
    result = runner.invoke(app, ["ingest", str(corpus), str(tmp_path / "broken.jsonl"), "--db", db])
    assert result.exit_code == 0, result.output
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("eventwire: ") and "broken.jsonl:1" in lines[0] and "invalid JSON" in lines[0]
    assert lines[-1].startswith(f"ingested {len(STRIKE)} articles (") and lines[-1].endswith(
        "; 0 already known; 1 error")
    again = runner.invoke(app, ["ingest", str(corpus), "--db", db])
    assert again.exit_code == 0
    assert again.stderr.strip() == \
        f"ingested 0 articles (0 new events, 0 mentions); {len(STRIKE)} already known; 0 errors"

    listed = runner.invoke(app, ["events", "--db", db, "--dyad", "PRK,RUS", "--format", "jsonl"])
    assert listed.exit_code == 0, listed.output
    (row,) = [json.loads(line) for line in listed.stdout.splitlines()]
    assert (row["n_mentions"], row["n_sources"], row["claims"]) == (2, 2, "troops 11,000–12,000")
    as_csv = runner.invoke(app, ["events", "--db", db, "--code", "19", "--since", "2025-06-01", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert rows and all(r["cameo"].startswith("19") and r["date_last"] >= "2025-06-01" for r in rows)
    table = runner.invoke(app, ["events", "--db", db, "--format", "table", "--limit", "1"])
    assert table.exit_code == 0 and "1 event" in table.stdout

    def cameos(*options: str) -> set[str]:
        found = runner.invoke(app, ["events", "--db", db, "--format", "jsonl", *options])
        assert found.exit_code == 0, found.output
        return {json.loads(line)["cameo"] for line in found.stdout.splitlines()}

    assert cameos("--root", "15") == {"154"} == cameos("--attribution", "intelligence")
    assert cameos("--place", "Belgorod", "--quad", "4") == cameos("--search", "oil depot") != set()
    assert cameos("--outlet", "wire one", "--root", "19") == {"190"}
    assert cameos("--modality", "asserted", "--root", "02") == set()
    newest = runner.invoke(app, ["events", "--db", db, "--format", "jsonl", "--sort", "newest"]).stdout.splitlines()
    days = [json.loads(line)["date_first"] for line in newest]
    assert days == sorted(days, reverse=True) and len(set(days)) > 1
    busiest = runner.invoke(app, ["events", "--db", db, "-f", "csv", "--sort", "most_reported", "--limit", "1"])
    assert next(csv.DictReader(io.StringIO(busiest.stdout)))["n_mentions"] == "3"


def test_ingest_and_events_errors(runner: CliRunner, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["events", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and missing.stderr.startswith("eventwire: error: no database at")
    bad_dyad = runner.invoke(app, ["events", "--db", "x.db", "--dyad", "PRK"])
    assert bad_dyad.exit_code == 2 and "not a dyad" in bad_dyad.stderr
    nowhere = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "no" / "such" / "e.db")])
    assert nowhere.exit_code == 2 and "does not exist" in nowhere.stderr
    (tmp_path / "empty.txt").write_text("")
    nothing = runner.invoke(app, ["ingest", str(tmp_path / "empty.txt"), "--db", str(tmp_path / "e.db")])
    assert nothing.exit_code == 1 and nothing.stderr.strip().endswith("0 already known; 1 error")


def test_postgresql_urls_use_psycopg_and_a_server_that_is_not_there_is_an_error(
        runner: CliRunner, tmp_path: Path) -> None:
    assert database_url("postgresql://u:pw@db.example/events") == "postgresql+psycopg://u:pw@db.example/events"
    assert database_url("postgres://db.example/events") == "postgresql+psycopg://db.example/events"
    assert database_url("postgresql+psycopg2://db.example/e") == "postgresql+psycopg2://db.example/e"
    corpus = write_jsonl(STRIKE[:1], tmp_path / "one.jsonl")
    result = runner.invoke(app, ["ingest", str(corpus), "--db", "postgresql://someone:secret@127.0.0.1:1/events"])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(
        "eventwire: error: cannot open database postgresql+psycopg://someone:***@127.0.0.1:1/events: ")
    assert "secret" not in result.stderr


# ---- real processes --------------------------------------------------------------------------


def snapshot(db: str | Path) -> dict:
    """Everything an ingest decides, comparable across databases (and across SQLite and PostgreSQL)."""
    url = database_url(db)
    if url.startswith("sqlite:"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as con:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    engine = create_engine(url)
    e = EventRow.__table__.c
    try:
        with engine.connect() as con:
            groups: dict[str, set[str]] = {}
            for mention, event in con.execute(select(Mention.id, Mention.event_id)):
                groups.setdefault(event, set()).add(mention)
            return {
                "articles": sorted(con.scalars(select(Article.doc_id))),
                "mentions": sorted(con.scalars(select(Mention.id))),
                "events": sorted(tuple(r) for r in con.execute(select(
                    e.id, e.cameo, e.source_country, e.target_country, e.day_first, e.day_last, e.first_seen,
                    e.last_seen, e.n_mentions, e.n_sources, e.n_articles))),
                "partition": sorted(sorted(g) for g in groups.values()),
                "claims": sorted(tuple(r) for r in con.execute(
                    select(Claim.mention_id, Claim.value, Claim.unit, Claim.claimant))),
                "sum_n_mentions": con.scalar(select(func.sum(e.n_mentions))),
            }
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_jsonl(paired_corpus(N), tmp_path_factory.mktemp("corpus") / "corpus.jsonl")


@pytest.fixture(scope="module")
def clean(corpus: Path, coder, tmp_path_factory) -> dict:
    """The uninterrupted run, in-process."""
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    with Store(db) as store:
        report = ingest(store, iter_documents([str(corpus)]), coder)
    assert report.articles == N and report.errors == 0
    return snapshot(db)


def _ingest_process(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "eventwire.cli", "ingest", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


class Articles:
    """Counts the articles of a database another process is filling (0 before its tables exist)."""

    def __init__(self, db: str) -> None:
        self.url = database_url(db)
        self.engine = None if self.url.startswith("sqlite:") else create_engine(self.url)

    def __call__(self) -> int:
        if self.engine is None:  # read-only: never create the file or take its write lock
            try:
                with sqlite3.connect(f"file:{self.url.removeprefix('sqlite:///')}?mode=ro", uri=True,
                                     timeout=5) as con:
                    return con.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.Error:  # not there yet, or the schema is being created
                return 0
        try:
            with self.engine.connect() as con:
                return con.scalar(text("SELECT count(*) FROM articles"))
        except SQLAlchemyError:
            return 0

    def close(self) -> None:
        if self.engine is not None:
            self.engine.dispose()


def test_kill_9_mid_ingest_then_resume_gives_the_events_of_a_clean_run(
        corpus: Path, clean: dict, coder, db_url: str) -> None:
    db = db_url
    articles = Articles(db)
    process = _ingest_process(str(corpus), "--db", db, "--batch-size", "1")
    done = kill_mid_run(process, articles, 3, "ingest")
    articles.close()
    assert 3 <= done < N, f"killed after {done} articles: the test wants a run cut short"

    rerun = _ingest_process(str(corpus), "--db", db)
    _, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert err.strip().splitlines()[-1].endswith(f"; {done} already known; 0 errors")
    assert snapshot(db) == clean


def test_two_concurrent_ingests_lose_nothing_and_duplicate_nothing(
        corpus: Path, clean: dict, tmp_path: Path, db_url: str) -> None:
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("".join(lines[:30]), encoding="utf-8")  # documents 0–29
    second.write_text("".join(reversed(lines[10:])), encoding="utf-8")  # 39 down to 10: 20 shared
    db = db_url  # new: the two processes also race to create the tables
    processes = [_ingest_process(str(path), "--db", db, "--batch-size", "1") for path in (first, second)]
    outputs = [p.communicate(timeout=180) for p in processes]
    for process, (_, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
    summaries = [err.strip().splitlines()[-1] for _, err in outputs]
    ingested = [int(s.split()[1]) for s in summaries]
    known = [int(s.split("; ")[1].split()[0]) for s in summaries]
    assert sum(ingested) == N and sum(known) == 20, summaries
    got = snapshot(db)
    assert got["articles"] == clean["articles"] and got["mentions"] == clean["mentions"]
    assert got["claims"] == clean["claims"]
    # which mention founded an event depends on who came first; which mentions go together does not
    assert got["partition"] == clean["partition"]
    assert got["sum_n_mentions"] == len(got["mentions"])


def test_ingest_with_two_processes_stores_what_one_does(corpus: Path, clean: dict, coder, db_url: str) -> None:
    db = db_url
    with Store(db) as store:
        report = ingest(store, iter_documents([str(corpus)]), coder, processes=2)
    assert report.articles == N
    assert snapshot(db) == clean


def test_two_reports_of_one_event_stored_at_the_same_moment_make_one_event(
        coder, store: Store, tmp_path: Path) -> None:
    """The race the concurrent ingests above rarely hit: two writers each store one report of the
    same event at the same instant. Both must not found it (on PostgreSQL, the advisory lock of
    the event group; on SQLite, BEGIN IMMEDIATE), nor lose the other's count."""
    coded = list(coder.code_many(Document(**r) for r in paired_corpus(16)))
    with Store(tmp_path / "one-by-one.db") as alone:
        for one in coded:
            store_article(alone, one)
    expected = snapshot(alone.url)

    failures: list[BaseException] = []

    def write(one, barrier: threading.Barrier) -> None:
        try:
            barrier.wait(timeout=30)
            assert store_article(store, one) is not None
        except BaseException as err:  # noqa: BLE001 - reported by the main thread
            failures.append(err)

    for a, b in zip(coded[::2], coded[1::2], strict=True):
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=write, args=(one, barrier)) for one in (a, b)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert not failures, failures
    got = snapshot(store.url)
    assert got["articles"] == expected["articles"] and got["mentions"] == expected["mentions"]
    assert got["partition"] == expected["partition"]
    assert got["sum_n_mentions"] == len(got["mentions"])
    assert sorted(e[-3:] for e in got["events"]) == sorted(e[-3:] for e in expected["events"])  # counts


# ---- read commands open the database to read it only ------------------------------------------


def _filled(tmp_path: Path, coder) -> Path:
    db = tmp_path / "filled.db"
    with Store(db) as store:
        ingest(store, [Document(**r) for r in STRIKE], coder)
    return db


def test_events_reads_without_writing_a_byte(runner: CliRunner, tmp_path: Path, coder) -> None:
    db = _filled(tmp_path, coder)
    with sqlite3.connect(db) as connection:  # a file that is not in WAL mode stays so
        connection.execute("PRAGMA journal_mode = DELETE")
    before = db.read_bytes()
    listed = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl"])
    assert listed.exit_code == 0, listed.output
    with sqlite3.connect(db) as connection:
        stored = connection.execute("SELECT count(*) FROM events").fetchone()[0]
    assert stored and len(listed.stdout.splitlines()) == stored
    assert db.read_bytes() == before
    assert not Path(f"{db}-wal").exists()
    # SQLite itself refuses writes
    with (Store(db, read_only=True) as store, store.engine.connect() as connection,
          pytest.raises(SQLAlchemyError, match="readonly")):
        connection.execute(text("CREATE TABLE t (x)"))


@pytest.mark.parametrize(("content", "says"), [
    (b"", "is empty (0 bytes)"),
    (b"id,text\n1,Kyiv accused Moscow.\n", "is not an SQLite database"),
])
def test_a_read_command_refuses_what_is_no_database(runner: CliRunner, tmp_path: Path, content, says) -> None:
    db = tmp_path / "events.db"
    db.write_bytes(content)
    result = runner.invoke(app, ["events", "--db", str(db)])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert says in line and "eventwire ingest" in line
    assert db.read_bytes() == content  # not taken for an empty database and written to


def test_a_corrupt_database_is_a_database_error(runner: CliRunner, tmp_path: Path, coder) -> None:
    db = _filled(tmp_path, coder)
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    page = 4096
    data[2 * page:] = b"\x5a" * (len(data) - 2 * page)  # every page past the second overwritten
    db.write_bytes(bytes(data))
    result = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl"])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("eventwire: error: cannot ") and "malformed" in line
    assert "SELECT" not in line and "internal error" not in line


def test_a_database_of_an_older_schema_is_not_upgraded_by_a_read(runner: CliRunner, tmp_path: Path, coder) -> None:
    db = _filled(tmp_path, coder)
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
    result = runner.invoke(app, ["events", "--db", str(db)])
    assert result.exit_code == 2 and "schema 0001" in result.stderr and "eventwire ingest" in result.stderr
