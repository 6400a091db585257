"""Quotation marks → quoted spans: styles, apostrophes, paragraphs, unbalanced marks (no model)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.extract.quotes.marks import find_quotes
from newsgraph.model import Span


def paragraphs(text: str) -> list[Span]:
    return [Span(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text, paragraphs(text))]


def test_every_style_of_mark() -> None:
    text = (
        "“Curly,” he said.\n"
        '"Straight," she said.\n'
        "«Guillemets,» they said.\n"
        "„German style“ quoted.\n"
        "‘British single,’ he said.\n"
        '"Straight open and curly close.”'
    )
    assert quoted(text) == [
        "Curly,",
        "Straight,",
        "Guillemets,",
        "German style",
        "British single,",
        "Straight open and curly close.",
    ]


def test_content_is_inside_the_marks() -> None:
    text = "She said: “We will win.”"
    (q,) = find_quotes(text, paragraphs(text))
    assert text[q.start : q.end] == "We will win."
    assert q.open is not None and q.close is not None
    assert text[q.open] == "“" and text[q.close] == "”"


def test_apostrophes_are_not_marks() -> None:
    text = "Clinton’s aides don’t recall the ’90s or the Joneses’ car, O’Brien said."
    assert quoted(text) == []


def test_nested_single_quotes_stay_inside() -> None:
    # clusters-dev 041635172e54 (giveme5w1h)
    text = "“I used the word ‘anger,’ but I was more worried about crying,” she said."
    assert quoted(text) == ["I used the word ‘anger,’ but I was more worried about crying,"]


def test_split_quote_is_two_spans() -> None:
    # clusters-dev 8a231b8bfaef (giveme5w1h)
    text = "“Without trucks,” the group says, “America stops.”"
    assert quoted(text) == ["Without trucks,", "America stops."]


def test_multi_paragraph_quote() -> None:
    text = "“The first paragraph has no closing mark.\n“The second one does.”\nAfter."
    spans = find_quotes(text, paragraphs(text))
    assert [text[q.start : q.end] for q in spans] == [
        "The first paragraph has no closing mark.",
        "The second one does.",
    ]
    assert spans[0].continues and not spans[0].continued
    assert spans[1].continued and spans[1].balanced


def test_unbalanced_mark_costs_only_its_quote() -> None:
    text = (
        "“This quote never closes, he said.\n"
        "Plain paragraph.\n"
        "“Later quotes are found,” she said. “All of them.”"
    )
    spans = find_quotes(text, paragraphs(text))
    found = [text[q.start : q.end] for q in spans]
    assert found[-2:] == ["Later quotes are found,", "All of them."]
    assert not spans[0].balanced


def test_second_opener_drops_the_first() -> None:
    text = "“Unclosed, then “a balanced one,” he said."
    assert quoted(text) == ["a balanced one,"]


def test_stray_closer_is_dropped() -> None:
    text = "Then “it was good” he said.” Next “one.”"
    assert quoted(text) == ["it was good", "one."]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab .,:\n“”‘’\"'«»„", max_size=80))
def test_spans_always_slice_inside_their_paragraph(text: str) -> None:
    paras = paragraphs(text)
    for q in find_quotes(text, paras):
        para = paras[q.paragraph]
        assert para.start <= q.start < q.end <= para.end
        assert text[q.start : q.end].strip() == text[q.start : q.end]


def test_two_apostrophes_as_double_quotes() -> None:
    # the style of some archived NYT texts (PolNeAR)
    text = "As he put it, ''Did he lower his taxes?'' It's Mr. Cole's view."
    assert quoted(text) == ["Did he lower his taxes?"]


def test_straight_double_closing_after_nested_single() -> None:
    text = "\"It feels like, 'Meh, we can put this off a little bit,'\" he said."
    assert quoted(text) == ["It feels like, 'Meh, we can put this off a little bit,'"]


def test_paragraphs_of_one_quote_run_together() -> None:
    # a scraped text whose paragraph breaks were lost (giveme5w1h gold-dev 071e141c2165)
    text = 'He said: "We were called at 6.13. "We are treating a number of patients." Then.'
    spans = find_quotes(text, paragraphs(text))
    found = [text[q.start : q.end] for q in spans]
    assert found == ["We were called at 6.13.", "We are treating a number of patients."]
    assert spans[0].continues and spans[1].continued
