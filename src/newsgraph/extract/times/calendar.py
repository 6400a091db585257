"""Calendar arithmetic for time normalisation: names, numbers, anchoring against the DCT.

Month and weekday names come from `calendar` and `dateutil`'s parser tables (no hand-written
month lists). Anchoring follows HeidelTime's news strategy: an underspecified date ("June",
"Tuesday", "the third quarter") is placed relative to the document creation time (DCT) in the
direction the sentence gives — past (-1), future (+1), or, when nothing says, the default the
caller picks.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dateutil.parser import parserinfo

_INFO = parserinfo()

MONTH_WORDS = sorted(
    {n.lower() for n in (*calendar.month_name[1:], *calendar.month_abbr[1:])} | {"sept"},
    key=len,
    reverse=True,
)
WEEKDAY_WORDS = [d.lower() for d in calendar.day_name]
MONTH_RE = r"(?:" + "|".join(MONTH_WORDS) + r")\.?"
WEEKDAY_RE = r"(?:" + "|".join(WEEKDAY_WORDS) + r")"

# Seasons as TIMEX3 codes with their first month (winter starts in December).
SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "fall": ("FA", 9), "autumn": ("FA", 9),
           "winter": ("WI", 12)}  # fmt: skip
PARTS_OF_DAY = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI",
                "tonight": "TNI", "overnight": "TNI"}  # fmt: skip
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4}  # fmt: skip

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen \
fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_WORDS: dict[str, float] = {w: float(i) for i, w in enumerate(_ONES)}
NUMBER_WORDS.update({w: float(10 * i) for i, w in enumerate(_TENS) if w != "_"})
NUMBER_WORDS.update({"a": 1.0, "an": 1.0, "couple": 2.0, "dozen": 12.0, "half": 0.5})
SCALES = {"hundred": 100.0, "thousand": 1000.0}
VAGUE_QUANTITY = frozenset({"few", "several", "many", "some", "numerous", "various", "multiple"})


def month_number(word: str) -> int | None:
    """1–12 for a month name or abbreviation ("Sept.", "august"), else None."""
    result = _INFO.month(word.rstrip(".").lower())
    return int(result) if result is not None else None


def weekday_number(word: str) -> int | None:
    """0 (Monday) – 6 for a weekday name, else None."""
    result = _INFO.weekday(word.rstrip(".").lower())
    return int(result) if result is not None else None


def parse_number(words: str) -> float | None:
    """The value of "24", "1,500", "twenty-four", "a couple of", "two hundred"; None if vague."""
    text = words.lower().replace(",", "").replace("-", " ").replace(" of", " ").strip()
    if not text:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    total, current = 0.0, 0.0
    for word in text.split():
        if word in ("a", "an") and current == 0:
            current = 1.0
        elif word == "and":
            continue
        elif word in NUMBER_WORDS:
            value = NUMBER_WORDS[word]
            current = value if current in (0.0, 1.0) and value >= 2 else current + value
        elif word in SCALES:
            total += max(current, 1.0) * SCALES[word]
            current = 0.0
        elif re.fullmatch(r"\d+(?:\.\d+)?", word):
            current += float(word)
        else:
            return None
    return total + current


def shift_months(day: dt.date, months: int) -> tuple[int, int]:
    """(year, month) `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def iso_week(day: dt.date) -> str:
    """TIMEX3 week value, e.g. 2020-W51."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def _pick(candidates: list[int], target: int, direction: int, reach: int | None = None) -> int:
    """The candidate closest to `target` on the side `direction` says (0: the nearest, ties to
    the past); beyond `reach` the tense is not trusted and the nearest wins."""
    nearest = min(candidates, key=lambda c: (abs(c - target), c > target))
    if direction < 0:
        chosen = max(c for c in candidates if c <= target)
    elif direction > 0:
        chosen = min(c for c in candidates if c >= target)
    else:
        return nearest
    return nearest if reach is not None and abs(chosen - target) > reach else chosen


def anchor_year(
    month: int,
    dct: dt.date,
    direction: int,
    period: int = 1,
    day: int | None = None,
    reach: int | None = None,
) -> int:
    """Year of a yearless month/day, or of a `period`-month span starting in `month` (a
    quarter, a season), seen from the DCT. A span holding the DCT is "now" either way; the
    tense's direction holds only within `reach` months."""
    years = (dct.year - 1, dct.year, dct.year + 1)
    if day is not None:
        keys = {y: dt.date(y, month, 1).toordinal() + day - 1 for y in years}
        chosen = _pick(list(keys.values()), dct.toordinal(), direction, reach and reach * 31)
        return next(y for y, k in keys.items() if k == chosen)
    else:
        target = dct.year * 12 + dct.month - 1
        keys = {y: y * 12 + month - 1 for y in years}
        for y, start in keys.items():
            if start <= target < start + period:
                return y
    chosen = _pick(list(keys.values()), target, direction, reach)
    return next(y for y, k in keys.items() if k == chosen)


def anchor_weekday(weekday: int, dct: dt.date, direction: int, strict: bool = False) -> dt.date:
    """The date of a weekday seen from the DCT: the last one (direction < 0) or the next.

    The DCT's own weekday is the DCT itself unless `strict` ("last Friday", "next Friday").
    """
    if direction > 0:
        ahead = (weekday - dct.weekday()) % 7
        return dct + dt.timedelta(days=ahead or (7 if strict else 0))
    back = (dct.weekday() - weekday) % 7
    return dct - dt.timedelta(days=back or (7 if strict else 0))


def valid_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def granularity_of(value: str | None, type_: str) -> str | None:
    """day | week | month | quarter | half | season | year | decade | century | time |
    duration | ref, read from a TIMEX3 value."""
    if value is None:
        return None
    if value.endswith("_REF"):
        return "ref"
    if type_ == "DURATION" or value.startswith("P"):
        return "duration"
    patterns = [
        (r"\d{4}-\d\d-\d\dT.*|T.*", "time"),
        (r"[\dX]{4}-\d\d-\d\d|XXXX-XX-XX", "day"),
        (r"[\dX]{4}-W[\dX]{2}(-.*)?", "week"),
        (r"[\dX]{4}-\d\d", "month"),
        (r"[\dX]{4}-Q[\dX]", "quarter"),
        (r"[\dX]{4}-H\d", "half"),
        (r"[\dX]{4}-(SP|SU|FA|WI)", "season"),
        (r"[\dX]{4}", "year"),
        (r"\d{3}", "decade"),
        (r"\d{2}", "century"),
    ]
    for pattern, name in patterns:
        if re.fullmatch(pattern, value):
            return name
    return None
