"""Reads eventwire's YAML data files: checks the format line and every entry, reports all problems at once.

DOCS: docs/data-files.md
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from eventwire.errors import DataFileError

Entry = TypeVar("Entry", bound=BaseModel)

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
