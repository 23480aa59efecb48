"""Data-integrity tests for the built-in event knowledge: the CAMEO codebook and the
pattern lexicon (formats documented in docs/data-files.md).

These tests only check the files themselves; how the engine uses them is tested with
the engine.
"""

from __future__ import annotations

import itertools
import re
from importlib.resources import files
from pathlib import Path

import pytest
import yaml

DATA = Path(str(files("eventwire").joinpath("data")))
CODEBOOK = DATA / "codebooks" / "cameo.yaml"
PATTERN_DIR = DATA / "patterns"

PLOVER_TYPES = {
    *("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST"),
    *("ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"),
}
REQUIRED_KEYS = {"id", "lemma", "pos", "cameo"}
OPTIONAL_KEYS = {
    *("particle", "prep", "prep_object", "object", "xcomp", "predicate"),
    *("source", "target", "modality", "complement", "confidence", "implied"),
}
ROLES = "self|nsubj|agent|dobj|dative|poss|compound|amod|governor-subject|governor-object"
ROLE = re.compile(rf"^({ROLES}|prep:[a-z]+)$")
WORD = re.compile(r"^[a-z][a-z0-9']*$")  # one spaCy token, lower case
ROOTS = [f"{r:02d}" for r in range(1, 21)]


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def codebook() -> dict:
    return _load(CODEBOOK)


@pytest.fixture(scope="module")
def codes(codebook) -> dict:
    return codebook["codes"]


@pytest.fixture(scope="module")
def pattern_files() -> dict[str, dict]:
    return {p.name: _load(p) for p in sorted(PATTERN_DIR.glob("*.yaml"))}


@pytest.fixture(scope="module")
def patterns(pattern_files) -> list[tuple[str, dict]]:
    return [(name, p) for name, data in pattern_files.items() for p in data["patterns"]]


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _quad(root: str) -> int:
    """The Phoenix quad classes: statements and appeals neutral, reduced relations verbal conflict."""
    r = int(root)
    return 0 if r <= 2 else 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 or r == 16 else 4


# ---------------------------------------------------------------- codebook


def test_codebook_format(codebook):
    assert codebook["format"] == "eventwire.codebook.v1"
    assert isinstance(codebook["codes"], dict)


def test_codebook_has_all_cameo_codes(codes):
    assert len(codes) == 312
    assert all(isinstance(c, str) and re.fullmatch(r"\d{2,4}", c) for c in codes)
    assert sum(len(c) == 2 for c in codes) == 20
    assert sum(len(c) == 3 for c in codes) == 147
    assert sum(len(c) == 4 for c in codes) == 145
    for root in ROOTS:
        assert root in codes
    for code in codes:
        if len(code) > 2:
            assert code[: len(code) - 1] in codes, f"{code} has no parent code"


def test_codebook_entries(codes):
    for code, entry in codes.items():
        assert set(entry) == {"name", "goldstein", "quad", "plover", "mode", "context"}, code
        assert isinstance(entry["name"], str) and entry["name"].strip(), code
        assert isinstance(entry["goldstein"], (int, float)) and -10 <= entry["goldstein"] <= 10, code
        assert entry["quad"] == _quad(code[:2]), code
        assert entry["plover"] is None or entry["plover"] in PLOVER_TYPES, code
        assert entry["mode"] is None or (isinstance(entry["mode"], str) and entry["mode"].strip()), code
        assert isinstance(entry["context"], list), code
        assert all(isinstance(c, str) and c.strip() == c and c for c in entry["context"]), code


def test_codebook_plover_decisions(codes):
    # roots the crosswalk does not list: 01 → no PLOVER event (but a denial of charges, 016, is REJECT),
    # 02 → REQUEST
    assert all(e["plover"] is None for c, e in codes.items() if c.startswith("01") and c != "016")
    assert codes["016"]["plover"] == "REJECT"
    assert all(e["plover"] == "REQUEST" and e["mode"] is None for c, e in codes.items() if c.startswith("02"))
    assert all(e["plover"] is not None for c, e in codes.items() if not c.startswith("01") or c == "016")
    # oddities of the crosswalk, followed as written
    assert codes["080"]["plover"] == "CONCEDE" and codes["084"]["plover"] == "RETREAT"
    assert codes["0871"]["plover"] == "RETREAT"
    assert codes["163"]["plover"] == "COERCE" and codes["161"]["plover"] == "SANCTION"
    assert codes["175"]["plover"] == "ASSAULT"
    assert codes["191"]["plover"] == "COERCE" and codes["192"]["plover"] == "COERCE"
    assert codes["190"]["plover"] == "ASSAULT" and codes["195"]["plover"] == "ASSAULT"


# ---------------------------------------------------------------- pattern files


def test_one_pattern_file_per_root(pattern_files):
    roots = sorted(name[:2] for name in pattern_files)
    assert roots == ROOTS
    for name in pattern_files:
        assert re.fullmatch(r"\d{2}-[a-z-]+\.yaml", name), name


def test_pattern_files_format(pattern_files):
    for name, data in pattern_files.items():
        assert set(data) == {"format", "patterns"}, name
        assert data["format"] == "eventwire.patterns.v1", name
        assert isinstance(data["patterns"], list) and data["patterns"], name


def test_patterns_have_required_keys(patterns):
    for name, p in patterns:
        where = f"{name}: {p.get('id')}"
        assert set(p) >= REQUIRED_KEYS, where
        unknown = set(p) - REQUIRED_KEYS - OPTIONAL_KEYS
        assert not unknown, f"{where}: unknown keys {unknown}"
        assert p["pos"] in ("VERB", "NOUN"), where
        lemmas = _as_list(p["lemma"])
        assert lemmas and all(isinstance(x, str) and WORD.match(x) for x in lemmas), where
        assert len(set(lemmas)) == len(lemmas), f"{where}: repeated lemma"


def test_pattern_codes_exist(patterns, codes):
    for name, p in patterns:
        assert isinstance(p["cameo"], str), f"{name}: {p['id']}: quote the code"
        assert p["cameo"] in codes, f"{name}: {p['id']}: unknown CAMEO code {p['cameo']}"
        assert len(p["cameo"]) >= 3, f"{name}: {p['id']}: use a 3- or 4-digit code, not a root"
        assert p["cameo"][:2] == name[:2], f"{name}: {p['id']}: code {p['cameo']} outside the file's root"


def test_pattern_ids_unique(patterns):
    seen: dict[str, str] = {}
    for name, p in patterns:
        assert isinstance(p["id"], str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", p["id"]), p["id"]
        assert p["id"] not in seen, f"id {p['id']} in {name} and {seen.get(p['id'])}"
        seen[p["id"]] = name


def test_pattern_roles_valid(patterns):
    for name, p in patterns:
        for key in ("source", "target"):
            if key in p:
                roles = p[key]
                assert isinstance(roles, list) and roles, f"{name}: {p['id']}: {key}"
                for role in roles:
                    assert isinstance(role, str) and ROLE.match(role), f"{name}: {p['id']}: bad role {role!r}"
                assert len(set(roles)) == len(roles), f"{name}: {p['id']}: repeated role in {key}"


def test_pattern_constraints_valid(patterns):
    for name, p in patterns:
        where = f"{name}: {p['id']}"
        for key in ("particle", "prep"):
            # an unquoted on/off/no in YAML 1.1 loads as a boolean
            if key in p:
                assert isinstance(p[key], str) and WORD.match(p[key]), f"{where}: {key}={p[key]!r}"
        if "prep_object" in p:
            assert "prep" in p, f"{where}: prep_object without prep"
        for key in ("object", "xcomp", "prep_object"):
            if key in p:
                values = p[key]
                assert isinstance(values, list) and values, f"{where}: {key}"
                # "@place" (object only): any place name, see docs/data-files.md
                assert all(isinstance(v, str) and (WORD.match(v) or (key == "object" and v == "@place"))
                           for v in values), f"{where}: {key}"
                assert len(set(values)) == len(values), f"{where}: repeated word in {key}"
        if "modality" in p:
            assert p["modality"] in ("intended", "expected", "hypothetical"), where
        if "complement" in p:
            assert isinstance(p["complement"], bool), where
        if "confidence" in p:
            assert isinstance(p["confidence"], (int, float)) and 0 < p["confidence"] <= 1, where


def test_no_ambiguous_duplicate_patterns(patterns):
    """Two patterns that fire on exactly the same construction must agree on the code."""

    def overlap(a, b, key):
        if (key in a) != (key in b):
            return False
        return key not in a or bool(set(a[key]) & set(b[key]))

    clashes = []
    for (_, a), (_, b) in itertools.combinations(patterns, 2):
        if a["cameo"] == b["cameo"] or a["pos"] != b["pos"]:
            continue
        if not set(_as_list(a["lemma"])) & set(_as_list(b["lemma"])):
            continue
        if a.get("particle") != b.get("particle") or a.get("prep") != b.get("prep"):
            continue
        if all(overlap(a, b, key) for key in ("object", "xcomp", "predicate", "prep_object")):
            clashes.append(f"{a['id']} ({a['cameo']}) / {b['id']} ({b['cameo']})")
    assert not clashes, clashes


def test_every_root_has_patterns(patterns):
    per_root: dict[str, int] = dict.fromkeys(ROOTS, 0)
    for _, p in patterns:
        per_root[p["cameo"][:2]] += 1
    thin = {root: n for root, n in per_root.items() if n < 10}
    assert not thin, f"roots with fewer than 10 patterns: {thin}"


def test_code_coverage(patterns):
    reachable = {p["cameo"] for _, p in patterns}
    assert len(reachable) >= 150, len(reachable)
    assert len(patterns) >= 600, len(patterns)


def test_a_prep_object_without_its_preposition_is_refused(tmp_path):
    from eventwire.errors import DataFileError
    from eventwire.events.lexicon import Lexicon

    bad = tmp_path / "mine.yaml"
    bad.write_text("format: eventwire.patterns.v1\npatterns:\n"
                   "  - {id: to-streets, lemma: take, pos: VERB, cameo: '141', prep_object: [street]}\n")
    with pytest.raises(DataFileError, match="prep_object"):
        Lexicon.load([bad])


@pytest.mark.parametrize("implied", ["{source: military}", "{perpetrator: MIL}"])
def test_implied_parties_must_be_sector_codes_of_a_role(tmp_path, implied):
    from eventwire.errors import DataFileError
    from eventwire.events.lexicon import Lexicon

    bad = tmp_path / "mine.yaml"
    bad.write_text("format: eventwire.patterns.v1\npatterns:\n"
                   f"  - {{id: my-coup, lemma: coup, pos: NOUN, cameo: '170', implied: {implied}}}\n")
    with pytest.raises(DataFileError, match="implied"):
        Lexicon.load([bad])
