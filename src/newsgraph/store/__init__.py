"""Storage backends behind the `Store` protocol; SQLite is the default."""

from newsgraph.store.base import IngestState, Outcome, Store
from newsgraph.store.sqlite import SqliteStore

__all__ = ["IngestState", "Outcome", "SqliteStore", "Store"]
