#!/usr/bin/env python3
"""Dedup precision and recall on a multi-source test set: do reports of one event become one event?

    .venv/bin/python bench/dedup_eval.py [CORPUS.jsonl GOLD.json] [--db URL] [--json]

Ingests CORPUS (default: ``tests/store/data/multisource.jsonl``, 14 articles of our own from four
made-up outlets) into a new SQLite file (or ``--db``, which must be empty) and compares the
store's grouping with GOLD (default: ``tests/store/data/multisource.gold.json``, which maps each
article to the real-world event it reports).

Pairwise, over articles: two articles are *put together* by the store when some stored event has
mentions from both; they *belong together* when GOLD gives them the same event. Precision is the
share of the pairs put together that belong together; recall the share of the pairs that belong
together that were put together; F1 their harmonic mean. Every pair missed and every pair wrongly
put together is listed, with the stored events involved, so a miss can be traced to the coder
(another CAMEO code or dyad) or to the dedup rule.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "store" / "data" / "multisource.jsonl"
GOLD = ROOT / "tests" / "store" / "data" / "multisource.gold.json"

Pair = tuple[str, str]


def load_gold(path: Path) -> dict[str, str]:
    """Article id → event cluster, from the ``clusters`` object of the gold file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    clusters = data["clusters"]
    if not isinstance(clusters, dict) or not all(isinstance(v, str) for v in clusters.values()):
        raise SystemExit(f"{path}: 'clusters' must map each article id to an event name")
    return clusters


def pairs_of(groups: dict[str, set[str]]) -> set[Pair]:
    return {(a, b) for members in groups.values() for a, b in combinations(sorted(members), 2)}


def stored_groups(store: Any) -> tuple[dict[str, set[str]], dict[str, str]]:
    """Stored event id → the doc ids of the articles with a mention of it; and a label of each event."""
    from sqlalchemy import select

    from eventwire.store.schema import Article, EventRow, Mention

    groups: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    with store.session() as session:
        for event_id, doc_id in session.execute(
                select(Mention.event_id, Article.doc_id).join(Article, Mention.article_id == Article.id)):
            groups[event_id].add(doc_id)
        for row in session.execute(select(EventRow.id, EventRow.cameo, EventRow.source_country,
                                          EventRow.target_country, EventRow.day_first)):
            labels[row.id] = f"{row.cameo} {row.source_country}→{row.target_country} {row.day_first}"
    return dict(groups), labels


def score(gold: dict[str, str], groups: dict[str, set[str]], labels: dict[str, str]) -> dict[str, Any]:
    """Pairwise precision, recall and F1 of ``groups`` against ``gold``, over the gold articles."""
    gold_groups: dict[str, set[str]] = defaultdict(set)
    for article, cluster in gold.items():
        gold_groups[cluster].add(article)
    truth = pairs_of(gold_groups)
    system = {(a, b) for a, b in pairs_of(groups) if a in gold and b in gold}
    hits = truth & system
    precision = len(hits) / len(system) if system else 1.0
    recall = len(hits) / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def why(pair: Pair) -> list[str]:
        return sorted(labels.get(e, e) for e, members in groups.items() if set(pair) <= members)

    def events_of(article: str) -> list[str]:
        return sorted(labels.get(e, e) for e, members in groups.items() if article in members)

    return {
        "articles": len(gold), "gold_events": len(gold_groups), "gold_pairs": len(truth),
        "system_pairs": len(system), "true_pairs": len(hits),
        "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
        "false_merges": [{"pair": list(p), "gold": [gold[p[0]], gold[p[1]]], "merged_in": why(p)}
                         for p in sorted(system - truth)],
        "missed": [{"pair": list(p), "gold": gold[p[0]], "events": {a: events_of(a) for a in p}}
                   for p in sorted(truth - system)],
    }


def run(corpus: Path = CORPUS, gold_path: Path = GOLD, coder: Any = None, db: str | None = None) -> dict[str, Any]:
    """Ingest ``corpus`` into a new database and score its events against ``gold_path``."""
    from eventwire.read import iter_documents
    from eventwire.store import Store, ingest

    gold = load_gold(gold_path)
    if coder is None:
        from eventwire.pipeline import Coder

        coder = Coder()
    with tempfile.TemporaryDirectory(prefix="eventwire-dedup-eval-") as tmp, \
            Store(db or Path(tmp) / "eval.db") as store:
        report = ingest(store, iter_documents([str(corpus)]), coder)
        if report.errors or report.skipped:
            raise SystemExit(f"{corpus}: {report.summary()}; the evaluation wants every article stored once")
        groups, labels = stored_groups(store)
    result = score(gold, groups, labels)
    missing = sorted(set(gold) - {a for members in groups.values() for a in members})
    result.update(stored_events=len(groups), mentions=report.mentions, articles_without_events=missing)
    return result


def render(result: dict[str, Any]) -> str:
    lines = [f"{result['articles']} articles, {result['gold_events']} gold events, {result['stored_events']} "
             f"stored events from {result['mentions']} mentions",
             f"pairs: gold {result['gold_pairs']}, put together {result['system_pairs']}, "
             f"right {result['true_pairs']}",
             f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  F1 {result['f1']:.3f}"]
    for merge in result["false_merges"]:
        lines.append(f"  wrongly merged {merge['pair']} ({' / '.join(merge['gold'])}) in {merge['merged_in']}")
    for miss in result["missed"]:
        lines.append(f"  missed {miss['pair']} ({miss['gold']}): {miss['events']}")
    if result["articles_without_events"]:
        lines.append(f"  articles with no event: {', '.join(result['articles_without_events'])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS, help="JSON Lines articles")
    parser.add_argument("gold", nargs="?", type=Path, default=GOLD, help="gold clusters (JSON)")
    parser.add_argument("--db", help="an empty database (SQLAlchemy URL) instead of a new SQLite file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    result = run(args.corpus, args.gold, db=args.db)
    print(json.dumps(result, indent=2) if args.json else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
