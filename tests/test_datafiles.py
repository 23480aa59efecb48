"""The YAML data files' parse cache: a changed file is read anew, a broken cache is only a slower start."""

from __future__ import annotations

import os
from pathlib import Path

from eventwire import datafiles


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
