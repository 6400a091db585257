"""Quotes with the model: the seed's six quotes, one test per pattern on real sentences.

The sentences come from the shared corpus (giveme5w1h gold-dev / clusters-dev, PolNeAR
train; the file named beside each). Each is read as a small article: a title paragraph,
then the sentence, so spans and paragraphs behave as in the pipeline.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph import Article
from newsgraph.cli import main
from newsgraph.extract.base import Draft
from newsgraph.extract.entities.extractor import EntityExtractor
from newsgraph.extract.quotes.extractor import QuoteExtractor
from newsgraph.model import Quote, Span
from newsgraph.nlp import get_nlp


def read_quotes(body: str, title: str = "A headline") -> tuple[str, list[Quote]]:
    """The text (title + body) and its quotes, entities resolved first."""
    text = f"{title}\n\n{body}" if title else body
    doc = get_nlp()(text)
    draft = Draft(text, None, [Span(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)])
    draft.entities = list(EntityExtractor()(doc, draft))
    return text, QuoteExtractor()(doc, draft)


def only(quotes: list[Quote], kind: str | None = None) -> Quote:
    found = [q for q in quotes if kind is None or q.type == kind]
    assert len(found) == 1, found
    return found[0]


# -- the seed (EXPECTED.md) ------------------------------------------------------------------


def direct(seed: Article) -> list[Quote]:
    return [q for q in seed.quotes if q.type == "direct"]


def test_seed_has_six_direct_quotes_inside_the_marks(seed: Article) -> None:
    quotes = direct(seed)
    assert len(quotes) == 6
    assert quotes[0].text.startswith("In coordination with the Department of State")
    assert quotes[0].text.endswith("in the U.S.-Taliban agreement,")
    assert quotes[3].text == "Everything else hinges on that."  # opens " and closes ”
    for q in seed.quotes:
        assert seed.text[q.start : q.end] == q.text
        for part in (q.speaker, q.cue, q.addressee, q.medium):
            if part is not None:
                assert seed.text[part.start : part.end] == part.text


def test_seed_speakers(seed: Article) -> None:
    names = [q.speaker.name if q.speaker else None for q in direct(seed)]
    flaherty, milley = "Sarah Flaherty", "Mark A. Milley"
    assert names[0] == flaherty and names[4] == flaherty
    assert names[2] == milley


def test_seed_cue_medium_addressee(seed: Article) -> None:
    q1, _, q3, _, q5, _ = direct(seed)
    assert q1.cue is not None and q1.cue.text == "said"
    assert q1.medium is not None and q1.medium.text == "in a statement"
    assert q1.speaker is not None and q1.speaker.text == "Cmdr. Sarah Flaherty"
    assert q3.cue is not None and q3.cue.text == "told"
    assert q3.addressee is not None and q3.addressee.text == "an Associated Press reporter"
    assert q5.medium is not None and q5.medium.text == "in a separate statement"


def test_seed_she_added_is_resolved_by_coreference(seed: Article) -> None:
    q2 = direct(seed)[1]
    assert q2.speaker is not None and q2.speaker.text == "she"
    assert q2.cue is not None and q2.cue.text == "added"
    assert q2.speaker.name == "Sarah Flaherty"


def test_seed_continuations_keep_the_speaker_with_lower_confidence(seed: Article) -> None:
    quotes = direct(seed)
    assert quotes[3].speaker is not None and quotes[3].speaker.name == "Mark A. Milley"
    assert quotes[5].speaker is not None and quotes[5].speaker.name == "Sarah Flaherty"
    assert quotes[3].confidence < quotes[2].confidence
    assert quotes[5].confidence < quotes[4].confidence


# -- patterns ------------------------------------------------------------------------------


def test_colon_introduced_description_speaker() -> None:
    # giveme5w1h gold-dev 071e141c2165
    _, quotes = read_quotes(
        'A spokesman added: "It is too early for us to confirm numbers but we are working hard '
        'to assess the ongoing incident and we are continuing to focus on recovery efforts."'
    )
    q = only(quotes)
    assert q.type == "direct" and q.text.startswith("It is too early")
    assert q.speaker is not None and q.speaker.entity is None
    assert q.speaker.description == "A spokesman"
    assert q.cue is not None and q.cue.text == "added"


def test_mixed_quote_is_one_quote() -> None:
    # giveme5w1h gold-dev 071e141c2165
    _, quotes = read_quotes(
        'British Transport Police confirmed there had been "some loss of life".'
    )
    q = only(quotes)
    assert q.type == "mixed"
    assert q.text == 'there had been "some loss of life"'
    assert q.speaker is not None and q.speaker.text == "British Transport Police"


def test_said_in_a_statement() -> None:
    # giveme5w1h gold-dev ba38e52fb1cb
    _, quotes = read_quotes(
        '"The derailment occurred on the curve and initial indications suggest that the tram '
        'was traveling at a significantly higher speed than is permitted," the RAIB said in a '
        "statement."
    )
    q = only(quotes)
    assert q.type == "direct" and q.speaker is not None and q.speaker.text == "the RAIB"
    assert q.medium is not None and q.medium.text == "in a statement"


def test_told_audience_with_appositive_name() -> None:
    # giveme5w1h clusters-dev 08850d993c9b
    _, quotes = read_quotes(
        "“He was a gambler, that was his job,” his brother, Eric Paddock, told reporters Monday "
        "at his home in Orlando."
    )
    q = only(quotes)
    assert q.speaker is not None and q.speaker.name == "Eric Paddock"
    assert q.speaker.description == "his brother"
    assert q.addressee is not None and q.addressee.text == "reporters"


def test_according_to_indirect() -> None:
    # giveme5w1h gold-dev ba38e52fb1cb
    _, quotes = read_quotes(
        "Authorities arrested the 42-year-old driver of the London Tramlink two-car vehicle, "
        "according to Sky News."
    )
    q = only(quotes)
    assert q.type == "indirect"
    assert q.text.startswith("Authorities arrested") and q.text.endswith("two-car vehicle")
    assert q.speaker is not None and q.speaker.text == "Sky News"
    assert q.cue is not None and q.cue.text == "according to"


def test_told_that_mixed_with_addressee() -> None:
    # giveme5w1h clusters-dev 077896ee749c
    _, quotes = read_quotes(
        'Dmitry Peskov told reporters that Russia "resolutely condemns" such moves.'
    )
    q = only(quotes)
    assert q.type == "mixed" and q.text == 'Russia "resolutely condemns" such moves'
    assert q.speaker is not None and q.speaker.text == "Dmitry Peskov"
    assert q.addressee is not None and q.addressee.text == "reporters"


def test_postposed_description_speaker_indirect() -> None:
    # giveme5w1h gold-dev 918d93574490
    _, quotes = read_quotes(
        "The effect of the alterations on the signature shape of the 400-gram bar, which is sold "
        "across Europe, was less noticeable, a company spokeswoman said."
    )
    q = only(quotes)
    assert q.type == "indirect" and q.text.startswith("The effect of the alterations")
    assert q.speaker is not None and q.speaker.description == "a company spokeswoman"


def test_split_quote_shares_speaker_and_cue() -> None:
    # giveme5w1h clusters-dev 8a231b8bfaef
    _, quotes = read_quotes("“Without trucks,” the group says, “America stops.”")
    a, b = quotes
    assert (a.text, b.text) == ("Without trucks,", "America stops.")
    assert a.speaker == b.speaker and a.speaker is not None and a.speaker.text == "the group"
    assert a.cue == b.cue


def test_dash_attribution() -> None:
    # shortened from a reader's quote signed with a dash (PolNeAR, huff-post 2016-09-27)
    _, quotes = read_quotes(
        "“Mr. Trump relies on generalizing when it comes to historically underrepresented "
        "communities.” ― Ariana Huichapa"
    )
    q = only(quotes)
    assert q.speaker is not None and q.speaker.text == "Ariana Huichapa"


def test_person_named_inside_a_title() -> None:
    # giveme5w1h gold-dev 071e141c2165
    _, quotes = read_quotes(
        'Mayor of London Sadiq Khan said: "I am in contact with emergency services and TfL, who '
        "are working extremely hard to get the situation under control and treat those who have "
        'been injured."'
    )
    q = only(quotes)
    assert q.speaker is not None and q.speaker.text == "Sadiq Khan"
    assert q.speaker.entity is not None and q.speaker.description == "Mayor"


def test_passive_subject_is_not_the_speaker() -> None:
    # giveme5w1h gold-dev 071e141c2165
    _, quotes = read_quotes(
        "People are being warned to avoid the tram line and the area surrounding Sandilands "
        "station in east Croydon, where there is a large police cordon."
    )
    assert all(q.speaker is None or q.speaker.text != "People" for q in quotes)


def test_scare_quotes_and_titles_are_not_quotes() -> None:
    # giveme5w1h clusters-dev 08850d993c9b; the film title is made up
    _, quotes = read_quotes(
        "She worked as a “high-limit hostess” at the Atlantis Casino in Reno from 2010 to 2013."
    )
    assert quotes == []
    _, quotes = read_quotes("They watched the film “The Long Night Of The Storm” in Reno.")
    assert [q for q in quotes if q.type in {"direct", "mixed"}] == []  # a title is no speech


def test_headline_with_speaker() -> None:
    # PolNeAR dev breitbart_2016-09-15_pat-caddell-democrat-voters-worr (its title)
    _, quotes = read_quotes(
        "Pollster Pat Caddell spoke on Breitbart News Daily.",
        title="Pat Caddell: Democrat Voters Worried About Hillary Clinton’s Health Issues",
    )
    q = only(quotes)
    assert q.text == "Democrat Voters Worried About Hillary Clinton’s Health Issues"
    assert q.speaker is not None and q.speaker.text == "Pat Caddell"


def test_multi_paragraph_quote_keeps_its_speaker() -> None:
    # adapted from a Trump quote in PolNeAR (breitbart 2016-09-29), split over two paragraphs
    _, quotes = read_quotes(
        "“We have a situation where we have our inner cities in trouble,” Trump said. "
        "“You walk down the street, you get shot.\n\n“We have to stop the violence.”"
    )
    assert [q.text for q in quotes][-1] == "We have to stop the violence."
    assert {q.speaker.text if q.speaker else None for q in quotes} == {"Trump"}


def test_unbalanced_quote_does_not_lose_the_article() -> None:
    _, quotes = read_quotes(
        "“This one never closes, the mayor said on Monday.\n\n"
        "“The next quote is fine,” the mayor added."
    )
    assert "The next quote is fine," in [q.text for q in quotes]


# -- robustness -----------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["“", "”", '"', "'", "‘", "’", "«", "»", "said", "she", "Smith", "told", "that",
             "according", "to", ",", ".", ":", "—", "\n\n", "reporters", "we", "win"]
        ),
        max_size=30,
    )
)
def test_never_raises_and_spans_slice(words: list[str]) -> None:
    text, quotes = read_quotes(" ".join(words))
    for q in quotes:
        assert text[q.start : q.end] == q.text
        assert 0.0 <= q.confidence <= 1.0
        for part in (q.speaker, q.cue, q.addressee, q.medium):
            if part is not None:
                assert text[part.start : part.end] == part.text


# -- CLI ------------------------------------------------------------------------------------


def test_cli_quotes_json(
    seed_text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    assert main(["quotes", str(path), "--published", "2020-12-16", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    direct_rows = [r for r in rows if r["type"] == "direct"]
    assert [r["speaker"] for r in direct_rows][:3] == [
        "Sarah Flaherty", "Sarah Flaherty", "Mark A. Milley"
    ]
    assert direct_rows[2]["cue"] == "told"


def test_cli_quotes_table(
    seed_text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    assert main(["quotes", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:4] == ["file", "speaker", "quote", "cue"]
    assert "Mark A. Milley" in out
