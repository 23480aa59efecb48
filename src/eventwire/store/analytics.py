"""Aggregates of the stored events for the analyst: counts over time, the dyad network, the actors,
and one article with its mentions. All take the filters of :class:`~eventwire.store.query.EventFilter`.

What the service's ``/timeseries``, ``/network``, ``/actors`` and ``/articles/{id}`` return;
actor codes are labelled by the caller. DOCS: docs/store.md
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import case, func, select

from eventwire.events.codebook import default_codebook
from eventwire.store.db import Store
from eventwire.store.query import EventFilter
from eventwire.store.schema import Article, EventRow, Mention

Interval = Literal["day", "week", "month"]
Grouping = Literal["root", "quad", "plover"]
INTERVALS: tuple[Interval, ...] = ("day", "week", "month")
GROUPINGS: tuple[Grouping, ...] = ("root", "quad", "plover")
QUAD_NAMES = {1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict"}
NO_PLOVER = "(none)"


# ---- counts over time -------------------------------------------------------------------------


@dataclass
class Point:
    period: date
    count: int
    goldstein: float | None  # mean over the events with a Goldstein value


@dataclass
class Series:
    key: str
    label: str
    points: list[Point] = field(default_factory=list)


def period_of(day: date, interval: Interval) -> date:
    """The first day of the period ``day`` falls in: itself, its week's Monday, its month's first."""
    if interval == "week":
        return day - timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day


def _group_column(by: Grouping) -> Any:
    return {"root": EventRow.root, "quad": EventRow.quad_class, "plover": EventRow.plover_event}[by]


def group_label(by: Grouping, key: str) -> str:
    if by == "root":
        try:
            return default_codebook().get(key).name
        except KeyError:
            return key
    if by == "quad":
        return QUAD_NAMES.get(int(key), key) if key.isdigit() else key
    return key


def timeseries(store: Store, filters: EventFilter | None = None, interval: Interval = "month",
               by: Grouping = "root") -> list[Series]:
    """Events per period (by the event's first day) and their mean Goldstein value, one series per
    CAMEO root, quad class or PLOVER type; events without a day are left out."""
    day = func.coalesce(EventRow.day_first, EventRow.first_seen)
    key = _group_column(by)
    query = (select(day, key, func.count(), func.sum(EventRow.goldstein), func.count(EventRow.goldstein))
             .where(day.is_not(None), *(filters or EventFilter()).conditions())
             .group_by(day, key))
    # summed per day in the database, then per week or month here: the same on every dialect
    cells: dict[tuple[str, date], list[float]] = defaultdict(lambda: [0, 0.0, 0])
    with store.session() as session:
        for when, group, n, total, n_scored in session.execute(query):
            cell = cells[(NO_PLOVER if group is None else str(group), period_of(_as_date(when), interval))]
            cell[0] += n
            cell[1] += total or 0.0
            cell[2] += n_scored
    series: dict[str, Series] = {}
    for (group, period), (n, total, n_scored) in sorted(cells.items()):
        line = series.setdefault(group, Series(group, group_label(by, group)))
        line.points.append(Point(period, int(n), round(total / n_scored, 2) if n_scored else None))
    return sorted(series.values(), key=lambda s: (-sum(p.count for p in s.points), s.key))


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


# ---- the dyad network -------------------------------------------------------------------------


CLASSES = ("IGO", "NGO")  # the "country" of every international body: not one node for all of them


def _country_node(country: Any, code: Any) -> Any:
    return case((country.in_(CLASSES), code), else_=country)


@dataclass
class Edge:
    source: str
    target: str
    weight: int
    goldstein: float | None


@dataclass
class Node:
    id: str
    events: int


def network(store: Store, filters: EventFilter | None = None, *, level: Literal["country", "code"] = "country",
            min_weight: int = 1, limit: int = 200) -> tuple[list[Node], list[Edge]]:
    """The weighted dyads (source → target, number of events, mean Goldstein), heaviest first, up to
    ``limit`` edges of at least ``min_weight`` events, and the actors they join with their number of
    events. ``level`` joins actors by country (RUS; an international organisation stays itself: UNO,
    NATO) or by full code (RUSGOV). Events with one side unknown, and an actor's events with itself,
    are not edges."""
    source, target = ((_country_node(EventRow.source_country, EventRow.source_code),
                       _country_node(EventRow.target_country, EventRow.target_code)) if level == "country"
                      else (EventRow.source_code, EventRow.target_code))
    weight = func.count().label("weight")
    query = (select(source, target, weight, func.avg(EventRow.goldstein))
             .where(source.is_not(None), target.is_not(None), source != target,
                    *(filters or EventFilter()).conditions())
             .group_by(source, target).having(func.count() >= min_weight)
             .order_by(weight.desc(), source, target).limit(limit))
    with store.session() as session:
        edges = [Edge(s, t, int(n), round(float(g), 2) if g is not None else None)
                 for s, t, n, g in session.execute(query)]
    totals: dict[str, int] = defaultdict(int)
    for edge in edges:
        totals[edge.source] += edge.weight
        totals[edge.target] += edge.weight
    nodes = [Node(actor, n) for actor, n in sorted(totals.items(), key=lambda item: (-item[1], item[0]))]
    return nodes, edges


# ---- actors -----------------------------------------------------------------------------------


@dataclass
class ActorCount:
    code: str
    events: int
    as_source: int
    as_target: int


def actors(store: Store, filters: EventFilter | None = None, *, prefix: str | None = None,
           limit: int = 100) -> list[ActorCount]:
    """Every actor code of the stored events with how many events it is the source or target of,
    most frequent first; ``prefix`` keeps the codes that start with it (RUS → RUS, RUSGOV, …)."""
    conditions = (filters or EventFilter()).conditions()

    def per_code(column: Any, *more: Any) -> dict[str, int]:
        query = select(column, func.count()).where(column.is_not(None), *conditions, *more).group_by(column)
        if prefix:
            query = query.where(column.startswith(prefix.strip().upper(), autoescape=True))
        with store.session() as session:
            return {code: int(n) for code, n in session.execute(query)}

    as_source = per_code(EventRow.source_code)
    as_target = per_code(EventRow.target_code)
    both = per_code(EventRow.source_code, EventRow.source_code == EventRow.target_code)  # counted once
    out = [ActorCount(code, as_source.get(code, 0) + as_target.get(code, 0) - both.get(code, 0),
                      as_source.get(code, 0), as_target.get(code, 0))
           for code in {*as_source, *as_target}]
    return sorted(out, key=lambda a: (-a.events, a.code))[:limit]


# ---- one article ------------------------------------------------------------------------------


@dataclass
class ArticleView:
    id: int
    doc_id: str
    url: str | None
    title: str | None
    outlet: str | None
    published: date | None
    text: str | None
    mentions: list[tuple[str, str, dict[str, Any]]]  # (mention id, event id, the coded Event's JSON)


def article_view(store: Store, article_id: int) -> ArticleView | None:
    """An article with its text and the coded events of its mentions, in the order of the text."""
    with store.session() as session:
        article = session.get(Article, article_id)
        if article is None:
            return None
        rows = session.execute(select(Mention.id, Mention.event_id, Mention.event_json)
                               .where(Mention.article_id == article_id)
                               .order_by(Mention.evidence_start, Mention.id))
        return ArticleView(article.id, article.doc_id, article.url, article.title, article.outlet,
                           article.published, article.text, [(m, e, j) for m, e, j in rows])


def article_texts(store: Store, article_ids: Iterable[int]) -> dict[int, str]:
    """The stored texts of these articles (those stored with one)."""
    ids = sorted(set(article_ids))
    with store.session() as session:
        rows = session.execute(select(Article.id, Article.text).where(Article.id.in_(ids), Article.text.is_not(None)))
        return {article_id: text for article_id, text in rows}
