"""The facets stage: gives each event draft its attribution, modality, quantities, date and place.

Facet mentions are found once per sentence; each event takes those in its own clause
first and falls back to sentence-level ones only where that is safe.
DOCS: README.md#output-schema
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date

from spacy.tokens import Span, Token

from eventwire.actors.resolver import DocActors
from eventwire.events.codebook import Codebook, complement_codes
from eventwire.events.coder import Draft
from eventwire.facets.attribution import claim_of
from eventwire.facets.dates import find_dates
from eventwire.facets.modality import modality_of
from eventwire.facets.places import find_places
from eventwire.facets.quantities import find_quantities
from eventwire.model import Actor, DateValue, Event, Evidence, Location, PloverCode, Quantity
from eventwire.rules import is_reporting_verb

CLAUSE_BOUNDARIES = {"relcl", "advcl", "ccomp", "parataxis", "acl", "pcomp"}
# Prepositions after which a country names where something happens ("in Ukraine", "trip to Japan"),
# not whom it concerns ("war on Ukraine").
LOCATIVE_PREPS = {"in", "at", "near", "to", "into", "inside", "across", "within", "throughout", "off"}
# Cooperative acts whose announcement is itself the event: "Israel will evacuate…" is CAMEO 03
# (express intent); an intended act of force is a threat (13).
INTENT_ROOTS = {"04", "05", "06", "07", "08"}
THREAT_ROOTS = {"15", "16", "17", "18", "19", "20"}
OBLIGATION_MODALS = {"must", "should", "ought"}
# Coming acts that are threats when their performer announces them: protest, boycott and strike
# (133) as much as force.
ANNOUNCED_THREATS = THREAT_ROOTS | {"14"}
FUTURE_MODALS = {"will", "would", "wo", "'ll", "shall"}
ULTIMATUM = "139"  # CAMEO: give ultimatum — an act announced on condition that the other side yields
DEADLINE_WORDS = {"before", "by", "until", "till", "ahead"}
# Acts that, naming no target, are done at home: protests, repression, concessions, inquiries.
DOMESTIC_ROOTS = {"08", "09", "14", "17"}
# Acts of violence and unrest reported without a perpetrator are coded to the country they happen in.
UNCLAIMED_ROOTS = {"14", "17", "18", "19", "20"}
# Counted words that are the actors themselves, not a figure of the event ("the three nations").
ACTOR_COUNT_UNITS = {"nations", "countries", "states", "sides", "parties", "governments", "leaders"}


@dataclass(slots=True)
class SentenceFacets:
    """Facet mentions of one sentence, found once and shared by its events."""

    sent: Span
    quantities: list[Quantity]
    dates: list[DateValue]
    places: list[Location]

    @classmethod
    def find(cls, sent: Span, doc_date: date | None) -> SentenceFacets:
        return cls(sent, find_quantities(sent), find_dates(sent, doc_date), find_places(sent))


def describe(draft: Draft, facets: SentenceFacets, actors: DocActors, codebook: Codebook,
             doc_id: str, sentence: int) -> Event:
    """The finished event record of one draft."""
    trig = draft.trigger
    acting = (trig.inner or trig).token
    modality = modality_of(trig.token, trig.pattern.modality)
    claim = claim_of(acting, actors.actor) or (claim_of(trig.token, actors.actor) if acting != trig.token else None)
    attribution, claimant = claim if claim else (None, None)
    draft = _demanded(draft, claimant) or replace(draft, cameo=_announced(draft, modality, claimant))
    entry = codebook.get(draft.cameo)
    cameo = draft.cameo
    location = _location(draft, facets, acting, actors)
    scene = location or _scene(facets)
    home = _only_state(draft, actors)
    source = _situated(draft.source, location, draft.target, home, scene)
    target = _situated(draft.target, location, draft.source, home, scene)
    if source is None and scene is not None and scene.country and draft.cameo[:2] in UNCLAIMED_ROOTS:
        source = _country_actor(scene)  # "a roadside bomb near Samarra killed…": the country it happened in
    draft = replace(draft, source=source, target=target)
    target = target or _target_from_place(draft, location) or _domestic_target(draft, actors) \
        or _only_other_party(draft, actors)
    evidence = _evidence(draft, facets.sent)
    return Event(
        event_id=_event_id(doc_id, draft),
        doc_id=doc_id,
        sentence=sentence,
        cameo=cameo,
        cameo_name=entry.name,
        plover=PloverCode(event=entry.plover, mode=entry.mode, context=entry.context),
        goldstein=entry.goldstein,
        quad_class=entry.quad,
        source=source,
        target=target,
        attribution=attribution,
        modality=modality,
        quantities=_quantities(facets, acting, trig.token),
        date=_date(facets, acting),
        location=location,
        evidence=evidence,
        trigger=_token_evidence(trig.token),
        pattern=trig.pattern.id if trig.inner is None else f"{trig.pattern.id}+{trig.inner.pattern.id}",
        confidence=draft.confidence if draft.target is not None or target is None else round(
            draft.confidence * 0.85, 3),
    )


def _announced(draft: Draft, modality: str, claimant: Actor | None) -> str:
    """The code of an act that is only announced: intent to cooperate (03x) or a threat (13x).

    Applies where the context, not the trigger itself, makes the act future or intended;
    "promised to send aid" was already coded 033 by the events stage. A coming act of force
    is a threat when its own performer announces it ("Nigeria said it will withdraw its force")."""
    trig = draft.trigger
    if trig.inner is not None or trig.pattern.modality is not None:
        return draft.cameo
    root = draft.cameo[:2]
    if modality in ("intended", "expected") and _on_condition(trig.token):
        return ULTIMATUM  # "will withdraw its force unless the rebels disarm"
    if modality in ("intended", "expected") and root in INTENT_ROOTS:
        return complement_codes().get("03", {}).get(root, "030")
    if modality == "negated" and root in INTENT_ROOTS and _future(trig.token):
        return complement_codes().get("12", {}).get(root, "120")  # "will not accept refugees": refusal
    self_announced = modality == "expected" and _same_side(claimant, draft.source)
    if (modality == "intended" and root in THREAT_ROOTS) or (self_announced and root in ANNOUNCED_THREATS):
        return complement_codes().get("13", {}).get(root, "130")
    return draft.cameo


def _demanded(draft: Draft, claimant: Actor | None) -> Draft | None:
    """'X said that Y must withdraw': X demands (10x) of Y the act Y is told to perform."""
    acting = (draft.trigger.inner or draft.trigger).token
    must = any(c.dep_ == "aux" and c.lower_ in OBLIGATION_MODALS for c in acting.children)
    if not must or claimant is None or not claimant.country or _same_side(claimant, draft.source):
        return None
    code = complement_codes().get("10", {}).get(draft.cameo[:2], "100")
    return replace(draft, cameo=code, source=claimant, target=draft.source)


def _on_condition(token: Token) -> bool:
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
               for c in token.children)


def _future(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in FUTURE_MODALS for c in token.children)


def _same_side(a: Actor | None, b: Actor | None) -> bool:
    return a is not None and b is not None and a.country is not None and a.country == b.country


def _event_id(doc_id: str, draft: Draft) -> str:
    key = "|".join([doc_id, str(draft.token.idx), draft.cameo,
                    draft.source.code if draft.source else "", draft.target.code if draft.target else ""])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _token_evidence(tok: Token) -> Evidence:
    return Evidence(start=tok.idx, end=tok.idx + len(tok), text=tok.text)


def _evidence(draft: Draft, sent: Span) -> Evidence:
    """The stretch of the sentence from the first to the last word of the event and its actors."""
    starts = [t.idx for t in draft.tokens]
    ends = [t.idx + len(t) for t in draft.tokens]
    for actor in (draft.source, draft.target):
        if actor is not None and actor.start is not None and actor.end is not None \
                and sent.start_char <= actor.start < sent.end_char:
            starts.append(actor.start)
            ends.append(actor.end)
    start, end = max(min(starts), sent.start_char), min(max(ends), sent.end_char)
    text = sent.doc.text[start:end]
    stripped = text.lstrip()
    start += len(text) - len(stripped)
    return Evidence(start=start, end=end, text=stripped.rstrip())


def _clause_of(token: Token, trigger: Token) -> bool:
    """Whether ``token`` belongs to the trigger's own clause (not a clause nested inside it)."""
    tok = token
    while tok != trigger:
        if tok.dep_ in CLAUSE_BOUNDARIES or tok.head == tok:
            return False
        tok = tok.head
    return True


def _root_token(sent: Span, start: int | None, end: int | None) -> Token | None:
    if start is None or end is None:
        return None
    span = sent.doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _in_clause(items: list, trigger: Token, sent: Span) -> list:
    out = []
    for item in items:
        tok = _root_token(sent, item.start, item.end)
        if tok is not None and _clause_of(tok, trigger):
            out.append(item)
    return out


def _quantities(facets: SentenceFacets, acting: Token, announcing: Token) -> list[Quantity]:
    """Figures in the act's clause, or in the clause announcing it ("pledged to send 6,000 engineers
    to help…": the engineers hang on 'send', between the pledge and the help)."""
    found = _in_clause(facets.quantities, acting, facets.sent)
    if announcing != acting:
        found += [q for q in _in_clause(facets.quantities, announcing, facets.sent) if q not in found]
    return [q for q in found if q.unit not in ACTOR_COUNT_UNITS]


def _date(facets: SentenceFacets, trigger: Token) -> DateValue | None:
    """When the event happened: a date in its own clause, else the sentence's only date.
    A deadline ("before winter", "by March") says when something is due, not when it happened."""
    dates = [d for d in facets.dates if not _is_deadline(facets.sent, d)]
    own = _in_clause(dates, trigger, facets.sent)
    if own:
        return own[0]
    return dates[0] if len(dates) == 1 else None


def _is_deadline(sent: Span, value: DateValue) -> bool:
    span = sent.doc.char_span(value.start, value.end, alignment_mode="expand") if value.start is not None else None
    if span is None or span.start == 0:
        return False
    before = sent.doc[span.start - 1]
    return before.lower_ in DEADLINE_WORDS or (before.lower_ == "the" and span.start > 1
                                              and sent.doc[span.start - 2].lower_ in DEADLINE_WORDS)


def _location(draft: Draft, facets: SentenceFacets, trigger: Token, actors: DocActors) -> Location | None:
    """The event's place: one in its own clause, else the sentence's only sub-national place."""
    actor_spans = [(a.start, a.end) for a in (draft.source, draft.target)
                   if a is not None and a.start is not None and a.end is not None]
    usable = []
    for place in facets.places:
        tok = _root_token(facets.sent, place.start, place.end)
        if tok is None or _in_claimant(tok):
            continue
        in_actor = place.start is not None and any(s <= place.start < e for s, e in actor_spans)
        names_actor = actors.mention_at(tok.i) is not None  # "weaken Kyiv": a capital standing for a state
        if (in_actor or names_actor or place.feature == "country") and not _locative(tok):
            continue
        usable.append((place, tok))
    own = [(p, t) for p, t in usable if _clause_of(t, trigger)]
    if own:
        return min(own, key=lambda pt: abs(pt[1].i - trigger.i))[0]
    local = [(p, t) for p, t in usable if p.feature != "country"]
    if local:
        return min(local, key=lambda pt: abs(pt[1].i - trigger.i))[0]
    return None


def _in_claimant(tok: Token) -> bool:
    """'…, relief officials in Nairobi said': where the source of a claim sits is not where it happened."""
    return any(anc.dep_ in ("nsubj", "nsubjpass") and is_reporting_verb(anc.head) for anc in [tok, *tok.ancestors])


def _locative(tok: Token) -> bool:
    """Whether a place name is used as a place ('in Kyiv') rather than for an actor ('Kyiv said')."""
    head = tok
    while head.dep_ in ("compound", "amod", "det") and head.head != head:
        head = head.head
    return head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS


def _situated(actor: Actor | None, location: Location | None, other: Actor | None,
              home: str | None, scene: Location | None) -> Actor | None:
    """A sector with no country ('police', 'rebels') belongs to where the event happened, or else
    to the country of the other side (most such events are domestic), or else to the one state
    or the one country of the places its sentence names. An ethnic group ("ethnic Albanians in
    Serbia") belongs to the country it lives in."""
    if actor is None:
        return None
    ethnic = " ethnic " in f" {actor.text.lower()} "
    if ethnic and location is not None and location.country and location.country != actor.country:
        return actor.model_copy(update={"country": location.country,
                                        "code": location.country + "".join(actor.sectors[:1])})
    if actor.country or not actor.sectors:
        return actor
    country = location.country if location is not None and location.country else None
    if country is None and other is not None and other.country and len(other.country) == 3 and other.kind != "igo":
        country = other.country
    country = country or home or (scene.country if scene is not None else None)
    if country is None:
        return actor
    return actor.model_copy(update={"country": country, "code": country + actor.code})


def _domestic_target(draft: Draft, actors: DocActors) -> Actor | None:
    """An act whose sentence names no country but the performer's own is an internal affair
    ("the opposition agreed to postpone the rally in Baku"): it is directed at that country."""
    source = draft.source
    if source is None or not source.country or len(source.country) != 3 or source.kind in ("igo", "ngo"):
        return None
    if _only_country(draft, actors) != source.country:
        return None
    return Actor(text=source.text, code=source.country, country=source.country, kind="country",
                 start=source.start, end=source.end)


def _only_country(draft: Draft, actors: DocActors) -> str | None:
    """The one party the sentence of the event names, if it names exactly one (a state, or an
    IGO/NGO class, which then rules out a domestic reading)."""
    parties = {m.term.country for m in _party_mentions(draft, actors)}
    return parties.pop() if len(parties) == 1 else None


def _scene(facets: SentenceFacets) -> Location | None:
    """Where a sentence is set when its event has no place of its own: its places, if all lie in one
    country ("the deputy governor of the Tyumen region was attacked"); claimants' places aside."""
    places = [p for p in facets.places if p.country and p.start is not None
              and not _in_claimant(facets.sent.doc.char_span(p.start, p.end, alignment_mode="expand").root)]
    return places[0] if places and len({p.country for p in places}) == 1 else None


def _only_state(draft: Draft, actors: DocActors) -> str | None:
    """The one state the sentence of the event names, if it names exactly one (IGOs aside)."""
    states = {m.term.country for m in _party_mentions(draft, actors) if m.term.kind not in ("igo", "ngo")}
    return states.pop() if len(states) == 1 else None


def _party_mentions(draft: Draft, actors: DocActors) -> list:
    """Dictionary mentions of the event's sentence that name a party, leaving out who reports it."""
    sent = draft.token.sent
    return [m for m in actors.mentions if sent.start <= m.start < sent.end and m.term.country
            and m.term.kind != "media" and not _in_claimant(sent.doc[m.start])]


def _only_other_party(draft: Draft, actors: DocActors) -> Actor | None:
    """'Russia threatened to stop the talks if the United States…': naming no target, an act
    concerns the one other party its sentence names, if there is exactly one."""
    source = draft.source
    if source is None or not source.country:
        return None
    others = {}
    for m in _party_mentions(draft, actors):
        if m.term.country != source.country:
            others.setdefault(m.term.country, m)
    if len(others) != 1:
        return None
    return actors.mention_actor(next(iter(others.values())))


def _country_actor(location: Location) -> Actor:
    return Actor(text=location.text, code=location.country or "", country=location.country, kind="country",
                 start=location.start, end=location.end)


def _target_from_place(draft: Draft, location: Location | None) -> Actor | None:
    """An act by X in country Y, with no target named, is directed at Y; an act at home whose
    kind is domestic (protest, repression, concession, inquiry) is directed at the home country."""
    source = draft.source
    if source is None or not source.country:
        return None
    if location is not None and location.country:
        if location.country == source.country and draft.cameo[:2] not in DOMESTIC_ROOTS:
            return None
        return _country_actor(location)
    if draft.cameo[:2] in DOMESTIC_ROOTS and len(source.country) == 3 and source.country.isalpha() \
            and source.kind != "igo":
        return Actor(text=source.text, code=source.country, country=source.country, kind="country",
                     start=source.start, end=source.end)
    return None
