"""Documented settings, with their defaults. Environment variables override (NEWSGRAPH_*)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from newsgraph.errors import ConfigError


def _env_number(name: str, default: float) -> float:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {value!r}") from None
    if number < 0:
        raise ConfigError(f"{name} must not be negative, not {value!r}")
    return number


DEFAULT_MAX_CHARS = 1_000_000
DEFAULT_TIME_BUDGET = 60.0
DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Settings:
    """max_chars: largest article text read (NEWSGRAPH_MAX_CHARS, default 1,000,000 characters);
    larger inputs are rejected with the reason, as spaCy's own limit is 1,000,000.

    time_budget: seconds one input may take to be read — cleaned, parsed, its facts found —
    (NEWSGRAPH_TIME_BUDGET, default 60; 0 for none); past it the input is rejected with the
    stage it had reached, and the batch goes on.

    max_file_bytes: largest document held whole in memory — a JSON array, a feed, a
    decompressed .gz of one — (NEWSGRAPH_MAX_FILE_BYTES, default 256 MiB); JSON Lines and
    WARC files are streamed and have no such limit.
    """

    max_chars: int = DEFAULT_MAX_CHARS
    time_budget: float = DEFAULT_TIME_BUDGET
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            max_chars=int(_env_number("NEWSGRAPH_MAX_CHARS", DEFAULT_MAX_CHARS)),
            time_budget=_env_number("NEWSGRAPH_TIME_BUDGET", DEFAULT_TIME_BUDGET),
            max_file_bytes=int(_env_number("NEWSGRAPH_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES)),
        )
