"""Modality of an event: asserted, intended, expected, hypothetical or negated.

Rules (cue words) live in data/facets/modality.yaml.
DOCS: README.md#output-schema
"""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.model import Modality
from eventwire.nlp.syntax import TEMPORAL_PREPS
from eventwire.rules import rules

# Links along which a governing word's meaning reaches the act it governs. A relative clause
# keeps its own modality ("the pact they signed last year" stays asserted whatever governs it).
GOVERNING_LINKS = {"xcomp", "ccomp", "acomp", "pcomp", "conj"}
NOUN_LINKS = {"dobj", "pobj", "nsubjpass", "attr"}


def modality_of(trigger: Token, implied: Modality | None = None) -> Modality:
    """The modality of the act at ``trigger``; ``implied`` is what its pattern says (promise → intended)."""
    r = rules("modality")
    chain = _governing_chain(trigger)
    if _negated(chain, r):
        return "negated"
    if _conditional(chain, r) or _purpose(chain, r) or _threatened_consequence(chain, r) or _any_such(trigger, r):
        return "hypothetical"
    if implied:
        return implied
    for tok in chain[1:]:
        lemma = tok.lemma_.lower()
        if lemma in r["intended_governors"]:
            return "intended"
        if lemma in r["expected_governors"]:
            return "expected"
    for tok in chain[:2]:
        for child in tok.children:
            if child.dep_ == "aux" and child.lower_ in r["expected_modals"]:
                return "expected"
    if trigger.pos_ in ("NOUN", "PROPN") and any(
            c.dep_ == "amod" and c.lower_ in r["expected_modifiers"] for c in trigger.children):
        return "expected"  # "Xi's upcoming talks with Biden"
    return "asserted"


def _governing_chain(trigger: Token) -> list[Token]:
    """The trigger, then the words it depends on within its own clause chain (at most 4)."""
    chain = [trigger]
    tok = trigger
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in NOUN_LINKS:
        if tok.dep_ == "pobj" and tok.head.lower_ in TEMPORAL_PREPS:
            return chain  # "following a suspected air strike": a time adjunct governs nothing
        if tok.dep_ == "pobj" and tok.head.head != tok.head:  # "ready for talks": over the preposition
            tok = tok.head
        tok = tok.head
        chain.append(tok)
    while _governed(tok) and tok.head != tok and len(chain) < 4:
        tok = tok.head
        if tok.dep_ == "prep" and chain[-1].dep_ == "pcomp" and tok.head != tok:
            tok = tok.head  # "aimed at forcing": over the preposition to the word it completes
        chain.append(tok)
    return chain


def _governed(tok: Token) -> bool:
    """Whether ``tok`` completes the word above it: a complement, or an infinitive on a noun
    ("an attempt to destabilise", "willingness to advance a deal") or on a verb the parser hung it
    on as a clause of its own ("have sworn to fight"). A conjunct with a subject of its own is a clause
    of its own: "He has denied the charges and he has been remanded" remands him."""
    if tok.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        return False
    return tok.dep_ in GOVERNING_LINKS or (
        tok.dep_ in ("acl", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children))


def _purpose(chain: list[Token], r) -> bool:
    """'a strike aimed at forcing Macron to back down', 'in an attempt to destabilise the country': an
    act told as someone's goal is not stated as real."""
    return any(tok.lemma_.lower() in r["purpose_governors"] for tok in chain[1:])


def _any_such(trigger: Token, r) -> bool:
    """'a response to any attack by Iran': an act named by a noun of no act in particular."""
    return trigger.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ == "det" and c.lower_ in r["hypothetical_determiners"] for c in trigger.children)


def _threatened_consequence(chain: list[Token], r) -> bool:
    """'one week to reinstate Bazoum or face sanctions': what one faces in the other branch of an
    alternative is what an ultimatum threatens (``consequence_verbs``)."""
    return len(chain) > 1 and chain[1].lemma_.lower() in r["consequence_verbs"] and chain[1].dep_ == "conj" \
        and any(c.dep_ == "cc" and c.lower_ == "or" for c in chain[1].head.children)


def _negated(chain: list[Token], r) -> bool:
    trigger = chain[0]
    carriers = chain[:2] if trigger.pos_ in ("NOUN", "PROPN") else chain[:1]
    for tok in carriers:
        if any(c.dep_ in ("neg", "det", "advmod", "preconj") and c.lower_ in r["negators"] for c in tok.children):
            return True
        if _no_one_does(tok):
            return True
    # "denied attacking the village"; not "denied the charges and challenged the court": a conjunct
    # of a denial is a second act of the one who denies
    if any(tok.lemma_.lower() in r["denial_verbs"] and not (below.dep_ == "conj" and below.head == tok)
           for below, tok in zip(chain[:2], chain[1:3], strict=False)):
        return True
    # "to avoid bloodshed", "averted a strike": the act the governing verb keeps from happening
    if len(chain) > 1 and chain[0].dep_ in ("dobj", "xcomp") and chain[1].lemma_.lower() in r["avoidance_verbs"]:
        return True
    # "falling short of hitting the oil shipments", "stopped short of imposing a ban": left undone
    if _short_of(trigger, r):
        return True
    # "prohibited from speaking": the act the governing verb keeps from happening
    return len(chain) > 1 and chain[0].dep_ == "pcomp" and chain[0].head.lower_ == "from" \
        and chain[1].lemma_.lower() in r["prevention_verbs"]


def _short_of(trigger: Token, r) -> bool:
    prep = trigger.head
    if trigger.dep_ not in ("pcomp", "pobj") or prep.lower_ != "of" or prep.head.lower_ != "short":
        return False
    return prep.head.head.lemma_.lower() in r["shortfall_verbs"]


def _no_one_does(verb: Token) -> bool:
    """'Neither Eritrea nor the regional forces took part in the talks': the parser hangs "neither" on
    the subject, which then denies the act of each party it names."""
    return verb.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("nsubj", "nsubjpass") and any(g.lower_ == "neither" for g in c.children) for c in verb.children)


def _conditional(chain: list[Token], r) -> bool:
    for tok in chain[:3]:
        for child in tok.children:
            if child.dep_ == "mark" and child.lower_ in r["conditional_marks"]:
                return True
            if child.dep_ == "aux" and child.lower_ in r["hypothetical_modals"]:
                return True
            if child.dep_ == "aux" and child.lower_ in r["inverted_conditionals"] and any(
                    s.dep_ in ("nsubj", "nsubjpass") and s.i > child.i for s in tok.children):
                return True  # "Should the government request this support, …"
    return False
