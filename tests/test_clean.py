"""Cleaning: the seed's residue exactly, residue rules one by one, and real articles.

The residue check over ../shared/corpus/giveme5w1h/gold-dev uses the hand labels in
tests/data/residue_labels.json (see tests/data/SOURCES.md); run
`.venv/bin/pytest tests/test_clean.py -k labelled -s` to print the figures.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.errors import NoTitle
from newsgraph.text.clean import MAX_TITLE_CHARS, clean_text, is_sentence
from newsgraph.text.residue import SENTENCE_END, find_inline

DATA = Path(__file__).parent / "data"
SEED_RESIDUE = {
    "Top Stories": 4,
    "ABC News Live": 2,
    "24/7 coverage of breaking news and live events": 1,
}


def test_seed_removes_exactly_the_expected_lines_with_reasons(seed_text: str) -> None:
    cleaned = clean_text(seed_text)
    removed = [r.line for r in cleaned.residue]
    assert sorted(removed) == sorted(line for line, n in SEED_RESIDUE.items() for _ in range(n))
    reasons = {r.line: r.reason for r in cleaned.residue}
    assert reasons["Top Stories"] == reasons["ABC News Live"] == "repeated line"
    assert reasons["24/7 coverage of breaking news and live events"] == "page footer"
    body = [line for line in (x.strip() for x in seed_text.splitlines()) if line]
    kept = [line for line in body if line not in SEED_RESIDUE]
    assert list(cleaned.paragraphs) == kept
    assert cleaned.title == "Top US general meets with Taliban negotiators"
    assert cleaned.lede.startswith("Gen. Mark Milley met with Taliban negotiators")


def test_repeated_lines_known_lines_and_navigation() -> None:
    raw = "\n".join(
        [
            "Council approves new budget",
            "The council approved the budget on Monday.",
            "Share this article",
            "Subscribe to our newsletter today",
            "Councillors argued for three hours before the vote.",
            "Most Read",
            "Most Read",
            "Sign up",
        ]
    )
    known = {"Subscribe to our newsletter today": "recurring line of Example News"}
    cleaned = clean_text(raw, known_residue=known)
    assert cleaned.paragraphs[1:] == (
        "The council approved the budget on Monday.",
        "Councillors argued for three hours before the vote.",
    )
    reasons = {r.line: r.reason for r in cleaned.residue}
    assert reasons["Subscribe to our newsletter today"] == "recurring line of Example News"
    assert reasons["Most Read"] == "repeated line"
    assert reasons["Share this article"] == reasons["Sign up"] == "navigation"
    as_set = clean_text(raw, known_residue={"Subscribe to our newsletter today"})
    assert ("Subscribe to our newsletter today", "known residue line") in [
        (r.line, r.reason) for r in as_set.residue
    ]


def test_short_sentences_and_curly_quotes_stay_at_the_edges() -> None:
    raw = (
        "Minister quits\n\nThe minister resigned.\n\n“Everything else hinges on that.”\n\nHe left."
    )
    cleaned = clean_text(raw)
    assert cleaned.residue == ()
    assert cleaned.paragraphs[-1] == "He left."
    assert is_sentence("“Everything else hinges on that.”")
    assert is_sentence("she said it was “very encouraging”")
    assert not is_sentence("24/7 coverage of breaking news")


def test_a_list_at_the_end_is_not_a_footer() -> None:
    fixtures = ["Seychelles v South Africa", "Mauritius v Madagascar", "Namibia v Botswana"]
    raw = "\n".join(["Cup draw made", "The draw for the first round was made today.", *fixtures])
    assert clean_text(raw).paragraphs[2:] == tuple(fixtures)


def test_headline_is_kept_apart_and_its_repeats_go() -> None:
    raw = (
        "Tram derails in Croydon\nTram derails in Croydon\nSeven people died when a tram derailed."
    )
    cleaned = clean_text(raw)
    assert cleaned.title == "Tram derails in Croydon"
    assert [r.reason for r in cleaned.residue] == ["repeated headline"]
    joined = "Seven killed as tram derails on bend\nSeven killed as tram derails on bend At least"
    body = clean_text(joined + " seven people were killed.").paragraphs[1]
    assert body == "At least seven people were killed."


def test_lede_repeated_in_the_body_goes_once() -> None:
    lede = "Seven people died when a tram derailed in Croydon on Wednesday morning."
    raw = f"Tram crash\n\n{lede}\n\n{lede} Police arrested the driver at the scene of the crash."
    cleaned = clean_text(raw)
    assert cleaned.paragraphs == (
        "Tram crash",
        lede,
        "Police arrested the driver at the scene of the crash.",
    )
    assert cleaned.residue[0].reason == "repeated sentence"


@pytest.mark.parametrize(
    ("line", "gone", "kept", "reason"),
    [
        (
            "The driver was named. Click to share on WhatsApp (Opens in new window) Click to"
            " share on Facebook (Opens in new window) THE three victims were named by police.",
            "Click to share",
            ["The driver was named.", "THE three victims were named by police."],
            "share buttons",
        ),
        (
            "He was arrested. Tram crash 3 show all Tram crash 1/3 The scene at dawn Steve"
            " Parsons/PA 2/3 Police at the site Getty Images 3/3 Flowers left at the stop Getty"
            " The London Fire Brigade said 40 people were hurt.",
            "show all",
            ["He was arrested.", "The London Fire Brigade said 40 people were hurt."],
            "photo caption",
        ),
        (
            "Fans were furious. So unhappy right now #chocolate pic.twitter.com/AbC123 -- Jo Bloggs"
            " (@jobloggs) November 8, 2016 The company denied the claim.",
            "pic.twitter.com",
            ["Fans were furious.", "The company denied the claim."],
            "embedded tweet",
        ),
        (
            'It was serious. Scene: police at the tram stop (Steve Parsons/PA) "I have never seen'
            ' anything like it," he said.',
            "Scene:",
            ["It was serious.", '"I have never seen anything like it," he said.'],
            "photo caption",
        ),
        (
            "The bars are sold in the UK. Follow Ashley May on Twitter: @ashleymay Read or Share"
            " this story: http://usat.ly/abc",
            "Follow Ashley",
            ["The bars are sold in the UK."],
            "follow prompt",
        ),
        (
            "Image copyright EPA Image caption The blast destroyed cars A suicide bomber rammed a"
            " truck into the consulate.",
            "Image caption",
            ["A suicide bomber rammed a truck into the consulate."],
            "photo caption",
        ),
        (
            "Max produced an incredible display at Interlagos as the rain fell But the teenager"
            " overtook 13 cars to finish third.",
            "incredible display",
            ["But the teenager overtook 13 cars to finish third."],
            "caption (no sentence end)",
        ),
    ],
)
def test_inline_residue_goes_and_the_sentences_around_it_stay(
    line: str, gone: str, kept: list[str], reason: str
) -> None:
    cleaned = clean_text("Headline of the story\n\n" + line)
    body = "\n".join(cleaned.paragraphs[1:])
    assert gone not in body
    for sentence in kept:
        assert sentence in body
    assert reason in [r.reason for r in cleaned.residue]
    for r in cleaned.residue:
        assert r.line and r.line in line


def test_a_caption_without_a_clear_end_loses_only_its_marker() -> None:
    line = (
        "Image copyright White House Image caption Melania Trump and Michelle Obama in conversation"
        " White House spokesman Josh Earnest said the two men did not resolve their differences."
    )
    cleaned = clean_text("Trump meets Obama\n\n" + line)
    assert cleaned.paragraphs[1].endswith("did not resolve their differences.")
    assert [r.line for r in cleaned.residue] == ["Image copyright White House Image caption"]


@pytest.mark.parametrize(
    "first",
    ["x" * (MAX_TITLE_CHARS + 1), "https://example.com/news/story", "12:45 | 03/04/2021 ---"],
)
def test_no_clear_title(first: str) -> None:
    with pytest.raises(NoTitle, match="no clear title"):
        clean_text(first + "\n\nThe minister resigned on Tuesday.")
    with pytest.raises(NoTitle, match="no clear title"):
        clean_text(" \n\t\n")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_either_cleans_or_has_no_title(raw: str) -> None:
    try:
        cleaned = clean_text(raw)
    except NoTitle:
        return
    assert cleaned.title
    assert all(p and p == p.strip() for p in cleaned.paragraphs)
    assert all(r.line and r.reason for r in cleaned.residue)
    for line in raw.splitlines():
        for cut in find_inline(line):
            assert 0 <= cut.start < cut.end <= len(line)


def _gold(corpus: Path) -> list[dict[str, Any]]:
    paths = sorted((corpus / "giveme5w1h" / "gold-dev").glob("*.json"))
    return [json.loads(p.read_text("utf-8")) for p in paths]


def _sentences(text: str) -> list[str]:
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        out.append(text[start : m.end()].strip())
        start = m.end()
    return [s for s in out if len(s.split()) >= 4]


MARKERS = (
    "Click to share on",
    "(Opens in new window)",
    "Thank you for subscribing",
    "pic.twitter.com",
    " show all ",
    "Read or Share this story",
    "Image copyright",
    "Skip Ad",
    "Continue reading the main story",
)


def test_real_articles_lose_residue_and_keep_the_lede(corpus: Path) -> None:
    articles = _gold(corpus)
    assert len(articles) >= 20
    for art in articles:
        desc = art.get("description") or ""
        raw = "\n\n".join(x for x in (art["title"], desc, art["text"]) if x)
        cleaned = clean_text(raw)
        text = cleaned.text
        assert cleaned.title == " ".join(art["title"].split())
        for marker in MARKERS:
            assert marker not in text, (art["filename"], marker)
        body = " ".join(art["text"].split())
        for sentence in _sentences(" ".join(desc.split())):
            if sentence in body:
                assert sentence in text, (art["filename"], sentence)


def _measure(corpus: Path, which: str) -> tuple[float, float, int, int]:
    """Residue recall (characters), body characters removed, body sentences lost, of all."""
    labels = json.loads((DATA / "residue_labels.json").read_text("utf-8"))["articles"]
    hit = total = wrong = body = lost = sentences = 0
    for name, entry in labels.items():
        if entry["set"] != which:
            continue
        art = json.loads((corpus / "giveme5w1h" / "gold-dev" / f"{name}.json").read_text("utf-8"))
        text = " ".join(art["text"].split())
        label = [False] * len(text)
        for start, end, digest in entry["spans"]:
            assert hashlib.sha1(text[start:end].encode()).hexdigest()[:10] == digest, name
            label[start:end] = [True] * (end - start)
        removed, pos = [False] * len(text), 0
        for r in clean_text(art["title"] + "\n\n" + art["text"]).residue:
            at = text.find(r.line, pos)
            assert at >= 0, r
            removed[at : at + len(r.line)] = [True] * len(r.line)
            pos = at + len(r.line)
        chars = [i for i, c in enumerate(text) if not c.isspace()]
        total += sum(label[i] for i in chars)
        hit += sum(label[i] and removed[i] for i in chars)
        body += sum(not label[i] for i in chars)
        wrong += sum(removed[i] and not label[i] for i in chars)
        start = 0
        for end in [m.end() for m in SENTENCE_END.finditer(text)] + [len(text)]:
            own = [i for i in range(start, end) if not text[i].isspace() and not label[i]]
            start = end
            if len(own) >= 20:
                sentences += 1
                lost += sum(removed[i] for i in own) * 2 > len(own)
    return hit / total, wrong / body, lost, sentences


@pytest.mark.corpus
@pytest.mark.parametrize(("which", "floor"), [("dev", 0.72), ("heldout", 0.42)])
def test_labelled_residue_is_removed_and_body_kept(corpus: Path, which: str, floor: float) -> None:
    recall, body_removed, lost, sentences = _measure(corpus, which)
    print(
        f"\n{which}: residue recall {recall:.3f}, body characters removed {body_removed:.4f},"
        f" body sentences lost {lost}/{sentences}"
    )
    assert recall >= floor
    assert body_removed <= 0.002
    assert lost == 0


@pytest.mark.corpus
def test_clean_bbc_articles_lose_almost_nothing(corpus: Path) -> None:
    """The BBC corpus is clean text: what the cleaner removes there is a false removal."""
    paths = sorted((corpus / "bbc").glob("*/*.txt"))
    assert len(paths) == 2225
    removed = total = 0
    for path in paths:
        raw = path.read_bytes().decode("latin-1")
        total += len(raw.split())
        removed += sum(len(r.line.split()) for r in clean_text(raw).residue)
    print(f"\nBBC: {removed} of {total} words removed ({removed / total:.5f})")
    assert removed / total < 0.0005
