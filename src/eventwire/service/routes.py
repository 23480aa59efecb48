"""The endpoints: ``read`` (events, one event, one article, actors, timeseries, network, health)
and ``write`` (``POST /articles``, behind the bearer token)."""

from __future__ import annotations

import io
import logging
import secrets
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import asdict
from datetime import date
from functools import partial
from itertools import islice
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import iterate_in_threadpool
from starlette.types import Receive, Scope, Send

from eventwire import __version__
from eventwire.actors.labels import default_labels
from eventwire.model import CodedDocument, Document, Modality, Problem
from eventwire.read.files import empty
from eventwire.service.annotations import all_annotations, annotations, context
from eventwire.service.schemas import (
    ActorList,
    ActorOut,
    ArticleBatch,
    ArticleIn,
    ArticleMention,
    ArticleOut,
    ClaimRangeOut,
    CodedBatch,
    CodedOut,
    Day,
    EventOut,
    EventPage,
    Health,
    ListedEvent,
    MentionOut,
    Network,
    NodeOut,
    Span,
    Timeseries,
)
from eventwire.store import analytics
from eventwire.store.db import Store, failure
from eventwire.store.ingest import content_hash, known_article_id, record_error, store_article
from eventwire.store.query import (
    EventFilter,
    EventSummary,
    MentionView,
    Order,
    count_events,
    counts,
    event_detail,
    first_reports,
    iter_events,
    list_events,
    write_csv,
    write_jsonl,
)

log = logging.getLogger("eventwire.service")
read = APIRouter()
write = APIRouter()

MAX_PAGE = 500
ERRORS: dict[int | str, dict[str, Any]] = {404: {"description": "not found"}}


def _store(request: Request) -> Store:
    return request.app.state.store


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# ---- filters -----------------------------------------------------------------------------------

Code = Annotated[str | None, Query(pattern=r"^\d{2,4}$", description="CAMEO code prefix: 07, 190, 1821")]
ActorCode = Annotated[str | None, Query(pattern=r"^[A-Za-z]{3,}$", max_length=64,
                                        description="a country (PRK) or code prefix (RUSGOV)")]
# no NUL in words (the NoNul middleware answers 422 first; said here so the schema says it too)
NO_NUL = r"^[^\x00]*$"
Words = Annotated[str | None, Query(min_length=1, max_length=200, pattern=NO_NUL)]


def _dyad(dyad: str) -> tuple[str, str]:
    parts = [p.strip() for p in dyad.split(",")]
    return parts[0], parts[1]


def event_filter(
    actor: ActorCode = None,
    dyad: Annotated[str | None, Query(pattern=r"^\s*[A-Za-z]{3,}\s*,\s*[A-Za-z]{3,}\s*$", max_length=129,
                                      description="source,target: PRK,RUS")] = None,
    code: Code = None,
    root: Annotated[str | None, Query(pattern=r"^(0[1-9]|1\d|20)$", description="CAMEO root: 01–20")] = None,
    plover: Annotated[str | None, Query(pattern=r"^[A-Za-z_]{2,32}$", description="PLOVER event type: AID")] = None,
    quad: Annotated[int | None, Query(ge=0, le=4, description="quad class: 0 neutral, 1 verbal cooperation … "
                                                               "4 material conflict")] = None,
    since: Annotated[Day | None, Query(description="events on or after this day, YYYY-MM-DD")] = None,
    until: Annotated[Day | None, Query(description="events on or before this day, YYYY-MM-DD")] = None,
    place: Words = None,
    outlet: Words = None,
    attribution: Annotated[str | None, Query(min_length=1, max_length=200, pattern=NO_NUL,
                                             description="who the text says claimed it (words or code); none")] = None,
    modality: Modality | None = None,
    q: Annotated[str | None, Query(min_length=1, max_length=200, pattern=NO_NUL,
                                   description="words of an evidence sentence or article title")] = None,
) -> EventFilter:
    return EventFilter(actor=actor, dyad=_dyad(dyad) if dyad else None, code=code, root=root, plover=plover,
                       quad=quad, since=since, until=until, place=place, outlet=outlet, attribution=attribution,
                       modality=modality, text=q)


Filters = Annotated[EventFilter, Depends(event_filter)]


# ---- reading ------------------------------------------------------------------------------------


@read.get("/health", response_model=Health, tags=["service"])
def health(request: Request) -> Health:
    """The service is up; its database and what it holds."""
    store = _store(request)
    return Health(version=__version__, database=store.display, read_only=request.app.state.settings.read_only,
                  counts=counts(store))


@read.get("/events", response_model=EventPage, tags=["events"],
          responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}}}})
def events(request: Request, filters: Filters,
           limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
           offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
           sort: Annotated[Order, Query(
               description="oldest first (default), newest first, or most reported first")] = "oldest",
           format: Literal["json", "csv", "jsonl"] = "json") -> Any:
    """Deduplicated events passing every filter given, a page at a time; with ``format=csv`` or
    ``jsonl``, all of them as a file."""
    store = _store(request)
    if format != "json":
        return _download(request, iter_events(store, filters, order=sort), format)
    rows = list_events(store, filters, limit=limit, offset=offset, order=sort)
    return EventPage(total=count_events(store, filters), limit=limit, offset=offset, events=_listed(store, rows))


def _listed(store: Store, rows: list[EventSummary]) -> list[ListedEvent]:
    reports = first_reports(store, [r.id for r in rows])
    return [ListedEvent(**asdict(row), **asdict(reports[row.id])) if row.id in reports else ListedEvent(**asdict(row))
            for row in rows]


DOWNLOAD_RETRY_SECONDS = 10
DOWNLOAD_BATCH = 500  # events per piece sent


def _download(request: Request, events: Iterator[EventSummary], fmt: str) -> Response:
    """Every event of the filter as a file, sent in pieces as the cursor reads them (memory stays
    flat however many there are); at most ``max_downloads`` at once, else 503 with Retry-After."""
    slots: threading.BoundedSemaphore = request.app.state.downloads
    if not slots.acquire(blocking=False):
        events.close()
        raise HTTPException(503, "busy: too many downloads at once; try again later",
                            headers={"Retry-After": str(DOWNLOAD_RETRY_SECONDS)})
    media = "text/csv" if fmt == "csv" else "application/x-ndjson"
    return Download(_pieces(events, fmt), slots.release, media_type=f"{media}; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="events.{fmt}"'})


class Download(StreamingResponse):
    """A streamed download that gives its slot back and closes its cursor however it ends: sent
    whole, failed, or cancelled by a client gone before the first piece (when the body's own
    iterator would never start, and so never clean up)."""

    def __init__(self, pieces: Iterator[str], release: Callable[[], None], **options: Any) -> None:
        super().__init__(_sent(pieces), **options)
        self._pieces, self._release = pieces, release

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._pieces.close()
            self._release()


def _pieces(events: Iterator[EventSummary], fmt: str) -> Iterator[str]:
    """The writers of ``eventwire events`` (write_csv, write_jsonl), DOWNLOAD_BATCH events at a time;
    the CSV header once."""
    write = write_csv if fmt == "csv" else write_jsonl
    out, first = io.StringIO(), True
    try:
        batch = list(islice(events, DOWNLOAD_BATCH))
        while first or batch:  # the first piece even when empty: a CSV of no events is its header
            write(batch, out)
            text = out.getvalue()
            yield text if first or fmt != "csv" else text.split("\n", 1)[1]
            out.seek(0)
            out.truncate()
            first = False
            batch = list(islice(events, DOWNLOAD_BATCH))
    finally:
        events.close()  # the cursor and its session, also when the client went away


async def _sent(pieces: Iterator[str]) -> AsyncIterator[bytes]:
    """The pieces, each read on a worker thread (the database is read there)."""
    async for piece in iterate_in_threadpool(pieces):
        if piece:
            yield piece.encode("utf-8")


@read.get("/events/{event_id}", response_model=EventOut, responses=ERRORS, tags=["events"])
def event(request: Request, event_id: Annotated[str, Path(max_length=64)]) -> EventOut:
    """One event: its mentions (article, evidence with its spans, attribution, modality, confidence)
    and what each source claims of every quantity, with the range."""
    store = _store(request)
    detail = event_detail(store, event_id)
    if detail is None:
        raise HTTPException(404, f"no event {event_id!r}")
    texts = analytics.article_texts(store, {m.article_id for m in detail.mentions})
    mentions = [_mention(m, detail.event.id, texts.get(m.article_id)) for m in detail.mentions]
    claims = [ClaimRangeOut(unit=r.unit, low=r.low, high=r.high, low_by=r.low_by, high_by=r.high_by, text=r.text(),
                            claims=r.claims) for r in detail.claims]
    return EventOut(event=detail.event, mentions=mentions, claims=claims)


def _mention(m: MentionView, event_id: str, text: str | None) -> MentionOut:
    """A mention with its spans in its context, cut from its article's text (or, for an article
    stored without its text, its evidence alone)."""
    start, end = context(m.event) if text else (m.evidence_start, m.evidence_end)
    shown = text[start:end] if text else m.evidence
    return MentionOut(
        id=m.id, article_id=m.article_id, doc_id=m.doc_id, url=m.url, outlet=m.outlet, published=_iso(m.published),
        title=m.title, sentence=m.sentence, cameo=m.cameo,
        evidence=Span(start=m.evidence_start, end=m.evidence_end, text=m.evidence),
        context=Span(start=start, end=end, text=shown), trigger=m.trigger, attribution=m.attribution,
        modality=m.modality, confidence=m.confidence, date=m.date_value,
        annotations=[a for a in annotations(m.event, mention_id=m.id, event_id=event_id, offset=start)
                     if a.end <= end - start],
        event=m.event, coder_version=m.coder_version, coder_fingerprint=m.coder_fingerprint)


@read.get("/articles/{article_id}", response_model=ArticleOut, responses=ERRORS, tags=["articles"])
def article(request: Request, article_id: Annotated[int, Path(ge=1, le=2**62)]) -> ArticleOut:
    """One stored article: its text, its mentions and every span of them in the text."""
    view = analytics.article_view(_store(request), article_id)
    if view is None:
        raise HTTPException(404, f"no article {article_id}")
    mentions = [ArticleMention(
        mention_id=m, event_id=e, cameo=j["cameo"], cameo_name=j.get("cameo_name"),
        source_code=(j.get("source") or {}).get("code"), target_code=(j.get("target") or {}).get("code"),
        modality=j.get("modality", "asserted"), evidence=Span(**j["evidence"])) for m, e, j in view.mentions]
    return ArticleOut(id=view.id, doc_id=view.doc_id, url=view.url, title=view.title, outlet=view.outlet,
                      published=_iso(view.published), text=view.text, mentions=mentions,
                      annotations=all_annotations(view.mentions) if view.text else [])


@read.get("/actors", response_model=ActorList, tags=["aggregates"])
def actors(request: Request, filters: Filters,
           prefix: Annotated[str | None, Query(pattern=r"^[A-Za-z]{1,64}$", description="codes starting so")] = None,
           limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> ActorList:
    """The actors of the events passing the filters, most frequent first, with readable names."""
    labels = default_labels()
    found = analytics.actors(_store(request), filters, prefix=prefix, limit=limit)
    return ActorList(actors=[ActorOut(code=a.code, label=labels.label(a.code), events=a.events,
                                      as_source=a.as_source, as_target=a.as_target) for a in found])


@read.get("/timeseries", response_model=Timeseries, tags=["aggregates"])
def timeseries(request: Request, filters: Filters, interval: analytics.Interval = "month",
               by: analytics.Grouping = "root") -> Timeseries:
    """Events per day, week or month and their mean Goldstein value, one series per CAMEO root,
    quad class or PLOVER type."""
    return Timeseries(interval=interval, by=by, series=analytics.timeseries(_store(request), filters, interval, by))


@read.get("/network", response_model=Network, tags=["aggregates"])
def network(request: Request, filters: Filters, level: Literal["country", "code"] = "country",
            min_weight: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
            limit: Annotated[int, Query(ge=1, le=2000)] = 200) -> Network:
    """Who acts on whom: dyads weighted by their number of events, with their mean Goldstein value."""
    labels = default_labels()
    nodes, edges = analytics.network(_store(request), filters, level=level, min_weight=min_weight, limit=limit)
    return Network(nodes=[NodeOut(id=n.id, label=labels.label(n.id), events=n.events) for n in nodes],
                   edges=edges)


# ---- writing ------------------------------------------------------------------------------------

bearer = HTTPBearer(auto_error=False, description="the service's token (EVENTWIRE_TOKEN or --token)")


def authorised(request: Request,
               credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    if credentials is None:
        raise HTTPException(401, "this endpoint needs 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})
    expected: str = request.app.state.settings.token
    if not secrets.compare_digest(credentials.credentials.encode(), expected.encode()):
        raise HTTPException(403, "wrong token")


@write.post("/articles", response_model=CodedBatch, dependencies=[Depends(authorised)], tags=["articles"],
            responses={400: {"description": "the body is not JSON (not UTF-8)"},
                       401: {"description": "no token"}, 403: {"description": "wrong token"},
                       413: {"description": "body, article or batch too large"}})
async def post_articles(request: Request, body: ArticleIn | ArticleBatch,
                  store: Annotated[bool, Query(description="store the articles (else only code them)")] = True,
                  ) -> CodedBatch:
    """Code one article or a batch and (unless ``store=false``) store them; returns each one's events
    and their spans. One article that cannot be coded is an ``error`` entry; the rest go on."""
    settings = request.app.state.settings
    articles = body.articles if isinstance(body, ArticleBatch) else [body]
    if len(articles) > settings.max_articles:
        raise HTTPException(413, f"{len(articles):,} articles in one request; the limit is {settings.max_articles:,}")
    for n, item in enumerate(articles):
        if len(item.text) > settings.max_article_chars:
            raise HTTPException(413, f"article {n + 1} has {len(item.text):,} characters; "
                                     f"the limit is {settings.max_article_chars:,}")
    documents = [_document(item) for item in articles]
    # coded by the coding worker (a process of its own: the readers keep the server's CPU), stored here
    results = await request.app.state.coding.run([d for d in documents if d.text.strip()],
                                                 partial(_store_batch, _store(request), documents, store))
    log.info("coded %d article(s): %d event(s)", len(results), sum(len(r.events) for r in results))
    return CodedBatch(articles=results)


def _store_batch(db: Store, documents: list[Document], keep: bool, coded: list[CodedDocument]) -> list[CodedOut]:
    """Each article of the batch stored in its own transaction, in order; ``coded`` has one
    CodedDocument for each article with text, in order (one without text has nothing to code)."""
    given = iter(coded)
    return [_result(db, next(given) if d.text.strip() else _nothing_to_code(d), keep) for d in documents]


def _document(item: ArticleIn) -> Document:
    """The article as a Document, NUL characters removed from every field: PostgreSQL cannot store
    one, and removed before coding the offsets of the events hold for the stored text (the same on
    every database)."""
    text, title, url, source, given = (_no_nul(v) for v in (item.text, item.title, item.url, item.source, item.id))
    doc_id = given or url or f"sha256:{content_hash(text or '')[:16]}"
    return Document(id=doc_id, text=text or "", date=_iso(item.date), title=title, url=url, source=source)


def _no_nul(value: str | None) -> str | None:
    return value.replace("\x00", "") if value else value


def _nothing_to_code(document: Document) -> CodedDocument:
    return CodedDocument(document=document, problems=[Problem(input=document.id, reason=empty("text"))])


def _result(store: Store, coded: CodedDocument, keep: bool) -> CodedOut:
    document = coded.document
    events = [e.model_dump(mode="json") for e in coded.events]
    base = {"id": document.id, "text": document.text, "events": events,
            "annotations": all_annotations((None, e["event_id"], e) for e in events)}
    if coded.problems:
        reason = "; ".join(p.reason for p in coded.problems)
        if keep:
            for problem in coded.problems:
                _record(store, problem)
        return CodedOut(**base, article_id=None, status="error", error=reason)
    if not keep:
        return CodedOut(**base, article_id=None, status="coded", error=None)
    try:
        stored = store_article(store, coded)
        known = known_article_id(store, document) if stored is None else None
    except Exception as err:  # noqa: BLE001 - one article's failure must not lose the others
        reason = f"not stored: {failure(err)}"
        log.warning("an article of a batch was not stored: %s", failure(err))
        _record(store, Problem(input=document.id, reason=reason))
        return CodedOut(**base, article_id=None, status="error", error=reason)
    if stored is None:
        return CodedOut(**base, article_id=known, status="known", error=None)
    return CodedOut(**base, article_id=stored.article_id, status="stored", error=None)


def _record(store: Store, problem: Problem) -> None:
    """The problem as a row of the errors table, when the database takes it: when it is failing
    (a full disk) the row fails too, and the client's answer must not be lost with it."""
    try:
        record_error(store, problem)
    except Exception as err:  # noqa: BLE001 - the answer says what happened; the log says why not recorded
        log.warning("an error row could not be written: %s", failure(err))
