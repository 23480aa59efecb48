"""Reading the dependency parse: objects, subjects (with repairs for the small model's habits).

Shared by the actor and event stages; it only reads spaCy tokens.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from eventwire.rules import rules

# Nouns that measure or group what really is the object: "shipped millions of rounds".
MEASURE_NOUNS = {"million", "thousand", "hundred", "dozen", "billion", "wave", "number", "lot", "batch",
                 "shipment", "ton", "tonne", "load", "consignment", "amount", "kind", "type", "quantity",
                 "score", "series", "round", "volley", "barrage", "package", "set", "couple", "pair",
                 "day", "week", "part", "string", "flurry", "spate", "worth",
                 # shares: "shot down 99% of the missiles", "most of the drones"
                 "percent", "%", "per", "cent", "most", "majority", "bulk", "half", "all", "many", "some"}

# Nouns that name a stretch of time: "spent the day negotiating", "took hours to agree".
TIME_SPAN_NOUNS = {"day", "days", "week", "month", "year", "hour", "minute", "night", "morning", "afternoon",
                   "evening", "weekend", "time", "decade", "moment"}

# Prepositions that place an event in time: "following the meeting", "during the talks".
TEMPORAL_PREPS = {"during", "following", "after", "before", "since", "ahead", "amid", "despite", "until"}
# Prepositions whose -ing clause is done by the main clause's subject, not its object ("suspended the
# talks after blaming the rebels", "ended the strike by signing a deal"); "from", "of", "for", "into"
# are done by the object ("prevented the marchers from reaching", "accused Kyiv of shelling").
SUBJECT_CONTROL_PREPS = TEMPORAL_PREPS | {"by", "without", "upon", "on", "while"}
# the pronouns that open a relative clause and stand for the noun it describes
RELATIVE_PRONOUNS = ("which", "that", "who", "whom")
CURRENCY_NOUNS = {"dollar", "euro", "pound", "yuan", "renminbi", "yen", "rupee", "ruble", "rouble", "franc",
                  "shekel", "lira", "real", "peso", "naira", "rand", "dinar", "riyal", "dirham", "won", "hryvnia"}
# The entity recogniser's labels of places: countries and cities, regions and seas, facilities.
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})


def direct_object(token: Token) -> Token | None:
    """The object a verb acts on: its dobj, the subject of a passive, or the noun a participle or
    relative clause describes."""
    for child in token.children:
        if child.dep_ == "dobj":
            return child
    if any(c.dep_ == "auxpass" for c in token.children):
        # two passive subjects are a misparse of a fronted apposition ("The latest target of a coup,
        # President Bazoum has been confined"): the one nearest the verb is the real one
        own = next((c for c in reversed(list(token.lefts)) if c.dep_ == "nsubjpass"), None) \
            or next((c for c in token.children if c.dep_ == "nsubjpass"), None)
        if own is None and token.dep_ in ("acl", "relcl") and token.head.pos_ in ("NOUN", "PROPN"):
            return token.head  # "the first chief minister to be arrested": the noun it describes
        if own is not None and own.lower_ in RELATIVE_PRONOUNS and token.dep_ == "relcl":
            return token.head  # "Bazoum, who is being held by the guard": the noun "who" stands for
        return own
    if token.dep_ == "acl" and token.tag_ == "VBN":
        return token.head  # "shells fired by Russian forces": the noun the participle describes
    raised = _raised_object(token)
    if raised is not None:
        return raised
    if bare_passive_participle(token) and token.head.pos_ in ("VERB", "AUX"):
        # "Arrested in March, the journalist was charged": the journalist, whatever voice the clause has
        grammatical = next((c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return grammatical if grammatical is not None else subject(token.head)
    if token.dep_ == "relcl" and not any(c.dep_ == "dobj" for c in token.children) and not any(
            c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WDT", "WP") for c in token.children):
        return token.head  # "the pact Kim signed": the noun the clause describes is the object
    return None  # ("a fire that broke out": the noun is the clause's subject, not its object)


def free_relative_named(verb: Token) -> Token | None:
    """'led what was called an armed insurrection', 'launched what officials called a terrorist attack':
    a verb whose object is "what" someone names (data/facets/triggers.yaml, naming_verbs) acts on the
    thing named."""
    naming = rules("triggers")["naming_verbs"]
    for clause in verb.children:
        if clause.dep_ != "ccomp" or clause.i < verb.i or clause.lemma_.lower() not in naming:
            continue
        what = [c for c in (*verb.children, *clause.children) if c.lower_ == "what" and c.dep_ in ("dobj", "nsubjpass")]
        if not what:
            continue
        named = [c for c in clause.children if c.dep_ == "oprd"] or [
            p for c in clause.children if c.dep_ == "prep" and c.lower_ == "as" for p in c.children if p.dep_ == "pobj"]
        if named:
            return named[0]
    return None


def named_in_free_relative(noun: Token) -> Token | None:
    """The light verb carrying what a free relative names: 'led' in 'led what was called an insurrection'
    (not 'condemned' in 'condemned what it called an attack': the attack is not the condemner's)."""
    clause = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "as" else noun.head
    verb = clause.head
    if clause.dep_ == "ccomp" and verb.pos_ == "VERB" and verb.lemma_.lower() in rules("triggers")["light_verbs"] \
            and free_relative_named(verb) == noun:
        return verb
    return None


def _raised_object(verb: Token) -> Token | None:
    """'detaining American citizens to use as bargaining chips': the small parser makes the noun the
    subject of the infinitive after it; in English a noun between a verb and its to-infinitive is
    the verb's object."""
    for clause in verb.children:
        if clause.dep_ not in ("ccomp", "xcomp") or clause.i < verb.i:
            continue
        to = next((c for c in clause.children if c.dep_ == "aux" and c.lower_ == "to"), None)
        subj = next((c for c in clause.children if c.dep_ == "nsubj" and verb.i < c.i), None)
        if to is not None and subj is not None and subj.i < to.i and subj.pos_ in ("NOUN", "PROPN"):
            return subj
    return None


def names_a_text(tok: Token, pacts: bool = True) -> bool:
    """Whether ``tok`` is a word of the name of a legal text ("the UN Charter", "the United Nations
    Convention on the Law of the Sea": ``instrument_nouns``) or, with ``pacts``, of a pact or process
    named after a place ("the Paris climate agreement": ``place_named_nouns``)."""
    if tok.dep_ not in ("compound", "nmod", "amod") or tok.head.i <= tok.i:
        return False
    words = rules("triggers")
    texts = words["instrument_nouns"] | (words["place_named_nouns"] if pacts else frozenset())
    return any(t.lemma_.lower() in texts for t in tok.doc[tok.i + 1:min(tok.head.i + 1, tok.i + 4)])


def object_core(obj: Token, sums: bool = False) -> Token:
    """The noun that names the object, looking through measure words ("millions of rounds" → rounds);
    with ``sums``, through sums too ("500 million euros in aid" → aid: what the money is given as)."""
    seen = 0
    while (obj.lemma_.lower() in MEASURE_NOUNS or (sums and _is_sum(obj))) and seen < 3:
        pobj = _measured(obj, sums)
        if pobj is None:
            break
        obj, seen = pobj, seen + 1
    if obj.lower_ == "which" and seen:
        return _which_stands_for(obj) or obj
    return obj


def _which_stands_for(which: Token) -> Token | None:
    """'launched 300 drones, almost all of which were shot down': what "which" in a share stands for,
    the noun its clause describes, or the object of the verb the small parser hangs the clause on."""
    clause = next((a for a in which.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if clause is None or clause.head == clause:
        return None
    if clause.dep_ == "relcl" and clause.head.pos_ in ("NOUN", "PROPN"):
        return clause.head
    if clause.dep_ in ("advcl", "conj") and clause.head.pos_ == "VERB":
        return next((c for c in clause.head.children if c.dep_ == "dobj"), None)
    return None


def _is_sum(tok: Token) -> bool:
    """'$47 million', '500 million euros' (which the small model often leaves untagged)."""
    return tok.ent_type_ == "MONEY" or tok.lemma_.lower() in CURRENCY_NOUNS


def _measured(measure: Token, sums: bool) -> Token | None:
    """What a measure word measures: 'millions of rounds'; a sum also 'in' ('$47 million in aid'),
    but never a place ('invested $2 billion in Kenya')."""
    for prep in measure.children:
        if prep.dep_ == "prep" and (prep.lower_ == "of" or (sums and prep.lower_ == "in" and _is_sum(measure))):
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None and (prep.lower_ == "of" or (pobj.pos_ == "NOUN" and not pobj.ent_type_)):
                return pobj
    return None


def clause_verb(trigger: Token) -> Token:
    """The verb whose clause tells the act: the trigger itself, or the verb an event noun hangs on."""
    return trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head


def is_passive(token: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children) or bare_passive_participle(token)


def bare_passive_participle(token: Token) -> bool:
    """A past participle hung on a clause as an adverbial, with no auxiliary, subject or object of its
    own: "Backed by Rwanda, the M23 seized Goma", "Besigye appeared in court, accused of treason".
    It is passive: the clause's subject undergoes it, and only a "by" phrase names who did it."""
    return token.dep_ == "advcl" and token.tag_ == "VBN" and not any(
        c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "dobj", "mark") for c in token.children)


def subject(token: Token) -> Token | None:
    """The performer of a verb: its subject, the agent of a passive, or one inherited."""
    if is_passive(token):
        agent = next((c for c in token.children if c.dep_ == "agent"), None)
        return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    # two subjects are a misparse, most often of a dateline ("BRUSSELS (AP) — The EU imposed…"):
    # the one nearest the verb is the real one
    own = next((c for c in reversed(list(token.lefts)) if c.dep_ in ("nsubj", "csubj")), None) \
        or next((c for c in token.rights if c.dep_ in ("nsubj", "csubj")), None)
    if own is not None:
        if own.lower_ in RELATIVE_PRONOUNS and token.dep_ == "relcl":
            return token.head
        return own
    return inherited_subject(token) or misparsed_subject(token)


def misparsed_subject(verb: Token) -> Token | None:
    """'During the talks with X, Y's government pledged…': the small parser often hangs the real
    subject (Y's government) on X as an apposition. Take an apposition that ends right before the verb."""
    if verb.dep_ not in ("ROOT", "ccomp", "conj"):
        return None
    for child in verb.lefts:
        if child.dep_ != "prep":
            continue
        for tok in child.subtree:
            if tok.dep_ == "appos" and tok.i < verb.i and all(
                    t.dep_ in ("advmod", "aux", "neg", "punct") for t in verb.doc[tok.i + 1:verb.i]):
                return tok
    return None


def inherited_subject(token: Token) -> Token | None:
    """A verb without a subject takes one from the clause it hangs on."""
    head = token.head
    if head == token:
        return None
    if token.dep_ == "dep" and token.tag_ == "VBD" and head.pos_ == "VERB" and head.i < token.i \
            and token.doc[token.i - 1].lower_ in (",", "then"):
        # "took control of the city, then drove a convoy toward Moscow": the small parser leaves a
        # second past-tense verb after a comma unattached; it is the first one's conjunct
        return subject(head)
    if token.dep_ == "conj":
        reporter = _misattached_conjunct(token)
        return subject(reporter if reporter is not None else head)
    if token.dep_ == "relcl":
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        return _described(head) if infinitive else head
    if token.dep_ == "pcomp" or (head.dep_ == "prep" and token.dep_ == "pcomp"):
        verb = head.head if head.dep_ == "prep" else head
        if verb.pos_ in ("NOUN", "PROPN"):
            return None  # "regard the operation a response to the crime of targeting the consulate"
        if head.dep_ == "prep" and head.lower_ in SUBJECT_CONTROL_PREPS:
            return subject(verb)  # "Colombia suspended talks after blaming the rebels": Colombia blamed
        return direct_object(verb) or subject(verb)  # "prevented the marchers from reaching the square"
    if token.dep_ in ("xcomp", "advcl", "ccomp"):
        obj = direct_object(head) if head.pos_ == "VERB" else None
        if token.dep_ == "xcomp" and obj is not None and obj.pos_ in ("PROPN", "NOUN", "PRON") \
                and not a_stretch_of_time(obj):
            return obj
        if head.pos_ in ("VERB", "AUX"):
            return subject(head)
        if head.pos_ == "ADJ" and head.dep_ == "acomp":  # "Syria is willing to withdraw"
            return subject(head.head)
        return None
    if token.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
        objectless = not any(c.dep_ == "dobj" for v in (token, *token.conjuncts) for c in v.children)
        if token.tag_ == "VBN" and objectless:  # "a teacher sentenced to 14 years": who it was done to
            # (with an object of its own, "aid groups donated and delivered goods" is a misparsed past tense)
            agent = next((c for c in token.children if c.dep_ == "agent"), None)
            return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        return _described(head)
    return None


def a_stretch_of_time(noun: Token) -> bool:
    """'spent the whole day negotiating': time spent on an act does not perform it."""
    return noun.ent_type_ in ("DATE", "TIME") or noun.lemma_.lower() in TIME_SPAN_NOUNS


def _misattached_conjunct(verb: Token) -> Token | None:
    """'Trump posted that the trial should not be taking place and urged Brazil to end it': the small
    parser hangs the second main verb (urged) on the last verb of the reported clause (taking). A bare
    past tense cannot share that verb's modal or "be" ('should … be taking', 'was rigged'), so it is the
    reporting verb's conjunct and the reporter's act: the verb the reported clause hangs on."""
    head = verb.head
    if verb.tag_ != "VBD" or head.dep_ != "ccomp" or head.tag_ not in ("VB", "VBG", "VBN"):
        return None
    # 'had shelled Kharkiv and killed three': a perfect's "had" does carry over to a past form the
    # small model tags VBD, so only modals and "be" mark the clause as not the conjunct's
    if not any(c.dep_ in ("aux", "auxpass") and c.i < head.i and c.lemma_ != "have" for c in head.children):
        return None
    reporter = head.head
    return reporter if reporter.pos_ == "VERB" and reporter.i < head.i else None


def _described(noun: Token) -> Token:
    """'Colombia is the second nation to refuse the flights': the noun a copula says its subject is
    stands for that subject; 'the ministry made the decision to expel the ambassador': an intention
    (``intention_nouns``) carried by a light verb is its subject's."""
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        return subject(noun.head) or noun
    r = rules("triggers")
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in r["light_verbs"] \
            and noun.lemma_.lower() in r["intention_nouns"]:
        return subject(noun.head) or noun
    return noun


def prep_objects(token: Token, word: str) -> Iterator[Token]:
    for child in with_particle_dependents(token):
        if child.dep_ in ("prep", "dative", "agent") and child.lower_ == word:
            yield from (c for c in child.children if c.dep_ == "pobj")


def with_particle_dependents(token: Token) -> list[Token]:
    """A word's dependents and its particles' ("pulled out of the bloc": "of the bloc" hangs on "out")."""
    return [*token.children, *(c for p in particles(token) for c in p.children)]


def particles(verb: Token) -> list[Token]:
    """A verb's particles, where the small parser hangs the preposition after them: "pulled out of
    the bloc" gives "of the bloc" to "out" (a particle, or a preposition with no object of its own)."""
    return [c for c in verb.children if c.dep_ == "prt" or (
        c.dep_ == "prep" and not any(g.dep_ in ("pobj", "pcomp") for g in c.children))]


def names_a_clock(doc: Doc, end: int) -> bool:
    """Whether the words ending before token ``end`` name a time zone: '14:00 Moscow time'."""
    return end < len(doc) and doc[end].lower_ == "time"


def of_chain(noun: Token, depth: int = 2) -> list[Token]:
    """The nouns an event noun's "of" complements lead to: "the launch of dozens of rockets" →
    [dozens, rockets]; where a preposition of the act may hang instead ("… of rockets against X")."""
    out, tok = [], noun
    for _ in range(depth):
        nxt = next(prep_objects(tok, "of"), None)
        if nxt is None:
            break
        out.append(nxt)
        tok = nxt
    return out


def hyphen_partner(token: Token) -> list[Token]:
    """'Ukraine's counter-invasion' is parsed as 'counter', '-', 'invasion': modifiers sit on 'counter'."""
    doc = token.doc
    if token.i >= 2 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_:
        return [doc[token.i - 2]]
    return []


# Dependents that open a clause of their own: what lies below them is not the head's clause.
CLAUSE_BOUNDARIES = {"relcl", "advcl", "ccomp", "parataxis", "acl", "pcomp"}


def within_clause(token: Token, trigger: Token) -> bool:
    """Whether ``token`` belongs to the trigger's own clause (not a clause nested inside it)."""
    tok = token
    while tok != trigger:
        if tok.dep_ in CLAUSE_BOUNDARIES or tok.head == tok:
            return False
        tok = tok.head
    return True


def span_root(sent: Span, start: int | None, end: int | None) -> Token | None:
    """The head word of the text between two character offsets of the sentence's document."""
    return root_at(sent.doc, start, end)


ROOTS_KEY = "eventwire.roots"


OWNING_PRONOUNS = {"his", "her", "its", "their", "our", "my"}


def owned_by_speaker(head: Token | None) -> bool:
    """'The Houthis claimed their forces fired…', 'we shot down…': a party told as the speaker's own
    (a possessive pronoun, or "we") is the speaker's side, whatever sector it names."""
    if head is None:
        return False
    return head.lower_ in ("we", "us") or any(c.dep_ == "poss" and c.lower_ in OWNING_PRONOUNS for c in head.children)


def root_at(doc: Doc, start: int | None, end: int | None) -> Token | None:
    """The head word of the text between two character offsets, looked up once per Doc and offsets:
    a trigger's or a party's words are asked for by several stages, and a character lookup walks the
    Doc."""
    if start is None or end is None:
        return None
    cache = doc.user_data.setdefault(ROOTS_KEY, {})
    if (start, end) not in cache:
        span = doc.char_span(start, end, alignment_mode="expand")
        cache[(start, end)] = span.root if span is not None and len(span) else None
    return cache[(start, end)]


# Lower-case words inside place names ("Mocímboa da Praia", "Rio de Janeiro", "Sharm el-Sheikh").
NAME_PARTICLES = frozenset({"da", "de", "do", "dos", "das", "del", "della", "di", "la", "le", "el", "al", "von", "van"})


def glued_after_name(doc: Doc, start: int, covered: set[int]) -> bool:
    """Whether the words from token ``start`` are glued after a capitalised proper noun that begins no
    sentence and that none of the ``covered`` tokens (the names already known) holds, past one
    lower-case particle: 'Jordan' in 'Puerto Jordan', 'Praia' in 'Mocímboa da Praia'. Only what comes
    before counts: after a name come its own kind words ("Kyiv Region", "Gaza Strip")."""
    before = start - 1
    if before > 0 and doc[before].lower_ in NAME_PARTICLES:
        before -= 1
    if before < 0:
        return False
    tok = doc[before]
    return tok.pos_ == "PROPN" and tok.is_title and not tok.is_sent_start and tok.i not in covered


DASHES = {"—", "–", "-", "--"}
DATELINE_WORDS = 12


def dateline_end(doc: Doc) -> int:
    """Index of the first token after an article's dateline ("BOGOTA, Colombia (AP) —",
    "LILONGWE, JAN 25 –"), or 0 when it has none: capitalised words, numbers and brackets up to a dash
    within the first words."""
    for tok in doc[:DATELINE_WORDS]:
        if tok.text in DASHES or (tok.text.startswith("-") and tok.text[1:2].isalpha()):
            return tok.i + (1 if tok.text in DASHES else 0)
        if not (tok.is_punct or tok.like_num or tok.is_title or tok.is_upper):
            return 0
    return 0


ENTS_KEY = "eventwire.ents"


def sentence_ents(sent: Span) -> list[Span]:
    """The named entities of a sentence. ``Span.ents`` rebuilds every entity of the Doc on each call, a
    cost in the article's length per sentence; here they are built once per Doc and looked up."""
    doc = sent.doc
    cached = doc.user_data.get(ENTS_KEY)
    if cached is None or cached[0] != len(doc):
        ents = list(doc.ents)
        cached = doc.user_data[ENTS_KEY] = (len(doc), ents, [e.start for e in ents])
    _, ents, starts = cached
    out = []
    # by index, not over ents[first:]: that slice copies every entity after the sentence, per sentence
    for n in range(bisect_left(starts, sent.start), len(ents)):
        ent = ents[n]
        if ent.start >= sent.end:
            break
        if ent.end <= sent.end:
            out.append(ent)
    return out
