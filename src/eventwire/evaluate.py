"""Score coded events against a gold file, with the figures of the team's scorer.

Gold files hold one document per line (see the gold README):

* event documents ``{"id", "text", "events": [...]}``: each gold event lists what it
  *accepts* (PLOVER types, CAMEO roots, source and target countries) and may annotate
  attribution, modality, quantities, date and location;
* quad documents ``{"id", "text", "quad": 0-4}``: the quad class of the main event.

System output is one coded event per line, each with a ``doc_id`` (a line
``{"doc_id", "events": [...]}`` is accepted too), in the JSON form of
:class:`eventwire.model.Event`.

Event scoring pairs system events with gold events one-to-one, document by document, at
three levels:

``type``
    the PLOVER type is accepted and the evidence lies in the gold event's sentence;
``dyad``
    ``type``, and the source and target countries are accepted;
``cameo``
    ``dyad``, and the CAMEO root is accepted.

Among the pairings with the most pairs, the one whose evidence lies closest to the gold
evidence wins. A gold event marked ``"required": false`` absorbs any number of matching
system events without counting toward recall; every other unpaired system event is a
false positive, duplicates included. The facets are checked on the pairs of the ``dyad``
level. Documents whose gold lists no event report the share that got no event at all.

Quad scoring takes the system's most confident event for each document (no event, or a
CAMEO root 01 event, is class 0).

    python -m eventwire.evaluate GOLD.jsonl SYSTEM.jsonl [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel

Json = dict[str, Any]
Span = tuple[int, int]

LEVELS = ("type", "dyad", "cameo")
COUNTRY_ALIASES = {"JAP": "JPN", "UK": "GBR", "GER": "DEU", "ROM": "ROU", "SRB": "SRB"}
ROOT_QUAD = {f"{root:02d}": quad for quad, roots in
             ((1, range(1, 6)), (2, range(6, 9)), (3, range(9, 14)), (4, range(14, 21)))
             for root in roots}
QUAD_CLASSES = range(5)

NO_MATCH = 1e9  # cost of a pair the gold event does not accept
MAX_DISTANCE = 10**6  # evidence distances are capped here and scaled to [0, 1]

_END_BEFORE = re.compile(r"[.!?][”\"’']?\s")
_END_AFTER = re.compile(r"[.!?][”\"’']?(\s|$)|\n")


class EvalError(Exception):
    """A gold or system file that cannot be scored; the message says where and why."""


# --------------------------------------------------------------------------- reading


def load_jsonl(path: str | Path) -> list[Json]:
    """Read a JSON Lines file of objects, skipping blank lines.

    Raises :class:`EvalError` naming the file and line when a line is not JSON or not
    a JSON object, or when the file cannot be read.
    """
    records: list[Json] = []
    try:
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise EvalError(f"{path}:{number}: not JSON: {exc}") from None
                if not isinstance(record, dict):
                    raise EvalError(f"{path}:{number}: expected a JSON object, got {type(record).__name__}")
                records.append(record)
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"{path}: cannot read: {exc}") from None
    return records


def events_by_document(system_events: Iterable[Mapping[str, Any] | BaseModel]) -> dict[str, list[Json]]:
    """Group system events by ``doc_id``; a ``{"doc_id", "events": [...]}`` record adds its list."""
    grouped: dict[str, list[Json]] = defaultdict(list)
    for number, record in enumerate(system_events, 1):
        if isinstance(record, BaseModel):
            record = record.model_dump(mode="json")
        if not isinstance(record, Mapping) or "doc_id" not in record:
            raise EvalError(f"system event {number}: every system event needs a doc_id")
        events = record.get("events")
        grouped[record["doc_id"]].extend(events if isinstance(events, list) else [dict(record)])
    return grouped


def _check_gold(docs: Sequence[Mapping[str, Any]]) -> None:
    """Reject gold documents the scorer cannot read, with every problem at once."""
    problems = []
    for number, doc in enumerate(docs, 1):
        if ("events" in doc or "quad" in doc) and "id" not in doc:
            problems.append(f"gold document {number}: no 'id'")
        if "events" in doc:
            if not isinstance(doc["events"], list):
                problems.append(f"gold document {number}: 'events' is not a list")
                continue
            for k, gold in enumerate(doc["events"], 1):
                if not isinstance(gold, Mapping) or "plover" not in gold:
                    problems.append(f"gold document {number}, event {k}: no 'plover' list")
    if problems:
        raise EvalError("; ".join(problems))


# ----------------------------------------------------------------- reading an event


def actor_country(actor: Any) -> str | None:
    """Three-letter country (or IGO/NGO class) of an actor: a dict, a code, or a list of them."""
    if not actor:
        return None
    if isinstance(actor, list):
        return actor_country(actor[0])
    code = actor if isinstance(actor, str) else actor.get("country") or actor.get("code") or ""
    code = (code or "").strip().upper()[:3]
    return COUNTRY_ALIASES.get(code, code) or None


def plover_type(event: Mapping[str, Any]) -> str | None:
    """Upper-case PLOVER event type of a system event (``{"event": ...}``, a string or a list)."""
    plover = event.get("plover")
    if isinstance(plover, dict):
        plover = plover.get("event")
    if isinstance(plover, list):
        plover = plover[0] if plover else None
    return (plover or "").upper() or None


def cameo_root(event: Mapping[str, Any]) -> str | None:
    """First two digits of the event's CAMEO code, or None."""
    code = str(event.get("cameo") or event.get("cameo_code") or "")
    return code[:2] if len(code) >= 2 else None


def evidence_span(event: Mapping[str, Any]) -> Span | None:
    """``(start, end)`` character offsets of the event's evidence, when it has both."""
    evidence = event.get("evidence") or {}
    if isinstance(evidence, dict):
        start, end = evidence.get("start"), evidence.get("end")
        if isinstance(start, int) and isinstance(end, int):
            return start, end
    return None


# -------------------------------------------------------------- gold event positions


def sentence_around(text: str, start: int, end: int) -> Span:
    """The stretch of ``text`` around ``[start, end)`` bounded by sentence ends or newlines."""
    left = max(text.rfind("\n", 0, start), *(m.end() - 1 for m in _END_BEFORE.finditer(text[:start])), -1)
    after = _END_AFTER.search(text[end:])
    right = end + after.end() if after else len(text)
    return left + 1, right


def gold_sentences(doc: Mapping[str, Any]) -> list[Span | None]:
    """For each gold event, the sentence its evidence lies in (None: it may lie anywhere)."""
    text = doc.get("text", "")
    sentences: list[Span | None] = []
    for gold in doc["events"]:
        evidence = gold.get("evidence")
        at = text.find(evidence) if evidence else -1
        sentences.append(sentence_around(text, at, at + len(evidence)) if at >= 0 else None)
    return sentences


def gold_offsets(doc: Mapping[str, Any]) -> list[int | None]:
    """For each gold event, where its evidence starts (-1 if not found; None without evidence)."""
    text = doc.get("text", "")
    return [text.find(gold["evidence"]) if gold.get("evidence") else None for gold in doc["events"]]


# ------------------------------------------------------------------------- matching


def accepts(gold: Mapping[str, Any], sentence: Span | None, event: Mapping[str, Any], level: str) -> bool:
    """Whether the gold event accepts the system event at ``level`` (type, dyad or cameo)."""
    if sentence is not None:
        span = evidence_span(event)
        if span is None or span[1] <= sentence[0] or span[0] >= sentence[1]:
            return False
    if plover_type(event) not in gold["plover"]:
        return False
    if level in ("dyad", "cameo"):
        for side in ("source", "target"):
            allowed = [COUNTRY_ALIASES.get(c, c) for c in gold.get(side) or []]
            if allowed and actor_country(event.get(side)) not in allowed:
                return False
    return level != "cameo" or cameo_root(event) in gold.get("cameo_root", [])


def assign(cost: Sequence[Sequence[float]]) -> dict[int, int]:
    """Minimum-cost assignment of every row to its own column (rows ≤ columns): ``{row: column}``.

    The Hungarian method by shortest augmenting paths with row and column potentials
    (the O(n²·m) Jonker–Volgenant form). Rows are added one at a time; columns are
    scanned left to right and only a strictly smaller reduced cost replaces a
    candidate, so among equally cheap assignments the result is always the same.
    """
    n_rows, n_cols = len(cost), len(cost[0]) if cost else 0
    if n_rows > n_cols:
        raise ValueError(f"assign needs rows <= columns, got {n_rows} x {n_cols}")
    inf = float("inf")
    # 1-based rows and columns; column 0 is the root of each search.
    row_potential = [0.0] * (n_rows + 1)
    col_potential = [0.0] * (n_cols + 1)
    row_of = [0] * (n_cols + 1)  # row assigned to each column, 0 = free
    came_from = [0] * (n_cols + 1)  # previous column on the shortest path
    for row in range(1, n_rows + 1):
        row_of[0] = row
        col = 0
        slack = [inf] * (n_cols + 1)
        visited = [False] * (n_cols + 1)
        while True:
            visited[col] = True
            current = row_of[col]
            delta, next_col = inf, 0
            for j in range(1, n_cols + 1):
                if visited[j]:
                    continue
                reduced = cost[current - 1][j - 1] - row_potential[current] - col_potential[j]
                if reduced < slack[j]:
                    slack[j], came_from[j] = reduced, col
                if slack[j] < delta:
                    delta, next_col = slack[j], j
            for j in range(n_cols + 1):
                if visited[j]:
                    row_potential[row_of[j]] += delta
                    col_potential[j] -= delta
                else:
                    slack[j] -= delta
            col = next_col
            if row_of[col] == 0:
                break
        while col:  # flip the augmenting path back to the root
            previous = came_from[col]
            row_of[col] = row_of[previous]
            col = previous
    return {row_of[j] - 1: j - 1 for j in range(1, n_cols + 1) if row_of[j]}


class Match(NamedTuple):
    pairs: dict[int, int]  # gold event index -> system event index
    n_gold: int  # required gold events
    n_system: int  # system events not absorbed by an optional gold event


def match_document(
    golds: Sequence[Mapping[str, Any]],
    sentences: Sequence[Span | None],
    offsets: Sequence[int | None],
    systems: Sequence[Mapping[str, Any]],
    level: str,
) -> Match:
    """Pair system events with required gold events one-to-one: as many pairs as possible,
    then the pairs whose evidence starts closest to the gold evidence."""
    required = [j for j, gold in enumerate(golds) if gold.get("required", True)]
    pairs: dict[int, int] = {}

    def cost(j: int, event: Mapping[str, Any]) -> float:
        if not accepts(golds[j], sentences[j], event, level):
            return NO_MATCH
        span, at = evidence_span(event), offsets[j]
        return 0.0 if span is None or at is None else min(abs(span[0] - at), MAX_DISTANCE) / MAX_DISTANCE

    if required and systems:
        if len(required) <= len(systems):  # rows are gold events
            table = [[cost(j, event) for event in systems] for j in required]
            pairs = {required[r]: c for r, c in assign(table).items() if table[r][c] < NO_MATCH}
        else:  # rows are system events
            table = [[cost(j, event) for j in required] for event in systems]
            pairs = {required[c]: r for r, c in assign(table).items() if table[r][c] < NO_MATCH}
    paired = set(pairs.values())
    optional = [j for j, gold in enumerate(golds) if not gold.get("required", True)]
    absorbed = sum(
        1 for i, event in enumerate(systems)
        if i not in paired and any(accepts(golds[j], sentences[j], event, level) for j in optional))
    return Match(pairs, len(required), len(systems) - absorbed)


# --------------------------------------------------------------------------- facets


def _attribution_ok(gold: Mapping[str, Any], event: Mapping[str, Any]) -> bool:
    found = event.get("attribution") or {}
    text = str((found.get("text") if isinstance(found, dict) else found) or "").lower()
    key = gold["attribution"].lower()
    return bool(text) and (key in text or text in key)


def _quantity_ok(quantity: Mapping[str, Any], event: Mapping[str, Any]) -> bool:
    """The event has a value within 1% of the gold one, with its qualifier when gold names one."""
    for found in event.get("quantities") or []:
        if not isinstance(found, dict):
            continue
        try:
            value = float(found.get("value"))
        except (TypeError, ValueError):
            continue
        if abs(value - quantity["value"]) <= 0.01 * quantity["value"] and (
                "qualifier" not in quantity or found.get("qualifier") == quantity["qualifier"]):
            return True
    return False


def _date_ok(gold: Mapping[str, Any], event: Mapping[str, Any]) -> bool:
    found = event.get("date") or {}
    value = found.get("value") if isinstance(found, dict) else found or ""
    return str(value).startswith(gold["date"]["prefix"])


def _location_ok(gold: Mapping[str, Any], event: Mapping[str, Any]) -> bool:
    found = event.get("location") or {}
    if not isinstance(found, dict) or actor_country(found) != gold["location"]["country"]:
        return False
    place = gold["location"].get("text")
    return not place or place.lower() in str(found.get("text") or found.get("name") or "").lower()


def facet_checks(gold: Mapping[str, Any], event: Mapping[str, Any]) -> Iterator[tuple[str, bool]]:
    """``(facet, correct)`` for every facet the gold event annotates (one per gold quantity)."""
    if gold.get("attribution"):
        yield "attribution", _attribution_ok(gold, event)
    if gold.get("modality"):
        yield "modality", (event.get("modality") or "asserted") == gold["modality"]
    for quantity in gold.get("quantities", []):
        yield "quantity", _quantity_ok(quantity, event)
    if gold.get("date") and gold["date"].get("prefix"):
        yield "date", _date_ok(gold, event)
    if gold.get("location") and gold["location"].get("country"):
        yield "location", _location_ok(gold, event)


# -------------------------------------------------------------------------- figures


def prf(tp: int, n_gold: int, n_system: int) -> Json:
    """Precision, recall and F1 (rounded to 4 places) with the counts behind them."""
    precision = tp / n_system if n_system else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": f1,
            "tp": tp, "gold": n_gold, "system": n_system}


def score_events(docs: Sequence[Mapping[str, Any]], by_doc: Mapping[str, list[Json]]) -> Json:
    """Type, dyad and cameo figures, the no-event documents, and facet accuracy on dyad pairs."""
    result: Json = {}
    facets: dict[str, Counter[str]] = defaultdict(Counter)
    prepared = [(doc, gold_sentences(doc), gold_offsets(doc), by_doc.get(doc["id"], [])) for doc in docs]
    for level in LEVELS:
        tp = n_gold = n_system = 0
        for doc, sentences, offsets, systems in prepared:
            found = match_document(doc["events"], sentences, offsets, systems, level)
            tp, n_gold, n_system = tp + len(found.pairs), n_gold + found.n_gold, n_system + found.n_system
            if level == "dyad":
                for j, i in found.pairs.items():
                    for name, ok in facet_checks(doc["events"][j], systems[i]):
                        facets[name]["correct" if ok else "wrong"] += 1
        result[level] = prf(tp, n_gold, n_system)
    empty = [doc for doc in docs if not doc["events"]]
    if empty:  # documents that report no political event: coding nothing there is right
        clean = sum(1 for doc in empty if not by_doc.get(doc["id"]))
        result["no_event_documents"] = {"clean_rate": round(clean / len(empty), 4), "n": len(empty)}
    result["facets_on_dyad_matches"] = {
        name: {"accuracy": round(c["correct"] / c.total(), 4), "n": c.total()}
        for name, c in sorted(facets.items())}
    return result


def _sentence_of(text: str, event: Mapping[str, Any]) -> str:
    span = evidence_span(event)
    if span is None:
        return ""
    start, end = sentence_around(text, *span)
    return " ".join(text[start:end].split())


def _describe_system(event: Mapping[str, Any]) -> str:
    def side(name: str) -> str:
        actor = event.get(name) or {}
        text = actor.get("text") if isinstance(actor, dict) else actor
        return f"{actor_country(actor) or '-'}" + (f" ({text})" if text else "")
    confidence = event.get("confidence")
    conf = f", conf {float(confidence):.2f}" if confidence is not None else ""
    return (f"{plover_type(event) or '-'} {event.get('cameo') or '-'} "
            f"{side('source')} → {side('target')}  [{event.get('pattern') or ''}{conf}]")


def _describe_gold(gold: Mapping[str, Any]) -> str:
    def side(name: str) -> str:
        return "/".join(gold.get(name) or []) or "*"
    return f"{'/'.join(gold['plover'])} {'/'.join(gold.get('cameo_root') or [])} {side('source')} → {side('target')}"


def errors(docs: Sequence[Mapping[str, Any]], by_doc: Mapping[str, list[Json]], level: str = "dyad") -> list[Json]:
    """Every false positive and every missed required gold event at ``level``, with its sentence.

    A false positive that the gold accepts at the type level but not at ``level`` names the gold
    event it nearly matched, so a wrong party is told apart from an event that should not exist.
    """
    found: list[Json] = []
    for doc in docs:
        if "events" not in doc:
            continue
        golds, text = doc["events"], doc.get("text", "")
        systems = by_doc.get(doc["id"], [])
        sentences, offsets = gold_sentences(doc), gold_offsets(doc)
        pairs = match_document(golds, sentences, offsets, systems, level).pairs
        paired = set(pairs.values())
        for i, event in enumerate(systems):
            if i in paired or any(not g.get("required", True) and accepts(g, sentences[j], event, level)
                                  for j, g in enumerate(golds)):
                continue
            near = next((g for j, g in enumerate(golds) if accepts(g, sentences[j], event, "type")), None)
            found.append({"doc_id": doc["id"], "kind": "wrong party" if near else "false positive",
                          "system": _describe_system(event), "gold": _describe_gold(near) if near else None,
                          "sentence": _sentence_of(text, event)})
        for j, gold in enumerate(golds):
            if gold.get("required", True) and j not in pairs:
                found.append({"doc_id": doc["id"], "kind": "miss", "system": None, "gold": _describe_gold(gold),
                              "sentence": " ".join(text[slice(*sentences[j])].split()) if sentences[j] else ""})
    return found


def format_errors(found: Sequence[Mapping[str, Any]]) -> str:
    """One block per error: what kind, the system and gold readings, and the sentence."""
    lines = []
    for err in found:
        lines.append(f"{err['doc_id']}  {err['kind'].upper()}")
        if err["system"]:
            lines.append(f"  system: {err['system']}")
        if err["gold"]:
            lines.append(f"  gold:   {err['gold']}")
        if err["sentence"]:
            lines.append(f"  | {err['sentence']}")
    kinds = Counter(err["kind"] for err in found)
    plural = {"false positive": "false positives", "wrong party": "wrong parties", "miss": "misses"}
    lines.append(", ".join(f"{n} {kind if n == 1 else plural[kind]}" for kind, n in sorted(kinds.items()))
                 or "no errors")
    return "\n".join(lines)


def predicted_quad(events: Sequence[Mapping[str, Any]]) -> int:
    """Quad class of the most confident event: its ``quad_class``, else that of its CAMEO root."""
    if not events:
        return 0
    best = max(events, key=lambda event: float(event.get("confidence") or 0.0))
    root = cameo_root(best)
    if root == "01":
        return 0
    if best.get("quad_class") in (1, 2, 3, 4):
        return best["quad_class"]
    return ROOT_QUAD.get(root, 0)


def score_quad(docs: Sequence[Mapping[str, Any]], by_doc: Mapping[str, list[Json]]) -> Json:
    """Accuracy and macro F1 over the five quad classes (0 = no event)."""
    confusion: Counter[tuple[Any, Any]] = Counter(
        (doc["quad"], predicted_quad(by_doc.get(doc["id"], []))) for doc in docs)
    n = sum(confusion.values())
    correct = sum(count for (gold, got), count in confusion.items() if gold == got)
    f1s = []
    for c in QUAD_CLASSES:
        tp = confusion[(c, c)]
        fp = sum(count for (gold, got), count in confusion.items() if got == c and gold != c)
        fn = sum(count for (gold, got), count in confusion.items() if gold == c and got != c)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return {"quad": {"accuracy": round(correct / n, 4) if n else 0.0,
                     "macro_f1": round(sum(f1s) / len(QUAD_CLASSES), 4), "n": n}}


def score(
    gold_docs: list[dict],
    system_events: list[dict],
    gold: str | None = None,
) -> dict:
    """Score system events against gold documents.

    Returns ``{"documents", "type", "dyad", "cameo", "no_event_documents",
    "facets_on_dyad_matches", "quad"}``, each part present when the gold has documents of
    its kind, with the figures of the team's scorer. ``gold``, when given, is recorded
    first under ``"gold"`` (the scorer records the gold file's path there).
    """
    _check_gold(gold_docs)
    by_doc = events_by_document(system_events)
    result: Json = {} if gold is None else {"gold": gold}
    result["documents"] = len(gold_docs)
    event_docs = [doc for doc in gold_docs if "events" in doc]
    quad_docs = [doc for doc in gold_docs if "quad" in doc]
    if event_docs:
        result.update(score_events(event_docs, by_doc))
    if quad_docs:
        result.update(score_quad(quad_docs, by_doc))
    return result


def format_report(result: Mapping[str, Any]) -> str:
    """One ``key: json`` line per part of the result, as the team's scorer prints it."""
    return "\n".join(f"{key}: {json.dumps(value)}" for key, value in result.items())


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m eventwire.evaluate GOLD SYSTEM [--json]``; exit status 2 on unreadable input."""
    parser = argparse.ArgumentParser(description="Score eventwire output against a gold file.")
    parser.add_argument("gold", help="gold JSON Lines file")
    parser.add_argument("system", help="system JSON Lines file: one coded event per line")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    try:
        result = score(load_jsonl(args.gold), load_jsonl(args.system), gold=args.gold)
    except EvalError as exc:
        print(f"eventwire evaluate: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result) if args.json else format_report(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
