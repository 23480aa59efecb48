"""Cross-article deduplication: does a new mention report an event already in the database?

Pure functions on small records, no database: :mod:`eventwire.store.ingest` fetches the
candidate events through an index and asks :func:`best_match` which one (if any) the mention
joins. The rule (docs/store.md#dedup-rule) — a mention joins an event when all four agree:

* **code**: the same CAMEO 3-digit base code when both have one (``190`` and ``193`` differ), else
  the same root (``19`` and ``190`` agree);
* **dyad**: the same source country and the same target country, in that order (None matches
  only None);
* **date**: the mention's day is within ``window`` days of every day the event was already
  reported for, so an event spans at most ``window`` days (no chaining of a daily series into
  one event); a mention with no day joins only an event with no day;
* **place**: the same location country, or either has none.

Among several compatible events the closest in time wins, then the one with the same full code,
then the smallest id (so the choice never depends on the order of a query).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from eventwire.model import Event
from eventwire.model import day_of as parse_day  # the name the store and its tests use

WINDOW_DAYS = 3


@dataclass(frozen=True)
class MentionKey:
    """What dedup looks at in a mention."""

    cameo: str
    source_country: str | None
    target_country: str | None
    day: date | None
    country: str | None  # where it happened

    @property
    def root(self) -> str:
        return cameo_root(self.cameo)

    @property
    def base(self) -> str | None:
        return cameo_base(self.cameo)


@dataclass(frozen=True)
class Candidate:
    """What dedup looks at in an event already stored."""

    id: str
    cameo: str
    source_country: str | None
    target_country: str | None
    day_first: date | None
    day_last: date | None
    country: str | None


def cameo_root(code: str) -> str:
    """``"19"`` for 19, 190 and 1951."""
    return code[:2]


def cameo_base(code: str) -> str | None:
    """The 3-digit base code (``"195"`` for 195 and 1951), None for a bare root."""
    return code[:3] if len(code) >= 3 else None




def mention_day(event: Event, article_day: date | None) -> date | None:
    """The day a mention reports: the date resolved in the text when it is a day, else the article's."""
    if event.date is not None and event.date.precision == "day":
        day = parse_day(event.date.value)
        if day is not None:
            return day
    return article_day


def key_of(event: Event, article_day: date | None) -> MentionKey:
    return MentionKey(
        cameo=event.cameo,
        source_country=event.source.country if event.source else None,
        target_country=event.target.country if event.target else None,
        day=mention_day(event, article_day),
        country=event.location.country if event.location else None,
    )


def codes_compatible(a: str, b: str) -> bool:
    if cameo_root(a) != cameo_root(b):
        return False
    base_a, base_b = cameo_base(a), cameo_base(b)
    return base_a is None or base_b is None or base_a == base_b


def dyad_compatible(key: MentionKey, event: Candidate) -> bool:
    return key.source_country == event.source_country and key.target_country == event.target_country


def day_compatible(day: date | None, first: date | None, last: date | None, window: int = WINDOW_DAYS) -> bool:
    if day is None or first is None or last is None:
        return day is None and first is None and last is None
    span = timedelta(days=window)
    return last - span <= day <= first + span


def place_compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def compatible(key: MentionKey, event: Candidate, window: int = WINDOW_DAYS) -> bool:
    """Does the mention ``key`` report the event ``event``?"""
    return (codes_compatible(key.cameo, event.cameo) and dyad_compatible(key, event)
            and day_compatible(key.day, event.day_first, event.day_last, window)
            and place_compatible(key.country, event.country))


def day_range(day: date | None, window: int = WINDOW_DAYS) -> tuple[date, date] | None:
    """The range of ``day_first`` an event needs to be a candidate for a mention on ``day``.

    A necessary condition of :func:`day_compatible` that an index can use.
    """
    if day is None:
        return None
    return day - timedelta(days=window), day + timedelta(days=window)


def best_match(key: MentionKey, candidates: Iterable[Candidate], window: int = WINDOW_DAYS) -> Candidate | None:
    """The event the mention joins, or None for a new event."""
    fits = [c for c in candidates if compatible(key, c, window)]
    if not fits:
        return None

    def rank(c: Candidate) -> tuple[int, int, str]:
        distance = 0 if key.day is None or c.day_first is None or c.day_last is None else \
            min(abs((key.day - c.day_first).days), abs((key.day - c.day_last).days))
        return distance, 0 if c.cameo == key.cameo else 1, c.id

    return min(fits, key=rank)


def widen(event: Candidate, key: MentionKey) -> Candidate:
    """The event once the mention has joined it: its days (and place, when it had none) grow."""
    first, last = event.day_first, event.day_last
    if key.day is not None:
        first = key.day if first is None else min(first, key.day)
        last = key.day if last is None else max(last, key.day)
    return Candidate(event.id, event.cameo, event.source_country, event.target_country, first, last,
                     event.country or key.country)
