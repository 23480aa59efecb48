"""Every setting that has a default, as data: name, default and help (STYLE habit 9).

One list feeds the CLI (each setting's option, default and ``--help`` text) and the docs;
the same names are the keyword arguments of the Python API (``Coder(batch_size=...)``,
``iter_documents(max_bytes=..., encoding=...)``, ``Coder.code_many(processes=...)``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    """One setting: its keyword-argument name, its default and one line of help."""

    name: str
    default: int | str
    help: str

    @property
    def option(self) -> str:
        """The CLI option that sets it: ``batch_size`` → ``--batch-size``."""
        return "--" + self.name.replace("_", "-")


SETTINGS: tuple[Setting, ...] = (
    Setting("processes", 1, "worker processes coding documents in parallel (each shares the loaded model)"),
    Setting("batch_size", 32, "documents spaCy parses together (nlp.pipe batch size)"),
    Setting("max_bytes", 5_000_000,
            "largest input read, in bytes: each text, HTML or JSON file, each JSONL line, stdin"),
    Setting("encoding", "utf-8", "text encoding of the input files (e.g. latin-1)"),
)

BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}


def get(name: str) -> Setting:
    """The setting called ``name``; a KeyError names the settings there are."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"no setting {name!r}; settings are {', '.join(BY_NAME)}") from None


__all__ = ["BY_NAME", "SETTINGS", "Setting", "get"]
