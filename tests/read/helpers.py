"""Small helpers shared by the reader tests: read inputs, split documents from problems, write files."""

from __future__ import annotations

from pathlib import Path

from eventwire.model import Document, Problem
from eventwire.read import iter_documents


def read(*inputs: Path | str, **kwargs) -> list[Document | Problem]:
    return list(iter_documents([str(i) for i in inputs], **kwargs))


def docs(items: list[Document | Problem]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def problems(items: list[Document | Problem]) -> list[Problem]:
    return [item for item in items if isinstance(item, Problem)]


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path
