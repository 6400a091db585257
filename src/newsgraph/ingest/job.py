"""Ingest a corpus into a store: inputs → skip stored → near-duplicates → residue → read → store.

For each input, in order:
1. an input whose name the store already holds is skipped (ingesting again adds nothing),
   unless the store holds it as a rejection that is retryable (a network error, an HTTP
   404/5xx, a missing file) — or any rejection with `retry_rejected` —: it is read again
   and its new outcome replaces the rejection;
2. a near-copy (MinHash LSH, `learn.THRESHOLD`) of an input already read is linked to it and
   not read again;
3. its lines are counted per publisher; lines recurring across `learn.RECUR_ARTICLES`
   articles are learned and passed to the cleaning of later articles as known residue,
   with the reason "recurring line of PUBLISHER";
4. the rest go through `read_many(n_process=workers)`;
5. every input ends as one `Outcome` (article, duplicate or rejection), written in input
   order, in batches of one transaction each;
6. inside each batch's transaction the corpus layer (`link.CORPUS_HOOKS`: corpus entities,
   then stories) runs over the articles written, in order.
The learned state is written with the outcome that produced it, so an ingest killed at any
point and run again ends with the same store as one that ran straight through. An input that
breaks this bookkeeping (a bug) becomes a rejection with the error, never stops the batch.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from newsgraph.ingest.learn import (
    NearDuplicates,
    RecurringLines,
    candidate_lines,
    publisher_key,
    signature,
)
from newsgraph.link import CORPUS_HOOKS
from newsgraph.model import Article, Rejection, Residue
from newsgraph.pipeline import Input, read_many, repair_input, repair_rejection
from newsgraph.store.base import CorpusHook, IngestState, Outcome, Store

log = logging.getLogger(__name__)
KNOWN_RESIDUE = "known residue"  # how clean_text names a line of a plain known_residue set


@dataclass(slots=True)
class Summary:
    """Counts of one ingest: inputs read, and what became of them."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    skipped: int = 0
    decided: int = 0  # inputs whose outcome is decided (written or not yet): the progress
    seconds: float = 0.0

    def line(self) -> str:
        """The one-line summary printed at the end of an ingest."""
        rate = self.stored / self.seconds if self.seconds else 0.0
        return (
            f"read {self.read}, stored {self.stored}, duplicates {self.duplicates}, "
            f"rejected {self.rejected}, already stored {self.skipped}; "
            f"{self.seconds:.1f} s ({rate:.1f} articles/s)"
        )


@dataclass(slots=True)
class Slot:
    """One input on its way to the store; `outcome` is set once it is decided. `retry`: the
    store holds the input as a rejection, which its outcome is to replace."""

    name: str
    outcome: Outcome | None = None
    signature: bytes | None = None
    publisher: str = ""
    line_hashes: tuple[int, ...] = ()
    learned: tuple[tuple[str, str], ...] = ()
    reasons: dict[str, str] = field(default_factory=dict)
    retry: bool = False

    def finish(self, result: Article | Rejection) -> Outcome:
        """The outcome of a read input, with the learned residue reasons on the article."""
        if isinstance(result, Rejection):
            return self._outcome(rejection=repair_rejection(result))
        residue = tuple(
            Residue(r.line, self.reasons[r.line])
            if r.reason.startswith(KNOWN_RESIDUE) and r.line in self.reasons
            else r
            for r in result.residue
        )
        return self._outcome(article=dataclasses.replace(result, residue=residue))

    def _outcome(self, **kind: object) -> Outcome:
        return Outcome(
            self.name,
            signature=self.signature,
            publisher=self.publisher,
            line_hashes=self.line_hashes,
            learned=self.learned,
            retry=self.retry,
            **kind,  # type: ignore[arg-type]
        )


def _own_residue(known: object) -> dict[str, str]:
    """An input's own known_residue as line → reason (a mapping keeps its reasons)."""
    if isinstance(known, Mapping):
        return {str(k): str(v) for k, v in known.items()}
    if isinstance(known, Iterable):
        return dict.fromkeys((str(x) for x in known), KNOWN_RESIDUE)
    return {}


class Decider:
    """The in-order part of an ingest: skip what is stored, link near-copies, learn lines.

    `decide` takes the inputs one by one in input order and returns a `Slot` (with its
    outcome set when nothing needs reading) and the Input to read, if any. Its state rebuilds
    from the store (`IngestState`), so a resumed ingest decides as an uninterrupted one.
    Rejected inputs to read again (retryable ones, or all with `retry_rejected`) are not
    held as done, and their signatures not as inputs already read.
    """

    def __init__(self, state: IngestState, retry_rejected: bool = False) -> None:
        retry = {n for n, retryable in state.rejected.items() if retryable or retry_rejected}
        self.retry = retry
        self.stored_names = state.names - retry
        self.retrying = retry & state.signatures.keys()  # read once: their lines are counted
        signatures = {n: s for n, s in state.signatures.items() if n not in retry}
        self.duplicates = NearDuplicates(signatures)
        self.lines = RecurringLines(state.line_counts, state.learned)
        self._seen: set[str] = set()

    def decide(self, item: Input | Rejection) -> tuple[Slot | None, Input | None]:
        """(None, None) for an input already stored or seen in this run. Text, names and
        messages are repaired first (`repair_input`): hashable, and stored alike anywhere."""
        item = repair_rejection(item) if isinstance(item, Rejection) else repair_input(item)
        name = item.input if isinstance(item, Rejection) else item.name
        if name in self.stored_names or name in self._seen:
            return None, None
        self._seen.add(name)
        if isinstance(item, Rejection):
            slot, to_read = Slot(name, Outcome(name, rejection=item)), None
        else:
            try:
                slot, to_read = self._decide(item)
            except Exception as err:  # a bug here must cost one input, not the batch
                log.exception("ingest bookkeeping failed on %s", name)
                failed = Rejection(name, "ingest", type(err).__name__, str(err))
                slot, to_read = Slot(name, Outcome(name, rejection=failed)), None
        if name in self.retry:
            slot.retry = True
            if slot.outcome is not None:
                slot.outcome = dataclasses.replace(slot.outcome, retry=True)
        return slot, to_read

    def _decide(self, item: Input) -> tuple[Slot, Input | None]:
        """A new input's slot, and the input to read (None for a near-duplicate)."""
        name = item.name
        sig = signature(item.text)
        near = self.duplicates.find(sig) if sig is not None else None
        if near is not None:
            outcome = Outcome(name, duplicate_of=near[0], similarity=round(near[1], 4))
            return Slot(name, outcome), None
        if sig is not None:
            self.duplicates.add(name, sig)
        publisher = publisher_key(item.publisher, item.url)
        reasons = _own_residue(item.known_residue)
        reasons.update(self.lines.known(publisher))
        lines = candidate_lines(item.text)
        counted = name in self.retrying  # its lines were counted when it was first read
        learned = [] if counted else self.lines.observe(publisher, lines)
        hashes = () if counted else tuple(lines)
        slot = Slot(name, None, sig, publisher, hashes, tuple(learned), reasons)
        return slot, dataclasses.replace(item, known_residue=reasons)


class Ingest:
    """One ingest job into a store; `run(items)` returns its Summary."""

    def __init__(
        self,
        store: Store,
        workers: int = 1,
        batch_size: int = 16,
        commit_every: int = 64,
        commit_seconds: float = 2.0,
        progress: Callable[[Summary], None] | None = None,
        hooks: Sequence[CorpusHook] = CORPUS_HOOKS,
        retry_rejected: bool = False,
        languages: Collection[str] | None = None,
    ) -> None:
        self.store = store
        self.hooks = tuple(hooks)
        self.retry_rejected = retry_rejected
        self.languages = languages
        self.workers = workers
        self.batch_size = batch_size
        self.commit_every = commit_every
        self.commit_seconds = commit_seconds
        self.progress = progress
        self.decider = Decider(IngestState())
        self.summary = Summary()
        self._slots: deque[Slot] = deque()
        self._buffer: list[Outcome] = []
        self._last_commit = time.monotonic()

    def _feed(self, items: Iterable[Input | Rejection]) -> Iterator[Input]:
        """Decide each input in order; yield those to read, queue a slot for every one."""
        for item in items:
            self.summary.read += 1
            slot, to_read = self.decider.decide(item)
            if slot is None:
                self.summary.skipped += 1
                self.summary.decided += 1
                self._report()
                continue
            self._slots.append(slot)
            if to_read is not None:
                yield to_read

    def run(self, items: Iterable[Input | Rejection]) -> Summary:
        """Ingest every item; the store holds one outcome per new input when this returns."""
        start = time.monotonic()
        try:
            with self.store.ingest_lock():
                self.decider = Decider(self.store.ingest_state(), self.retry_rejected)
                self._run(items)
        finally:
            self.summary.seconds = time.monotonic() - start
        return self.summary

    def _run(self, items: Iterable[Input | Rejection]) -> None:
        try:
            for result in read_many(
                self._feed(items),
                n_process=self.workers,
                batch_size=self.batch_size,
                languages=self.languages,
            ):
                while self._slots[0].outcome is not None:
                    self._emit(self._slots.popleft().outcome)
                self._emit(self._slots.popleft().finish(result))
            while self._slots:
                outcome = self._slots.popleft().outcome
                assert outcome is not None, "every input sent to reading has a result"
                self._emit(outcome)
        except BaseException:
            self._commit()  # keep what was decided before the failure (Ctrl-C, a bug)
            raise
        self._commit()

    def _emit(self, outcome: Outcome | None) -> None:
        assert outcome is not None
        self._buffer.append(outcome)
        self.summary.decided += 1
        if (
            len(self._buffer) >= self.commit_every
            or time.monotonic() - self._last_commit >= self.commit_seconds
        ):
            self._commit()
        else:
            self._report()  # the progress moves on with every article, not every commit

    def _commit(self) -> None:
        if self._buffer:
            written = self.store.write(self._buffer, self.hooks)
            s = self.summary
            s.stored += written.get("article", 0)
            s.duplicates += written.get("duplicate", 0)
            s.rejected += written.get("rejected", 0)
            s.skipped += len(self._buffer) - sum(written.values())
            self._buffer = []
        self._last_commit = time.monotonic()
        self._report()

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(self.summary)


def ingest(
    items: Iterable[Input | Rejection],
    store: Store,
    workers: int = 1,
    progress: Callable[[Summary], None] | None = None,
    retry_rejected: bool = False,
    languages: Collection[str] | None = None,
) -> Summary:
    """Ingest inputs (or rejections from the readers) into a store; the counts of the run.
    With `languages`, articles in other languages are recorded as rejections (skipped)."""
    job = Ingest(store, workers, progress=progress, retry_rejected=retry_rejected)
    job.languages = languages
    return job.run(items)
