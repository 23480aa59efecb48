#!/usr/bin/env python3
"""Benchmark the service under coding load: how long ``GET /health`` takes while a long article is coded.

    .venv/bin/python bench/health.py [--chars 100000] [--queued 45] [--max-queued 16] [--json]

Starts ``eventwire serve`` on a new SQLite file in a temporary directory, as a process of its own
(uvicorn, as a user runs it), and codes one short article so the coder is loaded before the clock
starts. Then it POSTs one article of ``--chars`` characters (built as ``long.py`` builds its
articles: the demo corpus repeated), waits until the server holds it, POSTs ``--queued`` short
articles at once from as many threads (all from a client process of their own, whose threads would
otherwise slow the sampling down), and calls ``GET /health`` from this process, one call after the
other, until every POST is answered. Prints the median, 95th percentile and slowest ``/health``
in ms (and the same for an idle server, measured first), how many POSTs were refused with 503
(those past ``--max-queued``), and how long the long article took.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx
from downloads import free_port, start_server
from long import article

from bench import machine

TOKEN = "bench-health-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SHORT = "North Korea sent 11,000 troops to Russia, according to South Korea's intelligence agency. Report {n}."
STARTUP_SECONDS = 120


def post(client: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    """One POST /articles: its status, and when it was answered (``time.monotonic``)."""
    response = client.post("/articles", json=body, headers=AUTH)
    return {"status": response.status_code, "done": time.monotonic()}


def health_ms(client: httpx.Client) -> float:
    start = time.perf_counter()
    response = client.get("/health")
    response.raise_for_status()
    return 1000 * (time.perf_counter() - start)


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"calls": len(times), "median_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1),
            "max_ms": round(ordered[-1], 1)}


def send_load(base: str, chars: int, queued: int, answers: Connection) -> None:
    """The clients, in a process of their own (their threads would slow the sampling's down): the long
    POST, then, once the server holds it, ``queued`` short ones at once; every answer sent back."""
    long_body = {"text": article(chars), "date": "2025-01-01", "id": "bench-long"}
    shorts = [{"text": SHORT.format(n=n), "date": "2025-06-02", "id": f"bench-short-{n}"} for n in range(queued)]
    limits = httpx.Limits(max_connections=queued + 1)
    with httpx.Client(base_url=base, timeout=600, limits=limits) as client, ThreadPoolExecutor(queued + 1) as pool:
        start = time.monotonic()
        long_post = pool.submit(post, client, long_body)
        time.sleep(1.0)  # the long article is read and handed to the coder before the queue forms
        short_posts = [pool.submit(post, client, body) for body in shorts]
        answers.send({"start": start, "long": long_post.result(), "short": [p.result() for p in short_posts]})


def load(base: str, chars: int, queued: int) -> dict[str, Any]:
    """The load of :func:`send_load` on the server, with ``/health`` sampled until all are answered."""
    context = multiprocessing.get_context("spawn")
    mine, theirs = context.Pipe(duplex=False)
    clients = context.Process(target=send_load, args=(base, chars, queued, theirs))
    clients.start()
    times: list[float] = []
    with httpx.Client(base_url=base, timeout=60) as client:
        while not mine.poll():  # one call after the other, a few ms apart, until every POST is answered
            times.append(health_ms(client))
            time.sleep(0.02)
    answers = mine.recv()
    clients.join()
    statuses = [a["status"] for a in answers["short"]]
    return {"health_under_load": summary(times), "long_status": answers["long"]["status"],
            "long_seconds": round(answers["long"]["done"] - answers["start"], 2),
            "queued_posts": queued, "refused_503": statuses.count(503), "answered_200": statuses.count(200)}


def run(chars: int, queued: int, max_queued: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="eventwire-health-") as tmp:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(Path(tmp) / "health.db", port, "--max-queued", str(max_queued),
                              env={"EVENTWIRE_TOKEN": TOKEN}, seconds=STARTUP_SECONDS)
        try:
            with httpx.Client(base_url=base, timeout=60) as client:
                idle = summary([health_ms(client) for _ in range(20)])
                start = time.perf_counter()  # the first article loads the coder
                first = client.post("/articles", json={"text": SHORT.format(n="warm-up")}, headers=AUTH, timeout=300)
                warm_up = time.perf_counter() - start
            result = load(base, chars, queued)
        finally:
            server.terminate()
            server.wait(30)
    return {"chars": chars, "max_queued": max_queued, "health_idle": idle, **result,
            "first_post_status": first.status_code, "first_post_seconds": round(warm_up, 2), "machine": machine()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=100_000, help="characters of the long article (default 100000)")
    parser.add_argument("--queued", type=int, default=45, help="short POSTs sent while it is coded (default 45)")
    parser.add_argument("--max-queued", type=int, default=16, help="the server's --max-queued (default 16, its own)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    result = run(args.chars, args.queued, args.max_queued)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    idle, busy = result["health_idle"], result["health_under_load"]
    print(f"GET /health idle: median {idle['median_ms']} ms, p95 {idle['p95_ms']}, max {idle['max_ms']} "
          f"({idle['calls']} calls)")
    print(f"GET /health while a {args.chars:,}-character article is coded and {args.queued} POSTs wait: median "
          f"{busy['median_ms']} ms, p95 {busy['p95_ms']}, max {busy['max_ms']} ({busy['calls']} calls)")
    print(f"long article: {result['long_status']} in {result['long_seconds']} s; short POSTs: "
          f"{result['answered_200']} answered 200, {result['refused_503']} refused 503 (--max-queued "
          f"{args.max_queued}); first POST (loads the coder) {result['first_post_seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
