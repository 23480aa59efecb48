"""The service's real coding path: the Coder in a worker process of its own (no coder injected).
Reads stay fast while it codes a long article, because the server itself does not code; a worker
that is killed fails its own batch, each article with a reason, and the next POST gets a new one;
the per-article time budget holds in the worker; closing the app ends the worker."""

from __future__ import annotations

import json
import os
import signal
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from service_corpus import AUTH, LOCAL, TOKEN

from eventwire.model import CodedDocument, Document
from eventwire.pipeline import DEFAULT_TIME_BUDGET
from eventwire.service import ServiceSettings, create_app
from eventwire.service.coding import CoderSpec, Coding

DEMO = Path(__file__).resolve().parents[2] / "src" / "eventwire" / "data" / "corpus" / "demo.jsonl"
SHORT = {"text": "Thousands of farmers protested in Paris against a new fuel tax.", "date": "2025-07-21"}


def short(label: str) -> dict[str, str]:
    """A short article of its own: the same text twice would be stored once ("known")."""
    return {**SHORT, "text": f"{SHORT['text']} ({label})", "id": label}


def long_text(size: int) -> str:
    """The demo corpus's texts repeated and cut at ``size`` characters (as bench/long.py does)."""
    texts = [json.loads(line)["text"] for line in DEMO.read_text(encoding="utf-8").splitlines() if line.strip()]
    base = "\n\n".join(texts)
    return (base * (size // len(base) + 1))[:size]


def _wait(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A writing service with the real coding path: no coder given, so a worker process codes."""
    db = tmp_path_factory.mktemp("worker") / "worker.db"
    app = create_app(ServiceSettings(db=str(db), token=TOKEN, max_article_chars=100_000))
    with TestClient(app, base_url=LOCAL) as client:
        yield client


def test_the_worker_starts_on_the_first_article(served) -> None:
    coding = served.app.state.coding
    assert served.get("/health").status_code == 200
    assert coding.worker_pid is None, "no worker before an article"
    (result,) = served.post("/articles", json=SHORT, headers=AUTH).json()["articles"]
    assert result["status"] == "stored" and result["events"]
    assert coding.worker_pid not in (None, os.getpid()) and _alive(coding.worker_pid)


def test_reads_stay_fast_while_the_worker_codes_a_long_article(served) -> None:
    served.post("/articles", json=short("warm"), headers=AUTH)  # the worker is up, its model loaded
    body = {"text": long_text(60_000), "date": "2025-01-01", "id": "long-article"}
    cpu, wall = time.process_time(), time.monotonic()
    with ThreadPoolExecutor(1) as pool:
        posted = pool.submit(served.post, "/articles", json=body, headers=AUTH)
        reads: list[float] = []
        while not posted.done():
            start = time.perf_counter()
            assert served.get("/health").status_code == 200
            reads.append(time.perf_counter() - start)
            time.sleep(0.02)
        (result,) = posted.result().json()["articles"]
    cpu, wall = time.process_time() - cpu, time.monotonic() - wall
    assert result["status"] == "stored" and len(result["events"]) > 50
    assert len(reads) >= 10, "the article was coded too fast to sample the reads"
    # generous for a loaded CI machine: the bench (bench/health.py) gives the real figures. Coding on the
    # server's own thread would hold every read for seconds; one read delayed by the shared machine's
    # scheduler (0.51 s was seen once) is not that, so the bound is on nine reads in ten and the worst
    assert sorted(reads)[int(0.9 * (len(reads) - 1))] < 0.5, (statistics.median(reads), max(reads))
    assert max(reads) < 2.0, (statistics.median(reads), max(reads))
    # the coding was not done here: this process (server and test client) used little CPU meanwhile,
    # where coding on a thread of its own took as much CPU as it took time
    assert cpu < 0.5 * wall, (cpu, wall)


def test_a_killed_worker_fails_its_batch_and_the_next_post_gets_a_new_one(served) -> None:
    coding = served.app.state.coding
    served.post("/articles", json=short("before-the-kill"), headers=AUTH)
    first = coding.worker_pid
    batch = {"articles": [{"text": long_text(80_000), "id": f"doomed-{n}"} for n in range(2)]}
    errors_before = served.get("/health").json()["counts"]["errors"]
    with ThreadPoolExecutor(1) as pool:
        posted = pool.submit(served.post, "/articles", json=batch, headers=AUTH)
        _wait(lambda: coding._pending >= 1)
        time.sleep(0.5)  # the batch is in the worker's hands
        os.kill(first, signal.SIGKILL)
        response = posted.result()
    assert response.status_code == 200
    results = response.json()["articles"]
    assert [r["status"] for r in results] == ["error", "error"]
    for r in results:
        assert "coding worker stopped" in r["error"] and "SIGKILL" in r["error"] and "again" in r["error"]
    assert served.get("/health").json()["counts"]["errors"] == errors_before + 2  # one error row each
    again = served.post("/articles", json=short("after-the-kill"), headers=AUTH)
    (result,) = again.json()["articles"]
    assert result["status"] == "stored" and result["events"]
    assert coding.worker_pid != first and _alive(coding.worker_pid)


def test_a_worker_killed_between_batches_is_replaced(served) -> None:
    coding = served.app.state.coding
    served.post("/articles", json=short("before-idle-kill"), headers=AUTH)
    idle = coding.worker_pid
    os.kill(idle, signal.SIGKILL)
    _wait(lambda: not coding._worker.alive())
    (result,) = served.post("/articles", json=short("after-idle-kill"),
                            headers=AUTH).json()["articles"]
    assert result["status"] == "stored"
    assert coding.worker_pid != idle


def test_closing_the_app_ends_the_worker(tmp_path) -> None:
    app = create_app(ServiceSettings(db=str(tmp_path / "close.db"), token=TOKEN))
    with TestClient(app, base_url=LOCAL) as client:
        (result,) = client.post("/articles", json=SHORT, headers=AUTH).json()["articles"]
        assert result["status"] == "stored"
        pid = app.state.coding.worker_pid
        assert _alive(pid)
    assert app.state.coding.worker_pid is None
    assert not _alive(pid)


def _run(coding: Coding, documents: list[Document]) -> list[CodedDocument]:
    import asyncio

    with ThreadPoolExecutor(1) as pool:  # asyncio.run on a thread: the browser tests keep a loop on this one
        return pool.submit(asyncio.run, coding.run(documents, lambda coded: coded)).result()


def test_the_time_budget_holds_in_the_worker() -> None:
    coding = Coding(CoderSpec(time_budget=0.0), max_queued=1)
    try:
        (coded,) = _run(coding, [Document(id="a", text=SHORT["text"])])
    finally:
        coding.close()
    assert not coded.events
    assert "time budget" in coded.problems[0].reason
    assert ServiceSettings(token=TOKEN).time_budget == DEFAULT_TIME_BUDGET  # the service's is the Coder's


class ShortCoder:
    """A coder that answers fewer documents than it was given."""

    def code_many(self, documents):
        return iter([CodedDocument(document=next(iter(documents)))])


def test_a_short_answer_fails_the_batch_instead_of_shifting_it() -> None:
    coding = Coding(CoderSpec(), max_queued=1, coder=ShortCoder())
    coded = _run(coding, [Document(id="a", text="one"), Document(id="b", text="two")])
    coding.close()
    assert [c.document.id for c in coded] == ["a", "b"]
    assert all("answered 1 documents for 2" in c.problems[0].reason for c in coded)


def test_a_closed_coding_starts_again() -> None:
    coding = Coding(CoderSpec(), max_queued=1, coder=ShortCoder())
    coding.close()  # before anything ran: nothing to stop
    (coded,) = _run(coding, [Document(id="a", text="one")])
    coding.close()
    assert coded.document.id == "a" and not coded.problems
