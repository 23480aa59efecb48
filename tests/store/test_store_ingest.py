"""Ingest with the real Coder into a real database, SQLite and PostgreSQL (the ``store`` fixture,
tests/store/conftest.py): idempotence, errors, dedup, claims, schema."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from corpus import STRIKE, write_jsonl
from sqlalchemy import create_engine, select, text

from eventwire.dedup import load_identity
from eventwire.model import Document, Problem
from eventwire.read import iter_documents
from eventwire.store import Store, content_hash, database_url, ingest
from eventwire.store.db import head_revision
from eventwire.store.query import counts, errors, event_detail, list_events
from eventwire.store.schema import Base, Claim, EventRow, Mention
from eventwire.store.search import include_name, is_index_table

MULTISOURCE = Path(__file__).resolve().parent / "data" / "multisource.jsonl"


def docs(records) -> list[Document]:
    return [Document(**r) for r in records]


def strike_event(store: Store) -> EventRow:
    """The event of the Kharkiv strike of 1 June that wire-1 founded."""
    with store.session() as session:
        row = session.scalar(select(EventRow).join(Mention, Mention.event_id == EventRow.id)
                             .where(EventRow.cameo == "190", EventRow.source_country == "RUS",
                                    EventRow.day_first == EventRow.day_last, Mention.evidence_text.contains("12")))
    assert row is not None
    return row


# ---- schema ----------------------------------------------------------------------------------


# the dedup window's two lookups (eventwire/store/regroup.py): dated events of a root near a day, and
# the undated ones first seen near it
CANDIDATES = ("SELECT id FROM events WHERE root='19' AND day_first BETWEEN '2025-05-29' AND '2025-06-04' "
              "UNION SELECT id FROM events WHERE root='19' AND day_first IS NULL "
              "AND first_seen BETWEEN '2025-05-29' AND '2025-06-04'")


def test_the_migration_creates_exactly_the_models(store: Store) -> None:
    # and on SQLite the full-text index: FTS5 tables and their own (tests/store/test_store_search.py)
    tables = [t for t in store.tables() if not is_index_table(t)]
    assert tables == ["alembic_version", "articles", "claims", "errors", "events", "mentions"]
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        diff = compare_metadata(context, Base.metadata)
        assert diff == []
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()
        if store.dialect == "postgresql":
            connection.execute(text("SET enable_seqscan = off"))  # an empty table: make the planner show its index
            plan = " ".join(connection.scalars(text("EXPLAIN " + CANDIDATES)))
    if store.dialect == "sqlite":
        with sqlite3.connect(store.engine.url.database) as raw:
            assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            plan = " ".join(str(r) for r in raw.execute("EXPLAIN QUERY PLAN " + CANDIDATES))
    assert plan.count("ix_events_window") >= 2, plan


def test_an_empty_old_database_is_migrated_on_open(db_url: str) -> None:
    engine = create_engine(database_url(db_url))
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (x TEXT)"))
    engine.dispose()
    with Store(db_url) as store:
        assert {"articles", "events", "notes"} <= set(store.tables())
    with Store(db_url) as again:  # opening a current database changes nothing
        assert counts(again).articles == 0


def test_content_hash_ignores_line_ends_and_spacing() -> None:
    assert content_hash("a  b\r\nc ") == content_hash("a b\nc") != content_hash("a b c d")


# ---- ingest ----------------------------------------------------------------------------------


def test_reingest_is_a_no_op(store: Store, coder) -> None:
    first = ingest(store, docs(STRIKE), coder)
    assert (first.articles, first.skipped, first.errors) == (len(STRIKE), 0, 0)
    before = counts(store)
    again = ingest(store, docs(STRIKE), coder)
    assert (again.articles, again.skipped, again.new_events, again.mentions) == (0, len(STRIKE), 0, 0)
    # the same text under another id, or the same URL with edited text, is the same article
    moved = Document(**{**STRIKE[2], "id": "copy-of-3"})
    edited = Document(**{**STRIKE[0], "text": STRIKE[0]["text"] + " More follows."})
    assert ingest(store, [moved, edited], coder).skipped == 2
    assert counts(store) == before


def test_malformed_inputs_land_in_errors_and_the_rest_is_stored(store: Store, coder, tmp_path: Path) -> None:
    good = write_jsonl(STRIKE[:3], tmp_path / "good.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "Kyiv accused Moscow of shelling Kharkiv."}\nnot json\n{"id": "y"}\n')
    (tmp_path / "empty.txt").write_text("")
    items = list(iter_documents([str(good), str(bad), str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt")]))
    seen: list[Problem] = []
    report = ingest(store, items, coder, on_problem=seen.append)
    assert report.articles == 4 and report.errors == 4 == len(seen)
    stored = errors(store)
    assert [where for where, _ in stored] == [p.input for p in seen]
    assert any("invalid JSON" in reason for _, reason in stored)
    assert any('no "text"' in reason for _, reason in stored)
    # again: nothing new, and the errors are not written twice
    assert ingest(store, items, coder).articles == 0
    assert len(errors(store)) == 4


def test_a_document_that_fails_coding_is_an_error(store: Store, coder) -> None:
    huge = Document(id="huge", text="word " * (coder.nlp.max_length // 5 + 10))
    report = ingest(store, [huge, *docs(STRIKE[:1])], coder)
    assert (report.articles, report.errors) == (1, 1)
    assert "parser's limit" in errors(store)[0][1]


def test_a_document_with_nul_is_refused_alike_with_a_reason_and_no_sql(store: Store, coder) -> None:
    # PostgreSQL cannot store a NUL; SQLite could: both refuse it, and the rest is stored
    nul_text = Document(id="nul-text", text="Kyiv accused Moscow\x00 of shelling Kharkiv.", date="2025-06-02")
    nul_id = Document(id="nul\x00id", text="Japan pledged aid to the Philippines.", date="2025-08-05")
    report = ingest(store, [nul_text, nul_id, *docs(STRIKE[:1])], coder)
    assert (report.articles, report.errors) == (1, 2)
    stored = errors(store)
    assert [where for where, _ in stored] == ["nul-text", "nul\\0id"]
    for _, reason in stored:
        assert "NUL character" in reason and "INSERT" not in reason and "Kyiv" not in reason


# ---- dedup -----------------------------------------------------------------------------------


def test_dedup_merges_reports_of_one_event_and_keeps_others_apart(store: Store, coder) -> None:
    ingest(store, docs(STRIKE), coder)
    strike = strike_event(store)
    detail = event_detail(store, strike.id)
    assert detail is not None
    outlets = {m.outlet for m in detail.mentions}
    assert {"Wire One", "Wire Two", "Wire Three"} == outlets
    assert {m.doc_id for m in detail.mentions} == {"wire-1", "wire-2", "wire-3"}
    assert (strike.n_articles, strike.n_sources) == (3, 3) and strike.n_mentions >= 3
    assert (strike.first_seen.isoformat(), strike.last_seen.isoformat()) == ("2025-06-02", "2025-06-03")
    assert strike.day_first.isoformat() == "2025-06-01"

    events = list_events(store)
    by_dyad = {}
    for e in events:
        by_dyad.setdefault((e.cameo[:2], e.source_country, e.target_country), []).append(e)
    # three weeks later: another strike; the other way round: another dyad
    assert len([e for e in by_dyad[("19", "RUS", "UKR")] if e.cameo == "190"]) == 2
    assert ("19", "UKR", "RUS") in by_dyad
    # two outlets on North Korean troops a day apart: one event, both articles
    prk = by_dyad[("15", "PRK", "RUS")]
    assert len(prk) == 1 and prk[0].n_articles == 2 and prk[0].n_sources == 2
    # every mention belongs to exactly one event and the counts add up
    total = counts(store)
    assert sum(e.n_mentions for e in events) == total.mentions
    assert total.events == len(events)


def test_two_mentions_of_one_event_in_one_article_count_one_article(store: Store, coder) -> None:
    # the second sentence retells the first ("also shelled…" would be another act, coded 194)
    text = ("Russian forces struck a power station in Kharkiv on Sunday, killing 12 civilians. "
            "The Russian strike on the power station in Kharkiv on Sunday killed 12 civilians, the mayor said.")
    ingest(store, [Document(id="one", text=text, date="2025-06-02", source="Solo")], coder)
    merged = [e for e in list_events(store) if e.n_mentions > 1]
    assert merged, [(e.cameo, e.n_mentions) for e in list_events(store)]
    assert all(e.n_articles == 1 and e.n_sources == 1 for e in merged)


def test_dedup_window_keeps_events_weeks_apart(store: Store, coder) -> None:
    same = STRIKE[0]["text"]
    reports = [Document(id=f"w{k}", text=f"{same} Report {k}.", date=f"2025-0{k}-02", source=f"S{k}")
               for k in (3, 4, 5)]
    ingest(store, reports, coder)
    assert [e.n_articles for e in list_events(store, code="190")] == [1, 1, 1]


# ---- claims ----------------------------------------------------------------------------------


def strike_toll(store: Store):
    """The Kharkiv strike's event detail and its range of figures of the killed."""
    detail = event_detail(store, strike_event(store).id)
    assert detail is not None
    return detail, next(r for r in detail.claims if r.unit == "killed")


def test_claims_from_every_source_are_kept_with_their_range(store: Store, coder) -> None:
    ingest(store, docs(STRIKE), coder)
    detail, killed = strike_toll(store)
    values = sorted(c.value for c in killed.claims)
    assert values[0] == 12 and values[-1] == 15 and len(values) >= 2
    assert (killed.low, killed.high) == (12, 15)
    assert killed.low_by == ["Ukraine's interior ministry"] and killed.high_by == ["the regional governor"]
    assert detail.ranges()["killed"] == \
        "killed: 12 (per Ukraine's interior ministry) – 15 (per the regional governor)"
    troops = next(e for e in list_events(store, dyad=("PRK", "RUS")))
    assert troops.claims == "troops 11,000–12,000"
    troops_detail = event_detail(store, troops.id)
    assert troops_detail is not None
    assert troops_detail.ranges()["troops"] == ("troops: 11,000 (per South Korea's intelligence agency) – "
                                                "12,000 (per Ukrainian military intelligence)")


def test_a_claim_without_attribution_is_the_outlets(store: Store, coder) -> None:
    ingest(store, [Document(id="n", text="Russian forces shelled Kharkiv on Sunday, killing 7 civilians.",
                            date="2025-06-02", url="https://www.paper.example/x")], coder)
    (event,) = [e for e in list_events(store) if e.claims]
    detail = event_detail(store, event.id)
    assert detail is not None and detail.claims[0].claims[0].claimant == "paper.example"


def test_filters_of_list_events(store: Store, coder) -> None:
    from datetime import date

    ingest(store, docs(STRIKE), coder)
    everything = list_events(store)
    assert {e.id for e in list_events(store, actor="PRK")} == \
        {e.id for e in everything if "PRK" in (e.source_country, e.target_country)}
    assert all(e.cameo.startswith("19") for e in list_events(store, code="19"))
    assert all(e.plover_event == "ASSAULT" for e in list_events(store, plover="assault"))
    late = list_events(store, since=date(2025, 6, 10))
    assert late and all(e.date_last >= date(2025, 6, 10) for e in late)
    assert len(list_events(store, limit=2)) == 2
    assert list_events(store, dyad=("RUSMIL", "UKR"))


def grouping(store: Store) -> dict[str, frozenset[str]]:
    """Event id → the ids of its mentions."""
    with store.session() as session:
        rows = session.execute(select(Mention.id, Mention.event_id)).all()
    out: dict[str, set[str]] = {}
    for mention_id, event_id in rows:
        out.setdefault(event_id, set()).add(mention_id)
    return {event_id: frozenset(ids) for event_id, ids in out.items()}


def test_ingesting_in_another_order_gives_the_same_events(db_url: str, tmp_path: Path, coder) -> None:
    """The same articles one by one, in file order and reversed: the same events, ids and counts (the
    affected window is clustered again after each article: docs/store.md#dedup-rule)."""
    records = [json.loads(line) for line in MULTISOURCE.read_text(encoding="utf-8").splitlines()] + STRIKE
    results = []
    for name, order in (("forward", records), ("reverse", records[::-1])):
        with Store(db_url if name == "forward" else str(tmp_path / "reverse.db")) as opened:
            ingest(opened, docs(order), coder)
            results.append((grouping(opened), _event_rows(opened)))
    assert results[0] == results[1]
    assert any(len(ids) > 2 for ids in results[0][0].values())  # merges happened


def _event_rows(store: Store) -> tuple[set[tuple], set[tuple]]:
    """The events' rows, and the claims with the event each sits in (claims move with their mention)."""
    with store.session() as session:
        events = {tuple(row) for row in session.execute(select(
            EventRow.id, EventRow.cameo, EventRow.source_country, EventRow.target_country, EventRow.day_first,
            EventRow.day_last, EventRow.first_seen, EventRow.last_seen, EventRow.n_mentions, EventRow.n_articles,
            EventRow.n_sources))}
        claims = {tuple(row) for row in session.execute(select(
            Claim.mention_id, Claim.event_id, Claim.value, Claim.unit, Claim.claimant))}
    return events, claims


TOLL_UPDATE = {"id": "wire-8", "source": "Wire Four", "date": "2025-06-03",
               "text": "The death toll from Sunday's Russian strike on a power station in Kharkiv has risen to 17, "
                       "the regional governor said on Tuesday."}


def test_an_updated_toll_is_a_claim_of_the_event_it_updates(store: Store, coder) -> None:
    """"The death toll from Sunday's strike … has risen to 17": a claim of that strike, in its range."""
    ingest(store, docs([*STRIKE, TOLL_UPDATE]), coder)
    detail, killed = strike_toll(store)
    assert (killed.low, killed.high) == (12, 17)
    assert killed.high_by == ["the regional governor"]
    assert {c.outlet for c in killed.claims if c.value == 17} == {"Wire Four"}


TOLL_SENTENCE = {"id": "wire-9", "source": "Wire Five", "date": "2025-06-03",
                 "text": "A Russian missile strike hit a power station in Kharkiv on Sunday, killing 12 people. "
                         "The death toll has since risen to 18, Ukraine's emergency service said on Tuesday."}


def test_a_toll_told_in_a_sentence_of_its_own_is_a_claim_of_the_strike_with_its_own_claimant(
        store: Store, coder) -> None:
    """"…, killing 12 people. The death toll has since risen to 18, Ukraine's emergency service said":
    the 18 is a claim of the strike (facets/quantities.carry_figures), claimed by who gives it, in
    the event the outlets' reports make."""
    ingest(store, docs([*STRIKE, TOLL_SENTENCE]), coder)
    detail, killed = strike_toll(store)
    assert (killed.low, killed.high) == (12, 18)
    assert killed.high_by == ["Ukraine's emergency service"]
    assert {c.outlet for c in killed.claims if c.value == 18} == {"Wire Five"}


def test_a_settled_event_gains_mentions_and_is_recounted(store: Store, coder, tmp_path: Path,
                                                         monkeypatch) -> None:
    """With `settled: 1` every event of two mentions is settled: the third report of the strike joins
    it as a sample's neighbour, and its counts and days are recounted from its mentions."""
    ingest_module = sys.modules["eventwire.store.ingest"]  # ``eventwire.store.ingest`` is the function
    grown: list[str] = []
    real = ingest_module.write_events

    def write_events(connection, changes, insert_mentions) -> None:
        grown.extend(changes.grown)
        real(connection, changes, insert_mentions)

    monkeypatch.setattr(ingest_module, "write_events", write_events)
    shipped = Path(__file__).resolve().parents[2] / "src" / "eventwire" / "data" / "dedup" / "identity.yaml"
    small = tmp_path / "settled.yaml"
    small.write_text(shipped.read_text(encoding="utf-8").replace("\nsettled: 10\n", "\nsettled: 1\n"),
                     encoding="utf-8")
    ingest(store, docs(STRIKE), coder, identity=load_identity(small))
    strike = strike_event(store)
    assert (strike.n_mentions, strike.n_articles, strike.n_sources) == (3, 3, 3)
    assert (str(strike.first_seen), str(strike.last_seen)) == ("2025-06-02", "2025-06-03")
    assert str(strike.day_first) == "2025-06-01"
    assert strike.id in grown
