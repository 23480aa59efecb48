"""Announced acts in the dedup rule (eventwire/dedup.py, docs/store.md#dedup-rule, issue 9): a forecast
joins the act it forecast when it comes; two announcements of different acts stay apart, whatever
code the coder gave them.

Unit tests on keys built as the coder writes its Events (with their ``pattern``), and one test of the
store on small articles of our own."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from eventwire.dedup import (
    announced_act,
    cluster,
    default_identity,
    forecast_of,
    key_of,
    load_identity,
    reaches_of,
    score,
)
from eventwire.errors import DataFileError

IDENTITY = default_identity()
MONDAY = date(2025, 3, 10)
KAMPALA = {"text": "Kampala", "name": "Kampala", "country": "UGA", "feature": "city", "lat": 0.35, "lon": 32.58}


def leader(country: str, name: str) -> dict:
    return {"text": name, "code": country + "GOV", "country": country, "sectors": ["GOV"], "name": name,
            "kind": "person"}


RUTO, MUSEVENI, KAGAME = leader("KEN", "William Ruto"), leader("UGA", "Yoweri Museveni"), leader("RWA", "Paul Kagame")


def mention(article: str, cameo: str, pattern: str, modality: str = "asserted", when: date | None = None,
            published: date = MONDAY, source: dict = RUTO, target: dict = MUSEVENI, place: dict | None = KAMPALA):
    event_id = f"{article}-{cameo}-{pattern}"
    event = {"event_id": event_id, "cameo": cameo, "pattern": pattern, "modality": modality, "source": source,
             "target": target, "location": place,
             "date": {"value": when.isoformat(), "precision": "day", "text": "Tuesday"} if when else None}
    return key_of(event, event_id, article, published, IDENTITY)


def upcoming_talks(article: str = "preview", **changes):
    """"Ruto's upcoming talks with Museveni": the meeting noun (040) the coder codes 036 for its modality."""
    return mention(article, "036", "meeting-n-040", "expected", **changes)


def talks_held(article: str = "report", day: date = MONDAY + timedelta(days=1), **changes):
    """"Ruto met Museveni in Kampala on Tuesday"."""
    return mention(article, "040", "meet-040", when=day, published=day, **changes)


def links(a, b) -> bool:
    s = score(a, b, IDENTITY)
    return s is not None and s >= IDENTITY.link


def test_the_act_a_mention_announces_is_read_from_its_pattern() -> None:
    assert announced_act({"cameo": "036", "pattern": "meeting-n-040"}) == "040"  # reframed for its modality
    assert announced_act({"cameo": "036", "pattern": "promise-meet-036+restore-ties-050"}) == "050"  # inner act
    assert announced_act({"cameo": "033", "pattern": "promise-aid-033"}) is None  # the pledge names no other
    assert announced_act({"cameo": "040", "pattern": "meet-040"}) is None
    assert announced_act({"cameo": "036", "pattern": "my-own-pattern"}) is None  # not in the built-in lexicon
    assert announced_act({"cameo": "036"}) is None


def test_a_forecast_joins_the_act_it_forecast_when_it_comes() -> None:
    assert forecast_of(upcoming_talks(), talks_held(), IDENTITY) is not None
    assert links(upcoming_talks(), talks_held())
    assert links(talks_held(), upcoming_talks())  # symmetric
    assert links(upcoming_talks(), talks_held(day=MONDAY))  # the day it was published
    # either way round: "Museveni met Ruto" (a meeting is a symmetric act)
    assert links(upcoming_talks(), talks_held(source=MUSEVENI, target=RUTO))


def test_a_forecast_never_joins_an_act_before_it_or_long_after() -> None:
    assert not links(upcoming_talks(), talks_held(day=MONDAY - timedelta(days=7)))  # last week's meeting
    assert not links(upcoming_talks(), talks_held(day=MONDAY - timedelta(days=1)))
    assert not links(upcoming_talks(), talks_held(day=MONDAY + timedelta(days=IDENTITY.window + 1)))
    # a forecast that names its day comes true on that day only
    named = upcoming_talks(when=MONDAY + timedelta(days=2))
    assert links(named, talks_held(day=MONDAY + timedelta(days=2)))
    assert not links(named, talks_held(day=MONDAY + timedelta(days=1)))


def test_a_forecast_needs_the_same_act_and_the_same_people() -> None:
    assert not links(upcoming_talks(), talks_held(target=KAGAME))  # Ruto's talks with someone else
    # a visit (042) is not the meeting (040) a forecast of talks announced
    visit = mention("report", "042", "visit-042", when=MONDAY + timedelta(days=1), published=MONDAY + timedelta(days=1))
    assert not links(upcoming_talks(), visit)


def test_a_pledge_is_an_act_of_its_own_not_a_forecast() -> None:
    """"agreed to meet" (intended) is the agreement, done when it is made: not a report of the meeting."""
    agreed = mention("pledge", "036", "promise-meet-036", "intended")
    assert forecast_of(agreed, talks_held(), IDENTITY) is None
    assert not links(agreed, talks_held())


def test_two_announcements_of_acts_of_two_roots_stay_apart() -> None:
    """"had agreed to resume military contacts" (036, announcing 050) and "upcoming talks" (036,
    announcing 040): one code, the same people and modality group, two events."""
    resume = mention("joint-statement", "036", "promise-meet-036+restore-ties-050", "intended")
    assert score(resume, upcoming_talks(), IDENTITY) is None
    assert score(upcoming_talks(), resume, IDENTITY) is None
    # announcements of one act still agree: "pledged aid" (033, names no other act) and "will give aid"
    pledged = mention("a", "033", "promise-aid-033", "intended")
    will_give = mention("b", "033", "give-aid-070", "expected")
    assert links(pledged, will_give)


def test_a_forecast_and_its_act_cluster_in_any_order_and_the_act_leads() -> None:
    keys = [upcoming_talks(), talks_held(), talks_held("second-report"),
            mention("joint-statement", "036", "promise-meet-036+restore-ties-050", "intended")]
    for order in (keys, keys[::-1]):
        groups = [sorted(k.article for k in g) for g in cluster(order, IDENTITY)]
        assert sorted(groups) == [["joint-statement"], ["preview", "report", "second-report"]]


def test_each_side_of_a_forecast_reaches_the_others_root() -> None:
    forecast, fact = upcoming_talks(), talks_held()
    forecast_reach = {r.root: r for r in reaches_of(forecast, IDENTITY)}
    assert set(forecast_reach) == {"03", "04"}
    lo, hi = forecast_reach["04"].days  # type: ignore[misc]
    assert lo <= fact.day <= hi  # type: ignore[operator]
    fact_reach = {r.root: r for r in reaches_of(fact, IDENTITY)}
    assert set(fact_reach) == {"03", "04"}
    lo, hi = fact_reach["03"].seen  # type: ignore[misc]
    assert lo <= forecast.seen <= hi  # type: ignore[operator]
    # a pledge reaches its own root only
    pledge = mention("pledge", "036", "promise-meet-036", "intended")
    assert [r.root for r in reaches_of(pledge, IDENTITY)] == ["03"]


def test_without_forecasts_in_the_file_no_forecast_joins_its_act(tmp_path: Path) -> None:
    text = (Path(__file__).resolve().parents[2] / "src/eventwire/data/dedup/identity.yaml").read_text(encoding="utf-8")
    start = text.index("\nforecasts:")
    end = text.index("\n#", start + 1)
    path = tmp_path / "identity.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    identity = load_identity(path)
    assert identity.forecast_root is None
    assert score(upcoming_talks(), talks_held(), identity) is None
    assert [r.root for r in reaches_of(talks_held(), identity)] == ["04"]
    path.write_text(text.replace('  root: "03"', "  root: 3"), encoding="utf-8")
    with pytest.raises(DataFileError, match="forecasts.root"):
        load_identity(path)


PREVIEW_AND_MEETING = [
    {"id": "fc-preview", "source": "Lake Courier", "date": "2025-03-10",
     "text": "Kenyan President William Ruto arrived in Kampala on Monday. Ruto's upcoming talks with Ugandan "
             "President Yoweri Museveni are the first between the two leaders since January."},
    {"id": "fc-meeting", "source": "Nile Post", "date": "2025-03-11",
     "text": "Kenyan President William Ruto met Ugandan President Yoweri Museveni in Kampala on Tuesday, "
             "officials said."},
    {"id": "fc-last-week", "source": "Rift Daily", "date": "2025-03-04",
     "text": "Kenyan President William Ruto met Ugandan President Yoweri Museveni in Kampala on Monday, "
             "officials said."},
]


def test_a_preview_of_talks_is_stored_with_the_talks_not_with_last_weeks(tmp_path: Path, coder) -> None:
    from eventwire.model import Document
    from eventwire.store import Store, ingest
    from eventwire.store.query import event_detail, list_events

    for name, order in (("forward", PREVIEW_AND_MEETING), ("reverse", PREVIEW_AND_MEETING[::-1])):
        with Store(str(tmp_path / f"{name}.db")) as store:
            ingest(store, [Document(**d) for d in order], coder)
            meetings = {}
            for event in list_events(store):
                articles = sorted({m.doc_id for m in event_detail(store, event.id).mentions})
                if event.cameo.startswith(("03", "04")) and event.cameo != "042":
                    meetings[event.cameo, tuple(articles)] = event.n_mentions
            # the meeting of Tuesday holds the preview (its lead, the meeting, gives the code); last
            # week's meeting stays apart
            assert set(meetings) == {("040", ("fc-meeting", "fc-preview")), ("040", ("fc-last-week",))}, meetings
