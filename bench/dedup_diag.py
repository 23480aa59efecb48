#!/usr/bin/env python3
"""Why do reports of one event stay apart? The dedup rule's reasons, pair by pair, on a labelled set.

    .venv/bin/python bench/dedup_diag.py [--shared ../shared] [--cache out/dedup_diag/coded.jsonl]
                                         [--recode] [--pairs] [--json OUT]

Codes the articles of the team's multi-outlet dedup set (``SHARED/gold/dedup/articles.jsonl``) ONCE
(cached in ``--cache``, coded again when the coder's version or data files change, or with
``--recode``), ingests the coded articles into a new SQLite file, labels its mentions and scores
it with the team's scorer (``SHARED/eval/score_dedup.py``, imported: the same figures as its
``--ingest`` run without the rechecks), then diagnoses every pair of articles that report one
truth event, both with a labelled mention, and share no stored event:

* ``linked``: some pair of their mentions scores ``link`` or more, yet the clustering kept their
  groups apart: ``group veto: R`` (a pair across the groups is vetoed, R the reason), ``merge_mean``
  (the pairs across score too little on average) or ``window`` (their days span too long);
* ``veto: R``: every pair of their mentions is vetoed; R is the reason of the closest pair
  (``code``, ``parties``: a distinct named person, ``time``, ``place``, ``modality``);
* ``below link``: no pair is vetoed by all, the best scores less than ``link`` (its parts shown).

Nothing of the gold set is written into the project: the script reads it where it lies.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from collections import Counter, defaultdict
from datetime import date
from itertools import product
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def load_scorer(shared: Path) -> Any:
    spec = importlib.util.spec_from_file_location("score_dedup", shared / "eval" / "score_dedup.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"{shared}/eval/score_dedup.py: not found")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def coded_articles(articles: Path, cache: Path, recode: bool) -> list[Any]:
    """The articles coded by the installed coder, from the cache when it was made by the same coder."""
    from eventwire.model import CodedDocument
    from eventwire.pipeline import Coder
    from eventwire.read import iter_documents

    coder = Coder()
    stamp = coder.stamp.model_dump_json()
    if cache.exists() and not recode:
        lines = cache.read_text(encoding="utf-8").splitlines()
        if lines and lines[0] == json.dumps({"stamp": stamp, "articles": str(articles)}):
            return [CodedDocument.model_validate_json(line) for line in lines[1:]]
    documents = [d for d in iter_documents([str(articles)]) if not hasattr(d, "reason")]
    coded = list(coder.code_many(iter(documents)))
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("\n".join([json.dumps({"stamp": stamp, "articles": str(articles)}),
                                *(c.model_dump_json() for c in coded)]) + "\n", encoding="utf-8")
    return coded


def keys_of(db: Path) -> dict[str, Any]:
    """Every stored mention's MentionKey, as the regrouping builds it."""
    import sqlite3

    from eventwire import dedup

    identity, key_of = dedup.default_identity(), dedup.key_of
    con = sqlite3.connect(db)
    out = {}
    for mid, event_json, published, digest in con.execute(
            "SELECT m.id, m.event_json, a.published, a.content_hash "
            "FROM mentions m JOIN articles a ON a.id = m.article_id"):
        day = date.fromisoformat(str(published)[:10]) if published else None
        out[mid] = key_of(json.loads(event_json), mid, digest, day, identity)
    con.close()
    return out


def describe(key: Any) -> str:
    def party(p: Any) -> str:
        return f"{p.country or '-'}{''.join(sorted(p.sectors))}{'/' + p.person if p.person else ''}"
    when = f"{key.when.kind}:{key.when.lo}" if key.when else "undated"
    return (f"{key.cameo} {party(key.source)}->{party(key.target)} {when} "
            f"{key.place_name or key.place_country or '-'} {key.modality[:4]}")


def diagnose(result: dict[str, Any], store: dict[str, Any], keys: dict[str, Any]) -> list[dict[str, Any]]:
    from eventwire import dedup

    explain, spans_one_event = dedup.explain, dedup.spans_one_event
    identity = dedup.default_identity()
    by_event: dict[str, list[str]] = defaultdict(list)
    for m in store["mentions"]:
        by_event[m["event_id"]].append(m["id"])
    rows = []
    for eid, pe in result["per_event"].items():
        labelled = [m for m in store["mentions"] if m["label"] == eid]
        for pair in pe["missed_coded_pairs"]:
            x, y = pair.split("|")
            ms_x = [m for m in labelled if m["article"] == x]
            ms_y = [m for m in labelled if m["article"] == y]
            best = None
            for a, b in product(ms_x, ms_y):
                e = explain(keys[a["id"]], keys[b["id"]], identity)
                rank = (e["score"] is not None, e["score"] or 0.0, -len(e["veto"]))
                if best is None or rank > best[0]:
                    best = (rank, a, b, e)
            _, a, b, e = best
            if e["score"] is not None and e["score"] >= identity.link:
                ga, gb = by_event[a["event_id"]], by_event[b["event_id"]]
                across = [(p, q, explain(keys[p], keys[q], identity)) for p in ga for q in gb]
                vetoed = [(p, q, x) for p, q, x in across if x["score"] is None]
                if vetoed:
                    reasons = sorted({r for _, _, x in vetoed for r in x["veto"]})
                    why = "linked; group veto: " + "+".join(reasons)
                elif sum(x["score"] for _, _, x in across) / len(across) < identity.merge_mean:
                    why = "linked; merge_mean"
                elif not spans_one_event([keys[k] for k in ga + gb], identity.window):
                    why = "linked; window"
                else:
                    why = "linked; not re-examined (one-step component)"
            elif e["score"] is None:
                why = "veto: " + "+".join(e["veto"])
            else:
                why = f"below link ({e['score']:.2f})"
            parts = {k: (round(v, 2) if v is not None else None) for k, v in e["parts"].items()}
            rows.append({"event": eid, "pair": pair, "why": why, "score": e["score"], "parts": parts,
                         "a": f"{a['article']} '{a['trigger']}' {describe(keys[a['id']])}",
                         "b": f"{b['article']} '{b['trigger']}' {describe(keys[b['id']])}"})
    return rows


def whole_set_check(store: dict[str, Any], keys: dict[str, Any]) -> list[list[str]]:
    """The groups of :func:`eventwire.dedup.cluster` run once on all the stored mentions that the
    store's grouping does not have: what the one-step window left out, or an order dependence."""
    from eventwire import dedup

    identity, cluster = dedup.default_identity(), dedup.cluster
    # all roots at once: the score vetoes two roots, but a forecast (036) joins the act it forecast (040)
    once = {frozenset(k.id for k in group) for group in cluster(keys.values(), identity)}
    stored: dict[str, set[str]] = defaultdict(set)
    for m in store["mentions"]:
        stored[m["event_id"]].add(m["id"])
    where = {m["id"]: f"{m['article']}:'{m['trigger']}'" for m in store["mentions"]}
    return [sorted(where[i] for i in group) for group in once - {frozenset(g) for g in stored.values()}]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--cache", type=Path, default=ROOT / "out" / "dedup_diag" / "coded.jsonl")
    parser.add_argument("--recode", action="store_true", help="code the articles again (ignore the cache)")
    parser.add_argument("--pairs", action="store_true", help="list every missed pair with its reason")
    parser.add_argument("--report", action="store_true", help="print the team scorer's whole report too")
    parser.add_argument("--json", type=Path, help="write the scorer's result and the diagnosis here")
    parser.add_argument("--reverse", action="store_true", help="ingest the articles in reverse order")
    parser.add_argument("--identity", type=Path, help="dedup weights of one's own (default: the shipped file)")
    args = parser.parse_args(argv)
    from eventwire import dedup
    from eventwire.store import Store, ingest

    if args.identity:  # every function of the diagnosis asks default_identity()
        custom = dedup.load_identity(args.identity)
        dedup.default_identity = lambda: custom  # type: ignore[assignment]
    scorer = load_scorer(args.shared)
    gold = args.shared / "gold" / "dedup"
    truth = json.loads((gold / "truth.json").read_text(encoding="utf-8"))
    coded = coded_articles(gold / "articles.jsonl", args.cache, args.recode)
    with tempfile.TemporaryDirectory(prefix="eventwire-dedup-diag-") as tmp:
        db = Path(tmp) / "diag.db"
        order = coded[::-1] if args.reverse else coded
        with Store(db) as store:
            ingest(store, [c.document for c in order], lambda docs: (c for c in order),
                   identity=dedup.default_identity())
        stored = scorer.load_store(str(db))
        result = scorer.score(truth, stored)
        keys = keys_of(db)
    rows = diagnose(result, stored, keys)
    apart = whole_set_check(stored, keys)
    if apart:
        print(f"the store's grouping differs from one clustering of all its mentions in {len(apart)} groups:")
        for group in apart:
            print("  ", group)
    if args.report:
        print(scorer.render(result))
    else:
        print("\n".join(scorer.render(result).split("\n")[:9]))
    reasons = Counter(r["why"] if not r["why"].startswith("below") else "below link" for r in rows)
    print(f"\nwhy {len(rows)} coded pairs stay apart (the closest pair of their mentions):")
    for why, n in reasons.most_common():
        print(f"  {n:3d}  {why}")
    if args.pairs:
        for r in sorted(rows, key=lambda r: (r["why"], r["event"])):
            print(f"  [{r['why']}] {r['event']} {r['pair']}\n      {r['a']}\n      {r['b']}\n      parts {r['parts']}")
    if args.json:
        args.json.write_text(json.dumps({"result": result, "diagnosis": rows}, indent=1, default=str) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
