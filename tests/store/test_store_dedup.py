"""The dedup rule on its own (eventwire/dedup.py): pure functions, no database, no model.

Each identity rule of docs/store.md#dedup-rule is pinned by a test on small, real-looking mentions
built as the coder writes them (the Event JSON the store keeps)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from eventwire.dedup import (
    MUST_LINK,
    cluster,
    default_identity,
    explain,
    key_of,
    load_identity,
    reach_of,
    score,
    span_of,
)
from eventwire.errors import DataFileError

SUNDAY = date(2025, 6, 1)
MONDAY = date(2025, 6, 2)
IDENTITY = default_identity()
KHARKIV = {"text": "Kharkiv", "name": "Kharkiv", "country": "UKR", "feature": "city", "lat": 49.99, "lon": 36.23}
ODESA = {"text": "Odesa", "name": "Odesa", "country": "UKR", "feature": "city", "lat": 46.48, "lon": 30.72}
# a district of Kharkiv the gazetteer names as a city of its own, 8 km from the centre
SALTIVKA = {"text": "Saltivka", "name": "Saltivka", "country": "UKR", "feature": "city", "lat": 50.03, "lon": 36.32}
DAMASCUS = {"text": "Damascus", "name": "Damascus", "country": "SYR", "feature": "city", "lat": 33.51, "lon": 36.29}
SAN_FRANCISCO = {"text": "San Francisco", "name": "San Francisco", "country": "USA", "feature": "city",
                 "lat": 37.77, "lon": -122.42}
TUESDAY, WEDNESDAY = date(2025, 6, 3), date(2025, 6, 4)


def actor(code: str, kind: str = "country", name: str | None = None, sectors: tuple[str, ...] = ()) -> dict:
    return {"text": name or code, "code": code + "".join(sectors), "country": code, "sectors": list(sectors),
            "name": name, "kind": kind}


def on_day(day: date, text: str = "Sunday") -> dict:
    return {"value": day.isoformat(), "precision": "day", "text": text}


def news_of(published: date) -> dict:
    """The coder's date of an act told as the day's news: the publication week, with no words of its own."""
    return {"value": published.isoformat(), "precision": "week", "text": ""}


def mention(article: str, cameo: str = "190", source: dict | None = None, target: dict | None = None,
            when: dict | None = None, place: dict | None = None, modality: str = "asserted",
            published: date = MONDAY, mid: str | None = None, group: str | None = None,
            pattern: str | None = None):
    """The key of one coded Event of ``article``."""
    event_id = mid or f"{article}-{cameo}-{random.Random(str((source, target, when))).randrange(10**6)}"
    event = {"event_id": event_id, "cameo": cameo, "source": source, "target": target, "date": when,
             "location": place, "modality": modality, "group": group, "pattern": pattern}
    return key_of(event, event_id, article, published, IDENTITY)


def strike(article: str, cameo: str = "190", **changes):
    """A Russian strike on Kharkiv on Sunday, as one outlet codes it."""
    fields = {"source": actor("RUS", sectors=("MIL",)), "target": actor("UKR"), "when": on_day(SUNDAY),
              "place": KHARKIV}
    fields.update(changes)
    return mention(article, cameo, **fields)


def links(a, b) -> bool:
    s = score(a, b, IDENTITY)
    return s is not None and s >= IDENTITY.link


# ---- item 1: event identity beyond the exact dyad --------------------------------------------------


def test_outlets_that_code_one_strike_with_a_generic_and_a_specific_base_code_agree() -> None:
    assert links(strike("a", "190"), strike("b", "195"))  # conventional force / aerial weapons
    assert score(strike("a", "190"), strike("b", "192"), IDENTITY) is None  # occupying territory is another act
    assert score(strike("a", "190"), strike("b", "180"), IDENTITY) is None  # another root


def test_a_symmetric_root_compares_unordered_parties_an_ordered_root_does_not() -> None:
    meet = {"when": on_day(SUNDAY), "place": KHARKIV}
    usa_chn = mention("a", "040", actor("USA", sectors=("GOV",)), actor("CHN", sectors=("GOV",)), **meet)
    chn_usa = mention("b", "040", actor("CHN", sectors=("GOV",)), actor("USA", sectors=("GOV",)), **meet)
    assert links(usa_chn, chn_usa)
    assert not links(strike("a"), strike("b", source=actor("UKR", sectors=("MIL",)), target=actor("RUS")))


def test_a_code_listed_as_symmetric_below_its_root_compares_unordered_parties(monkeypatch) -> None:
    """root-policies.yaml may list a code below its root ("057": sign a formal agreement): dedup reads
    the policy as the coder does (under_policy), so "USA signed with CHN" is "CHN signed with USA"
    while the rest of root 05 keeps its order."""
    from eventwire.events import codebook

    shipped = codebook._policies_file()
    policies = {**shipped["policies"], "symmetric": frozenset({"057"})}
    monkeypatch.setattr(codebook, "_policies_file", lambda: {**shipped, "policies": policies})
    day = {"when": on_day(SUNDAY), "place": KHARKIV}
    usa, chn = actor("USA", sectors=("GOV",)), actor("CHN", sectors=("GOV",))
    assert links(mention("a", "057", usa, chn, **day), mention("b", "057", chn, usa, **day))
    assert not links(mention("a", "051", usa, chn, **day), mention("b", "051", chn, usa, **day))


def test_parties_score_at_the_level_both_texts_give_country_then_sector_then_person() -> None:
    bare = score(strike("a", source=actor("RUS")), strike("b", source=actor("RUS")), IDENTITY)
    sector = score(strike("a"), strike("b"), IDENTITY)  # RUSMIL and RUSMIL
    putin = actor("RUS", "person", "Vladimir Putin", ("GOV",))
    person = score(strike("a", source=putin), strike("b", source=putin), IDENTITY)
    assert bare < sector < person


def test_a_mention_with_an_unresolved_party_joins_when_everything_else_agrees_strongly() -> None:
    unresolved = strike("b", target=None)
    assert links(strike("a"), unresolved)
    # ... but not on code and one party alone: no day, no place
    assert not links(strike("a", when=None, place=None), strike("b", target=None, when=None, place=None))


def test_a_party_whose_country_the_coder_inferred_counts_as_unresolved() -> None:
    victims = actor("SYR", "sector", "eight people", ("CVL",))  # bare "people": given the country struck
    consulate = actor("IRN", "country", "the Iranian consulate", ("GOV",))
    assert links(strike("a", target=consulate), strike("b", target=victims))
    # two countries the texts state are a penalty (not a veto): the rest must agree all the more
    stated = score(strike("a", target=consulate), strike("b", target=actor("SYR")), IDENTITY)
    assert stated is not None and stated < score(strike("a", target=consulate), strike("b", target=victims), IDENTITY)


def test_a_distinct_named_person_keeps_events_apart() -> None:
    putin = actor("RUS", "person", "Vladimir Putin", ("GOV",))
    prigozhin = actor("RUS", "person", "Yevgeny Prigozhin", ("MIL",))
    assert score(mention("a", "111", putin, actor("UKR"), on_day(SUNDAY)),
                 mention("b", "111", prigozhin, actor("UKR"), on_day(SUNDAY)), IDENTITY) is None


def test_a_distinct_place_keeps_events_apart_a_district_of_the_same_city_does_not() -> None:
    assert score(strike("a"), strike("b", place=ODESA), IDENTITY) is None
    assert links(strike("a"), strike("b", place=SALTIVKA))  # within place_km
    assert links(strike("a"), strike("b", place={"text": "Ukraine", "name": "Ukraine", "country": "UKR",
                                                 "feature": "country"}))
    assert score(strike("a"), strike("b", place={"text": "Belgorod", "name": "Belgorod", "country": "RUS",
                                                 "feature": "city"}), IDENTITY) is None


def test_a_place_taken_from_the_story_counts_by_its_country_only() -> None:
    """A city the coder took from another sentence of the story is a guess at where: another outlet's
    city in that country does not veto the pair, nor does the name count as agreement."""
    guessed_odesa = {**ODESA, "from_story": True}
    assert links(strike("a"), strike("b", place=guessed_odesa))
    assert score(strike("a"), strike("b", place={**ODESA, "from_story": False}), IDENTITY) is None
    parts = explain(strike("a", place={**KHARKIV, "from_story": True}), strike("b"), IDENTITY)["parts"]
    assert parts["place"] == IDENTITY.weights["same_place_country"]


def test_a_distinct_modality_keeps_events_apart() -> None:
    assert score(strike("a"), strike("b", modality="negated"), IDENTITY) is None
    assert score(strike("a"), strike("b", modality="intended"), IDENTITY) is None
    assert links(strike("a", modality="intended"), strike("b", modality="expected"))  # both still to come


def test_domestic_dyads_count_one_role_once() -> None:
    """RUS→RUS and RUS→RUS: the second party adds nothing; a mutiny and an address are not one event
    for sharing the country."""
    rebels = actor("RUS", "group", "Wagner", ("REB",))
    a = mention("a", "190", rebels, actor("RUS"), news_of(MONDAY))
    b = mention("b", "190", rebels, actor("RUS"), news_of(MONDAY))
    c = mention("c", "190", rebels, actor("UKR"), news_of(MONDAY))
    d = mention("d", "190", rebels, actor("UKR"), news_of(MONDAY))
    assert score(a, b, IDENTITY) < score(c, d, IDENTITY)


# ---- item 2: time as the texts give it -------------------------------------------------------------


def test_spans_day_news_of_the_week_and_history() -> None:
    assert span_of(on_day(SUNDAY), IDENTITY).kind == "day"
    news = span_of(news_of(MONDAY), IDENTITY)
    assert (news.lo, news.hi, news.kind) == (MONDAY - timedelta(days=IDENTITY.news_days), MONDAY, "news")
    year = span_of({"value": "2022", "precision": "year", "text": "in 2022"}, IDENTITY)
    assert (year.lo, year.hi, year.kind) == (date(2022, 1, 1), date(2022, 12, 31), "coarse")
    month = span_of({"value": "2024-02", "precision": "month", "text": "in February"}, IDENTITY)
    assert (month.lo, month.hi) == (date(2024, 2, 1), date(2024, 2, 29))


def test_background_and_history_keep_their_own_date_not_the_publication_day() -> None:
    background = strike("a", when=None, published=date(2025, 6, 20))  # "had struck": dated nowhere
    history = strike("b", when={"value": "2022", "precision": "year", "text": "in 2022"})
    news = strike("c", when=news_of(MONDAY))
    assert background.day is None and history.day is None  # not the publication day
    assert news.day == MONDAY and strike("d").day == SUNDAY


def test_an_undated_mention_cannot_join_a_dated_event_from_another_week() -> None:
    dated = strike("a")
    assert score(dated, strike("b", when=None, published=SUNDAY + timedelta(days=3)), IDENTITY) is not None
    assert score(dated, strike("b", when=None, published=SUNDAY + timedelta(days=12)), IDENTITY) is None
    assert score(dated, strike("b", when=None, published=SUNDAY - timedelta(days=2)), IDENTITY) is None  # before it
    # a year in the past is history: never this week's strike
    assert score(dated, strike("b", when={"value": "2022", "precision": "year", "text": "in 2022"}),
                 IDENTITY) is None


def test_the_window_compares_event_dates() -> None:
    assert links(strike("a"), strike("b", when=on_day(MONDAY)))  # a night strike told as Sunday or Monday
    assert score(strike("a"), strike("b", when=on_day(SUNDAY + timedelta(days=2))), IDENTITY) is None
    # ... named generically by one outlet and by its means by the other: still one strike
    assert links(strike("a", "190"), strike("b", "195", when=on_day(MONDAY)))
    # other base codes: only the same day (an arrival and the next day's talks are two events; a visit
    # made and a visit hosted are one family, but a visit is dated by its calendar day)
    leaders = {"source": actor("CHN", "person", "Xi Jinping", ("GOV",)), "target": actor("USA", sectors=("GOV",)),
               "place": SAN_FRANCISCO}
    arrives = mention("a", "042", when=on_day(TUESDAY, "on Tuesday"), **leaders)
    assert score(arrives, mention("b", "040", when=on_day(WEDNESDAY, "on Wednesday"), **leaders), IDENTITY) is None
    assert score(arrives, mention("b", "043", when=on_day(WEDNESDAY, "on Wednesday"), **leaders), IDENTITY) is None
    assert links(arrives, mention("b", "043", when=on_day(TUESDAY, "on Tuesday"), **leaders))
    # published two weeks later, dated to that Sunday by its text: still the same strike
    assert links(strike("a"), strike("b", published=SUNDAY + timedelta(days=14)))


def test_one_meeting_told_as_met_hosted_or_talks_is_one_event_an_arrival_stays_apart() -> None:
    """"Biden met Xi" (040), "Biden hosted Xi" (043), "hosting talks with Xi" (045) and "the talks"
    (046), all on Wednesday, are one meeting; 043 is in two families (the visit hosted, the meeting
    hosted), so the arrival of Tuesday (042) still joins "hosted Xi on Tuesday", but never the
    meeting (040), not even on its own day, and the hosting of Wednesday not the arrival of Tuesday."""
    biden = actor("USA", "person", "Joe Biden", ("GOV",))
    xi = actor("CHN", "person", "Xi Jinping", ("GOV",))
    wednesday = {"source": biden, "target": xi, "when": on_day(WEDNESDAY, "on Wednesday"), "place": SAN_FRANCISCO}
    met, hosted = mention("a", "040", mid="met", **wednesday), mention("b", "043", mid="hosted", **wednesday)
    hosting_talks, talks = mention("c", "045", mid="host", **wednesday), mention("d", "046", mid="talks", **wednesday)
    assert IDENTITY.base_family["043"] >= IDENTITY.base_family["042"] | IDENTITY.base_family["040"]
    assert all(links(x, y) for x in (met, hosted, hosting_talks, talks) for y in (met, hosted, hosting_talks, talks)
               if x is not y)
    arrives = mention("e", "042", xi, biden, on_day(TUESDAY, "on Tuesday"), SAN_FRANCISCO, mid="arrives")
    assert links(arrives, mention("f", "043", biden, xi, on_day(TUESDAY, "on Tuesday"), SAN_FRANCISCO))
    assert score(arrives, mention("f", "040", biden, xi, on_day(TUESDAY, "on Tuesday"), SAN_FRANCISCO),
                 IDENTITY) is None
    assert score(arrives, hosted, IDENTITY) is None and score(arrives, met, IDENTITY) is None
    groups = sorted(sorted(k.id for k in g) for g in cluster([arrives, met, hosted, hosting_talks, talks], IDENTITY))
    assert groups == [["arrives"], ["host", "hosted", "met", "talks"]]
    # a summit in a third country: "met in Bali" (040) and "met at a third location" (044), either way round
    bali = {"text": "Bali", "name": "Bali", "country": "IDN", "feature": "region"}
    in_bali = {"when": on_day(WEDNESDAY, "on Wednesday"), "place": bali}
    assert links(mention("a", "040", biden, xi, **in_bali), mention("b", "044", xi, biden, **in_bali))
    assert score(mention("a", "041", biden, xi, **in_bali), mention("b", "040", xi, biden, **in_bali),
                 IDENTITY) is None  # a telephone call is no meeting


def test_one_meeting_told_either_way_round_over_two_days_and_at_a_venue_outside_the_city_is_one_event() -> None:
    """Five outlets on one summit: "the two leaders met" (news of Wednesday, San Francisco), "Xi met
    with Biden on Wednesday", "their meeting in Woodside, California" (news of Thursday), "Biden
    hosted Xi on Wednesday" (the United States), "hosting talks" (Woodside). Either way round (04 is
    symmetric), news of two days, three codes of one meeting, a venue 40 km from the city: one event.
    The same venue placed at a homonym 4,000 km away (Woodside, Queens) is another place, a veto
    that keeps the reports that name it apart, whatever the rest agrees."""
    biden, xi = actor("USA", "person", "Joe Biden", ("GOV",)), actor("CHN", "person", "Xi Jinping", ("GOV",))
    usa, chn = actor("USA", sectors=("GOV",)), actor("CHN", sectors=("GOV",))
    thursday = WEDNESDAY + timedelta(days=1)
    woodside = {"text": "Woodside", "name": "Woodside", "country": "USA", "feature": "city",
                "lat": 37.43, "lon": -122.25}
    queens = {**woodside, "lat": 40.75, "lon": -73.91}
    united_states = {"text": "the United States", "name": "United States", "country": "USA", "feature": "country"}

    def summit(venue: dict) -> list:
        return [
            mention("a", "040", usa, chn, news_of(WEDNESDAY), SAN_FRANCISCO, published=WEDNESDAY, mid="met"),
            mention("b", "040", xi, biden, on_day(WEDNESDAY, "Wednesday"), SAN_FRANCISCO, published=thursday,
                    mid="xi met"),
            mention("c", "040", biden, xi, news_of(thursday), venue, published=thursday, mid="meeting", group="c"),
            mention("c", "043", usa, xi, on_day(WEDNESDAY, "Wednesday"), united_states, published=thursday,
                    mid="hosted", group="c2"),
            mention("d", "045", usa, chn, on_day(WEDNESDAY, "Wednesday"), venue, published=WEDNESDAY, mid="hosting"),
        ]

    assert [sorted(k.id for k in g) for g in cluster(summit(woodside), IDENTITY)] == [
        ["hosted", "hosting", "meeting", "met", "xi met"]]
    split = sorted(sorted(k.id for k in g) for g in cluster(summit(queens), IDENTITY))
    assert split == [["hosted", "met", "xi met"], ["hosting", "meeting"]]


def test_a_code_in_two_families_is_one_act_with_the_codes_of_either(tmp_path: Path) -> None:
    """base_families may list a code twice: it is one act with the codes of each family, and two
    codes that share no family stay two acts."""
    shipped = Path(__file__).resolve().parents[2] / "src" / "eventwire" / "data" / "dedup" / "identity.yaml"
    text = shipped.read_text(encoding="utf-8")
    start = text.index("base_families:")
    end = text.index("\n# Acts of violence", start)  # the comment that follows the families
    own = tmp_path / "families.yaml"
    own.write_text(text[:start] + 'base_families:\n  - ["110", "111"]\n  - ["111", "112"]\n' + text[end:],
                   encoding="utf-8")
    identity = load_identity(own)
    putin = actor("RUS", "person", "Vladimir Putin", ("GOV",))
    said = {"source": putin, "target": actor("UKR"), "when": on_day(SUNDAY)}
    scores = {code: score(mention("a", "111", **said), mention("b", code, **said), identity) for code in ("110", "112")}
    assert all(s is not None for s in scores.values())
    assert score(mention("a", "110", **said), mention("b", "112", **said), identity) is None


def test_two_particular_acts_of_one_side_on_one_day_are_two_events() -> None:
    """A helicopter shot down and a city captured by the same side on the same day, both coded 190:
    the acts their patterns name (identity.yaml ``acts``) keep them apart, whatever else agrees."""
    rostov = {"text": "Rostov-on-Don", "name": "Rostov-on-Don", "country": "RUS", "feature": "city",
              "lat": 47.23, "lon": 39.72}
    side = {"source": actor("RUS", "group", "Wagner Group", ("MIL",)), "target": actor("RUS"),
            "when": on_day(SUNDAY), "place": rostov}
    downed = mention("a", "190", pattern="shoot-down-190", **side)
    captured = mention("b", "190", pattern="capture-place-190", **side)
    assert score(downed, captured, IDENTITY) is None
    assert "code" in explain(downed, captured, IDENTITY)["veto"]
    # one downing told by two outlets still links; a mention whose pattern names no act compares by code
    assert links(downed, mention("c", "190", pattern="shoot-down-190", **side))
    assert links(downed, mention("d", "190", pattern="attack-190", **side))


def test_one_capture_told_as_force_or_as_occupation_is_one_act() -> None:
    """'captured the city' (190) and 'took control of the city' (192): one act, two codes of one root
    that no family holds together; another pair of those codes stays two events."""
    side = {"source": actor("RUS", "group", "Wagner Group", ("MIL",)), "target": actor("RUS"),
            "when": on_day(SUNDAY), "place": KHARKIV}
    captured = mention("a", "190", pattern="capture-place-190", **side)
    assert links(captured, mention("b", "192", pattern="seize-control-192", **side))
    assert score(mention("c", "190", pattern="attack-190", **side),
                 mention("d", "192", pattern="seize-control-192", **side), IDENTITY) is None


def test_a_challenge_called_off_told_as_dissent_ended_or_forces_pulled_back_is_one_act() -> None:
    side = {"source": actor("RUS", "group", "Wagner Group", ("MIL",)), "target": actor("RUS"),
            "when": on_day(SUNDAY), "place": KHARKIV}
    assert links(mention("a", "082", **side), mention("b", "087", **side))
    assert score(mention("a", "082", **side), mention("b", "083", **side), IDENTITY) is None


def test_one_uprising_told_as_a_revolt_or_as_a_march_on_the_capital_is_one_event() -> None:
    """'the armed revolt launched by Prigozhin' (140) and 'they continued to march on Moscow' (141),
    each outlet's news of its day: codes of one family agree on nothing by themselves, but two patterns
    naming one particular act (``acts``: uprising) do (``same_act``)."""
    fighters = {"source": actor("RUS", sectors=("MIL",)), "target": actor("RUS"), "place": {
        "text": "Russia", "name": "Russia", "country": "RUS", "feature": "country"}}
    revolt = mention("a", "140", pattern="revolt-n-140", when=news_of(MONDAY), **fighters)
    march = mention("b", "141", pattern="march-on-141", when=news_of(MONDAY + timedelta(days=2)),
                    published=MONDAY + timedelta(days=2), **fighters)
    assert links(revolt, march)
    assert explain(revolt, march, IDENTITY)["parts"]["code"] == IDENTITY.weights["same_act"]
    # the same pair, one pattern naming no act ("unrest"): dissent and a march agree too little
    unrest = mention("c", "140", pattern="dissent-n-140", when=news_of(MONDAY), **fighters)
    assert score(unrest, march, IDENTITY) is not None and not links(unrest, march)


def test_a_coup_in_a_month_a_later_article_names_is_the_coup_dated_in_that_month() -> None:
    """'The most recent seizure of power … took place in Niger this past July', in an article of 30
    August: a month named as recent joins the coup dated 26 July; a year, an older month or another
    month stays history."""
    coup = {"source": actor("NER", sectors=("MIL",)), "target": actor("NER", sectors=("GOV",)),
            "place": {"text": "Niger", "name": "Niger", "country": "NER", "feature": "country"}}
    dated = mention("a", "170", pattern="coup-n-170", when=on_day(date(2023, 7, 26), "on Wednesday"),
                    published=date(2023, 7, 27), **coup)
    undated = mention("u", "170", pattern="coup-n-170", when=None, published=date(2023, 7, 28), **coup)

    def told_on(published: date, value: str = "2023-07", precision: str = "month"):
        return mention("b", "170", pattern="seizure-of-power-n-170", published=published,
                       when={"value": value, "precision": precision, "text": "this past July"}, **coup)

    august = told_on(date(2023, 8, 30))
    assert links(dated, august) and score(undated, august, IDENTITY) is not None
    assert score(dated, told_on(date(2023, 11, 30)), IDENTITY) is None  # months on: history
    assert score(dated, told_on(date(2023, 8, 30), "2023-06"), IDENTITY) is None  # another month
    assert score(dated, told_on(date(2023, 8, 30), "2023", "year"), IDENTITY) is None  # a year
    # the index lookup finds either from the other, whichever article is stored first
    for a, b in ((dated, august), (august, dated), (undated, august), (august, undated)):
        reach = reach_of(a, IDENTITY)
        if b.day is not None:
            assert reach.days[0] <= b.day <= reach.days[1]
        else:
            assert reach.seen[0] <= b.seen <= reach.seen[1]


def test_named_month_days_is_optional_and_checked(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parents[2] / "src" / "eventwire" / "data" / "dedup" / "identity.yaml"
    text = shipped.read_text(encoding="utf-8")
    without = tmp_path / "without.yaml"
    without.write_text(text.replace("  named_month_days: 45", "  # named_month_days: 45"), encoding="utf-8")
    assert load_identity(without).named_month_days == 0
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("  named_month_days: 45", "  named_month_days: soon"), encoding="utf-8")
    with pytest.raises(DataFileError, match="named_month_days"):
        load_identity(broken)


def test_every_pattern_an_act_lists_is_a_shipped_pattern() -> None:
    """A misspelt id in ``acts`` would silently name no act."""
    from eventwire.events.lexicon import Lexicon

    shipped = set(Lexicon.load().patterns)
    assert set(IDENTITY.act_of_pattern) - shipped == set()


def test_acts_must_name_lists_of_pattern_ids(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parents[2] / "src" / "eventwire" / "data" / "dedup" / "identity.yaml"
    text = shipped.read_text(encoding="utf-8")
    own = tmp_path / "acts.yaml"
    own.write_text(text.replace("acts:\n  downing: [", "acts:\n  downing: 7\n  other: [", 1), encoding="utf-8")
    with pytest.raises(DataFileError, match="acts must map"):
        load_identity(own)


def test_one_speech_retold_as_denounced_and_as_accused_is_one_statement() -> None:
    """Two outlets retell Macron's televised address with their own verb: "Macron denounced the
    junta" (111) and "Macron accused the junta of betraying the country" (112), both the day's news.
    A statement's code is the verb each outlet picked: siblings of one family (speech_roots) score
    speech_family, and with the named speaker and the day they link."""
    macron = actor("FRA", "person", "Emmanuel Macron", ("GOV",))
    said = {"source": macron, "target": actor("NER", sectors=("MIL",)), "when": news_of(MONDAY)}
    denounced, accused = mention("a", "111", **said), mention("b", "112", **said)
    assert links(denounced, accused)
    # less than one code: the verbs may still tell two statements
    assert score(denounced, accused, IDENTITY) < score(denounced, mention("b", "111", **said), IDENTITY)
    # a lawsuit (115) is no accusation, whatever the parties and the day
    assert score(denounced, mention("b", "115", **said), IDENTITY) is None


def test_two_criticisms_of_one_country_by_another_need_more_than_a_sibling_code() -> None:
    """"France criticized Russia" and "France accused Russia of lying", both the day's news with no
    speaker or place: country-level parties and a sibling code are weak evidence, two statements."""
    loose = {"source": actor("FRA"), "target": actor("RUS"), "when": news_of(MONDAY)}
    assert not links(mention("a", "111", **loose), mention("b", "112", **loose))
    # told on the same stated day in the same city, they are one
    paris = {"text": "Paris", "name": "Paris", "country": "FRA", "feature": "city", "lat": 48.86, "lon": 2.35}
    dated = {**loose, "when": on_day(MONDAY, "on Monday"), "place": paris}
    assert links(mention("a", "111", **dated), mention("b", "112", **dated))


def test_one_threat_told_as_a_warning_or_by_what_it_threatens_is_one_act() -> None:
    """"The bloc warned the junta" (130), "threatened the use of force" (138), "gave the junta a week"
    (139): one warning, each outlet naming part of it. A threat of political dissent (133) is another."""
    bloc = {"text": "ECOWAS", "code": "WAF", "country": None, "sectors": [], "name": None, "kind": "igo"}
    said = {"source": bloc, "target": actor("NER", sectors=("MIL",)), "when": on_day(SUNDAY),
            "place": {"text": "Abuja", "name": "Abuja", "country": "NGA", "feature": "city", "lat": 9.06,
                      "lon": 7.49}}
    warned = mention("a", "130", **said)
    assert links(warned, mention("b", "138", **said)) and links(warned, mention("c", "139", **said))
    assert score(warned, mention("d", "133", **said), IDENTITY) is None


def test_speech_roots_is_optional_and_checked(tmp_path: Path) -> None:
    """A file without speech_roots scores a statement's family as same_family (0: no link on the
    code alone); a malformed one names its problem."""
    shipped = Path(__file__).resolve().parents[2] / "src" / "eventwire" / "data" / "dedup" / "identity.yaml"
    text = shipped.read_text(encoding="utf-8")
    start = text.index("speech_roots:")
    without = tmp_path / "without.yaml"
    without.write_text(text[:start] + text[text.index("\n", start) + 1:], encoding="utf-8")
    old = load_identity(without)
    said = {"source": actor("RUS", "person", "Vladimir Putin", ("GOV",)), "target": actor("RUS"),
            "when": news_of(MONDAY)}
    a, b = mention("a", "111", **said), mention("b", "112", **said)
    assert not old.speech_roots and score(a, b, old) < score(a, b, IDENTITY) and links(a, b)
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace('speech_roots: ["01"', 'speech_roots: ["1"'), encoding="utf-8")
    with pytest.raises(DataFileError, match="speech_roots"):
        load_identity(broken)


def test_the_score_of_two_mentions_does_not_depend_on_which_comes_first() -> None:
    """The store scores a new mention against the stored ones (new first) and the clustering in
    canonical order: a score that changed with the order would make the grouping depend on the
    input order. Every pair of a pool of look-alikes, both ways round."""
    lukashenko = actor("BLR", "person", "Alexander Lukashenko", ("GOV",))
    prigozhin = actor("RUS", "person", "Yevgeny Prigozhin", ("MIL",))
    belarus = {"text": "Belarus", "name": "Belarus", "country": "BLR", "feature": "country"}
    pool = [
        mention("a", "045", lukashenko, actor("BLR"), news_of(MONDAY)),
        mention("b", "045", prigozhin, lukashenko, news_of(MONDAY), belarus),
        mention("c", "045", lukashenko, prigozhin, on_day(SUNDAY), belarus),
        mention("d", "190", actor("ISR"), actor("IRN", sectors=("GOV",)), on_day(SUNDAY), DAMASCUS),
        mention("e", "195", actor("ISR"), actor("SYR"), on_day(MONDAY), DAMASCUS),
        mention("f", "190", actor("ISR"), actor("SYR"), news_of(MONDAY)),
        mention("g", "195", actor("ISR"), actor("LBN"), None, None),
        strike("h"), strike("i", "195", target=None, when=news_of(MONDAY)), strike("j", place=SALTIVKA),
        mention("k", "042", actor("CHN", "person", "Xi Jinping", ("GOV",)), actor("USA"), on_day(TUESDAY)),
        mention("l", "043", actor("USA"), actor("CHN", "person", "Xi Jinping", ("GOV",)), on_day(TUESDAY)),
    ]
    for a in pool:
        for b in pool:
            assert score(a, b, IDENTITY) == score(b, a, IDENTITY), (a.id, b.id)


# ---- clustering: one function of the set of mentions -----------------------------------------------


def reports() -> list:
    """Three outlets on one strike (one with two mentions the coder grouped), a strike on Odesa the
    same day, the same kind of strike on Kharkiv a week later, and an outlet's denial."""
    return [
        strike("a", mid="a1"), strike("b", "195", mid="b1"), strike("c", target=None, mid="c1", group="c1"),
        strike("c", "195", target=None, mid="c2", group="c1"),
        strike("d", place=ODESA, mid="d1"),
        strike("e", when=on_day(SUNDAY + timedelta(days=7)), published=SUNDAY + timedelta(days=8), mid="e1"),
        strike("f", modality="negated", mid="f1"),
    ]


def test_cluster_groups_reports_of_one_event_and_keeps_look_alikes_apart() -> None:
    groups = [[k.id for k in g] for g in cluster(reports(), IDENTITY)]
    assert sorted(groups) == [["a1", "b1", "c1", "c2"], ["d1"], ["e1"], ["f1"]]


def test_cluster_does_not_depend_on_the_order_of_the_mentions() -> None:
    expected = cluster(reports(), IDENTITY)
    for seed in range(5):
        shuffled = reports()
        random.Random(seed).shuffle(shuffled)
        assert cluster(shuffled, IDENTITY) == expected


def test_a_vetoed_pair_never_ends_in_one_event_through_a_third_mention() -> None:
    """b links to a and c links to b, but a and c name two persons: c stays out of a's event."""
    zelensky, putin = actor("UKR", "person", "Volodymyr Zelensky", ("GOV",)), actor("RUS", "person",
                                                                                   "Vladimir Putin", ("GOV",))
    a = mention("a", "111", zelensky, actor("USA", sectors=("GOV",)), on_day(SUNDAY), KHARKIV)
    b = mention("b", "111", None, actor("USA", sectors=("GOV",)), on_day(SUNDAY), KHARKIV)
    c = mention("c", "111", putin, actor("USA", sectors=("GOV",)), on_day(SUNDAY), KHARKIV)
    assert links(a, b) and links(b, c) and score(a, c, IDENTITY) is None
    assert not any({a, c} <= set(group) for group in cluster([a, b, c], IDENTITY))


def test_a_daily_series_of_strikes_is_not_chained_into_one_event() -> None:
    series = [strike(f"day{n}", when=on_day(SUNDAY + timedelta(days=n)), mid=f"s{n}") for n in range(6)]
    for group in cluster(series, IDENTITY):
        days = [k.day for k in group]
        assert (max(days) - min(days)).days <= IDENTITY.window


def test_mentions_of_one_article_join_as_the_coder_grouped_them() -> None:
    first, again = strike("a", mid="a1", group="a1"), strike("a", "195", mid="a2", group="a1")
    assert score(first, again, IDENTITY) == MUST_LINK
    # another group of the same article (the coder groups by exact type and dyad): a veto unless the
    # rest agrees well (article_floor): a strike on Odesa is vetoed by its place, and a raid on
    # Kharkiv told as background, with no target, no day and no place, scores too little
    assert score(first, strike("a", place=ODESA, mid="a3", group="a3"), IDENTITY) is None
    background = strike("a", target=None, when=None, place=None, mid="a4", group="a4")
    assert score(first, background, IDENTITY) is None


def test_one_strike_an_article_codes_with_two_targets_is_one_event() -> None:
    """"Israeli warplanes struck the Iranian consulate in Damascus", then "the strikes killed eight
    people in Damascus" given to Syria: the coder keeps two groups (two dyads), but the rest agrees:
    one event, and an outlet that tells it either way joins it."""
    israel = actor("ISR", sectors=("MIL",))
    consulate = actor("IRN", "country", "the Iranian consulate", ("GOV",))
    struck = {"source": israel, "when": on_day(SUNDAY), "place": DAMASCUS}
    on_iran = mention("a", "195", target=consulate, mid="a1", group="a1", **struck)
    on_syria = mention("a", "190", target=actor("SYR"), mid="a2", group="a2", **struck)
    other_outlet = mention("b", "190", target=actor("SYR"), mid="b1", **struck)
    assert score(on_iran, on_syria, IDENTITY) is not None
    groups = [sorted(k.id for k in g) for g in cluster([on_iran, on_syria, other_outlet], IDENTITY)]
    assert groups == [["a1", "a2", "b1"]]


def test_two_groups_of_one_article_are_judged_by_their_best_pair() -> None:
    """"Israeli jets struck the Iranian consulate in Damascus on Sunday ... the missiles flattened the
    annex" (ISR→IRN, one coder group: the second sentence has no day or place of its own) and "the
    strike killed seven people in Damascus on Sunday" (ISR→SYR, another group). The bare sentence
    agrees too little with the ISR→SYR one on its own, but its group agrees well: one event, not a
    veto that splits the article's strike (and its death toll) from the other outlets' reports."""
    israel = actor("ISR", sectors=("MIL",))
    consulate = actor("IRN", "country", "the Iranian consulate", ("GOV",))
    struck = mention("a", "195", israel, consulate, on_day(SUNDAY), DAMASCUS, mid="a1", group="a1")
    annex = mention("a", "195", israel, consulate, news_of(MONDAY), None, mid="a2", group="a1")
    toll = mention("a", "190", israel, actor("SYR"), on_day(SUNDAY), DAMASCUS, mid="a3", group="a3")
    other = mention("b", "190", israel, actor("SYR"), on_day(SUNDAY), DAMASCUS, mid="b1")
    assert score(annex, toll, IDENTITY) is None and score(struck, toll, IDENTITY) is not None
    groups = [sorted(k.id for k in g) for g in cluster([struck, annex, toll, other], IDENTITY)]
    assert groups == [["a1", "a2", "a3", "b1"]]


def test_a_group_that_agrees_too_little_or_is_vetoed_stays_apart_from_its_articles_other_group() -> None:
    """The best pair decides only when it meets the floor: a raid told as background (no target, no
    day, no place) stays apart, and a strike on another city is vetoed by its place whatever its group."""
    first = strike("a", mid="a1", group="a1")
    background = strike("a", target=None, when=None, place=None, mid="a2", group="a2")
    assert [sorted(k.id for k in g) for g in cluster([first, background], IDENTITY)] == [["a1"], ["a2"]]
    kharkiv_news = strike("a", when=news_of(MONDAY), place=None, mid="a3", group="a1")
    odesa = strike("a", "195", place=ODESA, mid="a4", group="a4")
    groups = [sorted(k.id for k in g) for g in cluster([first, kharkiv_news, odesa], IDENTITY)]
    assert groups == [["a1", "a3"], ["a4"]]


def test_a_target_told_as_the_country_where_the_act_took_place_is_no_conflict() -> None:
    """Outlets tell a strike on a foreign mission or foreign troops as one on their owner or on the
    country where it stood (host_conflict); two other countries still conflict (party_conflict)."""
    israel = actor("ISR", sectors=("MIL",))
    struck = {"source": israel, "when": on_day(SUNDAY), "place": DAMASCUS}
    consulate = mention("a", "190", target=actor("IRN", "country", "the Iranian consulate", ("GOV",)), **struck)
    assert links(consulate, mention("b", "190", target=actor("SYR"), **struck))
    host = score(consulate, mention("b", "190", target=actor("SYR"), **struck), IDENTITY)
    other = score(consulate, mention("b", "190", target=actor("LBN"), **struck), IDENTITY)
    assert other is not None and other < IDENTITY.link <= host


def test_reach_covers_every_event_a_mention_may_join() -> None:
    """The index lookup (reach_of) is a necessary condition of a link: whatever a mention may link
    to is stored on a day (or first seen on a day) inside its reach."""
    mentions = [strike("a", when=w, published=p) for w, p in (
        (on_day(SUNDAY), MONDAY), (news_of(MONDAY + timedelta(days=2)), MONDAY + timedelta(days=2)),
        (None, MONDAY + timedelta(days=5)), (on_day(MONDAY), MONDAY + timedelta(days=9)))]
    for a in mentions:
        reach = reach_of(a, IDENTITY)
        for b in mentions:
            if b is a or score(a, b.__class__(**{**b.__dict__, "article": "other"}), IDENTITY) is None:
                continue
            if b.day is not None:
                assert reach.days[0] <= b.day <= reach.days[1]
            else:
                assert reach.seen[0] <= b.seen <= reach.seen[1]


# ---- the weights are data -------------------------------------------------------------------------


def test_the_weights_are_read_from_a_data_file_a_user_can_replace(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parents[2] / "src" / "eventwire" / "data" / "dedup" / "identity.yaml"
    strict = tmp_path / "strict.yaml"
    strict.write_text(shipped.read_text(encoding="utf-8").replace("link: 4.0", "link: 40.0"), encoding="utf-8")
    assert load_identity(strict).link == 40.0 and load_identity().link == IDENTITY.link
    assert IDENTITY.base_family["190"] == IDENTITY.base_family["195"]


def test_a_broken_weights_file_names_its_problems(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: eventwire.dedup.v1\nlink: high\nweights: {same_code: 1}\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_identity(broken)
    assert "link is missing or not a number" in str(err.value) and "weights.same_base" in str(err.value)


def test_a_settled_event_stays_whole_and_two_never_merge() -> None:
    """An event too large to regroup (``settled``) comes as a sample of its mentions: the sample
    stays one group, may take new mentions, and two settled events are never merged."""
    old = [strike(f"s{n}", mid=f"old{n}") for n in range(3)]
    other = [strike(f"t{n}", "195", mid=f"other{n}") for n in range(2)]
    new = strike("new", mid="new")
    labels = {**{k: "E1" for k in old}, **{k: "E2" for k in other}}
    groups = [sorted(k.id for k in g) for g in cluster([*old, *other, new], IDENTITY, labels)]
    assert sorted(groups) == [["new", "old0", "old1", "old2"], ["other0", "other1"]]


def test_identical_words_from_two_outlets_are_one_story() -> None:
    """Wire copy: the same evidence, word for word, adds `same_words`: "Russian forces shelled the
    town", told as the day's news with no target or place, links only so."""
    loose = {"source": actor("RUS", sectors=("MIL",)), "target": None, "when": news_of(MONDAY), "place": None}
    a, b = mention("a", "190", **loose), mention("b", "190", **loose)
    copied = [k.__class__(**{**k.__dict__, "words": "russian forces shelled the town"}) for k in (a, b)]
    assert not links(a, b) and links(*copied)
