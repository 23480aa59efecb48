"""Verbal acts on whole-article sentences: accusations, rejections, requests, support, with their parties."""

from __future__ import annotations

import pytest

from tests.conftest import dyads


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a second main verb the parser hangs on the reported clause keeps the reporter as its source
        ("Kenyan President William Ruto wrote on social media that the vote had been rigged and urged "
         "Tanzania to annul it.", ("REQUEST", "KEN", "TZA")),
        ("German Chancellor Olaf Scholz said that the border should be reopened and pressed Poland to "
         "act.", ("REQUEST", "DEU", "POL")),
        # turning away what another state sends is a refusal
        ("Honduras turned away three Mexican aircraft carrying deportees.", ("REJECT", "HND", "MEX")),
        # what an act is dismissed or denounced as is the accusation
        ("Kenya dismissed the Ugandan offer as a stunt.", ("ACCUSE", "KEN", "UGA")),
        # the party the named wrong is against: "called the audit a witch hunt against Belarus"
        ("Russia's foreign ministry called the audit a witch hunt against Belarus.", ("ACCUSE", "RUS", "BLR")),
    ],
)
def test_verbal_act_with_parties(code, text, expected):
    assert expected in dyads(code(text))


def test_conjunct_sharing_auxiliaries_keeps_its_own_subject(code):
    # "had attacked and killed": the conjunct shares the reported clause's subject, not the reporter's
    found = dyads(code("Ukrainian officials said Russian forces had shelled Kharkiv and killed three civilians."))
    assert all(src != "UKR" for kind, src, _ in found if kind == "ASSAULT"), found


def test_neutral_description_is_no_accusation(code):
    found = dyads(code("Kenya described the talks with Ethiopia as useful."))
    assert not any(kind == "ACCUSE" for kind, _, _ in found), found


def test_what_it_called_is_an_accusation_of_the_named_target(code):
    # "what" is no party: the one the named wrong is against is on the predicate
    found = dyads(code("Russia's foreign ministry cited what it called a witch hunt against Belarus."))
    assert ("ACCUSE", "RUS", "BLR") in found, found
