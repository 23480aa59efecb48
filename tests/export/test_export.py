"""eventwire.export: each format writes hand-built Events that read back intact."""

from __future__ import annotations

import csv
import io
import json

import pytest

from eventwire.export import FORMATS, write_events
from eventwire.export.csv import COLUMNS
from eventwire.model import (
    Actor,
    Attribution,
    CodedDocument,
    DateValue,
    Document,
    Event,
    Evidence,
    Location,
    PloverCode,
    Quantity,
)

TEXT = (
    "Russia moved more than 12,000 troops to the Ukrainian border on 11 July 2025, "
    "according to the Kyiv Independent; about 600 were killed near Kharkiv."
)


def full_event() -> Event:
    return Event(
        event_id="doc1-0-0",
        doc_id="doc1",
        sentence=0,
        cameo="154",
        cameo_name="Mobilize or increase armed forces",
        plover=PloverCode(event="MOBILIZE", mode="troops", context=["military"]),
        goldstein=-7.2,
        quad_class=4,
        source=Actor(text="Russia", code="RUS", country="RUS", kind="country", start=0, end=6),
        target=Actor(text="Ukrainian", code="UKR", country="UKR", kind="country", start=44, end=53),
        attribution=Attribution(
            text="the Kyiv Independent", code="UKRMED", cue="according to", start=92, end=112
        ),
        modality="asserted",
        quantities=[
            Quantity(value=12000, qualifier="more_than", unit="troops", text="more than 12,000 troops"),
            Quantity(value=600, qualifier="about", unit="killed", text="about 600 were killed"),
            Quantity(value=2.5, text="2.5"),
        ],
        date=DateValue(value="2025-07-11", precision="day", text="11 July 2025", start=64, end=76),
        location=Location(
            text="Kharkiv", country="UKR", name="Kharkiv", lat=49.98, lon=36.25, feature="city"
        ),
        evidence=Evidence(start=0, end=len(TEXT), text=TEXT),
        trigger=Evidence(start=7, end=12, text="moved"),
        pattern="154.move-troops",
        confidence=0.9,
    )


def bare_event() -> Event:
    """Only the required fields, and text that needs quoting in CSV and escaping in JSON."""
    text = 'Hamas said "no", then Ізраїль, 以色列\nand Israel, met.'
    return Event(
        event_id="doc2-1-0",
        doc_id="doc2",
        sentence=1,
        cameo="036",
        plover=PloverCode(event=None),
        evidence=Evidence(start=0, end=len(text), text=text),
        trigger=Evidence(start=31, end=34, text="met"),
    )


EVENTS = [full_event(), bare_event()]


def render(fmt: str, items) -> str:
    out = io.StringIO()
    write_events(items, fmt, out)
    return out.getvalue()


def test_export_formats_registry_names_every_writer():
    assert {"jsonl", "json", "csv", "table"} <= set(FORMATS)  # the anchors' layouts: tests/export/test_formats.py
    assert all(callable(writer) for writer in FORMATS.values())


def test_export_unknown_format_raises_with_choices():
    with pytest.raises(
        ValueError, match="unknown output format 'xml'; choose one of jsonl, json, csv, table"
    ):
        render("xml", EVENTS)


def test_jsonl_round_trips_every_field():
    text = render("jsonl", EVENTS)
    lines = text.splitlines()
    assert len(lines) == 2 and text.endswith("\n")
    assert [Event.model_validate(json.loads(line)) for line in lines] == EVENTS
    bare = json.loads(lines[1])
    assert bare["source"] is None and bare["quantities"] == [] and bare["goldstein"] is None  # nulls kept
    assert "Ізраїль, 以色列" in lines[1]  # UTF-8, not \u-escaped


def test_json_is_one_array_of_events():
    text = render("json", EVENTS)
    assert [Event.model_validate(item) for item in json.loads(text)] == EVENTS
    assert "以色列" in text


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "table"])
def test_export_no_events_is_valid_output(fmt):
    text = render(fmt, [])
    if fmt == "jsonl":
        assert text == ""
    elif fmt == "json":
        assert json.loads(text) == []
    elif fmt == "csv":
        assert list(csv.DictReader(io.StringIO(text))) == [] and text.rstrip("\n").split(",") == COLUMNS
    else:
        assert "0 events" in text


def test_csv_columns_and_values_round_trip():
    rows = list(csv.DictReader(io.StringIO(render("csv", EVENTS))))
    assert list(rows[0]) == COLUMNS
    assert rows[0] == {
        "event_id": "doc1-0-0",
        "doc_id": "doc1",
        "sentence": "0",
        "cameo": "154",
        "cameo_name": "Mobilize or increase armed forces",
        "plover_event": "MOBILIZE",
        "plover_mode": "troops",
        "goldstein": "-7.2",
        "quad_class": "4",
        "source_code": "RUS",
        "source_country": "RUS",
        "source_text": "Russia",
        "target_code": "UKR",
        "target_country": "UKR",
        "target_text": "Ukrainian",
        "attribution_text": "the Kyiv Independent",
        "attribution_code": "UKRMED",
        "modality": "asserted",
        "quantities": "more_than 12000 troops; about 600 killed; 2.5",
        "date_value": "2025-07-11",
        "date_precision": "day",
        "date_text": "11 July 2025",
        "location_text": "Kharkiv",
        "location_country": "UKR",
        "lat": "49.98",
        "lon": "36.25",
        "evidence_start": "0",
        "evidence_end": str(len(TEXT)),
        "evidence_text": TEXT,
        "confidence": "0.9",
    }
    bare = rows[1]
    assert bare["evidence_text"] == EVENTS[1].evidence.text  # quotes, commas and newline survive
    assert bare["source_code"] == "" and bare["plover_event"] == "" and bare["quantities"] == ""
    assert bare["modality"] == "asserted" and bare["confidence"] == "0.5"


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_streaming_format_writes_each_event_as_it_arrives(fmt):
    out = io.StringIO()
    seen: list[str] = []

    def events():
        for event in EVENTS:
            yield event
            seen.append(out.getvalue())  # what was written before the next event was asked for

    write_events(events(), fmt, out)
    assert EVENTS[0].event_id in seen[0] and EVENTS[1].event_id not in seen[0]


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_export_coded_documents_write_their_events(fmt):
    docs = [
        CodedDocument(document=Document(id="doc1", text=TEXT), events=[EVENTS[0]]),
        CodedDocument(document=Document(id="empty", text="Nothing happened.")),
        EVENTS[1],
    ]
    assert render(fmt, docs) == render(fmt, EVENTS)


def test_table_shows_each_event_compactly():
    text = render("table", EVENTS)
    # short strings only: rich wraps long cells over several lines
    for shown in ("doc1", "154 Mobilize", "MOBILIZE/troops", "RUS", "Russia", "Ukrainian", "(UKRMED)"):
        assert shown in text
    for shown in ("> 12000 troops", "~ 600", "2025-07-11", "Kharkiv (UKR)", "asserted", "2 events"):
        assert shown in text
    assert "Russia moved more than" in text and "were killed" not in text and "…" in text  # evidence cut
    assert "\x1b[" not in text  # no colour codes when not writing to a terminal


def test_table_prints_markup_literally():
    event = bare_event().model_copy(update={"doc_id": "[bold]doc[/bold]"})
    assert "[bold]doc[/bold]" in render("table", [event])
