"""Decoding bytes, refusing what is not text, the language check and the publication date."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
from pathlib import Path

import pytest

from newsgraph.errors import (
    BinaryInput,
    ConfigError,
    EmptyInput,
    InputTooLarge,
)
from newsgraph.text.clean import clean_text
from newsgraph.text.decode import check_text, decode_bytes, parse_published
from newsgraph.text.language import detect_language, parse_languages

ARTICLE = (
    "Prices rise again\n\nThe minister said on Tuesday that fares would rise by £5 — “a disaster"
    " for commuters”, critics said.\n"
)
# Written for these tests: ordinary news sentences in other languages.
GERMAN = (
    "Die Regierung hat am Dienstag beschlossen, die Steuern für große Unternehmen zu erhöhen. "
    "Der Finanzminister sagte, das Geld werde für Schulen und Krankenhäuser gebraucht."
)
FRENCH = (
    "Le gouvernement a annoncé mardi une hausse des impôts pour les ménages les plus riches. "
    "Le ministre a déclaré que cette mesure était nécessaire pour financer les hôpitaux."
)
SPANISH = (
    "El presidente dijo el martes que la economía crecerá este año gracias a las exportaciones. "
    "La oposición criticó el anuncio y pidió más ayudas para las familias."
)


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1252"]
)
def test_text_in_common_encodings_decodes_exactly(encoding: str) -> None:
    assert decode_bytes(ARTICLE.encode(encoding)) == ARTICLE


def test_latin1_text_decodes() -> None:
    text = "Prices rise\n\nFares rise by £5, the café owner said.\n"
    assert decode_bytes(text.encode("latin-1")) == text


@pytest.mark.parametrize("data", [b"", b"   \n\t\n", "\n \u00a0\n".encode()])
def test_empty_input(data: bytes) -> None:
    with pytest.raises(EmptyInput):
        decode_bytes(data)


def _binaries() -> list[bytes]:
    rng = random.Random(7)
    noise = bytes(rng.randrange(256) for _ in range(4096))
    png = b"\x89PNG\r\n\x1a\n" + noise
    return [noise, png, gzip.compress(ARTICLE.encode() * 50), b"\x7fELF\x02\x01\x01\x00" + noise]


@pytest.mark.parametrize("data", _binaries())
def test_binary_input_is_refused(data: bytes) -> None:
    with pytest.raises(BinaryInput):
        decode_bytes(data)


def test_over_large_input_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSGRAPH_MAX_CHARS", "1000")
    with pytest.raises(InputTooLarge, match="limit of 1,000"):
        decode_bytes(b"word " * 1000)
    with pytest.raises(InputTooLarge, match="limit of 1,000"):
        check_text("word " * 300)
    check_text("word " * 150)


def test_control_characters_are_binary() -> None:
    with pytest.raises(BinaryInput):
        check_text("title\n" + "\x01\x02\x03 " * 200)


@pytest.mark.parametrize(
    "text",
    [
        "Yukos unit buyer faces loan claim",
        "Deutsche Telekom sees mobile gain",
        "Fiat mulls Ferrari market listing",
        "Hyundai to build new India plant",
        "Mr Kilroy-Silk quits",
        "Top US general meets with Taliban negotiators",
        "Gen. Mark Milley met with Taliban negotiators in an unannounced visit to Qatar.",
    ],
)
def test_short_english_and_names_are_english(text: str) -> None:
    assert detect_language(text).code == "en"


# Written for these tests: a headline and a sentence in scripts other than Latin.
JAPANESE = "東京で新しい美術館が開館\n\n東京都は火曜日、上野に新しい美術館を開館したと発表した。"
RUSSIAN = "В Москве открылся новый музей\n\nМэрия сообщила во вторник, что музей откроется."


@pytest.mark.parametrize(
    ("text", "lang"),
    [(GERMAN, "de"), (FRENCH, "fr"), (SPANISH, "es"), (JAPANESE, "ja"), (RUSSIAN, "ru")],
)
def test_other_languages_are_named_with_a_probability(text: str, lang: str) -> None:
    found = detect_language(text)
    assert found.code == lang and found.probability > 0.9


def test_a_short_japanese_headline_is_japanese() -> None:
    """Under five words, but not in Latin letters: the classifier decides."""
    assert detect_language("東京で新しい美術館が開館").code == "ja"


def test_near_english_is_english() -> None:
    """English names and scores that the classifier also takes for Nigerian Pidgin, and
    Pidgin itself (written for this test), get the English reading."""
    results = "Swim results\n\nGirls 200 medley relay: Lawrence Free State, 1:52.11; Olathe East"
    pidgin = "Abeg make una no vex, di government don talk say dem go pay di workers dia money"
    assert detect_language(results).code == "en"
    found = detect_language(pidgin)
    assert found.code == "en" and found.probability > 0.9


def test_languages_option() -> None:
    assert parse_languages("en, FR") == {"en", "fr"}
    assert parse_languages(None) is None
    for bad in ("", "english", "en,xx"):
        with pytest.raises(ConfigError, match="--languages"):
            parse_languages(bad)


@pytest.mark.corpus
def test_every_english_article_is_english(corpus: Path) -> None:
    """All 2,225 BBC articles and the gold-dev texts: full text, title, title with lede."""
    texts = [p.read_bytes().decode("latin-1") for p in sorted((corpus / "bbc").glob("*/*.txt"))]
    assert len(texts) == 2225
    for path in sorted((corpus / "giveme5w1h" / "gold-dev").glob("*.json")):
        art = json.loads(path.read_text("utf-8"))
        texts.append(
            "\n\n".join(x for x in (art["title"], art.get("description"), art["text"]) if x)
        )
    refused = []
    for raw in texts:
        cleaned = clean_text(raw)
        for candidate in (cleaned.text, cleaned.title, f"{cleaned.title}\n\n{cleaned.lede}"):
            found = detect_language(candidate)
            if found.code != "en":
                refused.append((cleaned.title, found))
    print(f"\n{len(texts)} articles x 3 (text, title, title + lede): {len(refused)} not English")
    assert refused == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("2020-12-16", "2020-12-16"),
        (dt.date(2020, 12, 16), "2020-12-16"),
        (dt.datetime(2020, 12, 16, 9, 30), "2020-12-16T09:30:00"),
        ("16 December 2020", "2020-12-16"),
        ("2016-11-09 14:05:00", "2016-11-09T14:05:00"),
    ],
)
def test_parse_published(value: str | dt.date | None, expected: str | None) -> None:
    assert parse_published(value) == expected


def test_unreadable_publication_date() -> None:
    with pytest.raises(ConfigError, match="publication date"):
        parse_published("not a date at all")
