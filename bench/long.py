"""Coding time against article length: is the cost linear?

    python bench/long.py [--sizes 25000,100000,1000000] [--json]

Each size is one article made of the demo corpus's texts repeated and cut at that many characters,
coded once by one Coder in this process (the model loaded beforehand, so start-up is not in the
figures). Prints seconds, characters per second and the ratio of each size's time to the smallest
size's, scaled by length: 1.0 is linear. Peak RSS is read at the end (psutil, the bench extra).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from eventwire.pipeline import Coder

DEMO = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "corpus" / "demo.jsonl"


def article(size: int) -> str:
    texts = [json.loads(line)["text"] for line in DEMO.read_text(encoding="utf-8").splitlines() if line.strip()]
    base = "\n\n".join(texts)
    return (base * (size // len(base) + 1))[:size]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="25000,100000,1000000", help="characters, comma-separated")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    coder = Coder()
    coder.code("Russia attacked Ukraine.", date="2025-01-01")  # load every lazy table first
    rows = []
    for size in sizes:
        text = article(size)
        start = time.perf_counter()
        coded = coder.code(text, date="2025-01-01")
        seconds = time.perf_counter() - start
        rows.append({"characters": size, "seconds": round(seconds, 2), "chars_per_s": round(size / seconds),
                     "events": len(coded.events), "problems": len(coded.problems)})
    first = rows[0]
    for row in rows:
        row["time_per_char_vs_smallest"] = round((row["seconds"] / row["characters"])
                                                 / (first["seconds"] / first["characters"]), 2)
    try:
        import psutil

        peak = round(psutil.Process().memory_info().rss / 2**20)
    except ImportError:  # the bench extra is not installed
        peak = None
    if args.json:
        print(json.dumps({"rows": rows, "rss_mb_at_end": peak}))
        return 0
    print(f"{'characters':>12} {'seconds':>9} {'chars/s':>9} {'events':>7} {'per char vs smallest':>21}")
    for row in rows:
        print(f"{row['characters']:>12,} {row['seconds']:>9} {row['chars_per_s']:>9,} {row['events']:>7} "
              f"{row['time_per_char_vs_smallest']:>21}")
    if peak is not None:
        print(f"RSS at the end: {peak} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
