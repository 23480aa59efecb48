"""Attribution: who the text says an event comes from ("according to state media",
"South Korean intelligence indicates", "officials said").

Cue words live in data/facets/attribution.yaml.
DOCS: README.md#output-schema
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Span, Token

from eventwire.model import Actor, Attribution
from eventwire.rules import is_reporting_verb, rules

Resolve = Callable[[Token], Actor | None]
REPORTED_LINKS = {"ccomp", "parataxis", "xcomp", "advcl", "conj"}


Claim = tuple[Attribution, Actor | None]


def attribution_of(trigger: Token, resolve: Resolve) -> Attribution | None:
    """The source of the claim that the event at ``trigger`` happened, if the text names one."""
    found = claim_of(trigger, resolve)
    return found[0] if found else None


def claim_of(trigger: Token, resolve: Resolve) -> Claim | None:
    """The attribution of the event at ``trigger`` with the actor who makes the claim, if resolved."""
    for finder in (_reporting_ancestor, _reporting_aside, _prepositional):
        found = finder(trigger, resolve)
        if found:
            return found
    return None


def _reporting_ancestor(trigger: Token, resolve: Resolve) -> Claim | None:
    """'X said that Y attacked Z': the event sits in the reported clause of a reporting verb."""
    tok = trigger
    while tok.head != tok:
        link, tok = tok.dep_, tok.head
        if is_reporting_verb(tok) and link in REPORTED_LINKS | {"dobj", "prep", "pobj", "acl"}:
            found = _from_subject(tok, resolve)
            if found:
                return found
    return None


def _reporting_aside(trigger: Token, resolve: Resolve) -> Claim | None:
    """'Y attacked Z, officials said': a reporting clause hangs on the event's own clause."""
    for anc in [trigger, *trigger.ancestors]:
        for child in anc.children:
            if child != trigger and child.dep_ in REPORTED_LINKS and is_reporting_verb(child) \
                    and not any(c.dep_ in ("ccomp", "xcomp") for c in child.children):
                found = _from_subject(child, resolve)
                if found:
                    return found
    return None


def _prepositional(trigger: Token, resolve: Resolve) -> Claim | None:
    """'according to state media', 'citing officials': anywhere in the sentence."""
    sent: Span = trigger.sent
    text = sent.text.lower()
    for cue in sorted(rules("attribution")["prepositional"], key=len, reverse=True):
        found = re.search(rf"(?<![\w-]){re.escape(cue)}\s", text)  # "per", not "upper"
        if found is None:
            continue
        start_char = sent.start_char + found.end()
        head = _phrase_head_at(sent, start_char)
        if head is not None:
            span = _phrase(head)
            actor = resolve(head)
            return Attribution(text=span.text, code=actor.code if actor else None, cue=cue,
                               start=span.start_char, end=span.end_char), actor
    return None


def _from_subject(verb: Token, resolve: Resolve) -> Claim | None:
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.lower_ in ("it", "that", "which", "this"):
        return None
    actor = resolve(subj)
    if actor is None and subj.ent_type_ not in ("PERSON", "ORG", "NORP", "GPE"):
        return None  # "the root cause is alleged…": a claim needs someone who makes it
    span = _phrase(subj)
    text = span.text
    if subj.pos_ == "PRON":
        if actor is None:
            return None
        text = actor.name or actor.code
    return Attribution(text=text, code=actor.code if actor else None, cue=verb.text,
                       start=span.start_char, end=span.end_char), actor


def _phrase_head_at(sent: Span, start_char: int) -> Token | None:
    for tok in sent:
        if tok.idx >= start_char and not tok.is_punct:
            head = tok
            while head.head != head and head.head.i > tok.i - 1 and head.head.dep_ not in ("prep",) \
                    and head.dep_ in ("compound", "amod", "det", "poss", "nmod", "case"):
                head = head.head
            return head
    return None


def _phrase(head: Token) -> Span:
    """The noun phrase of ``head`` without trailing clauses: its left modifiers and itself."""
    left = min([head.i, *(t.i for c in head.lefts for t in c.subtree)])
    return head.doc[left:head.i + 1]
