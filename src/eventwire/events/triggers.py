"""Finds event triggers in a parsed sentence: words whose lexicon pattern and frame match.

DOCS: docs/data-files.md#event-patterns
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from eventwire.events.lexicon import Lexicon, Pattern
from eventwire.nlp.syntax import (
    PLACE_ENTITIES,
    TEMPORAL_PREPS,
    direct_object,
    free_relative_named,
    object_core,
    of_chain,
    prep_objects,
    with_particle_dependents,
)
from eventwire.rules import is_reporting_verb, rules

# Clauses a pattern's `xcomp` constraint may name: complements, and purposes ("sent troops to help").
CLAUSE_COMPLEMENTS = {"xcomp", "ccomp", "advcl"}
# Verbs that merely carry a noun event ("launched an attack", "held talks"): the noun codes it.
# "stag" and "wag" are how the small model lemmatizes "staged" and "waged".
# Prepositions that give the grounds or topic of an act.
REASON_PREPS = {"for", "over", "about", "of"}
# Links along which an announced act may lie below the verb that announces it.
CONTENT_LINKS = {"xcomp", "ccomp", "pcomp", "prep", "pobj", "dobj", "conj", "advcl"}


@dataclass(slots=True)
class Trigger:
    token: Token
    pattern: Pattern
    inner: Trigger | None = None
    purpose: list[Trigger] = field(default_factory=list)
    consumed: bool = False
    # the act a noun is the content or the grounds of ("condemned the coup", "sanctions over the coup")
    content_of: Trigger | None = None

    @property
    def root(self) -> str:
        return self.pattern.cameo[:2]


def pos_of(token: Token) -> str | None:
    if token.pos_ == "VERB":
        return "VERB"
    if token.pos_ in ("NOUN", "PROPN") and token.ent_type_ not in ("DATE", "TIME") and token.dep_ != "compound":
        # "March" the month and "aid workers" (a noun modifying a noun) name no act
        return "NOUN"
    return None




# "since the start of the invasion": a phase of an event in a time adjunct stands for the event.
DEFINITE = {"the", "this", "that", "these", "those"}
PHASE_NOUNS = {"start", "beginning", "end", "outbreak", "onset", "eve", "anniversary", "aftermath", "wake"}
# Stretches of time an event noun fills ("after a week of unrest", "following months of protests").
SPAN_NOUNS = {"day", "week", "month", "year", "decade", "night", "hour"}
# Words that tell an event as the setting still going on ("in the current uprising").
ONGOING_WORDS = {"current", "ongoing", "continuing", "present"}


def is_backgrounded(token: Token) -> bool:
    """'Following the meeting with X, …', 'since the start of Russia's invasion': a definite event noun
    in a time adjunct, or in a phase of one, recalls a known event rather than reporting a new one."""
    anchor = token
    span = False  # "after a week of unrest", "following months of protests": a stretch of it, known
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in PHASE_NOUNS:
        anchor = token.head.head
    elif token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lemma_.lower() in SPAN_NOUNS:
        anchor, span = token.head.head, True
    if _ongoing_setting(token):
        return True
    if anchor.dep_ != "pobj" or anchor.head.lower_ not in TEMPORAL_PREPS:
        return False
    if span:
        return True
    # an owner ("Russia's invasion", "his arrest") makes it known only where the time is plainly past:
    # "hours before his arrest" may be the arrest's first report
    owned = anchor is not token or anchor.head.lower_ == "since"
    return any((c.dep_ == "poss" and owned) or (c.dep_ == "det" and c.lower_ in DEFINITE)
               for c in token.children)


def _ongoing_setting(token: Token) -> bool:
    """'when they blew themselves up in Tel Aviv in the current Palestinian uprising': an event noun
    told as the ongoing setting of another act ("in the current X", "during the ongoing X") is its
    background, not a new event."""
    return token.dep_ == "pobj" and token.head.lower_ in ("in", "during", "amid", "amidst") \
        and any(c.dep_ == "amod" and c.lower_ in ONGOING_WORDS for c in token.children)


def matches(token: Token, pattern: Pattern) -> bool:
    """Whether the token's frame meets the pattern's constraints."""
    kids = list(token.children)
    if pattern.particle and not any(_is_particle(c, token) and c.lower_ == pattern.particle for c in kids):
        return False
    if not pattern.particle and _phrasal(token, kids):
        return False
    if pattern.prep and not _has_prep(token, pattern.prep):
        return False
    if pattern.prep_object and not any(_names_one_of(object_core(obj), pattern.prep_object)
                                       for obj in prep_objects(token, pattern.prep or "")):
        return False
    if pattern.object:
        if pattern.pos == "VERB":
            obj = direct_object(token)
            if (obj is None or not _names_one_of(object_core(obj), pattern.object)) \
                    and not _names_one_of_time_given(token, pattern.object) \
                    and not content_names_one_of(token, pattern.object):
                return False
        elif not any(c.dep_ in ("compound", "amod") and _lemma_in(c, pattern.object) for c in kids):
            return False
    if not _predicate_fits(token, pattern) or _a_struggle(token, pattern):
        return False
    return not pattern.xcomp or any(c.dep_ in CLAUSE_COMPLEMENTS and c.lemma_.lower() in pattern.xcomp for c in kids)


def _names_one_of_time_given(verb: Token, lemmas: list[str]) -> bool:
    """'gave Niger's coup leaders one week to reinstate Bazoum': the small parser hangs the time given
    as a modifier (npadvmod) and the receiver as the object. A span of time given (one of ``lemmas``)
    counts as the object only with the act it is given for (an infinitive), so "gave them two weeks
    off" is no deadline."""
    span = next((c for c in verb.children if c.dep_ == "npadvmod" and c.pos_ == "NOUN"
                 and any(d.dep_ in ("nummod", "det") for d in c.children)), None)
    return span is not None and _names_one_of(span, lemmas) and any(
        c.dep_ in ("advcl", "xcomp") and c.i > span.i and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for c in verb.children)


def content_names_one_of(verb: Token, lemmas: list[str]) -> bool:
    """'he vowed that Iran's response would be "harsh"': a verb with no object whose content clause only
    describes one of ``lemmas`` (its subject, with a copula) acts on that thing, as "vowed a harsh
    response" does; a pattern's ``object`` may be met so (matches)."""
    if direct_object(verb) is not None:
        return False
    for clause in verb.children:
        if clause.dep_ != "ccomp" or not any(c.dep_ in ("cop", "acomp", "attr") or c.lemma_ == "be"
                                             for c in (clause, *clause.children)):
            continue
        topic = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if topic is not None and _names_one_of(topic, lemmas):
            return True
    return False


def _a_struggle(verb: Token, pattern: Pattern) -> bool:
    """'Russia is fighting hard for its future', 'we are fighting for the life of our people': force told
    only by what it is for (``struggle_objects``), with no one it is against, is a struggle, not force;
    so is a fight against an ill, not a party ('progress on fighting fentanyl': ``fought_ills``)."""
    if pattern.pos != "VERB" or not pattern.cameo.startswith("19") \
            or verb.lemma_.lower() not in rules("triggers")["struggle_verbs"]:
        return False
    # the small parser may hang the object as a modifier ("fighting/pcomp fentanyl/advmod")
    obj = direct_object(verb) or next((c for c in verb.children if c.dep_ in ("advmod", "npadvmod")
                                       and c.pos_ == "NOUN"), None)
    if obj is not None:
        return _lemma_in(object_core(obj), rules("triggers")["fought_ills"])
    if any(next(iter(prep_objects(verb, word)), None) is not None for word in ("against", "with", "on", "at")):
        return any(_lemma_in(o, rules("triggers")["fought_ills"]) for o in prep_objects(verb, "against"))
    return any(_lemma_in(o, rules("triggers")["struggle_objects"]) for o in prep_objects(verb, "for"))


def _is_particle(child: Token, verb: Token) -> bool:
    """A particle, a preposition, or the adverb right after the verb that the small parser takes for
    one ("had shot *down* 90% of the rockets")."""
    return child.dep_ in ("prt", "prep") or (child.dep_ == "advmod" and child.i == verb.i + 1)


def _phrasal(token: Token, kids: list[Token]) -> bool:
    """'called off its work', 'gave up': a particle that makes the verb another word."""
    r = rules("triggers")
    return token.pos_ == "VERB" and token.lemma_.lower() not in r["light_verbs"] and any(
        c.dep_ == "prt" and c.lower_ in r["sense_particles"] for c in kids)


def _predicate_fits(token: Token, pattern: Pattern) -> bool:
    """'called China a decisive enabler', 'branded the vote a farce': a naming verb with a predicate on
    its object names, it does not phone or summon; only a pattern listing the predicate reads it."""
    predicate = _object_predicate(token)
    if pattern.predicate:
        return predicate is not None and _lemma_in(predicate, pattern.predicate)
    return predicate is None or token.lemma_.lower() not in rules("triggers")["naming_verbs"]


def _a_relation_held(noun: Token) -> bool:
    """'Israel has a peace treaty with Egypt', 'enjoy close ties': a standing relation one holds."""
    r = rules("triggers")
    verb = noun.head
    return noun.dep_ == "dobj" and noun.lemma_.lower() in r["standing_nouns"] and verb.pos_ in ("VERB", "AUX") \
        and verb.lemma_.lower() in r["holding_verbs"]


def _in_a_name(noun: Token) -> bool:
    """'the Front for the Liberation of Mozambique', 'the Chamber of Commerce': a capitalised word inside
    an organisation's name is part of the name, no act."""
    return noun.ent_type_ == "ORG" and noun.text[:1].isupper() and noun.i != noun.sent.start


def _names_an_act(noun: Token) -> bool:
    """'called the firing an unprovoked violation of the ceasefire', 'branded the raid a massacre': what
    a naming verb calls an act it has told is a word for that act, no act of its own."""
    verb = noun.head
    return verb.pos_ == "VERB" and verb.lemma_.lower() in rules("triggers")["naming_verbs"] \
        and _object_predicate(verb) == noun and any(c.dep_ == "dobj" and c != noun for c in verb.children)


def _names_one_of(obj: Token, lemmas: list[str]) -> bool:
    """'expelled the ambassador', or a person introduced by role: 'ordered Sylvain Itte, the French
    ambassador, to leave', 'ousted President Mohamed Bazoum'."""
    return _lemma_in(obj, lemmas) or any(
        (c.dep_ == "appos" or (c.dep_ == "compound" and obj.pos_ == "PROPN")) and _lemma_in(c, lemmas)
        for c in obj.children)


def _object_predicate(verb: Token) -> Token | None:
    """What a verb names its object as: its oprd, the second of two objects the small parser gives
    'branded the referendum a sham', or what 'as' names after the object ('views Xi as a dictator')."""
    objects = [c for c in verb.children if c.dep_ in ("oprd", "dobj")]
    own = next((c for c in objects if c.dep_ == "oprd"), None)
    if own is None and len(objects) == 1 and objects[0].dep_ == "dobj":
        own = next((p for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > objects[0].i
                    for p in c.children if p.dep_ == "pobj"), None) or _indefinite_apposition(objects[0])
    return own or (objects[-1] if len(objects) > 1 else None)


def _indefinite_apposition(obj: Token) -> Token | None:
    """'considers Xi Jinping, the President of China, a dictator': the small parser hangs the predicate
    on the object as its last apposition; an indefinite one ("a dictator") names what the object is,
    unless a comma closes it: "called Ali Khan, a reporter, to testify" sets a true apposition off."""
    last, below = None, obj
    while (below := next((c for c in reversed(list(below.children)) if c.dep_ == "appos"), None)) is not None:
        last = below  # "Putin, the Russian president, a war criminal": the parser nests the second one
    if last is None or not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in last.children):
        return None
    after = last.right_edge.i + 1
    return None if after < len(obj.doc) and obj.doc[after].text == "," else last


# An object word standing for any place name ("captured Mosul"): the entity recogniser's places.
PLACE_OBJECT = "@place"


def _lemma_in(token: Token, lemmas: list[str]) -> bool:
    lemma = token.lemma_.lower()
    return lemma in lemmas or token.lower_ in lemmas or (
        PLACE_OBJECT in lemmas and token.pos_ == "PROPN" and token.ent_type_ in PLACE_ENTITIES)


def _has_prep(token: Token, prep: str) -> bool:
    own = with_particle_dependents(token) if token.pos_ == "VERB" else list(token.children)
    if any(c.dep_ in ("prep", "prt", "agent", "dative") and c.lower_ == prep and not _names_a_time(c) for c in own):
        return True
    obj = direct_object(token)  # "accused Moscow of …" may hang the preposition on the object, or
    # on its "of" complement: "approved a motion of censure against the prime minister"
    if obj is not None and obj != token.head and any(c.dep_ == "prep" and c.lower_ == prep
                                                     for n in (obj, *of_chain(obj, 1)) for c in n.children):
        return True
    # "the launch of dozens of rockets against X": on what the event noun is of
    return token.pos_ in ("NOUN", "PROPN") and prep != "of" and any(
        c.dep_ == "prep" and c.lower_ == prep for n in of_chain(token) for c in n.children)


def _names_a_time(prep: Token) -> bool:
    """'advanced on Monday': a preposition whose object is a date frames no act. "to" does not place
    an act in time, it measures it: "condemned to 20 years" is a sentence."""
    return prep.lower_ != "to" and any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in prep.children)


def find_triggers(sent: Span, lexicon: Lexicon, consumed: bool = False) -> list[Trigger]:
    """Every token of the sentence whose most specific matching pattern makes it a trigger (with
    ``consumed``, also those another trigger took in: a light verb's noun, an act's content)."""
    found: list[Trigger] = []
    recalled = _in_clauses_of_recalled_acts(sent, lexicon)
    for token in sent:
        pos = pos_of(token)
        if pos is None or (pos == "NOUN" and (is_backgrounded(token) or _names_an_act(token) or _in_a_name(token)
                                              or _a_relation_held(token))) \
                or (pos == "VERB" and token.dep_ == "amod"):
            continue  # a participle used as an adjective ("alleged", "armed") reports no act
        if pos == "VERB" and (_circumstance(token) or _mistagged_noun(token)):
            continue
        if token.i in recalled:
            continue  # "since the demonstrations of 2013 to protest the demolition of Gezi Park"
        for pattern in lexicon.candidates(token.lemma_.lower(), pos):
            if matches(token, pattern):
                found.append(Trigger(token, pattern))
                break
    _merge_light_verbs(found)
    _attach_complements(found)
    return found if consumed else [t for t in found if not t.consumed]


def _in_clauses_of_recalled_acts(sent: Span, lexicon: Lexicon) -> set[int]:
    """The tokens of the clauses the sentence hangs on event nouns that recall a known event."""
    return {t.i for verb in sent if verb.pos_ == "VERB" and _of_a_recalled_act(verb, lexicon) for t in verb.subtree}


def _of_a_recalled_act(verb: Token, lexicon: Lexicon) -> bool:
    """'since the massive demonstrations of 2013 to protest the demolition of Gezi Park': a clause
    hung on an event noun that recalls a known event tells that event's purpose or course, no news
    (not "produced before the magistrate, who remanded them": a magistrate is no event)."""
    noun = verb.head
    if verb.dep_ not in ("acl", "relcl") or noun.pos_ != "NOUN" or not lexicon.candidates(noun.lemma_.lower(), "NOUN"):
        return False
    # the small parser may take "since" for a subordinator and the noun for a subject: "since the
    # massive demonstrations of 2013 to protest…, Kurdistan 24 reported"
    before = noun.doc[noun.left_edge.i - 1] if noun.left_edge.i > 0 else None
    misparsed = before is not None and before.lower_ in TEMPORAL_PREPS and before.dep_ == "mark" \
        and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in noun.children)
    return is_backgrounded(noun) or misparsed


def _mistagged_noun(verb: Token) -> bool:
    """'Press spokespeople for Lukashenko said…': a base form the small parser makes the subject of
    another verb is a noun it took for an imperative (a gerund, "Shelling continued", may be one)."""
    return verb.tag_ == "VB" and verb.dep_ in ("nsubj", "nsubjpass")


def _circumstance(verb: Token) -> bool:
    """'Police were forced to open fire': told in the passive with no one doing the forcing, the verb
    says how the act came about; the act ("open fire") is the event, its performer the subject."""
    return verb.lemma_.lower() in rules("triggers")["circumstance_verbs"] \
        and any(c.dep_ == "auxpass" for c in verb.children) \
        and not any(c.dep_ == "agent" for c in verb.children) \
        and any(c.dep_ == "xcomp" for c in verb.children)


def _merge_light_verbs(found: list[Trigger]) -> None:
    """A verb with an event noun as object codes one event, not two.

    'launched an attack on X': a light verb only carries the noun, which codes the event
    (unless the verb's pattern names that object itself, the more specific reading).
    'slammed the demands': a full verb acts on the noun event, which becomes its content.
    """
    by_token = {t.token.i: t for t in found}
    for trig in found:
        if trig.pattern.pos != "VERB":
            continue
        for reason in _reasons(trig.token):  # "condemned the militia for the massacre"
            if reason.i in by_token and by_token[reason.i] is not trig:
                _take_as_content(by_token[reason.i], trig)
        light = trig.token.lemma_.lower() in rules("triggers")["light_verbs"]
        # "led what was called an armed insurrection": a light verb carries the act its object names
        obj = (free_relative_named(trig.token) if light else None) or direct_object(trig.token)
        noun = by_token.get(object_core(obj, sums=True).i) if obj is not None else None  # "pledged $5 million in aid"
        if not light and obj is not None:  # "demanding new elections and the dismissal of the minister"
            for later in obj.conjuncts:
                if later.i in by_token and by_token[later.i] is not trig:
                    _take_as_content(by_token[later.i], trig)
        if noun is None or noun.consumed or noun is trig:
            continue
        if light and (trig.pattern.object is None or noun.pattern.object is not None):
            trig.consumed = True  # "staged joint exercises": the modified noun is the finer reading
        else:
            _take_as_content(noun, trig)  # "slammed the demands": the act it acts on is its content


def _take_as_content(noun: Trigger, verb: Trigger) -> None:
    """The act ``verb`` acts on, or gives as its grounds, is its content, no event of its own."""
    noun.consumed = True
    noun.content_of = verb


def _reasons(verb: Token) -> list[Token]:
    """Nouns giving the grounds or topic of a verb's act ("sanctions over the crackdown"): they are
    its content, not acts of the verb's subject."""
    return [p for c in verb.children if c.dep_ == "prep" and c.lower_ in REASON_PREPS
            for p in c.children if p.dep_ == "pobj"]


def _attach_complements(found: list[Trigger]) -> None:
    """'promised that X would support Y', 'sent troops to fight Z': nest the inner act."""
    by_token = {t.token.i: t for t in found if not t.consumed}
    for trig in reversed(found):  # innermost first: "pledged to send engineers to help rebuild"
        if trig.consumed:
            continue
        for inner in _clausal_children(trig.token):
            if _reported_clause(trig.token, inner):
                continue
            other = by_token.get(inner.i)
            # a pattern constrained by its complement's verb announces that act as well
            if (trig.pattern.complement or trig.pattern.xcomp) and trig.inner is None:
                other = other or _first_trigger_below(inner, by_token)
                if other is not None and other is not trig and not other.consumed:
                    trig.inner = other
                    other.consumed = True
                    for told in _consequences(other.token, by_token):
                        told.consumed = True
            elif other is not None and other is not trig and not other.consumed and _is_purpose(inner):
                trig.purpose.append(other)
                other.consumed = True


def _consequences(act: Token, by_token: dict[int, Trigger]) -> list[Trigger]:
    """'accused Israel of launching an air strike on the embassy, killing two generals': what an
    announced or alleged act did, told by a participle hung on it, is part of what is announced or
    alleged, not an act the text asserts. An act told by a noun is done by the verb it hangs on."""
    doers = [act, act.head] if act.pos_ == "NOUN" and act.dep_ == "dobj" else [act]
    return [by_token[c.i] for doer in doers for c in doer.children
            if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i in by_token and not by_token[c.i].consumed
            and not any(g.dep_ in ("nsubj", "nsubjpass", "mark") for g in c.children)]


def _first_trigger_below(top: Token, by_token: dict[int, Trigger]) -> Trigger | None:
    """'accusing Moscow of wanting to weaken Kyiv for another invasion': the announced act may sit
    a few clauses down; take the nearest trigger, breadth first."""
    queue = [(top, 0)]
    while queue:
        tok, depth = queue.pop(0)
        if tok.i in by_token and not by_token[tok.i].consumed:
            return by_token[tok.i]
        if depth < 5:
            queue.extend((c, depth + 1) for c in tok.children
                         if c.dep_ in CONTENT_LINKS and not (c.dep_ == "prep" and c.lower_ == "with")
                         and not (c.dep_ == "advcl" and _circumstantial(c)))
    return None


def _reported_clause(verb: Token, clause: Token) -> bool:
    """'officials warned that Moscow sent arms': a reporting verb's finite clause is reported, not
    announced; it stays an event of its own and the verb only attributes it."""
    return is_reporting_verb(verb) and clause.dep_ in ("ccomp", "parataxis") and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)


def _clausal_children(token: Token) -> list[Token]:
    out = []
    for child in token.children:
        if child.dep_ in ("xcomp", "ccomp") or (child.dep_ == "advcl" and not _circumstantial(child)):
            out.append(child)
        elif child.dep_ == "prep" and child.lower_ != "with":  # "thanked Kim for deploying"
            out.extend(c for c in child.children if c.dep_ == "pcomp")
    obj = direct_object(token)
    if obj is not None and obj != token.head:  # "sent troops to fight": purpose hangs on the object
        out.extend(c for c in obj.children if c.dep_ in ("acl", "relcl") and _is_purpose(c))
    return out


# Subordinators of a clause that tells when or why, not what was announced: "warned visitors to stay
# away as Paris deployed 6,000 police" is a warning and a deployment.
CIRCUMSTANCE_MARKS = {"as", "when", "while", "after", "before", "because", "since", "until", "though",
                      "although", "whereas", "once"}


def _circumstantial(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in CIRCUMSTANCE_MARKS for c in clause.children)


def _is_purpose(token: Token) -> bool:
    """An infinitive of purpose: 'to fight against Ukraine', 'to aid in the war effort'."""
    return token.dep_ in ("xcomp", "advcl", "acl", "relcl") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
