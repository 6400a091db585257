"""Names that page residue, a group's name or a title-case headline ran together with a
person's, cut apart (extract/entities/glued.py; model-dependent), and a company named
without its legal form."""

from __future__ import annotations

from spacy.tokens import Span

from newsgraph.extract.entities.extractor import _fix_types
from newsgraph.extract.entities.glued import headline_names
from newsgraph.nlp import get_nlp
from newsgraph.pipeline import read
from tests.read_entities import by_name, entities


def test_a_caption_run_into_a_paragraph_is_no_person() -> None:
    found = entities(
        "Equifax said hackers took data on 400,000 UK consumers.\n\n"
        "Equifax Equifax holds data on 800 million individuals.\n\nEquifax apologised."
    )
    assert "Equifax Equifax" not in {e.name for e in found}
    assert len(by_name(found, "Equifax").mentions) == 4
    found = entities(
        "Photo: Reuters Equifax holds data on millions of people. Equifax said on Thursday "
        "it was hacked, Reuters reported. Equifax shares fell."
    )
    assert {e.name: e.type for e in found} == {"Reuters": "ORG", "Equifax": "ORG"}


def test_a_credit_before_a_name_is_no_part_of_it() -> None:
    found = entities(
        "Equifax said hackers took data. Equifax shares fell.\n"
        "Reuters Equifax claimed it had no knowledge of the intrusion."
    )
    assert {e.name: e.type for e in found}.get("Equifax") == "ORG"
    assert "Reuters Equifax" not in {e.name for e in found}


def test_a_company_named_without_its_legal_form_is_the_company() -> None:
    doc = get_nlp()("Hackers broke into Equifax Inc. on Monday. Equifax said it was sorry.")
    cands = [(doc[3:5], "ORG"), (doc[8:9], "PERSON")]  # the model's guess on a lone use
    assert [label for _span, label in _fix_types(cands)] == ["ORG", "ORG"]


def test_a_group_written_before_a_name_is_a_name_of_its_own() -> None:
    text = "The all-party group, including Tories Ken Clarke and Sir George Young, said no."
    found = entities(text)
    assert [m.start for m in by_name(found, "Tories").mentions] == [text.index("Tories")]
    assert by_name(found, "Tories").type == "NORP"
    assert by_name(found, "Ken Clarke").mentions[0].text == "Ken Clarke"


def test_an_untagged_acronym_opening_a_longer_name_is_a_mention() -> None:
    text = "The NUJ said no, said Jeremy Dear, NUJ General Secretary."
    nuj = by_name(entities(text), "NUJ")
    assert [m.start for m in nuj.mentions] == [text.index("NUJ"), text.index("NUJ General")]


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


def test_an_organisation_s_headline_name_is_never_cut_into_the_story_s_names() -> None:
    text = "Manchester United Beat Rivals\n\nUnited won in Manchester on Sunday."
    doc = get_nlp()(text)
    at = text.index
    club, united, city = (
        doc.char_span(0, at(" Beat")),
        doc.char_span(at("United won"), at(" won")),
        doc.char_span(at("Manchester on"), at(" on")),
    )
    assert club is not None and united is not None and city is not None
    cands = [(club, "ORG"), (united, "ORG"), (city, "GPE")]
    cut = headline_names(cands, text, frozenset())
    assert [(s.text, label) for s, label in cut[:1]] == [("Manchester United", "ORG")]
