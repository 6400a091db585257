"""The time budget of one input (`Settings.time_budget`): a batch never stalls on one input.

`Budget(seconds).stage(name)` runs a block under what is left of an input's budget and
charges it the time the block took; past the budget the block is interrupted with
OverTimeBudget(stage=name). The interruption is SIGALRM (`signal.setitimer`): it works in the
main thread of a process — the CLI, the ingest workers, the server's extraction workers —
and lands between two Python bytecodes, so a single long call into compiled code finishes
first (`text.limits` keeps those short). Elsewhere (another thread, no setitimer) the block
runs without a limit. Arming and disarming the timer are two system calls per stage.
"""

from __future__ import annotations

import gc
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from newsgraph.errors import OverTimeBudget

RETRY = 0.01  # seconds: the interruption is tried again when it lands where it would be lost


def _swallowed(frame: FrameType | None) -> bool:
    """Whether an exception raised in this frame would be swallowed: inside a garbage
    collector callback or a __del__, Python reports it as unraisable and goes on."""
    callbacks = {getattr(cb, "__code__", None) for cb in gc.callbacks}
    while frame is not None:
        if frame.f_code in callbacks or frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False


def _can_interrupt() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _over(stage: str, budget: float | None) -> OverTimeBudget:
    return OverTimeBudget(
        f"reading took longer than its time budget of {budget or 0:g} s (NEWSGRAPH_TIME_BUDGET)",
        stage,
    )


@contextmanager
def deadline(seconds: float | None, stage: str, budget: float | None = None) -> Iterator[None]:
    """Interrupt the block with OverTimeBudget after `seconds` (None: no limit); `budget`
    is the whole budget the message names (default `seconds`)."""
    if seconds is None or not _can_interrupt():
        yield
        return
    over = _over(stage, budget if budget is not None else seconds)
    if seconds <= 0:
        raise over
    armed = True

    def expire(_signum: int, frame: FrameType | None) -> None:
        nonlocal armed
        if armed and _swallowed(frame):  # raised here, it would be lost: a moment later
            signal.setitimer(signal.ITIMER_REAL, RETRY)
        elif armed:
            armed = False
            raise over

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Budget:
    """What is left of one input's time budget (None or 0 seconds: unlimited)."""

    def __init__(self, seconds: float | None) -> None:
        self.total = seconds or None
        self.left = self.total

    def charge(self, seconds: float) -> None:
        """Count time spent on this input elsewhere (its share of a batch)."""
        if self.left is not None:
            self.left -= seconds

    def check(self, stage: str) -> None:
        """OverTimeBudget at `stage` when nothing is left."""
        if self.left is not None and self.left <= 0:
            raise _over(stage, self.total)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Run a block under the rest of the budget, and charge it the time it took."""
        start = time.perf_counter()
        try:
            with deadline(self.left, name, self.total):
                yield
        finally:
            self.charge(time.perf_counter() - start)
