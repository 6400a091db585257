"""Storage backends behind the `Store` protocol: SQLite (a path, the default) or
PostgreSQL (a `postgresql://` URL), chosen by `open_store`."""

from __future__ import annotations

from pathlib import Path

from newsgraph.store.base import IngestState, Outcome, Store
from newsgraph.store.sqlite import SqliteStore

__all__ = ["IngestState", "Outcome", "SqliteStore", "Store", "is_postgres", "open_store"]


def is_postgres(db: str | Path) -> bool:
    """Whether `--db` names a PostgreSQL database (a URL) rather than a SQLite file."""
    return str(db).startswith(("postgresql://", "postgres://"))


def open_store(db: str | Path, create: bool = True, connections: int = 2) -> Store:
    """The store `--db` names: a `postgresql://` URL or a SQLite file. `create=False` refuses
    a database that does not exist yet; `connections` sizes PostgreSQL's pool (a server)."""
    if is_postgres(db):
        from newsgraph.store.postgres import PostgresStore  # psycopg only when asked for

        return PostgresStore(str(db), create=create, max_connections=connections)
    return SqliteStore(db, create=create)
