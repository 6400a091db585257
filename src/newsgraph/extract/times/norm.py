"""Normalise one time expression to a TIMEX3 type, value and modifier against the DCT.

`normalise(text, context)` strips a modifier ("early", "mid-", "the end of", "about"), then
tries the rules of `rules` and the relative ones here (this/last/next unit, N units
ago, durations, clock times) in order; dateparser is the last resort for what no rule reads.
Results are cached: the same words in the same context normalise once.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from newsgraph.extract.times.calendar import (
    SEASONS,
    VAGUE_QUANTITY,
    iso_week,
    parse_number,
    quarter_of,
    shift_months,
)
from newsgraph.extract.times.periods import (
    previous_quarter,
    quarters,
    season,
    season_value,
    shift_quarter,
)
from newsgraph.extract.times.rules import (
    NO_DCT,
    Context,
    Normal,
    Rule,
    calendar_date,
    deictic,
    holiday,
    recurring,
    ref_words,
    weekday,
    years,
)

MODIFIERS = [
    (re.compile(r"(?:the )?(?:early|beginning of|start of|first part of)[- ]"), "early"),
    (re.compile(r"(?:the )?(?:mid|middle of)(?:[- ]|(?=\d))"), "mid"),
    (re.compile(r"(?:the )?(?:late|latter part of)[- ]"), "late"),
    (re.compile(r"(?:the )?end of "), "end"),
    (re.compile(r"(?:the )?(?:beginning|start) of "), "start"),
    (re.compile(r"(?:about|around|approximately|roughly|nearly|almost|close to|some) "), "approx"),
    (re.compile(r"(?:earlier|later|sometime|as early as|as late as|just|only) (?=\S)"), None),
    (re.compile(r"(?:more than|over|at least|longer than|less than|under|up to|no more than|"
                r"fewer than|within|only|just) "), None),
]  # fmt: skip

_UNITS = {"year": "Y", "month": "M", "week": "W", "day": "D", "decade": "DE", "century": "CE",
          "quarter": "Q", "hour": "TH", "minute": "TM", "second": "TS", "fortnight": "2W",
          "weekend": "WE", "night": "D", "summer": "SU", "winter": "WI", "spring": "SP",
          "fall": "FA", "autumn": "FA"}  # fmt: skip
_UNIT_RE = (
    r"(?:year|month|week|day|decade|centur(?:y|ie)|quarter|hour|minute|second|fortnight|"
    r"weekend|night)"
)


def _unit(word: str) -> str:
    return "century" if word.startswith("centur") else word


RELATIVE = re.compile(
    r"(?P<rel>this|last|next|the past|past|the coming|coming|the previous|previous|the following|"
    r"following|the current|current|earlier this|later this|the same|the prior|prior|this past)"
    rf" (?P<unit>{_UNIT_RE}|spring|summer|fall|autumn|winter|fiscal year)"
)
_OFFSETS = {"this": 0, "current": 0, "the current": 0, "earlier this": 0, "later this": 0,
            "the same": 0, "last": -1, "past": -1, "the past": -1, "previous": -1,
            "the previous": -1, "prior": -1, "the prior": -1, "this past": -1, "next": 1,
            "coming": 1, "the coming": 1, "following": 1, "the following": 1}  # fmt: skip


def relative_unit(s: str, ctx: Context) -> Normal | None:
    """this week / last year / next month / earlier this year / the past year (a duration)."""
    m = RELATIVE.fullmatch(s)
    if not m:
        return None
    rel, unit = m["rel"], _unit(m["unit"]).replace("fiscal year", "year")
    if rel in ("the past", "the coming", "the following") or (
        rel == "the previous" and unit in ("week", "day")
    ):
        return Normal("DURATION", f"P1{_UNITS[unit]}" if unit != "day" else "P1D")
    if unit in SEASONS:
        return season_value(unit, ctx, rel.split()[-1], None)
    if ctx.dct is None:
        return Normal("DATE", None, reason=NO_DCT, relative=True)
    offset, dct = _OFFSETS[rel], ctx.dct
    if unit == "day":
        return Normal("DATE", (dct + dt.timedelta(days=offset)).isoformat(), relative=True)
    if unit in ("week", "weekend"):
        week = iso_week(dct + dt.timedelta(weeks=offset))
        return Normal("DATE", week + ("-WE" if unit == "weekend" else ""), relative=True)
    if unit == "month":
        y, mo = shift_months(dct, offset)
        return Normal("DATE", f"{y}-{mo:02d}", relative=True)
    if unit == "quarter":
        current = f"{dct.year}-Q{quarter_of(dct)}"
        return Normal("DATE", shift_quarter(current, offset), relative=True)
    if unit == "decade":
        return Normal("DATE", str(dct.year // 10 + offset), relative=True)
    if unit == "century":
        return Normal("DATE", f"{dct.year // 100 + offset:02d}", relative=True)
    if unit == "year":
        return Normal("DATE", str(dct.year + offset), relative=True)
    return None


def weekend(s: str, ctx: Context) -> Normal:
    """ "the weekend": the coming one when the sentence looks ahead, else the last one."""
    if ctx.dct is None:
        return Normal("DATE", None, reason=NO_DCT, relative=True)
    ahead = ctx.direction > 0 or ctx.dct.weekday() >= 5
    day = ctx.dct if ahead else ctx.dct - dt.timedelta(days=ctx.dct.weekday() + 1)
    return Normal("DATE", iso_week(day) + "-WE", relative=True)


_NUM = r"(?:\d[\d,.]*|[a-z]+(?:[- ][a-z]+)?|a couple of|a few)"
SHIFTED = re.compile(
    rf"(?:(?P<n>{_NUM})[- ])?(?P<unit>{_UNIT_RE})s?[- ]"
    r"(?P<dir>ago|earlier|later|before|after|from now|hence|back|previously|on)"
)


def shifted(s: str, ctx: Context) -> Normal | None:
    """two weeks ago / a year earlier / year-ago / three days later: the DCT moved by N units.

    "A year earlier" in a document that named a fiscal quarter is that quarter a year before.
    """
    m = SHIFTED.fullmatch(s)
    if not m:
        return None
    unit, n_text, way = _unit(m["unit"]), m["n"] or "a", m["dir"]
    sign = -1 if way in ("ago", "earlier", "before", "back", "previously") else 1
    if any(w in VAGUE_QUANTITY for w in n_text.split()):
        return Normal("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    n = parse_number(n_text)
    if n is None or n != int(n):
        return None
    if ctx.dct is None:
        return Normal("DATE", None, reason=NO_DCT, relative=True)
    k, dct = sign * int(n), ctx.dct
    if unit == "year":
        quarter = ctx.quarter
        if quarter and k == -1:
            return Normal("DATE", shift_quarter(quarter, -4), relative=True)
        return Normal("DATE", str(dct.year + k), relative=True)
    if unit == "month":
        y, mo = shift_months(dct, k)
        return Normal("DATE", f"{y}-{mo:02d}", relative=True)
    if unit == "week":
        return Normal("DATE", iso_week(dct + dt.timedelta(weeks=k)), relative=True)
    if unit == "day":
        return Normal("DATE", (dct + dt.timedelta(days=k)).isoformat(), relative=True)
    if unit == "decade":
        return Normal("DATE", str(dct.year // 10 + k), relative=True)
    if unit == "quarter":
        base = previous_quarter(ctx) if sign < 0 else f"{dct.year}-Q{quarter_of(dct)}"
        return Normal("DATE", shift_quarter(base or "", k), relative=True) if base else None
    return None


YEAR_AGO = re.compile(r"(?:the )?year[- ](?:earlier|ago)(?: (?:period|quarter|level|results?))?")


def year_ago(s: str, ctx: Context) -> Normal | None:
    """year-earlier / the year-ago period: a year before the last named quarter (or the DCT)."""
    if not YEAR_AGO.fullmatch(s):
        return None
    if s.endswith("quarter") or ctx.quarter:
        base = previous_quarter(ctx)
        if base:
            return Normal("DATE", shift_quarter(base, -4), relative=True)
    if ctx.dct is None:
        return Normal("DATE", None, reason=NO_DCT, relative=True)
    return Normal("DATE", str(ctx.dct.year - 1), relative=True)


DURATION = re.compile(
    r"(?:the |a |an )?(?:(?:first|last|past|next|coming|previous|latest|final|remaining|following|"
    r"initial|entire|whole|full|additional|another|further|recent|better part of the|same|"
    r"preceding|succeeding|subsequent) )?"
    rf"(?:(?P<n>{_NUM}|a couple of|a few)[- ])?(?:(?P<half>and a half|1/2) )?"
    rf"(?P<unit>{_UNIT_RE})(?P<plural>s)?(?:[- ](?:long|period|span|stretch|term|run))?"
)


def duration(s: str, ctx: Context) -> Normal | None:
    """five years / the past three months / two-week / months (PXM) / a couple of years."""
    m = DURATION.fullmatch(s)
    if not m:
        return None
    unit = _unit(m["unit"])
    code = _UNITS[unit]
    if unit == "day" and not m["n"] and re.match(r"(?:the|this|that) ", s):
        return None
    if code == "WE":
        return weekend(s, ctx) if s.endswith("weekend") and m["n"] is None else Normal(
            "DURATION", "P2D")  # fmt: skip
    if unit == "second" and not m["n"]:
        return None
    n_text = (m["n"] or "").replace("a couple of", "couple")
    if n_text and any(w in VAGUE_QUANTITY for w in n_text.split()):
        amount = "X"
    elif n_text:
        n = parse_number(n_text)
        if n is None:
            return None
        amount = str(int(n)) if n == int(n) else str(n)
    else:
        amount = "X" if m["plural"] else "1"
    if code.startswith("T"):
        return Normal("DURATION", f"PT{amount}{code[1:]}")
    if code == "DE" and amount != "X":
        return Normal("DURATION", f"P{float(amount) * 10:g}Y")
    if code == "2W":
        return Normal("DURATION", f"P{int(amount) * 2}W" if amount.isdigit() else "PXW")
    return Normal("DURATION", f"P{amount}{code}")


CLOCK = re.compile(
    r"(?P<h>\d{1,2})(?:[:.](?P<min>\d\d))?\s*(?P<ap>[ap]\.?m\.?)(?: [a-z]{2,4}t)?|"
    r"(?P<h2>\d{1,2})[:.](?P<min2>\d\d)(?: [a-z]{2,4}t)?|(?P<word>noon|midday|midnight)|"
    r"(?P<h3>\d{1,2}) (?:o'clock )?in the (?P<part>morning|afternoon|evening)"
)


def clock(s: str, ctx: Context) -> Normal | None:
    """10:35 a.m. / 5 p.m. EST, Nov. 9 / noon Thursday / 4 in the morning → dayTHH:MM."""
    m = CLOCK.search(s)
    if not m:
        return None
    rest = (s[: m.start()] + " " + s[m.end() :]).strip(" ,")
    rest = re.sub(r"^(?:at|on|of)\s+|\s+(?:at|on|of)$", "", re.sub(r"\s+", " ", rest)).strip(" ,")
    if m["word"]:
        hour, minute = (24, 0) if m["word"] == "midnight" else (12, 0)
    else:
        hour = int(m["h"] or m["h2"] or m["h3"])
        minute = int(m["min"] or m["min2"] or 0)
        pm = (m["ap"] or "").startswith("p") or m["part"] in ("afternoon", "evening")
        if pm and hour < 12:
            hour += 12
        if (m["ap"] or "").startswith("a") and hour == 12:
            hour = 0
    if hour > 24 or minute > 59:
        return None
    day: str | None = ctx.day
    if rest:
        found = normalise(rest, ctx)
        if found.value is None or not re.fullmatch(r"\d{4}-\d\d-\d\d", found.value):
            return None if found.reason != NO_DCT else Normal("TIME", None, reason=NO_DCT)
        day = found.value
    elif day is None and ctx.dct is not None:
        day = ctx.dct.isoformat()
    if day is None:
        return Normal("TIME", None, reason=NO_DCT, relative=True)
    return Normal("TIME", f"{day}T{hour:02d}:{minute:02d}", relative=True)


RULES: tuple[Rule, ...] = (
    ref_words, deictic, recurring, calendar_date, years, weekday, holiday, quarters, season,
    year_ago, relative_unit, shifted, duration, clock,
)  # fmt: skip


def clean(text: str) -> str:
    """Lower case, straight apostrophes, single spaces, no edge punctuation or possessive."""
    s = text.lower().replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    s = re.sub(r"\s+", " ", s).strip(' ,;:!?"()[]')
    s = re.sub(r"(?<=[a-z])'s$", "", s)
    return s[:-1] if s.endswith(".") and not re.search(r"[ap]\.m\.$|\b[a-z]{3,4}\.$", s) else s


SPOKEN_YEAR = re.compile(
    r"\b(?P<c>nineteen|twenty) (?P<y>(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen)|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)\b|"
    r"\btwo thousand(?: and)?(?: (?P<z>one|two|three|four|five|six|seven|eight|nine|ten))?\b"
)
LEADING = re.compile(r"(?:the|a|an|its|their|his|her|our|that|those|these|both) ")
TRAILING = re.compile(r" (?:or so|or|ahead|and|as well|alone|too|already)$")
BARE_UNITS = {"year", "month", "week", "quarter", "decade", "day", "century", "fiscal year"}


def _spoken_year(m: re.Match[str]) -> str:
    if m["c"]:
        return str(int(parse_number(m["c"]) or 0) * 100 + int(parse_number(m["y"]) or 0))
    return str(2000 + int(parse_number(m["z"] or "zero") or 0))


def _apply(s: str, ctx: Context, modifier: str | None) -> Normal | None:
    for rule in RULES:
        found = rule(s, ctx)
        if found is not None:
            return Normal(found.type, found.value, modifier, found.reason, found.relative)
    return None


@lru_cache(maxsize=8192)
def normalise(text: str, ctx: Context) -> Normal:
    """The TIMEX3 reading of one expression; value None with a reason when none is found."""
    s = SPOKEN_YEAR.sub(_spoken_year, clean(text))
    modifier = None
    for pattern, name in MODIFIERS:
        m = pattern.match(s)
        if m and m.end() < len(s):
            rest = s[m.end() :]
            if name == "approx" and s.startswith("some ") and not re.match(r"[\d]|\w+ \w", rest):
                continue
            s, modifier = rest, name
            break
    if modifier in ("early", "mid", "late", "start", "end"):
        s = s[4:] if s.startswith("the ") else s
        s = f"this {s}" if s in BARE_UNITS else s
    found = _apply(s, ctx, modifier)
    if found is None:
        shorter = TRAILING.sub("", LEADING.sub("", s, count=1))
        found = _apply(shorter, ctx, modifier) if shorter != s else None
    return found or Normal("DATE", None, modifier, reason="not understood as a time")
