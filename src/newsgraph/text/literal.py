"""A word or name found in text as a literal between two context patterns, without a regular
expression compiled for each word (the extractors look up a few names per article, each new
to `re`'s cache: compiling costs more than the search)."""

from __future__ import annotations

import re
from collections.abc import Iterator


def find_literal(
    text: str, literal: str, before: re.Pattern[str], after: re.Pattern[str]
) -> Iterator[tuple[int, int]]:
    """The spans of `literal` in `text` where `before` matches at its start (a lookbehind)
    and `after` at its end (a lookahead), left to right and not overlapping: the matches of
    `re.finditer(before.pattern + re.escape(literal) + after.pattern, text)`."""
    pos = 0
    while (start := text.find(literal, pos)) >= 0:
        end = start + len(literal)
        if before.match(text, start) and after.match(text, end):
            yield start, end
            pos = end if end > start else start + 1
        else:
            pos = start + 1
