"""Acts done within a day (``day_roots`` of data/dedup/identity.yaml): two mentions whose texts each
state a day of their own are one such act only on that same day (a day either side for a night's
violence), and an event's stated days never grow through a chain of links. Mentions dated only by
their publication, or not at all, join as before, but news outside the days the other's news tells
scores ``news_apart``. DOCS: docs/store.md#dedup-rule

The articles are our own, made up for these tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from test_store_dedup import IDENTITY, actor, links, mention, news_of, on_day, strike

from eventwire.dedup import cluster, load_identity, own_days_gap, score
from eventwire.errors import DataFileError
from eventwire.model import Document
from eventwire.store import Store, ingest
from eventwire.store.query import list_events

SATURDAY, SUNDAY, MONDAY, TUESDAY, WEDNESDAY = (date(2025, 5, 31) + timedelta(days=n) for n in range(5))
GENEVA = {"text": "Geneva", "name": "Geneva", "country": "CHE", "feature": "city", "lat": 46.2, "lon": 6.14}
CARACAS = {"text": "Caracas", "name": "Caracas", "country": "VEN", "feature": "city", "lat": 10.49, "lon": -66.88}
# the rule before day_roots: a day either side for every act
OLD = replace(IDENTITY, day_roots=frozenset())


def talks(article: str, when: dict | None, published: date = WEDNESDAY, **changes):
    """Macron meets Merz in Geneva, as one outlet codes it."""
    fields = {"source": actor("FRA", "person", "Emmanuel Macron", ("GOV",)),
              "target": actor("DEU", "person", "Friedrich Merz", ("GOV",)), "when": when, "place": GENEVA,
              "published": published, "mid": article}
    fields.update(changes)
    return mention(article, "040", **fields)


def arrest(article: str, day: date):
    return mention(article, "173", actor("VEN", sectors=("COP",)), actor("VEN", sectors=("OPP",)), on_day(day),
                   CARACAS, published=day + timedelta(days=1), mid=article)


def test_a_meeting_told_as_tuesdays_and_as_wednesdays_is_two_meetings() -> None:
    """The old rule gave every act a day either side: two meetings of one pair on two days were one."""
    tuesday, wednesday = talks("a", on_day(TUESDAY, "on Tuesday")), talks("b", on_day(WEDNESDAY, "on Wednesday"))
    assert score(tuesday, wednesday, IDENTITY) is None
    old = score(tuesday, wednesday, OLD)
    assert old is not None and old >= OLD.link  # what the old rule did
    assert links(tuesday, talks("c", on_day(TUESDAY, "Tuesday")))


def test_arrests_on_two_days_are_two_arrests() -> None:
    assert score(arrest("a", MONDAY), arrest("b", TUESDAY), IDENTITY) is None
    assert links(arrest("a", MONDAY), arrest("b", MONDAY))


def test_violence_keeps_a_night_and_acts_that_last_keep_a_day_either_side() -> None:
    assert links(strike("a", when=on_day(SUNDAY)), strike("b", when=on_day(MONDAY)))  # a night strike
    assert score(strike("a", when=on_day(SUNDAY)), strike("b", when=on_day(TUESDAY)), IDENTITY) is None
    protest = {"source": actor("SRB", sectors=("OPP",)), "target": actor("SRB", sectors=("GOV",)),
               "place": {"text": "Belgrade", "name": "Belgrade", "country": "SRB", "feature": "city"}}
    sunday, monday = mention("a", "141", when=on_day(SUNDAY), **protest), mention("b", "141", when=on_day(MONDAY),
                                                                                   **protest)
    assert own_days_gap(sunday, monday, IDENTITY) == IDENTITY.precise_gap  # 14 is no day root: a protest lasts
    assert score(sunday, monday, IDENTITY) is not None


@pytest.mark.parametrize("when", [None, "news"])
def test_mentions_dated_only_by_publication_or_not_at_all_join_as_before(when: str | None) -> None:
    """"The two leaders met in Geneva" in Wednesday's paper (news of the days up to it) or told as
    background still joins Tuesday's meeting, as it did under the old rule."""
    loose = talks("n", news_of(WEDNESDAY) if when == "news" else None)
    tuesday = talks("a", on_day(TUESDAY, "on Tuesday"))
    assert links(loose, tuesday) and links(loose, talks("b", on_day(WEDNESDAY, "on Wednesday")))
    assert score(loose, tuesday, IDENTITY) == score(loose, tuesday, OLD)


def test_news_of_papers_days_apart_links_only_when_the_rest_agrees_strongly() -> None:
    """Two papers five days apart, each telling a strike as the day's news (the days up to each
    publication do not meet): nothing dates them alike (news_apart). A report naming neither the
    place nor the unit only scored the link before (a later strike joined an earlier one, and the
    event's days grew from one paper's day to the other's); one agreeing on the place and the unit
    still links (a later paper recalling a recent strike)."""
    later = SATURDAY + timedelta(days=7)
    first = strike("a", source=actor("RUS"), when=news_of(MONDAY), published=MONDAY, place=None, mid="a")
    again = strike("b", source=actor("RUS"), when=news_of(later), published=later, mid="b")
    assert (max(again.when.lo, first.when.lo) - min(again.when.hi, first.when.hi)).days == 2
    old = score(first, again, OLD)
    assert old is not None and old >= OLD.link and not links(first, again)
    recalled = strike("c", when=news_of(later), published=later, mid="c")
    assert links(strike("d", when=news_of(MONDAY), published=MONDAY, mid="d"), recalled)
    # a protest lasts: told as news by papers days apart, it scores as before
    protest = {"source": actor("SRB", sectors=("OPP",)), "target": actor("SRB", sectors=("GOV",))}
    pair = (mention("p", "141", when=news_of(MONDAY), published=MONDAY, **protest),
            mention("q", "141", when=news_of(later), published=later, **protest))
    assert score(*pair, IDENTITY) == score(*pair, OLD)
    # in the store's clustering: the later strike (two papers) stays apart from the earlier report
    other = strike("e", source=actor("RUS"), when=news_of(later), published=later, mid="e")
    assert sorted(sorted(k.id for k in g) for g in cluster([first, again, other], OLD)) == [["a", "b", "e"]]
    assert sorted(sorted(k.id for k in g) for g in cluster([first, again, other], IDENTITY)) == [["a"], ["b", "e"]]


def test_a_daily_series_is_not_chained_into_one_event_by_links_a_night_apart() -> None:
    """Strikes told as Saturday's, Sunday's and Monday's: each pair a night apart links, but Saturday
    and Monday cannot, so no event states days more than a night apart, in any order."""
    series = [strike(f"s{n}", when=on_day(SATURDAY + timedelta(days=n)), mid=f"s{n}") for n in range(3)]
    series.append(strike("n", when=news_of(MONDAY), published=MONDAY, mid="news"))
    groups = cluster(series, IDENTITY)
    for group in groups:
        stated = [k.when.lo for k in group if k.when is not None and k.when.kind == "day"]
        assert not stated or (max(stated) - min(stated)).days <= IDENTITY.precise_gap
    assert cluster(list(reversed(series)), IDENTITY) == groups
    assert sum(len(g) for g in groups) == 4


def test_day_roots_is_optional_and_checked(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parents[2] / "src" / "eventwire" / "data" / "dedup" / "identity.yaml"
    text = shipped.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("day_roots:"))
    older = tmp_path / "older.yaml"
    older.write_text(text.replace(line, ""), encoding="utf-8")
    assert load_identity(older).day_roots == frozenset()
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace(line, "day_roots: [4, 17]"), encoding="utf-8")
    with pytest.raises(DataFileError, match="day_roots"):
        load_identity(broken)
    assert {"04", "17", "19"} <= IDENTITY.day_roots
    weight = next(line for line in text.splitlines() if line.strip().startswith("news_apart:"))
    without = tmp_path / "without.yaml"
    without.write_text(text.replace(weight, ""), encoding="utf-8")
    assert load_identity(without).weights["news_apart"] == 0.0
    assert IDENTITY.weights["news_apart"] < 0


def march(article: str, when: dict | None, published: date, **changes):
    """Farmers marching on the capital, as one outlet codes it: the marchers a bare sector (no country of
    their own), the government their target, the capital or the country as the place."""
    fields = {"source": actor("SRB", "sector", "farmers", ("AGR",)), "target": actor("SRB", sectors=("GOV",)),
              "when": when, "place": {"text": "Belgrade", "name": "Belgrade", "country": "SRB", "feature": "city"},
              "published": published, "mid": article}
    fields.update(changes)
    return mention(article, "141", **fields)


def test_an_undated_mention_published_within_the_days_the_other_tells_counts_as_their_news() -> None:
    """"The farmers who had joined the march on Belgrade" (undated: told as background) in Tuesday's
    paper, and "farmers marched on the capital" as the day's news in Wednesday's paper: the background of
    a report of those days retells their news (undated_news). Published days after the days the other
    tells, it is an older act retold (undated), and within one article it says nothing."""
    serbia = {"text": "Serbia", "name": "Serbia", "country": "SRB", "feature": "country"}
    news = march("n", news_of(WEDNESDAY), WEDNESDAY, place=serbia)
    background = march("b", None, TUESDAY)
    assert links(background, news)
    assert score(background, news, IDENTITY) - score(background, news, replace(
        IDENTITY, weights={**IDENTITY.weights, "undated_news": IDENTITY.weights["undated"]})) == pytest.approx(
        IDENTITY.weights["undated_news"] - IDENTITY.weights["undated"])
    later = march("l", None, WEDNESDAY + timedelta(days=5))  # the same week, outside the days the news tells
    assert score(later, news, IDENTITY) is not None and not links(later, news)
    w = IDENTITY.weights
    one_article, other_article = march("n", None, WEDNESDAY, mid="n2", group="n2"), march("o", None, WEDNESDAY)
    assert score(one_article, news, IDENTITY) == pytest.approx(
        score(other_article, news, IDENTITY) - (w["undated_news"] - w["undated"]) + w["same_article"])


def test_two_undated_plans_are_not_the_weeks_news() -> None:
    """"Agreed to resume talks" and "agreed to hold a summit": undated plans of one pair in two papers of
    one week retell no news (undated_news is for acts told as done); they score as undated."""
    plan, other = march("p", None, TUESDAY, modality="intended"), march("q", None, WEDNESDAY, modality="intended")
    w = IDENTITY.weights
    assert score(plan, other, IDENTITY) == pytest.approx(score(
        plan, other, replace(IDENTITY, weights={**w, "undated_news": w["undated"]})))


def test_undated_news_is_optional(tmp_path: Path) -> None:
    """A file without undated_news scores an undated mention as undated, whatever its publication."""
    shipped = Path(__file__).resolve().parents[2] / "src" / "eventwire" / "data" / "dedup" / "identity.yaml"
    text = shipped.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.strip().startswith("undated_news:"))
    older = tmp_path / "older.yaml"
    older.write_text(text.replace(line, ""), encoding="utf-8")
    identity = load_identity(older)
    assert identity.weights["undated_news"] == identity.weights["undated"] < IDENTITY.weights["undated_news"]


# ---- in the store, with the real coder -------------------------------------------------------------

MEETINGS = [
    Document(id="tue-1", date="2025-06-04", source="Alpine Wire",
             text="French President Emmanuel Macron met German Chancellor Friedrich Merz in Geneva on Tuesday, "
                  "the Elysee said."),
    Document(id="tue-2", date="2025-06-04", source="Border Daily",
             text="French President Emmanuel Macron met German Chancellor Friedrich Merz in Geneva on Tuesday "
                  "for talks on energy."),
    Document(id="wed-1", date="2025-06-05", source="Lake Post",
             text="French President Emmanuel Macron met German Chancellor Friedrich Merz in Geneva on Wednesday "
                  "to discuss energy prices."),
]


def meetings_by_articles(store: Store) -> list[int]:
    return sorted(e.n_articles for e in list_events(store, code="040"))


def test_the_store_keeps_meetings_of_two_stated_days_apart_in_any_order(tmp_path: Path, coder) -> None:
    for name, order in (("forward", MEETINGS), ("reverse", MEETINGS[::-1])):
        with Store(str(tmp_path / f"{name}.db")) as store:
            ingest(store, order, coder)
            assert meetings_by_articles(store) == [1, 2]
            (tuesday,) = [e for e in list_events(store, code="040") if e.n_articles == 2]
            assert tuesday.date_first == tuesday.date_last == date(2025, 6, 3)
    with Store(str(tmp_path / "old.db")) as store:  # the old rule: one meeting of two days
        ingest(store, MEETINGS, coder, identity=OLD)
        assert meetings_by_articles(store) == [3]
