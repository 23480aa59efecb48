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


def test_pipeline_a_document_over_its_time_budget_is_a_problem_and_the_batch_goes_on(coder, monkeypatch):
    long_text = " ".join(["Russian forces shelled Kharkiv on Monday, officials said."] * 40)
    docs = [Document(id="long", text=long_text), Document(id="b", text="Police arrested dozens of protesters.")]
    monkeypatch.setattr(coder, "time_budget", 0.0)  # every sentence is already past the deadline
    coded = list(coder.code_many(docs))
    assert [c.document.id for c in coded] == ["long", "b"]
    assert "time budget" in coded[0].problems[0].reason and not coded[0].events
    assert "time budget" in coded[1].problems[0].reason  # the same budget: reported, never raised
    monkeypatch.setattr(coder, "time_budget", 60.0)
    assert next(coder.code_many(docs[1:])).events  # a budget that is met changes nothing


@pytest.mark.parametrize("text", [
    "The death toll from Sunday's Russian strike on the port of Odesa has risen to 11, officials said.",
    "Officials said the toll from the Russian missile attack on the market in Kharkiv had risen to 11.",
])
def test_an_updated_toll_is_a_figure_of_the_act_it_names(coder, text):
    """The figure hangs on "risen", not in the act's clause: the toll's own words name the act."""
    (coded,) = coder.code_many([Document(id="toll", text=text, date="2025-06-03")])
    figures = {(q.value, q.unit) for e in coded.events if e.cameo.startswith("19") for q in e.quantities}
    assert (11, "killed") in figures, [(e.cameo, e.trigger.text, e.quantities) for e in coded.events]
