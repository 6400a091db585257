"""A page's publication day: the date printed around its headline, read with what the
page declares in its markup (`newsgraph.page.html` finds the header texts).

- the first date printed just before or after the headline, parsed by htmldate's own
  expression parser; an ambiguous 03/01/2017 is read in the order of the page's other
  numeric dates, or as the declared date when it is that date read the other way round;
- a day one off from a declared timestamp that a time zone (UTC-12 to UTC+14) puts on it
  is the declared day (the page prints its local day, the markup UTC);
- an "Updated" date is the page's date unless its `<head>` declares an earlier day (then
  JSON-LD `datePublished`, else htmldate's guess);
- no printed date: JSON-LD `datePublished`, else htmldate's guess.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterator

from htmldate.extractors import json_search, try_date_expr
from htmldate.utils import Extractor
from lxml.html import HtmlElement

_MIN_DATE = dt.datetime(1995, 1, 1)
_UPDATED = re.compile(r"\b(?:updated?|modified|edited|revised)\b", re.I)
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
_NUMERIC_FIELDS = re.compile(r"\b(\d{1,2})[./-](\d{1,2})[./-]\d{2,4}\b")
_STAMP = r"(T\d\d:\d\d(?::\d\d)?(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))"  # the time after a day


def _header_dates(texts: list[str], options: Extractor) -> Iterator[tuple[str, str]]:
    """Dates printed in the header texts, each with its text and the label before it
    ("Updated" in its own element, as many pages print it)."""
    for i, text in enumerate(texts):
        if 6 <= len(text) <= 80:
            found = try_date_expr(text, options.format, False, options.min, options.max)
            if found:
                label = texts[i - 1] if i and len(texts[i - 1]) <= 25 else ""
                yield found, f"{label} {text}"


def _swapped(day: str) -> str:
    """The same date with day and month read the other way round (3/4 vs 4/3)."""
    year, month, mday = day[:10].split("-")
    return f"{year}-{mday}-{month}"


def _month_first(tree: HtmlElement) -> bool:
    """Whether the page writes numeric dates month first (12/31/2024): some numeric date on
    it has a second field over 12 and none a first field over 12."""
    fields = _NUMERIC_FIELDS.findall(tree.text_content())
    return any(int(b) > 12 for a, b in fields) and not any(int(a) > 12 for a, b in fields)


def _day_month_order(found: str, text: str, tree: HtmlElement) -> str:
    """A date read from an ambiguous numeric text (03/01/2017) in the page's own order."""
    match = _NUMERIC_FIELDS.search(text)
    if match and max(int(match[1]), int(match[2])) <= 12 and found[5:7] != found[8:10]:
        month_first = found[5:7] == f"{int(match[1]):02d}"
        if month_first != _month_first(tree):
            return _swapped(found)
    return found


def _same_moment(tree: HtmlElement, days: Collection[str], declared: str) -> bool:
    """Whether one of `days` is the `declared` day itself, or its day in another time zone:
    the page declares a time on that day (`<meta>`, JSON-LD) that falls on it somewhere
    between UTC-12 and UTC+14 ("2021-12-10T02:17:00+00:00" is December 9 in New York)."""
    if declared in days:
        return True
    values = tree.xpath('//meta/@content|//script[@type="application/ld+json"]/text()')
    for value in values:
        for stamp in re.findall(re.escape(declared) + _STAMP, str(value)):
            try:
                moment = dt.datetime.fromisoformat(declared + stamp.replace("Z", "+00:00"))
            except ValueError:  # "T25:99"
                continue
            moment = moment.astimezone(dt.UTC)
            shifted = {(moment + dt.timedelta(hours=h)).date().isoformat() for h in range(-12, 15)}
            if shifted & set(days):
                return True
    return False


def _declared_in_head(tree: HtmlElement, day: str) -> bool:
    """Whether the page's `<head>` declares this day (a `<meta>` value or a JSON-LD
    script), as a publisher states its publication date, not a date deeper in the page."""
    head = tree.find("head")
    if head is None:
        return False
    values = [m.get("content") or "" for m in head.iter("meta")]
    values += [s.text or "" for s in head.iter("script")]
    return any(day in value for value in values)


def publication_date(tree: HtmlElement, header: list[str], fallback: str | None) -> str | None:
    """The publication day: the first date printed around the headline unless it is an
    update's and the `<head>` declares an earlier day, else JSON-LD datePublished, else
    htmldate's guess (`fallback`)."""
    latest = dt.datetime.now() + dt.timedelta(days=1)
    options = Extractor(True, latest, _MIN_DATE, True, "%Y-%m-%d")
    for found, text in _header_dates(header, options):
        readings = {found, _swapped(found)} if _NUMERIC_DATE.search(text) else {found}
        if fallback and found != fallback[:10] and _same_moment(tree, readings, fallback[:10]):
            return fallback  # day/month order or time zone settled by the machine-readable date
        found = _day_month_order(found, text, tree)
        if not (_UPDATED.search(text) and fallback and fallback[:10] < found):
            return found
        if not _declared_in_head(tree, fallback[:10]):
            return found  # the earlier day is no declared publication: the update is shown
        break
    return json_search(tree, options) or fallback
