"""Modality and attribution of coded events on real news sentences."""

from __future__ import annotations

import pytest

from eventwire.facets.modality import modality_of


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Russian troops attacked the village.", "asserted"),
        ("Russia did not attack the village.", "negated"),
        ("Neither Serbia nor Kosovo attended the talks in Brussels.", "negated"),
        ("Pyongyang was set to send 30,000 troops to Russia.", "expected"),
        ("Kim promised to send troops to Russia.", "intended"),
    ],
)
def test_modality_of_event(code, text, modality):
    events = code(text)
    assert events, text
    assert events[0].modality == modality


@pytest.mark.parametrize(
    ("text", "trigger", "modality"),
    [
        ("Moscow denied attacking the village.", "attacking", "negated"),
        ("If talks fail, Russia could attack the village.", "attack", "hypothetical"),
        ("The unions called a strike aimed at forcing the government to drop the reform.", "forcing", "hypothetical"),
    ],
)
def test_modality_of_acts_the_coder_does_not_emit(coder, code, text, trigger, modality):
    # the denial is an event (016); the denied act, a condition and a goal are not (events/decision.py)
    token = next(t for t in coder.nlp(text) if t.text == trigger)
    assert modality_of(token) == modality
    assert not [e for e in code(text) if e.trigger.text == trigger]


def test_an_act_kept_from_happening_is_negated(coder):
    text = "The lawyers have been prohibited from speaking to the media."
    token = next(t for t in coder.nlp(text) if t.text == "speaking")
    assert modality_of(token) == "negated"


def test_an_infinitive_on_a_noun_of_intent_is_intended(coder):
    token = next(t for t in coder.nlp("Egypt signalled its willingness to sign a deal.") if t.text == "sign")
    assert modality_of(token) == "intended"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("North Korea shipped shells to Russia, South Korean intelligence indicates.", "South Korean intelligence"),
        ("North Korea shipped shells to Russia, according to state media.", "state media"),
        ("Officials in Seoul said North Korea shipped shells to Russia.", "Officials in Seoul"),
    ],
)
def test_attribution_names_who_claims_it(code, text, source):
    events = [e for e in code(text) if e.plover.event == "AID"]
    assert events and events[0].attribution is not None
    assert source.lower() in events[0].attribution.text.lower() or events[0].attribution.text.lower() in source.lower()


def test_attribution_absent_when_unattributed(code):
    events = code("North Korea shipped shells to Russia.")
    assert events and events[0].attribution is None


def test_an_upcoming_act_is_expected_and_not_dated_by_a_past_date_beside_it(coder):
    text = ("Chinese President Xi Jinping arrived in San Francisco on Tuesday. Xi's upcoming talks with "
            "Biden are the first meeting between the two leaders since their sit-down in Bali a year ago.")
    token = next(t for t in coder.nlp(text) if t.text == "talks")
    assert modality_of(token) == "expected"
    talks = [e for e in coder.code(text, date="2023-11-15", doc_id="t").events if e.trigger.text == "talks"]
    assert all(e.date is None or e.date.value >= "2023-11-15" for e in talks), [(e.cameo, e.date) for e in talks]


@pytest.mark.parametrize(("text", "trigger"), [
    ("He denied the charges and he has been remanded in custody.", "remanded"),
    ("The minister denied the charges and challenged the court.", "challenged"),
])
def test_an_act_beside_a_denial_is_not_denied(coder, text, trigger):
    token = next(t for t in coder.nlp(text) if t.text == trigger)
    assert modality_of(token) == "asserted"


def test_what_an_ultimatum_threatens_in_its_or_branch_is_not_stated_as_real(code):
    events = code("Regional leaders gave Mali's junta one week to reinstate President Keita or face sanctions and the "
                  "possible use of force.", date="2023-07-30")
    assert not [e for e in events if e.trigger.text == "sanctions" and e.modality == "asserted"]
    imposed = code("The bloc imposed sanctions on the junta on Sunday.", date="2023-07-30")
    assert [e.modality for e in imposed if e.cameo.startswith("16")] == ["asserted"]


@pytest.mark.parametrize(("text", "trigger", "modality"), [
    ("Should the government request more support, the agency would issue an appeal.", "request", "hypothetical"),
    ("Had the army attacked the town, hundreds would have died.", "attacked", "hypothetical"),
    ("The government should request more support from the agency.", "request", "asserted"),
])
def test_an_auxiliary_put_before_its_subject_makes_the_clause_conditional(coder, text, trigger, modality):
    token = next(t for t in coder.nlp(text) if t.text == trigger)
    assert modality_of(token) == modality


def test_an_act_of_no_kind_in_particular_is_hypothetical(code):
    events = code("The army warned it will retaliate against any attack by the rebels.", date="2020-01-10")
    assert not [e for e in events if e.trigger.text == "attack" and e.modality != "hypothetical"]
    real = code("The army repelled an attack by the rebels on Friday.", date="2020-01-10")
    assert [e.modality for e in real if e.trigger.text == "attack"] in ([], ["asserted"])


def test_an_act_fallen_or_stopped_short_of_is_left_undone(code):
    events = code("The United States imposed new sanctions on Venezuelan officials, falling short of hitting the "
                  "country's oil exports.", date="2021-06-25")
    assert [e.modality for e in events if e.trigger.text == "hitting"] == ["negated"]
    assert [e.modality for e in events if e.trigger.text == "imposed"] == ["asserted"]
