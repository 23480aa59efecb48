"""eventwire: news articles in, political event data out (CAMEO and PLOVER).

The public Python API, and only that: ``Coder`` codes text; the records it returns are in
``eventwire.model``. Names load on first use, so ``import eventwire`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["CodedDocument", "Coder", "Document", "Event", "Problem", "__version__"]

if TYPE_CHECKING:
    from eventwire.model import CodedDocument, Document, Event, Problem
    from eventwire.pipeline import Coder


def __getattr__(name: str) -> Any:
    if name == "Coder":
        from eventwire.pipeline import Coder

        return Coder
    if name in ("CodedDocument", "Document", "Event", "Problem"):
        from eventwire import model

        return getattr(model, name)
    raise AttributeError(f"module 'eventwire' has no attribute {name!r}")
