"""Exports of the stored, deduplicated events (``eventwire events --format gdelt|gdelt-mentions|plover|acled|parquet``)
on a small database ingested with the real Coder: five short articles of our own from three outlets.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire import cli
from eventwire.cli import app
from eventwire.export import acled, gdelt, plover
from eventwire.model import Document
from eventwire.store import Store, ingest
from eventwire.store.export import FORMATS, export_events, place
from eventwire.store.query import EventSummary, counts, iter_details, list_events

OUTLETS = ["Harbor Post", "Cedar Daily", "Coast Wire"]
HARBOR_URL = "https://harbor.example/tyre"
ARTICLES = [  # one strike reported by three outlets (7, 9 and 8 dead), one deployment by two (500, 600 troops)
    Document(id="harbor-1", source="Harbor Post", date="2025-03-10", url=HARBOR_URL,
             text="Israeli forces struck a residential building in Tyre on Saturday, killing 7 people, "
                  "Lebanon's health ministry said."),
    Document(id="cedar-1", source="Cedar Daily", date="2025-03-10",
             text="Israeli forces hit an apartment block in Tyre on Saturday, killing 9 people, "
                  "according to civil defence officials."),
    Document(id="coast-1", source="Coast Wire", date="2025-03-11", url="https://coast.example/tyre-strike",
             text="Israeli troops struck a building in Tyre on Saturday, killing 8 civilians, local officials said."),
    Document(id="harbor-2", source="Harbor Post", date="2025-03-12",
             text="Turkey sent 500 troops to Syria, the Turkish defence ministry said."),
    Document(id="coast-2", source="Coast Wire", date="2025-03-13",
             text="Ankara has deployed 600 troops to Syria, Kurdish officials said."),
]


@pytest.fixture(scope="module")
def db(coder, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "events.db"
    with Store(path) as store:
        report = ingest(store, ARTICLES, coder)
    assert report.articles == len(ARTICLES) and report.errors == 0
    return path


@pytest.fixture
def store(db: Path):
    with Store(db) as opened:
        yield opened


def exported(store: Store, fmt: str, **filters) -> str:
    out = io.StringIO()
    export_events(store, fmt, out, **filters)
    return out.getvalue()


def tsv(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines()]


def strike(store: Store) -> EventSummary:
    (event,) = list_events(store, dyad=("ISR", "LBN"))
    assert (event.cameo[:2], event.n_mentions, event.n_sources, event.n_articles) == ("19", 3, 3, 3)
    return event


def test_the_cli_offers_every_format() -> None:
    assert cli.STORE_FORMATS == FORMATS


def test_gdelt_events_one_row_per_stored_event(store: Store) -> None:
    rows = tsv(exported(store, "gdelt"))
    events = list_events(store)
    assert len(rows) == len(events) >= 2
    assert all(len(row) == len(gdelt.COLUMNS) == 61 for row in rows)
    by_id = {row[0]: dict(zip(gdelt.COLUMNS, row, strict=True)) for row in rows}
    event = strike(store)
    row = by_id[str(gdelt.global_event_id(event.id))]
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("3", "3", "3")
    assert row["SQLDATE"] == event.date_first.strftime("%Y%m%d") == "20250308"  # "on Saturday"
    assert row["DATEADDED"] == "20250310000000"  # first seen
    assert row["SOURCEURL"] == HARBOR_URL  # the first article
    assert (row["EventCode"], row["EventRootCode"], row["Actor1CountryCode"], row["Actor2CountryCode"]) == (
        event.cameo, "19", "ISR", "LBN")
    assert (row["ActionGeo_Type"], row["ActionGeo_CountryCode"]) == ("4", "LE")  # a world city; FIPS for Lebanon
    assert row["ActionGeo_FullName"] == "Tyre, Lebanon"


def test_gdelt_mentions_one_row_per_stored_mention(store: Store) -> None:
    rows = [dict(zip(gdelt.MENTION_COLUMNS, row, strict=True)) for row in tsv(exported(store, "gdelt-mentions"))]
    assert len(rows) == counts(store).mentions == len(ARTICLES)
    event_ids = {row[0] for row in tsv(exported(store, "gdelt"))}
    assert {r["GLOBALEVENTID"] for r in rows} == event_ids  # every mention joins its event
    event = strike(store)
    of_strike = [r for r in rows if r["GLOBALEVENTID"] == str(gdelt.global_event_id(event.id))]
    assert len(of_strike) == 3
    assert {r["MentionSourceName"] for r in of_strike} == set(OUTLETS)
    assert {r["MentionIdentifier"] for r in of_strike} == {HARBOR_URL, "cedar-1", "https://coast.example/tyre-strike"}
    assert {r["EventTimeDate"] for r in of_strike} == {"20250310000000"}
    assert sorted(r["MentionTimeDate"] for r in of_strike) == ["20250310000000", "20250310000000", "20250311000000"]
    for r in of_strike:
        assert r["MentionType"] == "1" and r["SentenceID"] == "1" and 0 < int(r["Confidence"]) <= 100
        assert int(r["Actor1CharOffset"]) == 0 and int(r["ActionCharOffset"]) > 0


def test_plover_one_record_per_event_with_evidence_and_claims(store: Store) -> None:
    records = [json.loads(line) for line in exported(store, "plover").splitlines()]
    assert len(records) == len(list_events(store))
    assert all(set(plover.KEYS) <= set(r) for r in records)
    event = strike(store)
    (record,) = [r for r in records if r["id"] == event.id]
    assert record["date"] == "2025-03-08" and record["event"] == ["ASSAULT"]
    assert record["actor"][0]["code"] == "ISR" and record["recipient"][0]["code"] == "LBN" and "source" not in record
    assert record["event_loc"]["cc3"] == "LBN" and record["event_loc"]["country code"] == "LB"
    assert len(record["event_text"]) == len(record["mentions"]) == record["num_mentions"] == 3
    assert {m["publication"] for m in record["mentions"]} == set(OUTLETS)
    assert all(m["event_text"] in record["event_text"] for m in record["mentions"])
    (killed,) = record["claims"]
    assert (killed["unit"], killed["low"], killed["high"]) == ("killed", 7, 9)
    assert killed["low_by"] == ["Lebanon's health ministry"] and killed["high_by"] == ["civil defence officials"]
    assert sorted(q["value"] for q in record["quantities"]) == [7, 8, 9]
    assert record["cite_info"]["url"] == HARBOR_URL


def test_acled_fatalities_are_the_lowest_toll_with_the_range_in_notes(store: Store) -> None:
    out = io.StringIO()
    written = export_events(store, "acled", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == acled.COLUMNS
    assert written["written"] == len(rows) and sum(written.values()) == len(list_events(store))
    event = strike(store)
    (row,) = [r for r in rows if r["event_id_cnty"] == f"LBN{gdelt.global_event_id(event.id) % 10**9}"]
    assert row["fatalities"] == "7"
    assert "7–9" in row["notes"]
    for claimant, toll in [("Lebanon's health ministry", "7 people"), ("civil defence officials", "9 people"),
                           ("local officials", "8 civilians")]:
        assert f"{claimant}" in row["notes"] and toll in row["notes"]
    assert row["source"].split("; ") == OUTLETS  # earliest first
    assert (row["actor1"], row["country"], row["location"], row["event_date"]) == (
        "Military Forces of Israel", "Lebanon", "Tyre", "2025-03-08")
    deployment = [r for r in rows if r["country"] == "Syria"]
    assert [r["fatalities"] for r in deployment] == ["0"] and deployment[0]["source"] == "Harbor Post; Coast Wire"


def test_parquet_round_trips_the_listing(store: Store, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "events.parquet"
    export_events(store, "parquet", path)
    table = pq.read_table(path)
    assert table.column_names == list(EventSummary.__dataclass_fields__)
    types = {field.name: str(field.type) for field in table.schema}
    assert (types["n_mentions"], types["quad_class"], types["goldstein"], types["first_seen"]) == (
        "int32", "int8", "double", "date32[day]")
    assert table.to_pylist() == [e.__dict__ for e in list_events(store)]


def test_filters_apply_to_every_format(store: Store) -> None:
    assert len(tsv(exported(store, "gdelt-mentions", dyad=("TUR", "SYR")))) == 2
    assert len(tsv(exported(store, "gdelt", code="19"))) == 1
    assert [d.event.id for d in iter_details(store, batch=1)] == [e.id for e in list_events(store)]
    assert exported(store, "plover", since=date(2030, 1, 1)) == ""


def test_place_comes_from_the_mention_with_its_feature(store: Store) -> None:
    detail = next(d for d in iter_details(store) if d.event.location_name == "Tyre")
    location = place(detail)
    assert location is not None and (location.feature, location.country) == ("city", "LBN")


def test_cli_exports(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    gdelt_out = runner.invoke(app, ["events", "--db", str(db), "--format", "gdelt", "--dyad", "ISR,LBN"])
    assert gdelt_out.exit_code == 0, gdelt_out.output
    (row,) = tsv(gdelt_out.stdout)
    assert row[gdelt.COLUMNS.index("NumMentions")] == "3"
    acled_file = tmp_path / "events.acled.csv"
    result = runner.invoke(app, ["events", "--db", str(db), "-f", "acled", "-o", str(acled_file)])
    assert result.exit_code == 0 and acled_file.read_text().startswith("event_id_cnty,")
    parquet_file = tmp_path / "events.parquet"  # the format from the extension
    result = runner.invoke(app, ["events", "--db", str(db), "-o", str(parquet_file)])
    assert result.exit_code == 0 and parquet_file.read_bytes()[:4] == b"PAR1"
    refused = runner.invoke(app, ["events", "--db", str(db), "-f", "parquet"])
    assert refused.exit_code == 2 and "write it to a file" in refused.stderr
