"""The part and the word of a headline that tell the news (extract/summary/headline.py), on
real Giveme5W1H headlines (gold-dev and clusters-dev)."""

from __future__ import annotations

from newsgraph.extract.summary.headline import headline_clause, news_parts, predicate, title_span
from tests.test_headline_verbs import parsed


def test_a_label_before_a_colon_is_set_aside() -> None:
    doc = parsed("Afghanistan: Fatal attack on German consulate in Mazar-e-Sharif")
    found = headline_clause(doc)
    assert found is not None and found[0].text == "attack"
    assert predicate(*found).text == "Fatal attack on German consulate in Mazar-e-Sharif"
    doc = parsed("Croydon tram crash: Five dead after vehicle overturns in south London")
    found = headline_clause(doc)
    assert found is not None and predicate(*found).text == "Five dead"


def test_an_attribution_tail_and_a_quotation_are_set_aside() -> None:
    doc = parsed("Terror attack kills scores in Nice, France, Hollande says")
    title = title_span(doc)
    assert title is not None
    assert [p.text for p in news_parts(title)] == ["Terror attack kills scores in Nice", "France"]
    found = headline_clause(doc)
    assert found is not None and found[0].text == "kills"
    doc = parsed("China opposes DPRK's missile launch: FM spokesperson")
    title = title_span(doc)
    assert title is not None and [p.text for p in news_parts(title)] == [
        "China opposes DPRK's missile launch"
    ]
    doc = parsed(
        "Max Verstappen amazes Red Bull principal Christian Horner with performance in Brazil: "
        "'We witnessed something very, very special'"
    )
    found = headline_clause(doc)
    assert found is not None and found[0].text == "amazes"


def test_the_news_is_the_main_clause_not_a_subordinate_one() -> None:
    doc = parsed("While the U.S. talks about election, UK outraged over Toblerone chocolate")
    found = headline_clause(doc)
    assert found is not None and predicate(*found).text == "outraged over Toblerone chocolate"
    doc = parsed(
        "Final three Croydon tram crash victims named as repair work starts on track at scene "
        "of tragedy"
    )
    found = headline_clause(doc)
    assert found is not None and found[0].text == "named"
    assert predicate(*found).text == "Final three Croydon tram crash victims named"
    doc = parsed("Trump meets with Obama at the White House as whirlwind transition starts")
    found = headline_clause(doc)
    assert found is not None and predicate(*found).text == "meets with Obama at the White House"


def test_a_passive_headline_keeps_what_befell_its_subject() -> None:
    doc = parsed("German consulate in Afghanistan bombed in 'revenge' attack by Taliban")
    found = headline_clause(doc)
    assert found is not None and found[0].text == "bombed"
    assert predicate(*found).text.startswith("German consulate in Afghanistan bombed")
