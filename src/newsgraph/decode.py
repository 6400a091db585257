"""Stage 1 and 3: turn input bytes into text, refuse what cannot be an English article."""

from __future__ import annotations

import datetime as dt

import dateparser
import py3langid
from charset_normalizer import from_bytes

from newsgraph.errors import BinaryInput, ConfigError, EmptyInput, InputTooLarge, NotEnglish
from newsgraph.settings import Settings

_CONTROL = {c for c in range(32)} - {9, 10, 12, 13}


def decode_bytes(data: bytes) -> str:
    """Decode text of any common encoding (UTF-8 first, then detected); refuse binary data."""
    if not data.strip():
        raise EmptyInput("the input is empty")
    if b"\x00" in data[:8192]:
        raise BinaryInput("the input is binary (it holds NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise BinaryInput("the input is not text in any known encoding") from None
        return str(best)


def check_text(text: str) -> None:
    """Refuse empty, binary-looking or over-large text."""
    if not text.strip():
        raise EmptyInput("the input is empty")
    limit = Settings.from_env().max_chars
    if len(text) > limit:
        raise InputTooLarge(f"the input has {len(text):,} characters, over the limit of {limit:,}")
    sample = text[:4096]
    if sum(ord(c) in _CONTROL for c in sample) > len(sample) * 0.05:
        raise BinaryInput("the input is binary (control characters), not text")


def check_language(text: str) -> str:
    """The language code of the text; NotEnglish when it is confidently another language."""
    lang, _score = py3langid.classify(text[:5000])
    if lang != "en" and len(text.split()) >= 5:
        raise NotEnglish(f"the text is in another language ({lang}); only English is read")
    return "en"


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
    parsed = dateparser.parse(value, settings={"RETURN_AS_TIMEZONE_AWARE": False})
    if parsed is None:
        raise ConfigError(f"cannot read the publication date {value!r}")
    if parsed.time() == dt.time(0, 0):
        return parsed.date().isoformat()
    return parsed.isoformat()
