"""The server's handles on its database: query handles for the worker threads, one writer.

FastAPI runs plain `def` endpoints on a thread pool. A SQLite connection belongs to the
thread that opened it, so each pool thread opens its own `Newsgraph` on first use (WAL lets
them all read while one writes). A PostgreSQL store is one pool of connections (psycopg_pool)
that every thread shares. Writes are serialised by a lock. Connections live as long as the
server.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from newsgraph.link import CORPUS_HOOKS
from newsgraph.query import Newsgraph
from newsgraph.serve.errors import ApiError
from newsgraph.store import is_postgres, open_store
from newsgraph.store.base import Outcome, Store

POOL_SIZE = 8  # PostgreSQL connections the server keeps (at most)


class Database:
    """A newsgraph database opened by path or URL; `None` serves only what needs no store."""

    def __init__(self, path: str | Path | None, writable: bool = False) -> None:
        self.path = None if path is None else str(path)
        self.writable = writable
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._shared: Newsgraph | None = None
        if self.path is None:
            return
        # fail at start-up, not on the first request: a missing database is refused unless
        # writes are allowed (then it is created, migrated and empty)
        if is_postgres(self.path):
            self._shared = Newsgraph(open_store(self.path, create=writable, connections=POOL_SIZE))
        else:
            open_store(self.path, create=writable).close()

    @property
    def available(self) -> bool:
        return self.path is not None

    def reader(self) -> Newsgraph:
        """This thread's query handle."""
        if self.path is None:
            raise ApiError(503, "this server has no database (start it with --db FILE)")
        if self._shared is not None:
            return self._shared
        ng: Newsgraph | None = getattr(self._local, "ng", None)
        if ng is None:
            ng = Newsgraph(open_store(self.path, create=False))
            self._local.ng = ng
        return ng

    def store(self) -> Store:
        """This thread's store (for the few queries the query API lacks)."""
        return self.reader().store

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """The store to write with, one writer at a time."""
        if not self.writable:
            raise ApiError(403, "this server is read-only (start it with --allow-writes --token T)")
        with self._write_lock:
            yield self.store()

    def write(self, outcomes: Sequence[Outcome]) -> dict[str, int]:
        """Store outcomes in one transaction, linked to corpus entities as an ingest does."""
        with self.writing() as store:
            return store.write(outcomes, CORPUS_HOOKS)

    def close(self) -> None:
        """Close the shared PostgreSQL pool (SQLite handles close with their threads)."""
        if self._shared is not None:
            self._shared.close()
