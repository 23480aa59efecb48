"""Modality and attribution of coded events on real news sentences."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Russian troops attacked the village.", "asserted"),
        ("Russia did not attack the village.", "negated"),
        ("Moscow denied attacking the village.", "negated"),
        ("If talks fail, Russia could attack the village.", "hypothetical"),
        ("Pyongyang was set to send 30,000 troops to Russia.", "expected"),
        ("Kim promised to send troops to Russia.", "intended"),
    ],
)
def test_modality_of_event(code, text, modality):
    # a denial is an event of its own (016, REJECT); the modality asked about is that of the denied act
    events = [e for e in code(text) if e.cameo != "016"]
    assert events, text
    assert events[0].modality == modality


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
