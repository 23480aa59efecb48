"""The HTTP service and analyst web UI: ``eventwire serve``. DOCS: docs/service.md

Names load on first use: the coding worker process imports ``eventwire.service.coding``, and
with it neither FastAPI nor the rest of the service.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["ServiceSettings", "create_app"]

if TYPE_CHECKING:
    from eventwire.service.app import ServiceSettings, create_app


def __getattr__(name: str) -> Any:
    if name in __all__:
        from eventwire.service import app

        return getattr(app, name)
    raise AttributeError(f"module 'eventwire.service' has no attribute {name!r}")
