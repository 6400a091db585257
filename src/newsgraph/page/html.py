"""HTML pages → Article: trafilatura for the body, htmldate for the date, page metadata.

`extract_page` turns a page into a `Page` (headline, body paragraphs, date, authors, site
name, url, language) without the model; `read_html` then reads `title + "\\n\\n" + body`
exactly as text is read. What trafilatura and htmldate miss is repaired from the page's
own markup, each repair measured on WCXB/AEB (`eval/pages.py`):

- body: trafilatura with `favor_precision=True, include_comments=False` (AEB F1 +0.01
  over the defaults), unless that keeps under a quarter of the words of trafilatura's
  balanced mode (it dropped the article: `PRECISE_SHARE`) or finds no body; then the
  balanced mode's body, else `favor_recall=True`'s;
- headline: the page's title (og:title/`<title>`, site name split off) when the page
  prints it as a heading and no `<h1>` says the same; else the `<h1>` readers see
  (inside `<article>`/`<main>` first, not the site's name nor the `<title>`'s site
  suffix, nor of two words beside a title of five or more: "Pulse!", "Index funds"):
  one found in the titles, else one that is not a short label ("Search", "Blog"); else
  the metadata title with the site-name part split off (titles carry site-name suffixes
  and SEO rewrites); a headline of four or more words ends at a " | "; UTF-8 misread as
  Latin-1 or Windows-1252 ("Investorâ€™s") is repaired by ftfy;
- date: see `newsgraph.page.dates` (the date printed around the headline, read with
  the dates the page declares in its markup);
- authors: see `newsgraph.page.authors` (printed byline, JSON-LD, meta tags, markup).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import trafilatura
from ftfy import fix_encoding
from lxml.etree import _ElementUnicodeResult
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from newsgraph.errors import InputError
from newsgraph.page.authors import authors
from newsgraph.page.dates import publication_date
from newsgraph.page.meta import Structured, structured
from newsgraph.page.meta import key as _key
from newsgraph.page.meta import squash as _squash

if TYPE_CHECKING:  # the reading (spaCy) is imported only when a page is read
    from newsgraph.model import Article
    from newsgraph.pipeline import Input

MIN_BODY_CHARS = 100  # shorter bodies are navigation pages, not articles
PRECISE_SHARE = 0.25
"""trafilatura's precision mode is kept unless it finds under this share of the words of its
balanced mode. Chosen on the even halves of AEB and WCXB (0.20–0.25 best; AEB unchanged,
WCXB body F1 0.909 → 0.923); held-out odd halves: AEB unchanged, WCXB 0.927 → 0.940."""
_WORD = re.compile(r"\w+")
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|•|·|::|:|/|»)\s+")
LABEL_WORDS = 2  # an <h1> this short beside a title of LONG_TITLE words is a section label
LONG_TITLE = 5
_PIPE = re.compile(r"\s+\|\s+")
PIPED_HEADLINE_WORDS = 4  # a headline part of this many words before " | " stands alone
HEADER_TEXTS = 25  # text pieces after the headline searched for its printed date
# headings other than <h1> (and not parts of one) that may show the headline
_HEADINGS = (
    '//h2|//h3|//*[(contains(@class, "title") or contains(@class, "headline"))'
    " and not(ancestor-or-self::h1)]"
)


class NoArticle(InputError):
    """The page holds no article text (a front page, a listing, an error page)."""

    stage = "html"


@dataclass(frozen=True, slots=True)
class Page:
    """What a page says about its article, before the reading."""

    title: str
    paragraphs: tuple[str, ...]
    published: str | None = None
    authors: tuple[str, ...] = ()
    sitename: str | None = None
    url: str | None = None
    language: str | None = None

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def text(self) -> str:
        """The text the reading takes: headline, a blank line, the body paragraphs."""
        return f"{self.title}\n\n{self.body}"


def _element_text(elem: HtmlElement) -> str:
    """An element's text with a space where a `<br>` breaks it, without the `<time>` a
    heading may carry ("Dec 18 2025 Preparing a transition")."""
    parts = [elem.text or ""]
    for child in elem:
        if child.tag in ("br", "time"):
            parts.append(" ")
        elif isinstance(child.tag, str):  # not a comment or processing instruction
            parts.append(_element_text(child))
        parts.append(child.tail or "")
    return _squash("".join(parts))


def _h1s(tree: HtmlElement, site_keys: set[str]) -> list[HtmlElement]:
    """The page's `<h1>`s that can be a headline (not empty, not the site's name); those
    inside `<article>` or `<main>` first."""
    found = []
    for h in tree.iter("h1"):
        key = _key(h.text_content())
        if 3 <= len(key) <= 300 and not any(key in s or s in key for s in site_keys):
            found.append(h)
    inside = [h for h in found if h.xpath("ancestor::article or ancestor::main")]
    return inside + [h for h in found if h not in inside]


def _strip_site(title: str, site_keys: set[str]) -> str:
    """The headline part of a `<title>`: drop the segments naming the site."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) == 1:
        return title
    kept = [p for p in parts if not any(_key(p) in s or s in _key(p) for s in site_keys)]
    if not kept or len(kept) == len(parts):
        kept = [max(parts, key=len)] if len(parts[0]) < 20 else parts[:1]
    return " - ".join(kept)


def _host(url: str | None) -> str:
    match = re.match(r"https?://(?:www\.)?([^/:]+)", url or "")
    return match[1].rsplit(".", 1)[0] if match else ""


def site_keys(sitename: str | None, url: str | None) -> set[str]:
    """The site's name and host as comparison keys (what a headline is not)."""
    return {k for k in (_key(sitename), _key(_host(url))) if k}


def _site_suffixes(titles: list[str]) -> set[str]:
    """The last parts of titles when they are not the titles' longest part ("Post title |
    Blog name" → the blog's name): an `<h1>` that equals one names the site."""
    sides = set()
    for title in titles:
        parts = [_key(p) for p in _TITLE_SEPARATORS.split(title)]
        if len(parts) > 1 and len(parts[-1]) < max(map(len, parts)):
            sides.add(parts[-1])
    return sides


def _shown_title(tree: HtmlElement, titles: list[str], site_keys: set[str]) -> str | None:
    """The metadata title (site name split off) when the page prints it as a heading."""
    wanted = {_key(_strip_site(t, site_keys)): _strip_site(t, site_keys) for t in titles}
    wanted = {k: t for k, t in wanted.items() if k and k not in site_keys}
    for elem in tree.xpath(_HEADINGS):
        text = _element_text(elem)
        if len(text) <= 300 and _key(text) in wanted:
            return wanted[_key(text)]
    return None


def headline(
    tree: HtmlElement, page: Structured, meta_title: str | None, site_keys: set[str]
) -> str:
    """The article's headline as readers see it, without what follows a " | " after a
    headline of some words ("How meditation rewires brains | Opinion"): the bar separates
    a title's parts, not a headline's."""
    text = fix_encoding(_headline(tree, page, meta_title, site_keys))  # "Investorâ€™s"
    first = _PIPE.split(text, maxsplit=1)[0]
    return first if len(_key(first).split()) >= PIPED_HEADLINE_WORDS else text


def _headline(
    tree: HtmlElement, page: Structured, meta_title: str | None, site_keys: set[str]
) -> str:
    titles = [
        *page.meta("og:title", "twitter:title"),
        *(t for t in [meta_title, _squash(tree.findtext(".//title"))] if t),
    ]
    sides = _site_suffixes(titles)
    h1s = [_element_text(h) for h in _h1s(tree, site_keys) if _key(h.text_content()) not in sides]
    lengths = [len(_key(_strip_site(t, site_keys | sides)).split()) for t in titles]
    if max(lengths, default=0) >= LONG_TITLE:  # beside a long title, "Pulse!" is a label
        h1s = [h1 for h1 in h1s if len(_key(h1).split()) > LABEL_WORDS]
        titles = [t for t in titles if len(_key(t).split()) > LABEL_WORDS]
    keys = [_key(t) for t in titles]
    shown = _shown_title(tree, titles, site_keys | sides)
    if shown and not any(_key(h1) == _key(shown) for h1 in h1s):
        return shown  # the page's title printed as a heading: the <h1> is a label or section
    for h1 in h1s:
        if any(_key(h1) in k for k in keys):
            return h1
    title_words = set(" ".join(keys).split())
    for h1 in h1s:  # an SEO <title> may reword the headline; a short unrelated <h1> is a label
        words = set(_key(h1).split())
        if not titles or len(words) >= 4 or len(words & title_words) * 2 >= len(words):
            return h1
    titles = [t for t in titles if _key(t) not in sides | site_keys] or titles
    return _strip_site(titles[0], site_keys) if titles else ""


def header_texts(tree: HtmlElement, title: str, site_keys: Collection[str] = ()) -> list[str]:
    """The short texts just before and after the headline's `<h1>` (else the page's main
    `<h1>`, else the heading showing the headline) in document order: dateline, byline,
    "Updated …"."""
    heads = [h for h in tree.iter("h1") if _key(_element_text(h)) == _key(title)]
    heads = heads or _h1s(tree, set(site_keys))
    heads = heads or [h for h in tree.xpath(_HEADINGS) if _key(h.text_content()) == _key(title)]
    if not heads:
        return []
    before = [
        node for node in heads[0].xpath("preceding::text()[position() <= 40]") if _header_text(node)
    ]
    texts = (_squash(t) for t in [*before[-8:], *_following_texts(heads[0], HEADER_TEXTS)])
    return [t for t in texts if 2 <= len(t) <= 120]


def _header_text(node: _ElementUnicodeResult) -> bool:
    """Whether a text node is shown text: not script or style, not empty, and not a
    category link ("By" / "Local Politics" / the name is no byline)."""
    parent = node.getparent()
    if parent is None or not _squash(node):
        return False
    if node.is_text and "tag" in (parent.get("rel") or "").split():
        return False
    return not (node.is_text and parent.tag in ("script", "style", "noscript"))


def _following_texts(elem: HtmlElement, limit: int) -> Iterator[str]:
    """Up to `limit` text pieces after `elem` in document order."""
    n = 0
    for node in elem.xpath("following::text()"):
        if _header_text(node):
            yield str(node)
            n += 1
            if n >= limit:
                return


def extract_page(html: str | bytes, url: str | None = None) -> Page:
    """Body, headline and metadata of one page; NoArticle when it holds no article."""
    tree = load_html(html)
    if tree is None:
        raise NoArticle("the page could not be parsed as HTML")
    meta = trafilatura.extract_metadata(tree, default_url=url, extensive=True)
    page = structured(tree)
    site = site_keys(meta.sitename, url or meta.url)
    title = headline(tree, page, meta.title, site)
    header = header_texts(tree, title, site)
    published = publication_date(tree, header, meta.date)
    names = authors(meta.author, header, tree, page, site)
    body = _body(tree, url)
    if len(body) < MIN_BODY_CHARS:
        raise NoArticle(f"no article text found (only {len(body)} characters of body)")
    paragraphs = tuple(p for p in (_squash(line) for line in body.splitlines()) if p)
    if title and paragraphs and _key(paragraphs[0]) == _key(title):
        paragraphs = paragraphs[1:]  # the headline, kept by trafilatura as the body's start
    return Page(
        title=title or paragraphs[0],
        paragraphs=paragraphs if title else paragraphs[1:],
        published=published,
        authors=names,
        sitename=meta.sitename,
        url=url or meta.url,
        language=_squash(tree.get("lang")) or None,
    )


def _body(tree: HtmlElement, url: str | None) -> str:
    """trafilatura's body in precision mode, unless that is under MIN_BODY_CHARS or keeps
    under PRECISE_SHARE of the words its balanced mode finds (it dropped the article); then
    the balanced mode's, else the recall mode's."""
    precise, balanced = _trafilatura(tree, url, "precision"), _trafilatura(tree, url, "balanced")
    if len(precise) >= MIN_BODY_CHARS and _words(precise) >= PRECISE_SHARE * _words(balanced):
        return precise
    if len(balanced) >= MIN_BODY_CHARS:
        return balanced
    return _trafilatura(tree, url, "recall") or balanced or precise


def _trafilatura(tree: HtmlElement, url: str | None, mode: str) -> str:
    """trafilatura's body text in one mode (precision, balanced, recall), comments left out."""
    text = trafilatura.extract(
        tree,
        url=url,
        include_comments=False,
        favor_precision=mode == "precision",
        favor_recall=mode == "recall",
    )
    return text or ""


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def page_input(
    page: Page,
    name: str,
    published: str | dt.date | None = None,
    known_residue: Collection[str] = frozenset(),
) -> Input:
    """The pipeline Input for a page; `published` (given by the caller) wins over the page's."""
    from newsgraph.pipeline import Input

    return Input(
        text=page.text,
        published=published or page.published,
        url=page.url,
        publisher=page.sitename,
        authors=page.authors,
        name=name,
        known_residue=known_residue,
    )


def read_html(
    html: str | bytes, url: str | None = None, published: str | dt.date | None = None
) -> Article:
    """Read one HTML page: extract it, then the same reading as for text."""
    from newsgraph.pipeline import read

    page = extract_page(html, url)
    item = page_input(page, url or "<html>", published)
    article = read(item.text, item.published, item.url, item.publisher)
    return dataclasses.replace(article, authors=page.authors)
