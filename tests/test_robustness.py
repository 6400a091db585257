"""No registered extractor raises on arbitrary text, and every fact's spans slice to its text."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph import read
from newsgraph.extract import EXTRACTORS, run_extractors
from newsgraph.model import Rejection, Span, to_json
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


def test_a_lone_surrogate_is_repaired_not_a_crash() -> None:
    # half an emoji, as a broken JSON escape ("\\ud83d") or a lossy scraper leaves it
    article = read("Storm hits coast \ud83d\n\nThe storm hit the coast on Tuesday, police said.")
    assert article.title == "Storm hits coast \ufffd"
    article.text.encode("utf-8")  # storable and servable


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NEWSY, max_size=60), st.none() | st.dates())
def test_news_like_noise(words: list[str], published: dt.date | None) -> None:
    _check(" ".join(words), published)


def test_a_failing_extractor_costs_one_article_not_the_batch(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from newsgraph import Input, read_many
    from newsgraph.extract import quantities

    calls = {"n": 0}
    real = quantities.QuantityExtractor.__call__

    def flaky(self: quantities.QuantityExtractor, doc: Any, draft: Any) -> Any:
        calls["n"] += 1
        if "boom" in draft.text:
            raise RuntimeError("extractor bug")
        return real(self, doc, draft)

    monkeypatch.setattr(quantities.QuantityExtractor, "__call__", flaky)
    texts = [
        "Fine one\n\nThree people met.",
        "Boom\n\nThis boom costs £5.",
        "Fine two\n\nAll well.",
    ]
    results = list(read_many(Input(t, name=f"doc{i}") for i, t in enumerate(texts)))
    assert [type(r).__name__ for r in results] == ["Article", "Rejection", "Article"]
    rejection = results[1]
    assert isinstance(rejection, Rejection)
    assert (rejection.input, rejection.stage, rejection.type) == ("doc1", "extract", "RuntimeError")
    assert calls["n"] == 3 and "extraction failed on doc1" in caplog.text
