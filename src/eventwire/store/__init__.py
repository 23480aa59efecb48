"""The event database: ingest coded articles, deduplicate their events, query them. DOCS: docs/store.md"""

from eventwire.store.db import DEFAULT_DB, Store, StoreError, database_url
from eventwire.store.ingest import IngestReport, content_hash, ingest

__all__ = ["DEFAULT_DB", "IngestReport", "Store", "StoreError", "content_hash", "database_url", "ingest"]
