"""Dates in a sentence, resolved against the article's publication date.

``find_dates`` turns each date expression of a parsed sentence ("Friday", "last summer",
"July 11, 2025", "three days ago", "the 1990s") into a :class:`~eventwire.model.DateValue`
whose ``value`` is an ISO 8601 prefix as precise as the words allow. Durations ("three-day",
"the past two years") are not dates and are left out. Relative expressions need the
publication date; without one only absolute dates are kept. Today's date is never used.

Conventions: a week is named by its Monday ("last week" → "2025-06-30", precision week); a
season by its first month, meteorological and northern (spring 03, summer 06, autumn 09,
winter 12 of the year it starts); a decade by its first year ("1990").
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator

import dateparser
from spacy.matcher import Matcher
from spacy.tokens import Span, Token
from spacy.vocab import Vocab

from eventwire.model import DateValue, Precision
from eventwire.nlp.syntax import sentence_ents

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}  # fmt: skip
PARTS_OF_DAY = ("morning", "afternoon", "evening", "night")
LEADING_WORDS = frozenset({"in", "on", "during", "over", "since", "until", "till", "by", "at", "from", "of"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
FUTURE_HEADS = frozenset({"plan", "schedule", "expect", "intend", "set", "due", "go", "aim", "prepare"})
DATEPARSER_SETTINGS = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
NO_BASE = dt.datetime(2000, 1, 1)  # stands in for a missing article date when the text names the year

MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
MODIFIER = re.compile(
    r"^(?:(?:the )?(?:very )?(?:earlier|early|later|late|middle of|mid|end of|start of|beginning of"
    r"|turn of|first half of|second half of)[- ]?)+"
)
DECADE = re.compile(r"^(?:the )?(\d{3})0s$")
YEAR = re.compile(r"^(?:the )?(?:year )?(\d{4})$")
SEASON = re.compile(
    r"^(?:(last|this|next|past|coming|the) )?(spring|summer|autumn|fall|winter)(?:,? (?:of )?(\d{4}))?$"
)
RELATIVE = re.compile(r"^(last|this|next|past|coming|the) (week|weekend|month|year)$")
AGO = re.compile(r"^(\d+|[a-z]+) (day|week|month|year|decade)s? ago$")
# "this past Sunday", "this past July": the latest one before the article, as "past" alone
WEEKDAY = re.compile(
    rf"^(?:(last|this past|this|next|coming|past) )?({'|'.join(WEEKDAYS)})(?: (?:{'|'.join(PARTS_OF_DAY)}))?$"
)
MONTH_ONLY = re.compile(rf"^(?:(last|this past|past|this|next) )?({MONTH})\.?(?:,? (?:of )?(\d{{4}}))?$")
DAY_DATE = re.compile(  # "July 11", "July 11, 2025", "11 July 2025", "the 4th of June", "2025-07-11"
    rf"(?:\b(?:{MONTH})\.? \d{{1,2}}(?:st|nd|rd|th)?(?!\d)(?:,? \d{{4}})?"
    rf"|(?<!\d)\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{MONTH})\b\.?(?:,? \d{{4}})?"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b)"
)
ANY_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
ANY_MONTH = re.compile(rf"\b({MONTH})\b")
SAME_DAY = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
            "yesterday": -1, "last night": -1, "the day before yesterday": -2, "tomorrow": 1}  # fmt: skip

Resolved = tuple[str, Precision]


def find_dates(sent: Span, doc_date: dt.date | None) -> list[DateValue]:
    """Every date expression in a sentence, resolved against the publication date."""
    dates = []
    for span in _candidates(sent):
        text = _normalise(span.text)
        if text.startswith("this ") and text[5:] in WEEKDAYS and _is_past(span):
            text = text[5:]  # "This Wednesday, Congress approved…": told of a past act, the latest Wednesday
        resolved = resolve_date(text, doc_date, future=_is_future(span))
        if resolved is None:
            continue
        value, precision = resolved
        dates.append(DateValue(value=value, precision=precision, text=span.text,
                               start=span.start_char, end=span.end_char))  # fmt: skip
    return dates


def resolve_date(text: str, doc_date: dt.date | None, future: bool = False) -> Resolved | None:
    """Resolve one normalised date expression; None for durations and what needs a missing date."""
    if _is_duration(text):
        return None
    text = MODIFIER.sub("", text)
    for rule in RULES:
        resolved = rule(text, doc_date, future)
        if resolved is not None:
            return resolved
    return None


# --- candidates ----------------------------------------------------------------------------


def _candidates(sent: Span) -> Iterator[Span]:
    """DATE and TIME entities, plus weekdays and seasons the entity recogniser missed."""
    spans = [e for e in sentence_ents(sent) if e.label_ in ("DATE", "TIME")]
    spans += _matcher(sent.doc.vocab)(sent, as_spans=True)
    spans.sort(key=lambda s: (s.start, -len(s)))
    taken = -1
    for span in spans:
        if span.start >= taken:
            taken = span.end
            trimmed = _trim(span)
            if trimmed is not None:
                yield trimmed


@functools.lru_cache(maxsize=4)
def _matcher(vocab: Vocab) -> Matcher:
    matcher = Matcher(vocab)
    modifiers = ["last", "this", "next", "coming", "past"]
    weekday, season = {"LOWER": {"IN": list(WEEKDAYS)}}, {"LOWER": {"IN": list(SEASONS)}}
    matcher.add("WEEKDAY", [[{"LOWER": {"IN": modifiers}, "OP": "?"}, weekday]])
    matcher.add("SEASON", [
        [{"LOWER": {"IN": [*modifiers, "the"]}}, season],  # not a bare "fall" or "spring": verbs too
        [season, {"LOWER": "of", "OP": "?"}, {"SHAPE": "dddd"}],
    ], greedy="LONGEST")  # fmt: skip
    matcher.add("DAY", [[{"LOWER": {"IN": ["yesterday", "today", "tonight", "tomorrow"]}}]])
    return matcher


def _trim(span: Span) -> Span | None:
    """Drop prepositions and a trailing possessive from a candidate ("on Friday", "Friday's")."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in LEADING_WORDS:
        start += 1
    while end > start and span.doc[end - 1].lower_ in ("'s", "’s", "'", ",", "."):
        end -= 1
    return span.doc[start:end] if end > start else None


def _normalise(text: str) -> str:
    text = text.lower().replace("’", "'")
    return re.sub(r"\s+", " ", text).strip()


def _is_duration(text: str) -> bool:
    """"three-day", "45-year-old", "the past two years", "the last week", "so far" are not dates."""
    if re.search(r"\w-(?:day|week|month|year|hour)\b", text) or "so far" in text:
        return True
    return bool(re.match(r"^(?:over |for |in )?the (?:past|last|next|coming|previous|first|final) ", text))


def _is_future(span: Span) -> bool:
    """True when the verb the date hangs on is in the future tense ("will meet on Friday"), or
    plans or expects ("is set to meet on Friday", "is scheduled for Friday")."""
    verb = _governing_verb(span.root)
    if verb is None:
        return False
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(c.lower_ in FUTURE_AUX for c in auxiliaries):
        return True
    if verb.lemma_.lower() in FUTURE_HEADS:  # "the vote is expected on Tuesday", not "was expected"
        return not any(c.tag_ == "VBD" for c in auxiliaries) and verb.tag_ != "VBD"
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in FUTURE_HEADS


def _is_past(span: Span) -> bool:
    """True when the verb the date hangs on is in the past tense ("approved", "has approved")."""
    verb = _governing_verb(span.root)
    return verb is not None and (verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and (c.lemma_ == "have" or c.tag_ == "VBD") for c in verb.children)))


def _governing_verb(token: Token) -> Token | None:
    for _ in range(4):
        if token.head == token:
            return token if token.pos_ in ("VERB", "AUX") else None
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token
    return None


# --- rules: each takes (text, doc_date, future) and returns (value, precision) or None ------


def _decade(text: str, doc_date: dt.date | None, future: bool) -> Resolved | None:
    match = DECADE.match(text)
    return (f"{match.group(1)}0", "decade") if match else None


def _year(text: str, doc_date: dt.date | None, future: bool) -> Resolved | None:
    match = YEAR.match(text)
    return (match.group(1), "year") if match else None


def _day_date(text: str, doc_date: dt.date | None, future: bool) -> Resolved | None:
    match = DAY_DATE.search(text)
    if match is None:
        return None
    has_year = bool(ANY_YEAR.search(match.group(0)))
    if doc_date is None and not has_year:
        return None
    base = dt.datetime.combine(doc_date, dt.time()) if doc_date else NO_BASE
    parsed = _parse(match.group(0), base)
    return (parsed.isoformat(), "day") if parsed else None


@functools.lru_cache(maxsize=4096)
def _parse(text: str, base: dt.datetime) -> dt.date | None:
    """dateparser on one candidate string, cached by (text, base date): it is slow."""
    settings = {**DATEPARSER_SETTINGS, "RELATIVE_BASE": base}
    parsed = dateparser.parse(text, languages=["en"], settings=settings)  # type: ignore[arg-type]
    return parsed.date() if parsed else None


def _same_day(text: str, doc_date: dt.date | None, future: bool) -> Resolved | None:
    if doc_date is None or text not in SAME_DAY:
        return None
    return (doc_date + dt.timedelta(days=SAME_DAY[text])).isoformat(), "day"


def _ago(text: str, doc_date: dt.date | None, future: bool) -> Resolved | None:
    match = AGO.match(text)
    if doc_date is None or match is None:
        return None
    count = int(match.group(1)) if match.group(1).isdigit() else COUNTS.get(match.group(1))
    if count is None:
        return None
    unit = match.group(2)
    if unit == "day":
        return (doc_date - dt.timedelta(days=count)).isoformat(), "day"
    if unit == "week":
        return _monday(doc_date - dt.timedelta(weeks=count)).isoformat(), "week"
    if unit == "month":
        year, month = _add_months(doc_date.year, doc_date.month, -count)
        return f"{year:04d}-{month:02d}", "month"
    return str(doc_date.year - count * (10 if unit == "decade" else 1)), "year"


def _relative(text: str, doc_date: dt.date | None, future: bool) -> Resolved | None:
    """"last week", "this month", "next year", "the weekend"."""
    match = RELATIVE.match(text)
    if doc_date is None or match is None:
        return None
    step = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(match.group(1), 0)
    unit = match.group(2)
    if unit == "week":
        return (_monday(doc_date) + dt.timedelta(weeks=step)).isoformat(), "week"
    if unit == "weekend":
        return _weekend(doc_date, match.group(1), future).isoformat(), "week"
    if unit == "month":
        year, month = _add_months(doc_date.year, doc_date.month, step)
        return f"{year:04d}-{month:02d}", "month"
    return str(doc_date.year + step), "year"


def _weekend(doc_date: dt.date, modifier: str, future: bool) -> dt.date:
    """The Monday of the week whose weekend is meant."""
    if modifier in ("next", "coming"):
        return _monday(doc_date) + dt.timedelta(weeks=1 if doc_date.weekday() >= 5 else 0)
    if modifier == "this" or future:
        return _monday(doc_date)
    saturday = doc_date - dt.timedelta(days=(doc_date.weekday() - 5) % 7 or 7)
    return _monday(saturday)


def _season(text: str, doc_date: dt.date | None, future: bool) -> Resolved | None:
    match = SEASON.match(text)
    if match is None:
        return None
    modifier, first_month, year = match.group(1), SEASONS[match.group(2)], match.group(3)
    if year:
        return f"{year}-{first_month:02d}", "season"
    if doc_date is None:
        return None
    start = _season_start(first_month, doc_date, modifier, future)
    return f"{start.year:04d}-{start.month:02d}", "season"


def _season_start(first_month: int, doc_date: dt.date, modifier: str | None, future: bool) -> dt.date:
    """First day of the season meant, among the seasons of that name around the article date."""
    starts = [dt.date(doc_date.year + k, first_month, 1) for k in (-2, -1, 0, 1)]
    current = [s for s in starts if s <= doc_date < _add_days_months(s, 3)]
    if modifier in ("next", "coming") or (future and not current and modifier != "last"):
        return next(s for s in starts if s > doc_date)
    if modifier in ("last", "past"):
        return [s for s in starts if _add_days_months(s, 3) <= doc_date][-1]
    if current:
        return current[0]
    if modifier == "this":
        return next((s for s in starts if s.year == doc_date.year), starts[-1])
    return [s for s in starts if s <= doc_date][-1]


def _weekday(text: str, doc_date: dt.date | None, future: bool) -> Resolved | None:
    """"Friday" is the latest Friday up to the article date (a Friday article saying "on Friday"
    means that day, as wire reports do); "last Friday" is strictly before it; "this Friday", "next
    Friday" and a verb in the future tense look ahead ("this" from the article date on, "next" from
    the day after)."""
    match = WEEKDAY.match(text)
    if doc_date is None or match is None:
        return None
    modifier, weekday = match.group(1), WEEKDAYS.index(match.group(2))
    modifier = "past" if modifier == "this past" else modifier
    if modifier == "this":
        day = doc_date + dt.timedelta(days=(weekday - doc_date.weekday()) % 7)
    elif modifier in ("next", "coming") or (future and modifier not in ("last", "past")):
        day = doc_date + dt.timedelta(days=(weekday - doc_date.weekday()) % 7 or 7)
    elif modifier in ("last", "past"):
        day = doc_date - dt.timedelta(days=(doc_date.weekday() - weekday) % 7 or 7)
    else:
        day = doc_date - dt.timedelta(days=(doc_date.weekday() - weekday) % 7)
    return day.isoformat(), "day"


def _month(text: str, doc_date: dt.date | None, future: bool) -> Resolved | None:
    """"March 2024"; "in March" is the last March on or before the article date."""
    match = MONTH_ONLY.match(text)
    if match is None:
        return None
    modifier, month, year = match.group(1), MONTHS[match.group(2)], match.group(3)
    modifier = None if modifier in ("past", "this past") else modifier  # the latest one up to the article
    if year:
        return f"{year}-{month:02d}", "month"
    if doc_date is None:
        return None
    if modifier == "this":
        target = doc_date.year
    elif modifier == "next" or (future and modifier != "last"):
        target = doc_date.year + (month <= doc_date.month if modifier == "next" else month < doc_date.month)
    elif modifier == "last":
        target = doc_date.year - (month >= doc_date.month)
    else:
        target = doc_date.year - (month > doc_date.month)
    return f"{target:04d}-{month:02d}", "month"


def _fallback(text: str, doc_date: dt.date | None, future: bool) -> Resolved | None:
    """Anything else naming a year, with or without a month ("the first week of March 2024")."""
    year = ANY_YEAR.search(text)
    if year is None:
        return None
    month = ANY_MONTH.search(text)
    if month:
        return f"{year.group(1)}-{MONTHS[month.group(1)]:02d}", "month"
    return year.group(1), "year"


# --- calendar arithmetic -------------------------------------------------------------------


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _add_months(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + step
    return index // 12, index % 12 + 1


def _add_days_months(day: dt.date, months: int) -> dt.date:
    year, month = _add_months(day.year, day.month, months)
    return dt.date(year, month, 1)


RULES: tuple[Callable[[str, dt.date | None, bool], Resolved | None], ...] = (
    _decade, _year, _day_date, _same_day, _ago, _relative, _season, _weekday, _month, _fallback,
)  # fmt: skip
