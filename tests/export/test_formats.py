"""The anchors' layouts: GDELT 2.0 Events and Mentions TSV, PLOVER JSONL, ACLED-style CSV and Parquet.

Events built by hand (valid per eventwire.model) and one short article coded by the session Coder.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.errors import DataFileError, EventwireError
from eventwire.export import BINARY, FORMATS, STREAMING, acled, gdelt, parquet, plover, write_events
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


def words(text: str) -> list[str]:
    return text.split()


# the GDELT 2.0 Event codebook's columns, in order, written out here independently of the writer
GDELT_EVENT_COLUMNS = words(
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate "
    "Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code "
    "Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code "
    "Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code "
    "Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code "
    "IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources "
    "NumArticles AvgTone "
    "Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code "
    "Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID "
    "Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code "
    "Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID "
    "ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code "
    "ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID "
    "DATEADDED SOURCEURL"
)
GDELT_MENTION_COLUMNS = words(
    "GLOBALEVENTID EventTimeDate MentionTimeDate MentionType MentionSourceName MentionIdentifier SentenceID "
    "Actor1CharOffset Actor2CharOffset ActionCharOffset InRawText Confidence MentionDocLen MentionDocTone "
    "MentionDocTranslationInfo Extras"
)
ACLED_COLUMNS = words(
    "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 assoc_actor_1 "
    "inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country admin1 admin2 admin3 "
    "location latitude longitude geo_precision source source_scale notes fatalities tags timestamp"
)
PLOVER_KEYS = {"id", "date", "actor", "recipient", "event", "mode", "context", "event_loc", "event_text",
               "quad_code", "event_scale", "text_info", "cite_info", "coder"}

TEXT = (
    "Russian jets struck Kharkiv on 11 July 2025, killing 14 people and wounding 30, officials said. "
    "The United States and Britain signed a defence pact in Washington. "
    "Police detained 20 protesters in London. "
    "A suicide bomber killed 9 people and killed 3 soldiers in Moscow in June 2025."
)
ARTICLE = (
    "Russian forces launched an air strike on Kharkiv on Tuesday, killing 12 civilians, Ukrainian officials said. "
    "Police arrested 40 protesters in Moscow on Monday. "
    "Thousands of people protested against the government in London on Saturday. "
    "The United States and Britain signed a defence agreement in Washington."
)


def span(text: str, words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def actor(words: str, code: str, country: str | None, sectors: list[str] | None = None, kind: str = "country",
          name: str | None = None) -> Actor:
    start, end = span(TEXT, words)
    return Actor(text=words, code=code, country=country, sectors=sectors or [], kind=kind, name=name,
                 start=start, end=end)


def evidence(words: str) -> Evidence:
    start, end = span(TEXT, words)
    return Evidence(start=start, end=end, text=words)


def strike() -> Event:
    """195 air strike by Russia's military on Kharkiv (a city in Ukraine), 14 killed, dated to the day."""
    return Event(
        event_id="0123456789abcdef", doc_id="d1", sentence=0, cameo="195", cameo_name="Employ aerial weapons",
        plover=PloverCode(event="ASSAULT", mode="aerial", context=["military"]), goldstein=-10.0, quad_class=4,
        source=actor("Russian jets", "RUSMIL", "RUS", ["MIL"]),
        target=actor("Kharkiv", "UKR", "UKR"),
        attribution=Attribution(text="officials", cue="said"),
        quantities=[Quantity(value=14, unit="killed", text="killing 14 people"),
                    Quantity(value=30, unit="wounded", text="wounding 30")],
        date=DateValue(value="2025-07-11", precision="day", text="11 July 2025"),
        location=Location(text="Kharkiv", country="UKR", name="Kharkiv", lat=49.98, lon=36.25, feature="city"),
        evidence=evidence("Russian jets struck Kharkiv on 11 July 2025, killing 14 people"),
        trigger=evidence("struck"), confidence=0.87,
    )


def pact() -> Event:
    """057 agreement in Washington (USA), no date in the text: the publication date stands in."""
    return Event(
        event_id="fedcba9876543210", doc_id="d1", sentence=1, cameo="057", cameo_name="Sign formal agreement",
        plover=PloverCode(event="SUPPORT"), goldstein=8.0, quad_class=1,
        source=actor("The United States", "USA", "USA"), target=actor("Britain", "GBR", "GBR"),
        location=Location(text="Washington", country="USA", name="Washington", lat=38.9, lon=-77.04, feature="city"),
        evidence=evidence("The United States and Britain signed a defence pact in Washington"),
        trigger=evidence("signed"), confidence=0.6,
    )


def arrest() -> Event:
    """173 arrest of protesters by British police in London (GBR), the country as a place."""
    return Event(
        event_id="00000000000000ab", doc_id="d1", sentence=2, cameo="173",
        plover=PloverCode(event="COERCE", mode="arrest"), goldstein=-5.0, quad_class=4,
        source=actor("Police", "GBRCOP", "GBR", ["COP"], kind="sector"),
        target=actor("protesters", "GBRCVL", "GBR", ["CVL"], kind="sector"),
        location=Location(text="London", country="GBR", name="United Kingdom", feature="country"),
        quantities=[Quantity(value=20, unit="arrested", text="20 protesters")],
        evidence=evidence("Police detained 20 protesters in London"), trigger=evidence("detained"),
    )


def bombing() -> Event:
    """1831 suicide bombing in Moscow (RUS), dated to the month; two 'killed' counts add up."""
    return Event(
        event_id="1111111111111111", doc_id="d1", sentence=3, cameo="1831",
        plover=PloverCode(event="ASSAULT", mode="explosive"), goldstein=-10.0, quad_class=4,
        source=actor("A suicide bomber", "RUSREB", "RUS", ["REB"], kind="group", name="suicide bomber"),
        quantities=[Quantity(value=9, unit="killed", text="killed 9 people"),
                    Quantity(value=3, unit="killed", text="killed 3 soldiers")],
        date=DateValue(value="2025-06", precision="month", text="June 2025"),
        location=Location(text="Moscow", country="RUS", name="Moscow", lat=55.75, lon=37.62, feature="city"),
        evidence=evidence("A suicide bomber killed 9 people and killed 3 soldiers in Moscow"),
        trigger=evidence("suicide bomber"), confidence=0.7,
    )


def igo_appeal() -> Event:
    """0231 (an appeal: no ACLED type) by the UN, with a leading-zero code, modality intended."""
    return Event(
        event_id="2222222222222222", doc_id="d1", sentence=3, cameo="0231",
        plover=PloverCode(event="REQUEST"), quad_class=1, goldstein=3.4, modality="intended",
        source=Actor(text="UN", code="UNO", country="IGO", kind="igo", name="United Nations"),
        evidence=evidence("killed 9 people"), trigger=evidence("killed"),
    )


DOCUMENT = Document(id="d1", text=TEXT, date="2025-07-13", url="https://www.example.org/world/strike",
                    source="Example Times", title="Strike on Kharkiv")


def coded() -> CodedDocument:
    return CodedDocument(document=DOCUMENT, events=[strike(), pact(), arrest(), bombing(), igo_appeal()])


def render(fmt: str, items) -> str:
    out = io.StringIO()
    write_events(items, fmt, out)
    return out.getvalue()


def tsv(text: str) -> list[dict[str, str]]:
    columns = GDELT_EVENT_COLUMNS if len(text.split("\n", 1)[0].split("\t")) == 61 else GDELT_MENTION_COLUMNS
    return [dict(zip(columns, line.split("\t"), strict=True)) for line in text.splitlines()]


# ---- registry ---------------------------------------------------------------------------------


def test_the_anchor_formats_are_registered():
    assert set(FORMATS) == {"jsonl", "json", "csv", "table", "gdelt", "gdelt-mentions", "plover", "acled", "parquet"}
    assert {"gdelt", "gdelt-mentions", "plover", "acled"} <= STREAMING and "parquet" not in STREAMING
    assert {"parquet"} == BINARY


def test_the_cli_offers_the_registered_formats():
    from eventwire.cli import OutputFormat

    assert {member.value for member in OutputFormat} == set(FORMATS)


@pytest.mark.parametrize("fmt", ["gdelt", "gdelt-mentions", "plover"])
def test_streaming_formats_write_each_event_as_it_arrives(fmt):
    out = io.StringIO()

    def events():
        yield strike()
        assert out.getvalue().count("\n") == 1  # the first row is out before the second event is made
        yield pact()

    write_events(events(), fmt, out)
    assert out.getvalue().count("\n") == 2


# ---- country codes ----------------------------------------------------------------------------


def test_fips_codes_are_gdelts_not_iso():
    expected = {"USA": "US", "GBR": "UK", "DEU": "GM", "RUS": "RS", "UKR": "UP", "PRK": "KN", "KOR": "KS",
                "JPN": "JA", "CHN": "CH", "ISR": "IS", "PSE": "WE", "KOS": "KV", "AUT": "AU", "AUS": "AS",
                "IRQ": "IZ", "SSD": "OD", "SRB": "RI"}
    assert {iso3: gdelt.fips(iso3) for iso3 in expected} == expected
    gaza = Location(text="Rafah", country="PSE", name="Rafah", feature="city")
    assert gdelt.fips("PSE", gaza) == "GZ"
    assert gdelt.fips("PSE", Location(text="Ramallah", country="PSE", feature="city")) == "WE"
    assert gdelt.fips("IGO") == "" and gdelt.fips(None) == ""


def test_every_country_eventwire_codes_has_a_fips_entry():
    import yaml

    path = Path(gdelt.__file__).parents[1] / "data" / "actors" / "countries.yaml"
    codes = {entry["code"] for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["actors"]
             if entry.get("kind") == "country"}
    table = gdelt.countries()
    assert codes - set(table) == set()
    no_fips = {code for code in codes if not table[code].fips}
    assert no_fips == {"BES", "UMI"}  # FIPS 10-4 has no code for them (see the file's comments)


def test_fips_file_mistakes_are_all_listed(tmp_path):
    path = tmp_path / "fips.yaml"
    path.write_text(
        "format: eventwire.fips.v1\n"
        "countries:\n"
        "  - {iso3: USA, fips: US, name: United States}\n"
        "  - {iso3: usa, fips: US, name: lower case}\n"
        "  - {iso3: GBR, fips: GBR, name: United Kingdom}\n"
        "  - {iso3: FRA, fips: FR}\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        gdelt.load_countries(path)
    assert len(err.value.problems) == 3, err.value.problems
    path.write_text("format: eventwire.fips.v1\ncountries:\n  - {iso3: USA, fips: US, name: A}\n"
                    "  - {iso3: USA, fips: US, name: B, places: {gz: [Gaza]}}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="listed twice.*no FIPS code"):
        gdelt.load_countries(path)


# ---- GDELT ------------------------------------------------------------------------------------


def test_gdelt_rows_have_the_61_codebook_columns_in_order():
    assert gdelt.COLUMNS == GDELT_EVENT_COLUMNS
    lines = render("gdelt", [coded()]).splitlines()
    assert len(lines) == 5
    assert all(len(line.split("\t")) == 61 for line in lines)


def test_gdelt_event_row_values():
    rows = tsv(render("gdelt", [coded()]))
    hit, deal, held, bomb, appeal = rows
    assert hit["GLOBALEVENTID"] == str(int("0123456789abcde", 16))
    assert (hit["SQLDATE"], hit["MonthYear"], hit["Year"], hit["FractionDate"]) == ("20250711", "202507", "2025",
                                                                                   "2025.5233")
    assert (hit["Actor1Code"], hit["Actor1Name"], hit["Actor1CountryCode"], hit["Actor1Type1Code"]) == (
        "RUSMIL", "RUSSIAN JETS", "RUS", "MIL")
    assert (hit["Actor2Code"], hit["Actor2Name"], hit["Actor2CountryCode"]) == ("UKR", "UKRAINE", "UKR")
    assert (hit["EventCode"], hit["EventBaseCode"], hit["EventRootCode"]) == ("195", "195", "19")
    assert (hit["QuadClass"], hit["GoldsteinScale"], hit["IsRootEvent"]) == ("4", "-10", "1")
    assert (hit["NumMentions"], hit["NumSources"], hit["NumArticles"], hit["AvgTone"]) == ("1", "1", "1", "")
    assert (hit["ActionGeo_Type"], hit["ActionGeo_FullName"], hit["ActionGeo_CountryCode"]) == (
        "4", "Kharkiv, Ukraine", "UP")
    assert (hit["ActionGeo_Lat"], hit["ActionGeo_Long"]) == ("49.98", "36.25")
    assert all(hit[f"Actor{n}Geo_{c}"] == "" for n in (1, 2) for c in gdelt.GEO_COLUMNS)
    assert (hit["DATEADDED"], hit["SOURCEURL"]) == ("20250713000000", "https://www.example.org/world/strike")
    # FIPS in the geo columns: USA → US (a US city is type 3), GBR → UK (a country: type 1), RUS → RS
    assert (deal["ActionGeo_CountryCode"], deal["ActionGeo_Type"], deal["IsRootEvent"]) == ("US", "3", "0")
    assert deal["SQLDATE"] == "20250713"  # no date in the text: the publication date
    assert (deal["Actor1CountryCode"], deal["Actor2CountryCode"]) == ("USA", "GBR")  # actors keep CAMEO's
    assert (held["ActionGeo_CountryCode"], held["ActionGeo_Type"], held["ActionGeo_ADM1Code"],
            held["ActionGeo_FeatureID"], held["ActionGeo_FullName"]) == ("UK", "1", "UK", "UK", "United Kingdom")
    assert held["Actor1Type1Code"] == "COP" and held["Actor2Type1Code"] == "CVL"
    assert bomb["ActionGeo_CountryCode"] == "RS"
    assert bomb["SQLDATE"] == "20250713"  # a month is no day: the publication date
    assert (bomb["EventCode"], bomb["EventBaseCode"], bomb["EventRootCode"]) == ("1831", "183", "18")
    # leading zeros kept; an organisation: no country, its own code as known group, IGO as type
    assert (appeal["EventCode"], appeal["EventBaseCode"], appeal["EventRootCode"]) == ("0231", "023", "02")
    assert (appeal["Actor1Code"], appeal["Actor1CountryCode"], appeal["Actor1KnownGroupCode"],
            appeal["Actor1Type1Code"], appeal["Actor1Name"]) == ("UNO", "", "UNO", "IGO", "UNITED NATIONS")
    # GDELT's QuadClass, whatever the event's own (Phoenix) quad class: an appeal is verbal cooperation
    assert appeal["QuadClass"] == "1"


def test_gdelt_quad_class_is_gdelts_own():
    assert [gdelt.gdelt_quad(r) for r in ("01", "02", "05", "06", "09", "13", "14", "16", "20")] == \
        [1, 1, 1, 2, 3, 3, 4, 4, 4]


def test_gdelt_bare_events_write_what_they_carry():
    bare = strike().model_copy(update={"date": None, "event_id": "not-hex id"})
    [row] = tsv(render("gdelt", [bare]))
    assert row["SQLDATE"] == "" and row["DATEADDED"] == "" and row["SOURCEURL"] == ""
    assert 0 < int(row["GLOBALEVENTID"]) < 2**60
    assert row["GLOBALEVENTID"] == tsv(render("gdelt", [bare]))[0]["GLOBALEVENTID"]  # stable


def test_gdelt_cells_hold_no_tab_or_newline():
    event = strike().model_copy(update={"source": Actor(text="Tab\tand\nnewline", code="RUS", country="RUS")})
    line = render("gdelt", [event])
    assert line.count("\n") == 1 and len(line.rstrip("\n").split("\t")) == 61


def test_gdelt_mentions_rows_have_16_fields():
    assert gdelt.MENTION_COLUMNS == GDELT_MENTION_COLUMNS
    text = render("gdelt-mentions", [coded()])
    assert all(len(line.split("\t")) == 16 for line in text.splitlines())
    rows = tsv(text)
    events = tsv(render("gdelt", [coded()]))
    assert [m["GLOBALEVENTID"] for m in rows] == [e["GLOBALEVENTID"] for e in events]  # they join
    hit = rows[0]
    assert (hit["EventTimeDate"], hit["MentionTimeDate"], hit["MentionType"]) == ("20250713000000",
                                                                                  "20250713000000", "1")
    assert (hit["MentionSourceName"], hit["MentionIdentifier"]) == ("example.org",
                                                                     "https://www.example.org/world/strike")
    assert [m["SentenceID"] for m in rows] == ["1", "2", "3", "4", "4"]  # 1-based
    assert (hit["Actor1CharOffset"], hit["Actor2CharOffset"], hit["ActionCharOffset"]) == (
        str(TEXT.index("Russian jets")), str(TEXT.index("Kharkiv")), str(TEXT.index("struck")))
    assert rows[3]["Actor2CharOffset"] == "-1"  # no target
    assert (hit["InRawText"], hit["Confidence"], hit["MentionDocLen"]) == ("1", "87", str(len(TEXT)))
    assert [m["Confidence"] for m in rows] == ["87", "60", "50", "70", "50"]


# ---- PLOVER -----------------------------------------------------------------------------------


def test_plover_records_have_the_plover_fields():
    records = [json.loads(line) for line in render("plover", [coded()]).splitlines()]
    assert len(records) == 5
    hit = records[0]
    assert set(hit) >= PLOVER_KEYS
    assert set(plover.KEYS) == PLOVER_KEYS and not set(plover.EXTRA_KEYS) & PLOVER_KEYS
    assert (hit["id"], hit["date"], hit["event"], hit["mode"], hit["context"]) == (
        "0123456789abcdef", "2025-07-11", ["ASSAULT"], "aerial", ["military"])
    assert "source" not in hit  # PLOVER names the initiator "actor"
    [source], [recipient] = hit["actor"], hit["recipient"]
    assert (source["code"], source["sector"], source["actor_text"], source["country"]) == (
        "RUS", "MIL", "Russian jets", "RUS")
    assert (recipient["code"], recipient["sector"], recipient["actor_text"]) == ("UKR", None, "Kharkiv")
    loc = hit["event_loc"]
    assert (loc["name"], loc["latitude"], loc["longitude"], loc["country code"], loc["cc3"], loc["feature code"]) == (
        "Kharkiv", 49.98, 36.25, "UA", "UKR", "PPL")
    assert hit["event_text"] == ["Russian jets struck Kharkiv on 11 July 2025, killing 14 people"]
    assert (hit["quad_code"], hit["event_scale"]) == (4, -10.0)
    assert hit["text_info"]["sequence"] == 0
    assert hit["cite_info"] == {"url": DOCUMENT.url, "title": DOCUMENT.title, "publication": "Example Times"}
    # eventwire's own fields ride along
    assert hit["attribution"]["cue"] == "said" and hit["modality"] == "asserted" and hit["cameo"] == "195"
    assert [q["value"] for q in hit["quantities"]] == [14, 30] and hit["date_info"]["precision"] == "day"
    assert records[1]["date"] == "2025-07-13" and records[1]["recipient"][0]["code"] == "GBR"
    assert records[3]["recipient"] == [] and records[3]["actor"][0]["identifier_text"] == "suicide bomber"
    appeal = records[4]
    assert appeal["actor"][0]["code"] == "UNO" and appeal["event_loc"] is None and appeal["modality"] == "intended"


# ---- ACLED ------------------------------------------------------------------------------------


def test_acled_maps_cameo_to_acled_types():
    rows = list(csv.DictReader(io.StringIO(render("acled", [coded()]))))
    assert list(rows[0]) == ACLED_COLUMNS
    kinds = [(r["event_type"], r["sub_event_type"], r["disorder_type"]) for r in rows]
    assert kinds == [
        ("Explosions/Remote violence", "Air/drone strike", "Political violence"),
        ("Strategic developments", "Agreement", "Strategic developments"),
        ("Strategic developments", "Arrests", "Strategic developments"),
        ("Explosions/Remote violence", "Suicide bomb", "Political violence"),
    ]  # the appeal (0231) has no ACLED type, and is only intended: left out
    assert acled.acled_type("193").sub_event_type == "Armed clash"
    assert acled.acled_type("190").event_type == "Battles"
    assert acled.acled_type("1823").event_type == "Violence against civilians"
    assert acled.acled_type("145").event_type == "Riots"
    assert acled.acled_type("1411").sub_event_type == "Peaceful protest"
    assert acled.acled_type("175").sub_event_type == "Excessive force against protesters"
    assert acled.acled_type("0231") is None and acled.acled_type("112") is None


def test_acled_row_values():
    hit, deal, held, bomb = csv.DictReader(io.StringIO(render("acled", [coded()])))
    assert (hit["fatalities"], bomb["fatalities"], deal["fatalities"]) == ("14", "12", "0")
    assert (hit["event_date"], hit["year"], hit["time_precision"]) == ("2025-07-11", "2025", "1")
    assert (bomb["event_date"], bomb["time_precision"]) == ("2025-06-15", "3")  # a month: its middle
    assert (deal["event_date"], deal["time_precision"]) == ("2025-07-13", "2")  # no date: the publication's
    assert (hit["actor1"], hit["inter1"], hit["assoc_actor_1"]) == ("Military Forces of Russia", "8", "Russian jets")
    assert (hit["iso"], hit["country"], hit["location"], hit["geo_precision"]) == ("804", "Ukraine", "Kharkiv", "1")
    assert (hit["latitude"], hit["longitude"]) == ("49.98", "36.25")
    assert hit["event_id_cnty"].startswith("UKR") and hit["event_id_cnty"][3:].isdigit()
    assert (held["actor1"], held["inter1"], held["iso"], held["geo_precision"]) == (
        "Police Forces of United Kingdom", "1", "826", "3")
    assert (bomb["actor1"], bomb["inter1"], bomb["interaction"]) == ("suicide bomber", "2", "20")
    assert (hit["source"], hit["notes"]) == ("Example Times", strike().evidence.text)
    assert hit["timestamp"] == "1752364800"  # 2025-07-13T00:00:00Z


def test_acled_counts_what_it_leaves_out():
    out = io.StringIO()
    counts = write_events([coded()], "acled", out)
    assert counts == {"written": 4, "no_acled_type": 0, "not_asserted": 1}
    statement = pact().model_copy(update={"cameo": "046"})  # negotiate: no ACLED equivalent
    counts = acled.write([statement, strike().model_copy(update={"modality": "negated"})], io.StringIO())
    assert counts == {"written": 0, "no_acled_type": 1, "not_asserted": 1}


def test_acled_types_file_mistakes_are_all_listed(tmp_path):
    path = tmp_path / "acled.yaml"
    path.write_text(
        "format: eventwire.acled.v1\n"
        "types:\n"
        "  - {cameo: '19', event_type: Battles, sub_event_type: Armed clash, disorder_type: Political violence}\n"
        "  - {cameo: '19', event_type: Battles, sub_event_type: Armed clash, disorder_type: Political violence}\n"
        "  - {cameo: 19x, event_type: Battles, sub_event_type: Armed clash, disorder_type: Political violence}\n"
        "  - {cameo: '18', event_type: Fights, sub_event_type: Attack, disorder_type: Political violence}\n"
        "  - {cameo: '14', event_type: Protests, sub_event_type: Air/drone strike, disorder_type: Demonstrations}\n",
        encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        acled.load_types(path)
    assert len(err.value.problems) == 3, err.value.problems
    assert acled.default_types()["195"].sub_event_type == "Air/drone strike"


# ---- Parquet ----------------------------------------------------------------------------------


def test_parquet_round_trips_with_typed_columns(tmp_path, monkeypatch):
    pq = pytest.importorskip("pyarrow.parquet")
    pa = pytest.importorskip("pyarrow")
    monkeypatch.setattr(parquet, "ROW_GROUP_SIZE", 2)
    path = tmp_path / "events.parquet"
    write_events([coded(), coded()], "parquet", path)
    table = pq.read_table(path)
    assert table.num_rows == 10 and pq.ParquetFile(path).num_row_groups == 5  # written 2 at a time
    assert table.column_names == parquet.COLUMNS
    types = dict(zip(table.column_names, table.schema.types, strict=True))
    assert types["sentence"] == pa.int32() and types["quad_class"] == pa.int8()
    assert types["lat"] == types["lon"] == types["confidence"] == types["goldstein"] == pa.float64()
    assert types["date_value"] == types["cameo"] == pa.string()
    first = table.slice(0, 1).to_pylist()[0]
    assert (first["cameo"], first["lat"], first["confidence"], first["date_value"], first["doc_url"]) == (
        "195", 49.98, 0.87, "2025-07-11", DOCUMENT.url)
    assert table.column("cameo").to_pylist()[:5] == ["195", "057", "173", "1831", "0231"]  # zeros kept
    assert table.slice(3, 1).to_pylist()[0]["target_code"] is None  # missing is null


def test_parquet_writes_to_binary_files_and_text_files_on_disk(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    buffer = io.BytesIO()
    write_events([strike()], "parquet", buffer)
    assert pq.read_table(io.BytesIO(buffer.getvalue())).num_rows == 1
    path = tmp_path / "text-opened.parquet"
    with open(path, "w", encoding="utf-8", newline="") as out:  # as the CLI opens -o
        write_events([strike(), pact()], "parquet", out)
    assert pq.read_table(path).num_rows == 2
    empty = tmp_path / "empty.parquet"
    write_events([], "parquet", empty)
    assert pq.read_table(empty).num_rows == 0 and pq.read_table(empty).column_names == parquet.COLUMNS


def test_parquet_refuses_a_text_stream_with_a_clear_error():
    pytest.importorskip("pyarrow")
    made = []

    def events():
        made.append(1)
        yield strike()

    with pytest.raises(EventwireError, match="needs a file") as err:
        write_events(events(), "parquet", io.StringIO())
    assert "-o events.parquet" in str(err.value) and made == []  # refused before anything is coded


def test_cli_writes_parquet_to_a_file(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from eventwire.cli import app

    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "events.parquet"
    result = CliRunner().invoke(app, ["code", str(article), "--date", "2025-07-10", "-f", "parquet", "-o", str(out)])
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert table.num_rows >= 3 and "195" in table.column("cameo").to_pylist()


# ---- an article coded by the Coder --------------------------------------------------------------


@pytest.fixture(scope="module")
def article(coder) -> CodedDocument:
    doc = Document(id="a1", text=ARTICLE, date="2025-07-10", url="https://www.example.org/news/1",
                   source="Example News")
    return next(iter(coder.code_many([doc])))


def test_coded_article_in_every_anchor_format(article, tmp_path):
    events = article.events
    assert {"195", "173", "057"} <= {e.cameo for e in events}, [e.cameo for e in events]
    rows = tsv(render("gdelt", [article]))
    assert len(rows) == len(events) and all(len(r) == 61 for r in rows)
    geo = {r["EventCode"]: r["ActionGeo_CountryCode"] for r in rows}
    assert geo["173"] == "RS" and geo["057"] == "US"  # Moscow, Washington: FIPS
    assert {r["SOURCEURL"] for r in rows} == {"https://www.example.org/news/1"}
    assert any(r["ActionGeo_CountryCode"] == "UK" for r in rows if r["EventRootCode"] == "14")  # London
    mentions = render("gdelt-mentions", [article]).splitlines()
    assert len(mentions) == len(events) and all(len(m.split("\t")) == 16 for m in mentions)
    records = [json.loads(line) for line in render("plover", [article]).splitlines()]
    assert all(set(r) >= PLOVER_KEYS for r in records)
    assert {r["event"][0] for r in records} >= {"ASSAULT", "COERCE", "SUPPORT"}
    acled_rows = list(csv.DictReader(io.StringIO(render("acled", [article]))))
    by_type = {(r["event_type"], r["sub_event_type"]) for r in acled_rows}
    assert ("Explosions/Remote violence", "Air/drone strike") in by_type
    assert ("Strategic developments", "Arrests") in by_type and ("Protests", "Peaceful protest") in by_type
    assert any(r["fatalities"] == "12" for r in acled_rows)
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "article.parquet"
    write_events([article], "parquet", path)
    assert pq.read_table(path).num_rows == len(events)
