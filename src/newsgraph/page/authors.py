"""A page's authors: the printed byline, structured data, meta tags, byline markup.

Sources are tried in order and the first that names someone wins: the byline printed near
the headline ("By Jane Roe", "Written by:" + name), the JSON-LD article's `author` people,
the author `<meta>` tags (kept as written: trafilatura drops one-word names such as user
handles), elements marked as an author name, trafilatura's own guess, links to author pages.
A name equal to the site's name (an organisation signing as the publisher) is kept only
when no source names anybody else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from lxml.html import HtmlElement

from newsgraph.page.meta import Structured
from newsgraph.page.meta import key as _key
from newsgraph.page.meta import squash as _squash

_BYLINE = re.compile(
    r"^(?:(?:this (?:post|article|story) (?:was )?)?written by|words by|posted by|author"
    r"|by)\s*:?(?:\s+(.+)|$)",
    re.I,
)
# a bare "by" that ends another credit ("Medically reviewed" / "by" / a reviewer's name)
_OTHER_CREDIT = re.compile(r"(?:review|check|edit|illustrat|photo|image|video|tested)\w*$", re.I)
_NOT_A_NAME = re.compile(
    r"\d|@|©|https?:|\b(?:updated|posted|posts|about|view|all|more|by|author|admin|www)\b"
    r"|\w\.(?:com|net|org)\b|^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?$",
    re.I,
)
# what a byline introduced by "By" may not be: a date, a time, a count ("By 2030", "by 5%")
_NOT_A_SIGNATURE = re.compile(
    r"^\d+\W*$|^\d{4}\b|%|\b(?:am|pm|min|read)\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d",
    re.I,
)
_NAME_PARTICLES = {"de", "van", "von", "der", "da", "di", "del", "la", "le", "bin", "al"}
# placeholder values templates leave in author fields (and the CMS's default user)
_PLACEHOLDERS = set("undefined null none name author unknown webmaster admin".split()) | {"n a"}
_AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator")
_NOT_IN_COMMENTS = (
    'not(ancestor-or-self::*[contains(@class, "comment") or contains(@id, "comment")])'
)
_MARKED = (
    './/*[@itemprop="author"]//*[@itemprop="name"]',
    './/*[(contains(@class, "author-name") or contains(@class, "author__name")'
    ' or contains(@class, "authorName") or contains(@class, "author_name")'
    ' or contains(@class, "byline__name") or contains(@class, "byline-name")'
    ' or contains(concat(" ", normalize-space(@class), " "), " author ")'
    f" ) and {_NOT_IN_COMMENTS}]",
)
_AUTHOR_LINKS = (
    f'.//a[@rel="author" and {_NOT_IN_COMMENTS}]',
    f'.//a[(contains(@href, "/author/") or contains(@href, "/authors/")) and {_NOT_IN_COMMENTS}]',
)


def _capitalised(text: str, max_words: int, digits: bool = False) -> bool:
    """One to `max_words` words of at most 60 characters, each capitalised (or a name
    particle, or with `digits` a number)."""
    words = text.split()
    return (
        1 <= len(words) <= max_words
        and len(text) <= 60
        and all(
            w[0].isupper() or (digits and w[0].isdigit()) or w.lower() in _NAME_PARTICLES
            for w in words
        )
    )


def looks_like_name(text: str) -> bool:
    """A person's name as printed: one to five capitalised words, no digits or labels."""
    return _capitalised(text, 5) and not _NOT_A_NAME.search(text)


def _signed(text: str) -> bool:
    """A name after an explicit "By": persons and organisations ("By 3i Global") alike."""
    return (
        _capitalised(text, 6, digits=True)
        and not _NOT_A_SIGNATURE.search(text)
        and not _NOT_A_NAME.search(re.sub(r"\d", "", text))
    )


def byline(texts: list[str]) -> tuple[str, ...]:
    """The names of a printed byline ("By Jane Roe and John Doe", "Written by" + name)."""
    for i, text in enumerate(texts):
        match = _BYLINE.match(text)
        if not match or (i and _OTHER_CREDIT.search(texts[i - 1]) and not match[1]):
            continue
        rest = match[1] or (texts[i + 1] if i + 1 < len(texts) else "")
        rest = re.split(r"\s[|·•–—]\s|\s-\s|,\s(?![A-Z][a-z]+\b(?:\s|$))", rest)[0]
        names = [n.strip(" .,:") for n in re.split(r",\s|\sand\s|\s&\s", rest)]
        names = [n for n in names if _signed(n)]
        if names:
            return tuple(names)
    return ()


def _declared(value: str) -> bool:
    """A name as a page declares it in its metadata: anything but a link or a template key."""
    return (
        2 <= len(value) <= 80
        and not re.search(r"https?:|www\.|^[\w-]+(?:\.[\w-]+){2,}$|\{\{|\}\}", value)
        and not value.isdigit()
    )


def _meta_names(meta: Structured) -> list[str]:
    labelled = [
        data
        for n in range(1, 5)
        for label, data in zip(
            meta.meta(f"twitter:label{n}"), meta.meta(f"twitter:data{n}"), strict=False
        )
        if label.lower().startswith("written by")
    ]
    names = [*labelled, *meta.meta(*_AUTHOR_META)]
    return [n for n in names if _declared(n)]


def _texts(tree: HtmlElement, paths: Iterable[str]) -> Iterator[list[str]]:
    for path in paths:
        yield [_squash(e.text_content()) for e in tree.xpath(path)]


def _marked(tree: HtmlElement) -> list[str]:
    for texts in _texts(tree, _MARKED):
        names = []
        for text in texts:
            match = _BYLINE.match(text)
            name = (match[1] or "") if match else text
            if looks_like_name(name):
                names.append(name)
        if names:
            return names
    return []


def _links(tree: HtmlElement) -> list[str]:
    for texts in _texts(tree, _AUTHOR_LINKS):
        names = [n for n in texts if 3 <= len(n) <= 60 and not _NOT_A_NAME.search(n)]
        if names:
            return names
    return []


def _unlabelled(text: str) -> str:
    """A name without the byline words before it ("This post was written by Ann Lee")."""
    match = _BYLINE.match(text.strip())
    return (match[1] or "").strip() if match else text.strip()


def _candidates(
    trafilatura_value: str | None, header: list[str], tree: HtmlElement, meta: Structured
) -> Iterator[list[str]]:
    """Each source's names, in order of trust (evaluated only as far as needed)."""
    yield list(byline(header))
    yield [n.strip(" ,") for n in meta.authors]
    yield _meta_names(meta)
    yield _marked(tree)
    guessed = [_unlabelled(n) for n in (trafilatura_value or "").split(";")]
    yield [n for n in guessed if n and not _NOT_A_NAME.search(n)]
    yield _links(tree)
    yield list(meta.author_orgs)


def authors(
    trafilatura_value: str | None,
    header: list[str],
    tree: HtmlElement,
    meta: Structured,
    site_keys: set[str],
) -> tuple[str, ...]:
    """The article's authors, from the first source that names someone (see the module)."""
    fallback: list[str] = []
    for found in _candidates(trafilatura_value, header, tree, meta):
        names = [n for n in found if _key(n) and _key(n) not in _PLACEHOLDERS]
        people = [n for n in names if _key(n) not in site_keys]
        if people:
            return tuple(dict.fromkeys(people))
        fallback = fallback or names
    return tuple(dict.fromkeys(fallback))
