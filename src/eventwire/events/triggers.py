"""Finds event triggers in a parsed sentence: words whose lexicon pattern and frame match.

DOCS: docs/data-files.md#event-patterns
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from eventwire.events.lexicon import Lexicon, Pattern

CLAUSE_COMPLEMENTS = {"xcomp", "ccomp"}
# Verbs that merely carry a noun event ("launched an attack", "held talks"): the noun codes it.
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}


@dataclass(slots=True)
class Trigger:
    token: Token
    pattern: Pattern
    inner: Trigger | None = None
    purpose: list[Trigger] = field(default_factory=list)
    consumed: bool = False

    @property
    def root(self) -> str:
        return self.pattern.cameo[:2]


def pos_of(token: Token) -> str | None:
    if token.pos_ == "VERB":
        return "VERB"
    if token.pos_ in ("NOUN", "PROPN"):
        return "NOUN"
    return None


def direct_object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "dobj":
            return child
    if any(c.dep_ == "auxpass" for c in token.children):
        return next((c for c in token.children if c.dep_ == "nsubjpass"), None)
    if token.dep_ == "relcl" and not any(c.dep_ == "dobj" for c in token.children):
        return token.head  # "the pact Kim signed": the noun the clause describes is the object
    return None


def matches(token: Token, pattern: Pattern) -> bool:
    """Whether the token's frame meets the pattern's constraints."""
    kids = list(token.children)
    if pattern.particle and not any(c.dep_ in ("prt", "prep") and c.lower_ == pattern.particle for c in kids):
        return False
    if pattern.prep and not _has_prep(token, pattern.prep):
        return False
    if pattern.object:
        if pattern.pos == "VERB":
            obj = direct_object(token)
            if obj is None or not _lemma_in(obj, pattern.object):
                return False
        elif not any(c.dep_ in ("compound", "amod") and _lemma_in(c, pattern.object) for c in kids):
            return False
    if pattern.xcomp and not any(c.dep_ in CLAUSE_COMPLEMENTS and c.lemma_.lower() in pattern.xcomp for c in kids):
        return False
    return True


def _lemma_in(token: Token, lemmas: list[str]) -> bool:
    lemma = token.lemma_.lower()
    return lemma in lemmas or token.lower_ in lemmas


def _has_prep(token: Token, prep: str) -> bool:
    if any(c.dep_ in ("prep", "prt", "agent", "dative") and c.lower_ == prep for c in token.children):
        return True
    obj = direct_object(token)  # "accused Moscow of …" may hang the preposition on the object
    return obj is not None and obj != token.head and any(
        c.dep_ == "prep" and c.lower_ == prep for c in obj.children)


def find_triggers(sent: Span, lexicon: Lexicon) -> list[Trigger]:
    """Every token of the sentence whose most specific matching pattern makes it a trigger."""
    found: list[Trigger] = []
    for token in sent:
        pos = pos_of(token)
        if pos is None:
            continue
        for pattern in lexicon.candidates(token.lemma_.lower(), pos):
            if matches(token, pattern):
                found.append(Trigger(token, pattern))
                break
    _merge_light_verbs(found)
    _attach_complements(found)
    return [t for t in found if not t.consumed]


def _merge_light_verbs(found: list[Trigger]) -> None:
    """'launched an attack on X': keep one trigger for verb + event-noun object.

    A verb pattern that names the object explicitly is the more specific reading and wins;
    otherwise the noun, which carries the event's meaning, wins.
    """
    by_token = {t.token.i: t for t in found}
    for trig in found:
        if trig.pattern.pos != "VERB":
            continue
        obj = direct_object(trig.token)
        noun = by_token.get(obj.i) if obj is not None else None
        if noun is None or noun.consumed:
            continue
        if trig.pattern.object:
            noun.consumed = True
        else:
            trig.consumed = True


def _attach_complements(found: list[Trigger]) -> None:
    """'promised that X would support Y', 'sent troops to fight Z': nest the inner act."""
    by_token = {t.token.i: t for t in found if not t.consumed}
    for trig in found:
        if trig.consumed:
            continue
        for inner in _clausal_children(trig.token):
            other = by_token.get(inner.i)
            if other is None or other is trig or other.consumed:
                continue
            if trig.pattern.complement and trig.inner is None:
                trig.inner = other
                other.consumed = True
            elif _is_purpose(inner):
                trig.purpose.append(other)
                other.consumed = True


def _clausal_children(token: Token) -> list[Token]:
    out = []
    for child in token.children:
        if child.dep_ in ("xcomp", "ccomp", "advcl"):
            out.append(child)
        elif child.dep_ == "prep":  # "thanked Kim for deploying": the act sits under a preposition
            out.extend(c for c in child.children if c.dep_ == "pcomp")
    obj = direct_object(token)
    if obj is not None and obj != token.head:  # "sent troops to fight": purpose hangs on the object
        out.extend(c for c in obj.children if c.dep_ in ("acl", "relcl") and _is_purpose(c))
    return out


def _is_purpose(token: Token) -> bool:
    """An infinitive of purpose: 'to fight against Ukraine', 'to aid in the war effort'."""
    return token.dep_ in ("xcomp", "advcl", "acl", "relcl") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
