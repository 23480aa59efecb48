#!/usr/bin/env python3
"""Benchmark ingest: what storing in the event database costs on top of coding.

    .venv/bin/python bench/ingest.py [DOCS.jsonl] [--copies N] [--rounds N] [--processes N]
                                     [--db postgresql+psycopg://user:pw@host/db --wipe] [--json]

On the same documents (default: the demo corpus, 8 copies under new ids, texts and dates, so
104 articles whose events do not all merge), each round times

  (a) coding alone:   ``list(Coder().code_many(documents, processes=N))``;
  (b) ingest:         ``ingest(Store(fresh db), documents, coder, processes=N)``, coding included;
  (c) storing alone:  ``ingest(Store(fresh db), documents, code)`` where ``code`` hands back the
                      documents coded in (a): the same lookups, transactions and writes as (b),
                      on the caller's thread, without the coding;

(a) and (b) in turns (odd rounds (a) first, even rounds (b) first), so that a change of load on a
shared machine falls on both. It prints the median of the rounds in ms per article, and the
storage overhead: the median of the rounds' (b) over (a) minus 1, in %, with its lowest and
highest; and the load average before and after. The issue's target is ≤ 10 %. The database is a
new SQLite file in a temporary folder for each round; with ``--db URL`` it is that database
(PostgreSQL, say), whose eventwire tables are DROPPED before each round: the script refuses a
database that holds articles unless ``--wipe`` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench import default_corpus, load_documents, machine
from eventwire.model import Document

WARM_UP_DOCS = 4


def copies(documents: list[Document], n: int, shift_days: int = 35, start: int = 0) -> list[Document]:
    """``n`` copies of ``documents``: copy k under new ids and URLs, a text that differs (a new
    content hash), and dates ``k * shift_days`` later, so the events of two copies do not merge."""
    out = []
    for k in range(start, start + n):
        for doc in documents:
            day = date.fromisoformat(doc.date[:10]) + timedelta(days=k * shift_days) if doc.date else None
            out.append(doc.model_copy(update={
                "id": f"{doc.id}@{k}", "text": f"{doc.text}\n\n(Copy {k}.)" if k else doc.text,
                "url": f"{doc.url}?copy={k}" if doc.url and k else doc.url,
                "date": day.isoformat() if day else None}))
    return out


# ---- databases -------------------------------------------------------------------------------


def wipe(url: str, force: bool) -> None:
    """Drop eventwire's tables (and Alembic's) from the database at ``url``."""
    from sqlalchemy import create_engine, inspect, text

    from eventwire.store.schema import Base

    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            tables = set(inspect(connection).get_table_names())
            if "articles" in tables and not force:
                held = connection.execute(text("SELECT count(*) FROM articles")).scalar_one()
                if held:
                    raise SystemExit(f"{url}: holds {held:,} articles; give --wipe to drop eventwire's tables "
                                     "before each round, or give another database")
            Base.metadata.drop_all(connection)
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    finally:
        engine.dispose()


class FreshDatabase:
    """A new empty database for each round: a SQLite file in a temporary folder, or ``url`` wiped."""

    def __init__(self, url: str | None, force: bool) -> None:
        self.url, self.force = url, force
        self.tmp = tempfile.TemporaryDirectory(prefix="eventwire-bench-")
        self.n = 0

    def __call__(self) -> str:
        self.n += 1
        if self.url is None:
            return str(Path(self.tmp.name) / f"round-{self.n}.db")
        wipe(self.url, self.force or self.n > 1)  # from round 2 on, the rows are ours
        return self.url

    def close(self) -> None:
        self.tmp.cleanup()


# ---- the stages ------------------------------------------------------------------------------


def clock(run: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def one_round(coder: Any, documents: list[Document], processes: int, fresh: FreshDatabase,
              code_first: bool) -> dict[str, Any]:
    from eventwire.store import Store, ingest

    def code() -> list[Any]:
        return list(coder.code_many(documents, processes=processes))

    def store_coded() -> Any:
        with Store(fresh()) as store:
            return clock(lambda: ingest(store, documents, coder, processes))

    if code_first:
        seconds_code, coded = clock(code)
        seconds_ingest, report = store_coded()
    else:
        seconds_ingest, report = store_coded()
        seconds_code, coded = clock(code)
    assert report.articles == len(documents), report.summary()
    by_id = {c.document.id: c for c in coded}
    with Store(fresh()) as store:
        seconds_store, alone = clock(lambda: ingest(store, documents, lambda docs: (by_id[d.id] for d in docs)))
    assert alone.articles == len(documents), alone.summary()
    return {"code": seconds_code, "ingest": seconds_ingest, "store": seconds_store,
            "events": report.new_events, "mentions": report.mentions}


def summarise(rounds: list[dict[str, Any]], articles: int) -> dict[str, Any]:
    median = {stage: statistics.median(r[stage] for r in rounds) for stage in ("code", "ingest", "store")}
    ms = {stage: 1000 * seconds / articles for stage, seconds in median.items()}
    # each round's (b) against its own (a): the two ran back to back, under much the same load
    overheads = [100 * (r["ingest"] / r["code"] - 1) for r in rounds]
    return {
        "articles": articles, "events": rounds[0]["events"], "mentions": rounds[0]["mentions"],
        "rounds": len(rounds), "ms_per_article": {k: round(v, 2) for k, v in ms.items()},
        "ms_per_article_range": {stage: [round(1000 * f(r[stage] for r in rounds) / articles, 2) for f in (min, max)]
                                 for stage in median},
        "articles_per_s": {k: round(articles / v, 1) for k, v in median.items()},
        "overhead_pct": round(statistics.median(overheads), 1),
        "overhead_pct_range": [round(min(overheads), 1), round(max(overheads), 1)],
        "overhead_of_medians_pct": round(100 * (median["ingest"] / median["code"] - 1), 1),
        "store_alone_pct": round(100 * median["store"] / median["code"], 1),
        "every_round_s": [{k: round(r[k], 3) for k in ("code", "ingest", "store")} for r in rounds],
    }


def render(result: dict[str, Any]) -> str:
    ms, per_s = result["ms_per_article"], result["articles_per_s"]
    spread = result["ms_per_article_range"]
    lines = [f"{result['database']}: {result['articles']} articles, {result['events']:,} events, "
             f"{result['mentions']:,} mentions; median of {result['rounds']} rounds, "
             f"{result['processes']} process(es)",
             f"{'stage':<28} {'ms/article':>10} {'lowest–highest':>16} {'articles/s':>11}"]
    for stage, label in (("code", "(a) coding alone"), ("ingest", "(b) ingest (coding + store)"),
                         ("store", "(c) storing alone")):
        low, high = spread[stage]
        lines.append(f"{label:<28} {ms[stage]:>10.2f} {f'{low:.2f}–{high:.2f}':>16} {per_s[stage]:>11.1f}")
    low, high = result["overhead_pct_range"]
    lines.append(f"storage overhead, (b)/(a) - 1: {result['overhead_pct']:+.1f} % (rounds {low:+.1f} to "
                 f"{high:+.1f} %; of the medians {result['overhead_of_medians_pct']:+.1f} %)   target ≤ 10 %")
    lines.append(f"storing alone is {result['store_alone_pct']:.1f} % of coding")
    m = result["machine"]
    lines.append(f"machine: {m['usable_cores'] or m['cores']} usable cores, Python {m.get('python')}, "
                 f"{m.get('platform', '')}; load average {result['load_before']:.2f} before, "
                 f"{result['load_after']:.2f} after")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docs", nargs="?", type=Path, help="JSON Lines documents (default: the demo corpus)")
    parser.add_argument("--copies", type=int, default=8, help="copies of the documents (default 8)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds; the median is printed (default 5)")
    parser.add_argument("--processes", type=int, default=1, help="coding processes (default 1)")
    parser.add_argument("--db", help="a SQLAlchemy URL (postgresql+psycopg://…) instead of SQLite files")
    parser.add_argument("--wipe", action="store_true", help="drop eventwire's tables of --db even if it holds rows")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    from eventwire.pipeline import Coder

    documents = copies(load_documents(args.docs or default_corpus()), args.copies)
    coder = Coder()
    list(coder.code_many(documents[:WARM_UP_DOCS], processes=args.processes))  # warm up
    fresh = FreshDatabase(args.db, args.wipe)
    load_before = os.getloadavg()[0]
    try:
        rounds = []
        for n in range(args.rounds):
            rounds.append(one_round(coder, documents, args.processes, fresh, code_first=n % 2 == 0))
            print(f"round {n + 1}: " + ", ".join(f"{k} {v:.2f} s" for k, v in rounds[-1].items()
                                                 if isinstance(v, float)), file=sys.stderr, flush=True)
    finally:
        fresh.close()
    from sqlalchemy.engine import make_url

    from eventwire.store.db import database_url

    result = summarise(rounds, len(documents))
    database = make_url(database_url(args.db)).render_as_string(hide_password=True) if args.db else "SQLite"
    result.update(database=database, processes=args.processes, machine=machine(),
                  load_before=load_before, load_after=os.getloadavg()[0])
    print(json.dumps(result, indent=2) if args.json else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
