"""The facets stage: gives each framed event its quantities, date and evidence, and records the
attribution, modality and place framing read. It only describes: codes and parties are final here.

Facet mentions are found once per sentence; each event takes those in its own clause
first and falls back to sentence-level ones only where that is safe.
DOCS: README.md#output-schema
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Span, Token

from eventwire.events.codebook import Codebook
from eventwire.events.coder import Draft
from eventwire.events.framing import Framed
from eventwire.facets.dates import find_dates
from eventwire.facets.quantities import find_quantities, toll_noun
from eventwire.facets.scene import places_of
from eventwire.model import DateValue, Event, Evidence, Location, PloverCode, Quantity
from eventwire.nlp.syntax import clause_verb, span_root, within_clause
from eventwire.rules import is_reporting_verb, rules

DEADLINE_WORDS = {"before", "by", "until", "till", "ahead"}
# Adverbs that tell an act as a standing state or history, not as the day's news.
BACKGROUND_ADVERBS = {"long", "previously", "formerly", "once", "earlier", "repeatedly", "regularly", "often",
                      "always", "traditionally", "historically"}
# Counted words that are the actors themselves, not a figure of the event ("the three nations").
ACTOR_COUNT_UNITS = {"nations", "countries", "states", "sides", "parties", "governments", "leaders"}


@dataclass(slots=True)
class SentenceFacets:
    """Facet mentions of one sentence, found once and shared by its events."""

    sent: Span
    quantities: list[Quantity]
    dates: list[DateValue]
    places: list[Location]
    published: date | None = None

    @classmethod
    def find(cls, sent: Span, doc_date: date | None) -> SentenceFacets:
        return cls(sent, find_quantities(sent), find_dates(sent, doc_date), places_of(sent), doc_date)


def describe(framed: Framed, facets: SentenceFacets, codebook: Codebook, doc_id: str, sentence: int) -> Event:
    """The finished event record of one framed candidate: its code and parties as framing left them,
    with the figures, date, place, attribution and evidence of its sentence."""
    draft, modality, attribution, location = framed.draft, framed.modality, framed.attribution, framed.location
    trig = draft.trigger
    acting = (trig.inner or trig).token
    entry = codebook.get(draft.cameo)
    cameo = draft.cameo
    source, target = draft.source, draft.target
    evidence = _evidence(draft, facets.sent)
    return Event(
        event_id=_event_id(doc_id, draft),
        doc_id=doc_id,
        sentence=sentence,
        cameo=cameo,
        cameo_name=entry.name,
        plover=PloverCode(event=entry.plover, mode=entry.mode, context=entry.context),
        goldstein=entry.goldstein,
        quad_class=entry.quad,
        source=source,
        target=target,
        attribution=attribution,
        modality=modality,
        quantities=_quantities(facets, acting, trig.token),
        date=_own_phrase_date(facets, trig.token) if trig.content_of is not None
        else _date(facets, acting, modality) or _reported_news(facets, acting, modality),
        location=location,
        evidence=evidence,
        trigger=_token_evidence(trig.token),
        pattern=trig.pattern.id if trig.inner is None else f"{trig.pattern.id}+{trig.inner.pattern.id}",
        confidence=draft.confidence,
    )


def _event_id(doc_id: str, draft: Draft) -> str:
    key = "|".join([doc_id, str(draft.token.idx), draft.cameo,
                    draft.source.code if draft.source else "", draft.target.code if draft.target else ""])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _token_evidence(tok: Token) -> Evidence:
    return Evidence(start=tok.idx, end=tok.idx + len(tok), text=tok.text)


def _evidence(draft: Draft, sent: Span) -> Evidence:
    """The stretch of the sentence from the first to the last word of the event and its actors."""
    starts = [t.idx for t in draft.tokens]
    ends = [t.idx + len(t) for t in draft.tokens]
    for actor in (draft.source, draft.target):
        if actor is not None and actor.start is not None and actor.end is not None \
                and sent.start_char <= actor.start < sent.end_char:
            starts.append(actor.start)
            ends.append(actor.end)
    start, end = max(min(starts), sent.start_char), min(max(ends), sent.end_char)
    # the sentence's own text: Doc.text is rebuilt on every access, a cost in the article's length
    text = sent.text[start - sent.start_char:end - sent.start_char]
    stripped = text.lstrip()
    start += len(text) - len(stripped)
    return Evidence(start=start, end=end, text=stripped.rstrip())


def _in_clause(items: list, trigger: Token, sent: Span) -> list:
    out = []
    for item in items:
        tok = span_root(sent, item.start, item.end)
        if tok is not None and within_clause(tok, trigger):
            out.append(item)
    return out


def _quantities(facets: SentenceFacets, acting: Token, announcing: Token) -> list[Quantity]:
    """Figures in the act's clause, or in the clause announcing it ("pledged to send 6,000 engineers
    to help…": the engineers hang on 'send', between the pledge and the help)."""
    found = _in_clause(facets.quantities, acting, facets.sent) + _of_described_noun(facets, acting)
    if announcing != acting:
        found += [q for q in _in_clause(facets.quantities, announcing, facets.sent) if q not in found]
    found += [q for q in _tolls_of(facets, announcing) if q not in found]
    return [q for q in found if q.unit not in ACTOR_COUNT_UNITS]


def _of_described_noun(facets: SentenceFacets, trigger: Token) -> list[Quantity]:
    """'shot down 99% of the 300 missiles launched by Iran': a count of the noun a participle or
    relative clause describes is what that clause's act launched, fired or sent."""
    if trigger.dep_ not in ("acl", "relcl") or trigger.head.pos_ not in ("NOUN", "PROPN"):
        return []
    noun = trigger.head
    return [q for q in facets.quantities
            if (tok := span_root(facets.sent, q.start, q.end)) is not None and (tok == noun or tok.head == noun)]


def _tolls_of(facets: SentenceFacets, trigger: Token) -> list[Quantity]:
    """Updated tolls: "the death toll from the strike on the consulate has risen to 16" is a figure
    of the strike, though it hangs on "risen" and not in the strike's clause: the toll's words
    name the act."""
    out = []
    for q in facets.quantities:
        tok = span_root(facets.sent, q.start, q.end)
        noun = toll_noun(tok) if tok is not None else None
        if noun is not None and trigger in noun.subtree:
            out.append(q)
    return out


def _date(facets: SentenceFacets, trigger: Token, modality: str = "asserted") -> DateValue | None:
    """When the event happened: a date in its own clause, else the sentence's only date.
    A deadline ("before winter", "by March") says when something is due, not when it happened, and an
    act still to come is not dated before the article ("Xi's upcoming talks … since Bali a year ago")."""
    dates = [d for d in facets.dates if not _is_deadline(facets.sent, d)
             and not (modality in FUTURE_MODALITIES and _before_publication(d, facets.published))]
    own = _in_clause(dates, trigger, facets.sent) or _of_the_act_it_follows(dates, trigger, facets.sent)
    if own:
        return own[0]
    if len(dates) == 1 and not _describes_another_act(dates[0], trigger, facets.sent) \
            and not _past_perfect(trigger) and not _dates_a_report_of(dates[0], trigger, facets.sent):
        return dates[0]
    return None


def _dates_a_report_of(value: DateValue, trigger: Token, sent: Span) -> bool:
    """'On Monday, Putin said that he let Wagner's mutiny continue': a date on a reporting verb dates
    the statement, not an act its report names by a noun (an act told before, not that day's); nor
    does a date outside a report noun date the act its content tells (_told_in_a_report_noun)."""
    tok = span_root(sent, value.start, value.end)
    if tok is not None and _told_in_a_report_noun(tok, trigger):
        return True
    if tok is None or trigger.pos_ != "NOUN":
        return False
    verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
    return verb is not None and is_reporting_verb(verb) and trigger in verb.subtree \
        and not within_clause(trigger, verb)


def _told_in_a_report_noun(date: Token, trigger: Token) -> bool:
    """'Putin on Monday paid tribute, confirming earlier reports that several aircraft were shot down':
    an act told in the content of a report noun (data/facets/attribution.yaml, reporting_nouns) is
    not dated by a date outside that report."""
    nouns = rules("attribution")["reporting_nouns"]
    for noun in trigger.ancestors:
        if noun.pos_ == "NOUN" and noun.lemma_.lower() in nouns and any(
                c.dep_ in ("acl", "ccomp") and trigger in c.subtree for c in noun.children):
            return date not in noun.subtree
    return False


def _of_the_act_it_follows(dates: list[DateValue], trigger: Token, sent: Span) -> list[DateValue]:
    """'…launched an air strike on the embassy on April 1, killing two generals': what an act did,
    told by a participle hung on it, happened when that act did."""
    if trigger.dep_ != "advcl" or trigger.tag_ != "VBG" or trigger.head == trigger:
        return []
    return _in_clause(dates, trigger.head, sent)


def _past_perfect(trigger: Token) -> bool:
    """'declared on Thursday his support for troops who said they had overthrown the government': an
    act in the past perfect happened before the time its sentence names elsewhere."""
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ == "had" for c in clause_verb(trigger).children)


FUTURE_MODALITIES = ("expected", "intended")


def _before_publication(value: DateValue, published: date | None) -> bool:
    """Whether the date ends before the publication day ("2022", "2023-10" in an article of 2023-11-15)."""
    if published is None:
        return False
    day = published.isoformat()
    return value.value < day[:len(value.value)]


def _describes_another_act(value: DateValue, trigger: Token, sent: Span) -> bool:
    """'Israel struck Iran in retaliation for the attack Tehran launched last weekend': a date inside
    a relative or participle clause that does not hold the trigger dates the act that clause tells."""
    tok = span_root(sent, value.start, value.end)
    while tok is not None and tok.head != tok:
        if tok.dep_ in ("relcl", "acl") and trigger not in tok.subtree:
            return True
        tok = tok.head
    return False


def _own_phrase_date(facets: SentenceFacets, noun: Token) -> DateValue | None:
    """'a summit on Sunday to discuss last week's coup': an act recalled as what another act is about is
    dated by its own phrase only, else nowhere (it is no news of the other act's day)."""
    own = [d for d in facets.dates if (tok := span_root(facets.sent, d.start, d.end)) is not None
           and tok in noun.subtree]
    return own[0] if own else None


def _reported_news(facets: SentenceFacets, trigger: Token, modality: str) -> DateValue | None:
    """An act the text states as done, dated nowhere in its sentence and not told as background
    ("had seized", "has long backed"), is the news of the day: it happened in the week the article
    was published. Its date has no words of its own (no offsets): it is the publication date."""
    if facets.published is None or modality != "asserted" or _told_as_background(trigger):
        return None
    return DateValue(value=facets.published.isoformat(), precision="week", text="")


def _told_as_background(trigger: Token) -> bool:
    """Past perfect ("had killed"), a state ("has long accused"), a relative clause about an earlier act
    ("the group that seized the town") or an act a noun names as what it was ("a response to the crime
    of targeting the consulate")."""
    verb = clause_verb(trigger)
    named = trigger.dep_ == "pcomp" and trigger.head.lower_ == "of" and trigger.head.head.pos_ == "NOUN"
    return _past_perfect(trigger) or any(c.lower_ in BACKGROUND_ADVERBS for c in verb.children if c.dep_ == "advmod") \
        or verb.dep_ == "relcl" or named


def _is_deadline(sent: Span, value: DateValue) -> bool:
    span = sent.doc.char_span(value.start, value.end, alignment_mode="expand") if value.start is not None else None
    if span is None or span.start == 0:
        return False
    before = sent.doc[span.start - 1]
    return before.lower_ in DEADLINE_WORDS or (before.lower_ == "the" and span.start > 1
                                              and sent.doc[span.start - 2].lower_ in DEADLINE_WORDS)
