"""The server's reading of articles (`POST /api/v1/extract`, and writes): off unless enabled,
in worker processes of its own, behind a bounded queue.

Reading an article takes the model and a core for a while — a hostile body a minute —, so
it never runs on the threads that answer reads: `Readers` keeps `workers` processes
(started with "spawn": a forked copy of a server with threads is unsafe), each loading the
model once. At most `workers + queue` readings are accepted at a time; the next gets a 429
with Retry-After. Each reading has the time budget of every input (`Settings.time_budget`,
enforced inside the worker); a worker that overruns it by GRACE seconds anyway (stuck in
compiled code) is killed and its pool replaced, and the request answered with a 503.
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import multiprocessing as mp
from typing import Any

from newsgraph.errors import ConfigError, NewsgraphError
from newsgraph.model import Article
from newsgraph.serve.errors import ApiError
from newsgraph.settings import Settings

QUEUE_PER_WORKER = 4
GRACE = 10.0  # seconds past the budget before a stuck worker is killed

Reply = tuple[str, Any]


def _read(fields: dict[str, Any]) -> Reply:
    """In a worker: the Article, or the error that kept it from being read."""
    from newsgraph.pipeline import read  # loads spaCy: only in the worker

    try:
        return "article", read(**fields)
    except ConfigError as err:
        return "config", str(err)
    except NewsgraphError as err:
        return "unreadable", (err.stage, str(err))


def _load_model() -> None:
    from newsgraph.pipeline import load

    load()


class Readers:
    """A bounded pool of reading processes; `None` workers: reading is off."""

    def __init__(self, workers: int | None) -> None:
        self.workers = workers
        self.capacity = (workers or 0) * (1 + QUEUE_PER_WORKER)
        self.busy = 0  # accepted and not yet answered (touched on the event loop only)
        self._pool: cf.ProcessPoolExecutor | None = None

    @property
    def enabled(self) -> bool:
        return bool(self.workers)

    def _executor(self) -> cf.ProcessPoolExecutor:
        if self._pool is None:
            self._pool = cf.ProcessPoolExecutor(
                self.workers, mp.get_context("spawn"), initializer=_load_model
            )
        return self._pool

    async def read(self, fields: dict[str, Any]) -> Article:
        """The Article; ApiError 403 (off), 429 (full), 400, 422 or 503."""
        if not self.enabled:
            raise ApiError(403, "this server reads no articles (start it with --allow-extract)")
        if self.busy >= self.capacity:
            raise ApiError(429, f"{self.busy} articles are being read: try again shortly",
                           code="too_many_requests")
        self.busy += 1
        try:
            return await self._run(fields)
        finally:
            self.busy -= 1

    async def _run(self, fields: dict[str, Any]) -> Article:
        budget = Settings.from_env().time_budget
        future = self._executor().submit(_read, fields)
        limit = budget * (1 + QUEUE_PER_WORKER) + GRACE + 60 if budget else None  # queue + load
        try:
            kind, value = await asyncio.wait_for(asyncio.wrap_future(future), limit)
        except (TimeoutError, cf.process.BrokenProcessPool):
            self.restart()
            raise ApiError(503, "reading the article did not finish: its worker was stopped",
                           code="unavailable") from None
        if kind == "config":
            raise ApiError(400, value)
        if kind == "unreadable":
            stage, message = value
            raise ApiError(422, message, code=f"unreadable_{stage}")
        assert isinstance(value, Article)
        return value

    def restart(self) -> None:
        """Kill the workers (one is stuck) and start afresh on the next reading."""
        pool, self._pool = self._pool, None
        if pool is not None:
            for process in list(pool._processes.values()):
                process.kill()
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
