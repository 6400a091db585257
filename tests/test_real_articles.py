"""The core reading over real articles of ../shared/corpus/giveme5w1h/gold-dev (53 articles)."""

from __future__ import annotations

import ast
import datetime as dt
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from newsgraph import Article, Input, read_many

from .test_seed import spans


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    if isinstance(data.get("fiveWoneH"), str):
        data["fiveWoneH"] = ast.literal_eval(data["fiveWoneH"])
    return data


@pytest.fixture(scope="module")
def articles(corpus: Path) -> list[tuple[dict[str, Any], Article]]:
    raw = [_load(p) for p in sorted((corpus / "giveme5w1h" / "gold-dev").glob("*.json"))]
    assert len(raw) >= 20
    inputs = [
        Input(
            "\n\n".join(x for x in (r["title"], r.get("description") or "", r["text"]) if x),
            published=r["date_publish"],
            publisher=r.get("publisher"),
            name=r["filename"],
        )
        for r in raw
    ]
    read = list(read_many(inputs))
    pairs = [(r, a) for r, a in zip(raw, read, strict=True) if isinstance(a, Article)]
    assert len(pairs) == len(raw), "a gold-dev article was rejected"
    return pairs


def test_every_span_slices_to_its_text(articles: list[tuple[dict[str, Any], Article]]) -> None:
    for _raw, article in articles:
        for s in spans(article.to_dict()):
            assert article.text[s["start"] : s["end"]] == s["text"], (article.title, s)


def test_one_type_per_surface_name(articles: list[tuple[dict[str, Any], Article]]) -> None:
    for _raw, article in articles:
        types: dict[str, set[str]] = defaultdict(set)
        for e in article.entities:
            for m in e.mentions:
                if m.kind in ("name", "surname"):
                    types[m.text].add(e.type)
        mixed = {name: t for name, t in types.items() if len(t) > 1}
        assert not mixed, (article.title, mixed)


def test_surnames_of_people_are_people(articles: list[tuple[dict[str, Any], Article]]) -> None:
    for _raw, article in articles:
        surnames = {
            e.name.split()[-1] for e in article.entities if e.type == "PERSON" and " " in e.name
        }
        wrong = [e.name for e in article.entities if e.type != "PERSON" and e.name in surnames]
        assert not wrong, (article.title, wrong)


def test_title_and_lede_come_first(articles: list[tuple[dict[str, Any], Article]]) -> None:
    for raw, article in articles:
        assert article.title == " ".join(raw["title"].split())
        assert article.text.startswith(article.title)


def test_weekdays_resolve_near_the_publication_date(
    articles: list[tuple[dict[str, Any], Article]],
) -> None:
    weekdays = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    checked = 0
    for _raw, article in articles:
        assert article.published is not None
        published = dt.date.fromisoformat(article.published[:10])
        for t in article.times:
            if t.text.lower().removeprefix("on ") in weekdays:
                assert t.value is not None, (article.title, t)
                day = dt.date.fromisoformat(t.value[:10])
                assert abs((day - published).days) <= 7, (article.title, t)
                assert day.strftime("%A").lower() == t.text.lower().removeprefix("on ")
                checked += 1
    assert checked >= 10


def test_relative_dates_mostly_resolve(articles: list[tuple[dict[str, Any], Article]]) -> None:
    dates = [t for _r, a in articles for t in a.times if t.type == "DATE"]
    resolved = [t for t in dates if t.value is not None]
    assert len(dates) >= 50
    assert len(resolved) / len(dates) >= 0.85
    assert all(t.reason for t in dates if t.value is None)
