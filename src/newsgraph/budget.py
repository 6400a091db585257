"""The time budget of one input (`Settings.time_budget`): a batch never stalls on one input.

`Budget(seconds).stage(name)` runs a block under what is left of an input's budget and
charges it the time the block took; past the budget the block is interrupted with
OverTimeBudget(stage=name). In the main thread of a process — the CLI, the ingest workers,
the server's extraction workers — the interruption is SIGALRM (`signal.setitimer`; two
system calls per stage). In any other thread — a Ray actor runs its batches in one — a timer
thread raises it in the reading thread (`PyThreadState_SetAsyncExc`). Either way it lands
between two Python bytecodes, so a single long call into compiled code finishes first
(`text.limits` keeps those short).
"""

from __future__ import annotations

import ctypes
import gc
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

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


def _over(stage: str, budget: float | None) -> OverTimeBudget:
    return OverTimeBudget(
        f"reading took longer than its time budget of {budget or 0:g} s (NEWSGRAPH_TIME_BUDGET)",
        stage,
    )


@contextmanager
def deadline(seconds: float | None, stage: str, budget: float | None = None) -> Iterator[None]:
    """Interrupt the block with OverTimeBudget after `seconds` (None: no limit); `budget`
    is the whole budget the message names (default `seconds`)."""
    if seconds is None:
        yield
        return
    over = _over(stage, budget if budget is not None else seconds)
    if seconds <= 0:
        raise over
    main = threading.current_thread() is threading.main_thread()
    with (_alarm if main and hasattr(signal, "setitimer") else _timer)(seconds, over):
        yield


@contextmanager
def _alarm(seconds: float, over: OverTimeBudget) -> Iterator[None]:
    """In the main thread: SIGALRM after `seconds` raises `over` where the block stands."""
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


class _Raised(OverTimeBudget):
    """What a timer raises into another thread (a subclass per deadline)."""


def _unreported(previous: Callable[[Any], object]) -> Callable[[Any], object]:
    """An unraisable hook that drops `_Raised` (lost inside a gc callback or a __del__,
    it is raised again in the block) and passes anything else on to `previous`."""

    def hook(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, _Raised):
            previous(unraisable)

    hook.unreported = True  # type: ignore[attr-defined]
    return hook


def _raise_in(thread: int, exc: type[BaseException] | None) -> None:
    """Have `thread` raise `exc` at its next bytecode (None: drop one not yet raised)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread), ctypes.py_object(exc) if exc is not None else None
    )


@contextmanager
def _timer(seconds: float, over: OverTimeBudget) -> Iterator[None]:
    """In another thread: a timer thread makes this one raise `over` after `seconds`, and
    again every RETRY until the block has ended (one raised inside a gc callback or a
    __del__ is lost: it cannot be told from outside, as SIGALRM's handler can)."""
    target = threading.get_ident()
    if not getattr(sys.unraisablehook, "unreported", False):
        sys.unraisablehook = _unreported(sys.unraisablehook)

    class Expired(_Raised):  # raised from outside, so built without arguments
        def __init__(self) -> None:
            super().__init__(str(over), over.stage)

    Expired.__name__ = Expired.__qualname__ = type(over).__name__
    running = threading.Lock()  # held while the block runs

    def expire() -> None:
        delay = seconds
        while not running.acquire(timeout=delay):
            if not _swallowed(sys._current_frames().get(target)):
                _raise_in(target, Expired)
            delay = RETRY

    timer = threading.Thread(target=expire, name="newsgraph-deadline", daemon=True)
    try:
        with running:  # released by C code however the block ends, so the timer stops
            timer.start()
            yield
    finally:
        if timer.ident is not None:
            timer.join()
        _raise_in(target, None)  # raised as the block ended, not yet landed: dropped


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
