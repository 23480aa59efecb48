"""The framing stage: the last word on an event's code and parties, before facets describe it.

A candidate from the lexicon (events.coder) is read in its sentence's setting: whether it is
asserted, pledged or denied (its modality) and who is credited with it (its attribution) can change
its code ("Nigeria will withdraw its force" is a threat, 13x; "Britain said Libya must…" is a
demand, 10x: events.reframe), and where it happened can give it the parties the text leaves implicit
(events.setting). The facets stage then only describes the framed event: it never changes a code or
a party.
DOCS: README.md#how-it-works
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from eventwire.actors.resolver import DocActors
from eventwire.events.coder import Draft
from eventwire.events.reframe import announced, demanded
from eventwire.events.setting import complete_parties, event_location
from eventwire.facets.attribution import claim_of
from eventwire.facets.modality import modality_of
from eventwire.model import Attribution, Location, Modality

if TYPE_CHECKING:
    from eventwire.facets.describe import SentenceFacets


@dataclass(slots=True)
class Framed:
    """A candidate with its final code and parties, and the facets that decided them."""

    draft: Draft
    modality: Modality
    attribution: Attribution | None
    location: Location | None


def frame(draft: Draft, facets: SentenceFacets, actors: DocActors) -> Framed:
    """The candidate's code and parties as its sentence frames them."""
    trig = draft.trigger
    acting = (trig.inner or trig).token
    modality = modality_of(trig.token, trig.pattern.modality)
    claim = claim_of(acting, actors.actor) or (claim_of(trig.token, actors.actor) if acting != trig.token else None)
    attribution, claimant = claim if claim else (None, None)
    draft = demanded(draft, claimant) or replace(draft, cameo=announced(draft, modality, claimant))
    location = event_location(draft, facets, acting, actors)
    draft = complete_parties(draft, facets, location, actors)
    return Framed(draft, modality, attribution, location)
