#!/usr/bin/env python3
"""Benchmark dedup as the database grows: time per article, round after round, up to ~100k events.

    .venv/bin/python bench/dedup_growth.py [DOCS.jsonl] [--events 100000] [--rounds N] [--time-limit 600]
                                           [--shift 35] [--recode] [--db URL --wipe] [--json]

Round k stores the documents (default: the demo corpus, 13 articles, 162 events) again under new
ids, texts and URLs, with every date ``k * shift`` days later, so the events of a round do not
merge with those of the rounds before (``--shift 0``: every round reports the same events again,
and each event gains mentions instead). Each round is timed on its own and printed as ms per
article, with the events in the database after it, until ``--events`` events are stored,
``--rounds`` rounds are done or ``--time-limit`` seconds have passed.

By default the documents are coded ONCE and each round stores shifted copies of the coded
documents (``store_article``: the dedup lookup, the inserts, the commit), so the rounds measure
the database and not the parser, and 100k events take a minute or two. ``--recode`` runs the
whole ``ingest`` (coding included) each round instead: slower, the same trend plus a constant.
The database is a new SQLite file; with ``--db URL`` that database, whose eventwire tables are
dropped first (``--wipe`` when it already holds articles).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import ingest as ingest_bench

from bench import default_corpus, load_documents, machine
from eventwire.model import CodedDocument


def shifted(coded: CodedDocument, k: int, shift_days: int) -> CodedDocument:
    """Copy ``k`` of a coded document: the document as ``ingest_bench.copies`` makes it, and its
    events with new ids and their resolved days and weeks moved by as much."""
    (document,) = ingest_bench.copies([coded.document], 1, shift_days, start=k)
    delta = timedelta(days=k * shift_days)
    events = []
    for event in coded.events:
        update: dict[str, Any] = {"event_id": f"{event.event_id}.{k}", "doc_id": document.id}
        # a day, or a week (the coder dates news of the day to its publication week): dedup compares both
        if event.date is not None and event.date.precision in ("day", "week"):
            from eventwire.dedup import parse_day

            day = parse_day(event.date.value)
            if day is not None:
                update["date"] = event.date.model_copy(update={"value": (day + delta).isoformat()})
        events.append(event.model_copy(update=update))
    return CodedDocument(document=document, events=events)


def run(args: argparse.Namespace) -> dict[str, Any]:
    from eventwire.pipeline import Coder
    from eventwire.store import Store, ingest
    from eventwire.store.ingest import store_article

    documents = load_documents(args.docs or default_corpus())
    coder = Coder()
    coded = list(coder.code_many(documents))
    tmp = tempfile.TemporaryDirectory(prefix="eventwire-growth-")
    if args.db:
        ingest_bench.wipe(args.db, args.wipe)
    rows: list[dict[str, Any]] = []
    events = mentions = articles = printed = 0
    started = time.perf_counter()
    with Store(args.db or Path(tmp.name) / "growth.db") as store:
        k = 0
        while (events < args.events and k < args.rounds
               and time.perf_counter() - started < args.time_limit):
            if args.recode:
                batch = ingest_bench.copies(documents, 1, args.shift, start=k)
                t0 = time.perf_counter()
                report = ingest(store, batch, coder)
                seconds = time.perf_counter() - t0
                new, added, n = report.new_events, report.mentions, report.articles
            else:
                batch_coded = [shifted(c, k, args.shift) for c in coded]
                t0 = time.perf_counter()
                stored = [store_article(store, c) for c in batch_coded]
                seconds = time.perf_counter() - t0
                new = sum(s.new_events for s in stored if s)
                added = sum(s.mentions for s in stored if s)
                n = sum(1 for s in stored if s)
            assert n == len(documents), f"round {k}: {n} of {len(documents)} articles stored"
            events, mentions, articles = events + new, mentions + added, articles + n
            rows.append({"round": k + 1, "articles": articles, "events": events, "mentions": mentions,
                         "ms_per_article": round(1000 * seconds / n, 2)})
            if not args.json and (k < 3 or (k + 1) % args.every == 0):
                print(_row(rows, printed), flush=True)
                printed = len(rows)
            k += 1
    tmp.cleanup()
    first = statistics.median(r["ms_per_article"] for r in rows[:5])
    last = statistics.median(r["ms_per_article"] for r in rows[-5:])
    return {"mode": "ingest (coding included)" if args.recode else "store_article (coded once)",
            "database": "SQLite" if not args.db else args.db.split("@")[-1], "shift_days": args.shift,
            "rounds": len(rows), "articles": articles, "events": events, "mentions": mentions,
            "seconds": round(time.perf_counter() - started, 1), "first_5_ms": first, "last_5_ms": last,
            "growth": round(last / first, 2) if first else None, "table": rows, "machine": machine()}


HEADER = f"{'round':>6} {'articles':>9} {'events':>8} {'mentions':>9} {'ms/article':>11}  (median since the row above)"


def _row(rows: list[dict[str, Any]], since: int) -> str:
    """The last round, with the median ms per article of the rounds since the row printed before."""
    row = rows[-1]
    ms = statistics.median(r["ms_per_article"] for r in rows[since:])
    return f"{row['round']:>6} {row['articles']:>9,} {row['events']:>8,} {row['mentions']:>9,} {ms:>11.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docs", nargs="?", type=Path, help="JSON Lines documents (default: the demo corpus)")
    parser.add_argument("--events", type=int, default=100_000, help="stop at this many events (default 100000)")
    parser.add_argument("--rounds", type=int, default=10_000, help="stop after this many rounds")
    parser.add_argument("--time-limit", type=float, default=600, help="stop after this many seconds (default 600)")
    parser.add_argument("--shift", type=int, default=35, help="days between rounds (default 35; 0: same events)")
    parser.add_argument("--recode", action="store_true", help="code every round (the whole ingest)")
    parser.add_argument("--every", type=int, default=50, help="print every Nth round (default 50)")
    parser.add_argument("--db", help="a SQLAlchemy URL (postgresql+psycopg://…) instead of a new SQLite file")
    parser.add_argument("--wipe", action="store_true", help="drop eventwire's tables of --db even if it holds rows")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if not args.json:
        print(HEADER, flush=True)
    result = run(args)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    rounds = result["rounds"]
    if rounds > 3 and rounds % args.every:
        print(_row(result["table"], rounds - rounds % args.every))
    print(f"{result['mode']}, {result['database']}, dates {result['shift_days']} days apart per round: "
          f"{result['rounds']} rounds, {result['events']:,} events, {result['mentions']:,} mentions in "
          f"{result['seconds']:.0f} s")
    print(f"ms per article, median of the first 5 rounds {result['first_5_ms']:.2f}, of the last 5 "
          f"{result['last_5_ms']:.2f} (x{result['growth']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
