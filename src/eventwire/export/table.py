"""A rich table for reading coded events in a terminal (built whole, then printed)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from eventwire.export.csv import quantities_text
from eventwire.export.jsonl import events_of
from eventwire.model import Actor, CodedDocument, Event

EVIDENCE_CHARS = 80
WIDTH_OFF_TERMINAL = 200  # a file or pipe has no width; rich would squeeze the table into 80
COLUMNS = [
    "doc",
    "sent",
    "CAMEO",
    "PLOVER",
    "source",
    "target",
    "modality",
    "attribution",
    "quantities",
    "date",
    "place",
    "evidence",
]
_QUALIFIERS = {"about": "~", "more_than": ">", "less_than": "<", "at_least": "≥", "at_most": "≤"}


def _actor(actor: Actor | None) -> Text:
    if actor is None:
        return Text("")
    return Text.assemble((actor.code, "bold"), "\n", (actor.text, "dim"))


def _truncate(text: str, limit: int = EVIDENCE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _row(event: Event) -> list[Text]:
    plover = event.plover.event or ""
    if event.plover.mode:
        plover += f"/{event.plover.mode}"
    attribution = event.attribution
    attribution_text = ""
    if attribution:
        attribution_text = attribution.text + (f" ({attribution.code})" if attribution.code else "")
    place = ""
    if event.location:
        place = event.location.text + (f" ({event.location.country})" if event.location.country else "")
    cells = [
        Text(event.doc_id),
        Text(str(event.sentence)),
        Text.assemble((event.cameo, "bold"), " " + (event.cameo_name or "")),
        Text(plover),
        _actor(event.source),
        _actor(event.target),
        Text(event.modality, style="" if event.modality == "asserted" else "yellow"),
        Text(attribution_text),
        Text(quantities_text(event, _QUALIFIERS)),
        Text(event.date.value if event.date else ""),
        Text(place),
        Text(_truncate(event.evidence.text), style="italic"),
    ]
    return cells


def write(events_or_docs: Iterable[Event | CodedDocument], out: TextIO) -> None:
    table = Table(show_lines=True)
    for name in COLUMNS:
        table.add_column(name, overflow="fold")
    count = 0
    for event in events_of(events_or_docs):
        table.add_row(*_row(event))
        count += 1
    table.caption = f"{count} event{'' if count == 1 else 's'}"
    is_terminal = getattr(out, "isatty", lambda: False)()
    console = Console(file=out, width=None if is_terminal else WIDTH_OFF_TERMINAL)
    console.print(table)
