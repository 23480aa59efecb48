"""Tests for eventwire.evaluate: hand-built gold and system files with known figures, and
agreement with the team's scorer (../shared/eval/score.py) on seeded random cases."""

from __future__ import annotations

import copy
import itertools
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from eventwire.evaluate import (
    EvalError,
    assign,
    format_report,
    load_jsonl,
    score,
    sentence_around,
)

REPO = Path(__file__).resolve().parents[1]
TEAM_SCORER = REPO.parent / "shared" / "eval" / "score.py"


def at(text: str, words: str) -> dict[str, Any]:
    """Evidence record for the first occurrence of ``words`` in ``text``."""
    start = text.index(words)
    return {"start": start, "end": start + len(words), "text": words}


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


# ------------------------------------------------------------------ hand-built cases

TEXT = ("Japan pledged aid to Sudan on Monday. Russia accused Ukraine of shelling the town. "
        "Officials said talks would resume.")

GOLD_DOC = {
    "id": "d1", "text": TEXT, "date": "2025-03-12",
    "events": [
        {"plover": ["AID"], "cameo_root": ["07"], "source": ["JPN"], "target": ["SDN"],
         "evidence": "pledged aid to Sudan", "modality": "intended", "date": {"prefix": "2025-03"},
         "quantities": [{"value": 5000000, "qualifier": "more_than", "unit": "dollars"}]},
        {"plover": ["ACCUSE"], "cameo_root": ["11"], "source": ["RUS"], "target": ["UKR"],
         "evidence": "accused Ukraine of shelling", "attribution": "state media"},
        {"plover": ["CONSULT"], "cameo_root": ["04"], "source": [], "target": [],
         "evidence": "talks would resume", "required": False},
    ],
}

SYSTEM = [
    # right type, dyad and root: pairs with gold event 0 at every level
    {"doc_id": "d1", "cameo": "073", "plover": {"event": "AID", "mode": None},
     "source": {"country": "JPN", "code": "JPNGOV", "text": "Japan"},
     "target": {"country": "SDN", "code": "SDN", "text": "Sudan"},
     "modality": "intended", "date": {"value": "2025-03-10", "precision": "day", "text": "Monday"},
     "quantities": [{"value": 5000000, "qualifier": "about", "text": "about 5 million dollars"}],
     "evidence": at(TEXT, "pledged aid"), "confidence": 0.9},
    # right type and dyad, wrong CAMEO root: pairs with gold event 1 at type and dyad only
    {"doc_id": "d1", "cameo": "120", "plover": {"event": "ACCUSE"},
     "source": {"country": "RUS", "code": "RUS", "text": "Russia"},
     "target": {"code": "UKRMIL", "text": "Ukraine"},
     "attribution": {"text": "Russian state media", "code": "RUSMED"},
     "evidence": at(TEXT, "accused Ukraine"), "confidence": 0.7},
    # absorbed by the optional gold event: neither a hit nor a false positive
    {"doc_id": "d1", "cameo": "040", "plover": {"event": "CONSULT"},
     "evidence": at(TEXT, "talks"), "confidence": 0.4},
    # right type but in the wrong sentence: a false positive
    {"doc_id": "d1", "cameo": "070", "plover": {"event": "AID"},
     "source": {"country": "JPN"}, "target": {"country": "SDN"},
     "evidence": at(TEXT, "shelling the town"), "confidence": 0.3},
]


def test_event_levels_on_a_hand_built_document() -> None:
    result = score([GOLD_DOC], SYSTEM)
    assert result["documents"] == 1
    assert result["type"] == {"precision": 0.6667, "recall": 1.0, "f1": 0.8, "tp": 2, "gold": 2, "system": 3}
    assert result["dyad"] == {"precision": 0.6667, "recall": 1.0, "f1": 0.8, "tp": 2, "gold": 2, "system": 3}
    assert result["cameo"] == {"precision": 0.3333, "recall": 0.5, "f1": 0.4, "tp": 1, "gold": 2, "system": 3}
    assert "no_event_documents" not in result and "quad" not in result


def test_facets_are_checked_on_dyad_pairs() -> None:
    facets = score([GOLD_DOC], SYSTEM)["facets_on_dyad_matches"]
    assert list(facets) == ["attribution", "date", "modality", "quantity"]
    assert facets["attribution"] == {"accuracy": 1.0, "n": 1}  # "state media" within "Russian state media"
    assert facets["date"] == {"accuracy": 1.0, "n": 1}
    assert facets["modality"] == {"accuracy": 1.0, "n": 1}
    assert facets["quantity"] == {"accuracy": 0.0, "n": 1}  # value right, qualifier wrong


def test_duplicates_are_false_positives_and_aliases_match() -> None:
    text = "Britain expelled a Russian diplomat on Friday."
    gold = {"id": "d2", "text": text, "events": [
        {"plover": ["REDUCE"], "cameo_root": ["16"], "source": ["UK"], "target": ["RUS"],
         "evidence": "expelled a Russian diplomat", "location": {"country": "GBR", "text": "London"}}]}
    event = {"doc_id": "d2", "cameo": "161", "plover": "reduce", "source": "UK", "target": ["RUS"],
             "location": {"text": "London, England", "country": "GBR"}, "evidence": at(text, "expelled")}
    result = score([gold], [event, dict(event)])
    assert result["cameo"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "tp": 1, "gold": 1, "system": 2}
    assert result["facets_on_dyad_matches"] == {"location": {"accuracy": 1.0, "n": 1}}


def test_documents_without_events_report_a_clean_rate() -> None:
    gold = [{"id": "e1", "text": "A storm flooded the coast.", "events": []},
            {"id": "e2", "text": "An earthquake hit the valley.", "events": []}]
    system = [{"doc_id": "e2", "cameo": "190", "plover": {"event": "ASSAULT"}}]
    result = score(gold, system)
    assert result["no_event_documents"] == {"clean_rate": 0.5, "n": 2}
    assert result["type"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "gold": 0, "system": 1}
    assert result["facets_on_dyad_matches"] == {}


def test_quad_takes_the_most_confident_event() -> None:
    gold = [{"id": "q1", "text": "...", "quad": 1}, {"id": "q2", "text": "...", "quad": 4},
            {"id": "q3", "text": "...", "quad": 0}, {"id": "q4", "text": "...", "quad": 3}]
    system = [
        {"doc_id": "q1", "cameo": "043", "confidence": 0.9},
        {"doc_id": "q1", "cameo": "190", "confidence": 0.2},
        {"doc_id": "q2", "cameo": "010", "confidence": 0.9},  # root 01 counts as no event
        {"doc_id": "q4", "events": [{"cameo": "190", "quad_class": 3, "confidence": 0.5}]},
    ]
    assert score(gold, system)["quad"] == {"accuracy": 0.75, "macro_f1": 0.5333, "n": 4}


def test_system_event_without_doc_id_is_an_error() -> None:
    with pytest.raises(EvalError, match="doc_id"):
        score([GOLD_DOC], [{"cameo": "010"}])


def test_load_jsonl_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "system.jsonl"
    path.write_text('{"doc_id": "d1"}\n\n{"doc_id": "d1", "cameo": }\n', encoding="utf-8")
    with pytest.raises(EvalError, match=r"system\.jsonl:3: not JSON"):
        load_jsonl(path)
    path.write_text('{"doc_id": "d1"}\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(EvalError, match=r":2: expected a JSON object"):
        load_jsonl(path)
    with pytest.raises(EvalError, match="cannot read"):
        load_jsonl(tmp_path / "missing.jsonl")


def test_format_report_prints_key_json_lines() -> None:
    quad = {"accuracy": 0.5, "macro_f1": 0.2, "n": 2}
    report = format_report({"gold": "g.jsonl", "documents": 2, "quad": quad})
    assert report.splitlines() == ['gold: "g.jsonl"', "documents: 2",
                                   'quad: {"accuracy": 0.5, "macro_f1": 0.2, "n": 2}']


def test_sentence_around_stops_at_sentence_ends_and_newlines() -> None:
    text = "First one. Second one!\nThird one."
    start = text.index("Second")
    assert text[slice(*sentence_around(text, start, start + 6))] == "Second one!\n"
    start = text.index("Third")
    assert text[slice(*sentence_around(text, start, start + 5))] == "Third one."


@pytest.mark.parametrize("seed", range(20))
def test_assign_finds_a_minimum_cost_assignment(seed: int) -> None:
    rng = random.Random(seed)
    n_rows = rng.randint(1, 4)
    n_cols = rng.randint(n_rows, 5)
    cost = [[rng.choice([0.0, 0.25, 0.5, 1e9, rng.random()]) for _ in range(n_cols)] for _ in range(n_rows)]
    found = assign(cost)
    assert sorted(found) == list(range(n_rows)) and len(set(found.values())) == n_rows
    best = min(sum(cost[r][c] for r, c in enumerate(cols))
               for cols in itertools.permutations(range(n_cols), n_rows))
    assert sum(cost[r][c] for r, c in found.items()) == pytest.approx(best)


# ------------------------------------------------- agreement with the team's scorer

SENTENCES = [
    "The minister said the two governments would sign a trade pact in Nairobi.",
    "Police arrested dozens of protesters outside parliament on Friday.",
    "State media reported that more than 300 troops had crossed the river.",
    "Officials warned of sanctions if the talks failed.",
    "An air strike killed about 40 people in the north, according to residents.",
    "The council urged both sides to respect the ceasefire!",
    "Did the army withdraw from the border town?",
    "Donors pledged millions of dollars for the relief effort last month.",
]
PLOVER = ["AID", "AGREE", "ACCUSE", "ASSAULT", "CONSULT", "REQUEST", "threaten", "PROTEST"]
COUNTRIES = ["RUS", "UKR", "GBR", "UK", "JPN", "DEU", "GER", "KEN", "ETH", "USA"]
ROOTS = [f"{r:02d}" for r in range(1, 21)]
MODALITIES = ["asserted", "intended", "expected", "hypothetical", "negated"]
QUALIFIERS = ["exact", "about", "more_than", "less_than", "at_least", "at_most"]


def random_text(rng: random.Random) -> str:
    picked = rng.sample(SENTENCES, rng.randint(1, 5))
    return "".join(s + rng.choice([" ", " ", "\n", "\n\n"]) for s in picked).rstrip()


def random_evidence(rng: random.Random, text: str) -> str | None:
    roll = rng.random()
    if roll < 0.12:
        return None
    if roll < 0.18:
        return rng.choice(["", "words that are not in the text"])
    words = text.split()
    i = rng.randrange(len(words))
    return " ".join(words[i:i + rng.randint(1, 4)])


def random_gold_event(rng: random.Random, text: str) -> dict:
    event: dict[str, Any] = {
        "plover": rng.sample(PLOVER[:6], rng.choice([1, 1, 2, 0])),
        "cameo_root": rng.sample(ROOTS[:10], rng.choice([1, 2, 0])),
        "source": rng.sample(COUNTRIES, rng.choice([0, 1, 1, 2])),
        "target": rng.sample(COUNTRIES, rng.choice([0, 1, 2])),
    }
    evidence = random_evidence(rng, text)
    if evidence is not None:
        event["evidence"] = evidence
    if rng.random() < 0.5:
        event["required"] = rng.choice([True, False, False])
    if rng.random() < 0.4:
        event["attribution"] = rng.choice(["state media", "residents", "officials"])
    if rng.random() < 0.5:
        event["modality"] = rng.choice(MODALITIES)
    if rng.random() < 0.5:
        event["quantities"] = [
            {"value": rng.choice([300, 40, 1000000, 12]), "unit": "people",
             **({"qualifier": rng.choice(QUALIFIERS)} if rng.random() < 0.7 else {})}
            for _ in range(rng.randint(1, 2))]
    if rng.random() < 0.4:
        event["date"] = {"prefix": rng.choice(["2025", "2025-03", "2025-03-14", ""])}
    if rng.random() < 0.4:
        event["location"] = {"country": rng.choice(["KEN", "RUS", "GBR"]),
                             **({"text": rng.choice(["Nairobi", "Kursk"])} if rng.random() < 0.6 else {})}
    return event


def random_actor(rng: random.Random) -> Any:
    code = rng.choice(COUNTRIES)
    return rng.choice([
        None, code, [code], {"country": code, "code": code + "GOV", "text": "x"},
        {"code": code.lower() + "mil", "text": "x"}, {"country": None, "code": None, "text": "x"}, [],
    ])


def random_system_event(rng: random.Random, doc_id: str, text: str) -> dict:
    event: dict[str, Any] = {"doc_id": doc_id}
    plover = rng.choice(PLOVER + ["AID", "ACCUSE"])
    event["plover"] = rng.choice([{"event": plover, "mode": None}, plover, [plover], {"event": None}, None])
    roll = rng.random()
    if roll < 0.8:
        event["cameo"] = rng.choice(ROOTS[:10]) + str(rng.randint(0, 9))
    elif roll < 0.9:
        event["cameo_code"] = rng.choice(ROOTS)
    event["source"], event["target"] = random_actor(rng), random_actor(rng)
    if rng.random() < 0.85:
        start = rng.randrange(len(text))
        event["evidence"] = {"start": start, "end": min(len(text), start + rng.randint(1, 40)), "text": "…"}
    elif rng.random() < 0.5:
        event["evidence"] = {"text": "no offsets"}
    if rng.random() < 0.6:
        event["attribution"] = rng.choice([{"text": "Russian state media", "code": "RUSMED"}, {"text": ""},
                                           "residents of the town", {"text": "media"}, None])
    if rng.random() < 0.7:
        event["modality"] = rng.choice(MODALITIES + [None])
    if rng.random() < 0.6:
        event["quantities"] = [
            rng.choice([{"value": rng.choice([300, 303, 40, 45, 1000000, "12", None]),
                         "qualifier": rng.choice(QUALIFIERS), "text": "…"}, {"text": "no value"}, "junk"])
            for _ in range(rng.randint(0, 2))]
    if rng.random() < 0.6:
        value = rng.choice(["2025-03-14", "2025-03", "2024"])
        event["date"] = rng.choice([{"value": value, "precision": "day"}, value, {"value": None}, None])
    if rng.random() < 0.5:
        places = [{"text": "Nairobi", "country": "KEN"}, {"name": "Kursk", "country": "RUS"},
                  {"text": "London", "code": "GBR"}, "Kursk", None]
        event["location"] = rng.choice(places)
    if rng.random() < 0.8:
        event["confidence"] = rng.choice([0.9, 0.5, 0.5, 0.2, None])
    if rng.random() < 0.2:
        event["quad_class"] = rng.choice([1, 2, 3, 4, 0, None])
    return event


def near_miss(rng: random.Random, gold: dict, doc_id: str, text: str) -> dict:
    """A system event built to match ``gold`` (type, countries, root, evidence), then perturbed."""
    event = random_system_event(rng, doc_id, text)
    if gold["plover"] and rng.random() < 0.9:
        event["plover"] = {"event": rng.choice(gold["plover"]).lower(), "mode": None}
    if gold["cameo_root"] and rng.random() < 0.8:
        event["cameo"] = rng.choice(gold["cameo_root"]) + rng.choice(["", "1", "23"])
    for side in ("source", "target"):
        if gold[side] and rng.random() < 0.85:
            event[side] = {"country": rng.choice(gold[side]), "text": "x"}
    at = text.find(gold["evidence"]) if gold.get("evidence") else -1
    if at >= 0 and rng.random() < 0.9:
        start = max(0, at + rng.choice([0, 0, 3, -2, 15]))
        event["evidence"] = {"start": start, "end": start + rng.randint(1, 20), "text": "…"}
    return event


def random_case(rng: random.Random, case: int) -> tuple[list[dict], list[dict]]:
    """Gold documents (event and quad) and system lines for one random case."""
    gold: list[dict] = []
    system: list[dict] = []
    for n in range(rng.randint(1, 6)):
        doc_id, text = f"c{case}-d{n}", random_text(rng)
        if rng.random() < 0.25:
            gold.append({"id": doc_id, "text": text, "quad": rng.randint(0, 4)})
        else:
            golds = [random_gold_event(rng, text) for _ in range(rng.choice([0, 1, 2, 3, 5]))]
            gold.append({"id": doc_id, "text": text, "date": "2025-03-14", "events": golds})
        events = [random_system_event(rng, doc_id, text) for _ in range(rng.choice([0, 1, 2, 4, 7]))]
        for g in gold[-1].get("events", []):
            events += [near_miss(rng, g, doc_id, text) for _ in range(rng.choice([0, 1, 1, 2]))]
        if events and rng.random() < 0.3:  # exact duplicates make ties the matcher must break
            events += copy.deepcopy(rng.sample(events, rng.randint(1, len(events))))
        if events and rng.random() < 0.2:
            system.append({"doc_id": doc_id, "events": [{k: v for k, v in e.items() if k != "doc_id"}
                                                        for e in events]})
        else:
            system.extend(events)
    if rng.random() < 0.3:
        system.append({"doc_id": "not-in-gold", "cameo": "190", "plover": {"event": "ASSAULT"}})
    rng.shuffle(system)
    return gold, system


def run_team_scorer(gold_path: Path, system_path: Path, *options: str) -> str:
    done = subprocess.run([sys.executable, str(TEAM_SCORER), str(gold_path), str(system_path), *options],
                          capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


def test_random_cases_agree_with_the_team_scorer(tmp_path: Path) -> None:
    if not TEAM_SCORER.is_file():
        pytest.skip(f"the team's scorer is not at {TEAM_SCORER} (../shared/eval/score.py from the repo root)")
    rng = random.Random(20250314)
    kinds = {"required_false": 0, "multi_event_docs": 0, "quad_docs": 0, "facets": 0}
    for case in range(30):
        gold, system = random_case(rng, case)
        gold_path = write_jsonl(tmp_path / f"gold{case}.jsonl", gold)
        system_path = write_jsonl(tmp_path / f"system{case}.jsonl", system)
        expected = json.loads(run_team_scorer(gold_path, system_path, "--json"))
        ours = score(load_jsonl(gold_path), load_jsonl(system_path), gold=str(gold_path))
        assert ours == expected, f"case {case}"
        assert list(ours) == list(expected), f"case {case}: key order"
        if case % 5 == 0:
            assert format_report(ours) + "\n" == run_team_scorer(gold_path, system_path), f"case {case}"
        events = [g for d in gold for g in d.get("events", [])]
        kinds["required_false"] += any(g.get("required") is False for g in events)
        kinds["multi_event_docs"] += any(len(d.get("events", [])) > 1 for d in gold)
        kinds["quad_docs"] += "quad" in ours
        kinds["facets"] += bool(ours.get("facets_on_dyad_matches"))
    assert all(count >= 5 for count in kinds.values()), kinds  # the cases cover what they should
