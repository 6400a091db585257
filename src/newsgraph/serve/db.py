"""The server's handles on its database: one query handle per worker thread, one writer.

SQLite connections belong to the thread that opened them, and FastAPI runs plain `def`
endpoints on a thread pool, so each pool thread opens its own `Newsgraph` on first use
(WAL lets them all read while one writes). Writes are serialised by a lock. Connections
live as long as their thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from newsgraph.link.stories import StoryLinker
from newsgraph.query import Newsgraph
from newsgraph.serve.errors import ApiError
from newsgraph.store.base import Outcome
from newsgraph.store.sqlite import SqliteStore


class Database:
    """A newsgraph database opened by path; `None` serves only what needs no store."""

    def __init__(self, path: str | Path | None, writable: bool = False) -> None:
        self.path = None if path is None else str(path)
        self.writable = writable
        self._local = threading.local()
        self._write_lock = threading.Lock()
        if self.path is not None:
            # fail at start-up, not on the first request: a missing file is refused unless
            # writes are allowed (then it is created, migrated and empty)
            SqliteStore(self.path, create=writable).close()

    @property
    def available(self) -> bool:
        return self.path is not None

    def reader(self) -> Newsgraph:
        """This thread's query handle."""
        if self.path is None:
            raise ApiError(503, "this server has no database (start it with --db FILE)")
        ng: Newsgraph | None = getattr(self._local, "ng", None)
        if ng is None:
            ng = Newsgraph(SqliteStore(self.path, create=False))
            self._local.ng = ng
        return ng

    def store(self) -> SqliteStore:
        """This thread's store (for the few queries the query API lacks)."""
        store = self.reader().store
        assert isinstance(store, SqliteStore)
        return store

    @contextmanager
    def writing(self) -> Iterator[SqliteStore]:
        """The store to write with, one writer at a time."""
        if not self.writable:
            raise ApiError(403, "this server is read-only (start it with --allow-writes --token T)")
        with self._write_lock:
            yield self.store()

    def write(self, outcomes: Sequence[Outcome]) -> dict[str, int]:
        """Store outcomes in one transaction, each article with its story."""
        with self.writing() as store:
            return store.write(outcomes, link=StoryLinker(store).add)

