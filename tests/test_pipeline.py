"""The Coder's own contract: order, problems in place, bad dates refused, parallel equals serial."""

from __future__ import annotations

import pytest

from eventwire.errors import EventwireError
from eventwire.model import Document


def test_pipeline_refuses_a_date_it_cannot_read(coder):
    with pytest.raises(EventwireError, match="YYYY-MM-DD"):
        coder.code("Russia attacked Ukraine.", date="12/10/2025")


def test_pipeline_keeps_input_order_and_flags_overlong_texts(coder):
    limit = coder.nlp.max_length
    docs = [Document(id="a", text="Japan condemned the missile launch."),
            Document(id="huge", text="x " * (limit // 2 + 10)),
            Document(id="b", text="Police arrested dozens of protesters in Tbilisi.")]
    coded = list(coder.code_many(docs))
    assert [c.document.id for c in coded] == ["a", "huge", "b"]
    assert coded[1].problems and "limit" in coded[1].problems[0].reason
    assert coded[0].events and coded[2].events


def test_pipeline_two_processes_give_the_same_events(coder):
    docs = [Document(id=str(i), text=t, date="2025-03-01") for i, t in enumerate([
        "Japan condemned North Korea's missile launch on Friday.",
        "Russian forces shelled Kharkiv, killing at least three people, officials said.",
        "Kenya and Ethiopia signed a border trade agreement.",
    ] * 6)]
    serial = [[e.event_id for e in c.events] for c in coder.code_many(docs)]
    parallel = [[e.event_id for e in c.events] for c in coder.code_many(docs, processes=2)]
    assert serial == parallel and any(serial)


@pytest.mark.parametrize("text", [
    "The death toll from Sunday's Russian strike on the port of Odesa has risen to 11, officials said.",
    "Officials said the toll from the Russian missile attack on the market in Kharkiv had risen to 11.",
])
def test_an_updated_toll_is_a_figure_of_the_act_it_names(coder, text):
    """The figure hangs on "risen", not in the act's clause: the toll's own words name the act."""
    (coded,) = coder.code_many([Document(id="toll", text=text, date="2025-06-03")])
    figures = {(q.value, q.unit) for e in coded.events if e.cameo.startswith("19") for q in e.quantities}
    assert (11, "killed") in figures, [(e.cameo, e.trigger.text, e.quantities) for e in coded.events]
