"""The aggregates of the stored events (eventwire.store.analytics) on SQLite and PostgreSQL:
network nodes, timeseries periods and actor counts, on a few articles of our own."""

from __future__ import annotations

from datetime import date

from eventwire.model import Document
from eventwire.store import ingest
from eventwire.store.analytics import actors, network, period_of, timeseries
from eventwire.store.query import EventFilter

BODIES = [
    Document(id="b1", date="2025-08-10", text="The European Union imposed new sanctions on Belarus on Sunday."),
    Document(id="b2", date="2025-08-12", text="NATO condemned Russia for the missile strike on Kyiv."),
    Document(id="b3", date="2025-09-02", text="The United Nations sent food aid to Sudan."),
    Document(id="b4", date="2025-09-03", text="Russia condemned NATO for its exercises in Estonia."),
]


def test_international_bodies_are_nodes_of_their_own(store, coder) -> None:
    ingest(store, BODIES, coder)
    nodes, edges = network(store)
    assert {n.id for n in nodes} == {"EUR", "BLR", "NATO", "RUS", "UNO", "SDN"}
    weights = {(e.source, e.target): e.weight for e in edges}
    assert weights[("NATO", "RUS")] == weights[("RUS", "NATO")] == 1
    assert all(e.goldstein is not None and e.goldstein < 0 for e in edges if "NATO" in (e.source, e.target))
    assert {(e.source, e.target) for e in network(store, EventFilter(actor="NATO"))[1]} == {
        ("NATO", "RUS"), ("RUS", "NATO")}


def test_months_and_weeks_start_on_their_first_day(store, coder) -> None:
    ingest(store, BODIES, coder)
    # verbal conflict: the sanctions (16, in the Phoenix quad classes) and the condemnation in August
    (points,) = [s.points for s in timeseries(store, interval="month", by="quad") if s.key == "3"]
    assert [(p.period, p.count) for p in points] == [(date(2025, 8, 1), 2), (date(2025, 9, 1), 1)]
    assert period_of(date(2025, 9, 3), "week") == date(2025, 9, 1)


def test_an_actor_is_counted_on_both_sides(store, coder) -> None:
    ingest(store, BODIES, coder)
    counted = {a.code: (a.events, a.as_source, a.as_target) for a in actors(store)}
    assert counted["NATO"] == (2, 1, 1) and counted["UNO"] == (1, 1, 0)
    assert [a.code for a in actors(store, prefix="n")] == ["NATO"]
