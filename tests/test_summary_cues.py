"""Why and how cues of an event's clause, on sentences of the Giveme5W1H gold-dev articles
(../shared/corpus/giveme5w1h/gold-dev, Daily Mail, AP and Guardian texts of 2016)."""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extract.summary.cues import clause, how, why
from newsgraph.nlp import get_nlp


def _verb(sentence: str, word: str) -> Token:
    doc = get_nlp()(sentence)
    return next(t for t in doc if t.text == word)


def test_after_clause_is_the_how_not_the_why() -> None:
    verb = _verb(
        "Several people died and dozens were injured after a tram derailed and overturned "
        "in Croydon.",
        "died",
    )
    hows = {span.text: strength for span, strength in how(verb)}
    assert any(text.startswith("a tram derailed") for text in hows), hows
    assert max(hows.values()) >= 0.7
    assert not list(why(verb))


def test_due_to_gives_the_cause_without_its_cue() -> None:
    verb = _verb(
        "Felipe Massa had to withdraw from the race due to car problems during the Brazilian "
        "Grand Prix.",
        "withdraw",
    )
    whys = [(span.text, strength) for span, strength in why(verb)]
    assert whys and whys[0][0].startswith("car problems") and whys[0][1] == 1.0, whys


def test_in_retaliation_for_is_a_strong_cause() -> None:
    verb = _verb(
        "The Taliban said it carried out the attack in retaliation for air strikes last week "
        "in Kunduz province.",
        "carried",
    )
    whys = [(span.text, strength) for span, strength in why(verb)]
    assert any("retaliation for air strikes" in text and s >= 0.9 for text, s in whys), whys


def test_described_as_an_adjective_is_the_how() -> None:
    verb = _verb(
        "US President Barack Obama has described his first meeting with President-elect "
        "Donald Trump as excellent.",
        "described",
    )
    assert [span.text for span, _ in how(verb)] == ["excellent"]


def test_a_person_after_with_is_no_means() -> None:
    verb = _verb("Trump met with Obama at the White House on Thursday.", "met")
    assert not list(how(verb))


def test_clause_stops_at_a_comma() -> None:
    doc = get_nlp()("He was arrested after the crash, which happened at rush hour.")
    prep = next(t for t in doc if t.text == "after")
    assert clause(prep, frozenset({"after"})).text == "the crash"


def test_when_clause_parsed_as_adverb_gives_the_means() -> None:
    verb = _verb(
        "At least two people were killed and 84 wounded when the insurgents struck with a "
        "suicide car bomb near a hotel being used by German diplomats, Afghan officials said.",
        "killed",
    )
    hows = [span.text for span, _ in how(verb)]
    assert any("struck with a suicide car bomb" in text for text in hows), hows


def test_a_reporting_verb_gives_the_cause_of_what_it_reports() -> None:
    verb = _verb(
        "Mondelez International, the company which makes the product, said the change was made "
        "due to price rises in recent months.",
        "said",
    )
    whys = [span.text for span, _ in why(verb)]
    assert any(w.startswith("price rises") for w in whys), whys


def test_blame_on_names_the_cause() -> None:
    verb = _verb("Mondelez blamed the change on rising costs.", "blamed")
    assert [(s.text, f) for s, f in why(verb)] == [("rising costs", 0.9)]


def test_a_purpose_phrase_hung_on_a_participle_still_counts() -> None:
    verb = _verb(
        "Militants ram car packed with explosives into wall of consulate in Mazar-i-Sharif in "
        "retaliation for Nato airstrikes on Kunduz",
        "ram",
    )
    whys = [span.text for span, _ in why(verb)]
    assert "in retaliation for Nato airstrikes on Kunduz" in whys, whys


def test_a_when_clause_of_state_is_no_how() -> None:
    verb = _verb(
        "In a Brazilian Grand Prix deeply impacted by rain, Massa crashed out in the 48th of 71 "
        "laps when he was in 14th position.",
        "crashed",
    )
    assert not any("14th position" in span.text for span, _ in how(verb))
