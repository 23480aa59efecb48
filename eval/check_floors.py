#!/usr/bin/env python3
"""Check the scorer's figures against their floors; any figure below its floor fails the run.

    python3 eval/check_floors.py eval/floors.json SCORE.json...

``floors.json`` maps a gold file name to ``{figure: floor}``, a figure being a dotted path into
the JSON that ``score.py GOLD SYSTEM --json`` prints (``dyad.recall``, ``quad.accuracy``,
``facets_on_dyad_matches.attribution.accuracy``). Each SCORE.json is such an output; its
``gold`` field names the gold set. A missing figure (a facet no matched event annotates, say)
counts as 0. Standard library only: it runs before and without the virtual environment.

Exit status: 0 when every figure is at or above its floor; 1 when one is below, or a gold set
with floors was not scored; 2 when a file cannot be read.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any


def figure(result: dict[str, Any], path: str) -> float | None:
    """The number at dotted ``path`` in ``result``, or None when it is not there."""
    value: Any = result
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        return None
    return float(value)


def fail(message: str) -> SystemExit:
    print(f"check_floors: {message}", file=sys.stderr)
    return SystemExit(2)


def read_json(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError) as err:
        raise fail(f"cannot read {path}: {err}") from None


Floors = dict[str, dict[str, float]]
Scores = dict[str, dict[str, Any]]


def check(floors: Floors, scores: Scores) -> tuple[list[list[str]], int]:
    """The table rows (gold set, figure, value, floor, verdict) and the number of failures."""
    rows, failures = [], 0
    for gold, figures in floors.items():
        result = scores.get(gold)
        for path, floor in figures.items():
            if result is None:
                rows.append([gold, path, "-", f"{floor:.4f}", "NOT SCORED"])
                failures += 1
                continue
            value = figure(result, path)
            shown = "missing (0)" if value is None else f"{value:.4f}"
            ok = (value or 0.0) >= floor
            failures += not ok
            rows.append([gold, path, shown, f"{floor:.4f}", "ok" if ok else "BELOW FLOOR"])
    return rows, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check score.py figures against eval/floors.json.")
    parser.add_argument("floors", help="floors.json: {gold file name: {dotted figure: floor}}")
    parser.add_argument("scores", nargs="*", help="outputs of score.py GOLD SYSTEM --json")
    args = parser.parse_args(argv)
    floors = read_json(args.floors)
    if not isinstance(floors, dict) or not all(isinstance(v, dict) for v in floors.values()):
        raise fail(f"{args.floors}: expected {{gold file: {{figure: floor}}}}")
    scores: dict[str, dict[str, Any]] = {}
    for path in args.scores:
        result = read_json(path)
        if not isinstance(result, dict) or not isinstance(result.get("gold"), str):
            raise fail(f"{path}: not an output of score.py --json (no \"gold\" field)")
        scores[Path(result["gold"]).name] = result
    for gold in sorted(set(scores) - set(floors)):
        print(f"check_floors: no floors for {gold} in {args.floors}", file=sys.stderr)

    rows, failures = check(floors, scores)
    header = ["gold set", "figure", "value", "floor", "ok"]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(row[i].ljust(widths[i]) for i in range(len(header))).rstrip())
    if failures:
        print(f"{failures} of {len(rows)} figures below their floors", file=sys.stderr)
        return 1
    print(f"all {len(rows)} figures at or above their floors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
