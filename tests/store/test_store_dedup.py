"""The dedup rule on its own: pure functions, no database, no model."""

from __future__ import annotations

from datetime import date

from eventwire.dedup import (
    Candidate,
    MentionKey,
    best_match,
    cameo_base,
    cameo_root,
    codes_compatible,
    compatible,
    day_compatible,
    day_range,
    key_of,
    mention_day,
    widen,
)
from eventwire.model import Actor, DateValue, Event, Evidence, Location, PloverCode

D = date(2025, 6, 1)


def key(cameo="190", src="RUS", tgt="UKR", day=D, country="UKR") -> MentionKey:
    return MentionKey(cameo, src, tgt, day, country)


def cand(id="e1", cameo="190", src="RUS", tgt="UKR", first=D, last=D, country="UKR") -> Candidate:
    return Candidate(id, cameo, src, tgt, first, last, country)


def test_roots_and_base_codes() -> None:
    assert cameo_root("1951") == "19" and cameo_base("1951") == "195" and cameo_base("19") is None
    assert codes_compatible("190", "190") and codes_compatible("19", "195") and codes_compatible("1951", "195")
    assert not codes_compatible("190", "195") and not codes_compatible("190", "180")


def test_dyad_is_ordered_and_none_matches_only_none() -> None:
    assert compatible(key(), cand())
    assert not compatible(key(src="UKR", tgt="RUS"), cand())
    assert not compatible(key(tgt=None), cand())
    assert compatible(key(tgt=None), cand(tgt=None))


def test_date_window_bounds_the_span_of_an_event() -> None:
    assert day_compatible(date(2025, 6, 4), D, D) and not day_compatible(date(2025, 6, 5), D, D)
    assert day_compatible(date(2025, 6, 5), D, D, window=4)
    # an event reported for 1–4 June takes a day only within 3 days of both: no chaining
    assert not day_compatible(date(2025, 6, 5), D, date(2025, 6, 4))
    assert not day_compatible(None, D, D) and day_compatible(None, None, None)
    low, high = day_range(D)
    assert (low, high) == (date(2025, 5, 29), date(2025, 6, 4))


def test_place_unknown_is_compatible_a_different_country_is_not() -> None:
    assert compatible(key(country=None), cand()) and compatible(key(), cand(country=None))
    assert not compatible(key(country="RUS"), cand())


def test_best_match_prefers_the_closest_day_then_the_same_code() -> None:
    near = cand("near", first=date(2025, 6, 2), last=date(2025, 6, 2))
    far = cand("far", first=date(2025, 5, 30), last=date(2025, 5, 30))
    assert best_match(key(day=date(2025, 6, 2)), [far, near]).id == "near"
    root_only = cand("a-root", cameo="19")
    same = cand("b-same", cameo="190")
    assert best_match(key(), [root_only, same]).id == "b-same"
    assert best_match(key(src="CHN"), [near, far]) is None


def test_widen_grows_days_and_fills_a_missing_place() -> None:
    grown = widen(cand(first=D, last=D, country=None), key(day=date(2025, 6, 3), country="UKR"))
    assert (grown.day_first, grown.day_last, grown.country) == (D, date(2025, 6, 3), "UKR")


def _event(date_value: str | None, precision: str = "day") -> Event:
    return Event(
        event_id="x", doc_id="d", sentence=0, cameo="190", plover=PloverCode(event="ASSAULT"),
        source=Actor(text="Russian forces", code="RUSMIL", country="RUS"),
        target=Actor(text="Ukraine", code="UKR", country="UKR"),
        date=DateValue(value=date_value, precision=precision, text="Sunday") if date_value else None,
        location=Location(text="Kharkiv", country="UKR"),
        evidence=Evidence(start=0, end=5, text="x"), trigger=Evidence(start=0, end=5, text="x"))


def test_mention_day_is_the_resolved_day_else_the_article_day() -> None:
    article_day = date(2025, 6, 2)
    assert mention_day(_event("2025-06-01"), article_day) == D
    assert mention_day(_event("2025-06", "month"), article_day) == article_day
    assert mention_day(_event(None), article_day) == article_day
    assert key_of(_event("2025-06-01"), article_day) == MentionKey("190", "RUS", "UKR", D, "UKR")
