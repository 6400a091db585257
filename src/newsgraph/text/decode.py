"""Stage 1: turn input bytes into text, refuse what cannot be text (the language: `language`)."""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import re

import dateparser
from charset_normalizer import from_bytes

from newsgraph.errors import BinaryInput, ConfigError, EmptyInput, InputTooLarge
from newsgraph.settings import Settings

_CONTROL = {c for c in range(32)} - {9, 10, 12, 13}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
BYTES_PER_CHAR = 4
"""Inputs over max_chars × this many bytes are refused before decoding (UTF-8 needs ≤ 4)."""


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    return sum(ord(c) in _CONTROL for c in sample) > len(sample) * 0.05


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
    """Decode text of any common encoding (a BOM, then UTF-8, then detected); refuse binary.

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
    """Text as valid Unicode: a surrogate code point (half an emoji, from a broken JSON
    escape or a lossy scraper) becomes U+FFFD, as a decoder would make it; the length, and so
    every offset, stays."""
    return _SURROGATE.sub("\ufffd", text)


def check_text(text: str) -> None:
    """Refuse empty, binary-looking or over-large text (over `Settings.max_chars`)."""
    if not text.strip():
        raise EmptyInput("the input is empty")
    limit = Settings.from_env().max_chars
    if len(text) > limit:
        raise InputTooLarge(f"the input has {len(text):,} characters, over the limit of {limit:,}")
    if _looks_binary(text):
        raise BinaryInput("the input is binary (control characters), not text")


def parse_published(value: str | dt.date | None) -> str | None:
    """The publication date as ISO text (date, or datetime when a time is given), or None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    parsed: dt.datetime | None = dateparser.parse(
        value, settings={"RETURN_AS_TIMEZONE_AWARE": False}
    )
    if parsed is None:
        raise ConfigError(f"cannot read the publication date {value!r}")
    if parsed.time() == dt.time(0, 0):
        return parsed.date().isoformat()
    return parsed.isoformat()
