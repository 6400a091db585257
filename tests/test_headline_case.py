"""Title-case headlines (New York Times style, Giveme5W1H gold-dev) parsed as sentences."""

from __future__ import annotations

from newsgraph.nlp import get_nlp
from newsgraph.text.headline_case import for_parse, restore, title_case
from tests.test_events import names, real_article

NYT_TITLE = "Taliban Strike German Consulate in Afghan City of Mazar-i-Sharif"
NYT_LEDE = (
    "At least two people were killed and 84 wounded when the insurgents struck with a suicide "
    "car bomb near a hotel being used by German diplomats, Afghan officials said."
)


def test_title_case_needs_every_long_word_capitalised() -> None:
    assert title_case(NYT_TITLE)
    assert title_case("Tram Derails in Croydon, Near London, Killing at Least 7")
    # sentence case, even full of names: the verb is written in lowercase
    assert not title_case("Donald Trump lands in Washington to meet Barack Obama at White House")
    assert not title_case("Croydon tram crash: Police identify first victim")
    assert not title_case("TOBLERONE SHRINKS")  # capitals throughout are not title case


def test_common_words_lowercased_names_kept() -> None:
    text = f"{NYT_TITLE}\n\n{NYT_LEDE}"
    parsed = for_parse(text)
    assert len(parsed) == len(text) and parsed[len(NYT_TITLE) :] == text[len(NYT_TITLE) :]
    title = parsed[: len(NYT_TITLE)]
    # "German" and "Afghan" are capitalised in the lede; "Strike" is a verb, "City" a noun the
    # lede does not use (kept: it could be a name), "in"/"of" function words
    assert title == "Taliban strike German Consulate in Afghan City of Mazar-i-Sharif"
    assert for_parse("Donald Trump lands in Washington") == "Donald Trump lands in Washington"
    # without a body to ask, a verb is lowercased, a nationality adjective is not
    assert for_parse(NYT_TITLE) == title


def test_title_case_headline_tells_its_event() -> None:
    a = real_article(NYT_TITLE, NYT_LEDE)
    assert a.text.startswith(NYT_TITLE)  # spans point at the headline as written
    title = [e for e in a.events if e.trigger.end <= len(NYT_TITLE)]
    assert [e.trigger.text for e in title] == ["Strike"]
    assert names(title[0], "agent") == ["Taliban"] and names(title[0], "patient")
    assert a.summary.who[0].text == "Taliban"


def test_restore_puts_every_analysis_back_on_the_original_words() -> None:
    text = f"{NYT_TITLE}\n\n{NYT_LEDE}"
    parsed = get_nlp()(for_parse(text))
    doc = restore(parsed, text)
    assert doc.text == text and restore(doc, text) is doc
    for attr in ("tag_", "pos_", "dep_", "ent_type_", "ent_iob_", "lemma_", "is_sent_start"):
        assert [getattr(t, attr) for t in doc] == [getattr(t, attr) for t in parsed], attr
    assert [t.head.i for t in doc] == [t.head.i for t in parsed]
