"""The optional parts of eventwire, and the one-line message that says how to install a missing one.

``pip install eventwire`` gives the coder and the command line (``code``, ``demo``, ``eval``,
``version``). The rest comes with pip extras (pyproject.toml); each is checked when a command
needs it, before any work, so a missing one is one line naming the pip command, never a traceback:

=============  ====================================================  ==================================
extra          what needs it                                         modules
=============  ====================================================  ==================================
``store``      ``eventwire ingest``, ``eventwire events``            sqlalchemy, alembic
``serve``      ``eventwire serve`` (and what ``store`` gives)         fastapi, uvicorn, swagger_ui_bundle
``postgres``   ``--db postgresql://…``                               psycopg
``dask``       ``--dask ADDRESS``                                    distributed
``parquet``    ``--format parquet``                                  pyarrow
``bench``      ``bench/bench.py``'s memory figures                   psutil
=============  ====================================================  ==================================
"""

from __future__ import annotations

from importlib.util import find_spec

from eventwire.errors import EventwireError

_STORE = ("sqlalchemy", "alembic")
EXTRAS: dict[str, tuple[str, ...]] = {
    "store": _STORE,
    "serve": ("fastapi", "uvicorn", "swagger_ui_bundle", *_STORE),
    "postgres": ("psycopg",),
    "dask": ("distributed",),
    "parquet": ("pyarrow",),
    "bench": ("psutil",),
}


class MissingExtra(EventwireError):
    """A command needs a pip extra that is not installed; ``str(err)`` says which and how to install it."""

    def __init__(self, what: str, extra: str) -> None:
        self.extra = extra
        super().__init__(f"{what} needs the {extra} extra: {install_command(extra)}")


def install_command(extra: str) -> str:
    return f"pip install 'eventwire[{extra}]'"


def missing_module(extra: str) -> str | None:
    """The first module of ``extra`` that cannot be imported, or None when all can.

    ``find_spec`` looks without importing (importing fastapi or pyarrow costs a second); a module
    set to None in ``sys.modules`` (how Python marks one blocked) counts as missing.
    """
    for module in EXTRAS[extra]:
        try:
            spec = find_spec(module)
        except (ImportError, ValueError):
            spec = None
        if spec is None:
            return module
    return None


def require(extra: str, what: str) -> None:
    """Raise :class:`MissingExtra` for ``what`` (``"eventwire serve"``) when ``extra`` is not installed."""
    if missing_module(extra) is not None:
        raise MissingExtra(what, extra)
