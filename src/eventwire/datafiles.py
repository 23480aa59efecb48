"""Reads eventwire's YAML data files: checks the format line and every entry, reports all problems at once.

DOCS: docs/data-files.md
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from importlib import metadata, resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from eventwire import __version__
from eventwire.errors import DataFileError
from eventwire.model import CoderStamp
from eventwire.nlp import MODEL_PACKAGE

Entry = TypeVar("Entry", bound=BaseModel)
CACHE_FORMAT = 1  # raise to set every cached parse aside

try:  # the C loader is ten times faster on our larger dictionaries
    _Base: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """YAML 1.2 booleans: only true/false. Words like on, off, no are data here ("prep: on")."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in _Base.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


def builtin_files(folder: str) -> list[Path]:
    """The YAML files shipped in ``eventwire/data/<folder>``, in name order."""
    root = resources.files("eventwire") / "data" / folder
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith((".yaml", ".yml")))


def builtin_file(folder: str, name: str) -> Path:
    """One shipped data file, ``eventwire/data/<folder>/<name>``."""
    return Path(str(resources.files("eventwire") / "data" / folder / name))


def read_yaml(path: Path) -> Any:
    """A YAML data file's content. A file read before is read from the JSON copy kept in the user's cache
    (``$XDG_CACHE_HOME/eventwire``, keyed by the file's path, size and modification time): parsing our
    dictionaries is a third of a second of every start, JSON a tenth of that."""
    cached = _cache_path(path)
    if cached is not None:
        try:
            return json.loads(cached.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    data = _parse_yaml(path)
    if cached is not None:
        _write_cache(cached, data)
    return data


def cache_dir(kind: str) -> Path | None:
    """Where copies of kind ``kind`` are kept in the user's cache (``$XDG_CACHE_HOME/eventwire/<kind>``);
    None when ``EVENTWIRE_NO_CACHE`` is set: then everything is read and built from the source."""
    if os.environ.get("EVENTWIRE_NO_CACHE"):
        return None
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "eventwire" / kind


def _cache_path(path: Path) -> Path | None:
    folder = cache_dir("yaml")
    if folder is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    key = hashlib.sha256(f"{CACHE_FORMAT}|{Path(path).resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return folder / f"{key.hexdigest()[:32]}.json"


def _write_cache(cached: Path, data: Any) -> None:
    """Keep the parse, atomically; a value JSON cannot hold as it is (a date, a number key) is never
    cached, and a cache that cannot be written only costs the time."""
    try:
        text = json.dumps(data, ensure_ascii=False)
        if json.loads(text) != data:
            return
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, cached)
    except (OSError, TypeError, ValueError):
        return


def _parse_yaml(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_Loader)
    except FileNotFoundError:
        raise DataFileError(str(path), ["file not found"]) from None
    except UnicodeDecodeError as exc:
        raise DataFileError(str(path), [f"not UTF-8 text ({exc.reason} at byte {exc.start})"]) from None
    except yaml.YAMLError as exc:
        raise DataFileError(str(path), [f"not valid YAML: {' '.join(str(exc).split())}"]) from None


def load_entries(path: Path, fmt: str, key: str, model: type[Entry]) -> list[Entry]:
    """Entries of list ``key`` in a file of format ``fmt``, each validated against ``model``."""
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise DataFileError(str(path), [f"expected a mapping with 'format: {fmt}' and '{key}:'"])
    if data.get("format") != fmt:
        raise DataFileError(str(path), [f"format is {data.get('format')!r}, expected {fmt!r}"])
    raw = data.get(key)
    if not isinstance(raw, list):
        raise DataFileError(str(path), [f"'{key}' must be a list of entries"])
    entries, problems = [], []
    for n, item in enumerate(raw, 1):
        try:
            entries.append(model.model_validate(item))
        except ValidationError as exc:
            problems.extend(f"entry {n}{_label(item)}: {msg}" for msg in _messages(exc))
    if problems:
        raise DataFileError(str(path), problems)
    return entries


def _label(item: object) -> str:
    if isinstance(item, dict):
        for field in ("id", "code", "names"):
            if item.get(field):
                return f" ({item[field] if field != 'names' else item[field][0]})"
    return ""


def _messages(exc: ValidationError) -> Iterator[str]:
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"])
        yield f"{where}: {err['msg']}" if where else err["msg"]


# ---- what the Coder reads, and its fingerprint -------------------------------------------------

# The built-in data files a Coder reads, as globs under eventwire/data (the rest of data/ — the
# demo corpus, the export codebooks — never changes a coding). tests/test_datafiles.py checks that
# coding reads no built-in file outside these. The decision model is named apart: one's own replaces it.
CODER_DATA = ("actors/*.yaml", "patterns/*.yaml", "facets/*.yaml", "gazetteer/*.yaml", "codebooks/cameo.yaml",
              "codebooks/complements.yaml", "codebooks/root-policies.yaml")
DECISION_MODEL = "models/decision.json"


def coder_files(actors: Iterable[str | Path] = (), patterns: Iterable[str | Path] = (),
                decision_model: str | Path | None = None) -> list[tuple[str, Path]]:
    """Every data file a Coder with these overrides reads, named as its fingerprint names it: a
    built-in file by its place under eventwire/data, one of the user's by its role and rank (not its
    path, so that two machines holding the same files agree). In load order: overrides come last."""
    root = Path(str(resources.files("eventwire") / "data"))
    found = sorted({path for glob in CODER_DATA for path in root.glob(glob)})
    files = [(path.relative_to(root).as_posix(), path) for path in found]
    files += [(f"user actors #{n}", Path(p)) for n, p in enumerate(actors, 1)]
    files += [(f"user patterns #{n}", Path(p)) for n, p in enumerate(patterns, 1)]
    model = (DECISION_MODEL, root / DECISION_MODEL) if decision_model is None else ("user decision model",
                                                                                    Path(decision_model))
    return [*files, model]


def fingerprint(files: Iterable[tuple[str, Path]], options: dict[str, object]) -> str:
    """SHA-256 (hex) of each file's name and content, in order, and of the options that change what
    the coder keeps: equal on every install with the same files and options, whatever their paths."""
    digest = hashlib.sha256()
    for name, path in files:
        try:
            content = Path(path).read_bytes()
        except OSError as err:
            raise DataFileError(str(path), [f"cannot read it: {err.strerror or err}"]) from None
        digest.update(f"{name}\0{hashlib.sha256(content).hexdigest()}\n".encode())
    digest.update(json.dumps(options, sort_keys=True).encode())
    return digest.hexdigest()


def coder_stamp(actors: Iterable[str | Path] = (), patterns: Iterable[str | Path] = (), statements: bool = False,
                min_confidence: float | None = None, decision_model: str | Path | None = None) -> CoderStamp:
    """The stamp of a Coder made with these arguments, without loading one (``eventwire version``,
    and ``eventwire recode`` before it knows it has anything to code).

    The version names eventwire and the spaCy model; the fingerprint digests every data file the
    Coder reads and the two options that change which events it keeps (``explain`` only adds
    fields, ``batch_size`` nothing).
    """
    try:
        model_version = metadata.version(MODEL_PACKAGE)
    except metadata.PackageNotFoundError:
        model_version = "unknown"
    options = {"statements": statements, "min_confidence": min_confidence}
    return CoderStamp(version=f"{__version__} {MODEL_PACKAGE}-{model_version}",
                      fingerprint=fingerprint(coder_files(actors, patterns, decision_model), options))
