"""The spans of a coded event, for highlighting: the evidence sentence, the trigger, source and
target, attribution, quantities, date and place, each with a short label.

Built from an Event (or its stored JSON); parts the coder inferred without words in the text (a
target guessed from the place, say) have no offsets and no span.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Literal

from pydantic import BaseModel

Kind = Literal["event", "trigger", "source", "target", "attribution", "quantity", "date", "place"]
QUALIFIER_WORDS = {"exact": "", "about": "about ", "more_than": "more than ", "less_than": "less than ",
                   "at_least": "at least ", "at_most": "at most "}


class Annotation(BaseModel):
    start: int
    end: int
    kind: Kind
    label: str
    mention_id: str | None = None
    event_id: str | None = None


def _span(part: dict[str, Any] | None) -> tuple[int, int] | None:
    if not part or part.get("start") is None or part.get("end") is None:
        return None
    return int(part["start"]), int(part["end"])


def quantity_label(quantity: dict[str, Any]) -> str:
    value = float(quantity["value"])
    number = f"{int(value):,}" if value.is_integer() else f"{value:,}"
    unit = f" {quantity['unit']}" if quantity.get("unit") else ""
    return f"{QUALIFIER_WORDS.get(quantity.get('qualifier') or 'exact', '')}{number}{unit}"


def _actor_label(actor: dict[str, Any]) -> str:
    name = actor.get("name")
    return f"{actor['code']} ({name})" if name else str(actor["code"])


def _place_label(place: dict[str, Any]) -> str:
    name = place.get("name") or place.get("text")
    return f"{name} ({place['country']})" if place.get("country") else str(name)


def _parts(event: dict[str, Any]) -> Iterator[tuple[Kind, dict[str, Any] | None, str]]:
    title = f"{event['cameo']} {event.get('cameo_name') or ''}".strip()
    yield "event", event.get("evidence"), title
    yield "trigger", event.get("trigger"), title
    for side in ("source", "target"):
        if event.get(side):
            yield side, event[side], _actor_label(event[side])  # type: ignore[misc]
    attribution = event.get("attribution")
    if attribution:
        yield "attribution", attribution, f"according to {attribution.get('code') or attribution['text']}"
    for quantity in event.get("quantities") or ():
        yield "quantity", quantity, quantity_label(quantity)
    if event.get("date"):
        yield "date", event["date"], f"{event['date']['value']} ({event['date']['precision']})"
    if event.get("location"):
        yield "place", event["location"], _place_label(event["location"])


def annotations(event: dict[str, Any], *, mention_id: str | None = None, event_id: str | None = None,
                offset: int = 0) -> list[Annotation]:
    """The spans of ``event`` (an Event's JSON) in its document's text, moved back by ``offset``
    (the start of the context they are shown in)."""
    out = []
    for kind, part, label in _parts(event):
        span = _span(part)
        if span is None or span[0] < offset or span[1] <= span[0]:
            continue
        out.append(Annotation(start=span[0] - offset, end=span[1] - offset, kind=kind, label=label,
                              mention_id=mention_id, event_id=event_id or event.get("event_id")))
    return out


def context(event: dict[str, Any]) -> tuple[int, int]:
    """Where the event is told in its text: its evidence and every part of it with words in the text
    ("Russian forces struck …, the ministry said" holds the attribution after the evidence)."""
    spans = [s for _, part, _ in _parts(event) if (s := _span(part)) is not None]
    return min(s[0] for s in spans), max(s[1] for s in spans)


def all_annotations(events: Iterable[tuple[str | None, str | None, dict[str, Any]]]) -> list[Annotation]:
    """The spans of many events of one text, (mention id, event id, event JSON) each, in text order."""
    spans = [a for mention_id, event_id, event in events
             for a in annotations(event, mention_id=mention_id, event_id=event_id)]
    return sorted(spans, key=lambda a: (a.start, -a.end))
