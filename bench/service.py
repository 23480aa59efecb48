#!/usr/bin/env python3
"""Benchmark the service: how long each API endpoint takes on a database of ~100k events.

    .venv/bin/python bench/service.py [--events 100000] [--repeat 20] [--db FILE|URL] [--only WORDS] [--json]

Fills a new SQLite file (or reuses ``--db FILE`` when it already holds events, or fills and reuses
the PostgreSQL database of ``--db postgresql://…``) with shifted
copies of the coded demo corpus, as ``dedup_growth.py`` does, then calls every read endpoint
``--repeat`` times in process (Starlette's TestClient: no network, no server) and prints the
median and the slowest call in ms, with the size of the answer. The database and the Python
work of the endpoint are measured; the network and the browser are not. The first line says how
the database searches (``fts5``, or ``scan`` for one without its full-text index).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from dedup_growth import shifted

from bench import default_corpus, load_documents, machine

CALLS = [
    ("health", "/health", {}),
    ("events, first page", "/events", {}),
    ("events, a late page", "/events", {"offset": 50_000}),
    ("events by actor", "/events", {"actor": "RUS"}),
    ("events by dyad and root", "/events", {"dyad": "RUS,UKR", "root": "19"}),
    # full-text search (docs/store.md): words no event has, words of ~1,600 events, of ~10,000
    ("events, full-text search", "/events", {"q": "air defence"}),
    ("events, full-text search, 1.6k hits", "/events", {"q": "ceasefire"}),
    ("events, full-text search, 10k hits", "/events", {"q": "talks"}),
    ("events, full-text search and outlet", "/events", {"q": "ceasefire", "outlet": "wire"}),
    ("events by attribution", "/events", {"attribution": "ministry"}),
    ("events by modality and outlet", "/events", {"modality": "intended", "outlet": "wire"}),
    ("one event", "/events/{event_id}", {}),
    ("one article", "/articles/{article_id}", {}),
    ("actors", "/actors", {}),
    ("timeseries, weekly by root", "/timeseries", {"interval": "week", "by": "root"}),
    ("timeseries, monthly by PLOVER, one actor", "/timeseries", {"by": "plover", "actor": "RUS"}),
    ("network", "/network", {}),
    ("CSV of one actor's events", "/events", {"actor": "RUS", "format": "csv"}),
]


def fill(path: Path | str, events: int) -> int:
    """Store shifted copies of the coded demo corpus into ``path`` until it holds ``events`` events."""
    from eventwire.pipeline import Coder
    from eventwire.store import Store
    from eventwire.store.ingest import store_article
    from eventwire.store.query import count_events

    coded = list(Coder().code_many(load_documents(default_corpus())))
    with Store(path) as store:
        stored, k = count_events(store), 0
        while stored < events:
            for document in coded:
                result = store_article(store, shifted(document, k, 35))
                stored += result.new_events if result else 0
            k += 1
        return stored


def search_method(db: Path | str) -> str:
    from eventwire.store import Store

    with Store(db, read_only=True) as store:
        return store.search


def time_calls(db: Path | str, repeat: int, only: str = "") -> list[dict[str, Any]]:
    from fastapi.testclient import TestClient

    from eventwire.service import ServiceSettings, create_app

    with TestClient(create_app(ServiceSettings(db=str(db), read_only=True)), base_url="http://127.0.0.1") as client:
        first = client.get("/events", params={"limit": 1}).json()["events"][0]["id"]
        article = client.get(f"/events/{first}").json()["mentions"][0]["article_id"]
        rows = []
        for name, path, params in (c for c in CALLS if only in c[0]):
            url = path.format(event_id=first, article_id=article)
            times, size = [], 0
            for _ in range(repeat):
                t0 = time.perf_counter()
                response = client.get(url, params=params)
                times.append(1000 * (time.perf_counter() - t0))
                assert response.status_code == 200, (url, response.text[:200])
                size = len(response.content)
            rows.append({"call": name, "url": url, "params": params, "median_ms": round(statistics.median(times), 1),
                         "max_ms": round(max(times), 1), "bytes": size})
        return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="events in the database (default 100000)")
    parser.add_argument("--repeat", type=int, default=20, help="calls of each endpoint (default 20)")
    parser.add_argument("--db", help="a SQLite file or a database URL to fill, or reuse (default: a new temporary "
                                     "SQLite file)")
    parser.add_argument("--only", default="", metavar="WORDS", help="only the calls whose name holds these words "
                                                                    "(full-text search, say)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    tmp = tempfile.TemporaryDirectory(prefix="eventwire-service-")
    db = args.db or Path(tmp.name) / "service.db"  # a URL as it is: Path would fold its //
    t0 = time.perf_counter()
    events = fill(db, args.events)
    filled = time.perf_counter() - t0
    rows = time_calls(db, args.repeat, args.only)
    result = {"events": events, "fill_seconds": round(filled, 1), "repeat": args.repeat, "search": search_method(db),
              "calls": rows, "machine": machine()}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{events:,} events (filled in {filled:.0f} s); {args.repeat} calls each, in process; "
              f"search: {result['search']}")
        print(f"{'call':<42} {'median ms':>10} {'max ms':>8} {'bytes':>10}")
        for row in rows:
            print(f"{row['call']:<42} {row['median_ms']:>10} {row['max_ms']:>8} {row['bytes']:>10,}")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
