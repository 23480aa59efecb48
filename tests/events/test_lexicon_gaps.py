"""Lexicon gaps closed: general constructions that proposed no candidate of the right type, each with
the other sense of its words that must stay uncoded."""

from __future__ import annotations

import pytest

from tests.conftest import coded, dyads


def patterns(events) -> set[str]:
    return {e.pattern.split("+")[0] for e in events}


@pytest.mark.parametrize(
    ("text", "expected", "pattern"),
    [
        # the place that comes under fire is the target (the parser makes the first weapon the object of "under")
        ("Syrian villages came under heavy artillery and mortar fire on Wednesday.", (
            "194", None, "SYR"), "come-under-shelling-194"),
        # a clash whose first party is the protesters is a riot
        ("Two people were killed in clashes between Kenyan protesters and police in Nairobi.",
         ("145", "KEN", "KEN"), "protest-clash-n-145"),
        ("Polish farmers set up road blockades near the Ukrainian border.", ("144", "POL", None),
         "road-blockade-n-144"),
        # a junta suspending the constitution
        ("The junta in Niger suspended the constitution on Thursday.", ("172", "NER", None),
         "suspend-constitution-172"),
        ("Guinea's military rulers announced the suspension of the constitution.", ("172", "GIN", None),
         "suspension-n-172"),
        # arson: "set on fire", "set alight", "was set ablaze"
        ("Rioters in Dakar set a police station on fire.", ("1712", "SEN", "SEN"), "set-on-fire-1712"),
        ("Protesters in Lagos set alight a police station.", ("1712", "NGA", "NGA"), "set-alight-1712"),
        ("A Nigerian police station was set alight by protesters.", ("1712", "NGA", "NGA"), "set-ablaze-1712"),
        ("Attackers in Lagos set a Nigerian journalist on fire.", ("182", "NGA", "NGA"),
         "set-person-on-fire-182"),
        ("A Tibetan monk in China set himself on fire.", ("140", "CHN", None), "self-immolate-fire-140"),
        # labour action
        ("Teachers in Kenya went on strike on Monday.", ("143", "KEN", None), "go-on-strike-143"),
        # the noun of "call on X to"
        ("Egypt's call on Israel to halt the offensive went unanswered.", ("020", "EGY", "ISR"), "call-on-n-020"),
        # punitive steps of unnamed kind
        ("China imposed retaliatory measures on Japan over the export curbs.", ("160", "CHN", "JPN"),
         "punitive-measures-n-160"),
        # riot police tackling demonstrators
        ("Kenyan riot police tackled demonstrators outside parliament.", ("182", "KEN", "KEN"), "beat-182"),
    ],
)
def test_gap_is_coded(code, text, expected, pattern):
    events = code(text)
    assert pattern in patterns(events), [(e.cameo, e.pattern) for e in events]
    cameo, source, target = expected
    found = {(c, s, t) for c, s, t in coded(events) if c == cameo}
    # None: any party on that side (the engine may place an unnamed one)
    assert any((source is None or s == source) and (target is None or t == target) for _, s, t in found), \
        coded(events)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # criticism, not shooting
        ("The finance minister came under fire from opposition lawmakers over the budget.", "ASSAULT"),
        ("Boeing came under scrutiny from US regulators.", "ASSAULT"),
        # a football rivalry is no riot
        ("Clashes between the two Scottish clubs drew large crowds.", "PROTEST"),
        # a suspended sentence is no coercion of an institution
        ("The court suspended the sentence of the Kenyan activist.", "COERCE"),
        # "go on sale", "go on a winning streak"
        ("The new phone will go on sale in Kenya next week.", "PROTEST"),
        # a phone call on a date is no appeal
        ("Putin and Erdogan held a call on Monday.", "REQUEST"),
        # tackling a problem
        ("The Kenyan government vowed to tackle corruption and unemployment.", "ASSAULT"),
    ],
)
def test_other_sense_is_not_coded(code, text, kind):
    found = dyads(code(text))
    assert not any(k == kind for k, _, _ in found), found


def test_self_immolation_is_no_arson(code):
    found = coded(code("A Tibetan monk in China set himself on fire."))
    assert not any(c == "1712" for c, _, _ in found), found


def test_naval_blockade_is_no_road_block(code):
    events = code("Israel maintained its naval blockade of Gaza.")
    assert "road-blockade-n-144" not in patterns(events), [(e.cameo, e.pattern) for e in events]


def test_dissolving_parliament_stays_a_concession(code):
    # dissolving is amend-constitution-0834: a government dissolved after protests yields
    events = code("Tunisia's president dissolved parliament in March.")
    assert not any(e.cameo == "172" for e in events), [(e.cameo, e.pattern) for e in events]


def test_inflicting_losses_on_forces_is_force(code):
    events = code("The Pakistani military responded and inflicted heavy losses on Indian forces.")
    assert ("190", "PAK", "IND") in {(e.cameo, e.source.country if e.source else None,
                                      e.target.country if e.target else None) for e in events}


def test_a_defeat_inflicted_in_an_election_is_no_force(code):
    events = code("The ruling party inflicted a heavy defeat on the opposition in Sunday's election.")
    assert not [e for e in events if e.cameo.startswith("19")]


def test_detention_for_a_person_is_that_persons(code):
    events = code("TBILISI, Georgia — A Tbilisi court ordered two months' pre-trial detention for Aleko Elisashvili, "
                  "an opposition politician.")
    detentions = [e for e in events if e.cameo == "173"]
    assert detentions and all(e.target is not None and "OPP" in e.target.sectors for e in detentions)


@pytest.mark.parametrize("text", [
    "Iraqi troops captured Mosul on Sunday.",
    "Rebels captured the main mosque in the town after a day of fighting.",
])
def test_capturing_a_named_place_or_a_building_is_force(code, text):
    assert any(e.cameo == "190" for e in code(text))


def test_capturing_a_moment_is_no_force(code):
    assert not any(e.cameo.startswith("19") for e in code("The photograph captured the moment the crowd cheered."))
