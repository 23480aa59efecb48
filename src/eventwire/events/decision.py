"""The decision stage: which candidate events a careful analyst would code, and how sure we are.

The lexicon proposes candidates generously; this stage keeps one event per real event per
sentence and only those a learned model (``data/models/decision.json``, trained by ``make train``
from ``../shared/train``; see docs/decision-model.md) judges codeable with the right parties.
Every candidate's features and score can be shown (``eventwire code --explain``), so a wrong event
is traced to its cause rather than guessed at.

DOCS: docs/decision-model.md
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from eventwire.datafiles import builtin_file
from eventwire.errors import DataFileError
from eventwire.events.codebook import excluded_performer, party_pair, under_policy
from eventwire.events.roles import governor_verb
from eventwire.geo import distance_km
from eventwire.model import Actor, Decision, Event, Evidence, Location
from eventwire.nlp import sentences as article_sentences
from eventwire.nlp.syntax import clause_verb, direct_object, owned_by_speaker, root_at
from eventwire.rules import rules

MODEL_FORMAT = "eventwire.decision.v1"
PRONOUNS = {"he", "him", "his", "she", "her", "it", "its", "they", "them", "their", "we", "our", "i", "you"}
QUOTES = set("\"“”«»")
# The article model's features (the article's focus, repeats, a sentence's place) presuppose an
# article. A shorter text (a headline, a sentence, a snippet) is judged by the model's short-text part,
# trained on the same candidates without those features (see select_short).
MIN_ARTICLE_SENTENCES = 3
# features that only an article has: what a short text's model never sees
ARTICLE_ONLY = ("sentence=", "first_sentence", "repeat", ":focus", ":elsewhere")
LEMMAS_KEY = "eventwire.lemmas"
# A short text that tells a disaster or an accident is about it: a candidate the model gives less than
# this is a word read in another sense ("police were called to the crash"), not the text's event.
# Held-out short-text candidates under 0.2 are right one time in twenty, from 0.2 to 0.4 one in three
# (docs/decision-model.md), fewer in a text about a disaster; 0.2 sat at the edge of a bin that moves by
# a few hundredths with each retraining (the crash's "called" went from 0.19 to 0.204).
HAZARD_TEXT_FLOOR = 0.3


@dataclass(frozen=True, slots=True)
class DecisionModel:
    """A logistic model over named binary features: ``p = σ(bias + Σ weight[f])``."""

    weights: dict[str, float]
    bias: float
    threshold: float
    meta: dict = field(default_factory=dict)
    # the model for texts of fewer than MIN_ARTICLE_SENTENCES sentences (None: this one, as for articles)
    short: ShortTextModel | None = None

    def probability(self, features: Iterable[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def contributions(self, features: Iterable[str]) -> dict[str, float]:
        """The weight each present feature adds, largest effect first (for --explain)."""
        found = {f: round(self.weights[f], 3) for f in features if self.weights.get(f)}
        return dict(sorted(found.items(), key=lambda kv: -abs(kv[1])))

    @classmethod
    def load(cls, path: str | Path | None = None) -> DecisionModel:
        where = Path(path) if path is not None else builtin_file("models", "decision.json")
        try:
            data = json.loads(where.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DataFileError(str(where), [f"cannot read the decision model: {exc}"]) from None
        if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
            raise DataFileError(str(where), [f"expected 'format: {MODEL_FORMAT}'"])
        try:
            short = data.get("short_texts")
            return cls(_weights(data), float(data["bias"]), float(data["threshold"]), dict(data.get("meta") or {}),
                       None if short is None else ShortTextModel(
                           _weights(short), float(short["bias"]), float(short["threshold"]),
                           dict(short.get("meta") or {}), relative=float(short["relative"])))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DataFileError(str(where), [f"malformed decision model: {exc}"]) from None

    def for_text(self, sentences: int) -> DecisionModel:
        """The model that judges a text of this many sentences."""
        return self.short if self.short is not None and sentences < MIN_ARTICLE_SENTENCES else self


@dataclass(frozen=True, slots=True)
class ShortTextModel(DecisionModel):
    """The model of a headline, a sentence or a snippet. Such a text usually tells one event: its best
    reading is kept whatever its score, and another only when it scores ``threshold`` (as an article's
    event must), or at least ``relative`` times the best, or is its lead's main verb ("Most of the rebels
    had retreated after troops stormed the town" is the storming, unless the model is nearly as sure of
    the retreat)."""

    relative: float = 0.5


def _weights(data: dict) -> dict[str, float]:
    return {str(k): float(v) for k, v in data["weights"].items()}


def sentence_features(feats: Iterable[str]) -> list[str]:
    """The features a short text has: all but those of a place in an article."""
    return [f for f in feats if not any(marker in f for marker in ARTICLE_ONLY)]


@cache
def default_model() -> DecisionModel:
    return DecisionModel.load()


def context_words() -> dict[str, frozenset[str]]:
    return rules("context")  # type: ignore[return-value]


# ------------------------------------------------------------------------------ features


@dataclass(slots=True)
class ArticleView:
    """What every candidate of one article is judged against."""

    doc: Doc
    focus: str | None
    seen: dict[tuple, int] = field(default_factory=dict)


def trigger_token(doc: Doc, event: Event) -> Token | None:
    return root_at(doc, event.trigger.start, event.trigger.end)


def _sentence_lemmas(sent: Span) -> set[str]:
    cache = sent.doc.user_data.setdefault(LEMMAS_KEY, {})
    if sent.start not in cache:
        cache[sent.start] = {t.lemma_.lower() for t in sent}
    return cache[sent.start]


def _actor_features(side: str, actor: Actor | None, focus: str | None) -> list[str]:
    if actor is None:
        return [f"{side}:none"]
    out = [f"{side}:kind={actor.kind or 'sector'}"]
    out.append(f"{side}:country" if actor.country else f"{side}:no_country")
    if actor.sectors:
        out.append(f"{side}:sector={actor.sectors[0]}")
    if actor.text.lower() in PRONOUNS:
        out.append(f"{side}:pronoun")
    if actor.country and actor.country == focus:
        out.append(f"{side}:focus")
    if actor.name:
        out.append(f"{side}:named")
    if actor.kind == "sector" and actor.country:
        out.append(f"{side}:generic_with_country")
    return out


def _party_words_features(event: Event, sent: Span | None) -> list[str]:
    """Where the parties' words are: one phrase for both ("the government of Qatar" as source and
    target), or words outside the event's sentence (a party recalled from earlier in the story)."""
    out = []
    src, tgt = event.source, event.target
    if src is not None and tgt is not None and src.start is not None and (src.start, src.end) == (tgt.start, tgt.end):
        out.append("dyad:same_words")
    if sent is not None:
        for side, actor in (("src", src), ("tgt", tgt)):
            if actor is not None and actor.start is not None and not sent.start_char <= actor.start < sent.end_char:
                out.append(f"{side}:elsewhere")
    return out


def _implicit_features(event: Event) -> list[str]:
    root = event.cameo[:2]
    return [f"{side}:implicit|{root}" for side, actor in (("src", event.source), ("tgt", event.target))
            if actor is not None and actor.kind == "implicit"]


def _context_features(sent_lemmas: set[str]) -> list[str]:
    return [f"context:{name}" for name, words in context_words().items() if sent_lemmas & words]


def _placed_nearby(location: Location | None, sent: Span | None) -> bool:
    """A place named in the event's sentence or the two before: the story's scene, carried from
    further back or inferred from the parties' country, says less about the event itself."""
    if location is None or location.start is None or sent is None:
        return False
    first = sent
    for _ in range(2):
        if first.start == 0:
            break
        first = sent.doc[first.start - 1].sent
    return first.start_char <= location.start < sent.end_char


def features(event: Event, view: ArticleView) -> list[str]:
    """The named features of one candidate: what the lexicon matched, who its parties are, where
    it stands in its sentence and article, and what its sentence is about."""
    root = event.cameo[:2]
    plover = event.plover.event or "NONE"
    tok = trigger_token(view.doc, event)
    sent = tok.sent if tok is not None else None
    out = [f"root={root}", f"plover={plover}", f"pattern={event.pattern}", f"modality={event.modality}"]
    # the rule engine's own confidence (the pattern's prior, depth, parties with a country), in tenths:
    # it carries what a pattern the training articles never met is worth
    if event.confidence is not None:
        out.append(f"rule_confidence={min(int(event.confidence * 10), 9)}")
    out += _actor_features("src", event.source, view.focus)
    out += _actor_features("tgt", event.target, view.focus)
    out += _implicit_features(event)
    out += _party_words_features(event, sent)
    src_c = event.source.country if event.source else None
    tgt_c = event.target.country if event.target else None
    if src_c and tgt_c:
        same = "dyad:same_country" if src_c == tgt_c else "dyad:two_countries"
        out += [same, f"{same}|{root}"]
    out.append(f"both:{'S' if event.source else '-'}{'T' if event.target else '-'}|{root}")
    out.append(f"src:{(event.source.kind if event.source else 'none')}|{plover}")
    out.append(f"tgt:{(event.target.kind if event.target else 'none')}|{plover}")
    if event.attribution is not None:
        out.append("attributed")
        if event.attribution.code and event.source and event.attribution.code == event.source.code:
            out.append("attribution_is_source")
    out.append(f"sentence={min(event.sentence, 4)}")
    if _placed_nearby(event.location, sent):
        out.append("located")
    if event.date is not None:
        out.append("dated")
    if tok is not None:
        depth = sum(1 for _ in tok.ancestors)
        out += [f"lemma={tok.lemma_.lower()}", f"pos={tok.pos_}", f"dep={tok.dep_}", f"depth={min(depth, 4)}"]
        if tok.dep_ == "ROOT":
            out.append(f"main_verb|{plover}")
    if sent is not None:
        if tok is not None and _inside_quotation(tok, sent):
            out.append("quoted")
        out += _context_features(_sentence_lemmas(sent))
        if event.sentence == 0:  # the story's first sentence (nlp.sentences: a dateline parsed apart is none)
            out.append("first_sentence")
    key = _repeat_key(event)
    if view.seen.get(key, event.sentence) < event.sentence:
        out.append("repeat")
    return out


def _inside_quotation(tok: Token, sent: Span) -> bool:
    """The act told in someone's own words: an odd number of quote marks before it in its sentence (a
    sentence that only quotes a phrase elsewhere, 'what he called "fratricidal bloodshed"', tells its
    act in the reporter's words)."""
    return sum(ch in QUOTES for ch in sent.doc.text[sent.start_char:tok.idx]) % 2 == 1


def _act_kind(cameo: str) -> str:
    """What tells two acts of one PLOVER type and party pair in one sentence apart: violence is one act
    told by its means and its toll ("bombed…, killing four": 195 and 190); any other act by its base
    code ("police fired tear gas and arrested 30": 175 and 173 are two)."""
    return "force" if under_policy(cameo, "harm") else cameo[:3]


def _repeat_key(event: Event) -> tuple:
    return (event.plover.event, *party_pair(event.cameo, event.source, event.target))


# ------------------------------------------------------------------------------ the stage


def hazard_performer(event: Event, doc: Doc) -> bool:
    """'A magnitude 6.8 earthquake struck…, killing 2,000': a harm done by a natural hazard or an
    accident, not by an actor, is no political event; nor is a harm with no named doer in a sentence
    that names a hazard or tells an industrial explosion (or follows right after one: "A furnace
    exploded. The explosion injured…"), nor a state of emergency declared over one."""
    response = under_policy(event.cameo, "hazard_response")
    # unrest given no doer but its place ("unclaimed": "rains that shut down schools and businesses")
    # is as much the hazard's as a harm is
    if not (response or any(under_policy(event.cameo, p) for p in ("harm", "force", "unclaimed"))):
        return False
    tok = trigger_token(doc, event)
    if tok is None:
        return False
    hazards = context_words()["hazards"]
    unnamed = event.source is None or event.source.kind == "implicit"
    if (unnamed or response) and any(_tells_a_hazard(s) for s in _sentence_and_previous(tok.sent)):
        return True  # "two people were killed when a train derailed": a toll with no doer, in an accident
    verb = tok
    for _ in range(5):  # "…struck X, killing 2,000": the killing's doer is the striking's subject (and a list of
        # conjoined acts, "inundated villages, swept away houses, flooded roads and destroyed bridges")
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass", "agent", "csubj"):
                heads = [child, *(p for p in child.children if p.dep_ == "pobj")] if child.dep_ == "agent" else [child]
                if any(h.lemma_.lower() in hazards or any(c.lemma_.lower() in hazards for c in h.children
                                                          if c.dep_ in ("compound", "amod"))
                       for h in heads):
                    return True
                if unnamed and any(h.lemma_.lower() in context_words()["accident_vehicles"] for h in heads):
                    return True  # "struck by a bulk carrier": a collision, no party steering
        if verb.dep_ not in ("advcl", "xcomp", "conj", "acl", "relcl") or verb.head is verb:
            break
        verb = verb.head
    return False


def _tells_a_hazard(sent: Span) -> bool:
    """A sentence naming a natural hazard or an accident, or telling an industrial explosion."""
    return _names_a_hazard(sent) or _accidental_explosion(sent)


def _names_a_hazard(sent: Span) -> bool:
    words = context_words()
    return any(t.lemma_.lower() in (words["hazard_verbs"] if t.pos_ == "VERB" else words["hazards"]) for t in sent)


def _sentence_and_previous(sent: Span) -> list[Span]:
    return [sent] if sent.start == 0 else [sent, sent.doc[sent.start - 1].sent]


def _accidental_explosion(sent: Span) -> bool:
    """'a chemical plant exploded', 'a gas explosion', 'a fire at a fertilizer plant': an explosion of
    something that explodes by accident (``accident_sites``), never of a bomb or a shell."""
    words = context_words()
    sites = words["accident_sites"]
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in words["exploding_verbs"]:
            doers = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            if any(_names_a_site(d, sites) for d in doers):
                return True
        elif tok.pos_ == "NOUN" and lemma in words["explosion_nouns"] and _of_a_site(tok, sites):
            return True
    return False


def _of_a_site(explosion: Token, sites: frozenset[str]) -> bool:
    """'a gas explosion', 'a blast at a fertilizer plant'."""
    where = [p for c in explosion.children if c.dep_ == "prep" and c.lower_ in ("at", "in")
             for p in c.children if p.dep_ == "pobj"]
    return any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in sites for c in explosion.children) \
        or any(_names_a_site(p, sites) for p in where)


def _names_a_site(noun: Token, sites: frozenset[str]) -> bool:
    return noun.lemma_.lower() in sites or any(
        c.dep_ in ("compound", "amod") and c.lemma_.lower() in sites for c in noun.children)


def running_total(event: Event, doc: Doc) -> bool:
    """'120 civilians have been killed in Belgorod since the start of the war', '13 air strikes in the
    last five months': a harm told as a tally over a span (``tally_phrases``, or a ``span_openers``
    phrase of weeks, months or years) is a count of many acts, not one event. Other acts keep theirs:
    "police have arrested 233 activists since Wednesday" is this week's news."""
    if not under_policy(event.cameo, "harm"):
        return False
    tok = trigger_token(doc, event)
    if tok is None:
        return False
    verb = clause_verb(tok)
    r = rules("triggers")
    # "had been killed and 650 wounded in Belgorod since the start of the war": either verb holds it;
    # "carried out 13 attacks in the last five months, killing 11": so does the act the harm follows
    verbs = [verb, *verb.conjuncts, *([verb.head] if verb.dep_ == "advcl" else [])]
    for child in (c for v in verbs for c in v.children):
        if child.dep_ not in ("prep", "advmod", "npadvmod"):
            continue
        words = " ".join(t.lower_ for t in child.subtree)
        if any(words == p or words.startswith(p + " ") for p in r["tally_phrases"]):
            return True
        if any(words.startswith(p + " ") for p in r["span_openers"]) and any(
                t.lemma_.lower() in r["span_units"] for t in child.subtree):
            return True  # "carried out 13 aerial attacks in the last five months"
    return False


def habitual(event: Event, doc: Doc) -> bool:
    """'NATO members have provided 40 billion euros in military aid each year': an act told at a
    frequency (``habitual_adverbs``, or "each/every/per" + a span: ``frequency_openers``,
    ``frequency_units``) is a habit or a statistic, not one event; so are acts a noun tells as many
    ("frequent military coups and army rebellions": ``habitual_modifiers``), or that a description says
    never happened."""
    tok = trigger_token(doc, event)
    if tok is None:
        return False
    verb = clause_verb(tok)
    r = rules("triggers")
    if _counted_history(tok, r) or _never_in_a_description(verb):
        return True
    first = tok.head if tok.dep_ == "conj" and tok.head.pos_ in ("NOUN", "PROPN") else tok
    if tok.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "amod" and c.lower_ in r["habitual_modifiers"]
                                             for c in first.children):
        return True
    governor = governor_verb(tok)  # "given 2 billion euros in aid each year": the verb the sum hangs on
    for child in (c for t in dict.fromkeys((tok, verb, governor or verb)) for c in t.children):
        if child.dep_ == "advmod" and child.lower_ in r["habitual_adverbs"]:
            return True
        if child.dep_ in ("npadvmod", "advmod", "prep") and _at_a_frequency(child, r):
            return True
    return False


def _never_in_a_description(verb: Token) -> bool:
    """'targeting colonies that have never been attacked before': a relative clause saying an act never
    happened describes its noun, at no time: no event."""
    return verb.dep_ == "relcl" and any(c.dep_ == "neg" and c.lower_ == "never" for c in verb.children)


def _counted_history(tok: Token, r) -> bool:
    """'have fought three of their four wars over the territory': wars fought in a number (a numeral on
    them, or "three of" them) are a history (``counted_history``)."""
    obj = direct_object(tok) if tok.pos_ == "VERB" else None
    if obj is None:
        return False
    counted = obj.like_num or any(c.dep_ == "nummod" for c in obj.children)
    noun = next((p for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                 if p.dep_ == "pobj"), obj) if obj.like_num else obj
    return counted and noun.tag_ == "NNS" and noun.lemma_.lower() in r["counted_history"]


def _at_a_frequency(child: Token, r) -> bool:
    """'each year', 'every week', 'per day': the phrase opens with the frequency word."""
    words = list(child.subtree)
    return len(words) >= 2 and words[0].lower_ in r["frequency_openers"] \
        and words[1].lemma_.lower() in r["frequency_units"]


# How the content of an accusation hangs below its verb: "of freeing", "for violating", "charges (that)
# it is backed", and acts coordinated with those ("for inciting … and violating").
CONTENT_LINKS = {"pcomp", "pobj", "prep", "ccomp", "xcomp", "conj"}
CONTENT_PREPS = {"of", "for"}


def alleged_content(event: Event, doc: Doc) -> bool:
    """'The junta accused French forces of freeing terrorists', 'sentenced for violating Covid rules',
    'Kigali denies backing the rebels', 'the demonstrators claim police used force': an act that is
    what someone is accused, punished or denies, or what another party claims, is the content of that
    accusation or denial (coded by its own pattern), not an event of its own."""
    tok = trigger_token(doc, event)
    if tok is None:
        return False
    r = rules("modality")
    if any(c.dep_ == "advmod" and c.lower_ in r["alleging_adverbs"] for c in tok.children):
        return True  # "Armenian forces allegedly opened fire"
    governors = set(r["alleging_verbs"]) | set(r["denial_verbs"])
    if _parenthetical_claim(tok, governors | set(rules("triggers")["allegation_verbs"])):
        return True
    for _ in range(5):
        if tok.dep_ not in CONTENT_LINKS or tok.head is tok:
            return False
        if tok.dep_ == "prep" and tok.lower_ not in CONTENT_PREPS:
            return False
        head = tok.head
        if tok.dep_ == "prep" and head.dep_ == "dobj":
            head = head.head  # "accused French forces of …": the preposition hangs on the accused
        if head.pos_ == "VERB" and head.dep_ != "amod" and head.lemma_.lower() in governors \
                and tok.dep_ in ("prep", "ccomp", "xcomp"):
            return True
        if tok.dep_ == "ccomp" and head.lemma_.lower() in rules("triggers")["allegation_verbs"]:
            return _claimed_by_another(event, doc)  # "the demonstrators claim that police used force"
        tok = tok.head
    return False


def _parenthetical_claim(verb: Token, claiming: set[str]) -> bool:
    """'The M23, which Kinshasa charges is backed by Rwanda': the small parser reads "Kinshasa charges" as
    the subject of the relative clause (its pronoun beside it or hung on it); it is a claim put inside
    the relative clause."""
    if verb.dep_ != "relcl":
        return False
    claims = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "NOUN"
              and c.lemma_.lower() in claiming and any(g.dep_ == "compound" for g in c.children)]
    relative = [c for c in (*verb.children, *(g for c in claims for g in c.children))
                if c.lower_ in ("which", "who", "whom", "that")]
    return bool(claims) and bool(relative)


# How what is demanded or refused hangs below the demand: "urged X to release", "demanded that X leave",
# "a call to release", "called for sanctions", "an appeal for deploying troops", and acts coordinated
# with those ("to release the prisoners and end the siege").
DEMAND_LINKS = {"xcomp", "ccomp", "acl", "pcomp", "pobj", "prep", "conj"}
DEMAND_PREPS = {"for", "of", "to"}
DEMAND_HEAD_LINKS = {"xcomp", "ccomp", "acl", "prep"}


def demanded_content(event: Event, doc: Doc) -> bool:
    """'The ILO urged Israel to ease restrictions', 'called for sanctions against Nigeria', 'rejected a
    UN appeal for deploying troops', 'refused to lift the curfew': an act someone demands or refuses
    has not happened; the demand or the refusal is the event (REQUEST or REJECT, coded by its own
    pattern), the act is its content."""
    if event.plover.event in ("REQUEST", "REJECT"):
        return False
    tok = trigger_token(doc, event)
    if tok is None:
        return False
    r = rules("modality")
    governors = r["requesting_governors"] | r["refusing_governors"]
    for _ in range(5):
        if tok.dep_ not in DEMAND_LINKS or tok.head is tok:
            return False
        if tok.dep_ == "prep" and tok.lower_ not in DEMAND_PREPS:
            return False
        if tok.dep_ in DEMAND_HEAD_LINKS and tok.head.lemma_.lower() in governors:
            return True
        tok = tok.head
    return False


def _claimed_by_another(event: Event, doc: Doc) -> bool:
    """Whether the one credited with the claim is not the act's performer ("Hamas claimed it fired the
    rockets", "the Houthis claimed their forces fired" are the performer's own word: the act stands)."""
    claimant, performer = event.attribution, event.source
    if performer is not None and owned_by_speaker(root_at(doc, performer.start, performer.end)):
        return False
    return claimant is not None and claimant.code is not None and (performer is None or claimant.code != performer.code)


def described_stance(event: Event, doc: Doc) -> bool:
    """'Hamas, which advocates Israel's destruction', 'Iran, which backs Hezbollah': a relative clause in
    the simple present describes what a party stands for, as does a participle of stance ("protesters
    opposing the bill", ``stance_verbs``); it reports no act."""
    tok = trigger_token(doc, event)
    if tok is None:
        return False
    if tok.tag_ == "VBG" and tok.lemma_.lower() in rules("triggers")["stance_verbs"] \
            and (tok.dep_ == "acl" or _set_off_after_subject(tok)):
        return True  # "protesters opposing the finance bill", "mercenaries, seeking to overthrow…,": who they are
    return tok.dep_ == "relcl" and tok.tag_ in ("VBZ", "VBP") \
        and not any(c.dep_ in ("aux", "auxpass") for c in tok.children)


def _set_off_after_subject(tok: Token) -> bool:
    """'Wagner mercenaries, seeking to overthrow the government, said…': a participle between commas
    right after its clause's subject (the parser makes it a clause of the verb) describes the subject."""
    if tok.dep_ != "advcl" or tok.i < 2:
        return False
    before = tok.doc[tok.i - 1]
    subject = next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return before.text == "," and subject is not None and subject.i == tok.i - 2 and subject.i < tok.head.i


def unlikely_performer(event: Event) -> bool:
    """'Union members marched in a show of force': a performer of a sector that never performs the act
    (``not_performed_by``, data/codebooks/root-policies.yaml) reads the trigger in another sense."""
    return event.source is not None and excluded_performer(event.cameo, event.source.sectors)


QUOTE_OPENERS = {'"', "\u201c", "\u2018", "'"}


def speech_turn(event: Event, doc: Doc) -> bool:
    """'Then he returned to the attack: "The armed forces have received the order…"': force aimed at no
    one, whose clause opens a quotation after a colon, is a turn of a speech (the quotation is the act),
    not force."""
    if event.cameo[:2] not in ("18", "19", "20") or _names_a_target(event):
        return False
    tok = trigger_token(doc, event)
    if tok is None:
        return False
    # the first mark after the trigger (the parser hangs the colon on the quotation's verb, not on the act's)
    mark = next((t for t in doc[tok.i + 1:tok.sent.end] if t.is_punct), None)
    return mark is not None and mark.text == ":" and mark.i + 1 < len(doc) and doc[mark.i + 1].text in QUOTE_OPENERS


def _names_a_target(event: Event) -> bool:
    """Whether the text names a target of its own: not one filled in from the story, nor the performer's
    own words standing for its country (an internal affair)."""
    target, source = event.target, event.source
    return target is not None and target.start is not None \
        and (source is None or (target.start, target.end) != (source.start, source.end))


def hypothetical(event: Event) -> bool:
    """'…warned that if Israel continued to hit civilian targets, …': an act told only as a condition or
    a possibility did not happen and is not announced; a threat or an ultimatum made of it is the event
    (root 13, which the framing stage already coded)."""
    return event.modality == "hypothetical" and event.cameo[:2] != "13"


def judged(events: Iterable[Event], doc: Doc, focus: str | None) -> Iterator[tuple[Event, list[str]]]:
    """The candidates the model judges, with their features, in text order: all but those whose doer
    is a natural hazard, running totals, habits told at a frequency, what someone is accused of,
    denies, demands or refuses, a party's
    standing described in a relative clause, acts told only as a
    condition or a possibility, acts whose performer is of a sector that never performs them, and turns
    of a speech told as force. ``make train``
    reads candidates through this too, so the model learns from exactly what it will be asked about."""
    view = ArticleView(doc, focus)
    for event in events:
        if hazard_performer(event, doc) or running_total(event, doc) or habitual(event, doc) \
                or alleged_content(event, doc) \
                or demanded_content(event, doc) or described_stance(event, doc) or hypothetical(event) \
                or unlikely_performer(event) or speech_turn(event, doc):
            continue
        feats = features(event, view)
        view.seen.setdefault(_repeat_key(event), event.sentence)
        yield event, feats


def decide(events: Sequence[Event], doc: Doc, focus: str | None, model: DecisionModel,
           min_confidence: float | None = None, explain: bool = False) -> list[Event]:
    """The events an analyst would code among one article's candidates, in text order.

    One event per PLOVER type, party pair and kind of act per sentence (see _merged), none whose
    performer is a natural hazard, none scored below ``min_confidence`` (when None: the model's own
    threshold in an article; in a text of fewer than MIN_ARTICLE_SENTENCES, the short-text model's
    choice, see select_short); every kept event carries its calibrated ``confidence`` and a ``group``
    shared by the article's repeated mentions of the same event."""
    sentences = len(article_sentences(doc))
    judge = model.for_text(sentences)
    scored: list[tuple[Event, float]] = []
    for event, feats in judged(events, doc, focus):
        if isinstance(judge, ShortTextModel):
            feats = sentence_features(feats)
        p = judge.probability(feats)
        decision = Decision(features=feats, contributions=judge.contributions(feats)) if explain else None
        scored.append((event.model_copy(update={"confidence": round(p, 3), "decision": decision}), p))
    if min_confidence is None and isinstance(judge, ShortTextModel):
        return select_short(scored, doc, judge)
    if min_confidence is None and sentences < MIN_ARTICLE_SENTENCES:
        min_confidence = 0.0  # a model of one's own without a short-text part: every candidate stays
    return select(scored, doc, judge.threshold if min_confidence is None else min_confidence)


def select(scored: Sequence[tuple[Event, float]], doc: Doc, threshold: float, by_act: bool = True) -> list[Event]:
    """The events kept among scored candidates (each with its score as ``confidence``): readings of one
    event in a sentence merged (one PLOVER type and party pair, and with ``by_act`` one kind of act,
    see _act_kind), those below ``threshold`` dropped, repeats grouped. ``make train`` chooses the
    default threshold through this too, on held-out training articles."""
    readings: dict[tuple, list[tuple[Event, float]]] = {}
    keys = [(event.sentence, _act_kind(event.cameo) if by_act else "", *_repeat_key(event)) for event, _ in scored]
    for n, (event, p) in enumerate(scored):
        explicit = _named_counterpart(n, scored, keys)
        readings.setdefault(keys[n] if explicit is None else keys[explicit], []).append((event, p))
    kept = [_merged(same, doc) for same in readings.values()]
    kept = [e for e in kept if e.confidence >= threshold]
    kept.sort(key=lambda e: (e.evidence.start, e.trigger.start))
    return _grouped(kept)


def _named_counterpart(n: int, scored: Sequence[tuple[Event, float]], keys: list[tuple]) -> int | None:
    """'During a protest in Tehran, demonstrators rallied against the US': a reading whose party the
    text never names (filled from the article's country) is the same act as a reading of its sentence
    with the same type and the same other party that names one; the named one says who it is."""
    event = scored[n][0]
    for side, other in (("target", "source"), ("source", "target")):
        if not _guessed(event, side):
            continue
        kept = getattr(event, other)
        for m, (candidate, _) in enumerate(scored):
            named = getattr(candidate, side)
            if m != n and keys[m][:3] == keys[n][:3] and named is not None and not _guessed(candidate, side) \
                    and named.country and _same_country(getattr(candidate, other), kept):
                return m
    return None


def _guessed(event: Event, side: str) -> bool:
    """Whether a party is not named by the text as one: filled from the article's country, or the
    country of the event's place ("a protest in Tehran" is directed at Iran for want of a target)."""
    party = getattr(event, side)
    if party is None:
        return False
    place = event.location
    return (party.kind == "implicit" and party.start is None) or (
        party.kind == "country" and place is not None and party.start is not None and party.start == place.start)


def _same_country(a: Actor | None, b: Actor | None) -> bool:
    return a is not None and b is not None and a.country is not None and a.country == b.country


def select_short(scored: Sequence[tuple[Event, float]], doc: Doc, model: ShortTextModel) -> list[Event]:
    """The events kept in a short text: its best scored event, and each other one that scores the
    model's threshold, or at least ``model.relative`` times the best, or is the main verb of the text's
    first sentence; in a text that names a hazard or an industrial accident, none under
    HAZARD_TEXT_FLOOR."""
    kept = select(scored, doc, 0.0, by_act=False)  # one main event: its readings of one type are one
    if kept and any(_tells_a_hazard(s) for s in article_sentences(doc)):
        kept = [e for e in kept if e.confidence >= HAZARD_TEXT_FLOOR]
    if not kept:
        return kept
    best = max(e.confidence for e in kept)
    floor = model.relative * best
    top = next(e for e in kept if e.confidence == best)
    return [e for e in kept if e is top or e.confidence >= model.threshold or e.confidence >= floor
            or _main_verb(doc, e)]


def _main_verb(doc: Doc, event: Event) -> bool:
    """Whether the event is told by the main verb of the text's first sentence: a snippet's lead."""
    tok = trigger_token(doc, event)
    return tok is not None and tok.dep_ == "ROOT" and tok.sent.start == 0


def _detail(cameo: str) -> int:
    """How much a CAMEO code says: "195" (aerial weapons) more than "190" (force), "1723" more than "172"."""
    return len(cameo) - (1 if cameo.endswith("0") else 0)


def _merged(readings: list[tuple[Event, float]], doc: Doc) -> Event:
    """Several readings of one event in one sentence ("a missile strike on Kharkiv killed 15"): the one
    highest in the parse stays (the main clause carries the news, and every outlet's main verb codes the
    same way), among equals the finer code ("launched an air strike…, killing 12": 195, not 190), then
    the best scored; it takes the figures, date and place only the others found,
    and the best score."""
    def rank(reading: tuple[Event, float]) -> tuple[int, int, float]:
        tok = trigger_token(doc, reading[0])
        depth = sum(1 for _ in tok.ancestors) if tok is not None else 99
        return (depth, -_detail(reading[0].cameo), -reading[1])

    best = min(readings, key=rank)[0]
    surest = max(readings, key=lambda r: r[1])[0]
    if surest.confidence > best.confidence:  # the score, and with --explain the features behind it
        best = best.model_copy(update={"confidence": surest.confidence, "decision": surest.decision})
    update: dict = {}
    for other, _ in readings:
        if other.event_id == best.event_id:
            continue
        extra = [q for q in other.quantities if q not in best.quantities and q not in update.get("quantities", [])]
        if extra:
            update["quantities"] = [*update.get("quantities", best.quantities), *extra]
        for name in ("date", "location", "attribution"):
            if getattr(best, name) is None and name not in update and getattr(other, name) is not None:
                update[name] = getattr(other, name)
    start = min(e.evidence.start for e, _ in readings)
    end = max(e.evidence.end for e, _ in readings)
    if (start, end) != (best.evidence.start, best.evidence.end):  # the evidence states every reading
        tok = trigger_token(doc, best)
        if tok is not None and tok.sent.start_char <= start and end <= tok.sent.end_char:
            # the sentence's own text: Doc.text is rebuilt on every access, a cost in the article's length
            text = tok.sent.text[start - tok.sent.start_char:end - tok.sent.start_char]
            update["evidence"] = Evidence(start=start, end=end, text=text)
    return best.model_copy(update=update) if update else best


def _dated_apart(a: Event, b: Event) -> bool:
    """Two mentions whose texts give two different days; a date with no words of its own (the week of
    publication) tells nothing apart."""
    if a.date is None or b.date is None or a.date.start is None or b.date.start is None:
        return False
    return a.date.value[:10] != b.date.value[:10]


# Two cities this far apart (km) are two scenes (as the dedup rule's place_km).
SCENES_APART_KM = 50


def _placed_apart(a: Event, b: Event) -> bool:
    """Two mentions whose own sentences place them in two cities far apart ("Russian missiles hit Kharkiv …
    Russian drones struck Odesa"); a place taken from the story tells nothing apart."""
    places = [e.location for e in (a, b)]
    if any(p is None or p.from_story or p.feature != "city" or p.lat is None or p.lon is None for p in places):
        return False
    pa, pb = places
    return pa.name != pb.name and distance_km((pa.lat, pa.lon), (pb.lat, pb.lon)) > SCENES_APART_KM  # type: ignore[union-attr,arg-type]


def _grouped(events: list[Event]) -> list[Event]:
    """Repeated mentions of one event in an article share the first mention's id as ``group``: same
    type and parties, and no date or place that tells them apart."""
    firsts: dict[tuple, list[Event]] = {}
    out = []
    for event in events:
        key = _repeat_key(event)
        group = None
        for first in firsts.get(key, []):
            if not _dated_apart(first, event) and not _placed_apart(first, event):
                group = first.group
                break
        if group is None:
            group = event.event_id
            firsts.setdefault(key, []).append(event.model_copy(update={"group": group}))
        out.append(event.model_copy(update={"group": group}))
    return out
