"""Resolves noun phrases in a parsed article to actors (CAMEO-style codes with sectors).

The matcher finds every dictionary phrase in the Doc; a noun phrase's actor is built from
the phrases inside it ("North Korea's Defense Minister" → PRK + MIL), and pronouns,
short names and group references ("the two nations") are resolved against what the
article said before.

DOCS: README.md#actors
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from eventwire.actors.dictionary import ActorDictionary, ActorEntry, Term, split_code
from eventwire.countries import clearly_most
from eventwire.model import Actor
from eventwire.nlp import sentences as article_sentences
from eventwire.nlp.syntax import (
    PLACE_ENTITIES,
    dateline_end,
    glued_after_name,
    names_a_clock,
    names_a_text,
    subject,
)
from eventwire.rules import is_reporting_verb, rules

STANCES = {"anti", "pro"}
# Dependents that belong to a noun phrase's own description, not to a clause hanging on it.
NP_MODIFIERS = {"compound", "amod", "poss", "nmod", "appos", "det", "nummod", "case", "flat", "npadvmod"}
# "the Defense Minister of Japan", "rebels in Ivory Coast", "activists from Fatah": still who they are.
NP_PREPS = {"of", "in", "from"}
PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
THING_PRONOUNS = {"it", "its", "itself"}
GROUP_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
SPEAKER_PRONOUNS = {"we", "us", "our", "ours", "ourselves", "i", "me", "my"}
QUOTE_MARKS = set("\"“”")
# Sectors of a body that may be named after the place it governs or polices ("the Lagos State Government").
SEAT_SECTORS = {"GOV", "LEG", "COP", "JUD"}
GENERIC_STATE_NOUNS = {"country", "nation", "state", "side", "republic", "kingdom"}
# A state told by whose it once was: "the former French colony" is not France.
COLONY_NOUNS = {"colony", "protectorate", "dominion"}
# "the two leaders", "both governments": a group of the countries in the story, with a sector.
GROUP_NOUNS = {**dict.fromkeys(GENERIC_STATE_NOUNS), "leader": "GOV", "government": "GOV", "delegation": "GOV",
               "minister": "GOV", "president": "GOV", "army": "MIL", "military": "MIL"}
NUMBER_WORDS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}
STATE_KINDS = {"country", "igo", "ngo", "group", "person", "media"}
# Mentions "the country" may repeat: "the country" after "The EU's observer mission" is not the EU.
COUNTRY_KINDS = STATE_KINDS - {"igo", "ngo"}
# CAMEO's sectors of armed men: military, rebels, unidentified armed forces.
ARMED_SECTORS = {"MIL", "REB", "UAF"}
# Head words of a phrase naming a group by what it is: "the group", "the militant group", "the movement".
GROUP_HEADS = {"group", "organisation", "organization", "movement", "militia", "outfit", "faction"}
# Determiners that make a noun phrase point back: "the leaders", "these rebels".
ANAPHORIC_DETERMINERS = {"the", "these", "those"}
# How far back (in sentences) "the leaders" looks for the leaders it repeats, and "the declaration"
# for the declaration.
ANAPHORA_SENTENCES = 6
DOCUMENT_SENTENCES = 30
# Nouns a region's adjective makes a party of besides the sector words: "Western countries", "Gulf
# states", "European powers".
PARTY_NOUNS = GENERIC_STATE_NOUNS | {"power", "bloc", "neighbour", "neighbor", "ally", "partner", "donor",
                                     "counterpart", "monarchy"}
# "someone close to the president", "a source familiar with the matter": a relation, not an identity,
# for a person the text leaves unnamed.
RELATION_WORDS = {"close", "familiar", "near"}
UNNAMED_PEOPLE = {"someone", "somebody", "anyone", "source", "person", "people", "man", "woman", "insider",
                  "aide", "confidant", "associate"}
# Heads that take their members from a party: "members of his presidential guard", "elements of
# their army" (not "the positions of their troops": a thing).
PARTITIVE_HEADS = {"member", "element", "unit", "section", "faction", "detachment", "contingent", "remnant"}
# "one of the few leaders sanctioned": a party said to be one of a class.
PARTITIVE_NUMBERS = {"one"}
# Prepositions that say where a party is, not who it is ("leaders meeting in Abuja").
PLACE_PREPS = {"in", "at", "near", "inside"}
# Named parties that say who a phrase with a region's word is ("Wall Street Journal reporter …, the first
# Western reporter"); a country or a place in it does not ("European leaders meeting in Paris").
NAMED_PARTY_KINDS = {"person", "media", "group"}
# Entity labels a bare word of a group's name may carry (the small model tags "Wagner" either way).
NAME_LABELS = {"PERSON", "ORG", "NORP"}
# Sectors whose one member is a person ("the Vietnamese leader", "the foreign minister"): "he" may
# stand for them.
PERSON_SECTORS = {"GOV", "MIL", "OPP", "JUD", "LEG", "PTY", "ELI"}
# The story's country is named this many times as often as any other (the lede counting twice): of the
# 22 training articles whose annotation has one main country, 1.5 with the lede finds it in 17 (2.0
# without the lede: 14) and never another country; a story shared between two has none.
FOCUS_RATIO = 1.5
# Mentions that say which country a story is about (an outlet's home country does not).
FOCUS_KINDS = {"country", "group", "person"}


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    term: Term


@dataclass(slots=True)
class Group:
    """Several actors resolved from one phrase: coordination or 'the two nations'."""

    actors: list[Actor] = field(default_factory=list)


class ActorMatcher:
    """Dictionary phrases compiled into spaCy PhraseMatchers for one vocabulary."""

    def __init__(self, nlp: Language, dictionary: ActorDictionary) -> None:
        self.dictionary = dictionary
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.terms: dict[int, Term] = {}
        exact, folded = [], []
        for phrase, term in dictionary.terms.items():
            for variant in _variants(phrase):
                (folded if variant.islower() else exact).append((variant, term))
        self._add(nlp, self.exact, exact)
        self._add(nlp, self.folded, folded)

    def _add(self, nlp: Language, matcher: PhraseMatcher, items: list[tuple[str, Term]]) -> None:
        docs = nlp.tokenizer.pipe(phrase for phrase, _ in items)
        for (_, term), doc in zip(items, docs, strict=True):
            label = f"actor:{term.phrase}"
            self.terms[nlp.vocab.strings.add(label)] = term
            matcher.add(label, [doc])

    def mentions(self, doc: Doc) -> list[Mention]:
        spans = [Span(doc, s, e, label=k) for k, s, e in [*self.exact(doc), *self.folded(doc)]]
        found = [Mention(s.start, s.end, self.terms[s.label]) for s in sorted(filter_spans(spans))]
        covered = {i for m in found for i in range(m.start, m.end)}
        return [m for m in found if not _part_of_longer_name(doc, m, covered)]


def _opposed(doc: Doc, mention: Mention) -> bool:
    """'an anti-Syria journalist' is against Syria, and 'pro-EU protesters' are for the EU: a stance
    toward a party, never membership of it."""
    return mention.start >= 2 and doc[mention.start - 1].text == "-" and doc[mention.start - 2].lower_ in STANCES


def _examples(head: Token) -> list[Token]:
    """'several countries, including Iran and Syria', 'states such as Qatar': the parties a phrase that
    names none itself gives as examples of what it means."""
    found = []
    for child in head.children:
        if child.dep_ == "prep" and (child.lower_ in ("including", "like") or (
                child.lower_ == "as" and child.i > 0 and child.doc[child.i - 1].lower_ == "such")):
            found.extend(c for c in child.children if c.dep_ == "pobj")
    return found


def _part_of_longer_name(doc: Doc, mention: Mention, covered: set[int] = frozenset()) -> bool:
    """'Zia' inside 'Mohammad Zia-Ul-Haq' is not Khaleda Zia: a short name or a person's name that
    is only part of a longer proper name belongs to someone else; and 'Jordan' in 'Puerto Jordan' or
    'Praia' in 'Mocímboa da Praia' is not the country or its capital."""
    if mention.term.kind == "country" and mention.term.role in ("name", "metonym"):
        return glued_after_name(doc, mention.start, covered)  # not after another known name: "Russia Ukraine war"
    if mention.term.kind != "person":
        return False
    first, last = doc[mention.start], doc[mention.end - 1]
    before = doc[mention.start - 1] if mention.start > 0 else None
    after = doc[mention.end] if mention.end < len(doc) else None
    joined = (before is not None and before.pos_ == "PROPN" and before.ent_type_ == "PERSON"
              and first.ent_type_ == "PERSON" and first.ent_iob_ == "I") or (
        after is not None and after.pos_ == "PROPN" and after.ent_type_ == "PERSON" and after.ent_iob_ == "I")
    hyphenated = (after is not None and after.text == "-" and not last.whitespace_) or (
        before is not None and before.text == "-" and not before.whitespace_)
    return joined or hyphenated


# Clauses inside a noun phrase's modifier say what its words do, not who they are: in "two of its
# fighters, who were guarding a camp of Islamic State detainees", the State is not whose fighters.
CLAUSES = {"relcl", "acl", "advcl", "ccomp", "xcomp"}


def _name_apposition(head: Token) -> Token | None:
    """'President Abdelmadjid Tebboune': the name the parser hangs on a title as an apposition, with
    no comma between them."""
    for child in head.rights:
        if child.dep_ == "appos" and child.pos_ == "PROPN" \
                and not any(t.is_punct for t in head.doc[head.i + 1:child.left_edge.i]):
            return child
    return None


def _name_conjuncts(head: Token) -> list[Token]:
    """'a call between Algeria's President Abdelmadjid Tebboune and Macron': the parser joins the
    second party to the name, not to the title that heads the first."""
    name = _name_apposition(head)
    return [c for c in name.children if c.dep_ == "conj"] if name is not None else []


def _phrase(token: Token) -> list[Token]:
    """The words of ``token``'s subtree outside the clauses hanging in it (and outside a second
    party joined to a title's name)."""
    out, stack = [], [token]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(c for c in tok.children if c.dep_ not in CLAUSES
                     and not (tok.dep_ == "appos" and c.dep_ in ("conj", "cc") and _name_apposition(tok.head) == tok))
    return out


def _relation(modifier: Token, head: Token) -> bool:
    """'someone close to the president', 'sources familiar with the talks': whom an unnamed person is
    close to is not who they are (a thing close to a border does lie in its country: not this)."""
    return modifier.lemma_.lower() in RELATION_WORDS and (
        head.pos_ == "PRON" or head.lemma_.lower() in UNNAMED_PEOPLE)


def _name_parts(head: Token) -> list[Token]:
    """The words of the person's name ``head`` stands in: the capitalised words of its PERSON entity
    (walked token by token: a scan of the article's entities would cost its length at every name)."""
    doc, start, end = head.doc, head.i, head.i + 1
    while start > 0 and doc[start].ent_iob_ == "I" and doc[start - 1].ent_type_ == "PERSON":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I" and doc[end].ent_type_ == "PERSON":
        end += 1
    return [t for t in doc[start:end] if t.is_title and t.is_alpha and len(t) > 1] or [head]


def _modified(tok: Token) -> Token:
    """The noun an adjective or name modifies: 'leaders' in "West African leaders", 'nations' in
    "Western and Gulf Arab nations", 'state' in "the Gulf state's ruling emir"."""
    while tok.dep_ in ("amod", "compound", "conj", "nmod") and tok.head.i != tok.i \
            and tok.head.pos_ in ("NOUN", "PROPN", "ADJ"):
        tok = tok.head
    return tok


def _placed_under(tok: Token, head: Token) -> bool:
    """Whether ``tok`` hangs from ``head`` through a preposition of place ("leaders in Abuja")."""
    for above in tok.ancestors:
        if above.i == head.i:
            return False
        if above.dep_ == "prep" and above.lower_ in PLACE_PREPS:
            return True
    return False


def _variants(phrase: str) -> set[str]:
    out = {phrase, phrase.replace("'", "’"), phrase.replace("’", "'")}
    if phrase.startswith("the ") and not phrase.islower():
        out |= {"The " + p[4:] for p in out}
    return out


class DocActors:
    """Actor resolution for one Doc, remembering what the article has said so far."""

    def __init__(self, doc: Doc, matcher: ActorMatcher, year: int | None,
                 place_countries: Sequence[tuple[str, int]] = (),
                 seat_country: Callable[[str, bool], str | None] | None = None) -> None:
        self.doc = doc
        self.year = year
        # the country of a place a body is named after ("the Lagos State Government"), by the gazetteer
        self.seat_country = seat_country
        # "14:00 Moscow time": a capital naming a time zone is no party
        found = [m for m in matcher.mentions(doc) if not names_a_clock(doc, m.end)]
        self.focus = focus_country(found, place_countries, article_sentences(doc)[0].end if len(doc) else 0)
        # "KABUL — The Taliban…", "PRETORIA (Reuters) - …": a dateline says where the story was filed
        # and who filed it; it is never a party to the events
        self.filed = dateline_end(doc)
        # "the UN Charter", "the Paris climate agreement": a body or a capital naming a text is no party
        self.mentions = grounded([m for m in found if m.start >= self.filed
                                  and not names_a_text(doc[m.end - 1], pacts=m.term.role == "metonym")], doc, year)
        self.mention_starts = [m.start for m in self.mentions]
        self.by_token: dict[int, Mention] = {}
        for m in self.mentions:
            for i in range(m.start, m.end):
                self.by_token[i] = m
        self.learned: dict[str, tuple[str, tuple[str, ...], str]] = {}
        # the name words of the dictionary's people the article names in full ("Nguyen Xuan Phuc …
        # Presidents Phuc and Widodo"): a later bare word of the name is that person
        self.named_parts: dict[str, tuple[str, tuple[str, ...], str]] = {}
        self.group_parts: dict[str, Term] = {}
        self.events: dict[str, Actor] = {}
        self.offices: dict[int, Term] = {}  # the organisation each person was named in office for, by entry
        self.quotations: list[tuple[int, int, Token]] | None = None  # found when a "we" first asks
        self.acts: list[tuple[Actor, Actor | None, str]] = []
        self.resolved: dict[int, Actor | None] = {}  # antecedents of "the leaders", by token
        # phrases being resolved now: "confined by members of his guard" asks who "his" is, whose
        # antecedent may be that very phrase (the clause's subject): such a loop names no one
        self.resolving: set[int] = set()
        self.regions = matcher.dictionary.regions
        self.blocs = matcher.dictionary.blocs
        self.local_in = matcher.dictionary.local_in
        self.group_names: dict[int, str] = {}  # "the group", by token: the name of the group it repeats
        self._learn_people()

    def remember_event(self, lemma: str, performer: Actor) -> None:
        """Keep who performed the latest act of each kind, for 'the demands' later on."""
        self.events[lemma] = performer

    def recall_event(self, lemma: str) -> Actor | None:
        return self.events.get(lemma)

    def remember_act(self, performer: Actor, target: Actor | None, code: str) -> None:
        """Keep every act's parties and code in article order, for 'in response' later on."""
        self.acts.append((performer, target, code))

    def last_act_against(self, country: str, roots: Collection[str] | None = None) -> Actor | None:
        """The performer of the latest act (of one of ``roots``) of another country aimed at ``country``,
        one the text names (not the place an act happened in, nor a party the coder supplied)."""
        return next((p for p, t, code in reversed(self.acts)
                     if p.country and p.country != country and len(p.country) == 3 and p.kind != "implicit"
                     and t is not None
                     and t.country == country and (roots is None or code[:2] in roots)), None)

    def last_struck(self, roots: Collection[str]) -> str | None:
        """The country the latest act (of one of ``roots``) of another country's party struck."""
        return next((t.country for p, t, code in reversed(self.acts)
                     if code[:2] in roots and t is not None and t.country and len(t.country) == 3
                     and p.country != t.country), None)

    # -- public -------------------------------------------------------------------------------

    def names_a_city(self, token: Token) -> bool:
        """'Damascus', 'Kyiv': the word is a capital standing for its state (a metonym the gazetteer knows
        as a place, unlike "the Kremlin" or "the Pentagon")."""
        mention = self.by_token.get(token.i)
        if mention is None or mention.term.kind != "country" or mention.term.role != "metonym":
            return False
        if self.seat_country is None:
            return token.ent_type_ == "GPE"
        return self.seat_country(self.doc[mention.start:mention.end].text, False) is not None

    def actors(self, token: Token) -> list[Actor]:
        """Every actor a phrase headed by ``token`` names: one, several (coordination), or none."""
        heads = [token, *token.conjuncts, *_name_conjuncts(token)] if token.dep_ != "conj" else [token]
        out: list[Actor] = []
        for head in heads:
            group = self._group(head)
            each = self._of_each_country(head) if not group else []
            if group:
                out.extend(group.actors)
            elif each:
                out.extend(each)
            else:
                actor = self.actor(head)
                if actor:
                    out.append(actor)
        if not out:
            out = [a for t in _examples(token) for a in self.actors(t)]
        return _unique(out)

    def actor(self, head: Token) -> Actor | None:
        """The actor of the noun phrase headed by ``head``, or None when it names none."""
        if head.i in self.resolving:
            return None
        self.resolving.add(head.i)
        try:
            return self._actor(head)
        finally:
            self.resolving.discard(head.i)

    def _actor(self, head: Token) -> Actor | None:
        if head.lower_ in PERSON_PRONOUNS | THING_PRONOUNS | GROUP_PRONOUNS:
            return self._pronoun(head)
        named = _one_of_them(head)
        if named is not None:
            return self.actor(named)
        if head.lower_ in SPEAKER_PRONOUNS and head.pos_ == "PRON" and head.text != "US":
            return self._speaker(head)
        tokens = self._np_tokens(head)
        # "its embassy in Syria", "their troops in Mali": whose it is, not where it is
        owned = [t for t in tokens if not _placed_under(t, head)] if self._owned_by_pronoun(head) else tokens
        terms = self._terms_in(owned, head)
        colony = head.lemma_.lower() in COLONY_NOUNS
        # "the former French colony": the demonym names the ruler, not the colony
        rulers = {t.country for t, _ in terms if t.role == "demonym" and t.country} if colony else set()
        if colony:
            terms = [(t, d) for t, d in terms if t.role != "demonym"]
        country, sectors, name, kind, own_code = self._compose(head, terms)
        if country is None and colony and not terms:
            country, kind = self._former_colony(head, rulers)
        elif country is None:
            country, kind = self._implicit_country(head, tokens)
        if country is None and not sectors and head.lemma_.lower() in rules("attribution")["document_nouns"]:
            issuer = self._issuer(head, tokens)
            if issuer is not None:
                return issuer
        if country is None and sectors and set(sectors) & SEAT_SECTORS:
            country = self._seat(head, tokens)
            kind = "country" if country else kind
        if country is None and sectors and (known := self._learned(head)) is not None:
            # "Presidents Phuc and Widodo agreed": a person the article introduced, under a bare title,
            # is that person, not the last party of the title's sector
            country, kind, name = known.country, "person", known.name
        if country is None and sectors:
            country, kind, own_code, _ = self._antecedent(head, tokens, sectors) \
                or self._noun_possessor(head) or self._named_group(head, sectors) or (None, kind, own_code, [])
        elif country is None and not sectors and head.pos_ == "NOUN":
            # "The US Treasury Department imposed… The department also slapped…": a plain repeat of
            # a named body's head word is that body, sectors and all
            country, kind, own_code, sectors = self._antecedent(head, tokens) or self._named_group(head, []) \
                or (None, kind, own_code, [])
        if country is None and not sectors:
            return self._learned(head)
        if country is None and kind is None:
            kind = "sector"
        span = self._span(tokens)
        code = own_code or (country or "") + "".join(sectors[:1])
        actor = Actor(text=span.text, code=code, country=country,
                      sectors=list(sectors), name=name or self.group_names.get(head.i), kind=kind,
                      start=span.start_char, end=span.end_char)
        self._learn(head, actor)
        return actor

    def _before(self, i: int) -> Iterator[Mention]:
        """The mentions that start before token ``i``, latest first (found by bisection, not a scan)."""
        for k in range(bisect_left(self.mention_starts, i) - 1, -1, -1):
            yield self.mentions[k]

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """The dictionary mentions that start in tokens [start, end), found by bisection: per sentence
        of a long article, a scan of every mention would cost the article's length."""
        i = bisect_left(self.mention_starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            out.append(self.mentions[i])
            i += 1
        return out

    def mention_at(self, i: int) -> Mention | None:
        return self.by_token.get(i)

    # -- noun phrases ---------------------------------------------------------------------------

    def _np_tokens(self, head: Token) -> list[Token]:
        tokens = [head]
        # "a signing ceremony in Pretoria": where an occasion is held is not whose it is
        occasion = head.lemma_.lower() in rules("triggers")["occasion_nouns"]
        placed = occasion or head.lemma_.lower() in rules("triggers")["placed_act_nouns"]
        for child in head.children:
            if child.dep_ == "prep" and occasion and child.lower_ in PLACE_PREPS:
                continue
            if child.dep_ in ("compound", "amod", "nmod") and placed and self.names_a_city(child):
                continue  # "the Damascus strike": where it was done
            if child.dep_ in NP_MODIFIERS or (child.dep_ == "prep" and child.lower_ in NP_PREPS):
                tokens.extend([child] if _relation(child, head) else _phrase(child))
        mention = self.by_token.get(head.i)
        if mention:  # a multi-word name whose parse splits it keeps all its words
            tokens.extend(self.doc[mention.start:mention.end])
        return sorted(set(tokens), key=lambda t: t.i)

    def _span(self, tokens: list[Token]) -> Span:
        tokens = [t for t in tokens if t.i >= self.filed] or tokens
        words = [t for t in tokens if not t.is_punct and t.dep_ not in ("case",)] or tokens
        return self.doc[words[0].i:words[-1].i + 1]

    def _terms_in(self, tokens: list[Token], head: Token) -> list[tuple[Term, int]]:
        """Terms inside the phrase with their distance from the head (0 = the head's own)."""
        seen, out = set(), []
        for tok in tokens:
            m = self.by_token.get(tok.i)
            if m and id(m) not in seen and not _opposed(self.doc, m):
                seen.add(id(m))
                dist = 0 if m.start <= head.i < m.end else abs(tok.i - head.i)
                out.append((m.term, dist))
        return sorted(out, key=lambda x: x[1])

    def _compose(self, head: Token, terms: list[tuple[Term, int]]):
        country = name = kind = own_code = None
        sectors: list[str] = []
        implied: list[str] = []
        for term, _ in terms:
            if term.role == "sector":
                sectors.extend(s for s in term.sectors if s not in sectors)
                continue
            if country is None and term.kind == "region":
                # "West African leaders": the region's bloc or the region, never the story's country
                placed = self._region_party(term, head, terms)
                if placed is not None:
                    country, kind, own_code, name = placed
                continue
            if country is None:
                country, kind = term.country, term.kind
                if term.kind not in ("country",) and term.role in ("name", "short"):
                    name = term.entry.names[0] if term.entry and term.entry.names else term.phrase
                    if term.kind in ("igo", "ngo", "group", "media"):
                        own_code = term.code  # a named organisation keeps its own code (UNO, PSEREB)
                implied = list(term.sectors_on(self.year))
        person = next((t.entry for t, _ in terms if t.kind == "person" and t.entry is not None), None) \
            if kind == "person" else None
        office = None if kind != "person" else next(
            (t for t, _ in terms if t.kind in ("igo", "ngo") and t.role in ("name", "short")), None)
        if office is not None and person is not None:
            self.offices.setdefault(id(person), office)
        office = office or (self.offices.get(id(person)) if person is not None else None)
        if office is not None:
            # "African Union mediator Olusegun Obasanjo", "NATO Secretary General Jens Stoltenberg": a
            # person named in an organisation's office acts for the organisation, not their country,
            # through the article ("… Obasanjo, a former Nigerian president, said")
            country, own_code, implied = office.country, office.code, list(office.sectors_on(self.year))
        if country is None and sectors:
            # "his army", "its fighters", "members of his presidential guard": the possessor of the
            # party word gives the country to a party, never to a thing ("its sanctions list" is no actor)
            owner = self._possessor(head)
            if owner:
                country, kind = owner.country, "country"
                side = list(split_code(owner.code, owner.country)[1])  # SYRREB: [REB]
                if set(sectors) <= ARMED_SECTORS and set(side) & ARMED_SECTORS and owner.name:
                    # "Prigozhin ordered his fighters…": the men of a named armed leader or group are
                    # of its side (RUSMIL for Wagner's), not of the sector the bare word names (REB)
                    sectors = side
        if not sectors:
            sectors = implied
        return country, sectors, name, kind, own_code

    def _seat(self, head: Token, tokens: list[Token]) -> str | None:
        """'The Lagos State Government', 'the Kano state government', 'Tigray regional authorities': the
        country of the region or city a state body is named after (names the dictionary does not know,
        which the recogniser takes for no person)."""
        if self.seat_country is None:
            return None
        names = [t for t in tokens if t.i < head.i and t.pos_ == "PROPN" and t.i not in self.by_token
                 and t.dep_ in ("compound", "nmod", "amod")]
        if not names:
            return None
        # a name the recogniser takes for a person's must be a region's ("Tigray"): "the Jackson
        # administration" is not the city's
        region_only = any(t.ent_type_ == "PERSON" for t in names)
        whole = self.doc[names[0].i:names[-1].i + 1].text
        for name in dict.fromkeys([whole, *(t.text for t in names)]):
            country = self.seat_country(name, region_only)
            if country is not None:
                return country
        return None

    def _owned_by_pronoun(self, head: Token) -> bool:
        """Whether a possessive pronoun on ``head`` stands for a party with a country ("its embassy")."""
        owner = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in THING_PRONOUNS | GROUP_PRONOUNS
                      | PERSON_PRONOUNS), None)
        if owner is None:
            return False
        found = self._pronoun(owner)  # a loop back to ``head`` ends in actor()'s guard
        return found is not None and bool(found.country)

    def _issuer(self, head: Token, tokens: list[Token]) -> Actor | None:
        """'their summit declaration', 'The declaration says…' after it: who issued a text, by its
        possessive, else by the earlier mention it repeats. The text's words, the issuer's code."""
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        if owner is not None:
            found = self._pronoun(owner) if owner.lower_ in PERSON_PRONOUNS | THING_PRONOUNS | GROUP_PRONOUNS \
                else self._placed_actor(owner)
        else:
            # one text is told of all through an article ("The declaration was adopted … The declaration says")
            earlier = self._antecedent(head, tokens, reach=DOCUMENT_SENTENCES)
            found = None
            if earlier is not None:
                country, kind, own_code, sectors = earlier
                found = Actor(text=head.text, code=own_code or country + "".join(sectors[:1]), country=country,
                              sectors=sectors, kind=kind)
        if found is None or not found.country:
            return None
        span = self._span(tokens)
        return found.model_copy(update={"text": span.text, "start": span.start_char, "end": span.end_char})

    def _possessor(self, head: Token) -> Actor | None:
        """Whom a possessive pronoun on the head points to, or on the party word a partitive head
        takes its members from ("members of his presidential guard", "units of their army")."""
        partitive = head.lemma_.lower() in PARTITIVE_HEADS
        owners = [head, *(w for prep in head.children if partitive and prep.dep_ == "prep" and prep.lower_ == "of"
                          for w in prep.children if w.dep_ == "pobj" and self._is_sector_word(w))]
        for word in owners:
            for child in word.children:
                if child.dep_ == "poss" and child.lower_ in PERSON_PRONOUNS | THING_PRONOUNS | GROUP_PRONOUNS:
                    owner = self._pronoun(child)
                    if owner:
                        return owner
        return None

    def _is_sector_word(self, tok: Token) -> bool:
        m = self.by_token.get(tok.i)
        return m is not None and m.term.role == "sector"

    # -- regions ----------------------------------------------------------------------------------

    def _region_party(self, term: Term, head: Token, terms: list[tuple[Term, int]]
                      ) -> tuple[str, str, str | None, str | None] | None:
        """(country, kind, own code, name) of a phrase carrying a region's word, or None when the word
        makes no party of it (regions.yaml says how each reading is chosen)."""
        entry = term.entry
        mention = next(m for m in self._mentions_of(term, head))
        noun = _modified(self.doc[mention.end - 1]) if not mention.start <= head.i < mention.end else head
        if not self._region_makes_party(entry, noun, mention, head):
            return None
        if any(t.kind in NAMED_PARTY_KINDS for t, _ in terms):
            return None  # "Wall Street Journal reporter Evan Gershkovich, the first Western reporter"
        if self._names_a_member(entry, head):
            return None  # "the West African nation of Niger", "its West African neighbour Ghana"
        if noun.lemma_.lower() in GENERIC_STATE_NOUNS and noun.tag_ == "NN":
            member = self._member_before(entry, head.i)
            if member:
                return member, "country", None, None
        # "European leaders" with no EU named: Europe and the EU share CAMEO's code EUR (Africa and the
        # African Union AFR), so the region is its bloc
        bloc = self._named_bloc(entry) or (self.blocs.get(entry.code) if entry.code in entry.blocs else None)
        if bloc is not None:
            names = bloc.entry.names if bloc.entry else []
            return bloc.country or "IGO", bloc.kind, bloc.code, names[0] if names else bloc.phrase
        if not entry.members:
            return None  # "regional leaders" in a story naming no bloc: no region to name
        return entry.code, "region", None, None

    def _names_a_member(self, entry: ActorEntry, head: Token) -> bool:
        """Whether the phrase names a member state of the region as who it is (apposition, "of",
        "from"), not as where it is ("West African leaders meeting in Abuja")."""
        for tok in self._np_tokens(head):
            m = self.by_token.get(tok.i)
            if m is None or m.term.kind != "country" or m.term.country not in entry.members:
                continue
            if not _placed_under(tok, head):
                return True
        return False

    def _mentions_of(self, term: Term, head: Token) -> Iterator[Mention]:
        """The mention of ``term`` in the phrase of ``head`` (the one nearest the head)."""
        sent = head.sent
        found = [m for m in self.mentions_in(sent.start, sent.end) if m.term is term]
        yield from sorted(found, key=lambda m: abs(m.start - head.i))

    def _region_makes_party(self, entry: ActorEntry, noun: Token, mention: Mention, head: Token) -> bool:
        """'West African leaders', 'Gulf states', 'the West', 'Europeans' name parties; 'Western foods',
        'Arab residents' (with ``heads`` listed), 'the Gulf' as a place do not."""
        lemma = noun.lemma_.lower()
        if mention.start <= head.i < mention.end:  # the region's word is the head itself
            return mention.term.role == "name" or (head.tag_ in ("NNS", "NNPS") and not entry.heads)
        if entry.heads:
            return lemma in entry.heads
        return self._is_sector_word(noun) or lemma in PARTY_NOUNS

    def _member_before(self, entry: ActorEntry, before: int) -> str | None:
        """'the Gulf state', 'the East African country': the member state named last before it, else
        the article's focus when it is a member."""
        for m in self._before(before):
            if m.term.kind == "country" and m.term.country in entry.members:
                return m.term.country
        return self.focus if self.focus in entry.members else None

    def _named_bloc(self, entry: ActorEntry) -> Term | None:
        """The bloc the article names for the region (for `regional`, for the smallest region that
        holds the article's focus and whose bloc the article names)."""
        named = {m.term.code: m.term for m in self.mentions if m.term.kind in ("igo", "ngo")}
        if entry.members:
            return next((named[code] for code in entry.blocs if code in named), None)
        for region in self.regions:
            if self.focus is None or self.focus in region.members:
                bloc = next((named[code] for code in region.blocs if code in named), None)
                if bloc is not None:
                    return bloc
        return None

    def _former_colony(self, head: Token, rulers: set[str]) -> tuple[str | None, str | None]:
        """'the former French colony' names the state last mentioned that is not France."""
        recent = [c for c in self._recent_countries(head.i, 3, COUNTRY_KINDS) if c not in rulers]
        return (recent[0], "country") if recent else (None, None)

    def _implicit_country(self, head: Token, tokens: list[Token]) -> tuple[str | None, str | None]:
        """'the country' or 'his country' after a first mention names that country."""
        if head.lemma_.lower() not in GENERIC_STATE_NOUNS:
            return None, None
        for child in head.children:
            if child.dep_ == "poss":
                owner = self._pronoun(child) if child.lower_ in PERSON_PRONOUNS | THING_PRONOUNS else None
                if owner:
                    return owner.country, "country"
        if any(t.lower_ == "the" for t in tokens) and head.tag_ in ("NN", "NNP"):
            recent = self._recent_countries(head.i, 1, COUNTRY_KINDS)
            if recent:
                return recent[0], "country"
        return None, None

    # -- groups and coreference -------------------------------------------------------------------

    def _placed_actor(self, tok: Token) -> Actor | None:
        """``actor(tok)``, once per token: a chain of repeats ("Leaders of… the leaders… the leaders")
        resolves each link once, however long the article."""
        if tok.i not in self.resolved:
            self.resolved[tok.i] = self.actor(tok)
        return self.resolved[tok.i]

    def _antecedent(self, head: Token, tokens: list[Token], sectors: list[str] | None = None,
                    reach: int = ANAPHORA_SENTENCES) -> tuple[str, str, str | None, list[str]] | None:
        """'Leaders of the NATO countries affirmed… The leaders stressed unity': a definite phrase with no
        country of its own that repeats the head word of an earlier, placed phrase is the same party
        (country, kind and an organisation's own code). Only plain repeats: a phrase with its own
        modifiers ("the Russian leaders", "the rebels' leaders") says who it is itself."""
        if head.tag_ not in ("NNS", "NNPS", "NN") or not any(
                t.dep_ == "det" and t.lower_ in ANAPHORIC_DETERMINERS for t in head.children) or any(
                t.dep_ in ("amod", "compound", "poss", "prep") for t in head.children) or len(tokens) > 3:
            return None
        earliest = self._reach_start(head, reach)
        lemma = head.lemma_.lower()
        for i in range(head.i - 1, earliest - 1, -1):
            earlier = self.doc[i]
            # a body's name is tagged as a proper noun ("the Treasury Department … the department")
            if earlier.lower_ != head.lower_ and (earlier.lemma_.lower() != lemma or earlier.pos_ != "NOUN"):
                continue
            found = self._placed_actor(earlier)
            if found is not None and found.country:
                own = found.code if found.kind in ("igo", "ngo", "group") else None
                return found.country, found.kind or "country", own, list(found.sectors)
        return self._named_group_of_sector(head, sectors, earliest) if sectors else None

    def _reach_start(self, head: Token, reach: int) -> int:
        """The first token of the ``reach`` sentences up to ``head``'s (its own included), after the
        dateline: how far back a phrase that points back looks."""
        earliest = self.doc[max(0, head.sent.start - 1)].sent.start
        for _ in range(reach - 1):
            if earliest == 0:
                break
            earliest = self.doc[earliest - 1].sent.start
        return max(earliest, self.filed)

    def _named_group(self, head: Token, sectors: list[str]) -> tuple[str, str, str | None, list[str]] | None:
        """'Hamas fighters stormed the town … The militant group also fired rockets', 'the mutiny of the
        Wagner Group … aircraft shot down by the mercenary group': "the group", with words of what it is,
        is the group the article last named (of the phrase's sector, if it names one), not a party of
        the place it acts on."""
        if head.lemma_.lower() not in GROUP_HEADS or head.tag_ != "NN" \
                or not any(t.dep_ == "det" and t.lower_ == "the" for t in head.children) \
                or any(t.dep_ in ("poss", "prep", "relcl", "acl") for t in head.children):
            return None
        term = self._last_named_group(head, sectors, self._reach_start(head, ANAPHORA_SENTENCES))
        if term is None:
            return None
        if term.entry is not None and term.entry.names:
            self.group_names[head.i] = term.entry.names[0]  # "the group" names the group it repeats
        return term.country, "group", term.code, list(term.sectors)

    def _last_named_group(self, head: Token, sectors: list[str], earliest: int) -> Term | None:
        """The group the article named last before ``head`` (from token ``earliest`` on), of one of
        ``sectors`` if any are given."""
        for m in self._before(head.i):
            if m.start < earliest:
                break
            if m.term.kind == "group" and m.term.country and (not sectors or set(m.term.sectors) & set(sectors)):
                return m.term
        return None

    def _noun_possessor(self, head: Token) -> tuple[str, str, str | None, list[str]] | None:
        """'warned against the envoy's remarks', 'condemned the ambassador's comments': a thing whose
        only party is its possessor, a person named before ("Chinese Ambassador Xing … the
        ambassador's remarks"), is that person's."""
        for child in head.children:
            # "the country's military" is not the last country named: that is left to the story's focus
            if child.dep_ == "poss" and child.pos_ == "NOUN" and child.lemma_.lower() not in GENERIC_STATE_NOUNS:
                owner = self._placed_actor(child)
                if owner is not None and owner.country:
                    own = owner.code if owner.kind in ("igo", "ngo", "group") else None
                    return owner.country, owner.kind or "country", own, list(owner.sectors)
        return None

    def _named_group_of_sector(self, head: Token, sectors: list[str], earliest: int):
        """'China sanctioned Lockheed Martin and Raytheon … Beijing banned the firms': a definite
        plural of a sector word is the named group of that sector the article just spoke of."""
        if head.tag_ not in ("NNS", "NNPS"):
            return None
        term = self._last_named_group(head, sectors, earliest)  # sectors: never empty here
        return (term.country, "group", term.code, list(sectors)) if term is not None else None

    def _of_each_country(self, head: Token) -> list[Actor]:
        """'the foreign ministers of Rwanda and Congo', 'diplomats from Kenya and Uganda': people of
        several countries named together are a party of each (one minister per country), not of the
        first alone."""
        if head.tag_ != "NNS":
            return []
        countries = next(([t, *t.conjuncts] for prep in head.children
                          if prep.dep_ == "prep" and prep.lower_ in ("of", "from")
                          for t in prep.children if t.dep_ == "pobj" and t.conjuncts), None)
        if not countries:
            return []
        found = [self.actor(t) for t in countries]
        codes = [a.country for a in found if a is not None and a.country and a.kind == "country"]
        own = self.actor(head)
        if len(codes) != len(countries) or len(set(codes)) < 2 or own is None or own.country != codes[0]:
            return []
        sectors = "".join(own.sectors[:1])
        return [own.model_copy(update={"country": c, "code": c + sectors, "name": None}) for c in dict.fromkeys(codes)]

    def _group(self, head: Token) -> Group | None:
        """'the two nations', 'both countries': the N countries the article has been about."""
        lemma = head.lemma_.lower()
        if lemma not in GROUP_NOUNS or head.tag_ not in ("NNS", "NNPS"):
            return None
        sector = GROUP_NOUNS[lemma]
        number = next((NUMBER_WORDS[c.lower_] for c in head.children
                       if c.lower_ in NUMBER_WORDS and c.dep_ in ("nummod", "det", "predet", "amod")), None)
        if not number:
            return None
        codes = self._coordinated_countries(head.i, number) or self._recent_countries(head.i, number, parties=True)
        if len(codes) < number:
            return None
        span = self._span(self._np_tokens(head))
        sectors = [sector] if sector else []
        return Group([Actor(text=span.text, code=c + (sector or ""), country=c, sectors=sectors, kind="country",
                            start=span.start_char, end=span.end_char) for c in codes])

    def _coordinated_countries(self, before: int, number: int) -> list[str]:
        """The latest coordination of exactly ``number`` countries ("South Korea, Japan and the US")."""
        for m in self._before(before):
            if m.term.country is None:
                continue
            tok = self.doc[m.end - 1]
            root = tok
            while root.dep_ == "conj":
                root = root.head
            members = [root, *root.conjuncts]
            if len(members) < 2:
                continue
            codes = []
            for member in members:
                mm = self.by_token.get(member.i)
                if mm and mm.term.country and mm.term.country not in codes:
                    codes.append(mm.term.country)
            if len(codes) == number:
                return codes
            return []
        return []

    def _recent_countries(self, before: int, number: int, kinds: set[str] = STATE_KINDS,
                          parties: bool = False) -> list[str]:
        """The ``number`` most mentioned countries in the last two sentences, latest first on ties; with
        ``parties``, not those named as where something happened (:meth:`_a_place_named`)."""
        sent = self.doc[before].sent
        window_start = sent.start
        for _ in range(2):
            prev = self.doc[window_start - 1].sent if window_start > 0 else None
            if prev is None:
                break
            window_start = prev.start
        counts: Counter[str] = Counter()
        last: dict[str, int] = {}
        for m in self.mentions_in(window_start, before):
            if m.term.country and m.term.kind in kinds and not (parties and self._a_place_named(m)):
                counts[m.term.country] += 1
                last[m.term.country] = m.start
        ranked = sorted(counts, key=lambda c: (-counts[c], -last[c]))
        return ranked[:number]

    def _a_place_named(self, mention: Mention) -> bool:
        """'since their sit-down in Bali, Indonesia': a country named as where something happened is no
        party the story speaks of ("the two leaders" after it are not Indonesia's)."""
        tok = self.doc[mention.end - 1]
        if tok.dep_ == "appos" and tok.head.dep_ == "pobj":
            tok = tok.head
        return mention.term.kind == "country" and tok.dep_ == "pobj" and tok.head.lower_ in PLACE_PREPS

    def _pronoun(self, tok: Token) -> Actor | None:
        word = tok.lower_
        if word in PERSON_PRONOUNS | GROUP_PRONOUNS:
            subject = self._clause_subject_before(tok, group=word in GROUP_PRONOUNS) or self._subject_after(tok)
            if subject:
                return _standing_at(subject, tok)
        if word in PERSON_PRONOUNS:
            opening = self._previous_person_subject(tok)
            if opening is not None:
                return _standing_at(opening, tok)
        if word in THING_PRONOUNS:  # "The Israeli military said it had struck…": the speaker itself
            subject = self._clause_subject_before(tok, state=True)
            if subject and subject.kind != "person":
                return _standing_at(subject, tok)
            if self._thing_governing(tok):
                return None
            if self._unknown_organisation_subject(tok):
                return None
            opening = self._previous_singular_subject(tok)
            if opening is not None:
                return _standing_at(opening, tok)
        if word in GROUP_PRONOUNS:
            previous = self._previous_subject(tok)
            if previous is not None:
                return _standing_at(previous, tok)
        # an outlet reports, it does not act: never the antecedent of a pronoun
        wanted = {"person"} if word in PERSON_PRONOUNS else {"country", "igo", "ngo", "group"}
        for m in self._before(tok.i):
            if m.term.kind not in wanted or m.term.role == "demonym":
                continue
            unknown = self._unknown_person_between(m.end, tok.i) if word in PERSON_PRONOUNS else None
            if unknown is not None:
                # "… Lukashenko … Viktor Alksnis said … He also estimated": not Lukashenko, but Alksnis
                # when the article placed him ("Nika Gvaramia of the Georgian party Ahali … he was beaten")
                person = self._placed_actor(unknown.root)
                return _standing_at(person, tok) if person else None
            return self._term_actor(m.term, tok)
        unknown = self._unknown_person_between(self.filed, tok.i) if word in PERSON_PRONOUNS else None
        person = self._placed_actor(unknown.root) if unknown is not None else None
        if person is not None:
            return _standing_at(person, tok)
        if word in PERSON_PRONOUNS and self.learned:
            country, sectors, name = list(self.learned.values())[-1]
            return Actor(text=tok.text, code=country + "".join(sectors[:1]), country=country,
                         sectors=list(sectors), name=name, kind="person", start=tok.idx, end=tok.idx + len(tok))
        return None

    def _subject_after(self, tok: Token) -> Actor | None:
        """'Hours before his arrest, the president announced…', 'Hours after the Kremlin accused him of
        rebellion, Prigozhin said…': a possessive or an object in a phrase or clause put before the main
        clause stands for that clause's subject, named just after."""
        if tok.dep_ not in ("poss", "dobj", "pobj"):
            return None
        verbs = [a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")]
        if tok.dep_ != "poss":  # an object's own verb has its subject before it ("the Kremlin accused him")
            verbs = [v for v in verbs if v.dep_ not in ("advcl", "ccomp", "xcomp", "relcl", "acl")][:1]
        verb = verbs[0] if verbs else None
        who = subject(verb) if verb is not None else None
        if who is None or who.i < tok.i or who.lower_ in PERSON_PRONOUNS | THING_PRONOUNS | GROUP_PRONOUNS \
                or tok.i >= verb.i or who.left_edge.i <= tok.i:
            return None  # not "his forces said…": a possessive inside the subject is no phrase before it
        return self.actor(who)

    def _previous_person_subject(self, tok: Token) -> Actor | None:
        """'The Vietnamese leader held talks with Widodo … and met ASEAN's Secretary-General Lim Jock Hoi.
        He also received…': a sentence that opens with "he" or "she" goes on about the person who was
        the subject of the sentence before, not about the last person it named."""
        sent = tok.sent
        if sent.start == 0 or tok.dep_ not in ("nsubj", "nsubjpass") or any(
                t.pos_ in ("VERB", "AUX") and t.dep_ != "aux" for t in self.doc[sent.start:tok.i]):
            return None
        before = self.doc[sent.start - 1].sent
        cand = subject(before.root) if before.root.pos_ in ("VERB", "AUX") else None
        if cand is None or cand.tag_ not in ("NN", "NNP") or cand.i < self.filed:
            return None
        found = self._placed_actor(cand)
        if found is None or not found.country or not (found.kind == "person" or set(found.sectors) & PERSON_SECTORS):
            return None
        return found

    def _previous_singular_subject(self, tok: Token) -> Actor | None:
        """'… the governing Front for the Liberation of Mozambique party has extended its rule since the
        country gained independence from Portugal. It then fought a civil war': a sentence opening with
        "it" goes on about a singular party that was a subject of the sentence before (the first that
        names a state, an organisation or a group), not about the last country named."""
        sent = tok.sent
        if tok.i != sent.start or tok.dep_ != "nsubj" or sent.start == 0:
            return None
        before = self.doc[sent.start - 1].sent
        for cand in before:
            if cand.dep_ not in ("nsubj", "nsubjpass") or cand.tag_ not in ("NN", "NNP") \
                    or cand.lower_ in PERSON_PRONOUNS | THING_PRONOUNS | GROUP_PRONOUNS:
                continue
            found = self.actor(cand)
            if found is not None and found.country and found.kind != "person":
                return found
        return None

    def _unknown_organisation_subject(self, tok: Token) -> bool:
        """'Frelimo has often been accused of rigging elections, which it has denied', 'Frelimo led the
        fight for independence from Portugal. It then fought a civil war': "it" stands for the
        organisation the dictionary does not know that is the subject of its sentence (or, opening a
        sentence, of the sentence before), not for the last country named: it stays unresolved."""
        sent = tok.sent
        subjects = [t for t in sent if t.i < tok.i and t.dep_ in ("nsubj", "nsubjpass")]
        if tok.i == sent.start or not subjects:
            before = self.doc[sent.start - 1].sent if sent.start > 0 else None
            subjects = [t for t in before if t.dep_ in ("nsubj", "nsubjpass") and t.head == before.root] \
                if before is not None else []
        # the small model often tags such a name a person: any name that is no place will do, or a body
        # named by one ("The Lagos State Government says it has ordered an inquiry")
        return any(_named(t) and t.ent_type_ not in PLACE_ENTITIES and not _placed(self.actor(t))
                   and ((m := self.by_token.get(t.i)) is None or m.term.role == "sector") for t in subjects[:1])

    def _unknown_person_between(self, start: int, end: int) -> Span | None:
        """The last person the dictionary does not know named between two tokens: "he" after them
        stands for that person, not for the known one named before."""
        return next((ent for ent in reversed(self.doc.ents)
                     if ent.label_ == "PERSON" and start <= ent.start and ent.end <= end
                     and not any(self.by_token.get(i) for i in range(ent.start, ent.end))), None)

    def _speaker(self, tok: Token) -> Actor | None:
        """'“We discussed the ceasefire,” the envoy said', '“Our support will not waver,” he said': "we"
        inside a quotation is whoever the sentence says is speaking (the subject of its reporting verb
        outside the quotation), never a guess beyond the sentence."""
        if not _quoted(tok):
            return self._speaker_of_long_quotation(tok)
        for verb in tok.sent:
            if not is_reporting_verb(verb) or _quoted(verb):
                continue
            who = subject(verb)
            if who is None or who.lower_ in SPEAKER_PRONOUNS:
                continue
            found = self.actor(who)
            if found is not None and found.country:
                return _standing_at(found, tok)
        return self._speaker_of_long_quotation(tok)

    def _speaker_of_long_quotation(self, tok: Token) -> Actor | None:
        """'“Our support for Ukraine will not waver. We will keep up the pressure,” Johnson said': a
        quotation of several sentences is the words of whoever the sentence that closes it (or, before
        it opens, the one that opens it) says is speaking."""
        if self.quotations is None:
            self.quotations = _long_quotations(self.doc)
        for start, end, speaker in self.quotations:
            if start < tok.i < end:
                found = self.actor(speaker)
                return _standing_at(found, tok) if found is not None and found.country else None
        return None

    def mention_actor(self, mention: Mention) -> Actor:
        """The actor one dictionary mention names, with the mention's own words and offsets."""
        span = self.doc[mention.start:mention.end]
        return self._term_actor(mention.term, span[0]).model_copy(
            update={"text": span.text, "start": span.start_char, "end": span.end_char})

    def _term_actor(self, term: Term, tok: Token) -> Actor:
        """The actor a single dictionary term names, placed at ``tok`` (a pronoun pointing to it)."""
        sectors = list(term.sectors_on(self.year))
        named = term.kind != "country" and term.entry is not None and term.entry.names
        own = term.kind in ("igo", "ngo", "group", "media")
        code = term.code if own else (term.country or "") + "".join(sectors[:1])
        return Actor(text=tok.text, code=code, country=term.country, sectors=sectors,
                     name=term.entry.names[0] if named else None, kind=term.kind,
                     start=tok.idx, end=tok.idx + len(tok))

    def _previous_subject(self, tok: Token) -> Actor | None:
        """'The leaders also condemned… They urged China to…': a sentence that opens with "they" most
        often goes on about the plural subject of the sentence before, not the last country named."""
        sent = tok.sent
        if sent.start == 0 or tok.dep_ != "nsubj" or any(
                t.pos_ in ("VERB", "AUX") and t.dep_ != "aux" for t in self.doc[sent.start:tok.i]):
            return None
        before = self.doc[sent.start - 1].sent
        cand = subject(before.root) if before.root.pos_ in ("VERB", "AUX") else None
        if cand is None or cand.tag_ not in ("NNS", "NNPS") or cand.lower_ in GROUP_PRONOUNS:
            return None
        found = self.actors(cand)
        return found[0] if found and found[0].country else None

    def _thing_governing(self, tok: Token) -> bool:
        """'Another ship was attacked after it violated a ban': "it" in a clause under a verb whose
        subject is a thing no party names (a ship, a plan) is that thing, not an earlier party."""
        for verb in tok.ancestors:
            if verb.pos_ not in ("VERB", "AUX"):
                continue
            who = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)  # a passive's too
            if who is not None and who.i < tok.i and who.tag_ == "NN" and not self.actors(who):
                return True
        return False

    def _clause_subject_before(self, tok: Token, group: bool = False, state: bool = False) -> Actor | None:
        """'X said his army…', 'the two nations touted their…', 'Turkey carries out strikes as part of
        its offensive': a pronoun most often points back to a subject of its own sentence (for "it",
        ``state``, a state or organisation named alone too)."""
        pronouns = PERSON_PRONOUNS | THING_PRONOUNS | GROUP_PRONOUNS
        for verb in reversed(self.doc[tok.sent.start:tok.i]):
            if verb.pos_ not in ("VERB", "AUX"):
                continue
            if tok.dep_ in ("dobj", "dative") and tok.head == verb and not tok.lower_.endswith(("self", "selves")):
                continue  # "the Kremlin accused him": an object pronoun is never its own verb's subject
            cand = subject(verb)
            if cand is None or cand.i >= tok.i or cand.lower_ in pronouns or cand.pos_ not in ("PROPN", "NOUN"):
                continue
            if group:
                found = self.actors(cand)
                if found and (found[0].country or cand.tag_ in ("NNS", "NNPS")):
                    # "a boat the terrorists had stolen when they attacked": the nearest plural
                    # party is who "they" are, even when the text gives it no country; not the
                    # farther subject that has one
                    return found[0]
                continue
            actor = self.actor(cand)
            if actor and actor.country and (actor.kind == "person" or actor.sectors
                                            or (state and actor.kind in ("country", "igo", "ngo", "group"))):
                return actor
        return None

    def _learn_people(self) -> None:
        """'Chinese Ambassador Xing Haiming … Xing's remarks': every unknown person the article
        introduces with a country is learnt up front, whether or not an event names them first."""
        for ent in self.doc.ents:
            if ent.label_ == "PERSON" and ent.start >= self.filed and ent.root.i not in self.by_token:
                self.actor(ent.root)
        for m in self.mentions:
            if m.term.kind == "person" and m.term.role == "name" and m.term.country:
                self.actor(self.doc[m.end - 1])  # the office the article names them in, for later mentions
                known = self.mention_actor(m)
                for tok in self.doc[m.start:m.end]:
                    if tok.pos_ == "PROPN" and tok.ent_type_ == "PERSON":
                        self.named_parts[tok.text] = (m.term.country, tuple(known.sectors), known.name or known.text)
            elif m.term.kind == "group" and m.term.role == "name":
                # "the Wagner Group … Wagner's mutiny": a word of a group's full name, never a place's
                for tok in self.doc[m.start:m.end]:
                    if tok.pos_ == "PROPN" and tok.ent_type_ not in PLACE_ENTITIES and not tok.is_stop:
                        self.group_parts[tok.text] = m.term

    def _learn(self, head: Token, actor: Actor) -> None:
        """Remember an unknown person's names with the country the phrase gave them: every part of the
        name, since a later mention may use either ("Chinese Ambassador Xing Haiming … Xing's remarks")."""
        if head.ent_type_ == "PERSON" and actor.country and head.i not in self.by_token:
            for part in _name_parts(head):
                self.learned[part.text] = (actor.country, tuple(actor.sectors), actor.text)

    def _learned(self, head: Token) -> Actor | None:
        group = self.group_parts.get(head.text)
        if group is not None and head.pos_ == "PROPN" and head.ent_type_ in NAME_LABELS:
            return self._term_actor(group, head)
        # the small model leaves some later bare names unlabelled ("Presidents Phuc and Widodo")
        named = self.named_parts.get(head.text) if head.pos_ == "PROPN" and head.ent_type_ in ("PERSON", "") else None
        known = self.learned.get(head.text) if head.ent_type_ == "PERSON" else None
        known = known or named
        if known is None:
            return None
        country, sectors, name = known
        return Actor(text=head.text, code=country + "".join(sectors[:1]), country=country,
                     sectors=list(sectors), name=name, kind="person",
                     start=head.idx, end=head.idx + len(head))


def _placed(actor: Actor | None) -> bool:
    return actor is not None and bool(actor.country)


def _named(tok: Token) -> bool:
    """A name, or a noun a name makes a named body ("the Lagos State Government")."""
    return tok.pos_ == "PROPN" or any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in tok.children)


def _one_of_them(head: Token) -> Token | None:
    """'Maduro, one of the few heads of state sanctioned by Washington': the class a named party is
    said to be one of stands for that party, where an act is told of the class."""
    of = head.head
    one = of.head
    if head.dep_ != "pobj" or of.lower_ != "of" or one.lemma_.lower() not in PARTITIVE_NUMBERS \
            or one.dep_ != "appos":
        return None
    named = one.head
    if named.ent_type_ in ("DATE", "TIME"):
        # "sanctions on Maduro on July 31, one of the few…": the parser hangs it on the date after the name
        named = next((t for t in reversed(one.doc[one.sent.start:named.i])
                      if t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") and t.pos_ == "PROPN"), named)
    return named if named.pos_ in ("PROPN", "NOUN") and named.ent_type_ not in ("DATE", "TIME") else None


def _standing_at(actor: Actor, tok: Token) -> Actor:
    """The actor a pronoun (or "we") stands for, with the pronoun's own words and offsets."""
    return actor.model_copy(update={"text": tok.text, "start": tok.idx, "end": tok.idx + len(tok)})


def _quoted(tok: Token) -> bool:
    """Whether ``tok`` lies inside a quotation of its sentence: an odd number of quote marks before it
    (a quotation opened in an earlier sentence is not seen)."""
    return sum(1 for t in tok.doc[tok.sent.start:tok.i] if t.text in QUOTE_MARKS) % 2 == 1


def _long_quotations(doc: Doc) -> list[tuple[int, int, Token]]:
    """Each quotation that runs over more than one sentence of a paragraph, as (open mark, close mark,
    the subject of the reporting verb outside it: after it in its closing sentence, else before it
    in its opening one). A quotation with no such speaker is left out."""
    out = []
    for start, end in _quotation_marks(doc):
        opening, closing = doc[start].sent, doc[end].sent
        if opening.start == closing.start:
            continue  # one sentence: the sentence's own reporting verb says who speaks
        speaker = _reporting_subject([t for t in closing if t.i > end]) \
            or _reporting_subject([t for t in opening if t.i < start])
        if speaker is not None:
            out.append((start, end, speaker))
    return out


def _quotation_marks(doc: Doc) -> list[tuple[int, int]]:
    """(open, close) token indices of each quotation; a paragraph's end closes any left open."""
    found, opened = [], None
    for tok in doc:
        if "\n" in tok.text:
            opened = None
        elif tok.text == "“" or (tok.text == '"' and opened is None):
            opened = tok.i
        elif tok.text in ("”", '"') and opened is not None:
            found.append((opened, tok.i))
            opened = None
    return found


def _reporting_subject(tokens: list[Token]) -> Token | None:
    for verb in tokens:
        if is_reporting_verb(verb):
            who = subject(verb)
            if who is not None and who.lower_ not in SPEAKER_PRONOUNS:
                return who
    return None


def grounded(mentions: list[Mention], doc: Doc | None = None, year: int | None = None) -> list[Mention]:
    """The mentions that name who the dictionary says: a short name ("Kim", "Modi") is its person only
    where the article named that person in full before, or names the person's country somewhere, or
    names a body after them while they led their state ("the Biden administration" in 2021);
    otherwise it is someone else of that name, and not resolved at all."""
    countries = {m.term.country for m in mentions if m.term.role != "short" and m.term.country}
    named: set[int] = set()
    out = []
    for m in mentions:
        person = id(m.term.entry)
        if m.term.role == "short" and m.term.kind == "person" and person not in named \
                and m.term.country not in countries and not _leads_named_body(m, doc, year):
            continue
        if m.term.role == "name":
            named.add(person)
        out.append(m)
    return out


def _leads_named_body(mention: Mention, doc: Doc | None, year: int | None) -> bool:
    """'the Biden administration': a short name before a body named after its leader (``led_bodies``)
    is that leader, if the dictionary has them in government in the article's year."""
    if doc is None or year is None or mention.end >= len(doc) \
            or doc[mention.end].lemma_.lower() not in rules("triggers")["led_bodies"]:
        return False
    entry = mention.term.entry
    return entry is not None and any((r.start or 0) <= year <= (r.end or 9999) and "GOV" in r.sectors
                                     for r in entry.roles)


def focus_country(mentions: list[Mention], place_countries: Sequence[tuple[str, int]] = (),
                  lede_end: int = 0) -> str | None:
    """The one country an article is about, when it is clear: the country named most often (by
    its name, people, groups, demonyms, capital, or the places in it, each with the token it starts at),
    the lede's (before token ``lede_end``) counting twice, at least FOCUS_RATIO times as often as any
    other, and at least twice unless no other country is named. A story shared between two countries
    has no focus."""
    named = [(m.term.country, m.start) for m in mentions
             if m.term.country and m.term.kind in FOCUS_KINDS and len(m.term.country) == 3]
    counts: Counter[str] = Counter()
    for country, start in [*named, *place_countries]:
        counts[country] += 2 if start < lede_end else 1
    return clearly_most(counts, FOCUS_RATIO)


def _unique(actors: list[Actor]) -> list[Actor]:
    seen, out = set(), []
    for a in actors:
        key = (a.code, a.start)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out
