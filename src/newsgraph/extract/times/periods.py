"""Seasons, quarters and halves ("last summer", "the third quarter", "the latest quarter",
"H1"), normalised as `rules` normalises the other expressions, against the DCT."""

from __future__ import annotations

import re

from newsgraph.extract.times.calendar import ORDINALS, SEASONS, anchor_year, quarter_of
from newsgraph.extract.times.rules import NO_DCT, YEAR, Context, Normal

SEASON = re.compile(
    r"(?:(?P<rel>this|last|next|past|coming|early|late|mid)[- ])?(?:the )?"
    rf"(?P<s>spring|summer|fall|autumn|winter)(?:,? (?:of )?(?P<y>{YEAR}))?"
)


def season(s: str, ctx: Context) -> Normal | None:
    """this summer / last fall / the winter of 1994 / spring."""
    m = SEASON.fullmatch(s)
    if not m:
        return None
    rel = m["rel"] if m["rel"] not in ("early", "late", "mid") else None
    return season_value(m["s"], ctx, rel, m["y"])


def season_value(name: str, ctx: Context, rel: str | None, year: str | None) -> Normal:
    """YYYY-SU etc.: explicit year, or this/last/next, or by the sentence's direction."""
    code, start = SEASONS[name]
    if year:
        return Normal("DATE", f"{year}-{code}")
    if ctx.dct is None:
        return Normal("DATE", None, reason=NO_DCT, relative=True)
    direction = {"last": -1, "past": -1, "next": 1, "coming": 1, "this": 0}.get(
        rel or "", ctx.direction
    )
    y = anchor_year(start, ctx.dct, direction, period=3)
    now = anchor_year(start, ctx.dct, 0, period=3)
    holds_dct = y == now and (ctx.dct.year * 12 + ctx.dct.month - y * 12 - start) in range(3)
    if holds_dct and rel in ("last", "past", "next", "coming"):
        y += 1 if rel in ("next", "coming") else -1
    return Normal("DATE", f"{y}-{code}", relative=True)


def quarter_value(q: int, ctx: Context, year: int | None) -> Normal:
    """YYYY-Qn: explicit year, else the nearest such quarter in the sentence's direction
    (the past by default: news reports finished quarters)."""
    if year is not None:
        return Normal("DATE", f"{year}-Q{q}")
    if ctx.dct is None:
        return Normal("DATE", None, reason=NO_DCT, relative=True)
    y = anchor_year(3 * q - 2, ctx.dct, -1 if ctx.direction <= 0 else 0, period=3)
    return Normal("DATE", f"{y}-Q{q}", relative=True)


def shift_quarter(value: str, quarters: int) -> str:
    """1989-Q3 shifted by n quarters."""
    year, q = int(value[:4]), int(value[-1])
    index = year * 4 + q - 1 + quarters
    return f"{index // 4}-Q{index % 4 + 1}"


def previous_quarter(ctx: Context) -> str | None:
    """The quarter the document last named, else the one before the DCT's."""
    if ctx.quarter:
        return ctx.quarter
    if ctx.dct is None:
        return None
    return shift_quarter(f"{ctx.dct.year}-Q{quarter_of(ctx.dct)}", -1)


QUARTER = re.compile(
    r"(?:the )?(?P<ago>(?:comparable )?year[- ](?:earlier|ago) )?"
    rf"(?:(?:(?P<yrel>this year|last year|next year)|(?P<y1>{YEAR}))(?:'s)? )?"
    r"(?:the |its |their |a )?(?:(?:fiscal|calendar)[- ])?(?P<q>first|second|third|fourth|1st|2nd|"
    rf"3rd|4th)[- ](?:fiscal[- ])?(?P<unit>quarter|half)(?: (?:of|in) (?:fiscal )?(?:(?P<y2>"
    rf"{YEAR})|(?P<yrel2>this year|last year|next year)))?"
)
NAMED_QUARTER = re.compile(
    r"(?:the |its |this |that )?(?P<which>latest|most recent|current|same|year-earlier|year-ago|"
    r"year earlier|year ago|previous|prior|last|preceding|next|this|recent|comparable)?[- ]?"
    r"(?:fiscal )?(?P<unit>quarter|period)"
)


def quarters(s: str, ctx: Context) -> Normal | None:
    """the third quarter / fourth-quarter / this year's first quarter / the latest quarter."""
    m = QUARTER.fullmatch(s)
    if m:
        q = ORDINALS[m["q"]]
        rel = m["yrel"] or m["yrel2"]
        year = int(m["y1"] or m["y2"]) if (m["y1"] or m["y2"]) else None
        if rel and ctx.dct:
            year = ctx.dct.year + {"this year": 0, "last year": -1, "next year": 1}[rel]
        if m["unit"] == "half":
            h = min(q, 2)
            if year is not None:
                return Normal("DATE", f"{year}-H{h}")
            if ctx.dct is None:
                return Normal("DATE", None, reason=NO_DCT, relative=True)
            y = anchor_year(6 * h - 5, ctx.dct, ctx.direction or -1, 6)
            return Normal("DATE", f"{y}-H{h}", relative=True)
        found = quarter_value(q, ctx, year)
        if m["ago"] and found.value:
            return Normal("DATE", shift_quarter(found.value, -4), relative=True)
        return found
    m = re.fullmatch(rf"(?:the )?(?P<y>{YEAR}) (?:fiscal )?(?:quarter|period)", s)
    if m:
        base = previous_quarter(ctx)
        return Normal("DATE", f"{m['y']}-Q{base[-1]}" if base else m["y"], relative=True)
    m = NAMED_QUARTER.fullmatch(s)
    latest = m is not None and m["which"] in ("latest", "most recent")
    if not m or (m["unit"] == "period" and not (m["which"] and (ctx.quarter or latest))):
        return None
    if ctx.dct is None:
        return Normal("DATE", None, reason=NO_DCT, relative=True)
    current = f"{ctx.dct.year}-Q{quarter_of(ctx.dct)}"
    which = m["which"] or ""
    base = previous_quarter(ctx) or current
    value = {
        "current": current, "this": current, "next": shift_quarter(current, 1),
        "previous": shift_quarter(base, -1), "prior": shift_quarter(base, -1),
        "preceding": shift_quarter(base, -1), "last": shift_quarter(current, -1),
        "year-earlier": shift_quarter(base, -4), "year-ago": shift_quarter(base, -4),
        "year earlier": shift_quarter(base, -4), "year ago": shift_quarter(base, -4),
    }.get(which, base)  # fmt: skip
    return Normal("DATE", value, relative=True)
