"""Finds the words that fill a trigger's source and target roles in the dependency parse.

DOCS: docs/data-files.md#event-patterns (role names)
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from eventwire.events.triggers import direct_object

# Verbs whose object, not subject, performs the act of their complement: "urged X to leave",
# "thanked X for deploying", "helped X retake".
OBJECT_CONTROL_DEPS = {"pcomp"}


def is_passive(token: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)


def subject(token: Token) -> Token | None:
    """The performer of a verb: its subject, the agent of a passive, or one inherited."""
    if is_passive(token):
        agent = next((c for c in token.children if c.dep_ == "agent"), None)
        return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    own = next((c for c in token.children if c.dep_ in ("nsubj", "csubj")), None)
    if own is not None:
        if own.lower_ in ("which", "that", "who") and token.dep_ == "relcl":
            return token.head
        return own
    return inherited_subject(token)


def inherited_subject(token: Token) -> Token | None:
    """A verb without a subject takes one from the clause it hangs on."""
    head = token.head
    if head == token:
        return None
    if token.dep_ == "conj":
        return subject(head)
    if token.dep_ == "relcl":
        return head
    if token.dep_ == "pcomp" or (head.dep_ == "prep" and token.dep_ == "pcomp"):
        verb = head.head if head.dep_ == "prep" else head
        return direct_object(verb) or subject(verb)
    if token.dep_ in ("xcomp", "advcl", "ccomp"):
        obj = direct_object(head) if head.pos_ == "VERB" else None
        if token.dep_ == "xcomp" and obj is not None and obj.pos_ in ("PROPN", "NOUN", "PRON"):
            return obj
        return subject(head) if head.pos_ in ("VERB", "AUX") else None
    if token.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
        return head
    return None


def prep_objects(token: Token, word: str) -> Iterator[Token]:
    for child in token.children:
        if child.dep_ in ("prep", "dative", "agent") and child.lower_ == word:
            yield from (c for c in child.children if c.dep_ == "pobj")


def governor_verb(token: Token) -> Token | None:
    """The verb a noun trigger depends on: 'Russia launched strikes', 'during the talks'."""
    head = token.head
    if token.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and head.pos_ in ("VERB", "AUX"):
        return head
    if token.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
        return head.head
    return None


def role_tokens(token: Token, role: str) -> list[Token]:
    """The tokens filling ``role`` around ``token`` (empty when the frame lacks it)."""
    if role == "nsubj":
        found = subject(token)
        return [found] if found is not None and found != token else []
    if role == "agent":
        return list(prep_objects(token, "by"))
    if role == "dobj":
        obj = direct_object(token)
        return [obj] if obj is not None else []
    if role == "dative":
        return [c for c in token.children if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP"]
    if role in ("poss", "compound", "amod"):
        return [c for c in token.children if c.dep_ == role]
    if role.startswith("prep:"):
        word = role[5:]
        found = list(prep_objects(token, word))
        obj = direct_object(token)  # "sent troops to Syria" may hang 'to Syria' on the object
        if not found and obj is not None and obj != token.head:
            found = list(prep_objects(obj, word))
        return found
    if role in ("governor-subject", "governor-object"):
        verb = governor_verb(token)
        if verb is None:
            return []
        found = subject(verb) if role == "governor-subject" else direct_object(verb)
        return [found] if found is not None and found != token else []
    return []


def clause_subject_target(token: Token) -> list[Token]:
    """'demanding that Ukraine demilitarize': the subject of the demanded clause is the target."""
    for child in token.children:
        if child.dep_ == "ccomp":
            subj = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                return [subj]
    return []
