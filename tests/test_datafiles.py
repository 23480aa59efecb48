"""The YAML data files' parse cache: a changed file is read anew, a broken cache is only a slower start.
The coder's fingerprint: the data files it reads, named alike on every machine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

from eventwire import datafiles
from eventwire.datafiles import coder_stamp


def test_a_changed_file_is_read_anew_and_a_broken_cache_is_parsed_again(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = tmp_path / "mine.yaml"
    data.write_text("format: eventwire.actors.v1\nactors: [{code: KEN, kind: country, names: [Kenya]}]\n")
    first = datafiles.read_yaml(data)
    cached = datafiles._cache_path(data)
    assert cached is not None and cached.exists()
    assert datafiles.read_yaml(data) == first
    data.write_text("format: eventwire.actors.v1\nactors: [{code: UGA, kind: country, names: [Uganda, Buganda]}]\n")
    os.utime(data, ns=(cached.stat().st_mtime_ns + 10**9,) * 2)
    assert datafiles.read_yaml(data)["actors"][0]["code"] == "UGA"
    datafiles._cache_path(data).write_text("{not json")
    assert datafiles.read_yaml(data)["actors"][0]["names"] == ["Uganda", "Buganda"]


def test_what_json_cannot_hold_is_not_cached(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = tmp_path / "dated.yaml"
    data.write_text("when: 2025-07-13\n1: one\n")
    assert datafiles.read_yaml(data) == datafiles.read_yaml(data)
    assert not datafiles._cache_path(data).exists()


# ---- the coder's fingerprint -----------------------------------------------------------------

MINE = "format: eventwire.patterns.v1\npatterns:\n  - {id: mine-040, lemma: [parley], pos: VERB, cameo: '040'}\n"


def test_the_fingerprint_is_of_the_files_content_not_their_place(tmp_path: Path) -> None:
    here, there = tmp_path / "a" / "mine.yaml", tmp_path / "b" / "other-name.yaml"
    for path in (here, there):
        path.parent.mkdir()
        path.write_text(MINE, encoding="utf-8")
    built_in = coder_stamp().fingerprint
    assert coder_stamp(patterns=[here]) == coder_stamp(patterns=[there])
    assert coder_stamp(patterns=[here]).fingerprint != built_in
    assert coder_stamp(actors=[here]).fingerprint != coder_stamp(patterns=[here]).fingerprint  # its role counts
    assert coder_stamp(min_confidence=0.0).fingerprint != built_in != coder_stamp(statements=True).fingerprint
    there.write_text(MINE.replace("parley", "powwow"), encoding="utf-8")
    assert coder_stamp(patterns=[there]) != coder_stamp(patterns=[here])
    assert len(built_in) == 64 and coder_stamp().version.startswith("0.")


READS = """
import json, os, sys
from eventwire.read import iter_documents
docs = list(iter_documents([sys.argv[1]]))
root = sys.argv[2]
opened = set()
sys.addaudithook(lambda event, args: opened.add(os.path.realpath(str(args[0]))) if event == "open"
                 and isinstance(args[0], (str, bytes, os.PathLike)) else None)
from eventwire.pipeline import Coder
list(Coder(min_confidence=0.0).code_many(docs))
print(json.dumps(sorted(os.path.relpath(p, root) for p in opened if p.startswith(root + os.sep))))
"""


def test_the_fingerprint_digests_every_built_in_file_coding_reads(tmp_path: Path) -> None:
    """A Coder made and coding the demo corpus, in a process of its own with no parse cache (which
    would read a copy): the built-in data files it opens are the ones its fingerprint digests."""
    root = os.path.realpath(str(resources.files("eventwire") / "data"))
    demo = os.path.join(root, "corpus", "demo.jsonl")
    env = {**os.environ, "EVENTWIRE_NO_CACHE": "1"}
    done = subprocess.run([sys.executable, "-c", READS, demo, root], capture_output=True, text=True, env=env,
                          timeout=300, check=True)
    read = set(json.loads(done.stdout))
    digested = {name for name, _ in datafiles.coder_files()}
    assert read == digested
