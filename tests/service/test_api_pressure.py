"""The service under pressure: a queue of POSTs must not starve the readers (coding runs on its own
worker with a bounded queue, overflow is 503 + Retry-After), and a database that fails while a
batch is stored (a full disk) gives each article its status, never a bare 500."""

from __future__ import annotations

import errno
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from service_corpus import AUTH, TOKEN

from eventwire.service import ServiceSettings, create_app

ARTICLE = {"text": "North Korea sent 11,000 troops to Russia, according to South Korea's intelligence agency.",
           "date": "2025-06-02", "source": "Wire One"}
OTHER = {"text": "Thousands of farmers protested in Paris against a new fuel tax.", "date": "2025-07-21"}


class SlowCoder:
    """The real coder, made to take ``seconds`` per request: a long article without the long article."""

    def __init__(self, coder, seconds: float) -> None:
        self.coder, self.seconds = coder, seconds

    def code_many(self, documents, **options):
        time.sleep(self.seconds)
        return self.coder.code_many(documents, **options)


def _timed_get(client: TestClient, path: str) -> tuple[int, float]:
    start = time.perf_counter()
    status = client.get(path).status_code
    return status, time.perf_counter() - start


def test_queued_posts_do_not_starve_readers(tmp_path, coder) -> None:
    settings = ServiceSettings(db=str(tmp_path / "busy.db"), token=TOKEN, max_queued=4)
    app = create_app(settings, coder=SlowCoder(coder, 0.5))
    texts = [{**ARTICLE, "text": f"{ARTICLE['text']} Report {n}."} for n in range(45)]
    with TestClient(app) as client, ThreadPoolExecutor(45) as pool:
        posts = [pool.submit(client.post, "/articles", json=body, headers=AUTH) for body in texts]
        time.sleep(0.3)  # every POST has arrived: one codes, four wait, the rest were refused
        reads = [_timed_get(client, path) for path in ("/health", "/events", "/health", "/events?q=troops")]
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
