"""The 5W1H summary, derived from the events: the seed, and articles without events."""

from __future__ import annotations

import datetime as dt

from newsgraph import read
from newsgraph.extract.base import Draft
from newsgraph.extract.summary import summarise
from newsgraph.model import Article, Span, Summary
from newsgraph.nlp import get_nlp


def test_seed_who_what_when_where(seed: Article) -> None:
    s = seed.summary
    assert s.who and "Milley" in s.who[0].text
    assert s.what and "meet" in s.what[0].text and "Taliban" in s.what[0].text
    assert s.when and s.when[0].value == "2020-12-15" and s.when[0].text == "Tuesday"
    assert s.where and s.where[0].text == "Doha"


def test_candidates_are_spans_ranked_best_first(seed: Article) -> None:
    s = seed.summary
    for w in ("who", "what", "when", "where", "why", "how"):
        found = getattr(s, w)
        confidences = [c.confidence for c in found]
        assert confidences == sorted(confidences, reverse=True)
        for c in found:
            assert seed.text[c.start : c.end] == c.text
            assert 0 <= c.confidence <= 1


def test_seed_why_is_a_cause_or_purpose(seed: Article) -> None:
    whys = [c.text for c in seed.summary.why]
    assert any("in an effort to gain leverage" in w or w.startswith("to ") for w in whys)


def test_no_events_no_summary() -> None:
    text = "Sunny and warm."
    draft = Draft(text=text, published=dt.date(2021, 3, 1), paragraphs=[Span(0, len(text))])
    assert summarise(get_nlp()(text), draft) == Summary()


def test_when_falls_back_to_publication_with_low_confidence() -> None:
    a = read("Police arrest a man in Leeds\n\nPolice arrested a man in Leeds.", "2021-03-01")
    assert a.summary.when
    top = a.summary.when[0]
    assert top.value == "2021-03-01" and top.text == "" and top.confidence <= 0.3
