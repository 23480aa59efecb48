"""Constructions the pattern files lacked (issue 8: held-out recall bounded by the candidates), each on
sentences written for the test, with the code and the parties it must give and, where the words have
another sense, that sense left uncoded."""

from __future__ import annotations

import pytest

from tests.conftest import coded, dyads


def patterns(events) -> set[str]:
    return {part for e in events for part in e.pattern.split("+")}


@pytest.mark.parametrize(
    ("text", "expected", "pattern"),
    [
        # a beating told by who did it or with what
        ("The Zimbabwean activist said he was beaten by the police in Harare.", ("182", "ZWE", None),
         "beat-by-182"),
        ("Kenyan police beat him with batons outside parliament.", ("182", "KEN", None), "beat-with-182"),
        # a head of state dissolving the whole cabinet dismisses its ministers
        ("Zambia's president dissolved his cabinet on Friday.", ("172", "ZMB", "ZMB"), "dissolve-cabinet-172"),
        # a junta dissolving the institutions of the state
        ("Mali's junta announced the dissolution of the constitutional court.", ("172", "MLI", None),
         "dissolution-n-172"),
        # weapons of crowd control named as a noun
        ("Kenyan police made heavy use of water cannon against demonstrators in Nairobi.", ("175", "KEN", "KEN"),
         "use-of-cannon-n-175"),
        # a closure named as a noun
        ("The closure of the borders by Niger's junta stranded hundreds of traders.", ("191", "NER", None),
         "closure-n-191"),
        # annulling an election or its results
        ("Gabon's junta announced the annulment of the election results.", ("120", "GAB", None),
         "annulment-n-120"),
        ("Malawi's constitutional court annulled the presidential election.", ("120", "MWI", None),
         "annul-result-120"),
        # claims that name a wrong, with the claimant after "by"
        ("The vote was marred by allegations of fraud by the Zimbabwean opposition.", ("112", "ZWE", None),
         "claim-of-wrong-n-112"),
        # a verdict named by its predicate
        ("A Russian court found the American journalist guilty of espionage.", ("116", "RUS", "USA"),
         "find-guilty-clause-116"),
        ("The American journalist was found guilty of espionage by a Russian court.", ("116", None, "USA"),
         "find-guilty-116"),
        # walking away from an agreement's obligations
        ("Iran said it would reduce its commitments under the nuclear deal.", ("120", "IRN", None),
         "suspend-commitments-120"),
        # a trade ban is a sanction
        ("China imposed a ban on imports from Japan.", ("163", "CHN", "JPN"), "trade-ban-n-163"),
        ("Several Russian banks were placed under sanctions by Britain.", ("163", "GBR", "RUS"),
         "place-under-sanctions-163"),
        # money given, named as a contribution
        ("Germany announced a contribution of 50 million euros to Sudan.", ("071", "DEU", "SDN"),
         "contribution-n-071"),
        # destroying military targets is force
        ("Israeli jets destroyed dozens of Hezbollah targets in Lebanon.", ("190", "ISR", "LBN"), "sink-190"),
        # a retort is no strike; hitting back at positions is
        ("Turkey hit back at Sweden over the burning of the Koran.", ("111", "TUR", "SWE"), "hit-back-at-111"),
        ("The Israeli army hit back at Hezbollah positions in southern Lebanon.", ("190", "ISR", "LBN"),
         "hit-back-at-targets-190"),
        # movement barred by force
        ("Chinese coast guard ships blocked a Philippine resupply mission.", ("191", "CHN", "PHL"),
         "block-mission-191"),
        ("The US Navy intercepted an Iranian weapons shipment bound for Yemen.", ("1711", "USA", "IRN"),
         "intercept-cargo-1711"),
        # a strike told by its act
        ("Kenyan doctors walked off the job to demand better pay.", ("143", "KEN", None), "walk-off-job-143"),
        ("South African miners downed tools over unpaid wages.", ("143", "ZAF", None), "down-tools-143"),
        # the receiver as object, what is given after "with"
        ("Iran supplied the Houthis with drones and missiles.", ("072", "IRN", "YEM"), "provide-with-arms-072"),
        ("The UN provided Sudanese refugees with food and shelter.", ("070", "IGO", None), "provide-with-aid-070"),
        # a diplomatic protest, a package vetoed
        ("The Chinese embassy lodged stern representations with South Korea.", ("114", "CHN", "KOR"),
         "lodge-complaint-114"),
        ("Hungary blocked the EU aid package for Ukraine.", ("129", "HUN", None), "block-resolution-129"),
        # a place taken back, a person taken into custody
        ("The Malian army regained control of the border town of Kidal.", ("190", "MLI", None),
         "regain-control-190"),
        ("Kenyan police took the protest leaders into custody.", ("173", "KEN", "KEN"), "take-into-custody-173"),
        # talking with someone, by phone a call; a visitor received
        ("US President Joe Biden spoke with Israeli Prime Minister Benjamin Netanyahu on Sunday.",
         ("040", "USA", "ISR"), "talk-with-040"),
        ("The French president spoke by phone with Israeli Prime Minister Benjamin Netanyahu.",
         ("041", "FRA", "ISR"), "speak-by-phone-041"),
        ("The Egyptian president received the Qatari emir in Cairo.", ("043", "EGY", "QAT"), "receive-043"),
        # a state suspended from a body
        ("The Commonwealth suspended Fiji in 2009.", ("160", None, "FJI"), "suspend-state-160"),
        # warships sent into waters or to a sea: posture, not a transfer of arms
        ("China sent warships into Taiwanese waters.", ("150", "CHN", "TWN"), "send-into-waters-150"),
        ("Britain sent two warships to Guyana.", ("154", "GBR", "GUY"), "send-warships-to-154"),
        # a broadcaster taken off air
        ("The Malian junta took the French broadcaster off air.", ("1721", "MLI", None), "take-off-air-1721"),
        # a statue brought down; firms hit by sanctions
        ("Protesters toppled a statue of the former dictator in Baghdad.", ("1712", "IRQ", None),
         "topple-structure-1712"),
        ("Chinese exporters were hit by new US tariffs on steel.", ("163", "USA", "CHN"), "hit-by-sanctions-163"),
        # particles that make the verb: debts written off, areas cordoned off
        ("China wrote off Zambia's debt.", ("071", "CHN", "ZMB"), "write-off-debt-071"),
        ("The Nigerian army cordoned off the area after the attack.", ("191", "NGA", None), "cordon-off-191"),
        # live fire and baton charges on crowds
        ("Kenyan police used live ammunition against protesters.", ("175", "KEN", "KEN"), "use-live-fire-175"),
        ("Police charged protesters with batons in Nairobi.", ("175", "KEN", "KEN"), "baton-charge-175"),
        # the possessor of an abduction is its victim
        ("The Ugandan activist's abduction by Kenyan police drew condemnation.", ("181", "KEN", "UGA"),
         "abduction-n-181"),
    ],
)
def test_construction_is_coded(code, text, expected, pattern):
    events = code(text)
    assert pattern in patterns(events), [(e.cameo, e.pattern) for e in events]
    cameo, source, target = expected
    found = coded(events)
    # None: any party on that side (the engine may place an unnamed one)
    assert any(c == cameo and (source is None or s == source) and (target is None or t == target)
               for c, s, t in found), found


def test_a_call_made_to_congratulate_is_the_congratulation(code):
    events = code("The Kenyan president made a call on Monday to congratulate Tanzania's new president.")
    assert "make-call-to-041" in patterns(events)
    assert ("051", "KEN", "TZA") in coded(events), coded(events)
    assert not any(e.cameo.startswith("02") for e in events), coded(events)


def test_an_opportunity_seized_is_no_seizure(code):
    events = code("The French president seized the opportunity to urge Russia to end the war.")
    assert "seize-opportunity-040" in patterns(events)
    assert not any(e.cameo.startswith("17") for e in events), coded(events)
    assert any(e.cameo.startswith("02") and e.source.country == "FRA" for e in events if e.source), coded(events)


def test_reserving_the_right_to_retaliate_threatens(code):
    events = code("Beijing said it reserved the right to retaliate against Japan.")
    assert "reserve-right-130" in patterns(events)
    assert any(e.cameo.startswith("13") and e.source and e.source.country == "CHN" for e in events), coded(events)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # sport: a team beaten by another, a score
        ("France were beaten by Spain in the final on Sunday.", "ASSAULT"),
        ("Nadal beat him in straight sets.", "ASSAULT"),
        # pressure is no arrest
        ("The war has put Ukraine's economy under pressure.", "COERCE"),
        # walking off a pitch is no strike
        ("The Kenyan striker walked off the pitch after the incident.", "PROTEST"),
        # a contribution to a debate gives no money
        ("Germany welcomed the contribution of France to the debate.", "AID"),
    ],
)
def test_other_sense_is_not_coded(code, text, kind):
    found = dyads(code(text))
    assert not any(k == kind for k, _, _ in found), found


def test_walls_toppled_by_a_storm_are_no_coup(code):
    events = code("The typhoon toppled walls and trees across the northern Philippines.")
    assert not any(e.cameo.startswith("17") and e.cameo != "1712" for e in events), coded(events)


def test_cities_hit_by_missiles_stay_force(code):
    events = code("Ukraine said its cities were hit by Russian missiles.")
    assert any(e.cameo.startswith("19") for e in events), coded(events)


def test_a_charge_of_a_crime_stays_legal_action(code):
    events = code("The Kenyan activist was charged with terrorism.")
    assert any(e.cameo == "115" for e in events) and not any(e.cameo == "175" for e in events), coded(events)


def test_jets_sent_to_a_country_stay_military_aid(code):
    events = code("The United States sent F-16 jets to Ukraine.")
    assert ("072", "USA", "UKR") in coded(events), coded(events)


def test_dissolving_a_government_after_protests_stays_a_concession(code):
    # only the cabinet is a dismissal (172): the government or parliament dissolved stays 0834
    events = code("Tunisia's president dissolved the government after weeks of protests.")
    assert not any(e.cameo == "172" for e in events), coded(events)


def test_a_ban_on_rallies_stays_a_restriction(code):
    events = code("Zimbabwe's government imposed a ban on rallies in Harare.")
    assert not any(e.cameo == "163" for e in events), coded(events)
    assert any(e.cameo.startswith("172") for e in events), coded(events)
