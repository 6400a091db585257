"""Stored text read as typed values for export: ISO dates and times, TIMEX3 values as the
days they cover, JSON lists. Both stores keep these as text, so both export the same."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from typing import Any

_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def day(text: str | None) -> dt.date | None:
    """The day an ISO date or datetime names, as written (its own offset); None for none
    or for a partial or unreadable date."""
    if not text or not _DAY.match(text):
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def moment(text: str | None) -> dt.datetime | None:
    """An ISO datetime as an instant in UTC (one without an offset is taken as UTC); None
    for a bare date, which names no time of day."""
    if not text or len(text) <= 10 or not _DAY.match(text):
        return None
    try:
        found = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if found.tzinfo is None:
        return found.replace(tzinfo=dt.UTC)
    return found.astimezone(dt.UTC)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _covered(value: str) -> tuple[dt.date, dt.date] | None:
    if found := day(value):
        return found, found
    if m := re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", value):  # a week, or its weekend
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        first = monday + dt.timedelta(days=5 if m[3] else 0)
        return first, monday + dt.timedelta(days=6)
    if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
        year, month = int(m[1]), int(m[2])
        return dt.date(year, month, 1), _month_end(year, month)
    if m := re.fullmatch(r"(\d{4})-([QH])(\d)", value):
        year, months = int(m[1]), 3 if m[2] == "Q" else 6
        opens = (int(m[3]) - 1) * months + 1
        return dt.date(year, opens, 1), _month_end(year, opens + months - 1)
    if m := re.fullmatch(r"\d{2,4}", value):  # a year, a decade (201), a century (20)
        scale = 10 ** (4 - len(value))
        start = int(m[0]) * scale
        return dt.date(max(start, 1), 1, 1), dt.date(start + scale - 1, 12, 31)
    return None


def days_covered(value: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day a TIMEX3 value covers ("2020-12" → Dec 1 and 31, "2021-Q2",
    "2020-W51", "2020", "201" a decade); (None, None) for a duration, a reference
    ("PRESENT_REF"), a season or a value with unknown digits ("XXXX-06")."""
    if not value:
        return None, None
    try:
        return _covered(value) or (None, None)
    except ValueError:  # month 13, week 54: nothing a calendar holds
        return None, None


def as_list(value: Any) -> list[Any] | None:
    """A list column: the stores keep JSON text (SQLite) or give a list."""
    if value is None or isinstance(value, list):
        return value
    found = json.loads(value)
    if not isinstance(found, list):
        raise ValueError(f"not a JSON list: {value!r}")
    return found
