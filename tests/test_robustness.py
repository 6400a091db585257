"""No registered extractor raises on arbitrary text, and every fact's spans slice to its text."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.extract import EXTRACTORS, run_extractors
from newsgraph.model import Span, to_json
from newsgraph.nlp import get_nlp

from .test_seed import spans

NEWSY = st.sampled_from(
    [
        "“",
        "”",
        '"',
        "'",
        "‘",
        "’",
        "«",
        "»",
        "said",
        "told",
        "according to",
        "she",
        "he",
        "Mr",
        "Gen.",
        "President",
        "Smith",
        "John",
        "(",
        ")",
        "UN",
        "on Tuesday",
        "by May",
        "mid-January",
        "£1,400",
        "$1.13bn",
        "3.5%",
        "from 4,500 to 2,500",
        "met with",
        "in",
        "Doha",
        ",",
        ".",
        ":",
        "\n\n",
        "last year",
        "dozens",
        "killed",
        "visited",
        "the",
    ]
)


def _check(text: str, published: dt.date | None) -> None:
    doc = get_nlp()(text)
    facts = run_extractors(
        doc, text, published.isoformat() if published else None, [Span(0, len(text))]
    )
    assert {name for name, _ in EXTRACTORS} <= facts.keys()
    for s in spans(to_json(facts)):
        assert text[s["start"] : s["end"]] == s["text"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400), st.none() | st.dates())
def test_arbitrary_unicode(text: str, published: dt.date | None) -> None:
    _check(text, published)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NEWSY, max_size=60), st.none() | st.dates())
def test_news_like_noise(words: list[str], published: dt.date | None) -> None:
    _check(" ".join(words), published)
