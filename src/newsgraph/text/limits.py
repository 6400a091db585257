"""Caps on pathological text, so that reading stays linear in the size of the input.

spaCy's tokenizer splits the prefixes and suffixes of a run of characters without a space
one at a time, searching the rest of the run again each time: 8,000 quote marks in a row
take 6–15 s, 20,000 a minute. A run longer than MAX_RUN_CHARS is cut to its first
MAX_RUN_CHARS characters; the rest is residue with the reason. No English word or article
URL comes near the cap; a run of marks, a pasted blob or a tracking link does.
(`nlp.MAX_SENTENCE_TOKENS` is the other cap: a stretch of tokens without a sentence end is
split into sentences, so no per-sentence pass of an extractor sees an unbounded sentence.)
"""

from __future__ import annotations

import re

from newsgraph.model import Residue

MAX_RUN_CHARS = 200
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN_CHARS + 1},}}")


def cap_runs(text: str) -> tuple[str, tuple[Residue, ...]]:
    """The text with every run of over MAX_RUN_CHARS non-space characters cut to its first
    MAX_RUN_CHARS, and the cut tails as Residue (one linear pass)."""
    cut: list[Residue] = []

    def keep_head(match: re.Match[str]) -> str:
        run = match.group()
        cut.append(
            Residue(
                run[MAX_RUN_CHARS:],
                f"run of {len(run):,} characters without a space, cut at {MAX_RUN_CHARS}",
            )
        )
        return run[:MAX_RUN_CHARS]

    capped = _LONG_RUN.sub(keep_head, text)
    return capped, tuple(cut)
