"""Constructions whose CAMEO root (and so quad class) the lexicon reads: returned property, troops sent
into peacekeeping, agencies expelled, failed agreements, and acts only weighed or warned of.

The sentences are made up; each pins one construction of src/eventwire/data/patterns, not one text.
"""

from __future__ import annotations

import pytest


def roots(events) -> set[str]:
    return {e.cameo[:2] for e in events}


def codes(events) -> set[str]:
    return {e.cameo for e in events}


@pytest.mark.parametrize(
    ("text", "code_"),
    [
        # returned property: artworks, antiquities, fossils, trafficked wildlife
        ("Canada returned three stolen paintings to the government of Peru.", "0842"),
        ("Italy returned 40 looted antiquities to Greece on Monday.", "0842"),
        ("Mongolia returned dinosaur fossils to China.", "0842"),
        # persons freed by their description
        ("Egypt freed a Dutch blogger on Tuesday.", "0841"),
        # troops sent into a peacekeeping force or mission, not a build-up
        ("Ghana is sending troops to the United Nations peacekeeping force in Lebanon.", "074"),
        # lifting a boycott eases it (085); calling off one's own boycott stays 082
        ("Jordan lifted its boycott of Israeli goods.", "085"),
        # expelled from a country, inspectors are 1662, not a rout (192)
        ("Two nuclear inspectors were expelled from Iran.", "1662"),
        ("Burundi forced the UN refugee agency out of the country.", "1663"),
        ("The European Commission launched legal action against Hungary.", "115"),
        ("Hackers based in Iran launched cyber attacks on Albania's government networks.", "170"),
    ],
)
def test_construction_code(code, text, code_):
    found = codes(code(text))
    assert code_ in found, found


def test_failing_to_reach_agreement_is_no_agreement(code):
    found = code("Serbia and Kosovo failed to reach agreement on the border after two days of talks.")
    assert "12" in roots(found), codes(found)
    assert "03" not in roots(found), codes(found)


def test_readiness_to_contribute_to_peacekeeping_is_an_intent(code):
    found = code("Chile is ready to contribute to UN peacekeeping operations.")
    assert "03" in roots(found), codes(found)


@pytest.mark.parametrize(
    "text",
    [
        # the weighed option is no act: it stays a statement (014), which is not kept
        "Norway is considering sending aid to Sudan.",
        "Spain is weighing sending warships to the Red Sea.",
    ],
)
def test_a_weighed_act_is_no_act(code, text):
    found = code(text)
    assert not ({"07", "15", "19"} & roots(found)), codes(found)


def test_considered_as_a_judgement_announces_nothing(code):
    # "is considered the main obstacle": no weighed act, so the pledge keeps its content
    found = code("Kenya pledged to sign the deal, which is widely considered the main obstacle to peace talks.")
    assert "03" in roots(found), codes(found)


def test_a_warning_of_famine_is_no_threat(code):
    found = code("Aid agencies warned of famine in Somalia.")
    assert "13" not in roots(found), codes(found)
    found = code("Despite warnings of starvation, the army refused to lift the siege of the town.")
    assert "13" not in roots(found), codes(found)


def test_giving_money_to_a_party_is_no_yielding(code):
    found = code("Qatar gave $50 million to Gaza.")
    assert "071" in codes(found), codes(found)
    assert "08" not in roots(found), codes(found)


def test_ending_mediation_efforts_stays_a_halt(code):
    found = code("Norway ended its mediation efforts between Sri Lanka and the Tamil Tigers.")
    assert "165" in codes(found), codes(found)
