"""The HTTP service and analyst web UI: ``eventwire serve``. DOCS: docs/service.md"""

from eventwire.service.app import ServiceSettings, create_app

__all__ = ["ServiceSettings", "create_app"]
