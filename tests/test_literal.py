"""`find_literal` finds what `re.finditer` finds with the literal between the two context
patterns, for the context patterns the entity extractor uses."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.extract.entities.extractor import _NAME_END, _NAME_START
from newsgraph.extract.entities.nested import _INNER_END, _INNER_START
from newsgraph.text.literal import find_literal

CONTEXTS = [(_NAME_START, _NAME_END), (_INNER_START, _INNER_END)]
TEXT = st.text(alphabet="ab AnNtiPox-.'’\n", max_size=30)


@pytest.mark.parametrize(("before", "after"), CONTEXTS)
@settings(max_examples=300, deadline=None)
@given(text=TEXT, literal=st.text(alphabet="abA -.", max_size=3))
def test_same_spans_as_a_compiled_pattern(
    before: re.Pattern[str], after: re.Pattern[str], text: str, literal: str
) -> None:
    pattern = before.pattern + re.escape(literal) + after.pattern
    expected = [m.span() for m in re.finditer(pattern, text)]
    assert list(find_literal(text, literal, before, after)) == expected


def test_contexts_decide() -> None:
    before, after = CONTEXTS[0]
    text = "anti-Sanders, Sanders Institute, Sandersville and Sanders."
    assert list(find_literal(text, "Sanders", before, after)) == [(5, 12), (50, 57)]
