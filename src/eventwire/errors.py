"""Exceptions that reach users: each carries a message and a hint saying what to do next."""

from __future__ import annotations


class EventwireError(Exception):
    """Base class: ``str(err)`` is one line a user can act on."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class DataFileError(EventwireError):
    """A data file (actors, patterns, codebook) is unreadable or breaks its schema.

    Lists every problem found in the file at once, so one fix-and-rerun cycle suffices.
    """

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        listing = "; ".join(problems[:20]) + (f"; … {len(problems) - 20} more" if len(problems) > 20 else "")
        super().__init__(f"{path}: {len(problems)} problem(s): {listing}",
                         "fix the entries listed, see docs/data-files.md for the format")


class ModelNotFoundError(EventwireError):
    """The spaCy English model package is not installed."""
