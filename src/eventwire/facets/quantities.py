"""Counted quantities in a sentence: how many, how exactly, and of what.

``find_quantities`` reads every count of people or things in a parsed sentence
("more than 12,000 troops", "millions of rounds", "600 of whom have died") as a
:class:`~eventwire.model.Quantity`. Dates, times, ordinals, ages and durations are not
counts and are left out. The words it knows (qualifiers, number words, outcomes such as
"killed") live in ``data/facets/quantities.yaml``; :func:`load_rules` reads that file and
any user files after it, so a user file can add words or override ours.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, get_args

from spacy.tokens import Doc, Span, Token

from eventwire.datafiles import read_yaml
from eventwire.errors import DataFileError
from eventwire.events.codebook import under_policy
from eventwire.facets.attribution import attribution_of
from eventwire.model import Actor, Event, Qualifier, Quantity
from eventwire.nlp import sentences as article_sentences
from eventwire.nlp.syntax import root_at, span_root
from eventwire.rules import is_reporting_verb
from eventwire.rules import rules as eventwire_rules

FORMAT = "eventwire.quantities.v1"
BUILTIN_RULES = Path(str(resources.files("eventwire") / "data" / "facets" / "quantities.yaml"))
QUALIFIERS: frozenset[str] = frozenset(get_args(Qualifier))
MAPPING_NEEDED = f"must be a mapping that starts with 'format: {FORMAT}'"

COUNT_ENTS = frozenset({"", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
NUMERAL = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?([a-z]*)$")
YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
LEFT_PUNCT = frozenset({"(", "[", '"', "'", "“", "‘", "—", "–", "/"})
RANGE_WORDS = frozenset({"to", "-", "–", "—"})  # "50 to 60 soldiers", "200-300 people"


@dataclass(frozen=True)
class QuantityRules:
    """The word tables of ``quantities.yaml``, indexed for lookup."""

    qualifiers: dict[tuple[str, ...], Qualifier]
    prepositions: frozenset[str]
    numbers: dict[str, float]
    scales: dict[str, float]
    vague_scales: dict[str, float]
    vague_words: frozenset[str]
    currencies: dict[str, str]
    percent: frozenset[tuple[str, ...]]
    intransitive: dict[str, str]
    transitive: dict[str, str]
    outcome_nouns: dict[str, str]
    skip_units: frozenset[str]
    skip_before: frozenset[str]
    longest_qualifier: int = field(init=False)

    def __post_init__(self) -> None:
        longest = max((len(words) for words in self.qualifiers), default=0)
        object.__setattr__(self, "longest_qualifier", longest)


# --- loading the word tables ---------------------------------------------------------------

MAPPINGS = ("qualifiers", "numbers", "scales", "vague_scales", "currencies")
WORD_LISTS = ("prepositions", "vague_words", "percent", "skip_units", "skip_before")
OUTCOME_KEYS = ("intransitive", "transitive", "nouns")


def load_rules(*paths: str | Path) -> QuantityRules:
    """Read the built-in word tables, then each user file in turn (later entries win).

    A file with mistakes raises :class:`~eventwire.errors.DataFileError` listing all of them.
    """
    merged: dict[str, Any] = {}
    for path in (BUILTIN_RULES, *map(Path, paths)):
        data = read_yaml(path)
        problems = list(_check_rules(data)) if isinstance(data, dict) else [MAPPING_NEEDED]
        if problems:
            raise DataFileError(str(path), problems)
        _merge_rules(merged, data)
    return _index_rules(merged)


@functools.cache
def default_rules() -> QuantityRules:
    """The built-in word tables, read once per process."""
    return load_rules()


def _check_rules(data: dict[str, Any]) -> Iterator[str]:
    """Yield one message per mistake in a quantities file."""
    if data.get("format") != FORMAT:
        yield f"'format' must be {FORMAT!r}, not {data.get('format')!r}"
    known = {"format", "outcomes", *MAPPINGS, *WORD_LISTS}
    for key in data.keys() - known:
        yield f"unknown section {key!r} (known: {', '.join(sorted(known))})"
    for key in MAPPINGS:
        yield from _check_mapping(key, data.get(key) or {})
    for key in WORD_LISTS:
        yield from _check_words(key, data.get(key) or [])
    outcomes = data.get("outcomes") or {}
    if not isinstance(outcomes, dict):
        yield "'outcomes' must map a unit to its word lists"
        return
    for unit, words in outcomes.items():
        if not isinstance(words, dict) or words.keys() - set(OUTCOME_KEYS):
            yield f"outcomes.{unit}: must have only {', '.join(OUTCOME_KEYS)}"
            continue
        for key in OUTCOME_KEYS:
            yield from _check_words(f"outcomes.{unit}.{key}", words.get(key) or [])


def _check_mapping(key: str, entries: Any) -> Iterator[str]:
    if not isinstance(entries, dict):
        yield f"{key!r} must be a mapping"
        return
    for word, value in entries.items():
        if key == "qualifiers" and value not in QUALIFIERS:
            yield f"qualifiers.{word}: {value!r} is not one of {', '.join(sorted(QUALIFIERS))}"
        elif key == "currencies" and not (isinstance(value, str) and value):
            yield f"currencies.{word}: the unit must be a non-empty string"
        elif key not in ("qualifiers", "currencies") and (
            isinstance(value, bool) or not isinstance(value, int | float) or value < 0
        ):
            yield f"{key}.{word}: {value!r} is not a number ≥ 0"


def _check_words(key: str, words: Any) -> Iterator[str]:
    if not isinstance(words, list):
        yield f"{key!r} must be a list of words"
        return
    for number, word in enumerate(words, start=1):
        if not (isinstance(word, str) and word.strip()):
            yield f"{key}, entry {number}: {word!r} is not a non-empty string"


def _merge_rules(merged: dict[str, Any], data: dict[str, Any]) -> None:
    for key in MAPPINGS:
        merged.setdefault(key, {}).update(data.get(key) or {})
    for key in WORD_LISTS:
        merged.setdefault(key, []).extend(data.get(key) or [])
    outcomes = merged.setdefault("outcomes", {})
    for unit, words in (data.get("outcomes") or {}).items():
        target = outcomes.setdefault(unit, {})
        for key in OUTCOME_KEYS:
            target.setdefault(key, []).extend(words.get(key) or [])


def _index_rules(merged: dict[str, Any]) -> QuantityRules:
    def lemma_table(kind: str) -> dict[str, str]:
        return {w.lower(): unit for unit, words in merged["outcomes"].items() for w in words.get(kind, [])}

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in merged[key])

    return QuantityRules(
        qualifiers={tuple(str(k).lower().split()): v for k, v in merged["qualifiers"].items()},
        prepositions=words("prepositions"),
        numbers={str(k).lower(): float(v) for k, v in merged["numbers"].items()},
        scales={str(k).lower(): float(v) for k, v in merged["scales"].items()},
        vague_scales={str(k).lower(): float(v) for k, v in merged["vague_scales"].items()},
        vague_words=words("vague_words"),
        currencies={str(k).lower(): v for k, v in merged["currencies"].items()},
        percent=frozenset(tuple(str(w).lower().split()) for w in merged["percent"]),
        intransitive=lemma_table("intransitive"),
        transitive=lemma_table("transitive"),
        outcome_nouns=lemma_table("nouns"),
        skip_units=words("skip_units"),
        skip_before=words("skip_before"),
    )


# --- finding quantities --------------------------------------------------------------------


@dataclass
class _Count:
    """A quantity being read: token bounds of the number and of the whole phrase."""

    group: Span
    value: float
    qualifier: Qualifier | None
    vague: bool
    unit: str | None
    start: int
    end: int


def find_quantities(sent: Span, rules: QuantityRules | None = None) -> list[Quantity]:
    """Every counted quantity in a sentence, with char offsets into the Doc text."""
    rules = rules or default_rules()
    counts = [c for group in _number_groups(sent, rules) if (c := _read_count(group, sent, rules))]
    return [_to_quantity(count, sent.doc) for count in _read_ranges(counts, sent.doc)]


def _to_quantity(count: _Count, doc: Doc) -> Quantity:
    start = doc[count.start].idx
    last = doc[count.end - 1]
    end = last.idx + len(last.text)
    qualifier = count.qualifier or ("at_least" if count.vague else "exact")
    # the span's own text: Doc.text is rebuilt on every access, a cost in the article's length
    return Quantity(value=count.value, qualifier=qualifier, unit=count.unit,
                    text=doc[count.start:count.end].text, start=start, end=end)


def _number_groups(sent: Span, rules: QuantityRules) -> Iterator[Span]:
    """Maximal runs of tokens that spell one number ("$2 billion", "hundreds of thousands")."""
    doc = sent.doc
    i = sent.start
    while i < sent.end:
        end = _group_end(doc, i, sent.end, rules) if _starts_number(doc, i, sent.end, rules) else i
        if end > i:
            yield doc[i:end]
            i = end
        else:
            i += 1


def _is_numeral(token: Token, rules: QuantityRules) -> bool:
    match = NUMERAL.match(token.lower_)
    return bool(match) and (not match.group(3) or match.group(3) in rules.scales)


def _is_scale(token: Token, rules: QuantityRules) -> bool:
    return token.lower_ in rules.scales or token.lower_ in rules.vague_scales


def _starts_number(doc: Doc, i: int, end: int, rules: QuantityRules) -> bool:
    token = doc[i]
    word = token.lower_
    after = doc[i + 1] if i + 1 < end else None
    if _is_numeral(token, rules) or word in rules.numbers or word in rules.vague_scales:
        return True
    if after is None:
        return False
    if word in rules.currencies and not token.is_alpha:
        return _is_numeral(after, rules)
    if word in ("a", "an", "half") or word in rules.vague_words:
        if word in ("a", "an") and after.lower_ in rules.vague_words:
            return True  # "a few thousand"
        return _is_scale(after, rules) or (word == "half" and after.lower_ in ("a", "an"))
    return False


def _group_end(doc: Doc, i: int, end: int, rules: QuantityRules) -> int:
    j = i + 1
    while j < end and _continues_number(doc, j, end, rules, money=doc[i].lower_ in rules.currencies):
        j += 1
    return j


def _continues_number(doc: Doc, j: int, end: int, rules: QuantityRules, money: bool) -> bool:
    token, before = doc[j], doc[j - 1]
    after = doc[j + 1] if j + 1 < end else None
    word = token.lower_
    if word in rules.scales and len(word) <= 2:  # "2 bn", "£1.5m": short scales need money or no space
        return money or not before.whitespace_
    if word in rules.scales or word in rules.vague_scales or word in rules.vague_words:
        return True
    if word in rules.numbers or _is_numeral(token, rules):
        return not _is_numeral(before, rules)  # "In 2019 12 people": two numbers, not one
    if after is None:
        return False
    if word == "-" and not before.whitespace_ and not token.whitespace_:
        return before.lower_ in rules.numbers and after.lower_ in rules.numbers  # "twenty-five"
    if word == "of":
        return before.lower_ in rules.vague_scales and _is_scale(after, rules)  # "tens of thousands"
    if word == "and":
        return before.lower_ in ("hundred", "thousand") and after.lower_ in rules.numbers
    if word in ("a", "an"):
        return before.lower_ == "half" and _is_scale(after, rules)
    return False


def _group_value(group: Span, rules: QuantityRules) -> tuple[float, bool]:
    """The value a number group spells, and whether it is vague ("thousands", "several hundred")."""
    total, current, vague = 0.0, None, False
    for token in group:
        word = token.lower_
        numeral = NUMERAL.match(word)
        if numeral:
            current = (current or 0.0) + float(numeral.group(1).replace(",", "") + (numeral.group(2) or ""))
            if numeral.group(3):
                total, current = total + current * rules.scales[numeral.group(3)], None
        elif word in rules.numbers:
            current = (current or 0.0) + rules.numbers[word]
        elif word in ("a", "an"):
            current = current or 1.0
        elif word == "half":
            current = 0.5
        elif word in rules.vague_words:
            vague = True
        elif word in rules.scales or word in rules.vague_scales:
            vague = vague or word in rules.vague_scales
            scale = rules.scales.get(word) or rules.vague_scales[word]
            if scale < 1000:
                current = (current or 1.0) * scale
            else:
                total, current = total + (current or 1.0) * scale, None
    return total + (current or 0.0), vague


def _read_count(group: Span, sent: Span, rules: QuantityRules) -> _Count | None:
    doc = sent.doc
    if not _is_count(group, sent, rules):
        return None
    value, vague = _group_value(group, rules)
    qualifier, start = _qualifier(doc, group.start, sent.start, rules)
    unit, end = _unit(group, sent, rules)
    if unit is not None and unit in rules.skip_units:
        return None
    return _Count(group, value, qualifier, vague, unit, start, end)


def _is_count(group: Span, sent: Span, rules: QuantityRules) -> bool:
    """False for dates, times, ordinals, years, labels ("Resolution 2231") and lone pronoun "one"."""
    doc = sent.doc
    if any(t.ent_type_ not in COUNT_ENTS for t in group):  # DATE, TIME, ORDINAL, names
        return False
    first, root = group[0], group.root
    before = doc[first.i - 1].lower_ if first.i > sent.start else ""
    if before in rules.skip_before or (before and _glued_to_word(doc, first.i)):
        return False  # "Article 5", "Su-34"
    labelled = root.dep_ in ("nummod", "appos", "npadvmod", "compound") and root.head.i < group.start
    if labelled and (root.head.is_title or root.head.pos_ == "PROPN"):  # "Flight 17", "Route 66"
        return False
    if len(group) == 1 and YEAR.match(first.text):
        return root.dep_ == "nummod" and root.head.tag_ == "NNS" and root.head.i > first.i
    if group.text.lower() in ("one", "a", "an"):
        return root.dep_ == "nummod" and root.head.pos_ == "NOUN" and root.head.i > first.i
    return True


def _glued_to_word(doc: Doc, i: int) -> bool:
    """True for a number written onto a word: "Su-34", "G7"-style labels."""
    before = doc[i - 1]
    if before.whitespace_ or before.text in LEFT_PUNCT:
        return False
    if before.is_alpha:
        return True
    return before.text == "-" and i >= 2 and not doc[i - 2].whitespace_ and doc[i - 2].is_alpha


def _qualifier(doc: Doc, start: int, sent_start: int, rules: QuantityRules) -> tuple[Qualifier | None, int]:
    """The qualifier words just before the number, and where the phrase now starts."""
    for size in range(rules.longest_qualifier, 0, -1):
        if start - size < sent_start:
            continue
        words = tuple(t.lower_ for t in doc[start - size : start])
        qualifier = rules.qualifiers.get(words)
        if qualifier is None:
            continue
        if size == 1 and words[0] in rules.prepositions and doc[start - 1].dep_ == "prep":
            continue  # "fought over two villages"
        return qualifier, start - size
    return None, start


def _unit(group: Span, sent: Span, rules: QuantityRules) -> tuple[str | None, int]:
    """What the number counts, and the token where the quantity's text ends."""
    doc = sent.doc
    end = group.end
    currency = rules.currencies.get(group[0].lower_)
    if currency:
        return currency, _after_word(doc, end, sent.end, rules.currencies)
    after = doc[end].lower_ if end < sent.end else ""
    if after in rules.currencies and doc[end].is_alpha:
        return rules.currencies[after], end + 1
    for words in rules.percent:
        if tuple(t.lower_ for t in doc[end : end + len(words)]) == words:
            return "percent", end + len(words)
    noun = _strong_noun(doc, end, sent.end) or _counted_noun(group, sent)
    outcome = _outcome(group, noun, rules)
    if noun is not None and noun.i >= end and noun.i - end <= 5:
        end = noun.i + 1
    if outcome:
        return outcome, end
    return (noun.lower_ if noun is not None else None), end


def _after_word(doc: Doc, end: int, sent_end: int, currencies: dict[str, str]) -> int:
    """Take in a currency word repeated after a sign ("$2 billion dollars")."""
    return end + 1 if end < sent_end and doc[end].is_alpha and doc[end].lower_ in currencies else end


def _strong_noun(doc: Doc, end: int, sent_end: int) -> Token | None:
    """The noun of "a 3,000-strong force"."""
    if end + 1 < sent_end and doc[end].text == "-" and doc[end + 1].lower_ == "strong":
        head = doc[end + 1].head
        return head if head.pos_ in ("NOUN", "PROPN") and head.i > end else None
    return None


def _counted_noun(group: Span, sent: Span) -> Token | None:
    """The noun a number counts: "12,000 troops", "millions of rounds", "30,000 more troops"."""
    doc = sent.doc
    end = group.end
    if end < sent.end and doc[end].lower_ == "of":
        objects = [c for c in doc[end].children if c.dep_ == "pobj"]
        return objects[0] if objects and objects[0].pos_ in ("NOUN", "PROPN") else None
    root = group.root
    if root.head.i >= end and root.head.pos_ == "NOUN" and root.dep_ != "pobj":
        return root.head
    for token in doc[end : min(end + 5, sent.end)]:
        if token.pos_ == "NOUN" and token.dep_ != "compound":
            return token
        if not (token.pos_ in ("ADJ", "PROPN", "NOUN") or token.lower_ == "more"):
            return None
    return None


def _outcome(group: Span, noun: Token | None, rules: QuantityRules) -> str | None:
    """"killed", "wounded", "arrested" … when the count is of victims of that outcome."""
    counted = [noun, group.root] if noun is not None else [group.root]
    if noun is not None and noun.lemma_.lower() in rules.outcome_nouns:
        return rules.outcome_nouns[noun.lemma_.lower()]  # "1,200 deaths"
    for token in [*group, *counted]:
        for child in token.children:
            if child.dep_ in ("acl", "amod", "relcl") and child.i > token.i:
                unit = _participle_outcome(child, rules)
                if unit:
                    return unit  # "at least 30 killed", "600 wounded soldiers"
    for token in counted:
        unit = _argument_outcome(token, rules) or _toll_outcome(token, rules)
        if unit:
            return unit
    return (_next_word_outcome(group, rules) or _after_noun_outcome(group, noun, rules)
            or _reported_outcome(group, noun, rules))


NOUN_PHRASE = frozenset({"DET", "ADJ", "NOUN", "PROPN", "PRON", "PART"})
AUXILIARIES = frozenset({"was", "were", "had", "have", "has", "been", "be"})


def _reported_outcome(group: Span, noun: Token | None, rules: QuantityRules) -> str | None:
    """A count told through a reporting clause set between it and its outcome, whatever the parse:
    "seven members the force said were killed", "12 people officials say died"."""
    doc = group.doc
    i = (noun.i if noun is not None and noun.i >= group.end else group.end - 1) + 1
    start = i
    while i < len(doc) and i - start < 5 and doc[i].pos_ in NOUN_PHRASE:
        i += 1
    if i == start or i >= len(doc) or not is_reporting_verb(doc[i]):
        return None
    i += 1
    while i < len(doc) and doc[i].lower_ in AUXILIARIES:
        i += 1
    if i >= len(doc) or doc[i].tag_ not in ("VBN", "VBD"):
        return None
    return _participle_outcome(doc[i], rules)


def _after_noun_outcome(group: Span, noun: Token | None, rules: QuantityRules) -> str | None:
    """A participle right after the counted noun of "N of its members killed", whatever the parse
    (it may hang the participle on the sentence's verb): "killed" as written after "members"."""
    doc = group.doc
    if noun is None or noun.i < group.end or group.end >= len(doc) or doc[group.end].lower_ != "of":
        return None
    after = noun.i + 1
    if after >= len(doc) or doc[after].tag_ != "VBN":
        return None
    return _participle_outcome(doc[after], rules)


def _next_word_outcome(group: Span, rules: QuantityRules) -> str | None:
    """A participle or adjective right after the number, whatever the parse ("600 dead", "30 killed")."""
    doc, i = group.doc, group.end
    if i < len(doc) and doc[i].lower_ == "more":
        i += 1
    if i >= len(doc) or doc[i].tag_ not in ("VBN", "JJ"):
        return None
    return _participle_outcome(doc[i], rules)


def _participle_outcome(token: Token, rules: QuantityRules) -> str | None:
    lemma, word = token.lemma_.lower(), token.lower_
    return rules.transitive.get(lemma) or rules.intransitive.get(lemma) or rules.intransitive.get(word)


def _argument_outcome(token: Token, rules: QuantityRules) -> str | None:
    """The outcome a count undergoes as the subject or object of a verb ("12 people were killed")."""
    head, lemma = token.head, token.head.lemma_.lower()
    if token.dep_ == "nsubj":
        # an adjective as written ("thousands more wounded"); a verb by lemma, so that the active
        # "12 soldiers killed three civilians" does not count the soldiers as killed
        unit = rules.intransitive.get(head.lower_ if head.pos_ == "ADJ" else lemma)
        if unit:
            return unit
        complements = [c for c in head.children if c.dep_ == "acomp"]  # "50 people are dead"
        if complements and complements[0].lower_ in rules.intransitive:
            return rules.intransitive[complements[0].lower_]
    if token.dep_ in ("nsubjpass", "dobj") and lemma in rules.transitive:
        return rules.transitive[lemma]
    return None


def _toll_outcome(token: Token, rules: QuantityRules) -> str | None:
    """"the death toll rose to 45", "a death toll of 45", "raising the toll to 15"."""
    noun = toll_noun(token, rules)
    return rules.outcome_nouns[noun.lemma_.lower()] if noun is not None else None


def toll_noun(token: Token, rules: QuantityRules | None = None) -> Token | None:
    """The toll a figure gives: the noun of "a death toll of 45", the subject of "the toll has risen
    to 45", "now stands at 45", the object of "raising the toll to 45"; None for any other figure."""
    rules = rules or default_rules()
    if token.dep_ != "pobj":
        return None
    governor = token.head.head
    if governor.lemma_.lower() in rules.outcome_nouns:
        return governor
    for dep in (("nsubj", "nsubjpass"), ("dobj",)):
        arguments = [c for c in governor.children if c.dep_ in dep]
        if arguments and arguments[0].lemma_.lower() in rules.outcome_nouns:
            return arguments[0]
    return None


def _read_ranges(counts: list[_Count], doc: Doc) -> list[_Count]:
    """"between 200 and 300 people", "50 to 60 soldiers": a lower and an upper bound.

    Two numbers joined by a bare hyphen or slash with the second not larger ("a 2-1 vote",
    "24/7") are a score or a ratio, not counts: both are dropped.
    """
    dropped: set[int] = set()
    for low, high in zip(counts, counts[1:], strict=False):
        if high.group.start - low.group.end != 1:
            continue
        link = doc[low.group.end]
        glued = link.text in ("-", "/") and not low.group[-1].whitespace_ and not link.whitespace_
        if glued and high.value <= low.value:
            dropped.update((id(low), id(high)))
            continue
        if low.qualifier or high.qualifier or high.value <= low.value:
            continue
        word = link.lower_
        before = doc[low.group.start - 1].lower_ if low.group.start > 0 else ""
        if (word == "and" and before == "between") or (word in RANGE_WORDS and before != "from"):
            low.qualifier, high.qualifier = "at_least", "at_most"
            low.unit = low.unit or high.unit
            low.start = low.group.start - 1 if word == "and" else low.start
            low.end = min(low.end, low.group.end)  # the text of the lower bound stops at its number
    return [count for count in counts if id(count) not in dropped]


# --- figures no kept event took ----------------------------------------------------------------

TOLL_REACH = 3  # sentences back: "… killing seven. [Two more sentences.] The toll has since risen to 16"


def carry_figures(events: list[Event], doc: Doc, rules: QuantityRules | None = None) -> list[Event]:
    """The kept events of an article with the figures of harm no kept event took, each given to the
    act it is a figure of (``data/facets/claims.yaml``): an updated or earlier toll, or a figure that
    names its act ("killed in the attack"), to the act whose figure it updates; a count of victims to
    the act of harm of its sentence, or of the sentences just before when its own sentence keeps no
    act and gives no other cause. A figure of a doer-less act told in a relative clause of setting
    ("the strike on its embassy, where 12 people were killed") goes to the act the clause qualifies.
    A figure of any unit told again by a kept act's verb in a sentence that keeps no act ("… 45 drones
    were launched") goes to that act (:func:`_retold_act`). A carried figure names its ``claimant``
    when its own sentence attributes it ("…, the Observatory said"). Runs after the decision stage, so
    the figures of dropped candidates are not lost when an act they belong to is kept."""
    force = [i for i, e in enumerate(events) if e.modality == "asserted" and under_policy(e.cameo, "force")]
    if not force:
        return events
    rules = rules or default_rules()
    words = claim_rules()
    units = words["harm_units"]
    events = _setting_figures(events, doc, force, units, words)
    taken = {(q.start, q.end) for e in events for q in e.quantities}
    kept_in = {e.sentence for e in events}
    verbs = _act_verbs(events, force, doc)
    added: dict[int, list[Quantity]] = {}
    sentences = article_sentences(doc)
    for n in range(events[force[0]].sentence, len(sentences)):  # a toll may come at the article's end
        sent = sentences[n]
        harm_words = any(_outcome_word(t, rules) for t in sent)
        retold = n not in kept_in and any(t.lemma_.lower() in verbs for t in sent)
        if not harm_words and not retold and not any(t.lower_ in words["act_nouns"] for t in sent):
            continue  # most sentences: no word of harm nor of an act, no parse
        retold_to: dict[str, int] = {}  # unit → the act a figure of this sentence was found to count
        for q in find_quantities(sent, rules):
            if (q.start, q.end) in taken:
                continue
            tok = span_root(sent, q.start, q.end)
            if tok is None:
                continue
            named = _names_act(tok, q.unit in units, words)
            if q.unit not in units and not named:
                target = _retold_act(events, verbs, n, tok, sent, words) if retold and q.unit else None
                if target is None and q.unit in retold_to and tok.dep_ == "conj":
                    # "20 cruise missiles were launched, none of which reached Kyiv, as well as 15 ballistic missiles":
                    # a figure of the same unit coordinated after it counts the same act, wherever the
                    # parser hangs the coordination
                    target = retold_to[q.unit]
                if target is not None:
                    retold_to[str(q.unit)] = target
                    added.setdefault(target, []).append(_claimed(q, tok))
                    taken.add((q.start, q.end))
                continue
            toll = toll_noun(tok, rules) is not None
            doing = None if toll or named else _doing(tok)
            if doing is not None:  # "Hamas rockets wounded three people": the act of that doer, if kept
                target = next((i for i in force if events[i].sentence == n
                               and _trigger_in(events[i], doc, doing)), None)
            else:
                own = _other_cause(tok, sent, words) or _additive(tok, words)
                reach = "lead" if toll or (named and not own) else "near" if n not in kept_in and not own else None
                target = _updated_act(events, force, n, q.unit, reach, doc)
            if target is None:
                continue
            added.setdefault(target, []).append(_claimed(q, tok))
            taken.add((q.start, q.end))
    return [e.model_copy(update={"quantities": [*e.quantities, *added[i]]}) if i in added else e
            for i, e in enumerate(events)]


def _claimed(quantity: Quantity, token: Token) -> Quantity:
    """A carried figure with the claimant of its own sentence ("…, the Observatory said"), if any."""
    said = attribution_of(token, _speaker)
    return quantity.model_copy(update={"claimant": said.text if said else None})


def claim_rules() -> dict[str, frozenset[str] | tuple[str, ...]]:
    return eventwire_rules("claims")


def _outcome_word(token: Token, rules: QuantityRules) -> bool:
    lemma = token.lemma_.lower()
    return lemma in rules.outcome_nouns or lemma in rules.transitive or token.lower_ in rules.intransitive


def _updated_act(events: list[Event], force: list[int], sentence: int, unit: str | None,
                 reach: str | None, doc: Doc | None = None) -> int | None:
    """The kept event a figure of harm of ``sentence`` belongs to: the act of force of its sentence
    holding a figure of its unit (the toll it updates), else its first act of force ("killed when
    missiles destroyed the building"). With no act of force there, a figure that may reach back
    (``reach`` "near": a count of victims told on its own; "lead": a toll, or a figure naming its act)
    goes to the latest act of harm (not an arrest) of the TOLL_REACH sentences before, preferring one
    holding a figure of its unit; a "lead" one, finding none, to the article's first act of harm. An
    act told only to date another ("since the invasion of Ukraine began") takes no figure."""
    def holds(i: int) -> bool:
        return any(q.unit == unit for q in events[i].quantities)

    here = [i for i in force if events[i].sentence == sentence]
    if here:
        return next((i for i in here if holds(i)), here[0])
    if reach is None:
        return None
    harm = [i for i in force if events[i].sentence < sentence and under_policy(events[i].cameo, "harm")
            and not (doc is not None and _time_anchor(events[i], doc))]
    before = [i for i in harm if sentence - TOLL_REACH <= events[i].sentence]
    if not before:
        if reach != "lead" or not harm:
            return None
        lead = min(events[i].sentence for i in harm)
        return next(i for i in harm if events[i].sentence == lead)
    latest = max(events[i].sentence for i in before)
    closest = [i for i in before if events[i].sentence == latest]
    return next((i for i in closest if holds(i)), closest[-1])


def _act_verbs(events: list[Event], force: list[int], doc: Doc) -> dict[str, list[int]]:
    """The lemma of each kept act of force's trigger → those acts ("launched" → the launch): a later
    sentence that tells the act again by its verb may give its figures."""
    out: dict[str, list[int]] = {}
    for i in force:
        trigger = root_at(doc, events[i].trigger.start, events[i].trigger.end)
        if trigger is not None:
            out.setdefault(trigger.lemma_.lower(), []).append(i)
    return out


def _retold_act(events: list[Event], verbs: dict[str, list[int]], sentence: int, token: Token, sent: Span,
                words: dict) -> int | None:
    """"Russia launched 80 drones and missiles … A spokesman said 45 Shahed drones were launched, as well as
    12 cruise missiles": a figure of any unit whose sentence keeps no act, told by the verb of a kept act
    of force of the TOLL_REACH sentences before and naming no doer of its own, counts that act (the
    breakdown of its weapons, its targets). The latest such act; None when the figure's clause gives
    another doer ("Hezbollah launched 40 rockets") or a cause of its own."""
    verb = next((t for t in (token, *token.ancestors) if t.pos_ == "VERB"), None)
    if verb is None or is_reporting_verb(verb) or _doing(token) is not None or _other_cause(token, sent, words):
        return None
    acts = [i for i in verbs.get(verb.lemma_.lower(), [])  # the kept acts of force told by this verb
            if sentence - TOLL_REACH <= events[i].sentence < sentence and not _dated_otherwise(events[i], sent)]
    return max(acts, key=lambda i: (events[i].sentence, events[i].trigger.start)) if acts else None


def _dated_otherwise(event: Event, sent: Span) -> bool:
    """The sentence names a date that is not the act's ("Three schools were struck last year"): the
    same verb then tells another act, not the act again."""
    told = (event.date.text or "").lower() if event.date else ""
    return any(ent.label_ == "DATE" and ent.text.lower() not in told for ent in sent.ents)


def _time_anchor(event: Event, doc: Doc) -> bool:
    """An act told to date another: in a clause opened by one of `time_anchors` ("since the invasion
    of Ukraine began", "until the war ends") or as the object of one ("since the invasion")."""
    trigger = root_at(doc, event.trigger.start, event.trigger.end)
    if trigger is None:
        return False
    anchors = claim_rules()["time_anchors"]
    for tok in (trigger, *trigger.ancestors):
        if any(c.dep_ == "mark" and c.lower_ in anchors for c in tok.children) or \
                (tok.dep_ == "pobj" and tok.head.lower_ in anchors):
            return True
        if tok.dep_ in ("advcl", "ROOT", "ccomp", "conj", "relcl"):
            return False
    return False


def _clause_heads(token: Token) -> list[Token]:
    """The words whose dependents tell what a figure's clause is about: the figure, its heads up to
    its verb, and the participle or relative clause on it ("seven of its personnel killed")."""
    heads = [token]
    for anc in token.ancestors:
        heads.append(anc)
        if anc.pos_ in ("VERB", "AUX"):
            break
    return [*heads, *(c for c in token.children if c.dep_ in ("acl", "relcl"))]


def _definite(noun: Token, words: dict) -> bool:
    return any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in words["definite_words"]) for c in noun.children)


def _names_act(token: Token, harm: bool, words: dict) -> bool:
    """True when a figure's clause names, by a definite noun, the act it counts: "killed in the attack",
    "the raid killed 12", "the attacks involved more than 300 drones" (a figure of another unit than
    harm only as the object of the verb whose subject is the act)."""
    for head in _clause_heads(token):
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ in words["act_nouns"] \
                    and _definite(child, words) and (harm or token.dep_ == "dobj" and token.head == head):
                return True
            if harm and child.dep_ in ("prep", "agent"):
                nouns = [c for c in child.children if c.dep_ == "pobj"]
                if nouns and nouns[0].lower_ in words["act_nouns"] and _definite(nouns[0], words):
                    return True
    if not harm and token.dep_ in ("nummod", "quantmod") and token.head.dep_ == "dobj":
        return _names_act(token.head, harm, words)  # "involved 300 drones": the counted noun is the object
    return False


def _other_cause(token: Token, sent: Span, words: dict) -> bool:
    """True when a figure's clause gives a cause of its own ("in a bus crash", "when a bus overturned")
    or its sentence tells of something else ("In a separate incident, …"): it is not carried to an
    act of another sentence."""
    if any(t.lower_ in words["separate_words"] for t in sent):
        return True
    for head in _clause_heads(token):
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in words["cause_prepositions"]:
                nouns = [c for c in child.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")]
                if nouns and any(c.dep_ == "det" and c.lower_ in words["indefinite_words"] for c in nouns[0].children):
                    return True
            if child.dep_ == "advcl" and any(t.lower_ in words["cause_markers"] and t.dep_ in ("mark", "advmod")
                                             for t in child.subtree):
                return True
    return False


def _additive(token: Token, words: dict) -> bool:
    """"Two civilians were also killed", "three more soldiers died": a count added to another, not
    the toll of an act: it is not carried to an act of another sentence."""
    doc = token.doc
    for head in _clause_heads(token):
        for child in head.children:
            if child.dep_ in ("advmod", "amod") and child.lower_ in words["additive_words"] \
                    and not (child.i + 1 < len(doc) and doc[child.i + 1].lower_ == "than"):
                return True
    return False


def _setting_figures(events: list[Event], doc: Doc, force: list[int], units, words: dict) -> list[Event]:
    """"…the strike on its embassy, where 12 people were killed": a doer-less act coded from a relative
    clause of setting holds the figure of the act the clause qualifies, the latest kept act of force of
    the sentence told before the clause: its figures of harm go to that act."""
    moved: dict[int, list[Quantity]] = {}
    left: dict[int, list[Quantity]] = {}
    for i in force:
        trigger = root_at(doc, events[i].trigger.start, events[i].trigger.end)
        if trigger is None or trigger.dep_ != "relcl" or any(c.dep_ == "agent" for c in trigger.children):
            continue
        opener = min(trigger.subtree, key=lambda t: t.i)
        relative = doc[opener.i + 1] if opener.dep_ == "prep" and opener.i + 1 < len(doc) else opener  # "in which"
        if relative.lower_ not in words["setting_relatives"]:
            continue
        clause = (opener.idx, max(t.idx + len(t.text) for t in trigger.subtree))
        figures = [q for q in events[i].quantities if q.unit in units and clause[0] <= q.start and q.end <= clause[1]]
        acts = [j for j in force if j != i and events[j].sentence == events[i].sentence
                and events[j].trigger.end <= clause[0]]
        if not figures or not acts:
            continue
        target = max(acts, key=lambda j: events[j].trigger.start)
        moved.setdefault(target, []).extend(figures)
        left[i] = [q for q in events[i].quantities if q not in figures]
    if not moved:
        return events
    out = []
    for i, e in enumerate(events):
        quantities = left.get(i, e.quantities)
        quantities = [*quantities, *(q for q in moved.get(i, []) if q not in quantities)]
        out.append(e.model_copy(update={"quantities": quantities}) if quantities != e.quantities else e)
    return out


def _doing(token: Token) -> list[Token] | None:
    """"Hamas rockets wounded three people": the count's own verb names a doer (an active subject
    other than the count), so the count is a figure of that doer's act: the verb and the doer's
    words. None for "12 people were killed", "where 12 people were killed", "killed in the strike", and
    for a verb that is no act: a copula, or a reporting verb, whose subject gives the figure."""
    verb = next((t for t in (token, *token.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.pos_ == "AUX" or verb.lemma_.lower() == "be" or is_reporting_verb(verb):
        return None  # "two of them were among seven killed", "seven members the force said were killed"
    doer = next((c for c in verb.children if c.dep_ == "nsubj" and c != token and token not in c.subtree), None)
    return None if doer is None else [verb, *doer.subtree]


def _trigger_in(event: Event, doc: Doc, tokens: list[Token]) -> bool:
    trigger = root_at(doc, event.trigger.start, event.trigger.end)
    return trigger is not None and trigger in tokens


def _speaker(token: Token) -> Actor | None:
    """Who gives a figure: any noun phrase that says it ("officials said", "the regional governor
    said"), not only a named one; its words are the claimant, resolving it to an actor is not needed.
    "He"/"she" is the person last named in the sentences just before ("Viktor Petrov, a former
    minister, said … He also estimated that …")."""
    if token.pos_ in ("NOUN", "PROPN"):
        return Actor(text=token.text, code="")
    if token.lower_ in ("he", "she"):
        person = _person_before(token)
        return Actor(text=person, code="", name=person) if person else None
    return None


PRONOUN_REACH = 2  # sentences back where "he" or "she" finds the person it stands for


def _person_before(token: Token) -> str | None:
    """The person named last before ``token``, in its sentence or the PRONOUN_REACH sentences before."""
    doc, sent = token.doc, token.sent
    start = sent.start
    for _ in range(PRONOUN_REACH):
        if start == 0:
            break
        start = doc[start - 1].sent.start
    people = [e for e in doc.ents if e.label_ == "PERSON" and start <= e.start and e.end <= token.i]
    return people[-1].text if people else None
