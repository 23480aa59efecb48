"""find_dates: date expressions resolved against the publication date."""

import datetime as dt

import pytest

from eventwire.facets import dates
from eventwire.facets.dates import find_dates, resolve_date

WEDNESDAY = dt.date(2025, 7, 16)
FRIDAY = dt.date(2025, 7, 11)

DATES = [
    ("Russia's foreign minister arrived in Pyongyang on Friday.", WEDNESDAY, "2025-07-11", "day", "Friday"),
    ("The foreign minister arrived in Pyongyang on Friday.", FRIDAY, "2025-07-11", "day", "Friday"),  # that day
    ("The foreign minister arrived in Pyongyang last Friday.", FRIDAY, "2025-07-04", "day", "last Friday"),
    ("The two leaders will meet again on Friday.", WEDNESDAY, "2025-07-18", "day", "Friday"),
    ("The summit is scheduled for this Friday.", WEDNESDAY, "2025-07-18", "day", "this Friday"),
    ("The ministers are set to meet on Friday.", WEDNESDAY, "2025-07-18", "day", "Friday"),
    ("A verdict is expected on Tuesday.", WEDNESDAY, "2025-07-22", "day", "Tuesday"),
    ("A verdict was expected on Tuesday.", WEDNESDAY, "2025-07-15", "day", "Tuesday"),
    ("Talks will resume next Monday in Geneva.", WEDNESDAY, "2025-07-21", "day", "next Monday"),
    ("Strikes hit the port on Wednesday night.", WEDNESDAY, "2025-07-16", "day", "Wednesday night"),
    ("The ministry responded yesterday.", WEDNESDAY, "2025-07-15", "day", "yesterday"),
    ("The hostages were freed three days ago.", WEDNESDAY, "2025-07-13", "day", "three days ago"),
    ("The convoy was attacked on July 11, 2025.", WEDNESDAY, "2025-07-11", "day", "July 11, 2025"),
    ("The border crossing was closed on July 20.", WEDNESDAY, "2024-07-20", "day", "July 20"),
    ("Reuters first reported the raid on 3 June.", WEDNESDAY, "2025-06-03", "day", "3 June"),
    ("Fighting intensified last week near the river.", WEDNESDAY, "2025-07-07", "week", "last week"),
    ("The deal was announced this week.", WEDNESDAY, "2025-07-14", "week", "this week"),
    ("Officials said the attack happened over the weekend.", WEDNESDAY, "2025-07-07", "week", "the weekend"),
    ("The troops left two weeks ago.", WEDNESDAY, "2025-06-30", "week", "two weeks ago"),
    ("Protests erupted last month in the capital.", WEDNESDAY, "2025-06", "month", "last month"),
    ("Elections were held in March.", WEDNESDAY, "2025-03", "month", "March"),
    ("Elections were held in September.", WEDNESDAY, "2024-09", "month", "September"),
    ("The offensive began in mid-July.", WEDNESDAY, "2025-07", "month", "mid-July"),
    ("The drills took place last summer.", WEDNESDAY, "2024-06", "season", "last summer"),
    ("The strike on the dam occurred last winter.", WEDNESDAY, "2024-12", "season", "last winter"),
    ("Both sides will hold talks next summer.", WEDNESDAY, "2026-06", "season", "next summer"),
    ("The ministers met in the spring of 2023.", WEDNESDAY, "2023-03", "season", "the spring of 2023"),
    ("The treaty was signed last year.", WEDNESDAY, "2024", "year", "last year"),
    ("The ceasefire collapsed earlier this year.", WEDNESDAY, "2025", "year", "earlier this year"),
    ("The army retreated late last year.", WEDNESDAY, "2024", "year", "late last year"),
    ("The base was built in 2019.", WEDNESDAY, "2019", "year", "2019"),
    ("The May 2024 elections changed little.", WEDNESDAY, "2024-05", "month", "May 2024"),
    ("The war began on 24 February 2022.", WEDNESDAY, "2022-02-24", "day", "24 February 2022"),
    ("The region has been unstable since the 1990s.", WEDNESDAY, "1990", "decade", "the 1990s"),
]

DURATIONS = [
    "The minister began a three-day trip to Seoul.",
    "The blockade has lasted for two years.",
    "The 45-year-old was detained at the airport.",
    "Prices have doubled over the past two years.",
    "Casualties have mounted in the last week.",
    "Shelling has continued for decades.",
]


@pytest.mark.parametrize(("text", "doc_date", "value", "precision", "phrase"), DATES)
def test_dates_resolves_against_publication_date(parse, text, doc_date, value, precision, phrase):
    sent = parse(text)
    found = [(d.value, d.precision, d.text) for d in find_dates(sent, doc_date)]
    assert found == [(value, precision, phrase)]


@pytest.mark.parametrize("text", DURATIONS)
def test_dates_skips_durations(parse, text):
    assert find_dates(parse(text), WEDNESDAY) == []


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("The leaders met on Friday and again on July 11, 2025.", [("2025-07-11", "day")]),
        ("The base was built in 2019 and expanded last year.", [("2019", "year")]),
        ("Ties have been tense since the 1990s, and worsened last month.", [("1990", "decade")]),
    ],
)
def test_dates_without_publication_date_keeps_only_absolute_dates(parse, text, kept):
    assert [(d.value, d.precision) for d in find_dates(parse(text), None)] == kept


def test_dates_offsets_point_into_the_doc_text(nlp):
    doc = nlp("The talks collapsed. Officials said on Tuesday that the convoy left last summer.")
    sent = list(doc.sents)[-1]  # offsets count from the doc, not the sentence
    found = find_dates(sent, WEDNESDAY)
    assert [sent.doc.text[d.start : d.end] for d in found] == ["Tuesday", "last summer"]


def test_dates_calls_dateparser_once_per_string_and_date(parse, monkeypatch):
    calls = []
    real_parse = dates.dateparser.parse
    monkeypatch.setattr(dates.dateparser, "parse", lambda *a, **k: calls.append(a) or real_parse(*a, **k))
    dates._parse.cache_clear()
    sent = parse("The convoy was attacked on July 11, 2025, near the border.")
    first, second = find_dates(sent, WEDNESDAY), find_dates(sent, WEDNESDAY)
    assert first == second and first[0].value == "2025-07-11"
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("text", "doc_date", "future", "expected"),
    [
        ("friday", dt.date(2025, 7, 13), False, ("2025-07-11", "day")),
        ("this friday", dt.date(2025, 7, 13), False, ("2025-07-18", "day")),
        ("friday", dt.date(2025, 7, 13), True, ("2025-07-18", "day")),
        ("last summer", dt.date(2025, 10, 2), False, ("2025-06", "season")),
        ("this winter", dt.date(2025, 1, 20), False, ("2024-12", "season")),
        ("the summer", dt.date(2025, 7, 13), False, ("2025-06", "season")),
        ("march", dt.date(2025, 3, 20), False, ("2025-03", "month")),
        ("last march", dt.date(2025, 3, 20), False, ("2024-03", "month")),
        ("this past july", dt.date(2023, 8, 30), False, ("2023-07", "month")),
        ("this past sunday", dt.date(2023, 8, 30), False, ("2023-08-27", "day")),
        ("a month ago", dt.date(2025, 1, 15), False, ("2024-12", "month")),
        ("the mid-2010s", None, False, ("2010", "decade")),
        ("the past decade", dt.date(2025, 1, 15), False, None),
    ],
)
def test_dates_resolve_date_rules(text, doc_date, future, expected):
    assert resolve_date(text, doc_date, future=future) == expected


def test_an_event_is_not_dated_by_a_relative_clause_about_another_act(code):
    """The sentence's one date sits in the clause telling the earlier attack: it is not the strike's."""
    events = code("Israel has launched an attack in Iran, in what appears to be retaliation for the air attack "
                  "Tehran launched last weekend.", date="2024-04-19")
    strike = next(e for e in events if e.source and e.source.country == "ISR")
    assert strike.date is None or strike.date.value == "2024-04-19", strike.date


def test_an_act_in_the_past_perfect_is_not_dated_by_another_clause(code):
    events = code("The army chief on Thursday declared his support for troops who said they had overthrown "
                  "the government.", date="2023-07-28")
    coups = [e for e in events if e.cameo == "170"]
    assert coups and all(e.date is None or e.date.value != "2023-07-27" for e in coups), \
        [(e.cameo, e.date) for e in events]


def test_an_act_a_noun_names_as_what_it_was_is_not_todays_news(code):
    text = "“We regard the operation a response to the crime of targeting the consulate in Damascus,” Hezbollah said."
    named = [e for e in code(text, date="2024-04-14") if e.trigger.text == "targeting"]
    assert named and all(e.date is None for e in named)


def test_a_date_on_a_reporting_verb_dates_the_statement_not_the_act_it_names(code):
    # the ministry spoke on Monday (2024-05-20); the attack it names is the news of the article's days
    events = code("Russia's defence ministry said on Monday that the Ukrainian drone attack on Belgorod caused no "
                  "casualties.", date="2024-05-22")
    attacks = [e for e in events if e.trigger.text == "attack"]
    assert attacks and all(e.date is None or e.date.value != "2024-05-20" for e in attacks), \
        [(e.trigger.text, e.date) for e in events]



def test_an_act_told_in_a_report_is_not_dated_by_the_clause_around_the_report(code):
    # the tribute was paid on Tuesday (2024-05-21); the downing the reports tell is not dated by it
    events = code("The governor on Tuesday honoured the crew, confirming earlier reports that two army helicopters "
                  "were shot down by the rebels.", date="2024-05-22")
    downed = [e for e in events if e.trigger.text == "shot"]
    assert downed and all(e.date is None or e.date.value != "2024-05-21" for e in downed), \
        [(e.trigger.text, e.date) for e in events]
    honoured = code("The rebels shot down two army helicopters on Tuesday.", date="2024-05-22")
    assert [e.date.value for e in honoured if e.trigger.text == "shot"] == ["2024-05-21"]


@pytest.mark.parametrize(("text", "expected"), [
    ("This Wednesday, the Congress approved a motion against the president.", "2022-12-07"),
    ("The talks were held this Friday in Lima.", "2022-12-02"),
    ("The summit is being held this Friday in Lima.", "2022-12-09"),
    ("The leaders will meet this Friday in Lima.", "2022-12-09"),
])
def test_this_weekday_told_of_a_past_act_is_the_latest_one(parse, text, expected):
    # the article is of Thursday 2022-12-08
    assert [d.value for d in find_dates(parse(text), dt.date(2022, 12, 8))] == [expected]
