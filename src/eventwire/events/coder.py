"""Turns triggers into coded event drafts: CAMEO code, source and target actors.

Facets (attribution, modality, quantities, dates, places) are added by the next stage.
DOCS: README.md#how-it-works
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from eventwire.actors.resolver import DocActors
from eventwire.events.codebook import complement_codes
from eventwire.events.lexicon import Lexicon
from eventwire.events.roles import clause_subject_target, role_tokens
from eventwire.events.triggers import Trigger, find_triggers
from eventwire.facets.attribution import is_reporting_verb
from eventwire.model import Actor

MAX_PER_SIDE = 4
# Roots whose events are worth reporting even when no actor is named ("dozens were arrested").
ACTORLESS_ROOTS = {"14", "15", "17", "18", "19", "20"}
VIOLENT_ROOTS = {"18", "19", "20"}


@dataclass(slots=True)
class Draft:
    trigger: Trigger
    cameo: str
    source: Actor | None
    target: Actor | None
    tokens: list[Token] = field(default_factory=list)
    confidence: float = 0.5

    @property
    def token(self) -> Token:
        return self.trigger.token


def code_sentence(sent: Span, lexicon: Lexicon, actors: DocActors) -> list[Draft]:
    """Every event draft of one sentence, one per (source, target) pair."""
    drafts: list[Draft] = []
    for trig in find_triggers(sent, lexicon):
        if _reports_other_events(trig):
            continue
        drafts.extend(_drafts_of(trig, lexicon, actors))
    return _unique(drafts)


def _reports_other_events(trig: Trigger) -> bool:
    """'officials warned that Moscow sent…': the warning only attributes the inner event."""
    return trig.inner is None and is_reporting_verb(trig.token) and any(
        c.dep_ in ("ccomp", "parataxis") and c.pos_ in ("VERB", "AUX") for c in trig.token.children)


def _drafts_of(trig: Trigger, lexicon: Lexicon, actors: DocActors) -> list[Draft]:
    acting = trig.inner if trig.inner is not None else trig
    cameo = _code(trig, lexicon)
    sources, source_tokens = _fill(trig, "source", actors)
    if trig.inner is not None and not sources:
        sources, source_tokens = _fill(trig.inner, "source", actors)
    targets, target_tokens = _fill(acting, "target", actors)
    if not targets and acting is not trig:
        targets, target_tokens = _fill(trig, "target", actors)
    for purpose in trig.purpose:
        if targets:
            break
        targets, target_tokens = _fill(purpose, "target", actors)
    if not targets and trig.pattern.pos == "VERB" and cameo[:2] in ("02", "10", "11", "13"):
        toks = clause_subject_target(trig.token)
        targets = [a for t in toks for a in actors.actors(t)]
        target_tokens = toks
    if not sources and not targets and cameo[:2] not in ACTORLESS_ROOTS:
        return []
    tokens = [trig.token, *(t.token for t in [trig.inner] if t), *source_tokens, *target_tokens]
    out = []
    for source in sources[:MAX_PER_SIDE] or [None]:
        for target in targets[:MAX_PER_SIDE] or [None]:
            if source is not None and target is not None and source.code == target.code:
                target = None
            out.append(Draft(trig, cameo, source, target, tokens, _confidence(trig, source, target)))
    return out


def _code(trig: Trigger, lexicon: Lexicon) -> str:
    """The trigger's code, refined by the act it announces ("pledged to send aid" → 033)."""
    if trig.inner is None:
        return trig.pattern.cameo
    refine = complement_codes().get(trig.root)
    if refine is None:
        return trig.inner.pattern.cameo
    return refine.get(trig.inner.root, trig.pattern.cameo)


def _fill(trig: Trigger, side: str, actors: DocActors) -> tuple[list[Actor], list[Token]]:
    roles = trig.pattern.source_roles if side == "source" else trig.pattern.target_roles
    for role in roles:
        for tok in role_tokens(trig.token, role):
            found = actors.actors(tok)
            if found:
                return found, [tok]
    return [], []


def _confidence(trig: Trigger, source: Actor | None, target: Actor | None) -> float:
    score = trig.pattern.confidence
    score += 0.15 if source is not None and source.country else 0.0
    score += 0.1 if target is not None and target.country else 0.0
    score -= 0.2 if source is None and target is None else 0.0
    return round(max(0.05, min(score, 0.99)), 3)


def _unique(drafts: list[Draft]) -> list[Draft]:
    seen, out = set(), []
    for d in drafts:
        key = (d.token.i, d.cameo, d.source.code if d.source else None, d.target.code if d.target else None)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out
