"""Stage 1: turn input bytes into text, refuse what cannot be text (the language: `language`)."""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import re

import dateparser
from charset_normalizer import from_bytes

from newsgraph.errors import BinaryInput, ConfigError, EmptyInput, InputTooLarge
from newsgraph.model import Residue
from newsgraph.settings import Settings

_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")  # C0 controls but tab, LF, FF, CR
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
BYTES_PER_CHAR = 4
"""Inputs over max_chars × this many bytes are refused before decoding (UTF-8 needs ≤ 4)."""


_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def wide_encoding(head: bytes) -> str | None:
    """"utf-16"/"utf-32" for text with such a byte order mark, "utf-16-le"/"utf-16-be" for
    UTF-16 without one (a NUL in most odd or most even bytes, none in the others); None for
    any other data."""
    for bom, encoding in _WIDE_BOMS:
        if head.startswith(bom):
            return encoding
    sample = head[:4096]
    even, odd = sample[0::2], sample[1::2]
    if len(odd) < 8:
        return None
    if odd.count(0) > len(odd) * 0.3 and not even.count(0):
        return "utf-16-le"
    if even.count(0) > len(even) * 0.3 and not odd.count(0):
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    return len(_CONTROL.findall(sample)) > len(sample) * 0.05


def _detect(data: bytes) -> str | None:
    """Decode with the encoding charset-normalizer finds; among equally clean single-byte
    readings prefer Windows-1252, the usual one for English news (£, curly quotes, dashes)."""
    matches = list(from_bytes(data[: 1 << 20]))
    if not matches:
        return None  # no encoding reads it as text
    least = min(m.chaos for m in matches)
    plausible = [m.encoding for m in matches if m.chaos <= least + 0.01]
    encoding = "cp1252" if "cp1252" in plausible else plausible[0]
    return data.decode(str(encoding), "replace")


def decode_bytes(data: bytes) -> str:
    """Decode text of any common encoding (a BOM, UTF-16 told by its NUL bytes, then UTF-8,
    then detected); refuse binary.

    Raises EmptyInput, InputTooLarge (over `Settings.max_chars` × BYTES_PER_CHAR bytes) or
    BinaryInput (NUL bytes or control characters that no text encoding explains).
    """
    if not data.strip():
        raise EmptyInput("the input is empty")
    limit = Settings.from_env().max_chars
    if len(data) > limit * BYTES_PER_CHAR:
        raise InputTooLarge(
            f"the input has {len(data):,} bytes, over the limit of {limit:,} characters"
        )
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            with contextlib.suppress(UnicodeDecodeError):
                text = data.decode(encoding)
            break
    wide = wide_encoding(data) if text is None else None
    if wide is not None:
        with contextlib.suppress(UnicodeDecodeError):
            text = data.decode(wide)
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _detect(data)
    if text is None or "\x00" in text[:8192] or _looks_binary(text):
        raise BinaryInput("the input is binary data, not text in any known encoding")
    if not text.strip():
        raise EmptyInput("the input is empty (white space only)")
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")


def repair_text(text: str) -> str:
    """Text as valid Unicode every store keeps alike: a surrogate code point (half an emoji,
    from a broken JSON escape or a lossy scraper) becomes U+FFFD, as a decoder would make it;
    a NUL character (padding after a crash, a `\\u0000` escape), which is no text and which
    PostgreSQL refuses, is dropped."""
    return _SURROGATE.sub("\ufffd", text).replace("\x00", "")


def check_text(text: str) -> None:
    """Refuse empty, binary-looking or over-large text (over `Settings.max_chars`)."""
    if not text.strip():
        raise EmptyInput("the input is empty")
    limit = Settings.from_env().max_chars
    if len(text) > limit:
        raise InputTooLarge(f"the input has {len(text):,} characters, over the limit of {limit:,}")
    if _looks_binary(text):
        raise BinaryInput("the input is binary (control characters), not text")


_ABSOLUTE = {
    "PARSERS": ["custom-formats", "absolute-time"],  # no "yesterday", "in 2 days", timestamps
    "REQUIRE_PARTS": ["day", "month", "year"],  # no "Feb 14" completed with this year
    "RETURN_AS_TIMEZONE_AWARE": False,
}
_LONGEST_DATE = 100  # characters: longer text is not a date (and dateparser would crawl)
UNREAD_DATE = "publication date not read: not an absolute date with day, month and year"
"""The residue reason of an input's date that is not an absolute date (see input_published)."""


def _absolute(value: str) -> str | None:
    """An absolute date (or datetime) as ISO text; None for anything else."""
    text = value.strip()
    try:
        parsed: dt.datetime | None = dt.datetime.fromisoformat(text)
    except ValueError:
        parsed = None
        if len(text) <= _LONGEST_DATE:
            try:
                parsed = dateparser.parse(text, settings=_ABSOLUTE)
            except (ValueError, OverflowError):
                parsed = None
    if parsed is None:
        return None
    return parsed.date().isoformat() if parsed.time() == dt.time(0) else parsed.isoformat()


def parse_published(value: str | dt.date | None) -> str | None:
    """A date the user gives (`--published`, `read(published=…)`, `--since`) as ISO text
    (a date, or a datetime when a time is given), or None for none.

    Only absolute dates are read — day, month and year. A word relative to today
    ("yesterday", "in 2 days") or a date without its year is a ConfigError: newsgraph
    never reads a date against the machine's clock.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    found = _absolute(str(value))
    if found is not None:
        return found
    hint = "give an absolute date with day, month and year, such as 2020-12-16"
    relative = len(value) <= _LONGEST_DATE and dateparser.parse(value) is not None
    if relative:
        raise ConfigError(
            f"the publication date {value!r} is relative to today or lacks its year: {hint}"
            " (newsgraph never reads a date against the machine's clock)"
        )
    raise ConfigError(f"cannot read the publication date {value!r}: {hint}")


def input_published(value: object) -> tuple[str | None, Residue | None]:
    """A date found in the input itself (a JSON field, a feed item), as ISO text; one that
    is not an absolute date ("N/A", "0", "in 2 days", "Feb 14", "2005-02-30") is missing:
    None, with the value as Residue saying why — the article is read without it."""
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.date):
        return parse_published(value), None
    found = _absolute(str(value))
    if found is None:
        line = " ".join(repair_text(str(value)).split())[:_LONGEST_DATE]
        return None, Residue(line, UNREAD_DATE)
    return found, None
