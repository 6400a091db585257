"""Normalisation rules for one time expression, HeidelTime-style, against the DCT.

Each rule takes the cleaned lower-case expression and a `Context` and returns a `Normal` or
None (not its pattern). Rules that need the publication date return value None with the
reason NO_DCT when it is missing; absolute dates and durations never need it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from dateutil.easter import easter
from dateutil.relativedelta import TH, relativedelta

from newsgraph.extract.times.calendar import (
    MONTH_RE,
    PARTS_OF_DAY,
    WEEKDAY_RE,
    anchor_weekday,
    anchor_year,
    month_number,
    parse_number,
    valid_date,
    weekday_number,
)

NO_DCT = "no publication date to resolve against"
# A yearless month follows the tense only this many months away; further, the nearest wins.
MONTH_REACH = 9


@dataclass(frozen=True, slots=True)
class Context:
    """What a relative expression is resolved against.

    direction: -1 past, +1 future, 0 unknown (from tense and cue words around the expression).
    day: the day a clock time hangs on (the last day named in the sentence), if any.
    quarter: the last fiscal quarter the document named ("1989-Q3"), for "the quarter".
    bounded: the expression is followed by "ended/ending <date>" ("the year ended March 31"),
    which makes "the year" a span of time rather than the current year.
    """

    dct: dt.date | None
    direction: int = 0
    day: str | None = None
    quarter: str | None = None
    bounded: bool = False


@dataclass(frozen=True, slots=True)
class Normal:
    """A normalised expression: TIMEX3 type and value, modifier, why unresolved."""

    type: str
    value: str | None
    modifier: str | None = None
    reason: str | None = None
    relative: bool = False


Rule = Callable[[str, Context], Normal | None]

PRESENT = re.compile(
    r"(?:right )?now|currently|current|at present|present|presently|nowadays|these days|"
    r"at the moment|the moment|the present|at this time|this time|the time being|today's|"
    r"(?:the )?current (?:period|time|year)"
)
PAST = re.compile(
    r"recently|recent|lately|previously|formerly|earlier|before|once|(?:in )?the past|past|"
    r"(?:(?:a )?(?:few|several|many|some) )?(?:years|months|weeks|days|decades) (?:ago|earlier)|"
    r"(?:some time|long|not long) ago"
)
FUTURE = re.compile(
    r"soon|(?:in )?the (?:near |distant )?future|future|eventually|later|shortly|someday|"
    r"(?:the )?future (?:years|months|weeks|days|decades|quarters)|"
    r"(?:a few|several) (?:years|months|weeks|days) (?:from now|hence)"
)


def ref_words(s: str, ctx: Context) -> Normal | None:
    """now / recently / in the future → PRESENT_REF / PAST_REF / FUTURE_REF."""
    for pattern, value in ((PRESENT, "PRESENT_REF"), (PAST, "PAST_REF"), (FUTURE, "FUTURE_REF")):
        if pattern.fullmatch(s):
            return Normal("DATE", value)
    return None


def _need(ctx: Context, type_: str) -> Normal | None:
    return None if ctx.dct else Normal(type_, None, reason=NO_DCT, relative=True)


_DAYWORD = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "overnight": 0}
DEICTIC = re.compile(
    r"(?:(?P<w1>today|tonight|yesterday|tomorrow|overnight)(?: (?P<p1>morning|afternoon|evening|"
    r"night))?|(?P<rel>this|last|tomorrow|yesterday|the) (?P<p2>morning|afternoon|evening|night)|"
    r"(?P<p3>morning|afternoon|evening|night) (?P<w3>today|yesterday|tomorrow)|"
    r"(?:the )?(?P<p4>morning|afternoon|evening))"
)


def deictic(s: str, ctx: Context) -> Normal | None:
    """today / yesterday / tonight / this morning / last night."""
    m = DEICTIC.fullmatch(s)
    if not m:
        return None
    word = m["w1"] or m["w3"] or {"last": "yesterday", "the": "today"}.get(m["rel"], m["rel"])
    part = m["p1"] or m["p2"] or m["p3"] or m["p4"]
    if m["p4"] or m["rel"] == "the":
        if ctx.day is None and ctx.dct is None:
            return Normal("TIME", None, reason=NO_DCT, relative=True)
        day_text = ctx.day or (ctx.dct.isoformat() if ctx.dct else "")
        return Normal("TIME", f"{day_text}{PARTS_OF_DAY[part]}", relative=True)
    if word in ("tonight", "overnight"):
        part = "night"
    if word == "this":
        word = "today"
    if word == "yesterday" and m["rel"] == "last" and part != "night":
        return None
    missing = _need(ctx, "TIME" if part else "DATE")
    if missing or ctx.dct is None:
        return missing
    day = ctx.dct + dt.timedelta(days=_DAYWORD[word])
    if part:
        return Normal("TIME", f"{day.isoformat()}{PARTS_OF_DAY[part]}", relative=True)
    return Normal("DATE", day.isoformat(), relative=True)


_SET_UNITS = {"day": "P1D", "daily": "P1D", "week": "P1W", "weekly": "P1W", "month": "P1M",
              "monthly": "P1M", "year": "P1Y", "yearly": "P1Y", "annually": "P1Y",
              "annual": "P1Y", "hour": "PT1H", "hourly": "PT1H", "quarter": "P3M",
              "quarterly": "P3M", "night": "P1D", "nightly": "P1D"}  # fmt: skip
SET = re.compile(
    rf"(?:every|each|per|a) (?P<unit>day|week|month|year|hour|quarter|night)|"
    r"(?P<adv>daily|weekly|monthly|yearly|annually|hourly|nightly)|"
    rf"(?:every|each) (?P<month>{MONTH_RE})|(?:every|each) (?P<wd>{WEEKDAY_RE})"
    r"(?: (?P<part>morning|afternoon|evening|night)s?)?|"
    rf"(?P<wds>{WEEKDAY_RE})s(?: (?P<parts>morning|afternoon|evening|night))?|"
    rf"(?P<wdp>{WEEKDAY_RE}) (?P<partp>morning|afternoon|evening|night)s"
)


def recurring(s: str, ctx: Context) -> Normal | None:
    """daily / every week / each July / Sundays / Tuesday nights → SET."""
    m = SET.fullmatch(s)
    if not m:
        return None
    if m["unit"] or m["adv"]:
        return Normal("SET", _SET_UNITS[m["unit"] or m["adv"]])
    if m["month"]:
        return Normal("SET", f"XXXX-{month_number(m['month']):02d}")
    wd = weekday_number(m["wd"] or m["wds"] or m["wdp"] or "")
    part = m["part"] or m["parts"] or m["partp"]
    code = PARTS_OF_DAY[part] if part else ""
    return Normal("SET", f"XXXX-WXX-{(wd or 0) + 1}{code}")


YEAR = r"(?:1[5-9]|20)\d\d"
EXPLICIT = [
    re.compile(rf"(?:{WEEKDAY_RE},? )?(?:(?P<rel>last|next|this) )?(?P<m>{MONTH_RE}) "
               rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
               rf"(?:,? (?P<y>{YEAR}))?"),
    re.compile(rf"(?:{WEEKDAY_RE},? )?(?:the )?(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?"
               rf"(?P<m>{MONTH_RE})(?:,? (?P<y>{YEAR}))?"),
    re.compile(rf"(?P<m>{MONTH_RE}),? (?:of )?(?P<y>{YEAR})"),
    re.compile(rf"(?:(?P<rel>this|last|next|this past|this coming|past|coming) )?"
               rf"(?P<m>{MONTH_RE})"),
    re.compile(r"(?P<y>\d{4})-(?P<m>\d\d)(?:-(?P<d>\d\d))?"),
]  # fmt: skip
NUMERIC = re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{2}|\d{4})")


def calendar_date(s: str, ctx: Context) -> Normal | None:
    """June 5, 2019 / 5 June / Aug. 2 / June 2019 / last June / 2019-06-05 / 06/05/2019."""
    num = NUMERIC.fullmatch(s)
    if num:
        year = int(num["y"]) + (1900 if len(num["y"]) == 2 and int(num["y"]) > 30 else 0)
        year += 2000 if year < 100 else 0
        day = valid_date(year, int(num["a"]), int(num["b"]))
        return Normal("DATE", day.isoformat()) if day else None
    for pattern in EXPLICIT:
        m = pattern.fullmatch(s)
        if m:
            break
    else:
        return None
    month = month_number(m["m"]) if not m["m"].isdigit() else int(m["m"])
    if month is None or not 1 <= month <= 12:
        return None
    groups = m.groupdict()
    day_text, year_text, rel = groups.get("d"), groups.get("y"), groups.get("rel")
    if year_text:
        year = int(year_text)
    else:
        if ctx.dct is None:
            return Normal("DATE", None, reason=NO_DCT, relative=True)
        direction = {"last": -1, "past": -1, "this past": -1, "next": 1, "coming": 1,
                     "this coming": 1}.get(rel or "", ctx.direction)  # fmt: skip
        day_number = int(day_text) if day_text else None
        if day_number is not None and not 1 <= day_number <= 31:
            return None
        reach = None if rel else MONTH_REACH
        year = anchor_year(month, ctx.dct, direction, day=day_number, reach=reach)
        if rel in ("last", "next") and year == ctx.dct.year and month == ctx.dct.month:
            year += -1 if rel == "last" else 1
    if day_text:
        day = valid_date(year, month, int(day_text))
        return Normal("DATE", day.isoformat(), relative=not year_text) if day else None
    return Normal("DATE", f"{year:04d}-{month:02d}", relative=not year_text)


YEARS = re.compile(
    rf"(?:(?:the )?(?:fiscal|calendar|model|school|academic|financial)(?: year)? |the year |fy ?)?"
    rf"(?P<y>{YEAR})(?: (?:fiscal )?year| period| season)?|(?P<full>the (?:full |fiscal |current |"
    r"calendar )?year)"
)
DECADE = re.compile(r"(?:the )?(?P<c>1[5-9]|20)?'?(?P<d>\d)0'?s")
DECADE_WORDS = re.compile(
    r"(?:the )?(?:(?P<c>nineteen|eighteen) )?(?P<d>twenties|thirties|forties|fifties|sixties|"
    r"seventies|eighties|nineties)"
)
CENTURY = re.compile(r"(?:the )?(?P<n>\d{1,2})(?:st|nd|rd|th) century")


def years(s: str, ctx: Context) -> Normal | None:
    """1998 / fiscal 1989 / the 1990s / the '80s / the 20th century."""
    m = YEARS.fullmatch(s)
    if m and m["full"] and ctx.bounded:
        return Normal("DURATION", "P1Y")
    if m and m["full"]:
        if ctx.dct is None:
            return Normal("DATE", None, reason=NO_DCT, relative=True)
        return Normal("DATE", str(ctx.dct.year), relative=True)
    if m:
        return Normal("DATE", m["y"])
    m = DECADE.fullmatch(s)
    if m:
        century = m["c"] or ("19" if int(m["d"]) >= 2 else "20")
        return Normal("DATE", f"{century}{m['d']}")
    m = DECADE_WORDS.fullmatch(s)
    if m:
        century = int(parse_number(m["c"] or "nineteen") or 19)
        tens = int(parse_number(m["d"][:-3] + "y") or 0) // 10
        return Normal("DATE", f"{century}{tens}")
    m = CENTURY.fullmatch(s)
    if m:
        return Normal("DATE", f"{int(m['n']) - 1:02d}")
    return None


WEEKDAY = re.compile(
    rf"(?:(?P<rel>last|next|this|this past|this coming|coming|past|previous) )?(?P<wd>{WEEKDAY_RE})"
    r"(?: (?P<part>morning|afternoon|evening|night))?"
)


def weekday(s: str, ctx: Context) -> Normal | None:
    """Tuesday / last Friday / next Monday / Friday morning: past unless the sentence says."""
    m = WEEKDAY.fullmatch(s)
    if not m:
        return None
    part = m["part"]
    type_ = "TIME" if part else "DATE"
    missing = _need(ctx, type_)
    if missing or ctx.dct is None:
        return missing
    rel = m["rel"] or ""
    direction = {"last": -1, "past": -1, "this past": -1, "previous": -1, "next": 1, "coming": 1,
                 "this coming": 1, "this": 1}.get(rel, ctx.direction or -1)  # fmt: skip
    day = anchor_weekday(weekday_number(m["wd"]) or 0, ctx.dct, direction, rel in ("last", "next"))
    code = PARTS_OF_DAY[part] if part else ""
    return Normal(type_, f"{day.isoformat()}{code}", relative=True)


HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "christmas": lambda y: dt.date(y, 12, 25),
    "christmas day": lambda y: dt.date(y, 12, 25),
    "christmas eve": lambda y: dt.date(y, 12, 24),
    "new year's day": lambda y: dt.date(y, 1, 1),
    "new year's eve": lambda y: dt.date(y, 12, 31),
    "easter": easter,
    "easter sunday": easter,
    "thanksgiving": lambda y: dt.date(y, 11, 1) + relativedelta(weekday=TH(4)),
    "thanksgiving day": lambda y: dt.date(y, 11, 1) + relativedelta(weekday=TH(4)),
    "independence day": lambda y: dt.date(y, 7, 4),
    "halloween": lambda y: dt.date(y, 10, 31),
}


def holiday(s: str, ctx: Context) -> Normal | None:
    """Christmas / Thanksgiving 1998 / Easter, placed like a month and day."""
    m = re.fullmatch(rf"(?P<h>[a-z' ]+?)(?:,? (?P<y>{YEAR}))?", s)
    if not m or m["h"] not in HOLIDAYS:
        return None
    rule = HOLIDAYS[m["h"]]
    if m["y"]:
        return Normal("DATE", rule(int(m["y"])).isoformat())
    if ctx.dct is None:
        return Normal("DATE", None, reason=NO_DCT, relative=True)
    this = rule(ctx.dct.year)
    year = anchor_year(this.month, ctx.dct, ctx.direction, day=this.day)
    return Normal("DATE", rule(year).isoformat(), relative=True)
