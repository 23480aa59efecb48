"""Constructions of wire copy the pattern files lacked, second round (issue 8: recall bounded by the
candidates), each on sentences written for the test, with the code and the parties it must give and,
where the words have another sense, that sense left uncoded."""

from __future__ import annotations

import pytest

from tests.conftest import coded, dyads


def patterns(events) -> set[str]:
    return {part for e in events for part in e.pattern.split("+")}


@pytest.mark.parametrize(
    ("text", "expected", "pattern"),
    [
        # the subject of "came under attack" is the one attacked, the "from" phrase the attacker
        ("A Nigerian army convoy came under attack from Boko Haram fighters near Maiduguri.", ("190", None, "NGA"),
         "come-under-attack-190"),
        ("Azerbaijani positions came under attack from Armenian forces.", ("190", "ARM", "AZE"),
         "come-under-attack-190"),
        ("The Kenyan president came under criticism from opposition lawmakers.", ("111", None, "KEN"),
         "come-under-criticism-111"),
        # a camp stormed by troops; missiles slamming into buildings
        ("Israeli troops stormed the Jenin refugee camp.", ("190", "ISR", None), "storm-camp-190"),
        ("Russian missiles slammed into residential buildings in Kharkiv.", ("190", "RUS", "UKR"), "slam-into-190"),
        # forces driven back
        ("Ukrainian forces pushed back Russian troops near Kharkiv.", ("190", "UKR", "RUS"), "push-back-190"),
        # an agreement with an object
        ("Britain agreed a trade deal with India.", ("030", "GBR", "IND"), "agree-deal-030"),
        ("The IMF agreed a $3 billion loan with Sri Lanka.", ("030", "IGO", "LKA"), "agree-deal-030"),
        # persona non grata
        ("Two British diplomats were declared persona non grata by Russia.", ("161", "RUS", "GBR"), None),
        # a crowd gathered at a building of the state
        ("Hundreds of supporters gathered outside the court in Istanbul.", ("141", "TUR", None), "gather-outside-141"),
        ("Crowds gathered in front of the parliament in Belgrade.", ("141", "SRB", None), "gather-in-front-141"),
        # time given for an act is a deadline: the small parser takes the receiver for the object
        ("Israel gave Hamas 48 hours to release the hostages.", ("139", "ISR", "PSE"), "give-time-139"),
        ("ECOWAS gave the junta in Niger one week to reinstate President Bazoum.", ("139", "IGO", "NER"),
         "give-time-139"),
        # a vow whose content only describes the answer vows it, and answers the last act against the
        # vower's country
        ("Israel struck the Iranian consulate in Damascus. Iran's ambassador vowed that Iran's response would "
         "be harsh.", ("138", "IRN", "ISR"), "vow-revenge-138"),
        ("Israel struck the Iranian consulate in Damascus. Iran vowed revenge.", ("138", "IRN", "ISR"),
         "vow-revenge-138"),
        # ministers of two countries signing in a third: the agreement is theirs, not the host's
        ("The foreign ministers of Rwanda and Congo signed a peace agreement in Washington.", ("057", "RWA", "COD"),
         "sign-agreement-057"),
        # an application held up; a group listed by a state; people kept from somewhere by order
        ("Turkey blocked Sweden's bid to join NATO.", ("129", "TUR", "SWE"), "block-bid-129"),
        ("The US designated the Houthis as a terrorist group.", ("163", "USA", "YEM"), "designate-as-163"),
        ("Russia labelled the organization undesirable.", ("172", "RUS", None), "declare-undesirable-172"),
        ("The Taliban barred women from universities.", ("172", "AFG", "AFG"), "bar-from-172"),
    ],
)
def test_construction_is_coded(code, text, expected, pattern):
    events = code(text)
    if pattern:
        assert pattern in patterns(events), [(e.cameo, e.pattern) for e in events]
    cameo, source, target = expected
    found = coded(events)
    # None: any party on that side (the engine may place an unnamed one)
    assert any(c == cameo and (source is None or s == source) and (target is None or t == target)
               for c, s, t in found), found


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # demonstrating a quality is showing it
        ("The Kenyan president's speech demonstrated his commitment to reform.", "PROTEST"),
        ("The test demonstrated China's ability to build rockets.", "PROTEST"),
        # a deadline or an election pushed back is delayed
        ("Kenya's government pushed back the election by six months.", "ASSAULT"),
        # criticism is no attack
        ("The Kenyan president came under criticism from opposition lawmakers.", "ASSAULT"),
        # a vow that describes something else is no vow of revenge
        ("Iran's ambassador vowed that the talks would be fruitful.", "THREATEN"),
        # time given with no act it is given for is no deadline
        ("The Kenyan government gave its workers two weeks off.", "THREATEN"),
        # a player dropped from a squad is no sanction
        ("Real Madrid left the Brazilian player out of the squad.", "COERCE"),
    ],
)
def test_other_sense_is_not_coded(code, text, kind):
    found = dyads(code(text))
    assert not any(k == kind for k, _, _ in found), found


def test_a_protest_camp_stormed_is_still_force(code):
    events = code("Kenyan police stormed the protest camp in Nairobi.")
    assert any(e.plover.event == "ASSAULT" for e in events), coded(events)
