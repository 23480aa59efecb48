"""The service under pressure: a queue of POSTs must not starve the readers (coding runs on its own
worker with a bounded queue, overflow is 503 + Retry-After); a database that fails while a batch
is stored (a full disk) gives each article its status, never a bare 500; downloads are streamed
with flat memory, a few at a time (overflow 503 + Retry-After)."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import sqlite3
import threading
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from service_corpus import AUTH, LOCAL, TOKEN
from sqlalchemy import insert

from eventwire.service import ServiceSettings, create_app
from eventwire.store import Store
from eventwire.store.schema import EventRow

ARTICLE = {"text": "North Korea sent 11,000 troops to Russia, according to South Korea's intelligence agency.",
           "date": "2025-06-02", "source": "Wire One"}
OTHER = {"text": "Thousands of farmers protested in Paris against a new fuel tax.", "date": "2025-07-21"}


class SlowCoder:
    """The real coder, held until ``gate`` opens: a long article without the long article, and one
    that lasts exactly as long as the test needs, however loaded the machine."""

    def __init__(self, coder, gate: threading.Event) -> None:
        self.coder, self.gate = coder, gate

    def code_many(self, documents, **options):
        self.gate.wait(timeout=60)
        return self.coder.code_many(documents, **options)


def _run(coroutine):
    """asyncio.run on a thread of its own: the browser tests' Playwright keeps an event loop running on
    the main thread for the whole session, where asyncio.run refuses to start another."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()

def _timed_get(client: TestClient, path: str) -> tuple[int, float]:
    start = time.perf_counter()
    status = client.get(path).status_code
    return status, time.perf_counter() - start


def test_queued_posts_do_not_starve_readers(tmp_path, coder) -> None:
    settings = ServiceSettings(db=str(tmp_path / "busy.db"), token=TOKEN, max_queued=4)
    gate = threading.Event()
    app = create_app(settings, coder=SlowCoder(coder, gate))
    texts = [{**ARTICLE, "text": f"{ARTICLE['text']} Report {n}."} for n in range(45)]
    with TestClient(app, base_url=LOCAL) as client, ThreadPoolExecutor(45) as pool:
        posts = [pool.submit(client.post, "/articles", json=body, headers=AUTH) for body in texts]
        deadline = time.monotonic() + 30
        while sum(p.done() for p in posts) < 40 and time.monotonic() < deadline:
            time.sleep(0.05)  # one codes (held at the gate), four wait, the other forty were refused
        reads = [_timed_get(client, path) for path in ("/health", "/events", "/health", "/events?q=troops")]
        gate.set()
        answers = [p.result() for p in posts]
    assert all(status == 200 for status, _ in reads)
    assert max(seconds for _, seconds in reads) < 0.5, reads
    statuses = sorted(a.status_code for a in answers)
    assert statuses.count(200) == 5 and statuses.count(503) == 40, statuses
    busy = next(a for a in answers if a.status_code == 503)
    assert int(busy.headers["retry-after"]) >= 1 and "busy" in busy.json()["detail"]
    stored = [a.json()["articles"][0]["status"] for a in answers if a.status_code == 200]
    assert stored == ["stored"] * 5


def _disk_full_sqlite(*_args) -> None:
    raise sqlite3.OperationalError("database or disk is full")


def _disk_full_os(*_args) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("full", [_disk_full_sqlite, _disk_full_os], ids=["sqlite-full", "enospc"])
def test_a_full_disk_gives_each_article_its_status(writer, monkeypatch, caplog, full) -> None:
    store = writer.app.state.store
    monkeypatch.setattr(store.engine.dialect, "do_commit", full)  # every write fails as it commits
    response = writer.post("/articles", json={"articles": [ARTICLE, {"text": "  "}, OTHER]}, headers=AUTH)
    assert response.status_code == 200
    results = response.json()["articles"]
    assert [r["status"] for r in results] == ["error", "error", "error"]
    assert "full" in results[0]["error"] and "not stored" in results[0]["error"]
    assert "empty" in results[1]["error"]
    assert results[0]["events"]  # coded all the same: the client sees what would have been stored
    for r in results:
        assert "INSERT" not in r["error"] and "troops" not in r["error"]
    logged = "\n".join(rec.getMessage() for rec in caplog.records)
    assert "INSERT" not in logged and "North Korea" not in logged
    monkeypatch.undo()
    assert writer.get("/health").json()["counts"]["articles"] == 0
    (again,) = writer.post("/articles", json=ARTICLE, headers=AUTH).json()["articles"]
    assert again["status"] == "stored"


# ---- downloads: streamed, and a few at a time ---------------------------------------------------

MANY = 20_000


@pytest.fixture(scope="module")
def many_events(tmp_path_factory) -> str:
    """A database of MANY events (rows written directly: the listing needs no mentions)."""
    db = str(tmp_path_factory.mktemp("many") / "many.db")
    rows = [{"id": f"e{n:06d}", "cameo": "190", "cameo_name": "Use conventional military force", "root": "19",
             "source_code": "RUSMIL", "source_country": "RUS", "target_code": "UKRCVL", "target_country": "UKR",
             "location_name": "Kharkiv", "location_country": "UKR", "day_first": date(2025, 1, 1) + timedelta(n % 300),
             "n_mentions": 1, "n_sources": 1, "n_articles": 1} for n in range(MANY)]
    with Store(db) as store, store.write() as session:
        session.execute(insert(EventRow), rows)
    return db


async def _get(app, query: str, on_body=None) -> tuple[int, dict[str, str], list[bytes]]:
    """One GET through the ASGI app itself, each piece of the body as it is sent."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": "/events", "raw_path": b"/events", "query_string": query.encode(), "root_path": "",
             "headers": [(b"host", b"127.0.0.1:8000")], "client": ("127.0.0.1", 1), "server": ("testserver", 80)}
    start: dict = {}
    pieces: list[bytes] = []
    asked = False

    async def receive() -> dict:
        nonlocal asked
        if asked:  # the client stays connected until the answer is whole
            await asyncio.Event().wait()
        asked = True
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message.get("body"):
            pieces.append(message["body"] if on_body is None else b"")
            if on_body is not None:
                await on_body(message["body"])

    await app(scope, receive, send)
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, pieces


def _download_peak(app, query: str) -> tuple[int, int, int]:
    """(pieces sent, bytes sent, peak bytes allocated while sending) of one download; the bytes are
    counted and dropped, as a socket would."""
    sizes: list[int] = []

    async def count(body: bytes) -> None:
        sizes.append(len(body))

    tracemalloc.start()
    try:
        status, _, _ = _run(_get(app, query, on_body=count))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert status == 200
    return len(sizes), sum(sizes), peak


def test_a_download_is_streamed_with_flat_memory(many_events) -> None:
    app = create_app(ServiceSettings(db=many_events, read_only=True))
    half = _download_peak(app, "format=jsonl&until=2025-05-30")
    whole = _download_peak(app, "format=jsonl")
    assert whole[0] >= MANY // 1000, "sent in pieces"
    assert whole[1] > 1.8 * half[1]
    # twice the events, not twice the memory (before: the whole file in memory, and its events)
    assert whole[2] < 1.3 * half[2], (half, whole)
    _, headers, pieces = _run(_get(app, "format=csv"))
    assert headers["content-type"].startswith("text/csv")
    lines = b"".join(pieces).decode().splitlines()
    assert len(lines) == MANY + 1 and lines[0].startswith("id,cameo") and lines[1].startswith("e000")
    assert sum(line.startswith("id,") for line in lines) == 1


def test_downloads_over_the_cap_get_503_and_free_their_slot(many_events) -> None:
    app = create_app(ServiceSettings(db=many_events, read_only=True, max_downloads=1))

    async def scenario() -> tuple:
        held, go_on = asyncio.Event(), asyncio.Event()

        async def slow_reader(_body: bytes) -> None:  # a client that reads slowly: the download stays open
            held.set()
            await go_on.wait()

        first = asyncio.create_task(_get(app, "format=jsonl", on_body=slow_reader))
        await held.wait()
        refused = await _get(app, "format=csv")
        page = await _get(app, "limit=1")  # a page of events is no download: served
        go_on.set()
        await first
        after = await _get(app, "format=csv&q=nothing-matches")
        return refused, page, after

    (status, headers, body), page, after = _run(scenario())
    assert status == 503 and int(headers["retry-after"]) >= 1 and b"busy" in b"".join(body)
    assert page[0] == 200
    assert after[0] == 200 and b"".join(after[2]).decode().startswith("id,cameo")


async def _gone_client(app, how: str) -> None:
    """A download whose client goes away: at once (http.disconnect), or as the first piece is sent."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": "/events", "raw_path": b"/events", "query_string": b"format=jsonl", "root_path": "",
             "headers": [(b"host", b"127.0.0.1:8000")], "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 8000)}
    messages = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive() -> dict:
        if messages:
            return messages.pop()
        if how == "at once":
            return {"type": "http.disconnect"}
        await asyncio.Event().wait()
        return {}

    async def send(message: dict) -> None:
        if how == "mid-way" and message.get("body"):
            raise OSError("the client went away")

    with contextlib.suppress(Exception):
        await app(scope, receive, send)


@pytest.mark.parametrize("how", ["at once", "mid-way"])
def test_a_download_whose_client_goes_away_frees_its_slot(many_events, how) -> None:
    app = create_app(ServiceSettings(db=many_events, read_only=True, max_downloads=1))
    for _ in range(3):
        _run(_gone_client(app, how))
    status, _, pieces = _run(_get(app, "format=csv&until=2025-01-02"))
    assert status == 200 and b"".join(pieces).startswith(b"id,cameo")
