"""Worker processes of a parallel read (`pipeline.read_many` with `n_process > 1`): a
bounded pool that keeps input order, workers that die with their parent, and heap given
back to the system after each chunk."""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing as mp
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import AsyncResult
from typing import TypeVar

Chunk = TypeVar("Chunk")
Result = TypeVar("Result")

_PR_SET_PDEATHSIG = 1


def give_back_memory() -> None:
    """Return the heap a chunk freed to the system (glibc's malloc_trim), so the parse's
    large transient arrays do not pile up in a long run's workers (bench/ingest.py --memory
    over 2,225 BBC inputs, 2 workers: peak PSS of all processes 647 → 601 MB, flat in the
    second half either way). A few milliseconds per chunk of 64 inputs."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).malloc_trim(0)


def _die_with_parent(parent: int) -> None:
    """In a worker: be killed when the process that started it dies (Linux), so a killed
    ingest leaves no worker behind holding its files (the database lock among them)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def in_pool(
    chunks: Iterable[Chunk], work: Callable[[Chunk], list[Result]], n_process: int
) -> Iterator[Result]:
    """`work` of each chunk in `n_process` worker processes (forked where the OS allows, so
    what the parent loaded is shared copy-on-write), the results in chunk order; at most
    two chunks per worker wait, so memory stays flat on any corpus."""
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    pool = mp.get_context(method).Pool(n_process, _die_with_parent, (os.getpid(),))
    with pool:
        pending: deque[AsyncResult[list[Result]]] = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(work, (chunk,)))
            if len(pending) > 2 * n_process:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
