"""Where an event happened, and who it concerns where the text leaves that implicit.

The event's place is the most precise one its own clause names, else one its sentence names as a
place (an event whose sentence names none is placed by the story's scene, facets/scene.py). A place
told of another act is not the event's: one in a clause of its own subject joined with "and", in the
content of a statement, after "after", "since", "following" (data/facets/places.yaml); what an act
of force is directed at ("drones toward Israel") is where it happened. A
sector with no country ("police") belongs where the event happened, and unnamed victims of
violence to the country of what was struck ("hit a Ukrainian plant, killing two workers"); an
act of violence with no perpetrator is coded to the country it happened in; an act naming no
target is directed at the country it happened in, at home for an internal affair, or at the one
other party named.
DOCS: README.md#output-schema
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Token

from eventwire.actors.resolver import DocActors, Mention
from eventwire.events.codebook import root_policy, under_policy
from eventwire.events.coder import Draft
from eventwire.events.parties import last_attacker, names_an_unknown_doer
from eventwire.events.roles import governor_verb
from eventwire.facets.places import REGION_WORDS, SETTLEMENT_WORDS
from eventwire.model import Actor, Event, Location
from eventwire.nlp.syntax import direct_object, names_a_text, prep_objects, span_root, subject, within_clause
from eventwire.rules import is_reporting_verb, rules

if TYPE_CHECKING:
    from eventwire.facets.describe import SentenceFacets

# Prepositions after which a country names where something happens ("in Ukraine", "trip to Japan"),
# not whom it concerns ("war on Ukraine"); what an act of force falls on ("on", "against", "toward":
# data/facets/places.yaml, struck_preps) is where it happened.
SCENE_PREPS = {"in", "at", "inside", "within", "throughout"}
PLACE_NOUNS = SETTLEMENT_WORDS | REGION_WORDS
LOCATIVE_PREPS = {"in", "at", "near", "to", "into", "inside", "across", "within", "throughout", "off", "through",
                  "outside", "along"}
# Links from an act to the act it follows from: "struck the port, killing eight", "shelled X and killed".
CONSEQUENCE_LINKS = {"advcl", "conj", "xcomp"}


def complete_parties(draft: Draft, facets: SentenceFacets, location: Location | None,
                     actors: DocActors) -> Draft:
    """The draft with its parties completed from the setting; a guessed target lowers confidence."""
    scene = location or _scene(facets)
    home = _only_state(draft, actors)
    # the other side's country places a sector only in acts commonly done at home ("police fired on
    # Kenyan protesters"); a vice minister who summons the Chinese ambassador is not Chinese
    domestic = under_policy(draft.cameo, "home")
    source = _situated(draft.source, location, draft.target if domestic else None, home, scene)
    struck = (_struck_country(draft, facets, actors) or _last_struck(draft, actors)) \
        if under_policy(draft.cameo, "harm") else None
    target = _situated(draft.target, location, draft.source if domestic else None, home, scene, struck)
    named_unknown = names_an_unknown_doer(draft.token, actors)  # "their ranks": no guess against the words
    if source is None and under_policy(draft.cameo, "harm") and not named_unknown:
        source = _launched_from(draft.token, target, actors)
    if source is None and target is not None and target.country and under_policy(draft.cameo, "harm") \
            and not named_unknown:
        source = last_attacker(actors, target.country)
    if source is None and scene is not None and scene.country and under_policy(draft.cameo, "unclaimed") \
            and not named_unknown:
        # "a roadside bomb near Samarra killed…": the country it happened in, which the text does not
        # name as the doer (so a toll in an accident or a disaster stays one with no doer)
        source = _country_actor(scene, kind="implicit")
    draft = replace(draft, source=source, target=target)
    if target is not None:
        return draft
    guessed = _target_from_place(draft, location) or _domestic_target(draft, actors) \
        or _only_other_party(draft, actors) or _members_among_themselves(draft)
    if guessed is None:
        return draft
    return replace(draft, target=guessed, confidence=round(draft.confidence * 0.85, 3))


def at_home_where_it_acts(event: Event, actors: DocActors) -> Event:
    """'The SDF carried out raids against the group' in Hasaka: a group at home in several countries
    (``local_in`` in the actor files: the Islamic State in Iraq and Syria) is of the one where the
    event took place, once its place is known (the sentence's or the story's)."""
    place = event.location
    if place is None or place.country is None:
        return event
    update = {}
    for side, party in (("source", event.source), ("target", event.target)):
        local = _local(party, place.country, actors) if party is not None else None
        if local is not party:
            update[side] = local
    return event.model_copy(update=update) if update else event


def _local(party: Actor, country: str, actors: DocActors) -> Actor:
    if party.name is None or party.country is None or party.country == country \
            or country not in actors.local_in.get(party.name, ()):
        return party
    return party.model_copy(update={"country": country, "code": country + party.code[len(party.country):]})


def event_location(draft: Draft, facets: SentenceFacets, trigger: Token, actors: DocActors) -> Location | None:
    """The event's place: one in its own clause, else one the sentence names as a place."""
    actor_spans = [(a.start, a.end) for a in (draft.source, draft.target)
                   if a is not None and a.start is not None and a.end is not None]
    usable = []
    for place in facets.places:
        tok = span_root(facets.sent, place.start, place.end)
        if tok is None or _in_claimant(tok) or _across_a_border(tok) or _of_another_act(tok, trigger) \
                or names_a_text(tok):  # "pulled out of the Paris climate agreement": no place of the act
            continue
        in_actor = place.start is not None and any(s <= place.start < e for s, e in actor_spans)
        names_actor = actors.mention_at(tok.i) is not None  # "weaken Kyiv": a capital standing for a state
        if (in_actor or names_actor or place.feature == "country") and not _locative(tok, trigger, draft.cameo):
            continue
        usable.append((place, tok))
    if draft.trigger.content_of is not None:  # "a summit in Nigeria on the coup in Niger": its own phrase's
        usable = [(p, t) for p, t in usable if t in draft.token.subtree]
    own = [(p, t) for p, t in usable if within_clause(t, trigger) or _in_the_clause_it_heads(t, trigger)]
    local = [(p, t) for p, t in usable if p.feature != "country"]
    # the most precise place nearest the act: its clause's city or region, its clause's country, the
    # sentence's city or region, then a country the sentence names as a place ("in Ukraine's … region");
    # a region of no one country (a continent, a sea) is less precise than a country ("the latest
    # seizure of power in Africa took place in Niger")
    situated = [(p, t) for p, t in usable if _where_it_stands(t)]
    stateless = [pt for pt in own if pt[0].country is None]
    for places in ([pt for pt in own if pt[0].feature != "country" and pt[0].country],
                   [pt for pt in own if pt[0].country], stateless, local, situated):
        if places:
            return min(places, key=lambda pt: abs(pt[1].i - trigger.i))[0]
    return None


def _in_the_clause_it_heads(tok: Token, trigger: Token) -> bool:
    """'The seizure of power took place in Niger', 'the talks were held in Doha': an act told by the
    subject noun of its clause happened where that clause says."""
    return trigger.pos_ == "NOUN" and trigger.dep_ in ("nsubj", "nsubjpass") and trigger.head != trigger \
        and within_clause(tok, trigger.head)


BORDER_WORDS = {"border", "frontier", "boundary"}
CLAUSE_HEADS = {"VERB", "AUX"}


def _place_words(key: str) -> frozenset[str]:
    return rules("places")[key]  # type: ignore[return-value]


def _of_another_act(tok: Token, trigger: Token) -> bool:
    """Whether a place is told of another act than the event's: one in a clause or phrase between the
    place and where it meets the event's words that tells of an act of its own ("Iran launched drones
    after it accused Israel of striking the embassy in Syria", "the first meeting since their talks in
    Bali", "…were arrested in the capital, and tear gas was fired in Nantes"). A verb joined with "and"
    to the event's is another act only with a subject of its own: "fired tear gas and arrested dozens
    in Nairobi" is one scene."""
    above = {trigger, *trigger.ancestors}
    clauses, preps, marks, purpose = (_place_words(k) for k in
                                      ("other_act_clauses", "other_act_preps", "other_act_marks", "purpose_preps"))
    for step in [tok, *tok.ancestors]:
        if step in above:
            return False
        if step.dep_ == "prep" and (step.lower_ in preps or step.head == trigger and step.lower_ in purpose):
            return True
        if step.dep_ in clauses and step.pos_ in CLAUSE_HEADS and (step.dep_ != "conj" or _has_subject(step)):
            return True
        if any(c.dep_ == "mark" and c.lower_ in marks for c in step.children):
            return True
    return False


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)


def _across_a_border(tok: Token) -> bool:
    """'near the border with Niger': the country across the border is not where it happened."""
    head = _phrase_head(tok)
    return head.dep_ == "pobj" and head.head.lower_ == "with" and head.head.head.lemma_.lower() in BORDER_WORDS


def _in_claimant(tok: Token) -> bool:
    """'…, relief officials in Nairobi said': where the source of a claim sits is not where it happened;
    nor is the country whose outlet it is ('according to Ukraine's Euromaidan Press'), though a place
    the source is told at may be ('according to a spokesman for the governor in Helmand province')."""
    return any(anc.dep_ in ("nsubj", "nsubjpass") and is_reporting_verb(anc.head) for anc in [tok, *tok.ancestors]) \
        or (tok.dep_ in ("poss", "compound") and _cited(tok.head))


def _cited(tok: Token) -> bool:
    """'according to X': X is the source cited."""
    return tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lemma_.lower() == "accord"


def _locative(tok: Token, trigger: Token, cameo: str) -> bool:
    """Whether a place name is used as a place ('in Kyiv', 'in the city of Port Sudan') rather than
    for an actor ('Kyiv said'); what an act of force falls on is where it happened ('a drone strike on
    the Belgorod region')."""
    head = _phrase_head(tok)
    of_what = head.head.head.lemma_.lower()
    if head.dep_ == "pobj" and head.head.lower_ == "of" and (of_what in SETTLEMENT_WORDS
                                                          or of_what in _place_words("part_words")):
        head = _phrase_head(head.head.head)
    if head.dep_ != "pobj":
        return False
    prep = head.head
    if prep.lower_ in LOCATIVE_PREPS or prep.lower_ in _place_words("around_words"):
        return True
    # "a drone strike on the Belgorod region", "launched a series of drones toward Israel": the
    # event's own words, or the object it acts with
    return prep.lower_ in _place_words("struck_preps") and under_policy(cameo, "harm") \
        and (prep.head == trigger or (prep.head in trigger.subtree and within_clause(prep.head, trigger)))


def _where_it_stands(tok: Token) -> bool:
    """'in Ukraine's Kharkiv region' says where the sentence is set; 'sending troops to Iraq' does not."""
    head = _phrase_head(tok)
    return head.dep_ == "pobj" and head.head.lower_ in SCENE_PREPS


def _phrase_head(tok: Token) -> Token:
    head = _place_word_named(tok) or tok
    while head.head != head and (head.dep_ in ("compound", "amod", "det") or _owns_a_place(head)):
        head = head.head
    if head.dep_ == "dobj" and head.head.dep_ == "acl" and head.head.lemma_.lower() in _place_words("around_words"):
        return _phrase_head(head.head.head)  # "in the waters surrounding Taiwan": set around the place
    return head


def _place_word_named(tok: Token) -> Token | None:
    """'Tbilisi' in "in the Georgian capital Tbilisi", "in the port city Odesa": the word for a place
    that the name beside it says which place it is; that phrase is where the name stands. The parser
    hangs the name on the word (appos) or, as often, on the verb after it."""
    if tok.dep_ == "appos" and tok.head.lemma_.lower() in PLACE_NOUNS:
        return tok.head
    before = tok.doc[tok.i - 1] if tok.i > 0 else None
    if tok.dep_ == "npadvmod" and before is not None and before.dep_ == "pobj" \
            and before.lemma_.lower() in PLACE_NOUNS:
        return before
    return None


def _owns_a_place(tok: Token) -> bool:
    """'Ukraine' in "in Ukraine's Kharkiv region": a place inside a place, not a state's act."""
    return tok.dep_ == "poss" and tok.head.lemma_.lower() in PLACE_NOUNS


def _situated(actor: Actor | None, location: Location | None, other: Actor | None,
              home: str | None, scene: Location | None, struck: str | None = None) -> Actor | None:
    """A sector with no country ('police', 'rebels') belongs to where the event happened, or else
    to the country of what the act that harmed it struck (``struck``), or else to the country of
    the other side (most such events are domestic), or else to the one state or the one country
    of the places its sentence names. An ethnic group ("ethnic Albanians in Serbia") belongs to
    the country it lives in."""
    if actor is None:
        return None
    ethnic = " ethnic " in f" {actor.text.lower()} "
    if ethnic and location is not None and location.country and location.country != actor.country:
        return actor.model_copy(update={"country": location.country,
                                        "code": location.country + "".join(actor.sectors[:1])})
    if actor.country or not actor.sectors:
        return actor
    country = location.country if location is not None and location.country else struck
    if country is None and other is not None and other.country and len(other.country) == 3 and other.kind != "igo":
        country = other.country
    country = country or home or (scene.country if scene is not None else None)
    if country is None:
        return actor
    return actor.model_copy(update={"country": country, "code": country + actor.code})


def _struck_country(draft: Draft, facets: SentenceFacets, actors: DocActors) -> str | None:
    """'Russian drones hit a Ukrainian power plant, killing two workers': the country of what the
    act it follows from struck: a state named in that act's object, or a place inside it."""
    tok = draft.token
    while tok.dep_ in CONSEQUENCE_LINKS and tok.head != tok and tok.head.pos_ in ("VERB", "AUX"):
        tok = tok.head
        obj = direct_object(tok)
        if obj is None:
            continue
        states = [a.country for a in actors.actors(obj) if a.country and len(a.country) == 3 and a.kind != "igo"]
        if states:
            return states[0]
        first, last = obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge)
        places = [p.country for p in facets.places if p.country and p.start is not None and first <= p.start < last]
        if places:
            return places[0]
    return None


def _last_struck(draft: Draft, actors: DocActors) -> str | None:
    """'Russian missiles hit Kharkiv on Monday. Explosions killed three civilians.': a toll whose
    sentence names no doer and no country of its victims counts the latest act of force the article
    told, whose victims are of the country it struck (not of the attacker)."""
    if draft.source is not None or (draft.target is not None and draft.target.country):
        return None
    return actors.last_struck(root_policy("harm"))


def _launched_from(trigger: Token, target: Actor | None, actors: DocActors) -> Actor | None:
    """'dozens of rockets were launched from Lebanon into northern Israel', 'drone strikes on Israel also
    came from Yemen': an attack whose doer the text leaves unnamed came from the country it names as
    where it came from (not the target's last attacker)."""
    verb = trigger if trigger.pos_ == "VERB" else governor_verb(trigger) or (
        trigger.head if trigger.dep_ == "nsubj" else None)  # "strikes … came from Yemen"
    for tok in (t for t in (trigger, verb) if t is not None):
        for origin in prep_objects(tok, "from"):
            found = [a for a in actors.actors(origin) if a.country and a.kind == "country"
                     and (target is None or a.country != target.country)]
            if found:
                return found[0].model_copy(update={"kind": "implicit", "code": found[0].country,
                                                   "sectors": []})
    return None


def _domestic_target(draft: Draft, actors: DocActors) -> Actor | None:
    """An act whose sentence names no country but the performer's own is an internal affair
    ("the opposition agreed to postpone the rally in Baku"): it is directed at that country."""
    source = draft.source
    if source is None or not source.country or len(source.country) != 3 or source.kind in ("igo", "ngo"):
        return None
    if under_policy(draft.cameo, "outward") or _only_country(draft, actors) != source.country:
        return None
    if actors.focus is not None and actors.focus != source.country and under_policy(draft.cameo, "addressed"):
        # "US officials called the case ridiculous" in a story about a trial in Russia: a statement
        # about the story's affair is addressed to the story's country, not the speaker's own
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
    roots = [(p, facets.sent.doc.char_span(p.start, p.end, alignment_mode="expand").root)
             for p in facets.places if p.country and p.start is not None]
    places = [p for p, root in roots if not _in_claimant(root) and not _across_a_border(root)]
    return places[0] if places and len({p.country for p in places}) == 1 else None


def _only_state(draft: Draft, actors: DocActors) -> str | None:
    """The one state the sentence of the event names, if it names exactly one (IGOs aside). A demonym
    says whose another party is, not where the sentence is set: in "the vice minister called in the
    Chinese ambassador" the minister is not Chinese."""
    states = {m.term.country for m in _party_mentions(draft, actors)
              if m.term.kind not in ("igo", "ngo") and m.term.role != "demonym"}
    return states.pop() if len(states) == 1 else None


def _party_mentions(draft: Draft, actors: DocActors) -> list[Mention]:
    """Dictionary mentions of the event's sentence that name a party, leaving out who reports it."""
    sent = draft.token.sent
    return [m for m in actors.mentions_in(sent.start, sent.end) if m.term.country
            and m.term.kind != "media" and not _in_claimant(sent.doc[m.start])
            and not _across_a_border(sent.doc[m.end - 1]) and not _of_a_border(sent.doc[m.end - 1])]


def _of_a_border(tok: Token) -> bool:
    """'located just on the Rwandan border': a country that only says which border is no party."""
    return tok.dep_ in ("amod", "compound", "poss") and tok.head.lemma_.lower() in BORDER_WORDS


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


def _country_actor(location: Location, kind: str = "country") -> Actor:
    return Actor(text=location.text, code=location.country or "", country=location.country, kind=kind,
                 start=location.start, end=location.end)


def _members_among_themselves(draft: Draft) -> Actor | None:
    """'ECOWAS defence chiefs would meet immediately', 'EU leaders met on Thursday': an international
    body's members (a plural of people) meeting with no one else named meet among themselves, wherever."""
    source = draft.source
    who = subject(draft.token)
    if source is None or source.kind != "igo" or who is None or who.tag_ != "NNS" \
            or not under_policy(draft.trigger.pattern.cameo, "symmetric"):
        return None
    return _the_body_itself(source)


def _the_body_itself(body: Actor) -> Actor:
    """An international body as the other party of what its members do among themselves."""
    return body.model_copy(update={"kind": "implicit", "text": body.code, "start": None, "end": None})


def _target_from_place(draft: Draft, location: Location | None) -> Actor | None:
    """An act by X in country Y, with no target named, is directed at Y; an act at home whose
    kind is domestic (protest, repression, concession, inquiry) is directed at the home country."""
    source = draft.source
    if source is None or not source.country:
        return None
    if source.kind == "igo" and location is not None and under_policy(draft.cameo, "symmetric"):
        # "the NATO summit meeting in Washington", "EU leaders agreed in Brussels": an international
        # body's members meet and agree among themselves where they gather; the host is no party
        return _the_body_itself(source)
    if location is not None and location.country:
        if location.country == source.country and not under_policy(draft.cameo, "domestic"):
            return None
        return _country_actor(location)
    if under_policy(draft.cameo, "domestic") and len(source.country) == 3 and source.country.isalpha() \
            and source.kind != "igo":
        return Actor(text=source.text, code=source.country, country=source.country, kind="country",
                     start=source.start, end=source.end)
    return None
