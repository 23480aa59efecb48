"""Finds the words that fill a trigger's source and target roles in the dependency parse.

DOCS: docs/data-files.md#event-patterns (role names)
"""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.nlp.syntax import (
    TEMPORAL_PREPS,
    direct_object,
    hyphen_partner,
    named_in_free_relative,
    object_core,
    of_chain,
    prep_objects,
    subject,
)
from eventwire.rules import rules

TIME_ENTITIES = {"DATE", "TIME"}
# Participles that give a figure's range and may carry the object's own phrases ("tariffs ranging from
# 20% to 30% on imports from Iraq").
RANGE_VERBS = {"range", "vary", "total", "amount", "worth"}
# Prepositions that set an act before or after the verb's own, or beside it: not one its subject does.
BEFORE_OR_AFTER = TEMPORAL_PREPS - {"during"}


def governor_verb(token: Token) -> Token | None:
    """The verb a noun trigger depends on: 'Russia launched strikes', 'during the talks'; a conjunct's
    is its first conjunct's ('announced the annulment of the results and the closure of the borders')."""
    token = _first_conjunct(token)
    named_by = named_in_free_relative(token)
    if named_by is not None:
        return named_by
    head = token.head
    if token.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "npadvmod") and head.pos_ in ("VERB", "AUX"):
        return head
    if token.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB" and head.lower_ not in BEFORE_OR_AFTER:
        return head.head  # not "appeared in court after his abduction": whoever appeared did not abduct
    if token.dep_ == "pobj" and head.dep_ == "prep" and object_core(head.head, sums=True) == token:
        return governor_verb(head.head)  # "announced $47 million in aid": the aid is what was announced
    return None


def role_tokens(token: Token, role: str) -> list[Token]:
    """The tokens filling ``role`` around ``token`` (empty when the frame lacks it)."""
    if role == "nsubj":
        found = subject(token)
        return [found] if found is not None and found != token else []
    if role == "self":  # "protesters": the noun names the performers themselves
        return [token]
    if role == "agent":
        return list(prep_objects(token, "by"))
    if role == "dobj":
        obj = direct_object(token)
        return [obj] if obj is not None else []
    if role == "dative":
        found = [c for c in token.children if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP"]
        if not found and any(c.dep_ == "auxpass" for c in token.children) \
                and any(c.dep_ == "dobj" for c in token.children):
            # "Khan was given a prison sentence": a passive that keeps its object has the recipient as subject
            found = [c for c in token.children if c.dep_ == "nsubjpass"]
        return found
    if role in ("poss", "compound", "amod"):
        return [c for t in (token, *hyphen_partner(token)) for c in t.children
                if c.dep_ == role or (role == "poss" and _curly_possessive(c))]
    if role.startswith("prep:"):
        word = role[5:]
        # "imposed sanctions on Venezuela on Monday": a day is no party, the object's "on" is
        found = [t for t in prep_objects(token, word) if t.ent_type_ not in TIME_ENTITIES]
        obj = direct_object(token)  # "sent troops to Syria" may hang 'to Syria' on the object
        if not found and obj is not None and obj != token.head:
            found = list(prep_objects(obj, word))
            core = object_core(obj)  # "held several rounds of talks with the Taliban"
            if not found and core is not obj:
                found = list(prep_objects(core, word))
            if not found and word != "of":  # "approved a motion of censure against the prime minister"
                found = [o for n in of_chain(obj, 1) for o in prep_objects(n, word)][:1]
            if not found:  # "announced tariffs ranging from 20% to 30% on imports from Iraq"
                found = [p for c in obj.children if c.dep_ == "acl" and c.lemma_.lower() in RANGE_VERBS
                         for t in c.subtree if t.dep_ == "prep" and t.lower_ == word
                         for p in t.children if p.dep_ == "pobj"][:1]
        if not found and token.pos_ in ("NOUN", "PROPN") and word != "of":  # "launch of rockets against X"
            found = [o for n in of_chain(token) for o in prep_objects(n, word)][:1]
        if not found and token.pos_ == "NOUN" and word == "by":  # "the armed revolt launched by Prigozhin"
            found = [o for c in token.children if c.dep_ == "acl" and c.tag_ == "VBN"
                     and c.lemma_.lower() in rules("triggers")["performing_participles"]
                     for o in prep_objects(c, "by")][:1]
        return found
    if role == "undergoer":
        return [found] if undergone(token) and (found := subject(token.head.head)) is not None else []
    if role == "undergone-from":  # "came under fire from Gaza" hangs "from Gaza" on the noun or the verb
        return (list(prep_objects(token, "from")) or list(prep_objects(token.head.head, "from"))) \
            if undergone(token) else []
    if role in ("governor-subject", "governor-object"):
        verb = governor_verb(token)
        if verb is None or (role == "governor-subject" and (_counters(verb) or undergone(token))):
            return []
        found = subject(verb) if role == "governor-subject" else direct_object(verb)
        return [found] if found is not None and found != token else []
    return []


def _curly_possessive(child: Token) -> bool:
    """'Kyriakos Mitsotakis’ trip': after a name ending in s, the small model reads a typographic
    apostrophe as punctuation and the name as a modifier; it is the possessor, as with "'"."""
    after = child.doc[child.i + 1] if child.i + 1 < len(child.doc) else None
    return child.dep_ in ("nmod", "compound") and child.pos_ == "PROPN" and child.lower_.endswith("s") \
        and after is not None and after.text == "\u2019"


def undergone(noun: Token) -> bool:
    """'Israel came under rocket fire from Gaza', 'the town remains under siege': the subject of a
    verb of undergoing suffers the act the noun after "under" names; it does not perform it (nor the
    act of a noun joined to it: "came under heavy artillery and mortar fire")."""
    noun = _first_conjunct(noun)
    return noun.dep_ == "pobj" and noun.head.lower_ == "under" \
        and noun.head.head.lemma_.lower() in rules("triggers")["undergoing_verbs"]


def _first_conjunct(noun: Token) -> Token:
    """The first of nouns joined by "and" ("the closure of the borders and the dissolution of the
    institutions"), which holds the place in the clause they share."""
    while noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN") and noun.head != noun:
        noun = noun.head
    return noun


def _counters(verb: Token) -> bool:
    """'Police fired tear gas to stop the procession': who stops a march does not march, nor who
    reaches a deal to end an insurrection; 'Hamas
    described the strike from Iran as a deserved response': who names an act did not do it."""
    lemma = verb.lemma_.lower()
    if lemma in rules("triggers")["ending_verbs"] and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return True  # "a deal to end the insurrection": a purpose, not one's own act ended
    return lemma in rules("triggers")["countering_verbs"] or lemma in rules("triggers")["naming_verbs"]


def clause_subject_target(token: Token) -> list[Token]:
    """'demanding that Ukraine demilitarize': the subject of the demanded clause is the target."""
    for child in token.children:
        if child.dep_ == "ccomp":
            subj = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                return [subj]
    return []
