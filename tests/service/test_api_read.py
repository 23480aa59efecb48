"""The read endpoints on a filled database: events with every filter and pagination, one event
with its evidence and claims, one article with its spans, actors, timeseries, network, health."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from service_corpus import REPORTS


def _events(reader, **params) -> dict:
    response = reader.get("/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_health_counts_what_was_ingested(reader) -> None:
    body = reader.get("/health").json()
    assert body["status"] == "ok" and body["read_only"] is False
    assert body["counts"]["articles"] == len(REPORTS)
    assert body["counts"]["events"] == _events(reader)["total"] > 0
    assert body["database"].startswith("sqlite:///")


def test_reports_of_one_strike_are_one_event_with_three_mentions(reader) -> None:
    (strike,) = _events(reader, code="190")["events"]
    assert (strike["source_country"], strike["target_country"]) == ("RUS", "UKR")
    assert (strike["n_mentions"], strike["n_articles"], strike["n_sources"]) == (3, 3, 3)
    assert strike["location_name"] == "Kharkiv"


def test_a_listed_event_carries_the_words_of_its_lead_report(reader) -> None:
    # "North Korea sent 11,000 troops" and "Pyongyang has deployed 12,000 troops": the report naming
    # its parties most precisely (PRKGOV) leads, and its words go with its codes
    (troops,) = _events(reader, code="154")["events"]
    assert (troops["source_code"], troops["source_text"]) == ("PRKGOV", "Pyongyang")
    assert troops["target_text"] == "Russia"
    assert troops["evidence"] == "Pyongyang has deployed 12,000 troops to Russia"
    for event in _events(reader, limit=500)["events"]:
        assert event["evidence"], event["id"]


def test_pages_are_disjoint_and_cover_every_event(reader) -> None:
    total = _events(reader)["total"]
    seen = []
    for offset in range(0, total, 2):
        page = _events(reader, limit=2, offset=offset)
        assert page["total"] == total and page["limit"] == 2 and page["offset"] == offset
        seen += [e["id"] for e in page["events"]]
    assert len(seen) == len(set(seen)) == total
    assert _events(reader, offset=total)["events"] == []


@pytest.mark.parametrize(("params", "expected"), [
    ({"actor": "PRK"}, {"154"}),
    ({"dyad": "RUS,UKR"}, {"190"}),
    ({"dyad": "UKR,RUS"}, set()),
    ({"root": "14"}, {"141"}),
    ({"code": "03"}, {"0331"}),
    ({"quad": 4}, {"190", "154", "141"}),
    ({"quad": 2}, set()),
    ({"plover": "protest"}, {"141"}),
    ({"since": "2025-07-01"}, {"141", "0331"}),
    ({"until": "2025-06-30"}, {"190", "154"}),
    ({"place": "kharkiv"}, {"190"}),
    ({"place": "FRA"}, {"141"}),
    ({"outlet": "wire two"}, {"190", "141"}),
    ({"attribution": "intelligence"}, {"154"}),
    ({"attribution": "none"}, {"141"}),
    ({"modality": "intended"}, {"0331"}),
    ({"q": "fuel tax"}, {"141"}),
    ({"q": "missile strike"}, {"190"}),  # words of an article's title or evidence
    ({"actor": "PRK", "q": "fuel"}, set()),
])
def test_each_filter_keeps_what_it_names(reader, params, expected) -> None:
    page = _events(reader, **params, limit=500)
    assert {e["cameo"] for e in page["events"]} == expected
    assert page["total"] == len(page["events"])


def test_events_come_oldest_first_or_as_asked(reader) -> None:
    def days(sort: str) -> list[str]:
        return [e["date_first"] for e in _events(reader, sort=sort, limit=500)["events"]]

    assert days("oldest") == sorted(days("oldest")) and days("newest") == sorted(days("oldest"), reverse=True)
    reported = _events(reader, sort="most_reported", limit=500)["events"]
    assert reported[0]["cameo"] == "190" and reported[0]["n_mentions"] == 3
    assert [e["n_mentions"] for e in reported] == sorted((e["n_mentions"] for e in reported), reverse=True)
    lines = reader.get("/events", params={"sort": "newest", "format": "jsonl"}).text.splitlines()
    assert [json.loads(line)["date_first"] for line in lines] == days("newest")
    assert reader.get("/events", params={"sort": "random"}).status_code == 422


def test_downloads_hold_every_event_of_the_filter(reader) -> None:
    total = _events(reader, until="2025-06-30")["total"]
    response = reader.get("/events", params={"until": "2025-06-30", "format": "csv", "limit": 1})
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="events.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == total and {r["cameo"] for r in rows} == {"190", "154"}
    lines = reader.get("/events", params={"until": "2025-06-30", "format": "jsonl"}).text.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [r["id"] for r in rows]


@pytest.mark.parametrize("params", [
    {"dyad": "RUS"}, {"dyad": "RUS,UKR,USA"}, {"limit": 0}, {"limit": 501}, {"offset": -1}, {"quad": 5},
    {"since": "yesterday"}, {"since": "0.0"}, {"until": "1700000000"}, {"since": "2025-02-30"},
    {"root": "21"}, {"code": "19a"}, {"modality": "maybe"}, {"format": "xml"},
    {"actor": "R"}, {"q": ""},
])
def test_bad_filters_are_422_with_a_reason(reader, params) -> None:
    response = reader.get("/events", params=params)
    assert response.status_code == 422
    name = next(iter(params))
    assert name in response.json()["reason"]


def test_an_event_shows_each_sources_claim_and_the_range(reader) -> None:
    (strike,) = _events(reader, code="190")["events"]
    body = reader.get(f"/events/{strike['id']}").json()
    listed_only = ("source_text", "target_text", "evidence")  # a listed row also quotes its first report
    assert body["event"] == {k: v for k, v in strike.items() if k not in listed_only}
    assert {m["outlet"] for m in body["mentions"]} == {"Wire One", "Wire Two", "Wire Three"}
    killed = next(r for r in body["claims"] if r["unit"] in ("civilians", "people", "killed"))
    everything = [c for r in body["claims"] for c in r["claims"]]
    assert sorted(c["value"] for c in everything) == [12, 14, 15]
    assert {c["claimant"] for c in everything} == {"Ukraine's interior ministry", "the regional governor",
                                                  "the Ukrainian military"}
    assert killed["text"].count("per") >= 1


def test_a_mentions_spans_are_offsets_into_its_context(reader) -> None:
    """The context is the evidence and every part of the event around it ("…, the ministry said")."""
    (strike,) = _events(reader, code="190")["events"]
    for mention in reader.get(f"/events/{strike['id']}").json()["mentions"]:
        context = mention["context"]["text"]
        kinds = {a["kind"]: context[a["start"]:a["end"]] for a in mention["annotations"]}
        assert kinds["event"] == mention["evidence"]["text"]
        assert kinds["source"] == mention["event"]["source"]["text"]
        assert kinds["place"] == "Kharkiv"
        assert kinds["attribution"] == mention["event"]["attribution"]["text"]


def test_each_mention_says_which_coder_coded_it(reader, coder) -> None:
    (strike,) = _events(reader, code="190")["events"]
    mentions = reader.get(f"/events/{strike['id']}").json()["mentions"]
    assert {(m["coder_version"], m["coder_fingerprint"]) for m in mentions} == {(coder.version, coder.fingerprint)}


def test_troop_claims_of_two_sources_are_both_kept(reader) -> None:
    (troops,) = _events(reader, dyad="PRK,RUS")["events"]
    assert troops["claims"] == "troops 11,000–12,000"
    (claims,) = reader.get(f"/events/{troops['id']}").json()["claims"]
    assert (claims["low"], claims["high"]) == (11000, 12000)
    assert claims["low_by"] == ["South Korea's intelligence agency"]
    assert claims["high_by"] == ["Ukrainian military intelligence"]


def test_unknown_ids_are_404_and_bad_ids_422(reader) -> None:
    assert reader.get("/events/nope").status_code == 404
    assert reader.get("/articles/999999").status_code == 404
    assert reader.get("/articles/abc").status_code == 422
    assert reader.get("/articles/0").status_code == 422


def test_an_article_shows_its_text_with_every_span(reader) -> None:
    (strike,) = _events(reader, code="190")["events"]
    mention = reader.get(f"/events/{strike['id']}").json()["mentions"][0]
    body = reader.get(f"/articles/{mention['article_id']}").json()
    original = next(d for d in REPORTS if d.id == body["doc_id"])
    assert body["text"] == original.text and body["outlet"] == original.source
    assert mention["id"] in {m["mention_id"] for m in body["mentions"]}
    for span in body["annotations"]:
        assert 0 <= span["start"] < span["end"] <= len(body["text"])
    words = {(a["kind"], body["text"][a["start"]:a["end"]]) for a in body["annotations"]}
    assert ("place", "Kharkiv") in words and ("date", "Sunday") in words


def test_actors_are_counted_and_named(reader) -> None:
    actors = {a["code"]: a for a in reader.get("/actors").json()["actors"]}
    # the troops event stands as its lead report gives it: "Pyongyang", PRKGOV
    assert actors["PRKGOV"]["label"].startswith("North Korea") and actors["PRKGOV"]["as_source"] == 1
    assert actors["UKRCVL"]["events"] == actors["UKRCVL"]["as_target"] == 1  # three reports of one strike
    assert all(a["events"] <= a["as_source"] + a["as_target"] for a in actors.values())
    only = reader.get("/actors", params={"prefix": "prk"}).json()["actors"]
    assert {a["code"] for a in only} == {"PRK", "PRKGOV"} & set(actors) and only


@pytest.mark.parametrize("interval", ["day", "week", "month"])
def test_timeseries_count_every_event_once(reader, interval) -> None:
    body = reader.get("/timeseries", params={"interval": interval, "by": "quad"}).json()
    points = [p for s in body["series"] for p in s["points"]]
    assert sum(p["count"] for p in points) == _events(reader)["total"]
    days = [date.fromisoformat(p["period"]) for p in points]
    if interval == "week":
        assert all(d.weekday() == 0 for d in days)
    if interval == "month":
        assert all(d.day == 1 for d in days)
    labels = {s["key"]: s["label"] for s in body["series"]}
    assert labels["4"] == "Material conflict"


def test_timeseries_by_root_names_roots_and_averages_goldstein(reader) -> None:
    body = reader.get("/timeseries", params={"by": "root", "interval": "month"}).json()
    series = {s["key"]: s for s in body["series"]}
    assert series["19"]["label"] == "Fight"
    (june,) = series["19"]["points"]
    assert june == {"period": "2025-06-01", "count": 1, "goldstein": -10.0}  # three reports, one strike


def test_network_weights_dyads_by_events(reader) -> None:
    body = reader.get("/network").json()
    edges = {(e["source"], e["target"]): e for e in body["edges"]}
    assert edges[("RUS", "UKR")]["weight"] == 1
    assert edges[("RUS", "UKR")]["goldstein"] < 0 < edges[("JPN", "PHL")]["goldstein"]
    nodes = {n["id"]: n for n in body["nodes"]}
    assert nodes["UKR"]["label"] == "Ukraine" and set(nodes) == {x for pair in edges for x in pair}
    assert reader.get("/network", params={"min_weight": 2}).json()["edges"] == []
    assert edges[("RUS", "UKR")] in reader.get("/network", params={"min_weight": 1}).json()["edges"]
    by_code = reader.get("/network", params={"level": "code", "quad": 4}).json()["edges"]
    assert {(e["source"], e["target"]) for e in by_code} == {("RUSMIL", "UKRCVL"), ("PRKGOV", "RUS"),
                                                             ("FRACVL", "FRAGOV")}


def test_every_endpoint_and_parameter_is_in_service_md(reader) -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "service.md").read_text(encoding="utf-8")
    paths = reader.get("/openapi.json").json()["paths"]
    missing = [f"{method.upper()} {path}" for path, item in paths.items() for method in item
               if f"`{method.upper()} {path}`" not in text]
    missing += [f"{p['name']} of {path}" for path, item in paths.items() for op in item.values()
                for p in op.get("parameters", ()) if p["in"] == "query" and f"`{p['name']}" not in text]
    assert not missing, f"docs/service.md does not document: {', '.join(sorted(set(missing)))}"


@pytest.mark.parametrize("q", [
    "AND", "OR", "NEAR", '"', '""', "*", "**", "^", ":", ":*", "title:kharkiv", "(", ")", "'", "\\", "!", "&", "|",
    "<->", "-", "%", "_", "kharkiv*", '"kharkiv', "kharkiv & !paris", "NEAR(kharkiv power, 2)", "🚀", "東京", "ü",
    "x" * 200, " ", "%20kharkiv%20",
])
def test_no_search_text_is_an_error(reader, q) -> None:
    page = _events(reader, q=q, limit=500)
    assert page["total"] == len(page["events"])
    if q.strip() and not any(c.isalnum() for c in q):  # no word: nothing, not everything
        assert page["events"] == []


def test_search_is_words_in_any_order_case_and_start(reader) -> None:
    assert {e["cameo"] for e in _events(reader, q="STATION power")["events"]} == {"190"}
    assert {e["cameo"] for e in _events(reader, q="protest")["events"]} == {"141"}  # "protested"
    assert _events(reader, q="kharkiv paris")["total"] == 0
    assert reader.get("/events", params={"q": "kharkiv\x00"}).status_code == 422
