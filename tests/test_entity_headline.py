"""Names the model runs together in a headline, cut at the names the story below writes
(extract/entities/headline.py; model-dependent)."""

from __future__ import annotations

from spacy.tokens import Span

from newsgraph.extract.entities.headline import headline_names
from newsgraph.nlp import get_nlp
from newsgraph.pipeline import read


def _names(text: str) -> dict[str, list[str]]:
    """The article's entities as the pipeline reads it (a title-case headline parsed recased)."""
    found = read(text).entities
    return {e.name: [m.text for m in e.mentions if m.kind != "pronoun"] for e in found}


def test_a_headline_name_glued_to_common_words_or_another_name_is_cut() -> None:
    text = (
        "Benghazi Widow Dorothy Woods Defends Trump Amid Military-Related Controversies.\n\n"
        "As Republican presidential nominee Donald Trump faces continued backlash, the "
        "widow Dorothy Woods is coming to his defense. Woods said Trump was right."
    )
    found = _names(text)
    assert "Trump Amid" not in found
    assert found["Donald Trump"][0] == "Trump"  # the headline's, first
    text = (
        "Blair and Blunkett Sheffield trip\n\n"
        "Tony Blair is to join Home Secretary David Blunkett in a visit to Sheffield on "
        "Thursday. Mr Blunkett's conduct is being looked at."
    )
    found = _names(text)
    assert "Blunkett Sheffield" not in found
    assert found["David Blunkett"][0] == "Blunkett"
    assert len(found["Sheffield"]) == 2


def test_a_headline_name_with_a_given_name_stays_whole() -> None:
    text = (
        "Hillary Clinton Wins Missouri Primary After Recount\n\n"
        "Clinton won the state by a narrow margin, officials said on Monday."
    )
    assert "Hillary Clinton" in _names(text)


def test_only_a_person_s_headline_name_loses_common_words() -> None:
    text = "Washington Post Backs Lee Amid Row\n\nVoters in Washington are split, Ann Lee said."
    doc = get_nlp()(text)

    def span(start: int, end: int) -> Span:
        found = doc.char_span(start, end)
        assert found is not None
        return found

    at = text.index
    post, lee_amid = span(0, 15), span(at("Lee"), at(" Row"))
    place, lee = span(at("Washington", 20), at(" are")), span(at("Ann"), at(" said"))
    cands = [(post, "ORG"), (lee_amid, "PERSON"), (place, "GPE"), (lee, "PERSON")]
    cut = headline_names(cands, text, frozenset())
    assert [(s.text, label) for s, label in cut] == [
        ("Washington Post", "ORG"),  # an organisation's name: never cut to "Washington"
        ("Lee", "PERSON"),  # the surname of the story's "Ann Lee"
        ("Washington", "GPE"),
        ("Ann Lee", "PERSON"),
    ]
