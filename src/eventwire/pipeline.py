"""Runs the stages in order, in batches: parse → actors → candidates (lexicon on the parse) →
framing (code and parties in their setting) → facets (describe only) → unnamed parties → decision.

One bad document never sinks a batch: its problem is recorded and the rest go on.
DOCS: README.md#python-api
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from spacy.tokens import Doc

from eventwire.actors.dictionary import ActorDictionary
from eventwire.actors.resolver import ActorMatcher, DocActors
from eventwire.datafiles import coder_stamp
from eventwire.errors import EventwireError
from eventwire.events.coder import code_sentence
from eventwire.events.decision import DecisionModel, decide, default_model
from eventwire.events.framing import frame
from eventwire.events.lexicon import Lexicon
from eventwire.events.parties import attackers_named_later, place_countries, seat_countries, unnamed_parties
from eventwire.events.setting import at_home_where_it_acts
from eventwire.facets.describe import SentenceFacets, describe
from eventwire.facets.quantities import carry_figures
from eventwire.facets.scene import set_in_scene
from eventwire.model import CodedDocument, Document, Event, Problem, day_of
from eventwire.nlp import load_nlp, pipe_pairs, read_as_names, sentences

# Seconds one document's coding may take after its parse (a 1M-character article takes about 8):
# past it, the document is reported as a problem and the batch goes on, instead of stalling a service.
DEFAULT_TIME_BUDGET = 120.0
CHUNK = 8  # documents handed to a worker process at a time: small enough to balance two workers
WINDOW = 8  # chunks per worker in flight: bounds memory on endless input


class OverBudget(Exception):
    """A document's coding ran past the Coder's time budget (at ``sentence``, counted from 1)."""

    def __init__(self, sentence: int) -> None:
        super().__init__(f"over the time budget at sentence {sentence}")
        self.sentence = sentence


class Coder:
    """Codes news text into CAMEO + PLOVER events.

    ``actors`` and ``patterns`` are extra data files read after the built-in ones (an entry
    with the same key overrides ours). ``statements=True`` also keeps CAMEO 01 (public
    statement) events, which have no PLOVER type. ``min_confidence`` drops events the decision
    model scores lower (its own default threshold when None; 0 keeps every candidate it does not
    merge); ``explain`` adds each event's decision features; ``decision_model`` is a model file
    of one's own (see docs/decision-model.md). ``time_budget`` is the seconds one document's coding
    may take once parsed (None: no limit); a document over it becomes a Problem, not a stall.

    ``stamp`` says which coder this is (``version``, ``fingerprint``); every CodedDocument carries
    it, and the event database keeps it with each mention (``eventwire recode``, docs/store.md).
    """

    def __init__(self, actors: Sequence[str | Path] = (), patterns: Sequence[str | Path] = (),
                 statements: bool = False, batch_size: int = 32, min_confidence: float | None = None,
                 explain: bool = False, decision_model: str | Path | None = None,
                 time_budget: float | None = DEFAULT_TIME_BUDGET) -> None:
        self.nlp = load_nlp()
        self.dictionary = ActorDictionary.load(actors)
        read_as_names(self.nlp, self.dictionary.acronyms())
        self.matcher = ActorMatcher(self.nlp, self.dictionary)
        self.lexicon = Lexicon.load(patterns)
        self.codebook = self.lexicon.codebook
        self.statements = statements
        self.batch_size = batch_size
        self.decision = default_model() if decision_model is None else DecisionModel.load(decision_model)
        self.min_confidence = min_confidence
        self.explain = explain
        self.time_budget = time_budget
        self.stamp = coder_stamp(actors, patterns, statements, min_confidence, decision_model)

    @property
    def version(self) -> str:
        return self.stamp.version

    @property
    def fingerprint(self) -> str:
        return self.stamp.fingerprint

    def code(self, text: str, date: str | None = None, doc_id: str = "doc") -> CodedDocument:
        """Code one text; ``date`` (YYYY-MM-DD) anchors relative dates like 'last Friday'."""
        if date is not None and day_of(date) is None:
            raise EventwireError(f"date {date!r} is not a date", "give the publication date as YYYY-MM-DD")
        return next(self.code_many([Document(id=doc_id, text=text, date=date)]))

    def code_many(self, documents: Iterable[Document | str], processes: int = 1) -> Iterator[CodedDocument]:
        """Code documents lazily, in input order, parsing them in batches with ``nlp.pipe``.

        With ``processes`` > 1 the work is spread over forked worker processes, a bounded window
        of documents at a time, so a huge input is never held in memory whole.
        """
        docs = (d if isinstance(d, Document) else Document(id=f"doc{i}", text=d) for i, d in enumerate(documents))
        if processes > 1:
            yield from self._code_parallel(docs, processes)
            return
        # A text past the parser's limit would make spaCy refuse its whole batch: it goes through
        # as an empty text and comes out as a problem, in its place.
        pairs = (("", d) if len(d.text) > self.nlp.max_length else (d.text, d) for d in docs)
        for parsed, document in pipe_pairs(self.nlp, pairs, self.batch_size):
            if len(document.text) > self.nlp.max_length:
                reason = (f"text is {len(document.text):,} characters, over the parser's limit of "
                          f"{self.nlp.max_length:,}; split it into smaller documents")
                yield CodedDocument(document=document, problems=[Problem(input=document.id, reason=reason)],
                                    coded_by=self.stamp)
            else:
                yield self._code_parsed(parsed, document)

    def _code_parsed(self, parsed: Doc, document: Document) -> CodedDocument:
        try:
            with collector_paused():
                events = self.events(parsed, document)
            return CodedDocument(document=document, events=events, coded_by=self.stamp)
        except OverBudget as over:
            reason = (f"coding stopped at sentence {over.sentence:,} after {self.time_budget:g} s, this "
                      f"document's time budget; split it into smaller documents")
            return CodedDocument(document=document, problems=[Problem(input=document.id, reason=reason)],
                                 coded_by=self.stamp)
        except Exception as exc:  # noqa: BLE001 - one document's failure must not stop the batch
            reason = f"could not be coded: {type(exc).__name__}: {exc}"
            return CodedDocument(document=document, problems=[Problem(input=document.id, reason=reason)],
                                 coded_by=self.stamp)

    def events(self, parsed: Doc, document: Document) -> list[Event]:
        """The events of a parsed document: its candidates, as the decision stage judges them."""
        candidates, focus = self.candidates(parsed, document)
        kept = decide(candidates, parsed, focus, self.decision, self.min_confidence, self.explain)
        return carry_figures(kept, parsed)  # tolls and victims' counts no kept event took

    def candidates(self, parsed: Doc, document: Document) -> tuple[list[Event], str | None]:
        """Every candidate event of a parsed document, sentence by sentence, described by the facets,
        with the country the article is about (None when it is not clear)."""
        deadline = time.monotonic() + self.time_budget if self.time_budget is not None else None
        doc_date = day_of(document.date)
        actors = DocActors(parsed, self.matcher, doc_date.year if doc_date else None, place_countries(parsed),
                           seat_countries(parsed))
        out: list[Event] = []
        for n, sent in enumerate(sentences(parsed)):
            if deadline is not None and time.monotonic() > deadline:
                raise OverBudget(n + 1)
            drafts = code_sentence(sent, self.lexicon, actors)
            if not drafts:
                continue
            facets = SentenceFacets.find(sent, doc_date)
            for draft in drafts:
                framed = frame(draft, facets, actors)
                event = unnamed_parties(describe(framed, facets, self.codebook, document.id, n), actors)
                event = at_home_where_it_acts(set_in_scene(event, sent, actors.focus), actors)
                if event.source is not None:
                    actors.remember_act(event.source, event.target, event.cameo)
                if event.plover.event or self.statements:
                    out.append(event)
        return attackers_named_later(out, actors), actors.focus

    def _code_parallel(self, docs: Iterator[Document], processes: int) -> Iterator[CodedDocument]:
        global _WORKER
        _WORKER = self  # forked workers inherit the loaded model instead of loading their own
        chunks = _chunks(docs, CHUNK)
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(processes, initializer=_ignore_ctrl_c) as pool:
            while window := list(islice(chunks, processes * WINDOW)):
                for batch in pool.imap(_code_chunk, window):
                    yield from batch


_WORKER: Coder | None = None


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while one parsed document is coded, as it was after.

    Coding a document makes no cyclic garbage, but what it keeps until the document is done (spans,
    caches, events: about 150,000 objects for 1,000,000 characters) grows with its length; past a
    quarter of what the process holds, each full collection walks all of it again. A 100,000-character
    article never got there; a 1,000,000-character one paid 5 full collections, 0.75 s of its 7.7 s.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _ignore_ctrl_c() -> None:
    """Workers leave Ctrl-C to the parent, which stops them: no traceback from each of them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _code_chunk(chunk: list[Document]) -> list[CodedDocument]:
    assert _WORKER is not None
    return list(_WORKER.code_many(chunk))


def _chunks(items: Iterator[Document], size: int) -> Iterator[list[Document]]:
    while chunk := list(islice(items, size)):
        yield chunk
