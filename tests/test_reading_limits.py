"""Reading stays linear and bounded (issue 19): pathological runs are capped with a residue
reason, sentences are bounded, the quote passes' paragraph lookups (`quotes.layout.Layout`)
match a rescan, and a per-input time budget rejects what still runs too long without stopping
the batch — in the main thread (SIGALRM) and in any other (a Ray actor reads in a thread of
its pool).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph import Input, read, read_many
from newsgraph.budget import Budget, deadline
from newsgraph.errors import OverTimeBudget
from newsgraph.model import Article, Rejection
from newsgraph.nlp import MAX_SENTENCE_TOKENS, get_nlp
from newsgraph.text.limits import MAX_RUN_CHARS, cap_runs

T = TypeVar("T")


def _in(thread: str, work: Callable[[], T]) -> T:
    """Run `work` in the main thread, or in a thread of a pool as a Ray actor does."""
    if thread == "main":
        return work()
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(work).result()


def test_a_run_without_spaces_is_cut_with_a_reason() -> None:
    text = "Title\n\nHe said " + "“" * 20_000 + " and left. http://example.com/a"
    capped, cut = cap_runs(text)
    assert capped == "Title\n\nHe said " + "“" * MAX_RUN_CHARS + " and left. http://example.com/a"
    assert [(len(r.line), r.reason) for r in cut] == [
        (20_000 - MAX_RUN_CHARS, "run of 20,000 characters without a space, cut at 200")
    ]
    assert cap_runs("ordinary words, and a URL https://example.com/x?y=1") == (
        "ordinary words, and a URL https://example.com/x?y=1",
        (),
    )


def test_twenty_thousand_quote_marks_are_read_with_the_cut_as_residue() -> None:
    article = read("Title here\n\nShe said " + "“" * 20_000 + " nothing more.")
    assert "“" * MAX_RUN_CHARS in article.text and "“" * (MAX_RUN_CHARS + 1) not in article.text
    assert any(r.reason.startswith("run of 20,000 characters") for r in article.residue)


def test_sentences_without_an_end_are_bounded() -> None:
    doc = get_nlp()("Title\n\n" + "and the minister said " * 400)
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS + 1
    ordinary = get_nlp()("Title\n\nThe minister said it was fine. Then she left the room.")
    assert len(list(ordinary.sents)) == 3


WORDS = st.sampled_from(["said", "the", "minister", "“", "”", ".", "\n", "\n\n", "Smith", ","])


@settings(max_examples=25, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=80))
def test_paragraph_lookups_match_a_rescan(words: list[str]) -> None:
    from newsgraph.extract.base import Draft
    from newsgraph.extract.quotes.layout import Layout

    text = "Title\n\n" + " ".join(words)
    doc = get_nlp()(text)
    layout = Layout.of(doc, Draft(text, None, []))
    breaks = ["\n" in t.text_with_ws for t in doc]
    for tok in doc:
        first = tok.i
        while first > 0 and not breaks[first - 1]:
            first -= 1
        last = tok.i
        while last + 1 < len(doc) and not breaks[last]:
            last += 1
        same = [t.i for t in doc if layout.together(t, tok)]
        assert same == list(range(first, last + 1))
        other = doc[len(doc) // 2]
        lo, hi = sorted((tok.i, other.i))
        assert layout.together(tok, other) == (not any(breaks[lo:hi]))


def _spin(seconds: float) -> OverTimeBudget | None:
    """A block that would run 5 s under a deadline of `seconds`: what it raised, if anything."""
    start = time.monotonic()
    try:
        with deadline(seconds, "extract", budget=seconds):
            while time.monotonic() - start < 5:
                time.sleep(0.001)
    except OverTimeBudget as err:
        return err
    return None


@pytest.mark.parametrize("thread", ["main", "other"])
def test_a_deadline_interrupts_a_long_block(thread: str) -> None:
    start = time.monotonic()
    caught = _in(thread, lambda: _spin(0.05))
    assert caught is not None and time.monotonic() - start < 4
    assert caught.stage == "extract" and type(caught).__name__ == "OverTimeBudget"
    assert "time budget of 0.05 s (NEWSGRAPH_TIME_BUDGET)" in str(caught)
    assert _in(thread, _in_time)


def _in_time() -> bool:
    """Blocks that end within their deadlines, then a wait past them: nothing is raised."""
    for _ in range(20):
        with deadline(0.05, "clean"):
            sum(range(100))
    time.sleep(0.1)
    return True


def test_a_budget_counts_down_and_zero_means_none() -> None:
    budget = Budget(1.0)
    with budget.stage("clean"):
        pass
    assert budget.left is not None and 0 < budget.left <= 1.0
    assert Budget(0).left is None  # 0: no budget


@pytest.mark.parametrize("thread", ["main", "other"])
def test_an_input_over_its_budget_is_rejected_and_the_batch_goes_on(
    monkeypatch: pytest.MonkeyPatch, thread: str
) -> None:
    read("Warm up\n\nThe model is loaded before the budget is set.")
    # 1.5 s: the short inputs take ~0.02 s, the slow one ~4.5 s on a quiet machine, so the
    # outcome holds on a machine that other work slows several times over
    monkeypatch.setenv("NEWSGRAPH_TIME_BUDGET", "1.5")
    slow = "Title here\n\n" + "“he said” " * 2000
    items = [
        Input("Council meets\n\nThe council met on Monday.", name="a"),
        Input(slow, name="slow"),
        Input("Mayor speaks\n\nThe mayor said the budget was fine.", name="c"),
    ]
    results = _in(thread, lambda: list(read_many(items, batch_size=4)))
    assert [type(r).__name__ for r in results] == ["Article", "Rejection", "Article"]
    rejected = results[1]
    assert isinstance(rejected, Rejection)
    assert (rejected.input, rejected.type) == ("slow", "OverTimeBudget")
    assert rejected.stage in {"clean", "nlp", "extract"}
    assert "time budget of 1.5 s" in rejected.message
    with pytest.raises(OverTimeBudget):
        read(slow)
    assert isinstance(read("Mayor speaks\n\nThe mayor said it."), Article)


def test_a_first_read_many_under_a_tiny_budget_rejects_and_does_not_raise() -> None:
    """What read_many loads first (`pipeline.load`: the model, the extractors' lexicons) is
    no input's reading and has no budget: in a fresh process, under a budget nothing can
    meet, the input becomes a rejection with the budget's reason."""
    code = (
        "from newsgraph import read_many\n"
        "out = list(read_many(['Leaders met in Rome on Monday. They agreed, officials said.']))\n"
        "print(type(out[0]).__name__, out[0].type)\n"
    )
    env = {**os.environ, "NEWSGRAPH_TIME_BUDGET": "0.001"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["Rejection", "OverTimeBudget"]
