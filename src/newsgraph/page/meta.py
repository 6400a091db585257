"""A page's structured metadata: the JSON-LD article's authors (with `@graph`, arrays and
`@id` references resolved) and the `<meta>` tags, read once per page for `newsgraph.page.html`
and `newsgraph.page.authors`; and the two text forms both compare with.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

# JSON-LD types that describe the article itself (not the site, a breadcrumb or an image).
_ARTICLE_TYPE = re.compile(r"article|posting|report|webpage|review|howto|recipe|story", re.I)
_JSON_COMMENTS = re.compile(r"^\s*(?:<!--|//<!\[CDATA\[)|(?:-->|//\]\]>)\s*$")


@dataclass(frozen=True, slots=True)
class Structured:
    """The authors the page's JSON-LD article declares (people, organisations) and its
    `<meta>` values by lower-cased name."""

    authors: tuple[str, ...] = ()
    author_orgs: tuple[str, ...] = ()
    metas: dict[str, list[str]] = field(default_factory=dict)

    def meta(self, *names: str) -> Iterator[str]:
        """The non-empty `<meta>` values under these names (property, name or itemprop)."""
        for name in names:
            yield from self.metas.get(name, ())


def squash(text: str | None) -> str:
    """The text with its runs of white space made single spaces."""
    return " ".join((text or "").split())


def key(text: str | None) -> str:
    """Comparison form: case-folded words only."""
    return " ".join(re.findall(r"\w+", (text or "").casefold()))


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in a JSON-LD document, `@graph` members and nested lists included."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            yield item
            for key in ("@graph", "mainEntity", "mainEntityOfPage"):
                if isinstance(item.get(key), (dict, list)):
                    stack.append(item[key])


def _types(obj: dict[str, Any]) -> str:
    kind = obj.get("@type", "")
    return " ".join(kind) if isinstance(kind, list) else str(kind)


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    return squash(value) if isinstance(value, str) and value.strip() else None


def _people(value: Any, ids: dict[str, dict[str, Any]]) -> Iterator[tuple[str, bool]]:
    """(name, is_person) of an `author` value: a string, an object, an `@id` reference or a
    list of those."""
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            yield squash(item), True
            continue
        if not isinstance(item, dict):
            continue
        if "name" not in item and isinstance(item.get("@id"), str):
            item = ids.get(item["@id"], item)
        name = _text(item.get("name"))
        if name:
            yield name, "organization" not in _types(item).lower()


def _documents(tree: HtmlElement) -> Iterator[Any]:
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        text = _JSON_COMMENTS.sub("", script.text_content() or "")
        try:
            yield json.loads(text, strict=False)
        except ValueError:
            continue


def _metas(tree: HtmlElement) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for elem in tree.xpath("//meta[@content]"):
        name = (elem.get("property") or elem.get("name") or elem.get("itemprop") or "").lower()
        value = squash(elem.get("content"))
        if name and value:
            found.setdefault(name, []).append(value)
    return found


def structured(tree: HtmlElement) -> Structured:
    """The authors of the page's JSON-LD article (a specific type such as NewsArticle before
    a generic WebPage) and its `<meta>` tags."""
    objects = [obj for doc in _documents(tree) for obj in _objects(doc)]
    ids = {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str) and "name" in obj}
    articles = [obj for obj in objects if _ARTICLE_TYPE.search(_types(obj))]
    # a specific article type (NewsArticle, BlogPosting) says more than a generic WebPage
    articles.sort(key=lambda obj: "webpage" in _types(obj).lower())
    people: list[str] = []
    orgs: list[str] = []
    for obj in articles:
        for name, person in _people(obj.get("author") or obj.get("creator"), ids):
            (people if person else orgs).append(name)
        if people or orgs:
            break
    return Structured(
        authors=tuple(dict.fromkeys(people)),
        author_orgs=tuple(dict.fromkeys(orgs)),
        metas=_metas(tree),
    )
