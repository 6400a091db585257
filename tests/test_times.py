"""Time expressions on real sentences, the seed's times, the rules alone, and messy input."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.extract.base import Draft
from newsgraph.extract.times.calendar import anchor_year, granularity_of, parse_number
from newsgraph.extract.times.extractor import TimeExtractor
from newsgraph.extract.times.norm import normalise
from newsgraph.extract.times.rules import NO_DCT, Context
from newsgraph.model import Span, TimeExpr
from newsgraph.nlp import get_nlp

SEED_DATE = dt.date(2020, 12, 16)


def times(text: str, published: dt.date | None) -> list[TimeExpr]:
    """Every time expression of `text`, each checked to slice to its own text."""
    doc = get_nlp()(text)
    found = list(TimeExtractor()(doc, Draft(text, published, [Span(0, len(text))])))
    for t in found:
        assert text[t.start : t.end] == t.text
        assert t.extractor == "times/1"
        assert 0.0 <= t.confidence <= 1.0
    return found


def by_text(found: list[TimeExpr], text: str) -> TimeExpr:
    matches = [t for t in found if t.text == text]
    assert matches, f"{text!r} not among {[t.text for t in found]}"
    return matches[0]


@pytest.fixture(scope="module")
def seed_times(seed_text: str) -> list[TimeExpr]:
    return times(seed_text, SEED_DATE)


@pytest.mark.parametrize(
    ("text", "value", "granularity", "modifier"),
    [
        ("Tuesday", "2020-12-15", "day", None),
        ("early June", "2020-06", "month", "early"),
        ("mid-January", "2021-01", "month", "mid"),
        ("May", "2021-05", "month", None),
        ("earlier this year", "2020", "year", None),
        ("months", "PXM", "duration", None),
    ],
)
def test_seed_times_resolve_against_the_publication_date(
    seed_times: list[TimeExpr], text: str, value: str, granularity: str, modifier: str | None
) -> None:
    t = by_text(seed_times, text)
    assert (t.value, t.granularity, t.modifier) == (value, granularity, modifier)


def test_seed_for_months_is_a_duration(seed_text: str, seed_times: list[TimeExpr]) -> None:
    t = by_text(seed_times, "months")
    assert t.type == "DURATION"
    assert seed_text[t.start - 4 : t.end] == "for months"


def test_without_publication_date_relative_times_stay_unresolved(seed_text: str) -> None:
    found = times(seed_text, None)
    for text in ("Tuesday", "early June", "mid-January", "May", "earlier this year"):
        t = by_text(found, text)
        assert t.value is None
        assert t.reason == NO_DCT
    assert by_text(found, "months").value == "PXM"


def test_absolute_dates_resolve_without_publication_date() -> None:
    found = times("The treaty was signed on June 5, 2019, and ratified in March 2020.", None)
    assert by_text(found, "June 5, 2019").value == "2019-06-05"
    assert by_text(found, "March 2020").value == "2020-03"


def test_weekday_is_past_in_news_and_future_when_the_verb_says_so() -> None:
    published = dt.date(2021, 3, 10)  # a Wednesday
    found = times(
        "The minister resigned on Friday. Talks will resume on Monday, officials said.",
        published,
    )
    assert by_text(found, "Friday").value == "2021-03-05"
    assert by_text(found, "Monday").value == "2021-03-15"


def test_next_and_last_units_and_quarters() -> None:
    published = dt.date(1989, 11, 2)
    found = times(
        "Net income rose 12% in the third quarter, and the company expects to open a "
        "plant next month. Last week its shares fell.",
        published,
    )
    assert by_text(found, "the third quarter").value == "1989-Q3"
    assert by_text(found, "next month").value == "1989-12"
    assert by_text(found, "Last week").value == "1989-W43"


def test_durations_decades_sets_and_references() -> None:
    published = dt.date(1998, 2, 13)
    found = times(
        "He has lived in Nairobi for the past three years. Prices doubled in the 1990s. "
        "The paper is published daily. The rebels have recently regrouped.",
        published,
    )
    assert by_text(found, "the past three years").value == "P3Y"
    assert by_text(found, "the 1990s").value == "199"
    daily = by_text(found, "daily")
    assert (daily.type, daily.value) == ("SET", "P1D")
    assert by_text(found, "recently").value == "PAST_REF"


def test_clock_time_hangs_on_the_day_of_its_sentence() -> None:
    text = "The bomb went off yesterday at 10:35 a.m. near the embassy."
    found = times(text, dt.date(1998, 8, 8))
    assert by_text(found, "yesterday").value == "1998-08-07"
    clock = by_text(found, "10:35 a.m.")
    assert (clock.type, clock.value) == ("TIME", "1998-08-07T10:35")


def test_clock_time_takes_the_day_that_follows_it() -> None:
    found = times(
        "The tram derailed at around 6am on Wednesday, police said.", dt.date(2016, 11, 12)
    )
    assert by_text(found, "Wednesday").value == "2016-11-09"
    assert by_text(found, "6am").value == "2016-11-09T06:00"


def test_weekday_followed_by_its_date_is_that_date() -> None:
    text = "The newspaper said in an editorial on Saturday, April 25: the ruling was a detour."
    found = times(text, dt.date(1998, 4, 24))
    assert by_text(found, "April 25").value == "1998-04-25"
    assert by_text(found, "Saturday").value == "1998-04-25"


def test_ages_are_not_times() -> None:
    found = times("The 61-year-old senator met a 45 years old farmer.", dt.date(2020, 1, 1))
    assert not [t for t in found if "old" in t.text]


@pytest.mark.parametrize(
    ("text", "direction", "value", "modifier"),
    [
        ("Tuesday", -1, "2020-12-15", None),
        ("Tuesday", 1, "2020-12-22", None),
        ("next Friday", 0, "2020-12-18", None),
        ("late November", 0, "2020-11", "late"),
        ("Nov. 10", -1, "2020-11-10", None),
        ("Jan. 4", -1, "2021-01-04", None),  # beyond the tense's reach: the nearest wins
        ("two weeks ago", 0, "2020-W49", None),
        ("about two years", 0, "P2Y", "approx"),
        ("nineteen ninety-six", 0, "1996", None),
        ("the fourth quarter", 0, "2020-Q4", None),
        ("the end of the year", 0, "2020", "end"),
        ("last summer", 0, "2020-SU", None),
        ("Christmas", 1, "2020-12-25", None),
        ("a year ago", 0, "2019", None),
    ],
)
def test_rules(text: str, direction: int, value: str, modifier: str | None) -> None:
    found = normalise(text, Context(SEED_DATE, direction))
    assert (found.value, found.modifier) == (value, modifier)


def test_quarter_context_anchors_year_ago() -> None:
    ctx = Context(dt.date(1989, 11, 2), 0, None, "1989-Q3")
    assert normalise("a year earlier", ctx).value == "1988-Q3"
    assert normalise("the year-ago quarter", ctx).value == "1988-Q3"


def test_unreadable_text_has_a_reason() -> None:
    found = normalise("the morrow of the feast", Context(SEED_DATE))
    assert found.value is None and found.reason


def test_calendar_helpers() -> None:
    assert parse_number("twenty-four") == 24
    assert parse_number("a couple of") == 2
    assert parse_number("several") is None
    assert anchor_year(6, SEED_DATE, -1) == 2020
    assert anchor_year(1, SEED_DATE, 1) == 2021
    assert granularity_of("2020-W51", "DATE") == "week"
    assert granularity_of("P3M", "DURATION") == "duration"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(max_size=120),
    st.sampled_from([None, SEED_DATE, dt.date(1, 1, 1), dt.date(9999, 12, 31)]),
)
def test_never_raises_on_arbitrary_unicode(text: str, published: dt.date | None) -> None:
    times(text, published)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            ["on", "Tuesday", "mid-", "January", "1999", "ago", "two", "weeks", "the", "-",
             "quarter", "third", "a.m.", "10", ",", "last", "next", "year", "of", "noon", "é"]
        ),
        max_size=12,
    ).map(" ".join)
)  # fmt: skip
def test_never_raises_on_time_like_word_salad(text: str) -> None:
    times(text, SEED_DATE)
