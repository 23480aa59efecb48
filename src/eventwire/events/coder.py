"""Turns triggers into coded event drafts: CAMEO code, source and target actors.

Facets (attribution, modality, quantities, dates, places) are added by the next stage.
DOCS: README.md#how-it-works
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from eventwire.actors.resolver import DocActors
from eventwire.countries import country_code
from eventwire.events.codebook import complement_codes, party_pair, root_policy, under_policy
from eventwire.events.lexicon import DEFAULT_TARGET, Lexicon
from eventwire.events.roles import clause_subject_target, governor_verb, role_tokens
from eventwire.events.triggers import DEFINITE, Trigger, content_names_one_of, find_triggers
from eventwire.model import Actor
from eventwire.nlp.syntax import (
    a_stretch_of_time,
    direct_object,
    object_core,
    owned_by_speaker,
    prep_objects,
    root_at,
    subject,
)
from eventwire.rules import is_reporting_verb, rules

MAX_PER_SIDE = 4
# Verbs that say an event noun took place ("clashes erupted").
OCCURRENCE_VERBS = {"erupt", "break", "occur", "take", "flare", "continue", "resume", "spread"}


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
    found = find_triggers(sent, lexicon, consumed=True)
    triggers = [t for t in found if not t.consumed or _recalled_with_its_parties(t)]
    roots = {t.token.i: t.root for t in triggers}
    for trig in triggers:
        if _reports_other_events(trig) or _named_performers_not_acting(trig) or _elaborates(trig, roots) \
                or _errand(trig) or _advice(trig) or _says_where_a_party_is(trig):
            continue
        drafts.extend(_drafts_of(trig, actors))
    drafts.extend(_obligations(sent, lexicon, actors, {t.token.i for t in triggers}))
    drafts.extend(_allegations(drafts, lexicon, actors))
    drafts = _without_tolls_of_acts_told(drafts)
    _performer_from_act_of_force(drafts)
    _struck_by_weapons(drafts)
    _share_recipients(drafts)
    _home_acts_concern_home(drafts, {t.token.i: t for t in found if t.consumed}, actors)
    return _unique(drafts)


def _recalled_with_its_parties(trig: Trigger) -> bool:
    """'ECOWAS condemned the coup in Niger', 'a summit to discuss last week's coup': an act that names its
    own parties (a pattern's ``implied``), recalled as what another act is about, is an event of its
    own as well, where that act takes it as done (root policy ``recalls``: not "threatened a coup")."""
    return trig.pattern.implied is not None and trig.pattern.pos == "NOUN" and trig.content_of is not None \
        and trig.inner is None and under_policy(trig.content_of.pattern.cameo, "recalls")


def _says_where_a_party_is(trig: Trigger) -> bool:
    """'Armenian forces stationed in the region opened fire', 'attacks on troops stationed in Syria': a
    participle of force posture on a party of another act says where the party is; no deployment."""
    tok = trig.token
    return under_policy(trig.pattern.cameo, "posture") and tok.dep_ == "acl" and tok.tag_ == "VBN" \
        and tok.head.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")


def _errand(trig: Trigger) -> bool:
    """'Before heading to the airport, Biden laid flowers…': a trip to an airport, a hotel or a venue
    (``errand_places``) is no visit to the country it lies in."""
    return trig.root == "04" and trig.pattern.prep == "to" and any(
        obj.lemma_.lower() in rules("triggers")["errand_places"] for obj in prep_objects(trig.token, "to"))


def _advice(trig: Trigger) -> bool:
    """'Officials warned sight-seers to stay away', 'warned residents to evacuate': telling people to
    keep themselves safe (``advisory_verbs``) is advice, not a threat against them."""
    return trig.root == "13" and any(
        c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in rules("triggers")["advisory_verbs"]
        for c in trig.token.children)


def _elaborates(trig: Trigger, roots: dict[int, str]) -> bool:
    """'imposed sanctions on Venezuela, targeting the state oil company': a participle of
    ``elaborating_verbs`` hung on another act says whom that act reaches; it is no act of its own kind
    (no air strike), unless it is of the same kind ("launched strikes, targeting…": one act, merged)."""
    tok = trig.token
    head_root = roots.get(tok.head.i)
    return tok.dep_ == "advcl" and tok.tag_ == "VBG" and head_root is not None and head_root != trig.root \
        and tok.lemma_.lower() in rules("triggers")["elaborating_verbs"]


def _home_acts_concern_home(drafts: list[Draft], contents: dict[int, Trigger], actors: DocActors) -> None:
    """'The government condemned the strikes as illegal': a word about an act commonly done at home
    (a strike, a protest, an arrest: root policy ``home``) whose doer the text does not name concerns
    the country the story is about."""
    if actors.focus is None:
        return
    for draft in drafts:
        if draft.target is not None or draft.source is None or draft.source.country not in (None, actors.focus) \
                or not under_policy(draft.cameo, "addressed"):
            continue  # a party of the story's country (or a sector, placed there later)
        obj = direct_object(draft.token)
        content = contents.get(obj.i) if obj is not None else None
        if content is not None and under_policy(content.pattern.cameo, "home"):
            draft.target = Actor(text=actors.focus, code=actors.focus, country=actors.focus, kind="implicit")


def _obligations(sent: Span, lexicon: Lexicon, actors: DocActors, coded: set[int]) -> list[Draft]:
    """'The Red Cross said US forces must ensure security': the speaker demands of the one who must act.

    Only where the act itself is not coded (a coded act is reframed by the facets stage)."""
    pattern = lexicon.patterns.get("obligation-100")
    if pattern is None:
        return []
    out = []
    for tok in sent:
        if tok.pos_ != "VERB" or tok.i in coded or tok.dep_ != "ccomp" or not is_reporting_verb(tok.head):
            continue
        if not any(c.dep_ == "aux" and c.lower_ in rules("modality")["obligation_modals"] for c in tok.children):
            continue
        speaker_tok, addressee_tok = subject(tok.head), subject(tok)
        speakers = actors.actors(speaker_tok) if speaker_tok is not None else []
        addressees = actors.actors(addressee_tok) if addressee_tok is not None else []
        trig = Trigger(tok, pattern)
        for speaker in speakers[:1]:
            for addressee in addressees[:MAX_PER_SIDE]:
                if speaker.country != addressee.country:
                    out.append(Draft(trig, pattern.cameo, speaker, addressee, [tok, speaker_tok, addressee_tok],
                                     _confidence(trig, speaker, addressee)))
    return out


def _allegations(drafts: list[Draft], lexicon: Lexicon, actors: DocActors) -> list[Draft]:
    """'The demonstrators claim that the police used excessive force': a conflictual act told in the
    clause of an allegation verb is an accusation (112) of its performer by the speaker, who are not
    the same party (a claim of responsibility is none)."""
    pattern = lexicon.patterns.get("allege-112")
    if pattern is None:
        return []
    out = []
    for draft in drafts:
        verb = draft.token if draft.token.pos_ == "VERB" else draft.token.head
        if verb.dep_ != "ccomp" or draft.source is None or not under_policy(draft.cameo, "alleged"):
            continue
        claim = verb.head
        if claim.pos_ != "VERB" or claim.lemma_.lower() not in rules("triggers")["allegation_verbs"]:
            continue
        speaker_tok = subject(claim)
        speakers = actors.actors(speaker_tok) if speaker_tok is not None else []
        if not speakers or speakers[0].code == draft.source.code or owned_by_speaker(
                root_at(claim.doc, draft.source.start, draft.source.end)):
            continue  # a claim of one's own act ("claimed their forces fired") is no accusation
        trig = Trigger(claim, pattern)
        out.append(Draft(trig, pattern.cameo, speakers[0], draft.source, [claim, speaker_tok, *draft.tokens],
                         _confidence(trig, speakers[0], draft.source)))
    return out


def _performer_from_act_of_force(drafts: list[Draft]) -> None:
    """'A woman was killed in a Ukrainian drone strike on Belgorod', 'four people were wounded in
    Russian attacks': a harm told without its doer names it through the act of force that caused it,
    whose performer is the harm's. Named victims stay the target; else the act's target is."""
    harms = [d for d in drafts if d.source is None and d.trigger.pattern.pos == "VERB"
             and under_policy(d.cameo, "harm")]
    causes = [d for d in drafts if d.source is not None and d.trigger.pattern.pos == "NOUN"
              and under_policy(d.cameo, "force") and d.token.dep_ == "pobj" and d.token.head.dep_ == "prep"]
    for draft in harms:
        for cause in causes:
            verb = cause.token.head.head  # "were killed and six wounded in Russian attacks": either verb
            if verb == draft.token or (verb.dep_ == "conj" and verb.head == draft.token):
                draft.source = cause.source
                if draft.target is None or not draft.target.country:
                    draft.target = cause.target
                draft.tokens = [*draft.tokens, *cause.tokens]
                draft.confidence = max(draft.confidence, _confidence(draft.trigger, draft.source, draft.target))
                break


def _without_tolls_of_acts_told(drafts: list[Draft]) -> list[Draft]:
    """The drafts without a doer-less harm told as the toll of an act of force of the sentence ('the
    strike on its embassy, where 12 people were killed'): one act, whose figures the facets give it."""
    return [d for d in drafts if not (d.source is None and d.trigger.pattern.pos == "VERB"
                                      and under_policy(d.cameo, "harm") and _scene_of(d, drafts))]


def _scene_of(harm: Draft, drafts: list[Draft]) -> list[Draft]:
    """'the Israeli strike on its embassy in Syria on April 1, where 12 people were killed': a harm told
    in a relative clause of setting is the toll of the latest act of force told before the clause (by
    a noun, with a performer), wherever the parser hangs the clause."""
    tok = harm.token
    if tok.dep_ != "relcl":
        return []
    opener = min(tok.subtree, key=lambda t: t.i)
    if opener.lower_ not in rules("claims")["setting_relatives"]:
        return []
    before = [d for d in drafts if d.source is not None and d.trigger.pattern.pos == "NOUN"
              and under_policy(d.cameo, "force") and d.token.i < opener.i]
    return [max(before, key=lambda d: d.token.i)] if before else []


# What a weapon or an attack that damages property is, by the lists of triggers.yaml that name it.
WEAPON_CODES = {"aerial_weapons": "195", "artillery_weapons": "194", "attack_nouns": "190"}


def _struck_by_weapons(drafts: list[Draft]) -> None:
    """'Israeli missiles destroyed the consulate', 'Russian drones damaged a power plant': property
    destroyed by a weapon or an attack is that act of force (air strike, shelling), not a demolition
    (1712); "air strikes destroyed the building" is then one strike, not a strike and a demolition."""
    for draft in drafts:
        if not draft.cameo.startswith("171") or draft.trigger.pattern.pos != "VERB":
            continue
        doer = subject(draft.token)
        lemma = doer.lemma_.lower() if doer is not None else ""
        code = next((c for key, c in WEAPON_CODES.items() if lemma in rules("triggers")[key]), None)
        if code is not None:
            draft.cameo = code


def _share_recipients(drafts: list[Draft]) -> None:
    """'X shipped shells to Y, and was set to send troops': a second act of the same performer in the
    same sentence, naming no recipient, goes to the recipient of the first."""
    for draft in drafts:
        if draft.target is not None or draft.source is None or not draft.source.country:
            continue
        for other in drafts:
            if other is not draft and other.target is not None and other.source is not None \
                    and other.source.country == draft.source.country \
                    and other.target.country != draft.source.country:
                draft.target = other.target
                draft.confidence = round(draft.confidence * 0.8, 3)
                break


# Where a noun naming the performers stands as the one acted upon: "police dispersed the protesters",
# "protesters were detained", "gave protesters water".
PATIENT_DEPS = {"dobj", "nsubjpass", "dative", "iobj", "pobj"}


def _named_performers_not_acting(trig: Trigger) -> bool:
    """'Protesters marched on parliament' is a protest; 'police dispersed the protesters', 'the bodies
    of five protesters', 'protesters are worried', 'injured protesters' are not: a noun that names the
    performers themselves (``source: [self]``) is no act where the clause acts upon them, only says how
    they are, or a participle tells what they underwent (``undergoing_modifiers``)."""
    if "self" not in trig.pattern.source_roles:
        return False
    tok = trig.token
    if any(c.dep_ == "amod" and c.lower_ in rules("triggers")["undergoing_modifiers"] for c in tok.children):
        return True  # "scores of injured protesters were receiving treatment"
    while tok.dep_ == "conj":
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in ("NOUN", "NUM"):
        tok = tok.head.head  # "thousands of protesters", "the bodies of five protesters": the phrase's head
    if tok.dep_ in PATIENT_DEPS:
        return True
    # "protesters are worried"; "the demonstrators claim that police used force" (a statement)
    return tok.dep_ == "nsubj" and (tok.head.pos_ != "VERB" or is_reporting_verb(tok.head))


def _reports_other_events(trig: Trigger) -> bool:
    """'officials warned that Moscow sent…', 'warnings that X would…': the warning only reports."""
    if trig.inner is not None or _threat_clause(trig) is not None:
        return False
    tok = trig.token
    if trig.pattern.pos == "NOUN":
        return tok.lemma_.lower() in rules("attribution")["reporting_nouns"] and any(
            c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            for c in tok.children)
    return is_reporting_verb(tok) and any(
        c.dep_ in ("ccomp", "parataxis") and c.pos_ in ("VERB", "AUX") for c in tok.children)


Filled = tuple[list[Actor], list[Token]]
# the roots whose latest act a recalled noun of each list in triggers.yaml points back to
RECALLED_KINDS = {"recalled_accusations": ("11",), "recalled_demands": ("10", "02"),
                  "recalled_threats": ("13",), "recalled_agreements": ("05", "03")}


def _drafts_of(trig: Trigger, actors: DocActors) -> list[Draft]:
    """The drafts of one trigger: one per (source, target) pair of its actors."""
    if _commands_own_forces(trig):
        # the forces' own act; an order whose act no pattern reads ("to turn back 200km from the
        # capital") is a commander's business with his own men, no demand on anyone
        return _drafts_of(trig.inner, actors) if trig.inner is not None else []
    cameo = _code(trig)
    (sources, source_tokens), (targets, target_tokens) = _sources(trig, actors), _targets(trig, cameo, actors)
    clause = _threat_clause(trig)
    threatened = _threatened(clause, sources[0] if sources else None, actors)
    if threatened is not None:  # not the speaker's own side, whom the clause's subject names
        targets, target_tokens = threatened
    elif trig.inner is None and clause is not None:
        return []  # "Ukraine warned that Russia could attack Kyiv": the warning reports another's act
    if not sources and len(targets) > 1 and any(t.dep_ == "pobj" and t.head.lower_ == "between" for t in target_tokens):
        sources, source_tokens = targets, target_tokens  # "trade between the two countries"
    if len(sources) > 1 and not targets and under_policy(cameo, "symmetric"):
        targets, target_tokens = sources, source_tokens  # "X and Y signed a treaty": each with the other
    if trig.content_of is not None:  # recalled ("condemned the coup"): not the condemner's
        sources, targets = _in_own_phrase(trig.token, sources), _in_own_phrase(trig.token, targets)
    if under_policy(cameo, "outward") and _done_to_oneself(trig):
        return []  # "the group finances itself through drug trafficking": aid or ties need another party
    if trig.pattern.implied and trig.pattern.pos == "NOUN" and _known_act(trig.token):
        sources, targets = _with_implied_parties(trig, sources, targets, actors)
    if not sources and not targets and (not under_policy(cameo, "actorless")
                                        or (trig.pattern.pos == "NOUN" and not _said_to_occur(trig.token))):
        return []  # "dozens were arrested" is news; a bare "war" or "fighting" is not an event
    if sources:
        for word in _act_words(trig):
            actors.remember_event(word, sources[0])
        actors.remember_event(_root_key(cameo[:2]), sources[0])
    tokens = [trig.token, *(t.token for t in [trig.inner] if t), *source_tokens, *target_tokens]
    source, target = _one_dyad(sources, targets)
    if source is not None and target is None and source.country and _answers(trig):
        target = actors.last_act_against(source.country)
    return [Draft(trig, cameo, source, target, tokens, _confidence(trig, source, target))]


def _with_implied_parties(trig: Trigger, sources: list[Actor], targets: list[Actor],
                          actors: DocActors) -> tuple[list[Actor], list[Actor]]:
    """'last week's coup', 'the coup in Niger': a role the text leaves empty takes the sector the act
    names itself (``implied``), of the country its other party or its own phrase names, else of the
    country the story is about. The noun is the evidence of such a party (kind "implied")."""
    implied = trig.pattern.implied or {}
    country = next((a.country for a in (*sources, *targets) if _a_state(a)), None) \
        or _country_of_phrase(trig.token, actors) or actors.focus
    if country is None:
        return sources, targets
    return (sources or _implied_party(trig.token, country, implied.get("source")),
            targets or _implied_party(trig.token, country, implied.get("target")))


def _implied_party(noun: Token, country: str, sector: str | None) -> list[Actor]:
    if sector is None:
        return []
    return [Actor(text=noun.text, code=country + sector, country=country, sectors=[sector], kind="implied",
                  start=noun.idx, end=noun.idx + len(noun.text))]


def _done_to_oneself(trig: Trigger) -> bool:
    """An act whose object is a reflexive pronoun ("finances itself", "armed themselves")."""
    obj = direct_object(trig.token) if trig.pattern.pos == "VERB" else None
    return obj is not None and obj.lower_ in ("itself", "themselves", "himself", "herself", "ourselves")


def _known_act(noun: Token) -> bool:
    """'the coup', 'last week's coup', 'Niger's coup': a definite or owned noun tells an act that took
    place; 'warned against a coup', 'fears of a coup', 'no coup' tell none."""
    return any((c.dep_ == "det" and c.lower_ in DEFINITE) or c.dep_ == "poss" for c in noun.children)


def _a_state(actor: Actor) -> bool:
    return bool(actor.country) and actor.kind not in ("igo", "ngo")


def _in_own_phrase(noun: Token, parties: list[Actor]) -> list[Actor]:
    start, end = noun.left_edge.idx, noun.right_edge.idx + len(noun.right_edge.text)
    return [a for a in parties if a.start is not None and start <= a.start < end]


def _country_of_phrase(noun: Token, actors: DocActors) -> str | None:
    """The country a noun's own phrase names: "the Niger coup", "Niger's coup", "the coup in Niger"
    (a party, or a country named as a place)."""
    for child in noun.subtree:
        if child.i != noun.i:
            found = [a.country for a in actors.actors(child) if _a_state(a)]
            if found:
                return found[0]
    places = [country_code(e.text) for e in noun.doc.ents
              if e.label_ == "GPE" and noun.left_edge.i <= e.start and e.end <= noun.right_edge.i + 1]
    return next((c for c in places if c), None)


def _answers(trig: Trigger) -> bool:
    """'Taiwan scrambled jets in response', 'its forces took retaliatory measures', 'Moscow imposed a
    ban in retaliation for sanctions', 'vowed revenge': an act told as, or vowing, an answer to another
    (``response_*`` lists)."""
    words = rules("triggers")
    tok = trig.token
    verb = tok if tok.pos_ == "VERB" else (governor_verb(tok) or tok)
    if tok.lemma_.lower() in words["response_verbs"] and tok.pos_ == "VERB":
        return True
    # "scrambled jets and put units on alert in response": the answer's phrase holds for every conjunct
    verbs = {tok, verb, *(verb.conjuncts if verb.pos_ == "VERB" else ())}
    marked = [p for t in verbs for c in t.children if c.dep_ == "prep" and c.lower_ in ("in", "as")
              for p in c.children if p.dep_ == "pobj"]
    if any(p.lemma_.lower() in words["response_nouns"] for p in marked):
        return True
    obj = direct_object(verb) if verb.pos_ == "VERB" else None
    if tok.pos_ == "VERB" and (obj is not None and obj.lemma_.lower() in words["response_nouns"]
                               or content_names_one_of(tok, words["response_nouns"])):
        return True  # "vowed revenge", "vowed that Iran's response would be harsh": an answer vowed
    return any(c.dep_ == "amod" and c.lower_ in words["response_modifiers"]
               for t in {tok, *([obj] if obj is not None else [])} for c in t.children)


def _threat_clause(trig: Trigger) -> Token | None:
    """'A cleric warned that Iran could destroy a US naval force with one missile': a warning (root 13)
    of what its own side would or could do is a threat; the clause that tells it."""
    if trig.root != "13" or trig.pattern.pos != "VERB":
        return None
    modals = rules("modality")["expected_modals"] | rules("modality")["hypothetical_modals"]
    return next((c for c in trig.token.children if c.dep_ == "ccomp" and c.pos_ == "VERB"
                 and any(a.dep_ == "aux" and a.lower_ in modals for a in c.children)), None)


def _threatened(clause: Token | None, source: Actor | None, actors: DocActors) -> Filled | None:
    """Whom a warning of one's own side's act threatens: that act's object or whom it is "against"
    ("warned that Pyongyang would use nuclear weapons against South Korea"); None when the warned
    act is another party's ("warned that the rebels could attack": a warning, addressed as usual)."""
    doer = subject(clause) if clause is not None else None
    doers = actors.actors(doer) if doer is not None else []
    if source is None or not source.country or not doers or doers[0].country != source.country:
        return None
    for tok in [*prep_objects(clause, "against"), *prep_objects(clause, "on"), *role_tokens(clause, "dobj")]:
        found = [a for a in actors.actors(tok) if a.country != source.country]
        if found:
            return found, [tok]
    return [], []


def _commands_own_forces(trig: Trigger) -> bool:
    """'Prigozhin ordered his forces to abandon their advance': a commander's order to his own forces
    is their act, not a demand (10) on another party."""
    return trig.root == "10" and trig.token.lemma_.lower() in rules("triggers")["command_verbs"] \
        and owned_by_speaker(direct_object(trig.token))


def _act_words(trig: Trigger) -> set[str]:
    """The words a later sentence may recall the act by: its trigger, the act it announces, and the
    thing it imposed or launched ("announced a 50% tariff" … "Lula condemned the tariff"), not the
    place or party it struck ("stormed a base" … "We took the base": the base is not the stormer's)."""
    words = {trig.token.lemma_.lower()}
    if trig.inner is not None:
        words.add(trig.inner.token.lemma_.lower())
    struck = "dobj" in trig.pattern.target_roles
    obj = direct_object(trig.token) if trig.pattern.pos == "VERB" and not struck else None
    if obj is not None and obj.pos_ == "NOUN":
        words.add(object_core(obj).lemma_.lower())
    return words


def _said_to_occur(noun: Token) -> bool:
    """'There were also protests in Batumi', 'clashes broke out': a noun the clause says took place
    is an event even with no party named, unlike a bare "war" or "fighting" in passing."""
    verb = noun.head
    if noun.dep_ == "attr" and verb.lemma_ == "be":
        return any(c.dep_ == "expl" for c in verb.children)
    return noun.dep_ == "nsubj" and verb.lemma_.lower() in OCCURRENCE_VERBS


def _one_dyad(sources: list[Actor], targets: list[Actor]) -> tuple[Actor | None, Actor | None]:
    """One trigger is one event: "struck three commanders" is one strike, and "X and Y met" one
    meeting with both parties (the first as source, the next as target), never one event per pair."""
    source = sources[0] if sources else None
    others = [t for t in targets if source is None or t.code != source.code]
    return source, (others[0] if others else None)


def _sources(trig: Trigger, actors: DocActors) -> Filled:
    """The performer: the announcing verb's, else a subject the announced act names itself, else
    (force posture) the force deployed: "police were deployed to guard the intersections" is a
    deployment by the police's own state."""
    sources, tokens = _fill(trig, "source", actors)
    if trig.inner is not None and not sources:
        own = [c for c in trig.inner.token.children if c.dep_ == "nsubj"]
        sources = [a for t in own for a in actors.actors(t)]
        tokens = own if sources else []
    if not sources and trig.pattern.object and under_policy(trig.pattern.cameo, "posture") \
            and trig.pattern.pos == "VERB":
        moved = direct_object(trig.token)
        sources = actors.actors(moved) if moved is not None else []
        tokens = [moved] if sources and moved is not None else []
    return sources, tokens


def _targets(trig: Trigger, cameo: str, actors: DocActors) -> Filled:
    """Whom the act concerns, in order of evidence: whom the announcing verb addresses ("accused
    Moscow of shelling…"); for a demand, the one told to act ("demanded that the US cancel the sale
    to Taiwan"); the recipient of the announced act ("pledged to send engineers to Russia"); the
    target of its purpose ("sent troops to fight against Ukraine")."""
    acting = trig.inner if trig.inner is not None else trig
    found = _fill(trig, "target", actors)
    if not found[0] and acting is not trig and trig.root in root_policy("addressed"):
        found = _addressee(trig.token, actors)
    if not found[0] and acting is not trig:
        found = _fill(acting, "target", actors)
    for purpose in [*trig.purpose, *(acting.purpose if acting is not trig else [])]:
        if found[0]:
            break
        found = _fill(purpose, "target", actors)
    if not found[0] and trig.pattern.pos == "VERB" and under_policy(cameo, "addressed") \
            and not (trig.pattern.object and content_names_one_of(trig.token, trig.pattern.object)):
        # "vowed that Iran's response would be harsh": the content's subject is the thing vowed, not
        # whom it addresses
        found = _addressee(trig.token, actors)
    for act in [trig] if acting is trig else [trig, acting]:  # "helped broker the deal": the inner act's deal
        if not found[0] and act.pattern.object and act.pattern.pos == "VERB":
            found = _maker_of_object(act.token, actors)
    return found


def _maker_of_object(token: Token, actors: DocActors) -> Filled:
    """'Russia accused Ukraine of shelling… Kyiv rejected the allegations': the thing a pattern names as
    its object was made by someone the article coded before, and the act concerns them."""
    obj = direct_object(token)
    if obj is None or not _recalled_roots(obj.lemma_.lower()):
        return [], []  # "carried out the attack" recalls the performer's own act, whom it does not concern
    recalled = _performer_of_recalled_event(obj, actors)
    return (recalled, [obj]) if recalled else ([], [])


def _addressee(token: Token, actors: DocActors) -> Filled:
    """Whom a demand, appeal, accusation or threat concerns when no role names them: the subject
    of the demanded clause ("demanded that Ukraine withdraw") or the owner of the demanded thing
    ("demanded the withdrawal of Serbian forces")."""
    for tok in [*clause_subject_target(token), *role_tokens(token, "dobj")]:
        found = actors.actors(tok)
        if found:
            return found, [tok]
    return [], []


def _undergone_by_its_announcer(act: Token) -> bool:
    """'agreed to go into exile', 'pledged to face trial', 'agreed to be detained': an act named as what
    the announcer will go into or face (``self_undergoing_verbs``), or told in the passive of the
    announcer, is done to the announcer, not by them."""
    if act.pos_ == "VERB" and act.dep_ == "xcomp" and any(c.dep_ == "auxpass" for c in act.children):
        return True  # "agreed to be detained": the announcer is the one detained
    head = act.head
    if act.dep_ == "pobj" and head.lower_ == "into":
        head = head.head
    elif act.dep_ != "dobj":
        return False
    return head.pos_ == "VERB" and head.lemma_.lower() in rules("triggers")["self_undergoing_verbs"]


def _code(trig: Trigger) -> str:
    """The trigger's code, refined by the act it announces ("pledged to send aid" → 033)."""
    if trig.inner is None:
        return trig.pattern.cameo
    if any(c.dep_ == "neg" for c in trig.inner.token.children):  # "agreed not to attack": an easing
        eased = complement_codes("refine_negated").get(trig.root, {}).get(trig.inner.root)
        if eased is not None:
            return eased
    if _undergone_by_its_announcer(trig.inner.token):  # "agreed to go into exile": a concession
        yielded = complement_codes("refine_undergone").get(trig.root, {}).get(trig.inner.root)
        if yielded is not None:
            return yielded
    refine = complement_codes().get(trig.root)
    if refine is None:
        return trig.inner.pattern.cameo
    refined = refine.get(trig.inner.root, trig.pattern.cameo)
    own = trig.pattern.cameo
    if refined[:2] == own[:2] and len(own) >= 3 and not own.endswith("0"):
        return own  # "demanded a ceasefire" (1056) says more than "demand that target yields" (105)
    return refined


def _fill(trig: Trigger, side: str, actors: DocActors) -> Filled:
    roles = trig.pattern.source_roles if side == "source" else trig.pattern.target_roles
    if side == "target" and trig.pattern.target:  # the pattern's own roles first, then the usual ones,
        # except an object the pattern names as the thing moved or given ("deployed troops")
        usual = [r for r in DEFAULT_TARGET[trig.pattern.pos] if not (r == "dobj" and trig.pattern.object)]
        roles = [*roles, *(r for r in usual if r not in roles)]
    undergone = _undergone_possessor(trig)
    if undergone is not None:  # "his abduction in Kenya": whose it was is who underwent it
        roles = [r for r in roles if r != "poss"] + (["poss"] if undergone == side else [])
    for n, role in enumerate(roles):
        for tok in role_tokens(trig.token, role):
            if side == "target" and _own_possession(tok):
                continue  # "offered its troops to Lebanon": what is one's own is given, not addressed
            # "supported the measures taken by Moscow" concerns Moscow; "agreed to a ceasefire brokered
            # by Egypt" does not concern Egypt: a thing's doer stands in only as performer or as object
            doer = side == "source" or role == "dobj"
            found = actors.actors(tok) or (_agent_of_event_noun(tok, actors) if doer else [])
            if role in ("compound", "amod") and under_policy(trig.pattern.cameo, "placed") and actors.names_a_city(tok):
                continue  # "the Damascus strike", "the Moscow talks": a city before an act done at a place is where
            if role in ("amod", "compound") and trig.root not in root_policy("force"):
                found = [a for a in found if a.country]  # "military exercise": a bare sector is no performer
            if not found and side == "target":
                found = _performer_of_recalled_event(tok, actors) or _launcher_of(tok, actors)
            if found and side == "target" and role in (trig.pattern.target or []):
                placed = _placed_by_later_role(trig, found, roles[n + 1:], actors)
                if placed is not None:
                    return placed[0], [tok, placed[1]]
            if found:
                return found, [tok]
            if side == "source" and role == "poss" and _names_a_doer(tok):
                return [], []  # "took note of the putschists' request": whose it is, if unknown, is not the noter's
    return [], []


def _launcher_of(weapons: Token, actors: DocActors) -> list[Actor]:
    """'Tehran launched 300 drones, almost all of which were shot down': the side that sent off the
    weapons an act strikes (``aerial_weapons`` sent by a ``launching_verbs`` verb) is its target."""
    r = rules("triggers")
    weapons = object_core(weapons)  # "almost all of which": the drones "which" stands for
    verb = weapons.head
    if weapons.dep_ != "dobj" or weapons.lemma_.lower() not in r["aerial_weapons"] \
            or verb.lemma_.lower() not in r["launching_verbs"]:
        return []
    launcher = subject(verb)
    return actors.actors(launcher) if launcher is not None else []


def _names_a_doer(possessor: Token) -> bool:
    """A possessive noun that names people or a body ("the putschists'", "the junta's"), not a time
    ("last week's") or a place ("Niger's", which the resolver reads as a party when it is one)."""
    return possessor.pos_ == "NOUN" and possessor.ent_type_ not in ("GPE", "LOC") \
        and not a_stretch_of_time(possessor)


def _undergone_possessor(trig: Trigger) -> str | None:
    """The side a possessor of a noun of an act done to someone (``undergone_nouns``) fills: the target
    ("Kejriwal's arrest"), or with an "of" phrase naming the one it was done to, the source ("Russia's
    detention of the reporter"); None for other triggers."""
    tok = trig.token
    if trig.pattern.pos != "NOUN" or tok.lemma_.lower() not in rules("triggers")["undergone_nouns"]:
        return None
    return "source" if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children) else "target"


def _placed_by_later_role(trig: Trigger, found: list[Actor], later: list[str],
                          actors: DocActors) -> tuple[list[Actor], Token] | None:
    """'expelled two diplomats from Belarus': bare sector words ("two diplomats") in a target role the
    pattern lists take the country of the states named in a later role it lists ("from Belarus"), one
    actor per state ("diplomats from Poland and Sweden")."""
    if any(a.country or not a.sectors for a in found):
        return None
    for role in [r for r in later if r in (trig.pattern.target or [])]:
        for tok in role_tokens(trig.token, role):
            states = dict.fromkeys(a.country for a in actors.actors(tok)
                                   if a.country and len(a.country) == 3 and a.kind not in ("igo", "ngo"))
            if states:
                return [a.model_copy(update={"country": c, "code": c + a.code}) for c in states for a in found], tok
    return None


def _own_possession(tok: Token) -> bool:
    return tok.dep_ == "dobj" and any(c.dep_ == "poss" and c.lower_ in ("its", "their", "his", "her", "our")
                                      for c in tok.children)


def _agent_of_event_noun(tok: Token, actors: DocActors) -> list[Actor]:
    """'An air strike by Myanmar's military killed…', 'measures taken by Moscow', 'criticized Xing's
    remarks': a thing done stands for the one who did it."""
    if tok.pos_ != "NOUN":
        return []
    for child in tok.children:
        if child.dep_ == "poss" and child.pos_ == "PROPN":  # "criticized Xing's remarks"
            found = actors.actors(child)
            if found:
                return found
        if child.dep_ == "prep" and child.lower_ == "by":
            return [a for p in child.children if p.dep_ == "pobj" for a in actors.actors(p)]
        if child.dep_ == "acl":  # "the measures taken by the Russian leadership"
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            if agent is not None:
                return [a for p in agent.children if p.dep_ == "pobj" for a in actors.actors(p)]
    return []


def _performer_of_recalled_event(tok: Token, actors: DocActors) -> list[Actor]:
    """'Ukraine slammed the demands': a definite event noun points back to the act the article
    reported before, and the one who made the demands is the target."""
    if tok.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ in ("the", "these", "those", "such")
                                     for c in tok.children):
        return []
    lemma = tok.lemma_.lower()
    found = actors.recall_event(lemma) or next(
        (a for a in map(actors.recall_event, map(_root_key, _recalled_roots(lemma))) if a is not None), None)
    return [found] if found else []


def _recalled_roots(lemma: str) -> tuple[str, ...]:
    """The roots whose latest act a noun recalls, by the ``recalled_*`` lists that hold it (none: no such noun)."""
    return tuple(root for key, roots in RECALLED_KINDS.items() if lemma in rules("triggers")[key] for root in roots)


def _root_key(root: str) -> str:
    return f"root:{root}"


def _confidence(trig: Trigger, source: Actor | None, target: Actor | None) -> float:
    # The main clause carries a sentence's news; acts nested deeper are often its background.
    depth = sum(1 for _ in trig.token.ancestors)
    score = trig.pattern.confidence + 0.1 - 0.03 * min(depth, 5)
    score += 0.15 if source is not None and source.country else 0.0
    score += 0.1 if target is not None and target.country else 0.0
    score -= 0.2 if source is None and target is None else 0.0
    return round(max(0.05, min(score, 0.99)), 3)


def _unique(drafts: list[Draft]) -> list[Draft]:
    """One draft per code and dyad in a sentence ("arrived … for a state visit" is one visit):
    the most confident reading stays, in sentence order."""
    best: dict[tuple, Draft] = {}
    for d in drafts:
        key = (d.cameo, *party_pair(d.cameo, d.source, d.target))
        if key not in best or d.confidence > best[key].confidence:
            best[key] = d
    kept = {id(d) for d in best.values()}
    return [d for d in drafts if id(d) in kept]
