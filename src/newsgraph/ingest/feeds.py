"""URLs and RSS/Atom feeds: the only module of newsgraph that uses the network.

`Fetcher` gets one URL at a time with httpx: a timeout, a size limit (the download stops
past it), robots.txt obeyed as RFC 9309 says, parsed by Protego (Scrapy's parser: `*` and
`$` patterns, the longest match wins; a 4xx robots.txt allows everything, an unreachable one
allows nothing), and a polite pause between two requests to the same host: the longer of
NEWSGRAPH_FETCH_DELAY and the site's own Crawl-delay. Settings come from the environment:
NEWSGRAPH_FETCH_TIMEOUT (seconds, default 20), NEWSGRAPH_FETCH_MAX_BYTES (default
10,000,000), NEWSGRAPH_FETCH_DELAY (seconds between requests to one host, default 1). A
network error, an HTTP 404, 408, 429 or 5xx is `retryable`: the next ingest tries again.

A feed (feedparser) yields one input per item, named by the item's link (a second item with
the same link: `LINK#item-N`): the item's own full content when it carries the article
(`content:encoded`, Atom `content`, at least FULL_CONTENT_WORDS words), else the linked
page, fetched. The page's date wins, then the item's, then the one given by the caller.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx
from protego import Protego

from newsgraph import __version__
from newsgraph.errors import InputError
from newsgraph.ingest.html import read_page
from newsgraph.ingest.text import rejection
from newsgraph.model import Rejection
from newsgraph.pipeline import Input
from newsgraph.text.decode import wide_encoding

FULL_CONTENT_WORDS = 150
RETRY_STATUS = frozenset({404, 408, 429}) | frozenset(range(500, 600))
_ALLOW_ALL = Protego.parse("")
_DENY_ALL = Protego.parse("User-agent: *\nDisallow: /")
_TAG = re.compile(r"<[^>]+>")
_XML_ENCODING = re.compile(rb"""encoding=["'][^"']*["']""")
USER_AGENT = f"newsgraph/{__version__} (+https://pypi.org/project/newsgraph/)"


class FetchError(InputError):
    """A URL could not be fetched (network error, HTTP error, too large, robots.txt);
    `retryable` when trying again later may work (network error, HTTP 404/408/429/5xx)."""

    stage = "fetch"

    def __init__(self, message: str, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how far newsgraph fetches."""

    timeout: float = 20.0
    max_bytes: int = 10_000_000
    delay: float = 1.0
    user_agent: str = USER_AGENT

    @classmethod
    def from_env(cls) -> FetchPolicy:
        env = os.environ
        return cls(
            timeout=float(env.get("NEWSGRAPH_FETCH_TIMEOUT", cls.timeout)),
            max_bytes=int(env.get("NEWSGRAPH_FETCH_MAX_BYTES", cls.max_bytes)),
            delay=float(env.get("NEWSGRAPH_FETCH_DELAY", cls.delay)),
        )


@dataclass
class Fetcher:
    """One HTTP client with its robots.txt cache and the time of each host's last request."""

    policy: FetchPolicy = field(default_factory=FetchPolicy.from_env)
    _client: httpx.Client | None = None
    _robots: dict[str, Protego] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)
    _unreachable: set[str] = field(default_factory=set)  # origins whose robots.txt failed

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                timeout=self.policy.timeout,
                follow_redirects=True,
                headers={"User-Agent": self.policy.user_agent},
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _wait(self, host: str, origin: str | None = None) -> None:
        robots = self._robots.get(origin) if origin else None
        crawl_delay = (robots.crawl_delay(self.policy.user_agent) if robots else None) or 0
        delay = max(self.policy.delay, float(crawl_delay))
        pause = self._last.get(host, -1e9) + delay - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        self._last[host] = time.monotonic()

    def _get(self, url: str) -> tuple[int, bytes]:
        parts = urlsplit(url)
        self._wait(parts.netloc, f"{parts.scheme}://{parts.netloc}")
        data = bytearray()
        with self.client.stream("GET", url) as response:
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) > self.policy.max_bytes:
                    raise FetchError(f"{url} is larger than {self.policy.max_bytes:,} bytes")
            return response.status_code, bytes(data)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets newsgraph fetch `url`."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            try:
                status, body = self._get(urljoin(origin, "/robots.txt"))
            except (httpx.HTTPError, FetchError):
                status, body = 503, b""
            if 400 <= status < 500:
                robots = _ALLOW_ALL  # no robots.txt: everything allowed
            elif status >= 500:
                robots = _DENY_ALL  # unreachable: nothing allowed, for now
                self._unreachable.add(origin)
            else:
                robots = Protego.parse(body.decode("utf-8", "replace"))
            self._robots[origin] = robots
        return bool(self._robots[origin].can_fetch(url, self.policy.user_agent))

    def fetch(self, url: str) -> bytes:
        """The body of `url`; FetchError when it cannot or may not be fetched."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(f"{url}: only http and https URLs are fetched")
        if not self.allowed(url):
            parts = urlsplit(url)
            if f"{parts.scheme}://{parts.netloc}" in self._unreachable:
                raise FetchError(f"{url}: robots.txt cannot be fetched (nothing is, then)", True)
            raise FetchError(f"{url}: robots.txt does not allow fetching it")
        try:
            status, body = self._get(url)
        except httpx.HTTPError as err:
            raise FetchError(f"{url}: {type(err).__name__}: {err}", retryable=True) from err
        if status >= 400:
            raise FetchError(f"{url}: HTTP status {status}", retryable=status in RETRY_STATUS)
        return body


def _entry_date(entry: feedparser.FeedParserDict) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def _full_content(entry: feedparser.FeedParserDict) -> str | None:
    """The item's HTML when it carries the whole article, as a page newsgraph can read."""
    contents = entry.get("content") or []
    html = max((c.get("value", "") for c in contents), key=len, default="")
    if len(_TAG.sub(" ", html).split()) < FULL_CONTENT_WORDS:
        return None
    title = escape(entry.get("title", ""))
    head = f"<head><title>{title}</title></head>"
    return f"<html>{head}<body><article><h1>{title}</h1>{html}</article></body></html>"


def iter_feed(
    data: bytes, name: str, published: str | None, fetcher: Fetcher
) -> Iterator[Input | Rejection]:
    """One input per feed item, in feed order."""
    wide = wide_encoding(data)
    if wide is not None:  # UTF-16/32: as UTF-8, its declaration saying so
        data = _XML_ENCODING.sub(b'encoding="utf-8"', data.decode(wide, "replace").encode(), 1)
    feed = feedparser.parse(data)
    if not feed.entries:
        problem = feed.get("bozo_exception") or "no items"
        yield Rejection(name, "ingest", "EmptyFeed", f"the feed has no items ({problem})")
        return
    names: set[str] = set()
    for number, entry in enumerate(feed.entries, start=1):
        link = entry.get("link")
        item_name = link or entry.get("id") or f"{name}#item-{number}"
        if item_name in names:  # another item with the same link is another input
            item_name = f"{item_name}#item-{number}"
        names.add(item_name)
        dated = _entry_date(entry) or published
        page = _full_content(entry)
        if page is not None:
            yield read_page(page.encode("utf-8"), item_name, url=link, published=dated)
            continue
        if not link:
            yield Rejection(item_name, "ingest", "NoText", "the item has neither content nor link")
            continue
        try:
            body = fetcher.fetch(link)
        except FetchError as err:
            yield rejection(item_name, err)
            continue
        yield read_page(body, item_name, url=link, published=dated)
