"""The training helpers of tools/train_decision.py that label the IndiaPoliceEvents candidates."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "train_decision", Path(__file__).resolve().parents[1] / "tools" / "train_decision.py")
train_decision = importlib.util.module_from_spec(spec)
sys.modules["train_decision"] = train_decision  # its dataclasses look their module up
spec.loader.exec_module(train_decision)

NOTHING = {"KILL": False, "ARREST": False, "FAIL": False, "FORCE": False, "ANY_ACTION": False}
ACTED = {**NOTHING, "ANY_ACTION": True}


def test_police_articles_put_sentences_back_in_order_with_their_offsets():
    rows = [{"doc_id": 7, "sent_id": 1, "text": "police arrested two.", "labels": {**ACTED, "ARREST": True}},
            {"doc_id": 7, "sent_id": 0, "text": "riots broke out.", "labels": NOTHING, "date": "2002-03-01"},
            {"doc_id": 3, "sent_id": 0, "text": "calm returned.", "labels": NOTHING}]
    articles = train_decision.police_articles(rows)
    assert [a["id"] for a in articles] == ["ipe-doc-3", "ipe-doc-7"]
    seven = articles[1]
    assert seven["text"] == "riots broke out. police arrested two."
    assert seven["starts"] == [0, 17]
    assert seven["text"][seven["starts"][1]:].startswith("police")
    assert seven["labels"][1]["ARREST"] and seven["date"] == "2002-03-01"


def test_only_police_and_security_doers_are_labelled():
    assert train_decision.police_label("154", ["GOV"], "IND", ACTED) is None
    assert train_decision.police_label("154", [], None, NOTHING) is None
    assert train_decision.police_label("154", ["COP"], "IND", ACTED) == 1
    # the dyad scorer matches parties by country: a police party without one is never right there
    assert train_decision.police_label("154", ["COP"], None, ACTED) is None
    assert train_decision.police_label("154", ["MIL"], None, NOTHING) == 0


def test_an_arrest_or_force_is_right_only_by_its_own_label():
    assert train_decision.police_label("173", ["COP"], "IND", {**ACTED, "ARREST": True}) == 1
    assert train_decision.police_label("173", ["COP"], "IND", ACTED) is None  # the police did something else
    assert train_decision.police_label("190", ["COP"], "IND", {**ACTED, "FORCE": True}) == 1
    assert train_decision.police_label("180", ["SPY"], "IND", {**ACTED, "KILL": True}) == 1
    assert train_decision.police_label("175", ["COP"], "IND", ACTED) is None
    assert train_decision.police_label("173", ["COP"], "IND", NOTHING) == 0
